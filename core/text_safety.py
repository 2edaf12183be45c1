"""Text stays text in the spreadsheets and CSV files the project writes.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel
and LibreOffice (CSV injection, OWASP). Values come from officers' files (a budget line named
`=HYPERLINK(…)`), so every writer neutralises them:

- CSV: OWASP's guidance — prefix such a text with a single quote (`'=HYPERLINK(…)`); the csv
  module quotes the field when needed. Numbers are numbers: a negative amount is never text.
- XLSX: the cell is written with the string type (never a formula) and Excel's quote-prefix
  style, so editing it keeps it text; what it shows is the value as typed.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """A text cell of a CSV export, neutralised when a spreadsheet would run it."""
    return "'" + text if is_formula_like(text) else text


def set_cell(sheet, row: int, column: int, value):
    """Write `value` into an openpyxl sheet: a string is always a string (never a formula),
    quote-prefixed when it starts like one. Returns the cell."""
    cell = sheet.cell(row, column)
    set_value(cell, value)
    return cell


def set_value(cell, value) -> None:
    """Put `value` into an openpyxl cell, keeping text text (see `set_cell`)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True


def keep_text(book) -> None:
    """Make every text cell of an openpyxl workbook a string, whatever wrote it: call it
    right before `save` (the project never writes a formula on purpose)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    set_value(cell, cell.value)
