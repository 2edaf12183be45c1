"""Publish the analytics file by copying only what changed since the last publication.

`publish/analytics.py` writes each analytics version anew (a staging file, then pointed at by
the `analytics.duckdb` link, so analysts never see half a publication). Copying every mart
again costs seconds at millions of rows although a new month changes a few tables, and of
the case facts and bridges only the year the newer extract replaced. This module decides,
per table, what the new file needs, from what dbt rebuilt (`core.build_state.table_builds`,
kept in the warehouse) and what the published file was copied from (its
`main.publication_tables`):

- `keep`: dbt has not rebuilt the table since the last publication: the staging file starts
  as a copy of the published file, so the table is already there;
- `slices`: an incremental model (its rows carry `source`, `period_year`, `ingest_id`) had
  only slices replaced since: the slices whose file differs are deleted and copied again;
- `whole`: anything else (rebuilt whole, not built by dbt, new, or no usable record).

Interface for `publish_analytics` (the copy itself stays there). `con` has the warehouse
attached as `source` and the staging file as `pub`:

    reuse = previous_file(current_version)  # start staging from a copy of it, or None
    plan = plan_tables(con, found, reuse)
    ... for each (schema, table): keep / copy_slices(con, schema, table) / copy whole ...
    drop_vanished(con, found, schemas); record(con)  # before the staging file is swapped in
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import duckdb

from core.build_state import TableBuild, table_builds
from core.duckdb_files import connect

KEEP, SLICES, WHOLE = "keep", "slices", "whole"
RECORD = "publication_tables"  # main.<RECORD> in the analytics file
SLICE_COLUMNS = ("source", "period_year", "ingest_id")
SOURCE = "source"  # the name publish_analytics attaches the warehouse under
TARGET = "pub"  # … and the staging file under


def published_builds(con: duckdb.DuckDBPyConnection, database: str = TARGET
                     ) -> dict[tuple[str, str], TableBuild]:
    """What the tables of the analytics file attached as `database` were copied from; empty
    when the file has no record (published before this module existed, or by hand)."""
    try:
        rows = con.execute(f"select schema_name, table_name, built_by, rebuilt_whole_by "
                           f'from "{database}".main.{RECORD}').fetchall()
    except duckdb.CatalogException:
        return {}
    return {(schema, table): TableBuild(built_by, whole)
            for schema, table, built_by, whole in rows}


def previous_file(analytics: Path | None) -> Path | None:
    """The published version, when a new publication can start from a copy of it: it exists
    and records what its tables were copied from."""
    if analytics is None or not analytics.exists():
        return None
    try:
        con = connect(analytics, read_only=True, wait_seconds=5)
    except duckdb.Error:
        return None
    try:
        return analytics if published_builds(con, _name(con)) else None
    finally:
        con.close()


def _name(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("select current_database()").fetchone()[0]


def start_from(previous: Path | None, staging: Path) -> None:
    """Make the staging file a copy of the published one (a plain file copy; the copy is
    writable whatever the published version's mode)."""
    if previous is not None:
        shutil.copyfile(previous, staging)


def _has_slices(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    columns = {row[0] for row in con.execute(
        "select column_name from duckdb_columns() where database_name = ? "
        "and schema_name = ? and table_name = ?", [SOURCE, schema, table]).fetchall()}
    return set(SLICE_COLUMNS) <= columns


def plan_tables(con: duckdb.DuckDBPyConnection, tables: Iterable[tuple[str, str]],
                reused: bool) -> dict[tuple[str, str], str]:
    """KEEP, SLICES or WHOLE for each (schema, table) of the warehouse to publish; the
    staging file is attached as `pub` (a copy of the published file when `reused`), the
    warehouse as `source`."""
    built = table_builds(con, SOURCE)
    published = published_builds(con) if reused else {}
    existing = {(schema, table) for schema, table in con.execute(
        "select schema_name, table_name from duckdb_tables() "
        "where database_name = ?", [TARGET]).fetchall()}
    plan = {}
    for name in tables:
        now, then = built.get(name), published.get(name)
        if now is None or then is None or name not in existing:
            plan[name] = WHOLE
        elif now.built_by == then.built_by:
            plan[name] = KEEP
        elif (now.rebuilt_whole_by is not None and now.rebuilt_whole_by == then.rebuilt_whole_by
              and _has_slices(con, *name)):
            plan[name] = SLICES
        else:
            plan[name] = WHOLE
    return plan


def copy_slices(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    """Replace the (source, period_year) slices whose newest file differs between the
    warehouse and the staging copy, and add the slices it lacks."""
    target, origin = f'{TARGET}."{schema}"."{table}"', f'{SOURCE}."{schema}"."{table}"'
    con.execute(f"""
        create or replace temp table changed_slices as
        select source, period_year
        from (select source, period_year, max(ingest_id) as ingest_id from {origin}
              group by all) as now
        full join (select source, period_year, max(ingest_id) as ingest_id from {target}
                   group by all) as published
            using (source, period_year)
        where now.ingest_id is distinct from published.ingest_id""")
    con.execute(f"delete from {target} where (source, period_year) in "
                "(select source, period_year from changed_slices)")
    con.execute(f"insert into {target} select * from {origin} where (source, period_year) in "
                "(select source, period_year from changed_slices)")
    con.execute("drop table changed_slices")


def drop_vanished(con: duckdb.DuckDBPyConnection, tables: Iterable[tuple[str, str]],
                  schemas: Iterable[str]) -> None:
    """Drop tables of the published `schemas` that the warehouse no longer has."""
    keep, schemas = set(tables), list(schemas)
    for schema, table in con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = ? "
            f"and schema_name in ({', '.join('?' for _ in schemas)})",
            [TARGET, *schemas]).fetchall():
        if (schema, table) not in keep:
            con.execute(f'drop table {TARGET}."{schema}"."{table}"')


def record(con: duckdb.DuckDBPyConnection) -> None:
    """Record in the staging file what its tables were copied from (the warehouse's table
    builds as they are now)."""
    con.execute(f"create or replace table {TARGET}.main.{RECORD} (schema_name varchar, "
                "table_name varchar, built_by varchar, rebuilt_whole_by varchar)")
    rows = [(schema, table, build.built_by, build.rebuilt_whole_by)
            for (schema, table), build in table_builds(con, SOURCE).items()]
    if rows:
        con.executemany(f"insert into {TARGET}.main.{RECORD} values (?, ?, ?, ?)", rows)
