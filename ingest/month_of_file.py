"""The month of a one-month file that has no month column, read from what the file says of
itself: its title rows (`Laporan Realisasi Anggaran Bulan Maret 2023`, `Periode: 01/03/2023
s/d 31/03/2023`) and its file name (`realisasi_2023_03.xlsx`, `Realisasi Maret 2023.csv`).

A month is taken only when it is unambiguous: every piece of evidence names the same month
(and the same year, when it names one), none names a span of months, and the figures are the
month's. "s.d. Bulan Maret", "sampai dengan Maret", "Realisasi s.d. Bulan Ini" or a period
from 1 January to 31 March is *cumulative* (January–March, not March): its month's figure
would be the difference with February's file, which this pipeline does not invent, so such a
file is refused (`MonthRefused`, saying what to send instead) unless its realisation column
is the month's own (`Realisasi Bulan Ini`) or the month is January (through January is
January's own figure). A title running up to a date ("Sampai Dengan 31
Maret 2023", "Periode yang Berakhir 31 Maret 2023") is cumulative too when the date ends its
month, and part of a month otherwise. "Tahun Anggaran 2023" states the year, which must agree
with every other year said, as must a year the file name states alone (`lra_2024.xlsx`,
`year_of_name`): last year's template titled `Bulan Januari 2023` under this year's name is
refused naming both. A month name is evidence after "bulan" or before a year only (a bare
"Juli" may be the bendahara's name), a short form (`Okt`) before a year or after "s.d."
only; a month's number after "bulan" (`Bulan ke-7`, `Bulan 7 Tahun Anggaran 2023`), or of
one digit joined to a year in a file name (`lra 7-2023`), is that month, a number before
"bulan" a count of months (`7 bulan`). Two months joined by a mark (`Januari - Maret 2023`,
`jan-mar_2023`, `Oktober dan November`) are a span, never the last; side by side without
one, a later month after an earlier (`jan_mar_2023`) may be a span or a name before the
month and is refused, an earlier month after a later (`Bendahara Mei Februari 2023`,
`dana_des_februari`) is a name or a word before the month. A file name is read without what
a computer adds to a copy's name (`without_copy_mark`), and a full date in it
(`realisasi_2023_03_31`, `LRA 31-03-2023`: an export day or a cut-off) states no month, only
what "s.d." before it says. A column declared `from_file: month` in `sources.yml` takes the
month so read; `from_file: year` the year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from core.i18n import _, day
from ingest.headers import CUMULATIVE, UNTIL, is_cumulative
from ingest.parse import MONTHS as ALL_MONTHS
from ingest.parse import month_number, month_of_cell
from schemas.spec import spelt_out

# The months' full names, Indonesian and English (`register_october_2023.csv`, `Report for
# October 2023`), from the reader's one table of month names (`parse.MONTHS`).
_FULL_NAMES = {"januari", "februari", "pebruari", "maret", "april", "mei", "juni", "juli",
               "agustus", "september", "oktober", "november", "nopember", "desember",
               "january", "february", "march", "may", "june", "july", "august", "october",
               "december"}
MONTHS = {name: month for name, month in ALL_MONTHS.items() if name in _FULL_NAMES}
# The other names of `parse.MONTHS` are abbreviations, read only beside a year (`Mar 2023`,
# `realisasi_mar_2023`).
_SHORT = {name: month for name, month in ALL_MONTHS.items() if name not in _FULL_NAMES}
_NAME = "|".join(sorted(MONTHS, key=len, reverse=True))
_SHORT_NAME = "|".join(sorted(_SHORT, key=len, reverse=True))
_EITHER = {**_SHORT, **MONTHS}
_EITHER_NAME = "|".join(sorted(_EITHER, key=len, reverse=True))
# After "s.d." a short name is a month too (`s.d. Okt 2023`): up to October, not October.
_CUMULATIVE = re.compile(rf"(?:{UNTIL}|{CUMULATIVE})\s*(?:bulan\s+)?(?:(?P<name>{_EITHER_NAME})\b"
                         rf"(?:\s+(?P<year>(?:19|20)\d\d))?|(?P<this>ini)\b)")
# Two months joined by a mark (`Januari - Maret 2023`, `Bulan Oktober dan November`,
# `Februari s.d. Maret`): several months, never the last one's alone; after "bulan" or
# before a year, as one month. Side by side without a mark (`_BESIDE`), the first may be a
# name (`Bendahara Mei`) or a word (`dana des`).
_TWO = (rf"(?P<first>{_EITHER_NAME})\b\s*(?P<mark>[-–/&]|\bdan\b|{UNTIL})\s*"
        rf"(?P<last>{_EITHER_NAME})")
_BESIDE = rf"(?P<first>{_EITHER_NAME})\s+(?P<last>{_EITHER_NAME})"
_TWO_MONTHS = tuple(re.compile(pattern) for two in (_TWO, _BESIDE) for pattern in (
    rf"\bbulan\s*:?\s*{two}\b(?:\s+(?P<year>(?:19|20)\d\d)\b)?",
    rf"\b{two}\s+(?P<year>(?:19|20)\d\d)\b"))
_DATE = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)"
_PERIOD = re.compile(rf"{_DATE}\s*(?:{UNTIL}|-|–)\s*{_DATE}")
# A month name counts as evidence after "bulan" or before a year: a bare "Juli" may be a
# name (the bendahara's), "Desember" a street's.
_MONTH_YEAR = re.compile(rf"\bbulan\s*:?\s*(?P<name>{_NAME})\b(?:\s+(?P<year>(?:19|20)\d\d))?")
_NAME_YEAR = re.compile(rf"\b(?P<name>{_NAME})\s+(?P<year>(?:19|20)\d\d)\b")
_SHORT_YEAR = re.compile(rf"\b(?P<name>{_SHORT_NAME})\s+(?P<year>(?:19|20)\d\d)\b")
# A month's number after "bulan" (`Bulan 7`, `Bulan ke-7`, `bulan 07 2023`): the seventh month,
# never a count before it (`7 bulan`, a duration), a date (`bulan 7/8/2023`) or a quarter
# (`Triwulan 3`). Two numbers joined by a mark (`Bulan 1 - 3`, `bulan 1 s.d. 3`) are a span.
_ORDINAL = r"(?:ke\s*-?\s*)?"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])(?!\d)"
_NOT_A_DATE = r"(?!\s*[/.-]\s*\d)"
_NUMBER_SPAN = re.compile(
    rf"\bbulan\s*:?\s*{_ORDINAL}(?P<first>{_MONTH_NUMBER})\s*(?P<mark>[-–&]|\bdan\b|{UNTIL})"
    rf"\s*(?:bulan\s*)?{_ORDINAL}(?P<last>{_MONTH_NUMBER}){_NOT_A_DATE}"
    rf"(?:\s+(?P<year>(?:19|20)\d\d)\b)?")
_CUMULATIVE_NUMBER = re.compile(
    rf"(?:{UNTIL}|{CUMULATIVE})\s*bulan\s*{_ORDINAL}(?P<month>{_MONTH_NUMBER}){_NOT_A_DATE}"
    rf"(?:(?:\s*[-/.]\s*|\s+)(?P<year>(?:19|20)\d\d)\b)?")
_BULAN_NUMBER = re.compile(
    rf"\bbulan\s*:?\s*{_ORDINAL}(?P<month>{_MONTH_NUMBER})"
    rf"(?:(?:\s*[-/.]\s*|\s+)(?P<year>(?:19|20)\d\d)(?!\d))?{_NOT_A_DATE}")
_NUMERIC = (re.compile(r"\b(?P<year>(?:19|20)\d\d)\s(?P<month>0[1-9]|1[0-2])\b"),
            re.compile(r"\b(?P<month>0[1-9]|1[0-2])\s(?P<year>(?:19|20)\d\d)\b"))
_WRITTEN_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_NAME})\s+((?:19|20)\d\d)\b")
# A date the figures run up to ("s.d. 31 Maret 2023", "periode yang berakhir 31 Maret 2023",
# "keadaan per 31/03/2023"; written dates are read as numbers first): the realisation from
# January to that day, not one month's.
_AS_OF = re.compile(rf"(?:{UNTIL}|berakhir(?:\s+pada)?|(?<![a-z])per(?![a-z])|posisi)\s*"
                    rf"(?:tanggal\s+|tgl\.?\s*)?{_DATE}")
# The budget year stated on its own ("Tahun Anggaran 2023", "TA 2023", "Tahun 2023").
_BUDGET_YEAR = re.compile(r"\b(?:tahun\s+anggaran|t\.\s?a\.?|ta|tahun)\s*:?\s*"
                          r"(?P<year>(?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Said:
    """What one place of the file says: `where` (for a person: the title row, the file
    name), the fragment as written, the month (None: cumulative up to this month unknown,
    `Realisasi s.d. Bulan Ini`), the year if named, and whether it is cumulative (January
    through the month) or a span of months that is not one month."""

    where: str
    fragment: str
    month: int | None
    year: int | None = None
    cumulative: bool = False
    span: bool = False
    # A month name after an earlier month's without a mark between (`jan_mar_2023`): a span
    # (January to March) or a name before the month (`Petugas Jan`) cannot be told; the
    # fragment is the later month's alone, never the word that may be a name.
    beside: bool = False


@dataclass(frozen=True)
class MonthOfFile:
    """The month (1–12) and year (None when no evidence names one) of a one-month file, the
    ledger's sentence saying where they came from, and the places alone (`the file name
    ('oktober 2023')`, for other sentences to name)."""

    month: int
    year: int | None
    note: str
    places: str = ""
    # Where the year was read when none of `places` states it (`the file name ('2023')`).
    year_places: str = ""


class MonthRefused(ValueError):
    """The file has no month column and its title and name do not tell one month; the
    message says why and what to send instead."""


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


# A regulation cited in a title (`Perda Nomor 3 Tahun 2022 tentang APBD Tahun Anggaran 2023`,
# `Permendagri 77 Tahun 2020`, `UU No. 35 Tahun 2014`): its number and year name the
# regulation, not the period of the figures.
_CITATION = re.compile(
    r"\b(?:(?:nomor|nomer|no)\b\.?\s*:?\s*|(?:perda|perkada|pergub|perbup|perwali|"
    r"permendagri|permenkeu|permen\w*|pmk|pp|uu|undang-undang|perpres|keppres|inpres|"
    r"kepmen\w*|sk|keputusan|peraturan|instruksi|se)\s+(?:nomor\s+|no\.?\s*)?)"
    r"\d+[\w./-]*\s+tahun\s+\d{4}\b")


def _two_months(where: str, match: re.Match, first: int, last: int,
                year: int | None) -> Said:
    """Two months joined by a mark (`Januari - Maret`, `bulan 1 s.d. 3`): one month when
    they are the same, January through the last after "s.d." from January (as `s.d.
    Maret`), else a span of months that is no one month's."""
    if first == last:
        return Said(where, match[0], last, year)
    if first == 1 and re.fullmatch(UNTIL, match["mark"]):
        return Said(where, match[0], last, year, cumulative=True)
    return Said(where, match[0], None, year, span=True)


def read_text(text: str, where: str) -> list[Said]:
    """What a title row (or a file name's words) says about its month (see `Said`); a
    regulation it cites (`Perda Nomor 3 Tahun 2022`) says nothing of it."""
    flat = _CITATION.sub(" ", _flat(text))
    found: list[Said] = []
    flat = _WRITTEN_DATE.sub(lambda m: f"{m[1]}/{MONTHS[m[2]]}/{m[3]}", flat)
    for match in _PERIOD.finditer(flat):
        start_day, start_month, start_year, end_day, end_month, end_year = map(int,
                                                                             match.groups())
        last = calendar.monthrange(end_year, end_month)[1] if 1 <= end_month <= 12 else 0
        whole_months = start_day == 1 and end_day == last and start_year == end_year
        if whole_months and start_month == end_month:
            found.append(Said(where, match[0], end_month, end_year))
        elif whole_months and start_month == 1:
            found.append(Said(where, match[0], end_month, end_year, cumulative=True))
        else:
            found.append(Said(where, match[0], None, end_year, span=True))
        flat = flat.replace(match[0], " ")
    for match in _AS_OF.finditer(flat):
        day, month, year = map(int, match.groups())
        if not 1 <= month <= 12:
            continue
        ends_a_month = day == calendar.monthrange(year, month)[1]
        # Up to a month's last day: January through that month. Up to another day: a part of
        # a month, which no month's figure is.
        found.append(Said(where, match[0], month, year, cumulative=ends_a_month,
                          span=not ends_a_month))
        flat = flat.replace(match[0], " ")
    for pattern in _TWO_MONTHS:
        for match in pattern.finditer(flat):
            first, last = _EITHER[match["first"]], _EITHER[match["last"]]
            year = int(match["year"]) if match["year"] else None
            if "mark" not in match.re.groupindex:
                if first >= last:  # `Mei Februari 2023`: a name, then February
                    continue
                fragment = match[0][match.start("last") - match.start():]
                found.append(Said(where, fragment, None, year, beside=True))
            else:
                found.append(_two_months(where, match, first, last, year))
            flat = flat.replace(match[0], " ")
    for match in _CUMULATIVE.finditer(flat):
        month = None if match["this"] else _EITHER[match["name"]]
        year = int(match["year"]) if match["year"] else None
        found.append(Said(where, match[0], month, year, cumulative=True))
        flat = flat.replace(match[0], " ")
    for match in _NUMBER_SPAN.finditer(flat):
        year = int(match["year"]) if match["year"] else None
        found.append(_two_months(where, match, int(match["first"]), int(match["last"]), year))
        flat = flat.replace(match[0], " ")
    for match in _CUMULATIVE_NUMBER.finditer(flat):
        year = int(match["year"]) if match["year"] else None
        found.append(Said(where, match[0], int(match["month"]), year, cumulative=True))
        flat = flat.replace(match[0], " ")
    for match in _BULAN_NUMBER.finditer(flat):
        year = int(match["year"]) if match["year"] else None
        found.append(Said(where, match[0], int(match["month"]), year))
    flat = _BULAN_NUMBER.sub(" ", flat)
    for pattern in (_MONTH_YEAR, _NAME_YEAR, _SHORT_YEAR):
        for match in pattern.finditer(flat):
            names = _SHORT if pattern is _SHORT_YEAR else MONTHS
            year = int(match["year"]) if match["year"] else None
            found.append(Said(where, match[0], names[match["name"]], year))
        flat = pattern.sub(" ", flat)
    found += [Said(where, match[0], None, int(match["year"]))
              for match in _BUDGET_YEAR.finditer(flat)]
    return found


# What a computer adds to the name of a copy, at its end (a browser's download counter
# `(2)`, never zero-padded; Windows' ` - Copy`, ` - Salinan`, with a counter; `(copy 2)`,
# `(another copy)`; macOS' ` copy 2`) or its start (`Copy of `, `Salinan `, `Salinan dari `).
_COPY_MARKS = (
    re.compile(r"\s*\((?:[1-9]\d{0,2}|(?:another\s+|\d+(?:st|nd|rd|th)\s+)?copy(?:\s*\d+)?|"
               r"salinan(?:\s*\d+)?)\)\s*$", re.IGNORECASE),
    re.compile(r"\s*-\s*(?:copy|salinan)(?:\s*\(\d+\))?\s*$", re.IGNORECASE),
    re.compile(r"\s+copy(?:\s+\d+)?\s*$", re.IGNORECASE),
    re.compile(r"^\s*(?:copy\s+of|salinan(?:\s+dari)?)\s+", re.IGNORECASE),
)


def without_copy_mark(name: str) -> str:
    """A file's (extension removed) or a sheet's name without what a computer adds to a
    copy's (`_COPY_MARKS`, however many): `register_uptd_2023 (10)` is
    `register_uptd_2023`, the 10th download, not October; `Maret (2)` is `Maret`."""
    while True:
        shorter = name
        for mark in _COPY_MARKS:
            shorter = mark.sub("", shorter)
        if shorter == name:
            return name
        name = shorter


# A full date in a file name (`2023_03_31`, `20231102`, `31-03-2023`, `31.03.2023`): the
# day of an export or a cut-off, written as the titles write dates (`31/3/2023`) so that only
# "s.d." before it (or a period of two) says anything of the month.
_NAME_DATES = (
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<sep>[-_. ]?)(?P<month>0[1-9]|1[0-2])"
               r"(?P=sep)(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)(?P<day>0?[1-9]|[12]\d|3[01])(?P<sep>[-_. ])(?P<month>0?[1-9]|1[0-2])"
               r"(?P=sep)(?P<year>(?:19|20)\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<day>0[1-9]|[12]\d|3[01])(?P<month>0[1-9]|1[0-2])"
               r"(?P<year>(?:19|20)\d\d)(?!\d)"),
)
# A month of one digit joined to its year by a mark (`lra 7-2023`, `lra_2023-7`), as two
# digits (`07 2023`, which `_NUMERIC` reads); the digit alone beside a year by a space or
# `_` (`lampiran_3_2023`) may be a count or a number of a document, and says nothing.
_ONE_DIGIT_MONTH = (
    re.compile(r"(?<![\d/.-])(?P<month>[1-9])\s*[-/.]\s*(?P<year>(?:19|20)\d\d)(?![\d/.-])"),
    re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)\s*[-/.]\s*(?P<month>[1-9])(?![\d/.-])"),
)
_NAME_PERIOD = re.compile(r"(\d+/\d+/\d+)\s*[-–_ ]\s*(\d+/\d+/\d+)")


def _name_words(stem: str) -> str:
    """A file name's words as `read_text` reads a title: full dates as `31/3/2023`, a date
    followed by a date as a period, two months joined by a mark as `januari – maret`, and
    `_ - . , ( ) [ ]` as spaces. `-` joins two months only in a name whose words are
    separated otherwise (`realisasi_januari-maret_2023`, not `LRA-Juli-Februari-2023`)."""
    marks = "[–&]" if re.search(r"[\s_]", stem.strip()) is None else "[-–&]"
    for pattern in _NAME_DATES:
        stem = pattern.sub(lambda m: f" {int(m['day'])}/{int(m['month'])}/{m['year']} ", stem)
    stem = _NAME_PERIOD.sub(r"\1 s.d. \2", stem)
    for pattern in _ONE_DIGIT_MONTH:
        stem = pattern.sub(lambda m: f" {int(m['month']):02d} {m['year']} ", stem)
    stem = re.sub(rf"(?<![a-z])({_EITHER_NAME})\s*{marks}\s*({_EITHER_NAME})(?![a-z])",
                  r"\1 – \2", stem, flags=re.IGNORECASE)
    return _flat(re.sub(r"[_\-.,()\[\]]+", " ", stem))


# A full date as `_name_words` writes it (`31/3/2023`): its year is an export day's or a
# cut-off's, not by itself the year the file is of.
_WORDS_DATE = re.compile(r"\d{1,2}/\d{1,2}/(?:19|20)\d\d")
_BARE_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def year_of_name(name: str) -> Said | None:
    """The year a file name states by itself (`dpa_dp3a_2024.xlsx`, `lra_2023.xlsx`: a year
    alone, which `read_file_name` reads nothing from), as a `Said` without a month; None
    when what `read_file_name` reads of the name states a year already, or the name holds
    no year or several (`rka_2024_2025`) besides the years of full dates (an export day,
    `realisasi_export_2024-01-05`, is not the year of the figures)."""
    if any(found.year is not None for found in read_file_name(name)):
        return None
    stem = without_copy_mark(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name))
    years = set(_BARE_YEAR.findall(_WORDS_DATE.sub(" ", _name_words(stem))))
    if len(years) != 1:
        return None
    year = years.pop()
    return Said(_("the file name"), year, None, int(year))


def _file_name_said(name: str) -> list[Said]:
    """What a file name says of its period: `read_file_name`, and the year it states alone
    (`year_of_name`)."""
    bare = year_of_name(name)
    return read_file_name(name) + ([bare] if bare is not None else [])


def read_file_name(name: str) -> list[Said]:
    """What a file name says about its month: `realisasi_2023_03.xlsx`, `03-2023`,
    `Realisasi Maret 2023.csv`, `realisasi_sd_maret_2023.xlsx` (cumulative); nothing from a
    copy's mark (`Realisasi 2023 (3).xlsx`) or a full date (`realisasi_2023_03_31.xlsx`)."""
    stem = without_copy_mark(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name))
    words = _name_words(stem)
    where = _("the file name")
    found = read_text(words, where)
    if not found:
        for pattern in _NUMERIC:
            found += [Said(where, match[0], int(match["month"]), int(match["year"]))
                      for match in pattern.finditer(words)]
    return found




def read_sheet_name(name: str, where: str) -> list[Said]:
    """What a sheet's name says about its month. A name that is a month and nothing else
    (`Januari`, `JAN`, `Bulan Maret`, `03 - Maret`: `parse.month_number`; with its year,
    `Jan 2023`, `02-2023`: `parse.month_of_cell`) is the month of the sheet: an officer
    names a sheet per month so, where a bare month name in a title may be a person's. Any
    other name is read as a title is (`Realisasi Bulan Maret 2023`); a name stating a month
    twice over (`05 - April`) says nothing."""
    # A copied sheet (`Maret (2)`, as a spreadsheet names a copy) states its original's month.
    flat = _flat(without_copy_mark(name))
    try:
        month = month_number(flat)
    except ValueError:
        return []
    if month is not None:
        return [Said(where, name, month)]
    # A month with its year (`Jan 2023`, `Maret-2023`, `02_2023`, `2023.02`), as a month
    # column's cell gives it (`parse.month_of_cell`).
    if (found := month_of_cell(flat.replace("_", " "))) is not None:
        return [Said(where, name, *found)]
    return read_text(name, where)


def is_months_own(header: str) -> bool:
    """A column header written as the month's own figure (`Realisasi Bulan Ini`), not the
    cumulative one (`Realisasi s.d. Bulan Ini`)."""
    flat = _flat(spelt_out(header))
    return bool(re.search(r"\bbulan\.? ini\b", flat)) and not is_cumulative(flat)


def _disagree(first: Said, other: Said) -> bool:
    return (None not in (first.month, other.month) and first.month != other.month) or (
        None not in (first.year, other.year) and first.year != other.year)


def _shown(said: Said) -> str:
    return _("{where} ('{fragment}')", where=said.where, fragment=said.fragment.strip())


def unsettled_month(titles: list[tuple[str, str]], file_name: str,
                    sheet: tuple[str, str] | None = None) -> str | None:
    """Why what a file's title rows, sheet name and file name say (as `month_of_file` reads
    them) states no one month: two months or years, a span, a period up to a month, a month
    after another's name without a mark; None when they say nothing of a month (or one)."""
    said = [found for where, text in titles for found in read_text(text, where)]
    said += (read_sheet_name(sheet[1], sheet[0]) if sheet is not None else [])
    said += _file_name_said(file_name)
    if beside := [found for found in said if found.beside]:
        return _("{evidence} follows an earlier month's name without a mark between them: "
                 "several months, or a name before the month", evidence=_shown(beside[0]))
    if spans := [found for found in said if found.span]:
        return _("{evidence} covers several months", evidence=_shown(spans[0]))
    disagree = [(first, other) for at, first in enumerate(said) for other in said[at + 1:]
                if _disagree(first, other)]
    if disagree:
        first, other = disagree[0]
        return _("{first} and {other} disagree", first=_shown(first),
                 other=_shown(other))
    if cumulative := [found for found in said if found.cumulative and found.month != 1]:
        return _("{evidence} runs from January up to a month",
                 evidence=_shown(cumulative[0]))
    return None


def names_a_month(titles: list[tuple[str, str]], sheet: tuple[str, str] | None) -> bool:
    """Whether a sheet's own title rows or name (as `month_of_file` takes them) name one
    month as the period it holds (`Jan`, `Februari 2023`, `Bulan Maret`), not only a span
    (`Jan-Mar`), a period up to a month (`s.d. Maret`), a month after another's name, a year
    or nothing (`PNS`, `TW I`); they may name it beside another month (then disagree)."""
    said = [found for where, text in titles for found in read_text(text, where)]
    said += read_sheet_name(sheet[1], sheet[0]) if sheet is not None else []
    return any(found.month is not None and not (found.cumulative or found.span or found.beside)
               for found in said)


def month_of_file(titles: list[tuple[str, str]], file_name: str, month_column: str,
                  realisation_is_the_months: bool, sheet: tuple[str, str] | None = None,
                  one_of_sheets: bool = False) -> MonthOfFile:
    """The month of a file (or of one sheet of a workbook) without a month column (see the
    module). `titles`: (where, text) of the rows above the header (`where` names the row for
    a person, with its sheet); `sheet`: (where, name) of the sheet read (`read_sheet_name`);
    `month_column`: the column's name for the messages; `realisation_is_the_months`: the
    realisation column is written as the month's own (`Realisasi Bulan Ini`). Raises
    `MonthRefused` naming the evidence. `one_of_sheets`: the sheet is one of a workbook's
    several; a file name running up to a month (`LRA s.d. Maret 2023`) then covers its
    sheets of that month and the months before, and says only their year."""
    said = [found for where, text in titles for found in read_text(text, where)]
    named = read_sheet_name(sheet[1], sheet[0]) if sheet is not None else []
    by_file = read_file_name(file_name)
    months = {found.month for found in named if not (found.cumulative or found.span)}
    if one_of_sheets and len(months) == 1 and None not in months:
        month = months.pop()
        by_file = [Said(found.where, found.fragment, None, found.year)
                   if found.cumulative and found.month is not None and month <= found.month
                   else found for found in by_file]
    said += named + by_file
    # The year the file name states alone (`lra_2024.xlsx`) is evidence of the year only: it
    # must agree with the year the title or the sheet names, and fills it when none does.
    bare = year_of_name(file_name)
    stated = said + ([bare] if bare is not None else [])
    if not said:
        raise MonthRefused(_(
            "no {column} column, and neither the title rows nor the file name name the month "
            "(such as 'Laporan Realisasi Anggaran Bulan Maret 2023' or "
            "realisasi_2023_03.xlsx): add a {column} column, or write the month in the title",
            column=month_column))
    beside = [found for found in said if found.beside]
    if beside:
        raise MonthRefused(_(
            "no {column} column, and {evidence} follows an earlier month's name without a "
            "mark between them: the file may cover several months, or a name may stand "
            "before the month; which cannot be told: write a span with a mark ('Januari - "
            "Maret 2023'), one month after 'Bulan' ('Bulan Maret 2023'), or add a {column} "
            "column", column=month_column, evidence=_shown(beside[0])))
    spans = [found for found in said if found.span]
    if spans:
        raise MonthRefused(_(
            "no {column} column, and {evidence} covers several months: a file without a "
            "{column} column must hold one month; send a file per month, or add a {column} "
            "column", column=month_column, evidence=_shown(spans[0])))
    disagree = [(first, other) for at, first in enumerate(stated) for other in stated[at + 1:]
                if _disagree(first, other)]
    if disagree and all(None in (first.month, other.month) or first.month == other.month
                        for first, other in disagree):
        first, other = disagree[0]
        raise MonthRefused(_(
            "the file states two years: {first} and {other}; which year its figures are "
            "cannot be told (last year's template under this year's name?): correct the "
            "title or the file name", first=_shown(first), other=_shown(other)))
    if disagree:
        first, other = disagree[0]
        raise MonthRefused(_(
            "no {column} column, and the file says two periods: {first} and {other}; which "
            "month its figures are cannot be told: correct the title or the file name, or "
            "add a {column} column", column=month_column, first=_shown(first),
            other=_shown(other)))
    months = {found.month for found in said if found.month is not None}
    years = {found.year for found in stated if found.year is not None}
    # From January through January is January's own figure: only a later month needs the
    # months before it to be told apart.
    through_january = [found for found in said if found.cumulative and
                       (found.month or (next(iter(months)) if len(months) == 1 else None)) == 1]
    cumulative = [found for found in said if found.cumulative and found not in through_january]
    if cumulative and not realisation_is_the_months:
        raise MonthRefused(_(
            "{evidence} says the figures are cumulative (from January through the month), "
            "not one month's: a month's realisation cannot be told from them without the "
            "previous month's file. Send the month's own figures instead: a report with a "
            "'Realisasi Bulan Ini' column, or a file with a {column} column and one row per "
            "month", evidence=_shown(cumulative[0]), column=month_column))
    if not months:
        raise MonthRefused(_(
            "no {column} column, and {evidence} names no month: add a {column} column, or "
            "write the month in the title", column=month_column, evidence=_shown(said[0])))
    month = months.pop()
    year = years.pop() if years else None
    places = ", ".join(dict.fromkeys(_shown(found) for found in said))
    note = _("the file has no {column} column: {column} {month} read from {places}",
             column=month_column, month=month, places=places)
    if cumulative:
        note += _(" (the title's cumulative period ends in that month; the realisation "
                  "column is the month's own)")
    elif through_january:
        note += _(" (from the start of the year through January: January's own figures)")
    year_places = "" if year is None or any(found.year is not None for found in said) else \
        _shown(bare)
    return MonthOfFile(month, year, note, places, year_places)


def years_said(titles: list[tuple[str, str]], file_name: str,
               sheet: tuple[str, str] | None = None) -> list[Said]:
    """Every place a file (or one sheet of a workbook) states its year, as `month_of_file`
    reads them: its title rows (`Tahun Anggaran 2023`, `Bulan Januari 2023`), its sheet's
    name and its file name (`lra_2024_01.csv`, `dpa_2024.xlsx`)."""
    said = [found for where, text in titles for found in read_text(text, where)]
    said += read_sheet_name(sheet[1], sheet[0]) if sheet is not None else []
    said += _file_name_said(file_name)
    return [found for found in said if found.year is not None]


@dataclass(frozen=True)
class YearOfFile:
    """The year a file without a year column states of itself, and the ledger's sentence."""

    year: int
    note: str


def year_of_file(titles: list[tuple[str, str]], file_name: str, year_column: str,
                 sheet: tuple[str, str] | None = None) -> YearOfFile:
    """The one year a file (or a sheet) holding a month column but no year column states in
    its title rows, sheet name or file name (`years_said`), as a month is read
    (`month_of_file`). Raises `MonthRefused` when none states a year, or two state
    different years (last year's template under this year's name: a person must look)."""
    said = years_said(titles, file_name, sheet)
    if not said:
        raise MonthRefused(_(
            "no {column} column, and neither the title rows nor the file name name the "
            "year: add a {column} column, or write the year in the title", column=year_column))
    other = next((found for found in said if found.year != said[0].year), None)
    if other is not None:
        raise MonthRefused(_(
            "no {column} column, and the file states two years: {first} and {other}; which "
            "year its figures are cannot be told: correct the title or the file name, or add "
            "a {column} column", column=year_column, first=_shown(said[0]),
            other=_shown(other)))
    places = ", ".join(dict.fromkeys(_shown(found) for found in said))
    return YearOfFile(said[0].year, _(
        "the file has no {column} column: {column} {year} read from {places}",
        column=year_column, year=said[0].year, places=places))


# -- the snapshot date of a roster ------------------------------------------------------------

# A full date in words (`31 Desember 2023`, `31 Des 2023`, `31-Dec-23`, `As of 31 December
# 2023`, `December 31, 2023`) or ISO (`2023-12-31`) reads one way only; one in numbers
# (`31-12-2023`, `31/12/23`, `31.12.2023`) is read day first, as Indonesian writes it, and only
# when the day and month cannot be swapped (`01-07-2023` is 1 July or 7 January). A two-digit
# year is 20yy. Month names are every spelling `parse.MONTHS` knows: Indonesian, English and
# their short forms.
_ANY_NAME = "|".join(sorted(ALL_MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d|\d\d"
_DAY_NAME_YEAR = (rf"(?<![\d.,/-])(?P<day>\d{{1,2}})(?:\s*[-/.]\s*|\s+)(?P<name>{_ANY_NAME})\.?"
                  rf"(?:\s*[-/.,]\s*|\s+)(?P<year>{_YEAR})(?![\d])")
_NAME_DAY_YEAR = (rf"\b(?P<name>{_ANY_NAME})\.?\s+(?P<day>\d{{1,2}}),?\s+"
                  rf"(?P<year>(?:19|20)\d\d)(?!\d)")
_ISO = r"(?<![\d.,/-])(?P<year>(?:19|20)\d\d)-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d.,/-])"
_NUMBERS = (r"(?<![\d.,/-])(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*"
            rf"(?P<year>{_YEAR})(?![\d]|[/.-]\d)")
_FULL_DATES = tuple(re.compile(pattern, re.IGNORECASE)
                    for pattern in (_DAY_NAME_YEAR, _NAME_DAY_YEAR, _ISO, _NUMBERS))
_ONE_DATE = "|".join(re.sub(r"\(\?P<\w+>", "(?:", pattern)
                     for pattern in (_DAY_NAME_YEAR, _NAME_DAY_YEAR, _ISO, _NUMBERS))
_DATE_SPAN = re.compile(rf"(?:{_ONE_DATE})\s*(?:{UNTIL}|-|–)\s*(?:{_ONE_DATE})", re.IGNORECASE)
# The day a file was printed, downloaded or exported (`Dicetak tanggal 05 Januari 2024`,
# `Tgl Cetak: 05-01-2024`, `DUK_export_2024-01-05`): when it was made, not the day its rows
# are the state of.
_MADE = re.compile(r"(?:\b(?:di)?cetak|\bprint(?:ed)?|\b(?:di)?unduh|\bdownload(?:ed)?|"
                   r"\b(?:di)?ekspor|\bexport(?:ed)?|\bgenerated)\b[^\d]{0,25}$", re.IGNORECASE)
# Part of a date: a month and year without a day (`Keadaan Desember 2023`, `Des 2023`), a
# day and month without a year (`31 Desember`, `31/12`), a year alone (`Tahun 2023`).
_MONTH_ONLY = re.compile(rf"\b(?P<name>{_ANY_NAME})\.?(?:\s*[-/.,]\s*|\s+)"
                         rf"(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_NO_YEAR = re.compile(rf"(?<![\d.,/-])\d{{1,2}}(?:\s+(?:{_ANY_NAME})\b|\s*[/.-]\s*\d{{1,2}})"
                      rf"(?!\.?\s*[/.,-]?\s*\d)", re.IGNORECASE)
_YEAR_ALONE = re.compile(r"(?<![\d.,/-])(?:19|20)\d\d(?![\d.,/-])")


@dataclass(frozen=True)
class DateOfFile:
    """The snapshot date a file states of itself (`Keadaan per 31 Desember 2023`): the date,
    and the ledger's sentence saying where it came from."""

    date: dt.date
    note: str
    places: str  # where it is stated, as written: `title row 2 ('31 Desember 2023')`


@dataclass(frozen=True)
class _DateSaid:
    """A full date one place of the file states: where, as written, its (year, month, day)
    and whether it reads one way only (month in words, or ISO)."""

    where: str
    fragment: str
    parts: tuple[int, int, int]
    certain: bool


@dataclass
class _Stated:
    """What the places of a file state of its date: full dates, periods, months without a
    day (`Said` with its month and year), and the parts of a date that are no date (a day
    and month without a year, a year alone), for the message saying what was found."""

    dates: list[_DateSaid]
    spans: list[Said]
    months: list[Said]
    partial: list[Said]
    years: list[Said]
    made: list[_DateSaid] = field(default_factory=list)  # days the file was printed


def _year(written: str) -> int:
    return int(written) + 2000 if len(written) == 2 else int(written)


def _dates_said(text: str, where: str, stated: _Stated) -> None:
    """Add to `stated` what a title row, a sheet's name or a file name's words state of the
    date, each fragment as the file writes it. A period (`1 Januari 2023 s.d. 31 Desember
    2023`, `01/01/2023 - 31/12/2023`) is no snapshot date."""
    written = re.sub(r"\s+", " ", text).strip()
    taken: list[tuple[int, int]] = []

    def free(match: re.Match) -> bool:
        return not any(match.start() < end and start < match.end() for start, end in taken)

    def said(match: re.Match) -> str:
        taken.append((match.start(), match.end()))
        return written[match.start():match.end()]

    spans = [Said(where, said(match), None, span=True) for match in _DATE_SPAN.finditer(written)]
    stated.spans += spans
    if spans:
        return
    for pattern in _FULL_DATES:
        for match in pattern.finditer(written):
            if not free(match):
                continue
            groups = match.groupdict()
            year = _year(groups["year"])
            if groups.get("name"):
                month = ALL_MONTHS[groups["name"].lower()]
                parts, certain = (year, month, int(groups["day"])), True
            else:
                first, second = int(groups["day"]), int(groups["month"])
                parts = (year, second, first)
                certain = pattern.pattern == _ISO or first > 12 or first == second
            found = _DateSaid(where, said(match), parts, certain)
            made = _MADE.search(re.sub(r"[_]+", " ", written[:match.start()])) is not None
            (stated.made if made else stated.dates).append(found)
    for match in _MONTH_ONLY.finditer(written):
        if free(match):
            stated.months.append(Said(where, said(match), ALL_MONTHS[match["name"].lower()],
                                      int(match["year"])))
    for match in _NO_YEAR.finditer(written):
        if free(match):
            stated.partial.append(Said(where, said(match), None))
    stated.years += [Said(where, said(match), None, int(match[0]))
                     for match in _YEAR_ALONE.finditer(written) if free(match)]


def _shown_date(said: _DateSaid) -> str:
    return _("{where} ('{fragment}')", where=said.where, fragment=said.fragment.strip())


def date_of_file(titles: list[tuple[str, str]], file_name: str, column: str,
                 sheet: tuple[str, str] | None = None,
                 latest: dt.date | None = None) -> DateOfFile:
    """The one snapshot date a file without a date column states in its title rows, its
    sheet's name or its file name (a staff roster's "Keadaan per 31 Desember 2023", "Posisi
    Per: 31-12-2023", "Per 31 Dec 2023", a sheet named `31 Desember 2023`). `titles`: (where,
    text) of the rows above the header; `sheet`: (where, name) of the sheet read; `column`:
    the date column as an office writes it (`Tanggal Data`), for the messages; `latest`: the
    last date the column may hold (today, for a date not in the future).

    A date is taken only when it is unambiguous: one full date (every place that states a
    date states the same one), no period, no month or (in a sheet's name) year said that is
    not the date's, and, written in numbers, a day and month that cannot be swapped. The
    day the file was printed or exported (`Dicetak tanggal 05 Januari 2024`, `DUK_export_
    2024-01-05`) is no such date: beside one it is left aside, alone it is refused. Raises
    `MonthRefused` saying what was found, why it cannot be used and what to add, in the
    office's words."""
    stem = without_copy_mark(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name))
    stated = _Stated([], [], [], [], [])
    for where, text in titles:
        _dates_said(text, where, stated)
    title_years = len(stated.years)
    if sheet is not None:
        _dates_said(sheet[1], sheet[0], stated)
        month = month_number(without_copy_mark(sheet[1].strip()))
        if month is not None:  # a sheet named for a month only (`Juni`)
            stated.months.append(Said(sheet[0], sheet[1], month))
    sheet_years = stated.years[title_years:]
    _dates_said(re.sub(r"[_()\[\]]+", " ", stem), _("the file name"), stated)
    example = _("add a {column} column, or state the date in the title: 'Keadaan per 31 "
                "Desember 2023'", column=column)
    if stated.spans:
        raise MonthRefused(_(
            "no {column} column, and {evidence} is a period, not the date of a snapshot: "
            "{example}", column=column, evidence=_shown(stated.spans[0]), example=example))
    read: dict[dt.date, _DateSaid] = {}
    for said in stated.dates:
        try:
            read.setdefault(dt.date(*said.parts), said)
        except ValueError:
            raise MonthRefused(_(
                "no {column} column, and {evidence} is no date: {example}", column=column,
                evidence=_shown_date(said), example=example)) from None
    if len(read) > 1:
        first, other = list(read.values())[:2]
        raise MonthRefused(_(
            "no {column} column, and the file states two dates: {first} and {other}; which "
            "one its rows are the state of cannot be told: keep one date in the title, or "
            "add a {column} column", column=column, first=_shown_date(first),
            other=_shown_date(other)))
    if not read and stated.made:
        raise MonthRefused(_(
            "no {column} column, and {evidence} is the day the file was printed or exported, "
            "not the day its rows are the state of: {example}", column=column,
            evidence=_shown_date(stated.made[0]), example=example))
    if not read:
        raise MonthRefused(_no_date(stated, column, example))
    [(date, said)] = read.items()
    other = next((found for found in stated.months
                  if found.month != date.month or found.year not in (None, date.year)), None) or \
        next((found for found in sheet_years if found.year != date.year), None)
    if other is not None:
        raise MonthRefused(_(
            "no {column} column, and {evidence} states {date} but {other} says another "
            "period: which one its rows are the state of cannot be told: correct the title or "
            "the name, or add a {column} column", column=column, evidence=_shown_date(said),
            date=day(date), other=_shown(other)))
    if not any(found.certain for found in stated.dates):
        swapped = dt.date(date.year, date.day, date.month)
        raise MonthRefused(_(
            "no {column} column, and {evidence} can be read as {one} or as {other}: write "
            "the month in words in the title ('Keadaan per {one}'), or add a {column} column",
            column=column, evidence=_shown_date(said), one=day(date), other=day(swapped)))
    if latest is not None and date > latest:
        raise MonthRefused(_(
            "{evidence} gives {column} {date}, a date in the future: correct the date there, "
            "or add a {column} column", column=column, evidence=_shown_date(said),
            date=day(date)))
    places_shown = ", ".join(dict.fromkeys(_shown_date(found) for found in stated.dates))
    return DateOfFile(date, _("the file has no {column} column: {column} {date} read from "
                              "{places}", column=column, date=day(date), places=places_shown),
                      places_shown)


def _no_date(stated: _Stated, column: str, example: str) -> str:
    """Why a file that states no full date has none: what it states instead (a month, a day
    without a year, a year), or that it states nothing of its date at all."""
    if stated.months:
        return _("no {column} column, and {evidence} names a month, not a day: {example}",
                 column=column, evidence=_shown(stated.months[0]), example=example)
    if stated.partial:
        return _("no {column} column, and {evidence} names a day and a month without the "
                 "year: {example}", column=column, evidence=_shown(stated.partial[0]),
                 example=example)
    if stated.years:
        return _("no {column} column, and {evidence} names a year, not a day: {example}",
                 column=column, evidence=_shown(stated.years[0]), example=example)
    return _("no {column} column, and neither the title rows, the sheet's name nor the file "
             "name state the date of the data: {example}", column=column, example=example)
