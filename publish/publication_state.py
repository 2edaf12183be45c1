"""Publication state: which build of the marts the published copies hold.

The marts' build state (`core.build_state.last_built`: the dbt project and the data they were
built from) is recorded by each finished dbt build. Each publication records the build state
it published: the analytics file in its `main.publication` row (with the state of the ledger
it copied), the exports in `<exports>/release.json`, written after every package of the
release is swapped in. A copy whose recorded state differs from the marts' is *lagging*: a
run that finds one publishes again, and no run reports success while one lags.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.duckdb_files import NO_EXTENSIONS

RELEASE_FILE = "release.json"
ANALYTICS, EXPORTS = "analytics", "exports"


@dataclass(frozen=True)
class Publication:
    """What a published analytics file says about itself (its `main.publication` row)."""

    published_at: dt.datetime
    run_id: str
    build_state: str | None
    ledger_state: str | None
    version: str


@dataclass(frozen=True)
class Lag:
    """A published copy that does not hold the marts' current build (or ledger)."""

    what: str  # ANALYTICS or EXPORTS
    published_at: dt.datetime | None  # None: never published, or unreadable


def built_state(con: duckdb.DuckDBPyConnection) -> str | None:
    """The build state of the marts as they are now (core.build_state's record, as stored);
    None when no build has finished since the last one started (the marts are then not
    publishable as a whole)."""
    try:
        row = con.execute("select state from raw.dbt_build_state").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row and row[0] else None


def ledger_state(con: duckdb.DuckDBPyConnection) -> str | None:
    """A digest of every ledger row's id, status and supersession (None: no ledger yet)."""
    try:
        rows = con.execute("select ingest_id, status, superseded_by from raw.ingest_ledger "
                           "order by ingest_id").fetchall()
    except duckdb.CatalogException:
        return None
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def read_publication(analytics: Path) -> Publication | None:
    """The `publication` row of the current analytics version; None when there is none or it
    cannot be read (missing, an older layout, unreadable)."""
    if not analytics.exists():
        return None
    try:
        con = duckdb.connect(str(analytics), read_only=True, config=NO_EXTENSIONS)
    except duckdb.Error:
        return None
    try:
        row = con.execute("select published_at, run_id, build_state, ledger_state, version "
                          "from main.publication").fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return Publication(*row[0]) if row else None


def read_release(exports: Path) -> dict | None:
    """The release record of the exports folder, or None."""
    try:
        return json.loads((exports / RELEASE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def record_release(exports: Path, state: str | None, run_id: str,
                   datasets: dict[str, dict]) -> Path:
    """Write `release.json` (atomically) once every package of a release is in place."""
    record = {"published_at": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
              "run_id": run_id, "build_state": state, "datasets": datasets}
    target = exports / RELEASE_FILE
    staging = exports / f".{RELEASE_FILE}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        with open(staging, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False, indent=2, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    return target


def lagging(con: duckdb.DuckDBPyConnection, analytics: Path, exports: Path) -> list[Lag]:
    """The published copies (analytics file, exports) that do not hold the current marts:
    an empty list when both are current or when no build of the marts has finished."""
    built = built_state(con)
    if built is None:
        return []
    lags = []
    published = read_publication(analytics)
    if published is None or published.build_state != built or \
            published.ledger_state != ledger_state(con):
        lags.append(Lag(ANALYTICS, published.published_at if published else None))
    release = read_release(exports)
    if release is None or release.get("build_state") != built:
        at = release.get("published_at") if release else None
        lags.append(Lag(EXPORTS, dt.datetime.fromisoformat(at) if at else None))
    return lags
