"""Declarations: the landing sources and their columns (`sources.yml`, read by `spec`; the
Pandera field layer built from it by `fields`), each source's rules across columns
(`schemas/<source>.py`, `RULES`), and the `Issue` a rule raises. Declares; reads no file but
its own declarations. Imports `core/` only.

Does not belong here: reading or parsing landing files (`ingest/`), loading rows, Dagster.
"""

from __future__ import annotations

from schemas.base import Rule


def rules_for(source: str) -> list[Rule]:
    """The rules across columns of `raw.<source>`."""
    from schemas import anggaran, asn, indikator, kla, simfoni, uptd

    return {"uptd": uptd.RULES, "simfoni": simfoni.RULES, "anggaran": anggaran.RULES,
            "asn": asn.RULES, "kla": kla.RULES, "indikator": indikator.RULES}[source]
