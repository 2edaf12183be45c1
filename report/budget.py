"""Bab II of the report: tables 6, 7 and 8 (pagu and realisasi per sub kegiatan of one
program), the P-DPA pergeseran table (printed as a second "Tabel 8") and the Bab II totals,
from the budget marts. Amounts are whole rupiah; percentages have two decimals."""

from __future__ import annotations

import duckdb

from core.i18n import N_, _
from report.model import Column, Table, format_id

PENUNJANG, PEREMPUAN, KHUSUS_ANAK = "2.08.01", "2.08.03", "2.08.07"
DAK_NF = N_("Protection of Women and Children (DAK NF-PPA)")


def _pct(part, whole) -> float | None:
    return round(float(part) / float(whole) * 100, 2) if whole else None


def _lines(con: duckdb.DuckDBPyConnection, year: int, program: str) -> list[tuple]:
    """The program's sub kegiatan with a ceiling in force, every fund together, in code order:
    (nama_kegiatan, nama_sub_kegiatan, pagu, realisasi, sisa, realisasi_pct, sisa_pct)."""
    return con.execute(
        "select nama_kegiatan, nama_sub_kegiatan, pagu, realisasi, sisa, realisasi_pct, "
        "sisa_pct from marts.mart_budget_absorption_by_sub_kegiatan "
        "where tahun = ? and program_kode = ? and pagu > 0 order by sub_kegiatan_key",
        [year, program],
    ).fetchall()


def _fund_lines(con: duckdb.DuckDBPyConnection, year: int, program: str,
                fund: str) -> list[tuple]:
    """As `_lines`, but only the spending lines paid from `fund` (a sumber_dana key such as
    'DAK NF'): a sub kegiatan that also has PAD lines counts its DAK NF lines only, one with
    no DAK NF line is not listed. Rupiah; percentages with two decimals."""
    rows = con.execute(
        "select any_value(nama_kegiatan), any_value(nama_sub_kegiatan), sum(pagu), "
        "sum(realisasi) from marts.mart_budget_absorption "
        "where tahun = ? and program_kode = ? and sumber_dana = ? "
        "group by sub_kegiatan_key having sum(pagu) > 0 order by sub_kegiatan_key",
        [year, program, fund],
    ).fetchall()
    return [(kegiatan, sub, pagu, realisasi, pagu - realisasi, _pct(realisasi, pagu),
             _pct(pagu - realisasi, pagu))
            for kegiatan, sub, pagu, realisasi in rows]


def table_6(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
    lines = _lines(con, year, PENUNJANG)
    if not lines:
        return None
    columns = [Column((_("Kegiatan"),), "text"), Column((_("Sub kegiatan"),), "text"),
               Column((_("Budget ceiling"),), "money"), Column((_("Realisation"),), "money"),
               Column((_("Remainder"),), "money"), Column(("%",), "pct")]
    # The report's "%" here is the sisa's share of the pagu (55,30 = 1.361.000 / 2.461.000).
    body = [[kegiatan, sub, int(pagu), int(realisasi), int(sisa), float(sisa_pct)]
            for kegiatan, sub, pagu, realisasi, sisa, _, sisa_pct in lines]
    pagu, realisasi, sisa = (sum(row[i] for row in body) for i in (2, 3, 4))
    total = [_("Sum"), None, pagu, realisasi, sisa, _pct(sisa, pagu)]
    return Table("6", "", columns, body, total, merge_down=1,
                 notes=[_("The % column = remainder ÷ ceiling × 100, as in the report.")])


def _dak_table(con: duckdb.DuckDBPyConnection, year: int, program: str) -> Table | None:
    """Tables 7 and 8: the program's spending from DAK NF, as the report titles them; the
    program's lines paid from another fund are in table Bab II's fund rows, not here."""
    lines = _fund_lines(con, year, program, "DAK NF")
    if not lines:
        return None
    columns = [Column((_("Kegiatan"),), "text"), Column((_("Sub kegiatan"),), "text"),
               Column((_("Ceiling"),), "money"), Column((_("Realisation"),), "money"),
               Column((_("% realised"),), "pct"), Column((_("Remainder"),), "money"),
               Column((_("% remaining"),), "pct")]
    body = [[kegiatan, sub, int(pagu), int(realisasi), float(realisasi_pct), int(sisa),
             float(sisa_pct)]
            for kegiatan, sub, pagu, realisasi, sisa, realisasi_pct, sisa_pct in lines]
    pagu, realisasi, sisa = (sum(row[i] for row in body) for i in (2, 3, 5))
    total = [_("Sum"), None, pagu, realisasi, _pct(realisasi, pagu), sisa, _pct(sisa, pagu)]
    return Table("", "", columns, body, total, merge_down=1, sections={0: _(DAK_NF)})


def table_7(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
    return _dak_table(con, year, PEREMPUAN)


def table_8(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
    return _dak_table(con, year, KHUSUS_ANAK)


def table_pergeseran(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
    rows = con.execute(
        "select nama_program, kegiatan_kode, nama_kegiatan, nama_sub_kegiatan, pagu_murni, "
        "pergeseran, pagu_perubahan from marts.mart_budget_pergeseran "
        "where tahun = ? and kelompok = 'Belanja' order by sub_kegiatan_key", [year],
    ).fetchall()
    if not rows:
        return None
    columns = [Column((_("No"),), "text"), Column((_("Kegiatan"),), "text"),
               Column((_("Sub kegiatan"),), "text"),
               Column((_("Original budget (Rp)"),), "money"),
               Column((_("Shift (Rp)"),), "money"),
               Column((_("Revised budget (Rp)"),), "money")]
    body, sections, numbers = [], {}, {}
    for program, kegiatan_kode, kegiatan, sub, murni, pergeseran, perubahan in rows:
        if program not in numbers:
            sections[len(body)] = program
            numbers[program] = {}
        number = numbers[program].setdefault(kegiatan_kode, len(numbers[program]) + 1)
        body.append([f"{number}.", kegiatan, sub, int(murni), int(pergeseran), int(perubahan)])
    total = [_("Total spending"), None, None,
             *(sum(row[i] for row in body) for i in (3, 4, 5))]
    return Table("", "", columns, body, total, merge_down=2, sections=sections, notes=[
        _("The report prints this table as a second 'Tabel 8'. Shift = revised budget − "
          "original budget; a figure in brackets is a decrease.")])


def table_bab_2(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
    summary = {
        (dimensi, nilai): (pagu, realisasi, sisa)
        for dimensi, nilai, pagu, realisasi, sisa in con.execute(
            "select dimensi, nilai, pagu, realisasi, sisa from marts.mart_budget_summary "
            "where tahun = ?", [year]).fetchall()
    }
    if not summary:
        return None
    columns = [Column((_("Item"),), "text"), Column((_("Ceiling / target"),), "money"),
               Column((_("Realisation"),), "money"), Column(("%",), "pct"),
               Column((_("Remainder"),), "money"), Column((_("% remaining"),), "pct")]

    def line(label: str, key: tuple[str, str]) -> list | None:
        if key not in summary:
            return None
        pagu, realisasi, sisa = (int(value) for value in summary[key])
        return [label, pagu, realisasi, _pct(realisasi, pagu), sisa, _pct(sisa, pagu)]

    belanja = [(_("DP3A APBD spending (P-DPA)"), ("total", "Semua")),
               ("a. " + _("Operational spending"), ("kategori", "Belanja Operasional")),
               ("    " + _("Staff spending"), ("jenis", "Belanja Pegawai")),
               ("    " + _("Goods and services spending"), ("jenis", "Belanja Barang dan Jasa")),
               ("b. " + _("Capital spending"), ("kategori", "Belanja Modal"))]
    dana = [(_("Fund source {fund}", fund=nilai), ("sumber_dana", nilai))
            for nilai in ("PAD", "DAU", "DAK NF")]
    body: list[list] = []
    sections: dict[int, str] = {}
    for section, wanted in ((_("Spending"), belanja), (_("Spending by fund source"), dana)):
        rows = [row for label, key in wanted if (row := line(label, key)) is not None]
        if rows:
            sections[len(body)] = section
            body += rows
    revenue = con.execute(
        "select nama_akun, target_murni, target, realisasi from marts.mart_revenue "
        "where tahun = ? order by akun_kode", [year]).fetchall() if _has_revenue(con) else []
    notes = []
    if revenue:
        sections[len(body)] = _("Revenue")
    for nama, murni, target, realisasi in revenue:
        target, realisasi = int(target), int(realisasi)
        body.append([nama, target, realisasi, _pct(realisasi, target), target - realisasi,
                     _pct(target - realisasi, target)])
        notes.append(_("Target {name}: original DPA Rp {original}, P-DPA Rp {revised}.",
                       name=nama, original=format_id(murni, "money"),
                       revised=format_id(target, "money")))
    return Table("Bab II", "", columns, body, None, sections=sections, notes=notes)


def _has_revenue(con: duckdb.DuckDBPyConnection) -> bool:
    from report.warehouse import has_table

    return has_table(con, "marts", "mart_revenue")
