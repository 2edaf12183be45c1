"""What every raw table shares, and how a Pandera verdict becomes quarantine reasons."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from core.reference import canonical_values
from schemas.issue import Issue


def vocab(domain: str) -> dict:
    """Field options that restrict a column to a vocabulary of `ref_vocabulary.csv`."""
    return {"isin": list(canonical_values(domain))}


def list_in_vocab(series: pd.Series, domain: str) -> pd.Series:
    allowed = set(canonical_values(domain))
    # Judged once per distinct list (a few hundred), then matched back to the rows.
    unknown = [value for value in series.dropna().unique()
               if not set(value.split(";")) <= allowed]
    return ~series.isin(unknown)


def first_occurrence(series: pd.Series) -> pd.Series:
    """An id may appear once in a file; later repeats are the ones quarantined."""
    return series.isna() | ~series.duplicated(keep="first")


def not_in_future(series: pd.Series) -> pd.Series:
    return series.isna() | (series <= pd.Timestamp(dt.date.today()))


class RawTable(pa.DataFrameModel):
    """Lineage every raw row carries: the row number in its landing file."""

    row: Series[int] = pa.Field(alias="_row", ge=1)

    class Config:
        strict = "filter"
        coerce = True


# Checks that compare two columns are reported against the column an officer must fix.
ROW_CHECK_COLUMNS: dict[str, str] = {
    "tanggal_kejadian_not_after_tanggal_lapor": "tanggal_kejadian",
    "jenis_matches_kelompok": "jenis",
    "kode_rekening_matches_kelompok": "kode_rekening",
    "line_month_once": "bulan",
    "negative_realisasi_is_correction": "realisasi",
    "nip_required_for_asn": "nip_hmac",
    "golongan_required_for_asn": "golongan",
    "tanggal_lahir_before_tanggal_data": "tanggal_lahir",
    "kabupaten_once_per_tahun": "kabupaten_kota_kode",
    "kode_indikator_once_per_tahun": "kode_indikator",
    "pembilang_with_penyebut": "penyebut",
}

_REASONS = {
    "not_nullable": "a value is required",
    "unique_in_file": "duplicate id: the same id appears earlier in the file",
    "not_in_future": "the date is in the future",
    "tanggal_kejadian_not_after_tanggal_lapor": "tanggal_kejadian is after tanggal_lapor",
    "jenis_matches_kelompok": "this jenis belongs to the other kelompok (Belanja/Pendapatan)",
    "kode_rekening_matches_kelompok": "a Belanja line needs a sub kegiatan code "
                                      "(2.08.03.1.01.0001), a Pendapatan line a revenue "
                                      "account (4.1.02.01)",
    "line_month_once": "duplicate line: this kode rekening, sumber dana and jenis already "
                       "has a row for this month",
    "negative_realisasi_is_correction": "a negative realisasi is accepted only as a "
                                        "correction of earlier months, but it takes the "
                                        "line's realisasi so far below zero",
    "nip_required_for_asn": "a NIP is required for PNS and PPPK staff",
    "golongan_required_for_asn": "a golongan is required for PNS and PPPK staff",
    "tanggal_lahir_before_tanggal_data": "tanggal_lahir is not before tanggal_data",
    "kabupaten_once_per_tahun": "the kabupaten/kota appears earlier in the file for this year",
    "kode_indikator_once_per_tahun": "the indicator code appears earlier in the file for this "
                                     "year",
    "pembilang_with_penyebut": "pembilang and penyebut go together: give both or neither",
}


def _reason(check: str, value: object) -> str:
    if check in _REASONS:
        return _REASONS[check]
    if check.endswith("_in_vocabulary"):
        return f"'{value}' holds a value outside the vocabulary"
    if check.startswith("isin("):
        return f"'{value}' is not one of the allowed values"
    if check.startswith("greater_than_or_equal_to(") or check.startswith("in_range("):
        return f"{value} is out of range ({check})"
    if check.startswith("less_than_or_equal_to("):
        return f"{value} is out of range ({check})"
    return f"'{value}' fails the rule {check}"


def validate(
    frame: pd.DataFrame,
    schema: type[pa.DataFrameModel],
    original: pd.DataFrame,
    labels: dict[str, str] | None = None,
) -> list[Issue]:
    """Run the schema lazily and return one `Issue` per failing cell.

    `original` holds the text cells as read (canonical column names), so the quarantine shows
    what the officer typed; `labels` maps raw-table column names back to landing names.
    """
    labels = labels or {}
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    issues: list[Issue] = []
    for case in cases.itertuples(index=False):
        check = str(case.check)
        column = ROW_CHECK_COLUMNS.get(check, case.column)
        index = case.index
        if index is None or pd.isna(index):
            raise ValueError(f"{schema.__name__}: a table-wide rule failed: {check}")
        index = int(index)
        landing = labels.get(column, column)
        if landing in original:
            shown = original.at[index, landing]
        elif check in ROW_CHECK_COLUMNS:
            # A row check reports every column's value; none of them is the cell to fix.
            shown = ""
        else:
            shown = case.failure_case
        shown = "" if shown is None or (not isinstance(shown, str) and pd.isna(shown)) else shown
        row = int(frame.at[index, "_row"])
        issue = Issue(row=row, column=landing, value=str(shown).strip(),
                      reason=_reason(check, case.failure_case))
        if issue not in issues:
            issues.append(issue)
    return issues
