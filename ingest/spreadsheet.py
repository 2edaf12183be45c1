"""Reading spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) as rows of cells, as they
are rather than as they claim to be.

`python-calamine` (Rust) reads the cells that exist, whatever used range the file declares:
a short `<dimension>` tag or WPS's `A1` (openpyxl's read-only mode trusts the tag: it read 16
of 40 cases of such a register). A sheet padded to row 1,048,576 with empty styled rows
(LibreOffice or Excel after whole-column formatting) is read without its empty rows:
`Workbook.open` drops them from the sheet's XML in one streaming pass, so the 40 cases cost
about what 40 cases cost (`bench/padded_range.py`). So is a sheet whose last row lies far
below its others because of a cell that holds only spaces (a space typed at row 1,048,576):
calamine would hand over every row up to it, so rows whose cells are all blank are left out
(a cell with a number, a formula or any letter keeps its row). Hidden sheets are never read;
the first visible sheet that holds the source's header is (the caller tries them in order). A
formula whose result was never saved (a workbook written by a program and never opened and
saved in a spreadsheet), and an Excel error value (`#REF!`), read as empty cells:
`hidden_cells` finds them in the sheet's XML so the reader can say what they are instead of
reporting missing values (for `.xlsx`/`.xlsm`; the other formats keep saved results). It
finds too the number cells formatted as a percentage: Excel shows `0.855` so as `85,5%`, the
figure the officer typed and reads (calamine gives the stored fraction only); and those
whose format divides what they show (`#,##0,` shows 2931500 as `2.932`): they hold the
full amount, whatever unit a header above them states. Merged cells come from calamine for
`.xlsx` and `.xls`, and from the sheet's XML for `.ods` (`ods_merges`: calamine gives none),
so a name merged down over rows is each row's whatever the format.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from core.i18n import _, number
from ingest.errors import FileRejected
from ingest.sheet_names import Sheet

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_XML_SUFFIXES = (".xlsx", ".xlsm")
# A sheet's XML this large and this much smaller compressed is mostly empty rows (padding).
PADDED_SIZE, PADDED_RATIO = 4 << 20, 12
# A sheet's grid (last row x last column) past this many cells and this many times the cells
# it holds is stretched by a stray cell: refused before calamine builds it. Only sheets whose
# XML is up to STRETCH_READ bytes are looked at (larger ones hold a table that large).
STRETCH_CELLS, STRETCH_RATIO, STRETCH_READ = 20_000_000, 100, 16 << 20
# A sheet whose last row number is past this and this many times its count of rows: stray.
SPARSE_ROW, SPARSE_RATIO = 100_000, 20
_ROW_ELEMENT = re.compile(rb"<row\b[^>]*?(?:/>|>(.*?)</row>)", re.S)
_TYPE = re.compile(rb'\bt="([^"]+)"')
_TEXT = re.compile(rb"<t\b[^>]*>([^<]*)</t>")
_BLOCK = 1 << 22
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW_START = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_CELL = re.compile(rb'<c\b([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>[^<]+</v>|<is>")
_ERROR = re.compile(rb'\bt="e"')
_ERROR_VALUE = re.compile(rb"<v>([^<]+)</v>")
_ROW_ATTRIBUTES = re.compile(rb"<row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool
    worksheet: bool
    number: int  # position among all the workbook's sheets, 1 = the first

    @property
    def sheet(self) -> Sheet:
        """The sheet as messages name it (`ingest.sheet_names`)."""
        return Sheet(self.name, self.number)


class Workbook:
    """A workbook opened for reading: calamine's, its sheets in order, and the zip it was
    read from (the file, or its copy without padding rows)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.archive: Path | io.BytesIO = path
        trimmed = without_empty_rows(path) if path.suffix.lower() in _XML_SUFFIXES else None
        try:
            if trimmed is not None:
                self.archive = io.BytesIO(trimmed)
                self.book = CalamineWorkbook.from_filelike(io.BytesIO(trimmed))
            else:
                self.book = CalamineWorkbook.from_path(str(path))
        except Exception:  # calamine raises several kinds for a broken file
            raise FileRejected(_(
                "the file is damaged or is not an Excel workbook, although its name ends in "
                "{suffix}: open it in Excel or LibreOffice, save it again as .xlsx, and put "
                "the saved copy in the landing folder", suffix=path.suffix)) from None
        # Per sheet read: its merged cells ((first row, column), (last row, column)), 0-based.
        self.merges: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
        self.sheets = [
            SheetInfo(meta.name, meta.visible == SheetVisibleEnum.Visible,
                      meta.typ == SheetTypeEnum.WorkSheet, position)
            for position, meta in enumerate(self.book.sheets_metadata, start=1)
        ]

    def sheet(self, name: str) -> Sheet:
        """The sheet of this name as messages name it."""
        return next(info.sheet for info in self.sheets if info.name == name)

    def rows(self, name: str) -> tuple[Iterator[tuple[int, list[object]]], int]:
        """The sheet's rows numbered as the spreadsheet shows them (1-based), each cell at
        its real column position (`A` = 0), only the cells that exist; and the number of its
        last row holding a cell. Its merged cells are then in `merges[name]` (a merged cell's
        value is in its first cell only, as the file stores it)."""
        self._refuse_stretched(name)
        sheet = self.book.get_sheet_by_name(name)
        self.merges[name] = (ods_merges(self.path, name)
                             if self.path.suffix.lower() == ".ods"
                             else list(getattr(sheet, "merged_cell_ranges", None) or []))
        end = sheet.end
        return _numbered(sheet), 0 if end is None else end[0] + 1

    def _refuse_stretched(self, name: str) -> None:
        """Refuse a sheet whose cells reach far beyond its table (a word typed at
        ZZ1048576): calamine builds the whole grid up to the farthest cell, which for a few
        hundred cells in use asked for 23 GB and killed the process. Raises `FileRejected`
        naming the sheet and how far it reaches; the cell's content is never quoted."""
        if self.path.suffix.lower() not in _XML_SUFFIXES:
            return
        with zipfile.ZipFile(self.archive) as archive:
            member = _sheet_member(archive, name)
            if member is None or archive.getinfo(member).file_size > STRETCH_READ:
                return
            refs = [(_column_index(column.decode()), int(row))
                    for column, row in _REF.findall(archive.read(member))]
        if not refs:
            return
        rows = max(row for _column, row in refs)
        columns = max(column for column, _row in refs) + 1
        if rows * columns <= max(STRETCH_CELLS, STRETCH_RATIO * len(refs)):
            return
        farthest = max(refs, key=lambda ref: (ref[1], ref[0]))
        raise FileRejected(_(
            "{sheet} has a cell as far as {cell} although its table uses {count} "
            "cells: reading it would mean reading every empty cell up to there. Delete what "
            "is below or right of the table (from row {row} or column {column} on) and save "
            "the file again", sheet=self.sheet(name).named,
            cell=f"{_column_letters(farthest[0])}{farthest[1]}",
            count=number(len(refs)), row=number(rows),
            column=_column_letters(columns - 1)))

    def hidden_cells(self, name: str, up_to_row: int) -> HiddenCells:
        if self.path.suffix.lower() not in _XML_SUFFIXES:
            return HiddenCells(set(), {})
        return hidden_cells(self.archive, name, up_to_row)

    @property
    def date1904(self) -> bool:
        """Whether the workbook counts its date numbers from 1 January 1904 (Excel for Mac
        before 2011, `<workbookPr date1904="1"/>`): a date number of it is 1462 days less than
        the same date's number from 30 December 1899. calamine reads its date cells right; a
        plain number cell in a date column must be shifted by the reader."""
        if self.path.suffix.lower() not in _XML_SUFFIXES:
            return False
        try:
            with zipfile.ZipFile(self.archive) as archive:
                workbook = archive.read("xl/workbook.xml")
        except (KeyError, OSError, zipfile.BadZipFile):
            return False
        return re.search(rb"date1904\s*=\s*[\"'](?:1|true)[\"']", workbook) is not None

    def print_lines(self, name: str) -> list[str]:
        """The texts a sheet prints above and below every page (Excel's *Header & Footer*,
        LibreOffice's page style of the sheet), each part (left, centre, right) a line, its
        fields (page number, date, file and sheet name) left out: an office may state the
        figures' unit there only (`&C(dalam ribuan rupiah)`). Empty for a `.xls`/`.xlsb`
        (its binary records are not read) or a sheet printing none."""
        suffix = self.path.suffix.lower()
        try:
            if suffix in _XML_SUFFIXES:
                return _xlsx_print_lines(self.archive, name)
            if suffix == ".ods":
                return _ods_print_lines(self.path, name)
        except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
            return []
        return []

    def close(self) -> None:
        self.book.close()


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_CELLS = (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell")


def ods_merges(path: Path, sheet_name: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The merged cells of an OpenDocument sheet, as calamine gives an `.xlsx`'s: ((first row,
    column), (last row, column)), 0-based (calamine gives none for `.ods`). A merged cell is
    a `table:table-cell` spanning `table:number-rows-spanned` rows and
    `table:number-columns-spanned` columns of `content.xml`; rows and cells repeated
    (`number-rows-repeated`, `number-columns-repeated`, a sheet padded to its last row) are
    counted, never expanded. Read streaming, the sheet's elements let go as they end. A file
    calamine opened but whose XML cannot be read gives none (its cells are read anyway)."""
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    row = column = 0
    inside = 0  # depth of tables within the sheet's table (a table in a cell: not counted)
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            for event, element in ElementTree.iterparse(content, events=("start", "end")):
                tag = element.tag
                if tag == f"{_ODS_TABLE}table":
                    if event == "start" and (inside or element.get(
                            f"{_ODS_TABLE}name") == sheet_name):
                        inside += 1
                    elif event == "end" and inside:
                        inside -= 1
                        if not inside:
                            break
                    continue
                if inside != 1:
                    if event == "end" and not inside:
                        element.clear()
                    continue
                if tag == f"{_ODS_TABLE}table-row":
                    if event == "start":
                        column = 0
                    else:
                        row += int(element.get(f"{_ODS_TABLE}number-rows-repeated", 1))
                        element.clear()
                elif tag in _ODS_CELLS and event == "start":
                    rows = int(element.get(f"{_ODS_TABLE}number-rows-spanned", 1))
                    columns = int(element.get(f"{_ODS_TABLE}number-columns-spanned", 1))
                    if rows > 1 or columns > 1:
                        merges.append(((row, column), (row + rows - 1, column + columns - 1)))
                    column += int(element.get(f"{_ODS_TABLE}number-columns-repeated", 1))
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return []
    return merges


def _numbered(sheet) -> Iterator[tuple[int, list[object]]]:
    start = sheet.start
    if start is None:
        return
    pad = [""] * start[1]
    for position, row in enumerate(sheet.iter_rows(), start=1):
        yield position, pad + [_cell(value) for value in row]


def _cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def without_empty_rows(path: Path) -> bytes | None:
    """The workbook (an uncompressed zip, in memory) with its padded sheets' empty rows and
    its sparse sheets' blank rows left out, or None when no sheet is either. Empty rows hold
    no cell and blank ones only spaces, which read as empty (every cell carries its own
    reference), so what is read is unchanged."""
    try:
        with zipfile.ZipFile(path) as archive:
            items = archive.infolist()
            sheets = [item for item in items if item.filename.startswith("xl/worksheets/")]
            padded = {item.filename for item in sheets
                      if item.file_size > PADDED_SIZE
                      and item.file_size > PADDED_RATIO * max(1, item.compress_size)}
            # A stray cell far below leaves a small sheet: larger ones hold a table that
            # large, and are not read whole here.
            sparse = {item.filename: xml for item in sheets
                      if item.filename not in padded and item.file_size <= STRETCH_READ
                      for xml in [archive.read(item)] if _sparse(xml)}
            if not padded and not sparse:
                return None
            blank = _blank_strings(archive)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
                for item in items:
                    if item.filename in padded:
                        # Padding gone, a space typed at its last row may still stretch it
                        # (the pass keeps the empty rows of the block that holds that row).
                        trimmed = _drop_empty_rows(_Inflated(path, item))
                        last = _ROW_START.search(trimmed, trimmed.rfind(b"<row "))
                        if last is not None and int(last[1]) > SPARSE_ROW:
                            trimmed = _drop_blank_rows(trimmed, blank)
                        target.writestr(item.filename, trimmed)
                    elif item.filename in sparse:
                        target.writestr(item.filename,
                                        _drop_blank_rows(sparse[item.filename], blank))
                    else:
                        target.writestr(item.filename, archive.read(item))
            return out.getvalue()
    except (zipfile.BadZipFile, OSError, zlib.error):
        return None  # calamine says what is wrong with it


def _sparse(xml: bytes) -> bool:
    """Whether a sheet's last row lies far below its others (a stray cell far under the
    table): past `SPARSE_ROW` and `SPARSE_RATIO` times its count of rows."""
    starts = _ROW_START.findall(xml)
    return bool(starts) and int(starts[-1]) > max(SPARSE_ROW, SPARSE_RATIO * len(starts))


def _blank_strings(archive: zipfile.ZipFile) -> set[int]:
    """The positions of the workbook's shared strings that hold only spaces (or nothing)."""
    try:
        xml = archive.read("xl/sharedStrings.xml")
    except KeyError:
        return set()
    return {index for index, item in enumerate(re.findall(rb"<si\b.*?</si>|<si/>", xml, re.S))
            if not b"".join(_TEXT.findall(item)).strip()}


def _drop_blank_rows(xml: bytes, blank: set[int]) -> bytes:
    """A sheet's XML without the rows whose cells are all blank: no value, a shared string
    of `blank`, or text of spaces only. A formula, a number, an error or a letter keeps its
    row."""
    def kept(row: re.Match) -> bytes:
        cells = row.group(1) or b""
        return row.group(0) if any(not _is_blank(cell, blank)
                                   for cell in _CELL.finditer(cells)) else b""
    return _ROW_ELEMENT.sub(kept, xml)


def _is_blank(cell: re.Match, blank: set[int]) -> bool:
    attributes, body = cell.group(1), cell.group(2) or b""
    if b"<f" in body:
        return False
    kind = _TYPE.search(attributes)
    kind = kind.group(1) if kind else b"n"
    value = re.search(rb"<v>([^<]*)</v>", body)
    if kind == b"s":
        return value is None or int(value.group(1) or 0) in blank
    if kind == b"inlineStr":
        return not b"".join(_TEXT.findall(body)).strip()
    return value is None or (kind == b"str" and not value.group(1).strip())


class _Inflated:
    """A deflated zip member read in blocks straight from the file (zipfile would also
    checksum every byte of the padding: a fifth of the pass)."""

    def __init__(self, path: Path, item: zipfile.ZipInfo) -> None:
        if item.compress_type != zipfile.ZIP_DEFLATED:
            raise zipfile.BadZipFile("not deflated")
        self.handle = open(path, "rb")  # noqa: SIM115 - closed when the stream ends
        self.handle.seek(item.header_offset)
        local = self.handle.read(30)
        if local[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile("no local header")
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        self.handle.seek(item.header_offset + 30 + name_length + extra_length)
        self.left = item.compress_size
        self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)

    def read(self, size: int) -> bytes:
        """About `size` bytes (whole inflated input blocks), b"" at the end."""
        out = []
        produced = 0
        while produced < size and self.left > 0:
            raw = self.handle.read(min(self.left, 1 << 18))
            self.left -= len(raw)
            out.append(self.inflate.decompress(raw))
            produced += len(out[-1])
        if self.left <= 0 and not self.handle.closed:
            out.append(self.inflate.flush())
            self.handle.close()
        return b"".join(out)


def _drop_empty_rows(stream) -> bytes:
    """A sheet's XML without its empty rows, in one streaming pass that keeps the parts
    before and after `<sheetData>` and every row holding a cell."""
    kept = bytearray()
    pending = bytearray()
    state = "prefix"
    while True:
        block = stream.read(_BLOCK)
        pending += block
        if state == "prefix":
            start = pending.find(b"<sheetData")
            close = pending.find(b">", start) if start >= 0 else -1
            if close >= 0:
                kept += pending[: close + 1]
                del pending[: close + 1]
                state = "suffix" if kept.endswith(b"/>") else "rows"
        if state == "rows":
            end = pending.find(b"</sheetData>")
            if end >= 0:
                _settle_rows(kept, pending)
                end = pending.find(b"</sheetData>")
                if pending.rfind(b"</row>", 0, end) >= 0:
                    kept += pending[:end]
                kept += pending[end:]
                pending.clear()
                state = "suffix"
            else:
                _settle_rows(kept, pending)
        if state == "suffix":
            kept += pending
            pending.clear()
        if not block:
            return bytes(kept + pending)


def _settle_rows(kept: bytearray, pending: bytearray) -> None:
    """Move the complete rows at the head of `pending` out of it: rows up to the last
    `</row>` (rows that can hold cells) into `kept`; a run of self-closing `<row …/>` (empty
    rows, the padding) away. `pending` always begins at a row boundary."""
    closed = pending.rfind(b"</row>")
    if closed >= 0:
        kept += pending[: closed + 6]
        del pending[: closed + 6]
        return
    # No row ends with </row>: every complete row here is self-closing, hence empty; the
    # last row start may be an open row whose cells are still to come.
    last = pending.rfind(b"<row")
    if last < 0:
        return
    close = pending.find(b">", last)
    cut = close + 1 if close >= 0 and pending[close - 1:close] == b"/" else last
    del pending[:cut]


@dataclass
class HiddenCells:
    """Cells calamine shows empty that are not: formulas whose result was never saved, and
    Excel error values (`#REF!`, `#N/A`, … by (row, column))."""

    unsaved_formulas: set[tuple[int, int]]
    errors: dict[tuple[int, int], str]
    hidden_rows: set[int] = field(default_factory=set)  # rows hidden (a filter, Hide), 1-based
    # Number cells formatted as a percentage (`0.855` shown as `85,5%`).
    percent: set[tuple[int, int]] = field(default_factory=set)
    # Number cells whose format divides what they show (`#,##0,`: 2931500 shown as 2.932):
    # the divisor. They hold the full figure, whatever unit a header states.
    scaled: dict[tuple[int, int], int] = field(default_factory=dict)


def hidden_cells(archive: Path | io.BytesIO, sheet_name: str, up_to_row: int) -> HiddenCells:
    """The formula cells without a saved result and the error cells of an `.xlsx` sheet —
    (1-based row, 0-based column) — and its hidden rows, down to `up_to_row` (the XML after
    it is not read)."""
    found = HiddenCells(set(), {})
    with zipfile.ZipFile(archive) as opened:
        member = _sheet_member(opened, sheet_name)
        if member is None:
            return found
        shown = _display_styles(opened)
        with opened.open(member) as stream:
            carry = b""
            while block := stream.read(1 << 20):
                data = carry + block
                starts = list(_ROW_START.finditer(data))
                if not starts:
                    carry = data
                    continue
                cut = starts[-1].start()  # everything before the last row start is complete
                _scan(data[:cut], found, up_to_row, shown)
                carry = data[cut:]
                if int(starts[-1].group(1)) > up_to_row:
                    return found
            _scan(carry, found, up_to_row, shown)
    return found


_STYLE = re.compile(rb'\bs="(\d+)"')
_PERCENT_FORMATS = {9, 10}  # Excel's built-in `0%` and `0.00%`
PERCENT = 100  # a style showing a number times 100, with `%`
# Commas after a format's last digit placeholder (`#,##0,` shows 2931500 as 2.932, `#,##0,,`
# as 3): each divides what the cell shows by 1 000.
_SCALING_COMMAS = re.compile(r"[0#?](,+)(?![0#?,])")


def _numeric(attributes: bytes) -> bool:
    kind = _TYPE.search(attributes)
    return kind is None or kind.group(1) == b"n"


def _display_styles(archive: zipfile.ZipFile) -> dict[bytes, int]:
    """The cell style indices (`s="…"` of a cell) whose number format shows a number other
    than it is held: `PERCENT` for a percentage (built in, or a custom format with `%`), the
    divisor for a format scaled by commas (1 000 for `#,##0,`, 1 000 000 for `#,##0,,`)."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return {}
    shown: dict[int, int] = dict.fromkeys(_PERCENT_FORMATS, PERCENT)
    for fmt in styles.iter(f"{_MAIN}numFmt"):
        if not (fmt.get("numFmtId") or "").isdigit():
            continue
        # The positive section, without quoted text, escaped characters and [colours].
        code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt.get("formatCode") or "")
        code = code.split(";")[0]
        if "%" in code:
            shown[int(fmt.get("numFmtId"))] = PERCENT
        elif scaling := _SCALING_COMMAS.search(code):
            shown[int(fmt.get("numFmtId"))] = 1000 ** len(scaling.group(1))
    cell_xfs = styles.find(f"{_MAIN}cellXfs")
    if cell_xfs is None:
        return {}
    return {str(index).encode(): shown[int(xf.get("numFmtId") or 0)]
            for index, xf in enumerate(cell_xfs.iter(f"{_MAIN}xf"))
            if int(xf.get("numFmtId") or 0) in shown}


def _scan(xml: bytes, found: HiddenCells, up_to_row: int, shown: dict[bytes, int]) -> None:
    if b'hidden="' in xml:
        for attributes in _ROW_ATTRIBUTES.findall(xml):
            number = _ROW_NUMBER.search(attributes)
            if number and _HIDDEN.search(attributes) and int(number.group(1)) <= up_to_row:
                found.hidden_rows.add(int(number.group(1)))
    if b"<f" not in xml and b'"e"' not in xml and not shown:
        return
    for attributes, inner in _CELL.findall(xml):
        if not inner:
            continue
        if shown and _numeric(attributes) and _VALUE.search(inner):
            _shown_cell(attributes, found, up_to_row, shown)
        error = _ERROR.search(attributes) is not None
        if not error and (b"<f" not in inner or _VALUE.search(inner)):
            continue
        ref = _REF.search(attributes)
        if not ref or int(ref.group(2)) > up_to_row:
            continue
        cell = (int(ref.group(2)), _column_index(ref.group(1).decode()))
        if error:
            value = _ERROR_VALUE.search(inner)
            found.errors[cell] = value.group(1).decode() if value else "#VALUE!"
        else:
            found.unsaved_formulas.add(cell)


def _shown_cell(attributes: bytes, found: HiddenCells, up_to_row: int,
                shown: dict[bytes, int]) -> None:
    """Note a number cell a percentage or scaled format shows otherwise than it holds."""
    ref = _REF.search(attributes)
    if not ref or int(ref.group(2)) > up_to_row:
        return
    cell = (int(ref.group(2)), _column_index(ref.group(1).decode()))
    style = _STYLE.search(attributes)
    kind = shown.get(style.group(1)) if style else None
    if kind == PERCENT:
        found.percent.add(cell)
    elif kind is not None:
        found.scaled[cell] = kind


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _column_letters(index: int) -> str:
    """A column's letters from its index (`A` = 0): the inverse of `_column_index`."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


_HEADER_FOOTER = re.compile(rb"<(?:\w+:)?headerFooter\b[^>]*?/>"
                            rb"|<(?:\w+:)?headerFooter\b.*?</(?:\w+:)?headerFooter>", re.S)
_PREFIX = re.compile(rb"<(/?)\w+:")
# Excel's header and footer codes: `&L`, `&C`, `&R` open the left, centre and right parts;
# `&"Arial,Bold"` a font, `&12` a size, `&K00FF00` a colour, `&B`, `&P`, `&D`... a style or a
# field (page, pages, date, time, path, file, sheet, picture); `&&` is an ampersand.
_PRINT_PART = re.compile(r"&[LCR]")
_PRINT_CODE = re.compile(r'&"[^"]*"|&K(?:[0-9A-Fa-f]{6}|\d\d[+-]\d{3})|&\d+|&[+-]\d*|&[A-Za-z]')


def _xlsx_print_lines(archive: Path | io.BytesIO, sheet_name: str) -> list[str]:
    """The header and footer texts of an `.xlsx` sheet (`<headerFooter>`, after the sheet's
    cells: the XML is streamed to it), each part a line, codes left out."""
    with zipfile.ZipFile(archive) as opened:
        member = _sheet_member(opened, sheet_name)
        if member is None:
            return []
        found = None
        with opened.open(member) as stream:
            carry = b""
            while block := stream.read(1 << 20):
                data = carry + block
                start = data.find(b"headerFooter")
                if start < 0:
                    carry = data[-64:]
                    continue
                data = data[max(0, data.rfind(b"<", 0, start)):]
                while (found := _HEADER_FOOTER.search(data)) is None:
                    more = stream.read(1 << 16)
                    if not more:
                        return []
                    data += more
                break
    if found is None:
        return []
    element = ElementTree.fromstring(_PREFIX.sub(rb"<\1", found.group(0)))
    lines: list[str] = []
    for part in element:
        for text in _PRINT_PART.split((part.text or "").replace("&&", "\0")):
            text = _PRINT_CODE.sub(" ", text).replace("\0", "&")
            if text := " ".join(text.split()):
                lines.append(text)
    return lines


_ODS = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
        "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
# Fields of an `.ods` page style's header or footer: their text is a placeholder.
_ODS_FIELDS = {f"{{{_ODS['text']}}}{name}" for name in (
    "sheet-name", "page-number", "page-count", "date", "time", "file-name", "title")}


def _ods_print_lines(path: Path, sheet_name: str) -> list[str]:
    """The header and footer texts of an `.ods` sheet: those of the page style (master page)
    its table's style names, `Default` when it names none; each paragraph or region a line,
    fields left out."""
    table_style, master_of = None, {}
    with zipfile.ZipFile(path) as opened:
        with opened.open("content.xml") as content:
            for _event, element in ElementTree.iterparse(content, events=("start",)):
                if element.tag == f"{{{_ODS['style']}}}style":
                    master = element.get(f"{{{_ODS['style']}}}master-page-name")
                    if master is not None:
                        master_of[element.get(f"{{{_ODS['style']}}}name")] = master
                elif (element.tag == f"{{{_ODS['table']}}}table"
                      and element.get(f"{{{_ODS['table']}}}name") == sheet_name):
                    table_style = element.get(f"{{{_ODS['table']}}}style-name")
                    break
        styles = ElementTree.fromstring(opened.read("styles.xml"))
    wanted = master_of.get(table_style) or "Default"
    lines: list[str] = []
    for page in styles.iter(f"{{{_ODS['style']}}}master-page"):
        if page.get(f"{{{_ODS['style']}}}name") != wanted:
            continue
        for part in page:
            if part.get(f"{{{_ODS['style']}}}display") == "false":
                continue
            for paragraph in part.iter(f"{{{_ODS['text']}}}p"):
                if text := " ".join(_ods_text(paragraph).split()):
                    lines.append(text)
    return lines


def _ods_text(element: ElementTree.Element) -> str:
    """An `.ods` paragraph's text without its fields' placeholders."""
    text = "" if element.tag in _ODS_FIELDS else (element.text or "")
    for child in element:
        text += " " + _ods_text(child) + " " + (child.tail or "")
    return text


def _sheet_member(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding a sheet's XML, from the workbook and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return None
    targets = {rel.get("Id"): rel.get("Target")
               for rel in relations.iter(f"{_PKG_REL}Relationship")}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        if sheet.get("name") == sheet_name:
            target = targets.get(sheet.get(f"{_REL}id"))
            if not target:
                return None
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))
    return None
