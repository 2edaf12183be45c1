"""Where things live: the one place that reads the environment.

Every path has an embedded default inside the repository. The officers' landing folder
(`landing/`, one folder per source) is not the shipped sample (`data/sample/landing/`, the
tests' and `make run`'s fixture): a file dropped in a site's folder never touches the sample,
and the sample never feeds a site's warehouse unless asked with `--landing`. Read at run time,
never at import time.

The outputs follow the warehouse (core.owner records which warehouse wrote each): the
office's warehouse (`warehouse/satudata.duckdb`) publishes into `exports/`, `reports/`,
`karantina/` of the installation and `warehouse/analytics.duckdb`; any other warehouse, into
a folder beside it named after it (`outputs_folder`), unless SATUDATA_EXPORTS /
SATUDATA_ANALYTICS (or `--exports`) say otherwise.
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
# The office's warehouse: `make run` and `satudata run` without --warehouse build it.
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "satudata.duckdb"


@dataclass(frozen=True)
class Settings:
    landing: Path
    warehouse: Path
    analytics: Path
    exports: Path

    @classmethod
    def from_env(cls, warehouse: Path | None = None) -> Settings:
        """The paths SATUDATA_* name, else their defaults. `warehouse` (a warehouse named
        in the code, not by SATUDATA_WAREHOUSE) gets the analytics file of its own
        (`default_analytics`), whatever SATUDATA_ANALYTICS says, as `--warehouse` does."""
        analytics = default_analytics(warehouse) if warehouse is not None else None
        warehouse = warehouse or _path("SATUDATA_WAREHOUSE", DEFAULT_WAREHOUSE)
        return cls(
            landing=_path("SATUDATA_LANDING", SITE_LANDING),
            warehouse=warehouse,
            analytics=analytics or _path("SATUDATA_ANALYTICS", default_analytics(warehouse)),
            exports=_path("SATUDATA_EXPORTS", default_exports(warehouse)),
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


def is_default_warehouse(warehouse: Path) -> bool:
    """Whether `warehouse` is the office's own (`warehouse/satudata.duckdb` of this
    installation), however it is written."""
    return os.path.realpath(warehouse) == os.path.realpath(DEFAULT_WAREHOUSE)


def outputs_folder(warehouse: Path) -> Path:
    """Where the outputs of a warehouse other than the office's go by default: a folder
    beside it named after it (`/tmp/coba.duckdb` → `/tmp/coba-outputs/`), so that a trial
    warehouse never writes the office's exports, annex or analytics file."""
    return warehouse.with_name(f"{warehouse.stem}-outputs")


def default_exports(warehouse: Path) -> Path:
    """The exports folder when none is given: `exports/` of this installation for the
    office's warehouse (the reports and karantina folders lie beside it), else
    `<outputs folder>/exports`."""
    if is_default_warehouse(warehouse):
        return REPO_ROOT / "exports"
    return outputs_folder(warehouse) / "exports"


def default_analytics(warehouse: Path) -> Path:
    """The analytics file when none is given: `analytics.duckdb` beside the office's
    warehouse, else `<outputs folder>/analytics.duckdb`."""
    if is_default_warehouse(warehouse):
        return warehouse.with_name("analytics.duckdb")
    return outputs_folder(warehouse) / "analytics.duckdb"


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
