"""Pandera schema of `raw.anggaran`: one row per budget line (sub kegiatan or revenue account
x sumber dana x jenis) and month, as the regional finance system exports it.

What is rejected (quarantined) and what is only a finding:
- A negative `realisasi` is a correction (a refund or a reversed payment, which the finance
  system writes as `(1.250.000)`). It is accepted as long as the line's realisation through
  that month stays at or above zero; a negative that takes the line below zero cannot be a
  correction of what was spent before and is quarantined.
  The rule (like "one row per line and month") looks at the rows of one read chunk (200.000
  rows, far more than a province's budget export holds).
- Realisation above pagu, and a `sisa` that is not pagu minus the realisation so far, are
  findings (dbt, `marts.data_quality_findings`), not rejections: the money was spent.
"""

from __future__ import annotations

import csv
from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from core.reference import SEEDS
from schemas.base import RawTable, vocab

LINE = ["line_kode", "sumber_dana", "jenis", "kelompok", "tahun"]


@cache
def kelompok_of_jenis() -> dict[str, str]:
    """Jenis → kelompok (Belanja or Pendapatan), from the seed `ref_jenis_anggaran.csv`."""
    with open(SEEDS / "ref_jenis_anggaran.csv", encoding="utf-8", newline="") as handle:
        return {row["jenis"]: row["kelompok"] for row in csv.DictReader(handle)}


def _with_line(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame plus `line_kode`: the sub kegiatan (or revenue account) a row belongs to."""
    return frame.assign(line_kode=frame["sub_kegiatan_kode"].fillna(frame["akun_kode"]))


class AnggaranSchema(RawTable):
    tahun: Series[pd.Int64Dtype] = pa.Field(nullable=False, in_range={"min_value": 2000,
                                                                      "max_value": 2100})
    bulan: Series[pd.Int64Dtype] = pa.Field(nullable=False, in_range={"min_value": 1,
                                                                      "max_value": 12})
    kode_rekening: Series[str] = pa.Field(nullable=False)
    urusan_kode: Series[str] = pa.Field(nullable=True)
    program_kode: Series[str] = pa.Field(nullable=True)
    kegiatan_kode: Series[str] = pa.Field(nullable=True)
    sub_kegiatan_kode: Series[str] = pa.Field(nullable=True)
    akun_kode: Series[str] = pa.Field(nullable=True)
    program: Series[str] = pa.Field(nullable=True)
    kegiatan: Series[str] = pa.Field(nullable=True)
    sub_kegiatan: Series[str] = pa.Field(nullable=False)
    bidang: Series[str] = pa.Field(nullable=True, **vocab("bidang"))
    sumber_dana: Series[str] = pa.Field(nullable=False, **vocab("sumber_dana"))
    kelompok: Series[str] = pa.Field(nullable=False, **vocab("kelompok_anggaran"))
    jenis: Series[str] = pa.Field(nullable=False, **vocab("jenis_anggaran"))
    pagu_murni: Series[pd.Float64Dtype] = pa.Field(nullable=False, ge=0)
    pagu_perubahan: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0)
    realisasi: Series[pd.Float64Dtype] = pa.Field(nullable=False)
    sisa: Series[pd.Float64Dtype] = pa.Field(nullable=True)

    @pa.dataframe_check(name="jenis_matches_kelompok")
    def _jenis_in_kelompok(cls, frame: pd.DataFrame) -> pd.Series:
        expected = frame["jenis"].map(kelompok_of_jenis())
        return frame["jenis"].isna() | frame["kelompok"].isna() | (expected == frame["kelompok"])

    @pa.dataframe_check(name="kode_rekening_matches_kelompok")
    def _kode_in_kelompok(cls, frame: pd.DataFrame) -> pd.Series:
        belanja = frame["kelompok"] == "Belanja"
        pendapatan = frame["kelompok"] == "Pendapatan"
        return ~(belanja & frame["sub_kegiatan_kode"].isna()) & ~(
            pendapatan & frame["akun_kode"].isna()
        )

    @pa.dataframe_check(name="line_month_once")
    def _one_row_per_line_and_month(cls, frame: pd.DataFrame) -> pd.Series:
        lines = _with_line(frame)
        return ~lines.duplicated(subset=[*LINE, "bulan"], keep="first")

    @pa.dataframe_check(name="negative_realisasi_is_correction")
    def _negative_only_as_correction(cls, frame: pd.DataFrame) -> pd.Series:
        lines = _with_line(frame).sort_values(["bulan", "_row"])
        cumulative = lines.groupby(LINE, dropna=False)["realisasi"].cumsum()
        ok = (lines["realisasi"].isna() | (lines["realisasi"] >= 0) | (cumulative >= -0.005))
        return ok.reindex(frame.index).astype(bool)
