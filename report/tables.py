"""Report tables 1–14 as specs: the marts each one reads, the sources whose findings touch it,
and the query + layout that turns the marts into the table as the report prints it.

A spec whose marts are not in the warehouse yet is listed on the cover sheet, never faked;
so are the report's tables no source of the warehouse holds (`reason` says why). Titles are
marked messages: the English text is the msgid, the report's own wording its Indonesian.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from core.i18n import N_, _
from report import budget, cases, staff
from report.documents import document
from report.model import Table
from report.warehouse import findings_for, has_table, partial_period, source_files

# A table of a year its source has not reported in full says so, in its title and a note.
PARTIAL_NOTE = N_("The data covers {period} only: the later months of {year} are not reported "
                  "yet, so these figures are not the totals of the whole year.")

Builder = Callable[[duckdb.DuckDBPyConnection, int], "Table | None"]


@dataclass(frozen=True)
class TableSpec:
    number: str
    title: str
    marts: tuple[str, ...]
    # SQL giving the distinct years the table can be built for (empty when marts missing).
    years_sql: str
    build: Builder | None
    finding_sources: tuple[str, ...] = ()
    finding_checks: tuple[str, ...] | None = None
    # Why the annex never produces this table (no source holds its data); None for the rest.
    reason: str | None = None

    def heading(self, year: int) -> str:
        return _(self.title, year=year)

    def available(self, con: duckdb.DuckDBPyConnection) -> bool:
        return self.build is not None and all(has_table(con, "marts", m) for m in self.marts)

    def years(self, con: duckdb.DuckDBPyConnection) -> set[int]:
        if not self.available(con):
            return set()
        return {int(year) for (year,) in con.execute(self.years_sql).fetchall()
                if year is not None}

    def table(self, con: duckdb.DuckDBPyConnection, year: int,
              public: bool = False) -> Table | None:
        table = self.build(con, year) if self.build else None
        if table is None:
            return None
        table.number, table.title = self.number, self.heading(year)
        period = partial_period(con, year, self.finding_sources)
        if period is not None:
            table.title = _("{title} (data {period})", title=table.title, period=period)
            table.notes = [*table.notes, _(PARTIAL_NOTE, period=period, year=year)]
        # File names are officers' free text: never in the public form.
        files = {} if public else source_files(con, year, self.finding_sources)
        table.sources = table.sources or [
            document(name, year, files.get(name, [])) for name in self.finding_sources]
        table.findings = findings_for(con, year, self.finding_sources, self.finding_checks,
                                      self.number, public=public)
        return table


CASE_YEARS = ("select distinct tahun from marts.mart_cases_monthly_by_kategori "
              "where source = 'uptd'")

STAFF_YEARS = ("select distinct tahun from marts.mart_staff_composition "
               "where kelompok_pegawai = 'ASN'")
INDICATOR_YEARS = ("select distinct tahun from marts.mart_performance_indicators "
                   "where sumber_tabel = '{table}'")

BUDGET_YEARS = "select distinct tahun from marts.mart_budget_absorption_by_sub_kegiatan"
BUDGET = ("anggaran",)



def _not_produced(number: str, title: str, reason: str) -> TableSpec:
    return TableSpec(number, title, (), "", None, reason=reason)


SPECS: list[TableSpec] = [
    *(TableSpec(number, title, ("mart_staff_composition",), STAFF_YEARS,
                staff.staff_table(number), ("asn",))
      for number, title in (
          ("1", N_("ASN of DP3A NTT Province by field of duty")),
          ("2", N_("ASN of DP3A NTT Province by level of education")),
          ("3", N_("ASN of DP3A NTT Province by rank/grade")),
          ("4", N_("ASN of DP3A NTT Province by structural and functional position, "
                   "{year}")))),
    _not_produced("5", N_("Office facilities and infrastructure"),
                  N_("not produced: the office's inventory of goods (vehicles, computers, "
                     "furniture) is not a source of the warehouse")),
    TableSpec("Bab II", N_("Summary of the allocation and realisation of DP3A's spending and "
                           "revenue budget, {year}"), ("mart_budget_summary",),
              "select distinct tahun from marts.mart_budget_summary", budget.table_bab_2,
              BUDGET),
    TableSpec("6", N_("Allocation and realisation of DP3A's APBD budget, {year}"),
              ("mart_budget_absorption_by_sub_kegiatan",), BUDGET_YEARS, budget.table_6,
              BUDGET),
    TableSpec("7", N_("Spending of the Women's Protection Programme from DAK NF"),
              ("mart_budget_absorption_by_sub_kegiatan",), BUDGET_YEARS, budget.table_7,
              BUDGET),
    TableSpec("8", N_("Ceiling and spending of the Special Child Protection Programme from "
                      "DAK NF"),
              ("mart_budget_absorption_by_sub_kegiatan",), BUDGET_YEARS, budget.table_8,
              BUDGET),
    TableSpec("8b", N_("Shifts and changes of the budget in DP3A's P-DPA {year}"),
              ("mart_budget_pergeseran",),
              "select distinct tahun from marts.mart_budget_pergeseran",
              budget.table_pergeseran, BUDGET),
    TableSpec("9", N_("Performance indicators of the regional office and their achievement, "
                      "{year}"),
              ("mart_performance_indicators",), INDICATOR_YEARS.format(table="Tabel 9"),
              staff.indicator_table("Tabel 9"), ("indikator",)),
    _not_produced("10", N_("Activities of the Special Child Protection field to prevent "
                           "violence against children, {year}"),
                  N_("not produced: a list of activities the field writes for the report; "
                     "no source of the warehouse holds it")),
    _not_produced("11", N_("Indicators of a Child-Friendly District/City"),
                  N_("not produced: the 24 indicators in five clusters are the fixed text of "
                     "the national KLA rules, not data; the KLA scores per kabupaten/kota "
                     "are in the KLA chart")),
    TableSpec("12", N_("Achievement of the performance indicator targets of the Women's "
                       "Quality of Life field, {year}"), ("mart_performance_indicators",),
              INDICATOR_YEARS.format(table="Tabel 12"), staff.indicator_table("Tabel 12"),
              ("indikator",)),
    TableSpec("13", N_("Victims by category: adult women and children"),
              ("mart_cases_monthly_by_kategori",), CASE_YEARS, cases.table_13, ("uptd",)),
    TableSpec("14", N_("Cases of violence served by the UPTD PPA of NTT Province"),
              ("mart_cases_monthly_by_bentuk",),
              "select distinct tahun from marts.mart_cases_monthly_by_bentuk "
              "where source = 'uptd'", cases.table_14, ("uptd",)),
]


def mart_names() -> set[str]:
    """Every mart some table reads (the Dagster asset's upstream)."""
    return {mart for spec in SPECS for mart in spec.marts}
