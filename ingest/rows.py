"""Rows under the header: blank rows, total rows (`JUMLAH`, `TOTAL`, subtotals, `SURPLUS /
(DEFISIT)`), lines that may be under the table rather than in it (sources, notes, signature
blocks), CSV rows that cannot be split into cells, and the chunks of text cells the loader
reads.

Where the table ends: a row whose first filled cell opens a note or a signature block
(`Sumber:`, `Catatan`, `Mengetahui`, `Kupang, 29 Desember 2023`, `NIP. …`, …) and fills at
most three cells, a row of a legend however wide (`Keterangan: | L = Laki-laki | P =
Perempuan | …`, every cell after the opening an entry `key = words`), a row of one filled
cell, and — after a note's or signature block's opening, not a legend's — rows of at most as
many filled cells as it (two at least: the signers' names side by side) are *footer
candidates*. The loader drops the
candidates below the last data row unread (nothing of them is stored, their number is in the
ledger message) and reads those above it as the data rows they are (no record is lost to a
look-alike: they are then quarantined if incomplete).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.i18n import _, ngettext
from ingest import parse
from ingest.errors import FileRejected
from ingest.headers import NUMBERING_CELL, Header, layout_key

# `JUMLAH`, its short form `JML`, as print sheets space it out (`J U M L A H`), and the row of
# averages under a table (`RATA-RATA`).
TOTAL_LABEL = re.compile(
    r"^\s*(jumlah|jmlh?|total|grand\s*total|sub\s*-?\s*(?:total|jumlah|jmlh?)|surplus|defisit|"
    r"j\s+u\s+m\s+l\s+a\s+h|t\s+o\s+t\s+a\s+l|rata\s*-?\s*rata|rata2|rerata)\b",
    re.IGNORECASE)
# A cell holding a number written as text (`2023`, `1`, `490.000`, `(1.250,5)`, `-25000`,
# `12 %`), not a code (`4.1.02.01`, `2.08.03.1.01`: its parts are not groups of three): a
# CSV writes every cell as text, so a total row's Tahun and Bulan there are text where a
# workbook's are number cells, passed over alike when looking for a total's label.
NUMBER_TEXT = re.compile(
    r"^\s*[(+\-−]?\s*(?:\d+|\d{1,3}(?:[.,\s']\d{3})+)(?:[.,]\d+)?\s*\)?\s*%?\s*$")
# A summary row of averages (`RATA-RATA`): dropped like a total, never reconciled as a sum.
AVERAGE_LABEL = re.compile(r"^\s*(rata\s*-?\s*rata|rata2|rerata)\b", re.IGNORECASE)
# A total row that adds up its section only (the rows since the previous total).
SUBTOTAL_LABEL = re.compile(r"^\s*sub\s*-?\s*(?:total|jumlah|jmlh?)\b", re.IGNORECASE)
FOOTER_START = re.compile(
    r"^\s*(sumber\b|source\b|catatan\b|keterangan\b|ket\s*[:.]|note\b|nb\s*[:.]|mengetahui\b|"
    r"menyetujui\b|disetujui\b|disahkan\b|dibuat\s+oleh\b|diperiksa\b|a\.?\s*n\.?\s|plt\.?\s|"
    r"plh\.?\s|kepala\s|nip\b|\*\)|"
    r"[a-z][a-z .'-]{1,40},\s*\d{1,2}\s+[a-z]+\.?\s+\d{4}\s*$)",
    re.IGNORECASE)

# One entry of a legend under a table (`L = Laki-laki`, `KtA = Kekerasan terhadap Anak`,
# `P: Perempuan`): a short key of at most three words, `=` or `:`, and words.
LEGEND_ITEM = re.compile(r"^\s*[^\s=:]{1,20}(?:\s+[^\s=:]{1,20}){0,2}\s*[=:]\s*[^\W\d_]")


# A cell a template fills to show how to write it, not a value: a date's format
# (`dd/mm/yyyy`, `tgl-bln-thn`), a number's digits crossed out (`UPTD/2023/xxx`, `XX`), dots.
PLACEHOLDER = re.compile(
    r"^\s*(?:(?:dd|tgl|hh|mm|bb|bln|yyyy|yy|tttt|thn)(?:\s*[/\-.]\s*(?:dd|tgl|hh|mm|bb|bln|"
    r"yyyy|yy|tttt|thn)){2}|\S*(?<![^\W\d_])[xX]{2,}(?![^\W\d_])\S*|\.{3,}|…+)\s*$",
    re.IGNORECASE)

# What every `PLACEHOLDER` holds (a format word, a run of x, three dots or an ellipsis): the
# cells without any of it are no placeholder.
_PLACEHOLDER_PART = re.compile(r"dd|tgl|hh|mm|bb|bln|yy|tttt|thn|xx|\.\.\.|…", re.IGNORECASE)


def example_rows(frame: pd.DataFrame, columns: list[str],
                 figures: Collection[str] = ()) -> pd.Series:
    """Per row of `frame` (cells as read), whether it is a template's example (`1 |
    UPTD/2023/xxx | dd/mm/yyyy | Anak Perempuan | …`), not a record: two cells or more of
    `columns` are `PLACEHOLDER`s where a placeholder cannot be a value. In `figures` (the
    columns `ColumnSpec.figure_marks` declares) a sign of a figure not available (`...`,
    `…`: `parse.NO_VALUE`) is a value, no placeholder: an indicator whose target and
    realisation are `…` is a record. One placeholder alone is a record's value (a case
    number not yet given), read and refused if it must be. Text cells of either dtype (a
    CSV's strings, a workbook's objects) are judged alike."""
    hits = pd.Series(0, index=frame.index)
    for name in columns:
        cells = frame[name]
        if cells.dtype != object and not isinstance(cells.dtype, pd.StringDtype):
            continue
        value = name in figures
        # Only a cell holding what every placeholder holds is matched cell by cell: a year
        # of SIMFONI-PPA (120k rows × 13 columns) was 1.6M matches, 2 CPU s of its ingest.
        maybe = cells.astype("string").str.contains(_PLACEHOLDER_PART, na=False
                                                    ).to_numpy(dtype=bool)
        found = cells[maybe].map(lambda cell, value=value: isinstance(cell, str)
                                 and PLACEHOLDER.match(cell) is not None
                                 and not (value and parse.not_available(cell)))
        hits.loc[found.index[found.to_numpy(dtype=bool)]] += 1
    return hits >= 2


def is_legend_row(filled: list[object]) -> bool:
    """A row of a legend, whatever its width: every filled cell an entry (`L = Laki-laki`),
    but a first one that may open a note (`Keterangan:`), and one entry at least."""
    first = 1 if isinstance(filled[0], str) and FOOTER_START.match(filled[0]) else 0
    entries = filled[first:]
    return bool(entries) and all(isinstance(cell, str) and LEGEND_ITEM.match(cell)
                                 for cell in entries)


@dataclass
class Chunk:
    """Data rows of one slice of a file: text cells under canonical names + file row numbers."""

    frame: pd.DataFrame  # canonical columns, plus `_row` (1-based row number in the file)
    total_rows: pd.DataFrame  # rows labelled JUMLAH/TOTAL/…, same shape, not data
    broken_rows: list[tuple[int, str]] = field(default_factory=list)  # (row, reason): no data
    footer_rows: pd.DataFrame | None = None  # footer candidates, same shape (see module doc)
    labels: dict[int, str] = field(default_factory=dict)  # total row -> its label as written
    layout_rows: int = 0  # header rows repeated, column-number rows, titles repeated: no data
    section_rows: list[int] = field(default_factory=list)  # headings (`is_section_row`)
    # Total rows whose figures are formulas without a saved value: not reconcilable.
    unsaved_totals: list[int] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # data rows hidden in the sheet


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or (
        isinstance(cell, float) and cell != cell)


def is_blank_row(cells: list[object]) -> bool:
    return all(_is_blank(cell) for cell in cells)


_WORD = re.compile(r"[^\W\d_]")


def _is_text(cell: object) -> bool:
    return isinstance(cell, str) and bool(cell.strip()) and not NUMBER_TEXT.match(cell)


def total_label(cells: list[object], header: Header | None = None) -> str | None:
    """The label of a total row (`JUMLAH BELANJA`), or None for another row: one whose
    first text (after blank cells and numbers, typed or written as text in a CSV, wherever
    it stands: SIPD writes it in the Uraian column) begins with a total's word, unless
    (given its `header`) the row fills every other column naming a record (`Header.keys`)
    or writes a word in another column of free text (`Header.texts`): an indicator
    `Jumlah kabupaten/kota yang melaksanakan PUG` beside its code, or without its code but
    with its unit (`kab/kota`), is data (quarantined if incomplete), in a CSV as in a
    workbook."""
    for position, cell in enumerate(cells):
        if _is_text(cell):
            if not TOTAL_LABEL.match(cell):
                return None
            others = [key for key in header.keys if key != position] if header else []
            if others and all(key < len(cells) and not _is_blank(cells[key]) for key in others):
                return None
            if header and any(at != position and at < len(cells) and _is_text(cells[at])
                              and _WORD.search(cells[at]) for at in header.texts):
                return None
            return cell.strip()
    return None


_NUMBERING = re.compile(NUMBERING_CELL)


def is_layout_row(cells: list[object], header: Header) -> bool:
    """Whether a row below the header repeats the table's layout rather than holding data:
    the header row(s) again (a header printed on every page: at least two filled cells, each
    the header's cell in its place), the row of column numbers (`1 2 3 …`: at least three
    filled cells, whole numbers each one more than the one before), or a title row above
    the header again."""
    keys = [layout_key(cell) for cell in cells]
    filled = [(position, key) for position, key in enumerate(keys) if key]
    if not filled:
        return False
    if len(filled) >= 2 and header.rows and all(
            any(position < len(row) and row[position] == key for row in header.rows)
            for position, key in filled):
        return True
    if len(filled) >= 3:
        numbers = [_NUMBERING.match(key) for _, key in filled]
        if all(numbers) and all(int(later[1]) == int(earlier[1]) + 1 for earlier, later
                                in zip(numbers, numbers[1:], strict=False)):
            return True
    text = " ".join(key for _, key in filled)
    return any(layout_key(title) == text for _, title in header.titles)


# A heading's enumerator: `I.`, `II)`, `A.`, `3.`.
_ENUMERATED = re.compile(r"^\s*(?:[IVXLC]+|[A-Z]|\d{1,2})[.)]\s+\S", re.IGNORECASE)


def is_section_row(cells: list[object], header: Header) -> bool:
    """Whether a row is a heading inside the table (`II. BIDANG PKA`, `TRIWULAN I`): one
    filled cell, a text with a letter, enumerated, or else where a row begins (in or left
    of the table's first column) outside every required column. A row of one required value
    (a case number alone) is an incomplete record, not a heading; so is a value alone under
    a later column (`Kesehatan` under Layanan: a case's service continued on the next row),
    which is quarantined, never dropped."""
    filled = [(position, cell) for position, cell in enumerate(cells) if not _is_blank(cell)]
    if len(filled) != 1:
        return False
    position, cell = filled[0]
    if not isinstance(cell, str) or not re.search(r"[^\W\d_]", cell):
        return False
    if _ENUMERATED.match(cell):
        return True
    first = min(header.columns.values(), default=0)
    return position not in header.required and position <= first


class FooterState:
    """Tells footer candidates row by row (see the module docstring)."""

    def __init__(self) -> None:
        self.opened = 0  # cells of the row that opened a footer (0: none open)

    def is_candidate(self, cells: list[object]) -> bool:
        filled = [cell for cell in cells if not _is_blank(cell)]
        if len(filled) <= 3 and isinstance(filled[0], str) and bool(
                FOOTER_START.match(filled[0])):
            self.opened = max(2, len(filled))
            return True
        if is_legend_row(filled):
            # A legend's width says nothing of the rows after it: only another row of
            # entries (or of one cell) is a line of it, a record of fewer cells is none.
            self.opened = 1
            return True
        if len(filled) == 1 or len(filled) <= self.opened:
            return True
        self.opened = 0
        return False


def footer_mask(filled: np.ndarray, opens: np.ndarray, neutral: np.ndarray,
                legend: np.ndarray) -> np.ndarray:
    """The same as `FooterState`, column-wise: `filled` counts filled cells per row, `opens`
    marks rows whose first filled cell opens a footer, `legend` the rows of a legend
    (`is_legend_row`), `neutral` blank and total rows."""
    positions = np.arange(len(filled))
    starts = opens & (filled <= 3) & ~neutral
    opening = (starts | legend) & ~neutral
    last_open = np.maximum.accumulate(np.where(opening, positions, -1))
    # A note or signature block opens a footer of its width (two at least: names side by
    # side); a legend one of rows of one cell (its other rows are openings themselves).
    opened_width = np.where(starts, np.maximum(2, filled), 1)
    width = np.where(last_open >= 0, opened_width[np.maximum(last_open, 0)], 1)
    closing = ~neutral & ~opening & (filled > width)
    last_close = np.maximum.accumulate(np.where(closing, positions, -1))
    opened = last_open > last_close
    return ~neutral & (opening | (filled == 1) | (opened & (filled <= width)))


def frame_of(records: list[list[object]], numbers: list[int], header: Header) -> pd.DataFrame:
    """The wanted cells of `records` under their canonical names (and the cells of region
    code columns as `<region>__code`), plus `_row`."""
    data = {
        name: [cells[pos] if pos < len(cells) else None for cells in records]
        for name, pos in header.columns.items()
    }
    for name, pos in header.codes.items():
        data[f"{name}__code"] = [cells[pos] if pos < len(cells) else None for cells in records]
    frame = pd.DataFrame(data, dtype=object)
    frame["_row"] = numbers
    return frame


def broken_row_reason(
    cells: list[object], width: int, line: str = "", delimiter: str = ""
) -> str | None:
    """Why a CSV row cannot be read cell by cell, or None: it must reach the header's last
    named column and hold nothing beyond the header's cells. `line` is the row as written."""
    filled = len(cells)
    while filled and is_blank_row(cells[filled - 1:filled]):
        filled -= 1
    if len(cells) >= width and filled <= width:
        return None
    for other in (";", ",", "\t", "|"):
        if line and other != delimiter and "\n" not in line.rstrip("\r\n") and len(
                next(csv.reader([line.rstrip("\r\n")], delimiter=other))) == width:
            return _("the row has {cells} cells where the header has {width}: it is separated "
                     "by {other}, the rest of the file by {delimiter}", cells=len(cells),
                     width=width, other=shown_delimiter(other),
                     delimiter=shown_delimiter(delimiter))
    if any("\n" in cell for cell in cells if isinstance(cell, str)):
        return _("the row has {cells} cells where the header has {width}: an unclosed quote "
                 "(\") swallowed the lines after it", cells=len(cells), width=width)
    if any('"' in cell for cell in cells if isinstance(cell, str)):
        return _("the row has {cells} cells where the header has {width}: a stray quote (\") "
                 "joined cells together", cells=len(cells), width=width)
    if len(cells) < width:
        return _("the row has {cells} cells where the header has {width}: the line is cut "
                 "short (a truncated file?) or uses another delimiter", cells=len(cells),
                 width=width)
    return _("the row has {cells} cells where the header has {width}: a value holds the "
             "delimiter without quotes, or the row uses another delimiter", cells=filled,
             width=width)


def swallowed_rows(cells: list[object], header: Header, number: int, line: str,
                   delimiter: str) -> str | None:
    """Why CSV row `number` swallowed rows below it, or None. A quote (`"`) opening a cell
    and left open (or closed far below) runs every line after it into that cell, and the
    rows on those lines would be lost without a word. Of the lines the row was read from
    (`line`, as written), one after the first holding the header's number of delimiters
    reads as a whole row, and one such with its quotes in pairs proves the swallowing: a
    text of several lines (a Kronologi) holds none, the last line, closing its quote, being
    the only one that may hold the delimiters of the cells after it. The message names the
    row and the column as the file writes them, never the cell's text."""
    opened = next((position for position, cell in enumerate(cells)
                   if isinstance(cell, str) and ("\n" in cell or "\r" in cell)), None)
    if opened is None or header.cells < 3:
        return None
    rowlike = [part for part in line.splitlines()[1:]
               if part.count(delimiter) >= header.cells - 1]
    if all(part.count('"') % 2 for part in rowlike):
        return None
    written = header.names[opened] if opened < len(header.names) else ""
    return ngettext(
        "row {row}: the quote (\") opening the cell of column {column} is not closed on its "
        "line, so {rows} line below it that reads as a whole row was swallowed into that "
        "cell: close the quote (or remove it) and save the file again",
        "row {row}: the quote (\") opening the cell of column {column} is not closed on its "
        "line, so {rows} lines below it that read as whole rows were swallowed into that "
        "cell: close the quote (or remove it) and save the file again", len(rowlike),
        row=number, column=written or _("number {position}", position=opened + 1),
        rows=len(rowlike))


def shown_delimiter(delimiter: str) -> str:
    return _("tab") if delimiter == "\t" else f"'{delimiter}'"


class _Collector:
    """The rows of one chunk, by kind."""

    def __init__(self) -> None:
        self.records: list[list[object]] = []
        self.numbers: list[int] = []
        self.totals: list[list[object]] = []
        self.total_numbers: list[int] = []
        self.footers: list[list[object]] = []
        self.footer_numbers: list[int] = []
        self.broken: list[tuple[int, str]] = []
        self.labels: dict[int, str] = {}
        self.layout_rows = 0
        self.sections: list[int] = []

    def titles_above(self, number: int) -> int:
        """Drops the footer candidates and headings right above row `number`, a row
        repeating the layout (no data or total row between): the title, or a page's
        signature, of the table that follows. Returns how many."""
        last = max(self.numbers[-1:] + self.total_numbers[-1:] + [row for row, _ in
                                                                   self.broken[-1:]],
                   default=0)
        keep = sum(1 for row in self.footer_numbers if row < last)
        dropped = len(self.footer_numbers) - keep
        del self.footers[keep:], self.footer_numbers[keep:]
        headings = sum(1 for row in self.sections if row < last)
        dropped += len(self.sections) - headings
        del self.sections[headings:]
        return dropped

    def chunk(self, header: Header) -> Chunk:
        return Chunk(frame_of(self.records, self.numbers, header),
                     frame_of(self.totals, self.total_numbers, header), self.broken,
                     frame_of(self.footers, self.footer_numbers, header), self.labels,
                     self.layout_rows, self.sections)


def chunks(
    rows: Iterator[tuple[int, list[object]]], header: Header, chunk_rows: int,
    strict_width: bool = False, raw_line: Callable[[], tuple[str, str]] | None = None,
) -> Iterator[Chunk]:
    """The rows below the header, row by row, in chunks of `chunk_rows` data rows: blank
    rows and rows repeating the layout (`is_layout_row`, counted) skipped, total rows and
    footer candidates apart, and (`strict_width`, for CSV) rows
    that do not split into the header's cells kept as broken rows with the reason."""
    collected = _Collector()
    footer = FooterState()
    for number, cells in rows:
        if raw_line is not None and (swallowed := swallowed_rows(cells, header, number,
                                                                 *raw_line())):
            raise FileRejected(swallowed)
        if is_blank_row(cells):
            continue
        if is_layout_row(cells, header):
            collected.layout_rows += 1 + collected.titles_above(number)
            continue
        if (label := total_label(cells, header)) is not None:
            collected.totals.append(cells)
            collected.total_numbers.append(number)
            collected.labels[number] = label
            continue
        if footer.is_candidate(cells):
            if is_section_row(cells, header):
                collected.sections.append(number)
                continue
            collected.footers.append(cells)
            collected.footer_numbers.append(number)
            continue
        if strict_width and (reason := broken_row_reason(
                cells, header.width, *(raw_line() if raw_line else ("", "")))):
            collected.broken.append((number, reason))
            continue
        collected.records.append(cells)
        collected.numbers.append(number)
        if len(collected.records) >= chunk_rows:
            yield collected.chunk(header)
            collected = _Collector()
    yield collected.chunk(header)
