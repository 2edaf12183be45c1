"""The dbt manifest is built once by `dbt parse`, and again only when the project changed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from core.config import DBT_PROJECT_DIR, Settings

MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
WAREHOUSE_ARTIFACTS = DBT_PROJECT_DIR / "target" / "warehouses"
_WATCHED = ("models", "seeds", "macros", "tests", "dbt_project.yml", "profiles.yml")


def dbt_executable() -> str:
    """dbt's own command, as installed beside this Python."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def warehouse_dbt_executable() -> str:
    """The command the pipeline runs dbt with: `satudata-dbt` (core/dbt_entry.py), dbt started
    from the warehouse's folder so that its parse state serves every warehouse of the same
    file name; dbt's own command where it is not installed."""
    candidate = Path(sys.executable).with_name("satudata-dbt")
    return str(candidate) if candidate.exists() else dbt_executable()


def dbt_env() -> dict[str, str]:
    """The environment dbt runs with. The warehouse is named as the pipeline names it (an
    absolute path, which `satudata-dbt` turns into its file name from its folder): the state
    `dbt parse` leaves here serves the first build of every warehouse of the same name."""
    return {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
            "SATUDATA_WAREHOUSE": str(Settings.from_env().warehouse)}


def warehouse_artifacts(warehouse: Path) -> Path:
    """Where the dbt artifacts of one warehouse file are kept between runs: its partial-parse
    state (`partial_parse.msgpack`) and the last build's `run_results.json`."""
    key = hashlib.sha256(str(warehouse).encode()).hexdigest()[:16]
    return WAREHOUSE_ARTIFACTS / key


def _newest_source() -> float:
    newest = 0.0
    for name in _WATCHED:
        path = DBT_PROJECT_DIR / name
        paths = path.rglob("*") if path.is_dir() else [path]
        newest = max([newest, *(item.stat().st_mtime for item in paths if item.is_file())])
    return newest


def is_stale() -> bool:
    return not MANIFEST.exists() or MANIFEST.stat().st_mtime < _newest_source()


def ensure_manifest() -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project's files."""
    if is_stale():
        completed = subprocess.run(
            [warehouse_dbt_executable(), "parse", "--quiet", "--project-dir",
             str(DBT_PROJECT_DIR)],
            cwd=DBT_PROJECT_DIR, env=dbt_env(), capture_output=True, text=True,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"dbt parse failed:\n{completed.stdout}\n{completed.stderr}")
    return MANIFEST
