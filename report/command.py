"""`satudata report --year YYYY [--out DIR]`: open the analytics file (or the warehouse)
read-only, build the annex, say where it is; a year without data exits 1 and writes nothing.
The reports folder and the analytics file must be the warehouse's own (core.owner):
core.owner.ForeignOutput otherwise, before anything is written.

While another program holds the file it waits like every command, within
`SATUDATA_WAIT_SECONDS` (`core.duckdb_files.connect`), telling `on_wait` whom it waits for;
`core.duckdb_files.GaveUp` once that is spent."""

from __future__ import annotations

from pathlib import Path

from core import owner
from core.config import Settings
from core.duckdb_files import OnWait, connect
from core.i18n import _, number
from publish.analytics import versions_folder
from report.annex import NoDataForYear, build_annex
from report.model import table_label
from report.warehouse import has_table

EXIT_OK, EXIT_FAILED = 0, 1


def report_database(settings: Settings, on_wait: OnWait | None = None) -> Path | None:
    """The published analytics file when it holds the marts, else the warehouse.
    core.owner.ForeignOutput when the analytics file is another warehouse's: its figures are
    not this warehouse's."""
    if settings.analytics.exists():
        owner.check(versions_folder(settings.analytics), settings.warehouse, owner.ANALYTICS,
                    settings.analytics)
    for candidate in (settings.analytics, settings.warehouse):
        if candidate.exists():
            con = connect(candidate, read_only=True, on_wait=on_wait)
            try:
                if has_table(con, "marts", "mart_cases_monthly_by_kategori"):
                    return candidate
            finally:
                con.close()
    return None


def report(settings: Settings, year: int, out: str | None, internal: bool = False,
           on_wait: OnWait | None = None) -> int:
    """The public annex (its victim counts protected as the exports are), or with `internal`
    the exact one, marked RAHASIA, in its own folder (`reports/rahasia-<year>/`)."""
    database = report_database(settings, on_wait)
    if database is None:
        print(_("No warehouse with marts at {warehouse} (or {analytics}): run `satudata run` "
                "first.", warehouse=settings.warehouse, analytics=settings.analytics))
        return EXIT_FAILED
    default = settings.reports / (f"rahasia-{year}" if internal else str(year))
    folder = Path(out).expanduser().resolve() if out else default
    # The reports folder is the warehouse's; a folder given with --out is the person's,
    # unless it is (or lies in) another warehouse's output.
    ours = folder.parent.resolve() == settings.reports.resolve()
    if ours:
        owner.check(settings.reports, settings.warehouse, owner.REPORTS)
    else:
        owner.check_chosen(folder, settings.warehouse, owner.REPORTS)
    con = connect(database, read_only=True, on_wait=on_wait)
    try:
        annex = build_annex(con, year, folder, public=not internal, exports=settings.exports)
    except NoDataForYear as error:
        print(error)
        return EXIT_FAILED
    finally:
        con.close()
    if ours:
        owner.claim(settings.reports, settings.warehouse, owner.REPORTS)
    print(_("Annual-report annex {year} from {database}:", year=year, database=database))
    for table in annex.tables:
        print("  " + _("{caption} ({rows} rows, {findings} finding(s))", caption=table.caption,
                       rows=number(len(table.rows)), findings=number(len(table.findings))))
    for number_, why in annex.missing:
        print(f"  {table_label(number_)}: {why}")
    print(_("Workbook: {path}", path=annex.workbook))
    print(_("HTML:     {path}", path=annex.html))
    if annex.charts:
        print(_("Charts:   {count} × PNG + SVG in {folder}", count=len(annex.charts),
                folder=annex.charts[0].png.parent))
    return EXIT_OK
