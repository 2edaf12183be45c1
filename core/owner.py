"""Which warehouse an output belongs to: the exports folder, the analytics file, the reports
folder and the karantina folder each record the warehouse that writes them, and a warehouse
never writes over another's.

The record is a small JSON file in the output's folder, `warehouse.json`
(`{"warehouse": "/abs/path/satudata.duckdb", "relative": "../warehouse/satudata.duckdb",
"since": "<ISO 8601 time>"}`); the analytics file keeps it in its versions folder
(`analytics-versions/warehouse.json`). A warehouse is known by its file's resolved path
(symlinks followed), which is what an operator recognises and what `satudata run` prints
after "Warehouse:", or by where it lies relative to the output:
- a warehouse deleted and rebuilt from the landing folder at the same path is the same
  warehouse: it publishes without a question (that is how an office recovers);
- an installation moved or copied whole (its warehouse and its outputs together, as
  `cp -a` or a new disk does) finds its warehouse where the record says, relative to the
  output: it publishes without a question, and the record takes the new path; a copy's
  outputs are the copy's, so nothing of the original is written;
- a copy of the warehouse alone elsewhere (an analyst's trial, `/tmp/coba.duckdb`), or a
  second warehouse in the same folder, is another warehouse although it may hold the same
  rows: it is refused, which is the point;
- a warehouse moved alone to another disk, its outputs left in place, is refused once, with
  both paths named: the operator says it is a move by deleting the record, and the next run
  takes the output over. A path cannot tell that move from a trial copy; the person who
  moved it can.

An output without a record (written before outputs had owners, or new) is taken over by the
first warehouse that writes it, and recorded. The record is claimed in one step (a hard
link of a fully written file), so two runs of different warehouses cannot both take the same
new output.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

from core.i18n import N_, _

RECORD = "warehouse.json"

# The outputs, in words, and how to give a warehouse its own one (the options and variables
# that place it).
EXPORTS = N_("The exports folder")
ANALYTICS = N_("The analytics file")
REPORTS = N_("The reports folder")
KARANTINA = N_("The quarantine folder")
_HOW = {
    EXPORTS: N_("--exports DIR or SATUDATA_EXPORTS"),
    ANALYTICS: N_("SATUDATA_ANALYTICS; without it the analytics file lies beside the "
                  "warehouse"),
    REPORTS: N_("--exports DIR or SATUDATA_EXPORTS: the reports folder lies beside the exports "
                "folder; `satudata report` also takes --out DIR"),
    KARANTINA: N_("--out DIR, or --exports DIR / SATUDATA_EXPORTS: the quarantine folder lies "
                  "beside the exports folder"),
}


class ForeignOutput(Exception):
    """An output that another warehouse wrote: this warehouse must not write it. Nothing was
    written when it is raised. The message (the reader's language) names the output, both
    warehouses and what to do."""

    def __init__(self, what: str, output: Path, owner: str | None, warehouse: Path,
                 record: Path) -> None:
        if owner is None:
            known = _("an unknown warehouse (its record {record} cannot be read)",
                      record=record)
        elif not Path(owner).exists():
            known = _("{owner} (which no longer exists)", owner=owner)
        else:
            known = owner
        super().__init__(_(
            "{what} {output} belongs to the warehouse {owner}, not to the warehouse in use, "
            "{warehouse}: nothing was written there. Give {warehouse} outputs of its own "
            "({how}), or, if {owner} is no longer used or was moved to {warehouse}, move "
            "{output} away (or delete {record}) and run again.", what=_(what), output=output,
            owner=known, warehouse=identity(warehouse), how=_(_HOW[what]), record=record))
        self.what, self.output, self.owner, self.warehouse = what, output, owner, warehouse
        self.record = record


def identity(warehouse: Path) -> str:
    """How a warehouse is known: its file's absolute path, symlinks followed."""
    return str(Path(os.path.realpath(Path(warehouse).expanduser())))


def owner(folder: Path) -> str | None:
    """The warehouse `folder`'s record names (its absolute path); None when there is no
    record. Raises ValueError when a record is there but cannot be read (damaged, not ours)."""
    recorded = _recorded(folder)
    return recorded["warehouse"] if recorded else None


def _recorded(folder: Path) -> dict | None:
    path = folder / RECORD
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        recorded = json.loads(text)
        named = recorded["warehouse"]
    except (ValueError, KeyError, TypeError) as error:
        raise ValueError(str(path)) from error
    if not isinstance(named, str) or not named:
        raise ValueError(str(path))
    return recorded


def _belongs(recorded: dict, folder: Path, warehouse: Path) -> bool:
    """The recorded warehouse is `warehouse`: at the recorded path, or at the recorded place
    relative to the output (an installation moved or copied whole, its warehouse and outputs
    together, keeps its outputs; a copy's outputs are the copy's, not the original's)."""
    mine = identity(warehouse)
    if recorded["warehouse"] == mine:
        return True
    relative = recorded.get("relative")
    return isinstance(relative, str) and bool(relative) and \
        identity(Path(os.path.realpath(folder)) / relative) == mine


def check(folder: Path, warehouse: Path, what: str, output: Path | None = None) -> bool:
    """Whether `warehouse` may write the output recorded in `folder` (`output`: the output as
    a person names it, default `folder`): True when the record names it, False when there is
    no record yet; ForeignOutput when another warehouse (or an unreadable record) holds it.
    Writes nothing."""
    output = output or folder
    try:
        recorded = _recorded(folder)
    except ValueError:
        raise ForeignOutput(what, output, None, warehouse, folder / RECORD) from None
    if recorded is None:
        return False
    if not _belongs(recorded, folder, warehouse):
        raise ForeignOutput(what, output, recorded["warehouse"], warehouse, folder / RECORD)
    return True


def claim(folder: Path, warehouse: Path, what: str, output: Path | None = None) -> bool:
    """Make sure `warehouse` may write the output recorded in `folder`, before anything of it
    is written: creates `folder` and records `warehouse` when there is no record yet (an
    output from before records, or a new one). Returns True when it took the output over now,
    False when the record already named `warehouse` (brought up to date when the
    installation was moved whole). Raises ForeignOutput (nothing written) when another
    warehouse holds it, OSError when the folder cannot be written."""
    if check(folder, warehouse, what, output):
        if owner(folder) != identity(warehouse):
            os.replace(_staged(folder, warehouse), folder / RECORD)
        return False
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / RECORD
    staging = _staged(folder, warehouse)
    try:
        try:
            os.link(staging, record)  # fails if another run recorded first
        except FileExistsError:
            return not check(folder, warehouse, what, output)
        except OSError:  # no hard links on this file system: not atomic, but rare
            if record.exists():
                return not check(folder, warehouse, what, output)
            os.replace(staging, record)
    finally:
        staging.unlink(missing_ok=True)
    return True


def _staged(folder: Path, warehouse: Path) -> Path:
    """The record of `warehouse`, fully written beside its place in `folder`."""
    staging = folder / f".{RECORD}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    named = identity(warehouse)
    text = json.dumps({
        "warehouse": named,
        "relative": os.path.relpath(named, os.path.realpath(folder)),
        "since": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
    }, ensure_ascii=False, indent=2) + "\n"
    with open(staging, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    return staging
