"""Finding a source's header in a file: loose matching of names, private columns, two-row
headers with merged cells, and the rows above (titles) that are not the header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.errors import FileRejected
from schemas.spec import normalise_header

PII_PATTERN = re.compile(r"^(nama|nik|alamat|nohp|telepon|telp|hp|email|namaibu|namaayah)")
HEADER_SCAN_ROWS = 30
ROW_NUMBER_HEADERS = {"no", "nomor", "nourut", "urut"}  # a row counter, not data


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


def find_header(
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
