"""Publication assets: the Satu Data release and one export per public dataset (datasets.yml),
each with a check that its data package is valid, and the analysts' read-only
`analytics.duckdb`.

Lineage as the data flows:
- `exports/satu_data_release` depends on every public mart: which cells are withheld is
  decided over the whole release (datasets share totals, so a cell withheld in one dataset
  must not be recoverable from another). It is recorded in `<exports>/release.json`, written
  once every package of the release is in place, with the build of the marts it holds.
- `exports/<dataset>` depends on the mart it publishes and on the release (its withheld
  cells), nothing else.
- `analytics/analytics_duckdb` depends on the marts and the ledger it copies, not on the
  exports: a public package that fails its check never holds back the analysts.
"""

import dagster as dg

from core import owner
from core.i18n import _
from dagster_project.assets.dbt import satudata_dbt_assets
from dagster_project.resources import WarehouseResource, log_lock_wait
from ingest.privacy import describe_key
from publish.analytics import publish_analytics
from publish.coverage import COVERAGE_TABLE
from publish.exports import export_release
from publish.publication_state import built_state, read_release, record_release
from publish.spec import release
from schemas.spec import sources

EXPORTS_GROUP = "exports"
PACKAGE_CHECK = "data_package_valid"
RELEASE = dg.AssetKey(["exports", "satu_data_release"])


def export_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["exports", name])


def mart_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["marts", name])


def _export_specs() -> list[dg.AssetSpec]:
    spec = release()
    public = sorted({dataset.mart for dataset in spec.datasets.values()})
    # The period each package states comes from the coverage table.
    marts = [*(mart_key(mart) for mart in public), dg.AssetKey(COVERAGE_TABLE.split("."))]
    specs = [dg.AssetSpec(
        RELEASE, group_name=EXPORTS_GROUP, deps=marts, kinds={"json"}, skippable=True,
        description=_("The Satu Data release as a whole: which cells of the public marts are "
                      "withheld is decided over every dataset together (datasets share "
                      "totals). release.json records what was published, and from which "
                      "build of the marts, once every package is in place."))]
    specs += [
        dg.AssetSpec(export_key(name), group_name=EXPORTS_GROUP,
                     deps=[mart_key(dataset.mart), RELEASE], kinds={"csv", "json"},
                     skippable=True,
                     description=_("{title}. Satu Data package (CSV, datapackage.json, "
                                   "ckan.json) from marts.{mart}, small counts withheld as "
                                   "the release decides.",
                                   title=dataset.metadata["judul"], mart=dataset.mart))
        for name, dataset in spec.datasets.items()
    ]
    return specs


@dg.multi_asset(
    name="satu_data_exports",
    specs=_export_specs(),
    check_specs=[dg.AssetCheckSpec(PACKAGE_CHECK, asset=export_key(name), blocking=True,
                                   description=_("frictionless validate passes, ckan.json "
                                                 "carries every metadata field, no count of "
                                                 "1 or 2."))
                 for name in release().datasets],
    can_subset=True,
    pool="duckdb",
)
def satu_data_exports(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings()
    spec = release()
    names = [key.path[1] for key in context.selected_asset_keys if key != RELEASE]
    # Another warehouse's exports fail the step, even when they hold the same build.
    owner.check(settings.exports, settings.warehouse, owner.EXPORTS)
    with warehouse.connect(read_only=True) as con:
        state = built_state(con)
        published = read_release(settings.exports) or {}
        if state is not None and published.get("build_state") == state and \
                all((settings.exports / name).is_dir() for name in names):
            context.log.info(_("The exports already hold this build of the marts "
                               "(published {at}): nothing to publish.",
                               at=published.get("published_at")))
            return
        results = export_release(con, settings.exports, names, spec,
                                 warehouse=settings.warehouse)
    if RELEASE in context.selected_asset_keys:
        record = record_release(settings.exports, state, context.run.run_id, {
            result.dataset: {"rows": result.rows, "cells_withheld": result.withheld}
            for result in results})
        yield dg.MaterializeResult(asset_key=RELEASE, metadata={
            "datasets": len(results),
            "cells_withheld": sum(result.withheld for result in results),
            "release": dg.MetadataValue.path(str(record))})
    for result in results:
        # Validated as written, before the swap (publish/exports.py): not read a second time.
        found = result.problems
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
                "\n".join(f"- {problem}" for problem in found) or _("none"))},
        )


ANALYTICS = dg.AssetKey(["analytics", "analytics_duckdb"])
_MARTS = [key for key in satudata_dbt_assets.keys if key.path[0] == "marts"]
_LEDGER = [dg.AssetKey(["raw", "ingest_ledger"]), dg.AssetKey(["raw", "ingest_findings"]),
           *(dg.AssetKey(["raw", f"{name}_quarantine"]) for name in sources())]


@dg.asset(
    key=ANALYTICS,
    group_name="analytics",
    # The marts and the ledger it copies; not the exports: a public package that fails its
    # check never holds back the analysts.
    deps=[*_MARTS, *_LEDGER],
    kinds={"duckdb"},
    pool="duckdb",
    description=_("warehouse/analytics.duckdb: the marts (with their descriptions as "
                  "comments) and the ledger (files by label, quarantines, findings), written "
                  "as a new read-only version that the analytics.duckdb link then points at. "
                  "Analysts and officers read it; an open session never blocks a run and "
                  "never sees half-built tables."),
)
def analytics_duckdb(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings()
    tables = publish_analytics(
        settings.warehouse, settings.analytics, run_id=context.run.run_id,
        on_wait=lambda pid, waited, allowed: log_lock_wait(settings.warehouse, pid, waited,
                                                           allowed))
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(settings.analytics)),
        "tables": len(tables),
        "rows": dg.MetadataValue.md("\n".join(f"- {name}: {n}" for name, n in tables.items())),
    })


publish_assets = [satu_data_exports, analytics_duckdb]
