"""What the marts were last built from, and so what the next dbt build has to do.

The state is `<project>:<data>`: a digest of the dbt project (its manifest), then of the
ledger (every file loaded, superseded or rejected) and of which marts exist. The same state
as the last finished build means nothing new: the build is skipped. A new project digest
means every slice of the incremental case models must be rebuilt (`--full-refresh`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

SKIP, INCREMENTAL, FULL = "skip", "incremental", "full"


def current(con: duckdb.DuckDBPyConnection, manifest: Path) -> str | None:
    """The state the marts would be built from now; None before the raw schema exists."""
    project = hashlib.sha256(manifest.read_bytes()).hexdigest()
    try:
        data = repr(con.execute(
            "select count(*), max(ingest_id), count(superseded_by), "
            "(select count(*) from information_schema.tables "
            " where table_schema = 'marts') from raw.ingest_ledger"
        ).fetchone())
    except duckdb.CatalogException:
        return None
    return f"{project}:{hashlib.sha256(data.encode()).hexdigest()}"


def last_built(con: duckdb.DuckDBPyConnection) -> str | None:
    """The state of the last build that finished; None if none did, or one started since."""
    try:
        row = con.execute("select state from raw.dbt_build_state").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


def record(con: duckdb.DuckDBPyConnection, state: str | None) -> None:
    """Record a finished build's state, or None when a build starts."""
    con.execute("create table if not exists raw.dbt_build_state "
                "(state varchar, built_at timestamp)")
    con.execute("delete from raw.dbt_build_state")
    if state is not None:
        con.execute("insert into raw.dbt_build_state values (?, current_timestamp)", [state])


def plan(state: str | None, last: str | None, *, rebuild: bool, partial: bool) -> str:
    """SKIP when nothing changed since the last finished build (never for the rebuild job or
    a partial selection); FULL for the rebuild job, after a build that did not finish and
    when the dbt project changed (a model or seed change reaches every slice); otherwise
    INCREMENTAL: only the slices whose file changed are rebuilt."""
    if state is not None and state == last and not rebuild and not partial:
        return SKIP
    if rebuild or state is None or last is None:
        return FULL
    return FULL if last.split(":")[0] != state.split(":")[0] else INCREMENTAL
