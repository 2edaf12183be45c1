"""Small-cell disclosure control for a release of tables, with their totals.

Every published table is a grid (`table` columns split it, one or two `axes` index its cells)
whose totals over each axis and grand total are published too. A count of 1 or 2 (below the
release's threshold) is withheld wherever it appears, cell or total (primary suppression).
Then complementary cells are withheld until, for every withheld value, the published cells
and totals of the whole release (totals shared between datasets are one variable) leave a
range that holds more than one value and reaches the threshold. The check is the attack
itself: exact bounds by linear programming (`publish.lp`), with the lower bound an attacker
knows (zeros are always published, so a withheld cell is at least 1; `at_least` columns).

Complementary cells are chosen greedily: for a cell that is still exposed, the smallest
non-zero published value that shares an equation with it, interior cells before totals.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from publish.lp import bounds
from publish.spec import Dataset, Release

TOTAL_COLUMN = "tingkat"
GRAND_TOTAL = "total"
MAX_ROUNDS = 200


def flag_column(count: str) -> str:
    return f"{count}_ditahan"


def level_label(kept: tuple[str, ...]) -> str:
    return f"per {', '.join(kept)}" if kept else GRAND_TOTAL


@dataclass
class Variable:
    key: tuple
    value: int
    is_total: bool
    lower: int = 1  # what an attacker knows when it is withheld
    withheld: bool = False


@dataclass
class Model:
    """The release as linear equations: total − Σ members = 0."""

    variables: dict[tuple, Variable] = field(default_factory=dict)
    equations: list[tuple[tuple, list[tuple]]] = field(default_factory=list)
    # Totals declared shared whose datasets disagree: kept apart (see build_model).
    diverged: frozenset = frozenset()

    def add(self, key: tuple, value: int, is_total: bool, lower: int = 1) -> None:
        known = self.variables.get(key)
        if known is not None:
            if known.value != value:
                raise _Diverged(key)
            return
        self.variables[key] = Variable(key, int(value), is_total, max(1, int(lower)))

    def exposed(self, threshold: int, targets=None) -> dict[tuple, tuple[int, float]]:
        """Withheld values whose range is a single value or stays below the threshold."""
        return {key: span for key, span in self.ranges(targets).items()
                if not is_protected(span, threshold)}

    def ranges(self, targets=None) -> dict[tuple, tuple[int, float]]:
        """The range of withheld values (all, or those linked to `targets`)."""
        equations = range(len(self.equations))
        if targets is not None:  # only the equations that link the targets to anything
            touching = self._equations_of()
            linked, frontier, equations = set(targets), list(targets), set()
            while frontier:
                for index in touching[frontier.pop()]:
                    if index in equations:
                        continue
                    equations.add(index)
                    total, members = self.equations[index]
                    for key in (total, *members):
                        if key not in linked and self.variables[key].withheld:
                            linked.add(key)
                            frontier.append(key)
        withheld = {key: var.lower for key, var in self.variables.items() if var.withheld} \
            if targets is None else {key: self.variables[key].lower for key in linked}
        return bounds(self._reduced(withheld, equations), withheld, targets)

    def _equations_of(self) -> dict[tuple, list[int]]:
        if getattr(self, "_touching", None) is None or \
                self._touching[0] != len(self.equations):
            touching: dict[tuple, list[int]] = defaultdict(list)
            for index, (total, members) in enumerate(self.equations):
                for key in (total, *members):
                    touching[key].append(index)
            self._touching = (len(self.equations), touching)
        return self._touching[1]

    def _reduced(self, withheld: dict, equations) -> list:
        reduced = []
        for index in equations:
            total, members = self.equations[index]
            coefficients: dict[tuple, float] = defaultdict(float)
            rhs = 0.0
            for key, sign in ((total, 1.0), *((member, -1.0) for member in members)):
                if key in withheld:
                    coefficients[key] += sign
                else:
                    rhs -= sign * self.variables[key].value
            if coefficients:
                reduced.append((dict(coefficients), rhs))
        return reduced


class _Diverged(Exception):
    def __init__(self, key: tuple):
        super().__init__(key)
        self.key = key


def build_model(release: Release, frames: dict[str, pd.DataFrame]) -> Model:
    """Variables and equations of every suppressed table of the release.

    A total declared shared whose datasets disagree (e.g. a UPTD case without a bentuk) is
    not one quantity: each dataset keeps its own, and `diverged` says which.
    """
    diverged: set[tuple] = set()
    while True:
        try:
            return _build_model(release, frames, frozenset(diverged))
        except _Diverged as error:
            diverged.add(error.key)


def _build_model(release: Release, frames: dict[str, pd.DataFrame],
                 diverged: frozenset) -> Model:
    model = Model(diverged=diverged)
    for name, frame in frames.items():
        dataset = release.datasets[name]
        rules = dataset.suppression
        if rules is None:
            continue
        for count in rules.counts:
            for table_key, table in _tables(frame, rules.table):
                cell_keys = []
                for index, row in table.iterrows():
                    key = (name, "cell", count, index)
                    lower = row[rules.at_least[count]] if count in rules.at_least else 1
                    model.add(key, row[count], is_total=False, lower=lower)
                    cell_keys.append((key, row))
                margins: dict[tuple, list[tuple]] = {}
                for kept in _margins(rules.axes):
                    groups: dict[tuple, list] = defaultdict(list)
                    for key, row in cell_keys:
                        groups[tuple(row[column] for column in kept)].append(key)
                    margins[kept] = []
                    for kept_values, members in groups.items():
                        total_key = _total_key(dataset, count, table_key, kept, kept_values,
                                               diverged)
                        value = sum(model.variables[member].value for member in members)
                        model.add(total_key, value, is_total=True)
                        model.equations.append((total_key, members))
                        margins[kept].append(total_key)
                # Implied by the above, but they make row and column totals neighbours of
                # the grand total when complementary cells are chosen.
                if len(rules.axes) == 2 and cell_keys:
                    for axis in rules.axes:
                        model.equations.append((margins[()][0], margins[axis]))
    return model


def _tables(frame: pd.DataFrame, table: tuple[str, ...]):
    if frame.empty:
        return
    if not table:
        yield (), frame
        return
    for values, group in frame.groupby(list(table), sort=True, dropna=False):
        yield tuple(values), group


def _margins(axes: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    """The totals a table publishes, named by the axis each keeps (() = grand total)."""
    if len(axes) == 1:
        return [()]
    return [axes[0], axes[1], ()]


def _total_key(dataset: Dataset, count: str, table_key: tuple, kept: tuple,
               kept_values: tuple, diverged: frozenset = frozenset()) -> tuple:
    rules = dataset.suppression
    table_values = dict(zip(rules.table, table_key, strict=True))
    for shared in rules.shared_totals:
        if kept in shared.margins and all(table_values.get(column) == value
                                          for column, value in shared.where.items()):
            key = ("shared", shared.name, table_key, kept, kept_values)
            if key not in diverged:
                return key
    return (dataset.name, "total", count, table_key, kept, kept_values)


def suppress(model: Model, threshold: int) -> Model:
    """Primary then complementary suppression, in place; returns the model."""
    for var in model.variables.values():
        var.withheld = 0 < var.value < threshold
    neighbours = _neighbours(model)
    for _ in range(len(model.variables) + 1):  # each round withholds one more value
        exposed = model.exposed(threshold)
        if not exposed:
            return model
        key = min(exposed, key=repr)
        # Published non-zero values beside the exposed cell or beside any withheld value it
        # is linked to: the cells (or totals) that can open its range.
        linked, frontier = {key}, [key]
        while frontier:
            for other in neighbours[frontier.pop()]:
                if other not in linked and model.variables[other].withheld:
                    linked.add(other)
                    frontier.append(other)
        candidates = sorted({other for member in linked for other in neighbours[member]
                             if not model.variables[other].withheld
                             and model.variables[other].value > 0},
                            key=lambda other: (model.variables[other].is_total,
                                               model.variables[other].value, repr(other)))
        if not candidates:
            raise RuntimeError(f"cannot protect {key}: every value around it is withheld")
        # The first (interior before totals, smallest first) that protects it on its own;
        # else the one that widens its range most.
        best, best_score = None, None
        for candidate in candidates:
            var = model.variables[candidate]
            var.withheld = True
            low, high = model.ranges([key])[key]
            var.withheld = False
            if is_protected((low, high), threshold):
                best = candidate
                break
            score = (min(high, threshold), high - low)
            if best_score is None or score > best_score:
                best, best_score = candidate, score
        model.variables[best].withheld = True
    raise RuntimeError("complementary suppression did not converge")


def _neighbours(model: Model) -> dict[tuple, set[tuple]]:
    linked: dict[tuple, set[tuple]] = defaultdict(set)
    for total, members in model.equations:
        group = {total, *members}
        for key in group:
            linked[key] |= group - {key}
    return linked


@dataclass
class Published:
    """One dataset as released: cells (withheld counts empty, flagged) and its totals."""

    cells: pd.DataFrame
    totals: pd.DataFrame | None


def publish_release(release: Release, frames: dict[str, pd.DataFrame]
                    ) -> tuple[dict[str, Published], Model]:
    """Suppress small cells across the release; the frames hold exact counts."""
    model = suppress(build_model(release, frames), release.threshold)
    out: dict[str, Published] = {}
    for name, frame in frames.items():
        dataset = release.datasets[name]
        rules = dataset.suppression
        if rules is None:
            out[name] = Published(frame.reset_index(drop=True), None)
            continue
        cells = frame.copy()
        total_rows: dict[tuple, dict] = {}
        for count in rules.counts:
            withheld = pd.Series([model.variables[(name, "cell", count, index)].withheld
                                  for index in cells.index], index=cells.index, dtype=bool)
            position = cells.columns.get_loc(count) + 1
            cells[count] = cells[count].astype("Int64").mask(withheld)
            cells.insert(position, flag_column(count), withheld)
            for table_key, table in _tables(frame, rules.table):
                for kept in _margins(rules.axes):
                    for kept_values, _ in table.groupby(list(kept), sort=True) if kept else \
                            [((), table)]:
                        kept_values = kept_values if isinstance(kept_values, tuple) else \
                            (kept_values,)
                        var = model.variables[_total_key(dataset, count, table_key, kept,
                                                          kept_values, model.diverged)]
                        row = total_rows.setdefault((table_key, kept, kept_values), {
                            **dict(zip(rules.table, table_key, strict=True)),
                            **dict(zip(kept, kept_values, strict=True)),
                            TOTAL_COLUMN: level_label(kept),
                        })
                        row[count] = None if var.withheld else var.value
                        row[flag_column(count)] = var.withheld
        columns = [*rules.table, *(c for axis in rules.axes for c in axis), TOTAL_COLUMN]
        for count in rules.counts:
            columns += [count, flag_column(count)]
        totals = pd.DataFrame(list(total_rows.values()), columns=columns)
        for count in rules.counts:
            totals[count] = totals[count].astype("Int64")
        for column in columns:  # a summed-out dimension is empty, not a float
            if column in cells and pd.api.types.is_integer_dtype(cells[column].dtype):
                totals[column] = totals[column].astype("Int64")
        out[name] = Published(cells.reset_index(drop=True), totals)
    return out, model


def is_protected(span: tuple[int, float], threshold: int) -> bool:
    low, high = span
    return high > low and (high == math.inf or high >= threshold)
