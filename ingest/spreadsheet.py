"""Reading a spreadsheet's rows as cells (text, numbers, dates)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ingest.errors import FileRejected


def _excel_cell(value: object) -> object:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def xlsx_rows(path: Path) -> tuple[Iterator[list[object]], object]:
    """The first sheet's rows, and the workbook to close when done."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileRejected(f"{path.name}: not a readable XLSX workbook ({error})") from None
    sheet = book.worksheets[0]
    rows = ([_excel_cell(value) for value in row] for row in sheet.iter_rows(values_only=True))
    return rows, book
