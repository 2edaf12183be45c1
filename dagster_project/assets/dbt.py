"""The dbt project as Dagster assets: folder = group = schema, sources = ingest assets."""

import contextlib
import datetime as dt
import io
import json
import os
import shutil
import textwrap
import time
import uuid
from collections.abc import Mapping
from dataclasses import replace
from functools import cache, cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from packaging.version import Version

from core import build_state
from core.config import DBT_PROJECT_DIR
from core.dbt_messages import message
from core.faults import pause_point
from core.i18n import _
from core.manifest import MANIFEST, ensure_manifest, warehouse_artifacts, warehouse_dbt_executable
from dagster_project.assets.publication import catch_up
from dagster_project.jobs import REBUILD_JOB, picked_by_hand
from dagster_project.resources import WarehouseResource
from ingest.ledger import markdown

# The nightly rebuild refreshes every mart; one missed night warns, two fail (in the UI's
# asset health; Dagster's freshness daemon evaluates it, `dagster dev` runs that daemon).
MARTS_FRESHNESS = dg.FreshnessPolicy.time_window(
    warn_window=dt.timedelta(hours=26), fail_window=dt.timedelta(hours=50)
)


class SatudataTranslator(DagsterDbtTranslator):
    """Asset key = [schema, table]; a raw source is the ingest asset that writes it."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("schema")

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        """The model's or seed's dbt description in the reader's language (the yml keeps the
        English one: it is dbt's documentation and the table's comment in DuckDB; its
        Indonesian text is in the `dbt` catalog, see core/dbt_messages.py), then its SQL as
        dagster-dbt shows it, under a heading in the same language."""
        described = message(dbt_resource_props.get("description"))
        sections = [_(described) if described else _(
            "dbt {resource_type} {name}", resource_type=dbt_resource_props["resource_type"],
            name=dbt_resource_props["name"])]
        code = dbt_resource_props.get("raw_code") or dbt_resource_props.get("raw_sql")
        if code:
            sections.append(_("#### SQL of the model, as written:") + "\n```sql\n"
                            + textwrap.indent(code, "    ") + "\n```")
        return "\n\n".join(sections)

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project
                             ) -> dg.AssetCheckSpec | None:
        """dagster-dbt's check for a dbt test, described in the reader's language: the UI
        showed an empty description for every test."""
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return spec._replace(description=dbt_test_description(manifest["nodes"][unique_id]))

    def get_asset_spec(self, manifest, unique_id, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if spec.key.path[0] == "marts":
            spec = dg.apply_freshness_policy(spec, MARTS_FRESHNESS)
        return spec


def dbt_test_description(test: Mapping[str, Any]) -> str:
    """What a dbt test of the manifest (`test`: its node) asserts, in one sentence in the
    reader's language, from its generic test and arguments, and whether it warns or fails
    the run; a singular test is named by its name."""
    meta = test.get("test_metadata") or {}
    kwargs = meta.get("kwargs") or {}
    column = kwargs.get("column_name") or ""
    kinds = {
        "not_null": lambda: _("Column {column} is never empty.", column=column),
        "primary_key": lambda: _("Column {column} is the row's key: never empty, never "
                                 "repeated.", column=column),
        "unique_combination_of_columns": lambda: _(
            "No two rows share the same {columns}.",
            columns=", ".join(kwargs.get("columns") or kwargs.get("combination_of_columns") or ())),
        "relationships": lambda: _(
            "Every {column} is found in {table}.{field}.", column=column,
            table=str(kwargs.get("to", "")).removeprefix("ref('").removesuffix("')"),
            field=kwargs.get("field", "")),
        "accepted_values": lambda: _("Column {column} holds only {values}.", column=column,
                                     values=", ".join(map(str, kwargs.get("values") or ()))),
        "expression_is_true": lambda: _("Every row holds {expression}.",
                                        expression=f"`{kwargs.get('expression', '')}`"),
    }
    said = kinds[meta["name"]]() if meta.get("name") in kinds else _(
        "dbt test {name}.", name=test["name"])
    if str((test.get("config") or {}).get("severity", "")).lower() == "warn":
        return said + " " + _("A row that does not gives a warning.")
    return said + " " + _("A row that does not is an error.")


class SatudataDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two fixed costs per run that buy us nothing (measured
    by `make bench`, see docs/benchmarks.md): a `dbt --version` subprocess (~2.5 s) to learn
    a version the lock file pins, and an in-process dbt adapter (~5 s to load the profile
    and adapter) that only serves `fetch_column_metadata`/`fetch_row_counts`, which we do
    not call. dbt itself still runs as dagster-dbt's subprocess, as before."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):  # noqa: ANN001 - dagster-dbt's signature
        return None


def dbt_resource() -> DbtCliResource:
    return SatudataDbtCliResource(project_dir=str(DBT_PROJECT_DIR),
                                  profiles_dir=str(DBT_PROJECT_DIR),
                                  dbt_executable=warehouse_dbt_executable())


def _record_build(warehouse: WarehouseResource, state: build_state.State | None) -> None:
    with warehouse.connect() as con:
        build_state.record(con, state)


@cache
def _manifest() -> dict[str, Any]:
    return json.loads(ensure_manifest().read_text())


@cache
def _tables() -> dict[str, tuple[str, str, bool]]:
    """unique_id -> (schema, table, is incremental) of every node dbt writes a table for."""
    return {node: (props["schema"], props["alias"], props["config"]["materialized"] ==
                   "incremental")
            for node, props in _manifest()["nodes"].items()
            if props["resource_type"] in ("model", "seed", "snapshot")
            and props["config"]["materialized"] in ("table", "incremental", "seed", "snapshot")}


def _record_table_builds(warehouse: WarehouseResource, target: Path) -> None:
    results = target / "run_results.json"
    if results.exists():
        with warehouse.connect() as con:
            build_state.record_table_builds(con, json.loads(results.read_text()), _tables())


def _raw_tables() -> list[str]:
    """The raw tables the dbt project reads (its `raw` sources)."""
    return [source["name"] for source in _manifest()["sources"].values()
            if source["source_name"] == "raw"]


def _covered_sources(context: dg.AssetExecutionContext, sources: Mapping[str, str]) -> list[str]:
    """The landing sources whose every dbt model and seed downstream of their raw tables is in
    this step's selection: a subset build leaves those up to date."""
    manifest, translator = _manifest(), SatudataTranslator()
    children = manifest["child_map"]
    covered = []
    for source in sources:
        pending = [f"source.satudata.raw.{source}", f"source.satudata.raw.{source}_quarantine"]
        seen: set[str] = set()
        while pending:
            for child in children.get(pending.pop(), []):
                if child not in seen:
                    seen.add(child)
                    pending.append(child)
        keys = {translator.get_asset_key(manifest["nodes"][node]) for node in seen
                if node.split(".")[0] in ("model", "seed", "snapshot")}
        if keys <= set(context.selected_asset_keys):
            covered.append(source)
    return covered


@dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=SatudataTranslator(),
            pool="duckdb")
def satudata_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    warehouse.settings().export_env()
    _remove_abandoned_targets()
    pause_point("dbt.before")
    # Nothing, what is downstream of the sources with new files, the selection asked for, or
    # everything: core/build_state.py decides.
    with warehouse.connect() as con:
        state = build_state.current(con, ensure_manifest())
        last = build_state.last_built(con)
    plan = build_state.plan(state, last, rebuild=context.run.job_name == REBUILD_JOB,
                            partial=context.is_subset,
                            by_hand=picked_by_hand(context.run.job_name))
    context.log.info(_(plan.reason, sources=", ".join(plan.sources)))
    if plan.action == build_state.SKIP:
        # A publication that failed before still gets the marts it lags behind.
        yield from catch_up(context, warehouse, emitted=set())
        return
    _record_build(warehouse, None)
    target = _target_with_parse_state(warehouse)
    try:
        marts = yield from _build(context, dbt, plan, target,
                                  tested_through=last.newest_file if last else None)
    finally:
        # What dbt rewrote, even in a build that failed half way (publication reads it).
        _record_table_builds(warehouse, target)
        # One target folder per invocation, so runs never share one; the events are read.
        _keep_artifacts(warehouse, target)
        shutil.rmtree(target, ignore_errors=True)
    if plan.action == build_state.CHANGED:
        marts += _unchanged_marts(context, {output.output_name for output in marts})
    yield from _with_previews(context, warehouse, sorted(marts, key=_depth_of_output(context)))
    # Built from the files as they were when the build started, into the marts there are now.
    with warehouse.connect(read_only=True) as con:
        state = replace(state, marts=build_state.mart_tables(con))
    if context.is_subset:
        # A selection leaves the rest as it was: only sources whose whole downstream was built
        # count as built (after a full refresh of a selection, the next build is full).
        state = (build_state.after_subset(last, state, _covered_sources(context, state.sources))
                 if plan.action == build_state.SUBSET else None)
    _record_build(warehouse, state)
    # The marts not rebuilt are emitted too when a publication lags behind them.
    yield from catch_up(context, warehouse, emitted={
        context.asset_key_for_output(output.output_name) for output in marts})


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource, plan: build_state.Plan,
           target: Path, tested_through: int | None):
    """Run `dbt build` for the plan; yield its events except the marts' outputs, which are
    returned: their previews are read once dbt has released the warehouse file.
    `tested_through` is the newest ingest_id of the last finished build: a CHANGED build's
    full-table tests of the case models look only at the slices of newer files."""
    # dbt's unit tests check the project's SQL, not the data: `make test` runs them
    # (tests/integration/test_dbt_unit_tests.py), a run on the office's files does not.
    arguments = ["build", "--exclude-resource-type", "unit_test"]
    if plan.action == build_state.FULL:
        arguments.append("--full-refresh")
    if plan.action == build_state.CHANGED:
        # dbt's own selection; dagster-dbt would add every node (`fqn:*`) for a step that is
        # not a subset, so its events are converted here with the step's context instead.
        arguments += ["--select", " ".join(build_state.selection(plan, _raw_tables()))]
        translator = SatudataTranslator()
        with _tests_scoped(tested_through):
            invocation = dbt.cli(arguments, manifest=_manifest(),
                                 dagster_dbt_translator=translator, raise_on_error=True,
                                 target_path=target)
        events = (event for raw in invocation.stream_raw_events()
                  for event in raw.to_default_asset_events(
                      manifest=_manifest(), dagster_dbt_translator=translator,
                      context=context, target_path=target))
    else:
        with _tests_scoped(None):
            events = dbt.cli(arguments, context=context, raise_on_error=True,
                             target_path=target).stream()
    quiet = os.environ.get(QUIET_DBT_ENV) == "1"
    told = io.StringIO()
    if quiet:
        events = _told_aside(events, told)
    # Mart materializations wait for the build to end: only then can the file be read for
    # the preview a person sees in the UI (dbt's process holds DuckDB's write lock till then).
    marts: list[dg.Output] = []
    try:
        for number, event in enumerate(events):
            if number == 0:
                pause_point("dbt.running")
            if isinstance(event, dg.Output) and _is_mart(context, event):
                marts.append(event)
            else:
                yield event
    except BaseException:
        yield from marts
        raise
    finally:
        if quiet and told.getvalue():
            context.log.debug(told.getvalue()[-LOG_KEPT:])
    return marts


# dbt/macros/rebuilt_slices.sql reads it at run time: the newest ingest_id whose rows the last
# finished build tested. An environment variable, not `--vars`: dbt parses the whole project
# again (~3 s) whenever the vars differ from its saved parse, and this value differs each time.
TESTED_THROUGH_ENV = "SATUDATA_TESTED_THROUGH_INGEST_ID"


@contextlib.contextmanager
def _tests_scoped(tested_through: int | None):
    """While dbt's process starts (it copies this process's environment): the case models'
    full-table tests look at the slices of files newer than `tested_through`, or, for None,
    at every row (a stray value in the caller's environment is removed, never inherited)."""
    before = os.environ.pop(TESTED_THROUGH_ENV, None)
    if tested_through is not None:
        os.environ[TESTED_THROUGH_ENV] = str(tested_through)
    try:
        yield
    finally:
        os.environ.pop(TESTED_THROUGH_ENV, None)
        if before is not None:
            os.environ[TESTED_THROUGH_ENV] = before


# `satudata run` without --verbose sets this: dbt's own log lines (English, one per node)
# then go to the run's debug log in the UI, not to the officer's terminal.
QUIET_DBT_ENV = "SATUDATA_QUIET_DBT"
LOG_KEPT = 200_000  # characters of dbt's log kept in the debug log


def _told_aside(events, sink: io.StringIO):
    """The events, with what dagster-dbt prints of dbt's log while it reads them (it writes
    to sys.stdout) written to `sink` instead; nothing else is redirected."""
    iterator = iter(events)
    while True:
        with contextlib.redirect_stdout(sink):
            try:
                event = next(iterator)
            except StopIteration:
                return
        yield event


def _unchanged_marts(context: dg.AssetExecutionContext, rebuilt: set[str]) -> list[dg.Output]:
    """Every selected mart that dbt did not rebuild is current (none of its sources changed):
    say so, so that the exports, the annex and the analytics file after it still run."""
    note = _("Not rebuilt: none of the files it is built from changed since the last build.")
    unchanged = []
    for key in context.selected_asset_keys:
        name = context.assets_def.get_output_name_for_asset_key(key)
        if key.path[0] == "marts" and name not in rebuilt:
            unchanged.append(dg.Output(None, output_name=name,
                                       metadata={"rebuilt": False, "note": note}))
    return unchanged


def _depth_of_output(context: dg.AssetExecutionContext):
    """Sort key of an output: the length of the longest path from a source to its node, so
    that outputs come after the ones they are built from (as Dagster requires)."""
    manifest, translator = _manifest(), SatudataTranslator()
    parents = manifest["parent_map"]
    depth: dict[str, int] = {}

    def of(node: str) -> int:
        if node not in depth:
            depth[node] = 1 + max((of(parent) for parent in parents.get(node, [])), default=0)
        return depth[node]

    by_key = {translator.get_asset_key(props): of(node)
              for node, props in manifest["nodes"].items()
              if props["resource_type"] in ("model", "seed", "snapshot")}

    def key(output: dg.Output) -> int:
        return by_key.get(context.asset_key_for_output(output.output_name), 0)

    return key


# dbt re-parses the whole project (~3 s) unless its target folder holds the parse state of
# the same project and profile. The profile names the warehouse by its file name (dbt runs
# from the warehouse's folder: core/dbt_entry.py), so one state fits every warehouse of the
# same file name; it is kept per warehouse (with the last build's run_results.json, which
# `make bench` reads) and handed to each run's fresh target folder. dbt checks that the state
# still fits (project files, profile, dbt version) and parses in full when it does not.
TARGET_PREFIX = "satudata_dbt_assets-"
KEPT_ARTIFACTS = ("partial_parse.msgpack", "run_results.json")


def _target_with_parse_state(warehouse: WarehouseResource) -> Path:
    target = DBT_PROJECT_DIR / "target" / f"{TARGET_PREFIX}{uuid.uuid4().hex[:12]}"
    target.mkdir(parents=True)
    kept = warehouse_artifacts(warehouse.settings().warehouse) / "partial_parse.msgpack"
    # A warehouse's first build starts from the state `dbt parse` left for the manifest
    # (core/manifest.py): it fits every warehouse named as the default one is.
    for state in (kept, MANIFEST.with_name("partial_parse.msgpack")):
        if state.exists():
            shutil.copyfile(state, target / "partial_parse.msgpack")
            break
    return target


def _keep_artifacts(warehouse: WarehouseResource, target: Path) -> None:
    kept = warehouse_artifacts(warehouse.settings().warehouse)
    for name in KEPT_ARTIFACTS:
        if (target / name).exists():
            kept.mkdir(parents=True, exist_ok=True)
            partial = kept / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
            shutil.copyfile(target / name, partial)
            partial.replace(kept / name)


PREVIEW_ROWS = 5


def _is_mart(context: dg.AssetExecutionContext, output: dg.Output) -> bool:
    return context.asset_key_for_output(output.output_name).path[0] == "marts"


def _with_previews(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                   outputs: list[dg.Output]):
    with warehouse.connect(read_only=True) as con:
        for output in outputs:
            if "rebuilt" in output.metadata:  # not rebuilt: the table is as it was
                yield output
                continue
            table = context.asset_key_for_output(output.output_name).path[-1]
            cursor = con.execute(f'select * from marts."{table}" limit {PREVIEW_ROWS}')
            preview = markdown([column[0] for column in cursor.description], cursor.fetchall())
            yield output.with_metadata({**output.metadata,
                                        "preview": dg.MetadataValue.md(preview)})


def _remove_abandoned_targets(older_than_hours: float = 24) -> None:
    """A run killed mid-dbt never removes its target folder; sweep day-old ones."""
    cutoff = time.time() - older_than_hours * 3600
    for folder in (DBT_PROJECT_DIR / "target").glob(f"{TARGET_PREFIX}*"):
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
