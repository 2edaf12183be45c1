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
from report.documents import source_title
from report.html import write_html
from report.model import UNCERTAIN, Table, month_name, uncertain_note
from report.warehouse import findings_for, has_table, stated_totals

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


@dataclass(frozen=True)
class AnnexYear:
    """The year the pipeline builds the annex for, and why (`annex_year`)."""

    year: int | None  # None: no year that is over has report data
    # Every monthly source of `year` is reported through December.
    complete: bool = False
    # Why `year` is partial, when it is (reader's language): "anggaran sampai Maret".
    partial: str = ""
    # Newer years that are over but were passed over, each with why (reader's language).
    skipped: list[tuple[int, str]] = field(default_factory=list)

    def describe(self) -> str:
        """What a person reads about the choice, in their language."""
        if self.year is None:
            return _("No year that is over has report data in the warehouse yet.")
        if not self.complete:
            return _("{year}: no year that is over is reported through December by every "
                     "monthly source, so the latest is built, its tables labelled with the "
                     "months they cover ({why}).", year=self.year, why=self.partial)
        if not self.skipped:
            return _("{year}: the latest year that is over; every monthly source is reported "
                     "through December.", year=self.year)
        return _("{year}: the latest year that is over whose monthly sources are all "
                 "reported through December. Skipped: {skipped}.", year=self.year,
                 skipped="; ".join(f"{year} ({why})" for year, why in self.skipped))


def annex_sources() -> tuple[str, ...]:
    """The landing sources the annex's tables and charts draw their figures from."""
    return tuple(sorted({source for spec in table_specs.SPECS for source in spec.finding_sources}
                        | {source for spec in chart_specs.SPECS for source in spec.sources}))


def partial_years(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Year → which of the annex's monthly sources are not reported through December for it,
    in words ("Baris realisasi anggaran … baru dilaporkan sampai Maret"; the reader's
    language).

    The evidence is `marts.mart_source_coverage`: per source and year, the last month the
    current extracts cover (a month still in progress when the extract was loaded is not
    covered). A source the annex draws figures from (`annex_sources`) and reports per month
    (`satuan_periode = 'bulan'`: the UPTD register, the budget's realisation) that does not
    cover January through December (`is_tahun_penuh`) leaves its year partial; a roster (one
    date) and annual sources (KLA, indicators) never do, a source with no data for a year
    says nothing about it (a year whose every row was quarantined is named so: its data is
    held back), and a source no annex figure comes from (SIMFONI-PPA today) does not hold
    the annex back. Empty when the mart is not built."""
    if not has_table(con, "marts", "mart_source_coverage"):
        return {}
    sources = annex_sources()
    partial: dict[int, list[str]] = {}
    # The mart's own rule of a whole year (`is_tahun_penuh`: January through December), as
    # the partial-period labels of the tables read it (`report.warehouse.partial_period`).
    columns = {name for (name, *_rest) in con.execute(
        "describe marts.mart_source_coverage").fetchall()}
    held = ("jumlah_baris = 0 and coalesce(baris_dikarantina, 0) > 0"
            if "baris_dikarantina" in columns else "false")
    for source, year, first, last, all_quarantined in con.execute(
            f"select source, tahun, bulan_awal, bulan_akhir, {held} "
            "from marts.mart_source_coverage "
            "where satuan_periode = 'bulan' and not is_tahun_penuh "
            f"and source in ({', '.join('?' for _source in sources)}) "
            "order by tahun, source", list(sources)).fetchall():
        title = source_title(source)
        if all_quarantined:
            why = _("every row of {source} was quarantined, none loaded", source=title)
        elif not last:
            why = _("{source} covers no month that had ended when it was loaded", source=title)
        elif first > 1:
            why = _("{source} reported only from {first} through {month}", source=title,
                    first=month_name(first), month=month_name(last))
        else:
            why = _("{source} reported only through {month}", source=title,
                    month=month_name(last))
        partial.setdefault(int(year), []).append(why)
    return {year: ", ".join(parts) for year, parts in partial.items()}


def annex_year(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> AnnexYear:
    """The year the annex is built for: the latest year that is over (before `today`'s,
    default today) for which the warehouse holds report data and whose monthly sources are
    all reported through December (`partial_years`), with the newer past years skipped and
    why. When no past year is complete, the latest past year, marked not complete (its
    tables and charts are labelled with the months they cover, "Januari–Maret 2023")."""
    today = today or dt.date.today()
    past = sorted((year for year in years_held(con) if year < today.year), reverse=True)
    if not past:
        return AnnexYear(None)
    partial = partial_years(con)
    for index, year in enumerate(past):
        if year not in partial:
            return AnnexYear(year, complete=True,
                             skipped=[(newer, partial[newer]) for newer in past[:index]])
    return AnnexYear(past[0], complete=False, partial=partial[past[0]])


def latest_complete_year(con: duckdb.DuckDBPyConnection,
                         today: dt.date | None = None) -> int | None:
    """The year `annex_year` chooses (None when no year that is over has report data)."""
    return annex_year(con, today).year


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
        add_lower_bound_note,
        apply_release,
        mark_internal_html,
        mark_internal_workbook,
        published_release,
        quarantined_months,
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
    else:  # exact counts, but those of months quarantined rows may belong to are no less so
        months = quarantined_months(con, year)
        for table in built:
            add_lower_bound_note(table, year, months)
    for table in built:  # the key to `?` (a count not yet certain), in either form
        if any(UNCERTAIN in row for row in [*table.rows, table.total or []]):
            table.notes.append(uncertain_note())
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
