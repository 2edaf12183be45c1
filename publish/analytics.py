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
from publish import analytics_delta

PUBLISHED_SCHEMAS = ("marts",)


def publish_analytics(warehouse: Path, analytics: Path,
                      schemas: tuple[str, ...] = PUBLISHED_SCHEMAS, run_id: str = "") -> dict:
    """Copy `schemas` of the warehouse into a fresh analytics file and swap it in."""
    analytics.parent.mkdir(parents=True, exist_ok=True)
    for stale in analytics.parent.glob(f".{analytics.name}.tmp-*"):
        stale.unlink(missing_ok=True)
    staging = analytics.with_name(f".{analytics.name}.tmp-{uuid.uuid4().hex[:8]}")
    tables: dict[str, int] = {}
    # Only what dbt rebuilt since the last publication is copied again (analytics_delta).
    previous = analytics_delta.previous_file(analytics)
    try:
        analytics_delta.start_from(previous, staging)
        con = connect(staging)
        try:
            con.execute(f"attach '{_quote(warehouse)}' as source (read_only)")
            found = con.execute(
                "select schema_name, table_name, comment from duckdb_tables() "
                "where database_name = 'source' and schema_name in "
                f"({', '.join('?' for _ in schemas)}) order by 1, 2", list(schemas),
            ).fetchall()
            names = [(schema, table) for schema, table, _comment in found]
            plan = analytics_delta.plan_tables(con, names, reused=previous is not None)
            for schema in schemas:
                con.execute(f'create schema if not exists "{schema}"')
            for schema, table, comment in found:
                if plan[(schema, table)] == analytics_delta.SLICES:
                    analytics_delta.copy_slices(con, schema, table)
                elif plan[(schema, table)] == analytics_delta.WHOLE:
                    con.execute(f'create or replace table "{schema}"."{table}" as '
                                f'select * from source."{schema}"."{table}"')
                    if comment:
                        con.execute(f'comment on table "{schema}"."{table}" is ?', [comment])
                tables[f"{schema}.{table}"] = con.execute(
                    f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            analytics_delta.drop_vanished(con, names, schemas)
            analytics_delta.record(con)
            con.execute("create or replace table main.publication as select ? as published_at, "
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
