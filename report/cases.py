"""Report tables 13 and 14: victims by category and cases by kind and form of violence, from
the UPTD PPA register's case marts (source = uptd)."""

from __future__ import annotations

import duckdb

from report.model import Column, Table

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
