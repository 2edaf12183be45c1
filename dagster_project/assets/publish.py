"""Publication assets: one Satu Data export per public dataset (datasets.yml), each with a
check that its data package is valid, and the analysts' read-only `analytics.duckdb`."""


import dagster as dg

from dagster_project.assets.dbt import satudata_dbt_assets
from dagster_project.resources import WarehouseResource
from ingest.privacy import describe_key
from publish.analytics import publish_analytics
from publish.exports import export_release
from publish.package import problems
from publish.spec import release

EXPORTS_GROUP = "exports"
PACKAGE_CHECK = "data_package_valid"


def export_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["exports", name])


def _export_specs() -> list[dg.AssetSpec]:
    spec = release()
    # Suppression is decided over the whole release (datasets share totals), so every
    # export reads every public mart.
    marts = [dg.AssetKey(["marts", dataset.mart]) for dataset in spec.datasets.values()]
    return [
        dg.AssetSpec(export_key(name), group_name=EXPORTS_GROUP, deps=marts,
                     kinds={"csv", "json"},
                     description=f"{dataset.metadata['judul']}. Satu Data package "
                                 f"(CSV, datapackage.json, ckan.json) from marts.{dataset.mart}, "
                                 "small counts withheld.")
        for name, dataset in spec.datasets.items()
    ]


@dg.multi_asset(
    name="satu_data_exports",
    specs=_export_specs(),
    check_specs=[dg.AssetCheckSpec(PACKAGE_CHECK, asset=export_key(name), blocking=True,
                                   description="frictionless validate passes, ckan.json carries "
                                               "every metadata field, no count of 1 or 2.")
                 for name in release().datasets],
    can_subset=True,
    pool="duckdb",
)
def satu_data_exports(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings()
    spec = release()
    names = [key.path[1] for key in context.selected_asset_keys]
    with warehouse.connect(read_only=True) as con:
        results = export_release(con, settings.exports, names, spec)
    for result in results:
        found = problems(result.folder, spec.datasets[result.dataset], spec)
        yield dg.MaterializeResult(
            asset_key=export_key(result.dataset),
            metadata={"rows": result.rows, "cells_withheld": result.withheld,
                      "folder": dg.MetadataValue.path(str(result.folder)),
                      "hmac_key": describe_key()},
        )
        yield dg.AssetCheckResult(
            asset_key=export_key(result.dataset), check_name=PACKAGE_CHECK,
            passed=not found, severity=dg.AssetCheckSeverity.ERROR,
            metadata={"problems": dg.MetadataValue.md(
                "\n".join(f"- {problem}" for problem in found) or "none")},
        )


ANALYTICS = dg.AssetKey(["analytics", "analytics_duckdb"])
_MARTS = [key for key in satudata_dbt_assets.keys if key.path[0] == "marts"]


@dg.asset(
    key=ANALYTICS,
    group_name="analytics",
    # After the exports too: the portal and the analysts see the same build.
    deps=[*_MARTS, *(export_key(name) for name in release().datasets)],
    kinds={"duckdb"},
    pool="duckdb",
    description="warehouse/analytics.duckdb: the marts schema, copied to a new file and "
                "renamed over the old one. Analysts connect read-only; an open session never "
                "blocks a run and never sees half-built tables.",
)
def analytics_duckdb(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings()
    tables = publish_analytics(settings.warehouse, settings.analytics, run_id=context.run.run_id)
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(settings.analytics)),
        "tables": len(tables),
        "rows": dg.MetadataValue.md("\n".join(f"- {name}: {n}" for name, n in tables.items())),
    })


publish_assets = [satu_data_exports, analytics_duckdb]
