"""The attack on a published release, from its files alone: for every withheld count, the
smallest and largest value the published cells and totals (of every dataset of the release,
totals shared between datasets included) leave it. Used by unit and integration tests."""

from __future__ import annotations

import csv
from pathlib import Path

from publish.lp import bounds
from publish.package import data_file, totals_file
from publish.spec import Release
from publish.suppression import GRAND_TOTAL, TOTAL_COLUMN, flag_column


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def attack(release: Release, exports: Path) -> dict[tuple, tuple[int, float]]:
    """{(dataset, file, line, count column): (smallest, largest)} of every withheld count."""
    lower: dict[tuple, int] = {}
    equations: list[tuple[dict, float]] = []
    shared: dict[tuple, list] = {}

    def term(key, row, count, at_least=None):
        """A published value (number) or a withheld one (variable key)."""
        if row[flag_column(count)] == "true":
            known = int(row[at_least]) if at_least and row.get(at_least) else 0
            lower[key] = max(1, known)  # zeros are always published
            return key
        return int(row[count])

    for name, dataset in release.datasets.items():
        rules = dataset.suppression
        if rules is None:
            continue
        folder = exports / name
        cells = _read(folder / data_file(dataset))
        totals = _read(folder / totals_file(dataset))
        axis_columns = [column for axis in rules.axes for column in axis]
        for count in rules.counts:
            at_least = rules.at_least.get(count)
            cell_terms = [(row, term((name, "cells", line, count), row, count, at_least))
                          for line, row in enumerate(cells, start=2)]
            for line, row in enumerate(totals, start=2):
                total = term((name, "totals", line, count), row, count)
                kept = [c for c in axis_columns if row[c] != ""]
                table_values = tuple(row[c] for c in rules.table)
                members = [t for cell, t in cell_terms
                           if all(cell[c] == row[c] for c in rules.table)
                           and all(cell[c] == row[c] for c in kept)]
                coefficients: dict = {}
                rhs = 0.0
                for value, sign in ((total, 1), *((m, -1) for m in members)):
                    if isinstance(value, tuple):
                        coefficients[value] = coefficients.get(value, 0) + sign
                    else:
                        rhs -= sign * value
                equations.append((coefficients, rhs))
                level = () if row[TOTAL_COLUMN] == GRAND_TOTAL else tuple(kept)
                for link in rules.shared_totals:
                    if level in link.margins and all(
                            str(row[c]) == str(v) for c, v in link.where.items()):
                        shared.setdefault((link.name, table_values, level,
                                           tuple(row[c] for c in kept)), []).append(total)
    for same in shared.values():  # one quantity published in several datasets
        for first, other in zip(same, same[1:], strict=False):
            coefficients, rhs = {}, 0.0
            for value, sign in ((first, 1), (other, -1)):
                if isinstance(value, tuple):
                    coefficients[value] = coefficients.get(value, 0) + sign
                else:
                    rhs -= sign * value
            equations.append((coefficients, rhs))
    return bounds(equations, lower)


def exposed(release: Release, exports: Path) -> dict[tuple, tuple[int, float]]:
    """Withheld counts the attack pins to one value or keeps below the threshold."""
    return {key: (low, high) for key, (low, high) in attack(release, exports).items()
            if not (high > low and high >= release.threshold)}
