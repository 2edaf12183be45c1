"""The staff roster's NIP, read before it is pseudonymised.

A NIP (Nomor Induk Pegawai, BKN) has 18 digits: birth date `yyyymmdd`, CPNS start `yyyymm`,
sex digit (1 = L, 2 = P) and a three-digit sequence; officers often type it with spaces
(`19710818 200003 2 007`). This hook fills `nip_tanggal_lahir`, `nip_tmt_cpns` and
`nip_jenis_kelamin`, takes `tanggal_lahir` from the NIP when the file leaves it empty
(`tanggal_lahir_sumber` says which), quarantines a NIP that cannot be one, and reports as
findings a NIP whose sex digit or birth date contradicts the row (the row still loads).
Neither the NIP nor a birth date appears in any message: the file row says where to look.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from ingest import parse
from ingest.privacy import pseudonymise
from schemas.issue import Issue

NIP_LENGTH = 18
SEX_DIGIT = {"1": "L", "2": "P"}
_SEPARATORS = re.compile(r"[\s.\-']+")


class NipError(ValueError):
    pass


def nip_digits(value: object) -> str:
    """The NIP as its digits; a NIP Excel holds as a number has lost its last digits."""
    if isinstance(value, int | float):
        raise NipError("the NIP is stored as a number, which Excel keeps to 15 digits only; "
                       "format the NIP column as text and type it again")
    return _SEPARATORS.sub("", str(value))


def parse_nip(digits: str) -> tuple[dt.date, dt.date, str]:
    """(birth date, first day of the CPNS month, sex L/P) of a NIP's digits, or NipError."""
    if not (len(digits) == NIP_LENGTH and digits.isdigit()):
        raise NipError(f"a NIP has {NIP_LENGTH} digits (this one has {len(digits)} characters)")
    try:
        born = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NipError("the NIP does not begin with a birth date (yyyymmdd)") from None
    try:
        cpns = dt.date(int(digits[8:12]), int(digits[12:14]), 1)
    except ValueError:
        raise NipError("digits 9-14 of the NIP are not a CPNS month (yyyymm)") from None
    if digits[14] not in SEX_DIGIT:
        raise NipError("digit 15 of the NIP must be 1 (L) or 2 (P)")
    if not born < cpns:
        raise NipError("the NIP's CPNS month is before its birth date")
    return born, cpns, SEX_DIGIT[digits[14]]


def derive(typed: pd.DataFrame, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Fill the NIP's columns (birth date, CPNS month, sex, one pseudonym however the NIP is
    typed) and `tanggal_lahir` from the NIP where the file leaves it empty; a NIP that
    cannot be one is an issue of its row, a contradiction with the row a finding."""
    issues: list[Issue] = []
    born: dict[object, dt.date] = {}
    cpns: dict[object, dt.date] = {}
    sex: dict[object, str] = {}
    digits_of: dict[object, str] = {}
    cells = frame["nip"] if "nip" in frame else pd.Series(None, index=frame.index)
    for index, value in cells.items():
        if parse.is_blank(value):
            continue
        row = int(frame.at[index, "_row"])
        try:
            digits = nip_digits(value)
            born[index], cpns[index], sex[index] = parse_nip(digits)
        except NipError as error:
            issues.append(Issue(row, "nip", "", str(error)))
            continue
        # One pseudonym per NIP however it was typed (spaces, dots), snapshot after snapshot.
        digits_of[index] = digits
        typed_sex = typed.at[index, "jenis_kelamin"]
        if not pd.isna(typed_sex) and typed_sex in ("L", "P") and typed_sex != sex[index]:
            issues.append(Issue(
                row, "nip", "",
                f"the NIP's sex digit says {sex[index]} but Jenis Kelamin is {typed_sex}",
                check="nip_sex_mismatch",
            ))
        typed_birth = typed.at[index, "tanggal_lahir"]
        if not pd.isna(typed_birth) and typed_birth.date() != born[index]:
            swapped = (typed_birth.day, typed_birth.month) == (born[index].month, born[index].day)
            hint = " (day and month swapped)" if swapped else ""
            issues.append(Issue(
                row, "tanggal_lahir", "",
                f"Tanggal Lahir differs from the birth date in the NIP{hint}",
                check="nip_birth_date_mismatch",
            ))
    typed = typed.copy()
    if digits_of:
        pseudonyms = pseudonymise("asn", pd.Series(digits_of, dtype=object))
        typed.loc[pseudonyms.index, "nip_hmac"] = pseudonyms
    typed["nip_tanggal_lahir"] = _dates(born, typed.index)
    typed["nip_tmt_cpns"] = _dates(cpns, typed.index)
    typed["nip_jenis_kelamin"] = pd.Series(sex, index=typed.index, dtype="string")
    from_file = typed["tanggal_lahir"].notna()
    typed["tanggal_lahir"] = typed["tanggal_lahir"].fillna(typed["nip_tanggal_lahir"])
    source = pd.Series(pd.NA, index=typed.index, dtype="string")
    source[from_file] = "file"
    source[~from_file & typed["nip_tanggal_lahir"].notna()] = "nip"
    typed["tanggal_lahir_sumber"] = source
    return typed, issues


def _dates(values: dict[object, dt.date], index: pd.Index) -> pd.Series:
    series = pd.Series({key: pd.Timestamp(value) for key, value in values.items()},
                       index=index, dtype="datetime64[s]")
    return series
