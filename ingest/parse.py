"""Parsing of values the way Indonesian office files (and English-locale ones) write them.

Numbers: `4.741.818.999`, `Rp. 4.741.818.999,-`, `4.741.818.999,00`, `55,30`, `(7.633.200)`,
and from English-locale machines `0.423`, `92.814`, `1,234,567.50`. Which mark is the decimal
one is a property of the column (`DECIMAL_COMMA`, Indonesian, or `DECIMAL_POINT`), decided
from all its values by `ingest.evidence`; `number_readings` says what one text can mean.
Dates: `dd/mm/yyyy` or `mm/dd/yyyy` (the column's order, `DMY` or `MDY`, decided the same
way), `yyyy-mm-dd`, `28 Oktober 2023`, `28 October 2023`, `Oct 28, 2023`, Excel serials of
five digits (a time of day after the point), and real Excel dates; any of them followed by a
time (`2023-10-28 08:15:00`), and with a year of two digits (`28/10/23`, `28-Oct-23`: the
year of the hundred up to this one). A number of four digits or fewer is no date. Every
parser returns `None` for an empty cell and raises `ValueError` with a plain-language reason
(never the value itself) for a value it cannot read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

from core.i18n import _
from core.i18n import month as month_name

EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST_DATE = dt.date(1900, 1, 1)

DMY, MDY, CONFLICT = "dmy", "mdy", "conflict"  # date orders of a column
# A column whose reading nothing in its file settles: a value two readings read differently
# is not read (`Ambiguous`), a value that reads the same either way is.
UNDECIDED = "undecided"
DECIMAL_COMMA, DECIMAL_POINT = ",", "."  # decimal marks of a column (or CONFLICT)
# Where a column's numeric dates put the year (`23/10/28`: 23 October 1928 with the year
# last, 28 October 2023 written yy/mm/dd), a column's property like its order (or CONFLICT,
# UNDECIDED).
YEAR_FIRST, YEAR_LAST = "year first", "year last"

_CURRENCY = re.compile(r"^\s*(rp\.?|idr)\s*", re.IGNORECASE)
_PERCENT_SIGN = re.compile(r"(?<!\s)\s*%$")  # from a run's start: linear
SCIENTIFIC = re.compile(r"^[-+]?\d+(?:[.,]\d+)?e[-+]\d+$", re.IGNORECASE)  # Excel: 5.37E+15
# A private number typed where a figure belongs: a NIK (16 digits), a NIP (18), a phone
# number (`0812…`, `+62812…`: a leading zero or the country code, 10 to 15 digits), spaces
# and dashes between its groups. No amount or count of this office has 16 digits (Rp 10^15)
# or a leading zero; a decimal (`0.4523809523`) has its point, which is kept.
_PRIVATE_NUMBER = re.compile(r"^(?:\d{16}|\d{18}|0\d{9,14}|\+62\d{8,13})$")
_MINUS = ("-", "\u2212", "\u2013", "\u2012")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_SPACED = re.compile(r"\d[\s\u00a0\u2007\u202f]+\d")
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?:[\s\u00a0\u2007\u202f]\d{3})+(?:[.,]\d+)?$")
_NUMBER_SHAPES = {
    # integer part grouped by the thousands mark (no leading zero group), optional fraction
    DECIMAL_COMMA: re.compile(r"^(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(\d+))?$"),
    DECIMAL_POINT: re.compile(r"^(?:[1-9]\d{0,2}(?:,\d{3})+|\d+)(?:\.(\d+))?$"),
}
# A time after a date, as programs export a date-time (`28/10/2023 14:30`, `2023-10-28
# 08:15:00`, `10/28/2023 2:30:00 PM`, `2023-10-28T10:00:00+08:00`) or a person writes one
# (`28 Oktober 2023 pukul 10.00 WITA`): the date is the same.
_TIME = (r"(?:(?:,?\s+(?:pukul\s+|pkl\.?\s*|jam\s+|at\s+)?|T)"
         r"\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?"
         r"(?:\s*(?:wib|wita|wit|utc|z|[+-]\d{2}:?\d{2}))?)?")
# A year of two digits (`28/10/23`, `28-Oct-23`) is the one of the hundred years up to this
# one that ends so (`two_digit_year`).
_YEAR = r"(\d{4}|\d{2})"
_NUMERIC_DATE = re.compile(rf"^(\d{{1,2}})[/\-.](\d{{1,2}})[/\-.]{_YEAR}{_TIME}$", re.IGNORECASE)
_YMD = re.compile(rf"^(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}$", re.IGNORECASE)
# An Excel date serial written as text: five digits (10000 is 18 May 1927; 45227 is 28
# October 2023), a fraction being the time of day. Fewer digits are no date (`2023` is a year,
# `12` a count): read as a serial they were days of 1900 to 1927.
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
_SHORT_NUMBER = re.compile(r"^\d{1,4}(?:[.,]0+)?$")
SMALLEST_SERIAL = 10000
_WEEKDAY = re.compile(
    r"^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\b[,.]?\s*", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})[\s\-./]*([a-z]+)\.?[\s\-./,]+{_YEAR}{_TIME}$",
                             re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^([a-z]+)\.?\s+(\d{{1,2}}),?\s+(\d{{4}}){_TIME}$", re.IGNORECASE)

# The words of a period of several months, before its number (`TW II`, `Triwulan 3`,
# `Semester I`, `Cawu 2`): a quarter, a four-month term or a half year, never one month.
PERIOD_WORDS = ("triwulan", "trw", "tw", "kuartal", "caturwulan", "cawu", "semester", "smt",
                "sem")
# Month names and their usual short forms, in Indonesian and English.
MONTHS = {
    name: number
    for number, names in enumerate([
        ("januari", "january", "jan"),
        ("februari", "pebruari", "february", "feb", "peb"),
        ("maret", "march", "mar", "mrt"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "june", "jun"),
        ("juli", "july", "jul"),
        ("agustus", "august", "agu", "agt", "ags", "agst", "aug"),
        ("september", "sept", "sep"),
        ("oktober", "october", "okt", "oct"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "december", "des", "dec"),
    ], start=1)
    for name in names
}

_MONTH_NAMED = re.compile(r"^(?:bulan\s+|bln\.?\s*)?(?:(\d{1,2})\s*[-.:/]?\s*)?([a-z]+)\.?$",
                          re.IGNORECASE)


def month_number(value: object) -> int | None:
    """The month a cell of a month column names in words: `Januari`, `Jan`, `JANUARY`,
    `Bulan Maret`, `01 - Januari` → 1…12; None for a value that names no month (a number is
    left to the number reader). Raises `ValueError` when a number beside the name is another
    month (`02 - Januari`)."""
    if not isinstance(value, str):
        return None
    match = _MONTH_NAMED.match(value.strip())
    if not match or match.group(2).lower() not in MONTHS:
        return None
    month = MONTHS[match.group(2).lower()]
    if match.group(1) is not None and int(match.group(1)) != month:
        raise ValueError(_("the month's number and its name are different months"))
    return month


_BULAN = r"(?:bulan\s*:?\s*|bln\.?\s*)"
_CELL_YEAR = r"(?P<year>(?:19|20)\d\d)"
# A month cell that also says its year, or says the month by its number after "bulan": a
# name and a year (`Juli 2023`, `Jul-23`: Excel's mmm-yy, `Bulan Juli 2023`), numbers
# (`07-2023`, `7/2023`, `2023-07`) or the month's number after "bulan" (`Bulan ke-7`, `Bulan
# 7 2023`). A date (`01-07-2023`, `23-Jul`) is none of them.
_MONTH_CELLS = (
    re.compile(rf"^{_BULAN}?(?P<name>[a-z]+)\.?(?:\s*[-/.,]\s*|\s+)"
               r"(?P<year>(?:19|20)\d\d|\d\d)$", re.IGNORECASE),
    re.compile(rf"^{_BULAN}?(?P<month>0?[1-9]|1[0-2])\s*[-/.]\s*{_CELL_YEAR}$", re.IGNORECASE),
    re.compile(rf"^{_BULAN}?{_CELL_YEAR}\s*[-/.]\s*(?P<month>0?[1-9]|1[0-2])$", re.IGNORECASE),
    re.compile(rf"^{_BULAN}(?:ke\s*-?\s*)?(?P<month>0?[1-9]|1[0-2])(?:(?:\s*[-/.]\s*|\s+)"
               rf"{_CELL_YEAR})?$", re.IGNORECASE),
)


def month_of_cell(value: object) -> tuple[int, int | None] | None:
    """The month (1–12) and year (None when the cell names none) a month column's cell
    gives beside or instead of a plain number or name (see `_MONTH_CELLS`): `Juli 2023` →
    (7, 2023), `Jul-23` → (7, 2023), `2023-07` → (7, 2023), `Bulan ke-7` → (7, None); a
    date cell of a month's first day (Excel reads `Jul-23` or `07-2023` typed into a cell
    as 1 July 2023) → (7, 2023). None for anything else (`7`, `Juli`: `month_number` and
    the number reader read them; `01-07-2023`, a date of another day: no month)."""
    if isinstance(value, dt.datetime):
        if value.day == 1 and value.time() == dt.time():
            return value.month, value.year
        return None
    if isinstance(value, dt.date):
        return (value.month, value.year) if value.day == 1 else None
    if not isinstance(value, str):
        return None
    text = " ".join(without_text_mark(value).split())
    for pattern in _MONTH_CELLS:
        match = pattern.match(text)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("name") is not None:
            if groups["name"].lower() not in MONTHS:
                continue
            month = MONTHS[groups["name"].lower()]
        else:
            month = int(groups["month"])
        year = groups.get("year")
        if year is None:
            return month, None
        return month, int(year) if len(year) == 4 else two_digit_year(int(year))
    return None


EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!"})

# What a cell holds for "no value" (after trimming, in lower case), and where it means so:
# in every column (`-`, as officers type it), or only in a statistical figure's
# (`ColumnSpec.figure_marks`: an indicator's or a KLA score), where BPS writes `...` for a
# figure not available, `x` for one not shown and `NA`, `n.a.` for one not applicable; in
# another column `x` or `NA` may be a value, a code or a word.
NO_VALUE = {"": "every column", "-": "every column", "–": "every column",
            "—": "figure", "...": "figure", "…": "figure", "..": "figure", "x": "figure",
            "na": "figure", "n.a.": "figure", "n/a": "figure"}
BLANK_TEXTS = tuple(sign for sign, where in NO_VALUE.items() if where == "every column")


def not_available(value: object) -> bool:
    """Whether a text cell of a statistical figure's column says the figure is missing:
    `-` and any other sign of `NO_VALUE` (`...`, `…`, `x`, `NA`, `n.a.`); an empty cell
    is not counted as one."""
    return (isinstance(value, str) and value.strip() != ""
            and value.strip().lower() in NO_VALUE)


# A mark after a figure of a statistical table: BPS's `*` (preliminary), `**` (very
# preliminary), `r)` (revised), `x)`, `e)` (estimated), and footnote marks (`¹`, `^1`, `†`,
# `a)`, a number in brackets apart from the figure: `12,5 1)`).
# One list for figures and headers (`ingest.units.without_footnote`).
MARKS = r"\*{1,3}\)?|[a-z]\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}|\^\s*\d{1,2}|[†‡]{1,2}"
_FIGURE_MARK = re.compile(rf"(?<=[\d%])(?:\s*({MARKS})|\s+(\d{{1,2}}\)))\s*\Z", re.IGNORECASE)


def figure_mark(value: object) -> tuple[str, str] | None:
    """A figure written with a mark after it split into the figure and the mark: `11,7*` →
    (`11,7`, `*`), `0,423 r)` → (`0,423`, `r)`), `512,75¹` → (`512,75`, `¹`); None for a
    value without one, or whose text before the mark is no number (`IKD-1*`). Looked for
    in the value's last characters only."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    found = _FIGURE_MARK.search(text, max(0, len(text) - 8))
    if found is None:
        return None
    figure = text[:found.start()].rstrip()
    if not figure or not number_readings(figure):
        return None
    return figure, "".join((found.group(1) or found.group(2)).split())


class Ambiguous(ValueError):
    """A value two readings read differently, in a column written both ways or whose
    reading nothing in its file settles."""


class AmbiguousYear(Ambiguous):
    """A date whose year may be its first or its last part (`23/10/28`), in a column that
    writes the year both ways or where nothing in the file settles it."""


def check_not_excel_error(value: object) -> None:
    """An Excel error value (`#REF!`, `#N/A`, …) is a broken formula, never data."""
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        raise ValueError(_("Excel error value (a broken formula in the sheet)"))


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in BLANK_TEXTS


_DASH_ZERO = re.compile(r"^(?:(?:rp\.?|idr)[\s\u00a0]*)?[-\u2012\u2013\u2014\u2212]$",
                        re.IGNORECASE)


def is_dash(value: object) -> bool:
    """Whether a cell is a lone dash, with or without a currency before it (`-`, `–`, `Rp -`,
    `Rp.  -`, `- `): how Excel's accounting format shows 0 and how finance officers write
    "nothing spent". Only an amount column reads it as 0 (`ingest.loader`); elsewhere it is
    an empty cell (`is_blank`)."""
    return isinstance(value, str) and _DASH_ZERO.match(
        _SPACES.sub(" ", value).strip()) is not None


# Excel's mark of a number kept as text (`'245000000`, `'10.000.000`, `'01/02/2023`): a
# spreadsheet hides it, and a CSV exported by hand or by a tool may keep it. Before a number
# or a date it is no part of the value (an .xlsx cell's quote prefix never reaches the
# reader either); a NIK so marked is still a NIK (`ingest.identifiers` drops the mark too).
_TEXT_MARK = re.compile(r"^\s*['\u2018\u2019](?=\s*[-+(\u2212\u2013]?\s*\d)")


def without_text_mark(value: object) -> str:
    """A cell's text without Excel's text mark before a number or a date (`'245000000` is
    `245000000`), trimmed; any other text trimmed as it is (`'Belanja'` keeps its quote)."""
    return _TEXT_MARK.sub("", str(value)).strip()


def _number_text(value: object) -> tuple[str, bool]:
    """The digits and marks of a number as written (a percent sign and Excel's text mark
    `'` left out), and whether it is negative. A minus may be typed as `−` (U+2212) or a
    dash (`–`) pasted from a document, a plus sign leads nothing; spaces of any width
    (`1 850`, `1\u202f850` from a French or Swiss locale) group thousands."""
    text = _PERCENT_SIGN.sub("", without_text_mark(value))
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = _CURRENCY.sub("", text)
    if text[:1] in _MINUS and len(text) > 1:
        negative, text = not negative, text[1:].strip()
    elif text.startswith("+") and len(text) > 1:
        text = text[1:].strip()
    text = re.sub(r"[,.]-+$", "", text)  # "4.741.818.999,-", "500.000.-"
    if _SPACED.search(text) and not _SPACE_GROUPED.match(text):
        return text, negative  # `12 5` is no number: spaces group digits by three only
    return _SPACES.sub("", text), negative


def is_zero(value: object) -> bool:
    """Whether a cell is the number 0 however it is read (`0`, `0,00`, `Rp 0,-`, a number
    cell holding 0): zero in any unit, so it says nothing of the unit of its column."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value == 0
    readings = number_readings(value)
    return bool(readings) and not any(readings.values())


def is_percent(value: object) -> bool:
    """Whether a text is written with a percent sign (`85,5%`, `85,5 %`)."""
    return isinstance(value, str) and _PERCENT_SIGN.search(value.strip()) is not None


def number_readings(value: object) -> dict[str, float]:
    """What a number written as text means with each decimal mark it can be read with:
    `{",": 1234.0, ".": 1.234}` for `1.234`, one entry for `0.423` or `245.000.000,00`, none
    for text that is no number. `0.` followed by digits is a decimal point, always."""
    text, negative = _number_text(value)
    readings = {}
    for mark, shape in _NUMBER_SHAPES.items():
        if shape.match(text):
            thousands = "." if mark == DECIMAL_COMMA else ","
            number = float(text.replace(thousands, "").replace(mark, "."))
            readings[mark] = -number if negative else number
    return readings


_POINT_OR_GROUP = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")
_COMMA_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_THREE_DECIMALS = re.compile(r"^(?:0|\d{4,})\.\d{3}$")


class AmbiguousGroup(Ambiguous):
    """In a column whose decimal mark is the point, a value with three digits after a single
    point (`1.000`: 1, or 1000 grouped the Indonesian way) that nothing in the file settles."""


class AmountDecimals(Ambiguous):
    """In a column of rupiah amounts, a value whose one mark is the column's decimal mark
    with three digits after it (`750.000` where the point is decimal, `1,500` where the comma
    is): an amount of rupiah has no three decimals, so it is a thousands group written the
    other convention's way, or a mistake, and the file cannot tell which."""


def decimal_mark_of(value: object) -> str | None:
    """The decimal mark a text's value reads with when it reads two ways (`750.000`: its one
    mark with three digits after it, `parse.DECIMAL_POINT`; `1,500`: `DECIMAL_COMMA`) — read
    with the other mark it is a whole number grouped by thousands; None for any other text
    (`12,500.50`, `1.500.000`, `93`: they read one way)."""
    if not isinstance(value, str):
        return None
    readings = number_readings(value)
    if len(set(readings.values())) < 2:
        return None
    text = _number_text(value)[0]
    return DECIMAL_POINT if DECIMAL_POINT in text else DECIMAL_COMMA


def point_or_group(value: object) -> bool:
    """Whether a text is three digits after a single point (`1.000`, `92.814`): a decimal
    where the point is the decimal mark, and yet the way Indonesian files group thousands."""
    return isinstance(value, str) and _POINT_OR_GROUP.match(_number_text(value)[0]) is not None


def point_never_groups(value: object) -> bool:
    """Whether a text shows its writer groups thousands with `,` or writes three decimals
    after a point (`1,000`, `1,234.5`, `0.423`, `1234.567`): then `1.000` is 1."""
    if not isinstance(value, str):
        return False
    text = _number_text(value)[0]
    return bool(_COMMA_GROUPS.match(text) or _THREE_DECIMALS.match(text))


def parse_number(value: object, decimal: str = DECIMAL_COMMA,
                 percent: bool = False) -> float | None:
    """Read a number with the column's decimal mark (`DECIMAL_COMMA`: `.` groups thousands,
    Indonesian; `DECIMAL_POINT`: English). A value only one mark can read is read that way
    whatever the column's mark; with `CONFLICT` or `UNDECIDED` a value both can read
    differently is refused (`Ambiguous`). `percent`: the column's figures may be percents,
    so `85,5%` is 85.5; elsewhere a percent is refused (no amount or count is one). A NIK,
    NIP or phone number typed into the column (`5371144411032244`, `081234567890`, a number
    cell of 16 or 18 digits) is refused, never read as a figure."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(_("not a number"))
    if isinstance(value, int | float):
        if float(value).is_integer() and (10 ** 15 <= abs(value) < 10 ** 16
                                          or 10 ** 17 <= abs(value) < 10 ** 18):
            raise ValueError(_PRIVATE_FIGURE())
        return float(value)
    check_not_excel_error(value)
    if _PRIVATE_NUMBER.match(re.sub(r"[\s\-]", "", without_text_mark(value))):
        raise ValueError(_PRIVATE_FIGURE())
    if not percent and is_percent(value):
        raise ValueError(_("a percentage, where an amount or a count is expected"))
    readings = number_readings(value)
    values = set(readings.values())
    if len(values) == 1:
        return values.pop()
    if not readings:
        if SCIENTIFIC.match(str(value).strip()):
            raise ValueError(_("written in scientific notation (as Excel shows a long number "
                               "in a narrow column): its last digits are lost; format the "
                               "column as a number, widen it, and export again"))
        raise ValueError(_("not a number"))
    if decimal in readings:
        return readings[decimal]
    raise Ambiguous(_("can be read two ways (',' or '.' as the decimal mark) and nothing "
                      "in the file decides which"))


def _PRIVATE_FIGURE() -> str:  # noqa: N802 - a message, translated when raised
    return _("looks like a NIK, NIP or phone number, not a figure: not stored")


def parse_int(value: object, decimal: str = DECIMAL_COMMA) -> int | None:
    number = parse_number(value, decimal)
    if number is None:
        return None
    if number != int(number):
        raise ValueError(_("not a whole number"))
    return int(number)


def excel_serial(value: object) -> bool:
    """Whether a date cell holds an Excel date serial rather than a date: text of five digits
    (`43845`, `45227.5`, a fraction being the time of day), as a CSV saved from a column
    Excel held as numbers writes its dates, or a number cell of five digits."""
    if isinstance(value, str):
        return _SERIAL.match(without_text_mark(value)) is not None
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and SMALLEST_SERIAL <= value < 100000)


def excel_serial_to_date(serial: float) -> dt.date:
    """The date of an Excel serial (days since 30 December 1899, a fraction being the time
    of day). A number below `SMALLEST_SERIAL` is refused: in a date column it is a year
    (`2023`) or a count typed in the wrong column, never a day of 1900 to 1927."""
    if 1900 <= serial <= 2100 and float(serial).is_integer():
        raise ValueError(_("a year only, not a date: write the whole date"))
    if not SMALLEST_SERIAL <= serial < 2958466:
        raise ValueError(_("a number, not a date (an Excel date serial has five digits: "
                           "45227 is 28 October 2023)"))
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def two_digit_year(year: int, today: dt.date | None = None) -> int:
    """The year of the hundred up to this one that ends in `year` (0–99): `23` is 2023,
    `85` is 1985 (in 2026)."""
    this_year = (today or dt.date.today()).year
    full = this_year - (this_year - year) % 100
    return full


def has_two_digit_year(value: object) -> bool:
    """Whether a date written as text gives its year with two digits (`28/10/23`)."""
    if not isinstance(value, str):
        return False
    text = _date_text(value)
    match = _NUMERIC_DATE.match(text) or _DAY_MONTH_YEAR.match(text)
    return bool(match) and len(match.group(3)) == 2


_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212]")
_SPACED_SEPARATOR = re.compile(r"(?<=\d)\s*([/.\-])\s*(?=\d)")


def _date_text(value: object) -> str:
    """A date's text without its weekday and Excel's text mark (`'28/10/2023`), with any
    dash a word processor typed read as `-` and spaces around separators between digits
    left out (`28 / 10 / 2023`)."""
    text = _DASHES.sub("-", _WEEKDAY.sub("", without_text_mark(value)))
    return _SPACED_SEPARATOR.sub(r"\1", text)


def numeric_date_orders(value: object) -> frozenset[str]:
    """The orders (`DMY`, `MDY`) a date written in numbers (`5/1/2023`) is a calendar date
    in: both for `5/1/2023` or `5/5/2023`, `DMY` only for `13/1/2023`; none for other text
    (`2023-01-05`, `5 Januari 2023`), whose order is never in doubt."""
    if not _NUMERIC_DATE.match(_date_text(value)):
        return frozenset()
    return frozenset(date_readings(value))


def could_be_swapped(date: dt.date) -> bool:
    """Whether swapping a date's day and month gives another date (both 12 or below, not
    equal): what Excel set to the other order may have done to it."""
    return date.day <= 12 and date.day != date.month


def date_readings(value: object) -> dict[str, dt.date]:
    """What a date written as text means in each order it can be read in: `{DMY: 9 Jan,
    MDY: 1 Sep}` for `9/1/2023`, `{MDY: 23 Jan}` for `1/23/2023`, both with the same date
    for `2023-01-09`, `9 Januari 2023` or `5/5/2023`; none for text that is no date. A
    weekday written before the date keeps the readings that fall on it: `Senin, 9/1/2023` is
    9 January only (1 September 2023 is a Friday), and a weekday no reading falls on leaves
    none (`weekday_contradicts` says so)."""
    readings = _readings(_date_text(value))
    weekday = _weekday_of(value)
    if weekday is None:
        return readings
    return {order: date for order, date in readings.items() if date.weekday() == weekday}


def year_of_date_text(value: object) -> int | None:
    """The year a date written as text gives however its day and month are read: 2024 for
    `03/04/2024` (3 April or 4 March), for `31/02/2024` (no calendar date either way) or
    `5 Maret 2024`; None when the year itself is in doubt (`23/05/24`: yy/mm/dd or
    dd/mm/yy) or for text of no date's shape. What a row whose date could not be read still
    says of the year it is of."""
    if not isinstance(value, str):
        return None
    text = _date_text(value)
    if match := _YMD.match(text):
        return int(match.group(1))
    if (match := _DAY_MONTH_YEAR.match(text)) and match.group(2).lower() in MONTHS:
        year = match.group(3)
        return two_digit_year(int(year)) if len(year) == 2 else int(year)
    if (match := _MONTH_DAY_YEAR.match(text)) and match.group(1).lower() in MONTHS:
        return int(match.group(3))
    if match := _NUMERIC_DATE.match(text):
        if len(match.group(3)) == 4:
            return int(match.group(3))
        years = {date.year for date in date_readings(text).values()}
        if (first := year_first_date(text)) is not None:
            years.add(first.year)
        return years.pop() if len(years) == 1 else None
    return None


def weekday_contradicts(value: object) -> bool:
    """Whether a date's text names a weekday none of its readings falls on (`Senin, 28
    Oktober 2023`: a Saturday)."""
    weekday = _weekday_of(value)
    readings = _readings(_date_text(value))
    return weekday is not None and bool(readings) and all(
        date.weekday() != weekday for date in readings.values())


_WEEKDAYS = {name: number for number, names in enumerate([
    ("senin", "monday", "mon"), ("selasa", "tuesday", "tue"), ("rabu", "wednesday", "wed"),
    ("kamis", "thursday", "thu"), ("jumat", "jum'at", "friday", "fri"),
    ("sabtu", "saturday", "sat"), ("minggu", "ahad", "sunday", "sun")]) for name in names}


def _weekday_of(value: object) -> int | None:
    match = _WEEKDAY.match(str(value).strip())
    return _WEEKDAYS.get(match.group(1).lower()) if match else None


def _readings(text: str) -> dict[str, dt.date]:
    if match := _NUMERIC_DATE.match(text):
        first, second, year = (int(part) for part in match.groups()[:3])
        year = two_digit_year(year) if len(match.group(3)) == 2 else year
        readings = {}
        for order, (day, month) in ((DMY, (first, second)), (MDY, (second, first))):
            try:
                readings[order] = dt.date(year, month, day)
            except ValueError:
                continue
        return readings
    date = _order_free_date(text)
    return {DMY: date, MDY: date} if date else {}


def written_order(value: object) -> str | None:
    """The order a date written with a month name puts day and month in: `DMY` for
    `28 Oktober 2023` or `Sabtu, 28 October 2023`, `MDY` for `Oct 28, 2023`; None for any
    other value. How the writer of a file orders a date it spells out is how it orders the
    ones it writes in digits (an English-US machine writes `October 28, 2023` and
    `10/28/2023`, an Indonesian or British one `28 October 2023` and `28/10/2023`)."""
    if not isinstance(value, str):
        return None
    text = _date_text(value)
    for order, shape, name_at in ((DMY, _DAY_MONTH_YEAR, 1), (MDY, _MONTH_DAY_YEAR, 0)):
        if (match := shape.match(text)) and match.group(name_at + 1).lower() in MONTHS and \
                _order_free_date(text) is not None:
            return order
    return None


def _order_free_date(text: str) -> dt.date | None:
    """A date whose writing leaves no doubt about the order: ISO or with a month name."""
    try:
        if match := _YMD.match(text):
            year, month, day = (int(part) for part in match.groups()[:3])
            return dt.date(year, month, day)
        if match := _DAY_MONTH_YEAR.match(text):
            day, name, year = match.groups()[:3]
            year = two_digit_year(int(year)) if len(year) == 2 else int(year)
            return dt.date(year, MONTHS[name.lower()], int(day))
        if match := _MONTH_DAY_YEAR.match(text):
            name, day, year = match.groups()[:3]
            return dt.date(int(year), MONTHS[name.lower()], int(day))
    except (KeyError, ValueError):
        return None
    return None


def year_first_date(value: object) -> dt.date | None:
    """The date a text means written yy/mm/dd (`23/10/28`: 28 October 2023), when its
    first and last parts both have two digits; None otherwise or when it is no calendar
    date that way (`45/10/28`, `23/02/30`)."""
    if not isinstance(value, str):
        return None
    match = _NUMERIC_DATE.match(_date_text(value))
    if not match or len(match.group(1)) != 2 or len(match.group(3)) != 2:
        return None
    try:
        return dt.date(two_digit_year(int(match.group(1))), int(match.group(2)),
                       int(match.group(3)))
    except ValueError:
        return None


def short_year_parts(value: object) -> tuple[int, int] | None:
    """The first and last parts of a date written in numbers whose last part has two digits
    (`15/03/23`: (15, 23); `5/3/23`: (5, 23)), where one of them is the year; None for other
    values (`15/03/2023`, `2023-03-15`, `15 Maret 23`)."""
    if not isinstance(value, str):
        return None
    match = _NUMERIC_DATE.match(_date_text(value))
    if not match or len(match.group(3)) != 2:
        return None
    return int(match.group(1)), int(match.group(3))


def year_places(value: object) -> frozenset[str]:
    """Where a date written in numbers can have its year (`YEAR_FIRST`, `YEAR_LAST`) with
    different meanings: both for `23/10/28`; `YEAR_FIRST` only for `98/05/12` (98 is no day
    nor month) or `2023/10/28` (not ISO `2023-10-28`, every program's writing); `YEAR_LAST`
    only for `12/05/98` (98 is no day) or `28/10/2023`; none for other text, or a date both
    places read alike (`23/05/23`)."""
    if not isinstance(value, str):
        return frozenset()
    text = _date_text(value)
    if _YMD.match(text):
        # ISO `2023-10-28` is how programs write any date: it says nothing of how the
        # file's person writes one; `2023/10/28` is the yy/mm/dd shape with a long year.
        return frozenset() if text[4] == "-" else frozenset({YEAR_FIRST})
    match = _NUMERIC_DATE.match(text)
    if not match:
        return frozenset()
    last = set(date_readings(value).values())
    first = year_first_date(value)
    if first is None:
        return frozenset({YEAR_LAST}) if last else frozenset()
    if not last:
        return frozenset({YEAR_FIRST})
    return frozenset() if last == {first} else frozenset({YEAR_FIRST, YEAR_LAST})


def parse_date(value: object, order: str = DMY, year: str | None = None) -> dt.date | None:
    """Read a date with the column's order (`DMY`, `MDY`, `CONFLICT` when the column holds
    both, `UNDECIDED` when nothing settles it): a value that can only be read one way is read
    that way; one that two orders read differently follows the column, and is refused
    (`Ambiguous`) when the column has no order. `year`: where the column puts the year of a
    date written in numbers with two-digit parts (`YEAR_LAST`, `YEAR_FIRST` for yy/mm/dd,
    `CONFLICT`, `UNDECIDED`), decided the same way; None where nothing in the column depends
    on it: a value only one place reads is read that way (`98/05/12`: 12 May 1998). In a
    column decided `YEAR_LAST` such a value is no date (`61/06/23` among `15/03/23`: a typo
    of the day, not 23 June 1961), nor in one decided `YEAR_FIRST` (`23/04/61` among
    `23/01/05`: day 61, not 23 April 2061)."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return _checked(value.date())
    if isinstance(value, dt.date):
        return _checked(value)
    if isinstance(value, int | float):
        return _checked(excel_serial_to_date(float(value)))
    check_not_excel_error(value)
    text = str(value).strip()
    if _SERIAL.match(text) or _SHORT_NUMBER.match(text):
        return _checked(excel_serial_to_date(float(text.replace(",", "."))))
    if len(places := year_places(text)) > 1 and year not in (YEAR_LAST, None):
        if year == YEAR_FIRST:
            return _checked(year_first_date(text))
        raise AmbiguousYear(_("the year can be its first or its last part (yy/mm/dd or "
                              "dd/mm/yy) and nothing in the file decides which"))
    if places == {YEAR_FIRST} and year != YEAR_LAST and \
            (first := year_first_date(text)) is not None:
        return _checked(first)
    if year == YEAR_FIRST and places == {YEAR_LAST}:
        _not_year_first(text)
    readings = date_readings(text)
    dates = set(readings.values())
    if len(dates) == 1:
        return _checked(dates.pop())
    if len(dates) > 1:
        if order in readings:
            return _checked(readings[order])
        raise Ambiguous(_("can be read day-first or month-first and nothing in the file "
                          "decides which"))
    if weekday_contradicts(text):
        raise ValueError(_("the weekday written is not the date's: which of them is wrong "
                           "cannot be told"))
    text = _date_text(text)
    if _NUMERIC_DATE.match(text) or _YMD.match(text) or _DAY_MONTH_YEAR.match(text):
        raise ValueError(_calendar_fault(text, order))
    raise ValueError(_("not a date (expected dd/mm/yyyy, yyyy-mm-dd or 17 Agustus 2023)"))


def _calendar_fault(text: str, order: str) -> str:
    """Why a text of a date's shape is no calendar date, naming the part the correction is
    in: `not a calendar date (month 13)` for `15/13/2023`, `(day 32)` for `32/05/2023` or
    `2023-05-32`, `(April 2023 has 30 days)` for `31/04/2023` or `31 April 2023`,
    `(February 2023 has 28 days)` for `29/02/2023`. The day and month are the column's
    order (`DMY`, `MDY`); in a column of no order, a part above 12 is the day."""
    year, pairs = None, []  # (day, month) in the order they may be read
    if match := _NUMERIC_DATE.match(text):
        first, second, year = (int(part) for part in match.groups()[:3])
        year = two_digit_year(year) if len(match.group(3)) == 2 else year
        pairs = {DMY: [(first, second)], MDY: [(second, first)]}.get(
            order, sorted([(first, second), (second, first)], key=lambda pair: pair[1] > 12))
    elif match := _YMD.match(text):
        year, month, day = (int(part) for part in match.groups()[:3])
        pairs = [(day, month)]
    elif (match := _DAY_MONTH_YEAR.match(text)) and match.group(2).lower() in MONTHS:
        day, name, year = match.groups()[:3]
        year = two_digit_year(int(year)) if len(year) == 2 else int(year)
        pairs = [(int(day), MONTHS[name.lower()])]
    for day, month in pairs:
        if not 1 <= month <= 12:
            continue
        if not 1 <= day <= 31:
            return _("not a calendar date (day {day})", day=day)
        return _("not a calendar date ({month} {year} has {days} days)", month=month_name(month),
                 year=year, days=calendar.monthrange(year, month)[1])
    if pairs:
        return _("not a calendar date (month {month})", month=pairs[0][1])
    return _("not a calendar date")


def _not_year_first(text: str) -> None:
    """Refuse, in a column whose dates are yy/mm/dd, a value of that shape (two-digit first
    and last parts) that is no calendar date so (`23/04/61`: day 61), naming the part: read
    with the year last (23 April 2061) it would go against the column's order."""
    match = _NUMERIC_DATE.match(_date_text(text))
    if not match or len(match.group(1)) != 2 or len(match.group(3)) != 2:
        return
    month, day_of_month = int(match.group(2)), int(match.group(3))
    if not 1 <= month <= 12:
        raise ValueError(_("not a calendar date (month {month})", month=month))
    raise ValueError(_("not a calendar date (day {day})", day=day_of_month))


def _checked(date: dt.date) -> dt.date:
    if date < EARLIEST_DATE:
        raise ValueError(_("before 1900"))
    return date


# Units an age is written with in case registers, Indonesian and English, and their length in
# years. Single letters (`t`, `m`) are left out: `m` may be minggu or month.
AGE_UNITS = {
    **dict.fromkeys(("tahun", "thn", "th", "tah", "thun", "year", "years", "yr", "yrs"), 1.0),
    **dict.fromkeys(("bulan", "bln", "bl", "bul", "month", "months", "mo", "mos"), 1 / 12),
    **dict.fromkeys(("minggu", "mgg", "mg", "week", "weeks", "wk", "wks"), 7 / 365.25),
    **dict.fromkeys(("hari", "hr", "day", "days"), 1 / 365.25),
}
_AGE_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?", re.IGNORECASE)
_AGE_JOINER = re.compile(r"^(?:[\s,+&]*|\s+(?:dan|and|lebih)\s+)$", re.IGNORECASE)
_TWO_NUMBERS = re.compile(
    r"\d\s*(?:[-–—/~]|s\.?\s*/?\s*d\.?|sampai|hingga|atau|to|or)\s*\d", re.IGNORECASE)


def age_in_units(value: object) -> int | None:
    """An age written with units: `7 th`, `7 thn`, `7 tahun`, `3 thn 4 bln`, `5 tahun 3 bulan`,
    `8 bln`, `1 th 2 bl`, `2 minggu`, `10 hari` — as whole years completed (3 thn 4 bln → 3,
    8 bln → 0). `None` for a value that is
    not written with units (a bare number is read as a number). Raises `ValueError` for what
    cannot be read one way: two numbers joined (`3/4`: 3 years 4 months or ¾ of a year;
    `7-8 th`: a range), a unit written twice, months of 12 or more beside years, or a number a
    unit follows that two decimal marks read differently (`1.234 th`)."""
    if not isinstance(value, str) or is_blank(value):
        return None
    text = value.strip()
    if _TWO_NUMBERS.search(text):
        raise ValueError(_("two numbers joined (a range, a fraction, or years/months without "
                           "units): cannot be read as one age; write whole years, or years "
                           "and months with units (3 thn 4 bln)"))
    parts = list(_AGE_PART.finditer(text))
    if not parts or parts[0].start() != 0 or parts[-1].end() != len(text):
        return None
    if any(not _AGE_JOINER.match(text[before.end():after.start()])
           for before, after in zip(parts, parts[1:], strict=False)):
        return None
    units = [match.group(2).lower() for match in parts]
    if any(unit not in AGE_UNITS for unit in units):
        return None
    lengths = [AGE_UNITS[unit] for unit in units]
    if len(set(lengths)) < len(lengths):
        raise ValueError(_("the same unit written twice: cannot be read as one age"))
    years = 0.0
    for match, length in zip(parts, lengths, strict=True):
        readings = set(number_readings(match.group(1)).values())
        if len(readings) != 1:
            raise ValueError(_("can be read two ways (',' or '.' as the decimal mark): "
                               "cannot be read as one age"))
        amount = readings.pop()
        if length == AGE_UNITS["bulan"] and amount >= 12 and len(parts) > 1:
            raise ValueError(_("12 months or more beside years: cannot be read as one age"))
        years += amount * length
    return math.floor(years + 1e-9)  # 12 bln is 1 year, not 0.999…


# What registers write for a child under one year without a number of years: `bayi` (the
# health ministry's word for 0–11 months), `baru lahir`; and for an age below a limit: `< 1
# tahun`, `<1 th`, `kurang dari 1 tahun`, `di bawah 6 bulan`. `balita` (under five) is a
# range, never one age.
INFANT_WORDS = ("bayi", "bayi baru lahir", "baru lahir", "infant", "baby", "newborn")
RANGE_WORDS = {"balita": 5, "batita": 3, "toddler": 3}
_UNDER = re.compile(r"(?:<|kurang\s+dari|kurang|di\s*bawah|under|below|less\s+than)\s*"
                    r"(\d+(?:[.,]\d+)?)\s*([a-z]*)\.?", re.IGNORECASE)


def age_under_one(value: object) -> bool:
    """Whether an age cell says "under one year" in words (`bayi`, `< 1 tahun`, `<1 th`,
    `<1`, `kurang dari 6 bulan`): 0 whole years completed. Raises `ValueError` for an age
    below a limit above one year (`< 5 tahun`, `balita`): more than one whole age. `False`
    for anything else (numbers, ages with units: `age_in_units`)."""
    if not isinstance(value, str) or is_blank(value):
        return False
    text = re.sub(r"\s+", " ", value.strip().lower())
    if text in INFANT_WORDS:
        return True
    if text in RANGE_WORDS:
        raise ValueError(_("{word} is an age under {limit} years, not one age in whole "
                           "years: write the age (in months for a child under one)",
                           word=text, limit=RANGE_WORDS[text]))
    match = _UNDER.fullmatch(text)
    if match is None or (match.group(2) and match.group(2) not in AGE_UNITS):
        return False
    readings = set(number_readings(match.group(1)).values())
    if len(readings) != 1:
        return False
    limit = readings.pop() * AGE_UNITS.get(match.group(2) or "tahun")
    if limit > 1 + 1e-9:
        raise ValueError(_("an age below a limit of more than one year, not one age in whole "
                           "years: write the age (in months for a child under one)"))
    return True
