"""Jobs: everything, one per landing source (what the sensor starts), and the rebuild.

Every job runs its steps in one process, as `satudata run` does: a run started by the sensor
or a schedule costs what the same work costs from the command line (a process per step
costs 4–5 s each to start and load the code), and the run's process is the one that holds
the `duckdb` slot, so a dead run is recognised by its PID (dagster_project/runs.py)."""

from __future__ import annotations

import dagster as dg

from core.i18n import _
from schemas.spec import sources

ALL_JOB = "satudata_full"
CASES_JOB = "cases_refresh"
REBUILD_JOB = "marts_rebuild"


def ingest_job_name(source_name: str) -> str:
    return f"ingest_{source_name}"


def _build_jobs() -> list[dg.UnresolvedAssetJobDefinition]:
    jobs = [
        dg.define_asset_job(ALL_JOB, selection=dg.AssetSelection.all(),
                            executor_def=dg.in_process_executor,
                            description=_("Ingest every landing source, build all models "
                                          "and marts, publish.")),
        dg.define_asset_job(
            CASES_JOB,
            selection=dg.AssetSelection.assets(["raw", "uptd"], ["raw", "simfoni"])
            .required_multi_asset_neighbors().downstream(),
            executor_def=dg.in_process_executor,
            description=_("Case sources (UPTD register, SIMFONI-PPA) and everything built on "
                          "them."),
        ),
        dg.define_asset_job(
            REBUILD_JOB,
            selection=dg.AssetSelection.all() - dg.AssetSelection.groups("raw"),
            executor_def=dg.in_process_executor,
            description=_("Rebuild models, marts and exports from what is already loaded."),
        ),
    ]
    jobs += [
        dg.define_asset_job(
            ingest_job_name(name),
            # The ingest multi-asset writes raw/<name> and its quarantine together.
            selection=dg.AssetSelection.assets(["raw", name]).required_multi_asset_neighbors()
            .downstream(),
            executor_def=dg.in_process_executor,
            description=_("Ingest `{source}` and rebuild what depends on it.", source=name),
        )
        for name in sources()
    ]
    return jobs


jobs = _build_jobs()
ingest_jobs = [job for job in jobs if job.name.startswith("ingest_")]


def picked_by_hand(job_name: str) -> bool:
    """A run of assets a person picked in the UI (Dagster names its job `__ASSET_JOB…`), as
    opposed to one of the jobs above, which rebuild only what their new data changed."""
    return job_name.startswith("__ASSET_JOB")
