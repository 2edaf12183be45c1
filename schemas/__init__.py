"""Declarations: the landing sources and their columns (`sources.yml`, read by `spec`), one
Pandera `DataFrameModel` per raw table, and the `Issue` a rule raises. Declares; reads no file
but its own declarations. Imports `core/` only.

Does not belong here: reading or parsing landing files (`ingest/`), loading rows, Dagster.
"""

from __future__ import annotations

import pandera.pandas as pa


def schema_for(source: str) -> type[pa.DataFrameModel]:
    from schemas.anggaran import AnggaranSchema
    from schemas.asn import AsnSchema
    from schemas.indikator import IndikatorSchema
    from schemas.kla import KlaSchema
    from schemas.simfoni import SimfoniSchema
    from schemas.uptd import UptdSchema

    return {"uptd": UptdSchema, "simfoni": SimfoniSchema, "anggaran": AnggaranSchema,
            "asn": AsnSchema, "kla": KlaSchema, "indikator": IndikatorSchema}[source]
