"""Run the whole pipeline in-process through Dagster, and say what happened.

Before the run starts, `satudata run` makes sure it will not wait silently:
- `run_lock`: one `satudata run`/`ingest` at a time per warehouse; a second one says which
  process it waits for (PID, since when) every few seconds;
- dead runs, whoever launched them, are marked failed and their `duckdb` slot freed
  (dagster_project/runs.py); a live run that holds the slot is named (run, who started it,
  since when) while this one waits;
- a process that holds the warehouse file (an analyst's DuckDB session) is named by PID.
Each wait gives up after `SATUDATA_WAIT_SECONDS` (default 30 minutes) with a message and
exit code 3, and stops at once on Ctrl-C or SIGTERM (exit code 130): nothing has been
written while waiting. During the run a watcher does the same whenever a step of this run
waits for the slot.

After the run, a run whose marts are built but not published (the analytics file or the
exports hold an older build) is not a success, and every failed step is given its cause in
plain words ("the disk is full", "the folder is read-only").
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from dagster import DagsterInstance, RunsFilter

from core.config import Settings
from core.duckdb_files import connect, describe_process, is_lock_error, lock_holder, wait_limit
from core.i18n import N_, _
from dagster_project.run_history import relax_run_history_durability, release_run_history
from dagster_project.runs import (
    HOST_TAG,
    PID_TAG,
    pending_steps,
    pool_holders,
    release_dead_runs,
)
from publish.analytics import remove_abandoned_temporaries, versions_folder
from publish.publication_state import ANALYTICS, lagging
from satudata.waiting import (
    EXIT_INTERRUPTED,
    Say,
    Stopped,
    Waiting,
    interruptible,
    say,
)

INVOCATION_TAG = "satudata/invocation"
SETTLE_SECONDS = 3.0


@dataclass
class RunOutcome:
    run_id: str
    success: bool
    started: dt.datetime
    failed_steps: list[str] = field(default_factory=list)
    # (severity, asset, check) of every check that did not pass
    failed_checks: list[tuple[str, str, str]] = field(default_factory=list)
    # (step, the cause in plain words) of every failed step
    failures: list[tuple[str, str]] = field(default_factory=list)
    # what is built but not published, in words (empty when everything is published)
    unpublished: list[str] = field(default_factory=list)
    # the dead runs released before this one started, in words
    released: list[str] = field(default_factory=list)


def wait_for_pool(instance: DagsterInstance, tell: Say, allowed: float) -> list[str]:
    """Free the slots of dead runs; wait while a live run holds the `duckdb` slot."""
    released_words = []
    waiting = None
    with interruptible():
        while True:
            for holder, reason in release_dead_runs(instance):
                words = _("{holder}: {reason}; marked failed, its DuckDB slot freed.",
                          holder=holder.describe(), reason=reason)
                released_words.append(words)
                tell(_("Released a dead run: {words}", words=words))
            holders = pool_holders(instance)
            if not holders:
                return released_words
            waiting = waiting or Waiting(_("the warehouse's slot (pool duckdb)"), allowed, tell)
            waiting.tick("; ".join(holder.describe() for holder in holders))


def wait_for_warehouse(warehouse: Path, tell: Say, allowed: float) -> None:
    """Wait while another process (an analyst's session) holds the warehouse file."""
    if not warehouse.exists():
        return
    waiting = Waiting(_("the warehouse file {file}", file=warehouse.name), allowed, tell)
    with interruptible():
        while True:
            try:
                duckdb.connect(str(warehouse)).close()
                return
            except duckdb.IOException as error:
                if not is_lock_error(error):
                    raise
                waiting.tick(_("held by {process}", process=describe_process(
                    lock_holder(error))))


class SlotWatcher(threading.Thread):
    """While the run executes: when a step of it waits for the `duckdb` slot, say for whom
    (and free the slot of a run that dies meanwhile); give up after the configured time; on
    Ctrl-C or SIGTERM while only waiting (no step of ours is running, nothing is being
    written), mark the run canceled and end the process at once. Dagster itself would only
    note the signal and go on waiting."""

    def __init__(self, instance: DagsterInstance, invocation: str, tell: Say,
                 allowed: float) -> None:
        super().__init__(daemon=True, name="satudata-slot-watcher")
        self.instance, self.invocation, self.tell, self.allowed = \
            instance, invocation, tell, allowed
        self.done = threading.Event()

    def run(self) -> None:
        from dagster._utils.interrupts import check_captured_interrupt

        run_id = None
        waiting: Waiting | None = None
        pending_since: float | None = None
        while not self.done.wait(1.0):
            try:
                if run_id is None:
                    runs = self.instance.get_runs(
                        filters=RunsFilter(tags={INVOCATION_TAG: self.invocation}), limit=1)
                    run_id = runs[0].run_id if runs else None
                    continue
                holders = pool_holders(self.instance)
                mine = any(holder.run_id == run_id for holder in holders)
                if mine or not pending_steps(self.instance, run_id):
                    waiting, pending_since = None, None
                    continue
                if check_captured_interrupt():
                    self._stop(run_id, _("Stopped (Ctrl-C or SIGTERM) while waiting for the "
                                         "warehouse's slot; nothing was written."),
                               EXIT_INTERRUPTED)
                # A step is pending for a moment between two steps: only a wait that lasts
                # is worth a message.
                pending_since = pending_since or time.monotonic()
                if time.monotonic() - pending_since < SETTLE_SECONDS:
                    continue
                release_dead_runs(self.instance)
                waiting = waiting or Waiting(_("the warehouse's slot (pool duckdb)"),
                                             self.allowed, self.tell)
                waiting.tick("; ".join(h.describe() for h in holders if h.run_id != run_id)
                             or "?")
            except Stopped as stop:
                self._stop(run_id, str(stop), stop.code)
            except Exception:  # noqa: BLE001 - watching must never break the run itself
                continue

    def _stop(self, run_id: str, message: str, code: int) -> None:
        run = self.instance.get_run_by_id(run_id)
        if run is not None:
            self.instance.report_run_canceled(run, message)
        self.instance.event_log_storage.free_concurrency_slots_for_run(run_id)
        self.tell(message)
        release_run_history()
        os._exit(code)


# -- the run -----------------------------------------------------------------------------------


def run_pipeline(
    settings: Settings, instance: DagsterInstance | None = None, *, verbose: bool = False,
    job_name: str | None = None, tell: Say = say, wait: bool = True,
) -> RunOutcome:
    """Materialize every asset and check (or one job's) with the given paths.

    With `wait`, first free dead runs' slots and wait (saying for whom) for live ones and
    for a process holding the warehouse; raises Stopped when that wait gives up or is
    interrupted, before anything is written.
    """
    from core.manifest import ensure_manifest

    settings.export_env()
    ensure_manifest()
    from dagster_project.definitions import defs
    from dagster_project.jobs import ALL_JOB

    relax_run_history_durability()
    if not verbose:
        # When dbt has nothing to rebuild it reports no test results, and Dagster warns once
        # per blocking dbt test that downstream steps go on ungated: expected, not news.
        logging.getLogger("dagster._core.execution.plan.active").setLevel(logging.ERROR)
        # dbt's own log (English, a line per node) goes to the run's debug log in the UI.
        from dagster_project.assets.dbt import QUIET_DBT_ENV

        os.environ[QUIET_DBT_ENV] = "1"
    started = dt.datetime.now().replace(microsecond=0)
    job = defs.resolve_job_def(job_name or ALL_JOB)
    level = "INFO" if verbose else "WARNING"
    owned = instance is None
    instance = instance or DagsterInstance.get()
    allowed = wait_limit()
    invocation = uuid.uuid4().hex
    watcher = SlotWatcher(instance, invocation, tell, allowed)
    released: list[str] = []
    try:
        # A publication killed mid-way left its temporary file: remove it (its PID is gone).
        remove_abandoned_temporaries(versions_folder(settings.analytics))
        if wait:
            released = wait_for_pool(instance, tell, allowed)
            wait_for_warehouse(settings.warehouse, tell, allowed)
            watcher.start()
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid()),
                  INVOCATION_TAG: invocation},
            run_config={"loggers": {"console": {"config": {"log_level": level}}}},
        )
    finally:
        watcher.done.set()
        release_run_history()
        if owned:
            instance.dispose()
    outcome = RunOutcome(run_id=result.run_id, success=result.success, started=started,
                         released=released)
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            outcome.failed_steps.append(event.step_key)
            error = getattr(event.event_specific_data, "error", None)
            outcome.failures.append((event.step_key, plain_cause(error)))
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                outcome.failed_checks.append((evaluation.severity.value,
                                              "/".join(evaluation.asset_key.path),
                                              evaluation.check_name))
    outcome.unpublished = unpublished(settings)
    if outcome.unpublished:
        outcome.success = False
    return outcome


def unpublished(settings: Settings) -> list[str]:
    """What is built but not published, in words: empty when the analytics file and the
    exports hold the marts' current build (or no build of the marts has finished)."""
    if not settings.warehouse.exists():
        return []
    try:
        con = connect(settings.warehouse, read_only=True, on_wait=lambda pid, waited, allowed:
                      say(_("Waiting for the warehouse file, held by {process}, to check what "
                            "is published.", process=describe_process(pid))))
    except duckdb.Error as error:
        return [_("Could not check what is published: {cause}", cause=plain_cause(error))]
    try:
        lags = lagging(con, settings.analytics, settings.exports)
    finally:
        con.close()
    words = []
    for lag in lags:
        what = settings.analytics if lag.what == ANALYTICS else settings.exports
        at = f"{lag.published_at:%Y-%m-%d %H:%M}" if lag.published_at else _("never")
        words.append(_("{what} holds an older build than the marts (published: {at}); the next "
                       "run publishes it.", what=what, at=at))
    return words


# What a person can do about an error, found in its text (errno names, DuckDB's wording).
_CAUSES = (
    (("no space left on device", "errno 28", "disk is full"),
     N_("the disk is full (No space left on device): free space on it, then run again")),
    (("read-only file system", "errno 30"),
     N_("the folder is on a read-only disk (Read-only file system): make it writable, then "
        "run again")),
    (("disk quota exceeded", "errno 122"),
     N_("the disk quota is used up (Disk quota exceeded): free space, then run again")),
    (("permission denied", "errno 13"),
     N_("no permission to write there (Permission denied): check the folder's owner and "
        "rights")),
    (("could not set lock", "conflicting lock"),
     N_("another program holds the warehouse file (its PID is named above): close it, then "
        "run again")),
    (("dagsterexecutioninterruptederror", "keyboardinterrupt"),
     N_("stopped by Ctrl-C or SIGTERM")),
)


def plain_cause(error) -> str:
    """The cause of a failure in words a person can act on, then the original text.

    `error` is Dagster's SerializableErrorInfo (with its cause/context chain) or an
    exception."""
    texts = []
    while error is not None and len(texts) < 10:
        if isinstance(error, BaseException):
            texts.append(f"{type(error).__name__}: {error}")
            error = error.__cause__ or error.__context__
        else:
            texts.append(error.message)
            error = error.cause or error.context
    if not texts:
        return _("unknown cause")
    joined = "\n".join(texts).lower()
    innermost = [line.strip() for line in texts[-1].splitlines() if line.strip()]
    last = (innermost[0] if innermost else texts[-1])[:300]
    for needles, words in _CAUSES:
        if any(needle in joined for needle in needles):
            return f"{_(words)} — {last}"
    return last
