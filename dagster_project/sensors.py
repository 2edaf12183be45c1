"""A sensor on the landing folder: a new or changed file starts its source's ingest job."""

from __future__ import annotations

import json

import dagster as dg

from core.config import Settings
from core.i18n import _
from dagster_project.jobs import ingest_job_name, ingest_jobs
from ingest.loader import is_landing_file, landing_files
from schemas.spec import sources


def landing_snapshot(settings: Settings) -> dict[str, dict[str, list[int]]]:
    """Per source: file name → [size, mtime_ns] of every landing file."""
    return {
        name: {
            path.name: [path.stat().st_size, path.stat().st_mtime_ns]
            for path in landing_files(settings.landing, name)
            if is_landing_file(path)
        }
        for name in sources()
    }


@dg.sensor(
    name="landing_folder_sensor",
    jobs=ingest_jobs,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description=_("Watches <landing>/<source>/ and starts ingest_<source> when a file appears "
                  "or changes."),
)
def landing_folder_sensor(context: dg.SensorEvaluationContext):
    previous = json.loads(context.cursor) if context.cursor else {}
    current = landing_snapshot(Settings.from_env())
    for name, files in current.items():
        changed = sorted(f for f, stamp in files.items() if previous.get(name, {}).get(f) != stamp)
        if changed:
            yield dg.RunRequest(
                run_key=f"{name}:{json.dumps(files, sort_keys=True)}",
                job_name=ingest_job_name(name),
                tags={"satudata/source": name, "satudata/files": ", ".join(changed)[:200]},
            )
    context.update_cursor(json.dumps(current, sort_keys=True))


sensors = [landing_folder_sensor]
