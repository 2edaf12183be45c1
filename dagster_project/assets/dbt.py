"""The dbt project as Dagster assets: folder = group = schema, sources = ingest assets."""


import shutil
from collections.abc import Mapping
from functools import cached_property
from importlib.metadata import version as installed_version
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets
from packaging.version import Version

from dagster_project.resources import WarehouseResource
from satudata.config import DBT_PROJECT_DIR
from satudata.manifest import dbt_executable, ensure_manifest


class SatudataTranslator(DagsterDbtTranslator):
    """Asset key = [schema, table]; a raw source is the ingest asset that writes it."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props.get("schema")


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


@dbt_assets(manifest=ensure_manifest(), dagster_dbt_translator=SatudataTranslator(),
            pool="duckdb")
def satudata_dbt_assets(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    warehouse.settings().export_env()
    invocation = dbt.cli(["build"], context=context, raise_on_error=True)
    try:
        yield from invocation.stream()
    finally:
        # dagster-dbt leaves one target folder per invocation; the events are already read.
        shutil.rmtree(invocation.target_path, ignore_errors=True)
