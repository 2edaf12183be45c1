"""The raw layer of a DuckDB warehouse as Parquet, the way a distributed engine reads it.

`export_raw(warehouse, root)` writes every raw table the dbt models read (the dbt sources
`raw.<table>`; of the case quarantines only where each quarantined cell lies and its month)
under `root/<table>/`: a source's rows one folder per slice,
`period_year=YYYY/part-0.parquet` (Hive-style, so Spark and DuckDB find the year in the path;
a file that spans years, as KLA and indicator files may, has no period_year and goes to Hive's
`__HIVE_DEFAULT_PARTITION__`), the ledger and the findings as one file each. A slice is written
into a hidden staging folder and renamed into place; the ledger is written last, so a reader
that goes by the ledger never meets a file id whose rows are missing. See docs/distributed.md
for what a deployment changes.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import duckdb

# Rows of a source come in slices (one landing file per source and year); the ledger and the
# reconciliation findings are small and rewritten whole.
SLICED = ("simfoni", "uptd", "anggaran", "asn", "kla", "indikator")
WHOLE = ("ingest_findings", "ingest_ledger")  # the ledger last
# The quarantines a model reads (marts.fct_quarantined_case_months): the place and month of
# each quarantined cell, never its value or reason (which stay with the ingest).
QUARANTINES = ("simfoni_quarantine", "uptd_quarantine")
QUARANTINE_COLUMNS = ("ingest_id, sheet_number, source_row, row_month_key, row_region_code, "
                      "row_kept")


def _quote(text: str | Path) -> str:
    return str(text).replace("'", "''")


NO_YEAR = "__HIVE_DEFAULT_PARTITION__"


def write_slice(con: duckdb.DuckDBPyConnection, root: Path, table: str, year: int | None,
                select: str) -> Path:
    """Write one (table, period_year) slice from `select` (a query without period_year) and
    swap it in: the new folder is complete before it takes the slice's name."""
    final = root / table / f"period_year={NO_YEAR if year is None else year}"
    staging = root / table / f".staging-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True)
    con.execute(f"copy ({select}) to '{_quote(staging / 'part-0.parquet')}' (format parquet)")
    if final.exists():
        retired = root / table / f".retired-{uuid.uuid4().hex[:8]}"
        os.replace(final, retired)
        os.replace(staging, final)
        shutil.rmtree(retired)
    else:
        os.replace(staging, final)
    return final


def write_whole(con: duckdb.DuckDBPyConnection, root: Path, table: str, select: str) -> Path:
    folder = root / table
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".part-{uuid.uuid4().hex[:8]}.parquet"
    con.execute(f"copy ({select}) to '{_quote(partial)}' (format parquet)")
    final = folder / "part-0.parquet"
    os.replace(partial, final)
    return final


def export_raw(warehouse: Path, root: Path) -> dict[str, int]:
    """Every raw table the models read, from `warehouse` (read-only) to Parquet under `root`.
    Returns the rows written per table."""
    written: dict[str, int] = {}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for table in SLICED:
            years = [year for (year,) in con.execute(
                f"select distinct period_year from raw.{table} order by 1").fetchall()]
            for year in years:
                where = "is null" if year is None else f"= {int(year)}"
                write_slice(con, root, table, year,
                            f"select * exclude (period_year) from raw.{table} "
                            f"where period_year {where}")
            written[table] = con.execute(f"select count(*) from raw.{table}").fetchall()[0][0]
        for table in QUARANTINES:
            write_whole(con, root, table, f"select {QUARANTINE_COLUMNS} from raw.{table}")
            written[table] = con.execute(f"select count(*) from raw.{table}").fetchall()[0][0]
        for table in WHOLE:
            write_whole(con, root, table, f"select * from raw.{table}")
            written[table] = con.execute(f"select count(*) from raw.{table}").fetchall()[0][0]
    finally:
        con.close()
    return written
