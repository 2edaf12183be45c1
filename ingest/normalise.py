"""Turn a chunk of text cells into typed columns, collecting what could not be read.

Each distinct value is parsed once (dates, regions and vocabularies repeat a lot), so the cost
grows with the number of distinct values rather than rows. A value that cannot be read becomes
missing in the typed frame and an `Issue` naming the file row, column, value and reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from core.reference import canonicalise, regions
from ingest import parse
from ingest.hooks import derive_hook
from ingest.privacy import pseudonymise
from schemas.issue import Issue
from schemas.spec import ColumnSpec, SourceSpec

LIST_SEPARATOR = re.compile(r"\s*[;,]\s*")


def _display(value: object) -> str:
    if parse.is_blank(value):
        return ""
    return str(value).strip()


def _text(value: object) -> str | None:
    return None if parse.is_blank(value) else str(value).strip()


def _vocab_list(domain: str) -> Callable[[object], str | None]:
    def read(value: object) -> str | None:
        if parse.is_blank(value):
            return None
        items = [canonicalise(domain, item) for item in LIST_SEPARATOR.split(str(value))]
        return ";".join(dict.fromkeys(item for item in items if item))

    return read


def _reader(column: ColumnSpec) -> Callable[[object], object]:
    if column.type == "date":
        return parse.parse_date
    if column.type == "int":
        return parse.parse_int
    if column.type == "number":
        return parse.parse_number
    if column.type == "vocab":
        domain = column.domain
        return lambda value: None if parse.is_blank(value) else canonicalise(domain, value)
    if column.type == "vocab_list":
        return _vocab_list(column.domain)
    if column.type == "region":
        resolver = regions()
        return lambda value: (
            None if parse.is_blank(value) else resolver.resolve(value).kode_kemendagri
        )
    if column.type == "text":
        return _text
    raise ValueError(f"unknown column type '{column.type}' for {column.name}")


_DTYPES = {
    "date": "datetime64[s]",
    "int": "Int64",
    "number": "Float64",
}


def _distinct_values(
    cells: pd.Series, read: Callable[[object], object]
) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Parse each distinct value once and give every row its value's result; a value that
    cannot be read becomes missing, and (position, reason) for each of its rows."""
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    parsed = np.empty(len(distinct), dtype=object)
    reasons: dict[int, str] = {}
    for position, value in enumerate(distinct):
        try:
            parse.check_not_excel_error(value)
            parsed[position] = read(value)
        except ValueError as error:
            reasons[position] = str(error)
    values = pd.Series(parsed[codes], index=cells.index, dtype=object)
    failed = np.flatnonzero(np.isin(codes, list(reasons))) if reasons else []
    return values, [(int(at), reasons[codes[at]]) for at in failed]


def _identifiers(cells: pd.Series, namespace: str) -> tuple[pd.Series, list[tuple[int, str]]]:
    """Ids are all distinct: judged and pseudonymised column-wise, never one by one."""
    stripped = cells.astype("str").str.strip()
    blank = stripped.isna() | stripped.isin(parse.BLANK_TEXTS)
    broken = stripped.str.upper().isin(list(parse.EXCEL_ERRORS)).to_numpy()
    failures = []
    for at in np.flatnonzero(broken):
        try:
            parse.check_not_excel_error(cells.iat[at])
        except ValueError as error:
            failures.append((int(at), str(error)))
    values = pseudonymise(namespace, cells.where(~blank & ~broken))
    return values, failures


def normalise(frame: pd.DataFrame, spec: SourceSpec) -> tuple[pd.DataFrame, list[Issue]]:
    """Typed frame (raw-table column names, plus `_row`) and the cells that could not be read."""
    issues: list[Issue] = []
    typed = pd.DataFrame(index=frame.index)
    for column in spec.columns:
        if column.derived or column.name not in frame:
            typed[column.output] = pd.Series(pd.NA, index=frame.index, dtype="object")
            continue
        cells = frame[column.name]
        if column.type == "id":
            values, failures = _identifiers(cells, spec.name)
        else:
            values, failures = _distinct_values(cells, _reader(column))
        for at, reason in failures:
            issues.append(Issue(
                row=int(frame["_row"].iat[at]),
                column=column.name,
                value=_display(cells.iat[at]) if column.type != "id" else "",
                reason=reason,
            ))
        dtype = _DTYPES.get(column.type, "string")
        if column.type == "date":
            values = pd.to_datetime(values, errors="coerce")
        typed[column.output] = values.astype(dtype)
    typed["_row"] = frame["_row"].astype("int64")
    derive = derive_hook(spec.name)
    if derive is not None:
        typed, more = derive(typed, frame)
        issues += more
    return typed, issues
