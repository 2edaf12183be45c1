"""The staff roster's NIP (or NI PPPK), read before it is pseudonymised.

A NIP (Nomor Induk Pegawai, BKN) has 18 digits: birth date `yyyymmdd`, CPNS start `yyyymm`,
sex digit (1 = L, 2 = P) and a three-digit sequence; officers often type it with spaces
(`19710818 200003 2 007`). A PPPK employee's number (NI PPPK) has the same shape with the
appointment year and the code `21` where a NIP holds the CPNS month (`19900714 202221 2 007`).
This hook fills `nip_tanggal_lahir`, `nip_tmt_cpns` (PNS only), `nip_jenis_kelamin` and
`nip_jenis` (NIP / NI PPPK), takes `tanggal_lahir` from the number when the file leaves it
empty (`tanggal_lahir_sumber` says which), quarantines a number that cannot be one, and
reports as findings a number whose sex digit, birth date or kind contradicts the row, and a
golongan of the other status (a PPPK's `III/c`, a PNS's `IX`; the row still loads). Neither
the number nor a birth date appears in any message: the file row says where to look.

Before any of that, the number's birth date is evidence of the order the file writes its
Tanggal Lahir in (`stated_dates`, `ingest.evidence.Stated`): `05/03/1985` beside a NIP
beginning `19850305` is day first. Only a number `parse_nip` reads gives it (18 digits that
begin with a calendar date; a NI PPPK begins with the birth date too); the old 9-digit NIP,
a number Excel cut to 15 digits or a blank gives none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from core.i18n import _
from core.reference import canonical_values
from ingest import parse
from ingest.identifiers import current_reading, plain
from ingest.privacy import pseudonymise
from schemas.issue import Issue

NIP_LENGTH = 18
SEX_DIGIT = {"1": "L", "2": "P"}
PPPK_CODE = "21"  # where a NIP holds the CPNS month, a NI PPPK holds 21
_SEPARATORS = re.compile(r"[\s.\-']+")
_FLOAT_WRITTEN = re.compile(r"^\d+\.0+$")
_LABEL = re.compile(r"^\s*(?:nip|ni\s*pppk)\s*[.:]*\s*(?=\d)", re.IGNORECASE)


class NipError(ValueError):
    pass


@dataclass(frozen=True)
class Nip:
    """What a NIP or NI PPPK says: birth date, CPNS month (PNS only), sex, kind."""

    born: dt.date
    cpns: dt.date | None
    sex: str
    kind: str  # "NIP" or "NI PPPK"


def nip_digits(value: object) -> str:
    """The NIP as its ASCII digits however it is typed: in its printed groups (`19710818
    200003 2 007`, spaces, no-break spaces, dots or dashes between them), with its label
    first (`NIP. 19850312 201001 2 014`, `NI PPPK 1988…`, as copied from a decree), with
    what no id holds (Excel's `'`, zero-width characters, full-width digits:
    `ingest.identifiers.plain`). A NIP Excel holds as a number has lost its last digits:
    `NipError`. On a warehouse of id reading 1 (`ingest.identifiers`), what no id holds
    stays, as that reading read it."""
    if isinstance(value, int | float) or _FLOAT_WRITTEN.match(str(value).strip()):
        # A number cell, or a number written as a float (`197108182000032000.0`, a column a
        # program held as numbers): its last digits are lost, never read as other digits.
        raise NipError(_("the NIP is stored as a number, which Excel keeps to 15 digits only; "
                         "format the NIP column as text and type it again"))
    text = str(value) if current_reading() == 1 else plain(str(value))
    return _SEPARATORS.sub("", _LABEL.sub("", text))


def parse_nip(digits: str) -> Nip:
    """What a NIP's (or NI PPPK's) digits say, or NipError."""
    if not (len(digits) == NIP_LENGTH and digits.isdigit()):
        raise NipError(_("a NIP has {length} digits (this one has {count} characters)",
                         length=NIP_LENGTH, count=len(digits)))
    try:
        born = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise NipError(_("the NIP does not begin with a birth date (yyyymmdd)")) from None
    if digits[14] not in SEX_DIGIT:
        raise NipError(_("digit 15 of the NIP must be 1 (L) or 2 (P)"))
    if digits[12:14] == PPPK_CODE:
        appointed = int(digits[8:12])
        if not born.year < appointed <= dt.date.today().year + 1:
            raise NipError(_("digits 9-12 of the NI PPPK are not an appointment year"))
        return Nip(born, None, SEX_DIGIT[digits[14]], "NI PPPK")
    try:
        cpns = dt.date(int(digits[8:12]), int(digits[12:14]), 1)
    except ValueError:
        raise NipError(_("digits 9-14 of the NIP are not a CPNS month (yyyymm) nor a PPPK "
                         "appointment (yyyy21)")) from None
    if not born < cpns:
        raise NipError(_("the NIP's CPNS month is before its birth date"))
    return Nip(born, cpns, SEX_DIGIT[digits[14]], "NIP")


def stated_dates(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """`{"tanggal_lahir": born}`: per row of a chunk of text cells, the birth date its NIP or
    NI PPPK begins with (a `datetime.date`), None where the cell holds no number
    `parse_nip` reads; `{}` for a roster without a NIP column."""
    if "nip" not in frame:
        return {}

    def born(value: object) -> dt.date | None:
        if parse.is_blank(value):
            return None
        try:
            return parse_nip(nip_digits(value)).born
        except NipError:
            return None

    return {"tanggal_lahir": frame["nip"].map(born).astype(object)}


def derive(typed: pd.DataFrame, frame: pd.DataFrame, written: dict[str, str] | None = None,
           _shown: object = None) -> tuple[pd.DataFrame, list[Issue], list[str]]:
    """Fill the NIP's columns (birth date, CPNS month, sex, kind, one pseudonym however the
    NIP is typed) and `tanggal_lahir` from the NIP where the file leaves it empty; a NIP that
    cannot be one is an issue of its row, a contradiction with the row a finding naming the
    columns as the file writes them (`written`, canonical name → header)."""
    headers = {name: (written or {}).get(name) or title
               for name, title in (("jenis_kelamin", "Jenis Kelamin"),
                                   ("tanggal_lahir", "Tanggal Lahir"),
                                   ("status_kepegawaian", "Status Kepegawaian"),
                               ("golongan", "Golongan"))}
    issues: list[Issue] = []
    read: dict[object, Nip] = {}
    digits_of: dict[object, str] = {}
    cells = frame["nip"] if "nip" in frame else pd.Series(None, index=frame.index)
    for index, value in cells.items():
        if parse.is_blank(value):
            continue
        row = int(frame.at[index, "_row"])
        try:
            digits = nip_digits(value)
            read[index] = nip = parse_nip(digits)
        except NipError as error:
            issues.append(Issue(row, "nip", "", str(error)))
            continue
        # One pseudonym per NIP however it was typed (spaces, dots), snapshot after snapshot.
        digits_of[index] = digits
        issues += _contradictions(typed, index, row, nip, headers)
    issues += _golongan_of_another_status(typed, frame, headers)
    typed = typed.copy()
    issues += _jabatan_of_two(typed, frame, written or {})
    if digits_of:
        pseudonyms = pseudonymise("asn", pd.Series(digits_of, dtype=object))
        typed.loc[pseudonyms.index, "nip_hmac"] = pseudonyms
    typed["nip_tanggal_lahir"] = _dates({key: nip.born for key, nip in read.items()},
                                        typed.index)
    typed["nip_tmt_cpns"] = _dates({key: nip.cpns for key, nip in read.items() if nip.cpns},
                                   typed.index)
    typed["nip_jenis_kelamin"] = pd.Series({key: nip.sex for key, nip in read.items()},
                                           index=typed.index, dtype="string")
    typed["nip_jenis"] = pd.Series({key: nip.kind for key, nip in read.items()},
                                   index=typed.index, dtype="string")
    from_file = typed["tanggal_lahir"].notna()
    # Only a cell the file leaves empty takes the NIP's date: one written but not read (its
    # order not settled, no date) stays empty, as the loader stores a flagged cell.
    left_empty = (frame["tanggal_lahir"].map(parse.is_blank).astype(bool)
                  if "tanggal_lahir" in frame else pd.Series(True, index=typed.index))
    from_nip = left_empty & typed["nip_tanggal_lahir"].notna()
    typed["tanggal_lahir"] = typed["tanggal_lahir"].mask(from_nip, typed["nip_tanggal_lahir"])
    source = pd.Series(pd.NA, index=typed.index, dtype="string")
    source[from_file] = "file"
    source[from_nip] = "nip"
    typed["tanggal_lahir_sumber"] = source
    return typed, issues, []


STRUCTURAL, FUNCTIONAL = "jabatan_struktural", "jabatan_fungsional"


def _jabatan_of_two(typed: pd.DataFrame, frame: pd.DataFrame,
                    written: dict[str, str]) -> list[Issue]:
    """Fill `jabatan` and `jenis_jabatan` (in place) of a roster giving SIASN's `Jabatan
    Struktural` and `Jabatan Fungsional` columns instead: the jabatan is the one filled, of
    kind Struktural, or Fungsional when it names its jenjang (`Ahli Muda`, `Terampil`; a
    pelaksana's position, also written under Jabatan Fungsional, names none). A row filling
    both, or a functional column's position without a jenjang, is refused with the reason
    (left empty, the required column quarantines it); a row filling neither is left to the
    required columns."""
    if not {STRUCTURAL, FUNCTIONAL} & set(frame.columns) or "jabatan" in frame:
        return []
    shown = {name: written.get(name) or title for name, title in
             ((STRUCTURAL, "Jabatan Struktural"), (FUNCTIONAL, "Jabatan Fungsional"))}
    levels = tuple(" " + level.upper() for level in canonical_values("jenjang_jabatan"))
    issues: list[Issue] = []
    for index in typed.index:
        structural, functional = (typed.at[index, name] if name in typed else pd.NA
                                  for name in (STRUCTURAL, FUNCTIONAL))
        row = int(typed.at[index, "_row"])
        if not pd.isna(structural) and not pd.isna(functional):
            issues.append(Issue(row, "jabatan", "", _(
                "both {structural} and {functional} are filled: which position the employee "
                "holds cannot be told; leave the other empty", **{
                    "structural": shown[STRUCTURAL], "functional": shown[FUNCTIONAL]})))
        elif not pd.isna(structural):
            typed.at[index, "jabatan"], typed.at[index, "jenis_jabatan"] = (
                structural, "Struktural")
        elif not pd.isna(functional):
            typed.at[index, "jabatan"] = functional
            # The jenjang as the file writes it: a position the vocabulary does not know
            # (`Asisten Penata Kelola Ahli Pertama`) is read as `Lainnya`, and still names it.
            as_written = frame.at[index, FUNCTIONAL] if FUNCTIONAL in frame else functional
            if " ".join(str(as_written).split()).upper().endswith(levels):
                typed.at[index, "jenis_jabatan"] = "Fungsional"
            else:
                issues.append(Issue(row, "jenis_jabatan", "", _(
                    "{column} names no jenjang (Ahli Muda, Terampil, …): a functional or a "
                    "pelaksana's position, which cannot be told; add a Jenis Jabatan column",
                    column=shown[FUNCTIONAL])))
    return issues


def _contradictions(typed: pd.DataFrame, index: object, row: int, nip: Nip,
                    headers: dict[str, str]) -> list[Issue]:
    """Findings of a row whose NIP contradicts what the row says (the row still loads);
    `headers` names the row's columns as the file writes them. A birth date is compared as
    the file's reading of its column read it, and neither date is named."""
    found = []
    typed_sex = typed.at[index, "jenis_kelamin"]
    if not pd.isna(typed_sex) and typed_sex in ("L", "P") and typed_sex != nip.sex:
        found.append(Issue(row, "nip", "", _(
            "the NIP's sex digit says {nip_sex} but {column} is {row_sex}",
            nip_sex=nip.sex, column=headers["jenis_kelamin"], row_sex=typed_sex),
            check="nip_sex_mismatch"))
    typed_birth = typed.at[index, "tanggal_lahir"]
    if not pd.isna(typed_birth) and typed_birth.date() != nip.born:
        swapped = (typed_birth.day, typed_birth.month) == (nip.born.month, nip.born.day)
        column = headers["tanggal_lahir"]
        found.append(Issue(row, "tanggal_lahir", "", _(
            "{column} differs from the birth date in the NIP (day and month swapped)",
            column=column) if swapped else _(
            "{column} differs from the birth date in the NIP", column=column),
            check="nip_birth_date_mismatch"))
    status = typed.at[index, "status_kepegawaian"]
    expected = {"NIP": "PNS", "NI PPPK": "PPPK"}[nip.kind]
    if not pd.isna(status) and status in ("PNS", "PPPK") and status != expected:
        found.append(Issue(row, "nip", "", _(
            "the number is a {kind} but {column} is {status}", kind=nip.kind,
            column=headers["status_kepegawaian"], status=status),
            check="nip_status_mismatch"))
    return found


_EITHER_STATUS = ("I", "II", "III", "IV")  # a PNS golongan without ruang, or a PPPK one


def _golongan_of_another_status(typed: pd.DataFrame, frame: pd.DataFrame,
                                 headers: dict[str, str]) -> list[Issue]:
    """Findings of rows whose golongan belongs to the other status: a PNS golongan has a
    ruang (I/a to IV/e, PP 99/2000), a PPPK golongan has none (I to XVII, Perpres 98/2020).
    The row still loads, as with a NIP of the other kind: which of the two cells is wrong
    cannot be told, and the employee is on the roster either way. I to IV without a ruang
    are both a PNS golongan written without its ruang (`III`, `Golongan IV`, a roster keeping
    Ruang in a column of its own) and a PPPK golongan: no finding for either status."""
    if "golongan" not in typed or "status_kepegawaian" not in typed:
        return []
    golongan, status = typed["golongan"], typed["status_kepegawaian"]
    text = golongan.astype("string")
    has_ruang = text.str.contains("/", regex=False)
    either = text.isin(_EITHER_STATUS)
    wrong = golongan.notna() & (((status == "PNS") & ~has_ruang & ~either)
                                | ((status == "PPPK") & has_ruang)).fillna(False)
    found = []
    for index in typed.index[wrong.to_numpy(dtype=bool)]:
        is_pns = typed.at[index, "status_kepegawaian"] == "PNS"
        written = str(frame.at[index, "golongan"]).strip()  # as the file writes it
        found.append(Issue(int(frame.at[index, "_row"]), "golongan", written, _(
            "{column} {golongan} is a PPPK golongan (I to XVII, without a ruang), but "
            "{status_column} is PNS, whose golongan are I/a to IV/e", column=headers["golongan"],
            golongan=written, status_column=headers["status_kepegawaian"]) if is_pns
            else _("{column} {golongan} is a PNS golongan (I/a to IV/e), but {status_column} "
                   "is PPPK, whose golongan are I to XVII", column=headers["golongan"],
                   golongan=written, status_column=headers["status_kepegawaian"]),
            check="golongan_status_mismatch"))
    return found


def _dates(values: dict[object, dt.date], index: pd.Index) -> pd.Series:
    return pd.Series({key: pd.Timestamp(value) for key, value in values.items()},
                     index=index, dtype="datetime64[s]")
