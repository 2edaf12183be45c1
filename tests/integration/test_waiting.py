"""What a `satudata run` costs the officer when it must wait, and when it is stopped.

- One wait budget per run: another run holds the run lock for part of
  `SATUDATA_WAIT_SECONDS`, then a program (an analyst's DuckDB session) holds the warehouse
  file for the rest: the run gives up once the waits *together* reach the budget, not each
  one, and says how long it waited in all and for what (exit 3).
- A program holding the warehouse for writing: the run's very first look at it (the key
  check) waits within the same budget, saying for whom, and gives up with exit 3; once the
  file is free the key check is made, not skipped.
- Ctrl-C while dbt builds: exit 130, the Indonesian summary on stdout, nothing of Dagster's
  English error lines or a traceback on stderr, no dbt left running, and the next run
  completes. The summary states no findings count and no path of what was not finished: it
  says they were not computed / not published in this run, and names the analytics file,
  the exports and the annex an earlier finished run left in place (when there are any); the
  next, finished run states its findings count and its paths.
- SIGTERM to the run's process alone while dbt builds (`kill`, docker stop, a CI timeout):
  the same summary, exit 143, no dbt left, nothing half-written, and the next run's marts
  equal a clean run's. SIGTERM and SIGHUP while waiting for another run: 143 and 129 at once.

Real processes and real locks (flock on the run lock, DuckDB's own file lock); every wait is
for a condition (a line of output, a pause marker), never a clock.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from core.config import REPO_ROOT
from core.duckdb_files import REPORT_SECONDS
from core.faults import PAUSE_AT, PAUSE_FILE
from publish.publication_state import read_publication, read_release
from tests.conftest import SAMPLE_LANDING, copy_landing, dagster_home
from tests.fault_trials import marts_digest
from tests.helpers import uptd_row, write_uptd_xlsx

pytestmark = pytest.mark.slow


def env_for(root: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SATUDATA_", "DAGSTER_HOME"))}
    env.update(SATUDATA_LANDING=str(root / "landing"),
               SATUDATA_WAREHOUSE=str(root / "warehouse" / "satudata.duckdb"),
               SATUDATA_ANALYTICS=str(root / "warehouse" / "analytics.duckdb"),
               SATUDATA_EXPORTS=str(root / "exports"), DAGSTER_HOME=str(dagster_home(root)),
               DAGSTER_DISABLE_TELEMETRY="1", SATUDATA_LANG="id", SATUDATA_ALLOW_DEV_KEY="1",
               **extra)
    return env


def start_run(root: Path, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "satudata.cli", "run"], cwd=REPO_ROOT, env=env_for(root, **extra),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)  # its own process group, as a terminal's foreground job


def read_until(process: subprocess.Popen, text: str, count: int = 1) -> list[str]:
    """The run's output lines up to the `count`-th that holds `text` (or its end)."""
    seen = []
    for line in process.stdout:
        seen.append(line)
        if text in line:
            count -= 1
            if count == 0:
                break
    return seen


# Another run: it takes the run lock and holds it until told (a line on stdin).
OTHER_RUN = """
import sys
from pathlib import Path
from satudata.waiting import run_lock
with run_lock(Path(sys.argv[1]), tell=lambda text: None):
    print("holding", flush=True)
    sys.stdin.readline()
"""

# An analyst's session on the warehouse (DBeaver's "read-only connection").
ANALYST = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print("open", flush=True)
sys.stdin.readline()
"""

GAVE_UP = re.compile(r"Berhenti menunggu setelah (\d+) dtk seluruhnya \(paling lama (\d+) dtk, "
                     r"SATUDATA_WAIT_SECONDS\), untuk (.*?)\. Yang terakhir ditunggu (.*?): ")


def helper(code: str, argument: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, str(argument)], cwd=REPO_ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def test_the_run_lock_and_the_warehouse_file_share_one_wait_budget(tmp_path):
    """The budget is two report intervals: the other run holds the lock until the waiting
    run has said twice that it waits (one interval spent), then the analyst's session is all
    that is left. Per-wait counting gave up only after lock + a whole budget on the file."""
    budget = 2 * REPORT_SECONDS
    warehouse = empty_warehouse(tmp_path)
    other, analyst = helper(OTHER_RUN, warehouse), helper(ANALYST, warehouse)
    try:
        assert other.stdout.readline().strip() == "holding"
        assert analyst.stdout.readline().strip() == "open"
        run = start_run(tmp_path, SATUDATA_WAIT_SECONDS=str(budget))
        lock_wait = "Menunggu proses lain pada gudang data ini"
        seen = read_until(run, lock_wait, count=2)
        assert sum(lock_wait in line for line in seen) == 2, "".join(seen)
        other.stdin.write("\n")
        other.stdin.flush()
        rest, errors = run.communicate()
    finally:
        for process in (other, analyst):
            process.kill()
            process.wait()
    output = "".join(seen) + rest
    assert run.returncode == 3, output + errors
    # In order: the run lock's wait, then the warehouse file's, then giving up.
    file_wait = output.index("Menunggu berkas gudang data satudata.duckdb: dipegang oleh PID "
                             f"{analyst.pid}")
    assert output.index(lock_wait) < file_wait < output.index("Berhenti menunggu")
    found = GAVE_UP.search(output)
    assert found, output
    total, allowed = int(found.group(1)), int(found.group(2))
    parts = dict((what, int(seconds)) for what, seconds in
                 re.findall(r"(.+?) \((\d+) dtk\)(?:; |$)", found.group(3)))
    assert allowed == budget
    assert found.group(4) == "berkas gudang data satudata.duckdb"
    assert set(parts) == {"proses lain pada gudang data ini",
                          "berkas gudang data satudata.duckdb"}
    # The lock took at least one report interval, so the file got at most the rest.
    assert parts["proses lain pada gudang data ini"] >= REPORT_SECONDS - 1
    assert parts["berkas gudang data satudata.duckdb"] <= budget - REPORT_SECONDS + 1
    assert budget <= total <= budget + 2
    assert_nothing_written(output, warehouse)


def assert_nothing_written(output: str, warehouse) -> None:
    """The run said it wrote nothing, and the warehouse holds no table (not even the ledger)."""
    assert "Tidak ada yang ditulis." in output
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select count(*) from information_schema.tables").fetchone() == (0,)
    finally:
        con.close()


# A program that holds the warehouse for writing (a script, a DuckDB shell without -readonly):
# no other process may even read the file.
WRITER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
"""


def test_a_program_writing_the_warehouse_is_waited_for_within_the_budget_from_the_start(
        tmp_path):
    """The run's first look at the warehouse (whose key made its pseudonyms) already waits
    within SATUDATA_WAIT_SECONDS and says for whom: it used to wait a silent minute of its
    own, then the budget again."""
    budget = REPORT_SECONDS
    warehouse = empty_warehouse(tmp_path)
    writer = helper(WRITER, warehouse)
    try:
        assert writer.stdout.readline().strip() == "open"
        run = start_run(tmp_path, SATUDATA_WAIT_SECONDS=str(budget))
        output, errors = run.communicate()
    finally:
        writer.kill()
        writer.wait()
    assert run.returncode == 3, output + errors
    assert ("Menunggu berkas gudang data satudata.duckdb: dipegang oleh PID "
            f"{writer.pid}") in output, output
    found = GAVE_UP.search(output)
    assert found, output
    total, allowed = int(found.group(1)), int(found.group(2))
    assert allowed == budget
    assert budget <= total <= budget + 2
    assert found.group(3) == f"berkas gudang data satudata.duckdb ({total} dtk)"
    assert found.group(4) == "berkas gudang data satudata.duckdb"
    assert "Traceback" not in errors and "Traceback" not in output
    assert_nothing_written(output, warehouse)


# The office's script: loads a register with the office's key, then keeps the warehouse open.
OFFICE_SCRIPT = """
import sys, duckdb
from pathlib import Path
from ingest.loader import ingest_file
con = duckdb.connect(sys.argv[1])
assert ingest_file(con, Path(sys.argv[1]).parent.parent / "register.xlsx", "uptd").status \\
    == "loaded"
print("open", flush=True)
sys.stdin.readline()
"""


def test_the_key_check_waits_for_a_held_warehouse_instead_of_skipping_it(tmp_path):
    """The warehouse's pseudonyms are the office key's, and a script holds it while the run
    starts on another key: the run waits (saying for whom) and, once the file is free,
    refuses the key. It used to give up on reading the warehouse after a silent minute and
    go on as if the warehouse had no pseudonyms."""
    write_uptd_xlsx(tmp_path / "register.xlsx", [uptd_row(n, month=n) for n in range(1, 4)])
    (tmp_path / "landing").mkdir()
    warehouse = tmp_path / "warehouse" / "satudata.duckdb"
    warehouse.parent.mkdir()
    script = subprocess.Popen([sys.executable, "-c", OFFICE_SCRIPT, str(warehouse)],
                              cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env={**env_for(tmp_path),
                                              "SATUDATA_HMAC_KEY": "kunci-kantor"})
    try:
        assert script.stdout.readline().strip() == "open"
        run = start_run(tmp_path, SATUDATA_WAIT_SECONDS=str(60 * REPORT_SECONDS))
        seen = read_until(run, "Menunggu berkas gudang data satudata.duckdb: dipegang oleh "
                               f"PID {script.pid}")
        script.stdin.write("\n")
        script.stdin.flush()
        rest, errors = run.communicate()
    finally:
        script.kill()
        script.wait()
    output = "".join(seen) + rest
    assert run.returncode == 1, output + errors
    assert "satudata rotate-key" in rest, output
    assert "Traceback" not in errors and "Traceback" not in output


def empty_warehouse(root: Path) -> Path:
    """An empty landing folder and an empty warehouse file under `root`: the warehouse."""
    (root / "landing").mkdir()
    warehouse = root / "warehouse" / "satudata.duckdb"
    warehouse.parent.mkdir()
    duckdb.connect(str(warehouse)).close()
    return warehouse


def dbt_processes_of(pid: int) -> list[int]:
    """dbt processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
        if fields[1] == str(pid) and b"dbt" in command:
            found.append(int(stat.parent.name))
    return found


def test_ctrl_c_while_dbt_builds_prints_only_the_summary_and_exits_130(tmp_path):
    run = pause_in_dbt(tmp_path)
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole job
    output, errors = run.communicate()
    assert run.returncode == 130, output[-3000:] + errors[-3000:]
    assert ("PROSES DIHENTIKAN dengan Ctrl-C, SIGTERM, atau SIGHUP pada langkah: "
            "satudata_dbt_assets" in output)
    assert "satudata_dbt_assets: dihentikan dengan Ctrl-C, SIGTERM, atau SIGHUP" in output
    assert "Traceback" not in errors and "Traceback" not in output
    assert " - dagster - ERROR - " not in errors
    # The officer reads Indonesian: no Python class of Dagster's, no error class by name.
    for text in (output, errors):
        assert "dagster._core" not in text, text[-3000:]
        assert not re.search(r"\b[A-Z]\w*(Error|Exception|Interrupt)\b", text), text[-3000:]
    assert not dbt_processes_of(run.pid)
    # The summary states no findings count and no path of what the stop left undone: the
    # files were loaded (their counts are shown), nothing was ever published.
    assert_unfinished_summary(output)
    assert "Berkas pada proses ini: 8\n" in output
    assert "  Belum pernah ada berkas analitik yang diterbitkan." in output
    assert "  Belum pernah ada ekspor Satu Data yang diterbitkan." in output
    # Nothing built half-way is published, and the next run builds and publishes it all.
    analytics = tmp_path / "warehouse" / "analytics.duckdb"
    assert not analytics.exists()
    again = start_run(tmp_path)
    output, errors = again.communicate()
    assert again.returncode == 0, output[-3000:] + errors[-3000:]
    assert "Proses selesai." in output
    con = duckdb.connect(str(analytics), read_only=True)
    try:
        # Every loaded case of the sample once: the interrupted run's rows are not doubled.
        assert con.execute("select count(*) from marts.fct_cases").fetchone()[0] > 0
        assert con.execute("select count(*) = count(distinct case_key) "
                           "from marts.fct_cases").fetchone() == (True,)
        findings = con.execute("select count(*) from marts.data_quality_findings").fetchone()[0]
    finally:
        con.close()
    # The finished run states its findings count and the paths it published.
    assert f"Temuan kualitas data: {findings}\n" in output
    assert f"Analitik:    {analytics}   (salinan mart hanya-baca" in output
    assert f"Ekspor:      {tmp_path / 'exports'}   (paket Satu Data" in output
    assert "pada proses ini." not in output


def assert_unfinished_summary(output: str) -> None:
    """The summary of a run stopped inside dbt: findings not computed, nothing published,
    no count or path said for them."""
    assert ("Temuan kualitas data: tidak dihitung pada proses ini (langkah satudata_dbt_assets "
            "tidak selesai).") in output, output[-3000:]
    assert not re.search(r"Temuan kualitas data: \d", output), output[-3000:]
    assert "Analitik:    tidak diterbitkan pada proses ini." in output
    assert "Ekspor:      tidak diterbitkan pada proses ini." in output
    assert "Lampiran laporan tahunan: tidak dibuat pada proses ini." in output
    assert not re.search(r"^(Analitik|Ekspor): +/", output, re.MULTILINE), output[-3000:]


def test_a_run_stopped_in_dbt_after_a_finished_run_names_the_files_still_in_place(tmp_path):
    """A finished run published the analytics file, the exports and the annex; a new extract
    (KLA) arrives and the next run is stopped by Ctrl-C while dbt builds on it. Its summary
    names those files, with when they were published, as the ones still in place."""
    copy_landing(tmp_path / "landing", sources=("anggaran", "asn", "indikator", "simfoni",
                                                "uptd"))
    first = start_run(tmp_path)
    output, errors = first.communicate()
    assert first.returncode == 0, output[-3000:] + errors[-3000:]
    warehouse, exports = tmp_path / "warehouse", tmp_path / "exports"
    published = read_publication(warehouse / "analytics.duckdb").published_at
    released = dt.datetime.fromisoformat(read_release(exports)["published_at"])
    annexes = sorted(folder for folder in (tmp_path / "reports").iterdir() if folder.is_dir())
    assert [folder.name for folder in annexes] == ["2023"]
    # The first run made every source's folder (an empty kla/ among them).
    shutil.copytree(SAMPLE_LANDING / "kla", tmp_path / "landing" / "kla", dirs_exist_ok=True)
    run = pause_in_dbt(tmp_path, landing_ready=True)
    os.killpg(run.pid, signal.SIGINT)
    output, errors = run.communicate()
    assert run.returncode == 130, output[-3000:] + errors[-3000:]
    assert_unfinished_summary(output)
    # The ingest step finished: its file and rows are stated.
    assert "Berkas pada proses ini: 1\n" in output
    assert re.search(r"\[dimuat\] kla #\d+: dibaca 44, dimuat 44,", output), output[-3000:]
    assert ("  Berkas dari proses terakhir yang selesai masih yang berlaku: "
            f"{warehouse / 'analytics.duckdb'} (diterbitkan {published:%Y-%m-%d %H:%M}).") \
        in output
    assert ("  Paket dari rilis terakhir yang selesai masih yang berlaku: "
            f"{exports} (diterbitkan {released:%Y-%m-%d %H:%M}).") in output
    assert f"  Lampiran dari proses sebelumnya masih yang berlaku: {annexes[0]}." in output
    # Those files are indeed untouched: the publication is still the first run's.
    assert read_publication(warehouse / "analytics.duckdb").published_at == published
    assert not dbt_processes_of(run.pid)


def pause_in_dbt(root: Path, landing_ready: bool = False) -> subprocess.Popen:
    """A run on the sample files (or, `landing_ready`, on what `root`/landing holds), paused
    once dbt's process is building (a pause marker)."""
    if not landing_ready:
        shutil.copytree(SAMPLE_LANDING, root / "landing")
    marker = root / "paused"
    run = start_run(root, **{PAUSE_AT: "dbt.running", PAUSE_FILE: str(marker)})
    while not marker.exists():
        if run.poll() is not None:
            pytest.fail(f"the run ended (exit {run.returncode}) before dbt started:\n"
                        + run.stdout.read()[-3000:] + run.stderr.read()[-3000:])
        time.sleep(0.2)
    assert dbt_processes_of(run.pid), "dbt is not running at its pause point"
    return run


def test_sigterm_while_dbt_builds_exits_143_and_the_next_run_equals_a_clean_one(
        tmp_path, sample_run):
    """`kill <pid>` of `satudata run` (the process alone, as docker stop or a CI timeout
    sends it; dbt gets no signal of its own) while dbt builds."""
    run = pause_in_dbt(tmp_path)
    run.send_signal(signal.SIGTERM)
    output, errors = run.communicate()
    assert run.returncode == 143, output[-3000:] + errors[-3000:]
    assert ("PROSES DIHENTIKAN dengan Ctrl-C, SIGTERM, atau SIGHUP pada langkah: "
            "satudata_dbt_assets" in output), output[-3000:]
    assert "Traceback" not in errors and "Traceback" not in output, errors[-3000:]
    assert " - dagster - ERROR - " not in errors
    assert not dbt_processes_of(run.pid)
    warehouse = tmp_path / "warehouse"
    # dbt was stopped, not killed mid-write: no write-ahead log, no half-written publication.
    assert sorted(p.name for p in warehouse.glob("*.wal")) == []
    assert not (warehouse / "analytics.duckdb").exists()
    assert not [p for p in warehouse.rglob(".tmp-*")]
    assert not (tmp_path / "exports").exists() or not [
        p for p in (tmp_path / "exports").iterdir() if p.name.startswith(".")]
    again = start_run(tmp_path)
    output, errors = again.communicate()
    assert again.returncode == 0, output[-3000:] + errors[-3000:]
    assert "Proses selesai." in output
    clean = marts_digest(sample_run.settings.warehouse)
    assert clean["fct_cases"][0] > 0
    # Every mart: the same rows as a clean run on the same files (none lost, none doubled).
    assert marts_digest(warehouse / "analytics.duckdb") == clean
    assert marts_digest(warehouse / "satudata.duckdb") == clean


@pytest.mark.parametrize(("signo", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_while_waiting_for_another_run_stops_at_once_with_its_code(
        tmp_path, signo, code):
    """Another run holds the run lock; the waiting run is stopped by `kill` (143) or its
    terminal closing (129, SIGHUP to its process group): at once, its summary line in
    Indonesian, nothing written."""
    warehouse = empty_warehouse(tmp_path)
    other = helper(OTHER_RUN, warehouse)
    try:
        assert other.stdout.readline().strip() == "holding"
        run = start_run(tmp_path)
        seen = read_until(run, "Menunggu proses lain pada gudang data ini")
        if signo == signal.SIGHUP:
            os.killpg(run.pid, signo)
        else:
            run.send_signal(signo)
        rest, errors = run.communicate()
    finally:
        other.kill()
        other.wait()
    assert run.returncode == code, "".join(seen) + rest + errors
    assert ("Dihentikan (Ctrl-C, SIGTERM, atau SIGHUP) saat menunggu; tidak ada yang "
            "ditulis." in rest)
    assert "Traceback" not in errors
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert con.execute("select count(*) from information_schema.tables").fetchone() == (0,)
    finally:
        con.close()


def test_report_waits_for_a_held_file_within_the_wait_budget_and_names_the_holder(tmp_path):
    """`satudata report` waited a silent 60 s of its own; it now waits like every command:
    saying for whom, giving up after SATUDATA_WAIT_SECONDS with exit 3, writing nothing."""
    budget = REPORT_SECONDS
    analytics = tmp_path / "warehouse" / "analytics.duckdb"
    analytics.parent.mkdir()
    duckdb.connect(str(analytics)).close()
    writer = helper(WRITER, analytics)
    try:
        assert writer.stdout.readline().strip() == "open"
        report = subprocess.run(
            [sys.executable, "-m", "satudata.cli", "report", "--year", "2023"], cwd=REPO_ROOT,
            env=env_for(tmp_path, SATUDATA_WAIT_SECONDS=str(budget)), capture_output=True,
            text=True)
    finally:
        writer.kill()
        writer.wait()
    assert report.returncode == 3, report.stdout + report.stderr
    assert f"Menunggu berkas gudang data: dipegang oleh PID {writer.pid}" in report.stderr
    found = GAVE_UP.search(report.stderr)
    assert found, report.stderr
    assert int(found.group(2)) == budget
    assert budget <= int(found.group(1)) <= budget + 2
    assert found.group(4) == "berkas analytics.duckdb"
    assert "Traceback" not in report.stderr
    assert not (tmp_path / "reports").exists()
