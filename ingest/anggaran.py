"""The `anggaran` source's derived columns: what a kode rekening says about its line.

A spending line carries the code of its sub kegiatan, `2.08.03.1.01.01`: urusan `2.08`,
program `2.08.03`, level `1` (province), kegiatan `2.08.03.1.01`, sub kegiatan `01`. The
nomenclature of 2023 numbers sub kegiatan with four digits (`2.08.03.1.01.0001`); both are
accepted and stored in the four-digit form, so the same sub kegiatan keeps one key whichever
way a file writes it (`kode_rekening` keeps what the file says). SIPD writes the Program
Penunjang, which every office runs whatever its urusan, as `X.XX.01.1.02.0001`: it is read as
this office's urusan (`urusan:` in `sources.yml`, 2.08) and the ledger says so. A revenue line
carries its revenue account instead (`4.1.02.01`: pendapatan, PAD, retribusi, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from core.i18n import _
from schemas.issue import Issue
from schemas.spec import source

_SUB_KEGIATAN = re.compile(
    r"^(\d|X)\.(\d{2}|XX)\.(\d{2})\.(\d)\.(\d{2})\.(\d{2}|\d{4})$", re.IGNORECASE)
_AKUN_PENDAPATAN = re.compile(r"^4(\.\d{1,4}){1,5}$")

DERIVED = ("urusan_kode", "program_kode", "kegiatan_kode", "sub_kegiatan_kode", "akun_kode")


@dataclass(frozen=True)
class KodeRekening:
    """The parts of one kode rekening; spending codes fill the first four, revenue the last.
    `cross_urusan`: written with SIPD's `X.XX` and read as the office's urusan."""

    urusan_kode: str | None = None
    program_kode: str | None = None
    kegiatan_kode: str | None = None
    sub_kegiatan_kode: str | None = None
    akun_kode: str | None = None
    cross_urusan: bool = False


def parse_kode_rekening(value: object, urusan: str | None = None) -> KodeRekening:
    """Split a kode rekening; `X.XX` is read as `urusan` (this office's). Raises
    `ValueError` with a plain reason when it is neither a sub kegiatan code nor a revenue
    account."""
    text = re.sub(r"\s+", "", str(value)).rstrip(".")
    if match := _SUB_KEGIATAN.match(text):
        first, bidang, program, level, kegiatan, sub = match.groups()
        cross = first.upper() == "X" or bidang.upper() == "XX"
        if cross and not (first.upper() == "X" and bidang.upper() == "XX" and urusan):
            raise ValueError(_("not a kode rekening: expected a sub kegiatan code such as "
                               "2.08.03.1.01.01 or 2.08.03.1.01.0001, or a revenue account "
                               "such as 4.1.02.01"))
        urusan_kode = urusan if cross else f"{first}.{bidang}"
        program_kode = f"{urusan_kode}.{program}"
        kegiatan_kode = f"{program_kode}.{level}.{kegiatan}"
        return KodeRekening(urusan_kode, program_kode, kegiatan_kode,
                            f"{kegiatan_kode}.{int(sub):04d}", cross_urusan=cross)
    if _AKUN_PENDAPATAN.match(text):
        return KodeRekening(akun_kode=text)
    raise ValueError(_("not a kode rekening: expected a sub kegiatan code such as "
                       "2.08.03.1.01.01 or 2.08.03.1.01.0001, or a revenue account such as "
                       "4.1.02.01"))


def derive(typed: pd.DataFrame, frame: pd.DataFrame
           ) -> tuple[pd.DataFrame, list[Issue], list[str]]:
    """Fill the code columns from `kode_rekening`; an unreadable code is an issue of its
    row; codes read as the office's urusan are counted in a note for the ledger."""
    urusan = source("anggaran").urusan
    issues: list[Issue] = []
    parsed: dict[object, KodeRekening | None] = {}
    errors: dict[object, str] = {}
    for value in pd.unique(typed["kode_rekening"].dropna()):
        try:
            parsed[value] = parse_kode_rekening(value, urusan)
        except ValueError as error:
            parsed[value], errors[value] = None, str(error)
    kodes = typed["kode_rekening"]
    codes = kodes.map(lambda value: None if pd.isna(value) else parsed[value])
    for index in kodes[kodes.isin(list(errors))].index:
        value = kodes.at[index]
        issues.append(Issue(int(typed.at[index, "_row"]), "kode_rekening", str(value),
                            errors[value]))
    for column in DERIVED:
        typed[column] = codes.map(
            lambda kode, column=column: getattr(kode, column) if kode else None
        ).astype("string")
    notes = []
    cross = int(codes.map(lambda kode: bool(kode and kode.cross_urusan)).sum())
    if cross:
        notes.append(_("{count} kode rekening written X.XX (SIPD's cross-urusan Program "
                       "Penunjang) read as this office's urusan {urusan}", count=cross,
                       urusan=urusan))
    return typed, issues, notes
