"""Case numbers and NIPs read to the one id they are, before they are pseudonymised.

The same registration number must give the same pseudonym in every file (`ingest.privacy`),
or one case is counted twice and a case updated in a later file is not matched. Files write
one id in many ways; `read_identifiers` reads a column of them to one text each, judging the
column as a whole, never one value alone:

- what no id holds (`plain`): Excel's text marker (`'012345`; `="012345"`, the CSV trick that
  keeps leading zeros), spaces, no-break and zero-width characters around or inside it,
  full-width digits (`１２３４５`) and other scripts' digits, typographic dashes and quotes
  (`REG–2023–001` is `REG-2023-001`), runs of spaces (`REG  01` is `REG 01`);
- a whole number a tool wrote: a number cell, `12345.0` (a column a program held as numbers);
- thousands separators, where the column shows them (`_grouping`): `12.345` (Indonesian),
  `12,345` (English), `12 345`, and as Excel's number formats show a whole number
  (`12.345,00`, `12,345.00`) are `12345` where every value written with that mark is
  digits in groups of three after a first group of one to three (so no value under 1000
  carries one) and the column holds another number (or another such value); a column that
  also holds `2023.15` or `12.34` writes ids with the mark as part of them, read as typed;
  a lone grouped value among ids of letters cannot be told and is refused;
- leading zeros of an id of digits only: `012345` is `12345`. A spreadsheet drops them the
  moment a column holds numbers, so one month's file has them and the next has not, and a
  register numbers its cases by counting: it never holds both `012345` and `12345` (were
  it to, the second is refused in the file as a duplicate id, with a word). The zeros of an
  id with letters or marks stay (`REG-00012`, `045.00`).

An id whose digits were lost (`5.37102E+15`, a number cell of 16 digits or more), a number
with a fraction, and a grouped number the column cannot settle are refused with the reason;
no reason names the id (it is private).

This is id reading 2 (`ingest.privacy.ID_READING`). A warehouse whose cases or staff were
loaded before it (`raw.ingest_ledger.id_reading` missing or null) stays on reading 1,
`read_identifiers_v1`: the id as typed, only a whole number a tool wrote read as its digits,
so that a new file's pseudonyms keep matching the stored ones, until `satudata rotate-key`
reads every landing file again. One warehouse never mixes readings: the loader reads a file
with its warehouse's reading (`file_ids`), and a hook reading ids (the NIP) asks
`current_reading`.

A column's thousands marks are decided for the whole file, not for each chunk of it: the first
chunk that settles a mark decides it for the rest of the file (`FileIds.marks`), and a later
chunk contradicting it (`2023.15` after `12.345` was read as 12345) refuses the file
(`GroupingContradicted`), since reading the file two ways would give one id two pseudonyms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.i18n import _
from ingest import parse
from ingest.privacy import ID_READING, pseudonymise

Failures = list[tuple[int, str]]


@dataclass
class FileIds:
    """How the ids of the file being read are read: `reading` (1 or 2, its warehouse's), and
    per id column and thousands mark the file's decision so far (`True`: the mark groups
    thousands, `False`: it is part of the ids), taken from the first chunk that settles it."""

    reading: int = ID_READING
    marks: dict[tuple[str, str], bool] = field(default_factory=dict)


_FILE: ContextVar[FileIds | None] = ContextVar("file_ids", default=None)


@contextmanager
def file_ids(reading: int) -> Iterator[FileIds]:
    """Read the ids of one file, in this block, with `reading` (its warehouse's), its
    thousands marks decided once for the whole file."""
    token = _FILE.set(FileIds(reading))
    try:
        yield _FILE.get()
    finally:
        _FILE.reset(token)


def current_reading() -> int:
    """The id reading of the file being read (`file_ids`); `ID_READING` outside one."""
    ids = _FILE.get()
    return ID_READING if ids is None else ids.reading


class GroupingContradicted(Exception):
    """A chunk of a file writes ids with a mark as part of them after an earlier chunk showed
    the mark grouping thousands: the file cannot be read one way. `mark` is the mark (`.`,
    `,` or a space)."""

    def __init__(self, mark: str) -> None:
        super().__init__(mark)
        self.mark = mark

# Dashes and quotes word processors and keyboards put for `-` and `'` (NFKC leaves them).
_TYPOGRAPHIC = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58",
                                           "-") | dict.fromkeys("\u2018\u2019\u201b\u2032",
                                                                "'"))
_RUN_OF_SPACES = r"[ \t\r\n\v\f]+"
_FORMULA_TEXT = r'^="(.*)"$'  # ="012345": a CSV's way to keep a text's leading zeros
_APOSTROPHE = r"^'"  # Excel's text marker
# An ASCII text `plain` changes: spaces around or doubled, a tab or line break, a marker.
_UNPLAIN = re.compile(r"^[ '=]|.*(?:[\t\r\n\v\f]|  | $)")

# An id as a program writes a whole number held as a float (`12345.0`: pandas, or an export
# of a number column), and a number with a fraction written so (`12345.5`). Only as a program
# writes a number: no leading zero (`045.00` is a code typed as text, its own id, not 45),
# and not three zeros after the point (`12.000` is also twelve thousand written the
# Indonesian way).
_FLOAT_WHOLE = re.compile(r"^([1-9]\d*|0)\.(?:0{1,2}|0{4,})$")
_FLOAT_FRACTION = re.compile(r"^(?:[1-9]\d*|0)\.(?!000$)\d+$")
_THOUSAND_OR_WHOLE = re.compile(r"^[1-9]\d*\.000$")
_LONG_ID = 16  # digits a number cannot keep (Excel keeps 15; a float some 15 to 17)
_DIGITS = r"^\d+$"
# Thousands marks: the mark as a regex, and the decimal mark a number grouped so may carry.
_MARKS = {".": (r"\.", ","), ",": (",", r"\."), " ": (" ", "[.,]")}


def plain(text: str) -> str:
    """One id's text without what no id holds (see the module): `'012345` → `012345`,
    `１２３４５` → `12345`, `REG–01\u200b` → `REG-01`, `="0123"` → `0123`."""
    if not text.isascii():
        text = "".join(_ascii_digit(character)
                       for character in unicodedata.normalize("NFKC", text)
                       if unicodedata.category(character) != "Cf").translate(_TYPOGRAPHIC)
    text = " ".join(text.split())
    if match := re.fullmatch(_FORMULA_TEXT, text):
        text = match.group(1).strip()
    return re.sub(_APOSTROPHE, "", text).strip()


def _ascii_digit(character: str) -> str:
    """A digit of any script as its ASCII digit (`٣` → `3`); any other character as is."""
    if character.isascii() or unicodedata.category(character) != "Nd":
        return character
    return str(unicodedata.decimal(character))


def _plain_column(texts: pd.Series) -> pd.Series:
    """`plain` of a column of text (missing stays missing), column-wise: one pass finds the
    few values it changes (`_UNPLAIN`, or not ASCII), which are read one by one."""
    texts = texts.astype("str")
    other = ~texts.str.isascii().fillna(True).to_numpy(dtype=bool) | _matches(texts, _UNPLAIN)
    if other.any():
        texts = texts.copy()
        texts[other] = texts[other].map(plain)
    return texts


def _matches(texts: pd.Series, pattern: str | re.Pattern) -> np.ndarray:
    return texts.str.match(pattern).fillna(False).to_numpy(dtype=bool)


def _grouping(texts: pd.Series, typed: np.ndarray, numbers: np.ndarray, floats: bool,
              decided: dict[str, bool] | None = None
              ) -> tuple[np.ndarray, np.ndarray, dict[int, str]]:
    """Which cells write a whole number with thousands marks (`12.345`, `12,345`, `12 345`;
    with a zero fraction as Excel's number formats show one, `12.345,00`, `12,345.00`),
    decided per mark from the column: `(grouped, undecided, marks)`, two boolean arrays over
    the cells and the mark of each undecided cell by position. Only text cells (`typed`) are
    judged: a number cell's text (`12347.5`) is Python's writing, not the file's.

    A mark groups thousands where every value written with it between digits has groups of
    three after a first group of one to three digits (`1.234`, `12.345.678`; so no value
    under 1000 carries it, and none begins with 0), maybe followed by a zero fraction behind
    the other mark, and the column holds some other number (`numbers`: a number cell or
    `12345.0`; or plain digits) or more than one such value. Where the grouped values show a
    zero fraction, the values under 1000 written so (`987,00`) are whole numbers too. A
    column holding a value the mark cannot group (`2023.15`, `12.34`, `01.234`, `1.234,50`)
    writes ids with the mark as part of them: read as typed. Else, a lone grouped value among
    ids of letters, it cannot be told (undecided). `floats`: the column was written by a
    program that writes whole numbers `12345.0`; its `12.345` is a fraction (refused as
    such), never grouped.

    `decided` (mark → whether it groups; a mark followed by `0`: whether the grouped values
    showed a zero fraction; a mark followed by ` kept`: whether a `987,00` was read as typed;
    updated here) carries the decisions of the file's earlier chunks: a settled mark is read
    so in this chunk too, and a chunk contradicting a mark that groups, or showing zero
    fractions after an earlier chunk read a `987,00` as typed, raises GroupingContradicted."""
    decided = {} if decided is None else decided
    grouped = np.zeros(len(texts), dtype=bool)
    undecided = np.zeros(len(texts), dtype=bool)
    marks: dict[int, str] = {}
    # One pass for most columns: no digits with a mark between them, nothing to decide.
    if not any(decided.get(mark) for mark in _MARKS) and \
            not (_matches(texts, r"^\d+[., ]\d") & typed).any():
        return grouped, undecided, marks
    numbers = numbers | _matches(texts, _DIGITS)
    for mark, (pattern, decimal) in _MARKS.items():
        groups = decided.get(mark)
        if mark == "." and floats:
            if groups:  # `12345.0` where `12.345` was 12345: a point is no thousands mark
                raise GroupingContradicted(mark)
            decided[mark] = False
            continue
        if groups is False:
            continue
        shaped = typed & _matches(
            texts, rf"^[1-9]\d{{0,2}}(?:{pattern}\d{{3}})+(?:{decimal}0{{1,2}})?$")
        if (_matches(texts, rf"^\d+(?:{pattern}\d+)+(?:{decimal}\d+)?$") & typed
                & ~shaped).any():
            if groups:
                raise GroupingContradicted(mark)
            decided[mark] = False
            continue
        if shaped.any() and (groups or (numbers & ~shaped).any() or shaped.sum() > 1):
            grouped |= shaped
            decided[mark] = True
            if (shaped & _matches(texts, rf".*{decimal}0{{1,2}}$")).any():
                if decided.get(mark + " kept"):  # an earlier chunk's `987,00` was read as typed
                    raise GroupingContradicted(mark)
                decided[mark + "0"] = True
        elif shaped.any():
            undecided |= shaped
            marks |= dict.fromkeys(np.flatnonzero(shaped).tolist(), mark)
        # A whole number under 1000 with a zero fraction (`987,00`) is one where the file's
        # grouped values showed zero fractions, in this chunk or an earlier one; else it is
        # read as typed, and a later chunk showing them contradicts it.
        small = typed & _matches(texts, rf"^(?:[1-9]\d{{0,2}}|0){decimal}0{{1,2}}$")
        if small.any():
            if decided.get(mark + "0"):
                grouped |= small
            else:
                decided[mark + " kept"] = True
    return grouped, undecided, marks


def mark_name(mark: str) -> str:
    """A thousands mark as a message names it: `'.'`, `','`, `a space`."""
    return _("a space") if mark == " " else f"'{mark}'"


def read_identifiers(cells: pd.Series, namespace: str) -> tuple[pd.Series, Failures]:
    """Pseudonyms of a column of ids (case numbers, NIPs), one per cell (missing where the
    cell is blank or refused), and the refused cells as `(position, reason)`, with the id
    reading of the file being read (`file_ids`: 2 by default, 1 on a warehouse built before
    it, `read_identifiers_v1`). Reading 2 is the module's: one id written many ways is read
    to one text. Judged column-wise, never one by one: ids are all distinct, and a million of
    them take about a second. Raises GroupingContradicted when this chunk of the file writes
    a thousands mark otherwise than an earlier chunk did (the column is `cells.name`).

    A number with a fraction is no id: a number cell (`12345.5`), or a text `12345.5` in a
    column that shows it went through numbers (number cells, or whole numbers written
    `12345.0`); such a cell is refused with the reason. Elsewhere `2023.15` is text, an id as
    typed."""
    ids = _FILE.get() or FileIds()
    if ids.reading == 1:
        return read_identifiers_v1(cells, namespace)
    texts = _plain_column(cells)
    text = isinstance(cells.dtype, pd.StringDtype)
    blank, broken, scientific, numeric, failures = _unreadable(texts, cells, text)
    typed = np.ones(len(cells), dtype=bool) if text else np.fromiter(
        (isinstance(cell, str) for cell in cells), dtype=bool, count=len(cells))
    # Written so in a text cell: a float number cell is `12345.0` in Python's writing only.
    whole_text = _matches(texts, _FLOAT_WHOLE) & typed
    digits = _digits(texts, cells, numeric, whole_text)
    cut, failures_cut = _cut(numeric, whole_text, digits, broken)
    failures += failures_cut
    decided = {mark: groups for (column, mark), groups in ids.marks.items()
               if column == cells.name}
    grouped, undecided, marks = _grouping(texts, typed, numeric | whole_text,
                                          bool(whole_text.any()), decided)
    ids.marks |= {(cells.name, mark): groups for mark, groups in decided.items()}
    digits = digits.where(~grouped, texts.str.replace(r"[.,]0{1,2}$", "", regex=True)
                          .str.replace(r"[., ]", "", regex=True))
    failures += [(int(at), _("written as digits in groups of three separated by {mark}, and "
                             "nothing else in the column tells whether the mark separates "
                             "thousands or is part of the id: which id it is cannot be told; "
                             "write it without the mark if it separates thousands",
                             mark=mark_name(marks[at]))) for at in np.flatnonzero(undecided)]
    through_numbers = bool(numeric.any() or whole_text.any())
    none = np.zeros(len(cells), dtype=bool)
    fraction_cell = none if text else np.fromiter(
        (isinstance(cell, float) and not pd.isna(cell) and not float(cell).is_integer()
         for cell in cells), dtype=bool, count=len(cells))
    fraction_text = none if not through_numbers else (
        _matches(texts, _FLOAT_FRACTION) & ~whole_text & ~grouped & typed)
    # `12.000` in a column held as numbers: 12 written with three decimals, or 12000 with
    # '.' between thousands; which id it is cannot be told.
    grouped_text = none if not through_numbers else (
        _matches(texts, _THOUSAND_OR_WHOLE) & ~grouped & typed)
    failures += _fractions(fraction_cell, fraction_text, grouped_text)
    # Leading zeros of an id of digits only are no part of it (see the module).
    only_digits = digits.str.startswith("0").fillna(False).to_numpy(dtype=bool, copy=True)
    only_digits[only_digits] = _matches(digits[only_digits], _DIGITS)
    digits = digits.where(~only_digits, digits.str.lstrip("0").replace("", "0"))
    broken = broken | scientific | cut | fraction_cell | fraction_text | grouped_text | undecided
    values = pseudonymise(namespace, digits.where(~blank & ~broken))
    return values, failures


def read_identifiers_v1(cells: pd.Series, namespace: str) -> tuple[pd.Series, Failures]:
    """Id reading 1, of the warehouses built before reading 2 (this module's, 2026-12): what
    `read_identifiers` gives on such a warehouse, so a new file's pseudonyms match the stored
    ones; its rules kept as they were, never to be changed (the checks it shares with reading
    2, `_unreadable`, `_digits`, `_cut`, `_fractions`, judge alike in both: a change there
    changes both). The id as typed, trimmed: `012345`, `12.345`
    and `12345` are three ids. Same shapes and errors as `read_identifiers`.

    Ids are all distinct: judged and pseudonymised column-wise, never one by one.

    One registration number gives one pseudonym however a tool wrote it: a number cell
    (`12345`, `12345.0`) and a whole number written as a float (`12345.0`, a column pandas
    or an export held as numbers) are its digits, like the text `12345`. A number with a
    fraction is no id: a number cell (`12345.5`), or a text `12345.5` in a column that shows
    it went through numbers (number cells, or whole numbers written `12345.0`); such a cell
    is refused with the reason. Elsewhere `2023.15` is text, an id as typed."""
    stripped = cells.astype("str").str.strip()
    text = isinstance(cells.dtype, pd.StringDtype)
    blank, broken, scientific, numeric, failures = _unreadable(stripped, cells, text)

    def matches(pattern: re.Pattern) -> np.ndarray:
        return _matches(stripped, pattern)

    whole_text = matches(_FLOAT_WHOLE)
    digits = _digits(stripped, cells, numeric, whole_text)
    cut, failures_cut = _cut(numeric, whole_text, digits, broken)
    failures += failures_cut
    through_numbers = bool(numeric.any() or whole_text.any())
    none = np.zeros(len(cells), dtype=bool)
    fraction_cell = none if text else np.fromiter(
        (isinstance(cell, float) and not pd.isna(cell) and not float(cell).is_integer()
         for cell in cells), dtype=bool, count=len(cells))
    fraction_text = none if not through_numbers else matches(_FLOAT_FRACTION) & ~whole_text & \
        np.fromiter((isinstance(cell, str) for cell in cells), dtype=bool, count=len(cells))
    # `12.000` in a column held as numbers: 12 written with three decimals, or 12000 with
    # '.' between thousands; which id it is cannot be told.
    grouped_text = none if not through_numbers else matches(_THOUSAND_OR_WHOLE) & \
        np.fromiter((isinstance(cell, str) for cell in cells), dtype=bool, count=len(cells))
    failures += _fractions(fraction_cell, fraction_text, grouped_text)
    fraction = fraction_cell | fraction_text | grouped_text
    broken = broken | scientific | cut | fraction
    values = pseudonymise(namespace, digits.where(~blank & ~broken))
    return values, failures


def _unreadable(texts: pd.Series, cells: pd.Series, text: bool
                ) -> tuple[pd.Series, np.ndarray, np.ndarray, np.ndarray, Failures]:
    """What both readings judge alike, over a column's cells and their trimmed `texts` (`text`:
    a column of text, a CSV's from the columnar reader, judged column-wise: the cell by cell
    checks cost a second per million ids, and such a column holds no number cell): `(blank,
    broken, scientific, numeric, failures)`. Broken: an Excel error (`#N/A`). Scientific:
    `5.37102E+15`, a long number as Excel showed it, its last digits lost (ids that differ in
    them would be one). Numeric: a number cell."""
    blank = texts.isna() | texts.isin(parse.BLANK_TEXTS)
    broken = texts.str.upper().isin(list(parse.EXCEL_ERRORS)).to_numpy()
    failures = []
    for at in np.flatnonzero(broken):
        try:
            parse.check_not_excel_error(cells.iat[at])
        except ValueError as error:
            failures.append((int(at), str(error)))
    scientific = _matches(texts, parse.SCIENTIFIC) if text else np.fromiter(
        (isinstance(cell, str) and parse.SCIENTIFIC.match(cell.strip()) is not None
         for cell in cells), dtype=bool, count=len(cells))
    failures += [(int(at), _("written in scientific notation (as Excel shows a long number in "
                             "a narrow column): its last digits are lost, so which id it is "
                             "cannot be told; format the column as text and export again"))
                 for at in np.flatnonzero(scientific)]
    numeric = np.zeros(len(cells), dtype=bool) if text else np.fromiter(
        (isinstance(cell, int | float) and not isinstance(cell, bool) and not pd.isna(cell)
         for cell in cells), dtype=bool, count=len(cells))
    return blank, broken, scientific, numeric, failures


def _digits(texts: pd.Series, cells: pd.Series, numeric: np.ndarray, whole_text: np.ndarray
            ) -> pd.Series:
    """The id's text: a whole number cell's digits (`12345.0` → `12345`), a text whole number
    written as a float (`whole_text`) without its `.0`, else the text."""
    digits = texts if not numeric.any() else texts.where(~numeric, cells.map(
        lambda cell: f"{cell:.0f}" if isinstance(cell, int | float) and not isinstance(
            cell, bool) and not pd.isna(cell) and float(cell).is_integer() else str(cell)))
    return digits.where(~whole_text, texts.str.extract(_FLOAT_WHOLE, expand=False))


def _cut(numeric: np.ndarray, whole_text: np.ndarray, digits: pd.Series, broken: np.ndarray
         ) -> tuple[np.ndarray, Failures]:
    """A number cell of 16 digits or more, or such a number written as a float: its last
    digits were lost (Excel keeps 15, a float about as many). The cells and their reasons."""
    cut = (numeric | whole_text) & (digits.str.len() >= _LONG_ID).fillna(False).to_numpy(
        dtype=bool) & ~broken
    return cut, [(int(at), _("stored as a number of 16 digits or more, which Excel keeps to 15 "
                             "digits only: which id it is cannot be told; format the column as "
                             "text and type the ids again")) for at in np.flatnonzero(cut)]


def _fractions(fraction_cell: np.ndarray, fraction_text: np.ndarray, grouped_text: np.ndarray
               ) -> Failures:
    """The reasons of ids that are numbers with a fraction: a number cell (`12345.5`), a text
    in a column held as numbers (`12345.5` beside `12345.0`), and `12.000` there (12 with
    three decimals or 12000). A reason names no part of the id: it is stored and shown."""
    return [
        *((int(at), _("a number cell with a fraction, which no case number or NIP is: format "
                      "the column as text and type the id again"))
          for at in np.flatnonzero(fraction_cell)),
        *((int(at), _("a number with a fraction, which no case number or NIP is: the column "
                      "was held as numbers (a whole number is written like 12345.0), so this "
                      "one was changed or is no id; format the column as text and type the id "
                      "again")) for at in np.flatnonzero(fraction_text)),
        *((int(at), _("three digits after a point may be a whole number written with three "
                      "decimals or thousands marked with '.', and the column was held as "
                      "numbers: which id it is cannot be told; format the column as text and "
                      "type the id again")) for at in np.flatnonzero(grouped_text))]
