"""Turn a chunk of text cells into typed columns, collecting what could not be read.

Each distinct value is parsed once (dates, regions and vocabularies repeat a lot), so the cost
grows with the number of distinct values rather than rows. Dates and numbers are read the way
their column is written in the file (`ingest.evidence`). A value that cannot be read becomes
missing in the typed frame and an `Issue` naming the file row, column and reason (never the
value: the issue carries it apart, and the loader masks what looks personal); a text cell
holding a NIK, NIP, phone number or address is not read either. A defect in an optional column
keeps the row (`Issue.row_kept`); so does a free text stored as its vocabulary's `otherwise`
value, and an age written years.months or with units (`3 thn 4 bln`) read as whole years.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

import numpy as np
import pandas as pd

from core.i18n import _, number
from core.reference import (
    RegionAmbiguous,
    RegionError,
    canonicalise,
    regions,
    vocabulary,
    vocabulary_key,
)
from core.suggest import closest
from ingest import parse
from ingest.errors import FileRejected
from ingest.evidence import SWAP, FileReadings, Reading, SheetReadings
from ingest.hooks import derive_hook
from ingest.identifiers import GroupingContradicted, mark_name, read_identifiers
from ingest.quarantine import known_words, personal_in_text
from ingest.sheet_names import ROMAN
from ingest.words import FORMS_OF_ADDRESS, GIVEN_NAMES, RELATION_REMARKS, TOWNS
from schemas.base import allowed_reason
from schemas.issue import Issue
from schemas.spec import ColumnSpec, SourceSpec

# Separators are matched alone, the spaces around them stripped from the parts: a pattern
# taking the spaces itself (`\s*;\s*`) tries every run of spaces from each of its places,
# seconds for a cell of a few thousand spaces.
LIST_SEPARATOR = re.compile(r"[;,•|+&]|(?<=\s)/(?=\s)")
_LIST_MARKER = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|[-*•–])\s*", re.IGNORECASE)
_WORD_JOINER = re.compile(r"(?<=\s)(?:dan|and)(?=\s)|/", re.IGNORECASE)
PART_SEPARATOR = re.compile(r"(?<=\s)[-–—/](?=\s)|[(),;:]")
MAX_TEXT = 1000  # characters of a text cell that may be stored


@dataclass(frozen=True)
class Flagged:
    """A value read with a remark: stored, and its cell flagged with `reason`."""

    value: object
    reason: str


class Unshown(str):
    """A reason whose cell is not quoted in the quarantine: words that may name a person
    were read past (`Ayah kandung Yohanes`), a birth date was typed as an age, whatever the
    column."""


def _display(value: object) -> str:
    if parse.is_blank(value):
        return ""
    return str(value).strip()


# A run of whitespace inside a text cell: a line break (Alt+Enter, a name wrapped over two
# lines of a merged cell), a tab, spaces, no-break and narrow spaces.
_WHITESPACE = re.compile(r"[\s\u00a0\u2007\u202f\u200b]+")


def _text(value: object, names: bool = True) -> str | None:
    """A text cell as stored, each run of whitespace in it one space (`PROGRAM
    PERLINDUNGAN\nPEREMPUAN`, a name on two lines of one cell, is `PROGRAM PERLINDUNGAN
    PEREMPUAN`, as the same name on one line); `names`: the column names things (programs,
    indicators), so capitalised words are no person's name there (`ColumnSpec.names`)."""
    if parse.is_blank(value):
        return None
    text = _WHITESPACE.sub(" ", str(value)).strip()
    if len(text) > MAX_TEXT:
        raise ValueError(_("longer than {limit} characters: not stored",
                           limit=number(MAX_TEXT)))
    if personal_in_text(text, name_column=names):
        # A text column names things (a program, an indicator, a unit) and is published as
        # loaded: a NIK, NIP, phone number or address typed into it never reaches a table.
        raise ValueError(_("personal data is not stored in this column"))
    return text


def _lines_of_values(domain: str, part: str) -> list[str]:
    """The values a cell's lines hold: one per line (Alt+Enter), or one wrapped over several
    (`Pendampingan` / `Tokoh Agama`), the longest run of lines that is a known value first.
    A run is at most as many lines as the longest known value has words, so a cell of many
    lines is read in time linear in its length."""
    lines = [line.strip() for line in re.split(r"[\r\n]+", part) if line.strip()]
    longest = _longest_value(domain)
    values: list[str] = []
    at = 0
    while at < len(lines):
        for end in range(min(len(lines), at + longest), at, -1):
            joined = " ".join(lines[at:end])
            if end == at + 1 or _lookup(domain, _LIST_MARKER.sub("", joined).strip()):
                values.append(joined)
                at = end
                break
    return values


def _vocab_list(domain: str) -> Callable[[object], str | None]:
    """Reads a cell of one or more values of a vocabulary, however a register lists them:
    `Fisik; Psikis`, `Fisik, Psikis`, one per line in the cell (Alt+Enter), numbered or
    bulleted lines (`1. Pengaduan`), `Pengaduan + Bantuan Hukum`, `Pengaduan / Kesehatan`,
    and, when every part is a known value, `Fisik dan Psikis` or `Fisik/Psikis`. An unknown
    item is kept as written for the field layer to refuse with the allowed values. A cell
    longer than `MAX_TEXT` characters raises `ValueError` (not read), as any text cell."""

    def read(value: object) -> str | None:
        if parse.is_blank(value):
            return None
        text = str(value)
        if len(text.strip()) > MAX_TEXT:
            raise ValueError(_("longer than {limit} characters: not stored",
                               limit=number(MAX_TEXT)))
        items: list[str] = []
        parts = [line for part in LIST_SEPARATOR.split(text)
                 for line in _lines_of_values(domain, part)]
        for part in parts:
            part = _LIST_MARKER.sub("", part.strip()).strip()
            if not part:
                continue
            known = _lookup(domain, part)
            pieces = [piece.strip() for piece in _WORD_JOINER.split(part) if piece.strip()]
            found = [_lookup(domain, piece) for piece in pieces]
            if known is None and len(pieces) > 1 and all(found):
                items += found
            else:
                items.append(known or canonicalise(domain, part))
        return ";".join(dict.fromkeys(items)) or None

    return read


@cache
def _longest_value(domain: str) -> int:
    """Words of the longest known value (or variant) of a vocabulary."""
    return max(len(variant.split()) for variant in vocabulary(domain))


def _lookup(domain: str, text: str) -> str | None:
    return vocabulary(domain).get(vocabulary_key(text))


def holds_known_value(domain: str, value: object) -> bool:
    """Whether a cell holds a value of the vocabulary `domain`, its items split as
    `_vocab_list` splits a list cell (`Rehabilitasi Sosial`, `1. Kesehatan; Bantuan Hukum`)."""
    if parse.is_blank(value):
        return False
    return any(_lookup(domain, _LIST_MARKER.sub("", line.strip()).strip())
               for part in LIST_SEPARATOR.split(str(value)[:MAX_TEXT])
               for line in _lines_of_values(domain, part))


_WORD = re.compile(r"[^\W\d_][\w'’.]*")


def _may_name(remark: str) -> bool:
    """Whether the words after a known value may name a person: a capitalised word that is
    no known word, town, roman numeral or acronym of up to three capitals (`Yohanes`, `BRIA`;
    not `RT`, `IV`, `Soe`, `Pak`), a given name however written (`maria`), or a NIK or phone
    number; `kelas 2`, `tinggal serumah`, `Negeri Soe` name nobody."""
    if re.search(r"\d{6,}", re.sub(r"[\s\-.]", "", remark)):
        return True
    known = known_words() | TOWNS | FORMS_OF_ADDRESS
    plain = "".join(c for c in unicodedata.normalize("NFKD", remark)
                    if not unicodedata.combining(c))
    for word in _WORD.findall(plain):
        bare = word.lower().strip(".'’")
        if bare in GIVEN_NAMES:
            return True
        if (word[0].isupper() and len(bare) > 1 and bare not in known
                and not ROMAN.fullmatch(bare) and not (word.isupper() and len(bare) <= 3)):
            return True
    return False


def _addressed(value: str, remark: str) -> bool:
    """Whether `value` (the words a known value was read from) is a form of address that a
    name may follow (`Ibu` before `Intan`), the `remark` words not all saying whose relation
    it is (`Ibu korban` is the victim's mother)."""
    words = [word.lower().strip(".") for word in value.split()]
    rest = [word.lower().strip(".'’") for word in _WORD.findall(remark)]
    return (bool(words) and all(word in FORMS_OF_ADDRESS for word in words)
            and any(word not in RELATION_REMARKS for word in rest))


class _Vocabulary:
    """Reads one vocabulary column: a known value or variant; a known value with a level
    (`Analis Kebijakan Ahli Muda`); a cell of parts that agree (`PENATA MUDA TK I - III/B`) or
    a known value followed by a remark (`Orang Tua – tinggal serumah`); for a free-text
    column (`otherwise`), a known value followed by more words, and else `otherwise` with
    the cell flagged. An unknown value of a closed vocabulary is returned as written for the
    field layer to refuse with the allowed values. A cell listing values of one meaning is that
    value (`Ayah dan Ibu`: Orang Tua); listing values of different meanings (`Psikis/Fisik`,
    `Fisik dan Psikis`), it is refused (`ValueError`): the column holds one.

    A known value followed by words that may name a person is never read silently: a form of
    address (`Ibu Intan`, `Om Sri`: Mrs Intan or the mother?) is not read as its relation
    (stored as `otherwise` with the cell flagged, or refused in a closed vocabulary); any
    other value is read and the cell flagged, the words after it not kept (`Ayah kandung
    Yohanes`)."""

    def __init__(self, column: ColumnSpec) -> None:
        self.column = column

    def known(self, text: str) -> str | None:
        domain, levels = self.column.domain, self.column.levels
        found = _lookup(domain, text)
        if found or not levels:
            return found
        for variant, level in vocabulary(levels).items():
            if text.upper().endswith(" " + variant):
                family = _lookup(domain, text[: -len(variant) - 1])
                if family:
                    return f"{family} {level}"
        return None

    def listed(self, text: str) -> list[str]:
        """The different values a cell lists, split as a list cell is (`Psikis/Fisik`,
        `Fisik dan Psikis`, `Fisik, Psikis`: `_vocab_list`), when every item is a known value;
        else none. Items of one meaning are one value (`Ayah dan Ibu`: Orang Tua)."""
        found: list[str] = []
        for part in LIST_SEPARATOR.split(text[:MAX_TEXT]):
            part = _LIST_MARKER.sub("", part.strip()).strip()
            if not part:
                continue
            pieces = [part] if self.known(part) else [
                piece.strip() for piece in _WORD_JOINER.split(part) if piece.strip()]
            meanings = [self.known(piece) for piece in pieces]
            if not all(meanings):
                return []
            found += meanings
        return list(dict.fromkeys(found))

    def __call__(self, value: object) -> object:
        if parse.is_blank(value):
            return None
        text = str(value).strip()
        if found := self.known(text):
            return found
        named = self.listed(text)
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise ValueError(_("names {count} values ({values}) where the column holds one "
                               "per row: read as none of them; write the one that applies",
                               count=len(named), values=", ".join(named)))
        parts = [part.strip() for part in PART_SEPARATOR.split(text) if part.strip()]
        if len(parts) > 1:
            meanings = {self.known(part) for part in parts} - {None}
            if len(meanings) > 1:
                raise ValueError(_("its parts name different values: {values}",
                                   values=", ".join(sorted(meanings))))
            if meanings and self.known(parts[0]):
                remark = " ".join(part for part in parts[1:] if not self.known(part))
                if self.column.exact and remark:
                    raise ValueError(_(
                        "{value} with the words '{remark}' after it: they may change what the "
                        "cell says (a proposal, another year's), so it is not read as {value}; "
                        "write the value alone, or leave the row out",
                        value=meanings.pop(), remark=remark))
                return self._with_remark(parts[0], meanings.pop(), remark)
        if self.column.otherwise:
            words = text.split()
            for size in range(min(len(words) - 1, _longest_value(self.column.domain)), 0, -1):
                if found := self.known(" ".join(words[:size])):
                    return self._with_remark(" ".join(words[:size]), found,
                                             " ".join(words[size:]))
            return Flagged(self.column.otherwise, _(
                "not in the vocabulary: stored as {value} (add it to ref_vocabulary.csv, "
                "domain {domain}, if it is a real value)", value=self.column.otherwise,
                domain=self.column.domain))
        if len(text) > MAX_TEXT:
            raise ValueError(allowed_reason(self.column, ""))
        return text

    def _with_remark(self, written: str, found: str, remark: str) -> object:
        """A known value `found` (read from the words `written`) followed by `remark`."""
        if _addressed(written, remark):
            why = _("a form of address followed by a name may be a title or the relation: "
                    "not read as {value}", value=found)
            if not self.column.otherwise:
                raise ValueError(why)
            return Flagged(self.column.otherwise, _("{reason}; stored as {value}", reason=why,
                                                    value=self.column.otherwise))
        if _may_name(remark):
            return Flagged(found, Unshown(_("read as {value}; the words after it may name a "
                                            "person and are not kept", value=found)))
        return found


_HEADER_UNIT = re.compile(r"[(\[]([^()\[\]]*)[)\]]")


def header_age_unit(header: str) -> float | None:
    """The length in years of the unit an age column's header states in brackets: `Umur
    (bulan)`, `Usia (Bln)` → 1/12, `Umur (Th)` → 1; None when the header states none (`Umur`,
    `Umur (Korban)`). Raises `FileRejected` for a header stating two (`Umur (Thn/Bln)`):
    which unit a bare number is in cannot be told."""
    found = {parse.AGE_UNITS[word.lower()] for bracket in _HEADER_UNIT.findall(header)
             for word in re.findall(r"[^\W\d_]+", bracket) if word.lower() in parse.AGE_UNITS}
    if len(found) > 1:
        raise FileRejected(_("the header '{header}' states two units for the age: which one "
                             "a number in it is in cannot be told; head the column with one "
                             "(Umur (Tahun) or Umur (Bulan)) or write each age with its unit "
                             "(3 thn 4 bln)", header=header))
    return found.pop() if found else None


def _unit_name(length: float) -> str:
    """An age unit shorter than a year, named in a message."""
    return {parse.AGE_UNITS["bulan"]: _("months"), parse.AGE_UNITS["minggu"]: _("weeks"),
            parse.AGE_UNITS["hari"]: _("days")}[length]


def _whole_years(read: Callable[[object], object],
                 unit: float | None = None) -> Callable[[object], object]:
    """`whole: years`: an age, stored as whole years completed. A fraction is read as its whole
    part and the cell flagged (an age written years.months, 9.11 = 9 years 11 months, is 9
    whole years) — only a value that is a fraction whichever decimal mark reads it (`1,234`
    may be 1234: not a whole number). An age written with units (`7 thn`, `3 thn 4 bln`,
    `8 bln`; `parse.age_in_units`) is read the same way, the cell flagged; one that cannot be
    read one way (`3/4`, `7-8 th`) is refused with the reason. An age under one year in words
    (`bayi`, `< 1 tahun`, `<1 th`; `parse.age_under_one`) is 0, the cell flagged; below a
    higher limit (`< 5 tahun`, `balita`) it is refused. `unit`: the unit the column's header
    states other than years (`header_age_unit`, `Umur (bulan)`): a bare number is in it, 18
    months read as 1 whole year, the cell flagged."""

    def whole(value: object) -> object:
        if isinstance(value, dt.date) or (isinstance(value, str) and parse.date_readings(value)):
            # A birth date typed where the age goes: a victim's, never quoted.
            raise ValueError(Unshown(_(
                "a date, not an age (a birth date?): not stored; write the age, or put the "
                "birth date in a Tanggal Lahir column, which gives the age at the incident")))
        if parse.age_under_one(value):
            return Flagged(0, _("under one year: read as 0 (whole years completed)"))
        if (years := parse.age_in_units(value)) is not None:
            return Flagged(years, _(
                "written with units: read as {whole} (whole years completed)", whole=years))
        read_value = read(value)
        if read_value is not None and unit is not None and unit != 1:
            years = math.floor(float(read_value) * unit + 1e-9)
            return Flagged(years, _(
                "in {unit}, as the header states: read as {whole} (whole years completed)",
                unit=_unit_name(unit), whole=years))
        if read_value is None or float(read_value).is_integer():
            return None if read_value is None else int(read_value)
        if isinstance(value, str) and len(parse.number_readings(value)) > 1:
            raise ValueError(_("not a whole number"))
        return Flagged(math.floor(read_value), _(
            "not a whole number: read as {whole} (whole years; years.months is written "
            "this way)", whole=math.floor(read_value)))

    return whole


def _reader(column: ColumnSpec, reading: Reading | None,
            header: str = "") -> Callable[[object], object]:
    read = _plain_reader(column, reading, header)
    if reading is None or reading.groups is None:
        return read
    return partial(_point_or_group, read=read, groups=reading.groups)


def _point_or_group(value: object, read: Callable[[object], object], groups: str) -> object:
    """A value of a column read with the decimal point: `1.000` is a thousands group in a
    column of whole numbers, a decimal where the file shows the point never groups, and is
    not read otherwise (`parse.AmbiguousGroup`); in a whole-number column of such a file
    (`groups` `CONFLICT`) `3.000` is 3 and `1.250` (a count only as 1250) is not read."""
    if not parse.point_or_group(value) or groups == parse.DECIMAL_POINT:
        return read(value)
    if groups == parse.DECIMAL_COMMA:
        return int(parse.number_readings(value)[parse.DECIMAL_COMMA])
    if groups == parse.CONFLICT:
        point = parse.number_readings(value)[parse.DECIMAL_POINT]
        if float(point).is_integer():
            return int(point)
        raise parse.AmbiguousGroup(_("a whole number only with '.' between thousands, in a "
                                     "file whose point is the decimal mark"))
    raise parse.AmbiguousGroup(_("three digits after a single point may be decimals or a "
                                 "thousands group, and nothing in the file decides which"))


def _amount(value: object, read: Callable[[object], object], mark: str) -> object:
    """A value of a column of rupiah amounts read with `mark` as its decimal mark: one
    with three digits after that mark alone (`750.000`, `1,500`) is not read
    (`parse.AmountDecimals`); any other is read by `read`."""
    if parse.decimal_mark_of(value) == mark:
        raise parse.AmountDecimals(_("an amount of rupiah with three decimals, or a thousands "
                                     "group written the other way"))
    return read(value)


def _plain_reader(column: ColumnSpec, reading: Reading | None,
                  header: str = "") -> Callable[[object], object]:
    """The reader of one column's cells; `header`: the column's header as the file writes
    it (an age's unit, `Umur (bulan)`)."""
    choice = reading.choice if reading else None
    if column.type == "date":
        year = reading.year if reading else None
        if reading and reading.cells_in_doubt:
            return partial(_date_not_swapped, order=choice, year=year)
        return lambda value: parse.parse_date(value, choice or parse.DMY, year)
    if column.type == "int":
        if column.whole == "years":
            return _whole_years(
                lambda value: parse.parse_number(value, choice or parse.DECIMAL_COMMA),
                header_age_unit(header))
        if column.from_file == "month":
            return partial(_month, decimal=choice or parse.DECIMAL_COMMA)
        return lambda value: parse.parse_int(value, choice or parse.DECIMAL_COMMA)
    if column.type == "number":
        if column.whole == "count":
            return lambda value: parse.parse_int(value, choice or parse.DECIMAL_COMMA)
        return lambda value: parse.parse_number(value, choice or parse.DECIMAL_COMMA,
                                                percent=column.percent)
    if column.type == "vocab":
        return _Vocabulary(column)
    if column.type == "vocab_list":
        return _vocab_list(column.domain)
    if column.type == "text":
        return partial(_text, names=column.names)
    raise ValueError(f"unknown column type '{column.type}' for {column.name}")


def _month(value: object, decimal: str) -> int | None:
    """A month column's cell: its number, or the month its name says (`Januari`, `Jan`,
    `01 - Januari`), as finance systems export the month, also with its year (`Juli 2023`,
    `07-2023`, `2023-07`, `Jul-23`) or its number after "bulan" (`Bulan ke-7`): the year
    is checked against the row's (`_month_years`). A date cell is a month only when it is
    the month's first day (`Jul-23` in Excel); another day raises `ValueError`."""
    with_year = parse.month_of_cell(value)
    if with_year is not None:
        return with_year[0]
    if isinstance(value, dt.date):  # a day other than a month's first: no month's name
        raise ValueError(_("a date of a day, where a month is expected"))
    month = parse.month_number(value)
    return month if month is not None else parse.parse_int(value, decimal)


def _month_years(frame: pd.DataFrame, typed: pd.DataFrame, spec: SourceSpec,
                 written: dict[str, str], issues: list[Issue]) -> list[Issue]:
    """The cells of the month column (`from_file: month`) that state a year (`Juli 2022`)
    other than their row's in the year column (`from_file: year`: the file's Tahun column,
    or the year the file states of itself): an issue each naming both, the month left
    empty (a month of another year is no month of this row's year). A row whose year or
    month could not be read is left to that issue."""
    month = next((column for column in spec.columns if column.from_file == "month"), None)
    year = next((column for column in spec.columns if column.from_file == "year"), None)
    if month is None or year is None or month.name not in frame or year.output not in typed:
        return []
    cells = frame[month.name]
    stated = {value: parse.month_of_cell(value) for value in cells.drop_duplicates()}
    cell_years = cells.map(lambda value: (stated[value] or (None, None))[1])
    refused = {(issue.row, issue.column) for issue in issues}
    found: list[Issue] = []
    for at in np.flatnonzero(cell_years.notna().to_numpy()):
        row_year, cell_year = typed[year.output].iat[at], int(cell_years.iat[at])
        row = int(frame["_row"].iat[at])
        if pd.isna(row_year) or (row, year.name) in refused or cell_year == int(row_year):
            continue
        found.append(Issue(row, month.name, _display(cells.iat[at]), _(
            "a month of {year}, and the row's {column} is {row_year}: which year it is cannot "
            "be told", year=cell_year, column=written.get(year.name, year.shown),
            row_year=int(row_year)), row_kept=not month.required))
        typed.loc[typed.index[at], month.output] = pd.NA
    return found


def scaled(value: object, factor: int) -> object:
    """A figure written in thousands (millions) as rupiah: `2.931,5` thousands is 2 931 500
    (rounded to the micro-unit, so `0.1 × 1000` is 100, not 100.00000000000001)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return value
    return round(float(value) * factor, 6)


def _date_not_swapped(value: object, order: str, year: str | None) -> dt.date | None:
    """A date of a column whose date cells Excel may have swapped (`Reading.cells_in_doubt`):
    a cell whose day and month could be swapped is not read (`parse.Ambiguous`)."""
    if isinstance(value, dt.date) and parse.could_be_swapped(value):
        raise parse.Ambiguous(_("a date cell whose day and month may be swapped"))
    return parse.parse_date(value, order, year)


def _in_stated_month(value: object, read: Callable[[object], object], evidence: FileReadings,
                     name: str, header: str, swap: bool) -> object:
    """A value of a register's dating column whose date cells outside the month the file
    states only swapped are in it (`Reading.month_cells`): such a cell swapped (`swap`) or
    refused (`FileReadings.month_cell`); any other value read by `read`."""
    return read(evidence.month_cell(name, header, value, swap))


def _against_month(value: object, read: Callable[[object], object], evidence: FileReadings,
                   name: str, header: str, proven: str) -> object:
    """A value of a register's dating column read `proven` (`Reading.month_against`): a
    date reading two ways that only the other order puts in the month the file states is
    refused (`FileReadings.against_month`); any other value read by `read`."""
    return read(evidence.against_month(name, header, value, proven))


_DTYPES = {
    "date": "datetime64[s]",
    "int": "Int64",
    "number": "Float64",
}

Failures = list[tuple[int, str]]


# Why a value two readings read differently is refused: one reason for the column (written
# both ways), or, per value and row position, what its two meanings are (nothing settles it).
_Reason = str | Callable[[object, int], str]


def _undecided(evidence: FileReadings, name: str, header: str,
               rows: pd.Series) -> Callable[[object, int], str]:
    def reason(value: object, at: int) -> str:
        return evidence.undecided_reason(name, header, value, int(rows.iat[at]))
    return reason


def _year_undecided(evidence: FileReadings, name: str, header: str, rows: pd.Series,
                    value: object, at: int) -> str:
    return evidence.year_undecided_reason(name, header, value, int(rows.iat[at]))


def _group_undecided(evidence: FileReadings, name: str, header: str, rows: pd.Series,
                     value: object, at: int) -> str:
    return evidence.group_reason(name, header, value, int(rows.iat[at]))


def _amount_decimals(evidence: FileReadings, name: str, header: str, reading: Reading,
                     rows: pd.Series, value: object, at: int) -> str:
    return evidence.amount_decimals_reason(name, header, reading, value, int(rows.iat[at]))


def _whole_conflict(evidence: FileReadings, name: str, header: str, rows: pd.Series,
                   value: object, at: int) -> str:
    return evidence.whole_conflict_reason(name, header, value, int(rows.iat[at]))


def _in_doubt(evidence: FileReadings, name: str, header: str, value: object, _at: int) -> str:
    return evidence.cells_in_doubt_reason(name, header, value)


def _distinct_values(
    cells: pd.Series, read: Callable[[object], object], ambiguous_reason: _Reason | None = None,
    year_reason: _Reason | None = None, group_reason: _Reason | None = None,
    amount_reason: _Reason | None = None,
) -> tuple[pd.Series, Failures, Failures]:
    """Parse each distinct value once and give every row its value's result; a value that
    cannot be read becomes missing and (position, reason) for each of its rows; a value read
    with a remark (`Flagged`) keeps its value and gives (position, reason) as a flag. A value
    two readings read differently (`parse.Ambiguous`) gets `ambiguous_reason`: a text, or a
    function of the value and the row's position; a date whose year may be its first or its
    last part (`parse.AmbiguousYear`), `year_reason`; `1.000` where the point is the
    decimal mark (`parse.AmbiguousGroup`), `group_reason`; an amount of rupiah with three
    decimals (`parse.AmountDecimals`), `amount_reason`."""
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    parsed = np.empty(len(distinct), dtype=object)
    reasons: dict[int, _Reason] = {}
    remarks: dict[int, str] = {}
    for position, value in enumerate(distinct):
        try:
            parse.check_not_excel_error(value)
            result = read(value)
        except parse.Ambiguous as error:
            why = (year_reason if isinstance(error, parse.AmbiguousYear) else group_reason
                   if isinstance(error, parse.AmbiguousGroup) else amount_reason
                   if isinstance(error, parse.AmountDecimals) else ambiguous_reason)
            reasons[position] = (partial(why, value) if callable(why) else why or str(error))
            continue
        except ValueError as error:  # an `Unshown` reason keeps its cell out of the quarantine
            unshown = error.args and isinstance(error.args[0], Unshown)
            reasons[position] = error.args[0] if unshown else str(error)
            continue
        if isinstance(result, Flagged):
            remarks[position] = result.reason
            result = result.value
        parsed[position] = result
    values = pd.Series(parsed[codes], index=cells.index, dtype=object)
    return values, _positions(codes, reasons), _positions(codes, remarks)


def _positions(codes: np.ndarray, reasons: dict[int, _Reason]) -> Failures:
    if not reasons:
        return []
    at = np.flatnonzero(np.isin(codes, list(reasons)))
    return [(int(position), _reason_at(reasons[codes[position]], int(position)))
            for position in at]


def _reason_at(reason: _Reason, position: int) -> str:
    return reason(position) if callable(reason) else reason


def _regions(names: pd.Series, codes: pd.Series | None) -> tuple[pd.Series, Failures, Failures]:
    """Kemendagri codes of the regions as written; a code column beside the name settles an
    ambiguous name (bare `Kupang`) and is checked against it. A code held as a number (`53.1`,
    Excel's 53.10 without its trailing zero) is read with its two decimals."""
    resolver = regions()

    def read(pair: object) -> object:
        name, code = pair if codes is not None else (pair, None)
        # A number cell: 53.1 is 53.10, its trailing zero dropped.
        name, code = (f"{cell:.2f}" if isinstance(cell, float) and not cell.is_integer()
                      else cell for cell in (name, code))
        by_code = None
        if not parse.is_blank(code):
            try:
                by_code = resolver.resolve(code)
            except RegionError as error:
                raise ValueError(_("the region code beside the name: {problem}",
                                   problem=str(error))) from None
        if parse.is_blank(name):
            return None if by_code is None else by_code.kode_kemendagri
        try:
            by_name = resolver.resolve(name)
        except RegionAmbiguous as error:
            if by_code is not None and by_code in error.candidates:
                return by_code.kode_kemendagri
            raise
        except RegionError as error:
            if by_code is not None:
                return Flagged(by_code.kode_kemendagri, _(
                    "{problem}: read from the region code beside it ({region})",
                    problem=str(error), region=by_code.nama))
            meant = closest(name, resolver.names())
            if meant:
                raise RegionError(f"{error} " + _("(is {value} meant?)", value=meant)) from None
            raise
        if by_code is not None and by_code != by_name:
            raise ValueError(_("the name and the region code beside it name different "
                               "kabupaten/kota ({name} / {code})", name=by_name.nama,
                               code=by_code.nama))
        return by_name.kode_kemendagri

    if codes is None:
        return _distinct_values(names, read)
    pairs = pd.Series(list(zip(names, codes, strict=True)), index=names.index, dtype=object)
    return _distinct_values(pairs, read)


@dataclass
class Typed:
    """A chunk read into types: the frame (raw-table column names, plus `_row`), the cells
    that could not be read, and notes for the ledger (how a national format was read)."""

    frame: pd.DataFrame
    issues: list[Issue]
    notes: list[str]


def normalise(
    frame: pd.DataFrame, spec: SourceSpec, readings: dict[str, Reading] | None = None,
    evidence: FileReadings | SheetReadings | None = None,
    written: dict[str, str] | None = None,
    scales: dict[str, int] | None = None, unscaled: dict[str, set[int]] | None = None,
    row_shown: Callable[[int], int | str] | None = None,
) -> Typed:
    """Type a chunk of text cells (canonical column names, `_row`, and `<region>__code` for
    a region's code column): `readings` say how each date and number column of the file is
    written (`evidence` explains a conflict, each column's by `of`: a sheet stating its own
    month explains its dates itself, `SheetReadings`; `written` gives the headers as the
    file writes them), `scales` what the figures of a column the file states in thousands or
    millions are multiplied by (`ingest.scale`), except in the rows `unscaled` gives per
    column (number cells a format shows divided, which hold the full figure). `row_shown`
    names a row of the file as a person finds it (`Header.shown`; the row number itself by
    default), for the derive hook's reasons and notes."""
    readings, written, scales = readings or {}, written or {}, scales or {}
    unscaled, explains = unscaled or {}, evidence
    issues: list[Issue] = []
    typed = pd.DataFrame(index=frame.index)
    for column in spec.columns:
        if column.derived or column.name not in frame:
            typed[column.output] = pd.Series(pd.NA, index=frame.index, dtype="object")
            continue
        cells = frame[column.name]
        flags: Failures = []
        if column.type == "id":
            try:
                values, failures = read_identifiers(cells, spec.name)
            except GroupingContradicted as error:
                raise FileRejected(_(
                    "column '{column}': its first rows write ids as digits in groups of "
                    "three separated by {mark}, read as one number, and a later row writes "
                    "{mark} as part of an id: the file cannot be read one way, and one id "
                    "would get two pseudonyms; write the ids of the column one way (without "
                    "the mark where it separates thousands) and load the file again",
                    column=written.get(column.name, column.name),
                    mark=mark_name(error.mark))) from None
        elif column.type == "region":
            values, failures, flags = _regions(cells, frame.get(f"{column.name}__code"))
        else:
            reading = readings.get(column.name)
            header = written.get(column.name, column.name)
            evidence = explains.of(column.name) if explains is not None else None
            ambiguous: _Reason | None = None
            if reading and reading.choice == parse.CONFLICT and evidence is not None:
                ambiguous = evidence.conflict_reason(column.name, header)
            elif reading and reading.choice == parse.UNDECIDED and evidence is not None:
                ambiguous = _undecided(evidence, column.name, header, frame["_row"])
            elif reading and reading.cells_in_doubt and evidence is not None:
                ambiguous = partial(_in_doubt, evidence, column.name, header)
            year: _Reason | None = None
            if reading and reading.year == parse.CONFLICT and evidence is not None:
                year = evidence.year_conflict_reason(column.name, header)
            elif reading and reading.year == parse.UNDECIDED and evidence is not None:
                rows = frame["_row"]
                year = partial(_year_undecided, evidence, column.name, header, rows)
            group: _Reason | None = None
            if reading and reading.groups == parse.UNDECIDED and evidence is not None:
                group = partial(_group_undecided, evidence, column.name, header, frame["_row"])
            elif reading and reading.groups == parse.CONFLICT and evidence is not None:
                group = partial(_whole_conflict, evidence, column.name, header, frame["_row"])
            read = _reader(column, reading, header)
            if reading and reading.month_against and evidence is not None:
                read = partial(_against_month, read=read, evidence=evidence,
                               name=column.name, header=header, proven=reading.choice)
            if reading and reading.month_cells and evidence is not None:
                read = partial(_in_stated_month, read=read, evidence=evidence,
                               name=column.name, header=header,
                               swap=reading.month_cells == SWAP)
            amount: _Reason | None = None
            # An amount of rupiah has no three decimals; stated in thousands it may
            # (12.500 thousand is 12 500 rupiah), so a scaled column keeps its reading.
            if column.rupiah and column.name not in scales and reading and \
                    reading.choice in (parse.DECIMAL_COMMA, parse.DECIMAL_POINT):
                read = partial(_amount, read=read, mark=reading.choice)
                if evidence is not None:
                    amount = partial(_amount_decimals, evidence, column.name, header, reading,
                                     frame["_row"])
            values, failures, flags = _distinct_values(cells, read, ambiguous, year, group,
                                                       amount)
            if column.name in scales:
                full = frame["_row"].isin(unscaled.get(column.name, ())).to_numpy()
                values = values.where(full, values.map(
                    partial(scaled, factor=scales[column.name])))
        rows = frame["_row"]
        shown = column.type != "id" and not column.private  # a birth date stays in the reader
        issues += [Issue(int(rows.iat[at]), column.name,
                         "***" if isinstance(reason, Unshown) else
                         _display(cells.iat[at]) if shown else "", reason,
                         row_kept=not (column.required or column.defines_row))
                   for at, reason in failures]
        issues += [Issue(int(rows.iat[at]), column.name,
                         "***" if isinstance(reason, Unshown) else
                         _display(cells.iat[at]) if shown else "", reason, row_kept=True,
                         value_kept=True) for at, reason in flags]
        dtype = _DTYPES.get(column.type, "string")
        if column.type == "date":
            values = pd.to_datetime(values, errors="coerce")
        typed[column.output] = values.astype(dtype)
    issues += _month_years(frame, typed, spec, written, issues)
    typed["_row"] = frame["_row"].astype("int64")
    notes: list[str] = []
    derive = derive_hook(spec.name)
    if derive is not None:
        typed, more, notes = derive(typed, frame, written, row_shown or (lambda row: row))
        # One reason per cell: a hook's reading of a cell already refused says nothing more.
        refused = {(issue.row, issue.column) for issue in issues if not issue.value_kept}
        issues += [issue for issue in more
                   if issue.is_finding or (issue.row, issue.column) not in refused]
    return Typed(typed, issues, notes)
