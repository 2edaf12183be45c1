"""The annex as an XLSX workbook: a cover sheet, one sheet per report table laid out like the
report (multi-row Indonesian headers, merged group cells, totals row, note with sources and
findings) and a sheet with every finding of the year.

Every sheet prints like the report: A4 landscape, one page wide (fit to width, as many pages
down as the table needs), the caption and header rows repeated on each page, notes merged
across the table's width and wrapped inside it, and a footer naming the annex, the sheet and
the page. Whole numbers are numbers with a format of literal separators; decimals are text
in the reader's form (see model.TEXT_KINDS). The page header is left free (for markings such
as the public/internal form of the annex).
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from core.i18n import N_, _
from core.text_safety import keep_text
from report.model import (
    TEXT_KINDS,
    Table,
    body_spans,
    excel_format,
    findings_sheet,
    format_id,
    header_cells,
    total_label_span,
)

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
TOP = Alignment(vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="top")
CENTER_TOP = Alignment(horizontal="center", vertical="top")
NOTE = Alignment(vertical="top", wrap_text=True)
NOTE_FONT = Font(size=9)
LINE_HEIGHT = 15.0  # points per text line at the default 11 pt font
NOTE_LINE_HEIGHT = 12.5  # at the notes' 9 pt
TEXT_WIDTH, NUMBER_WIDTH = 45, 16
# A narrow table is widened to about the printable width of a landscape A4 page (in Excel's
# column units), as the report prints its tables across the page; its notes wrap inside it.
PAGE_WIDTH = 125

# What each kind of finding is about, for the findings sheet (an unknown check shows its name).
CHECKS = {
    "indicator_reported_vs_recomputed": N_("Indicator as reported vs recomputed"),
    "indicator_capaian_reported_vs_counted": N_("Indicator capaian as reported vs counted"),
    "budget_starts_after_january": N_("Budget files start after January"),
    "indicator_not_in_newest_file": N_("Indicator left out of its table's newest file"),
    "indicator_table_conflict": N_("Tables 9 and 12 differ on an indicator"),
    "kla_peringkat_vs_nilai": N_("KLA rating vs score"),
    "month_not_reported": N_("A month no file holds yet"),
    "month_without_cases": N_("A month without a single case"),
    "nip_birth_date_mismatch": N_("NIP vs birth date"),
    "nip_sex_mismatch": N_("NIP vs sex"),
    "sisa_reconcile": N_("Budget remainder does not add up"),
    "staff_table_percent": N_("Percentage in a staff table"),
    "staff_table_vs_roster": N_("Staff table vs staff roster"),
    "total_row_count": N_("JUMLAH row vs number of rows"),
    "total_row_sum": N_("JUMLAH row vs sum of the rows"),
    "umur_tanggal_lahir_mismatch": N_("Age vs birth date"),
    "uptd_months_outside_simfoni": N_("UPTD register months SIMFONI-PPA does not cover yet"),
    "uptd_vs_simfoni_monthly": N_("UPTD register vs SIMFONI-PPA"),
}


def write_workbook(path: Path, title: str, cover: list[tuple[str, str, str]],
                   tables: list[Table], findings: list[str], provenance: str) -> Path:
    book = Workbook()
    _cover_sheet(book.active, title, cover, tables, provenance)
    for table in tables:
        _table_sheet(book, table, title)
    _findings_sheet(book.create_sheet(findings_sheet()[:31]), findings, title)
    path.parent.mkdir(parents=True, exist_ok=True)
    keep_text(book)  # a name typed as =HYPERLINK(…) stays text, never a formula
    book.save(path)
    return path


def _print_setup(sheet: Worksheet, annex_title: str, title_rows: str | None) -> None:
    """A4 landscape, one page wide, titles repeated, a footer with the annex, sheet and page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3,
                                     footer=0.3)
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.left.text = f"{_escape_footer(annex_title)} · &A"
    sheet.oddFooter.left.size = 8
    sheet.oddFooter.right.text = _("Page &P of &N")
    sheet.oddFooter.right.size = 8


def _escape_footer(text: str) -> str:
    return text.replace("&", "&&")


def _lines(text: str, width: float) -> int:
    """Lines `text` takes wrapped in a cell `width` characters wide (Excel's column unit)."""
    chars = max(8, int(width * 1.05))
    return sum(max(1, len(textwrap.wrap(part, chars))) for part in str(text).split("\n"))


def _note_row(sheet: Worksheet, row: int, text: str, width: int, total_width: float,
              bold: bool = False) -> None:
    """One note line merged across the table's columns, wrapped inside them."""
    cell = sheet.cell(row, 1, text)
    cell.alignment, cell.font = NOTE, Font(size=9, bold=bold)
    if width > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    # A 9 pt note fits about 1.3 characters per column unit of the 11 pt body.
    sheet.row_dimensions[row].height = NOTE_LINE_HEIGHT * _lines(text, total_width * 1.3) + 2


def _cover_sheet(sheet: Worksheet, title: str, cover: list[tuple[str, str, str]],
                 tables: list[Table], provenance: str) -> None:
    sheet.title = _("Cover")[:31]
    widths = (9, 70, 60)
    for letter, width in zip("ABC", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = NOTE
    sheet.merge_cells("A1:C1")
    sheet.row_dimensions[1].height = 20 * _lines(title, sum(widths) * 0.8)
    _note_row(sheet, 2, provenance, 3, sum(widths))
    headers = (_("Table"), _("Title"), _("Status"))
    for column, text in enumerate(headers, 1):
        cell = sheet.cell(4, column, text)
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), HEADER_FILL, BOX, \
            CENTER
    produced = {table.number for table in tables}
    row = 5
    for number, heading, status in cover:
        for column, text in enumerate((number, heading, status), 1):
            cell = sheet.cell(row, column, text)
            cell.border, cell.alignment = BOX, TOP
            if number not in produced and column == 3:
                cell.font = Font(italic=True, color="8A4B00")
        sheet.row_dimensions[row].height = LINE_HEIGHT * max(
            _lines(heading, widths[1]), _lines(status, widths[2])) + 3
        row += 1
    missing = [number for number, _heading, _status in cover if number not in produced]
    if missing:
        _note_row(sheet, row + 1, _("Tables of the report this annex does not produce: "
                                    "{tables}; the Status column says why.",
                                    tables=", ".join(missing)), 3, sum(widths))
    _print_setup(sheet, title, "4:4")


def _table_sheet(book: Workbook, table: Table, annex_title: str) -> None:
    sheet = book.create_sheet(table.sheet[:31])
    width = len(table.columns)
    widths = _column_widths(table)
    for index, column_width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width
    total_width = sum(widths)
    caption = sheet.cell(1, 1, table.caption)
    caption.font, caption.alignment = Font(bold=True, size=12), NOTE
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.row_dimensions[1].height = 17 * _lines(table.caption, total_width * 0.85) + 2
    top = 3
    depth = _header(sheet, table, top)
    row = top + depth
    body_start = row
    starts: list[int] = []  # first row of each body row (sections shift rows)
    for index, values in enumerate(table.rows):
        if index in table.sections:
            cell = sheet.cell(row, 1, table.sections[index])
            cell.font, cell.border, cell.alignment = Font(bold=True, italic=True), BOX, TOP
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        starts.append(row)
        _values(sheet, row, table, values, widths)
        row += 1
    _merge_groups(sheet, table, starts)
    if table.total is not None:
        _values(sheet, row, table, table.total, widths)
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
        _note_row(sheet, row, line, width, total_width)
        row += 1
    sheet.freeze_panes = sheet.cell(body_start, 1)
    _print_setup(sheet, annex_title, f"1:{top + depth - 1}")


def _column_widths(table: Table) -> list[float]:
    """Each column as wide as its longest cell, text capped at TEXT_WIDTH (it wraps)."""
    widths = []
    for index, column in enumerate(table.columns):
        cells = [_shown(row[index], column.kind) for row in table.rows]
        if table.total is not None and index >= total_label_span(table):
            cells.append(_shown(table.total[index], column.kind))
        longest = max([len(cell) for cell in cells] + [len(word) for part in column.header
                                                        for word in part.split()] + [3])
        cap = TEXT_WIDTH if column.kind == "text" else NUMBER_WIDTH
        widths.append(min(cap, longest + 3))
    natural = sum(widths)
    if natural < PAGE_WIDTH:
        # Widen every column but a leading row counter in proportion to its width.
        first = 1 if table.columns[0].label.lower() in ("no", "no.") else 0
        stretch = (PAGE_WIDTH - widths[0] * first) / (natural - widths[0] * first)
        widths = widths[:first] + [round(width * stretch, 1) for width in widths[first:]]
    return widths


def _shown(value: object, kind: str) -> str:
    return format_id(value, kind) if value is not None else ""


def _header(sheet: Worksheet, table: Table, top: int) -> int:
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


def _values(sheet: Worksheet, row: int, table: Table, values: list,
            widths: list[float]) -> None:
    lines = 1
    for index, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
        cell = sheet.cell(row, index)
        cell.border = BOX
        if column.kind != "text":
            if not isinstance(value, int | float):
                cell.value = value  # a mark in a figure's place (`x` withheld): aligned alike
            elif column.kind == "pct" or (column.kind in TEXT_KINDS
                                          and not float(value).is_integer()):
                cell.value = format_id(value, column.kind)
            else:
                cell.value = int(value) if float(value).is_integer() else value
                cell.number_format = excel_format(value, column.kind)
            cell.alignment = CENTER_TOP if index == 1 and column.label == _("No") else RIGHT
        else:
            cell.value = value
            cell.alignment = TOP
            if value is not None:
                lines = max(lines, _lines(value, widths[index - 1]))
    if lines > 1:
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 2


def _merge_groups(sheet: Worksheet, table: Table, starts: list[int]) -> None:
    """Show repeated leading values once per group, as the report does."""
    for index, spans in enumerate(body_spans(table)):
        for column, span in enumerate(spans, 1):
            if span > 1:
                for row in range(starts[index] + 1, starts[index + span - 1] + 1):
                    sheet.cell(row, column).value = None
                sheet.merge_cells(start_row=starts[index], start_column=column,
                                  end_row=starts[index + span - 1], end_column=column)
                sheet.cell(starts[index], column).alignment = TOP


FINDING = re.compile(r"^\[(?P<check>[^\]]+)\]\s*(?P<text>.*)$", re.DOTALL)


def _findings_sheet(sheet: Worksheet, findings: list[str], annex_title: str) -> None:
    """Every finding of the year as a table: number, what kind of finding, the finding."""
    widths = (6, 30, 100)
    for letter, width in zip("ABC", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    heading = sheet.cell(1, 1, _("Data-quality findings of the year"))
    heading.font = Font(bold=True, size=12)
    sheet.merge_cells("A1:C1")
    for column, text in enumerate((_("No"), _("Kind of finding"), _("Finding")), 1):
        cell = sheet.cell(3, column, text)
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), HEADER_FILL, BOX, \
            CENTER
    if not findings:
        _note_row(sheet, 4, _("No findings."), 3, sum(widths))
    for index, finding in enumerate(findings, 1):
        match = FINDING.match(finding)
        check, text = (match["check"], match["text"]) if match else ("", finding)
        kind = _(CHECKS[check]) if check in CHECKS else check
        row = 3 + index
        for column, value in enumerate((index, kind, text), 1):
            cell = sheet.cell(row, column, value)
            cell.border, cell.alignment = BOX, TOP if column > 1 else RIGHT
        sheet.row_dimensions[row].height = LINE_HEIGHT * max(
            _lines(kind, widths[1]), _lines(text, widths[2])) + 2
    sheet.freeze_panes = "A4"
    _print_setup(sheet, annex_title, "3:3")

