"""What runs by itself: the landing-folder sensor, the schedules, the marts' freshness, the
sweeper of dead runs."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.definitions import defs
from dagster_project.jobs import ALL_JOB, CASES_JOB, REBUILD_JOB
from dagster_project.schedules import TIMEZONE
from dagster_project.sensors import SETTLE_ENV, landing_folder_sensor
from ingest.ledger import ledger_state, name_key
from ingest.loader import sha256_of
from tests.conftest import SAMPLE_LANDING
from tests.helpers import opened_under, rewrite_in_place, settled_copy

SIMFONI_2022 = SAMPLE_LANDING / "simfoni" / "simfoni_ppa_ntt_2022.csv"
SIMFONI_2023 = SAMPLE_LANDING / "simfoni" / "simfoni_ppa_ntt_2023.csv"


def job_assets(name: str) -> set[str]:
    job = defs.resolve_job_def(name)
    return {key.to_user_string() for key in job.asset_layer.executable_asset_keys}


@pytest.fixture
def landing(tmp_path, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANDING", str(tmp_path / "landing"))
    monkeypatch.setenv("SATUDATA_WAREHOUSE", str(tmp_path / "warehouse" / "satudata.duckdb"))
    monkeypatch.setenv("SATUDATA_ANALYTICS", str(tmp_path / "warehouse" / "analytics.duckdb"))
    monkeypatch.setenv(SETTLE_ENV, "0")
    for name in ("uptd", "simfoni"):
        (tmp_path / "landing" / name).mkdir(parents=True)
    return tmp_path / "landing"


def publish_ledger(analytics: Path, rows: list[tuple]) -> None:
    """The ledger as the analytics file publishes it: (id, source, sha256, status,
    superseded_by) per file."""
    analytics.parent.mkdir(parents=True, exist_ok=True)
    analytics.unlink(missing_ok=True)
    con = duckdb.connect(str(analytics))
    con.execute("create schema ledger")
    con.execute("create table ledger.ingest_ledger (ingest_id bigint, source varchar, "
                "sha256 varchar, status varchar, superseded_by bigint)")
    con.executemany("insert into ledger.ingest_ledger values (?, ?, ?, ?, ?)", rows)
    con.close()


def tick(cursor: str | None):
    """One sensor evaluation, as the Dagster daemon would run it."""
    context = dg.build_sensor_context(cursor=cursor, definitions=defs)
    result = landing_folder_sensor.evaluate_tick(context)
    return result.run_requests, result.cursor, result.asset_events


def test_sensor_starts_one_run_for_new_content_and_none_for_the_same_content(landing):
    requests, cursor, _events = tick(None)
    assert requests == []
    shutil.copy(SIMFONI_2022, landing / "simfoni")
    requests, cursor, events = tick(cursor)
    assert [r.job_name for r in requests] == ["ingest_simfoni"]
    # The file by its content, never its name (an officer's free text): not in the run's
    # tags, the observation or the cursor, all of which Dagster stores.
    assert requests[0].tags["satudata/files"] == f"simfoni/{sha256_of(SIMFONI_2022)[:12]}"
    assert "simfoni_ppa_ntt_2022" not in cursor
    first_key = requests[0].run_key
    # The landing folder is observed: its file, size and content hash.
    [observation] = [e for e in events if e.asset_key == dg.AssetKey(["landing", "simfoni"])]
    assert observation.metadata["files"].value == 1
    assert sha256_of(SIMFONI_2022)[:16] in observation.metadata["contents"].value
    assert "simfoni_ppa_ntt_2022" not in observation.metadata["contents"].value
    # Until the ledger says it is loaded, every tick asks for the same run (Dagster starts a
    # run key once); a re-saved copy under another name is the same content, the same key.
    shutil.copy(SIMFONI_2022, landing / "simfoni" / "simfoni_2022_salinan.csv")
    requests, cursor, _events = tick(cursor)
    assert [r.run_key for r in requests] == [first_key]


def test_sensor_starts_nothing_for_content_the_ledger_has(landing):
    for name in ("simfoni_ppa_ntt_2022.csv", "simfoni_2022_disimpan_ulang.csv"):
        shutil.copy(SIMFONI_2022, landing / "simfoni" / name)
    shutil.copy(SIMFONI_2023, landing / "simfoni")
    (landing / "uptd" / "~$Register.xlsx").write_bytes(b"lock")
    (landing / "uptd" / "notes.docx").write_bytes(b"not a table")
    analytics = Path(landing.parent / "warehouse" / "analytics.duckdb")
    publish_ledger(analytics, [(1, "simfoni", sha256_of(SIMFONI_2022), "loaded", None),
                               (2, "simfoni", sha256_of(SIMFONI_2023), "held", None)])
    requests, _cursor, _events = tick(None)
    assert requests == []


def test_a_restored_extract_is_judged_by_the_ledger_rule_not_its_name(landing):
    shutil.copy(SIMFONI_2022, landing / "simfoni")
    analytics = Path(landing.parent / "warehouse" / "analytics.duckdb")
    old = sha256_of(SIMFONI_2022)
    # Loaded once, then replaced by a newer extract (ledger id 7): restoring it is news.
    publish_ledger(analytics, [(3, "simfoni", old, "loaded", 7),
                               (7, "simfoni", "newer", "loaded", None)])
    requests, _cursor, _events = tick(None)
    assert [r.job_name for r in requests] == ["ingest_simfoni"]
    restored_key = requests[0].run_key
    # Once the ingest has applied it again (a new ledger row), it is current.
    publish_ledger(analytics, [(3, "simfoni", old, "loaded", 7),
                               (7, "simfoni", "newer", "loaded", 9),
                               (9, "simfoni", old, "loaded", None)])
    assert tick(None)[0] == []
    # Replaced again later and restored again: a new run key, so Dagster starts it.
    publish_ledger(analytics, [(3, "simfoni", old, "loaded", 7),
                               (9, "simfoni", old, "loaded", 12),
                               (12, "simfoni", "newest", "loaded", None)])
    requests, _cursor, _events = tick(None)
    assert len(requests) == 1 and requests[0].run_key != restored_key


def test_the_ledger_rule_for_one_content():
    assert ledger_state([]) == "new"
    assert ledger_state([("loaded", None)]) == "current"
    assert ledger_state([("held", None)]) == "current"
    assert ledger_state([("rejected", None)]) == "current"
    assert ledger_state([("loaded", 4), ("skipped-duplicate", None)]) == "restored-4"
    assert ledger_state([("loaded", 4), ("loaded", None)]) == "current"


def test_sensor_notices_a_changed_file(landing):
    target = landing / "simfoni" / "simfoni_ppa_ntt_2022.csv"
    shutil.copy(SIMFONI_2022, target)
    first, cursor, _events = tick(None)
    with open(target, "a", encoding="utf-8") as handle:
        handle.write("9999;SIMFONI-X;01/12/2022;;;;;;Kota Kupang;P;20;;;Fisik;Rumah Tangga;;;\n")
    requests, _cursor, events = tick(cursor)
    assert [r.job_name for r in requests] == ["ingest_simfoni"]
    # A changed file is a new run key: Dagster does not drop it as already requested.
    assert requests[0].run_key != first[0].run_key
    assert [e.asset_key.path for e in events] == [["landing", "simfoni"]]


def test_sensor_reads_no_unchanged_file_and_notices_a_same_size_rewrite(landing):
    target = settled_copy(SIMFONI_2022, landing / "simfoni" / "simfoni_ppa_ntt_2022.csv")
    first, cursor, _events = tick(None)
    with opened_under(landing) as opened:
        again, cursor, _events = tick(cursor)
    assert opened == []
    assert [r.run_key for r in again] == [first[0].run_key]
    # One victim's sex changed in place, the old modification time put back (`touch -d`).
    rewrite_in_place(target, b"Sumba Timur;P;40;", b"Sumba Timur;L;40;")
    with opened_under(landing) as opened:
        requests, cursor, _events = tick(cursor)
    assert opened == [target]
    assert len(requests) == 1 and requests[0].run_key != first[0].run_key
    assert requests[0].tags["satudata/files"] == f"simfoni/{sha256_of(target)[:12]}"


def test_a_cursor_of_an_older_version_is_not_trusted(landing):
    """It kept [size, mtime_ns, sha256] per file: those files are read again."""
    target = settled_copy(SIMFONI_2022, landing / "simfoni" / "simfoni_ppa_ntt_2022.csv")
    old = json.dumps({"files": {"simfoni": {name_key(target.name): [
        target.stat().st_size, target.stat().st_mtime_ns, "0" * 64]}}, "observed": {}})
    with opened_under(landing) as opened:
        [request], cursor, _events = tick(old)
    assert opened == [target]
    assert request.tags["satudata/files"] == f"simfoni/{sha256_of(SIMFONI_2022)[:12]}"
    assert json.loads(cursor)["files"]["simfoni"][name_key(target.name)][:3] == [
        target.stat().st_size, target.stat().st_mtime_ns, sha256_of(SIMFONI_2022)]


def test_files_of_several_sources_start_one_run_of_the_whole_pipeline(landing):
    shutil.copy(SIMFONI_2022, landing / "simfoni")
    shutil.copy(next((SAMPLE_LANDING / "uptd").glob("*.xlsx")), landing / "uptd")
    requests, _cursor, _events = tick(None)
    assert [r.job_name for r in requests] == [ALL_JOB]
    assert requests[0].tags["satudata/source"] == "simfoni,uptd"


def test_a_file_still_being_copied_waits_for_the_next_tick(landing, monkeypatch):
    monkeypatch.setenv(SETTLE_ENV, "3600")
    shutil.copy(SIMFONI_2022, landing / "simfoni")  # modified just now
    assert tick(None)[0] == []


def test_each_sensor_job_ingests_its_source_and_rebuilds_what_depends_on_it():
    for name in ("uptd", "simfoni"):
        assets = job_assets(f"ingest_{name}")
        assert {f"raw/{name}", f"raw/{name}_quarantine", "raw/ingest_ledger"} <= assets
        assert "marts/fct_cases" in assets and "marts/mart_cases_monthly_by_kategori" in assets
        assert "analytics/analytics_duckdb" in assets
    assert "raw/uptd" not in job_assets("ingest_simfoni")


def test_what_is_on_by_default():
    """A fresh install: both schedules on (the marts' freshness expects the nightly rebuild),
    the landing sensor off until an operator switches it on, the dead-run sweeper on."""
    defaults = {schedule.name: schedule.default_status for schedule in defs.schedules}
    assert defaults == {"monthly_case_refresh": dg.DefaultScheduleStatus.RUNNING,
                        "nightly_marts_rebuild": dg.DefaultScheduleStatus.RUNNING}
    sensors = {sensor.name: sensor.default_status for sensor in defs.sensors}
    assert sensors == {"landing_folder_sensor": dg.DefaultSensorStatus.STOPPED,
                       "dead_run_sweeper": dg.DefaultSensorStatus.RUNNING}


def test_schedules_run_the_case_refresh_monthly_and_the_rebuild_nightly():
    monthly = defs.resolve_schedule_def("monthly_case_refresh")
    nightly = defs.resolve_schedule_def("nightly_marts_rebuild")
    assert (monthly.job_name, monthly.cron_schedule) == (CASES_JOB, "0 6 5 * *")
    assert (nightly.job_name, nightly.cron_schedule) == (REBUILD_JOB, "0 2 * * *")
    assert monthly.execution_timezone == nightly.execution_timezone == TIMEZONE
    assert {"raw/uptd", "raw/simfoni", "marts/fct_cases"} <= job_assets(CASES_JOB)
    rebuild = job_assets(REBUILD_JOB)
    assert {"marts/mart_cases_monthly_by_kategori", "analytics/analytics_duckdb"} <= rebuild
    assert not any(key.startswith(("raw/", "landing/")) for key in rebuild), \
        "the rebuild never ingests"
    when = dt.datetime(2024, 3, 5, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    context = dg.build_schedule_context(scheduled_execution_time=when)
    assert len(nightly.evaluate_tick(context).run_requests) == 1


def test_every_mart_expects_the_nightly_refresh_that_is_on():
    graph = defs.resolve_asset_graph()
    marts = [key for key in graph.get_all_asset_keys() if key.path[0] == "marts"]
    assert marts
    nightly = defs.resolve_schedule_def("nightly_marts_rebuild")
    assert nightly.default_status == dg.DefaultScheduleStatus.RUNNING
    for key in marts:
        assert key.to_user_string() in job_assets(nightly.job_name)
        policy = graph.get(key).freshness_policy
        assert policy is not None, key
        assert policy.warn_window.to_timedelta() == dt.timedelta(hours=26)
        assert policy.fail_window.to_timedelta() == dt.timedelta(hours=50)


def test_sensor_cursor_is_json_a_person_can_read_without_file_names(landing):
    shutil.copy(SIMFONI_2022, landing / "simfoni")
    _requests, cursor, _events = tick(None)
    files = json.loads(cursor)["files"]["simfoni"]
    assert files[name_key("simfoni_ppa_ntt_2022.csv")][2] == sha256_of(SIMFONI_2022)
    assert "simfoni_ppa_ntt_2022" not in cursor


def test_definitions_load_the_way_the_ui_loads_them():
    # Catches what only a code location load notices (an op and a job of the same name).
    dg.Definitions.validate_loadable(defs)


def test_a_file_names_digest_is_the_same_in_python_and_in_the_published_ledger():
    """The sensor (Python) and the analysts' copy (SQL) must tell a name apart the same way,
    or a file unchanged at its name would look restored."""
    import duckdb

    from ingest.ledger import name_key_sql

    for name in ("Register_UPTD_PPA_2023.xlsx", "Realisasi Maret 2023 (revisi) – Bappéda.xlsx"):
        digest = duckdb.execute(f"select {name_key_sql('$1')}", [name]).fetchall()
        assert digest == [(name_key(name),)]
