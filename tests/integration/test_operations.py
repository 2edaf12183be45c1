"""The operator's day, on one office's warehouse: the landing sensor judged by the ledger, a
run that fails to publish (read-only or full exports disk, killed mid-swap) and the next run
that publishes, a dead run holding the warehouse's slot, a reader holding the warehouse.

One office lives through the module, the way an office machine does: it starts as a copy of
the session's sample run (warehouse, analytics file, exports) with a persistent Dagster home,
and each test leaves it as the next one expects. `satudata run` runs as a real process; the
exports folder is a small tmpfs, so a full disk and a read-only disk are real ones (mounting
needs root: without it these tests are skipped on a developer machine and fail in CI).
Every wait is for a condition (a pause marker, a line of output), never for a clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster import DagsterInstance, DagsterRunStatus
from dagster._core.test_utils import create_run_for_test

from core.config import REPO_ROOT, Settings
from core.faults import PAUSE_AT, PAUSE_FILE
from dagster_project.definitions import defs
from dagster_project.runs import HOST_TAG, PID_TAG
from dagster_project.sensors import landing_folder_sensor
from ingest.loader import sha256_of
from publish.analytics import current_version, versions_folder
from publish.publication_state import lagging, read_publication, read_release
from publish.spec import release
from tests.conftest import SAMPLE_LANDING, dagster_home
from tests.helpers import uptd_row, write_uptd_xlsx

pytestmark = pytest.mark.slow

EXPORTS_TMPFS_SIZE = "4m"


def mount(*arguments: str) -> bool:
    return subprocess.run(["mount", *arguments], capture_output=True).returncode == 0


class Office:
    """Landing folder, warehouse, analytics file, exports (on a tmpfs) and Dagster home."""

    def __init__(self, root: Path, sample) -> None:
        self.root = root
        self.landing = shutil.copytree(SAMPLE_LANDING, root / "landing")  # keeps the mtimes
        shutil.copytree(sample.settings.warehouse.parent, root / "warehouse", symlinks=True,
                        ignore=shutil.ignore_patterns("*.run.lock"))
        self.settings = Settings(landing=self.landing,
                                 warehouse=root / "warehouse" / "satudata.duckdb",
                                 analytics=root / "warehouse" / "analytics.duckdb",
                                 exports=root / "exports")
        self.exports = self.settings.exports
        self.exports.mkdir()
        self.tmpfs = mount("-t", "tmpfs", "-o", f"size={EXPORTS_TMPFS_SIZE}", "tmpfs",
                           str(self.exports))
        shutil.copytree(sample.settings.exports, self.exports, dirs_exist_ok=True)
        self.home = dagster_home(root)
        self.instance = DagsterInstance.from_config(str(self.home))

    def close(self) -> None:
        self.instance.dispose()
        if self.tmpfs:
            subprocess.run(["umount", "-l", str(self.exports)], check=False)

    def env(self, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("SATUDATA_", "DAGSTER_HOME"))}
        env.update(SATUDATA_LANDING=str(self.landing),
                   SATUDATA_WAREHOUSE=str(self.settings.warehouse),
                   SATUDATA_ANALYTICS=str(self.settings.analytics),
                   SATUDATA_EXPORTS=str(self.exports), DAGSTER_HOME=str(self.home),
                   DAGSTER_DISABLE_TELEMETRY="1", SATUDATA_LANG="id",
                   # A demo on the sample: the public development key may publish.
                   SATUDATA_ALLOW_DEV_KEY="1", **extra)
        return env

    def start(self, **extra: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "satudata.cli", "run"], cwd=REPO_ROOT, env=self.env(**extra),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)  # its own process group: dbt dies with it

    def run(self, **extra: str) -> tuple[int, str]:
        process = self.start(**extra)
        output, _ = process.communicate()
        return process.returncode, output

    def kill_at(self, point: str) -> None:
        """Start a run, wait until it pauses at `point`, SIGKILL its whole process group."""
        marker = self.root / f"paused-{uuid.uuid4().hex[:6]}"
        process = self.start(**{PAUSE_AT: point, PAUSE_FILE: str(marker)})
        while not marker.exists():
            if process.poll() is not None:
                pytest.fail(f"the run ended (exit {process.returncode}) before {point}:\n"
                            + process.stdout.read()[-3000:])
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()

    def query(self, path: Path, sql: str) -> list[tuple]:
        con = duckdb.connect(str(path), read_only=True)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def cases(self, path: Path) -> int:
        return self.query(path, "select count(*) from marts.fct_cases")[0][0]

    def lags(self) -> list[str]:
        con = duckdb.connect(str(self.settings.warehouse), read_only=True)
        try:
            return [lag.what for lag in lagging(con, self.settings.analytics, self.exports)]
        finally:
            con.close()

    def exports_tree(self) -> dict[str, str]:
        """Every published file with its SHA-256 (a run's hidden staging folders left out)."""
        return {str(p.relative_to(self.exports)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(self.exports.rglob("*")) if p.is_file() and not any(
                    part.startswith(".") for part in p.relative_to(self.exports).parts)}

    def new_register(self, name: str, cases: int) -> Path:
        """A UPTD register of 2024 (ids of its own), older than the sensor's settling time;
        each larger one is a newer extract of the same year."""
        rows = [uptd_row(number, month=1 + number % 6,
                         **{"No. Kasus": f"UPTD/2024/{number:03d}",
                            "Tanggal Pengaduan": dt.datetime(2024, 1 + number % 6, 10)})
                for number in range(1, cases + 1)]
        path = write_uptd_xlsx(self.landing / "uptd" / name, rows, total=cases)
        past = time.time() - 120
        os.utime(path, (past, past))
        return path


@pytest.fixture(scope="module")
def office(sample_run, tmp_path_factory):
    office = Office(tmp_path_factory.mktemp("operations"), sample_run)
    yield office
    office.close()


@pytest.fixture
def mounted(office):
    if not office.tmpfs:
        if os.environ.get("CI"):
            pytest.fail("mounting a tmpfs failed: the CI job must run as root")
        pytest.skip("mounting a tmpfs needs root (the CI job runs as root)")
    return office


@pytest.fixture
def office_env(office, monkeypatch):
    for key, value in office.env().items():
        if key.startswith(("SATUDATA_", "DAGSTER_HOME")):
            monkeypatch.setenv(key, value)
    return office


def tick(office: Office, cursor: str | None = None):
    context = dg.build_sensor_context(cursor=cursor, definitions=defs, instance=office.instance)
    return landing_folder_sensor.evaluate_tick(context)


def test_switching_the_sensor_on_over_a_loaded_folder_starts_no_run(office_env):
    result = tick(office_env)
    assert result.run_requests == []
    observed = {event.asset_key.path[1] for event in result.asset_events}
    assert observed == {"uptd", "simfoni", "anggaran", "asn", "kla", "indikator"}


ANALYST = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
def state():
    return [con.execute("select count(*) from marts.fct_cases").fetchall()[0][0],
            con.execute("select count(*) from ledger.ingest_ledger").fetchall()[0][0]]
print(json.dumps(state()), flush=True)
sys.stdin.readline()
print(json.dumps(state()), flush=True)
"""


def test_one_new_file_starts_one_run_that_loads_and_publishes_it(office_env):
    office = office_env
    before = office.cases(office.settings.analytics)
    register = office.new_register("Register_UPTD_PPA_2024_triwulan1.xlsx", cases=20)
    [request] = tick(office).run_requests
    assert request.job_name == "ingest_uptd"
    # The file by its content, never its name (an officer's free text).
    assert request.tags["satudata/files"] == f"uptd/{sha256_of(register)[:12]}"
    # An analyst keeps a session open on the analytics file all along.
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(office.settings.analytics)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        seen = json.loads(analyst.stdout.readline())
        result = defs.resolve_job_def(request.job_name).execute_in_process(
            instance=office.instance, tags=request.tags, raise_on_error=False)
        assert result.success
        analyst.stdin.write("\n")
        analyst.stdin.flush()
        assert json.loads(analyst.stdout.readline()) == seen  # the version it opened, whole
    finally:
        analyst.kill()
        analyst.wait()
    assert office.cases(office.settings.analytics) == before + 20
    assert office.lags() == []
    # The published ledger now holds the file: the sensor starts nothing more.
    assert tick(office).run_requests == []
    # The same job again loads nothing: dbt, exports, annex and analytics are skipped.
    version = current_version(office.settings.analytics)
    again = defs.resolve_job_def("ingest_uptd").execute_in_process(instance=office.instance)
    assert again.success
    skipped = {event.step_key for event in again.all_events
               if event.event_type_value == "STEP_SKIPPED"}
    assert {"satu_data_exports", "analytics__analytics_duckdb",
            "reports__annual_report_annex"} <= skipped
    assert not [event for event in again.all_events if event.event_type_value ==
                "ASSET_MATERIALIZATION" and event.asset_key.path[0] == "marts"]
    assert current_version(office.settings.analytics) == version


def test_a_read_only_exports_disk_fails_the_run_with_its_cause_and_spares_the_analysts(
        mounted):
    office = mounted
    exports_before = office.exports_tree()
    office.new_register("Register_UPTD_PPA_2024_semester1.xlsx", cases=40)
    assert mount("-o", "remount,ro", str(office.exports))
    try:
        code, output = office.run()
    finally:
        assert mount("-o", "remount,rw", str(office.exports))
    assert code == 1, output[-3000:]
    assert "satu_data_exports: folder berada di disk yang hanya bisa dibaca " \
           "(Read-only file system)" in output
    # The summary says the exports were not published and that the last release stands.
    assert "Ekspor:      tidak diterbitkan pada proses ini." in output
    assert "Paket dari rilis terakhir yang selesai masih yang berlaku" in output
    assert office.exports_tree() == exports_before
    # The analytics file does not wait on the public packages.
    assert office.cases(office.settings.analytics) == office.cases(office.settings.warehouse)
    assert office.lags() == ["exports"]


def test_a_full_exports_disk_fails_the_next_run_and_the_run_after_publishes(mounted):
    office = mounted
    exports_before = office.exports_tree()
    ballast = office.exports / "ballast"
    with open(ballast, "wb", buffering=0) as handle:  # fill the disk
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    try:
        # Nothing new landed: the run publishes what the last one could not, and cannot.
        code, output = office.run()
    finally:
        ballast.unlink()
    assert code == 1, output[-3000:]
    assert "satu_data_exports: disk penuh (No space left on device)" in output
    assert office.exports_tree() == exports_before
    assert not [p for p in office.exports.iterdir() if p.name.startswith(".")]
    code, output = office.run()
    assert code == 0, output[-3000:]
    assert "Proses selesai." in output
    assert office.lags() == []
    published = read_release(office.exports)
    assert published["build_state"] and len(published["datasets"]) == len(release().datasets)


def test_killed_at_each_publication_pause_point_the_next_run_publishes(office):
    exports_before = office.exports_tree()
    analytics_before = current_version(office.settings.analytics)
    digest = hashlib.sha256(analytics_before.read_bytes()).hexdigest()
    # A newer extract is loaded and built; the run is killed inside the analytics
    # publication (it comes before the exports): link and version untouched.
    office.new_register("Register_UPTD_PPA_2024_semester1_koreksi.xlsx", cases=60)
    office.kill_at("publish.before_swap")
    assert current_version(office.settings.analytics) == analytics_before
    assert hashlib.sha256(analytics_before.read_bytes()).hexdigest() == digest
    assert list(versions_folder(office.settings.analytics).glob(".tmp-*"))
    assert office.lags() == ["analytics", "exports"]
    # The next run, with nothing new, publishes the analytics file, then is killed inside
    # the export swap: every previous package stays as it was.
    office.kill_at("export.before_swap")
    assert office.lags() == ["exports"]
    assert office.cases(office.settings.analytics) == office.cases(office.settings.warehouse)
    assert not list(versions_folder(office.settings.analytics).glob(".tmp-*"))
    assert office.exports_tree() == exports_before
    # A power cut during a sensor-started run left it STARTED, holding the slot; the next
    # `satudata run` frees it, publishes the exports and says so.
    dead = create_run_for_test(office.instance, job_name="ingest_uptd",
                               status=DagsterRunStatus.STARTED,
                               tags={"dagster/sensor_name": "landing_folder_sensor"})
    office.instance.event_log_storage.initialize_concurrency_limit_to_default("duckdb")
    office.instance.event_log_storage.claim_concurrency_slot("duckdb", dead.run_id, "load_uptd")
    code, output = office.run()
    assert code == 0, output[-3000:]
    assert f"Proses mati dilepas: proses {dead.run_id[:8]} (ingest_uptd" in output
    assert "dimulai oleh sensor landing_folder_sensor" in output
    assert office.instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.FAILURE
    assert office.lags() == []
    assert office.exports_tree() != exports_before
    assert read_publication(office.settings.analytics).version == \
        current_version(office.settings.analytics).name
    assert not [p for p in office.exports.iterdir() if p.name.startswith(".")]


HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)  # DBeaver's "read-only connection"
con.execute("select count(*) from raw.ingest_ledger").fetchall()
print("open", flush=True)
sys.stdin.readline()
"""


def read_until(process: subprocess.Popen, text: str) -> str:
    """Lines of a run's output up to the first that holds `text` (or its end)."""
    seen = []
    for line in process.stdout:
        seen.append(line)
        if text in line:
            break
    return "".join(seen)


def test_a_reader_of_the_warehouse_costs_a_run_a_wait_that_names_it(office):
    reader = subprocess.Popen([sys.executable, "-c", HOLDER, str(office.settings.warehouse)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "open"
        waiting = f"Menunggu berkas gudang data satudata.duckdb: dipegang oleh PID {reader.pid}"
        # Gives up after the configured time, naming the holder, having written nothing.
        code, output = office.run(SATUDATA_WAIT_SECONDS="1")
        assert code == 3, output[-3000:]
        assert f"PID {reader.pid}" in output and "Berhenti menunggu" in output
        # Stops at once on SIGTERM while waiting.
        process = office.start()
        assert waiting in read_until(process, waiting)
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate()
        assert process.returncode == 143, rest[-2000:]  # SIGTERM: 128 + 15
        assert "Dihentikan (Ctrl-C, SIGTERM, atau SIGHUP) saat menunggu" in rest
        # And goes on, without a failed step, once the reader lets go.
        process = office.start()
        assert waiting in read_until(process, waiting)
        reader.stdin.write("\n")
        reader.stdin.flush()
        reader.wait()
        rest, _ = process.communicate()
        assert process.returncode == 0, rest[-3000:]
        assert "RUN FAILED" not in rest and "Proses selesai." in rest
    finally:
        reader.kill()
        reader.wait()


def test_a_run_that_holds_the_slot_is_named_and_sigterm_stops_the_wait(office):
    """A live run (here the nightly rebuild, its process alive) holds the `duckdb` slot: the
    next `satudata run` says which run, started by whom and since when, and stops at once on
    SIGTERM, having written nothing."""
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
    live = create_run_for_test(
        office.instance, job_name="marts_rebuild", status=DagsterRunStatus.STARTED,
        tags={"dagster/schedule_name": "nightly_marts_rebuild",
              HOST_TAG: socket.gethostname(), PID_TAG: str(worker.pid)})
    office.instance.event_log_storage.initialize_concurrency_limit_to_default("duckdb")
    claim = office.instance.event_log_storage.claim_concurrency_slot(
        "duckdb", live.run_id, "satudata_dbt_assets")
    assert claim.is_claimed
    version = current_version(office.settings.analytics)
    try:
        process = office.start()
        waiting = (f"Menunggu slot gudang data (pool duckdb): proses {live.run_id[:8]} "
                   "(marts_rebuild, langkah satudata_dbt_assets), dimulai oleh jadwal "
                   "nightly_marts_rebuild pada")
        assert waiting in read_until(process, waiting)
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate()
        assert process.returncode == 143, rest[-2000:]  # SIGTERM: 128 + 15
        assert "Dihentikan (Ctrl-C, SIGTERM, atau SIGHUP) saat menunggu" in rest
        assert office.instance.get_run_by_id(live.run_id).status == DagsterRunStatus.STARTED
        assert current_version(office.settings.analytics) == version
    finally:
        worker.kill()
        worker.wait()
        office.instance.report_run_failed(office.instance.get_run_by_id(live.run_id))
        office.instance.event_log_storage.free_concurrency_slots_for_run(live.run_id)
