"""Run the whole pipeline in-process through Dagster, and say what happened.

Before the run starts, `satudata run` makes sure it will not wait silently:
- `run_lock`: one `satudata run`/`ingest` at a time per warehouse; a second one says which
  process it waits for (PID, since when) every few seconds;
- dead runs, whoever launched them, are marked failed and their `duckdb` slot freed
  (dagster_project/runs.py); a live run that holds the slot is named (run, who started it,
  since when) while this one waits;
- a process that holds the warehouse file (an analyst's DuckDB session) is named by PID.
Every wait of the run draws from one budget (`core.duckdb_files.run_budget`):
`SATUDATA_WAIT_SECONDS` (default 30 minutes) is the most the run waits in all, whatever it
waits for and however often. Once it is spent the run gives up with a message saying how long
it waited in all and for what, and exit code 3; Ctrl-C, SIGTERM or SIGHUP stops a wait at
once (exit code 130, 143, 129: `satudata.waiting.stop_code`): nothing has been written while
waiting. During the run a watcher does the same whenever a step of this run waits for the
slot, and a step waiting for the warehouse file
draws from the same budget.

Ctrl-C, SIGTERM or SIGHUP while a step works (dbt building): Dagster fails the step and the
run (it handles SIGTERM as Ctrl-C; `satudata.waiting.stop_signals` makes SIGHUP do the same);
the console shows no English error or stack trace of it (they stay in the run's event log, in
the UI), the dbt process is stopped, and the outcome says `interrupted`, so the command line
prints its summary and exits 130, 143 or 129 (`stop_code`).

After the run, a run whose marts are built but not published (the analytics file or the
exports hold an older build) is not a success, and every failed step is given its cause in
plain words ("the disk is full", "the folder is read-only"). The outcome records which steps
began and which finished: the summary of a stopped or failed run states no findings count and
no published path of a step that did not finish (`RunOutcome.unfinished`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import signal
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
from dagster import DagsterInstance, RunsFilter

from core.config import Settings
from core.duckdb_files import (
    GaveUp,
    connect,
    current_budget,
    describe_process,
    run_budget,
)
from core.i18n import N_, _
from core.owner import ForeignOutput
from dagster_project.run_history import relax_run_history_durability, release_run_history
from dagster_project.runs import (
    HOST_TAG,
    IN_SUMMARY,
    PID_TAG,
    SUMMARY_NOTE,
    pending_steps,
    pool_holders,
    release_dead_runs,
)
from publish.analytics import remove_abandoned_temporaries, versions_folder
from publish.publication_state import ANALYTICS, lagging
from satudata.waiting import (
    Say,
    Stopped,
    Waiting,
    interruptible,
    open_when_free,
    say,
    stop_code,
)

INVOCATION_TAG = "satudata/invocation"
SETTLE_SECONDS = 3.0

# What the summary states from the work of one step: the findings (the dbt build), the
# analytics file, the Satu Data exports, the annual-report annex. A run that was stopped or
# where a step failed states none of them for a step that did not finish.
MADE_FINDINGS, MADE_ANALYTICS, MADE_EXPORTS, MADE_ANNEX = "findings", "analytics", "exports", \
    "annex"


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
    # stopped by Ctrl-C, SIGTERM or SIGHUP while a step worked (exit 130)
    interrupted: bool = False
    # a step gave up waiting: the run's wait budget was spent (exit 3), in words
    gave_up: str | None = None
    # what the run's helper processes (Dagster's log tailers) wrote on stderr, if anything
    helpers_log: Path | None = None
    # what steps want the officer to read in the summary (their SUMMARY_NOTE metadata)
    notes: list[str] = field(default_factory=list)
    # whether every step of the run succeeded (Dagster's verdict, before the publication check)
    steps_succeeded: bool = True
    # MADE_FINDINGS, … → the key of the step of this run's job that makes it
    made_by: dict[str, str] = field(default_factory=dict)
    # the steps that began (STEP_START) and that finished (STEP_SUCCESS) in this run
    started_steps: set[str] = field(default_factory=set)
    finished_steps: set[str] = field(default_factory=set)

    def unfinished(self) -> list[str]:
        """What the summary must not state as done (MADE_FINDINGS, MADE_ANALYTICS, …): in a
        run that was stopped or where a step failed, what a step that did not finish makes;
        empty when every step succeeded."""
        if self.steps_succeeded:
            return []
        return [made for made, step in self.made_by.items() if step not in self.finished_steps]

    def untouched(self, made: str) -> bool:
        """Whether the step that makes `made` did not even begin in this run: what an earlier
        run wrote for it is then as that run left it."""
        return self.made_by.get(made) not in self.started_steps


def wait_for_pool(instance: DagsterInstance, tell: Say) -> list[str]:
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
            waiting = waiting or Waiting(_("the warehouse's slot (pool duckdb)"), tell)
            waiting.tick("; ".join(holder.describe() for holder in holders))


def wait_for_warehouse(warehouse: Path, tell: Say) -> None:
    """Wait while another process (an analyst's session) holds the warehouse file."""
    if warehouse.exists():
        open_when_free(warehouse, tell).close()


class SlotWatcher(threading.Thread):
    """While the run executes: when a step of it waits for the `duckdb` slot, say for whom
    (and free the slot of a run that dies meanwhile); give up after the configured time; on
    Ctrl-C, SIGTERM or SIGHUP while only waiting (no step of ours is running, nothing is being
    written), mark the run canceled and end the process at once. Dagster itself would only
    note the signal and go on waiting."""

    def __init__(self, instance: DagsterInstance, invocation: str, tell: Say) -> None:
        super().__init__(daemon=True, name="satudata-slot-watcher")
        self.instance, self.invocation, self.tell = instance, invocation, tell
        self.budget = current_budget()  # the run's, taken in the thread that runs it
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
                    self._stop(run_id, _("Stopped (Ctrl-C, SIGTERM or SIGHUP) while waiting for "
                                         "the warehouse's slot; nothing was written."),
                               stop_code())
                # A step is pending for a moment between two steps: only a wait that lasts
                # is worth a message.
                pending_since = pending_since or time.monotonic()
                if time.monotonic() - pending_since < SETTLE_SECONDS:
                    continue
                release_dead_runs(self.instance)
                waiting = waiting or Waiting(_("the warehouse's slot (pool duckdb)"),
                                             self.tell, self.budget)
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
    interrupted, before anything is written. Every wait, before and during the run, draws
    from the one budget of `run_budget()` (the caller's, when it opened one first: `satudata
    run` does, before waiting for the run lock).
    """
    with run_budget():
        return _run(settings, instance, verbose=verbose, job_name=job_name, tell=tell,
                    wait=wait)


def _run(settings: Settings, instance: DagsterInstance | None, *, verbose: bool,
         job_name: str | None, tell: Say, wait: bool) -> RunOutcome:
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
    job = defs.resolve_job_def(job_name or ALL_JOB).with_logger_defs(
        {"console": console_logger})
    level = "INFO" if verbose else "WARNING"
    owned = instance is None
    instance = instance or DagsterInstance.get()
    invocation = uuid.uuid4().hex
    watcher = SlotWatcher(instance, invocation, tell)
    released: list[str] = []
    try:
        # A publication killed mid-way left its temporary file: remove it (its PID is gone).
        remove_abandoned_temporaries(versions_folder(settings.analytics))
        if wait:
            released = wait_for_pool(instance, tell)
            wait_for_warehouse(settings.warehouse, tell)
            watcher.start()
        helpers_log = helpers_log_path(settings, started, invocation)
        with children_stderr_to(None if verbose else helpers_log):
            result = job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                tags={HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid()),
                      INVOCATION_TAG: invocation},
                run_config={"loggers": {"console": {"config": {"log_level": level,
                                                               "verbose": verbose}}}},
            )
    finally:
        watcher.done.set()
        release_run_history()
        if owned:
            instance.dispose()
    outcome = RunOutcome(run_id=result.run_id, success=result.success, started=started,
                         released=released,
                         helpers_log=helpers_log if helpers_log.exists() else None,
                         steps_succeeded=result.success, made_by=steps_making(defs, job))
    for event in result.all_events:
        error = getattr(event.event_specific_data, "error", None)
        if event.event_type_value == "STEP_START":
            outcome.started_steps.add(event.step_key)
        elif event.event_type_value == "STEP_SUCCESS":
            outcome.finished_steps.add(event.step_key)
        elif event.event_type_value == "STEP_FAILURE":
            outcome.failed_steps.append(event.step_key)
            outcome.failures.append((event.step_key, plain_cause(error)))
            gave_up = _gave_up(error)
            outcome.gave_up = outcome.gave_up or gave_up
        elif event.event_type_value == "ASSET_MATERIALIZATION":
            note = event.event_specific_data.materialization.metadata.get(SUMMARY_NOTE)
            if note is not None:
                outcome.notes.append(str(note.value))
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                outcome.failed_checks.append((evaluation.severity.value,
                                              "/".join(evaluation.asset_key.path),
                                              evaluation.check_name))
        if event.is_failure and is_interruption(error):
            outcome.interrupted = True
    if outcome.interrupted:
        # dagster-dbt passes Ctrl-C on to dbt only while it reads dbt's output: a dbt still
        # running would hold the warehouse file (and this process would wait for it).
        stop_children("dbt")
    # What did not finish is said once, by the summary's own line for it.
    outcome.unpublished = unpublished(settings, skip=set(outcome.unfinished()))
    if outcome.unpublished:
        outcome.success = False
    return outcome


def steps_making(defs: dg.Definitions, job: dg.JobDefinition) -> dict[str, str]:
    """MADE_FINDINGS, MADE_ANALYTICS, MADE_EXPORTS, MADE_ANNEX → the key of the step of `job`
    that makes it (the node of the asset that holds it; those `job` does not run are left
    out)."""
    from dagster_project.assets.publish import ANALYTICS as analytics_asset
    from dagster_project.assets.publish import RELEASE
    from dagster_project.assets.report import ANNEX
    from dagster_project.checks import FINDINGS

    assets = {MADE_FINDINGS: FINDINGS, MADE_ANALYTICS: analytics_asset, MADE_EXPORTS: RELEASE,
              MADE_ANNEX: ANNEX}
    steps = {made: defs.resolve_assets_def(key).node_def.name for made, key in assets.items()}
    return {made: step for made, step in steps.items() if step in job.graph.node_dict}


# -- Ctrl-C while a step works -----------------------------------------------------------------

_INTERRUPTIONS = ("DagsterExecutionInterruptedError", "KeyboardInterrupt")


def _error_chain(error) -> Iterator:
    """The error (Dagster's SerializableErrorInfo) and its causes and contexts."""
    seen = 0
    while error is not None and seen < 10:
        yield error
        error = getattr(error, "cause", None) or getattr(error, "context", None)
        seen += 1


def is_interruption(error) -> bool:
    """Whether a step's or the run's failure is Ctrl-C / SIGTERM (Dagster's interrupt)."""
    return any(getattr(link, "cls_name", None) in _INTERRUPTIONS for link in _error_chain(error))


def _gave_up(error) -> str | None:
    """The words of a step that gave up waiting (the run's wait budget spent), if it did."""
    for link in _error_chain(error):
        if getattr(link, "cls_name", None) == GaveUp.__name__:
            kind, _colon, words = link.message.strip().partition(": ")
            return words if kind.endswith(GaveUp.__name__) else link.message.strip()
    return None


class _QuietFailures(logging.Filter):
    """Without --verbose, neither Dagster's own error lines (English, with a stack trace)
    for a step or run that failed nor a step's line on a file the summary names
    (`IN_SUMMARY`, framed by Dagster in English) reach the console: a failed step is said in
    one line of the reader's language, its cause in plain words (`plain_cause`), and a step or run
    stopped by Ctrl-C not at all; the summary says the rest. The run's event log (the UI)
    keeps Dagster's full lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, IN_SUMMARY, False):
            return False  # a file loaded or refused: the summary says it, once
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event") if isinstance(meta, dict) else None
        if event is None:
            return self._not_run(record, meta)
        if not event.is_failure:
            return True
        error = getattr(event.event_specific_data, "error", None)
        if is_interruption(error) or event.event_type_value != "STEP_FAILURE":
            return False
        cause = plain_cause(error)
        kind, _colon, words = cause.partition(": ")
        if words and re.fullmatch(r"[A-Za-z_][\w.]*", kind):  # `dagster...Failure: <words>`
            cause = words
        record.msg = _("step {step} failed: {cause} (Dagster's details: --verbose, or the run "
                       "in the UI)", step=event.step_key, cause=cause)
        record.args = ()
        return True

    @staticmethod
    def _not_run(record: logging.LogRecord, meta: dict) -> bool:
        """Dagster's English line for a step left out because a step before it failed
        ("Dependencies for step X failed: ['Y', 'Y']. Not executing.") is said once in the
        reader's language, naming the steps before it that failed."""
        said = _NOT_RUN.fullmatch(str(meta.get("orig_message", "")) if isinstance(meta, dict)
                                  else "")
        if said is None:
            return True
        before = list(dict.fromkeys(re.findall(r"'([^']+)'", said["failed"] or "")))
        if not before:  # abandoned: the steps before it were not run either
            before = list(dict.fromkeys(re.findall(r"'([^']+)'", said["abandoned"] or "")))
        record.msg = _("step {step} not run: a step before it failed ({steps})",
                       step=said["step"], steps=", ".join(before))
        record.args = ()
        return True


_NOT_RUN = re.compile(r"Dependencies for step (?P<step>\S+?)(?: failed: (?P<failed>\[[^\]]*\]))?"
                      r"(?: were not executed: (?P<abandoned>\[[^\]]*\]))?\. Not executing\.")


@dg.logger(
    {"log_level": dg.Field(str, is_required=False, default_value="INFO"),
     "name": dg.Field(str, is_required=False, default_value="dagster"),
     "verbose": dg.Field(bool, is_required=False, default_value=False)},
)
def console_logger(init_context) -> logging.Logger:
    """Dagster's colored console logger; without `verbose`, a failed step is one line in
    the reader's language, with no stack trace (`_QuietFailures`)."""
    from dagster._utils.log import create_console_logger

    config = init_context.logger_config
    built = create_console_logger(config["name"], config["log_level"])
    if not config["verbose"]:
        for handler in built.handlers:
            handler.addFilter(_QuietFailures())
    return built


def helpers_log_path(settings: Settings, started: dt.datetime, invocation: str) -> Path:
    """Where the stderr of a run's child processes goes: `<warehouse folder>/logs/`."""
    return settings.warehouse.parent / "logs" / f"run-{started:%Y%m%d-%H%M%S}-{invocation[:8]}.log"


@contextlib.contextmanager
def children_stderr_to(path: Path | None) -> Iterator[None]:
    """Child processes started inside the block write their stderr to `path`; this process
    still writes to the terminal (`sys.stderr` is moved to a copy of it).

    Dagster starts helper processes (the tailers that mirror a step's output) which share
    the terminal's Ctrl-C and each print a KeyboardInterrupt traceback when it comes. Their
    words belong in a log file; an empty one is removed at the end. With `path` None (or no
    real stderr, as under pytest's capture) nothing changes."""
    try:
        terminal_fd = sys.stderr.fileno() if path is not None else -1
    except (AttributeError, OSError, ValueError):
        terminal_fd = -1
    if terminal_fd != 2:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved_fd = os.dup(2)
    original = sys.stderr
    log_fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    sys.stderr = os.fdopen(os.dup(saved_fd), "w", buffering=1, encoding=original.encoding,
                           errors=original.errors)
    os.dup2(log_fd, 2)
    os.close(log_fd)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved_fd, 2)
        os.close(saved_fd)
        sys.stderr.close()
        sys.stderr = original
        with contextlib.suppress(OSError):
            if path.stat().st_size == 0:
                path.unlink()


def stop_children(command: str, grace: float = 30.0) -> list[int]:
    """Stop this process's children whose command line holds `command` (SIGINT, then SIGKILL
    after `grace` seconds: time for dbt to cancel its statement and close the warehouse,
    which took more than 10 s on a loaded machine); returns their PIDs. Linux (/proc);
    elsewhere nothing."""
    mine = str(os.getpid())
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            argv = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError):
            continue
        if fields[1] == mine and any(command.encode() in part for part in argv):
            children.append(int(stat.parent.name))
    for pid in children:
        _signal(pid, signal.SIGINT)
    deadline = time.monotonic() + grace
    for pid in children:
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            _signal(pid, signal.SIGKILL)
            _alive(pid, wait=True)
    return children


def _signal(pid: int, signo: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signo)


def _alive(pid: int, wait: bool = False) -> bool:
    """Whether the child still runs (reaping it once it has ended)."""
    try:
        ended, _status = os.waitpid(pid, 0 if wait else os.WNOHANG)
    except ChildProcessError:
        return False
    return ended == 0


def unpublished(settings: Settings, skip: set[str] = frozenset()) -> list[str]:
    """What is built but not published, in words: empty when the analytics file and the
    exports hold the marts' current build (or no build of the marts has finished). `skip`:
    MADE_ANALYTICS and/or MADE_EXPORTS, when the summary says otherwise that they were not
    published."""
    if not settings.warehouse.exists():
        return []
    try:
        con = connect(settings.warehouse, read_only=True, on_wait=lambda pid, waited, allowed:
                      say(_("Waiting for the warehouse file, held by {process}, to check what "
                            "is published.", process=describe_process(pid))))
    except (duckdb.Error, GaveUp) as error:
        return [_("Could not check what is published: {cause}", cause=plain_cause(error))]
    try:
        lags = lagging(con, settings.analytics, settings.exports)
    finally:
        con.close()
    words = []
    for lag in lags:
        if (MADE_ANALYTICS if lag.what == ANALYTICS else MADE_EXPORTS) in skip:
            continue
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
)
STOPPED = N_("stopped by Ctrl-C, SIGTERM or SIGHUP")


def plain_cause(error) -> str:
    """The cause of a failure in words a person can act on, then the original text; a step
    stopped by Ctrl-C, SIGTERM or SIGHUP in words only (the original is Dagster's class name).

    `error` is Dagster's SerializableErrorInfo (with its cause/context chain) or an
    exception."""
    if type(error).__name__ in _INTERRUPTIONS or is_interruption(error):
        return _(STOPPED)
    if isinstance(error, ForeignOutput):
        return str(error)
    for link in _error_chain(error):
        # Another warehouse's output: the whole message, which names both warehouses and
        # what to do (no cut at 300 characters).
        if getattr(link, "cls_name", None) == ForeignOutput.__name__:
            kind, _colon, words = link.message.strip().partition(": ")
            return words if kind.endswith(ForeignOutput.__name__) else link.message.strip()
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
