"""Sensors: the landing folder (a file whose content is new starts a run) and the sweeper of
runs that died holding the warehouse's slot.

The landing sensor judges a file by its content, the way the ledger does, never by its name
or date: it hashes every settled CSV/XLSX file (a file whose stat vouches for the content
hashed before is not read again: `ingest.landing_hash`) and looks its SHA-256 up in the
ledger published in the analytics file, which it opens read-only (the warehouse itself is
never opened, so a tick never makes a run wait). A file
is *pending* when its source's ledger has never seen its content, or when every load of that
content has been replaced by a newer extract and it arrives at a name that held other
content (a restored older file: the ingest step's ledger rule decides what it means).
Loaded, held, rejected or duplicate content is not new, nor is a file unchanged under the
name the ledger last saw it at (the published ledger tells names apart by a digest).

One tick starts at most one run: the source's `ingest_<source>` job when one source has
pending files, the whole pipeline when several do. The run key is made of the pending
contents (and, for a restored file, of the extract that replaced it), so the same content
never starts a second run, whatever its file is called or however often it is re-saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import time

import dagster as dg
import duckdb

from core import owner
from core.config import Settings
from core.duckdb_files import NO_EXTENSIONS, lock_holder
from core.i18n import _
from dagster_project.assets.landing import observation, snapshot
from dagster_project.jobs import ALL_JOB, ingest_job_name, jobs
from dagster_project.runs import release_dead_runs
from ingest.landing_hash import Hashed
from ingest.ledger import content_word, ledger_state, name_key
from publish.analytics import versions_folder
from schemas.spec import sources

SETTLE_ENV = "SATUDATA_SENSOR_SETTLE_SECONDS"
SETTLE_SECONDS = 10.0
LEDGER_TABLE = "ledger.ingest_ledger"


class LedgerUnreadable(Exception):
    """The analytics file exists but its ledger cannot be read now."""


def published_ledger(settings: Settings) -> tuple[dict[tuple[str, str], list[tuple]],
                                                   dict[tuple[str, str], str]]:
    """From the analytics file's ledger: (source, sha256) → [(status, superseded_by), …],
    and (source, name key) → the SHA-256 of the newest row recorded under that file name
    (empty for a ledger published before it held name keys); both empty when nothing was
    published yet. Raises LedgerUnreadable when the file is held or damaged, or is another
    warehouse's (core.owner) (the sensor then waits for its next tick instead of guessing)."""
    if not settings.analytics.exists():
        return {}, {}
    try:
        # Another warehouse's ledger would call this warehouse's files loaded, or new.
        owner.check(versions_folder(settings.analytics), settings.warehouse, owner.ANALYTICS,
                    settings.analytics)
    except owner.ForeignOutput as foreign:
        raise LedgerUnreadable(str(foreign)) from None
    try:
        con = duckdb.connect(str(settings.analytics), read_only=True, config=NO_EXTENSIONS)
    except duckdb.Error as error:
        holder = lock_holder(error)
        raise LedgerUnreadable(
            _("the analytics file is held by PID {pid}", pid=holder) if holder
            else str(error).splitlines()[0]) from error
    try:
        named = con.execute(
            "select count(*) from duckdb_columns() where schema_name = 'ledger' "
            "and table_name = 'ingest_ledger' and column_name = 'name_key'").fetchone()[0]
        rows = con.execute(
            "select source, sha256, status, superseded_by, "
            f"{'name_key' if named else 'null'} from {LEDGER_TABLE} order by ingest_id"
        ).fetchall()
    except duckdb.CatalogException:
        rows = []  # published before the ledger was: as if nothing were known
    finally:
        con.close()
    ledger: dict[tuple[str, str], list[tuple]] = {}
    names: dict[tuple[str, str], str] = {}
    for source, sha, status, superseded_by, key in rows:
        ledger.setdefault((source, sha), []).append((status, superseded_by))
        if key is not None:
            names[(source, key)] = sha
    return ledger, names


def _settled_before_ns() -> int:
    try:
        settle = float(os.environ.get(SETTLE_ENV, SETTLE_SECONDS))
    except ValueError:
        settle = SETTLE_SECONDS
    return time.time_ns() - int(settle * 1e9)


_SENSOR_JOBS = [job for job in jobs if job.name == ALL_JOB or job.name.startswith("ingest_")]


def landing_snapshot(settings: Settings, known: dict[str, dict] | None = None,
                     settled_before_ns: int | None = None) -> dict[str, dict]:
    """What the landing sensor sees in each source's folder now and the run it would start,
    per source; JSON-serialisable, files by content and by a digest of their name, never
    their name (an officer's free text). The sensor's every tick is this function.

    Per source: `files`, one per settled CSV/XLSX file, oldest first —
    `{"name_key", "bytes", "mtime_ns", "sha256", "hashed", "state", "ledger"}` with `hashed`
    the SHA-256 with the stat that vouches for it (`Hashed.as_list()`, None when the file
    changed while it was read), `state` the ledger
    rule's verdict (`ingest.ledger.ledger_state`: `new`, `current`, `restored-<id>`,
    `set-aside-<id>`) and `ledger` what the ledger last did with that content in the
    reader's language (`dimuat`, `ditahan` …, as `satudata ledger` says it); `pending`,
    the `[sha256, state]` the sensor would start a run for (not `current`); and `run`, the
    run request that would load them, `{"job", "run_key"}` (the same request for every
    source pending now: one source's `ingest_<source>`, several sources' whole pipeline),
    or None. The run key is made of the pending contents and their states, so the same
    content never starts a second run, whatever its file is called.

    `known`: source → {name key: `Hashed.as_list()`} of files hashed before (the sensor's
    cursor), so a file whose stat vouches for its content is not read again.
    `settled_before_ns`: files modified later may still be being copied and wait for the
    next look (None: every file).
    Reads the ledger the analytics file publishes, read-only; raises LedgerUnreadable when
    it is held or damaged."""
    ledger, names = published_ledger(settings)
    known = known or {}
    looked: dict[str, dict] = {}
    for name in sources():
        files = []
        seen = {key: hashed for key, entry in (known.get(name) or {}).items()
                if (hashed := Hashed.from_list(entry)) is not None}
        for landed in snapshot(settings.landing, name, seen, settled_before_ns):
            key = name_key(landed.name)
            entries = ledger.get((name, landed.sha256), [])
            # The same content is unchanged under the name it was last seen at, and may be
            # a restore under another.
            files.append({"name_key": key, "bytes": landed.size, "mtime_ns": landed.mtime_ns,
                          "sha256": landed.sha256,
                          "hashed": landed.hashed.as_list() if landed.hashed else None,
                          "state": ledger_state(entries,
                                                at_name=names.get((name, key)) == landed.sha256),
                          "ledger": content_word(entries)})
        pending = sorted({(f["sha256"], f["state"]) for f in files if f["state"] != "current"})
        looked[name] = {"files": files, "pending": [list(item) for item in pending], "run": None}
    chosen = sorted(name for name, look in looked.items() if look["pending"])
    if chosen:
        job = ingest_job_name(chosen[0]) if len(chosen) == 1 else ALL_JOB
        contents = sorted((name, sha, state) for name in chosen
                          for sha, state in looked[name]["pending"])
        key = hashlib.sha256(json.dumps(contents).encode()).hexdigest()[:32]
        for name in chosen:
            looked[name]["run"] = {"job": job, "run_key": f"{job}:{key}"}
    return looked


@dg.sensor(
    name="landing_folder_sensor",
    jobs=_SENSOR_JOBS,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description=_("Watches <landing>/<source>/ and starts ingest_<source> when a file whose "
                  "content the ledger has not loaded appears (a file already loaded, held or "
                  "rejected is not loaded again, nor is a file unchanged at its name; a held "
                  "file set aside since, dropped again under another name, is judged anew)."),
)
def landing_folder_sensor(context: dg.SensorEvaluationContext):
    settings = Settings.from_env()
    cursor = json.loads(context.cursor) if context.cursor else {}
    observed = cursor.get("observed", {})
    try:
        looked = landing_snapshot(settings, cursor.get("files", {}), _settled_before_ns())
    except LedgerUnreadable as error:
        return dg.SkipReason(_("Ledger not readable now ({why}); trying again at the next tick.",
                               why=str(error)))
    events = []
    for name, look in looked.items():
        files = look["files"]
        version = hashlib.sha256(json.dumps(sorted((f["name_key"], f["sha256"]) for f in files))
                                 .encode()).hexdigest()
        if observed.get(name) != version:
            events.append(observation(
                name, settings.landing, [(f["bytes"], f["sha256"]) for f in files],
                {f["sha256"]: f["ledger"] for f in files}))
            observed[name] = version
    runs = {(look["run"]["job"], look["run"]["run_key"]) for look in looked.values()
            if look["run"]}
    chosen = sorted(name for name, look in looked.items() if look["run"])
    requests = [dg.RunRequest(
        run_key=run_key, job_name=job,
        tags={"satudata/source": ",".join(chosen),
              # By content: a file name never goes into Dagster's storage.
              "satudata/files": ", ".join(sorted({f"{name}/{sha[:12]}" for name in chosen
                                                  for sha, _state in looked[name]["pending"]})
                                          )[:200]})
        for job, run_key in runs]
    files_now = {name: {f["name_key"]: f["hashed"] for f in look["files"] if f["hashed"]}
                 for name, look in looked.items()}
    return dg.SensorResult(
        run_requests=requests, asset_events=events,
        cursor=json.dumps({"files": files_now, "observed": observed}, sort_keys=True),
        skip_reason=None if requests else _("No file with new content in the landing folders."),
    )


@dg.sensor(
    name="dead_run_sweeper",
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=_("Every minute: a run whose process is gone (power cut, kill, out of "
                  "memory) is marked failed and its DuckDB slot freed, whoever launched it, so "
                  "no run waits for a dead one."),
)
def dead_run_sweeper(context: dg.SensorEvaluationContext):
    released = release_dead_runs(context.instance)
    for holder, reason in released:
        context.log.warning(_("Released {holder}: {reason}.", holder=holder.describe(),
                              reason=reason))
    return dg.SkipReason(_("{count} dead run(s) released.", count=len(released)))


sensors = [landing_folder_sensor, dead_run_sweeper]
