"""Named pause points, so a test can kill the pipeline at a chosen moment of a run.

Our own code calls `pause_point("ingest.mid_file")` at the moments where a crash would hurt
most. Normally that does nothing. With `SATUDATA_TEST_PAUSE_AT=<point>` in the environment the
process announces the point (on stderr, and in `SATUDATA_TEST_PAUSE_FILE` when set) and
sleeps, so the test can SIGKILL it exactly there and then check what survived.

Points in the order a run meets them: see `POINTS`; besides those, `export.before_swap`
(every new export package written and validated, none swapped in yet) and
`publish.before_swap` (the new analytics version written, the `analytics.duckdb` link not yet
switched to it), which tests/integration/test_operations.py and tests/fault_trials.py kill
at. Stdlib only: `ingest/` and `dagster_project/` both import it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

PAUSE_AT = "SATUDATA_TEST_PAUSE_AT"
PAUSE_FILE = "SATUDATA_TEST_PAUSE_FILE"
PAUSE_SECONDS = "SATUDATA_TEST_PAUSE_SECONDS"

POINTS = (
    "ingest.between_files",  # one file committed, the next not begun
    "ingest.mid_file",  # a file's rows inserted into raw, ledger row not yet, not committed
    "dbt.before",  # every ingest done, dbt not started
    "dbt.running",  # dbt has started building (its subprocess is mid-build)
    "cli.end",  # the run finished, the command line has not printed its summary
)


def pause_point(name: str) -> None:
    """Sleep here when a test asked for it; a no-op otherwise."""
    if os.environ.get(PAUSE_AT) != name:
        return
    marker = os.environ.get(PAUSE_FILE)
    if marker:
        Path(marker).write_text(f"{name} {os.getpid()}\n", encoding="utf-8")
    print(f"[satudata test] paused at {name} (pid {os.getpid()})", file=sys.stderr, flush=True)
    time.sleep(float(os.environ.get(PAUSE_SECONDS, "600")))
