"""What the marts were last built from, and so what the next dbt build has to do.

The state of a build (`State`): a digest of the dbt project (its manifest), one digest per
landing source of its ledger rows (every file loaded, superseded, rejected or skipped), the
newest file in the ledger, and how many tables the marts schema holds. After a build that
finished, its state is kept in `raw.dbt_build_state`; when a build starts the row is emptied,
so a build that never finished is known as such. `plan` compares the state now with the last
one:

- nothing changed: SKIP, dbt is not started at all;
- files of some sources changed: CHANGED, dbt builds only what is downstream of those sources'
  raw tables (and of the ingest ledger, which every file changes); seeds and the rest stay;
- the dbt project changed (a model, test, macro or seed file), a build never finished, the
  set of mart tables changed, or the rebuild job: FULL, every node with `--full-refresh`.

`selection` turns a CHANGED plan into dbt's own node selection (`source:raw.simfoni+ …`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from core.i18n import N_

SKIP, CHANGED, SUBSET, FULL = "skip", "changed", "subset", "full"
# Every landing file writes a ledger row and may write findings: their models follow any change.
LEDGER_SOURCES = ("ingest_ledger", "ingest_findings")


@dataclass(frozen=True)
class State:
    """What a build is made from. `sources` maps a landing source (`simfoni`) to a digest of
    its ledger rows; `newest_file` is the highest ingest_id in the ledger (0 for none)."""

    project: str
    marts: int
    sources: Mapping[str, str] = field(default_factory=dict)
    newest_file: int = 0

    def to_json(self) -> str:
        return json.dumps({"project": self.project, "marts": self.marts,
                           "sources": dict(sorted(self.sources.items())),
                           "newest_file": self.newest_file}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> State | None:
        """None for a state this code cannot read (e.g. written by an older version)."""
        try:
            data = json.loads(text)
            return cls(project=data["project"], marts=int(data["marts"]),
                       sources=dict(data["sources"]), newest_file=int(data["newest_file"]))
        except (ValueError, KeyError, TypeError):
            return None


@dataclass(frozen=True)
class Plan:
    """What the next dbt build does and why (`reason`, an English message marked for
    translation, may name `{sources}`). For CHANGED, `sources` are the landing sources whose
    files changed since the last finished build."""

    action: str
    reason: str
    sources: tuple[str, ...] = ()


def project_digest(manifest: Path) -> str:
    return hashlib.sha256(manifest.read_bytes()).hexdigest()


def current(con: duckdb.DuckDBPyConnection, manifest: Path) -> State | None:
    """The state the marts would be built from now; None before the raw schema exists."""
    try:
        rows = con.execute(
            "select source, count(*), "
            "md5(string_agg(concat_ws(':', ingest_id, status, superseded_by), ',' "
            "order by ingest_id)) from raw.ingest_ledger group by source"
        ).fetchall()
        newest = con.execute("select coalesce(max(ingest_id), 0) from raw.ingest_ledger"
                             ).fetchone()[0]
    except duckdb.CatalogException:
        return None
    return State(project=project_digest(manifest), marts=mart_tables(con),
                 sources={source: f"{count}:{digest}" for source, count, digest in rows},
                 newest_file=int(newest))


def mart_tables(con: duckdb.DuckDBPyConnection) -> int:
    """How many tables the marts schema holds."""
    return con.execute("select count(*) from information_schema.tables "
                       "where table_schema = 'marts'").fetchone()[0]


def last_built(con: duckdb.DuckDBPyConnection) -> State | None:
    """The state of the last build that finished; None if none did, or one started since."""
    try:
        row = con.execute("select state from raw.dbt_build_state").fetchone()
    except duckdb.CatalogException:
        return None
    return State.from_json(row[0]) if row and row[0] else None


def record(con: duckdb.DuckDBPyConnection, state: State | None) -> None:
    """Record a finished build's state, or None when a build starts."""
    con.execute("create table if not exists raw.dbt_build_state "
                "(state varchar, built_at timestamp)")
    con.execute("delete from raw.dbt_build_state")
    if state is not None:
        con.execute("insert into raw.dbt_build_state values (?, current_timestamp)",
                    [state.to_json()])


def changed_sources(state: State, last: State) -> tuple[str, ...]:
    """Landing sources whose ledger rows differ between two states, sorted."""
    names = set(state.sources) | set(last.sources)
    return tuple(sorted(name for name in names
                        if state.sources.get(name) != last.sources.get(name)))


def plan(state: State | None, last: State | None, *, rebuild: bool, partial: bool,
         by_hand: bool = True) -> Plan:
    """What the next build does (see the module docstring). `partial` is a selection of some
    assets (an ingest job, the UI): dbt builds that selection as asked (SUBSET), fully
    refreshed when a full build is due. A selection a job makes (`by_hand` False: the
    sensor's ingest jobs) is skipped like a whole build when no source has new files."""
    if rebuild:
        return Plan(FULL, N_("The rebuild job rebuilds every model and mart."))
    if state is None or last is None:
        return Plan(FULL, N_("Full build: no earlier build finished on this warehouse."))
    if state.project != last.project:
        return Plan(FULL, N_("Full build: the dbt project changed since the last build."))
    if state.marts != last.marts:
        return Plan(FULL, N_("Full build: the marts schema holds other tables than after "
                             "the last build."))
    sources = changed_sources(state, last)
    if partial and (by_hand or sources):
        return Plan(SUBSET, N_("The selected models are built."))
    if not sources:
        return Plan(SKIP, N_("Nothing new since the last dbt build: models and marts are "
                             "current, dbt build skipped (run the marts_rebuild job to force "
                             "one)."))
    return Plan(CHANGED, N_("New files of {sources}: only the models built on them are "
                            "rebuilt."), sources)


def after_subset(last: State | None, now: State | None, covered: Iterable[str]) -> State | None:
    """The state to keep after a build of a selection that rebuilt everything downstream of
    the raw tables of `covered` sources: the last full state with those sources brought up
    to date. None (the next build is full) when no full build came before or the project
    changed since."""
    if last is None or now is None or now.project != last.project:
        return None
    sources = dict(last.sources)
    for source in covered:
        if source in now.sources:
            sources[source] = now.sources[source]
        else:
            sources.pop(source, None)
    return State(project=last.project, marts=now.marts, sources=sources,
                 newest_file=last.newest_file)


def selection(plan_: Plan, dbt_sources: Iterable[str]) -> list[str]:
    """dbt selectors for a CHANGED plan: every node downstream of the raw tables that the
    changed sources' files write (`raw.<source>`, `raw.<source>_quarantine`) and of the
    ingest ledger. `dbt_sources` are the raw table names the dbt project declares."""
    declared = set(dbt_sources)
    tables = [table for source in plan_.sources
              for table in (source, f"{source}_quarantine") if table in declared]
    tables += [table for table in LEDGER_SOURCES if table in declared]
    return [f"source:raw.{table}+" for table in tables]



@dataclass(frozen=True)
class TableBuild:
    """Which dbt invocation last built a table, and which last built it whole (a table model,
    a seed, an incremental model on its first build or with `--full-refresh`); between the
    two, an incremental model only had slices replaced."""

    built_by: str
    rebuilt_whole_by: str | None


def record_table_builds(con: duckdb.DuckDBPyConnection, run_results: Mapping,
                        relations: Mapping[str, tuple[str, str, bool]]) -> None:
    """Keep, per table, the `TableBuild` of a finished dbt build, from its `run_results.json`.
    `relations` maps a node's unique_id to (schema, table, is an incremental model)."""
    con.execute("create table if not exists raw.dbt_table_builds (schema_name varchar, "
                "table_name varchar, built_by varchar, rebuilt_whole_by varchar, "
                "built_at timestamp, primary key (schema_name, table_name))")
    invocation = run_results["metadata"]["invocation_id"]
    full_refresh = bool(run_results.get("args", {}).get("full_refresh"))
    for result in run_results["results"]:
        relation = relations.get(result["unique_id"])
        if relation is None or result["status"] != "success":
            continue
        schema, table, incremental = relation
        whole = full_refresh or not incremental
        con.execute(
            "insert into raw.dbt_table_builds values (?, ?, ?, ?, current_timestamp) "
            "on conflict (schema_name, table_name) do update set built_by = excluded.built_by, "
            "rebuilt_whole_by = coalesce(excluded.rebuilt_whole_by, "
            "raw.dbt_table_builds.rebuilt_whole_by), built_at = excluded.built_at",
            [schema, table, invocation, invocation if whole else None])


def table_builds(con: duckdb.DuckDBPyConnection, catalog: str = "") -> dict[
        tuple[str, str], TableBuild]:
    """The `TableBuild` of every (schema, table) that a recorded dbt build wrote; empty
    before the first one. `catalog` names the warehouse when it is attached to `con` under
    that name. Publication uses it to copy only what changed since it last ran."""
    prefix = f'"{catalog}".' if catalog else ""
    try:
        rows = con.execute("select schema_name, table_name, built_by, rebuilt_whole_by "
                           f"from {prefix}raw.dbt_table_builds").fetchall()
    except duckdb.CatalogException:
        return {}
    return {(schema, table): TableBuild(built_by, whole)
            for schema, table, built_by, whole in rows}
