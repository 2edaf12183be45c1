"""What runs by itself: the landing-folder sensor, the schedules, the marts' freshness."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import dagster as dg
import pytest

from dagster_project.definitions import defs
from dagster_project.jobs import CASES_JOB, REBUILD_JOB
from dagster_project.schedules import TIMEZONE
from dagster_project.sensors import landing_folder_sensor
from tests.conftest import SAMPLE_LANDING


def job_assets(name: str) -> set[str]:
    job = defs.resolve_job_def(name)
    return {key.to_user_string() for key in job.asset_layer.executable_asset_keys}


@pytest.fixture
def landing(tmp_path, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANDING", str(tmp_path))
    for name in ("uptd", "simfoni"):
        (tmp_path / name).mkdir()
    return tmp_path


def tick(cursor: str | None):
    """One sensor evaluation, as the Dagster daemon would run it."""
    context = dg.build_sensor_context(cursor=cursor, definitions=defs)
    result = landing_folder_sensor.evaluate_tick(context)
    return result.run_requests, result.cursor


def test_sensor_starts_the_ingest_of_a_new_file_once(landing):
    requests, cursor = tick(None)
    assert requests == []
    shutil.copy(SAMPLE_LANDING / "simfoni" / "simfoni_ppa_ntt_2022.csv", landing / "simfoni")
    requests, cursor = tick(cursor)
    assert [r.job_name for r in requests] == ["ingest_simfoni"]
    assert requests[0].tags["satudata/files"] == "simfoni_ppa_ntt_2022.csv"
    # Nothing new since: nothing to start.
    requests, cursor = tick(cursor)
    assert requests == []


def test_sensor_notices_a_changed_file_and_ignores_office_lock_files(landing):
    target = landing / "simfoni" / "simfoni_ppa_ntt_2022.csv"
    shutil.copy(SAMPLE_LANDING / "simfoni" / "simfoni_ppa_ntt_2022.csv", target)
    (landing / "uptd" / "~$Register.xlsx").write_bytes(b"lock")
    (landing / "uptd" / "notes.docx").write_bytes(b"not a table")
    first, cursor = tick(None)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write("9999;SIMFONI-X;01/12/2022;;;;;;Kota Kupang;P;20;;;Fisik;Rumah Tangga;;;\n")
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    requests, _ = tick(cursor)
    assert [r.job_name for r in requests] == ["ingest_simfoni"]
    # A changed file is a new run key: Dagster does not drop it as already requested.
    assert requests[0].run_key != first[0].run_key


def test_each_sensor_job_ingests_its_source_and_rebuilds_what_depends_on_it():
    for name in ("uptd", "simfoni"):
        assets = job_assets(f"ingest_{name}")
        assert {f"raw/{name}", f"raw/{name}_quarantine", "raw/ingest_ledger"} <= assets
        assert "marts/fct_cases" in assets and "marts/mart_cases_monthly_by_kategori" in assets
    assert "raw/uptd" not in job_assets("ingest_simfoni")


def test_schedules_run_the_case_refresh_monthly_and_the_rebuild_nightly():
    monthly = defs.resolve_schedule_def("monthly_case_refresh")
    nightly = defs.resolve_schedule_def("nightly_marts_rebuild")
    assert (monthly.job_name, monthly.cron_schedule) == (CASES_JOB, "0 6 5 * *")
    assert (nightly.job_name, nightly.cron_schedule) == (REBUILD_JOB, "0 2 * * *")
    assert monthly.execution_timezone == nightly.execution_timezone == TIMEZONE
    assert {"raw/uptd", "raw/simfoni", "marts/fct_cases"} <= job_assets(CASES_JOB)
    rebuild = job_assets(REBUILD_JOB)
    assert "marts/mart_cases_monthly_by_kategori" in rebuild
    assert not any(key.startswith("raw/") for key in rebuild), "the rebuild never ingests"
    when = dt.datetime(2024, 3, 5, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    context = dg.build_schedule_context(scheduled_execution_time=when)
    requests = monthly.evaluate_tick(context).run_requests
    assert len(requests) == 1


def test_every_mart_expects_a_nightly_refresh():
    graph = defs.resolve_asset_graph()
    marts = [key for key in graph.get_all_asset_keys() if key.path[0] == "marts"]
    assert marts
    for key in marts:
        policy = graph.get(key).freshness_policy
        assert policy is not None, key
        assert policy.warn_window.to_timedelta() == dt.timedelta(hours=26)
        assert policy.fail_window.to_timedelta() == dt.timedelta(hours=50)


def test_definitions_load_the_way_the_ui_loads_them():
    # Catches what only a code location load notices (an op and a job of the same name).
    dg.Definitions.validate_loadable(defs)
