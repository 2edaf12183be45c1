"""Pandera schema of `raw.asn`: one row per employee of a staff-roster snapshot."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from schemas.base import RawTable, first_occurrence, not_in_future, vocab

# Statuses whose staff are ASN: they carry a NIP and a golongan (PP 11/2017, PP 49/2018).
ASN_STATUSES = ("PNS", "PPPK")


class AsnSchema(RawTable):
    tanggal_data: Series[pd.Timestamp] = pa.Field(nullable=False)
    nip_hmac: Series[str] = pa.Field(nullable=True)
    jenis_kelamin: Series[str] = pa.Field(nullable=False, **vocab("jenis_kelamin"))
    tanggal_lahir: Series[pd.Timestamp] = pa.Field(nullable=True)
    pendidikan: Series[str] = pa.Field(nullable=False, **vocab("pendidikan"))
    golongan: Series[str] = pa.Field(nullable=True, **vocab("golongan"))
    jabatan: Series[str] = pa.Field(nullable=False)
    jenis_jabatan: Series[str] = pa.Field(nullable=False, **vocab("jenis_jabatan"))
    unit_kerja: Series[str] = pa.Field(nullable=False, **vocab("bidang"))
    status_kepegawaian: Series[str] = pa.Field(nullable=False, **vocab("status_kepegawaian"))
    nip_tanggal_lahir: Series[pd.Timestamp] = pa.Field(nullable=True)
    nip_tmt_cpns: Series[pd.Timestamp] = pa.Field(nullable=True)
    nip_jenis_kelamin: Series[str] = pa.Field(nullable=True, isin=["L", "P"])
    tanggal_lahir_sumber: Series[str] = pa.Field(nullable=True, isin=["file", "nip"])

    @pa.check("tanggal_data", name="not_in_future")
    def _data_not_in_future(cls, series: pd.Series) -> pd.Series:
        return not_in_future(series)

    @pa.check("nip_hmac", name="unique_in_file")
    def _nip_once(cls, series: pd.Series) -> pd.Series:
        return first_occurrence(series)

    @pa.dataframe_check(name="nip_required_for_asn")
    def _asn_has_nip(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame["status_kepegawaian"].isin(ASN_STATUSES) | frame["nip_hmac"].notna()

    @pa.dataframe_check(name="golongan_required_for_asn")
    def _asn_has_golongan(cls, frame: pd.DataFrame) -> pd.Series:
        return ~frame["status_kepegawaian"].isin(ASN_STATUSES) | frame["golongan"].notna()

    @pa.dataframe_check(name="tanggal_lahir_before_tanggal_data")
    def _born_before_snapshot(cls, frame: pd.DataFrame) -> pd.Series:
        return frame["tanggal_lahir"].isna() | (frame["tanggal_lahir"] < frame["tanggal_data"])
