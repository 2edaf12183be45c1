"""Where things live: the one place that reads the environment.

Every path has an embedded default inside the repository. The officers' landing folder
(`landing/`, one folder per source) is not the shipped sample (`data/sample/landing/`, the
tests' and `make run`'s fixture): a file dropped in a site's folder never touches the sample,
and the sample never feeds a site's warehouse unless asked with `--landing`. Read at run time,
never at import time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DAGSTER_HOME = REPO_ROOT / "dagster_home"
# The site's landing folder, where officers drop extracts (created on first run).
SITE_LANDING = REPO_ROOT / "landing"
# The shipped sample extracts: `make run`, the tests and the documentation read them.
SAMPLE_LANDING = REPO_ROOT / "data" / "sample" / "landing"


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
            landing=_path("SATUDATA_LANDING", SITE_LANDING),
            warehouse=warehouse,
            analytics=_path("SATUDATA_ANALYTICS", warehouse.with_name("analytics.duckdb")),
            exports=_path("SATUDATA_EXPORTS", REPO_ROOT / "exports"),
        )

    @property
    def reports(self) -> Path:
        """Annual-report annexes (`reports/<year>/`), next to the exports folder."""
        return self.exports.parent / "reports"

    @property
    def quarantine_sheets(self) -> Path:
        """Workbooks of quarantined rows for officers to correct (`karantina/`), next to the
        exports folder and never inside the landing folder (they would be read as data)."""
        return self.exports.parent / "karantina"

    def export_env(self) -> None:
        """Make the settings visible to subprocesses (dbt reads SATUDATA_WAREHOUSE)."""
        os.environ["SATUDATA_LANDING"] = str(self.landing)
        os.environ["SATUDATA_WAREHOUSE"] = str(self.warehouse)
        os.environ["SATUDATA_ANALYTICS"] = str(self.analytics)
        os.environ["SATUDATA_EXPORTS"] = str(self.exports)


def prepare_landing(landing: Path, source_names: Iterable[str]) -> list[Path]:
    """Create the landing folder and one folder per source where missing (a site's first
    run); returns the folders it created, so the caller can say so."""
    created = []
    for folder in (landing, *(landing / name for name in source_names)):
        if not folder.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            created.append(folder)
    return created


@dataclass(frozen=True)
class PortalSettings:
    """How the Satu Data portal knows the office: the CKAN organisation that owns the datasets
    (`SATUDATA_CKAN_ORG`, its name or id on the portal) and the contact published with every
    dataset (`SATUDATA_KONTAK_NAMA`, `SATUDATA_KONTAK_EMAIL`). Unset, the defaults under
    `release:` in `publish/datasets.yml` hold."""

    owner_org: str | None = None
    kontak_nama: str | None = None
    kontak_email: str | None = None

    @classmethod
    def from_env(cls) -> PortalSettings:
        return cls(
            owner_org=os.environ.get("SATUDATA_CKAN_ORG", "").strip() or None,
            kontak_nama=os.environ.get("SATUDATA_KONTAK_NAMA", "").strip() or None,
            kontak_email=os.environ.get("SATUDATA_KONTAK_EMAIL", "").strip() or None,
        )


def _path(variable: str, default: Path) -> Path:
    # Absolute, but symlinks kept: `analytics.duckdb` is a link to its current version, and
    # the next publication must replace the link, not the version it points at.
    value = os.environ.get(variable)
    return Path(os.path.abspath(Path(value).expanduser())) if value else default
