"""`satudata report --year YYYY [--out DIR]`: open the analytics file (or the warehouse)
read-only, build the annex, say where it is; a year without data exits 1 and writes nothing."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from satudata.config import Settings
from satudata.report.annex import NoDataForYear, build_annex
from satudata.report.warehouse import has_table

EXIT_OK, EXIT_FAILED = 0, 1


def report_database(settings: Settings) -> Path | None:
    """The published analytics file when it holds the marts, else the warehouse."""
    for candidate in (settings.analytics, settings.warehouse):
        if candidate.exists():
            con = connect_read_only(candidate)
            try:
                if has_table(con, "marts", "mart_cases_monthly_by_kategori"):
                    return candidate
            finally:
                con.close()
    return None


def connect_read_only(path: Path, wait_seconds: int = 60) -> duckdb.DuckDBPyConnection:
    """Read-only, waiting while a pipeline run holds the file's write lock."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path), read_only=True,
                                  config={"autoinstall_known_extensions": False,
                                          "autoload_known_extensions": False})
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(1)


def report(settings: Settings, year: int, out: str | None) -> int:
    database = report_database(settings)
    if database is None:
        print(f"No warehouse with marts at {settings.warehouse} (or {settings.analytics}): "
              "run `satudata run` first.")
        return EXIT_FAILED
    folder = Path(out).expanduser().resolve() if out else settings.reports / str(year)
    con = connect_read_only(database)
    try:
        annex = build_annex(con, year, folder, provenance=str(database))
    except NoDataForYear as error:
        print(error)
        return EXIT_FAILED
    finally:
        con.close()
    print(f"Annual-report annex {year} from {database}:")
    for table in annex.tables:
        print(f"  {table.caption} ({len(table.rows)} rows, {len(table.findings)} finding(s))")
    for number, why in annex.missing:
        print(f"  Tabel {number}: {why}")
    print(f"Workbook: {annex.workbook}\nHTML:     {annex.html}\n"
          f"Charts:   {len(annex.charts)} × PNG + SVG in {annex.charts[0].png.parent}"
          if annex.charts else f"Workbook: {annex.workbook}\nHTML:     {annex.html}")
    return EXIT_OK
