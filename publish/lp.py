"""Exact-enough bounds of unknown counts under linear equalities: a small simplex.

What an attacker can learn about withheld cells: the smallest and largest value each can take
given the published cells and totals. Each withheld cell is a variable x ≥ lower bound; each
published total gives an equality. The constraint systems of frequency tables are tiny (tens
of variables), so a dense two-phase simplex with Bland's rule is plenty; bounds are rounded
to integers the way an attacker would (a count is a whole number).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

import numpy as np

EPS = 1e-9

Equation = tuple[Mapping[Hashable, float], float]  # ({variable: coefficient}, right-hand side)


class Infeasible(ValueError):
    """The published figures contradict each other: no value of the unknowns fits."""


def bounds(equations: Iterable[Equation], lower: Mapping[Hashable, float],
           targets: Iterable[Hashable] | None = None) -> dict[Hashable, tuple[int, float]]:
    """For every variable in `lower` (or only `targets`): (smallest, largest) integer value
    it can take. The largest is `math.inf` when nothing bounds it from above.
    """
    wanted = set(lower if targets is None else targets)
    equations = [(dict(coefficients), float(rhs)) for coefficients, rhs in equations
                 if any(abs(c) > EPS for c in coefficients.values())]
    result: dict[Hashable, tuple[int, float]] = {}
    for component, rows in _components(equations, lower):
        if wanted.intersection(component):
            result.update(_component_bounds(component, rows, lower, wanted))
    return result


def _components(equations: list[tuple[dict, float]], lower: Mapping[Hashable, float]):
    """Variables linked by equations, with their equations (union-find)."""
    parent = {variable: variable for variable in lower}

    def find(variable):
        while parent[variable] != variable:
            parent[variable] = parent[parent[variable]]
            variable = parent[variable]
        return variable

    for coefficients, _ in equations:
        unknown = [v for v in coefficients if v not in lower]
        if unknown:
            raise KeyError(f"equation names variables without a lower bound: {unknown[:3]}")
        first, *others = coefficients
        for other in others:
            parent[find(other)] = find(first)
    groups: dict[Hashable, list] = {}
    for variable in lower:
        groups.setdefault(find(variable), []).append(variable)
    rows_of: dict[Hashable, list] = {root: [] for root in groups}
    for equation in equations:
        rows_of[find(next(iter(equation[0])))].append(equation)
    return [(groups[root], rows_of[root]) for root in groups]


def _component_bounds(variables: list, rows: list[tuple[dict, float]],
                      lower: Mapping[Hashable, float], wanted: set
                      ) -> dict[Hashable, tuple[int, float]]:
    if not rows:
        return {v: (math.ceil(lower[v] - 1e-7), math.inf) for v in variables if v in wanted}
    index = {variable: i for i, variable in enumerate(variables)}
    lb = np.array([float(lower[v]) for v in variables])
    a = np.zeros((len(rows), len(variables)))
    b = np.zeros(len(rows))
    for r, (coefficients, rhs) in enumerate(rows):
        for variable, coefficient in coefficients.items():
            a[r, index[variable]] += coefficient
        b[r] = rhs
    b = b - a @ lb  # x = lb + y, y ≥ 0
    tableau, basis = _feasible_tableau(a, b)
    out = {}
    for variable, i in index.items():
        if variable not in wanted:
            continue
        objective = np.zeros(len(variables))
        objective[i] = 1.0
        high = _maximise(tableau, basis, objective)
        low = -_maximise(tableau, basis, -objective)
        out[variable] = (math.ceil(lb[i] + low - 1e-6),
                         math.inf if high == math.inf else math.floor(lb[i] + high + 1e-6))
    return out


def _pivot(tableau: np.ndarray, basis: list[int], row: int, column: int) -> None:
    tableau[row] /= tableau[row, column]
    for other in range(tableau.shape[0]):
        if other != row and abs(tableau[other, column]) > EPS:
            tableau[other] -= tableau[other, column] * tableau[row]
    basis[row] = column


def _iterate(tableau: np.ndarray, basis: list[int], columns: int) -> bool:
    """Simplex iterations on a tableau whose last row holds reduced costs; Bland's rule.
    Returns False when the objective is unbounded."""
    m = tableau.shape[0] - 1
    while True:
        entering = next((j for j in range(columns) if tableau[m, j] < -EPS), None)
        if entering is None:
            return True
        best, leaving = math.inf, None
        for i in range(m):
            if tableau[i, entering] > EPS:
                ratio = tableau[i, -1] / tableau[i, entering]
                if ratio < best - EPS or (abs(ratio - best) <= EPS and leaving is not None
                                          and basis[i] < basis[leaving]):
                    best, leaving = ratio, i
        if leaving is None:
            return False
        _pivot(tableau, basis, leaving, entering)


def _feasible_tableau(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Phase one: a basic feasible solution of a y = b, y ≥ 0 (rows without a basis dropped)."""
    m, n = a.shape
    sign = np.where(b < 0, -1.0, 1.0)
    tableau = np.zeros((m + 1, n + m + 1))
    tableau[:m, :n] = a * sign[:, None]
    tableau[:m, n:n + m] = np.eye(m)
    tableau[:m, -1] = b * sign
    basis = list(range(n, n + m))
    tableau[m, :] = -tableau[:m, :].sum(axis=0)  # maximise −Σ artificials
    tableau[m, n:n + m] = 0.0
    _iterate(tableau, basis, n + m)
    if tableau[m, -1] < -1e-7:
        raise Infeasible("the published figures admit no solution")
    keep = []
    for i in range(m):
        if basis[i] >= n:  # an artificial still basic (at zero): pivot it out or drop the row
            column = next((j for j in range(n) if abs(tableau[i, j]) > 1e-7), None)
            if column is None:
                continue
            _pivot(tableau, basis, i, column)
        keep.append(i)
    body = np.hstack([tableau[keep, :n], tableau[keep, -1:]])
    return body, [basis[i] for i in keep]


def _maximise(body: np.ndarray, basis: list[int], objective: np.ndarray) -> float:
    """Phase two from a feasible basis: max objective · y, or inf when unbounded."""
    m, n = body.shape[0], body.shape[1] - 1
    tableau = np.vstack([body, np.zeros(n + 1)])
    basis = list(basis)
    tableau[m, :n] = -objective
    for i, column in enumerate(basis):
        if objective[column]:
            tableau[m] += objective[column] * tableau[i]
    if not _iterate(tableau, basis, n):
        return math.inf
    return float(tableau[m, -1])
