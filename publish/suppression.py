"""Small-cell disclosure control of a release: which counts are withheld, and the published
tables (cells and their totals) that result.

Every published table is a grid (`table` columns split it, one or two `axes` index its cells)
whose totals over each axis and grand total are published too (`<dataset>-jumlah.csv`). A
count of 1 or 2 (below the release's threshold) is withheld wherever it appears, cell or
total; complementary values are withheld so that no withheld value can be narrowed below
its protection interval by everything the release publishes, and the previous release
besides. The model and its solver are in `publish.protection`; the measure and the attack are
described in docs/disclosure.md.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from publish.protection import (
    Model,
    Structure,
    add_dataset,
    cell_level,
    is_protected,
    levels,
    protect,
    tables,
    token,
)
from publish.spec import Dataset, Release

__all__ = ["GRAND_TOTAL", "TOTAL_COLUMN", "UNCERTAIN_SUFFIX", "Published", "flag_column",
           "is_protected", "level_label", "publish_release", "read_previous",
           "uncertain_column"]

TOTAL_COLUMN = "tingkat"
GRAND_TOTAL = "total"
# Internal column of a completed frame: False for a 0 the mart does not list (published only
# when withheld; "not listed" means 0).
LISTED = "__listed"


def flag_column(count: str) -> str:
    return f"{count}_ditahan"


# The suffix of a count's "not yet certain" flag column (`jumlah_korban_belum_pasti`).
UNCERTAIN_SUFFIX = "_belum_pasti"


def uncertain_column(count: str) -> str:
    """The flag of a count quarantined rows may belong to (`Suppression.uncertain`)."""
    return f"{count}{UNCERTAIN_SUFFIX}"


def level_label(kept: tuple[str, ...]) -> str:
    """The `tingkat` of a totals row in words: 'per bulan', 'per kategori korban', 'per jenis
    kekerasan, bentuk kekerasan' (the columns it keeps, `_` read as a space), or 'total'."""
    return f"per {', '.join(c.replace('_', ' ') for c in kept)}" if kept else GRAND_TOTAL


def kept_of(label: str) -> tuple[str, ...]:
    """The columns a totals row keeps, from its `tingkat` label (also as releases before
    the label was in words wrote it: 'per kategori_korban')."""
    if label == GRAND_TOTAL:
        return ()
    return tuple(c.replace(" ", "_") for c in label.removeprefix("per ").split(", "))


@dataclass
class Published:
    """One dataset as released: cells (withheld counts empty, flagged) and its totals."""

    cells: pd.DataFrame
    totals: pd.DataFrame | None


def completed(dataset: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with a cell for every attribute value in every group it counts: for a
    dataset with `attributes`, each value of the other axis a table holds (a month with
    victims) gets a row, count 0 and `LISTED` False, for each attribute value its
    `vocabulary` knows (e.g. every form of violence SIMFONI-PPA has in any year). Those
    zeros may be withheld so that a month's victims are not seen to share one value; the
    rows the mart has are `LISTED`. Sorted by the primary key; other frames unchanged."""
    rules = dataset.suppression
    if rules is None or not rules.attributes or frame.empty or LISTED in frame:
        return frame
    attributes = list(rules.attributes)
    other = [c for axis in rules.axes if tuple(axis) != rules.attributes for c in axis]
    frame = frame.assign(**{LISTED: True})
    scopes = frame.groupby(list(rules.vocabulary), sort=False, dropna=False) \
        if rules.vocabulary else [((), frame)]
    added = []
    for _values, scope in scopes:
        known = scope[attributes].drop_duplicates().to_dict("records")
        for _tokens, table in tables(scope, rules.table):
            have = {tuple(token(row[c]) for c in [*other, *attributes])
                    for row in table.to_dict("records")}
            for row in table.drop_duplicates(other).to_dict("records"):
                for values in known:
                    if tuple(token(row[c]) for c in other) + \
                            tuple(token(values[c]) for c in attributes) in have:
                        continue
                    added.append({**row, **values, **dict.fromkeys(rules.counts, 0),
                                  LISTED: False})
    if not added:
        return frame
    out = pd.concat([frame, pd.DataFrame(added, columns=frame.columns).astype(frame.dtypes)],
                    ignore_index=True)
    return out.sort_values(list(dataset.primary_key), kind="stable").reset_index(drop=True)


def current_structure(release: Release, frames: dict[str, pd.DataFrame]) -> Structure:
    """The release's quantities and relations from the marts' exact counts."""
    structure = Structure("cur")
    for name, frame in frames.items():
        add_dataset(structure, release.datasets[name], frame)
    return structure


def read_previous(release: Release, exports: Path) -> Structure | None:
    """The release already published in `exports` (its CSV files), as the attacker reads it:
    published values, withheld ones unknown; None when nothing was published yet."""
    from publish.package import DESCRIPTOR, ZEROS_WITHHELD, data_file, totals_file

    structure = Structure("prev")
    found = False
    for name, dataset in release.datasets.items():
        rules = dataset.suppression
        if rules is None:
            continue
        cells_path = exports / name / data_file(dataset)
        if not cells_path.is_file():
            continue
        cells = pd.DataFrame(_rows(cells_path), dtype=object)
        needed = {*rules.grid_columns, *rules.counts, *rules.at_least.values(),
                  *(flag for flag in rules.hidden.values() if flag)}
        if cells.empty or not needed <= set(cells.columns):
            continue
        for count in rules.counts:  # a withheld count is unknown, so is one left empty
            cells[count] = [None if flag == "true" or value == "" else value
                            for value, flag in zip(cells[count], cells[flag_column(count)],
                                                   strict=True)]
        totals: dict[tuple, int | None] = {}
        for row in _rows(exports / name / totals_file(dataset)):
            kept = kept_of(row.get(TOTAL_COLUMN, ""))
            for count in rules.counts:
                if count not in row:
                    continue
                value = None if row.get(flag_column(count)) == "true" or row[count] == "" \
                    else int(row[count])
                totals[(count, tuple(row[c] for c in rules.table), kept,
                        tuple(row[c] for c in kept))] = value
        try:
            described = json.loads((exports / name / DESCRIPTOR).read_text(encoding="utf-8"))
            zeros = described.get("satudata", {}).get(ZEROS_WITHHELD) == "ya"
        except (OSError, ValueError, AttributeError):
            zeros = True  # no descriptor (the tests' bare files): the attacker assumes less
        add_dataset(structure, dataset, cells, totals, zeros_withheld=zeros)
        found = True
    return structure if found else None


def read_published(release: Release, exports: Path,
                   frames: dict[str, pd.DataFrame]) -> dict[str, Published] | None:
    """The release in `exports` as published, when it is the release of `frames` (the same
    cells, and the same value wherever one is published); None when it is not (missing,
    older marts): then it has to be computed."""
    from publish.package import data_file, totals_file

    out: dict[str, Published] = {}
    for name, frame in frames.items():
        dataset = release.datasets[name]
        rules = dataset.suppression
        if rules is None or not rules.counts:
            continue
        cells = pd.DataFrame(_rows(exports / name / data_file(dataset)), dtype=object)
        totals = pd.DataFrame(_rows(exports / name / totals_file(dataset)), dtype=object)
        frame = _as_listed(dataset, completed(dataset, frame), cells)
        if frame is None or len(cells) != len(frame) or cells.empty != frame.empty:
            return None
        if frame.empty:
            out[name] = Published(cells, totals)
            continue
        for column in rules.grid_columns:
            if column not in cells or [token(v) for v in frame[column]] != list(cells[column]):
                return None
        for count in rules.counts:
            flag = flag_column(count)
            if count not in cells or flag not in cells:
                return None
            hidden = cells[flag] == "true"
            empty = hidden | (cells[count] == "")
            shown = [int(v) for v in cells.loc[~empty, count]]
            if shown != [int(v) for v in frame.loc[~empty.to_numpy(), count]]:
                return None
            cells[flag] = hidden.to_numpy()
            cells[count] = pd.array([None if e else int(v) for v, e in
                                     zip(cells[count], empty, strict=True)], dtype="Int64")
            doubt = uncertain_column(count)
            if doubt in cells:
                cells[doubt] = (cells[doubt] == "true").to_numpy()
            if not totals.empty:
                held = totals[flag] == "true"
                totals[flag] = held.to_numpy()
                totals[count] = pd.array([None if v == "" else int(v) for v in totals[count]],
                                         dtype="Int64")
                if doubt in totals:
                    totals[doubt] = (totals[doubt] == "true").to_numpy()
        out[name] = Published(cells, totals)
    return out


def _as_listed(dataset: Dataset, frame: pd.DataFrame, cells: pd.DataFrame
               ) -> pd.DataFrame | None:
    """The rows of a completed frame that the published `cells` list (every row the mart
    has, and zeros added only where withheld), in order; None when they are not those."""
    if LISTED not in frame:
        return frame
    rules = dataset.suppression
    grid = list(rules.grid_columns)
    if cells.empty or not set(grid) <= set(cells.columns):
        return frame.drop(columns=[LISTED])
    position = {tuple(token(row[c]) for c in grid): i
                for i, row in enumerate(frame.to_dict("records"))}
    chosen = [position.get(key) for key in zip(*(cells[c] for c in grid), strict=True)]
    if None in chosen or chosen != sorted(chosen):
        return None
    listed = frame[LISTED].to_numpy()
    flags = [flag for c in rules.counts for flag in (flag_column(c), uncertain_column(c))
             if flag in cells]
    withheld_rows = (cells[flags] == "true").any(axis=1).to_numpy() if flags else \
        [False] * len(cells)
    if set(np.flatnonzero(listed)) - set(chosen) or any(
            not listed[i] and not held for i, held in zip(chosen, withheld_rows, strict=True)):
        return None
    return frame.iloc[chosen].drop(columns=[LISTED]).reset_index(drop=True)


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_model(release: Release, frames: dict[str, pd.DataFrame],
                previous: Structure | None = None) -> Model:
    """The protection model of the release, linked to the previous release when given."""
    frames = {name: completed(release.datasets[name], frame) for name, frame in frames.items()}
    structures = [current_structure(release, frames)]
    if previous is not None:
        structures.append(previous)
    model = Model(structures, release.threshold)
    if previous is not None:
        model.link_previous(previous)
    return model


def publish_release(release: Release, frames: dict[str, pd.DataFrame],
                    previous: Structure | None = None) -> tuple[dict[str, Published], Model]:
    """Suppress small counts across the release; `frames` hold the marts' exact counts (and
    the hidden count columns), `previous` the release published before (`read_previous`)."""
    frames = {name: completed(release.datasets[name], frame) for name, frame in frames.items()}
    model = protect(build_model(release, frames, previous))
    out: dict[str, Published] = {}
    for name, frame in frames.items():
        dataset = release.datasets[name]
        out[name] = _published(dataset, frame, model)
    return out, model


def withheld(model: Model, key: tuple) -> bool:
    variable = model.variables[model.var_of[key][0]]
    return variable.decision and variable.withheld


def _published(dataset: Dataset, frame: pd.DataFrame, model: Model) -> Published:
    rules = dataset.suppression
    if rules is None:
        return Published(frame.reset_index(drop=True), None)
    frame = completed(dataset, frame)
    doubt = (frame[rules.uncertain].fillna(0) > 0) if rules.uncertain in frame else \
        pd.Series(False, index=frame.index, dtype=bool)
    uncertain = rules.uncertain is not None
    cells = frame.drop(columns=[c for c in (*rules.hidden, rules.uncertain or "")
                                if c in frame.columns])
    axis_columns = cell_level(rules.axes)
    total_rows: dict[tuple, dict] = {}
    for count in rules.counts:
        flags = pd.Series(False, index=cells.index, dtype=bool)
        for table_tokens, table in tables(frame, rules.table):
            for index, row in table.iterrows():
                key = ("cur", dataset.name, count, table_tokens, axis_columns,
                       tuple(token(row[c]) for c in axis_columns))
                flags[index] = withheld(model, key)
            for kept in levels(rules.axes):
                groups = table.groupby(list(kept), sort=True) if kept else [((), table)]
                for kept_values, group in groups:
                    kept_values = kept_values if isinstance(kept_values, tuple) else \
                        (kept_values,)
                    key = ("cur", dataset.name, count, table_tokens, kept,
                           tuple(token(v) for v in kept_values))
                    first = group.iloc[0]
                    row = total_rows.setdefault((table_tokens, kept, key[5]), {
                        **{c: first[c] for c in rules.table},
                        **dict(zip(kept, kept_values, strict=True)),
                        TOTAL_COLUMN: level_label(kept),
                    })
                    hidden = withheld(model, key)
                    total = int(group[count].sum())
                    unsure = bool(doubt[group.index].any())
                    # A total over a month quarantined rows may belong to is a lower bound:
                    # published, flagged; a lower bound of 0 is left empty.
                    row[count] = None if hidden or (unsure and total == 0) else total
                    row[flag_column(count)] = hidden
                    if uncertain:
                        row[uncertain_column(count)] = unsure
                    # Listed when a cell under it is (a withheld 0 included): a total left
                    # out is 0, which would pin the withheld 0 for every reader.
                    row[LISTED] = row.get(LISTED, False) or hidden or unsure or bool(
                        group[LISTED].any() or flags[group.index].any()
                        if LISTED in group else True)
        position = cells.columns.get_loc(count) + 1
        counts = cells[count].astype("Int64")
        cells[count] = counts.mask(flags | (doubt & (counts == 0)))
        cells.insert(position, flag_column(count), flags)
        if uncertain:
            cells.insert(position + 1, uncertain_column(count), doubt.to_numpy())
    if LISTED in cells:  # a 0 the mart does not list is published only when withheld or
        # when quarantined rows may belong to it (empty, flagged: not listed would say 0)
        marks = [flag for c in rules.counts
                 for flag in (flag_column(c), uncertain_column(c)) if flag in cells]
        shown = cells[LISTED] | cells[marks].any(axis=1)
        cells = cells[shown].drop(columns=[LISTED])
    if not rules.counts:
        return Published(cells.reset_index(drop=True), None)
    columns = [*rules.table, *axis_columns, TOTAL_COLUMN]
    for count in rules.counts:
        columns += [count, flag_column(count)] + ([uncertain_column(count)] if uncertain else [])
    totals = pd.DataFrame([row for row in total_rows.values() if row[LISTED]],
                          columns=columns)
    for count in rules.counts:
        totals[count] = totals[count].astype("Int64")
    for column in columns:  # a summed-out dimension is empty, not a float
        if column in cells and pd.api.types.is_integer_dtype(cells[column].dtype):
            totals[column] = totals[column].astype("Int64")
    return Published(cells.reset_index(drop=True), totals)
