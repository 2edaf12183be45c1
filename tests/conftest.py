"""Shared fixtures: real pipeline runs (Dagster + Pandera + dbt + DuckDB) into tmp folders."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from core.config import DAGSTER_HOME, REPO_ROOT, Settings
from ingest import privacy
from satudata.pipeline import RunOutcome, run_pipeline

# Modules whose every test kills, starves or attacks whole pipeline runs, runs one after
# another over the same warehouse (a re-drop and a corrected extract, 75 s; builds whose dbt
# tests are scoped to the rebuilt slices, 90 s; a year reported to March after the complete
# one, 60 s; month files of a budget, a corrected February replacing February only, 65 s),
# and the benchmark's own check (whole runs at 2k rows against the raw-DuckDB
# floor, 90 s): the `reliability` lane (`make test-reliability`, run by CI after
# `make test`), which keeps `make test` under 10 minutes on 2 cores.
RELIABILITY_MODULES = {"test_operations.py", "test_faults.py", "test_red_team.py",
                       "test_waiting.py", "test_bench.py", "test_reload.py",
                       "test_scoped_tests.py", "test_annex_year.py",
                       "test_budget_month_files.py"}


def pytest_collection_modifyitems(config, items):
    """Every test under tests/integration runs the real pipeline, a server or a subprocess:
    marked `integration`, which `make test-fast` leaves out. The fault, operations, red-team,
    re-drop, scoped-test and benchmark modules are marked `reliability` as well: `make test`
    leaves them to their lane."""
    for item in items:
        if "integration" in item.path.parts:
            item.add_marker(pytest.mark.integration)
            if item.path.name in RELIABILITY_MODULES:
                item.add_marker(pytest.mark.reliability)

SAMPLE_LANDING = REPO_ROOT / "data" / "sample" / "landing"
# The tests run on the public development key (no secret in CI), so they allow it to publish
# as `make run` does; tests of the refusal unset it.
os.environ.setdefault("SATUDATA_ALLOW_DEV_KEY", "1")


@dataclass
class PipelineRun:
    settings: Settings
    outcome: RunOutcome
    instance: DagsterInstance

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.settings.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def make_settings(root: Path, landing: Path) -> Settings:
    return Settings(
        landing=landing,
        warehouse=root / "warehouse" / "satudata.duckdb",
        analytics=root / "warehouse" / "analytics.duckdb",
        exports=root / "exports",
    )


def run_on(settings: Settings, instance: DagsterInstance | None = None, **kwargs) -> PipelineRun:
    instance = instance or DagsterInstance.ephemeral()
    outcome = run_pipeline(settings, instance, **kwargs)
    return PipelineRun(settings, outcome, instance)


def copy_landing(target: Path, sources: tuple[str, ...] | None = None) -> Path:
    """A private copy of the sample landing folder (optionally only some sources)."""
    for folder in SAMPLE_LANDING.iterdir():
        if sources is None or folder.name in sources:
            shutil.copytree(folder, target / folder.name)
    return target


def dagster_home(root: Path) -> Path:
    """A persistent Dagster instance with the repository's dagster.yaml (pools, no telemetry)."""
    home = root / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(DAGSTER_HOME / "dagster.yaml", home / "dagster.yaml")
    return home


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> PipelineRun:
    """The whole pipeline on the shipped sample landing files, once per test session, on a
    persistent instance (`sample_run.instance.root_directory`) so the UI test can show it."""
    root = tmp_path_factory.mktemp("sample")
    instance = DagsterInstance.from_config(str(dagster_home(root)))
    run = run_on(make_settings(root, SAMPLE_LANDING), instance)
    assert run.outcome.success, run.outcome.failed_steps
    return run


@pytest.fixture
def fresh_key(monkeypatch):
    """The key cache and the once-per-process warning reset around a test."""
    privacy.hmac_key.cache_clear()
    monkeypatch.setattr(privacy, "_warned", False)
    yield monkeypatch
    privacy.hmac_key.cache_clear()
