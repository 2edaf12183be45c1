"""Pandera schema of `raw.kla`: one row per kabupaten/kota and year of the KLA evaluation."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.base import RawTable, vocab

SCORE_RANGE = {"min_value": 0, "max_value": 1000}


class KlaSchema(RawTable):
    tahun: Series[pd.Int64Dtype] = pa.Field(nullable=False, in_range={"min_value": 2006,
                                                                       "max_value": 2100})
    kabupaten_kota_kode: Series[str] = pa.Field(nullable=False)
    nilai_evaluasi_mandiri: Series[pd.Float64Dtype] = pa.Field(nullable=True,
                                                               in_range=SCORE_RANGE)
    nilai_verifikasi: Series[pd.Float64Dtype] = pa.Field(nullable=True, in_range=SCORE_RANGE)
    peringkat: Series[str] = pa.Field(nullable=True, **vocab("peringkat_kla"))
    desa_layak_anak: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    target_desa_layak_anak: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check(name="kabupaten_once_per_tahun")
    def _district_once_a_year(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame.duplicated(subset=["tahun", "kabupaten_kota_kode"], keep="first")
