"""Key rotation: re-pseudonymise a warehouse from its landing files with the key set now.

Pseudonyms cannot be converted from one key to another (an HMAC is one-way), so every
current file of a source that holds ids (case numbers, NIPs) is read again from where the
ingest ledger says it was, checked against the SHA-256 it was loaded with, and loaded anew.
The work is done on a copy of the warehouse that replaces it in one rename only when every
file reloaded: a refused or failed rotation changes nothing. The warehouse itself is held open
(read-only) from the moment it is copied until the copy replaces it, so no other process — a
run the UI, the landing sensor or a schedule started — writes to it meanwhile (it waits, saying
so): its rows would be lost with the file the copy replaces. The marts still carry the old
pseudonyms until the next run, which rebuilds them whole.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from core import build_state
from core.duckdb_files import connect
from core.i18n import _
from ingest.loader import ensure_tables, ingest_file, sha256_of
from ingest.privacy import describe_key, key_fingerprint
from schemas.spec import sources


class RotationRefused(Exception):
    """A file the warehouse was built from cannot be read again as it was loaded."""


@dataclass
class Rotation:
    fingerprint: str
    # source, file name, rows loaded now, rows loaded before the rotation
    files: list[tuple[str, str, int, int]] = field(default_factory=list)


def id_sources() -> list[str]:
    """The sources whose files hold identifiers that are pseudonymised."""
    return [name for name, spec in sources().items()
            if any(column.type == "id" for column in spec.columns)]


def rotate_key(warehouse: Path) -> Rotation:
    """Reload every current file of the id sources with the key set now. Raises
    RotationRefused, before changing anything, when a file is missing or changed."""
    names = id_sources()
    con = connect(warehouse)
    try:
        ensure_tables(con)
        con.execute("checkpoint")
    finally:
        con.close()
    # Held until the copy replaces the warehouse: another process waits instead of writing
    # rows the replacement would throw away.
    held = connect(warehouse, read_only=True)
    try:
        return _rotate(warehouse, held, names)
    finally:
        held.close()


def _rotate(warehouse: Path, held, names: list[str]) -> Rotation:
    """The rotation proper, while `held` (a read-only connection) keeps writers out."""
    current = held.execute(
        "select ingest_id, source, file_name, file_path, sha256, rows_loaded "
        "from raw.ingest_ledger "
        "where status = 'loaded' and superseded_by is null "
        f"and source in ({', '.join('?' for _ in names)}) order by ingest_id", names,
    ).fetchall()
    problems = []
    for _id, source, name, path, sha, _rows in current:
        if not path or not Path(path).is_file():
            problems.append(_("{source}/{file}: not found at {path}", source=source, file=name,
                              path=path))
        elif sha256_of(Path(path)) != sha:
            problems.append(_("{source}/{file}: changed since it was loaded", source=source,
                              file=name))
    if problems:
        raise RotationRefused(_(
            "The warehouse cannot be re-pseudonymised: every file it holds must be read again "
            "as it was loaded. Put these files back in their landing folder unchanged, then "
            "run the command again; nothing was changed:\n{problems}",
            problems="\n".join(f"  - {problem}" for problem in problems)))
    rotation = Rotation(key_fingerprint())
    staging = warehouse.with_name(f".rotate-{warehouse.name}")
    staging.unlink(missing_ok=True)
    _copy_apart(warehouse, staging)
    wal = warehouse.with_name(warehouse.name + ".wal")
    if wal.exists():  # a writer that died after the checkpoint above left its changes there
        _copy_apart(wal, staging.with_name(staging.name + ".wal"))
    try:
        con = connect(staging)
        try:
            ids = [row[0] for row in current]
            if ids:
                marks = ", ".join("?" for _ in ids)
                for table in (table for source in names
                              for table in (source, f"{source}_quarantine")):
                    if _has_table(con, table):
                        con.execute(f"delete from raw.{table} where ingest_id in ({marks})",
                                    ids)
                con.execute(f"delete from raw.ingest_findings where ingest_id in ({marks})",
                            ids)
                con.execute(f"delete from raw.ingest_ledger where ingest_id in ({marks})", ids)
            for _id, source, name, path, _sha, before in current:
                result = ingest_file(con, Path(path), source)
                if result.status != "loaded":
                    raise RotationRefused(_(
                        "{source}/{file} did not load again ({status}: {message}); the "
                        "warehouse was not changed.", source=source, file=name,
                        status=result.status, message=result.message))
                rotation.files.append((source, name, result.rows_loaded, before))
            build_state.record(con, None)  # the next build rebuilds every mart
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(staging, warehouse)
    finally:
        staging.unlink(missing_ok=True)
        staging.with_name(staging.name + ".wal").unlink(missing_ok=True)
    return rotation


def _copy_apart(source: Path, target: Path) -> None:
    """Copy a file in a child process. DuckDB's lock on a file is a POSIX record lock, which
    a process loses on closing *any* descriptor of that file: copying the held warehouse in
    this process would let other writers in. Raises OSError (the child's errno: a full disk
    is ENOSPC) when the copy fails."""
    code = subprocess.run([sys.executable, "-c", _COPY, str(source), str(target)]).returncode
    if code:
        raise OSError(code, os.strerror(code), str(target))


_COPY = """
import shutil, sys
try:
    shutil.copyfile(sys.argv[1], sys.argv[2])
except OSError as error:
    sys.exit(error.errno or 5)
"""


def _has_table(con, name: str) -> bool:
    return con.execute("select count(*) from information_schema.tables "
                       "where table_schema = 'raw' and table_name = ?", [name]).fetchone()[0] > 0


def summary(rotation: Rotation) -> str:
    lines = [_("Re-pseudonymised with {key}: {count} file(s).",
               key=describe_key(rotation.fingerprint), count=len(rotation.files))]
    # Reading the ids again may make rows duplicates of others (`012345` and `12345`, one
    # case now) or load ids refused before: a count that changed is said with the count before.
    lines += [_("  {source}/{file}: {rows} rows loaded", source=source, file=name, rows=rows)
              if rows == before else
              _("  {source}/{file}: {rows} rows loaded, {before} before: ids read the current "
                "way (one id however it is typed) changed which rows are duplicates or "
                "refused; see `satudata ledger`", source=source, file=name, rows=rows,
                before=before)
              for source, name, rows, before in rotation.files]
    lines.append(_("Run `satudata run` now: it rebuilds the marts, the exports and the "
                   "analytics file with the new pseudonyms."))
    return "\n".join(lines)
