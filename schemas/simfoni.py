"""Rules across columns of `raw.simfoni`: one row per victim of a case reported in
SIMFONI-PPA."""

from __future__ import annotations

from core.i18n import N_
from schemas.base import Rule

RULES = [
    Rule("tanggal_kejadian_not_after_tanggal_lapor", "tanggal_kejadian",
         N_("Tanggal Kejadian is after Tanggal Lapor"),
         lambda frame: frame["tanggal_kejadian"].isna() | frame["tanggal_lapor"].isna()
         | (frame["tanggal_kejadian"] <= frame["tanggal_lapor"]), reads=("tanggal_lapor",)),
]
