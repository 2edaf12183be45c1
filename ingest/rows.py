"""Rows under the header: blank rows, total rows (`JUMLAH`/`TOTAL`), CSV rows that cannot be
split into cells, and the chunks of text cells the loader reads."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from ingest.headers import Header

TOTAL_LABEL = re.compile(r"^\s*(jumlah|total|grand\s*total)\b", re.IGNORECASE)


@dataclass
class Chunk:
    """Data rows of one slice of a file: text cells under canonical names + file row numbers."""

    frame: pd.DataFrame  # canonical columns, plus `_row` (1-based row number in the file)
    total_rows: pd.DataFrame  # rows labelled JUMLAH/TOTAL, same shape, not data
    broken_rows: list[tuple[int, str]] = field(default_factory=list)  # (row, reason): no data


def is_blank_row(cells: list[object]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def is_total_row(cells: list[object]) -> bool:
    for cell in cells[:4]:
        if isinstance(cell, str) and cell.strip():
            return bool(TOTAL_LABEL.match(cell))
    return False


def frame_of(records: list[list[object]], numbers: list[int], header: Header) -> pd.DataFrame:
    """The wanted cells of `records` under their canonical names, plus `_row`."""
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
    while filled and is_blank_row(cells[filled - 1:filled]):
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


def chunks(
    rows: Iterator[tuple[int, list[object]]], header: Header, chunk_rows: int,
    strict_width: bool = False, raw_line: Callable[[], tuple[str, str]] | None = None,
) -> Iterator[Chunk]:
    """The rows below the header, row by row, in chunks of `chunk_rows` data rows: blank
    rows skipped, total rows apart, and (`strict_width`, for CSV) rows that do not split
    into the header's cells kept as broken rows with the reason."""
    records: list[list[object]] = []
    numbers: list[int] = []
    totals: list[list[object]] = []
    total_numbers: list[int] = []
    broken: list[tuple[int, str]] = []
    for number, cells in rows:
        if is_blank_row(cells):
            continue
        if strict_width and (reason := broken_row_reason(
                cells, header.width, *(raw_line() if raw_line else ("", "")))):
            broken.append((number, reason))
            continue
        if is_total_row(cells):
            totals.append(cells)
            total_numbers.append(number)
            continue
        records.append(cells)
        numbers.append(number)
        if len(records) >= chunk_rows:
            yield Chunk(frame_of(records, numbers, header),
                        frame_of(totals, total_numbers, header), broken)
            records, numbers, totals, total_numbers, broken = [], [], [], [], []
    yield Chunk(frame_of(records, numbers, header), frame_of(totals, total_numbers, header),
                broken)
