"""`satudata quarantine`: the quarantined rows of a landing file as a workbook the officer
corrects in Excel.

The warehouse's quarantine table says which rows of a file broke a rule and why (it stores
no private cell); the rows themselves are re-read from the officer's own file, so the
workbook shows them as the file writes them: its own headers, its spreadsheet row numbers,
and a reason column. Columns the reader never keeps (names, NIK, addresses, phones) are left
out, and a cell that looks like one of them (or holds free text) is shown as `***`. Text
cells that start with `=`, `+`, `-` or `@` are written as text, never as formulas.

Which ledger entry and quarantine rows belong to a file is decided in one place,
`quarantined_rows`: the file's content hash finds its ledger entry, whatever name the
ledger gives the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from core.i18n import _, number
from ingest import disguised, spreadsheet
from ingest.csv_reader import open_csv
from ingest.errors import FileRejected
from ingest.headers import ROW_NUMBER_HEADERS, Header, Rows, drops_unread, find_header
from ingest.loader import sha256_of
from ingest.quarantine import shown_value
from ingest.sheet_names import Sheet
from schemas.spec import SourceSpec, normalise_header

FORMULA_START = ("=", "+", "-", "@")
MARKED = PatternFill("solid", fgColor="FFE699")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")


@dataclass
class Problem:
    column: str  # as the quarantine table names it
    value: str
    reason: str


@dataclass
class QuarantinedRow:
    row: int | None  # spreadsheet row (line of a CSV) in the file
    sheet: str | None  # the sheet's label (`ingest.sheet_names.Sheet.label`)
    problems: list[Problem] = field(default_factory=list)
    # The sheet's position in the workbook (1 = first): the sheet is re-read by it, as its
    # label may be `lembar ke-2`; None for a CSV or a quarantine from before positions.
    sheet_number: int | None = None


def quarantined_rows(con: duckdb.DuckDBPyConnection, source_name: str,
                     sha256: str) -> tuple[int, list[QuarantinedRow]] | None:
    """The ledger id and quarantined rows of the file whose content hash is `sha256`, or None
    when no loaded file of `source_name` has that content.

    The one function that knows the quarantine table's columns: `source_row`, `column_name`,
    `value`, `reason`, joined to the ledger by `ingest_id`; `sheet` and `sheet_number`
    columns are used when the table has them.
    """
    entry = con.execute(
        "select ingest_id from raw.ingest_ledger where source = ? and sha256 = ? "
        "and status = 'loaded' order by superseded_by is null desc, ingest_id desc limit 1",
        [source_name, sha256],
    ).fetchone()
    if entry is None:
        return None
    columns = {name for (name,) in con.execute(
        "select column_name from information_schema.columns where table_schema = 'raw' "
        "and table_name = ?", [f"{source_name}_quarantine"]).fetchall()}
    sheet = "sheet" if "sheet" in columns else "cast(null as varchar)"
    position = "sheet_number" if "sheet_number" in columns else "cast(null as integer)"
    rows: dict[tuple, QuarantinedRow] = {}
    for row, sheet_name, sheet_number, column, value, reason in con.execute(
            f"select source_row, {sheet}, {position}, column_name, value, reason "
            f"from raw.{source_name}_quarantine where ingest_id = ? "
            "order by source_row nulls last, column_name", [entry[0]]).fetchall():
        item = rows.setdefault((sheet_name, sheet_number, row),
                               QuarantinedRow(row, sheet_name, sheet_number=sheet_number))
        item.problems.append(Problem(column or "", value or "", reason))
    return entry[0], list(rows.values())


@dataclass
class FileGrid:
    """A landing file's cells as written: every row by its spreadsheet row number."""

    sheet: Sheet | None
    rows: dict[int, list[object]]
    header_row: int | None
    header: list[object]
    # Headers naming no column of the source, as the reader decided (`Header.ignored`).
    ignored: list[str] = field(default_factory=list)
    # Each column the reader read, as the quarantine names it (as written) -> its position.
    written: dict[str, int] = field(default_factory=dict)

    def column_label(self, column: str, spec: SourceSpec) -> str:
        """The header as the file writes it for a column the quarantine names (canonical or
        already as written); the name itself when the file has no such header."""
        position = self.position(column, spec)
        if position is None:
            return column
        return str(self.header[position]).strip()

    def position(self, column: str, spec: SourceSpec) -> int | None:
        if not column:
            return None
        if column in self.written:
            return self.written[column]
        wanted = {normalise_header(column)}
        canonical = spec.aliases.get(normalise_header(column))
        for index, cell in enumerate(self.header):
            key = normalise_header(cell)
            if key and (key in wanted or (canonical and spec.aliases.get(key) == canonical)):
                return index
        return None

    def kept_columns(self, spec: SourceSpec) -> list[int]:
        """Header positions to show: every named column but the private ones the reader
        drops (a declared column or alias of the source is never private)."""
        kept = []
        for index, cell in enumerate(self.header):
            key = normalise_header(cell)
            if not key:
                continue
            if (key not in spec.aliases and index not in self.written.values()
                    and drops_unread(cell)):
                continue
            kept.append(index)
        return kept


def _numbered(path: Path, spec: SourceSpec, sheet: str | None, sheet_number: int | None
              ) -> tuple[Sheet | None, Callable[[], Iterator[tuple[int, list[object]]]]]:
    """The sheet the loader reads (the first visible worksheet holding the source's header,
    unless `sheet_number` — its position — or else `sheet` — its name, from a quarantine
    without positions — says which) and a way to number its rows as the loader does: the
    loader's own readers (ingest.spreadsheet, ingest.csv_reader), so padding, hidden sheets,
    encodings, line ends and a workbook's name on a text or a web page (`ingest.disguised`)
    are read the same way here."""
    kind = (disguised.kind(path) if path.suffix.lower() in spreadsheet.SPREADSHEET_SUFFIXES
            else disguised.TEXT)
    if kind == disguised.HTML:
        def page_rows() -> Iterator[tuple[int, list[object]]]:
            yield from enumerate(disguised.html_rows(path)[0], start=1)
        return None, page_rows
    if kind == disguised.TEXT:
        def csv_rows() -> Iterator[tuple[int, list[object]]]:
            tap = open_csv(path)
            try:
                yield from enumerate(tap.records(), start=1)
            finally:
                tap.close()
        return None, csv_rows
    book = spreadsheet.Workbook(path)
    try:
        if sheet_number is not None:
            names = [s.sheet for s in book.sheets if s.number == sheet_number]
        elif sheet:
            names = [s.sheet for s in book.sheets if s.name == sheet]
        else:
            names = [s.sheet for s in book.sheets if s.visible and s.worksheet]
        chosen = next((item for item in names if _header_of(book.rows(item.name)[0], spec)),
                      None)
    finally:
        book.close()
    chosen = chosen or (names[0] if names else None)

    def sheet_rows() -> Iterator[tuple[int, list[object]]]:
        if chosen is None:
            return
        again = spreadsheet.Workbook(path)
        try:
            yield from again.rows(chosen.name)[0]
        finally:
            again.close()
    return chosen, sheet_rows


def _header_of(numbered: Iterator[tuple[int, list[object]]], spec: SourceSpec
               ) -> Header | None:
    """The loader's header (ingest.headers.find_header), or None when it finds none."""
    try:
        return find_header(Rows(numbered), spec)
    except FileRejected:
        return None


def read_grid(path: Path, spec: SourceSpec, wanted: set[int] | None = None,
              sheet: str | None = None, sheet_number: int | None = None) -> FileGrid:
    """The file's header as the reader reads it (a two-row header's names merged: `Pagu
    Murni`) and the rows numbered in `wanted` (all rows when None), of the sheet at
    `sheet_number` (else named `sheet`, else the loader's first)."""
    chosen, numbered = _numbered(path, spec, sheet, sheet_number)
    found = _header_of(numbered(), spec)
    header_row = found.header_row if found else None
    kept: dict[int, list[object]] = {}
    header: list[object] = list(found.names) if found else []
    last = max(wanted, default=0) if wanted is not None else None
    for line, cells in numbered():
        if last is not None and line > max(last, header_row or 0):
            break
        if wanted is None or line in wanted:
            kept[line] = list(cells)
    written = {found.written[name]: position for name, position in found.columns.items()
               } if found else {}
    return FileGrid(chosen, kept, header_row, header, list(found.ignored) if found else [],
                    written)


def find_landing_file(landing: Path, source_name: str, file_name: str,
                      sha256: str, loaded_from: str | None = None) -> Path | None:
    """The landing file with this content: by its ledger name first, else any file of the
    source's folder with the same hash (the ledger may name files by a neutral label), else
    the file it was loaded from (`raw.ingest_ledger.file_path`: a run given another
    `--landing`) when it still holds that content; None when none does."""
    folder = landing / source_name
    named = folder / file_name
    if named.is_file() and sha256_of(named) == sha256:
        return named
    if folder.is_dir():
        found = next((path for path in sorted(folder.iterdir())
                      if path.is_file() and path != named and sha256_of(path) == sha256), None)
        if found is not None:
            return found
    origin = Path(loaded_from) if loaded_from else None
    if origin is not None and origin.is_file() and sha256_of(origin) == sha256:
        return origin
    return None


def issue_line(row: int | None, column: str, value: str, reason: str) -> str:
    """One quarantined cell as the officer reads it on screen."""
    where = _("Row {row}", row=row) if row is not None else _("File")
    if column:
        where += ", " + _("column {column}", column=column)
    shown = f": '{value}'" if value else ""
    return f"{where}{shown} — {reason}"


def _cell(value: object) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _put(sheet, row: int, column: int, value: object):
    cell = sheet.cell(row, column, _cell(value))
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"  # text as the officer typed it, never a formula
    return cell


def _shown_cell(value: object, header: object, spec: SourceSpec) -> object:
    """A cell of the original file as the workbook may show it: masked (`***`) by the rule the
    quarantine follows (ingest.quarantine.shown_value: no NIK, NIP, phone number, person's
    name or address; a free-text column, or a column the source does not declare, never; a
    column the source declares private, such as a birth date, never)."""
    if value is None or value == "":
        return value
    key = normalise_header(header)
    name = spec.aliases.get(key)
    column = next((c for c in spec.columns if c.name == name), None)
    # Text in a column the source does not declare is free text; its counters and figures
    # are not.
    free = bool(column.otherwise) if column is not None else \
        isinstance(value, str) and key not in ROW_NUMBER_HEADERS
    if column is not None and column.private and column.type != "id":
        return "***"  # a birth date: the officer reads it in the original file
    if column is not None and column.type == "id":
        # The officer's own case number, which the row is found by; a NIK or NIP (15 digits
        # or more) never.
        return "***" if len(re.sub(r"\D", "", str(value))) >= 15 else value
    shown, masked = shown_value(str(value), free_text=free,
                                name_column=column is not None and column.type == "text")
    return value if masked is None else shown


def by_sheet(rows: list[QuarantinedRow]) -> list[list[QuarantinedRow]]:
    """The quarantined rows grouped by the sheet they lie on (first sheet first, a CSV's rows
    as one group), each group in the order given."""
    groups: dict[tuple, list[QuarantinedRow]] = {}
    for item in rows:
        groups.setdefault((item.sheet_number, item.sheet), []).append(item)
    return [groups[key] for key in sorted(groups, key=lambda key: (
        key[0] is None, key[0] or 0, key[1] or ""))]


def write_workbook(target: Path, path: Path, spec: SourceSpec,
                   parts: list[tuple[FileGrid | None, list[QuarantinedRow]]]) -> Path:
    """The quarantined rows of `path` as an XLSX: one worksheet per sheet of the file that
    holds quarantined rows (`Baris dikarantina`, or `Baris dikarantina (Februari)` when
    several), each with the header in row 1 (that sheet's own headers, between a row-number
    column and a reason column), one row per quarantined row, the cells the reasons point at
    filled yellow; a last sheet says how to correct and drop again. `parts` pairs each
    sheet's rows (`by_sheet`) with its grid (`read_grid`), or None when the file is gone."""
    book = Workbook()
    book.remove(book.active)
    titles: set[str] = set()
    for grid, rows in parts:
        title = _("Quarantined rows")
        if len(parts) > 1:
            label = grid.sheet.label if grid is not None and grid.sheet else rows[0].sheet
            title = _sheet_title(f"{title} ({label})" if label else title, titles)
        titles.add(title[:31])
        _rows_sheet(book.create_sheet(title[:31]), spec, rows, grid)
    _instructions(book.create_sheet(_("How to correct")[:31]), path, spec, parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def _sheet_title(title: str, taken: set[str]) -> str:
    """A worksheet title Excel accepts: none of `[]:*?/\\`, at most 31 characters (cut with
    `…)` when longer), unlike every title in `taken`."""
    title = re.sub(r"[\[\]:*?/\\]", " ", title)
    if len(title) > 31:
        title = title[:29] + "…)"
    count = 2
    candidate = title
    while candidate in taken:
        suffix = f" {count}"
        candidate = title[:31 - len(suffix)] + suffix
        count += 1
    return candidate


def _rows_sheet(sheet, spec: SourceSpec, rows: list[QuarantinedRow],
                grid: FileGrid | None) -> None:
    """One sheet's quarantined rows on the worksheet `sheet` (see `write_workbook`)."""
    kept = grid.kept_columns(spec) if grid is not None and grid.header else []
    headers = [_("Row in file"), *(str(grid.header[i]).strip() for i in kept)] if kept else \
        [_("Row in file"), _("Column"), _("Value")]
    headers.append(_("Why quarantined"))
    for column, text in enumerate(headers, 1):
        cell = _put(sheet, 1, column, text)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line, item in enumerate(rows, 2):
        _put(sheet, line, 1, item.row)
        reasons = "; ".join(
            (f"{grid.column_label(p.column, spec) if grid else p.column}: " if p.column else "")
            + p.reason for p in item.problems)
        if kept:
            cells = grid.rows.get(item.row, []) if item.row is not None else []
            for column, index in enumerate(kept, 2):
                value = cells[index] if index < len(cells) else None
                _put(sheet, line, column, _shown_cell(value, grid.header[index], spec))
            for problem in item.problems:
                position = grid.position(problem.column, spec)
                if position in kept:
                    sheet.cell(line, kept.index(position) + 2).fill = MARKED
        else:
            _put(sheet, line, 2, ", ".join(p.column for p in item.problems if p.column))
            _put(sheet, line, 3, ", ".join(p.value for p in item.problems if p.value))
        cell = _put(sheet, line, len(headers), reasons)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in range(1, len(headers) + 1):
        longest = max((len(str(sheet.cell(r, column).value or ""))
                       for r in range(1, min(sheet.max_row, 200) + 1)), default=8)
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = \
            min(60 if column == len(headers) else 40, max(8, longest + 2))
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions


def _instructions(sheet, path: Path, spec: SourceSpec,
                  parts: list[tuple[FileGrid | None, list[QuarantinedRow]]]) -> None:
    lines = [
        _("Quarantined rows of {file} (source {source}): {rows}.", file=path.name,
          source=spec.name, rows=number(sum(len(rows) for _grid, rows in parts))),
        _("Each row keeps its row number in the file; the cells with a yellow fill are the "
          "ones the reason names."),
    ]
    for grid, _rows in parts:
        if grid is not None and grid.sheet:
            lines.append(_("Rows read from {sheet}.", sheet=grid.sheet.named))
    if any(grid is None or not grid.header for grid, _rows in parts):
        lines.append(_("The original file was not found in the landing folder: only the "
                       "column, value and reason from the quarantine are shown."))
    if spec.period:
        lines.append(_(
            "A {source} file holds a whole year: a newer file of the same year replaces the "
            "older one. Correct these rows in the original file ({file}, at the row numbers "
            "given), then drop the corrected file in the landing folder's {source}/ folder "
            "again. Do not drop this workbook alone: it would stand for the whole year.",
            source=spec.name, file=path.name))
    else:
        lines.append(_(
            "Correct the cells, then drop this workbook (or the corrected original) in the "
            "landing folder's {source}/ folder again; the columns 'Row in file' and 'Why "
            "quarantined' are ignored when it is read.", source=spec.name))
    lines.append(_("Columns with names, NIK, addresses or phone numbers are not copied here: "
                   "the warehouse never keeps them. A cell shown as *** held what looks like "
                   "one of them (or free text): correct that row in the original file, not "
                   "here."))
    for index, text in enumerate(lines, 1):
        sheet.cell(index, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110


def target_for(folder: Path, spec: SourceSpec, path: Path) -> Path:
    """`<folder>/<source>/<file stem>_karantina.xlsx`: one name in every language, so the
    workbook a run wrote in English is the one an Indonesian run replaces."""
    stem = re.sub(r"[^\w.-]+", "_", path.stem)
    return folder / spec.name / f"{stem}_karantina.xlsx"
