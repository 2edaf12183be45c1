"""`satudata.config` moved to `core.config`; the office's scripts that still import it keep
working, and are told — in the officer's language, visible by default — where it went."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import core.config
from core.config import REPO_ROOT

SCRIPT = """
from satudata.config import DAGSTER_HOME, Settings, prepare_landing
import core.config
assert Settings is core.config.Settings and prepare_landing is core.config.prepare_landing
assert DAGSTER_HOME == core.config.DAGSTER_HOME
print(Settings.from_env().warehouse.name)
"""


@pytest.mark.parametrize(("language", "words"), [
    ("id", "satudata.config sudah pindah ke core.config: tulis `from core.config import "
           "Settings`"),
    ("en", "satudata.config has moved to core.config: write `from core.config import "
           "Settings`"),
])
def test_an_office_script_importing_satudata_config_runs_and_is_told_where_it_moved(
        tmp_path, language, words):
    env = {**os.environ, "SATUDATA_LANG": language, "PYTHONPATH": str(REPO_ROOT)}
    env.pop("PYTHONWARNINGS", None)
    script = tmp_path / "skrip_kantor.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "satudata.duckdb"
    # Python's default filters show it: it points at the script's own import line.
    assert f"{script}:2: DeprecationWarning: {words}" in done.stderr


def test_it_re_exports_every_public_name_of_core_config():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the script test asserts it
        import satudata.config as moved

    public = {name for name, value in vars(core.config).items() if not name.startswith("_")
              and (name.isupper() or (inspect.isfunction(value) or inspect.isclass(value))
                   and value.__module__ == "core.config")}
    assert set(moved.__all__) == public
    assert all(getattr(moved, name) is getattr(core.config, name) for name in public)


def test_nothing_of_the_project_imports_the_old_module():
    users = [path for package in ("core", "schemas", "ingest", "publish", "report",
                                  "dagster_project", "satudata", "tests", "bench")
             for path in Path(REPO_ROOT, package).rglob("*.py")
             if path.name != "test_config_compat.py" and path != Path(REPO_ROOT, "satudata",
                                                                       "config.py")
             and ("satudata.config" in (text := path.read_text(encoding="utf-8"))
                  or "from satudata import config" in text)]
    assert users == []
