"""Report tables 13 and 14: victims by category and cases by kind and form of violence, from
the UPTD PPA register's case marts (source = uptd)."""

from __future__ import annotations

import duckdb

from core.i18n import N_, _
from report.model import UNCERTAIN, Column, Table, format_id, month_name

# The report's column order and header path per category (msgids; the register's own values
# are the keys); categories the register adds later follow these.
KATEGORI = {
    "Perempuan Dewasa": (N_("Category"), N_("Adult women")),
    "Laki-laki Dewasa": (N_("Category"), N_("Adult men")),
    "Anak Laki-laki": (N_("Category"), N_("Children"), N_("Boys")),
    "Anak Perempuan": (N_("Category"), N_("Children"), N_("Girls")),
}
JENIS = ["KtA", "KtP", "KDRT", "Lainnya"]
BENTUK = ["Fisik", "Psikis", "Penelantaran", "Pemerkosaan", "Pelecehan Seksual", "Persetubuhan",
          "Perampasan Hak Asuh", "Ingkar Janji Menikah", "TPPO", "Pembuangan Bayi", "Lainnya"]


def kategori_header(kategori: str) -> tuple[str, ...]:
    """The Tabel 13 column header of a kategori_korban, in the reader's language."""
    if kategori in KATEGORI:
        return tuple(_(part) for part in KATEGORI[kategori])
    return (_("Category"), kategori)


def _order(value: str, known: list[str]) -> tuple[int, str]:
    return (known.index(value) if value in known else len(known), value)


def table_13(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
    rows = con.execute(
        "select bulan, kategori_korban, jumlah_korban "
        "from marts.mart_cases_monthly_by_kategori where source = 'uptd' and tahun = ?",
        [year],
    ).fetchall()
    if not rows:
        return None
    kategori = sorted({row[1] for row in rows}, key=lambda k: _order(k, list(KATEGORI)))
    months = sorted({row[0] for row in rows})
    counts = {(bulan, k): n for bulan, k, n in rows}
    columns = [Column((_("No"),), "int"), Column((_("Month"),), "text")]
    columns += [Column(kategori_header(k)) for k in kategori]
    columns.append(Column((_("Total"),)))
    body = []
    for bulan in months:
        values = [int(counts.get((bulan, k), 0)) for k in kategori]
        body.append([bulan, month_name(bulan), *values, sum(values)])
    total = [_("Total"), None, *(sum(row[i] for row in body) for i in range(2, len(columns)))]
    return Table("13", "", columns, body, total)


def table_14(con: duckdb.DuckDBPyConnection, year: int) -> Table | None:
    """Cases by month, kind and form: one row per form a month has. A month without a loaded
    case whose quarantined rows may be of it (the mart lists its every form at 0 with
    `baris_dikarantina` > 0) is one row saying its cases are not yet certain, its count
    `UNCERTAIN` (`?`), never a row of `?` or 0 per form; the total counts the loaded cases."""
    rows = con.execute(
        "select bulan, jenis_kekerasan, bentuk_kekerasan, jumlah_kasus, "
        "baris_dikarantina from marts.mart_cases_monthly_by_bentuk "
        "where source = 'uptd' and tahun = ?",
        [year],
    ).fetchall()
    if not rows:
        return None
    doubted = {row[0] for row in rows if row[4] > 0} - {row[0] for row in rows if row[3]}
    rows.sort(key=lambda r: (r[0], _order(r[1], JENIS), _order(r[2], BENTUK)))
    columns = [Column((_("No"),), "int"), Column((_("Month"),), "text"),
               Column((_("Kind of violence"),), "text"), Column((_("Form of violence"),), "text"),
               Column((_("Number (cases)"),))]
    body = [[bulan, month_name(bulan), jenis, bentuk, int(n)]
            for bulan, jenis, bentuk, n, _quarantined in rows if bulan not in doubted]
    body += [[bulan, month_name(bulan), _("cases not yet certain: rows of the register were "
                                     "quarantined and none was loaded"), None, UNCERTAIN]
             for bulan in sorted(doubted)]
    body.sort(key=lambda row: row[0])  # stable: each month's forms keep their order
    total = [_("Total"), None, None, None, sum(row[4] for row in body if row[3] is not None)]
    return Table("14", "", columns, body, total, merge_down=3)


def compare_13_and_14(tables: dict[str, Table], stated: list[tuple[int, int]]) -> None:
    """Say under tables 13 and 14 where they disagree: month by month (victims against cases,
    both from the UPTD register), and where the register's JUMLAH row (`stated`: (stated,
    counted) of each file whose JUMLAH row disagrees with its rows) gives a Table 13 total
    that Table 14 contradicts. Adds notes; changes no figure."""
    victims_table, cases_table = tables.get("13"), tables.get("14")
    if victims_table is None or cases_table is None:
        return
    victims = {row[1]: row[-1] for row in victims_table.rows}
    cases: dict[str, int] = {}
    for row in cases_table.rows:  # a month of cases not yet certain counts none loaded
        cases[row[1]] = cases.get(row[1], 0) + (row[4] if row[3] is not None else 0)
    months = list(victims) + [month for month in cases if month not in victims]
    total_victims, total_cases = victims_table.total[-1], cases_table.total[-1]
    differ = [_("{month}: {victims} victims, {cases} cases", month=month,
                victims=format_id(victims.get(month, 0)), cases=format_id(cases.get(month, 0)))
              for month in months if victims.get(month, 0) != cases.get(month, 0)]
    if differ:
        note = _("Tables 13 and 14 disagree: Table 13 counts {victims} victims and Table 14 "
                 "{cases} cases; the months that differ are {months}.",
                 victims=format_id(total_victims), cases=format_id(total_cases),
                 months="; ".join(differ))
        victims_table.notes.append(note)
        cases_table.notes.append(note)
    for total, counted in stated:
        victims_table.notes.append(_(
            "The register's JUMLAH row states {stated}, but the register holds {counted} "
            "victims and Table 14 adds up to {cases} cases: a Table 13 printed with the "
            "JUMLAH row's total ({stated}) disagrees with Table 14. This table counts the "
            "register's rows ({counted}).", stated=format_id(total),
            counted=format_id(counted), cases=format_id(total_cases)))
        cases_table.notes.append(_(
            "A Table 13 printed with the register's JUMLAH row totals {stated} victims, "
            "against {cases} cases in this table; the register's rows give {counted} victims "
            "(Table 13 of this annex).", stated=format_id(total), counted=format_id(counted),
            cases=format_id(total_cases)))
