"""Turn a chunk of text cells into typed columns, collecting what could not be read.

Each distinct value is parsed once (dates, regions and vocabularies repeat a lot), so the cost
grows with the number of distinct values rather than rows. A value that cannot be read becomes
missing in the typed frame and an `Issue` naming the file row, column, value and reason.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ingest import parse
from ingest.privacy import pseudonymise
from ingest.reference import canonicalise, regions
from ingest.spec import ColumnSpec, SourceSpec

LIST_SEPARATOR = re.compile(r"\s*[;,]\s*")


@dataclass(frozen=True)
class Issue:
    """A cell that breaks a rule (the row is quarantined), or, when `check` names a
    reconciliation, a finding about a row that still loads (e.g. a NIP that contradicts it)."""

    row: int
    column: str
    value: str
    reason: str
    check: str | None = None

    @property
    def is_finding(self) -> bool:
        return self.check is not None


class _Failed:
    def __init__(self, reason: str) -> None:
        self.reason = reason


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


def _reader(column: ColumnSpec, source: str) -> Callable[[object], object]:
    if column.type == "id":
        return lambda value: None if parse.is_blank(value) else pseudonymise(source, str(value))
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


def normalise(frame: pd.DataFrame, spec: SourceSpec) -> tuple[pd.DataFrame, list[Issue]]:
    """Typed frame (raw-table column names, plus `_row`) and the cells that could not be read."""
    issues: list[Issue] = []
    typed = pd.DataFrame(index=frame.index)
    for column in spec.columns:
        if column.derived or column.name not in frame:
            typed[column.output] = pd.Series(pd.NA, index=frame.index, dtype="object")
            continue
        cells = frame[column.name]
        read = _reader(column, spec.name)
        lookup: dict[object, object] = {}
        unreadable: list[object] = []
        for value in pd.unique(cells):
            key = value
            try:
                parse.check_not_excel_error(value)
                lookup[key] = read(value)
            except ValueError as error:
                lookup[key] = _Failed(str(error))
                unreadable.append(key)
        values = cells.map(lookup.__getitem__)
        # Unreadable values are rare and never blank: find their rows by value, not per row.
        if unreadable:
            failed = cells.isin(unreadable)
            for index in failed[failed].index:
                issues.append(
                    Issue(
                        row=int(frame.at[index, "_row"]),
                        column=column.name,
                        value=_display(cells.at[index]) if column.type != "id" else "",
                        reason=values.at[index].reason,
                    )
                )
            values = values.where(~failed, None)
        dtype = _DTYPES.get(column.type, "string")
        if column.type == "date":
            values = pd.to_datetime(values, errors="coerce")
        typed[column.output] = values.astype(dtype)
    typed["_row"] = frame["_row"].astype("int64")
    derive = _derive_hook(spec.name)
    if derive is not None:
        typed, more = derive(typed, frame)
        issues += more
    return typed, issues


def _derive_hook(source: str):
    """`ingest/<source>.py` may define `derive(typed, frame) -> (typed, issues)`: columns
    computed from what was read (a NIP's birth date, a kode rekening's program), still
    before validation, with the text cells of `frame` at hand. Issues with a `check` are
    findings: the loader records them in `raw.ingest_findings` and keeps the row."""
    try:
        module = importlib.import_module(f"ingest.{source}")
    except ModuleNotFoundError as error:
        if error.name != f"ingest.{source}":
            raise
        return None
    return getattr(module, "derive", None)
