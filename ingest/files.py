"""Reading landing files as tables of text cells, the way office files really look.

Owns: CSV delimiter and encoding detection, XLSX title rows, loose header matching, dropping
private columns before anything else sees them, blank rows, and telling total rows
(`JUMLAH`/`TOTAL`) from data rows. Everything returned is text (or a date/number object for
XLSX cells); parsing into types is `ingest.parse`'s job.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SUPPORTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
PII_PATTERN = re.compile(r"^(nama|nik|alamat|nohp|telepon|telp|hp|email|namaibu|namaayah)")
TOTAL_LABEL = re.compile(r"^\s*(jumlah|total|grand\s*total)\b", re.IGNORECASE)
HEADER_SCAN_ROWS = 30
CHUNK_ROWS = 200_000


class FileRejected(Exception):
    """The file cannot be read as the source's table at all; nothing of it is loaded."""


def normalise_header(name: object) -> str:
    """`No. Registrasi` → `noregistrasi`; case, spaces, `_`, `.`, `/` and `-` do not count."""
    return re.sub(r"[\s_./\-()]+", "", str(name or "")).lower()


def is_private_column(name: object) -> bool:
    return bool(PII_PATTERN.match(normalise_header(name)))


@dataclass
class Header:
    """Where each wanted column sits in the file, and what the file held besides."""

    columns: dict[str, int]  # canonical column name -> position in the file row
    header_row: int  # 1-based line/row number of the header in the file
    private_dropped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


@dataclass
class Chunk:
    """Data rows of one slice of a file: text cells under canonical names + file row numbers."""

    frame: pd.DataFrame  # canonical columns, plus `_row` (1-based row number in the file)
    total_rows: pd.DataFrame  # rows labelled JUMLAH/TOTAL, same shape, not data


def match_header(
    cells: list[object], aliases: dict[str, str], required: set[str], file_name: str
) -> Header | None:
    """Map the cells of a candidate header row to canonical names, or None if it is not one."""
    columns: dict[str, int] = {}
    duplicated: list[str] = []
    private: list[str] = []
    ignored: list[str] = []
    for position, cell in enumerate(cells):
        key = normalise_header(cell)
        if not key:
            continue
        if is_private_column(cell):
            private.append(str(cell).strip())
            continue
        canonical = aliases.get(key)
        if canonical is None:
            ignored.append(str(cell).strip())
        elif canonical in columns:
            duplicated.append(str(cell).strip())
        else:
            columns[canonical] = position
    if not required & columns.keys() or len(required & columns.keys()) < min(2, len(required)):
        return None
    missing = sorted(required - columns.keys())
    if missing:
        raise FileRejected(
            f"{file_name}: required column(s) missing: {', '.join(missing)} "
            f"(header found on row {{row}}: {', '.join(str(c) for c in cells if c)})"
        )
    if duplicated:
        raise FileRejected(
            f"{file_name}: the header names the same column twice: {', '.join(duplicated)}"
        )
    return Header(columns=columns, header_row=0, private_dropped=private, ignored=ignored)


def _find_header(
    rows: Iterator[list[object]], aliases: dict[str, str], required: set[str], file_name: str
) -> tuple[Header, int]:
    for number, cells in enumerate(rows, start=1):
        try:
            header = match_header(cells, aliases, required, file_name)
        except FileRejected as error:
            raise FileRejected(str(error).replace("{row}", str(number))) from None
        if header is not None:
            header.header_row = number
            return header, number
        if number >= HEADER_SCAN_ROWS:
            break
    wanted = ", ".join(sorted(required))
    raise FileRejected(
        f"{file_name}: no header row found in the first {HEADER_SCAN_ROWS} rows "
        f"(expected columns: {wanted})"
    )


def detect_encoding(raw: bytes, file_name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in raw[:4096]:
        raise FileRejected(f"{file_name}: binary data, not a CSV text file")
    try:
        raw.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as error:
        # A cut in the middle of a multi-byte character at the end is still UTF-8.
        if error.start >= len(raw) - 3 and raw[: error.start].decode("utf-8", "ignore"):
            return "utf-8-sig"
        return "cp1252"


def detect_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:HEADER_SCAN_ROWS] if line.strip()]
    best, best_score = ",", -1
    for delimiter in (";", ",", "\t", "|"):
        counts = [line.count(delimiter) for line in lines]
        score = max(counts, default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _is_blank_row(cells: list[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _is_total_row(cells: list[object]) -> bool:
    for cell in cells[:4]:
        if isinstance(cell, str) and cell.strip():
            return bool(TOTAL_LABEL.match(cell))
    return False


def _frame(records: list[list[object]], numbers: list[int], header: Header) -> pd.DataFrame:
    data = {
        name: [cells[pos] if pos < len(cells) else None for cells in records]
        for name, pos in header.columns.items()
    }
    frame = pd.DataFrame(data, dtype=object)
    frame["_row"] = numbers
    return frame


def _chunks(
    rows: Iterator[tuple[int, list[object]]], header: Header, chunk_rows: int
) -> Iterator[Chunk]:
    records: list[list[object]] = []
    numbers: list[int] = []
    totals: list[list[object]] = []
    total_numbers: list[int] = []
    for number, cells in rows:
        if _is_blank_row(cells):
            continue
        if _is_total_row(cells):
            totals.append(cells)
            total_numbers.append(number)
            continue
        records.append(cells)
        numbers.append(number)
        if len(records) >= chunk_rows:
            yield Chunk(_frame(records, numbers, header), _frame(totals, total_numbers, header))
            records, numbers, totals, total_numbers = [], [], [], []
    yield Chunk(_frame(records, numbers, header), _frame(totals, total_numbers, header))


def _csv_rows(path: Path) -> tuple[Iterator[list[object]], io.TextIOBase]:
    raw = path.read_bytes()[:65536]
    if not raw.strip():
        raise FileRejected(f"{path.name}: the file is empty")
    encoding = detect_encoding(raw, path.name)
    handle = open(path, encoding=encoding, errors="replace", newline="")  # noqa: SIM115
    sample = handle.read(65536)
    handle.seek(0)
    delimiter = detect_delimiter(sample)
    return csv.reader(handle, delimiter=delimiter), handle


def _excel_cell(value: object) -> object:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _xlsx_rows(path: Path) -> tuple[Iterator[list[object]], object]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileRejected(f"{path.name}: not a readable XLSX workbook ({error})") from None
    sheet = book.worksheets[0]
    rows = ([_excel_cell(value) for value in row] for row in sheet.iter_rows(values_only=True))
    return rows, book


def read_chunks(
    path: Path,
    aliases: dict[str, str],
    required: set[str],
    chunk_rows: int = CHUNK_ROWS,
) -> tuple[Header, Iterator[Chunk]]:
    """Open a landing file, find its header, and stream its data rows in chunks.

    `aliases` maps normalised header names to canonical column names. Private columns are
    never read into the returned frames. Raises `FileRejected` for a file that is not a table
    of this source.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileRejected(f"{path.name}: not a CSV or XLSX file")
    if suffix in (".xlsx", ".xlsm"):
        rows, closer = _xlsx_rows(path)
    else:
        rows, closer = _csv_rows(path)
    numbered = enumerate(rows, start=1)
    try:
        header, _ = _find_header((cells for _, cells in numbered), aliases, required, path.name)
    except (csv.Error, UnicodeError) as error:
        closer.close()
        raise FileRejected(f"{path.name}: not a readable table ({error})") from None
    except FileRejected:
        closer.close()
        raise

    def generate() -> Iterator[Chunk]:
        try:
            yield from _chunks(numbered, header, chunk_rows)
        except csv.Error as error:
            raise FileRejected(f"{path.name}: broken CSV ({error})") from None
        finally:
            closer.close()

    return header, generate()
