"""Report tables 1–4 (ASN by unit, education, golongan and position, men and women) and
tables 9 and 12 (Renstra indicators), from the staff and indicator marts."""

from __future__ import annotations

import duckdb

from core.i18n import _
from report.model import Column, Table

DIMENSI = {"1": "unit_kerja", "2": "pendidikan", "3": "golongan", "4": "kelompok_jabatan"}
# How the report words a category the roster codes.
PENDIDIKAN = {"S3": "Doktor (S3)", "S2": "Pasca Sarjana (S2)", "S1": "Sarjana (S1)",
              "D4": "Diploma IV", "D3": "Diploma III", "D2": "Diploma II", "D1": "Diploma I"}
PANGKAT = {
    "IV/e": "Pembina Utama", "IV/d": "Pembina Utama Madya", "IV/c": "Pembina Utama Muda",
    "IV/b": "Pembina Tingkat I", "IV/a": "Pembina", "III/d": "Penata Tingkat I",
    "III/c": "Penata", "III/b": "Penata Muda Tingkat I", "III/a": "Penata Muda",
    "II/d": "Pengatur Tingkat I", "II/c": "Pengatur", "II/b": "Pengatur Muda Tingkat I",
    "II/a": "Pengatur Muda", "I/d": "Juru Tingkat I", "I/c": "Juru", "I/b": "Juru Muda Tingkat I",
    "I/a": "Juru Muda",
}


def _uraian(dimensi: str, kategori: str) -> str:
    if dimensi == "pendidikan":
        return PENDIDIKAN.get(kategori, kategori)
    if dimensi == "golongan":
        return f"{PANGKAT[kategori]} ({kategori})" if kategori in PANGKAT else kategori
    return kategori


def staff_table(number: str):
    """Builder of report table 1, 2, 3 or 4: the year's last roster snapshot, ASN only."""
    dimensi = DIMENSI[number]

    def build(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
        rows = con.execute(
            "select kategori, laki_laki, perempuan, total, persen "
            "from marts.mart_staff_composition where kelompok_pegawai = 'ASN' and dimensi = ? "
            "and snapshot_date = (select max(snapshot_date) from marts.mart_staff_composition "
            "where tahun = ? and kelompok_pegawai = 'ASN') "
            "and (total > 0 or tabel_laporan is not null) order by urutan, kategori",
            [dimensi, year],
        ).fetchall()
        if not rows:
            return None
        group = _("Number of ASN")
        columns = [Column((_("No"),)), Column((_("Item"),), "text"),
                   Column((group, _("M"))), Column((group, _("F"))),
                   Column((group, _("Total")))]
        with_share = number == "2"  # the report gives the share of each education level
        if with_share:
            columns.append(Column((group, "%"), "pct"))
        body = []
        for index, (kategori, men, women, total, share) in enumerate(rows, 1):
            row = [index, _uraian(dimensi, kategori), int(men), int(women), int(total)]
            body.append(row + [float(share)] if with_share else row)
        total = [_("TOTAL"), None, *(sum(row[i] for row in body) for i in (2, 3, 4))]
        if with_share:
            total.append(100.0)
        snapshot = con.execute(
            "select max(snapshot_date) from marts.mart_staff_composition where tahun = ?",
            [year]).fetchone()[0]
        return Table("", "", columns, body, total,
                     notes=[_("The staff roster as of {date}.",
                              date=snapshot.strftime("%d-%m-%Y"))])

    return build


def indicator_table(sumber_tabel: str):
    """Builder of report table 9 or 12: target and realisation as reported."""

    def build(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
        rows = con.execute(
            "select program, indikator, satuan, target, realisasi_dilaporkan, "
            "capaian_target_pct, pembilang, penyebut from marts.mart_performance_indicators "
            "where tahun = ? and sumber_tabel = ? order by source_row, kode_indikator",
            [year, sumber_tabel],
        ).fetchall()
        if not rows:
            return None
        columns = [Column((_("Programme"),), "text"), Column((_("Indicator"),), "text"),
                   Column((_("Unit"),), "text"),
                   Column((_("Target {year}", year=year),), "decimal"),
                   Column((_("Realisation {year}", year=year),), "decimal"),
                   Column((_("Achievement (%)"),), "pct"), Column((_("Numerator"),), "decimal"),
                   Column((_("Denominator"),), "decimal")]
        body = [[program, indikator, satuan, *(_number(v) for v in numbers)]
                for program, indikator, satuan, *numbers in rows]
        return Table("", "", columns, body, None, merge_down=1, notes=[
            _("Achievement = realisation ÷ target × 100. Numerator/denominator: the base "
              "figures the field reports, where there are any.")])

    return build


def _number(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value
