"""Reading spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) as rows of cells, as they
are rather than as they claim to be.

`python-calamine` (Rust) reads the cells that exist, whatever used range the file declares:
a short `<dimension>` tag, WPS's `A1`, or a range padded to row 1,048,576 (openpyxl's
read-only mode trusts the tag: it truncated the first and spent ~100× the real rows on the
last; `bench/padded_range.py` measures both). Hidden sheets are never read; the first
visible sheet that holds the source's header is (the caller tries them in order). A formula
whose result was never saved (a workbook written by a program and never opened and saved in a
spreadsheet), and an Excel error value (`#REF!`), read as empty cells: `hidden_cells` finds
them in the sheet's XML so the reader can say what they are instead of reporting missing
values (for `.xlsx`/`.xlsm`; the other formats keep saved results).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from core.i18n import _
from ingest.errors import FileRejected

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
_XML_SUFFIXES = (".xlsx", ".xlsm")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW_TAG = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_CELL = re.compile(rb'<c\b([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>[^<]+</v>|<is>")
_ERROR = re.compile(rb'\bt="e"')
_ERROR_VALUE = re.compile(rb"<v>([^<]+)</v>")


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool
    worksheet: bool


def open_workbook(path: Path) -> tuple[CalamineWorkbook, list[SheetInfo]]:
    """The workbook and its sheets in order; `FileRejected` when it cannot be read."""
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises several kinds for a broken file
        raise FileRejected(_("not a readable spreadsheet ({error})",
                             error=type(error).__name__)) from None
    sheets = [
        SheetInfo(meta.name, meta.visible == SheetVisibleEnum.Visible,
                  meta.typ == SheetTypeEnum.WorkSheet)
        for meta in book.sheets_metadata
    ]
    return book, sheets


def _cell(value: object) -> object:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def sheet_rows(book: CalamineWorkbook, name: str) -> Iterator[tuple[int, list[object]]]:
    """The sheet's rows numbered as the spreadsheet shows them (1-based), each cell at its
    real column position (`A` = 0), only the cells that exist."""
    sheet = book.get_sheet_by_name(name)
    start = sheet.start
    if start is None:
        return
    pad = [""] * start[1]
    for number, row in enumerate(sheet.iter_rows(), start=1):
        yield number, pad + [_cell(value) for value in row]


def last_row(book: CalamineWorkbook, name: str) -> int:
    """The 1-based number of the sheet's last row holding a cell."""
    end = book.get_sheet_by_name(name).end
    return 0 if end is None else end[0] + 1


@dataclass
class HiddenCells:
    """Cells calamine shows empty that are not: formulas whose result was never saved, and
    Excel error values (`#REF!`, `#N/A`, … by (row, column))."""

    unsaved_formulas: set[tuple[int, int]]
    errors: dict[tuple[int, int], str]


def hidden_cells(path: Path, sheet_name: str, up_to_row: int) -> HiddenCells:
    """The formula cells without a saved result and the error cells of an `.xlsx` sheet —
    (1-based row, 0-based column) — down to `up_to_row` (the XML after it is not read, so a
    range padded to row 1,048,576 costs nothing here)."""
    found = HiddenCells(set(), {})
    if path.suffix.lower() not in _XML_SUFFIXES:
        return found
    with zipfile.ZipFile(path) as archive:
        member = _sheet_member(archive, sheet_name)
        if member is None:
            return found
        with archive.open(member) as stream:
            carry = b""
            while block := stream.read(1 << 20):
                data = carry + block
                cut = data.rfind(b"</row>")
                if cut < 0:
                    carry = data
                    continue
                complete, carry = data[: cut + 6], data[cut + 6:]
                _scan(complete, found, up_to_row)
                rows = _ROW_TAG.findall(complete)
                if rows and int(rows[-1]) > up_to_row:
                    return found
            _scan(carry, found, up_to_row)
    return found


def _scan(xml: bytes, found: HiddenCells, up_to_row: int) -> None:
    if b"<f" not in xml and b'"e"' not in xml:
        return
    for attributes, inner in _CELL.findall(xml):
        if not inner:
            continue
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


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


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
