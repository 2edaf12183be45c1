"""What the dbt step hands on when the marts it did not rebuild were never published.

The exports and the analytics file run only after the dbt step emits the marts they read.
When dbt has nothing to rebuild (or rebuilds only some marts), a publication that failed
before (full disk, read-only folder, killed mid-swap) would never be retried and the run
would report success with the published copies older than the marts. So the dbt step ends
with `catch_up`: if a published copy lags the marts' build (publish.publication_state), it
emits the selected marts it has not emitted, marked as not rebuilt, and publication runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from graphlib import TopologicalSorter

import dagster as dg

from core.i18n import _
from dagster_project.resources import WarehouseResource
from publish.publication_state import lagging


def catch_up(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
             emitted: set[dg.AssetKey]) -> Iterator[dg.Output]:
    """Outputs for the selected, not yet emitted marts when a publication lags."""
    settings = warehouse.settings()
    with warehouse.connect(read_only=True) as con:
        lags = lagging(con, settings.analytics, settings.exports)
    if not lags:
        return
    what = ", ".join(lag.what for lag in lags)
    # A multi-asset yields its assets upstream first (Dagster checks it).
    inside = context.assets_def.keys
    graph = {key: {dep for dep in deps if dep in inside}
             for key, deps in context.assets_def.asset_deps.items()}
    missing = [key for key in TopologicalSorter(graph).static_order()
               if key.path[0] == "marts" and key not in emitted
               and key in context.selected_asset_keys]
    if not missing:  # every mart goes on to publication in this run anyway
        return
    context.log.warning(_("The marts are built but not all published ({what} older than the "
                          "marts): publishing them now.", what=what))
    for key in missing:
        yield dg.Output(None, output_name=context.assets_def.get_output_name_for_asset_key(key),
                        metadata={"rebuilt": False,
                                  "why": _("dbt had nothing to rebuild; emitted so that the "
                                           "lagging {what} publish it.", what=what)})
