"""Rules across columns of `raw.asn`: one row per employee of a staff-roster snapshot."""

from __future__ import annotations

import pandas as pd

from core.i18n import N_
from schemas.base import Rule

# Statuses whose staff are ASN: they carry a NIP (or NI PPPK) and a golongan (PP 11/2017,
# PP 49/2018).
ASN_STATUSES = ("PNS", "PPPK")

RULES = [
    Rule("nip_required_for_asn", "nip", N_("a NIP is required for PNS and PPPK staff"),
         lambda frame: ~frame["status_kepegawaian"].isin(ASN_STATUSES)
         | frame["nip_hmac"].notna(), reads=("status_kepegawaian",)),
    Rule("golongan_required_for_asn", "golongan",
         N_("a golongan is required for PNS and PPPK staff"),
         lambda frame: ~frame["status_kepegawaian"].isin(ASN_STATUSES)
         | frame["golongan"].notna(), reads=("status_kepegawaian",)),
    Rule("tanggal_lahir_before_tanggal_data", "tanggal_lahir",
         N_("Tanggal Lahir is not before Tanggal Data"),
         lambda frame: frame["tanggal_lahir"].isna() | frame["tanggal_data"].isna()
         | (frame["tanggal_lahir"] < frame["tanggal_data"]), reads=("tanggal_data",)),
]


def asn_status(frame: pd.DataFrame) -> pd.Series:
    """Rows of staff who are ASN (PNS or PPPK)."""
    return frame["status_kepegawaian"].isin(ASN_STATUSES)
