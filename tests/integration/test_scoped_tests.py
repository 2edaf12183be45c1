"""A new year's extract: the case models' full-table tests read only the rebuilt slices
(dbt/macros/rebuilt_slices.sql), and still fail on every fault a whole-table test finds in
the rows those slices wrote — a case key repeated within them or against any other slice, a
bridge row without its case. Real pipeline runs and real dbt on real warehouses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import duckdb

from core import build_state
from core.config import DBT_PROJECT_DIR
from core.manifest import dbt_executable, warehouse_artifacts
from ingest.loader import ingest_file
from tests.conftest import copy_landing, make_settings, run_on
from tests.helpers import simfoni_row, write_csv

SCOPED_TESTS = ("primary_key_stg_simfoni__victims_case_id", "primary_key_fct_cases_case_key",
                "unique_combination_of_columns_bdg_case_bentuk_kekerasan_case_key__bentuk_kekerasan",
                "unique_combination_of_columns_bdg_case_layanan_case_key__layanan",
                "relationships_bdg_case_bentuk_kekerasan_case_key__case_key__ref_fct_cases_",
                "relationships_bdg_case_layanan_case_key__case_key__ref_fct_cases_")


def _year_file(landing, year: int, registrations: list[str]):
    rows = [simfoni_row(number, **{"No. Registrasi": registration,
                                   "Tanggal Lapor": f"15/03/{year}",
                                   "Tanggal Kejadian": f"10/03/{year}"})
            for number, registration in enumerate(registrations, start=1)]
    return write_csv(landing / "simfoni" / f"simfoni_ppa_ntt_{year}.csv", rows)


def _tests(settings) -> dict[str, dict]:
    """The last build's data tests, by name (run_results.json kept for the warehouse)."""
    results = json.loads((warehouse_artifacts(settings.warehouse) / "run_results.json")
                         .read_text())["results"]
    return {r["unique_id"].split(".")[2]: r for r in results
            if r["unique_id"].startswith("test.")}


def _newest_file(run) -> int:
    with duckdb.connect(str(run.settings.warehouse), read_only=True) as con:
        return build_state.last_built(con).newest_file


def test_a_new_years_slices_are_tested_alone_and_a_repeated_key_still_fails(tmp_path):
    landing = copy_landing(tmp_path / "landing", ("simfoni",))
    settings = make_settings(tmp_path, landing)
    first = run_on(settings)
    assert first.outcome.success, first.outcome.failed_steps
    full = _tests(settings)
    assert all("ingest_id >" not in full[name]["compiled_code"] for name in SCOPED_TESTS)
    through = _newest_file(first)

    # 2024 arrives: a CHANGED build; the six tests pass and read only the slices of files
    # newer than the last finished build's newest (the 2024 file).
    _year_file(landing, 2024, ["REG-2024-00001", "REG-2024-00002", "REG-2024-00003"])
    second = run_on(settings)
    assert second.outcome.success, second.outcome.failed_steps
    assert second.query("select count(*) from marts.fct_cases where period_year = 2024") == [
        (3,)]
    tests = _tests(settings)
    for name in SCOPED_TESTS:
        assert tests[name]["status"] == "pass"
        assert f"ingest_id > {through}" in tests[name]["compiled_code"], name

    # 2025 arrives and is loaded (as the landing sensor would) before the build. Its case key
    # also stands in the 2022 slice of the case facts, which this build does not rebuild (the
    # ingest itself keeps a registration number of another year out of raw, so the repeat is
    # put into the facts directly). The CHANGED build fails on the key test, as unscoped.
    through = _newest_file(second)
    landed = _year_file(landing, 2025, ["REG-2025-00001", "REG-2025-00002"])
    with duckdb.connect(str(settings.warehouse)) as con:
        assert ingest_file(con, landed, "simfoni").status == "loaded"
        con.execute("insert into marts.fct_cases select f.* replace (s.no_registrasi_hmac as "
                    "case_key) from marts.fct_cases as f, raw.simfoni as s "
                    "where f.period_year = 2022 and s.period_year = 2025 "
                    "and s.no_registrasi_hmac = (select min(no_registrasi_hmac) from "
                    "raw.simfoni where period_year = 2025) "
                    "qualify row_number() over () = 1")
    third = run_on(settings)
    assert not third.outcome.success
    key = _tests(settings)["primary_key_fct_cases_case_key"]
    assert (key["status"], key["failures"]) == ("fail", 1)
    assert f"ingest_id > {through}" in key["compiled_code"]
    # A failed build keeps no state: the next build is FULL, tests every row, and rebuilding
    # the facts whole from raw leaves the repeat out.
    assert third.query("select count(*) from raw.dbt_build_state") == [(0,)]
    fourth = run_on(settings)
    assert fourth.outcome.success, fourth.outcome.failed_steps
    key = _tests(settings)["primary_key_fct_cases_case_key"]
    assert key["status"] == "pass"
    assert "ingest_id >" not in key["compiled_code"]
    assert fourth.query("select count(*), count(distinct case_key) from marts.fct_cases "
                        "where period_year = 2025") == [(2, 2)]


def _dbt_test(warehouse, target, through: int | None) -> dict[str, tuple[str, int]]:
    env = {**os.environ, "SATUDATA_WAREHOUSE": str(warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    env.pop("SATUDATA_TESTED_THROUGH_INGEST_ID", None)
    if through is not None:
        env["SATUDATA_TESTED_THROUGH_INGEST_ID"] = str(through)
    subprocess.run(
        [dbt_executable(), "test", "--select", "fct_cases", "bdg_case_layanan",
         "bdg_case_bentuk_kekerasan", "--profiles-dir", ".", "--target-path", str(target),
         "--log-path", str(target / "logs")],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[2]: (r["status"], r["failures"]) for r in results
            if r["unique_id"].split(".")[2] in SCOPED_TESTS}


def test_scoped_tests_find_what_whole_table_tests_find_in_the_rebuilt_slices(
        sample_run, tmp_path):
    """On a copy of the sample warehouse whose 2023 SIMFONI-PPA slice counts as rebuilt: a
    2022 case key repeated in 2023, a 2023 key repeated in 2023, a 2022 bridge row repeated in
    2023 and a 2023 bridge row without its case fail the scoped tests with the same counts as
    the whole-table ones; a key repeated inside 2022, which the last build tested, is not
    read again."""
    warehouse = tmp_path / "satudata.duckdb"
    shutil.copy(sample_run.settings.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        (old,), (new,) = con.execute(
            "select ingest_id from raw.ingest_ledger where source = 'simfoni' "
            "and status = 'loaded' order by period_year").fetchall()
        con.execute(f"""
            insert into marts.fct_cases select * replace (2023 as period_year,
                {new}::bigint as ingest_id)
            from marts.fct_cases where period_year = 2022 order by case_key limit 1;
            insert into marts.fct_cases select * from marts.fct_cases
            where source = 'simfoni' and period_year = 2023 order by case_key desc limit 1;
            insert into marts.bdg_case_layanan select * replace (2023 as period_year,
                {new}::bigint as ingest_id)
            from marts.bdg_case_layanan where period_year = 2022 order by all limit 1;
            insert into marts.bdg_case_layanan values ('tanpa-kasus', 'simfoni', 'Kesehatan',
                2023, {new});
        """)
    scoped = _dbt_test(warehouse, tmp_path / "scoped", old)
    whole = _dbt_test(warehouse, tmp_path / "whole", None)
    assert scoped == whole
    assert scoped["primary_key_fct_cases_case_key"] == ("fail", 2)
    assert scoped["unique_combination_of_columns_bdg_case_layanan_case_key__layanan"] == (
        "fail", 1)
    assert scoped["relationships_bdg_case_layanan_case_key__case_key__ref_fct_cases_"] == (
        "fail", 1)
    assert scoped["relationships_bdg_case_bentuk_kekerasan_case_key__case_key__ref_fct_cases_"
                  ] == ("pass", 0)

    # A repeat inside the 2022 slice only (the last finished build tested it whole).
    shutil.copy(sample_run.settings.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into marts.fct_cases select * from marts.fct_cases "
                    "where period_year = 2022 limit 1")
    assert _dbt_test(warehouse, tmp_path / "old-scoped", old)[
        "primary_key_fct_cases_case_key"] == ("pass", 0)
    assert _dbt_test(warehouse, tmp_path / "old-whole", None)[
        "primary_key_fct_cases_case_key"] == ("fail", 1)
