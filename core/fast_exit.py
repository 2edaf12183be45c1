"""Ending a command-line process without tearing the interpreter down.

After a run a process holds hundreds of thousands of Python objects (Dagster, dbt, pandas);
freeing them one by one at exit took 1.5–2 s after every `satudata` command and 0.45 s after
every dbt build, measured (docs/benchmarks.md), for nothing anyone sees. `run_then_exit`
registers `os._exit` before the command is imported, so every exit handler registered later
(Dagster's, DuckDB's and dbt-duckdb's closing the warehouse, logging's, temporary folders')
still runs first, non-daemon threads are joined before any of them, and the streams are
flushed; only the freeing of memory the system reclaims anyway is skipped.
"""

from __future__ import annotations

import atexit
import os
import sys
from collections.abc import Callable
from typing import NoReturn


def run_then_exit(load: Callable[[], Callable[[], int | None]]) -> NoReturn:
    """Register the fast exit, then import the command (`load()` returns it) and run it.

    The exit status is the command's (its return value or `SystemExit` code; 1 for an
    uncaught error, 130 for Ctrl-C), as a normal exit would give. Output cut off by the
    program reading it (`| head`) ends the process without a traceback (exit 1)."""
    status = 1

    def leave() -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing left to tell
                pass
        os._exit(status)

    atexit.register(leave)
    try:
        status = load()() or 0
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
        raise
    except KeyboardInterrupt:
        status = 130
        raise
    except BrokenPipeError:
        # `satudata ledger | head`: the reader has what it wanted (Python's documented way).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
