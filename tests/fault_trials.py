"""Fault trials behind docs/reliability.md: kill `satudata run` at random moments and at the
publication pause points, fill the warehouse's and the exports' disks, make the exports
read-only, run two `satudata run` and a sensor-started run at once, and keep an analyst's
read-write session on the analytics file during a publication. After each fault: the previous
analytics file and exports are intact (or whole new versions), the ledger balances, and the
next `satudata run` completes with marts equal to a clean run's.

    sudo .venv/bin/python -m tests.fault_trials [--kills 12] [--seed 16] [--work DIR]

Needs root (tmpfs mounts for the full and read-only disks). Takes 30–60 minutes on 2 busy
cores; it is not part of `make test` (which holds one test of each kind). Prints a Markdown
table of the trials and writes the same as JSON (`--json`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from core.config import REPO_ROOT
from core.faults import PAUSE_AT, PAUSE_FILE
from publish.analytics import current_version, versions_folder
from publish.publication_state import lagging
from tests.conftest import SAMPLE_LANDING

NEW_FILE = SAMPLE_LANDING / "simfoni" / "simfoni_ppa_ntt_2023.csv"
# Differ between runs by construction: the ledger id a row came from (a killed run may
# consume ids of the sequence), nothing a reader counts.
# What depends on the order files were loaded in, not on the data: ledger ids, the file labels
# and finding keys made from them, and when an extract was loaded.
VOLATILE_COLUMNS = {"ingest_id", "file_name", "finding_key", "loaded_at"}
NAMED_POINTS = ("ingest.mid_file", "dbt.running", "export.before_swap", "publish.before_swap")
COMPLETED = "Proses selesai."


@dataclass
class Trial:
    kind: str
    detail: str
    fault_exit: int | None = None
    fault_cause: str = ""
    previous_intact: bool = False
    ledger_balances: bool = False
    rerun_exit: int | None = None
    published_after: bool = False
    marts_equal_clean: bool = False
    leftovers: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return (self.previous_intact and self.ledger_balances and self.rerun_exit == 0
                and self.published_after and self.marts_equal_clean and not self.leftovers)


class Office:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.landing = root / "landing"
        self.warehouse = root / "warehouse" / "satudata.duckdb"
        self.analytics = root / "warehouse" / "analytics.duckdb"
        self.exports = root / "exports"
        self.home = root / "dagster_home"
        self.mounts: list[Path] = []

    def env(self, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("SATUDATA_", "DAGSTER_HOME"))}
        env.update(SATUDATA_LANDING=str(self.landing), SATUDATA_WAREHOUSE=str(self.warehouse),
                   SATUDATA_ANALYTICS=str(self.analytics), SATUDATA_EXPORTS=str(self.exports),
                   DAGSTER_HOME=str(self.home), DAGSTER_DISABLE_TELEMETRY="1",
                   SATUDATA_LANG="id", SATUDATA_ALLOW_DEV_KEY="1", **extra)
        return env

    def start(self, **extra: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "satudata.cli", "run"], cwd=REPO_ROOT,
                                env=self.env(**extra), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def run(self, **extra: str) -> tuple[int, str]:
        process = self.start(**extra)
        output, _ = process.communicate()
        return process.returncode, output

    def mount_tmpfs(self, folder: Path, size: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                       check=True)
        self.mounts.append(folder)

    def unmount_all(self) -> None:
        for folder in reversed(self.mounts):
            subprocess.run(["umount", "-l", str(folder)], check=False)
        self.mounts.clear()


def copy_state(source: Office, target: Office, *, onto_mounts: bool = False) -> None:
    """The base office's landing, warehouse, analytics versions and exports; a fresh home."""
    shutil.copytree(source.landing, target.landing)
    shutil.copytree(source.warehouse.parent, target.warehouse.parent, symlinks=True,
                    dirs_exist_ok=onto_mounts, ignore=shutil.ignore_patterns("*.lock"))
    shutil.copytree(source.exports, target.exports, dirs_exist_ok=onto_mounts)
    target.home.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", target.home)


def marts_digest(database: Path) -> dict[str, tuple[int, str]]:
    """Per mart: row count and an order-free digest of its rows (volatile columns left out)."""
    con = duckdb.connect(str(database), read_only=True)
    try:
        digest = {}
        tables = [t for (t,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall()]
        for table in tables:
            columns = [c for (c,) in con.execute(
                "select column_name from duckdb_columns() where schema_name = 'marts' and "
                "table_name = ? order by column_index", [table]).fetchall()
                if c not in VOLATILE_COLUMNS]
            quoted = ", ".join(f'"{column}"' for column in columns)
            row = con.execute(f"select count(*), coalesce(sum(hash({quoted})::hugeint), 0) "
                              f'from marts."{table}"').fetchall()[0]
            digest[table] = (row[0], str(row[1]))
        return digest
    finally:
        con.close()


def snapshot(office: Office) -> dict:
    version = current_version(office.analytics)
    return {
        "version": version.name if version else None,
        "version_hash": hashlib.sha256(version.read_bytes()).hexdigest() if version else None,
        "exports": {str(p.relative_to(office.exports)): hashlib.sha256(p.read_bytes()).hexdigest()
                    for p in sorted(office.exports.rglob("*")) if p.is_file()},
    }


def previous_intact(office: Office, before: dict) -> bool:
    """The analytics version and every export are the previous ones byte for byte, or a
    whole new one (a swap that completed): nothing half-written is visible."""
    version = current_version(office.analytics)
    if version is None:
        return False
    if version.name == before["version"]:
        if hashlib.sha256(version.read_bytes()).hexdigest() != before["version_hash"]:
            return False
    else:
        try:
            con = duckdb.connect(str(office.analytics), read_only=True)
            con.execute("select count(*) from publication").fetchall()
            con.close()
        except duckdb.Error:
            return False
    now = snapshot(office)["exports"]
    for dataset in {key.split("/")[0] for key in before["exports"] if "/" in key}:
        old = {k: v for k, v in before["exports"].items() if k.startswith(dataset + "/")}
        new = {k: v for k, v in now.items() if k.startswith(dataset + "/")}
        if new != old and not valid_package(office.exports / dataset):
            return False
    return True


def valid_package(folder: Path) -> bool:
    from frictionless import validate

    return (folder / "datapackage.json").exists() and \
        validate(str(folder / "datapackage.json")).valid


def ledger_balances(office: Office) -> bool:
    con = duckdb.connect(str(office.warehouse), read_only=True)
    try:
        rows = con.execute(
            "select ingest_id, source, rows_read, rows_loaded, rows_quarantined, rows_dropped "
            "from raw.ingest_ledger where status = 'loaded' and superseded_by is null").fetchall()
        for ingest_id, source, read, loaded, quarantined, dropped in rows:
            if read != loaded + quarantined + dropped:
                return False
            in_raw = con.execute(f"select count(*) from raw.{source} where ingest_id = ?",
                                 [ingest_id]).fetchall()[0][0]
            if in_raw != loaded:
                return False
        twice = con.execute("select sha256 from raw.ingest_ledger where status = 'loaded' "
                            "group by 1 having count(*) > 1").fetchall()
        return not twice
    finally:
        con.close()


def leftovers(office: Office) -> list[str]:
    found = [p.name for p in office.exports.iterdir() if p.name.startswith(".")]
    found += [p.name for p in versions_folder(office.analytics).glob(".tmp-*")]
    return found


def published(office: Office) -> bool:
    con = duckdb.connect(str(office.warehouse), read_only=True)
    try:
        return lagging(con, office.analytics, office.exports) == []
    finally:
        con.close()


def cause_of(output: str) -> str:
    """The first failed step and its cause, as the run's summary prints them (after `UI:`)."""
    lines = output.splitlines()
    after = next((n for n, line in enumerate(lines) if line.startswith("UI:")), len(lines))
    for line in lines[after + 1:]:
        if line.startswith("  ") and ": " in line:
            return line.strip()[:160]
    return ""


def finish(trial: Trial, office: Office, before: dict, clean: dict, started: float) -> Trial:
    trial.previous_intact = previous_intact(office, before)
    trial.ledger_balances = ledger_balances(office)
    code, output = office.run()
    trial.rerun_exit = code if COMPLETED in output else (code or -1)
    trial.published_after = published(office)
    trial.marts_equal_clean = marts_digest(office.analytics) == clean \
        and marts_digest(office.warehouse) == clean
    trial.leftovers = leftovers(office)
    trial.seconds = round(time.monotonic() - started, 1)
    print(f"  {trial.kind:12} {trial.detail:34} {'ok' if trial.passed else 'FAILED'} "
          f"{trial.fault_cause}", flush=True)
    return trial


def kill_trial(base: Office, office: Office, clean: dict, *, point: str | None,
               after: float | None) -> Trial:
    started = time.monotonic()
    copy_state(base, office)
    shutil.copy(NEW_FILE, office.landing / "simfoni")
    before = snapshot(office)
    marker = office.root / "paused"
    extra = {PAUSE_AT: point, PAUSE_FILE: str(marker)} if point else {}
    process = office.start(**extra)
    if point:
        while not marker.exists() and process.poll() is None:
            time.sleep(0.2)
    else:
        deadline = time.monotonic() + after
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
    ended_by_itself = process.poll() is not None
    if not ended_by_itself:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    detail = f"at {point}" if point else f"after {after:.1f} s"
    if ended_by_itself:
        detail += " (run had ended)"
    trial = Trial("kill", detail, fault_exit=process.returncode)
    return finish(trial, office, before, clean, started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=12, help="SIGKILL trials (≥ 10)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--work", default="/tmp/satudata-fault-trials")
    parser.add_argument("--json", default="", help="write the trials here as JSON")
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("Run as root: the full and read-only disks are tmpfs mounts.")
        return 2
    rng = random.Random(args.seed)
    work = Path(args.work)
    if work.exists():
        subprocess.run(["umount", "-R", "-l", str(work)], capture_output=True)
        shutil.rmtree(work)
    work.mkdir(parents=True)
    trials: list[Trial] = []

    print("Clean run on every sample file (the reference)…", flush=True)
    clean_office = Office(work / "clean")
    shutil.copytree(SAMPLE_LANDING, clean_office.landing)
    clean_office.home.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", clean_office.home)
    code, output = clean_office.run()
    assert code == 0, output[-3000:]
    clean = marts_digest(clean_office.warehouse)

    print("Base: every sample file but SIMFONI 2023 (each trial then drops it in)…", flush=True)
    base = Office(work / "base")
    shutil.copytree(SAMPLE_LANDING, base.landing)
    (base.landing / "simfoni" / NEW_FILE.name).unlink()
    base.home.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", base.home)
    code, output = base.run()
    assert code == 0, output[-3000:]

    print("Measuring an undisturbed run of the new file…", flush=True)
    measure = Office(work / "measure")
    copy_state(base, measure)
    shutil.copy(NEW_FILE, measure.landing / "simfoni")
    began = time.monotonic()
    code, output = measure.run()
    duration = time.monotonic() - began
    assert code == 0 and marts_digest(measure.warehouse) == clean, "incremental ≠ clean"
    print(f"  {duration:.1f} s", flush=True)

    print("Timing a sensor-started run of the same file…", flush=True)
    sensor_office = Office(work / "sensor-timing")
    copy_state(base, sensor_office)
    shutil.copy(NEW_FILE, sensor_office.landing / "simfoni")
    past = time.time() - 120
    os.utime(sensor_office.landing / "simfoni" / NEW_FILE.name, (past, past))
    began = time.monotonic()
    sensor = subprocess.run([sys.executable, "-c", SENSOR_RUN], cwd=REPO_ROOT,
                            env=sensor_office.env(), capture_output=True, text=True)
    sensor_duration = time.monotonic() - began
    assert "success" in sensor.stdout, sensor.stdout + sensor.stderr[-2000:]
    assert marts_digest(sensor_office.analytics) == clean, "sensor run ≠ clean"
    print(f"  {sensor_duration:.1f} s ({sensor.stdout.strip()})", flush=True)

    print(f"{args.kills} SIGKILL trials…", flush=True)
    for number in range(args.kills):
        office = Office(work / f"kill-{number:02d}")
        if number < len(NAMED_POINTS):
            trials.append(kill_trial(base, office, clean, point=NAMED_POINTS[number],
                                     after=None))
        else:
            trials.append(kill_trial(base, office, clean, point=None,
                                     after=rng.uniform(0.05, 0.95) * duration))

    print("Disks…", flush=True)
    trials.append(full_warehouse_disk(base, Office(work / "full-warehouse"), clean))
    trials.append(full_exports_disk(base, Office(work / "full-exports"), clean))
    trials.append(read_only_exports(base, Office(work / "read-only-exports"), clean))
    print("Concurrency…", flush=True)
    trials.append(two_runs_and_a_sensor_run(base, Office(work / "concurrent"), clean))
    trials.append(analyst_writing_during_publish(base, Office(work / "analyst"), clean))

    table = markdown(trials, duration, args.seed, sensor_duration)
    print(table)
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"seed": args.seed, "undisturbed_run_s": round(duration, 1),
             "sensor_run_s": round(sensor_duration, 1),
             "trials": [asdict(t) | {"passed": t.passed} for t in trials]}, indent=2),
            encoding="utf-8")
    return 0 if all(t.passed for t in trials) else 1


def full_warehouse_disk(base: Office, office: Office, clean: dict) -> Trial:
    started = time.monotonic()
    size = base.warehouse.stat().st_size
    versions = sum(p.stat().st_size for p in versions_folder(base.analytics).iterdir())
    # Room for what is there and a little more: loading SIMFONI 2023 and building overflow it.
    office.mount_tmpfs(office.warehouse.parent, f"{(size + versions) // 1024 + 2048}k")
    try:
        copy_state(base, office, onto_mounts=True)
        shutil.copy(NEW_FILE, office.landing / "simfoni")
        before = snapshot(office)
        code, output = office.run()
        trial = Trial("full disk", "warehouse folder (tmpfs)", fault_exit=code,
                      fault_cause=cause_of(output))
        subprocess.run(["mount", "-o", "remount,size=1g", str(office.warehouse.parent)],
                       check=True)
        return finish(trial, office, before, clean, started)
    finally:
        office.unmount_all()


def full_exports_disk(base: Office, office: Office, clean: dict) -> Trial:
    started = time.monotonic()
    office.mount_tmpfs(office.exports, "4m")
    try:
        copy_state(base, office, onto_mounts=True)
        shutil.copy(NEW_FILE, office.landing / "simfoni")
        before = snapshot(office)
        ballast = office.exports / "ballast"
        with open(ballast, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
            except OSError:
                pass
        code, output = office.run()
        ballast.unlink()
        trial = Trial("full disk", "exports folder (tmpfs)", fault_exit=code,
                      fault_cause=cause_of(output))
        return finish(trial, office, before, clean, started)
    finally:
        office.unmount_all()


def read_only_exports(base: Office, office: Office, clean: dict) -> Trial:
    started = time.monotonic()
    office.mount_tmpfs(office.exports, "16m")
    try:
        copy_state(base, office, onto_mounts=True)
        shutil.copy(NEW_FILE, office.landing / "simfoni")
        before = snapshot(office)
        subprocess.run(["mount", "-o", "remount,ro", str(office.exports)], check=True)
        code, output = office.run()
        subprocess.run(["mount", "-o", "remount,rw", str(office.exports)], check=True)
        trial = Trial("read-only", "exports folder (tmpfs remounted ro)", fault_exit=code,
                      fault_cause=cause_of(output))
        return finish(trial, office, before, clean, started)
    finally:
        office.unmount_all()


SENSOR_RUN = """
import sys
import dagster as dg
from dagster import DagsterInstance
from dagster_project.definitions import defs
from dagster_project.sensors import landing_folder_sensor
instance = DagsterInstance.get()
tick = landing_folder_sensor.evaluate_tick(
    dg.build_sensor_context(definitions=defs, instance=instance))
for request in tick.run_requests:  # as the daemon launches them
    result = defs.resolve_job_def(request.job_name).execute_in_process(
        instance=instance, tags=request.tags, raise_on_error=False)
    print("sensor run", request.job_name, "success" if result.success else "FAILED", flush=True)
    sys.exit(0 if result.success else 1)
print("sensor: no run", flush=True)
"""


def two_runs_and_a_sensor_run(base: Office, office: Office, clean: dict) -> Trial:
    started = time.monotonic()
    copy_state(base, office)
    shutil.copy(NEW_FILE, office.landing / "simfoni")
    past = time.time() - 120
    os.utime(office.landing / "simfoni" / NEW_FILE.name, (past, past))
    before = snapshot(office)
    processes = [office.start(), office.start(),
                 subprocess.Popen([sys.executable, "-c", SENSOR_RUN], cwd=REPO_ROOT,
                                  env=office.env(), stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)]
    outputs = [process.communicate()[0] for process in processes]
    codes = [process.returncode for process in processes]
    trial = Trial("concurrent", "2 × satudata run + 1 sensor run",
                  fault_exit=max(codes), fault_cause=", ".join(
                      f"exit {code}" for code in codes))
    if any(codes):
        print("\n".join(output[-1500:] for output in outputs))
    return finish(trial, office, before, clean, started)


ANALYST_RW = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])  # read-write, against the README
con.execute("create table main.catatan as select 1 as x")
print("written", flush=True)
sys.stdin.readline()
print(con.execute("select count(*) from marts.fct_cases").fetchall()[0][0], flush=True)
"""


def analyst_writing_during_publish(base: Office, office: Office, clean: dict) -> Trial:
    started = time.monotonic()
    copy_state(base, office)
    shutil.copy(NEW_FILE, office.landing / "simfoni")
    before = snapshot(office)
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST_RW, str(office.analytics)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        analyst.stdout.readline()
        code, output = office.run()
        readers_ok = True
        for read_only in (True, False):
            try:
                con = duckdb.connect(str(office.analytics), read_only=read_only)
                con.execute("select count(*) from marts.fct_cases").fetchall()
                con.close()
            except duckdb.Error:
                readers_ok = False
        analyst.stdin.write("\n")
        analyst.stdin.flush()
        session = analyst.stdout.readline().strip()
    finally:
        analyst.kill()
        analyst.wait()
    trial = Trial("analyst", "read-write session held during publish", fault_exit=code,
                  fault_cause=f"new readers {'ok' if readers_ok else 'FAILED'}; "
                              f"session kept its version ({session} cases)")
    trial = finish(trial, office, before, clean, started)
    trial.previous_intact = trial.previous_intact and readers_ok
    return trial


def markdown(trials: list[Trial], duration: float, seed: int, sensor: float) -> str:
    lines = [f"Undisturbed `satudata run` of the new file: {duration:.0f} s; the same file "
             f"started by the landing sensor (its `ingest_simfoni` run, executed as the "
             f"daemon's run worker does): {sensor:.0f} s, including the sensor's tick; seed "
             f"{seed}.", "",
             "| # | fault | where / when | fault run exit | cause named | previous intact | "
             "ledger balances | next run | published | marts = clean run | leftovers |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for number, t in enumerate(trials, 1):
        lines.append(
            f"| {number} | {t.kind} | {t.detail} | {t.fault_exit} | {t.fault_cause or '-'} | "
            f"{yes(t.previous_intact)} | {yes(t.ledger_balances)} | exit {t.rerun_exit} | "
            f"{yes(t.published_after)} | {yes(t.marts_equal_clean)} | "
            f"{', '.join(t.leftovers) or 'none'} |")
    passed = sum(t.passed for t in trials)
    lines += ["", f"{passed} of {len(trials)} trials passed every check."]
    return "\n".join(lines)


def yes(value: bool) -> str:
    return "yes" if value else "**no**"


if __name__ == "__main__":
    sys.exit(main())
