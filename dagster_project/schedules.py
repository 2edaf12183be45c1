"""Schedules: the monthly case refresh and the nightly rebuild of marts and exports.

Both are on when the Dagster daemon runs (`make ui` starts it): a site that only drops files
gets its marts rebuilt and published every night, which is what the marts' freshness policy
(warn after 26 h, fail after 50 h; dagster_project/assets/dbt.py) expects. Switch either off
under Automation in the UI; the landing sensor stays off until switched on (README).
"""

from __future__ import annotations

import dagster as dg

from core.i18n import _
from dagster_project.jobs import CASES_JOB, REBUILD_JOB

TIMEZONE = "Asia/Makassar"  # WITA, Kupang's time zone

monthly_case_refresh = dg.ScheduleDefinition(
    name="monthly_case_refresh",
    job_name=CASES_JOB,
    cron_schedule="0 6 5 * *",
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=_("On the 5th of each month, 06:00 WITA: SIMFONI-PPA and UPTD extracts of "
                  "the month before are in; ingest them and rebuild the case marts."),
)

nightly_rebuild = dg.ScheduleDefinition(
    name="nightly_marts_rebuild",
    job_name=REBUILD_JOB,
    cron_schedule="0 2 * * *",
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=_("Every night, 02:00 WITA: rebuild models and marts, publish the exports and "
                  "the analytics file. On by default: the marts' freshness expects it."),
)

schedules = [monthly_case_refresh, nightly_rebuild]
