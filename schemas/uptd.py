"""Pandera schema of `raw.uptd`: one row per case of the UPTD PPA register."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.base import RawTable, first_occurrence, list_in_vocab, not_in_future, vocab


class UptdSchema(RawTable):
    no_kasus_hmac: Series[str] = pa.Field(nullable=False)
    tanggal_pengaduan: Series[pd.Timestamp] = pa.Field(nullable=False)
    kategori_korban: Series[str] = pa.Field(nullable=False, **vocab("kategori_korban"))
    jenis_kekerasan: Series[str] = pa.Field(nullable=False, **vocab("jenis_kekerasan"))
    bentuk_kekerasan: Series[str] = pa.Field(nullable=False, **vocab("uptd_bentuk_kekerasan"))
    kabupaten_kota_kode: Series[str] = pa.Field(nullable=True)
    layanan: Series[str] = pa.Field(nullable=True)
    status: Series[str] = pa.Field(nullable=False, **vocab("uptd_status"))

    @pa.check("tanggal_pengaduan", name="not_in_future")
    def _pengaduan_not_in_future(cls, series: pd.Series) -> pd.Series:
        return not_in_future(series)

    @pa.check("layanan", name="layanan_in_vocabulary")
    def _layanan_known(cls, series: pd.Series) -> pd.Series:
        return list_in_vocab(series, "layanan")

    @pa.check("no_kasus_hmac", name="unique_in_file")
    def _id_once(cls, series: pd.Series) -> pd.Series:
        return first_occurrence(series)
