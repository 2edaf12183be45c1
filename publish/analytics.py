"""The analysts' read-only copy of the warehouse: `analytics.duckdb`.

After a successful build the `marts` schema (facts, dims, indicator marts, findings) is copied
into a new file beside the old one, checkpointed, and renamed over it. An analyst session
that has the old file open keeps reading the old version (the rename does not touch the open
file), a new session sees the new one whole, and the pipeline never waits for analysts: it
never opens `analytics.duckdb` itself.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

from core.duckdb_files import connect
from core.faults import pause_point

PUBLISHED_SCHEMAS = ("marts",)


def publish_analytics(warehouse: Path, analytics: Path,
                      schemas: tuple[str, ...] = PUBLISHED_SCHEMAS, run_id: str = "") -> dict:
    """Copy `schemas` of the warehouse into a fresh analytics file and swap it in."""
    analytics.parent.mkdir(parents=True, exist_ok=True)
    for stale in analytics.parent.glob(f".{analytics.name}.tmp-*"):
        stale.unlink(missing_ok=True)
    staging = analytics.with_name(f".{analytics.name}.tmp-{uuid.uuid4().hex[:8]}")
    tables: dict[str, int] = {}
    try:
        con = connect(staging)
        try:
            con.execute(f"attach '{_quote(warehouse)}' as source (read_only)")
            found = con.execute(
                "select schema_name, table_name, comment from duckdb_tables() "
                "where database_name = 'source' and schema_name in "
                f"({', '.join('?' for _ in schemas)}) order by 1, 2", list(schemas),
            ).fetchall()
            for schema in schemas:
                con.execute(f'create schema if not exists "{schema}"')
            for schema, table, comment in found:
                con.execute(f'create table "{schema}"."{table}" as '
                            f'select * from source."{schema}"."{table}"')
                if comment:
                    # COMMENT ON takes no parameters: a quoted literal.
                    con.execute(f'comment on table "{schema}"."{table}" is '
                                f"'{_quote(comment)}'")
                tables[f"{schema}.{table}"] = con.execute(
                    f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            con.execute("create table main.publication as select ? as published_at, "
                        "? as run_id, ? as tables",
                        [dt.datetime.now().astimezone().replace(microsecond=0), run_id,
                         len(tables)])
            con.execute("detach source")
            con.execute("checkpoint")
        finally:
            con.close()
        with open(staging, "rb") as handle:
            os.fsync(handle.fileno())
        pause_point("publish.before_swap")
        os.replace(staging, analytics)  # atomic: readers see the old file or the new one
    finally:
        staging.unlink(missing_ok=True)
        staging.with_name(staging.name + ".wal").unlink(missing_ok=True)
    return tables


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
