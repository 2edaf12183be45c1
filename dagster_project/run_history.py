"""Dagster's run history (SQLite under DAGSTER_HOME), made cheap to write during one run.

Dagster's SQLite event log opens a new SQLAlchemy engine and a new SQLite connection for
every read and write: about six per event (the run's own file, the cross-run index, its
asset and check tables, `has_table` probes), and a run of `satudata run` writes ~300–800
events. `make bench` measured what that costs (docs/benchmarks.md): on an empty landing
folder more than a third of the whole run, because each connection re-opens the file, re-reads
its schema and, when it is the last one to close, checkpoints and deletes the WAL (an
fsync'd rewrite per event).

During a run started by `satudata run` (`relax_run_history_durability` … `release_run_history`):

- one pooled engine per history file serves every event (Dagster's own per-storage lock
  still serialises them, so a connection is never used by two threads at once);
- `synchronous=NORMAL` for every SQLite connection: in WAL mode the history stays consistent
  after a crash of the process (only an OS crash can lose the run's last events);
- one idle connection held open per history file (runs.db, schedules.db), so closing
  Dagster's own connections never checkpoints the WAL between events.

`release_run_history` closes all of them when the run ends: SQLite then checkpoints the WAL
into the files, and the UI or the daemon, which open their own connections, see every event
as before. Other processes (`dagster dev`, the daemon) are not affected. The warehouse
(DuckDB) is not touched.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

_LOCK = threading.RLock()
_ACTIVE = False
_INSTALLED = False
_KEEPERS: dict[str, sqlite3.Connection] = {}  # history file -> an idle connection
_ENGINES: dict[tuple[int, str], tuple[SqliteEventLogStorage, Engine]] = {}
_TABLES: set[tuple[int, str]] = set()  # (storage, table) known to exist

_ORIGINAL_CONNECT = SqliteEventLogStorage._connect
_ORIGINAL_HAS_TABLE = SqliteEventLogStorage.has_table


def _engine(storage: SqliteEventLogStorage, shard: str) -> Engine:
    key = (id(storage), shard)
    with _LOCK:
        if key not in _ENGINES:
            engine = create_engine(
                storage.conn_string_for_shard(shard), poolclass=QueuePool, pool_size=1,
                max_overflow=4,  # Dagster nests a second connection now and then
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                              "check_same_thread": False})
            _ENGINES[key] = (storage, engine)
        return _ENGINES[key][1]


@contextmanager
def _pooled_connect(self: SqliteEventLogStorage, shard: str) -> Iterator[Connection]:
    """`SqliteEventLogStorage._connect` with one engine per file instead of one per call."""
    if not _ACTIVE:
        with _ORIGINAL_CONNECT(self, shard) as conn:
            yield conn
        return
    with self._db_lock:
        engine = _engine(self, shard)
        if shard not in self._initialized_dbs:
            self._initdb(engine)
            self._initialized_dbs.add(shard)
        with engine.connect() as conn, conn.begin():
            yield conn


def _pooled_has_table(self: SqliteEventLogStorage, table_name: str) -> bool:
    """Dagster asks whether its index tables exist several times per event; they do not
    disappear during a run, so a table found once is not asked about again."""
    if not _ACTIVE:
        return _ORIGINAL_HAS_TABLE(self, table_name)
    if (id(self), table_name) in _TABLES:
        return True
    engine = _engine(self, INDEX_SHARD_NAME)
    with engine.connect() as conn:  # outside Dagster's lock: it may hold it already
        found = bool(engine.dialect.has_table(conn, table_name))
    if found:
        _TABLES.add((id(self), table_name))
    return found


def _on_connect(dbapi_connection, _record) -> None:
    if not _ACTIVE or not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    files = [row[2] for row in cursor.execute("PRAGMA database_list") if row[2]]
    cursor.close()
    with _LOCK:
        for name in files:
            if name not in _KEEPERS:
                keeper = sqlite3.connect(name, check_same_thread=False)
                # SQLite opens the file (and the WAL's shared index) at the first read.
                keeper.execute("select count(*) from sqlite_master").fetchone()
                _KEEPERS[name] = keeper


def relax_run_history_durability() -> None:
    """From now until `release_run_history`: pooled, `synchronous=NORMAL` run history."""
    global _ACTIVE, _INSTALLED
    with _LOCK:
        if not _INSTALLED:
            event.listen(Engine, "connect", _on_connect)
            SqliteEventLogStorage._connect = _pooled_connect
            SqliteEventLogStorage.has_table = _pooled_has_table
            _INSTALLED = True
        _ACTIVE = True


def release_run_history() -> None:
    """Close every pooled and idle connection of the run: SQLite checkpoints the WAL."""
    global _ACTIVE
    with _LOCK:
        _ACTIVE = False
        engines = [engine for _storage, engine in _ENGINES.values()]
        _ENGINES.clear()
        _TABLES.clear()
        keepers = list(_KEEPERS.values())
        _KEEPERS.clear()
    for engine in engines:
        engine.dispose()
    for keeper in keepers:
        keeper.close()
