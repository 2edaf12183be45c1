"""One Pandera `DataFrameModel` per raw table, looked up by source name."""

from __future__ import annotations

import pandera.pandas as pa


def schema_for(source: str) -> type[pa.DataFrameModel]:
    from schemas.anggaran import AnggaranSchema
    from schemas.simfoni import SimfoniSchema
    from schemas.uptd import UptdSchema

    return {"uptd": UptdSchema, "simfoni": SimfoniSchema, "anggaran": AnggaranSchema}[source]
