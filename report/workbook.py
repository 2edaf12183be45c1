"""The annex as an XLSX workbook: a cover sheet, one sheet per report table laid out like the
report (multi-row Indonesian headers, merged group cells, totals row, note with sources and
findings) and a sheet with every finding of the year. Cells hold numbers; the display format
groups thousands (see model.EXCEL_FORMATS)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.text_safety import keep_text
from report.model import (
    EXCEL_FORMATS,
    Table,
    body_spans,
    header_cells,
    total_label_span,
)

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP = Alignment(vertical="top", wrap_text=True)


def write_workbook(path: Path, title: str, cover: list[tuple[str, str, str]],
                   tables: list[Table], findings: list[str], provenance: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Sampul"
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = provenance
    sheet.append([])
    sheet.append(["Tabel", "Judul", "Status"])
    for cell in sheet[4]:
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BOX
    for row in cover:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            cell.border, cell.alignment = BOX, TOP
    for letter, width in zip("ABC", (8, 70, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for table in tables:
        _table_sheet(book, table)
    sheet = book.create_sheet("Temuan Data")
    sheet["A1"] = "Temuan kualitas data tahun ini (marts.data_quality_findings)"
    sheet["A1"].font = Font(bold=True)
    for finding in findings or ["Tidak ada temuan."]:
        sheet.append([finding])
    sheet.column_dimensions["A"].width = 150
    path.parent.mkdir(parents=True, exist_ok=True)
    keep_text(book)  # a name typed as =HYPERLINK(…) stays text, never a formula
    book.save(path)
    return path


def _table_sheet(book: Workbook, table: Table) -> None:
    sheet = book.create_sheet(table.sheet)
    width = len(table.columns)
    sheet.cell(1, 1, table.caption).font = Font(bold=True, size=12)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    top = 3
    depth = _header(sheet, table, top)
    row = top + depth
    body_start = row
    starts: list[int] = []  # first row of each body row (sections shift rows)
    for index, values in enumerate(table.rows):
        if index in table.sections:
            cell = sheet.cell(row, 1, table.sections[index])
            cell.font, cell.border = Font(bold=True, italic=True), BOX
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        starts.append(row)
        _values(sheet, row, table, values)
        row += 1
    _merge_groups(sheet, table, starts)
    if table.total is not None:
        _values(sheet, row, table, table.total)
        span = total_label_span(table)
        if span > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        for column in range(1, width + 1):
            cell = sheet.cell(row, column)
            cell.font, cell.fill = Font(bold=True), TOTAL_FILL
        sheet.cell(row, 1).alignment = CENTER
        row += 1
    row += 1
    for line in table.note_lines():
        sheet.cell(row, 1, line).alignment = Alignment(wrap_text=False)
        row += 1
    for index, column in enumerate(table.columns, 1):
        longest = max([len(str(v[index - 1] or "")) for v in table.rows] +
                      [len(part) for part in column.header[-1:]] + [4])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, longest + 4)
    sheet.freeze_panes = sheet.cell(body_start, 1)


def _header(sheet, table: Table, top: int) -> int:
    depth, cells = header_cells(table.columns)
    for cell in cells:
        sheet.cell(top + cell.level, cell.column + 1, cell.text)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(start_row=top + cell.level, start_column=cell.column + 1,
                              end_row=top + cell.level + cell.rowspan - 1,
                              end_column=cell.column + cell.colspan)
    for row in range(top, top + depth):
        for column in range(1, len(table.columns) + 1):
            cell = sheet.cell(row, column)
            cell.font, cell.fill, cell.alignment, cell.border = (Font(bold=True), HEADER_FILL,
                                                                 CENTER, BOX)
    return depth


def _values(sheet, row: int, table: Table, values: list) -> None:
    for index, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
        cell = sheet.cell(row, index, value)
        cell.border = BOX
        if column.kind != "text" and isinstance(value, int | float):
            cell.number_format = EXCEL_FORMATS[column.kind]
            cell.alignment = Alignment(horizontal="right", vertical="top")
        else:
            cell.alignment = TOP


def _merge_groups(sheet, table: Table, starts: list[int]) -> None:
    """Show repeated leading values once per group, as the report does."""
    for index, spans in enumerate(body_spans(table)):
        for column, span in enumerate(spans, 1):
            if span > 1:
                for row in range(starts[index] + 1, starts[index + span - 1] + 1):
                    sheet.cell(row, column).value = None
                sheet.merge_cells(start_row=starts[index], start_column=column,
                                  end_row=starts[index + span - 1], end_column=column)
                sheet.cell(starts[index], column).alignment = TOP
