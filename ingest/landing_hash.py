"""The SHA-256 of a landing file, read again only when the file may have changed.

The ledger knows a file by its content, so every run needed every landing file's SHA-256:
reading the whole landing folder (255 MB at a million rows) to learn that one file is new
(docs/benchmarks.md, eighth and ninth rounds). As git's index does, `raw.landing_hashes`
keeps, for each landing path, the SHA-256 last computed for it, the file's stat at that
moment and when it was computed. A file whose stat is still the recorded one is trusted to
hold the same content and is not read:

- a rewrite in place changes the status-change time (ctime), even at the same size with the
  old modification time put back (`touch -d`, `cp -p`, `rsync -a --inplace`); a file replaced
  by another (`rsync -a`, an office program's save, `mv`) has another inode;
- "racy" stat (git's rule): a file modified (or its status changed) less than `RACY_NS`
  before it was hashed could be changed again within the same clock tick without its stat
  showing it (a file system keeping whole seconds: ext3, NAS and SMB shares); it is hashed
  again at every look until both times are older than that when it is hashed;
- the stat is only a cache of a path's hash: the ledger still judges a file by its content
  (a file renamed or moved is hashed at its new path and keeps its identity).

Paths are kept as a digest, never as text: only the ledger names files. Assumed: the landing
folder's file system keeps a ctime that changes on every write and clocks within a second of
this machine's (Linux file systems, network shares with a synchronised clock); on one whose
ctime is the creation time (FAT, Windows), a same-size rewrite in place that puts the old
modification time back would not be seen (emptying the table makes the next run read every
file).
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

TABLE = "raw.landing_hashes"
RACY_NS = 1_000_000_000  # a file modified this close to its hashing is hashed again


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file's bytes, as hex (the file is read whole)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Stat:
    """What the file system says of a file without reading it: size (bytes), modification
    and status-change times (ns since the epoch), inode. Links are followed."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> Stat:
        """Raises OSError (FileNotFoundError …) as `os.stat` does."""
        info = os.stat(path)
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@dataclass(frozen=True)
class Hashed:
    """A file's SHA-256 (hex), its stat just before it was read, and when (ns)."""

    sha256: str
    stat: Stat
    hashed_at_ns: int

    def vouches_for(self, now: Stat) -> bool:
        """Whether a file whose stat is `now` holds this content without reading it: the
        same stat, recorded when the file was no longer being modified (module doc): neither
        its modification nor its status-change time within `RACY_NS` of the hashing (a
        rewrite that puts the old modification time back moves only the latter, and a file
        system keeping whole seconds shows no other change within that second)."""
        changed_ns = max(self.stat.mtime_ns, self.stat.ctime_ns)
        return now == self.stat and changed_ns < self.hashed_at_ns - RACY_NS

    def as_list(self) -> list:
        """[size, mtime_ns, sha256, ctime_ns, inode, hashed_at_ns]: JSON, for a cursor."""
        stat = self.stat
        return [stat.size, stat.mtime_ns, self.sha256, stat.ctime_ns, stat.inode,
                self.hashed_at_ns]

    @classmethod
    def from_list(cls, entry: list | None) -> Hashed | None:
        """The inverse of `as_list`; None for anything else (a cursor of an older version
        kept [size, mtime_ns, sha256]: those files are read again)."""
        if not isinstance(entry, list) or len(entry) != 6:
            return None
        size, mtime_ns, sha, ctime_ns, inode, hashed_at_ns = entry
        return cls(sha, Stat(size, mtime_ns, ctime_ns, inode), hashed_at_ns)


def hash_file(path: Path) -> tuple[Hashed, bool]:
    """Read the file and hash it. Returns its `Hashed` and whether its stat held still while
    it was read (only then may the stat vouch for the content later). Raises OSError."""
    before = Stat.of(path)
    at = time.time_ns()
    sha = sha256_of(path)
    return Hashed(sha, before, at), Stat.of(path) == before


def path_key(path: Path) -> str:
    """The digest a path is kept under: the SHA-256 of its absolute form."""
    return hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    """Create the table (the raw schema exists); a warehouse made before it gains it empty,
    and its files are read once more."""
    con.execute(
        f"""
        create table if not exists {TABLE} (
            path_key varchar primary key, size_bytes bigint not null,
            mtime_ns bigint not null, ctime_ns bigint not null, inode ubigint not null,
            sha256 varchar not null, hashed_at_ns bigint not null
        )
        """
    )


def recorded(con: duckdb.DuckDBPyConnection, paths: list[Path]) -> dict[Path, Hashed]:
    """What the table holds for these paths (those it has no row for left out; nothing for
    a warehouse without the table)."""
    if not paths:
        return {}
    keys = {path_key(path): path for path in paths}
    try:
        rows = con.execute(
            f"select path_key, sha256, size_bytes, mtime_ns, ctime_ns, inode, hashed_at_ns "
            f"from {TABLE} where path_key in (select unnest(?))", [list(keys)]).fetchall()
    except duckdb.CatalogException:
        return {}
    return {keys[key]: Hashed(sha, Stat(size, mtime_ns, ctime_ns, inode), hashed_at_ns)
            for key, sha, size, mtime_ns, ctime_ns, inode, hashed_at_ns in rows}


def record(con: duckdb.DuckDBPyConnection, path: Path, hashed: Hashed) -> None:
    """Keep `hashed` as the path's latest hash (replacing the one before)."""
    stat = hashed.stat
    con.execute(
        f"insert or replace into {TABLE} values (?, ?, ?, ?, ?, ?, ?)",
        [path_key(path), stat.size, stat.mtime_ns, stat.ctime_ns, stat.inode, hashed.sha256,
         hashed.hashed_at_ns])


def content_sha(con: duckdb.DuckDBPyConnection, path: Path, *, keep: bool = True) -> str:
    """The SHA-256 of the landing file at `path`: the recorded one when the file's stat
    vouches for it, else read from the file (and, with `keep`, recorded for the next look).
    Raises OSError when the file cannot be read."""
    now = Stat.of(path)
    known = recorded(con, [path]).get(path)
    if known is not None and known.vouches_for(now):
        return known.sha256
    hashed, still = hash_file(path)
    if keep and still:
        record(con, path, hashed)
    return hashed.sha256

