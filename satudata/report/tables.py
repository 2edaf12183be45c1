"""Report tables 1–14 as specs: the marts each one reads, the sources whose findings touch it,
and the query + layout that turns the marts into the table as the report prints it.

A spec whose marts are not in the warehouse yet is listed on the cover sheet, never faked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from satudata.report.model import Column, Table
from satudata.report.warehouse import findings_for, has_table, source_files

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

    def table(self, con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
        table = self.build(con, year) if self.build else None
        if table is None:
            return None
        table.number, table.title = self.number, self.title.format(year=year)
        table.sources = table.sources or [f"marts.{mart}" for mart in self.marts]
        files = source_files(con, year, self.finding_sources)
        if files:
            table.sources = [*table.sources, "berkas " + ", ".join(files)]
        table.findings = findings_for(con, year, self.finding_sources, self.finding_checks)
        return table


# --- cases (UPTD PPA register) -------------------------------------------------------------

# The report's column order; categories the register adds later follow these.
KATEGORI = {
    "Perempuan Dewasa": ("Kategori", "Perempuan dewasa"),
    "Laki-laki Dewasa": ("Kategori", "Laki-laki dewasa"),
    "Anak Laki-laki": ("Kategori", "Anak", "Laki-laki"),
    "Anak Perempuan": ("Kategori", "Anak", "Perempuan"),
}
JENIS = ["KtA", "KtP", "KDRT", "Lainnya"]
BENTUK = ["Fisik", "Psikis", "Penelantaran", "Pemerkosaan", "Pelecehan Seksual", "Persetubuhan",
          "Perampasan Hak Asuh", "Ingkar Janji Menikah", "TPPO", "Pembuangan Bayi", "Lainnya"]


def _order(value: str, known: list[str]) -> tuple[int, str]:
    return (known.index(value) if value in known else len(known), value)


def table_13(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
    rows = con.execute(
        "select bulan, nama_bulan, kategori_korban, jumlah_korban "
        "from marts.mart_cases_monthly_by_kategori where source = 'uptd' and tahun = ?",
        [year],
    ).fetchall()
    if not rows:
        return None
    kategori = sorted({row[2] for row in rows}, key=lambda k: _order(k, list(KATEGORI)))
    months = sorted({(row[0], row[1]) for row in rows})
    counts = {(bulan, k): n for bulan, _, k, n in rows}
    columns = [Column(("No",), "int"), Column(("Bulan",), "text")]
    columns += [Column(KATEGORI.get(k, ("Kategori", k))) for k in kategori]
    columns.append(Column(("Total",)))
    body = []
    for bulan, nama in months:
        values = [int(counts.get((bulan, k), 0)) for k in kategori]
        body.append([bulan, nama, *values, sum(values)])
    total = ["Total", None, *(sum(row[i] for row in body) for i in range(2, len(columns)))]
    return Table("13", "", columns, body, total)


def table_14(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
    rows = con.execute(
        "select bulan, nama_bulan, jenis_kekerasan, bentuk_kekerasan, jumlah_kasus "
        "from marts.mart_cases_monthly_by_bentuk where source = 'uptd' and tahun = ?",
        [year],
    ).fetchall()
    if not rows:
        return None
    rows.sort(key=lambda r: (r[0], _order(r[2], JENIS), _order(r[3], BENTUK)))
    columns = [Column(("No",), "int"), Column(("Bulan",), "text"),
               Column(("Jenis Kekerasan",), "text"), Column(("Bentuk Kekerasan",), "text"),
               Column(("Jumlah (Kasus)",))]
    body = [[bulan, nama, jenis, bentuk, int(n)] for bulan, nama, jenis, bentuk, n in rows]
    total = ["Total", None, None, None, sum(row[4] for row in body)]
    return Table("14", "", columns, body, total, merge_down=3)


CASE_YEARS = ("select distinct tahun from marts.mart_cases_monthly_by_kategori "
              "where source = 'uptd'")

# Tables whose marts are still being built on other branches: listed, not faked.
PENDING = "select null"

SPECS: list[TableSpec] = [
    TableSpec("1", "ASN DP3A Provinsi NTT berdasarkan bidang tugas",
              ("mart_staff_by_bidang",), PENDING, None, ("asn",)),
    TableSpec("2", "ASN DP3A Provinsi NTT berdasarkan tingkat pendidikan",
              ("mart_staff_by_pendidikan",), PENDING, None, ("asn",)),
    TableSpec("3", "ASN DP3A Provinsi NTT berdasarkan kepangkatan/ golongan",
              ("mart_staff_by_golongan",), PENDING, None, ("asn",)),
    TableSpec("4", "ASN DP3A Provinsi NTT berdasarkan Jabatan Struktural dan Fungsional "
              "Tahun {year}", ("mart_staff_by_jabatan",), PENDING, None, ("asn",)),
    TableSpec("6", "Alokasi dan Realisasi Anggaran APBD DP3A Tahun {year}",
              ("mart_budget_absorption",), PENDING, None, ("anggaran",)),
    TableSpec("7", "Realisasi Belanja Program Perlindungan Perempuan dari DAK NF",
              ("mart_budget_absorption",), PENDING, None, ("anggaran",)),
    TableSpec("8", "Pagu dan Realisasi Belanja Program Perlindungan Khusus Anak dari DAK NF",
              ("mart_budget_absorption",), PENDING, None, ("anggaran",)),
    TableSpec("9", "Indikator Kinerja Perangkat Daerah dan Capaian Tahun {year}",
              ("mart_performance_indicators",), PENDING, None, ("indikator",)),
    TableSpec("12", "Capaian target indicator kinerja bidang Kualitas Hidup Perempuan "
              "tahun {year}", ("mart_performance_indicators",), PENDING, None, ("indikator",)),
    TableSpec("13", "Perincian Korban berdasarkan Kategori Perempuan dewasa dan anak",
              ("mart_cases_monthly_by_kategori",), CASE_YEARS, table_13, ("uptd",)),
    TableSpec("14", "Perincian Kasus Kekerasan yang dilayani oleh UPTD PPA Provinsi NTT",
              ("mart_cases_monthly_by_bentuk",),
              "select distinct tahun from marts.mart_cases_monthly_by_bentuk "
              "where source = 'uptd'", table_14, ("uptd",)),
]


def mart_names() -> set[str]:
    """Every mart some table reads (the Dagster asset's upstream)."""
    return {mart for spec in SPECS for mart in spec.marts}
