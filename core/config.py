"""Where things live: the one place that reads the environment.

Every path has an embedded default inside the repository, so a fresh clone runs on the
shipped sample data with no configuration. Read at run time, never at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DAGSTER_HOME = REPO_ROOT / "dagster_home"


@dataclass(frozen=True)
class Settings:
    landing: Path
    warehouse: Path
    analytics: Path
    exports: Path

    @classmethod
    def from_env(cls) -> Settings:
        warehouse = _path("SATUDATA_WAREHOUSE", REPO_ROOT / "warehouse" / "satudata.duckdb")
        return cls(
            landing=_path("SATUDATA_LANDING", REPO_ROOT / "data" / "sample" / "landing"),
            warehouse=warehouse,
            analytics=_path("SATUDATA_ANALYTICS", warehouse.with_name("analytics.duckdb")),
            exports=_path("SATUDATA_EXPORTS", REPO_ROOT / "exports"),
        )

    @property
    def reports(self) -> Path:
        """Annual-report annexes (`reports/<year>/`), next to the exports folder."""
        return self.exports.parent / "reports"

    def export_env(self) -> None:
        """Make the settings visible to subprocesses (dbt reads SATUDATA_WAREHOUSE)."""
        os.environ["SATUDATA_LANDING"] = str(self.landing)
        os.environ["SATUDATA_WAREHOUSE"] = str(self.warehouse)
        os.environ["SATUDATA_ANALYTICS"] = str(self.analytics)
        os.environ["SATUDATA_EXPORTS"] = str(self.exports)


def _path(variable: str, default: Path) -> Path:
    # Absolute, but symlinks kept: `analytics.duckdb` is a link to its current version, and
    # the next publication must replace the link, not the version it points at.
    value = os.environ.get(variable)
    return Path(os.path.abspath(Path(value).expanduser())) if value else default
