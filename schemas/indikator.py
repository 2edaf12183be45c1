"""Pandera schema of `raw.indikator`: one row per Renstra indicator and year of a table."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.base import RawTable


class IndikatorSchema(RawTable):
    tahun: Series[pd.Int64Dtype] = pa.Field(nullable=False, in_range={"min_value": 2000,
                                                                       "max_value": 2100})
    program: Series[str] = pa.Field(nullable=True)
    kode_indikator: Series[str] = pa.Field(nullable=False)
    indikator: Series[str] = pa.Field(nullable=False)
    satuan: Series[str] = pa.Field(nullable=True)
    target: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0)
    realisasi_dilaporkan: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0)
    pembilang: Series[pd.Float64Dtype] = pa.Field(nullable=True, ge=0)
    penyebut: Series[pd.Float64Dtype] = pa.Field(nullable=True, gt=0)
    sumber_tabel: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(name="kode_indikator_once_per_tahun")
    def _code_once_a_year(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(subset=["tahun", "kode_indikator"], keep="first")

    @pa.dataframe_check(name="pembilang_with_penyebut")
    def _numerator_with_denominator(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["pembilang"].isna() == frame["penyebut"].isna()
