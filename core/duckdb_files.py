"""Opening a DuckDB file the way every part of the project needs: no extension ever
downloaded or loaded, and a wait, not a failure, while another process holds the lock.

DuckDB lets one process write a file, or many read it, never both; a second process fails
at once with "Could not set lock … Conflicting lock is held in <program> (PID n)". `connect`
and `attach` retry instead, and tell `on_wait` which process holds the file every
`REPORT_SECONDS`, so a person reads who they are waiting for.

Every wait of the project is a `Wait` (this module's one loop step): for a DuckDB file here,
for the run lock and the Dagster slot in `satudata.waiting`, which adds the officer's
sentences and the exit codes on top.

How long: one `WaitBudget` per run. `SATUDATA_WAIT_SECONDS` (default 30 minutes) is the most a
run waits *in all* — for the run lock, the Dagster slot, the warehouse file, in any order and
any number of times — not the most each wait may last. `run_budget()` opens the run's budget
(`satudata run` does, before its first wait); every wait inside it draws from the same
seconds, and the one that finds them spent raises `GaveUp`, saying how long the run waited in
all and for what. A wait outside any run (a report, a one-off command) has its own budget.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from core.i18n import _, number

NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
WAIT_ENV = "SATUDATA_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 1800.0
REPORT_SECONDS = 10.0
_PID = re.compile(r"\(PID (\d+)\)")

# on_wait(holder_pid or None, seconds waited so far, seconds allowed)
OnWait = Callable[[int | None, float, float], None]


def wait_limit() -> float:
    """How long anything waits for a file or a slot held by someone else, in seconds."""
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_SECONDS)))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


class GaveUp(duckdb.IOException):
    """The run's wait budget is spent: the message says how long it waited in all, for what,
    and for whom it was waiting when it gave up. A DuckDB IOException, as the lock error it
    comes from: every caller that handles a file it could not open handles this too."""


class WaitBudget:
    """The seconds one run may spend waiting, in all, and what it spent them on.

    `charge(what, seconds)` books time waited for `what` (a phrase a person reads: "another
    run on this warehouse"); `left()` is what remains (negative once overspent). Safe to share
    between threads (the slot watcher charges while a step waits)."""

    def __init__(self, allowed: float) -> None:
        self.allowed = allowed
        self._spent: dict[str, float] = {}
        self._lock = threading.Lock()

    def charge(self, what: str, seconds: float) -> None:
        with self._lock:
            self._spent[what] = self._spent.get(what, 0.0) + max(0.0, seconds)

    @property
    def waited(self) -> float:
        with self._lock:
            return sum(self._spent.values())

    def left(self) -> float:
        return self.allowed - self.waited

    def gave_up(self, what: str, holder: str) -> GaveUp:
        """The error that ends the run's waiting, in words: the total, each thing waited for
        (with its seconds), and who held what it was waiting for last."""
        with self._lock:
            spent = dict(self._spent)
        parts = "; ".join(_("{what} ({seconds} s)", what=name, seconds=number(seconds))
                          for name, seconds in spent.items() if seconds >= 0.5) or what
        return GaveUp(_("Stopped waiting after {waited} s in all (the most is {allowed} s, "
                        "SATUDATA_WAIT_SECONDS), for {parts}. The last wait was for {what}: "
                        "{holder}. To wait longer, set SATUDATA_WAIT_SECONDS higher.",
                        waited=number(sum(spent.values())), allowed=number(self.allowed),
                        parts=parts, what=what, holder=holder))


_run_budget: WaitBudget | None = None
_run_budget_lock = threading.Lock()


@contextlib.contextmanager
def run_budget(allowed: float | None = None) -> Iterator[WaitBudget]:
    """The run's one wait budget (`wait_limit()` seconds unless `allowed`), for every wait
    made inside the block, in any thread of this process. Nested calls share the outer one."""
    global _run_budget
    with _run_budget_lock:
        outer = _run_budget
        if outer is None:
            _run_budget = WaitBudget(wait_limit() if allowed is None else allowed)
        budget = _run_budget
    try:
        yield budget
    finally:
        if outer is None:
            with _run_budget_lock:
                _run_budget = None


def current_budget() -> WaitBudget:
    """The run's budget inside `run_budget()`; outside a run, a budget of its own."""
    return _run_budget or WaitBudget(wait_limit())


def lock_holder(error: BaseException) -> int | None:
    """The PID DuckDB names in a file-lock error, if any."""
    found = _PID.search(str(error))
    return int(found.group(1)) if found else None


def describe_process(pid: int | None) -> str:
    """`PID 1234: duckdb -readonly …`: what a person can look up and close."""
    if pid is None:
        return "PID ?"
    try:
        command = " ".join(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                           .decode(errors="replace").split())
    except OSError:
        command = ""
    return f"PID {pid}: {command[:120]}" if command else f"PID {pid}"


def is_lock_error(error: BaseException) -> bool:
    """DuckDB's "file is locked by another process" (not a wait that gave up on it)."""
    text = str(error).lower()
    return isinstance(error, duckdb.IOException) and not isinstance(error, GaveUp) \
        and "lock" in text


class Wait:
    """One wait for `what` (a phrase a person reads: "the file satudata.duckdb"), its seconds
    charged to `budget` (the run's, `current_budget()`, unless given).

    The caller tries, and on failure calls `tick(holder)` then `pause()`: `tick` books the
    time since the last tick, raises `GaveUp` naming `holder` (a phrase, or a function giving
    it, called only then) once the budget is spent, and returns True when a report of whom
    it waits for is due (the first tick, then every REPORT_SECONDS)."""

    def __init__(self, what: str, budget: WaitBudget | None = None) -> None:
        self.what = what
        self.budget = budget or current_budget()
        self.last = time.monotonic()
        self.reported: float | None = None

    def tick(self, holder: str | Callable[[], str]) -> bool:
        now = time.monotonic()
        self.budget.charge(self.what, now - self.last)
        self.last = now
        if self.budget.left() < 0:
            raise self.budget.gave_up(self.what, holder() if callable(holder) else holder)
        if self.reported is None or now - self.reported >= REPORT_SECONDS:
            self.reported = now
            return True
        return False

    def pause(self) -> None:
        time.sleep(min(0.5, max(0.05, self.budget.left())))


def connect(path: Path, *, read_only: bool = False, wait_seconds: float | None = None,
            on_wait: OnWait | None = None, what: str | None = None
            ) -> duckdb.DuckDBPyConnection:
    """A connection to `path`, retrying on DuckDB's file-lock error while the run's wait
    budget lasts (`current_budget()`), or for `wait_seconds` of its own when given.

    Raises `GaveUp` (from the last lock error) when the budget is spent, and any other
    duckdb.Error at once. `on_wait(pid, waited, allowed)`: seconds the run has waited in all
    and may wait in all. `what`: the file as the give-up message names it (default "the file
    <name>")."""
    return _retry(lambda: duckdb.connect(str(path), read_only=read_only, config=NO_EXTENSIONS),
                  wait_seconds, on_wait, path, what)


def attach(con: duckdb.DuckDBPyConnection, path: Path, alias: str, *, read_only: bool,
           wait_seconds: float | None = None, on_wait: OnWait | None = None) -> None:
    """`ATTACH path AS alias`, retrying on the file-lock error like `connect`."""
    mode = " (read_only)" if read_only else ""
    quoted = str(path).replace("'", "''")
    _retry(lambda: con.execute(f"attach '{quoted}' as \"{alias}\"{mode}"), wait_seconds,
           on_wait, path)


def _retry(opener, wait_seconds: float | None, on_wait: OnWait | None, path: Path,
           what: str | None = None):
    wait = Wait(what or _("the file {file}", file=path.name),
                None if wait_seconds is None else WaitBudget(wait_seconds))
    while True:
        try:
            return opener()
        except duckdb.IOException as error:
            if not is_lock_error(error):
                raise
            pid = lock_holder(error)
            try:
                due = wait.tick(functools.partial(describe_process, pid))
            except GaveUp as gave_up:
                raise gave_up from error
            if due and on_wait is not None:
                on_wait(pid, wait.budget.waited, wait.budget.allowed)
            wait.pause()
