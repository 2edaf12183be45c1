"""The dbt project on Spark gives the marts DuckDB gives, row by row (`make test-spark`).

The sample landing files go through the whole pipeline into a DuckDB warehouse; its raw layer
is written as Parquet (tests/engines/raw_parquet.py), the layout a distributed deployment
feeds Spark with (docs/distributed.md). dbt then runs the same project on a local Spark
session (dbt-spark's session method, profiles.yml target `spark`) in two steps, the way a
deployment meets a new extract:

1. with an older SIMFONI-PPA 2023 extract in the raw layer (January–June, another file id),
   the case models are built;
2. the newer extract's slice is swapped in and everything is built and tested: seeds, every
   model, data tests and unit tests. The case models run incrementally: Spark overwrites the
   (simfoni, 2023) partition and leaves the others untouched.

Then every table of DuckDB's `marts` is compared with Spark's: equal rows, decimals to the
cent, doubles to the precision they are rounded to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from core.config import DBT_PROJECT_DIR
from tests.conftest import SAMPLE_LANDING, make_settings, run_on
from tests.engines.compare import compare_marts
from tests.engines.raw_parquet import export_raw, write_slice

DBT = str(Path(sys.executable).with_name("dbt"))


def dbt_on_spark(root: Path, *arguments: str) -> dict:
    """One dbt invocation on the local Spark session; the run results."""
    target = root / "dbt-target"
    environment = {
        **os.environ, "SATUDATA_SPARK_DIR": str(root / "spark"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1",
    }
    completed = subprocess.run(
        [DBT, *arguments, "--target", "spark", "--profiles-dir", str(DBT_PROJECT_DIR),
         "--project-dir", str(DBT_PROJECT_DIR), "--target-path", str(target),
         "--log-path", str(root / "dbt-logs"),
         "--vars", json.dumps({"raw_parquet_root": str(root / "raw")})],
        cwd=DBT_PROJECT_DIR, env=environment, capture_output=True, text=True,
    )
    log = root / f"dbt-{len(list(root.glob('dbt-*.log')))}.log"
    log.write_text(completed.stdout + completed.stderr)
    assert completed.returncode == 0, (
        f"dbt {' '.join(arguments)} failed on Spark (full output: {log}):\n"
        + "\n".join(line for line in completed.stdout.splitlines()
                    if "ERROR" in line or "Error" in line or "FAIL" in line)[-4000:])
    return json.loads((target / "run_results.json").read_text())


def partition_files(spark_tables: Path, table: str, source: str, year: int) -> set[str]:
    folder = spark_tables / "marts.db" / table / f"source={source}" / f"period_year={year}"
    return {path.name for path in folder.glob("*.parquet")}


@pytest.fixture(scope="module")
def lane(tmp_path_factory):
    root = tmp_path_factory.mktemp("spark-lane")
    duck = run_on(make_settings(root, SAMPLE_LANDING))
    assert duck.outcome.success, duck.outcome.failed_steps
    warehouse = duck.settings.warehouse
    written = export_raw(warehouse, root / "raw")

    # 1. An older extract of SIMFONI-PPA 2023: the first half year, from another file.
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        (older_rows,), = con.execute(
            "select count(*) from raw.simfoni where period_year = 2023 "
            "and month(tanggal_lapor) <= 6").fetchall()
        write_slice(con, root / "raw", "simfoni", 2023,
                    "select * exclude (period_year, ingest_id), ingest_id + 1000 as ingest_id "
                    "from raw.simfoni where period_year = 2023 and month(tanggal_lapor) <= 6")
    finally:
        con.close()
    first = dbt_on_spark(root, "build", "--select", "+config.materialized:incremental",
                         "--exclude-resource-type", "test", "unit_test")
    spark_tables = root / "spark" / "tables"
    before = {
        (source, year): partition_files(spark_tables, "fct_cases", source, year)
        for source, year in (("simfoni", 2022), ("simfoni", 2023), ("uptd", 2023))
    }

    # 2. The newer extract replaces the slice; everything is built and tested.
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        write_slice(con, root / "raw", "simfoni", 2023,
                    "select * exclude (period_year) from raw.simfoni where period_year = 2023")
    finally:
        con.close()
    second = dbt_on_spark(root, "build")
    after = {key: partition_files(spark_tables, "fct_cases", *key) for key in before}
    return {"root": root, "warehouse": warehouse, "written": written,
            "older_rows": older_rows, "first": first, "second": second,
            "before": before, "after": after, "spark_tables": spark_tables}


def test_every_mart_is_equal_on_both_engines(lane):
    tables, differences = compare_marts(lane["warehouse"], lane["spark_tables"])
    assert len(tables) >= 30  # every mart of the project: dims, facts, bridges, indicators
    assert {"fct_cases", "data_quality_findings", "mart_budget_absorption_monthly",
            "mart_staff_retirement_projection", "dim_month"} <= set(tables)
    assert not differences, "\n".join(str(difference) for difference in differences)


def test_the_whole_project_builds_and_its_tests_pass_on_spark(lane):
    results = lane["second"]["results"]
    by_status: dict[str, int] = {}
    for result in results:
        by_status[result["status"]] = by_status.get(result["status"], 0) + 1
    kinds = {result["unique_id"].split(".")[0] for result in results}
    assert {"seed", "model", "test", "unit_test"} <= kinds
    assert set(by_status) <= {"success", "pass", "warn"}, by_status
    assert sum(1 for r in results if r["unique_id"].startswith("seed.")) == 13
    assert sum(1 for r in results if r["unique_id"].startswith("model.")) >= 41


def test_a_newer_extract_overwrites_only_its_partition(lane):
    con = duckdb.connect(str(lane["warehouse"]), read_only=True)
    try:
        (rows_2023,), = con.execute(
            "select count(*) from marts.fct_cases where source = 'simfoni' "
            "and period_year = 2023").fetchall()
    finally:
        con.close()
    assert 0 < lane["older_rows"] < rows_2023  # the older extract was a real subset
    before, after = lane["before"], lane["after"]
    assert before[("simfoni", 2023)] and after[("simfoni", 2023)]
    assert before[("simfoni", 2023)] != after[("simfoni", 2023)]  # rewritten
    assert before[("simfoni", 2022)] == after[("simfoni", 2022)]  # untouched
    assert before[("uptd", 2023)] == after[("uptd", 2023)]
    cases = [result for result in lane["second"]["results"]
             if result["unique_id"] == "model.satudata.fct_cases"]
    assert cases and cases[0]["status"] == "success"
