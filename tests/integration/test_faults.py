"""Crashes and concurrency: `satudata run` as real processes on a persistent Dagster instance.

One warehouse lives through the whole module, the way an office machine's does: a copy of the
session's sample run, two runs launched at the same moment with an analyst reading, then a new
extract whose run is SIGKILLed at every pause point of `core.faults.POINTS`, each followed by
checks that nothing half-done is visible, and finally a run that completes. Every wait is for a
condition (a pause marker, a process's end), never a clock.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from core.config import DAGSTER_HOME, REPO_ROOT
from core.faults import PAUSE_AT, PAUSE_FILE, POINTS
from tests.conftest import SAMPLE_LANDING
from tests.helpers import simfoni_row, write_csv

pytestmark = pytest.mark.slow

DBT_TARGETS = REPO_ROOT / "dbt" / "target"
COMPLETED = "Proses selesai."  # "Run completed." in the officer's language
NEW_EXTRACT = "simfoni_ppa_ntt_2024_jan_des.csv"
LOCK_ERRORS = ("Could not set lock", "Conflicting lock")


class Office:
    """Landing folder, warehouse, exports and Dagster home of one simulated office, starting
    as a copy of the sample run (every sample file loaded and published)."""

    def __init__(self, root: Path, sample) -> None:
        self.root = root
        self.landing = shutil.copytree(SAMPLE_LANDING, root / "landing")
        shutil.copytree(sample.settings.warehouse.parent, root / "warehouse", symlinks=True)
        shutil.copytree(sample.settings.exports, root / "exports")
        self.warehouse = root / "warehouse" / "satudata.duckdb"
        self.analytics = root / "warehouse" / "analytics.duckdb"
        self.home = root / "dagster_home"
        self.home.mkdir(parents=True)
        shutil.copy(DAGSTER_HOME / "dagster.yaml", self.home / "dagster.yaml")

    def env(self, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("SATUDATA_", "DAGSTER_HOME"))}
        env.update(SATUDATA_LANDING=str(self.landing), SATUDATA_WAREHOUSE=str(self.warehouse),
                   SATUDATA_ANALYTICS=str(self.analytics),
                   SATUDATA_EXPORTS=str(self.root / "exports"), DAGSTER_HOME=str(self.home),
                   DAGSTER_DISABLE_TELEMETRY="1", SATUDATA_LANG="id", **extra)
        return env

    def start(self, **extra: str) -> subprocess.Popen:
        return subprocess.Popen(
            # The sample has no secret key: a demo run, as `make run` is.
            [sys.executable, "-m", "satudata.cli", "run", "--allow-dev-key"], cwd=REPO_ROOT,
            env=self.env(**extra),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # its own process group: dbt dies with it
        )

    def run(self) -> tuple[int, str]:
        process = self.start()
        output, _ = process.communicate()
        return process.returncode, output

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def kill_at(office: Office, point: str) -> str:
    """Start a run, wait until it pauses at `point` (however long a loaded machine takes to
    get there), SIGKILL its whole process group."""
    marker = office.root / f"paused-{point}"
    process = office.start(**{PAUSE_AT: point, PAUSE_FILE: str(marker)})
    while not marker.exists():
        if process.poll() is not None:
            output = process.stdout.read()
            pytest.fail(f"the run ended (exit {process.returncode}) without reaching pause "
                        f"point {point}:\n{output[-3000:]}")
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    output, _ = process.communicate()
    assert process.returncode == -signal.SIGKILL
    return output


def assert_consistent(office: Office, marts_before: dict[str, int]) -> None:
    """What an analyst and the ledger see after a crash: nothing half-done."""
    # Every mart of the last good run is still there and readable.
    for table in marts_before:
        assert office.query(f"select count(*) from marts.{table}")[0][0] >= 0
    assert set(marts(office)) >= set(marts_before)
    # The ledger claims a file as loaded only when all its rows are in raw.
    ledger = office.query(
        "select ingest_id, source, file_name, rows_read, rows_loaded, rows_quarantined, "
        "rows_dropped from raw.ingest_ledger where status = 'loaded' and superseded_by is null"
    )
    for ingest_id, source, name, read, loaded, quarantined, dropped in ledger:
        assert read == loaded + quarantined + dropped, name
        in_raw = office.query(f"select count(*) from raw.{source} where ingest_id = ?",
                              [ingest_id])[0][0]
        assert in_raw == loaded, f"{name}: ledger says {loaded} rows, raw holds {in_raw}"
    for source in ("uptd", "simfoni"):
        orphans = office.query(
            f"select count(*) from raw.{source} where ingest_id not in "
            "(select ingest_id from raw.ingest_ledger where status = 'loaded')"
        )[0][0]
        assert orphans == 0, f"raw.{source} holds rows of a file the ledger does not know"
    names = office.query("select file_name, count(*) from raw.ingest_ledger "
                         "where status = 'loaded' group by 1 having count(*) > 1")
    assert names == [], "a file was loaded twice"


def marts(office: Office) -> dict[str, int]:
    tables = office.query("select table_name from information_schema.tables "
                          "where table_schema = 'marts' order by 1")
    return {name: office.query(f"select count(*) from marts.{name}")[0][0]
            for (name,) in tables}


@pytest.fixture(scope="module")
def office(sample_run, tmp_path_factory) -> Office:
    return Office(tmp_path_factory.mktemp("office"), sample_run)


def test_two_runs_at_once_with_an_analyst_reading(office):
    # DuckDB lets no reader in while a writer holds a file, so analysts read the analytics
    # copy when there is one; otherwise their session on the warehouse ends before the runs.
    reads_analytics = office.analytics.exists()
    analyst = duckdb.connect(str(office.analytics if reads_analytics else office.warehouse),
                             read_only=True)
    try:
        before = analyst.execute("select count(*) from information_schema.tables").fetchone()
        if not reads_analytics:
            analyst.close()
        first, second = office.start(), office.start()
        outputs = [process.communicate()[0] for process in (first, second)]
        if reads_analytics:
            during = analyst.execute("select count(*) from information_schema.tables").fetchone()
            assert during == before
    finally:
        analyst.close()
    for process, output in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, output[-3000:]
        assert not any(error in output for error in LOCK_ERRORS), output[-3000:]
        assert COMPLETED in output
    # Normally one waits for the other's lock, saying for whom; on a slow machine one may
    # finish first.
    waited = [output for output in outputs if "Menunggu proses lain pada gudang data ini" in output]
    assert len(waited) <= 1
    for output in waited:
        assert "berjalan sejak" in output  # the holder's PID and start are named
    assert office.query("select count(*) from marts.mart_cases_monthly_by_kategori")[0][0] > 0


def test_killed_at_every_point_then_the_next_run_completes(office):
    targets_before = set(DBT_TARGETS.glob("*"))
    try:
        killed_at_every_point_then_the_next_run_completes(office)
    finally:
        # A run killed mid-dbt leaves its target folder (swept after a day); not ours to keep.
        for leftover in set(DBT_TARGETS.glob("*-*")) - targets_before:
            shutil.rmtree(leftover, ignore_errors=True)


def killed_at_every_point_then_the_next_run_completes(office):
    marts_before = marts(office)
    assert marts_before, "the first run built no marts"
    simfoni_before = office.query("select count(*) from raw.simfoni")[0][0]
    # A new extract lands: the ingest points then have a file to be killed in the middle of.
    write_csv(office.landing / "simfoni" / NEW_EXTRACT, [
        simfoni_row(number, **{"No. Registrasi": f"REG-2024-{number:05d}",
                               "Tanggal Lapor": f"15/{1 + number % 12:02d}/2024",
                               "Tanggal Kejadian": f"10/{1 + number % 12:02d}/2024"})
        for number in range(1, 61)])
    for point in POINTS:
        kill_at(office, point)
        assert_consistent(office, marts_before)
        if point == "ingest.mid_file":
            assert office.query("select count(*) from raw.simfoni")[0][0] == simfoni_before
            assert office.query("select count(*) from raw.ingest_ledger "
                                "where file_name = ?", [NEW_EXTRACT]) == [(0,)]
    code, output = office.run()
    assert code == 0, output[-3000:]
    assert COMPLETED in output
    assert_consistent(office, marts_before)
    assert office.query("select status from raw.ingest_ledger where file_name = ?",
                        [NEW_EXTRACT]) == [("loaded",)]
    assert office.query("select count(*) from raw.simfoni")[0][0] == simfoni_before + 60
    years = office.query("select distinct tahun from marts.mart_cases_monthly_by_kategori "
                         "where source = 'simfoni' order by 1")
    assert (2024,) in years
