"""Opening a DuckDB file the way every part of the project needs: no extension ever
downloaded or loaded, and a wait, not a failure, while another process holds the lock.

DuckDB lets one process write a file, or many read it, never both; a second process fails
at once with "Could not set lock … Conflicting lock is held in <program> (PID n)". `connect`
and `attach` retry instead, up to `wait_limit()` seconds (`SATUDATA_WAIT_SECONDS`), and tell
`on_wait` which process holds the file every `REPORT_SECONDS`, so a person reads who they
are waiting for.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

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
    text = str(error).lower()
    return isinstance(error, duckdb.IOException) and "lock" in text


def connect(path: Path, *, read_only: bool = False, wait_seconds: float | None = None,
            on_wait: OnWait | None = None) -> duckdb.DuckDBPyConnection:
    """A connection to `path`, retrying on DuckDB's file-lock error for `wait_seconds`
    (default `wait_limit()`); the last lock error is raised after that."""
    return _retry(lambda: duckdb.connect(str(path), read_only=read_only, config=NO_EXTENSIONS),
                  wait_seconds, on_wait)


def attach(con: duckdb.DuckDBPyConnection, path: Path, alias: str, *, read_only: bool,
           wait_seconds: float | None = None, on_wait: OnWait | None = None) -> None:
    """`ATTACH path AS alias`, retrying on the file-lock error like `connect`."""
    mode = " (read_only)" if read_only else ""
    quoted = str(path).replace("'", "''")
    _retry(lambda: con.execute(f"attach '{quoted}' as \"{alias}\"{mode}"), wait_seconds, on_wait)


def _retry(opener, wait_seconds: float | None, on_wait: OnWait | None):
    allowed = wait_limit() if wait_seconds is None else wait_seconds
    started = time.monotonic()
    reported = None
    while True:
        try:
            return opener()
        except duckdb.IOException as error:
            waited = time.monotonic() - started
            if not is_lock_error(error) or waited > allowed:
                raise
            if on_wait is not None and (reported is None or waited - reported >= REPORT_SECONDS):
                reported = waited
                on_wait(lock_holder(error), waited, allowed)
            time.sleep(min(1.0, max(0.05, allowed - waited)))
