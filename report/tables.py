"""Report tables 1–14 as specs: the marts each one reads, the sources whose findings touch it,
and the query + layout that turns the marts into the table as the report prints it.

A spec whose marts are not in the warehouse yet is listed on the cover sheet, never faked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from report import budget, cases, staff
from report.model import Table
from report.warehouse import findings_for, has_table, source_files

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
        table.number, table.title = self.number, self.title.format(year=year)
        table.sources = table.sources or [f"marts.{mart}" for mart in self.marts]
        # File names are officers' free text: never in the public form.
        files = [] if public else source_files(con, year, self.finding_sources)
        if files:
            table.sources = [*table.sources, "berkas " + ", ".join(files)]
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

SPECS: list[TableSpec] = [
    *(TableSpec(number, title, ("mart_staff_composition",), STAFF_YEARS,
                staff.staff_table(number), ("asn",))
      for number, title in (
          ("1", "ASN DP3A Provinsi NTT berdasarkan bidang tugas"),
          ("2", "ASN DP3A Provinsi NTT berdasarkan tingkat pendidikan"),
          ("3", "ASN DP3A Provinsi NTT berdasarkan kepangkatan/ golongan"),
          ("4", "ASN DP3A Provinsi NTT berdasarkan Jabatan Struktural dan Fungsional "
                "Tahun {year}"))),
    TableSpec("Bab II", "Ringkasan alokasi dan realisasi anggaran belanja dan pendapatan "
              "DP3A Tahun {year}", ("mart_budget_summary",),
              "select distinct tahun from marts.mart_budget_summary", budget.table_bab_2,
              BUDGET),
    TableSpec("6", "Alokasi dan Realisasi Anggaran APBD DP3A Tahun {year}",
              ("mart_budget_absorption_by_sub_kegiatan",), BUDGET_YEARS, budget.table_6,
              BUDGET),
    TableSpec("7", "Realisasi Belanja Program Perlindungan Perempuan dari DAK NF",
              ("mart_budget_absorption_by_sub_kegiatan",), BUDGET_YEARS, budget.table_7,
              BUDGET),
    TableSpec("8", "Pagu dan Realisasi Belanja Program Perlindungan Khusus Anak dari DAK NF",
              ("mart_budget_absorption_by_sub_kegiatan",), BUDGET_YEARS, budget.table_8,
              BUDGET),
    TableSpec("8b", "Pergeseran dan perubahan anggaran dalam P-DPA DP3A {year}",
              ("mart_budget_pergeseran",),
              "select distinct tahun from marts.mart_budget_pergeseran",
              budget.table_pergeseran, BUDGET),
    TableSpec("9", "Indikator Kinerja Perangkat Daerah dan Capaian Tahun {year}",
              ("mart_performance_indicators",), INDICATOR_YEARS.format(table="Tabel 9"),
              staff.indicator_table("Tabel 9"), ("indikator",)),
    TableSpec("12", "Capaian target indicator kinerja bidang Kualitas Hidup Perempuan "
              "tahun {year}", ("mart_performance_indicators",),
              INDICATOR_YEARS.format(table="Tabel 12"), staff.indicator_table("Tabel 12"),
              ("indikator",)),
    TableSpec("13", "Perincian Korban berdasarkan Kategori Perempuan dewasa dan anak",
              ("mart_cases_monthly_by_kategori",), CASE_YEARS, cases.table_13, ("uptd",)),
    TableSpec("14", "Perincian Kasus Kekerasan yang dilayani oleh UPTD PPA Provinsi NTT",
              ("mart_cases_monthly_by_bentuk",),
              "select distinct tahun from marts.mart_cases_monthly_by_bentuk "
              "where source = 'uptd'", cases.table_14, ("uptd",)),
]


def mart_names() -> set[str]:
    """Every mart some table reads (the Dagster asset's upstream)."""
    return {mart for spec in SPECS for mart in spec.marts}
