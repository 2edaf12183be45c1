"""Waiting for someone else, said out loud, and stopped on request; no Dagster here, so
`satudata ingest` takes the run lock without loading Dagster.

A wait reports whom it waits for every `REPORT_SECONDS` (which process, since when), draws
its seconds from the run's one wait budget (`core.duckdb_files.run_budget`: at most
`SATUDATA_WAIT_SECONDS` in all, default 30 minutes, however many things the run waits for),
gives up with exit code 3 once the budget is spent, and stops at once on Ctrl-C, SIGTERM or
SIGHUP. Nothing is written while waiting.

A command stopped by a signal exits 128 + the signal's number, the shells' convention, so a
supervisor can tell who stopped it: 130 for Ctrl-C (SIGINT), 143 for SIGTERM (`kill`,
systemd or docker stopping it, a CI timeout), 129 for SIGHUP (its terminal closed).
`stop_signals()` makes SIGTERM and SIGHUP stop a command the way Ctrl-C does (Dagster maps
SIGTERM to its Ctrl-C handling during a run as well) and remembers which signal came first;
`stop_code()` is the exit code for it.
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
    GaveUp,
    OnWait,
    Wait,
    WaitBudget,
    connect,
    describe_process,
)
from core.i18n import _, number

EXIT_GAVE_UP, EXIT_INTERRUPTED = 3, 130
# 128 + the signal's number: what a shell reports for a program a signal ended.
EXIT_BY_SIGNAL = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

Say = Callable[[str], None]


def say(text: str) -> None:
    print(text, flush=True)


class Stopped(Exception):
    """The run did not start (or stopped while waiting): gave up, or Ctrl-C / SIGTERM."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


# -- waiting, and stopping while waiting -----------------------------------------------------

_first_signal: list[int] = []  # the stop signal that came first, once one has
_wakeup: dict[str, int] = {}  # the read end of the pipe Python writes signal numbers to


def _note(signo: int | None = None) -> None:
    """Remember the first stop signal: those Python wrote to the wakeup pipe (whoever's
    handler ran, Dagster's included), then `signo`."""
    if "read" in _wakeup:
        try:
            seen = os.read(_wakeup["read"], 512)
        except (BlockingIOError, OSError):
            seen = b""
        for number_ in seen:
            if number_ in EXIT_BY_SIGNAL and not _first_signal:
                _first_signal.append(number_)
    if signo is not None and not _first_signal:
        _first_signal.append(signo)


def stop_code() -> int:
    """The exit code for the stop signal that came first: 130 (Ctrl-C), 143 (SIGTERM), 129
    (SIGHUP); 130 when none was seen (a KeyboardInterrupt of unknown origin)."""
    _note()
    return EXIT_BY_SIGNAL.get(_first_signal[0], EXIT_INTERRUPTED) if _first_signal \
        else EXIT_INTERRUPTED


def _as_ctrl_c(signo: int, frame) -> None:
    """SIGTERM/SIGHUP handled as Ctrl-C is at this moment (by Dagster's handler during a run,
    else KeyboardInterrupt), after noting which signal it was."""
    _note(signo)
    handler = signal.getsignal(signal.SIGINT)
    if callable(handler):
        handler(signo, frame)
    else:
        raise KeyboardInterrupt


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """For a command's whole life: SIGTERM and SIGHUP stop it as Ctrl-C does, and the first
    stop signal is remembered for `stop_code()`. Main thread only (elsewhere nothing changes).

    Dagster replaces the SIGTERM handler during a run (with its Ctrl-C one, whose handler
    does not keep the signal's number): Python's wakeup pipe (`signal.set_wakeup_fd`), to
    which it writes the number of every signal a Python handler receives, tells them apart."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    read, write = os.pipe()
    os.set_blocking(read, False)
    os.set_blocking(write, False)
    previous_fd = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    previous = {signo: signal.getsignal(signo) for signo in STOP_SIGNALS}
    _first_signal.clear()
    _wakeup["read"] = read
    for signo in STOP_SIGNALS:
        signal.signal(signo, _as_ctrl_c)
    try:
        yield
    finally:
        _note()
        signal.set_wakeup_fd(previous_fd)
        for signo, handler in previous.items():
            signal.signal(signo, handler)
        _wakeup.clear()
        os.close(read)
        os.close(write)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """A wait that Ctrl-C, SIGTERM or SIGHUP stop at once: raises Stopped with `stop_code()`
    (Python turns only SIGINT into an exception by itself)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signo, _frame):
        _note(signo)
        raise KeyboardInterrupt

    previous = {signo: signal.signal(signo, _raise) for signo in STOP_SIGNALS}
    try:
        yield
    except KeyboardInterrupt:
        raise Stopped(_("Stopped (Ctrl-C, SIGTERM or SIGHUP) while waiting; nothing was written."),
                      stop_code()) from None
    finally:
        for signo, handler in previous.items():
            signal.signal(signo, handler)


class Waiting:
    """One wait for `what`, in the officer's words: the project's one wait step
    (`core.duckdb_files.Wait`, its seconds charged to the run's budget, `current_budget()`
    unless `budget`) with a sentence every REPORT_SECONDS; raises Stopped (exit 3) once the
    budget is spent, saying that nothing was written unless `before_writing` is False (a read
    after the run wrote)."""

    def __init__(self, what: str, tell: Say, budget: WaitBudget | None = None, *,
                 before_writing: bool = True) -> None:
        self.wait = Wait(what, budget)
        self.tell, self.before_writing = tell, before_writing

    def tick(self, holder: str) -> None:
        try:
            due = self.wait.tick(holder)
        except GaveUp as gave_up:
            raise gave_up_stop(gave_up, self.before_writing) from None
        if due:
            self.tell(waiting_words(self.wait.what, holder, self.wait.budget.waited,
                                    self.wait.budget.allowed))
        self.wait.pause()


def waiting_words(what: str, holder: str, waited: float, allowed: float) -> str:
    """"Waiting for <what>: <holder> (waited n s in all, of at most m s; Ctrl-C stops)." """
    return _("Waiting for {what}: {holder} (waited {waited} s in all, of at most {allowed} s; "
             "Ctrl-C stops).", what=what, holder=holder, waited=number(waited),
             allowed=number(allowed))


def gave_up_stop(gave_up: GaveUp, before_writing: bool = True) -> Stopped:
    """The run's budget spent: Stopped (exit 3), saying nothing was written if so."""
    return Stopped(_("{gave_up} Nothing was written.", gave_up=gave_up)
                   if before_writing else str(gave_up), EXIT_GAVE_UP)


def file_wait_words(tell: Say, what: str | None = None) -> OnWait:
    """An `on_wait` for `core.duckdb_files.connect`: tells, in the officer's words, which
    process holds the file and how long the run has waited (`what`: the file, as said)."""

    def report(pid: int | None, waited: float, allowed: float) -> None:
        tell(waiting_words(what or _("the warehouse file"),
                           _("held by {process}", process=describe_process(pid)),
                           waited, allowed))

    return report


def open_when_free(path: Path, tell: Say = say, *, read_only: bool = False,
                   before_writing: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the DuckDB file `path`, waiting while another process (an analyst's
    session, another program) holds it: `core.duckdb_files.connect`'s wait (the run's budget,
    `current_budget()`: the run's inside `run_budget()`, else `SATUDATA_WAIT_SECONDS` of its
    own) with a sentence every REPORT_SECONDS saying whom it waits for. Raises Stopped with
    exit code 3 once the budget is spent (saying nothing was written, unless `before_writing`
    is False), or `stop_code()` on Ctrl-C / SIGTERM / SIGHUP. Any other duckdb.Error is
    raised at once."""
    what = _("the warehouse file {file}", file=path.name)
    with interruptible():
        try:
            return connect(path, read_only=read_only, on_wait=file_wait_words(tell, what),
                           what=what)
        except GaveUp as gave_up:
            raise gave_up_stop(gave_up, before_writing) from None


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
