"""The `anggaran` source's derived columns: what a kode rekening says about its line.

A spending line carries the code of its sub kegiatan, `2.08.03.1.01.01`: urusan `2.08`,
program `2.08.03`, level `1` (province), kegiatan `2.08.03.1.01`, sub kegiatan `01`. The
nomenclature of 2023 numbers sub kegiatan with four digits (`2.08.03.1.01.0001`); both are
accepted and stored in the four-digit form, so the same sub kegiatan keeps one key whichever
way a file writes it (`kode_rekening` keeps what the file says). A revenue line carries its
revenue account instead (`4.1.02.01`: pendapatan, PAD, retribusi, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from schemas.issue import Issue

_SUB_KEGIATAN = re.compile(r"^(\d)\.(\d{2})\.(\d{2})\.(\d)\.(\d{2})\.(\d{2}|\d{4})$")
_AKUN_PENDAPATAN = re.compile(r"^4(\.\d{1,4}){1,5}$")

DERIVED = ("urusan_kode", "program_kode", "kegiatan_kode", "sub_kegiatan_kode", "akun_kode")


@dataclass(frozen=True)
class KodeRekening:
    """The parts of one kode rekening; spending codes fill the first four, revenue the last."""

    urusan_kode: str | None = None
    program_kode: str | None = None
    kegiatan_kode: str | None = None
    sub_kegiatan_kode: str | None = None
    akun_kode: str | None = None


def parse_kode_rekening(value: object) -> KodeRekening:
    """Split a kode rekening; raises `ValueError` with a plain reason when it is neither a
    sub kegiatan code nor a revenue account."""
    text = re.sub(r"\s+", "", str(value)).rstrip(".")
    if match := _SUB_KEGIATAN.match(text):
        urusan, bidang, program, level, kegiatan, sub = match.groups()
        urusan_kode = f"{urusan}.{bidang}"
        program_kode = f"{urusan_kode}.{program}"
        kegiatan_kode = f"{program_kode}.{level}.{kegiatan}"
        return KodeRekening(urusan_kode, program_kode, kegiatan_kode,
                            f"{kegiatan_kode}.{int(sub):04d}")
    if _AKUN_PENDAPATAN.match(text):
        return KodeRekening(akun_kode=text)
    raise ValueError(
        f"'{value}' is not a kode rekening: expected a sub kegiatan code such as "
        "2.08.03.1.01.01 or 2.08.03.1.01.0001, or a revenue account such as 4.1.02.01"
    )


def derive(typed: pd.DataFrame, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Fill the code columns from `kode_rekening`; an unreadable code is an issue of its row."""
    issues: list[Issue] = []
    parsed: dict[object, KodeRekening | None] = {}
    errors: dict[object, str] = {}
    for value in pd.unique(typed["kode_rekening"].dropna()):
        try:
            parsed[value] = parse_kode_rekening(value)
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
    return typed, issues
