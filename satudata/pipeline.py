"""Run the whole pipeline in-process through Dagster, and say what happened."""

from __future__ import annotations

import datetime as dt
import os
import socket
from dataclasses import dataclass, field

from dagster import DagsterInstance

from core.config import Settings
from dagster_project.run_history import relax_run_history_durability, release_run_history


@dataclass
class RunOutcome:
    run_id: str
    success: bool
    started: dt.datetime
    failed_steps: list[str] = field(default_factory=list)
    # (severity, asset, check) of every check that did not pass
    failed_checks: list[tuple[str, str, str]] = field(default_factory=list)


HOST_TAG = "satudata/host"
PID_TAG = "satudata/pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_abandoned_runs(instance: DagsterInstance) -> list[str]:
    """Fail the runs of ours whose process died (killed, power cut) and free their slots.

    A run holds the `duckdb` pool's one slot while a step writes; a process killed mid-step
    never gives it back, and every later run would wait for it forever. Only runs started by
    `run_pipeline` on this machine, whose process no longer exists, are touched.
    """
    from dagster import DagsterRunStatus, RunsFilter

    unfinished = instance.get_runs(filters=RunsFilter(
        statuses=[DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
                  DagsterRunStatus.STARTED],
        tags={HOST_TAG: socket.gethostname()},
    ))
    released = []
    for run in unfinished:
        pid = int(run.tags.get(PID_TAG, "0") or 0)
        if not pid or pid == os.getpid() or _alive(pid):
            continue
        instance.report_run_failed(
            run, f"The process that ran it (pid {pid}) ended without finishing: killed or "
                 "crashed. Marked failed by the next run; its DuckDB slot is released.")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
    return released


def run_pipeline(
    settings: Settings, instance: DagsterInstance | None = None, *, verbose: bool = False,
    job_name: str | None = None,
) -> RunOutcome:
    """Materialize every asset and check (or one job's) with the given paths."""
    from core.manifest import ensure_manifest

    settings.export_env()
    ensure_manifest()
    from dagster_project.definitions import defs
    from dagster_project.jobs import ALL_JOB

    relax_run_history_durability()
    started = dt.datetime.now().replace(microsecond=0)
    job = defs.resolve_job_def(job_name or ALL_JOB)
    level = "INFO" if verbose else "WARNING"
    owned = instance is None
    instance = instance or DagsterInstance.get()
    try:
        release_abandoned_runs(instance)
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            tags={HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid())},
            run_config={"loggers": {"console": {"config": {"log_level": level}}}},
        )
    finally:
        release_run_history()
        if owned:
            instance.dispose()
    outcome = RunOutcome(run_id=result.run_id, success=result.success, started=started)
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            outcome.failed_steps.append(event.step_key)
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if not evaluation.passed:
                outcome.failed_checks.append((evaluation.severity.value,
                                              "/".join(evaluation.asset_key.path),
                                              evaluation.check_name))
    return outcome
