"""Deprecated: `satudata.config` moved to `core.config` (the bottom layer) when the packages
were layered. Kept so the office's own scripts that still write
`from satudata.config import Settings` keep working; new code imports `core.config`.

It re-exports the public names of `core.config` (the same objects, not copies) and warns once
per process with a `DeprecationWarning` in the officer's language (`SATUDATA_LANG`), pointed
at the line that imported it — a script run as `python script.py` or `python -c` shows it
by default. Nothing of the project imports this module (a test holds it), so removing it
later breaks only scripts that have had the warning.
"""

from __future__ import annotations

import warnings

from core.config import (
    DAGSTER_HOME,
    DBT_PROJECT_DIR,
    REPO_ROOT,
    SAMPLE_LANDING,
    SITE_LANDING,
    PortalSettings,
    Settings,
    prepare_landing,
)
from core.i18n import _

__all__ = ["DAGSTER_HOME", "DBT_PROJECT_DIR", "REPO_ROOT", "SAMPLE_LANDING", "SITE_LANDING",
           "PortalSettings", "Settings", "prepare_landing"]


warnings.warn(
    _("satudata.config has moved to core.config: write `from core.config import Settings` "
      "(satudata.config still works for older scripts, and will be removed)."),
    DeprecationWarning,
    stacklevel=2,  # the importing line: `warnings` passes over the import machinery's frames
)
