"""Waiting for someone else, said out loud, and stopped on request; no Dagster here, so
`satudata ingest` takes the run lock without loading Dagster.

A wait reports whom it waits for every `REPORT_SECONDS` (which process, since when), draws
its seconds from the run's one wait budget (`core.duckdb_files.run_budget`: at most
`SATUDATA_WAIT_SECONDS` in all, default 30 minutes, however many things the run waits for),
gives up with exit code 3 once the budget is spent, and stops at once on Ctrl-C or SIGTERM
with exit code 130. Nothing is written while waiting.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from core.duckdb_files import (
    NO_EXTENSIONS,
    REPORT_SECONDS,
    WaitBudget,
    current_budget,
    describe_process,
    is_lock_error,
    lock_holder,
)
from core.i18n import _, number

EXIT_GAVE_UP, EXIT_INTERRUPTED = 3, 130

Say = Callable[[str], None]


def say(text: str) -> None:
    print(text, flush=True)


class Stopped(Exception):
    """The run did not start (or stopped while waiting): gave up, or Ctrl-C / SIGTERM."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


# -- waiting, and stopping while waiting -----------------------------------------------------

@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM stops a wait the way Ctrl-C does (Python turns only SIGINT into an exception)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(_signo, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    except KeyboardInterrupt:
        raise Stopped(_("Stopped (Ctrl-C or SIGTERM) while waiting; nothing was written."),
                      EXIT_INTERRUPTED) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


class Waiting:
    """One wait for `what`: its seconds are charged to the run's budget (`current_budget()`
    unless `budget`); reports every REPORT_SECONDS; raises Stopped (exit 3) once the budget
    is spent, saying that nothing was written unless `before_writing` is False (a read after
    the run wrote)."""

    def __init__(self, what: str, tell: Say, budget: WaitBudget | None = None, *,
                 before_writing: bool = True) -> None:
        self.what, self.tell, self.before_writing = what, tell, before_writing
        self.budget = budget or current_budget()
        self.last = time.monotonic()
        self.reported: float | None = None

    def tick(self, holder: str) -> None:
        now = time.monotonic()
        self.budget.charge(self.what, now - self.last)
        self.last = now
        if self.budget.left() < 0:
            gave_up = self.budget.gave_up(self.what, holder)
            raise Stopped(_("{gave_up} Nothing was written.", gave_up=gave_up)
                          if self.before_writing else str(gave_up), EXIT_GAVE_UP)
        if self.reported is None or now - self.reported >= REPORT_SECONDS:
            self.reported = now
            self.tell(_("Waiting for {what}: {holder} (waited {waited} s in all, of at most "
                        "{allowed} s; Ctrl-C stops).", what=self.what, holder=holder,
                        waited=number(self.budget.waited), allowed=number(self.budget.allowed)))
        time.sleep(min(0.5, max(0.05, self.budget.left())))


def open_when_free(path: Path, tell: Say = say, *, read_only: bool = False,
                   before_writing: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file `path`, waiting while another process (an analyst's
    session, another program) holds it: says whom it waits for every REPORT_SECONDS, draws
    the seconds from the run's budget (`current_budget()`: the run's inside `run_budget()`,
    else `SATUDATA_WAIT_SECONDS` of its own), and raises Stopped with exit code 3 once the
    budget is spent (saying nothing was written, unless `before_writing` is False), or 130
    on Ctrl-C / SIGTERM. Any other duckdb.Error is raised at once."""
    waiting = None
    with interruptible():
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only, config=NO_EXTENSIONS)
            except duckdb.IOException as error:
                if not is_lock_error(error):
                    raise
                waiting = waiting or Waiting(_("the warehouse file {file}", file=path.name),
                                             tell, before_writing=before_writing)
                waiting.tick(_("held by {process}",
                               process=describe_process(lock_holder(error))))


NAME_GRACE_SECONDS = 3.0


@contextlib.contextmanager
def run_lock(warehouse: Path, tell: Say = say) -> Iterator[None]:
    """One pipeline run (or `satudata ingest`) at a time per warehouse. The lock file says
    who holds it (PID, host, since when), so a second run can name what it waits for. The
    wait is charged to the run's budget (`core.duckdb_files.run_budget`)."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    path = warehouse.with_name(warehouse.name + ".run.lock")
    with open(path, "a+", encoding="utf-8") as handle:
        with interruptible():
            waiting = None
            # The holder writes who it is just after taking the lock: a wait that starts in
            # between gives it a moment before saying it cannot name it.
            named_by = time.monotonic() + NAME_GRACE_SECONDS
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    holder = _lock_holder(path)
                    if holder is None and time.monotonic() < named_by:
                        time.sleep(0.1)
                        continue
                    waiting = waiting or Waiting(_("another run on this warehouse"), tell)
                    waiting.tick(holder or _("a process that has not said who it is"))
        handle.seek(0)
        handle.truncate()
        json.dump({"pid": os.getpid(), "host": socket.gethostname(),
                   "since": dt.datetime.now().replace(microsecond=0).isoformat()}, handle)
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()


def _lock_holder(path: Path) -> str | None:
    """Who holds the run lock, from its file (None while it has not written it yet)."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        holder = {}
    if not holder.get("pid"):
        return None
    return _("{process}, running since {since}", process=describe_process(holder["pid"]),
             since=holder.get("since", "?").replace("T", " "))
