"""dbt's unit tests of the indicator arithmetic (reporting rate, absorption with pagu = 0,
pergeseran, a budget line as the sum of its belanja accounts, recomputed indicators,
retirement projection, KLA band edges, the findings' language) against the sample
warehouse's relations. The pipeline's own build leaves them out: they test the project's
SQL, not an office's data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

from core.config import DBT_PROJECT_DIR
from core.manifest import dbt_executable

# The arithmetic issue 12 names, each with its edge cases, by the model it tests.
TESTED_MODELS = {"mart_simfoni_reporting_rate", "mart_simfoni_reporting_rate_yearly",
                 "mart_budget_absorption", "mart_budget_pergeseran",
                 "mart_performance_indicators", "mart_staff_retirement_projection", "fct_kla",
                 "fct_staff_snapshot", "data_quality_findings", "fct_pagu_akun", "fct_pagu",
                 "mart_staff_composition"}


def test_every_dbt_unit_test_passes(sample_run, tmp_path):
    warehouse = tmp_path / "unit.duckdb"
    shutil.copy(sample_run.settings.warehouse, warehouse)
    env = {**os.environ, "SATUDATA_WAREHOUSE": str(warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    env.pop("SATUDATA_LANG", None)
    target = tmp_path / "target"
    done = subprocess.run(
        [dbt_executable(), "test", "--select", "test_type:unit", "--profiles-dir", ".",
         "--target-path", str(target), "--log-path", str(tmp_path / "logs")],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:]
    results = json.loads((target / "run_results.json").read_text())["results"]
    units = [result for result in results if result["unique_id"].startswith("unit_test.")]
    assert len(units) >= 13
    assert {result["status"] for result in units} == {"pass"}
    assert TESTED_MODELS <= {result["unique_id"].split(".")[2] for result in units}


def test_a_repeated_or_missing_key_fails_the_primary_key_test(sample_run, tmp_path):
    """`primary_key` (dbt/tests/generic/primary_key.sql) stands for dbt's unique and
    not_null in one node: a case key repeated once and one missing are both failures."""
    import duckdb

    warehouse = tmp_path / "keys.duckdb"
    shutil.copy(sample_run.settings.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        rows = con.execute("select count(*) from marts.fct_cases").fetchone()[0]
        con.execute("insert into marts.fct_cases select * from marts.fct_cases limit 1")
        con.execute("insert into marts.fct_cases select * replace (null as case_key) "
                    "from marts.fct_cases limit 1")
    env = {**os.environ, "SATUDATA_WAREHOUSE": str(warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    target = tmp_path / "target"
    done = subprocess.run(
        [dbt_executable(), "test", "--select", "fct_cases,test_name:primary_key",
         "--profiles-dir", ".", "--target-path", str(target), "--log-path",
         str(tmp_path / "logs")],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert rows > 0
    assert done.returncode == 1, done.stdout[-2000:]
    results = json.loads((target / "run_results.json").read_text())["results"]
    (key,) = [r for r in results if r["unique_id"].split(".")[2] ==
              "primary_key_fct_cases_case_key"]
    assert (key["status"], key["failures"]) == ("fail", 2)
