"""Pandera schema of `raw.simfoni`: one row per victim of a case reported in SIMFONI-PPA."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.base import RawTable, first_occurrence, list_in_vocab, not_in_future, vocab


class SimfoniSchema(RawTable):
    no_registrasi_hmac: Series[str] = pa.Field(nullable=False)
    tanggal_lapor: Series[pd.Timestamp] = pa.Field(nullable=False)
    tanggal_kejadian: Series[pd.Timestamp] = pa.Field(nullable=True)
    kabupaten_kota_kode: Series[str] = pa.Field(nullable=False)
    jenis_kelamin_korban: Series[str] = pa.Field(nullable=False, **vocab("jenis_kelamin"))
    umur_korban: Series[pd.Int64Dtype] = pa.Field(nullable=True, in_range={"min_value": 0,
                                                                              "max_value": 120})
    pendidikan_korban: Series[str] = pa.Field(nullable=True)
    disabilitas: Series[str] = pa.Field(nullable=True, **vocab("disabilitas"))
    bentuk_kekerasan: Series[str] = pa.Field(nullable=False)
    tempat_kejadian: Series[str] = pa.Field(nullable=False, **vocab("tempat_kejadian"))
    hubungan_pelaku: Series[str] = pa.Field(nullable=True)
    layanan: Series[str] = pa.Field(nullable=True)
    status_layanan: Series[str] = pa.Field(nullable=False, **vocab("status_layanan"))

    @pa.check("tanggal_lapor", name="not_in_future")
    def _lapor_not_in_future(cls, series: pd.Series) -> pd.Series:
        return not_in_future(series)

    @pa.check("bentuk_kekerasan", name="bentuk_kekerasan_in_vocabulary")
    def _bentuk_known(cls, series: pd.Series) -> pd.Series:
        return list_in_vocab(series, "simfoni_bentuk_kekerasan")

    @pa.check("layanan", name="layanan_in_vocabulary")
    def _layanan_known(cls, series: pd.Series) -> pd.Series:
        return list_in_vocab(series, "layanan")

    @pa.dataframe_check(name="tanggal_kejadian_not_after_tanggal_lapor")
    def _kejadian_before_lapor(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["tanggal_kejadian"].isna() | (
            frame["tanggal_kejadian"] <= frame["tanggal_lapor"]
        )

    @pa.check("no_registrasi_hmac", name="unique_in_file")
    def _id_once(cls, series: pd.Series) -> pd.Series:
        return first_occurrence(series)
