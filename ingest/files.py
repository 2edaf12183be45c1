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
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from core.i18n import _
from ingest.csv_reader import columnar_chunks, columnar_prefix_ok, open_csv
from ingest.errors import FileRejected
from ingest.headers import Header, find_header, is_private_column
from ingest.rows import Chunk, chunks, shown_delimiter
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
    is read from its first visible sheet holding the header (`Header.sheet`). Raises
    `FileRejected` for a file that is not a table of this source.
    """
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _spreadsheet_chunks(path, spec, chunk_rows)
    if suffix not in CSV_SUFFIXES:
        raise FileRejected(_("not a file type that can be read: save it as CSV or XLSX "
                             "(also read: XLS, XLSM, ODS)"))
    return _csv_chunks(path, spec, chunk_rows, columnar)


def _csv_chunks(
    path: Path, spec: SourceSpec, chunk_rows: int, columnar: bool
) -> tuple[Header, Iterator[Chunk]]:
    tap = open_csv(path)
    numbered = enumerate(tap.records(), start=1)
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
            if columnar and columnar_prefix_ok(header, tap):
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


def _spreadsheet_chunks(
    path: Path, spec: SourceSpec, chunk_rows: int
) -> tuple[Header, Iterator[Chunk]]:
    """The first visible worksheet holding the source's header; hidden sheets are skipped."""
    book = Workbook(path)
    problems = []
    try:
        for sheet in book.sheets:
            if not sheet.visible or not sheet.worksheet:
                problems.append(_("sheet '{sheet}' is hidden (not read)", sheet=sheet.name))
                continue
            numbered, last_row = book.rows(sheet.name)
            try:
                header = find_header(numbered, spec)
            except FileRejected as error:
                problems.append(_("sheet '{sheet}': {problem}", sheet=sheet.name,
                                  problem=str(error)))
                continue
            header.sheet = sheet.name
            hidden = book.hidden_cells(sheet.name, last_row)
            _refuse_unsaved_formulas(hidden, header)
            return header, _sheet_chunks(book, _with_errors(numbered, hidden.errors), header,
                                         chunk_rows)
    except BaseException:
        book.close()
        raise
    book.close()
    if not problems:
        raise FileRejected(_("the workbook has no sheet"))
    raise FileRejected("; ".join(problems))


def _sheet_chunks(book: Workbook, numbered: Iterator[tuple[int, list[object]]],
                  header: Header, chunk_rows: int) -> Iterator[Chunk]:
    try:
        yield from chunks(numbered, header, chunk_rows)
    finally:
        book.close()


def _with_errors(numbered: Iterator[tuple[int, list[object]]],
                 errors: dict[tuple[int, int], str]) -> Iterator[tuple[int, list[object]]]:
    """The rows with their Excel error values (`#REF!`) back where calamine left blanks."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row, column), value in errors.items():
        by_row.setdefault(row, []).append((column, value))
    for number, cells in numbered:
        for column, value in by_row.get(number, ()):
            if column < len(cells):
                cells[column] = value
        yield number, cells


def _refuse_unsaved_formulas(hidden: HiddenCells, header: Header) -> None:
    """A formula without a saved result in a column the source reads: the file was written
    by a program and never saved by a spreadsheet; its values are unknown, so the whole file
    is refused with what to do."""
    cells = hidden.unsaved_formulas
    wanted = {position: name for name, position in header.columns.items()}
    hits = sorted((row, wanted[column]) for row, column in cells
                  if column in wanted and row > header.header_row)
    if not hits:
        return
    columns = ", ".join(dict.fromkeys(header.written[name] for _, name in hits))
    raise FileRejected(_(
        "sheet '{sheet}': formulas without a saved value in column(s) {columns} (rows "
        "{first}–{last}): open the file in Excel or LibreOffice and save it again",
        sheet=header.sheet, columns=columns, first=hits[0][0], last=hits[-1][0]))
