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
import itertools
import re
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from schemas.spec import normalise_header

SUPPORTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
PII_PATTERN = re.compile(r"^(nama|nik|alamat|nohp|telepon|telp|hp|email|namaibu|namaayah)")
TOTAL_LABEL = re.compile(r"^\s*(jumlah|total|grand\s*total)\b", re.IGNORECASE)
HEADER_SCAN_ROWS = 30
ROW_NUMBER_HEADERS = {"no", "nomor", "nourut", "urut"}  # a row counter, not data
CHUNK_ROWS = 200_000


class FileRejected(Exception):
    """The file cannot be read as the source's table at all; nothing of it is loaded."""


def is_private_column(name: object) -> bool:
    return bool(PII_PATTERN.match(normalise_header(name)))


@dataclass
class Header:
    """Where each wanted column sits in the file, and what the file held besides."""

    columns: dict[str, int]  # canonical column name -> position in the file row
    header_row: int  # 1-based line/row number of the header in the file (its last row)
    private_dropped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    width: int = 0  # cells up to the last named one: a CSV data row must have this many
    cells: int = 0  # cells in the header row as written (the columnar reader's row width)


@dataclass
class Chunk:
    """Data rows of one slice of a file: text cells under canonical names + file row numbers."""

    frame: pd.DataFrame  # canonical columns, plus `_row` (1-based row number in the file)
    total_rows: pd.DataFrame  # rows labelled JUMLAH/TOTAL, same shape, not data
    broken_rows: list[tuple[int, str]] = field(default_factory=list)  # (row, reason): no data


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
            if key not in ROW_NUMBER_HEADERS:
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
    named = [position for position, cell in enumerate(cells) if normalise_header(cell)]
    return Header(columns=columns, header_row=0, private_dropped=private, ignored=ignored,
                  width=max(named) + 1, cells=len(cells))


def merge_header_rows(
    upper: list[object], lower: list[object], aliases: dict[str, str]
) -> list[object]:
    """One header out of two rows with merged cells: `Korban` spanning `Nama | Kategori`
    reads as `Nama Korban | Kategori Korban`; a name merged down over both rows stays."""
    merged: list[object] = []
    spanning = ""
    for position in range(max(len(upper), len(lower))):
        top = upper[position] if position < len(upper) else None
        below = lower[position] if position < len(lower) else None
        if normalise_header(top):
            spanning = str(top).strip()
        if not normalise_header(below):
            merged.append(top)
            continue
        candidates = [str(below).strip(), f"{below} {spanning}", f"{spanning} {below}"]
        known = [name for name in candidates if normalise_header(name) in aliases
                 or is_private_column(name)]
        merged.append(known[0] if known else candidates[0])
    return merged


def _find_header(
    numbered: Iterator[tuple[int, list[object]]], aliases: dict[str, str], required: set[str],
    file_name: str,
) -> Header:
    """The header row; when a row names some but not all required columns, the row below
    may complete it (a two-row header with merged cells)."""
    incomplete: tuple[list[object], str] | None = None
    for number, cells in numbered:
        if incomplete is not None:
            upper, problem = incomplete
            try:
                header = match_header(merge_header_rows(upper, cells, aliases), aliases,
                                      required, file_name)
            except FileRejected:
                header = None
            if header is None:
                raise FileRejected(problem)
            header.header_row = number
            return header
        try:
            header = match_header(cells, aliases, required, file_name)
        except FileRejected as error:
            incomplete = (cells, str(error).replace("{row}", str(number)))
            continue
        if header is not None:
            header.header_row = number
            return header
        if number >= HEADER_SCAN_ROWS:
            break
    if incomplete is not None:
        raise FileRejected(incomplete[1])
    wanted = ", ".join(sorted(required))
    raise FileRejected(
        f"{file_name}: no header row found in the first {HEADER_SCAN_ROWS} rows "
        f"(expected columns: {wanted})"
    )


def detect_encoding(raw: bytes, file_name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = raw[:4096]
    if b"\x00" in head:
        # UTF-16 without a byte-order mark: every other byte of Latin text is zero.
        half = len(head) // 2
        if head[1::2].count(0) > 0.9 * half:
            return "utf-16-le"
        if head[0::2].count(0) > 0.9 * half:
            return "utf-16-be"
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
    """The delimiter that splits the most rows into the same number (> 1) of cells; quoted
    values count as one cell, so `"Fisik; Psikis"` or a comma-pasted row do not mislead."""
    text = sample[: sample.rfind("\n") + 1] or sample
    best, best_score = ",", (0, 0)
    for delimiter in (";", ",", "\t", "|"):
        try:
            rows = itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), 200)
            widths = Counter(len(row) for row in rows if any(cell.strip() for cell in row))
        except csv.Error:
            continue
        score = max(((count, width) for width, count in widths.items() if width > 1),
                    default=(0, 0))
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


def broken_row_reason(
    cells: list[object], width: int, line: str = "", delimiter: str = ""
) -> str | None:
    """Why a CSV row cannot be read cell by cell, or None: it must reach the header's last
    named column and hold nothing beyond the header's cells. `line` is the row as written."""
    filled = len(cells)
    while filled and _is_blank_row(cells[filled - 1:filled]):
        filled -= 1
    if len(cells) >= width and filled <= width:
        return None
    for other in (";", ",", "\t", "|"):
        if line and other != delimiter and "\n" not in line.rstrip("\r\n") and len(
                next(csv.reader([line.rstrip("\r\n")], delimiter=other))) == width:
            shown = {"\t": "tab"}.get(other, f"'{other}'")
            return (f"the row has {len(cells)} cells where the header has {width}: it is "
                    f"separated by {shown}, the rest of the file by '{delimiter}'")
    if any("\n" in cell for cell in cells if isinstance(cell, str)):
        return (f"the row has {len(cells)} cells where the header has {width}: an unclosed "
                "quote (\") swallowed the lines after it")
    if any('"' in cell for cell in cells if isinstance(cell, str)):
        return (f"the row has {len(cells)} cells where the header has {width}: a stray quote "
                "(\") joined cells together")
    if len(cells) < width:
        return (f"the row has {len(cells)} cells where the header has {width}: the line is cut "
                "short (a truncated file?) or uses another delimiter")
    return (f"the row has {filled} cells where the header has {width}: a value holds the "
            "delimiter without quotes, or the row uses another delimiter")


def _chunks(
    rows: Iterator[tuple[int, list[object]]], header: Header, chunk_rows: int,
    strict_width: bool = False, raw_line: Callable[[], tuple[str, str]] | None = None,
) -> Iterator[Chunk]:
    records: list[list[object]] = []
    numbers: list[int] = []
    totals: list[list[object]] = []
    total_numbers: list[int] = []
    broken: list[tuple[int, str]] = []
    for number, cells in rows:
        if _is_blank_row(cells):
            continue
        if strict_width and (reason := broken_row_reason(
                cells, header.width, *(raw_line() if raw_line else ("", "")))):
            broken.append((number, reason))
            continue
        if _is_total_row(cells):
            totals.append(cells)
            total_numbers.append(number)
            continue
        records.append(cells)
        numbers.append(number)
        if len(records) >= chunk_rows:
            yield Chunk(_frame(records, numbers, header), _frame(totals, total_numbers, header),
                        broken)
            records, numbers, totals, total_numbers, broken = [], [], [], [], []
    yield Chunk(_frame(records, numbers, header), _frame(totals, total_numbers, header), broken)


def _columnar_prefix_ok(header: Header, tap: _LineTap) -> bool:
    """The columnar reader counts lines, the careful one records: they agree on row numbers
    only in a UTF-8 file whose rows down to the header were one line each."""
    return (tap.encoding == "utf-8-sig" and header.cells >= header.width
            and tap.lines_read == header.header_row)


def _columnar_chunks(
    path: Path, delimiter: str, header: Header, chunk_rows: int
) -> Generator[Chunk, None, int | None]:
    """Data rows read column by column by Arrow's CSV reader, in chunks like `_chunks`.

    It takes a file only while every line is one row of exactly the header's cells in
    valid UTF-8 with nothing filled beyond the last named column. At the first line that is
    not, it stops after the rows it has vouched for and returns the number of the last row
    it consumed, so the careful reader (which explains broken rows) goes on from the next;
    it returns None when it read the whole file.
    """
    names = [f"c{position}" for position in range(header.cells)]
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=header.header_row, column_names=names,
                                           block_size=4 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                             newlines_in_values=False,
                                             invalid_row_handler=lambda row: "error"),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeError):
        return header.header_row  # the first block already breaks the rules
    consumed = header.header_row  # number of the last row handed on (or skipped as blank)
    pending: list[pa.RecordBatch] = []
    pending_rows = 0
    stopped = False
    while not stopped:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            batch = None
        except (pa.ArrowInvalid, UnicodeError):
            batch, stopped = None, True
        if batch is not None:
            pending.append(batch)
            pending_rows += batch.num_rows
            if pending_rows < chunk_rows:
                continue
        if pending:
            table = pa.Table.from_batches(pending)
            pending, pending_rows = [], 0
            blank = [pc.equal(pc.utf8_trim_whitespace(column), "") for column in table.columns]
            overfull = _any(blank[header.width:], negate=True)
            usable = table.num_rows
            if overfull is not None and pc.any(overfull).as_py():
                usable = pc.index(overfull, True).as_py()
                stopped = True
            chunk = _columnar_chunk(table.slice(0, usable), blank, consumed + 1, header)
            consumed += usable
            yield chunk
        if batch is None:
            return consumed if stopped else None
    return consumed


def _any(masks: list[pa.Array], negate: bool = False) -> pa.Array | None:
    """Row-wise OR of boolean arrays (of their negation), or None for no arrays."""
    result = None
    for mask in masks:
        mask = pc.invert(mask) if negate else mask
        result = mask if result is None else pc.or_(result, mask)
    return result


def _columnar_chunk(
    table: pa.Table, blank: list[pa.Array], first_row: int, header: Header
) -> Chunk:
    rows = table.num_rows
    blank = [mask.slice(0, rows) for mask in blank]
    blank_row = pc.invert(_any(blank, negate=True))
    # A total row: the first filled cell among the first four reads JUMLAH/TOTAL.
    total, undecided = None, None
    for position in range(min(4, len(blank))):
        label = pc.match_substring_regex(table.column(position), TOTAL_LABEL.pattern,
                                         ignore_case=True)
        filled = pc.invert(blank[position])
        here = pc.and_(filled, label) if undecided is None else pc.and_(
            undecided, pc.and_(filled, label))
        total = here if total is None else pc.or_(total, here)
        undecided = blank[position] if undecided is None else pc.and_(undecided,
                                                                       blank[position])
    numbers = np.arange(first_row, first_row + rows)
    data = pc.invert(pc.or_(blank_row, total)).to_numpy(zero_copy_only=False)
    totals = total.to_numpy(zero_copy_only=False)

    def frame(mask: np.ndarray) -> pd.DataFrame:
        picked = table.filter(pa.array(mask, type=pa.bool_()))
        result = pd.DataFrame({name: picked.column(position).to_pandas()
                               for name, position in header.columns.items()})
        result["_row"] = numbers[mask]
        return result

    return Chunk(frame(data), frame(totals))


class _LineTap:
    """Hands a CSV file's lines to csv.reader and keeps those of the current record, so a
    row that does not split can be examined as it was written."""

    def __init__(self, handle: io.TextIOBase, delimiter: str, encoding: str) -> None:
        self.handle, self.delimiter, self.encoding, self.lines = handle, delimiter, encoding, []
        self.lines_read = 0

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = next(self.handle)
        self.lines.append(line)
        self.lines_read += 1
        return line

    def records(self) -> Iterator[list[object]]:
        for cells in csv.reader(self, delimiter=self.delimiter):
            yield cells
            self.lines.clear()

    def current(self) -> tuple[str, str]:
        return "".join(self.lines), self.delimiter

    def close(self) -> None:
        self.handle.close()


def _csv_rows(path: Path) -> _LineTap:
    raw = path.read_bytes()[:65536]
    if not raw.strip():
        raise FileRejected(f"{path.name}: the file is empty")
    encoding = detect_encoding(raw, path.name)
    handle = open(path, encoding=encoding, errors="replace", newline="")  # noqa: SIM115
    sample = handle.read(65536)
    handle.seek(0)
    return _LineTap(handle, detect_delimiter(sample), encoding)


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


def release_reader_memory() -> None:
    """Hand the memory of a file's Arrow columns back to the system once its frames are gone:
    Arrow's allocator keeps freed blocks for reuse, and the rest of a run (dbt's own process
    above all) needs them more than the next file does."""
    pa.default_memory_pool().release_unused()


def read_chunks(
    path: Path,
    aliases: dict[str, str],
    required: set[str],
    chunk_rows: int = CHUNK_ROWS,
    columnar: bool = True,
) -> tuple[Header, Iterator[Chunk]]:
    """Open a landing file, find its header, and stream its data rows in chunks.

    `aliases` maps normalised header names to canonical column names. Private columns are
    never read into the returned frames. A UTF-8 CSV is read column-wise by Arrow for as long
    as its rows are regular, then row by row (`columnar=False`: row by row from the start;
    both give the same frames). Raises `FileRejected` for a file that is not a table
    of this source.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileRejected(f"{path.name}: not a CSV or XLSX file")
    is_csv = suffix not in (".xlsx", ".xlsm")
    tap = None
    if is_csv:
        tap = _csv_rows(path)
        rows, closer, delimiter = tap.records(), tap, tap.delimiter
    else:
        rows, closer = _xlsx_rows(path)
    numbered = enumerate(rows, start=1)
    try:
        header = _find_header(numbered, aliases, required, path.name)
    except (csv.Error, UnicodeError) as error:
        closer.close()
        raise FileRejected(f"{path.name}: not a readable table ({error})") from None
    except FileRejected as error:
        closer.close()
        if is_csv and "no header row found" in str(error):
            shown = {"\t": "tab"}.get(delimiter, f"'{delimiter}'")
            raise FileRejected(f"{error}; read as CSV with the delimiter {shown}, the "
                               "usual ones being ';' ',' tab and '|'") from None
        raise

    def generate() -> Iterator[Chunk]:
        rest = numbered
        try:
            if columnar and is_csv and _columnar_prefix_ok(header, tap):
                consumed = yield from _columnar_chunks(path, delimiter, header, chunk_rows)
                if consumed is None:
                    return
                rest = itertools.dropwhile(lambda item: item[0] <= consumed, numbered)
            yield from _chunks(rest, header, chunk_rows, strict_width=is_csv,
                               raw_line=tap.current if tap else None)
        except csv.Error as error:
            raise FileRejected(f"{path.name}: broken CSV ({error})") from None
        finally:
            closer.close()

    return header, generate()
