"""Files named as a workbook that hold something else, as web applications save them.

SIMFONI-PPA's "Export Excel" and many office web applications give a file named `.xls`
that is no workbook: UTF-16 (or UTF-8) text separated by tabs, or a web page holding an
HTML `<table>`. Excel opens both (after a warning), so offices keep them; a text named
`.xlsx` Excel refuses, so only `.xls` is looked at. `kind` tells them apart by their
content, never their name; `html_rows` reads a page's table rows as a
sheet's rows. A file of neither kind (a real workbook, a damaged one, other binary data)
is left to the workbook reader, which says the file is damaged.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ingest.dialect import detect_encoding, open_text, utf16_of

TEXT, HTML = "text", "html"

_WORKBOOK_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # zip (xlsx, ods), OLE2 (BIFF xls)
_HTML_START = re.compile(r"<\s*(?:!doctype\s+html|html|table|body|head|meta)\b", re.I)
# Excel 2003's SpreadsheetML (`<?xml …><Workbook …>`) is a workbook of another kind: not read.
_XML_START = re.compile(r"^\s*<\?xml", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def kind(path: Path) -> str | None:
    """For a file named `.xls`: `TEXT` for delimited text, `HTML` for a web page, None for
    a workbook or anything else (left to the workbook reader); None for any other name.
    Decided on the file's first 8 KiB."""
    if path.suffix.lower() != ".xls":
        return None
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if not head.strip() or head.startswith(_WORKBOOK_MAGIC):
        return None
    text = _decoded(head)
    if text is None or _XML_START.match(text):
        return None
    if _HTML_START.search(text[:2048]):
        return HTML
    return None if _CONTROL.search(text) else TEXT


def _decoded(head: bytes) -> str | None:
    """The first bytes as text (UTF-16 with or without its mark, else UTF-8 with any other
    byte as Windows-1252), or None for binary data."""
    if wide := utf16_of(head):
        return head.decode(wide, errors="replace")
    if b"\x00" in head:
        return None
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def encoding_shown(path: Path) -> str:
    """The text encoding of a `TEXT` file as a person names it: `UTF-16`, `UTF-8`, or
    `Windows-1252`."""
    encoding = detect_encoding(path)
    if encoding.startswith("utf-16"):
        return "UTF-16"
    return "UTF-8" if encoding == "utf-8-sig" else "Windows-1252"


def html_rows(path: Path) -> tuple[list[list[object]], list[tuple[tuple[int, int],
                                                                   tuple[int, int]]]]:
    """The rows of every `<tr>` of the page, in order, each cell's text with its runs of
    spaces as one (a `<br>` a line break), and the cells merged by `colspan`/`rowspan` as a
    workbook stores them: the value in the first cell, the others blank, the span listed as
    ((first row, column), (last row, column)), 0-based, like `Workbook.merges`."""
    parser = _Table()
    with open_text(path, detect_encoding(path)) as handle:
        while block := handle.read(1 << 20):
            parser.feed(block)
    parser.close()
    return parser.rows, parser.merges


class _Table(HTMLParser):
    """Collects table rows; see `html_rows`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[object]] = []
        self.merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
        self._row: list[object] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)
        # Columns still covered by a cell spanning rows from above: column -> rows left.
        self._below: dict[int, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._end_row()
            self._row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self._row is None:
                self._row = []
            values = dict(attrs)
            self._span = (_span(values.get("colspan")), _span(values.get("rowspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag in ("tr", "table"):
            self._end_row()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def close(self) -> None:
        super().close()
        self._end_row()

    def _skip_covered(self) -> None:
        while self._row is not None and self._below.get(len(self._row), 0) > 0:
            self._row.append(None)

    def _end_cell(self) -> None:
        if self._cell is None or self._row is None:
            return
        self._skip_covered()
        text = "\n".join(" ".join(part.split()) for part in "".join(self._cell).split("\n"))
        text = text.strip("\n")
        columns, rows = self._span
        row, column = len(self.rows), len(self._row)
        self._row.append(text or None)
        self._row.extend([None] * (columns - 1))
        if columns > 1 or rows > 1:
            self.merges.append(((row, column), (row + rows - 1, column + columns - 1)))
        for covered in range(column, column + columns):
            if rows > 1:
                self._below[covered] = rows
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is None:
            return
        self._skip_covered()
        self.rows.append(self._row)
        self._below = {column: left - 1 for column, left in self._below.items() if left > 1}
        self._row = None


def _span(value: str | None) -> int:
    """A `colspan`/`rowspan` attribute as a count (1 when absent or not a number; at most
    1000, as browsers bound it)."""
    try:
        return min(max(int(str(value).strip()), 1), 1000)
    except ValueError:
        return 1
