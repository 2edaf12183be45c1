"""`satudata report --year YYYY [--out DIR]`: open the analytics file (or the warehouse)
read-only, build the annex, say where it is; a year without data exits 1 and writes nothing."""

from __future__ import annotations

from pathlib import Path

from core.config import Settings
from core.duckdb_files import connect
from report.annex import NoDataForYear, build_annex
from report.warehouse import has_table

EXIT_OK, EXIT_FAILED = 0, 1


def report_database(settings: Settings) -> Path | None:
    """The published analytics file when it holds the marts, else the warehouse."""
    for candidate in (settings.analytics, settings.warehouse):
        if candidate.exists():
            con = connect(candidate, read_only=True, wait_seconds=60)
            try:
                if has_table(con, "marts", "mart_cases_monthly_by_kategori"):
                    return candidate
            finally:
                con.close()
    return None


def report(settings: Settings, year: int, out: str | None, internal: bool = False) -> int:
    """The public annex (its victim counts protected as the exports are), or with `internal`
    the exact one, marked RAHASIA, in its own folder (`reports/rahasia-<year>/`)."""
    database = report_database(settings)
    if database is None:
        print(f"No warehouse with marts at {settings.warehouse} (or {settings.analytics}): "
              "run `satudata run` first.")
        return EXIT_FAILED
    default = settings.reports / (f"rahasia-{year}" if internal else str(year))
    folder = Path(out).expanduser().resolve() if out else default
    con = connect(database, read_only=True, wait_seconds=60)
    try:
        annex = build_annex(con, year, folder, provenance=str(database), public=not internal,
                            exports=settings.exports)
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
