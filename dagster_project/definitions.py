"""The one code location: assembles assets, checks, jobs, schedules, sensors and resources."""

from __future__ import annotations

import dagster as dg

from dagster_project.accept import accept_held_file_job
from dagster_project.assets.dbt import dbt_resource, satudata_dbt_assets
from dagster_project.assets.ingest import ingest_assets, ingest_ledger
from dagster_project.assets.landing import landing_specs
from dagster_project.assets.publish import publish_assets
from dagster_project.assets.report import annual_report_annex
from dagster_project.checks import asset_checks
from dagster_project.jobs import jobs
from dagster_project.resources import WarehouseResource
from dagster_project.schedules import schedules
from dagster_project.sensors import sensors

defs = dg.Definitions(
    assets=[*landing_specs, *ingest_assets, ingest_ledger, satudata_dbt_assets, *publish_assets,
            annual_report_annex],
    asset_checks=asset_checks,
    jobs=[*jobs, accept_held_file_job],
    schedules=schedules,
    sensors=sensors,
    resources={"warehouse": WarehouseResource(), "dbt": dbt_resource()},
)
