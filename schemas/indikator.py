"""Rules across columns of `raw.indikator`: one row per Renstra indicator and year of a
table."""

from __future__ import annotations

from core.i18n import N_
from schemas.base import Rule

RULES = [
    Rule("kode_indikator_once_per_tahun", "kode_indikator",
         N_("the indicator code appears earlier in the file for this year"),
         lambda frame: ~frame.duplicated(subset=["tahun", "kode_indikator"], keep="first"),
         reads=("tahun",)),
    Rule("pembilang_with_penyebut", "penyebut",
         N_("pembilang and penyebut go together: give both or neither"),
         lambda frame: frame["pembilang"].isna() == frame["penyebut"].isna(),
         reads=("pembilang",),
         unavailable=N_("read as empty: pembilang and penyebut go together, and the other is "
                        "written '{sign}' (a figure not available)")),
]
