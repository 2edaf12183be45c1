"""Parsing of values the way Indonesian office files write them.

Numbers: `4.741.818.999`, `Rp. 4.741.818.999,-`, `4.741.818.999,00`, `55,30`, `(7.633.200)`.
Dates: `dd/mm/yyyy`, `dd-mm-yyyy`, `yyyy-mm-dd`, Excel date serials and real Excel dates.
Every parser returns `None` for an empty cell and raises `ValueError` with a plain-language
reason for a value it cannot read, so the caller can quarantine the row with that reason.
"""

from __future__ import annotations

import datetime as dt
import math
import re

EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST_DATE = dt.date(1900, 1, 1)

_CURRENCY = re.compile(r"^\s*(rp\.?|idr)\s*", re.IGNORECASE)
_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_DECIMAL_COMMA = re.compile(r"^\d+,\d+$")
_DECIMAL_DOT = re.compile(r"^\d+\.\d+$")
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_SERIAL = re.compile(r"^\d{1,6}(\.0+)?$")


EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!"})


def check_not_excel_error(value: object) -> None:
    """An Excel error value (`#REF!`, `#N/A`, …) is a broken formula, never data."""
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        raise ValueError(f"Excel error value '{value.strip()}' (a broken formula in the sheet)")


BLANK_TEXTS = ("", "-", "–")  # what officers type (after trimming) for "no value"


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() in BLANK_TEXTS


def parse_number(value: object) -> float | None:
    """Read a number written the Indonesian way (`.` thousands, `,` decimals)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a number")
    if isinstance(value, int | float):
        return float(value)
    check_not_excel_error(value)
    text = str(value).strip()
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = _CURRENCY.sub("", text)
    if text.startswith("-") and len(text) > 1:
        negative, text = not negative, text[1:].strip()
    text = re.sub(r",-+$", "", text)  # "4.741.818.999,-"
    text = text.replace(" ", "").replace("\u00a0", "")
    if _GROUPED_COMMA.match(text):
        raise ValueError(
            f"'{value}' uses ',' as thousands separator; Indonesian files write 1.234 for "
            "one thousand two hundred thirty-four and 1,5 for one and a half"
        )
    integer, _, fraction = text.partition(",")
    if fraction and not fraction.isdigit():
        raise ValueError(f"'{value}' is not a number")
    if _GROUPED_DOT.match(integer) or _PLAIN.match(integer):
        number = float(integer.replace(".", "") + ("." + fraction if fraction else ""))
    elif _DECIMAL_DOT.match(text):
        # "55.30": a decimal point, but only when it cannot be a thousands group.
        number = float(text)
    else:
        raise ValueError(f"'{value}' is not a number")
    return -number if negative else number


def parse_int(value: object) -> int | None:
    number = parse_number(value)
    if number is None:
        return None
    if number != int(number):
        raise ValueError(f"'{value}' is not a whole number")
    return int(number)


def excel_serial_to_date(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise ValueError(f"'{serial}' is not an Excel date")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def parse_date(value: object) -> dt.date | None:
    """Read `dd/mm/yyyy`, `yyyy-mm-dd`, an Excel serial or a date object."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return _checked(value.date(), value)
    if isinstance(value, dt.date):
        return _checked(value, value)
    if isinstance(value, int | float):
        return _checked(excel_serial_to_date(float(value)), value)
    check_not_excel_error(value)
    text = str(value).strip()
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif _SERIAL.match(text):
        return _checked(excel_serial_to_date(float(text)), value)
    else:
        raise ValueError(f"'{value}' is not a date (expected dd/mm/yyyy or yyyy-mm-dd)")
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' is not a calendar date") from None
    return _checked(date, value)


def _checked(date: dt.date, original: object) -> dt.date:
    if date < EARLIEST_DATE:
        raise ValueError(f"'{original}' is before 1900")
    return date
