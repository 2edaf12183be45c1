"""How the field layer and a source's rules across columns become `Issue`s.

`validate_fields` runs `schemas.fields.field_schema` lazily and returns one issue per failing
cell; `validate_rules` runs a source's `RULES` (each a Pandera check over the whole frame
with its own column and reason). The loader runs the fields first, empties the failing cells
of optional columns (the row stays), then the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import pandas as pd
import pandera.pandas as pa

from core.i18n import _
from core.suggest import closest
from schemas.fields import allowed_values, column_of_output, field_schema
from schemas.issue import Issue

# A vocabulary of at most this many values is listed in the reason, in the office's words:
# every closed vocabulary a register or roster writes by hand (the UPTD forms of violence,
# 11; the units, 12; the golongan, 34: `III/e` was refused naming only the seed's domain,
# and the officer could not see `III/d` and `IV/a` are the grades); a longer one (the
# jabatan, which the officer writes by its name) is named.
SHOWN_CHOICES = 40


@dataclass(frozen=True)
class Rule:
    """A rule across columns: `check(frame)` is True for the rows that keep it; a row that
    breaks it is quarantined with `reason` (an English msgid, translated when reported)
    against `column`, the one an officer must fix. `reads`: the other columns it compares
    (a cell of them that could not be read explains the failure, so the rule says nothing
    more about that row). `unavailable`: the rule's columns go together (both or neither),
    and one written as a figure not available (BPS's `…`: `ingest.figure_marks`) breaks it
    with the others filled: the row is kept, the others stored empty, each flagged with
    this reason (an English msgid of `{sign}`, the sign as written)."""

    name: str
    column: str
    reason: str
    check: Callable[[pd.DataFrame], pd.Series]
    reads: tuple[str, ...] = ()
    unavailable: str = ""


def validate_fields(frame: pd.DataFrame, source_name: str,
                    original: pd.DataFrame | None = None) -> list[Issue]:
    """One issue per cell of `frame` (typed, raw column names, `_row`) that breaks its
    column's declaration; `original` holds the text cells as read (canonical names), so
    the issue carries what the officer typed. Issues of optional columns keep the row,
    unless the row depends on the column (`defines_row`)."""
    try:
        field_schema(source_name).validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    declared = column_of_output(source_name)
    issues: list[Issue] = []
    seen = set()
    first_rows: dict[str, pd.Series] = {}  # per id column: the first row of each id
    for case in cases.itertuples(index=False):
        if case.index is None or pd.isna(case.index) or case.column not in declared:
            raise ValueError(f"raw.{source_name}: a table-wide rule failed: {case.check}")
        column = declared[case.column]
        index = int(case.index)
        row = int(frame.at[index, "_row"])
        if (row, column.name) in seen:
            continue
        seen.add((row, column.name))
        shown = _shown(original, index, column.name, case.failure_case)
        # A repeated id is the same record twice, never a cell to empty; a cell of a column
        # the row depends on (`defines_row`: a KLA predikat, whose empty cell means Belum)
        # is never emptied either.
        row_kept = (not (column.required or column.defines_row)
                    and str(case.check) != "unique_in_file")
        reason = _field_reason(str(case.check), column, shown)
        if str(case.check) == "unique_in_file":
            # The id is pseudonymised by now: its value would be found nowhere in the file,
            # so the row that holds it first is named instead, and no value is kept.
            if case.column not in first_rows:
                first_rows[case.column] = frame.groupby(case.column)["_row"].min()
            first = int(first_rows[case.column][frame.at[index, case.column]])
            shown, reason = "", _("duplicate id: the same id as row {row}", row=first)
        issues.append(Issue(row=row, column=column.name, value=shown, reason=reason,
                            row_kept=row_kept))
    return issues


def validate_rules(frame: pd.DataFrame, rules: list[Rule],
                   earlier: list[Issue] | None = None,
                   original: pd.DataFrame | None = None,
                   unavailable: Mapping[tuple[int, str], str] | None = None) -> list[Issue]:
    """One issue per row of `frame` that breaks one of `rules`, against the rule's column
    (with its text as read, from `original`, when there is one). With the `earlier` issues
    of the frame, no follow-on error: a rule broken because a cell it reads could not be
    read says nothing more; a flagged optional cell the rule needs (a PNS's unreadable
    golongan) quarantines its row instead (the `earlier` issue is replaced in place).
    `unavailable` maps (row, column) to the sign of a figure not available read there as
    empty: a rule of `Rule.unavailable` broken by one keeps its row (its filled columns
    flagged, row kept, value not kept: the loader stores them empty)."""
    earlier = earlier if earlier is not None else []
    unavailable = unavailable or {}
    by_cell: dict[tuple[int, str], list[int]] = {}
    for at, issue in enumerate(earlier):
        by_cell.setdefault((issue.row, issue.column), []).append(at)
    issues = []
    for rule in rules:
        kept = rule.check(frame)
        broken = ~kept.fillna(False).astype(bool)
        for index, row in frame.loc[broken, "_row"].items():
            row = int(row)
            columns = (rule.column, *rule.reads)
            signs = [unavailable[(row, column)] for column in columns
                     if (row, column) in unavailable]
            if rule.unavailable and signs:
                issues += [Issue(row=row, column=column,
                                 value=_shown(original, index, column, frame.at[index, column]),
                                 reason=_(rule.unavailable, sign=signs[0]), row_kept=True)
                           for column in columns if (row, column) not in unavailable
                           and not pd.isna(frame.at[index, column])]
                continue
            known = [at for column in (rule.column, *rule.reads)
                     for at in by_cell.get((row, column), [])]
            if not known:
                issues.append(Issue(row=row, column=rule.column,
                                    value=_shown(original, index, rule.column, None),
                                    reason=_(rule.reason)))
                continue
            for at in known:
                if earlier[at].row_kept:
                    earlier[at] = replace(earlier[at], row_kept=False, value_kept=False)
    return issues


def rules_schema(rules: list[Rule], name: str) -> pa.DataFrameSchema:
    """The rules as a Pandera schema (what the asset checks and the docs show)."""
    return pa.DataFrameSchema(checks=[pa.Check(rule.check, name=rule.name) for rule in rules],
                              name=name)


def _shown(original: pd.DataFrame | None, index: int, name: str, failure: object) -> str:
    if original is not None and name in original:
        value = original.at[index, name]
    else:
        value = failure
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _field_reason(check: str, column, shown: str) -> str:
    if check == "not_nullable":
        return _("a value is required")
    if check == "not_in_future":
        return _("the date is in the future")
    if check == "minimum":
        return _("out of range: the lowest allowed is {minimum}", minimum=_number(column.minimum))
    if check == "maximum":
        return _("out of range: the highest allowed is {maximum}",
                 maximum=_number(column.maximum))
    if check == "above":
        return _("out of range: must be above {above}", above=_number(column.above))
    if check == "allowed_values":
        return allowed_reason(column, shown)
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        return _("not a value of the column's type")
    return _("breaks the rule {check}", check=check)


def allowed_reason(column, shown: str) -> str:
    """Why a value is outside its vocabulary: the allowed values when they are few, and the
    one it most likely meant ("maksud Anda …?")."""
    allowed = allowed_values(column)
    if len(allowed) <= SHOWN_CHOICES:
        reason = _("not one of the allowed values: {allowed}", allowed=", ".join(allowed))
    else:
        reason = _("not one of the allowed values (ref_vocabulary.csv, domain {domain})",
                   domain=column.domain)
    candidates = [item for value in str(shown).split(";") for item in [value.strip()] if item]
    meant = [closest(item, allowed) for item in candidates if item not in allowed]
    meant = [value for value in meant if value]
    if meant:
        reason += " " + _("(is {value} meant?)", value=", ".join(dict.fromkeys(meant)))
    return reason


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)
