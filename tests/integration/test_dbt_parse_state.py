"""A new warehouse's first build reuses the parse `make manifest` left (core/dbt_entry.py):
dbt parses none of the project's 200-odd files again when the warehouse has the default's
file name, wherever its folder is; a warehouse of another name is parsed in full."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from core.config import DBT_PROJECT_DIR
from core.manifest import MANIFEST, ensure_manifest, warehouse_dbt_executable


def _files_parsed(tmp_path: Path, warehouse: Path) -> int:
    """How many project files dbt parsed again, starting from `make manifest`'s state."""
    target = tmp_path / f"target-{warehouse.stem}-{warehouse.parent.name}"
    target.mkdir()
    shutil.copyfile(MANIFEST.with_name("partial_parse.msgpack"),
                    target / "partial_parse.msgpack")
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SATUDATA_WAREHOUSE": str(warehouse),
           "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "DO_NOT_TRACK": "1"}
    done = subprocess.run(
        [warehouse_dbt_executable(), "parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR),
         "--target-path", str(target), "--log-path", str(target)],
        cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads((target / "perf_info.json").read_text())["parsed_path_count"]


def test_a_new_warehouse_of_the_default_name_reuses_the_parse_of_make_manifest(tmp_path):
    ensure_manifest()
    assert _files_parsed(tmp_path, tmp_path / "office-b" / "satudata.duckdb") == 0
    # Another file name is another DuckDB database name in every model: parsed in full.
    assert _files_parsed(tmp_path, tmp_path / "office-c" / "kantor.duckdb") > 100
    assert not (DBT_PROJECT_DIR / "satudata.duckdb").exists()
    assert not (DBT_PROJECT_DIR / "kantor.duckdb").exists()
