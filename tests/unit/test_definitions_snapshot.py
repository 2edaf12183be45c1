"""The Dagster graph as a reviewed file: every asset key with its group and kinds, every
check, every job's selection, every schedule and sensor (as dagster-open-platform snapshots
its definitions). A change to the graph is a visible diff in `tests/snapshots/definitions.json`.

When the change is meant: `SATUDATA_UPDATE_SNAPSHOT=1 make test-fast`, and commit the file.
"""

from __future__ import annotations

import json
import os

import dagster as dg
import pytest

from core.config import REPO_ROOT

SNAPSHOT = REPO_ROOT / "tests" / "snapshots" / "definitions.json"


def _path(key: dg.AssetKey) -> str:
    return "/".join(key.path)


def describe(defs: dg.Definitions) -> dict:
    """The graph's shape as plain JSON: names only, no descriptions (they follow the
    language) and nothing that varies from machine to machine."""
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=_path):
        node = graph.get(key)
        assets[_path(key)] = {
            "group": node.group_name,
            "kinds": sorted(node.kinds),
            "deps": sorted(_path(parent) for parent in node.parent_keys),
            "checks": sorted(check.name for check in node.check_keys),
            "executable": node.is_executable,
        }
    jobs = {}
    for job in sorted(defs.resolve_all_job_defs(), key=lambda job: job.name):
        if job.name.startswith("__ASSET_JOB"):
            continue
        selected = job.asset_layer.executable_asset_keys if job.asset_layer else set()
        jobs[job.name] = {
            "assets": sorted(_path(key) for key in selected),
            "ops": sorted(node.name for node in job.graph.node_dict.values())
            if not selected else [],
        }
    schedules = {schedule.name: {"cron": schedule.cron_schedule, "job": schedule.job_name,
                                 "timezone": schedule.execution_timezone,
                                 "default": schedule.default_status.value}
                 for schedule in defs.schedules or []}
    sensors = {}
    for sensor in defs.sensors or []:
        targets = sorted(target.job_name for target in sensor.targets) if sensor.targets \
            else []
        sensors[sensor.name] = {"jobs": targets, "default": sensor.default_status.value,
                                "interval_seconds": sensor.minimum_interval_seconds}
    return {"assets": assets, "jobs": jobs, "schedules": schedules, "sensors": sensors}


def test_the_dagster_graph_matches_its_reviewed_snapshot():
    from dagster_project.definitions import defs

    shape = json.dumps(describe(defs), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("SATUDATA_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(shape, encoding="utf-8")
    if not SNAPSHOT.exists():
        pytest.fail(f"{SNAPSHOT} is missing: run SATUDATA_UPDATE_SNAPSHOT=1 make test-fast")
    assert shape == SNAPSHOT.read_text(encoding="utf-8"), (
        "The Dagster graph changed. If that is meant, run SATUDATA_UPDATE_SNAPSHOT=1 make "
        "test-fast and commit tests/snapshots/definitions.json (the diff is the review).")
