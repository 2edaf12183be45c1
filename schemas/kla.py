"""Rules across columns of `raw.kla`: one row per kabupaten/kota and year of the KLA
evaluation."""

from __future__ import annotations

from core.i18n import N_
from schemas.base import Rule

RULES = [
    # Two rows of one district and year: which is right cannot be told, so neither loads
    # (the first kept, its predikat may be the one the officer corrected below it).
    Rule("kabupaten_once_per_tahun", "kabupaten_kota",
         N_("the kabupaten/kota is on another row of the file for this year too: neither row "
            "is loaded; keep one of them"),
         lambda frame: ~frame.duplicated(subset=["tahun", "kabupaten_kota_kode"], keep=False)
         | frame["kabupaten_kota_kode"].isna(), reads=("tahun",)),
]
