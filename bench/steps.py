"""Where the time of one `satudata run` went, from the run's own records.

Read after the process has ended, from Dagster's run history (the event log of the newest run
in DAGSTER_HOME) and dbt's `run_results.json` (kept per warehouse, see core/manifest.py):

- `start-up`: interpreter, imports, Dagster definitions, until the run is created;
- `run planning`: Dagster writing the run and its planned materializations and checks;
- `ingest`: the landing steps (`load_<source>`) and the ledger step;
- `dbt: start-up and parse`: the dbt step until dbt starts its first node (dbt's process
  start, imports and parse; the build-state decision before it);
- `dbt: nodes`: from dbt's first node to its last (models, seeds, tests);
- `dbt: after the nodes`: the rest of the dbt step (dbt writing its artifacts, Dagster
  recording the events that were still queued, previews of the marts, the build state);
- `checks`, `annex`, `exports`, `analytics`: those steps;
- `Dagster between steps`: run time outside any step (step start/end events, pools);
- `end`: after the run's last event (the summary the CLI prints, the process exiting).

`events` is the number of events the run wrote to its history, `dbt nodes` the number of
models, seeds and tests dbt ran (0 when the build was skipped). A phase a run did not have
(dbt skipped, say) is absent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from core.manifest import warehouse_artifacts

INGEST_PREFIXES = ("load_", "ingest_ledger")
DBT_STEP = "satudata_dbt_assets"
NAMED_STEPS = {"satu_data_exports": "exports", "analytics__analytics_duckdb": "analytics",
               "reports__annual_report_annex": "annex"}
ORDER = ["start-up", "run planning", "ingest", "dbt: start-up and parse", "dbt: nodes",
         "dbt: after the nodes", "checks", "annex", "exports", "analytics",
         "Dagster between steps", "end"]


def _epoch(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _dbt_window(warehouse: Path, step_start: float,
                step_end: float) -> tuple[float, float, int] | None:
    """First node start, last node end and number of nodes of the dbt build inside the step,
    if one ran."""
    path = warehouse_artifacts(warehouse) / "run_results.json"
    if not path.exists():
        return None
    results = json.loads(path.read_text())
    started = _epoch(results["metadata"]["invocation_started_at"])
    if not step_start <= started <= step_end:
        return None  # an earlier run's build
    times = [_epoch(timing[key]) for result in results["results"]
             for timing in result["timing"] for key in ("started_at", "completed_at")]
    return (min(times), max(times), len(results["results"])) if times else None


def breakdown(dagster_home: Path, warehouse: Path, started: float, ended: float) -> dict:
    """Seconds per phase of the newest run in `dagster_home`, for a process that ran from
    `started` to `ended` (epoch seconds), plus the number of events it wrote."""
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    from dagster import DagsterInstance

    instance = DagsterInstance.get()
    try:
        runs = instance.get_runs(limit=1)
        if not runs:
            return {}
        logs = instance.all_logs(runs[0].run_id)
    finally:
        instance.dispose()
    first, last = logs[0].timestamp, logs[-1].timestamp
    run_start = next((e.timestamp for e in logs if e.dagster_event
                      and e.dagster_event.event_type_value == "PIPELINE_START"), first)
    steps: dict[str, list[float]] = {}
    for entry in logs:
        kind = entry.dagster_event.event_type_value if entry.dagster_event else None
        if kind == "STEP_START":
            steps[entry.step_key] = [entry.timestamp, entry.timestamp]
        elif kind in ("STEP_SUCCESS", "STEP_FAILURE") and entry.step_key in steps:
            steps[entry.step_key][1] = entry.timestamp
    phases: dict[str, float] = {"start-up": first - started, "run planning": run_start - first}
    nodes = 0
    for key, (start, end) in steps.items():
        if key.startswith(INGEST_PREFIXES):
            name = "ingest"
        elif key == DBT_STEP:
            window = _dbt_window(warehouse, start, end)
            if window is None:
                name = "dbt: after the nodes"
            else:
                phases["dbt: start-up and parse"] = window[0] - start
                phases["dbt: nodes"] = window[1] - window[0]
                phases["dbt: after the nodes"] = end - window[1]
                nodes = window[2]
                continue
        else:
            name = NAMED_STEPS.get(key, "checks")
        phases[name] = phases.get(name, 0.0) + end - start
    in_steps = sum(end - start for start, end in steps.values())
    phases["Dagster between steps"] = (last - run_start) - in_steps
    phases["end"] = ended - last
    result = {name: round(phases[name], 2) for name in ORDER if name in phases}
    result["events"] = len(logs)
    result["dbt nodes"] = nodes
    return result
