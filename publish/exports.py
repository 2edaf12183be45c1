"""Export the release: read the public marts, suppress small cells across all of them, and
write one data package per dataset under `<exports>/<dataset>/`.

Each package is written to a hidden temporary folder beside its target, validated, then
swapped in with one rename (Linux `renameat2(RENAME_EXCHANGE)`, else two renames recovered on
the next run). A run that fails or is killed before the swap leaves the previous package
exactly as it was; consumers never see a half-written folder.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from core import owner
from core.faults import pause_point
from core.i18n import speaking
from ingest.privacy import refuse_development_key
from publish.coverage import for_dataset, read_coverage
from publish.package import problems, write_package
from publish.spec import Dataset, Release, release
from publish.suppression import flag_column, publish_release, read_previous

MARTS_SCHEMA = "marts"
# The language of every package's metadata and totals files: the Satu Data portal's, as the
# metadata of `datasets.yml` is written, whatever language the operator reads (`--lang en`
# made the generated parts English beside Indonesian titles).
PACKAGE_LANGUAGE = "id"


@dataclass
class Exported:
    """One dataset's package as swapped in: its folder, its rows, the cells withheld, and what
    `publish.package.problems` found in those very files before the swap (a rename, so the
    same bytes): empty, since a package with problems is never swapped in."""

    dataset: str
    folder: Path
    rows: int
    withheld: int
    problems: list[str]


def read_dataset(con: duckdb.DuckDBPyConnection, dataset: Dataset
                 ) -> tuple[pd.DataFrame, dict[str, str]]:
    """The dataset's exported columns with exact counts, and each column's DuckDB type."""
    select = ", ".join(f'{column.expression} as "{column.name}"' for column in dataset.columns)
    if dataset.suppression:  # counts the protection model needs that are not published
        select += "".join(f', "{hidden}"' for hidden in dataset.suppression.hidden)
        if dataset.suppression.uncertain and dataset.suppression.uncertain in _mart_columns(
                con, dataset.mart):  # a mart built by hand (tests) may not carry it
            select += f', "{dataset.suppression.uncertain}"'
    order = ", ".join(f'"{name}"' for name in dataset.primary_key)
    where = f" where {dataset.where}" if dataset.where else ""
    sql = f'select {select} from {MARTS_SCHEMA}."{dataset.mart}"{where} order by {order}'
    from publish.package import frictionless_type

    described = con.execute(f"describe {sql}").fetchall()
    types = {name: frictionless_type(kind) for name, kind, *_ in described}
    types.update({column.name: column.tipe for column in dataset.columns if column.tipe})
    return con.execute(sql).fetchdf(), types


def _mart_columns(con: duckdb.DuckDBPyConnection, mart: str) -> set[str]:
    return {row[0] for row in con.execute(
        "select column_name from information_schema.columns where table_schema = ? "
        "and table_name = ?", [MARTS_SCHEMA, mart]).fetchall()}


def export_release(con: duckdb.DuckDBPyConnection, exports: Path,
                   names: Iterable[str] | None = None, spec: Release | None = None,
                   updated: dt.datetime | None = None,
                   warehouse: Path | None = None) -> list[Exported]:
    """Write the named datasets (default: all) of the release; raise if any would be invalid
    (nothing of the release is swapped in then), or DevelopmentKeyRefused when the public
    development key made (or would make) the warehouse's pseudonyms and is not allowed.

    `exports` belongs to `warehouse` (its path as configured; default: the file `con` is
    opened on, symlinks followed) (core.owner): core.owner.ForeignOutput, before anything is
    written, when another warehouse wrote it; a folder without a record is taken over and
    recorded. (A warehouse in memory, as tests build marts, has no file to name: its exports
    are not recorded.)

    The release in `exports` before this one is read back: what it withheld stays withheld,
    and its published figures enter the protection model (differencing)."""
    warehouse = warehouse or warehouse_file(con)
    if warehouse is not None:
        owner.check(exports, warehouse, owner.EXPORTS)
    refuse_development_key(con)
    spec = spec or release()
    updated = updated or dt.datetime.now().astimezone().replace(microsecond=0)
    frames, types = {}, {}
    # Suppression is decided over the whole release, whichever datasets are written now.
    for name, dataset in spec.datasets.items():
        frames[name], types[name] = read_dataset(con, dataset)
    published, _ = publish_release(spec, frames, read_previous(spec, exports))
    coverage = read_coverage(con)
    if warehouse is not None:
        owner.claim(exports, warehouse, owner.EXPORTS)
    exports.mkdir(parents=True, exist_ok=True)
    chosen = list(names if names is not None else spec.datasets)
    # Every package is written and validated before any is swapped in: one invalid dataset
    # leaves the whole previous release in place, not half of it.
    staged: dict[str, Path] = {}
    checked: dict[str, list[str]] = {}
    try:
        for name in chosen:
            recover(exports / name)
            staged[name] = exports / f".tmp-{name}-{uuid.uuid4().hex[:8]}"
            with speaking(PACKAGE_LANGUAGE):
                write_package(staged[name], spec.datasets[name], spec, published[name],
                              types[name], updated, for_dataset(spec.datasets[name], coverage))
            found = problems(staged[name], spec.datasets[name], spec)
            if found:
                raise ValueError(f"export {name} is not publishable: " + "; ".join(found[:5]))
            checked[name] = found
        pause_point("export.before_swap")
        for name in chosen:
            swap_in(staged[name], exports / name)
    finally:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)
    results = []
    for name in chosen:
        dataset = spec.datasets[name]
        withheld = 0
        if dataset.suppression:
            withheld = int(sum(published[name].cells[flag_column(c)].sum()
                               for c in dataset.suppression.counts))
        results.append(Exported(name, exports / name, len(published[name].cells), withheld,
                                checked[name]))
    return results


def warehouse_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The DuckDB file `con` reads as its current database; None for one in memory."""
    row = con.execute("select path from duckdb_databases() where database_name = "
                      "current_database()").fetchone()
    return Path(row[0]) if row and row[0] else None


def swap_in(staging: Path, target: Path) -> None:
    """Put `staging` at `target` in one step; the old version ends up at `staging`."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        return
    # No atomic exchange on this system: two renames; `recover` repairs a kill in between.
    old = target.with_name(f".old-{target.name}")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(target, old)
    os.rename(staging, target)
    os.rename(old, staging)


def recover(target: Path) -> None:
    """Undo what a killed run left: temporary folders, or an old version set aside."""
    old = target.with_name(f".old-{target.name}")
    if old.exists() and not target.exists():
        os.rename(old, target)
    shutil.rmtree(old, ignore_errors=True)
    for stale in target.parent.glob(f".tmp-{target.name}-*"):
        shutil.rmtree(stale, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                     rename_exchange)
    return done == 0
