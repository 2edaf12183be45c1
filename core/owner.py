"""Which warehouse an output belongs to: the exports folder, the analytics file, the reports
folder and the karantina folder each record the warehouse that writes them, and a warehouse
never writes over another's.

The record is a small JSON file in the output's folder, `warehouse.json`
(`{"warehouse": "/disk1/satudata.duckdb", "configured": "/srv/satudata/warehouse/satudata.duckdb",
"relative": "../warehouse/satudata.duckdb", "since": "<ISO 8601 time>"}`); the analytics file
keeps it in its versions folder (`analytics-versions/warehouse.json`). It names the warehouse
three ways: its resolved path (symlinks followed, what an operator recognises and what
`satudata run` prints after "Warehouse:"), its path as configured (absolute, symlinks kept)
and its place relative to the output. A warehouse is the recorded one when ANY of them
matches, and each write records all three as they are now:
- a data disk swapped behind a symlink (`warehouse` -> disk1, later -> disk2) keeps the path
  as configured: the same warehouse;
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
    """How a warehouse is named to a person: its file's absolute path, symlinks followed."""
    return str(Path(os.path.realpath(Path(warehouse).expanduser())))


def configured(warehouse: Path) -> str:
    """The warehouse's path as configured: absolute, `~` expanded, symlinks kept (the path
    stays the same when the disk behind a symlinked folder is swapped)."""
    return os.path.abspath(Path(warehouse).expanduser())


def _names(folder: Path, warehouse: Path) -> dict[str, str]:
    """The three names a record keeps of `warehouse` for the output in `folder`: `warehouse`
    (resolved), `configured` (as configured) and `relative` (the configured path relative to
    the folder as configured, so an installation moved or copied whole keeps its outputs)."""
    return {"warehouse": identity(warehouse), "configured": configured(warehouse),
            "relative": os.path.relpath(configured(warehouse), os.path.abspath(folder))}


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
    """The recorded warehouse is `warehouse` when ANY of the record's names matches it: the
    path as configured, the resolved path, or the recorded place relative to the output (a
    disk swapped behind a symlink keeps the configured path; a warehouse rebuilt in place
    keeps both; an installation moved or copied whole keeps the relative place, and a copy's
    outputs are the copy's). Every name the record holds is compared with both the configured
    and the resolved path of `warehouse`."""
    mine = {configured(warehouse), identity(warehouse)}
    names = {recorded.get("warehouse"), recorded.get("configured")}
    relative = recorded.get("relative")
    if isinstance(relative, str) and relative:
        place = Path(os.path.abspath(folder)) / relative
        names |= {os.path.normpath(place), identity(place)}
    return bool(mine & {name for name in names if isinstance(name, str) and name})


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


def check_chosen(folder: Path, warehouse: Path, what: str) -> None:
    """A folder a person chose for an output (`--out DIR`) is theirs, unless it or the
    folder holding it is recorded as another warehouse's output (`--out exports/2024`,
    `--out karantina`): core.owner.ForeignOutput then, as for the default folders. Writes
    nothing and takes nothing over."""
    for place in (folder, folder.parent):
        check(place, warehouse, what, folder)


def claim(folder: Path, warehouse: Path, what: str, output: Path | None = None) -> bool:
    """Make sure `warehouse` may write the output recorded in `folder`, before anything of it
    is written: creates `folder` and records `warehouse` when there is no record yet (an
    output from before records, or a new one: the first writer takes it over). Returns True
    when it took the output over now, False when the record already named `warehouse`; the
    record then gets all three names of it again (the one that matched among them), so a
    disk swapped behind a symlink or an installation moved whole is recorded as it is now.
    Raises ForeignOutput (nothing written) when another warehouse holds it, OSError when the
    folder cannot be written (a full disk: no staging file is left behind)."""
    record = folder / RECORD
    if check(folder, warehouse, what, output):
        recorded = _recorded(folder) or {}
        if any(recorded.get(key) != value for key, value in _names(folder, warehouse).items()):
            staging = _staging(folder)
            try:
                _write(staging, folder, warehouse)
                os.replace(staging, record)
            finally:
                staging.unlink(missing_ok=True)
        return False
    folder.mkdir(parents=True, exist_ok=True)
    staging = _staging(folder)
    try:
        _write(staging, folder, warehouse)
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


def _staging(folder: Path) -> Path:
    """A unique name beside the record in `folder` for a record being written."""
    return folder / f".{RECORD}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _write(staging: Path, folder: Path, warehouse: Path) -> None:
    """Write the record of `warehouse` for the output in `folder` fully into `staging`
    (created here: the caller removes it in its `finally`)."""
    text = json.dumps({
        **_names(folder, warehouse),
        "since": dt.datetime.now().astimezone().replace(microsecond=0).isoformat(),
    }, ensure_ascii=False, indent=2) + "\n"
    with open(staging, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
