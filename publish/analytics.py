"""The analysts' and officers' read-only copy of the warehouse: `analytics.duckdb`.

What people read lives here, never in the warehouse the pipeline writes: the `marts` schema
(facts, dims, indicator marts, findings) with every table and column description dbt
persisted, and the `ledger` schema (every landed file, its quarantined rows and findings; a
file is named by a neutral label, `uptd #12 (2023)`, never by its file name).

Each publication is a new file under its own name, `<stem>-versions/<stem>-<time>-<id>.duckdb`,
written beside the old one, checkpointed, made read-only and then pointed at by the symlink
`analytics.duckdb` (one atomic rename). So:
- a reader opens `analytics.duckdb` and gets one whole version; an open session keeps the
  version it opened; the pipeline never opens a published file, so it never waits for
  analysts;
- DuckDB resolves the symlink and keeps a write-ahead log beside the *version* it opened: an
  analyst who (against the README) opened a version read-write leaves a `.wal` that belongs
  to that version's name only, which no later version ever has, so it never breaks a reader
  of a newer one;
- the file is written in DuckDB storage version `STORAGE_VERSION`, which the DuckDB CLI and
  JDBC driver analysts install read (the Python library itself writes a newer one);
- a publication that fails or is killed leaves the previous version and the symlink exactly
  as they were; its temporary file carries the writer's PID and is removed by the next
  publication once that process is gone.

The current version and the one before it are kept; older ones are removed (a session that
still has one open keeps reading it: Linux frees the file when the session closes).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import uuid
from pathlib import Path

import duckdb

from core import owner
from core.duckdb_files import NO_EXTENSIONS, attach
from core.faults import pause_point
from core.i18n import _
from ingest.ledger import name_key_sql
from publish import analytics_delta
from publish.publication_state import built_state, ledger_state

PUBLISHED_SCHEMAS = ("marts",)
LEDGER_SCHEMA = "ledger"
# DuckDB 2.0 writes storage version 69 by default; duckdb-cli 1.5.x and the JDBC driver of
# the same release read up to 68. v1.4.0 is the newest format both read.
STORAGE_VERSION = "v1.4.0"
KEEP_VERSIONS = 2
_TEMP = re.compile(r"^\.tmp-(\d+)-[0-9a-f]+\.duckdb(\.wal)?$")


def versions_folder(analytics: Path) -> Path:
    return analytics.with_name(f"{analytics.stem}-versions")


def publish_analytics(warehouse: Path, analytics: Path,
                      schemas: tuple[str, ...] = PUBLISHED_SCHEMAS, run_id: str = "",
                      wait_seconds: float | None = None, on_wait=None) -> dict[str, int]:
    """Copy `schemas` and the ledger of the warehouse into a new analytics version and point
    `analytics` at it. Returns row counts per published table (`schema.table`).

    The version records which build of the marts and which state of the ledger it holds
    (`publish.publication_state`) and which warehouse it copies; the versions folder records
    the warehouse the analytics file belongs to (core.owner): core.owner.ForeignOutput, before
    anything is written, when it is another warehouse's. Raises OSError (full disk, read-only
    folder) or duckdb.Error with nothing changed for readers, or core.duckdb_files.GaveUp when the
    warehouse stays held by another process past the run's wait budget. `wait_seconds`
    (a budget of its own instead of the run's) / `on_wait`: see `core.duckdb_files.attach`.
    """
    folder = versions_folder(analytics)
    owner.claim(folder, warehouse, owner.ANALYTICS, analytics)
    remove_abandoned_temporaries(folder)
    stamp = dt.datetime.now().astimezone()
    staging = folder / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}.duckdb"
    final = folder / f"{analytics.stem}-{stamp:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.duckdb"
    try:
        # Only what dbt rebuilt since the last publication is copied again.
        previous = analytics_delta.previous_file(current_version(analytics))
        tables = _write_version(warehouse, staging, schemas, (stamp.replace(microsecond=0),
                                run_id, final.name, owner.identity(warehouse)), wait_seconds,
                                on_wait, previous)
        staging.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        _fsync(staging)
        pause_point("publish.before_swap")
        os.rename(staging, final)
        _point(analytics, final)
    finally:
        for leftover in (staging, staging.with_name(staging.name + ".wal")):
            leftover.unlink(missing_ok=True)
    try:
        _remove_old_versions(analytics, folder)
    except OSError:  # the new version is published; old ones go at the next publication
        pass
    return tables


def _write_version(warehouse: Path, staging: Path, schemas: tuple[str, ...],
                   published: tuple[dt.datetime, str, str, str], wait_seconds: float | None,
                   on_wait, previous: Path | None = None) -> dict[str, int]:
    """Write the new version into `staging`. With `previous` (the current version, when it
    records what its tables were copied from), staging starts as a copy of it and only the
    tables dbt rebuilt since are copied again (publish.analytics_delta); the ledger is always
    copied whole."""
    published_at, run_id, version, source = published
    analytics_delta.start_from(previous, staging)
    con = duckdb.connect(":memory:", config=NO_EXTENSIONS)
    tables: dict[str, int] = {}
    try:
        attach(con, warehouse, "source", read_only=True, wait_seconds=wait_seconds,
               on_wait=on_wait)
        con.execute(f"attach '{_quote(staging)}' as pub (storage_version '{STORAGE_VERSION}')")
        con.execute("use source")
        found = con.execute(
            "select schema_name, table_name, comment from duckdb_tables() where database_name "
            f"= current_database() and schema_name in ({', '.join('?' for _ in schemas)}) "
            "order by 1, 2", list(schemas)).fetchall()
        names = [(schema, table) for schema, table, _comment in found]
        plan = analytics_delta.plan_tables(con, names, reused=previous is not None)
        for schema in schemas:
            con.execute(f'create schema if not exists pub."{schema}"')
        for schema, table, comment in found:
            action = plan[(schema, table)]
            if action == analytics_delta.SLICES:
                analytics_delta.copy_slices(con, schema, table)
            elif action == analytics_delta.WHOLE:
                con.execute(f'drop table if exists pub."{schema}"."{table}"')
                _copy(con, schema, table, f'select * from "{schema}"."{table}"', comment,
                      _column_comments(con, schema, table))
            tables[f"{schema}.{table}"] = con.execute(
                f'select count(*) from pub."{schema}"."{table}"').fetchone()[0]
        analytics_delta.drop_vanished(con, names, schemas)
        analytics_delta.record(con)
        con.execute(f'drop schema if exists pub."{LEDGER_SCHEMA}" cascade')
        tables.update(_copy_ledger(con))
        con.execute("drop table if exists pub.main.publication")
        con.execute(
            "create table pub.main.publication as select ?::timestamptz as published_at, "
            "? as run_id, ? as tables, ? as build_state, ? as ledger_state, ? as version, "
            "? as storage_version, ? as warehouse",
            [published_at, run_id, len(tables), built_state(con), ledger_state(con), version,
             STORAGE_VERSION, source])
        con.execute("comment on table pub.main.publication is " + _literal(_(
            "When this analytics file was published, by which run, from which warehouse, "
            "from which build of the marts and state of the ledger.")))
        con.execute("checkpoint pub")
        con.execute("detach pub")
    finally:
        con.close()
    return tables


def _copy(con: duckdb.DuckDBPyConnection, schema: str, table: str, select: str,
          comment: str | None, columns: dict[str, str]) -> int:
    con.execute(f'create table pub."{schema}"."{table}" as {select}')
    if comment:
        con.execute(f'comment on table pub."{schema}"."{table}" is {_literal(comment)}')
    for column, text in columns.items():
        con.execute(f'comment on column pub."{schema}"."{table}"."{column}" is '
                    f'{_literal(text)}')
    return con.execute(f'select count(*) from pub."{schema}"."{table}"').fetchone()[0]


def _column_comments(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> dict[str, str]:
    return dict(con.execute(
        "select column_name, comment from duckdb_columns() where database_name = "
        "current_database() and schema_name = ? and table_name = ? and comment is not null "
        "and comment <> '' order by column_index", [schema, table]).fetchall())


def _existing(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    return [name for (name,) in con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() "
        "and schema_name = ? order by 1", [schema]).fetchall()]


# A file is named in the analytics file by its source, ledger id and period, never by its
# file name (an office may name a register after a person).
# The same label as the loader's (ingest.quarantine.file_label): `uptd 2023 #12`.
_LABEL = ("{l}.source || coalesce(' ' || cast({l}.period_year as varchar), '') || ' #' || "
          "{l}.ingest_id")


def _copy_ledger(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    raw = _existing(con, "raw")
    if "ingest_ledger" not in raw:
        return {}
    con.execute(f'create schema pub."{LEDGER_SCHEMA}"')
    # The loader labels every file (`uptd 2023 #12`); a ledger from before labels gets one.
    labelled = con.execute(
        "select count(*) from duckdb_columns() where database_name = current_database() and "
        "schema_name = 'raw' and table_name = 'ingest_ledger' and column_name = 'file_label'"
    ).fetchone()[0] > 0
    label = f"coalesce(ledger.file_label, {_LABEL.format(l='ledger')})" if labelled else \
        _LABEL.format(l="ledger")
    own = ", file_label" if labelled else ""
    con.execute("create temp table file_labels as select ingest_id, file_name, "
                f"{label} as file_label from raw.ingest_ledger as ledger")
    tables = {f"{LEDGER_SCHEMA}.ingest_ledger": _copy(
        con, LEDGER_SCHEMA, "ingest_ledger",
        f"select labels.file_label, ledger.* exclude (file_name, file_path{own}), "
        f"{name_key_sql('ledger.file_name')} as name_key "
        "from raw.ingest_ledger as ledger inner join file_labels as labels using (ingest_id) "
        "order by ledger.ingest_id",
        _("One row per landed file: its label (source, ledger id, year), SHA-256, rows read "
          "= loaded + quarantined + dropped, status and message."),
        {"file_label": _("The file, named by source, ledger id and year (the file name stays "
                         "in the warehouse)."),
         "sha256": _("SHA-256 of the file's content: the same content is never loaded twice."),
         "status": _("What happened to the file: loaded, rejected, held, unchanged, "
                     "skipped-duplicate."),
         "superseded_by": _("Ledger id of the newer extract that replaced this file's rows, "
                            "if any."),
         "name_key": _("A digest of the file's name (never the name): the landing sensor "
                       "tells a file unchanged at its name from one put back there.")})}
    children = [("ingest_findings", _("Findings raised while reading files (JUMLAH/TOTAL "
                                      "rows that disagree with their rows)."))]
    children += [(name, _("Rows of a file that broke a rule: file, row, column, value and "
                          "reason; never loaded."))
                 for name in raw if name.endswith("_quarantine")]
    for table, comment in children:
        if table not in raw:
            continue
        names = [column for (column,) in con.execute(
            "select column_name from duckdb_columns() where database_name = current_database() "
            "and schema_name = 'raw' and table_name = ?", [table]).fetchall()]
        if "ingest_id" not in names:
            continue
        exclude = " exclude (file_name)" if "file_name" in names else ""
        tables[f"{LEDGER_SCHEMA}.{table}"] = _copy(
            con, LEDGER_SCHEMA, table,
            f"select labels.file_label, rows.*{exclude} from raw.\"{table}\" as rows "
            "left join file_labels as labels using (ingest_id)",
            comment, {"file_label": _("The file, named by source, ledger id and year.")})
        for column in ("message", "reason"):
            if column in names:
                _relabel(con, table, column)
    _relabel(con, "ingest_ledger", "message")
    return tables


def _relabel(con: duckdb.DuckDBPyConnection, table: str, column: str) -> None:
    """Messages may name other files ("replaces X.xlsx for 2023"): use their labels."""
    for name, label in con.execute(
            "select file_name, file_label from file_labels order by length(file_name) desc"
    ).fetchall():
        con.execute(f'update pub."{LEDGER_SCHEMA}"."{table}" set "{column}" = '
                    f'replace("{column}", ?, ?) where contains("{column}", ?)',
                    [name, label, name])


def _point(analytics: Path, target: Path) -> None:
    """Make `analytics` a symlink to `target` in one rename (readers see old or new)."""
    link = analytics.with_name(f".{analytics.name}.link-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    os.symlink(os.path.relpath(target, analytics.parent), link)
    try:
        os.replace(link, analytics)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    _fsync_folder(analytics.parent)
    # A `.wal` beside the old (regular-file) layout belonged to the file it replaced; readers
    # now open the version the symlink names, so it can only mislead a person: remove it.
    analytics.with_name(analytics.name + ".wal").unlink(missing_ok=True)


def current_version(analytics: Path) -> Path | None:
    if analytics.is_symlink():
        return (analytics.parent / os.readlink(analytics)).resolve()
    return analytics if analytics.exists() else None


def _remove_old_versions(analytics: Path, folder: Path) -> None:
    """Keep the current version and the newest ones before it; a version newer than the
    current one was never pointed at (a publication killed before its swap)."""
    current = current_version(analytics)
    if current is None or current.parent != folder:
        return
    stamped = []
    for path in folder.glob(f"{analytics.stem}-*.duckdb"):
        try:
            stamped.append((path.lstat().st_mtime_ns, path.name, path))
        except FileNotFoundError:  # removed meanwhile
            continue
    newest_first = [path for _mtime, _name, path in sorted(stamped, reverse=True)]
    older = newest_first[newest_first.index(current) + 1:] if current in newest_first else []
    keep = {current, *older[:KEEP_VERSIONS - 1]}
    for path in newest_first:
        if path not in keep:
            path.unlink(missing_ok=True)
    for wal in folder.glob("*.duckdb.wal"):
        if not wal.with_suffix("").exists():
            wal.unlink(missing_ok=True)


def remove_abandoned_temporaries(folder: Path) -> list[Path]:
    """Temporary files of publications whose process is gone (killed mid-publication)."""
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        found = _TEMP.match(path.name)
        if found and int(found.group(1)) != os.getpid() and not _alive(int(found.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    for link in folder.parent.glob(".*.link-*"):
        pid = link.name.split(".link-")[-1].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            link.unlink(missing_ok=True)
            removed.append(link)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def _literal(text: str) -> str:
    """A SQL string literal (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"
