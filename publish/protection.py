"""The protection model of a release: every number it publishes as one system of linear
relations, and the secondary suppression that leaves every withheld value its protection
interval at the least information withheld, solved with HiGHS (`highspy`).

Quantities. Every count a dataset publishes (a cell of a table, a total over one axis, a
grand total) is a quantity; so is every count the release does not print but whose sums or
presence it does (`hidden` counts, e.g. victims per kabupaten/kota and month, whose
"reported / not reported" flags are published). Quantities of different datasets that count
the same victims (`shared_totals`) are one variable; when their values disagree (a data
error) they are linked by their exact difference, as if an attacker knew it. A dataset whose
victims are each counted in at least one and at most once per cell (`covers`, e.g. forms of
violence of SIMFONI victims) adds inequalities: each cell ≤ the victims, their sum ≥ them.

Attacker. For a withheld value the attacker knows: every published value, every relation,
that a withheld count is at least 1 (zeros are published) or at least a published lower
bound (`at_least`), and the flags; on a dataset's `attributes` axis a withheld cell, or a
withheld total of one attribute value, is only at least 0 (a 0 there may be withheld).
With the previous release of the same datasets (`previous`), also its published values
and that counts only grow between releases: a quantity is at least what the previous
release published, or at least the previous release's withheld value. A withheld value is
protected when the attacker's exact integer range holds more than one value and reaches the
release's threshold.

Attribute disclosure. A group of victims (a month or year total over the attributes, or
SIMFONI's victims against one form, `covers`) whose victims all share one value in truth,
or one part of a grouping of the values a reader knows (`groupings`: Anak = Anak Laki-laki +
Anak Perempuan; with two parts, neither may be proven 0 in a group it does not fill either),
gets a `rest` variable, the group minus its victims in that value, never published; the
attacker's largest value of it must be at least 1 (the group is not proven to share it).
Rests are targets of the same loop; the zeros that can meet them are decision variables.

Optimisation. Primary cells (1 or 2) and every value the previous release withheld are
withheld. Complementary values are chosen by a master integer program (minimise the
information withheld, `cost`) with constraints added while the attacker finds an exposed
value (Benders cuts from the attacker's linear program, as in Fischetti & Salazar's cell
suppression model; an integer attack stronger than the linear one adds a cut that withholds
one more value around the exposed one). Cost of a withheld value: 1, plus its victims when it
is a cell of a table, or `TOTAL_WEIGHT` of them when it is a total (a withheld total is
known to within the range of the withheld cells under it), so small complements in the body
and totals are preferred to the big series people read.

Bounded work (counted, never timed, so the same inputs give the same pattern anywhere): at
most `MASTER_ROUNDS` master programs per component, each of at most `MASTER_NODES` nodes (the
best pattern found is taken at the limit); then rounds that only widen the pattern, which end
or refuse within as many rounds as there are values. Every pattern passes the exact attacker
before it is published; `Model.work` reports the counts. A previous release's withheld value
is held to the threshold only as far as that release alone left it (`keeps_protection`).
"""

from __future__ import annotations

import contextlib
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import highspy
import numpy as np
import pandas as pd

from core.i18n import _
from core.text_safety import csv_text
from publish.spec import Dataset

TOTAL_WEIGHT = 0.05
INF = math.inf
EPS = 1e-6
# Bounds on the work of one component, counted (never timed: the same inputs give the same
# pattern on any machine, however loaded). Rounds of the master program before the loop only
# widens the pattern, and branch-and-bound nodes of one master solve before its best
# feasible pattern is taken. The sample's largest component settles in 29 rounds, every
# master at its root node; one linked to a release made under a lower threshold needs more
# than 40 (docs/disclosure.md).
MASTER_ROUNDS = 40
MASTER_NODES = 2000

# (tag, dataset, count column, table tokens, kept columns, kept tokens); tag "cur" = this
# release, "prev" = the previous one. Tokens are the values as the CSV writes them.
Key = tuple


def token(value) -> str:
    """A value as the exported CSV holds it: keys of this release and of a previous release's
    files compare equal."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    return csv_text(str(value))


@dataclass
class Quantity:
    key: Key
    value: int | None  # None: unknown (withheld in a previous release's files)
    published: bool  # a count the release prints (withheld or not); False: hidden
    is_cell: bool
    lower: float = 0.0
    upper: float = INF
    zero_hides: bool = False  # a 0 here may be withheld (an attribute of a group's victims)


@dataclass
class Relation:
    """Σ coefficient × quantity (sense) rhs; terms name keys, or ("ref", identity)."""

    terms: list[tuple[Key, float]]
    sense: str  # "=" or ">="
    rhs: float = 0.0


@dataclass
class Structure:
    """The quantities of one release and the relations among them."""

    tag: str
    quantities: dict[Key, Quantity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    identities: list[tuple[Key, tuple]] = field(default_factory=list)
    # (group, parts): the victims of `group` (a total, or ("ref", identity)) counted by the
    # parts' sum; all of them in those parts is an attribute of the whole group.
    groups: list[tuple[Key, list[Key]]] = field(default_factory=list)


def levels(axes: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    """The totals a table publishes, named by the columns each keeps (() = grand total)."""
    return [()] if len(axes) == 1 else [axes[0], axes[1], ()]


def cell_level(axes: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    return tuple(column for axis in axes for column in axis)


def tables(frame: pd.DataFrame, table: tuple[str, ...]):
    """(table tokens, rows) of each table of a dataset frame."""
    if frame.empty:
        return
    if not table:
        yield (), frame
        return
    for values, group in frame.groupby(list(table), sort=True, dropna=False):
        values = values if isinstance(values, tuple) else (values,)
        yield tuple(token(v) for v in values), group


def _identity(name: str, pairs: Iterable[tuple[str, str]]) -> tuple:
    return (name, tuple(sorted(pairs)))


def _matches(where: Mapping[str, object], columns: Mapping[str, str]) -> bool:
    return all(columns.get(column) == token(value) for column, value in where.items())


def add_dataset(structure: Structure, dataset: Dataset, cells: pd.DataFrame,
                totals: Mapping[tuple, int | None] | None = None,
                zeros_withheld: bool = True) -> None:
    """The quantities and relations of one dataset.

    `cells` holds a row per cell with the grid columns, the count columns (None/NA when a
    previous release withheld it), `at_least` columns and hidden counts' flag columns (hidden
    count columns themselves when known). `totals`, for a previous release read from its
    files, maps (count, table tokens, kept, kept tokens) to the published total or None; else
    totals are the sums of the cells. `zeros_withheld`: whether a withheld value of the
    dataset's attributes may be 0 (False for a release made when every 0 was published: its
    withheld values are at least 1).
    """
    rules = dataset.suppression
    if rules is None:
        return
    tag = structure.tag
    axis_columns = cell_level(rules.axes)
    attributes = rules.attributes if zeros_withheld else ()
    counted = [(count, True) for count in rules.counts] + \
        [(count, False) for count in rules.hidden]
    for table_tokens, table in tables(cells, rules.table):
        table_values = dict(zip(rules.table, table_tokens, strict=True))
        for count, published in counted:
            flag = rules.hidden.get(count)
            at_least = rules.at_least.get(count)
            margins_at: dict[tuple, list[Key]] = defaultdict(list)
            cells_under: dict[tuple, list[Key]] = {}
            cell_keys = []
            for row in table.to_dict("records"):
                kept_tokens = tuple(token(row[column]) for column in axis_columns)
                key = (tag, dataset.name, count, table_tokens, axis_columns, kept_tokens)
                value = _count(row.get(count))
                lower, upper = 0.0, INF
                if published and attributes:
                    # A withheld cell may be a withheld 0: at least its lower bound only.
                    known = _count(row.get(at_least)) if at_least else None
                    lower = float(known or 0)
                elif published:
                    if value == 0:
                        upper = 0.0  # zeros are published (off the attribute axis)
                    else:
                        known = _count(row.get(at_least)) if at_least else None
                        # A month reported by quarantined rows alone counts no loaded victim.
                        if known is not None and value is not None:
                            known = min(known, value)
                        lower = float(max(1, known or 0))
                elif flag:
                    # A report a quarantined row proves counts no loaded victim: the flag
                    # is then 1 over a count of 0, which a reader cannot tell from 1 or more.
                    if not _count(row.get(flag)):
                        upper = 0.0
                    elif value is None or value > 0:
                        lower = 1.0
                structure.quantities[key] = Quantity(key, value, published, True, lower, upper,
                                                     bool(published and attributes))
                cell_keys.append((key, dict(zip(axis_columns, kept_tokens, strict=True))))
            for kept in levels(rules.axes):
                groups: dict[tuple, list[Key]] = defaultdict(list)
                for key, values in cell_keys:
                    groups[tuple(values[column] for column in kept)].append(key)
                for kept_tokens, group in groups.items():
                    key = (tag, dataset.name, count, table_tokens, kept, kept_tokens)
                    known = [structure.quantities[member].value for member in group]
                    value = sum(known) if None not in known else None
                    if published and totals is not None:
                        value = totals.get((count, table_tokens, kept, kept_tokens), value)
                    lower, upper = (0.0, 0.0) if published and value == 0 else \
                        (1.0 if published else 0.0, INF)
                    hides = bool(published and attributes and kept == attributes)
                    if hides:  # a total of one attribute value: a part of the year's group
                        lower, upper = 0.0, INF
                    structure.quantities[key] = Quantity(key, value, published, False,
                                                         lower, upper, hides)
                    structure.relations.append(Relation(
                        [(key, 1.0), *((member, -1.0) for member in group)], "="))
                    margins_at[kept].append(key)
                    cells_under[(kept, kept_tokens)] = group
                    if published and attributes and kept != attributes:
                        _attribute_groups(structure, key, group, axis_columns, attributes,
                                          rules.groupings)
            # Identities: the same victims counted by another dataset (or another count).
            for link in rules.shared_totals:
                if not _matches(link.where, table_values):
                    continue
                free = [(c, v) for c, v in table_values.items() if c not in link.where]
                for kept in link.margins:
                    kept = tuple(kept)
                    if kept == axis_columns:
                        keyed = [(key, values) for key, values in cell_keys]
                    else:
                        keyed = [(key, dict(zip(kept, key[5], strict=True)))
                                 for key in margins_at.get(kept, [])]
                    for key, values in keyed:
                        structure.identities.append((key, _identity(
                            link.name, [*free, *((c, values[c]) for c in kept)])))
            # Coverage: every victim counted at least once in a group, at most once per cell.
            for link in rules.covers:
                if not _matches(link.where, table_values):
                    continue
                free = [(c, v) for c, v in table_values.items() if c not in link.where]
                for kept in link.margins:
                    kept = tuple(kept)
                    for margin in margins_at.get(kept, []):
                        ref = ("ref", _identity(link.name, [*free, *zip(kept, margin[5],
                                                                         strict=True)]))
                        structure.relations.append(Relation([(margin, 1.0), (ref, -1.0)], ">="))
                        under = cells_under[(kept, margin[5])]
                        for cell in under:
                            structure.relations.append(
                                Relation([(ref, 1.0), (cell, -1.0)], ">="))
                            # Every victim with this form? Not asked where the table knows
                            # one form only (a small register's every case `Fisik`): that
                            # tells nothing a form's column does not, as in
                            # `_attribute_groups`, and no withheld cell could hide it.
                            if published and attributes and len(under) > 1:
                                structure.groups.append((ref, [cell]))
                by_form = margins_at.get(attributes, [])
                if published and attributes and len(by_form) > 1:
                    year = ("ref", _identity(link.name, free))  # the year's, with this form?
                    for total in by_form:
                        structure.groups.append((year, [total]))


def _attribute_groups(structure: Structure, total: Key, cells: list[Key],
                      axis_columns: tuple[str, ...], attributes: tuple[str, ...],
                      groupings: Mapping[str, Mapping[str, Mapping[str, Iterable[str]]]]
                      ) -> None:
    """The attribute values a group's victims could all share: its cells by each attribute
    column alone and by all of them (e.g. jenis KtA; bentuk Fisik under any jenis; KtA
    Fisik), and by each part of each grouping of a column's values (`groupings`: Anak =
    Anak Laki-laki + Anak Perempuan; a value no part lists is a part of its own). A value
    or part every cell has (SIMFONI's jenis "Semua") tells nothing and is left out."""
    selections = list(dict.fromkeys([*((a,) for a in attributes), attributes]))
    labelled = [(selection, None) for selection in selections]
    for column, by_name in groupings.items():
        for _name, grouping in sorted(by_name.items()):
            part_of = {value: part for part, values in grouping.items() for value in values}
            labelled.append(((column,), part_of))
    for selection, part_of in labelled:
        where = [axis_columns.index(column) for column in selection]
        parts: dict[tuple, list[Key]] = defaultdict(list)
        for cell in cells:
            value = tuple(cell[5][i] for i in where)
            if part_of is not None:
                value = (part_of.get(value[0], value[0]),)
            parts[value].append(cell)
        if len(parts) > 1:
            structure.groups.extend((total, members) for members in parts.values())


def _count(value) -> int | None:
    if value is None or value is pd.NA or value == "":
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool | np.bool_):
        return int(value)
    if isinstance(value, str):
        return int(value) if value.strip().lstrip("-").isdigit() else None
    return int(value)


@dataclass
class Work:
    """What `protect` spent, in counts (the bounds above cap them)."""

    master_rounds: int = 0  # master programs solved, over all components
    most_rounds: int = 0  # the most master rounds one component took
    master_nodes: int = 0  # their branch-and-bound nodes, in all
    most_nodes: int = 0  # the most nodes one master solve used
    truncated: int = 0  # master solves stopped at MASTER_NODES, best pattern found taken
    widening_rounds: int = 0  # rounds after MASTER_ROUNDS: the pattern only grows
    widened: int = 0  # values withheld by those rounds
    attacker_lps: int = 0  # the attacker's linear programs (one per withheld value a round)


@dataclass
class Variable:
    index: int
    keys: list[Key]
    value: float | None
    lower: float
    upper: float
    decision: bool  # this release chooses whether to publish it
    primary: bool = False
    # A group's victims outside some attribute value (0 in truth): never published, the
    # attacker must not be able to prove it 0 (all the group's victims in that value).
    rest: bool = False
    forced: bool = False
    cost: float = 0.0
    withheld: bool = False


class Model:
    """Variables (groups of quantities that are one number) and linear rows over them."""

    def __init__(self, structures: list[Structure], threshold: int):
        self.threshold = threshold
        self.work = Work()
        self.quantities: dict[Key, Quantity] = {}
        for structure in structures:
            self.quantities.update(structure.quantities)
        parent = {key: key for key in self.quantities}

        def find(key):
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        first: dict[tuple, Key] = {}
        for structure in structures:
            for key, identity in structure.identities:
                scoped = (structure.tag, identity)
                if scoped in first:
                    parent[find(key)] = find(first[scoped])
                else:
                    first[scoped] = key
        self.identity_of = first
        groups: dict[Key, list[Key]] = defaultdict(list)
        for key in self.quantities:
            groups[find(key)].append(key)
        self.variables: list[Variable] = []
        self.var_of: dict[Key, tuple[int, float]] = {}  # key -> (variable, offset)
        for keys in groups.values():
            keys.sort()
            known = [self.quantities[k].value for k in keys if self.quantities[k].value is not None]
            base = known[0] if known else None
            lower, upper = 0.0, INF
            index = len(self.variables)
            for k in keys:
                quantity = self.quantities[k]
                offset = float(quantity.value - base) \
                    if base is not None and quantity.value is not None else 0.0
                self.var_of[k] = (index, offset)
                lower = max(lower, quantity.lower - offset)
                upper = min(upper, quantity.upper - offset)
            published = [self.quantities[k] for k in keys if self.quantities[k].published]
            current = keys[0][0] == "cur"
            decision = current and bool(published) and base is not None and (
                base > 0 or any(q.zero_hides for q in published))
            if not current and published and base is not None:
                lower = upper = float(base)  # the previous release printed it
            variable = Variable(index, keys, None if base is None else float(base), lower,
                                upper, decision)
            if decision:
                variable.primary = any(0 < (q.value or 0) < threshold for q in published)
                is_cell = any(q.is_cell for q in published)
                variable.cost = 1.0 + base * (1.0 if is_cell else TOTAL_WEIGHT)
            self.variables.append(variable)
        self.rows: list[tuple[dict[int, float], float, float]] = []  # coefficients, lo, hi
        for structure in structures:
            for relation in structure.relations:
                self._add_relation(relation, structure.tag)
        for structure in structures:
            if structure.tag == "cur":
                self._add_rests(structure)

    def _add_rests(self, structure: Structure) -> None:
        """A `rest` variable for each group whose victims all share one attribute value in
        truth (the group ≥ 1, the other parts 0): rest = group − parts, to be kept ≥ 1 at
        the attacker's maximum."""
        seen = set()
        for group, parts in structure.groups:
            terms = [(group, 1.0), *((part, -1.0) for part in parts)]
            resolved = [self._resolve(term, structure.tag) for term, _c in terms]
            if any(r is None for r in resolved):
                continue
            values = [self.variables[i].value for i, _o in resolved]
            if any(v is None for v in values):
                continue
            truth = [v + o for v, (_i, o) in zip(values, resolved, strict=True)]
            if truth[0] < 1 or abs(truth[0] - sum(truth[1:])) > EPS:
                continue
            coefficients: dict[int, float] = defaultdict(float)
            for (index, _o), (_t, c) in zip(resolved, terms, strict=True):
                coefficients[index] += c
            signature = frozenset((i, c) for i, c in coefficients.items() if abs(c) > EPS)
            if signature in seen or not signature:
                continue
            seen.add(signature)
            key = ("rest", len(seen))
            index = len(self.variables)
            self.variables.append(Variable(index, [key], 0.0, 0.0, INF, False, rest=True))
            self.var_of[key] = (index, 0.0)
            self.quantities[key] = Quantity(key, 0, False, False)
            self._add_relation(Relation([(key, 1.0), *((t, -c) for t, c in terms)], "="),
                               structure.tag)

    def _resolve(self, term: Key, tag: str) -> tuple[int, float] | None:
        if term[0] == "ref":
            key = self.identity_of.get((tag, term[1]))
            return None if key is None else self.var_of[key]
        return self.var_of[term]

    def _add_relation(self, relation: Relation, tag: str) -> None:
        coefficients: dict[int, float] = defaultdict(float)
        rhs = relation.rhs
        for term, coefficient in relation.terms:
            resolved = self._resolve(term, tag)
            if resolved is None:
                return
            index, offset = resolved
            coefficients[index] += coefficient
            rhs -= coefficient * offset
        coefficients = {i: c for i, c in coefficients.items() if abs(c) > EPS}
        if not coefficients:
            return
        self.rows.append((coefficients, rhs, rhs if relation.sense == "=" else INF))

    def link_previous(self, previous: Structure) -> bool:
        """The previous release in the model. Every value it withheld stays withheld (when
        it is not 0 now). Counts only grow between releases: each quantity of this release
        is at least the same quantity of the previous one; these links are kept only when
        this release's exact figures satisfy them (an attacker who assumed growth across a
        correction would be wrong). Returns whether the links were kept."""
        links = []
        for key in previous.quantities:
            current = ("cur", *key[1:])
            if current in self.var_of:
                (mine, my_offset), (theirs, their_offset) = self.var_of[current], \
                    self.var_of[key]
                links.append(({mine: 1.0, theirs: -1.0}, their_offset - my_offset, INF))
        for key, quantity in previous.quantities.items():
            current = ("cur", *key[1:])
            if quantity.published and quantity.value is None and current in self.var_of:
                variable = self.variables[self.var_of[current][0]]
                if variable.decision:
                    variable.forced = True
        if not links:
            return False
        before = len(self.rows)
        self.rows.extend(links)
        if not self._truth_is_feasible():
            del self.rows[before:]
            return False
        return True

    def _truth_is_feasible(self) -> bool:
        exact = [v.keys[0][0] == "cur" and v.value is not None for v in self.variables]
        lower = [v.value if known else v.lower for v, known in zip(self.variables, exact,
                                                                    strict=True)]
        upper = [v.value if known else v.upper for v, known in zip(self.variables, exact,
                                                                    strict=True)]
        solver = _lp(list(range(len(self.variables))), self.rows, lower, upper)
        solver.run()
        return solver.getModelStatus() == highspy.HighsModelStatus.kOptimal

    def components(self) -> list[list[int]]:
        """Variables linked by rows, each list sorted."""
        parent = list(range(len(self.variables)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for coefficients, _low, _high in self.rows:
            first, *others = coefficients
            for other in others:
                parent[find(other)] = find(first)
        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.variables)):
            groups[find(i)].append(i)
        return [sorted(group) for group in groups.values()]

    def requirement(self, variable: Variable) -> float:
        """The least largest value the attacker must be left for a withheld variable: a
        group's rest 1 (not provably all in one value); a withheld 0 nothing of its own
        (it is withheld for the groups); a count its protection interval."""
        if variable.rest:
            return 1.0
        if variable.value is None:
            return float(self.threshold)
        if variable.value == 0:
            return 0.0
        return float(max(self.threshold, variable.value + 1))


class ProtectionFailed(RuntimeError):
    """No release can be published: the protection model found no safe pattern."""


_QUIET = False


def _highs() -> highspy.Highs:
    """A silent solver (HiGHS prints a banner on the first one a process makes)."""
    global _QUIET
    if not _QUIET:
        with _stdout_to_devnull():
            solver = highspy.Highs()
        _QUIET = True
    else:
        solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("threads", 1)
    return solver


@contextlib.contextmanager
def _stdout_to_devnull():
    try:
        saved = os.dup(1)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _bound(value: float) -> float:
    return highspy.kHighsInf if value == INF else (-highspy.kHighsInf if value == -INF
                                                   else float(value))


def _lp(columns: list[int], rows, lower, upper, integer: bool = False) -> highspy.Highs:
    """A HiGHS model over `columns` (model variable indices) with the rows that touch them."""
    position = {column: i for i, column in enumerate(columns)}
    lp = highspy.HighsLp()
    lp.num_col_ = len(columns)
    lp.col_cost_ = np.zeros(len(columns))
    lp.col_lower_ = np.array([_bound(lower[c]) for c in columns], dtype=float)
    lp.col_upper_ = np.array([_bound(upper[c]) for c in columns], dtype=float)
    entries: list[list[tuple[int, float]]] = [[] for _ in columns]
    row_lower, row_upper = [], []
    for coefficients, low, high in rows:
        if not all(c in position for c in coefficients):
            continue
        r = len(row_lower)
        for c, value in coefficients.items():
            entries[position[c]].append((r, value))
        row_lower.append(_bound(low))
        row_upper.append(_bound(high))
    lp.num_row_ = len(row_lower)
    lp.row_lower_ = np.array(row_lower, dtype=float)
    lp.row_upper_ = np.array(row_upper, dtype=float)
    start, index, value = [0], [], []
    for column in entries:
        for r, v in column:
            index.append(r)
            value.append(v)
        start.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.array(start, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * len(columns)
    solver = _highs()
    solver.passModel(lp)
    return solver


def _solve(solver: highspy.Highs) -> highspy.HighsModelStatus:
    """Run; when presolve can only say "unbounded or infeasible", or a warm start ends
    without an answer, run again from scratch without presolve for the real one."""
    solver.run()
    status = solver.getModelStatus()
    if status in (highspy.HighsModelStatus.kUnboundedOrInfeasible,
                  highspy.HighsModelStatus.kUnknown):
        solver.clearSolver()
        solver.setOptionValue("presolve", "off")
        solver.run()
        status = solver.getModelStatus()
        solver.setOptionValue("presolve", "choose")
    return status


class Attacker:
    """Exact ranges of one component's withheld variables under a suppression pattern:
    linear programming, warm-started, and integer programming where the linear optimum is
    fractional."""

    def __init__(self, model: Model, columns: list[int]):
        self.model, self.columns = model, columns
        self.position = {c: i for i, c in enumerate(columns)}
        variables = model.variables
        lower = [v.lower for v in variables]
        upper = [v.upper for v in variables]
        self.rows = [row for row in model.rows if next(iter(row[0])) in self.position]
        self.lp = _lp(columns, self.rows, lower, upper)
        self.mip: highspy.Highs | None = None
        self.big = 1.0 + sum(abs(v.value or 0) for v in variables)

    def set_pattern(self) -> None:
        lower, upper = self._bounds()
        indices = np.arange(len(self.columns), dtype=np.int32)
        self.lp.changeColsBounds(len(indices), indices, lower, upper)
        if self.mip is not None:
            self.mip.changeColsBounds(len(indices), indices, lower, upper)

    def _bounds(self):
        lower, upper = [], []
        for column in self.columns:
            variable = self.model.variables[column]
            if variable.decision and not variable.withheld:
                lower.append(variable.value)
                upper.append(variable.value)
            else:
                lower.append(_bound(variable.lower))
                upper.append(_bound(variable.upper))
        return np.array(lower, dtype=float), np.array(upper, dtype=float)

    def _objective(self, solver: highspy.Highs, column: int, sign: float) -> None:
        cost = np.zeros(len(self.columns))
        cost[self.position[column]] = sign
        solver.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)

    def highest(self, column: int) -> tuple[float, np.ndarray | None, np.ndarray | None]:
        """(largest value, reduced costs of `min −x`, solution), linear relaxation."""
        self._objective(self.lp, column, -1.0)
        status = _solve(self.lp)
        if status == highspy.HighsModelStatus.kUnbounded:
            return INF, None, None
        if status != highspy.HighsModelStatus.kOptimal:
            raise ProtectionFailed(_("Disclosure control: the attacker's model of the release "
                                     "is {status}.",
                                     status=self.lp.modelStatusToString(status)))
        solution = self.lp.getSolution()
        return -self.lp.getInfo().objective_function_value, \
            np.array(solution.col_dual), np.array(solution.col_value)

    def exact(self, column: int, sign: float) -> float:
        """The exact integer max (sign −1) or min (sign +1) of a variable."""
        self._objective(self.lp, column, sign)
        status = _solve(self.lp)
        if status == highspy.HighsModelStatus.kUnbounded:
            return INF if sign < 0 else -INF
        if status != highspy.HighsModelStatus.kOptimal:
            raise ProtectionFailed(_("Disclosure control: the attacker's model of the release "
                                     "is {status}.",
                                     status=self.lp.modelStatusToString(status)))
        values = np.array(self.lp.getSolution().col_value)
        best = sign * self.lp.getInfo().objective_function_value
        if np.all(np.abs(values - np.round(values)) < 1e-7):
            return round(best)
        if self.mip is None:
            variables = self.model.variables
            self.mip = _lp(self.columns, self.rows, [v.lower for v in variables],
                           [v.upper for v in variables], integer=True)
            self.set_pattern()
        self._objective(self.mip, column, sign)
        status = _solve(self.mip)
        if status != highspy.HighsModelStatus.kOptimal:
            raise ProtectionFailed(_("Disclosure control: the attacker's model of the release "
                                     "is {status}.",
                                     status=self.mip.modelStatusToString(status)))
        return round(sign * self.mip.getInfo().objective_function_value)

    def cut(self, column: int, highest: float, duals: np.ndarray
            ) -> tuple[dict[int, float], float] | None:
        """A Benders cut: withholding the published values whose reduced costs block the
        target can raise its maximum. Returns ({decision variable: coefficient}, K) meaning
        Σ coefficient·s ≥ K·s_target, or None when nothing can help."""
        model = self.model
        target = model.variables[column]
        need = model.requirement(target) - highest
        coefficients, current = {}, 0.0
        for c, reduced in zip(self.columns, duals, strict=True):
            variable = model.variables[c]
            if c == column or not variable.decision or abs(reduced) < 1e-9:
                continue
            if reduced > 0:
                span = variable.value - variable.lower
            else:
                span = (self.big if variable.upper == INF else variable.upper) - variable.value
            coefficient = abs(reduced) * span
            if coefficient < 1e-9:
                continue
            coefficients[c] = coefficient
            if variable.withheld:
                current += coefficient
        if not coefficients:
            return None
        need += current
        # With binary s, a coefficient above the right-hand side says no more than it: capped,
        # the cut is the same for integer patterns and far tighter for the master's relaxation.
        return {c: min(value, need) for c, value in coefficients.items()}, need


def _master(model: Model, columns: list[int], cuts: list[tuple[dict[int, float], float, int]],
            no_goods: list[tuple[list[int], int]], max_nodes: int = MASTER_NODES) -> bool:
    """Choose the withheld decision variables of one component: least cost under the cuts,
    within `max_nodes` branch-and-bound nodes. At the limit the best pattern found is taken
    (it meets every cut; only its cost is not proven least: the attacker's check that
    follows keeps protection exact). Returns False when the master found no pattern within
    the limit (the pattern is left as it was); raises ProtectionFailed when none exists."""
    decisions = [c for c in columns if model.variables[c].decision]
    if not decisions:
        return True
    position = {c: i for i, c in enumerate(decisions)}
    solver = _highs()
    solver.setOptionValue("mip_rel_gap", 0.05)
    solver.setOptionValue("mip_max_nodes", max_nodes)
    lp = highspy.HighsLp()
    lp.num_col_ = len(decisions)
    lp.col_cost_ = np.array([model.variables[c].cost for c in decisions], dtype=float)
    lp.col_lower_ = np.array([1.0 if model.variables[c].primary or model.variables[c].forced
                              else 0.0 for c in decisions])
    lp.col_upper_ = np.ones(len(decisions))
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(decisions)
    solver.passModel(lp)
    for coefficients, need, target in cuts:
        entries = {position[c]: v for c, v in coefficients.items() if c in position}
        if target in position:
            entries[position[target]] = entries.get(position[target], 0.0) - need
            low = 0.0
        else:
            low = need
        indices = np.array(list(entries), dtype=np.int32)
        solver.addRow(low, highspy.kHighsInf, len(indices), indices,
                      np.array(list(entries.values()), dtype=float))
    for neighbours, target in no_goods:
        entries = {position[c]: 1.0 for c in neighbours if c in position}
        if target in position:
            entries[position[target]] = entries.get(position[target], 0.0) - 1.0
            low = 0.0
        else:
            low = 1.0
        indices = np.array(list(entries), dtype=np.int32)
        solver.addRow(low, highspy.kHighsInf, len(indices), indices,
                      np.array(list(entries.values()), dtype=float))
    start = _repaired(model, decisions, cuts, no_goods)
    if start is not None:
        solution = highspy.HighsSolution()
        solution.col_value = [float(value) for value in start]
        solution.value_valid = True
        solver.setSolution(solution)
    solver.run()
    status = solver.getModelStatus()
    info = solver.getInfo()
    work = model.work
    work.master_rounds += 1
    work.master_nodes += info.mip_node_count
    work.most_nodes = max(work.most_nodes, info.mip_node_count)
    if status == highspy.HighsModelStatus.kInfeasible:
        raise ProtectionFailed(_("Disclosure control: no pattern of withheld values protects "
                                 "every small count; nothing was published."))
    if status != highspy.HighsModelStatus.kOptimal:
        if info.primal_solution_status != 2:  # no feasible pattern within the limit
            return False
        work.truncated += 1
    values = solver.getSolution().col_value
    for c, value in zip(decisions, values, strict=True):
        model.variables[c].withheld = value > 0.5
    return True


def _widen(model: Model, columns: list[int],
           cuts: list[tuple[dict[int, float], float, int]],
           no_goods: list[tuple[list[int], int]]) -> None:
    """Withhold more, never less: for each cut and no-good found this round (each is
    violated by the current pattern), the cheapest published values per unit of the cut,
    until it is met; when the cut cannot be met, or for a no-good, every published value
    around the exposed one. Each call withholds at least one more value or raises
    ProtectionFailed, so the rounds that call it end after at most as many rounds as the
    component has decision variables. Deterministic: ties go to the lower index."""
    work = model.work
    work.widening_rounds += 1
    before = sum(1 for c in columns if model.variables[c].decision
                 and model.variables[c].withheld)
    constraints = [(coefficients, need, target) for coefficients, need, target in cuts]
    constraints += [({c: 1.0 for c in neighbours}, 1.0, target)
                    for neighbours, target in no_goods]
    for coefficients, need, target in constraints:
        if target >= 0 and not _targeted(model.variables[target]):
            continue
        have = sum(value for c, value in coefficients.items() if model.variables[c].withheld)
        while have < need - EPS:
            options = [c for c in coefficients if not model.variables[c].withheld]
            if not options:
                break
            best = max(options, key=lambda c: (coefficients[c] / model.variables[c].cost, -c))
            model.variables[best].withheld = True
            have += coefficients[best]
        if have < need - EPS:
            neighbours = _neighbours(model, columns, target) if target >= 0 else []
            if not neighbours:
                raise ProtectionFailed(_(
                    "Disclosure control: a withheld value cannot be protected, every "
                    "value around it is withheld already; nothing was published."))
            for c in neighbours:
                model.variables[c].withheld = True
    after = sum(1 for c in columns if model.variables[c].decision
                and model.variables[c].withheld)
    work.widened += after - before


def _repaired(model: Model, decisions: list[int],
              cuts: list[tuple[dict[int, float], float, int]],
              no_goods: list[tuple[list[int], int]]) -> list[int] | None:
    """The current pattern, with the cheapest values per unit of each violated cut added: a
    first incumbent for the master (it need not be optimal, only feasible)."""
    chosen = {c for c in decisions if model.variables[c].withheld}
    constraints = [(coefficients, need, target) for coefficients, need, target in cuts]
    constraints += [({c: 1.0 for c in neighbours}, 1.0, target)
                    for neighbours, target in no_goods]
    for _round in range(len(decisions) + 1):
        changed = False
        for coefficients, need, target in constraints:
            if target >= 0 and target not in chosen and not model.variables[target].rest:
                continue
            have = sum(value for c, value in coefficients.items() if c in chosen)
            while have < need - EPS:
                options = [c for c in coefficients if c not in chosen]
                if not options:
                    return None
                best = max(options, key=lambda c: (coefficients[c] / model.variables[c].cost,
                                                   -c))
                chosen.add(best)
                have += coefficients[best]
                changed = True
        if not changed:
            return [1 if c in chosen else 0 for c in decisions]
    return None


def _targeted(variable: Variable) -> bool:
    """Whether the attacker's bound on a variable must meet its requirement: this release's
    withheld values and the groups' rests."""
    return variable.rest or (variable.decision and variable.withheld)


def _neighbours(model: Model, columns: list[int], column: int) -> list[int]:
    """Published decision variables in a row with the target or a withheld value linked to
    it: the values whose withholding can widen its range."""
    touching: dict[int, list[int]] = defaultdict(list)
    for index, (coefficients, _low, _high) in enumerate(model.rows):
        for c in coefficients:
            touching[c].append(index)
    seen, frontier, found = {column}, [column], set()
    while frontier:
        for index in touching[frontier.pop()]:
            for other in model.rows[index][0]:
                variable = model.variables[other]
                if other in seen:
                    continue
                seen.add(other)
                if variable.decision and not variable.withheld:
                    found.add(other)
                else:
                    frontier.append(other)
    return sorted(found)


def protect(model: Model, max_rounds: int = MASTER_ROUNDS, max_nodes: int = MASTER_NODES
            ) -> Model:
    """Withhold primaries, forced values and the least costly complements that leave every
    withheld value of this release (and every value the previous one withheld) its
    protection interval against the exact attacker. In place; returns the model, its `work`
    counting what it took.

    Bounded work per component: at most `max_rounds` master programs of at most `max_nodes`
    nodes each; after them (or when a master finds no pattern within its nodes) each round
    only widens the pattern (`_widen`), which ends after at most as many rounds as there are
    values to withhold. Every round, the master's or not, is checked by the exact attacker;
    the loop ends only when it finds no withheld value exposed, or raises ProtectionFailed."""
    for variable in model.variables:
        variable.withheld = variable.decision and (variable.primary or variable.forced)
    for columns in model.components():
        if not any(model.variables[c].withheld or model.variables[c].rest for c in columns):
            continue
        attacker = Attacker(model, columns)
        cuts: list[tuple[dict[int, float], float, int]] = []
        no_goods: list[tuple[list[int], int]] = []
        rounds = widened = 0
        widening = False
        decisions = sum(1 for c in columns if model.variables[c].decision)
        while True:
            attacker.set_pattern()
            found_cuts, found_no_goods = len(cuts), len(no_goods)
            settled: set[int] = set()  # linear maximum met at an integral point: exact
            for c in columns:
                variable = model.variables[c]
                if not _targeted(variable) or model.requirement(variable) <= 0:
                    continue
                model.work.attacker_lps += 1
                highest, duals, solution = attacker.highest(c)
                if highest >= model.requirement(variable) - EPS:
                    if solution is None or np.all(np.abs(solution - np.round(solution)) < 1e-7):
                        settled.add(c)
                    continue
                found = attacker.cut(c, highest, duals)
                if found is None:
                    no_goods.append((_neighbours(model, columns, c), c))
                else:
                    cuts.append((*found, c))
            if len(cuts) == found_cuts and len(no_goods) == found_no_goods:
                exposed = exposed_in(model, attacker, columns, settled)
                if not exposed:
                    break
                for c in exposed:
                    neighbours = _neighbours(model, columns, c)
                    if not neighbours:
                        raise ProtectionFailed(_(
                            "Disclosure control: a withheld value cannot be protected, every "
                            "value around it is withheld already; nothing was published."))
                    no_goods.append((neighbours, c if model.variables[c].decision else -1))
            if not widening and rounds < max_rounds:
                rounds += 1
                model.work.most_rounds = max(model.work.most_rounds, rounds)
                widening = not _master(model, columns, cuts, no_goods, max_nodes)
                if not widening:
                    continue
            widening = True
            widened += 1
            if widened > decisions:  # each widening withholds one more value at least
                raise ProtectionFailed(_("Disclosure control did not settle on a pattern of "
                                         "withheld values; nothing was published."))
            _widen(model, columns, cuts[found_cuts:], no_goods[found_no_goods:])
    return model


def exposed_in(model: Model, attacker: Attacker, columns: list[int],
               settled: set[int] = frozenset()) -> list[int]:
    """Withheld variables (this release's, and the previous release's unknowns) whose exact
    integer range is a single value or stays below the threshold (this release's: below
    its requirement). `settled`: variables whose exact maximum is known to meet it.

    A previous release's withheld value is held to the threshold only as far as that release
    alone left it (`previous_ranges`): a release made under a lower threshold may have
    published enough to keep one of its values below today's, and nothing published now can
    widen that again; this release must only not narrow it further."""
    found = []
    alone: dict[int, tuple[float, float]] | None = None
    for c in columns:
        variable = model.variables[c]
        if _targeted(variable):
            # Its maximum reaches max(threshold, value + 1) > value ≥ its minimum (a rest: 1 >
            # its value 0): protected exactly when the integer maximum does.
            need = model.requirement(variable)
            if need > 0 and c not in settled and attacker.exact(c, -1.0) < need:
                found.append(c)
        elif _previous_unknown(model, variable):
            span = (attacker.exact(c, 1.0), attacker.exact(c, -1.0))
            if is_protected(span, model.threshold):
                continue
            if alone is None:
                alone = previous_ranges(model, columns)
            if not keeps_protection(span, alone[c], model.threshold):
                found.append(c)
    return found


def _previous_unknown(model: Model, variable: Variable) -> bool:
    return variable.keys[0][0] == "prev" and variable.value is None and any(
        model.quantities[k].published for k in variable.keys)


def previous_ranges(model: Model, columns: list[int]) -> dict[int, tuple[float, float]]:
    """The exact integer range of each value the previous release withheld (of one
    component), from the previous release's files alone: {variable: (low, high)}."""
    mine = [c for c in columns if model.variables[c].keys[0][0] == "prev"]
    attacker = Attacker(model, mine)
    attacker.set_pattern()
    return {c: (attacker.exact(c, 1.0), attacker.exact(c, -1.0)) for c in mine
            if _previous_unknown(model, model.variables[c])}


def keeps_protection(span: tuple[float, float], alone: tuple[float, float],
                     threshold: int) -> bool:
    """A previous release's withheld value, whose range is `alone` from that release's files
    and `span` with this release too, is protected as far as this release can: more than one
    value, reaching the threshold or as high as that release alone left it. A value that
    release gave away already (`alone` a single value) cannot be protected again."""
    low, high = span
    alone_low, alone_high = alone
    if alone_high <= alone_low:
        return True
    return high > low and (high == INF or high >= min(threshold, alone_high))


def is_protected(span: tuple[float, float], threshold: int) -> bool:
    """A withheld value is protected when its range holds more than one value and reaches
    the threshold."""
    low, high = span
    return high > low and (high == INF or high >= threshold)


def ranges(model: Model) -> dict[Key, tuple[float, float]]:
    """The exact integer range of every withheld quantity of this release, by key."""
    out = {}
    for columns in model.components():
        targets = [c for c in columns if model.variables[c].decision
                   and model.variables[c].withheld]
        if not targets:
            continue
        attacker = Attacker(model, columns)
        attacker.set_pattern()
        for c in targets:
            span = (attacker.exact(c, 1.0), attacker.exact(c, -1.0))
            for key in model.variables[c].keys:
                offset = model.var_of[key][1]
                out[key] = (span[0] + offset, span[1] + offset)
    return out
