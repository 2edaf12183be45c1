"""The dbt project as Dagster assets: folder = group = schema, sources = ingest assets."""

import datetime as dt
import shutil
import time
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from dagster_project.resources import WarehouseResource
from satudata.config import DBT_PROJECT_DIR
from satudata.faults import pause_point
from satudata.manifest import dbt_executable, ensure_manifest

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


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=str(DBT_PROJECT_DIR), profiles_dir=str(DBT_PROJECT_DIR),
                          dbt_executable=dbt_executable())


@dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=SatudataTranslator(),
            pool="duckdb")
def satudata_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    warehouse.settings().export_env()
    _remove_abandoned_targets()
    pause_point("dbt.before")
    invocation = dbt.cli(["build"], context=context, raise_on_error=True)
    try:
        for number, event in enumerate(invocation.stream()):
            if number == 0:
                pause_point("dbt.running")
            yield event
    finally:
        # dagster-dbt leaves one target folder per invocation; the events are already read.
        shutil.rmtree(invocation.target_path, ignore_errors=True)


def _remove_abandoned_targets(older_than_hours: float = 24) -> None:
    """A run killed mid-dbt never removes its target folder; sweep day-old ones."""
    cutoff = time.time() - older_than_hours * 3600
    for folder in (DBT_PROJECT_DIR / "target").glob("satudata_dbt_assets-*"):
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
