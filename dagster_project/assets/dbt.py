"""The dbt project as Dagster assets: folder = group = schema, sources = ingest assets."""

import datetime as dt
import hashlib
import shutil
import time
import uuid
from collections.abc import Mapping
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from packaging.version import Version

from core import build_state
from core.config import DBT_PROJECT_DIR
from core.faults import pause_point
from core.i18n import _
from core.manifest import dbt_executable, ensure_manifest
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

    def get_asset_spec(self, manifest, unique_id, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if spec.key.path[0] == "marts":
            spec = dg.apply_freshness_policy(spec, MARTS_FRESHNESS)
        return spec


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
                                  dbt_executable=dbt_executable())


def _build_state(warehouse: WarehouseResource) -> str | None:
    with warehouse.connect() as con:
        return build_state.current(con, ensure_manifest())


def _record_build(warehouse: WarehouseResource, state: str | None) -> None:
    with warehouse.connect() as con:
        build_state.record(con, state)


@dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=SatudataTranslator(),
            pool="duckdb")
def satudata_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    warehouse.settings().export_env()
    _remove_abandoned_targets()
    pause_point("dbt.before")
    # Nothing (nothing new landed, the project unchanged), the changed slices of the case
    # models, or everything: core/build_state.py decides.
    with warehouse.connect() as con:
        state = build_state.current(con, ensure_manifest())
        last = build_state.last_built(con)
    plan = build_state.plan(state, last, rebuild=context.run.job_name == REBUILD_JOB,
                            partial=context.is_subset and picked_by_hand(context.run.job_name))
    if plan == build_state.SKIP:
        context.log.info(_("Nothing new since the last dbt build: models and marts are "
                           "current, dbt build skipped (run the marts_rebuild job to force "
                           "one)."))
        yield from catch_up(context, warehouse, emitted=set())
        return
    arguments = ["build"]
    if plan == build_state.FULL:
        arguments.append("--full-refresh")
        context.log.info(_("Full rebuild: incremental case models are rebuilt from every "
                           "slice."))
    _record_build(warehouse, None)
    target = _target_with_parse_state(warehouse)
    invocation = dbt.cli(arguments, context=context, raise_on_error=True, target_path=target)
    # Mart materializations wait for the build to end: only then can the file be read for
    # the preview a person sees in the UI (dbt's process holds DuckDB's write lock till then).
    marts: list[dg.Output] = []
    try:
        for number, event in enumerate(invocation.stream()):
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
        # One target folder per invocation, so runs never share one; the events are read.
        _keep_parse_state(warehouse, target)
        shutil.rmtree(target, ignore_errors=True)
    yield from _with_previews(context, warehouse, marts)
    _record_build(warehouse, _build_state(warehouse))
    yield from catch_up(context, warehouse, emitted={
        context.asset_key_for_output(output.output_name) for output in marts})


# dbt re-parses the whole project (~2 s) unless its target folder holds the parse state of
# the same project and profile; the profile names the warehouse file, so the state is kept
# per warehouse and handed to each run's fresh target folder. dbt checks that the state
# still fits (project files, profile, dbt version) and parses in full when it does not.
PARSE_STATES = DBT_PROJECT_DIR / "target" / "parse_state"
TARGET_PREFIX = "satudata_dbt_assets-"


def _parse_state(warehouse: WarehouseResource) -> Path:
    key = hashlib.sha256(str(warehouse.settings().warehouse).encode()).hexdigest()[:16]
    return PARSE_STATES / f"{key}.msgpack"


def _target_with_parse_state(warehouse: WarehouseResource) -> Path:
    target = DBT_PROJECT_DIR / "target" / f"{TARGET_PREFIX}{uuid.uuid4().hex[:12]}"
    target.mkdir(parents=True)
    state = _parse_state(warehouse)
    if state.exists():
        shutil.copyfile(state, target / "partial_parse.msgpack")
    return target


def _keep_parse_state(warehouse: WarehouseResource, target: Path) -> None:
    parsed = target / "partial_parse.msgpack"
    if not parsed.exists():
        return
    state = _parse_state(warehouse)
    state.parent.mkdir(parents=True, exist_ok=True)
    partial = state.with_suffix(f".{uuid.uuid4().hex[:8]}.tmp")
    shutil.copyfile(parsed, partial)
    partial.replace(state)


PREVIEW_ROWS = 5


def _is_mart(context: dg.AssetExecutionContext, output: dg.Output) -> bool:
    return context.asset_key_for_output(output.output_name).path[0] == "marts"


def _with_previews(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                   outputs: list[dg.Output]):
    with warehouse.connect(read_only=True) as con:
        for output in outputs:
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
