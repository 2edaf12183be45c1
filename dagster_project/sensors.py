"""Sensors: the landing folder (a file whose content is new starts a run) and the sweeper of
runs that died holding the warehouse's slot.

The landing sensor judges a file by its content, the way the ledger does, never by its name
or date: it hashes every settled CSV/XLSX file (an unchanged file is not read again) and
looks its SHA-256 up in the ledger published in the analytics file, which it opens
read-only (the warehouse itself is never opened, so a tick never makes a run wait). A file
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

from core.config import Settings
from core.duckdb_files import NO_EXTENSIONS, lock_holder
from core.i18n import _
from dagster_project.assets.landing import name_key, observation, snapshot
from dagster_project.jobs import ALL_JOB, ingest_job_name, jobs
from dagster_project.runs import release_dead_runs
from ingest.ledger import ledger_state
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
    published yet. Raises LedgerUnreadable when the file is held or damaged (the sensor then
    waits for its next tick instead of guessing)."""
    if not settings.analytics.exists():
        return {}, {}
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
    known_files = cursor.get("files", {})
    observed = cursor.get("observed", {})
    try:
        ledger, names = published_ledger(settings)
    except LedgerUnreadable as error:
        return dg.SkipReason(_("Ledger not readable now ({why}); trying again at the next tick.",
                               why=str(error)))
    settled = _settled_before_ns()
    pending: list[tuple[str, str, str, str]] = []  # source, file, sha256, state
    events = []
    files_now: dict[str, dict[str, list]] = {}
    for name in sources():
        files = snapshot(settings.landing, name, known_files.get(name), settled)
        files_now[name] = {name_key(f.name): [f.size, f.mtime_ns, f.sha256] for f in files}
        # Per file: the same content is unchanged under the name it was last seen at, and
        # may be a restore under another.
        file_states = [ledger_state(ledger.get((name, f.sha256), []),
                                    at_name=names.get((name, name_key(f.name))) == f.sha256)
                       for f in files]
        states = {f.sha256: state for f, state in zip(files, file_states, strict=True)}
        version = hashlib.sha256(json.dumps(sorted((f.name, f.sha256) for f in files))
                                 .encode()).hexdigest()
        if observed.get(name) != version:
            events.append(observation(name, settings.landing, files, states))
            observed[name] = version
        for landed, state in zip(files, file_states, strict=True):
            if state != "current":
                pending.append((name, landed.name, landed.sha256, state))
    requests = []
    if pending:
        chosen = sorted({source for source, *_rest in pending})
        job = ingest_job_name(chosen[0]) if len(chosen) == 1 else ALL_JOB
        contents = sorted({(source, sha, state) for source, _file, sha, state in pending})
        key = hashlib.sha256(json.dumps(contents).encode()).hexdigest()[:32]
        requests.append(dg.RunRequest(
            run_key=f"{job}:{key}", job_name=job,
            tags={"satudata/source": ",".join(chosen),
                  # By content: a file name never goes into Dagster's storage.
                  "satudata/files": ", ".join(sorted({f"{s}/{sha[:12]}"
                                                      for s, _f, sha, _r in pending}))[:200]}))
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
