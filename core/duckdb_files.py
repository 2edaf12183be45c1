"""Opening a DuckDB file the way every part of the project needs: no extension ever
downloaded or loaded, and a wait, not a failure, while another process holds the lock."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

NO_EXTENSIONS = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def connect(path: Path, *, read_only: bool = False,
            wait_seconds: float = 120) -> duckdb.DuckDBPyConnection:
    """A connection to `path`, retrying for `wait_seconds` on DuckDB's file-lock error."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=NO_EXTENSIONS)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(1)
