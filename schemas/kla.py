"""Rules across columns of `raw.kla`: one row per kabupaten/kota and year of the KLA
evaluation."""

from __future__ import annotations

from core.i18n import N_
from schemas.base import Rule

RULES = [
    Rule("kabupaten_once_per_tahun", "kabupaten_kota",
         N_("the kabupaten/kota appears earlier in the file for this year"),
         lambda frame: ~frame.duplicated(subset=["tahun", "kabupaten_kota_kode"], keep="first")
         | frame["kabupaten_kota_kode"].isna(), reads=("tahun",)),
]
