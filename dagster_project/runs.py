"""Runs that died, whoever launched them, and who holds the `duckdb` pool.

Every step that writes the warehouse takes the one slot of the `duckdb` pool. A run whose
process dies mid-step (power cut, `kill -9`, out of memory) never gives it back, and every
later run would wait for it. Dagster's run monitoring (dagster_home/dagster.yaml) frees the
slots of runs that *ended*, and fails runs that never started or ran past the time limit; it
cannot tell that the process of a run launched on this machine is gone. This module can:

- a run records the process that executes it: `satudata run` in its tags (`satudata/host`,
  `satudata/pid`), a run launched by the daemon, a sensor, a schedule or the UI in its
  `RUN_START` event (Dagster stores the run worker's PID with every event);
- that process is gone when no process has that PID, when the process that has it started
  after the run did (the PID was reused), or when the machine booted after the run started;
- a run is judged only where the answer is certain: runs tagged with another host, and
  untagged runs on an instance whose storage other machines may share (Postgres), are left
  to Dagster's run monitoring.

A dead run is marked failed, with the reason, and its slots (claimed or waited for) are freed.
`satudata run` does this before it starts; the `dead_run_sweeper` sensor does it every
minute while the Dagster daemon runs.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from dagster import DagsterEventType, DagsterInstance, DagsterRun, DagsterRunStatus, RunsFilter

from core.i18n import _

# An asset's metadata entry that `satudata run` prints as a line of its summary: what the
# officer should know of the step (a text, in the officer's language). The step logs it at
# info level: a warning would reach the terminal as Dagster's own log line.
SUMMARY_NOTE = "summary_note"
# A log record's attribute (`extra=`) marking a line the summary of `satudata run` says
# itself (a file loaded or refused, with its reason): the console shows it with --verbose
# only, the run's event log (the UI) always.
IN_SUMMARY = "satudata_in_summary"
HOST_TAG = "satudata/host"
PID_TAG = "satudata/pid"
POOL = "duckdb"
# A run may sit in STARTING while its process is being launched; after this long without
# announcing a process it never will (Dagster's own start timeout says the same).
START_GRACE_SECONDS = 180
# A process started this much after its run is another process that reuses the PID.
PID_REUSE_TOLERANCE_SECONDS = 5
_UNFINISHED = [DagsterRunStatus.STARTING, DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]


@dataclass(frozen=True)
class Holder:
    """A run that holds (or waits for) a slot of a pool, as a person should read it."""

    run_id: str
    job_name: str
    status: str
    launched_by: str
    since: dt.datetime | None
    step_key: str

    def describe(self) -> str:
        since = f"{self.since:%Y-%m-%d %H:%M:%S}" if self.since else "?"
        return _("run {run} ({job}, step {step}), started by {who} at {since}",
                 run=self.run_id[:8], job=self.job_name, step=self.step_key,
                 who=self.launched_by, since=since)


def launched_by(run: DagsterRun) -> str:
    """Who started a run, in words: the sensor, a schedule, `satudata run`, or the UI."""
    tags = run.tags
    if tags.get("dagster/sensor_name"):
        return _("sensor {name}", name=tags["dagster/sensor_name"])
    if tags.get("dagster/schedule_name"):
        return _("schedule {name}", name=tags["dagster/schedule_name"])
    if tags.get(PID_TAG):
        return _("satudata run (PID {pid} on {host})", pid=tags[PID_TAG],
                 host=tags.get(HOST_TAG, "?"))
    if tags.get("dagster/backfill"):
        return _("backfill {name}", name=tags["dagster/backfill"])
    if tags.get("user"):
        return _("{user} in the Dagster UI", user=tags["user"])
    return _("the Dagster UI or API")


def pool_holders(instance: DagsterInstance, pool: str = POOL) -> list[Holder]:
    """The runs that hold a slot of `pool` now."""
    info = instance.event_log_storage.get_concurrency_info(pool)
    holders = []
    for slot in info.claimed_slots:
        record = instance.get_run_record_by_id(slot.run_id)
        holders.append(_holder(record, slot.run_id, slot.step_key))
    return holders


def pending_steps(instance: DagsterInstance, run_id: str, pool: str = POOL) -> list[str]:
    """The steps of `run_id` waiting for a slot of `pool`."""
    info = instance.event_log_storage.get_concurrency_info(pool)
    return [step.step_key for step in info.pending_steps if step.run_id == run_id]


def _holder(record, run_id: str, step_key: str) -> Holder:
    if record is None:
        return Holder(run_id, "?", "?", _("a run that no longer exists"), None, step_key)
    run = record.dagster_run
    since = dt.datetime.fromtimestamp(record.start_time).astimezone() if record.start_time \
        else record.create_timestamp.astimezone()
    return Holder(run.run_id, run.job_name, run.status.value, launched_by(run), since, step_key)


@dataclass(frozen=True)
class Verdict:
    dead: bool
    reason: str


def judge(instance: DagsterInstance, run_id: str, *, own_pid: int | None = None) -> Verdict:
    """Whether the run's process is certainly gone, and why (in words a person reads)."""
    record = instance.get_run_record_by_id(run_id)
    if record is None:
        return Verdict(True, _("the run no longer exists"))
    run = record.dagster_run
    if run.status not in _UNFINISHED:
        return Verdict(run.is_finished, _("the run already ended ({status})",
                                                  status=run.status.value))
    host = run.tags.get(HOST_TAG)
    if host and host != socket.gethostname():
        return Verdict(False, _("the run is on another machine ({host})", host=host))
    if not host and not _local_storage(instance):
        return Verdict(False, _("the run may be on another machine (shared run storage)"))
    started = record.start_time or record.create_timestamp.timestamp()
    booted = boot_time()
    if booted is not None and started < booted:
        return Verdict(True, _("the machine restarted after the run began"))
    pid = _worker_pid(instance, run)
    if pid is None:
        if run.status == DagsterRunStatus.STARTED or \
                record.create_timestamp.timestamp() < _now() - START_GRACE_SECONDS:
            return Verdict(True, _("no process ever announced that it runs it"))
        return Verdict(False, _("its process is starting"))
    if pid == own_pid:
        return Verdict(False, _("it is this process"))
    begun = process_start(pid)
    if begun is None:
        return Verdict(True, _("its process (PID {pid}) no longer exists", pid=pid))
    if begun > started + PID_REUSE_TOLERANCE_SECONDS:
        return Verdict(True, _("its process (PID {pid}) is gone; the PID now belongs to "
                               "another program", pid=pid))
    return Verdict(False, _("its process (PID {pid}) is running", pid=pid))


def release_dead_runs(instance: DagsterInstance, pool: str = POOL) -> list[tuple[Holder, str]]:
    """Mark failed every unfinished run whose process is gone, and free the pool slots held
    or awaited by runs that ended; returns each released run with the reason."""
    holding = set(instance.event_log_storage.get_concurrency_run_ids())
    run_ids = holding | {run.run_id for run in instance.get_runs(
        filters=RunsFilter(statuses=_UNFINISHED))}
    released = []
    for run_id in sorted(run_ids):
        verdict = judge(instance, run_id, own_pid=os.getpid())
        if not verdict.dead:
            continue
        record = instance.get_run_record_by_id(run_id)
        if run_id not in holding and (record is None or record.dagster_run.is_finished):
            continue
        holder = _holder(record, run_id, "-")
        if record is not None and record.dagster_run.status in _UNFINISHED:
            instance.report_run_failed(record.dagster_run, _(
                "Marked failed by a later run: {reason}. Its DuckDB slot is released.",
                reason=verdict.reason))
        instance.event_log_storage.free_concurrency_slots_for_run(run_id)
        released.append((holder, verdict.reason))
    return released


def _worker_pid(instance: DagsterInstance, run: DagsterRun) -> int | None:
    if run.tags.get(PID_TAG, "").isdigit():
        return int(run.tags[PID_TAG])
    records = instance.get_records_for_run(
        run.run_id, of_type=DagsterEventType.RUN_START, limit=1).records
    for record in records:
        event = record.event_log_entry.dagster_event
        if event is not None and event.pid:
            return int(event.pid)
    return None


def _local_storage(instance: DagsterInstance) -> bool:
    """Run storage in SQLite files: every run on it runs on this machine."""
    from dagster._core.storage.runs import SqliteRunStorage

    return isinstance(instance.run_storage, SqliteRunStorage)


def boot_time() -> float | None:
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("btime "):
                return float(line.split()[1])
    except OSError:
        return None
    return None


def process_start(pid: int) -> float | None:
    """When process `pid` started (seconds since the epoch); None when there is none."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return _start_without_proc(pid)
    if fields[0] == "Z":  # killed, not yet reaped by its parent: gone
        return None
    booted = boot_time()
    if booted is None:
        return None
    return booted + int(fields[19]) / os.sysconf("SC_CLK_TCK")


def _start_without_proc(pid: int) -> float | None:
    """No /proc (not Linux): alive or not, without a start time (so never 'reused')."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return 0.0
    return 0.0


def _now() -> float:
    return dt.datetime.now().timestamp()
