"""The Pandera field layer of every raw table, built from `sources.yml`: per column its type,
nullability (required columns may not be empty), vocabulary, range, "not in the future" and
"once per file". The one declaration of a raw column is there; rules across columns are the
`RULES` of `schemas/<source>.py`."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pandas as pd
import pandera.pandas as pa

from core.reference import canonical_values
from schemas.spec import ColumnSpec, source

DTYPES = {"date": "datetime64[s]", "int": "Int64", "number": "Float64"}


def list_in_vocab(series: pd.Series, domain: str) -> pd.Series:
    """Each `;`-joined list holds only values of the vocabulary (judged once per distinct
    list, a few hundred, then matched back to the rows)."""
    allowed = set(canonical_values(domain))
    unknown = [value for value in series.dropna().unique()
               if not set(value.split(";")) <= allowed]
    return ~series.isin(unknown)


def first_occurrence(series: pd.Series) -> pd.Series:
    """A value may appear once in a file; later repeats are the ones refused."""
    return series.isna() | ~series.duplicated(keep="first")


def not_in_future(series: pd.Series) -> pd.Series:
    return series.isna() | (series <= pd.Timestamp(dt.date.today()))


def allowed_values(column: ColumnSpec) -> tuple[str, ...]:
    """The values a vocabulary column (or a derived column with `values`) may hold."""
    if column.values:
        return column.values
    if column.type in ("vocab", "vocab_list") and column.domain:
        return canonical_values(column.domain)
    return ()


def _in_vocabulary(series: pd.Series, allowed: set[str], levels: tuple[str, ...]
                   ) -> pd.Series:
    """Each value is allowed (or, with `levels`, an allowed value with a level), judged once
    per distinct value."""
    known = series.isna() | series.isin(allowed)
    if levels and not known.all():
        leveled = {value for value in series[~known].unique()
                   if _with_level(value, allowed, levels)}
        known |= series.isin(leveled)
    return known


def _with_level(value: object, allowed: set[str], levels: tuple[str, ...]) -> bool:
    """`Analis Kebijakan Ahli Muda`: an allowed value followed by one of its levels."""
    if not isinstance(value, str):
        return False
    return any(value.endswith(" " + level) and value[: -len(level) - 1] in allowed
               for level in levels)


def _checks(column: ColumnSpec) -> list[pa.Check]:
    """The field checks of one column; each check's name says which rule it is."""
    checks = []
    if column.type == "vocab" or column.values:
        allowed = set(allowed_values(column))
        levels = canonical_values(column.levels) if column.levels else ()
        checks.append(pa.Check(lambda series: _in_vocabulary(series, allowed, levels),
                               name="allowed_values", error="allowed_values"))
    if column.type == "vocab_list":
        checks.append(pa.Check(lambda series, domain=column.domain: list_in_vocab(
            series, domain), name="allowed_values", error="allowed_values"))
    if column.minimum is not None:
        checks.append(pa.Check.ge(column.minimum, name="minimum", error="minimum"))
    if column.maximum is not None:
        checks.append(pa.Check.le(column.maximum, name="maximum", error="maximum"))
    if column.above is not None:
        checks.append(pa.Check.gt(column.above, name="above", error="above"))
    if column.not_in_future:
        checks.append(pa.Check(not_in_future, name="not_in_future", error="not_in_future"))
    return checks


@cache
def field_schema(source_name: str) -> pa.DataFrameSchema:
    """The field layer of `raw.<source_name>` as a Pandera schema over the typed frame (raw
    column names, plus `_row`)."""
    spec = source(source_name)
    columns = {"_row": pa.Column("int64", pa.Check.ge(1, name="minimum"))}
    for column in spec.columns:
        checks = _checks(column)
        if column.unique or column.name == spec.key:
            checks.append(pa.Check(first_occurrence, name="unique_in_file",
                                   error="unique_in_file"))
        columns[column.output] = pa.Column(
            DTYPES.get(column.type, "string"), checks=checks,
            nullable=not column.required, coerce=True, required=False,
        )
    return pa.DataFrameSchema(columns, strict=False, name=f"raw.{source_name} fields")


def column_of_output(source_name: str) -> dict[str, ColumnSpec]:
    """Raw column name → its declaration."""
    return {column.output: column for column in source(source_name).columns}
