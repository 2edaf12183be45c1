"""The landing folders as external assets (`landing/<source>`), upstream of `raw/<source>`.

Nothing in the pipeline writes a landing folder: officers drop files there. Each folder is
observed, by the ingest step of every run and by the landing sensor when a file appears or
changes: its files, their sizes and SHA-256 (the content hash the ledger keys on) become an
observation with a data version, so the UI shows what lies in each folder and lineage runs
file → raw → staging → marts → exports.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from core.i18n import N_, _, number
from ingest.landing_hash import Hashed, Stat, hash_file
from ingest.ledger import NOT_IN_LEDGER, markdown, name_key
from ingest.loader import is_landing_file, landing_files
from report.documents import source_title
from schemas.spec import sources

LANDING_GROUP = "landing"


def landing_key(source_name: str) -> dg.AssetKey:
    return dg.AssetKey(["landing", source_name])


@dataclass(frozen=True)
class LandedFile:
    name: str
    size: int
    mtime_ns: int
    sha256: str
    # Its SHA-256 with the stat that vouches for it (`ingest.landing_hash`), or None when
    # the file changed while it was read: the next look reads it again.
    hashed: Hashed | None


# name_key(file name) → a file's `Hashed` seen before, so a file whose stat vouches for its
# content is not read again (`ingest.landing_hash`). In the sensor's cursor, in Dagster's
# storage, as `Hashed.as_list()`: keyed by a digest of the name, never the name (an officer's
# free text, which can hold a victim's name).
Known = dict[str, Hashed]


def snapshot(landing: Path, source_name: str, known: Known | None = None,
             settled_before_ns: int | None = None) -> list[LandedFile]:
    """The CSV/XLSX files of one landing folder (office lock files and other types left
    out), oldest first, each with its SHA-256, read only when `known` does not vouch for
    it. A file modified after `settled_before_ns` may still be being copied: it is left for
    the next look."""
    known = known or {}
    files = []
    for path in landing_files(landing, source_name):
        if not is_landing_file(path):
            continue
        try:
            info = Stat.of(path)
        except FileNotFoundError:  # removed while we looked
            continue
        if settled_before_ns is not None and info.mtime_ns > settled_before_ns:
            continue
        seen = known.get(name_key(path.name))
        if seen is not None and seen.vouches_for(info):
            sha, hashed = seen.sha256, seen
        else:
            try:
                read, still = hash_file(path)
            except FileNotFoundError:
                continue
            sha, hashed = read.sha256, (read if still else None)
        files.append(LandedFile(path.name, info.size, info.mtime_ns, sha, hashed))
    return files


def data_version(hashes: list[str]) -> str:
    """One digest of a folder's contents (the SHA-256 of its files): the same files, the
    same version."""
    return hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()


# The landing table's column headers, translated where shown (the ledger's words are
# `ingest.ledger`'s, as `satudata ledger` prints them).
SIZE_HEADER = N_("size (bytes)")
LEDGER_HEADER = N_("ledger")


def observation(source_name: str, landing: Path, contents: list[tuple[int, str]],
                states: dict[str, str] | None = None) -> dg.AssetObservation:
    """What a landing folder holds, for the UI: its files as (size in bytes, SHA-256), never
    by name (a file name is an officer's free text), and what the ledger did with each
    content (`states`: SHA-256 → the ledger's word, `ingest.ledger.content_word`; a content
    missing from it is new). Headers and words in the reader's language."""
    states = states or {}
    rows = [(number(size), sha[:16], states.get(sha) or _(NOT_IN_LEDGER))
            for size, sha in contents]
    return dg.AssetObservation(
        asset_key=landing_key(source_name),
        metadata={
            "files": len(contents),
            "bytes": sum(size for size, _sha in contents),
            "contents": dg.MetadataValue.md(
                markdown([_(SIZE_HEADER), "SHA-256", _(LEDGER_HEADER)], rows) if rows
                else "-"),
            "folder": dg.MetadataValue.path(str(landing / source_name)),
        },
        tags={"dagster/data_version": data_version([sha for _size, sha in contents])},
    )


landing_specs = [
    dg.AssetSpec(
        landing_key(name), group_name=LANDING_GROUP, kinds={"file"},
        description=_("Landing folder <landing>/{source}/: the {title} files officers drop "
                      "(CSV, XLSX). Observed, never written by the pipeline: files, sizes and "
                      "SHA-256 content hashes.", source=name, title=source_title(name)),
    )
    for name in sources()
]
