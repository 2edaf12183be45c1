"""The sources of the annex named as the documents the office knows ("Register Kasus UPTD
PPA Provinsi NTT 2023", "SIMFONI-PPA"), never as warehouse tables or server paths."""

from __future__ import annotations

from core.i18n import N_, _

DOCUMENTS = {
    "uptd": N_("Case register of the UPTD PPA of NTT Province {year}"),
    "simfoni": N_("SIMFONI-PPA"),
    "anggaran": N_("Budget realisation report of DP3A NTT Province {year}"),
    "asn": N_("Staff roster of DP3A NTT Province"),
    "kla": N_("Child-Friendly District/City (KLA) evaluation {year}"),
    "indikator": N_("Performance indicator achievements of DP3A NTT Province {year}"),
}

# What each landing source holds, without a year (asset descriptions, messages).
TITLES = {
    "uptd": N_("UPTD PPA case register"),
    "simfoni": N_("SIMFONI-PPA victim extract"),
    "anggaran": N_("Budget realisation lines from the regional finance system"),
    "asn": N_("Staff roster"),
    "kla": N_("Child-Friendly District/City (KLA) evaluation"),
    "indikator": N_("Renstra performance indicators"),
}


def source_title(source: str) -> str:
    """What a landing source holds, in the reader's language ('Register kasus UPTD PPA')."""
    return _(TITLES[source]) if source in TITLES else source


def document(source: str, year: int, files: list[str] | None = None) -> str:
    """The document a source stands for in `year`, with the names (never the paths) of the
    landing files it was read from: 'Register Kasus UPTD PPA Provinsi NTT 2023 (berkas
    Register_Kasus_UPTD_PPA_2023.xlsx)'."""
    name = _(DOCUMENTS[source], year=year) if source in DOCUMENTS else source
    if files:
        name += " " + _("(file {files})", files=", ".join(files))
    return name
