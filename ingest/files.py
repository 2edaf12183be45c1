"""Reading landing files as tables of text cells, the way office files really look.

The entry point, `read_chunks`, opens a file, finds its header and streams its data rows in
chunks. Its seams are modules of their own: `dialect` (a CSV's encoding, line ends and
delimiter), `headers` (matching header names, private columns, two-row headers), `rows`
(blank, total, footer and broken rows, chunks), `csv_reader` (the careful row reader and
Arrow's columnar one) and `spreadsheet` (workbook sheets, read with python-calamine).
Everything returned is text (or a date/number object for spreadsheet cells); parsing into
types is `ingest.parse`'s job. Messages (in `FileRejected`) never name the file: the caller
puts the file's label in front.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa

from core.i18n import _
from ingest import disguised
from ingest.csv_reader import columnar_chunks, columnar_prefix_ok, open_csv
from ingest.errors import FileRejected
from ingest.headers import SHEET_ROWS, Header, Rows, find_header, is_private_column
from ingest.rows import Chunk, chunks, is_blank_row, shown_delimiter, total_label
from ingest.sheet_names import Sheet, listed, sheet_value
from ingest.spreadsheet import SPREADSHEET_SUFFIXES, HiddenCells, Workbook
from schemas.spec import SourceSpec

CSV_SUFFIXES = (".csv", ".txt")
SUPPORTED_SUFFIXES = CSV_SUFFIXES + SPREADSHEET_SUFFIXES
CHUNK_ROWS = 200_000

__all__ = ["CHUNK_ROWS", "SUPPORTED_SUFFIXES", "Chunk", "FileRejected", "Header",
           "is_private_column", "read_chunks", "release_reader_memory"]


def release_reader_memory() -> None:
    """Hand the memory of a file's Arrow columns back to the system once its frames are gone:
    Arrow's allocator keeps freed blocks for reuse, and the rest of a run (dbt's own process
    above all) needs them more than the next file does."""
    pa.default_memory_pool().release_unused()


def read_chunks(
    path: Path, spec: SourceSpec, chunk_rows: int = CHUNK_ROWS, columnar: bool = True,
) -> tuple[Header, Iterator[Chunk]]:
    """Open a landing file, find the source's header, and stream its data rows in chunks.

    Private columns are never read into the returned frames. A UTF-8 CSV is read
    column-wise by Arrow for as long as its rows are regular, then row by row
    (`columnar=False`: row by row from the start; both give the same frames). A spreadsheet
    is read from every visible sheet holding the header (`Header.sheets`; rows of sheet i
    numbered i × SHEET_ROWS + row, see `Header.place`), the others named in
    `Header.skipped`. Raises
    `FileRejected` for a file that is not a table of this source.
    """
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        if (found := disguised.kind(path)) is not None:
            return _disguised_chunks(path, spec, chunk_rows, columnar, found)
        return _spreadsheet_chunks(path, spec, chunk_rows)
    if suffix not in CSV_SUFFIXES:
        raise FileRejected(_("not a file type that can be read: save it as CSV or XLSX "
                             "(also read: XLS, XLSM, ODS)"))
    return _csv_chunks(path, spec, chunk_rows, columnar)


def _csv_chunks(
    path: Path, spec: SourceSpec, chunk_rows: int, columnar: bool
) -> tuple[Header, Iterator[Chunk]]:
    tap = open_csv(path)
    numbered = Rows(enumerate(tap.records(), start=1))
    try:
        header = find_header(numbered, spec)
    except (csv.Error, UnicodeError) as error:
        tap.close()
        raise FileRejected(_("not a readable table ({error})", error=str(error))) from None
    except FileRejected as error:
        tap.close()
        if error.known == 0:
            raise FileRejected(_("{problem}; no row of the file names a column of this source "
                                 "(read as CSV with the delimiter {delimiter}, the usual ones "
                                 "being ';' ',' tab and '|')", problem=str(error),
                                 delimiter=shown_delimiter(tap.delimiter)),
                               known=0) from None
        raise

    def generate() -> Iterator[Chunk]:
        rest = numbered
        try:
            if columnar and columnar_prefix_ok(header, tap, numbered.held):
                consumed = yield from columnar_chunks(path, tap.delimiter, header, chunk_rows)
                if consumed is None:
                    return
                rest = itertools.dropwhile(lambda item: item[0] <= consumed, numbered)
            yield from chunks(rest, header, chunk_rows, strict_width=True, raw_line=tap.current)
        except csv.Error as error:
            raise FileRejected(_("broken CSV ({error})", error=str(error))) from None
        finally:
            tap.close()

    return header, generate()


def _disguised_chunks(path: Path, spec: SourceSpec, chunk_rows: int, columnar: bool,
                      found: str) -> tuple[Header, Iterator[Chunk]]:
    """A file named as a workbook holding delimited text (read as a CSV is) or a web page's
    table (its rows read as one sheet's), with `Header.read_as` saying so for the ledger.
    A refusal says what the file really is."""
    if found == disguised.TEXT:
        what = _("the file is text in {encoding}, not an Excel workbook, although its name "
                 "ends in {suffix}",
                 encoding=disguised.encoding_shown(path), suffix=path.suffix)
    else:
        what = _("the file is a web page holding a table (HTML), not an Excel workbook, "
                 "although its name ends in {suffix}", suffix=path.suffix)
    try:
        if found == disguised.TEXT:
            header, rows = _csv_chunks(path, spec, chunk_rows, columnar)
        else:
            cells, merges = disguised.html_rows(path)
            numbered = Rows(enumerate(cells, start=1), merges)
            header = find_header(numbered, spec)
            rows = chunks(numbered, header, chunk_rows)
    except FileRejected as error:
        refused = FileRejected(_("{what}: {problem}", what=what, problem=str(error)),
                               error.known, error.required_named)
        raise refused from None
    header.read_as = (_("{what}: read as a CSV file", what=what) if found == disguised.TEXT
                      else _("{what}: its rows read as a sheet's", what=what))
    return header, rows


@dataclass
class _Sheet:
    """A sheet holding the source's header: its own header (columns where this sheet has
    them), its rows below the header, and its Excel error cells."""

    header: Header
    rows: Iterator[tuple[int, list[object]]]
    errors: dict[tuple[int, int], str]
    # Number cells formatted as a percentage: whether their column's figures may be percents.
    percent: dict[tuple[int, int], bool]
    unsaved_totals: list[int]  # total rows holding formulas without a saved value
    hidden_rows: set[int]  # rows hidden in the spreadsheet (a filter, Hide)
    # Label cells merged down over several data rows: first row -> [(column, last row)].
    merged: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


def _spreadsheet_chunks(
    path: Path, spec: SourceSpec, chunk_rows: int
) -> tuple[Header, Iterator[Chunk]]:
    """Every visible worksheet holding the source's header, in the workbook's order, each
    read with its own header (offices keep one sheet per month, per unit, PNS and PPPK).
    Hidden sheets and sheets holding no header of the source (a cover, notes, a pivot) are
    skipped and named in `Header.skipped`; a sheet whose header lacks a required column is a
    table of the source that cannot be read, so the whole file is refused naming it. The
    returned header is the first sheet's, with `sheets` (those read) and `skipped`; rows of
    sheet i come numbered i × SHEET_ROWS + row (`Header.place` tells them apart)."""
    book = Workbook(path)
    try:
        found, skipped, problems, lacking = _sheets_with_header(book, spec)
        named: dict[str, list[str]] = {}
        if not found and book.sheets:
            found, skipped, named, why = _sheets_naming_a_column(book, spec, lacking)
            if not found:
                raise FileRejected("; ".join(problems) + why)
        if not found:
            raise FileRejected(_("the workbook has no sheet"))
        header = _combined([sheet.header for sheet in found], skipped)
        header.from_sheet_names = named
    except BaseException:
        book.close()
        raise
    return header, _sheet_chunks(book, found, header, chunk_rows)


def _sheets_naming_a_column(book: Workbook, spec: SourceSpec, lacking: list[tuple[str, ...]]
                            ) -> tuple[list[_Sheet], list[str], dict[str, list[str]], str]:
    """A workbook of one sheet per kabupaten/kota (`Kab. Kupang`, `TTS`, `Kota Kupang`) or
    per unit (`Sekretariat`, `Bidang PKA`) whose sheets all lack that required column
    (`lacking`: what each sheet holding the source's table lacks): the sheets' names are
    its values when two sheets or more hold the table, every one lacks the same region or
    vocabulary columns and nothing else, and every one's name is a value of each such column
    as its own reader reads it (the region resolver, the vocabulary), two sheets never
    naming the same. Returns (sheets to read, sheets skipped, {column: each sheet's name},
    ""), or no sheets and why the names were not read ("" when there was no such column):
    the file is then refused as before."""
    nothing: tuple[list[_Sheet], list[str], dict[str, list[str]], str] = ([], [], {}, "")
    missing = set(lacking[0]) if lacking else set()
    if len(lacking) < 2 or not missing or any(set(item) != missing for item in lacking):
        return nothing
    columns = [column for column in spec.read_columns if column.name in missing]
    if any(column.type not in ("region", "vocab") for column in columns):
        return nothing
    relaxed = replace(spec, columns=tuple(replace(column, required=False)
                                          if column.name in missing else column
                                          for column in spec.columns))
    found, skipped, _problems, _lacking = _sheets_with_header(book, relaxed)
    if len(found) != len(lacking):
        return nothing
    sheets = [sheet.header.sheet for sheet in found]
    named: dict[str, list[str]] = {}
    for column in columns:
        values = [sheet_value(column, sheet.name) for sheet in sheets]
        unread = [sheet for sheet, value in zip(sheets, values, strict=True) if value is None]
        if unread:
            return [], [], {}, "; " + _(
                "the sheets' names are not read as {column}: {sheets} does not name "
                "exactly one. Add a {column} column to each sheet", column=column.shown,
                sheets=listed(unread))
        if len(set(values)) < len(values):
            return [], [], {}, "; " + _(
                "the sheets' names are not read as {column}: two sheets name the same. Add "
                "a {column} column to each sheet", column=column.shown)
        named[column.name] = [sheet.name for sheet in sheets]
    return found, skipped, named, ""


def _sheets_with_header(book: Workbook, spec: SourceSpec
                        ) -> tuple[list[_Sheet], list[str], list[str], list[tuple[str, ...]]]:
    """(sheets to read, sentences on the sheets skipped, why each sheet failed — the
    rejection when none holds the header —, the required columns each sheet holding the
    source's table without them lacks). Raises `FileRejected` for a sheet whose header
    misses a required column while another sheet holds the header."""
    found: list[_Sheet] = []
    skipped: list[str] = []
    problems: list[str] = []
    incomplete: list[tuple[Sheet, str]] = []
    lacking: list[tuple[str, ...]] = []
    date1904: bool | None = None  # read once, for the first sheet with a date column
    for sheet in book.sheets:
        if not sheet.visible or not sheet.worksheet:
            problems.append(_("{sheet} is hidden (not read: show it in the spreadsheet "
                              "if it holds the data)", sheet=sheet.sheet.named))
            skipped.append(problems[-1])
            continue
        rows, last_row = book.rows(sheet.name)
        numbered = Rows(rows, book.merges.get(sheet.name))
        try:
            header = find_header(numbered, spec)
        except FileRejected as error:
            problems.append(_("{sheet}: {problem}", sheet=sheet.sheet.named,
                              problem=str(error)))
            # A header row naming most required columns is this source's table with a
            # column missing: never dropped without a word. Fewer is a cover or a pivot.
            if error.required_named * 2 > len(spec.required):
                incomplete.append((sheet.sheet, str(error)))
                lacking.append(error.missing)
            else:
                skipped.append(_("{sheet} holds no header of this source (not read)",
                                 sheet=sheet.sheet.named))
            continue
        header.sheet = sheet.sheet
        if any(column.rupiah for column in spec.read_columns):
            header.print_lines = book.print_lines(sheet.name)
        hidden = book.hidden_cells(sheet.name, last_row)
        unsaved = _unsaved_formulas(hidden, header)
        wanted = {position: name for name, position in header.columns.items()}
        for row, column in hidden.scaled:
            if column in wanted and row > header.header_row:
                header.scaled_rows.setdefault(wanted[column], set()).add(row)
        # A percentage cell is the percent it shows only where figures may be percents; in
        # an amount or a count it is written as that percent, for the reader to refuse.
        takes = {header.columns[column.name] for column in spec.read_columns
                 if column.percent and column.name in header.columns}
        percent = {cell: cell[1] in takes for cell in hidden.percent}
        header.percent_cells = _by_column([cell for cell, read in percent.items() if read],
                                          header)
        totals: list[int] = []
        dates = {header.columns[column.name] for column in spec.read_columns
                 if column.type == "date" and column.name in header.columns}
        if dates and date1904 is None:
            date1904 = book.date1904
        if dates and date1904:
            numbered = _days_from_1900(numbered, dates)
        found.append(_Sheet(header, _refuse_unsaved_formulas(numbered, unsaved, header, totals)
                            if unsaved else numbered, hidden.errors, percent, totals,
                            hidden.hidden_rows,
                            _merged_labels(book.merges.get(sheet.name, []), header, spec)))
    if found and incomplete:
        sheet, problem = incomplete[0]
        raise FileRejected(_(
            "{sheet} holds this source's table but cannot be read ({problem}); the "
            "sheet(s) {read} can: correct the sheet or move it to a file of its own",
            sheet=sheet.named, problem=problem,
            read=listed([item.header.sheet for item in found])))
    return found, skipped, problems, lacking


# Days between Excel's two date systems: 1 January 1904 is day 1462 from 30 December 1899.
_DAYS_1900_TO_1904 = 1462


def _days_from_1900(numbered: Iterator[tuple[int, list[object]]], positions: set[int]
                    ) -> Iterator[tuple[int, list[object]]]:
    """The rows of a workbook counting dates from 1904, each number cell of a date column
    (`positions`) counted from 1900 as the date readers take it (`ingest.parse`): without it a
    date typed as a plain number would be read four years and a day early."""
    for number, cells in numbered:
        for position in positions:
            if position < len(cells):
                value = cells[position]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cells[position] = value + _DAYS_1900_TO_1904
        yield number, cells


def _combined(headers: list[Header], skipped: list[str]) -> Header:
    """The first sheet's header, telling every sheet read and skipped; the headers as
    written (and every spelling of a column the sheets write differently), the private and
    the ignored columns of all of them (first sheet's spelling first); each sheet's own
    header in `per_sheet` (what a sheet's headers say of its year is that sheet's)."""
    first = headers[0]
    combined = replace(first, sheets=[header.sheet for header in headers], skipped=skipped,
                       sheet_columns=[frozenset(header.columns) for header in headers],
                       merged_figures=[(name, index * SHEET_ROWS + start, index * SHEET_ROWS + end)
                                       for index, header in enumerate(headers)
                                       for name, start, end in header.merged_figures],
                       written=dict(first.written), spellings={},
                       private_dropped=list(first.private_dropped),
                       ignored=list(first.ignored),
                       titles=[(index * SHEET_ROWS + row, text)
                               for index, header in enumerate(headers)
                               for row, text in header.titles],
                       unit_lines=[(index * SHEET_ROWS + row, text)
                                   for index, header in enumerate(headers)
                                   for row, text in header.unit_lines], percent_cells={},
                       per_sheet=list(headers))
    combined.scaled_rows = {}
    for index, header in enumerate(headers):
        for name, (count, row) in header.percent_cells.items():
            total, first = combined.percent_cells.get(name, (0, index * SHEET_ROWS + row))
            combined.percent_cells[name] = (total + count, first)
        for name, rows in header.scaled_rows.items():
            combined.scaled_rows.setdefault(name, set()).update(
                index * SHEET_ROWS + row for row in rows)
    for header in headers[1:]:
        for name, written in header.written.items():
            combined.written.setdefault(name, written)
            if written != combined.written[name]:
                spelt = combined.spellings.setdefault(name, [combined.written[name]])
                if written not in spelt:
                    spelt.append(written)
        combined.private_dropped += [name for name in header.private_dropped
                                     if name not in combined.private_dropped]
        combined.ignored += [name for name in header.ignored if name not in combined.ignored]
    return combined


def _frame_columns(header: Header) -> list[str]:
    return [*header.columns, *(f"{name}__code" for name in header.codes)]


def _sheet_chunks(book: Workbook, found: list[_Sheet], combined: Header,
                  chunk_rows: int) -> Iterator[Chunk]:
    """The chunks of every sheet read, rows numbered sheet index × SHEET_ROWS + row, every
    frame with the columns of all the sheets (a column a sheet lacks is empty)."""
    columns = list(dict.fromkeys(
        name for sheet in found for name in _frame_columns(sheet.header)))
    try:
        for index, sheet in enumerate(found):
            offset = index * SHEET_ROWS
            numbered = ((offset + number, cells) for number, cells in _merged_down(
                _with_errors(sheet.rows, sheet.errors, sheet.percent), sheet.merged))
            for chunk in chunks(numbered, sheet.header, chunk_rows):
                chunk.unsaved_totals = [offset + row for row in sheet.unsaved_totals]
                sheet.unsaved_totals.clear()
                if sheet.hidden_rows:
                    chunk.hidden_rows = [int(row) for row in chunk.frame["_row"]
                                         if row - offset in sheet.hidden_rows]
                if len(found) > 1:
                    chunk.frame = _widened(chunk.frame, columns)
                    chunk.total_rows = _widened(chunk.total_rows, columns)
                    if chunk.footer_rows is not None:
                        chunk.footer_rows = _widened(chunk.footer_rows, columns)
                yield chunk
    finally:
        book.close()


def _widened(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return frame.reindex(columns=[*columns, "_row"]).astype({name: object for name in columns})


def _with_errors(numbered: Iterator[tuple[int, list[object]]],
                 errors: dict[tuple[int, int], str], percent: dict[tuple[int, int], bool]
                 ) -> Iterator[tuple[int, list[object]]]:
    """The rows with their Excel error values (`#REF!`) back where calamine left blanks,
    and their percentage cells as the percent they show: 85.5 for `0.855` shown `85,5%` in
    a column whose figures may be percents, else the text `85.5%` (refused as a percentage
    where an amount or a count is expected, never read as 0.855)."""
    by_row: dict[int, list[tuple[int, object]]] = {}
    for (row, column), value in errors.items():
        by_row.setdefault(row, []).append((column, value))
    for (row, column), read in percent.items():
        by_row.setdefault(row, []).append((column, PERCENT if read else PERCENT_TEXT))
    for number, cells in numbered:
        for column, value in by_row.get(number, ()):
            if column >= len(cells):
                continue
            if value is PERCENT or value is PERCENT_TEXT:
                if isinstance(cells[column], int | float) and not isinstance(
                        cells[column], bool):
                    shown = round(cells[column] * 100, 10)
                    cells[column] = shown if value is PERCENT else (
                        f"{shown:.10f}".rstrip("0").rstrip(".") + "%")
            else:
                cells[column] = value
        yield number, cells


# Mark a percentage cell in `_with_errors`: read as its percent, or written as one.
PERCENT, PERCENT_TEXT = object(), object()


def _by_column(cells: Iterable[tuple[int, int]], header: Header
               ) -> dict[str, tuple[int, int]]:
    """{column: (how many, first row)} of `cells` (row, column position) below the header
    in the columns the source reads."""
    wanted = {position: name for name, position in header.columns.items()}
    found: dict[str, tuple[int, int]] = {}
    for row, column in sorted(cells):
        if column in wanted and row > header.header_row:
            count, first = found.get(wanted[column], (0, row))
            found[wanted[column]] = (count + 1, first)
    return found


# Columns of whole numbers that are a date's part, not a figure: a year merged over the rows
# of its months is each row's year.
CALENDAR_COLUMNS = ("tahun", "bulan")


def _merged_labels(merges: list[tuple[tuple[int, int], tuple[int, int]]], header: Header,
                   spec: SourceSpec) -> dict[int, list[tuple[int, int]]]:
    """The cells merged down over data rows whose value is each of its rows' (a region name
    over the rows of its years, a program over its sub kegiatan, a case number over its
    victims): {first row (1-based): [(column, last row)]}. A figure (a number, a count)
    merged over rows is one figure, never one per row: left in its first row, and put in
    `header.merged_figures` for the ledger to say so."""
    labels = {position for name, position in header.columns.items()
              if spec.column(name).type not in ("number", "int") or name in CALENDAR_COLUMNS}
    labels |= set(header.codes.values())
    figures = {position: name for name, position in header.columns.items()
               if position not in labels}
    merged: dict[int, list[tuple[int, int]]] = {}
    for (first, column), (last, _last_column) in merges:
        if last > first and first + 1 > header.header_row and column in labels:
            merged.setdefault(first + 1, []).append((column, last + 1))
        elif last > first and first + 1 > header.header_row and column in figures:
            header.merged_figures.append((figures[column], first + 1, last + 1))
    header.merged_figures.sort(key=lambda merge: merge[1])
    return merged


def _merged_down(numbered: Iterator[tuple[int, list[object]]],
                 merged: dict[int, list[tuple[int, int]]]
                 ) -> Iterator[tuple[int, list[object]]]:
    """The rows with the value of each label cell merged down (`_merged_labels`) in every
    row it covers, as the spreadsheet shows it."""
    if not merged:
        yield from numbered
        return
    active: dict[int, tuple[object, int]] = {}  # column -> (value, last row)
    for number, cells in numbered:
        for column, last in merged.get(number, ()):
            if column < len(cells) and not is_blank_row(cells[column:column + 1]):
                active[column] = (cells[column], last)
        for column, (value, last) in list(active.items()):
            if number > last:
                del active[column]
            elif column < len(cells) and is_blank_row(cells[column:column + 1]):
                cells[column] = value
        yield number, cells


def _unsaved_formulas(hidden: HiddenCells, header: Header) -> dict[int, list[str]]:
    """The rows below the header holding a formula without a saved result in a column the
    source reads: {row: [the columns' canonical names]}."""
    wanted = {position: name for name, position in header.columns.items()}
    hits: dict[int, list[str]] = {}
    for row, column in sorted(hidden.unsaved_formulas):
        if column in wanted and row > header.header_row:
            hits.setdefault(row, []).append(wanted[column])
    return hits


def _refuse_unsaved_formulas(numbered: Iterator[tuple[int, list[object]]],
                             hits: dict[int, list[str]], header: Header, totals: list[int]
                             ) -> Iterator[tuple[int, list[object]]]:
    """The rows, refusing the file at the first row of data holding a formula without a
    saved result (`_unsaved_formulas`): the file was written by a program and never saved
    by a spreadsheet, its values are unknown, so the whole file is refused with what to do.
    A total row's formulas (`=SUM(…)` under JUMLAH) cost nothing: its figures are empty,
    so it is not reconciled: its row number is added to `totals`."""
    for number, cells in numbered:
        if number in hits and total_label(cells, header) is not None:
            totals.append(number)
        elif number in hits:
            later = [row for row in hits if row >= number]
            columns = ", ".join(header.written[name] for name in hits[number])
            raise FileRejected(_(
                "{sheet}: formulas without a saved value in column(s) {columns} (rows "
                "{first}–{last}): open the file in Excel or LibreOffice and save it again",
                sheet=header.sheet.named, columns=columns, first=number, last=max(later)))
        yield number, cells
