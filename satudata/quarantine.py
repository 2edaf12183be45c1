"""`satudata quarantine`: the quarantined rows of a landing file as a workbook the officer
corrects in Excel.

The warehouse's quarantine table says which rows of a file broke a rule and why (it stores
no private cell); the rows themselves are re-read from the officer's own file, so the
workbook shows them as the file writes them: its own headers, its spreadsheet row numbers,
and a reason column. Rows the ledger counts as quarantined are the only ones on the
`Baris dikarantina` sheets; rows that were loaded with a cell of an optional column flagged
(`row_kept`: a Golongan emptied, a Jabatan stored as Lainnya) are listed apart, cell by cell,
on a sheet that says they are loaded, in a layout the loader never reads as data. Columns
the reader never keeps (names, NIK, addresses, phones) are left out; a column the source
declares private (a NIP, a birth date) and a cell that looks like a name, NIK, phone number
or address is shown as `***`, and so is the free text of a column the source does not
declare. Text cells that start with `=`, `+`, `-` or `@` are written as text, never as
formulas.

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
from ingest.quarantine import names_someone, shown_value
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
    # The row was loaded: only cells of optional columns were flagged (`row_kept`); it is
    # not one of the ledger's quarantined rows.
    kept: bool = False


def counted(rows: list[QuarantinedRow]) -> tuple[int, int]:
    """(rows quarantined, rows loaded with flagged cells): the first is the ledger's
    `rows_quarantined` for the file."""
    kept = sum(item.kept for item in rows)
    return len(rows) - kept, kept


def quarantined_rows(con: duckdb.DuckDBPyConnection, source_name: str,
                     sha256: str) -> tuple[int, list[QuarantinedRow]] | None:
    """The ledger id and quarantined rows of the file whose content hash is `sha256`, or None
    when no loaded file of `source_name` has that content.

    The one function that knows the quarantine table's columns: `source_row`, `column_name`,
    `value`, `reason`, joined to the ledger by `ingest_id`; `sheet`, `sheet_number` and
    `row_kept` (the row loaded, a cell flagged: `QuarantinedRow.kept`) columns are used when
    the table has them. Quarantined rows come first, then the loaded ones, each in row order.
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
    kept = "coalesce(row_kept, false)" if "row_kept" in columns else "false"
    rows: dict[tuple, QuarantinedRow] = {}
    for row, sheet_name, sheet_number, loaded, column, value, reason in con.execute(
            f"select source_row, {sheet}, {position}, {kept}, column_name, value, reason "
            f"from raw.{source_name}_quarantine where ingest_id = ? "
            f"order by {kept}, source_row nulls last, column_name", [entry[0]]).fetchall():
        item = rows.setdefault((sheet_name, sheet_number, row), QuarantinedRow(
            row, sheet_name, sheet_number=sheet_number, kept=loaded))
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

    def shown_cell(self, row: object, column: str, spec: SourceSpec) -> object | None:
        """The cell of spreadsheet row `row` in the column the quarantine names, as the
        correction workbook shows it (`_shown_cell`: `***` only where it is private); None
        when this grid does not hold that row or column."""
        position = self.position(column, spec)
        cells = self.rows.get(row, []) if isinstance(row, int) else []
        if position is None or position >= len(cells):
            return None
        return _shown_cell(cells[position], self.header[position], spec)

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
    """A cell of the original file as the workbook may show it, masked (`***`) only where it
    is private: a column the source declares private (a birth date; a NIP or NIK, 15 digits
    or more, in an id column), or a value that looks like a NIK, NIP or phone number, a
    person's name or an address (ingest.quarantine.shown_value, `names_someone`). A column
    the source declares is shown otherwise, a free text read beyond its vocabulary too (a
    Jabatan stored as Lainnya is what the officer corrects); text in a column the source
    does not declare is free text, shown only when it is a known value."""
    if value is None or value == "":
        return value
    key = normalise_header(header)
    name = spec.aliases.get(key)
    column = next((c for c in spec.columns if c.name == name), None)
    if column is not None and column.private and column.type != "id":
        return "***"  # a birth date: the officer reads it in the original file
    if column is not None and column.type == "id":
        # The officer's own case number, which the row is found by; a NIK or NIP (15 digits
        # or more) never.
        return "***" if len(re.sub(r"\D", "", str(value))) >= 15 else value
    # Text in a column the source does not declare is free text; its counters and figures
    # are not.
    free = column is None and isinstance(value, str) and key not in ROW_NUMBER_HEADERS
    if column is not None and column.otherwise and names_someone(str(value)):
        return "***"  # a name however written (`paman (yohanes)`), where officers type one
    shown, masked = shown_value(str(value), free_text=free,
                                name_column=column is not None and column.type == "text")
    return value if masked is None else shown


def by_sheet(rows: list[QuarantinedRow]) -> list[list[QuarantinedRow]]:
    """The rows grouped by the sheet they lie on (first sheet first, a CSV's rows as one
    group), the quarantined rows' groups before the groups of rows loaded with flagged cells
    (`QuarantinedRow.kept`), each group in the order given."""
    groups: dict[tuple, list[QuarantinedRow]] = {}
    for item in rows:
        groups.setdefault((item.kept, item.sheet_number, item.sheet), []).append(item)
    return [groups[key] for key in sorted(groups, key=lambda key: (
        key[0], key[1] is None, key[1] or 0, key[2] or ""))]


def write_workbook(target: Path, path: Path, spec: SourceSpec,
                   parts: list[tuple[FileGrid | None, list[QuarantinedRow]]]) -> Path:
    """The quarantined rows of `path` as an XLSX: one worksheet per sheet of the file that
    holds quarantined rows (`Baris dikarantina`, or `Baris dikarantina (Februari)` when
    several), each with the header in row 1 (that sheet's own headers, between a row-number
    column and a reason column), one row per quarantined row, the cells the reasons point at
    filled yellow; then, when rows were loaded with flagged cells, one worksheet `Dimuat,
    sel ditandai` listing those cells (row, column, value, reason: a layout the loader never
    reads as the source's rows); a last sheet says how many of each there are and how to
    correct and drop again. `parts` pairs each group of rows (`by_sheet`) with its sheet's
    grid (`read_grid`), or None when the file is gone."""
    book = Workbook()
    book.remove(book.active)
    titles: set[str] = set()
    quarantined = [(grid, rows) for grid, rows in parts if not rows[0].kept]
    loaded = [(grid, rows) for grid, rows in parts if rows[0].kept]
    for grid, rows in quarantined:
        title = _("Quarantined rows")
        if len(quarantined) > 1:
            label = _label(grid, rows)
            title = _sheet_title(f"{title} ({label})" if label else title, titles)
        titles.add(title[:31])
        _rows_sheet(book.create_sheet(title[:31]), spec, rows, grid)
    if loaded:
        _flagged_sheet(book.create_sheet(_sheet_title(flagged_title(), titles)), spec, loaded)
    _instructions(book.create_sheet(_("How to correct")[:31]), path, spec, parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def flagged_title() -> str:
    """The worksheet of the rows loaded with flagged cells, as the reader's language names
    it."""
    return _("Loaded, cells flagged")


def _label(grid: FileGrid | None, rows: list[QuarantinedRow]) -> str | None:
    """The label of the file's sheet a group of rows lies on (None for a CSV)."""
    return grid.sheet.label if grid is not None and grid.sheet else rows[0].sheet


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
    _fit(sheet, len(headers))


def _fit(sheet, width: int) -> None:
    """Columns as wide as their first 200 rows need (the last, the reason, up to 60
    characters, the others up to 40), the header row and first column frozen, a filter."""
    for column in range(1, width + 1):
        longest = max((len(str(sheet.cell(r, column).value or ""))
                       for r in range(1, min(sheet.max_row, 200) + 1)), default=8)
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = \
            min(60 if column == width else 40, max(8, longest + 2))
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions


def _flagged_sheet(sheet, spec: SourceSpec,
                   parts: list[tuple[FileGrid | None, list[QuarantinedRow]]]) -> None:
    """The flagged cells of rows that were loaded, one line per cell: row in the file (its
    sheet when the rows lie on several), the column as the file writes it, the cell as the
    file holds it (masked as `_shown_cell` masks; the quarantine's value when the file is
    gone) and why it was flagged."""
    several = len(parts) > 1
    headers = [_("Row in file"), *([_("Sheet")] if several else []), _("Column"),
               _("Value in the file"), _("Why flagged (the row was loaded)")]
    for column, text in enumerate(headers, 1):
        cell = _put(sheet, 1, column, text)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    line = 2
    for grid, rows in parts:
        for item in rows:
            for problem in item.problems:
                value = grid.shown_cell(item.row, problem.column, spec) \
                    if grid is not None else None
                if value is None:
                    value = problem.value
                shown = [item.row, *([_label(grid, rows)] if several else []),
                         grid.column_label(problem.column, spec) if grid else problem.column,
                         value, problem.reason]
                for column, text in enumerate(shown, 1):
                    _put(sheet, line, column, text)
                sheet.cell(line, len(headers)).alignment = Alignment(wrap_text=True,
                                                                    vertical="top")
                line += 1
    _fit(sheet, len(headers))


def _instructions(sheet, path: Path, spec: SourceSpec,
                  parts: list[tuple[FileGrid | None, list[QuarantinedRow]]]) -> None:
    quarantined, loaded = counted([item for _grid, rows in parts for item in rows])
    lines = [
        _("Quarantined rows of {file} (source {source}): {rows}.", file=path.name,
          source=spec.name, rows=number(quarantined)),
        _("Each row keeps its row number in the file; the cells with a yellow fill are the "
          "ones the reason names."),
    ]
    if loaded:
        lines.append(_(
            "Rows loaded with flagged cells: {rows} ({cells} cells), listed on the sheet "
            "'{sheet}'. They are in the warehouse and are not quarantined: each flagged cell "
            "was read as its reason says (left empty, or stored as another value). Correct "
            "them in the original file when you can.",
            rows=number(loaded), sheet=flagged_title(),
            cells=number(sum(len(item.problems) for _grid, rows in parts for item in rows
                             if item.kept))))
    named: list[str] = []
    for grid, _rows in parts:
        if grid is not None and grid.sheet and grid.sheet.named not in named:
            named.append(grid.sheet.named)
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
                   "the warehouse never keeps them. A cell shown as *** is private (a NIP, a "
                   "birth date) or held what looks like a name, NIK, address or phone number "
                   "(or free text in a column the source does not read): correct that row in "
                   "the original file, not here."))
    for index, text in enumerate(lines, 1):
        sheet.cell(index, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110


def target_for(folder: Path, spec: SourceSpec, path: Path) -> Path:
    """`<folder>/<source>/<file stem>_karantina.xlsx`: one name in every language, so the
    workbook a run wrote in English is the one an Indonesian run replaces."""
    stem = re.sub(r"[^\w.-]+", "_", path.stem)
    return folder / spec.name / f"{stem}_karantina.xlsx"
