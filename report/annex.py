"""Build the annex of one year: every report table the warehouse can give, the charts, the
workbook and the HTML page. Reads the database it is handed; never writes to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from core.i18n import N_, _
from report import cases
from report import charts as chart_specs
from report import tables as table_specs
from report.html import write_html
from report.model import Table
from report.warehouse import findings_for, stated_totals

TITLE = N_("Statistical annex to the annual report of DP3A NTT Province, {year}")
FINDING_SOURCES = ("uptd", "simfoni", "anggaran", "asn", "kla", "indikator")


class NoDataForYear(Exception):
    """The warehouse holds nothing any report table could show for the year."""

    def __init__(self, year: int, years: list[int]):
        held = ", ".join(map(str, years)) if years else _("none")
        super().__init__(_("The warehouse holds no report data for {year} (years it holds: "
                           "{held}); no annex was written.", year=year, held=held))
        self.year, self.years = year, years


@dataclass
class Annex:
    year: int
    folder: Path
    workbook: Path
    html: Path
    tables: list[Table]
    charts: list[chart_specs.Chart]
    missing: list[tuple[str, str]] = field(default_factory=list)  # (table, why)

    @property
    def files(self) -> list[Path]:
        return [self.workbook, self.html, *(c.png for c in self.charts),
                *(c.svg for c in self.charts)]


def years_held(con: duckdb.DuckDBPyConnection) -> list[int]:
    return sorted(set().union(*(spec.years(con) for spec in table_specs.SPECS)))


def latest_complete_year(con: duckdb.DuckDBPyConnection,
                         today: dt.date | None = None) -> int | None:
    """The latest year that is over and that the warehouse holds report data for."""
    today = today or dt.date.today()
    past = [year for year in years_held(con) if year < today.year]
    return max(past) if past else None


def build_annex(con: duckdb.DuckDBPyConnection, year: int, folder: Path, *,
                public: bool = True, exports: Path | None = None) -> Annex:
    """Write the workbook, charts and HTML page of `year` into `folder`.

    `public` (the default): the form the office publishes, its victim counts protected as
    the Satu Data release is (`exports`: where the release is, for the previous one); else
    the exact internal form, marked RAHASIA (report.disclosure).

    Raises NoDataForYear, before writing anything, when no table has data for the year.
    """
    from report.disclosure import (
        INTERNAL_MARK,
        apply_release,
        mark_internal_html,
        mark_internal_workbook,
        published_release,
    )
    from report.workbook import write_workbook

    built: list[Table] = []
    cover: list[tuple[str, str, str]] = []
    missing: list[tuple[str, str]] = []
    for spec in table_specs.SPECS:
        title = spec.heading(year)
        if spec.reason is not None:
            why = _(spec.reason)
        elif not spec.available(con):
            why = _("not produced yet: its data is not in the warehouse")
        else:
            table = spec.table(con, year, public=public)
            if table is not None:
                built.append(table)
                cover.append((spec.number, title, _("sheet '{sheet}'", sheet=table.sheet)))
                continue
            why = _("no data for {year} in the warehouse", year=year)
        cover.append((spec.number, title, why))
        missing.append((spec.number, why))
    if not built:
        raise NoDataForYear(year, years_held(con))
    cases.compare_13_and_14({table.number: table for table in built},
                            stated_totals(con, year, "uptd"))
    if public:
        apply_release(built, published_release(con, exports), year)
    findings = findings_for(con, year, FINDING_SOURCES, public=public)
    title = _(TITLE, year=year)
    provenance = _("Made on {date} from the Satu Data PPA NTT warehouse.",
                   date=dt.datetime.now().strftime("%d-%m-%Y %H:%M"))
    folder.mkdir(parents=True, exist_ok=True)
    drawn = chart_specs.draw_charts(con, year, {t.number: t for t in built}, folder / "grafik",
                                    mark=None if public else INTERNAL_MARK)
    workbook = write_workbook(folder / f"lampiran_statistik_{year}.xlsx", title, cover, built,
                              findings, provenance)
    html = write_html(folder / f"lampiran_statistik_{year}.html", title, provenance, cover,
                      built, drawn, findings)
    if not public:
        mark_internal_workbook(workbook)
        mark_internal_html(html)
    return Annex(year, folder, workbook, html, built, drawn, missing)
