"""The `anggaran` reader and schema on tiny finance-system exports and frames."""

import datetime as dt
import os
import re
import zipfile
from dataclasses import replace
from unittest import mock

import duckdb
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from ingest.anggaran import parse_kode_rekening
from ingest.loader import ingest_file
from ingest.scale import stated_factor
from ingest.units import UnreadUnit, header_unit
from satudata.cli import EXIT_OK, EXIT_REJECTED, main
from schemas.anggaran import RULES
from schemas.base import validate_fields, validate_rules
from tests.helpers import (
    ANGGARAN_HEADER,
    BJ,
    MODAL,
    RETRIBUSI,
    SIPD_ACCOUNT_HEADER,
    SIPD_ACCOUNTS,
    SIPD_LINE_HEADER,
    SIPD_REVENUE,
    SIPD_TREE_ACCOUNTS,
    SIPD_TREE_HEADER,
    Akun,
    anggaran_row,
    rupiah,
    sipd_account_rows,
    sipd_line_rows,
    sipd_revenue_line_rows,
    sipd_section_rows,
    sipd_tree_rows,
    write_anggaran_csv,
    write_csv,
    write_rows_xlsx,
    write_sipd_csv,
    write_table,
)

# Messages in English: these tests assert the wording written in the code.
pytestmark = pytest.mark.usefixtures("english")


def quarantine(con):
    return con.execute(
        "select source_row, column_name, value, reason from raw.anggaran_quarantine "
        "order by source_row, column_name"
    ).fetchall()


# --- kode rekening -----------------------------------------------------------------------

@pytest.mark.parametrize("written", ["2.08.03.1.01.01", "2.08.03.1.01.0001", " 2.08.03.1.01.01 "])
def test_both_sub_kegiatan_suffixes_give_one_key(written):
    kode = parse_kode_rekening(written)
    assert (kode.urusan_kode, kode.program_kode, kode.kegiatan_kode, kode.sub_kegiatan_kode) == (
        "2.08", "2.08.03", "2.08.03.1.01", "2.08.03.1.01.0001")
    assert kode.akun_kode is None


@pytest.mark.parametrize("written", ["2.8.3.1.1.1", "2.8.3.1.1.01", "2.08.3.1.1.0001"])
def test_a_sub_kegiatan_code_without_its_leading_zeros_is_read_in_full(written):
    assert parse_kode_rekening(written).sub_kegiatan_kode == "2.08.03.1.01.0001"


def test_codes_without_their_leading_zeros_are_the_same_line_and_account(tmp_path, con):
    """A sub kegiatan code and a belanja account typed without zeros (`2.8.3.1.1.2`,
    `5.1.2.1.1.24`): the line was quarantined ('not a kode rekening') and the account as not
    fitting its jenis; now both are read in full, the ledger says so, and the same account
    written both ways in one month is the duplicate it is."""
    header = ["Tahun", "Bulan", "Kode Sub Kegiatan", "Kode Rekening", "Sumber Dana",
              "Kelompok", "Jenis Belanja", "Nama Sub Kegiatan", "Pagu DPA", "Realisasi"]
    rows = [["2023", "1", "2.8.3.1.1.2", "5.1.02.01.01.0024", "DAK NF", "Belanja",
             "Belanja Barang dan Jasa", "Pengelolaan Kasus", "245.000.000", "12.500.000"],
            ["2023", "1", "2.8.3.1.1.2", "5.1.2.1.1.26", "DAK NF", "Belanja",
             "Belanja Barang dan Jasa", "Pengelolaan Kasus", "245.000.000", "1.000.000"],
            ["2023", "1", "2.08.03.1.01.0002", "5.1.2.1.1.24", "DAK NF", "Belanja",
             "Belanja Barang dan Jasa", "Pengelolaan Kasus", "245.000.000", "3.000.000"]]
    result = ingest_file(con, write_csv(tmp_path / "sipd.csv", rows, header=header),
                         "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert "4 codes written without their leading zeros read in full (first: row 2 " \
        "'2.8.3.1.1.2')" in result.message
    assert con.execute("select sub_kegiatan_kode, akun_belanja_kode, realisasi from "
                       "raw.anggaran order by source_row").fetchall() == [
        ("2.08.03.1.01.0002", "5.1.02.01.01.0024", 12_500_000),
        ("2.08.03.1.01.0002", "5.1.02.01.01.0026", 1_000_000)]
    assert [row[:3] for row in quarantine(con)] == [(4, "Kode Rekening", "5.1.2.1.1.24")]


def test_revenue_account_has_no_program():
    kode = parse_kode_rekening("4.1.02.01")
    assert kode.akun_kode == "4.1.02.01"
    assert kode.program_kode is None and kode.sub_kegiatan_kode is None


def test_an_lras_revenue_heading_is_a_revenue_account():
    """`4 PENDAPATAN DAERAH`, the top of an LRA's revenue tree, is read (its parent role is
    the tree's, `_place_revenue`)."""
    assert parse_kode_rekening("4").akun_kode == "4"


@pytest.mark.parametrize("written", ["2.08.03.1", "2.08.03.1.01.001", "6.1.02.01", "abc"])
def test_unreadable_kode_rekening_says_what_is_expected(written):
    with pytest.raises(ValueError, match="2.08.03.1.01.0001"):
        parse_kode_rekening(written)


@pytest.mark.parametrize(("written", "tingkat", "program", "kegiatan", "akun"), [
    ("2.08.03", "program", "2.08.03", None, None),
    ("X.XX.01", "program", "2.08.01", None, None),
    ("2.08.03.1.01", "kegiatan", "2.08.03", "2.08.03.1.01", None),
    ("5", "akun", None, None, "5"),
    ("5.1.02.01.01.0024", "akun", None, None, "5.1.02.01.01.0024"),
])
def test_a_tree_exports_levels_are_read(written, tingkat, program, kegiatan, akun):
    kode = parse_kode_rekening(written, "2.08")
    assert (kode.tingkat, kode.program_kode, kode.kegiatan_kode, kode.akun_belanja_kode) == (
        tingkat, program, kegiatan, akun)
    assert kode.sub_kegiatan_kode is None and kode.akun_kode is None


# --- reader: money formats, corrections, vocabularies ------------------------------------

def test_every_money_format_officers_type(tmp_path, con):
    rows = [
        anggaran_row(1, "4.741.818.999", **{"Kode Rekening": "2.08.01.1.02.01",
                                              "Pagu Murni": "Rp. 9.000.000.000,-",
                                              "Sumber Dana": "DAU", "Jenis": "Belanja Pegawai"}),
        anggaran_row(2, "Rp. 4.741.818.999,-", **{"Kode Rekening": "2.08.01.1.02.01",
                                                   "Pagu Murni": "9.000.000.000,00",
                                                   "Sumber Dana": "DAU",
                                                   "Jenis": "Belanja Pegawai"}),
        anggaran_row(3, "4.741.818.999,00", **{"Kode Rekening": "2.08.01.1.02.01",
                                                "Pagu Murni": "9.000.000.000",
                                                "Pagu Perubahan": "Rp. 15.000.000.000,-",
                                                "Sumber Dana": "DAU",
                                                "Jenis": "Belanja Pegawai"}),
        anggaran_row(4, "(7.633.200)", **{"Kode Rekening": "2.08.01.1.02.01",
                                           "Pagu Murni": "9.000.000.000",
                                           "Sumber Dana": "DAU", "Jenis": "Belanja Pegawai"}),
    ]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (4, 0)
    values = con.execute(
        "select bulan, pagu_murni, pagu_perubahan, realisasi from raw.anggaran order by bulan"
    ).fetchall()
    assert values == [
        (1, 9_000_000_000, None, 4_741_818_999),
        (2, 9_000_000_000, None, 4_741_818_999),
        (3, 9_000_000_000, 15_000_000_000, 4_741_818_999),
        # a negative in parentheses: a correction, accepted as the line stays above zero
        (4, 9_000_000_000, None, -7_633_200),
    ]


def test_excels_text_mark_before_a_figure_is_no_part_of_it(tmp_path, con):
    """A CSV keeping Excel's `'` before a number (`'245000000`): every row was quarantined
    as 'not a number', the 9-digit pagu masked as a NIK. A NIK so marked stays one."""
    rows = [anggaran_row(1, "'1.500.000", **{"Pagu Murni": "'245000000", "Tahun": "'2023"}),
            anggaran_row(2, "'-100.000", **{"Pagu Murni": "'245000000"}),
            anggaran_row(3, "300.000", **{"Pagu Murni": "'5371144411032244"})]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert con.execute("select tahun, bulan, pagu_murni, realisasi from raw.anggaran "
                       "order by bulan").fetchall() == [(2023, 1, 245_000_000, 1_500_000),
                                                         (2023, 2, 245_000_000, -100_000)]
    assert quarantine(con) == [
        (4, "Pagu Murni", "***", "looks like a NIK, NIP or phone number, not a figure: not "
         "stored (value not kept: it looks like a NIK, NIP or phone number)")]


def test_a_month_written_as_its_name_is_its_number(tmp_path, con):
    """Finance systems export Bulan as `Januari`, `Feb` or `03 - Maret`: every row was
    quarantined as 'not a number', so no such budget file could load."""
    rows = [anggaran_row(1, "500.000", "1.780.000", Bulan="Januari"),
            anggaran_row(2, "100.000", "1.680.000", Bulan="Feb"),
            anggaran_row(3, "300.000", "1.380.000", Bulan="03 - Maret"),
            anggaran_row(4, "400.000", "980.000", Bulan="05 - April")]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 1)
    assert con.execute("select bulan, realisasi from raw.anggaran order by bulan").fetchall() == [
        (1, 500_000), (2, 100_000), (3, 300_000)]
    assert quarantine(con) == [
        (5, "Bulan", "05 - April", "the month's number and its name are different months")]


def test_a_month_cell_with_its_year_is_its_month_when_the_year_is_the_rows(tmp_path, con):
    """`Juli 2023`, `07-2023`, `2023-07`, `Bulan ke-7`, `Jul-23` in Bulan: every row was
    quarantined as 'not a number' and the file 'loaded' with 0 rows. A month of another
    year than the row's Tahun is quarantined naming both."""
    rows = [anggaran_row(1, "500.000", Bulan="Januari 2023"),
            anggaran_row(2, "100.000", Bulan="02-2023"),
            anggaran_row(3, "300.000", Bulan="2023-03"),
            anggaran_row(4, "200.000", Bulan="Bulan ke-4"),
            anggaran_row(5, "150.000", Bulan="Mei-23"),
            anggaran_row(6, "100.000", Bulan="Juni 2022")]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (5, 1)
    assert con.execute("select tahun, bulan, realisasi from raw.anggaran order by bulan"
                       ).fetchall() == [(2023, 1, 500_000), (2023, 2, 100_000),
                                        (2023, 3, 300_000), (2023, 4, 200_000),
                                        (2023, 5, 150_000)]
    assert quarantine(con) == [
        (7, "Bulan", "Juni 2022", "a month of 2022, and the row's Tahun is 2023: which year "
         "it is cannot be told")]


def test_a_month_cell_of_excel_dates_is_the_month_of_its_first_day(tmp_path, con):
    """`Jul-23` typed into an Excel cell is stored as 1 July 2023: its month, of its year."""
    book = Workbook()
    sheet = book.active
    sheet.append(ANGGARAN_HEADER)
    for bulan, day, realisasi in ((1, dt.datetime(2023, 1, 1), "500.000"),
                                  (2, dt.datetime(2023, 2, 1), "100.000"),
                                  (3, dt.datetime(2023, 3, 15), "300.000")):
        row = anggaran_row(bulan, realisasi)
        row[ANGGARAN_HEADER.index("Bulan")] = day
        sheet.append(row)
        sheet.cell(sheet.max_row, ANGGARAN_HEADER.index("Bulan") + 1).number_format = "mmm-yy"
    book.save(tmp_path / "a.xlsx")
    result = ingest_file(con, tmp_path / "a.xlsx", "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert con.execute("select tahun, bulan from raw.anggaran order by bulan").fetchall() == [
        (2023, 1), (2023, 2)]
    assert quarantine(con) == [(4, "Bulan", "2023-03-15", "a date of a day, where a month "
                                "is expected")]


def test_codes_and_variant_spellings_are_read(tmp_path, con):
    rows = [
        anggaran_row(1, "1.000", **{"Kode Rekening": "2.08.03.1.02.01", "Bidang": "UPTD PPA",
                                     "Sumber Dana": "DAK Non Fisik", "Jenis": "Barang & Jasa"}),
        anggaran_row(1, "2.000", **{"Kode Rekening": "4.1.02.01", "Kelompok": "Pendapatan Daerah",
                                     "Bidang": "Bidang PHA", "Jenis": "Retribusi",
                                     "Sumber Dana": "Pendapatan Asli Daerah"}),
    ]
    ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert con.execute(
        "select kode_rekening, sub_kegiatan_kode, kegiatan_kode, program_kode, akun_kode, "
        "bidang, sumber_dana, kelompok, jenis from raw.anggaran order by source_row"
    ).fetchall() == [
        ("2.08.03.1.02.01", "2.08.03.1.02.0001", "2.08.03.1.02", "2.08.03", None,
         "UPTD_PPA", "DAK NF", "Belanja", "Belanja Barang dan Jasa"),
        ("4.1.02.01", None, None, None, "4.1.02.01",
         "PHA", "PAD", "Pendapatan", "Retribusi Daerah"),
    ]


def test_negative_that_takes_the_line_below_zero_is_quarantined(tmp_path, con):
    rows = [anggaran_row(1, "500.000"), anggaran_row(2, "(700.000)"), anggaran_row(3, "100.000")]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    [(row, column, value, reason)] = quarantine(con)
    assert (row, column, value) == (3, "Realisasi", "(700.000)")
    assert "correction" in reason and "below zero" in reason


def test_realisation_above_pagu_is_loaded_not_rejected(tmp_path, con):
    rows = [anggaran_row(1, "2.000.000"), anggaran_row(2, "1.000.000")]  # pagu 2.280.000
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)


@pytest.mark.parametrize(
    ("changes", "column", "reason"),
    [
        ({"Kode Rekening": "2.08.01.1"}, "Kode Rekening", "not a kode rekening"),
        ({"Kode Rekening": "4.1.02.01"}, "Kode Rekening", "a Belanja line needs a sub kegiatan"),
        ({"Jenis": "Retribusi Daerah"}, "Jenis", "belongs to the other kelompok"),
        ({"Sumber Dana": "APBN"}, "Sumber Dana", "not one of the allowed values"),
        ({"Bulan": "13"}, "Bulan", "out of range"),
        ({"Pagu Murni": "(2.280.000)"}, "Pagu Murni", "out of range"),
    ],
)
def test_rows_that_break_a_rule_are_quarantined_with_reason(tmp_path, con, changes, column,
                                                            reason):
    rows = [anggaran_row(1, "100.000"), anggaran_row(2, "100.000", **changes)]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    [(row, got_column, _, got_reason)] = quarantine(con)
    assert (row, got_column) == (3, column)
    assert reason in got_reason


@pytest.mark.parametrize("written", ["500.000*", "500.000 r)", "...", "x", "NA"])
def test_a_budget_amount_is_never_read_past_a_mark_or_a_statistical_sign(tmp_path, con,
                                                                          written):
    """BPS's marks and signs (`11,7*`, `...`) are read in a statistical table's figures
    only: in a finance export a `*` or an `x` may be anything, and the amount is refused."""
    rows = [anggaran_row(1, "100.000"), anggaran_row(2, written)]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert quarantine(con) == [(3, "Realisasi", written, "not a number")]
    assert "read as no figure" not in result.message


def test_the_same_line_twice_in_a_month_is_quarantined(tmp_path, con):
    rows = [anggaran_row(1, "100.000"), anggaran_row(1, "100.000",
                                                     **{"Kode Rekening": "2.08.01.1.08.01"})]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert quarantine(con)[0][:2] == (3, "Bulan")


# --- figures stated in thousands or millions of rupiah -----------------------------------

def _thousands_csv(path, header=ANGGARAN_HEADER, titles=(), jumlah=None):
    """Two lines of January whose figures are written in thousands of rupiah: a pagu of
    2.280 (Rp 2 280 000) and Realisasi 1.250,5 and 12.000 (Rp 1 250 500, Rp 12 000 000)."""
    rows = [anggaran_row(1, "1.250,5"), anggaran_row(1, "12.000", **{
        "Kode Rekening": "2.08.01.1.08.0002", "Sub Kegiatan": "Penyediaan Jasa Kebersihan"})]
    rows = [[*row[:ANGGARAN_HEADER.index("Pagu Murni")], "2.280,000", *row[
        ANGGARAN_HEADER.index("Pagu Murni") + 1:]] for row in rows]
    if jumlah is not None:
        total = [""] * len(ANGGARAN_HEADER)
        total[0], total[ANGGARAN_HEADER.index("Realisasi")] = "JUMLAH", jumlah
        rows.append(total)
    lines = [[title] for title in titles]
    return write_csv(path, [*lines[1:], header, *rows], encoding="cp1252",
                     header=lines[0] if lines else None) if lines else write_csv(
        path, rows, encoding="cp1252", header=header)


def _headed(**units):
    """The export's header with units after the amounts' names; `unit` for all four."""
    if "unit" in units:
        units = dict.fromkeys(("Pagu Murni", "Pagu Perubahan", "Realisasi", "Sisa"),
                              units.pop("unit")) | units
    return [f"{name} ({units[name]})" if name in units else name for name in ANGGARAN_HEADER]


@pytest.mark.parametrize(("header", "titles", "said"), [
    (_headed(unit="Rp 000"), (),
     "Realisasi (Rp 000): figures in thousands of rupiah, as its header says: read multiplied "
     "by 1,000"),
    (_headed(unit="Ribuan Rp", **{"Realisasi": "dalam ribuan rupiah"}), (),
     "Realisasi (dalam ribuan rupiah): figures in thousands of rupiah, as its header says"),
    (_headed(unit="x Rp 1.000", **{"Realisasi": "Rp. 000,-"}), (),
     "Realisasi (Rp. 000,-): figures in thousands of rupiah"),
    (ANGGARAN_HEADER, ("LAPORAN REALISASI ANGGARAN DP3A 2023", "(dalam ribuan rupiah)"),
     "Realisasi: figures in thousands of rupiah, as title row 2 says: read multiplied by "
     "1,000"),
    (ANGGARAN_HEADER, ("Satuan: Ribu Rupiah",), "as title row 1 says"),
    (_headed(**{"Pagu Murni": "Rp 000"}), ("(dalam ribuan rupiah)",),
     "Pagu Murni (Rp 000): figures in thousands of rupiah, as its header says"),
    # Thousands written other common ways were read as plain rupiah, without a word.
    (_headed(unit="000"), (),
     "Realisasi (000): figures in thousands of rupiah, as its header says"),
    (_headed(unit="000 Rp"), (),
     "Realisasi (000 Rp): figures in thousands of rupiah, as its header says"),
    (_headed(unit="Rp 1.000"), (),
     "Realisasi (Rp 1.000): figures in thousands of rupiah, as its header says"),
    (ANGGARAN_HEADER, ("LAPORAN REALISASI ANGGARAN (dalam Rp 1.000)",),
     "Realisasi: figures in thousands of rupiah, as title row 1 says"),
    (ANGGARAN_HEADER, ("Catatan: angka dalam ribuan rupiah, termasuk pengembalian Rp 2,5 juta",),
     "Realisasi: figures in thousands of rupiah, as title row 1 says"),
])
def test_figures_stated_in_thousands_are_read_as_rupiah_and_the_ledger_says_so(
        tmp_path, con, header, titles, said):
    """A budget in thousands (`Pagu (Rp 000)`, a title `dalam ribuan rupiah`) was loaded as
    rupiah: every amount a thousand times too small, without a word."""
    path = _thousands_csv(tmp_path / "a.csv", header, titles, jumlah="13.250,5")
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded, result.findings) == ("loaded", 2, [])
    assert con.execute("select pagu_murni, realisasi from raw.anggaran order by source_row"
                       ).fetchall() == [(2_280_000, 1_250_500), (2_280_000, 12_000_000)]
    assert said in result.message


def test_a_number_cell_a_format_shows_in_thousands_holds_the_full_amount(tmp_path, con):
    """A workbook headed `(Rp 000)` whose number cells hold full rupiah shown in thousands by
    the format `#,##0,` (2 280 000 shown as 2.280): they are not multiplied again; a cell
    typed as text in thousands beside them is, and so is a plain number cell."""
    book = Workbook()
    sheet = book.active
    sheet.append(_headed(unit="Rp 000"))
    figures = [(2_280_000, 1_250_500), (2_280_000, "12.000,00"), (2_280, 500)]
    for number, (pagu, realisasi) in enumerate(figures, 1):
        row = anggaran_row(1, "", **{"Kode Rekening": f"2.08.01.1.08.000{number}"})
        row[ANGGARAN_HEADER.index("Pagu Murni")] = pagu
        row[ANGGARAN_HEADER.index("Realisasi")] = realisasi
        sheet.append(row)
    total = [""] * len(ANGGARAN_HEADER)
    total[0], total[ANGGARAN_HEADER.index("Realisasi")] = "JUMLAH", 13_750_500
    sheet.append(total)
    for cell in ("K2", "M2", "K3", "M5"):
        sheet[cell].number_format = "#,##0,"
    book.save(tmp_path / "a.xlsx")
    result = ingest_file(con, tmp_path / "a.xlsx", "anggaran")
    assert (result.status, result.rows_loaded, result.findings) == ("loaded", 3, [])
    assert con.execute("select pagu_murni, realisasi from raw.anggaran order by source_row"
                       ).fetchall() == [(2_280_000, 1_250_500), (2_280_000, 12_000_000),
                                        (2_280_000, 500_000)]
    assert ("Realisasi (Rp 000): 2 number cells shown divided by their number format "
            "(#,##0,) hold the full amounts: not multiplied (first: row 2)") in result.message


def test_an_amount_cell_formatted_as_a_percentage_is_refused_not_read(tmp_path, con):
    """A Realisasi cell formatted `0%` shows 18900000% for 189 000: neither is sure."""
    book = Workbook()
    sheet = book.active
    sheet.append(ANGGARAN_HEADER)
    row = anggaran_row(1, "")
    row[ANGGARAN_HEADER.index("Realisasi")] = 189_000
    sheet.append(row)
    sheet["M2"].number_format = "0%"
    book.save(tmp_path / "a.xlsx")
    result = ingest_file(con, tmp_path / "a.xlsx", "anggaran")
    assert result.rows_quarantined == 1
    assert quarantine(con) == [(2, "Realisasi", "18900000%",
                                "a percentage, where an amount or a count is expected")]


def test_sheets_writing_an_amount_in_different_units_refuse_the_file(tmp_path, con):
    book = Workbook()
    book.remove(book.active)
    for title, bulan, unit, realisasi in (("Januari", 1, "Rp", "500.000"),
                                          ("Februari", 2, "Rp 000", "100")):
        sheet = book.create_sheet(title)
        sheet.append(_headed(unit=unit))
        sheet.append(anggaran_row(bulan, realisasi))
    book.save(tmp_path / "a.xlsx")
    result = ingest_file(con, tmp_path / "a.xlsx", "anggaran")
    assert result.status == "rejected"
    assert ("the sheets write one column in different units ('Pagu Murni (Rp 000)', 'Pagu "
            "Murni (Rp)'): state one unit on every sheet") in result.message


def test_a_percentage_beside_the_amount_is_not_the_amount(tmp_path, con):
    """An LRA writes `Realisasi (Rp)` and `Realisasi (%)`: both were taken for Realisasi and
    the file refused for naming it twice."""
    header = [*ANGGARAN_HEADER[:-1], "Realisasi (%)", "Sisa"]
    header[ANGGARAN_HEADER.index("Realisasi")] = "Realisasi (Rp)"
    rows = [[*anggaran_row(1, "500.000", "1.780.000")[:-1], "21,93", "1.780.000"]]
    result = ingest_file(con, write_csv(tmp_path / "a.csv", rows, header=header), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 1)
    assert con.execute("select realisasi, sisa from raw.anggaran").fetchall() == [
        (500_000, 1_780_000)]
    assert "ignored column(s): 'Realisasi (%)'" in result.message


@pytest.mark.parametrize(("title", "factor"), [
    ("LAPORAN REALISASI ANGGARAN (dalam ribuan rupiah)", 1_000), ("Satuan: Rb Rupiah", 1_000),
    ("(dalam jutaan rupiah)", 1_000_000), ("Satuan: Rupiah", 1), ("(dalam rupiah)", 1),
    ("Program Reformasi Birokrasi (RB) - Rp", None), ("Program 1.000 Hari Pertama Kehidupan",
                                                      None),
    ("Realisasi Anggaran Rupiah Murni TA 2023", None),
    # An amount a line mentions is no unit of the figures.
    ("Catatan: realisasi termasuk pengembalian Rp 2,5 juta ke kas daerah", None),
    ("REALISASI ANGGARAN TA 2023 - target PAD Rp 5 juta", None),
    ("Anggaran dalam Rp 2,5 juta", None), ("Satuan Kerja: Dinas PPPA", None),
    ("LAPORAN REALISASI ANGGARAN (dalam Rp 1.000)", 1_000), ("Satuan : Rp 1.000,-", 1_000),
    ("(Rp 000)", 1_000), ("(000)", 1_000), ("Ribuan Rupiah", 1_000),
    ("(in IDR thousands)", 1_000), ("(dalam Rp Miliar)", 1_000_000_000),
])
def test_what_a_title_states_of_the_figures_unit(title, factor):
    assert stated_factor(title, title=True) == factor


@pytest.mark.parametrize(("written", "factor"), [
    ("(000)", 1_000), ("(000 Rp)", 1_000), ("(Rp 1.000)", 1_000), ("(Rp.000)", 1_000),
    ("(Rp, 000)", 1_000), ("(IDR '000)", 1_000), ("(Rp 000.000)", 1_000_000),
    ("(Rp Juta)", 1_000_000), ("(Rp Miliar)", 1_000_000_000), ("(Rp)", 1), ("(APBD)", None),
    ("(1.000 HPK)", None), ("(M)", None),
])
def test_what_a_header_states_of_its_figures_unit(written, factor):
    assert stated_factor(written) == factor



# Every way an office writes "these figures are in thousands": the currency glued to the
# digits, decimals or `,-` after the group, `x`/`×` before it, `dalam`/`dlm`/`satuan`, the
# unit at the header's end without brackets. Before, `Pagu DPA (x Rp1.000)`, `Pagu (Rp1000)`
# and the headers without brackets stated nothing (read as rupiah), `Pagu (Rp 1.000,00)` and
# `Pagu (Rp) 000` plain rupiah: every figure a thousand times too small, without a word.
@pytest.mark.parametrize(("written", "factor"), [
    ("Pagu DPA (x Rp1.000)", 1_000), ("Pagu (Rp1000)", 1_000), ("Pagu (IDR1000)", 1_000),
    ("Pagu (Rp.1.000,-)", 1_000), ("Pagu (Rp1.000,-)", 1_000), ("Pagu (Rp 1.000,00)", 1_000),
    ("Pagu (Rp 1,000.00)", 1_000), ("Pagu (X Rp 1.000)", 1_000), ("Pagu (× Rp 1.000)", 1_000),
    ("Pagu (x1000)", 1_000), ("Pagu (Rp x 1.000)", 1_000), ("Pagu DPA dalam Rp.000,-", 1_000),
    ("Pagu (dalam Rp.000,-)", 1_000), ("Pagu dlm ribuan", 1_000),
    ("Pagu satuan Rp 1.000", 1_000), ("Pagu Rp 000", 1_000), ("Pagu (Rp) 000", 1_000),
    ("Realisasi Rp.000", 1_000), ("Pagu Ribuan Rupiah", 1_000), ("Pagu Rb", 1_000),
    ("Pagu (Rb)", 1_000), ("Pagu (Ribuan)", 1_000), ("Pagu 000", 1_000), ("Pagu ('000)", 1_000),
    ("Pagu (Rp 000) 2023", 1_000), ("Pagu (Rp1.000.000)", 1_000_000),
    ("Sisa Rp Juta", 1_000_000), ("Pagu (Rp Miliar)", 1_000_000_000),
    # Plain rupiah, and no unit at all.
    ("Pagu (Rp)", 1), ("Pagu Rp", 1), ("Pagu (Rp.)", 1), ("Pagu (Rp,-)", 1),
    ("Pagu (APBD 2023, Rp)", 1), ("Pagu", None), ("Pagu M", None), ("Target 2023", None),
    ("Program 1.000 Hari Pertama Kehidupan", None), ("Pagu (1.000 HPK)", None),
    # A maximum, a scale, a rate's denominator, zeros ending a bracket of other words: no
    # unit (they were read as thousands, and a KLA or indicator file refused).
    ("Nilai Verifikasi (Maks. 1.000)", None), ("Nilai (Skor Maks 1000)", None),
    ("Nilai (skala 0-1000)", None), ("Nilai (dari 1.000)", None), ("Target (per 1.000)", None),
    ("Target (/1.000)", None), ("Target (Unit: 1.000)", None), ("Realisasi (TW I 000)", None),
    ("Penyebut (Jumlah Penduduk 000)", None), ("Target (per 100.000 penduduk)", None),
    ("Target (per 1000 kelahiran hidup)", None), ("Target (per ribu penduduk)", None),
    ("Target per 1.000", None), ("Skor Maks 1000", None), ("Nilai skala 0-1000", None),
    # A footnote mark after the header is no part of its unit.
    ("Sisa (Rp) 1)", 1), ("Sisa (Rp)*", 1), ("Realisasi Rp *)", 1), ("Sisa (Rp 000) a)", 1_000),
    ("Pagu Rp 000 2)", 1_000), ("Pagu (Rp)²", 1),
])
def test_every_spelling_of_a_headers_unit(written, factor):
    assert header_unit(written) == factor


@pytest.mark.parametrize(("title", "factor"), [
    ("Satuan : x Rp1.000", 1_000), ("Satuan : x Rp 1.000", 1_000), ("(dalam Rp1.000)", 1_000),
    ("Satuan: Rp1000", 1_000), ("Satuan: IDR1000", 1_000), ("(Rp 1.000,00)", 1_000),
    ("Dalam Rp.1.000,-", 1_000), ("Anggaran dalam Rp.000,-", 1_000), ("(x Rp 1.000)", 1_000),
    ("dalam ribuan", 1_000), ("Nilai dalam rupiah", 1), ("Rp.", 1),
    ("Program 1.000 Hari Pertama Kehidupan", None), ("pengembalian Rp 2,5 juta", None),
    ("Target PAD Rp 5.000.000", None), ("3 x 100 kegiatan", None), ("(Rb)", None),
])
def test_every_spelling_of_a_titles_unit(title, factor):
    assert stated_factor(title, title=True) == factor


@pytest.mark.parametrize(("text", "title"), [
    ("Pagu (Rp 100)", False), ("Realisasi Rp 100", False), ("Pagu (x 100)", False),
    ("Pagu (Rp 1.000,000)", False), ("Pagu (2,5 juta Rp)", False), ("Pagu (Rp 2,5)", False),
    ("Sisa Rp 0", False),
    ("Satuan: x 100", True), ("Satuan: Rp 1.000,000", True),
])
def test_unit_words_that_state_no_unit_decisively_are_not_read(text, title):
    """A figure against the unit words, `x` before no unit, `1.000,000` (thousands with
    decimals, or a million): neither rupiah nor thousands may be assumed."""
    with pytest.raises(UnreadUnit):
        header_unit(text) if not title else stated_factor(text, title=True)


def _ingested(path) -> tuple[int, duckdb.DuckDBPyConnection]:
    """`satudata ingest` of a budget file into a scratch warehouse beside it, in Indonesian:
    its exit code and the warehouse opened."""
    warehouse = path.parent / "w.duckdb"
    with mock.patch.dict(os.environ):  # the paths the command sets stay its own
        code = main(["ingest", str(path), "--source", "anggaran", "--warehouse",
                     str(warehouse), "--lang", "id"])
    return code, duckdb.connect(str(warehouse), read_only=True)


def _in_thousands(folder, suffix: str, header: list[str], titles: tuple[str, ...] = ()):
    """One line of January in thousands of rupiah under `header`: Pagu 1.234.567 (Rp 1 234
    567 000) and Realisasi 123.456,5 (Rp 123 456 500), as text (CSV) or number cells."""
    row = anggaran_row(1, "123.456,5", **{"Pagu Murni": "1.234.567"})
    if suffix == ".csv":
        lines = [[title] for title in titles]
        rows = [*lines, header, row]
        return write_csv(folder / "lra_januari.csv", rows[1:], header=rows[0])
    figures = {"Pagu Murni": 1_234_567, "Realisasi": 123_456.5, "Tahun": 2023, "Bulan": 1}
    cells = [figures.get(name, cell) for name, cell in zip(ANGGARAN_HEADER, row, strict=True)]
    return write_rows_xlsx(folder / "lra_januari.xlsx", header, [cells],
                           above=[[title] for title in titles])


def _spelt(spelling: str) -> list[str]:
    """The export's header, every amount's unit spelt `spelling` (`{} Rp.000`), Pagu Murni
    named `Pagu DPA`."""
    names = {"Pagu Murni": "Pagu DPA", "Pagu Perubahan": "Pagu Perubahan",
             "Realisasi": "Realisasi", "Sisa": "Sisa"}
    return [spelling.format(names[name]) if name in names else name for name in ANGGARAN_HEADER]


@pytest.mark.parametrize(("spelling", "suffix"), [
    ("{} (x Rp1.000)", ".csv"), ("{} (Rp1000)", ".xlsx"), ("{} (IDR1000)", ".csv"),
    ("{} (Rp 1.000,00)", ".csv"), ("{} dalam Rp.000,-", ".xlsx"),
    ("{} dlm ribuan", ".csv"), ("{} Rp 000", ".csv"), ("{} (Rp) 000", ".xlsx"),
    ("{} Rp.000", ".csv"), ("{} Ribuan Rupiah", ".xlsx"), ("{} (Rp 000) 1)", ".csv"),
    ("{} Rp 000 *)", ".xlsx"),
])
def test_a_header_in_thousands_spelt_any_way_is_read_in_rupiah(tmp_path, spelling, suffix):
    """Each was read as rupiah (a pagu of Rp 1 234 567 loaded for Rp 1 234 567 000), or its
    column not found at all (`Pagu DPA dalam Rp.000,-`), without a word of the unit."""
    code, con = _ingested(_in_thousands(tmp_path, suffix, _spelt(spelling)))
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, realisasi from raw.anggaran").fetchall() == [
        (1_234_567_000, 123_456_500)]
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    realisasi = spelling.format("Realisasi")
    assert (f"{realisasi}: angka dalam ribuan rupiah, seperti dinyatakan judul kolomnya: "
            "dibaca dikalikan 1.000") in message


@pytest.mark.parametrize(("title", "suffix"), [
    ("Satuan : x Rp1.000", ".csv"), ("Satuan : x Rp1.000", ".xlsx"),
    ("LRA DP3A (dalam Rp1.000)", ".xlsx"), ("(Rp 1.000,00)", ".csv"),
])
def test_a_title_in_thousands_spelt_any_way_is_read_in_rupiah(tmp_path, title, suffix):
    """`Satuan : x Rp1.000` was read as a title stating plain rupiah; `(dalam Rp1.000)` and
    `(Rp 1.000,00)` as stating nothing: the figures loaded a thousand times too small."""
    path = _in_thousands(tmp_path, suffix, ANGGARAN_HEADER, (title,))
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, realisasi from raw.anggaran").fetchall() == [
        (1_234_567_000, 123_456_500)]
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("Realisasi: angka dalam ribuan rupiah, seperti dinyatakan baris judul 1: dibaca "
            "dikalikan 1.000") in message


@pytest.mark.parametrize(("header", "titles", "refused"), [
    (_spelt("{} (Rp 100)"), (),
     "judul kolom 'Pagu DPA (Rp 100)' menuliskan satuan yang tidak dapat dibaca: tidak dapat "
     "diketahui apakah angkanya dalam rupiah, ribuan, atau jutaan; tuliskan sebagai '(Rp)', "
     "'(Rp 000)', atau '(dalam ribuan rupiah)'"),
    (_spelt("{} Rp 1.000,000"), (), "judul kolom 'Pagu DPA Rp 1.000,000' menuliskan satuan"),
    (_spelt("{} (x 100)"), (), "judul kolom 'Pagu DPA (x 100)' menuliskan satuan"),
    (ANGGARAN_HEADER, ("Satuan: x 100",),
     "baris judul 1 menuliskan satuan angka yang tidak dapat dibaca: tidak dapat diketahui "
     "apakah angkanya dalam rupiah, ribuan, atau jutaan; nyatakan sebagai 'dalam ribuan "
     "rupiah' atau 'Satuan: Rp 1.000'"),
])
def test_unit_words_that_cannot_be_read_refuse_the_file(tmp_path, header, titles, refused):
    """Such a header was read as rupiah (`Pagu (Rp 100)`, `Pagu (x 100)`) or its column not
    found (`Pagu DPA Rp 1.000,000`: 'required column missing', naming an internal name)."""
    code, con = _ingested(_in_thousands(tmp_path, ".csv", header, titles))
    assert code == EXIT_REJECTED
    status, message = con.execute("select status, message from raw.ingest_ledger").fetchone()
    assert status == "rejected" and refused in message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)

# --- a unit stated outside the amount's own header cell -----------------------------------

AMOUNTS = ["Pagu Murni", "Pagu Perubahan", "Realisasi", "Sisa"]
_FIRST_AMOUNT = ANGGARAN_HEADER.index("Pagu Murni")


def _line_in_thousands() -> list[object]:
    """One line of January in thousands: Pagu Murni 1.234.567, Pagu Perubahan 1.250.000,
    Realisasi 123.456,5 as number cells."""
    figures = {"Tahun": 2023, "Bulan": 1, "Pagu Murni": 1_234_567,
               "Pagu Perubahan": 1_250_000, "Realisasi": 123_456.5}
    row = anggaran_row(1, "123.456,5", **{"Pagu Murni": "1.234.567",
                                          "Pagu Perubahan": "1.250.000"})
    return [figures.get(name, cell) for name, cell in zip(ANGGARAN_HEADER, row, strict=True)]


def _two_row_workbook(path, upper: list[object], lower: list[object],
                      spans: list[tuple[int, int]], rows: list[list[object]]):
    """A sheet whose header is two rows: `upper` over `lower`, each (first, last) column of
    `spans` (1-based) merged across in the upper row, every other header cell of the upper
    row with nothing below merged down over both."""
    book = Workbook()
    sheet = book.active
    sheet.title = "LRA"
    sheet.append(["LAPORAN REALISASI ANGGARAN 2023"])
    sheet.append(upper)
    sheet.append(lower)
    for first, last in spans:
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    spanned = {column for first, last in spans for column in range(first, last + 1)}
    for column, cell in enumerate(upper, start=1):
        if cell and column not in spanned and not (column <= len(lower) and lower[column - 1]):
            sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize(("suffix", "units"), [
    (".csv", ["(Rp 000)"] * 4),
    (".xlsx", ["(Rp 000)"] * 4),
    (".xlsx", ["Rp. Ribu"] * 4),
    (".csv", ["(Dalam Ribuan Rupiah)", "(Dalam Ribuan Rupiah)", "Rp 000", "Rp 000"]),
])
def test_a_row_of_units_under_the_header_is_the_unit_of_each_column(tmp_path, suffix, units):
    """`Pagu Murni | … | Sisa` over a row `;;…;(Rp 000);(Rp 000);…`: that row was
    quarantined as a data row (`nilai wajib diisi`) and 1.234.567 loaded as Rp 1 234 567.
    Each unit is its column's, as in that header's brackets; a column number beside it is
    part of the header too."""
    under = ["1", *[""] * (_FIRST_AMOUNT - 1), *units]
    line = _line_in_thousands()
    if suffix == ".csv":
        path = write_csv(tmp_path / "lra_januari.csv", [under, [
            anggaran_row(1, "123.456,5", **{"Pagu Murni": "1.234.567",
                                            "Pagu Perubahan": "1.250.000"})][0]],
                         header=ANGGARAN_HEADER)
    else:
        path = write_rows_xlsx(tmp_path / "lra_januari.xlsx", ANGGARAN_HEADER, [under, line])
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran"
                       ).fetchall() == [(1_234_567_000, 1_250_000_000, 123_456_500)]
    status, message = con.execute("select status, message from raw.ingest_ledger").fetchone()
    unit = units[2].strip("()")
    assert status == "loaded" and "dikarantina" not in message
    assert (f"Realisasi ({unit}): angka dalam ribuan rupiah, seperti dinyatakan judul "
            "kolomnya: dibaca dikalikan 1.000") in message


def test_a_row_of_units_under_a_header_merged_down_is_the_unit_of_each_column(tmp_path):
    """A header whose names are merged down over two rows, the amounts' second row holding
    `(Rp 000)` only: that row was quarantined as data, the figures loaded in thousands."""
    upper = [*ANGGARAN_HEADER]
    lower = [*[""] * _FIRST_AMOUNT, *["(Rp 000)"] * 4]
    path = _two_row_workbook(tmp_path / "lra_januari.xlsx", upper, lower, [],
                             [_line_in_thousands()])
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran"
                       ).fetchall() == [(1_234_567_000, 1_250_000_000, 123_456_500)]
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("Pagu Perubahan (Rp 000): angka dalam ribuan rupiah, seperti dinyatakan judul "
            "kolomnya") in message


@pytest.mark.parametrize(("suffix", "at"), [
    (".csv", 0), (".xlsx", 0), (".xlsx", len(ANGGARAN_HEADER)),
    (".xlsx", ANGGARAN_HEADER.index("Jenis")),
])
def test_a_unit_under_no_amount_in_the_units_row_states_the_unit_of_the_table(
        tmp_path, suffix, at):
    """`(Dalam Ribuan Rupiah)` in column A, under `Jenis` or right of the table in the row
    under the header: that row was swallowed as the header's and its unit dropped, the
    figures loaded in thousands as rupiah without a word. It speaks for the table as a
    title row does."""
    units = [""] * (len(ANGGARAN_HEADER) + 1)
    units[at] = "(Dalam Ribuan Rupiah)"
    line = _line_in_thousands()
    if suffix == ".csv":
        path = write_csv(tmp_path / "lra_januari.csv", [units[:len(ANGGARAN_HEADER)], anggaran_row(
            1, "123.456,5", **{"Pagu Murni": "1.234.567", "Pagu Perubahan": "1.250.000"})],
                         header=ANGGARAN_HEADER)
    else:
        path = write_rows_xlsx(tmp_path / "lra_januari.xlsx", ANGGARAN_HEADER, [units, line])
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran"
                       ).fetchall() == [(1_234_567_000, 1_250_000_000, 123_456_500)]
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("Realisasi: angka dalam ribuan rupiah, seperti dinyatakan baris 2 di bawah judul "
            "kolom: dibaca dikalikan 1.000") in message


def test_a_unit_under_no_amount_against_the_headers_unit_refuses_the_file(tmp_path):
    """`(Dalam Rupiah)` in column A of the units row, `(Rp 000)` in the headers: two units
    for the same figures, refused as a title against a header is."""
    header = [f"{name} (Rp 000)" if name in AMOUNTS else name for name in ANGGARAN_HEADER]
    path = write_rows_xlsx(tmp_path / "lra_januari.xlsx", header,
                           [["(Dalam Rupiah)"], _line_in_thousands()])
    code, con = _ingested(path)
    assert code == EXIT_REJECTED
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("judul kolom 'Pagu Murni (Rp 000)' menyatakan ribuan rupiah, tetapi baris 2 di "
            "bawah judul kolom menyatakan rupiah") in message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_units_cell_merged_over_the_amounts_is_the_unit_of_each(tmp_path):
    """`(Rp 000)` in the row under the header, merged across Pagu Murni to Sisa: the file
    was refused saying Pagu Perubahan states no unit."""
    path = tmp_path / "lra_januari.xlsx"
    write_rows_xlsx(path, ANGGARAN_HEADER, [[*[None] * _FIRST_AMOUNT, "(Rp 000)"],
                                            _line_in_thousands()])
    book = load_workbook(path)
    book.active.merge_cells(start_row=2, start_column=_FIRST_AMOUNT + 1, end_row=2,
                            end_column=_FIRST_AMOUNT + 4)
    book.save(path)
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran"
                       ).fetchall() == [(1_234_567_000, 1_250_000_000, 123_456_500)]
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("Pagu Perubahan (Rp 000): angka dalam ribuan rupiah, seperti dinyatakan judul "
            "kolomnya: dibaca dikalikan 1.000") in message


def test_a_unit_in_an_amount_cell_is_quoted_without_the_rest_of_the_cell(tmp_path):
    """`Budi Santoso 081234567890 (dalam ribuan)` in Pagu Murni: the refusal quoted the whole
    cell, a name and a phone number in the message and the ledger; only the unit words."""
    cell = "Budi Santoso 081234567890 (dalam ribuan)"
    line = anggaran_row(1, "123.456,5", **{"Pagu Murni": "1.234.567"})
    code, con = _ingested(write_csv(tmp_path / "lra_januari.csv",
                                    [line, anggaran_row(1, "0", **{"Pagu Murni": cell})],
                                    header=ANGGARAN_HEADER))
    assert code == EXIT_REJECTED
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("baris 3, kolom Pagu Murni menyatakan satuan ('ribuan') di tempat angka") in message
    ledger = str(con.execute("select * from raw.ingest_ledger").fetchall())
    assert "Budi" not in ledger and "081234567890" not in ledger


@pytest.mark.parametrize(("cell", "quoted"), [("(Rp 000)", "Rp 000"), ("Rp. Ribu", "Rp. Ribu")])
def test_a_unit_in_an_amount_cell_below_the_first_line_refuses_the_file(tmp_path, cell, quoted):
    """A units row not right under the header (under the first line): `(Rp 000)` was read as
    the figure 0 (a negative 000) without a word; the unit of the lines around it cannot be
    told."""
    units = ["", *[""] * (_FIRST_AMOUNT - 1), *[cell] * 4]
    line = anggaran_row(1, "123.456,5", **{"Pagu Murni": "1.234.567"})
    code, con = _ingested(write_csv(tmp_path / "lra_januari.csv", [line, units, line],
                                    header=ANGGARAN_HEADER))
    assert code == EXIT_REJECTED
    status, message = con.execute("select status, message from raw.ingest_ledger").fetchone()
    assert status == "rejected"
    assert (f"baris 3, kolom Pagu Murni menyatakan satuan ('{quoted}') di tempat angka: "
            "tidak dapat diketahui dalam satuan apa angka-angka di sekitarnya") in message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


@pytest.mark.parametrize(("group", "unit"), [
    ("Nilai (Rp 000)", "Rp 000"),
    ("Jumlah Anggaran (Dalam Ribuan Rupiah)", "Dalam Ribuan Rupiah"),
    ("Anggaran dan Realisasi (Rp 000)", "Rp 000"),
])
def test_a_unit_of_a_group_header_with_words_is_the_unit_of_every_column_under_it(
        tmp_path, group, unit):
    """`Nilai (Rp 000)` merged over `Pagu Murni | Pagu Perubahan | Realisasi | Sisa`: each
    column was read by its own name and the group's unit dropped, the figures loaded in
    thousands."""
    upper = [*ANGGARAN_HEADER[:_FIRST_AMOUNT], group, "", "", ""]
    lower = [*[""] * _FIRST_AMOUNT, *AMOUNTS]
    path = _two_row_workbook(tmp_path / "lra_januari.xlsx", upper, lower,
                             [(_FIRST_AMOUNT + 1, _FIRST_AMOUNT + 4)], [_line_in_thousands()])
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran"
                       ).fetchall() == [(1_234_567_000, 1_250_000_000, 123_456_500)]
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert (f"Realisasi ({unit}): angka dalam ribuan rupiah, seperti dinyatakan judul "
            "kolomnya: dibaca dikalikan 1.000") in message


@pytest.mark.parametrize(("file_name", "sheet", "said"), [
    ("lra_januari.xlsx", "LRA (Rp 000)", "seperti dinyatakan nama lembar 'LRA (Rp 000)'"),
    ("LRA_2023_januari_dalam_ribuan_rupiah.xlsx", "LRA", "seperti dinyatakan nama berkas"),
])
def test_a_unit_in_the_sheet_or_file_name_is_read_as_a_title(tmp_path, file_name, sheet, said):
    """`LRA (Rp 000)` as the sheet's name, `…_dalam_ribuan_rupiah.xlsx` as the file's: the
    only statement of the unit, ignored, the figures loaded in thousands."""
    path = write_rows_xlsx(tmp_path / file_name, ANGGARAN_HEADER, [_line_in_thousands()],
                           title=sheet)
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, realisasi from raw.anggaran").fetchall() == [
        (1_234_567_000, 123_456_500)]
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert f"Realisasi: angka dalam ribuan rupiah, {said}: dibaca dikalikan 1.000" in message


def _printed_workbook(path, header: str = "", footer: str = "", amounts: str = ""):
    """A one-line budget workbook in thousands whose sheet `LRA` prints `header` and `footer`
    on every page (Excel's codes, `&C` the centre part); `amounts` after each amount's name."""
    names = [f"{name}{amounts}" if name in AMOUNTS else name for name in ANGGARAN_HEADER]
    path = write_rows_xlsx(path, names, [_line_in_thousands()], title="LRA")
    book = load_workbook(path)
    sheet = book["LRA"]
    sheet.oddHeader.center.text, sheet.oddFooter.left.text = header, footer
    book.save(path)
    return path


def test_a_unit_in_the_print_header_is_read_as_a_title(tmp_path):
    """A unit in the sheet's print header only (*Header & Footer*: shown on paper and in
    Page Layout, not in the cells) was never read: the figures loaded a thousand times too
    small, without a word."""
    path = _printed_workbook(tmp_path / "lra_januari.xlsx", header="&B(Dalam Ribuan Rupiah)",
                             footer="Dicetak &D &T, hal. &P dari &N")
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran"
                       ).fetchall() == [(1_234_567_000, 1_250_000_000, 123_456_500)]
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("Realisasi: angka dalam ribuan rupiah, seperti dinyatakan header atau footer cetak "
            "lembar 'LRA': dibaca dikalikan 1.000") in message


def test_a_print_footer_of_page_numbers_and_dates_states_no_unit(tmp_path):
    """Fields (`&P`, `&D`, a file name) and a title naming the office are no unit."""
    path = _printed_workbook(tmp_path / "lra_januari.xlsx", header="&\"Arial,Bold\"&12DP3A NTT",
                             footer="&F &A, hal. &P dari &N 2023")
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, realisasi from raw.anggaran").fetchall() == [
        (1_234_567, 123_456.5)]


def test_a_print_header_disagreeing_with_the_headers_refuses_the_file(tmp_path):
    path = _printed_workbook(tmp_path / "lra_januari.xlsx", header="Satuan: Rp 1.000",
                             amounts=" (Rp)")
    code, con = _ingested(path)
    assert code == EXIT_REJECTED
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("judul kolom 'Pagu Murni (Rp)' menyatakan rupiah, tetapi header atau footer cetak "
            "lembar 'LRA' menyatakan ribuan rupiah") in message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_unit_in_an_ods_page_style_header_is_read_as_a_title(tmp_path):
    """LibreOffice keeps a sheet's print header in its page style (`styles.xml`), which the
    table's style names."""
    content = (
        '<office:document-content xmlns:office="{office}" xmlns:style="{style}" '
        'xmlns:table="{table}" xmlns:text="{text}" office:version="1.3">'
        '<office:automatic-styles><style:style style:name="ta1" style:family="table" '
        'style:master-page-name="Laporan"/></office:automatic-styles>'
        '<office:body><office:spreadsheet><table:table table:name="LRA" '
        'table:style-name="ta1">{rows}</table:table></office:spreadsheet></office:body>'
        '</office:document-content>')
    styles = (
        '<office:document-styles xmlns:office="{office}" xmlns:style="{style}" '
        'xmlns:text="{text}" office:version="1.3"><office:master-styles>'
        '<style:master-page style:name="Default"><style:header><text:p>'
        '<text:sheet-name>???</text:sheet-name></text:p></style:header></style:master-page>'
        '<style:master-page style:name="Laporan"><style:header><style:region-center>'
        '<text:p>Keadaan s.d. Januari 2023</text:p><text:p>(dalam ribuan rupiah)</text:p>'
        '</style:region-center></style:header><style:footer><text:p>Halaman '
        '<text:page-number>1</text:page-number></text:p></style:footer></style:master-page>'
        '</office:master-styles></office:document-styles>')
    names = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
             "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
             "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
             "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}

    def cell(value):
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f'<text:p>{value}</text:p></table:table-cell>')
        return (f'<table:table-cell office:value-type="string"><text:p>{value}</text:p>'
                '</table:table-cell>')

    rows = "".join("<table:table-row>" + "".join(cell(value) for value in row)
                   + "</table:table-row>" for row in [ANGGARAN_HEADER, _line_in_thousands()])
    path = tmp_path / "lra_januari.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content.format(rows=rows, **names))
        archive.writestr("styles.xml", styles.format(**names))
        archive.writestr("META-INF/manifest.xml", (
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:'
            '1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
            '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>'))
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni, realisasi from raw.anggaran").fetchall() == [
        (1_234_567_000, 123_456_500)]


def test_a_name_mentioning_a_figure_states_no_unit(tmp_path):
    """`Program 1000 HPK` names a programme, no unit: the figures are rupiah."""
    path = write_rows_xlsx(tmp_path / "lra_januari_program_1000_hpk.xlsx", ANGGARAN_HEADER,
                           [_line_in_thousands()], title="Program 1000 HPK")
    code, con = _ingested(path)
    assert code == EXIT_OK
    assert con.execute("select pagu_murni from raw.anggaran").fetchall() == [(1_234_567,)]


def test_a_file_name_in_thousands_and_a_header_in_rupiah_refuse_the_file(tmp_path):
    header = [f"{name} (Rp)" if name in AMOUNTS else name for name in ANGGARAN_HEADER]
    path = write_rows_xlsx(tmp_path / "lra_januari_dalam_ribuan_rupiah.xlsx", header,
                           [_line_in_thousands()])
    code, con = _ingested(path)
    assert code == EXIT_REJECTED
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("judul kolom 'Pagu Murni (Rp)' menyatakan rupiah, tetapi nama berkas menyatakan "
            "ribuan rupiah") in message


def _grouped(realisasi: str, sisa: str, unit: str = "") -> tuple[list[object], list[object]]:
    """`Anggaran{unit}` over `Murni | Perubahan`, `Realisasi{unit}` over `realisasi`,
    `Sisa{unit}` over `sisa`; the other names merged down."""
    upper = [*ANGGARAN_HEADER[:_FIRST_AMOUNT], f"Anggaran{unit}", "", f"Realisasi{unit}",
             f"Sisa{unit}"]
    lower = [*[""] * _FIRST_AMOUNT, "Murni", "Perubahan", realisasi, sisa]
    return upper, lower


@pytest.mark.parametrize("unit", ["", " (Rp 000)"])
def test_a_second_header_row_labelling_one_column_groups_is_read_as_the_header(tmp_path, unit):
    """`Realisasi` over `Bulan Ini` and `Sisa` over `Jumlah` beside `Anggaran` over `Murni |
    Perubahan`: the second row was quarantined as data and Pagu Perubahan loaded NULL where
    the file has 1.250.000; then Sisa was dropped (`Sisa Jumlah` names no column): a label
    only restating a figure leaves the column the spanning name's."""
    upper, lower = _grouped("Bulan Ini", "Jumlah", unit)
    line = _line_in_thousands()
    line[-1] = 1_126_543.5
    path = _two_row_workbook(tmp_path / "lra_januari.xlsx", upper, lower,
                             [(_FIRST_AMOUNT + 1, _FIRST_AMOUNT + 2)], [line])
    code, con = _ingested(path)
    assert code == EXIT_OK
    factor = 1_000 if unit else 1
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi, sisa from raw.anggaran"
                       ).fetchall() == [(1_234_567 * factor, 1_250_000 * factor,
                                         123_456.5 * factor, 1_126_543.5 * factor)]
    status, message = con.execute("select status, message from raw.ingest_ledger").fetchone()
    assert status == "loaded" and "dikarantina" not in message


def test_a_second_header_row_making_realisasi_cumulative_refuses_the_file(tmp_path):
    """`Realisasi` over `s.d. Bulan Ini`: the row was read as data and the cumulative figure
    loaded as the month's own (Pagu Perubahan NULL beside it); the header is refused as a
    one-row `Realisasi s.d. Bulan Ini` is."""
    upper, lower = _grouped("s.d. Bulan Ini", "Jumlah")
    path = _two_row_workbook(tmp_path / "lra_januari.xlsx", upper, lower,
                             [(_FIRST_AMOUNT + 1, _FIRST_AMOUNT + 2)], [_line_in_thousands()])
    code, con = _ingested(path)
    assert code == EXIT_REJECTED
    message = con.execute("select message from raw.ingest_ledger").fetchone()[0]
    assert ("judul kolom pada baris 2 dan 3: kolom wajib tidak ada: Realisasi ('Realisasi s.d. "
            "Bulan Ini' adalah angka kumulatif") in message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def _workbook_of_months(path, titles):
    """A workbook of a sheet per month (Januari, Februari), each the line's month with its
    Pagu Murni and Realisasi Bulan Ini as `titles` gives them (number cells): {sheet: (title
    or None, pagu, realisasi)}."""
    book = Workbook()
    book.remove(book.active)
    for bulan, (name, (title, pagu, realisasi)) in enumerate(titles.items(), 1):
        sheet = book.create_sheet(name)
        if title:
            sheet.append([title])
        sheet.append([f"{name} Bulan Ini" if name == "Realisasi" else name
                      for name in ANGGARAN_HEADER])
        sheet.append(anggaran_row(bulan, realisasi, **{"Pagu Murni": pagu}))
    book.save(path)
    return path


def test_a_sheets_title_unit_is_no_word_on_another_sheet(tmp_path, con):
    """Sheet Februari titled `(dalam ribuan rupiah)` and Januari with no unit: January's
    figures in full were read multiplied by 1,000 (Pagu 2,280,000,000), without a word."""
    path = _workbook_of_months(tmp_path / "a.xlsx", {
        "Januari": (None, 2_280_000, 100_000),
        "Februari": ("LAPORAN REALISASI (dalam ribuan rupiah)", 2_280, 150)})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("title row 1 (sheet 'Februari') states thousands of rupiah, but sheet 'Januari' "
            "states no unit for its figures and its header 'Pagu Murni' neither: whether they "
            "are in rupiah or in the same unit cannot be told; state the unit on every sheet"
            ) in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_every_sheet_stating_one_unit_is_read_in_it(tmp_path, con):
    path = _workbook_of_months(tmp_path / "a.xlsx", {
        "Januari": ("(dalam ribuan rupiah)", 2_280, 100),
        "Februari": ("(dalam ribuan rupiah)", 2_280, 150)})
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert con.execute("select bulan, pagu_murni, realisasi from raw.anggaran order by bulan"
                       ).fetchall() == [(1, 2_280_000, 100_000), (2, 2_280_000, 150_000)]


@pytest.mark.parametrize("line", [
    "Catatan: realisasi termasuk pengembalian Rp 2,5 juta ke kas daerah",
    "REALISASI ANGGARAN TA 2023 - target PAD Rp 5 juta"])
@pytest.mark.parametrize("under", [False, True])
def test_an_amount_a_title_or_a_note_mentions_is_no_unit(tmp_path, con, line, under):
    """Figures in full with `Rp 2,5 juta` mentioned above or under the table were read
    multiplied by 1,000,000 (a pagu of 2,280,000,000,000), the ledger saying 'figures in
    millions of rupiah'."""
    rows = [anggaran_row(1, "100.000"), anggaran_row(1, "150.000", **{
        "Kode Rekening": "2.08.01.1.08.0002", "Sub Kegiatan": "Penyediaan Jasa Kebersihan"})]
    lines = [[line], [""]]
    table = [ANGGARAN_HEADER, *rows, *lines] if under else [*lines[1:], ANGGARAN_HEADER, *rows]
    path = write_csv(tmp_path / "a.csv", table[1:], header=table[0] if under else lines[0])
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert con.execute("select pagu_murni, realisasi from raw.anggaran order by source_row"
                       ).fetchall() == [(2_280_000, 100_000), (2_280_000, 150_000)]
    assert "figures in" not in result.message


def test_figures_in_billions_of_rupiah_are_read_in_rupiah(tmp_path, con):
    rows = [anggaran_row(1, "0,2", **{"Pagu Murni": "1,5"})]
    path = write_csv(tmp_path / "a.csv", rows, header=_headed(unit="Rp Miliar"))
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 1)
    assert con.execute("select pagu_murni, realisasi from raw.anggaran").fetchall() == [
        (1_500_000_000, 200_000_000)]
    assert ("Realisasi (Rp Miliar): figures in billions of rupiah, as its header says: read "
            "multiplied by 1,000,000,000") in result.message


def test_an_empty_amount_stating_no_unit_beside_amounts_in_thousands_says_nothing(tmp_path,
                                                                                    con):
    header = _headed(**{"Pagu Murni": "Rp 000", "Realisasi": "Rp 000"})  # Pagu Perubahan, Sisa
    result = ingest_file(con, _thousands_csv(tmp_path / "a.csv", header), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran order "
                       "by source_row").fetchall() == [(2_280_000, None, 1_250_500),
                                                       (2_280_000, None, 12_000_000)]


@pytest.mark.parametrize("zero", ["0", "0,00", "Rp 0,-", "-"])
def test_an_amount_of_zeros_stating_no_unit_beside_amounts_in_thousands_says_nothing(
        tmp_path, con, zero):
    """A Pagu Perubahan of 0 on every line (no APBD-P yet) beside `(Rp 000)` amounts: zero
    is zero in any unit, so it contradicts no unit; the others are read in thousands."""
    header = _headed(**{"Pagu Murni": "Rp 000", "Realisasi": "Rp 000"})
    path = _thousands_csv(tmp_path / "a.csv", header)
    text = path.read_text(encoding="cp1252")
    path.write_text(text.replace(";2.280,000;;", f";2.280,000;{zero};"), encoding="cp1252")
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran order "
                       "by source_row").fetchall() == [(2_280_000, None, 1_250_500),
                                                       (2_280_000, None, 12_000_000)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_name_written_over_two_lines_of_a_cell_is_stored_on_one(tmp_path, con, suffix):
    """A program's name wrapped in its cell (Alt+Enter, a merged cell too narrow), a sub
    kegiatan typed with a tab, two spaces and a no-break space: stored as written, the line
    break reached the marts (`PROGRAM PENUNJANG\nURUSAN ...`), and the same name written on
    one line was another program. Each run of whitespace is one space."""
    rows = [anggaran_row(1, "1.250.500", **{
        "Program": "PROGRAM PENUNJANG URUSAN\nPEMERINTAHAN DAERAH\r\nPROVINSI",
        "Sub Kegiatan": "Penyediaan\tJasa  Surat\u00a0Menyurat "})]
    result = ingest_file(con, write_table(tmp_path / f"realisasi_2023_01{suffix}",
                                          ANGGARAN_HEADER, rows), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 1), result.message
    assert con.execute("select program, sub_kegiatan from raw.anggaran").fetchall() == [
        ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI",
         "Penyediaan Jasa Surat Menyurat")]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_dash_in_an_amount_is_zero_and_in_pagu_perubahan_no_revision(tmp_path, con, suffix):
    """Excel's accounting format shows 0 as `-` (`Rp -` with the currency), and SIPD's CSV
    keeps the dash: a Realisasi so (a required amount) quarantined its line "a value is
    required", though the line spent nothing. Now a lone dash in an amount is 0, counted in
    the ledger; in Pagu Perubahan, whose empty cell means no revision (0 is a line the
    APBD-P ended), it stays empty, so the line's pagu is its Pagu Murni."""
    written = [("2.08.01.1.08.0001", "-", "", "-", "2.280.000"),
               ("2.08.01.1.02.0001", "Rp -", "", "Rp -", "2.280.000"),
               ("2.08.03.1.01.0001", "", "", "– ", "2.280.000"),
               ("2.08.03.1.01.0002", "", "", "2.280.000", "Rp  -")]
    rows = [anggaran_row(1, realisasi, sisa, **{"Kode Rekening": kode,
                                                "Pagu Perubahan": perubahan})
            for kode, perubahan, _, realisasi, sisa in written]
    result = ingest_file(con, write_table(tmp_path / f"realisasi_2023_01{suffix}",
                                          ANGGARAN_HEADER, rows), "anggaran")
    assert (result.status, result.rows_loaded, result.rows_quarantined,
            result.cells_flagged) == ("loaded", 4, 0, 0)
    assert con.execute("select kode_rekening, pagu_murni, pagu_perubahan, realisasi, sisa "
                       "from raw.anggaran order by source_row").fetchall() == [
        ("2.08.01.1.08.0001", 2_280_000, None, 0, 2_280_000),
        ("2.08.01.1.02.0001", 2_280_000, None, 0, 2_280_000),
        ("2.08.03.1.01.0001", 2_280_000, None, 0, 2_280_000),
        ("2.08.03.1.01.0002", 2_280_000, None, 2_280_000, 0)]
    assert ("Realisasi: 3 cell(s) written as a dash ('-', 'Rp -': zero in Excel's accounting "
            "format) read as 0 (first: row 2); Sisa: 1 cell(s) written as a dash ('-', "
            "'Rp -': zero in Excel's accounting format) read as 0 (first: row 5)"
            ) in result.message


def test_an_amount_stating_no_unit_with_one_figure_beside_thousands_is_refused(tmp_path, con):
    header = _headed(**{"Pagu Murni": "Rp 000", "Realisasi": "Rp 000"})
    path = _thousands_csv(tmp_path / "a.csv", header)
    text = path.read_text(encoding="cp1252")
    path.write_text(text.replace(";2.280,000;;", ";2.280,000;0;", 1).replace(
        ";2.280,000;;", ";2.280,000;2.500;", 1), encoding="cp1252")
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("the header 'Pagu Murni (Rp 000)' states thousands of rupiah, but 'Pagu Perubahan' "
            "states no unit") in result.message


def test_a_note_under_the_table_stating_thousands_is_read_as_a_title(tmp_path, con):
    """`Catatan: angka dalam ribuan rupiah` under the table: the lines there are not data,
    and the figures loaded as rupiah, a thousand times too small."""
    path = _thousands_csv(tmp_path / "a.csv")
    with path.open("a", encoding="cp1252") as handle:
        handle.write("\r\n;Catatan: angka dalam ribuan rupiah (Maria Testa Ndun)\r\n"
                     ";Kupang, 5 Januari 2024\r\n")
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert con.execute("select pagu_murni, realisasi from raw.anggaran order by source_row"
                       ).fetchall() == [(2_280_000, 1_250_500), (2_280_000, 12_000_000)]
    assert ("Realisasi: figures in thousands of rupiah, as row 5 under the table says: read "
            "multiplied by 1,000") in result.message
    assert "Maria" not in result.message  # the line is named by its row, never quoted


@pytest.mark.parametrize(("header", "titles", "refused"), [
    (_headed(**{"Pagu Murni": "Rp"}), ("(dalam ribuan rupiah)",),
     "the header 'Pagu Murni (Rp)' states rupiah, but title row 1 states thousands of rupiah: "
     "which one the figures are in cannot be told"),
    (_headed(unit="Rp 000"), ("LAPORAN REALISASI ANGGARAN (dalam rupiah)",),
     "the header 'Pagu Murni (Rp 000)' states thousands of rupiah, but title row 1 states "
     "rupiah"),
    (_headed(**{"Pagu Murni": "Rp 000"}), (),
     "the header 'Pagu Murni (Rp 000)' states thousands of rupiah, but 'Realisasi' states no "
     "unit: whether its figures are in rupiah or in the same unit cannot be told"),
    (_headed(**{"Realisasi": "%"}), (),
     "required column(s) missing: Realisasi ('Realisasi (%)' is a percentage, not the figure "
     "itself: the figure is needed)"),
    (_headed(unit="Rp M"), (),
     "the header 'Pagu Murni (Rp M)' states two units for its figures: which one is meant "
     "cannot be told; state one"),
])
def test_units_that_cannot_all_be_right_refuse_the_file(tmp_path, con, header, titles, refused):
    result = ingest_file(con, _thousands_csv(tmp_path / "a.csv", header, titles), "anggaran")
    assert result.status == "rejected" and refused in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


# --- JUMLAH row: the spending total, reconciled against Belanja rows only ----------------

def _with_revenue() -> list[list[str]]:
    """Two months of one line, February below half of January (so each is the month's own
    figure), and a revenue account."""
    revenue = {"Kode Rekening": "4.1.02.01", "Kelompok": "Pendapatan", "Jenis": "Retribusi Daerah",
               "Sub Kegiatan": "Retribusi Tempat Penitipan Anak"}
    return [anggaran_row(1, "700.000"), anggaran_row(2, "300.000"),
            anggaran_row(1, "15.000.000", **revenue)]


def test_jumlah_row_that_matches_the_belanja_rows_is_no_finding(tmp_path, con):
    path = write_anggaran_csv(tmp_path / "a.csv", _with_revenue(), jumlah="1.000.000")
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_dropped, result.findings) == (3, 1, [])


def test_jumlah_row_that_disagrees_is_a_finding_with_both_figures(tmp_path, con):
    path = write_anggaran_csv(tmp_path / "a.csv", _with_revenue(), jumlah="1.306.000")
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded" and result.rows_loaded == 3
    assert con.execute(
        "select source_row, check_name, column_name, expected, actual, difference "
        "from raw.ingest_findings"
    ).fetchall() == [(5, "total_row_sum", "realisasi", 1_306_000, 1_000_000, 306_000)]
    assert "kelompok = Belanja" in result.findings[0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_total_labelled_in_the_uraian_column_is_reconciled(tmp_path, con, suffix):
    """SIPD writes `JUMLAH BELANJA` in the Uraian column, right of empty Tahun, Bulan, Kode
    and Program cells: the row was read as a line (quarantined, no kode) and never
    reconciled; now it is the total, and a wrong one is a finding."""
    header = ["Tahun", "Bulan", "Kode Rekening", "Program", "Uraian", "Sumber Dana",
              "Kelompok", "Jenis", "Pagu", "Realisasi"]
    rows = [["2023", "1", "2.08.02.1.01.0001", "PUG", "Koordinasi PUG", "DAU", "Belanja",
             "Belanja Barang dan Jasa", "150.000.000", "12.500.000"],
            ["2023", "1", "2.08.07.1.01.0001", "PKA", "Koordinasi Pencegahan", "PAD", "Belanja",
             "Belanja Pegawai", "100.000.000", "7.000.000"],
            ["", "", "", "", "JUMLAH BELANJA", "", "", "", "250.000.000", "19.000.000"]]
    path = write_table(tmp_path / f"lra{suffix}", header, rows)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (2, 0, 1)
    assert con.execute("select source_row, check_name, expected, actual from "
                       "raw.ingest_findings").fetchall() == [
        (4, "total_row_sum", 19_000_000, 19_500_000)]


@pytest.mark.parametrize("written", ["csv", "xlsx text", "xlsx numbers"])
def test_a_total_row_with_its_period_filled_reads_alike_in_every_format(tmp_path, con, written):
    """`JUMLAH BELANJA` and `SURPLUS / (DEFISIT)` with Tahun 2023 and Bulan 1 filled: a
    workbook's number cells were passed over to the label (dropped, reconciled) while the
    CSV's text '2023' was taken for the row's first text (quarantined as a line missing its
    kode and sumber dana). Both now read the number as a number, grouped or not
    (`490.000.000`): the totals are reconciled, a wrong one a finding."""
    header = ["Tahun", "Bulan", "Kode Sub Kegiatan", "Nama Sub Kegiatan", "Sumber Dana",
              "Kelompok", "Jenis Belanja", "Pagu DPA", "Realisasi Bulan Ini"]
    rows = [[2023, 1, "4.1.02.01", "Retribusi Jasa Umum", "PAD", "Pendapatan",
             "Retribusi Daerah", 100_000_000, 50_000_000],
            [2023, 1, "2.08.03.1.01.0002", "Penyediaan Layanan Pengelolaan Kasus", "DAK NF",
             "Belanja", "Belanja Barang dan Jasa", 245_000_000, 12_500_000],
            [2023, 1, "2.08.03.1.01.0003", "Penguatan Jejaring", "DAK NF", "Belanja",
             "Belanja Barang dan Jasa", 245_000_000, 12_500_000],
            [2023, 1, None, "JUMLAH BELANJA", None, None, None, 490_000_000, 26_000_000],
            [2023, 1, None, "SURPLUS / (DEFISIT)", None, None, None, None, 25_000_000]]
    if written == "xlsx numbers":
        path = write_rows_xlsx(tmp_path / "a.xlsx", header, rows)
    else:  # as text, amounts grouped the Indonesian way
        rows = [[f"{cell:,}".replace(",", ".") if isinstance(cell, int) and cell > 9999
                 else "" if cell is None else str(cell) for cell in row] for row in rows]
        path = write_table(tmp_path / f"a.{written[:4]}", header, rows)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (3, 0, 2)
    assert ("2 total row(s) dropped; the loaded rows do not add up to 1 of them (see the "
            "findings)") in result.message
    assert con.execute("select source_row, check_name, expected, actual from "
                       "raw.ingest_findings").fetchall() == [
        (5, "total_row_sum", 26_000_000, 25_000_000)]


def _sections(second_subtotal: str) -> list[list[str]]:
    """Two sections of two accounts, each closed by a SUB TOTAL row under Realisasi."""
    def account(code: str, amount: str) -> list[str]:
        return anggaran_row(1, amount, **{"Kode Rekening": f"2.08.01.1.08.000{code}"})

    def subtotal(amount: str) -> list[str]:
        row = [""] * len(ANGGARAN_HEADER)
        row[0], row[ANGGARAN_HEADER.index("Realisasi")] = "SUB TOTAL", amount
        return row

    return [account("1", "5.000.000"), account("2", "5.000.000"), subtotal("10.000.000"),
            account("3", "7.000.000"), account("4", "8.000.000"), subtotal(second_subtotal)]


def test_a_wrong_sub_total_is_measured_against_its_own_section(tmp_path, con):
    """A SUB TOTAL adds up the rows since the previous total: a wrong one is reported
    against that section's sum (15.000.000), the sheet's whole sum (25.000.000) beside it."""
    path = write_csv(tmp_path / "a.csv", _sections("20.000.000"), encoding="cp1252",
                     header=ANGGARAN_HEADER)
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded, result.rows_dropped) == ("loaded", 4, 2)
    assert con.execute(
        "select source_row, check_name, expected, actual, difference from raw.ingest_findings"
    ).fetchall() == [(7, "total_row_sum", 20_000_000, 15_000_000, 5_000_000)]
    [finding] = result.findings
    assert "since the previous total sum to 15.000.000" in finding
    assert "all the sheet's rows: 25.000.000" in finding


def test_sub_totals_that_add_up_their_sections_are_no_finding(tmp_path, con):
    path = write_csv(tmp_path / "a.csv", _sections("15.000.000"), encoding="cp1252",
                     header=ANGGARAN_HEADER)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_dropped, result.findings) == (4, 2, [])


def _pagu_headers(tmp_path, headers: dict[str, str]):
    """One line of January under ANGGARAN_HEADER with its Pagu Murni and Pagu Perubahan
    columns replaced by `headers` (header -> figure)."""
    header = [name for name in ANGGARAN_HEADER if not name.startswith("Pagu")]
    values = [cell for name, cell in zip(ANGGARAN_HEADER, anggaran_row(1, "1.000.000"),
                                         strict=True) if not name.startswith("Pagu")]
    return write_csv(tmp_path / "a.csv", [[*values, *headers.values()]],
                     header=[*header, *headers])


@pytest.mark.parametrize("written", ["Anggaran", "ANGGARAN (Rp)", "Alokasi", "Pagu Anggaran",
                                     "Alokasi Anggaran"])
def test_a_budget_header_alone_beside_realisasi_is_the_pagu(tmp_path, con, written):
    result = ingest_file(con, _pagu_headers(tmp_path, {written: "2.280.000"}), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 1)
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran"
                       ).fetchall() == [(2_280_000, None, 1_000_000)]


def test_the_budget_before_and_after_the_apbd_p_by_their_names(tmp_path, con):
    result = ingest_file(con, _pagu_headers(tmp_path, {
        "Anggaran Sebelum Perubahan": "2.280.000", "Anggaran Setelah Perubahan": "2.500.000"}),
        "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 1)
    assert con.execute("select pagu_murni, pagu_perubahan from raw.anggaran").fetchall() == [
        (2_280_000, 2_500_000)]


@pytest.mark.parametrize(("headers", "beside"), [
    ({"Anggaran": "2.280.000", "Pagu Perubahan": "2.500.000"}, "'Pagu Perubahan'"),
    ({"Pagu Murni": "2.280.000", "Anggaran": "2.500.000"}, "'Pagu Murni'"),
    ({"Alokasi": "2.280.000", "Anggaran": "2.500.000"}, "'Anggaran'"),
])
def test_a_budget_header_beside_another_pagu_is_refused(tmp_path, con, headers, beside):
    """`Anggaran` beside `Pagu Perubahan` may be the first pagu or the one in force: which
    figure it holds is not guessed, the file is refused naming both headers."""
    result = ingest_file(con, _pagu_headers(tmp_path, headers), "anggaran")
    written = next(name for name in headers if name in ("Anggaran", "Alokasi"))
    assert result.status == "rejected"
    assert (f"the header '{written}' names a figure without saying which, and beside {beside} "
            "it may be any of pagu_murni, pagu_perubahan: which one it holds cannot be told; "
            "name it as one of them") in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


@pytest.mark.parametrize("written", ["Realisasi s.d. Bulan Ini", "Realisasi Sampai Dengan Bulan",
                                     "Realisasi Kumulatif", "Realisasi Komulatif",
                                     "Realisasi Bulan Ini (Akumulasi)"])
def test_a_cumulative_realisation_column_is_not_offered_as_the_realisation(tmp_path, con,
                                                                            written):
    """A file whose only realisation column is cumulative is refused, and the reason says
    the column is cumulative instead of suggesting it is the month's realisation."""
    header = [written if name == "Realisasi" else name for name in ANGGARAN_HEADER]
    path = write_csv(tmp_path / "a.csv", [anggaran_row(3, "500.000")], header=header)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert f"'{written}' is cumulative, from the start of the year" in result.message
    assert "meant?" not in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_misspelt_realisation_column_is_still_suggested(tmp_path, con):
    header = ["Realisassi" if name == "Realisasi" else name for name in ANGGARAN_HEADER]
    path = write_csv(tmp_path / "a.csv", [anggaran_row(3, "500.000")], header=header)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected" and "(is 'Realisassi' meant?)" in result.message


def test_a_realisation_its_own_sisa_shows_cumulative_is_refused(tmp_path, con):
    """Sisa is the pagu less the year's spending so far: 1.980.000 in February beside a
    Realisasi of 300.000 is 2.280.000 − 300.000, so 300.000 is January and February together.
    Adding the months would count January twice: the file is refused, nothing loads."""
    rows = [anggaran_row(1, "100.000", "2.180.000"), anggaran_row(2, "300.000", "1.980.000"),
            anggaran_row(3, "450.000", "1.830.000")]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert result.status == "rejected"
    assert ("the Realisasi column is cumulative (from January through each month), as the "
            "file's own Sisa column shows: on row 3 (February) Sisa 1,980,000 is 2,280,000 "
            "less that row's Realisasi 300,000 alone, not less the 400,000 spent in the year "
            "so far") in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_monthly_realisation_its_sisa_agrees_with_loads(tmp_path, con):
    rows = [anggaran_row(1, "100.000", "2.180.000"), anggaran_row(2, "200.000", "1.980.000"),
            anggaran_row(3, "150.000", "1.830.000")]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert con.execute("select sum(realisasi) from raw.anggaran").fetchone() == (450_000,)


def test_a_sisa_that_reads_both_ways_is_left_to_the_findings(tmp_path, con):
    """February's Sisa says cumulative, March's monthly: the column is not decided by it, the
    file loads and the marts' sisa_reconcile finding reports the line."""
    rows = [anggaran_row(1, "100.000", "2.180.000"), anggaran_row(2, "300.000", "1.980.000"),
            anggaran_row(3, "150.000", "1.730.000")]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3)


# A year of three lines whose Realisasi is cumulative (s.d. bulan ini): each line's figure
# rises or stays from month to month, never falls, and no line's months add up to more than
# its pagu (2.280.000). No Sisa column to tell.
_LINES = ("2.08.01.1.08.0001", "2.08.01.1.02.0001", "2.08.03.1.01.0001")
_CUMULATIVE = {1: ("100.000", "0", "250.000"), 2: ("300.000", "0", "250.000"),
               3: ("450.000", "80.000", "600.000"), 4: ("450.000", "80.000", "900.000")}


def _three_lines(figures: dict[int, tuple[str, ...]], **changes: str) -> list[list[str]]:
    """Rows of the three lines, month by month; a figure may be `(realisasi, sisa)`."""
    rows = []
    for bulan, values in figures.items():
        for kode, value in zip(_LINES, values, strict=True):
            realisasi, sisa = value if isinstance(value, tuple) else (value, "")
            rows.append(anggaran_row(bulan, realisasi, sisa, **{"Kode Rekening": kode},
                                     **changes))
    return rows


def test_a_realisation_nothing_settles_is_refused(tmp_path, con):
    """Without a Sisa column or a 'Bulan Ini' header, and no line falling or going past its
    pagu, the figures read both ways: loaded as each month's own they would publish
    3.460.000 for four months that spent 1.430.000. The file is refused, nothing loads."""
    path = write_anggaran_csv(tmp_path / "a.csv", _three_lines(_CUMULATIVE))
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("the Realisasi column may be each month's own figure or cumulative (from January "
            "through the month), and nothing settles which: on row 5 (February) 300,000 "
            "follows 100,000 on row 2 (January) of the same line.") in result.message
    assert "write the header as 'Realisasi Bulan Ini' or give a Sisa column" in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


@pytest.mark.parametrize("written", ["Realisasi Bulan Ini", "Realisasi Bln. Ini",
                                     "REALISASI BULAN INI (Rp)"])
def test_the_same_figures_under_a_bulan_ini_header_are_the_months(tmp_path, con, written):
    header = [written if name == "Realisasi" else name for name in ANGGARAN_HEADER]
    path = write_csv(tmp_path / "a.csv", _three_lines(_CUMULATIVE), header=header)
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 12)
    assert con.execute("select sum(realisasi) from raw.anggaran").fetchone() == (3_460_000,)


@pytest.mark.parametrize(("june", "expected"), [
    # Six cumulative months of a line at 900.000 by June add up to 3.800.000, more than its
    # pagu 2.280.000, which each month's own figure would not: refused as cumulative.
    ("450.000", "the Realisasi column is cumulative (from January through each month), as the "
     "pagu shows: the months of row 19's line (2.08.03.1.01.0001) add up to 3,800,000, more "
     "than its pagu 2,280,000, while read from January through the month it stays within it"),
    # One line lowered a little in June (a refund) decides nothing: still cumulative.
    ("420.000", "as the pagu shows: the months of row 19's line (2.08.03.1.01.0001) add up to "
     "3,800,000"),
    # One line down to less than half in June: that line reads as monthly, the other line's
    # pagu as cumulative, so the file is refused as reading both ways, never loaded.
    ("200.000", "the Realisasi column reads both ways: on rows 14 and 17 (May and June) it "
     "falls from 450,000 to 200,000, which a figure from January through the month cannot, "
     "yet the months of row 19's line (2.08.03.1.01.0001) add up to 3,800,000, more than its "
     "pagu 2,280,000"),
])
def test_months_adding_up_past_the_pagu_show_a_cumulative_realisation(tmp_path, con, june,
                                                                      expected):
    figures = {**_CUMULATIVE, 5: ("450.000", "80.000", "900.000"),
               6: (june, "80.000", "900.000")}
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", _three_lines(figures)),
                         "anggaran")
    assert result.status == "rejected"
    assert expected in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_falls_on_two_lines_settle_the_realisation_as_the_months_own(tmp_path, con):
    """Two lines spending less than half in April than in March, none past its pagu: a
    cumulative figure cannot fall so, so the column is each month's own; the ledger says
    which rows showed it."""
    figures = {**_CUMULATIVE, 4: ("200.000", "30.000", "900.000")}
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", _three_lines(figures)),
                         "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 12)
    assert con.execute("select sum(realisasi) from raw.anggaran").fetchone() == (3_160_000,)
    assert ("Realisasi read as each month's own figure: on rows 8 and 11 (March and April) it "
            "falls from 450,000 to 200,000") in result.message


def _cumulative_with_corrections(corrected: int, months: int = 4) -> list[list[str]]:
    """Ten lines written from January through each month (line i spends 100.000 x i a
    month), of which the first `corrected` fall to 50.000 in the last month (corrections)."""
    rows = []
    for bulan in range(1, months + 1):
        for line in range(1, 11):
            value = 50_000 if line <= corrected and bulan == months else 100_000 * bulan * line
            rows.append(anggaran_row(bulan, rupiah(value), **{
                "Kode Rekening": f"2.08.03.1.01.{line:04d}", "Pagu Murni": "50.000.000"}))
    return rows


def test_a_cumulative_file_with_two_corrections_is_not_read_as_months(tmp_path, con):
    """Two lines corrected down in April among eight rising in every month: read as each
    month's own, the file would publish 53.900.000 for 20.900.000 spent. Refused, naming
    the falls and the rising lines."""
    path = write_anggaran_csv(tmp_path / "a.csv", _cumulative_with_corrections(2))
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("the Realisasi column reads both ways: on rows 22 and 32 (March and April) it falls "
            "from 300,000 to 50,000, and 2 lines fall so, which a figure from January through "
            "the month cannot, yet 8 lines rise in every one of their months, as such a figure "
            "does (row 34's line (2.08.03.1.01.0003) from 300,000 in January to 1,200,000 in "
            "April): in a cumulative report a few lines falling are corrections."
            ) in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_lines_falling_as_often_as_others_rise_show_the_months_own(tmp_path, con):
    """Five of ten lines falling to less than half: no cumulative report corrects half its
    lines, so the column is each month's own and loads as written."""
    path = write_anggaran_csv(tmp_path / "a.csv", _cumulative_with_corrections(5))
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 40)
    assert "Realisasi read as each month's own figure" in result.message


def test_one_line_falling_among_rising_ones_settles_nothing(tmp_path, con):
    """A cumulative file whose second line falls to nothing in April (its payment reversed,
    or moved to another sumber dana) while the others rise: that line alone does not make
    the others each month's own, so the file is refused."""
    figures = {**_CUMULATIVE, 4: ("450.000", "0", "900.000")}
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", _three_lines(figures)),
                         "anggaran")
    assert result.status == "rejected"
    assert "one line falling may be a payment reversed or moved" in result.message


def test_steady_figures_read_both_ways(tmp_path, con):
    """190.000 every month is 570.000 in three months as each month's own, 190.000 read
    from January through the month: refused like any figure nothing settles."""
    steady = {bulan: ("190.000", "0", "45.000") for bulan in (1, 2, 3)}
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", _three_lines(steady)),
                         "anggaran")
    assert result.status == "rejected"
    assert "on row 5 (February) 190,000 follows 190,000 on row 2 (January)" in result.message


def test_january_alone_and_a_first_spending_read_one_way(tmp_path, con):
    """January's figure is January's either way, and so is a line's first spending after
    months of nothing: the file loads without a word."""
    january = ingest_file(con, write_anggaran_csv(
        tmp_path / "a.csv", _three_lines({1: _CUMULATIVE[1]})), "anggaran")
    assert (january.status, january.rows_loaded) == ("loaded", 3)
    first = {1: ("0", "0", "0"), 2: ("0", "0", "0"), 3: ("120.000", "35.000", "0")}
    with duckdb.connect(str(tmp_path / "other.duckdb")) as other:
        result = ingest_file(other, write_anggaran_csv(tmp_path / "b.csv", _three_lines(first)),
                             "anggaran")
        assert (result.status, result.rows_loaded) == ("loaded", 9)
        assert other.execute("select sum(realisasi) from raw.anggaran").fetchone() == (155_000,)


def _month_file(tmp_path, bulan: int, values: tuple, folder: str = ""):
    """One month of the three lines, the month read from the file name, no Bulan column;
    `folder`: another folder for a second file of the same month."""
    header = [name for name in ANGGARAN_HEADER if name != "Bulan"]
    rows = [[cell for name, cell in zip(ANGGARAN_HEADER, row, strict=True)
             if name != "Bulan"] for row in _three_lines({bulan: values})]
    (tmp_path / folder).mkdir(exist_ok=True)
    return write_csv(tmp_path / folder / f"realisasi_2023_{bulan:02d}.csv", rows, header=header)


def test_a_month_file_rising_over_the_month_before_it_is_refused(tmp_path, con):
    """The office's month files, one a month: February's, against January's loaded before,
    rises and never falls, so it may be January and February together."""
    january = ingest_file(con, _month_file(tmp_path, 1, _CUMULATIVE[1]), "anggaran")
    assert (january.status, january.rows_loaded) == ("loaded", 3)
    result = ingest_file(con, _month_file(tmp_path, 2, _CUMULATIVE[2]), "anggaran")
    assert result.status == "rejected"
    assert ("nothing settles which: on row 2 (February) 300,000 follows 100,000 in January of "
            "the same line from anggaran 2023 #1.") in result.message
    assert con.execute("select bulan, sum(realisasi) from raw.anggaran group by bulan"
                       ).fetchall() == [(1, 350_000)]


def test_a_month_file_below_the_month_before_it_loads(tmp_path, con):
    ingest_file(con, _month_file(tmp_path, 1, _CUMULATIVE[1]), "anggaran")
    result = ingest_file(con, _month_file(tmp_path, 2, ("40.000", "0", "120.000")), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert ("on row 2 (February) it is 40,000, less than the 100,000 the same line spent "
            "before it (with January from anggaran 2023 #1)") in result.message


def test_a_refund_below_zero_in_a_month_file_shows_it_is_the_months_own(tmp_path, con):
    """February's file, January loaded: one line refunded more than February spent (−50.000)
    and the others rising. A figure from January through February is never below zero, so the
    file is each month's own and loads; January and February add up per line."""
    ingest_file(con, _month_file(tmp_path, 1, _CUMULATIVE[1]), "anggaran")
    result = ingest_file(con, _month_file(tmp_path, 2, ("-50.000", "0", "400.000")), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3), result.message
    assert ("Realisasi read as each month's own figure: on row 2 (February) it is -50,000, "
            "below zero, which a figure from January through the month cannot") in result.message
    assert dict(con.execute("select kode_rekening, sum(realisasi) from raw.anggaran "
                            "group by 1").fetchall()) == {
        _LINES[0]: 50_000.0, _LINES[1]: 0.0, _LINES[2]: 650_000.0}


def test_a_refund_beyond_what_the_loaded_months_spent_is_quarantined(tmp_path, con):
    """February's refund of 150.000 on a line that spent 100.000 in January (loaded from
    January's file) takes it below zero: no correction, quarantined naming the figures; the
    file's other lines load."""
    ingest_file(con, _month_file(tmp_path, 1, _CUMULATIVE[1]), "anggaran")
    result = ingest_file(con, _month_file(tmp_path, 2, ("-150.000", "0", "100.000")), "anggaran")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 2, 1)
    assert quarantine(con) == [(2, "Realisasi", "-150.000", (
        "a negative Realisasi is accepted only as a correction of earlier months, but with the "
        "months loaded before (100,000) it takes the realisasi of its line (or, with a belanja "
        "account, of its account) to -50,000 by February"))]


def test_a_lone_month_after_january_is_refused(tmp_path, con):
    """June's file with nothing of the year loaded: June's own or January to June cannot be
    told, and the refusal says loading the earlier months first would tell."""
    result = ingest_file(con, _month_file(tmp_path, 6, _CUMULATIVE[4]), "anggaran")
    assert result.status == "rejected"
    assert ("nothing settles which: row 2 is of June 2023, and January of 2023 is neither in "
            "the file nor loaded (load the year's earlier months first") in result.message


def test_a_month_whose_rows_were_quarantined_is_named_so_not_missing(tmp_path, con):
    """January, February and March of one line, February's Realisasi '300,000' reading two
    ways (quarantined): March's figure may still be its own or cumulative, so the file is
    refused, but the refusal said February was neither in the file nor loaded, sending the
    officer to look for a file that exists. It names the quarantined row and column now."""
    path = write_anggaran_csv(tmp_path / "a.csv", [
        anggaran_row(1, "100.000"), anggaran_row(2, "300,000"), anggaran_row(3, "450.000")])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("nothing settles which: row 4 is of March 2023, and the file's rows of February "
            "2023 were quarantined (row 3, column Realisasi), so February is not loaded "
            "(correct that row and send the file again, or settle it as below)") \
        in result.message
    assert "neither in the file nor loaded" not in result.message


def test_a_month_files_sisa_is_read_with_the_months_loaded_before(tmp_path, con):
    """February's file with a Sisa column, January loaded: Sisa is the pagu less January and
    February (monthly: loads) or less February's figure alone (cumulative: refused)."""
    ingest_file(con, _month_file(tmp_path, 1, _CUMULATIVE[1]), "anggaran")
    monthly = (("300.000", "1.880.000"), ("0", "2.280.000"), ("250.000", "1.780.000"))
    result = ingest_file(con, _month_file(tmp_path, 2, monthly), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    cumulative = (("400.000", "1.880.000"), ("0", "2.280.000"), ("500.000", "1.780.000"))
    result = ingest_file(con, _month_file(tmp_path, 2, cumulative, "perbaikan"),
                         "anggaran")
    assert result.status == "rejected"
    assert ("as the file's own Sisa column shows: on row 2 (February) Sisa 1,880,000 is "
            "2,280,000 less that row's Realisasi 400,000 alone, not less the 500,000 spent in "
            "the year so far") in result.message


def test_a_corrected_cumulative_month_does_not_replace_a_monthly_one(tmp_path, con):
    """January to April loaded as each month's own (each month file falls on its lines); a
    corrected March exported from January through March: refused, March stays as loaded."""
    months = {1: ("100.000", "60.000", "250.000"), 2: ("40.000", "0", "0"),
              3: ("30.000", "10.000", "100.000"), 4: ("0", "0", "300.000")}
    for bulan, values in months.items():
        assert ingest_file(con, _month_file(tmp_path, bulan, values), "anggaran").status == \
            "loaded"
    corrected = _month_file(tmp_path, 3, ("170.000", "70.000", "350.000"), "perbaikan")
    result = ingest_file(con, corrected, "anggaran")
    assert result.status == "rejected"
    assert ("nothing settles which: on row 2 (March) 170,000 follows 100,000 in January of the "
            "same line from anggaran 2023 #1.") in result.message
    assert con.execute("select sum(realisasi) from raw.anggaran where bulan = 3").fetchone() \
        == (140_000,)


def test_accounts_after_a_month_loaded_per_sub_kegiatan_are_added_up(tmp_path, con):
    """January loaded one row per sub kegiatan; February's SIPD export per belanja account,
    cumulative (the first line's two accounts 180.000 + 120.000 = January's 100.000 and
    February's 200.000): compared per sub kegiatan, accounts added up, it is refused."""
    ingest_file(con, _month_file(tmp_path, 1, _CUMULATIVE[1]), "anggaran")
    header = [name for name in ANGGARAN_HEADER if name != "Bulan"] + ["Kode Rekening Belanja"]
    accounts = [(_LINES[0], "5.1.02.01.01.0024", "180.000"),
                (_LINES[0], "5.1.02.01.01.0026", "120.000"),
                (_LINES[2], "5.1.02.01.01.0024", "250.000")]
    rows = [[cell for name, cell in zip(ANGGARAN_HEADER, anggaran_row(
        2, realisasi, **{"Kode Rekening": kode}), strict=True) if name != "Bulan"] + [akun]
        for kode, akun, realisasi in accounts]
    (tmp_path / "akun").mkdir()
    path = write_csv(tmp_path / "akun" / "realisasi_2023_02.csv", rows, header=header)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("on row 2 (February) 300,000 (its belanja accounts together) follows 100,000 in "
            "January of the same line from anggaran 2023 #1") in result.message


def test_sisa_cells_deciding_both_ways_leave_it_to_the_figures(tmp_path, con):
    """A cumulative quarter whose Sisa shows cumulative on every row but one mistyped cell:
    Sisa does not settle it, and the figures, which never fall, do not either: refused."""
    pagu = 2_280_000
    rows = {bulan: tuple((value, f"{pagu - int(value.replace('.', '')):,}".replace(",", "."))
                         for value in values) for bulan, values in _CUMULATIVE.items()
            if bulan <= 3}
    # March's first cell: the pagu less 100.000 + 300.000 + 450.000, as if monthly.
    rows[3] = ((rows[3][0][0], "1.430.000"), *rows[3][1:])
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", _three_lines(rows)),
                         "anggaran")
    assert result.status == "rejected"
    assert "nothing settles which" in result.message


def test_a_revenue_line_past_its_target_decides_nothing(tmp_path, con):
    """Retribusi passing its target (the pagu of a revenue line) is no sign of a cumulative
    column: the spending lines falling settle the file as each month's own."""
    revenue = {"Kode Rekening": "4.1.02.01", "Kelompok": "Pendapatan",
               "Jenis": "Retribusi Daerah", "Sub Kegiatan": "Retribusi Tempat Penitipan Anak"}
    other = {"Kode Rekening": _LINES[1]}
    rows = [anggaran_row(1, "700.000"), anggaran_row(2, "300.000"),
            anggaran_row(1, "500.000", **other), anggaran_row(2, "100.000", **other),
            anggaran_row(1, "1.500.000", **revenue), anggaran_row(2, "1.600.000", **revenue)]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 6)


def test_a_sheet_writing_plain_realisasi_is_judged_in_a_book_of_bulan_ini_sheets(tmp_path,
                                                                                 con):
    """Sheets Januari and Februari headed 'Realisasi Bulan Ini', sheet Maret a plain
    'Realisasi' that is January to March: the book is judged by its plain sheet, refused."""
    book = Workbook()
    book.remove(book.active)
    for bulan, title in ((1, "Januari"), (2, "Februari"), (3, "Maret")):
        sheet = book.create_sheet(title)
        realisasi = "Realisasi" if bulan == 3 else "Realisasi Bulan Ini"
        sheet.append([realisasi if name == "Realisasi" else name for name in ANGGARAN_HEADER])
        own = {1: ("100.000", "0", "250.000"), 2: ("200.000", "30.000", "0"),
               3: ("450.000", "30.000", "600.000")}[bulan]
        for row in _three_lines({bulan: own}):
            sheet.append(row)
    book.save(tmp_path / "realisasi_2023.xlsx")
    result = ingest_file(con, tmp_path / "realisasi_2023.xlsx", "anggaran")
    assert result.status == "rejected"
    assert "the Realisasi column may be each month's own figure or cumulative" in result.message


def test_a_pagu_perubahan_of_zero_is_no_pagu_yet(tmp_path, con):
    """Pagu Perubahan written 0 before the APBD-P: Sisa is measured against the Pagu Murni,
    so a monthly Sisa settles the file (it was refused against a pagu of 0)."""
    rows = [anggaran_row(1, "100.000", "2.180.000", **{"Pagu Perubahan": "0"}),
            anggaran_row(2, "300.000", "1.880.000", **{"Pagu Perubahan": "0"}),
            anggaran_row(3, "450.000", "1.430.000", **{"Pagu Perubahan": "0"})]
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert ("Realisasi read as each month's own figure, as the Sisa column shows: the pagu less "
            "the year's spending so far on 2 rows") in result.message
    assert ("Pagu Perubahan is 0 on every line of 2023: read as no APBD-P yet, the Pagu Murni "
            "holds") in result.message
    assert con.execute("select distinct pagu_murni, pagu_perubahan from raw.anggaran"
                       ).fetchall() == [(2_280_000.0, None)]


def test_a_line_the_apbd_p_ended_keeps_its_pagu_perubahan_of_zero(tmp_path, con):
    """Beside lines with a revised figure, a 0 is the APBD-P ending that line: kept, and the
    file says nothing of a Pagu Perubahan not set."""
    other = {"Kode Rekening": "2.08.01.1.08.0002", "Sub Kegiatan": "Penyediaan Jasa Komunikasi"}
    rows = [anggaran_row(9, "0", **{"Pagu Perubahan": "0"}),
            anggaran_row(9, "150.000", **other, **{"Pagu Perubahan": "3.000.000"})]
    header = ["Realisasi Bulan Ini" if name == "Realisasi" else name for name in ANGGARAN_HEADER]
    path = write_csv(tmp_path / "a.csv", rows, encoding="cp1252", header=header)
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert "no APBD-P yet" not in result.message
    assert con.execute("select kode_rekening, pagu_murni, pagu_perubahan from raw.anggaran "
                       "order by kode_rekening").fetchall() == [
        ("2.08.01.1.08.0001", 2_280_000.0, 0.0), ("2.08.01.1.08.0002", 2_280_000.0, 3_000_000.0)]


_MONTHLY = ["Realisasi Bulan Ini" if name == "Realisasi" else name for name in ANGGARAN_HEADER]
_PHA = {"Kode Rekening": "2.08.03.1.01.0002", "Sub Kegiatan": "Penyediaan Layanan Rujukan",
        "Bidang": "Bidang PHA"}
_PHA_2 = {**_PHA, "Kode Rekening": "2.08.03.1.01.0003", "Sub Kegiatan": "Penguatan Jejaring"}


def _bidang_file(path, bulan, realisasi="0"):
    """One bidang's lines of a month, every Pagu Perubahan written 0."""
    rows = [anggaran_row(bulan, realisasi, **_PHA, **{"Pagu Perubahan": "0"}),
            anggaran_row(bulan, "0", **_PHA_2, **{"Pagu Perubahan": "0"})]
    return write_csv(path, rows, encoding="cp1252", header=_MONTHLY)


def _apbd_p_loaded(con, tmp_path):
    """September of the whole DPA after the APBD-P: the Sekretariat's line revised, the
    Bidang PHA's two lines ended (0)."""
    rows = [anggaran_row(9, "150.000", **{"Pagu Perubahan": "3.000.000"}),
            anggaran_row(9, "0", **_PHA, **{"Pagu Perubahan": "0"}),
            anggaran_row(9, "0", **_PHA_2, **{"Pagu Perubahan": "0"})]
    path = write_csv(tmp_path / "realisasi_2023_09.csv", rows, encoding="cp1252",
                     header=_MONTHLY)
    assert ingest_file(con, path, "anggaran").status == "loaded"


def test_one_bidangs_file_of_zeros_spending_nothing_says_it_cannot_be_told(tmp_path, con):
    """A file of one bidang's lines, each Pagu Perubahan 0 and nothing spent: no APBD-P yet,
    or an APBD-P that ended the bidang's lines. It was emptied as 'no APBD-P yet' as surely
    as a whole DPA; the Pagu Murni still holds, and the ledger says it cannot be told."""
    result = ingest_file(con, _bidang_file(tmp_path / "a.csv", 2), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert con.execute("select distinct pagu_perubahan from raw.anggaran").fetchall() == [
        (None,)]
    assert ("Pagu Perubahan is 0 on every line of 2023: read as no APBD-P yet, the Pagu Murni "
            "holds; but the file may hold only part of the DPA (one bidang, or not the lines "
            "loaded before) and no line of 2023 spends: whether the APBD-P ended these lines "
            "cannot be told") in result.message


def test_a_bidangs_zeros_after_the_apbd_p_is_loaded_are_lines_it_ended(tmp_path, con):
    """The APBD-P's figures of 2023 loaded for September: October's file of the Bidang PHA,
    0 on its lines and nothing spent, is those lines ended (kept 0), not 'no APBD-P yet'
    (emptied, so the marts said the Pagu Murni of 2,280,000 still held)."""
    _apbd_p_loaded(con, tmp_path)
    result = ingest_file(con, _bidang_file(tmp_path / "realisasi_2023_10.csv", 10),
                         "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert con.execute("select distinct pagu_perubahan from raw.anggaran where bulan = 10"
                       ).fetchall() == [(0,)]
    assert ("Pagu Perubahan is 0 on every line of 2023: read as lines the APBD-P ended, as "
            "anggaran 2023 #1 holds the APBD-P's figures of 2023 (September)") in result.message
    assert "no APBD-P yet" not in result.message


def test_zeros_on_lines_spending_after_the_apbd_p_is_loaded_refuse_the_file(tmp_path, con):
    _apbd_p_loaded(con, tmp_path)
    result = ingest_file(con, _bidang_file(tmp_path / "realisasi_2023_10.csv", 10,
                                           "50.000"), "anggaran")
    assert result.status == "rejected"
    assert ("Pagu Perubahan is 0 on every line of 2023, yet row 2 spends (a line the APBD-P "
            "ended to 0 spends nothing) and anggaran 2023 #1 loaded the APBD-P's figures of 2023 "
            "(September): these 0 are neither the APBD-P's figures nor 'no APBD-P yet'"
            ) in result.message
    assert con.execute("select count(*) from raw.anggaran where bulan = 10").fetchone() == (0,)


# --- the APBD murni and the APBD Perubahan ---------------------------------------------------

_LRA_ID = ["Kode Rekening", "Program", "Kegiatan", "Sub Kegiatan", "Bidang", "Sumber Dana",
           "Kelompok", "Jenis"]
# Three lines: (their identifying cells, Pagu Murni, Realisasi of September).
_APBD_LINES = [
    (["2.08.03.1.01.0002", "PROGRAM PERLINDUNGAN PEREMPUAN", "Penyediaan Layanan Rujukan",
      "Penyediaan Layanan Pengelolaan Kasus", "Bidang PP", "DAK NF", "Belanja", BJ],
     245_000_000, 10_000_000),
    (["2.08.07.1.01.0001", "PROGRAM PERLINDUNGAN KHUSUS ANAK", "Pencegahan Kekerasan",
      "Koordinasi Pencegahan Kekerasan terhadap Anak", "Bidang PKA", "PAD", "Belanja", BJ],
     150_000_000, 5_000_000),
    (["2.08.01.1.08.0001", "PROGRAM PENUNJANG", "Penyediaan Jasa Penunjang",
      "Penyediaan Jasa Surat Menyurat", "Sekretariat", "PAD", "Belanja", BJ],
     80_000_000, 4_000_000)]
_RAISED = 20_000_000  # what the APBD-P adds to every line


def _sheet_rows(title: str, raised: int = 0, lines=_APBD_LINES, header="Pagu"):
    """An LRA sheet of September 2023 (no Tahun/Bulan columns): four title rows, the header
    on row 5, the lines from row 6, their pagu raised by `raised`."""
    return ([["LAPORAN REALISASI ANGGARAN"], ["DINAS PEMBERDAYAAN PEREMPUAN"], [title], []]
            + [_LRA_ID + [header, "Realisasi Bulan Ini"]]
            + [[*cells, pagu + raised, realisasi] for cells, pagu, realisasi in lines])


def _lra_workbook(path, sheets: list[tuple[str, list[list[object]]]]):
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _august(tmp_path, con):
    """August's LRA with its plain Pagu (the Pagu Murni), loaded."""
    rows = [[*cells, rupiah(pagu), rupiah(8_000_000)] for cells, pagu, _r in _APBD_LINES]
    path = write_csv(tmp_path / "lra_2023_08.csv", rows,
                     header=[*_LRA_ID, "Pagu", "Realisasi Bulan Ini"])
    assert ingest_file(con, path, "anggaran").status == "loaded"


def _pagu_of_month(con, bulan):
    return con.execute("select kode_rekening, pagu_murni, pagu_perubahan from raw.anggaran "
                       "where bulan = ? order by kode_rekening", [bulan]).fetchall()


_REVISED = [("2.08.01.1.08.0001", 80_000_000.0, 100_000_000.0),
            ("2.08.03.1.01.0002", 245_000_000.0, 265_000_000.0),
            ("2.08.07.1.01.0001", 150_000_000.0, 170_000_000.0)]


@pytest.mark.parametrize(("sheet", "title", "evidence"), [
    ("APBD Perubahan", "LRA APBD PERUBAHAN BULAN SEPTEMBER 2023", "sheet 'APBD Perubahan'"),
    ("LRA", "LRA APBD-P BULAN SEPTEMBER 2023",
     "title row 3 ('LRA APBD-P BULAN SEPTEMBER 2023')"),
    ("LRA", "REALISASI P-APBD BULAN SEPTEMBER 2023",
     "title row 3 ('REALISASI P-APBD BULAN SEPTEMBER 2023')"),
    ("LRA", "LRA PERUBAHAN APBD BULAN SEPTEMBER 2023",
     "title row 3 ('LRA PERUBAHAN APBD BULAN SEPTEMBER 2023')"),
    ("LRA", "REALISASI DPPA BULAN SEPTEMBER 2023",
     "title row 3 ('REALISASI DPPA BULAN SEPTEMBER 2023')"),
    ("LRA", "REALISASI DPA PERUBAHAN BULAN SEPTEMBER 2023",
     "title row 3 ('REALISASI DPA PERUBAHAN BULAN SEPTEMBER 2023')"),
])
def test_a_file_saying_it_is_the_apbd_perubahan_reads_its_plain_pagu_as_the_pagu_perubahan(
        tmp_path, con, sheet, title, evidence):
    """September's LRA of the APBD-P writes one plain `Pagu`, 20.000.000 above August's: it
    was loaded as the Pagu Murni (the pergeseran mart then said `tetap`). Now it is the Pagu
    Perubahan, and the Pagu Murni of each line is August's."""
    _august(tmp_path, con)
    path = _lra_workbook(tmp_path / "lra_2023_09.xlsx",
                         [(sheet, _sheet_rows(title, _RAISED))])
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert f"{evidence}: 'Pagu' read as the Pagu Perubahan" in result.message
    assert "the lines' Pagu Murni taken from anggaran 2023 #1" in result.message
    assert _pagu_of_month(con, 9) == _REVISED
    assert result.findings == []


def test_a_pagu_murni_header_stays_the_pagu_murni_in_an_apbd_p_file(tmp_path, con):
    """`Pagu Murni` names its figure: a title saying APBD-P changes nothing."""
    path = _lra_workbook(tmp_path / "lra_2023_09.xlsx", [(
        "LRA", _sheet_rows("LRA APBD-P BULAN SEPTEMBER 2023", header="Pagu Murni"))])
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert "read as the Pagu Perubahan" not in result.message
    assert [pagu for _k, pagu, _p in _pagu_of_month(con, 9)] == [80_000_000.0, 245_000_000.0,
                                                       150_000_000.0]


def test_an_apbd_p_file_with_no_pagu_murni_anywhere_quarantines_its_lines(tmp_path, con):
    """The APBD-P's file first in the year: its Pagu is the Pagu Perubahan, and no Pagu Murni
    is known; never loaded as the Pagu Murni."""
    path = _lra_workbook(tmp_path / "lra_2023_09.xlsx", [(
        "LRA", _sheet_rows("LRA APBD-P BULAN SEPTEMBER 2023", _RAISED))])
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (0, 3)
    assert [(row, column, reason) for row, column, _value, reason in quarantine(con)][0] == (
        6, "Pagu",
        "this sheet is the APBD Perubahan's, so its Pagu is read as the Pagu Perubahan, and "
        "the line's Pagu Murni is in no file of its year loaded before: load a file with the "
        "APBD murni's Pagu first, or write both as 'Pagu Murni | Pagu Perubahan'")


@pytest.mark.parametrize("perubahan_first", [False, True])
def test_a_workbook_of_the_apbd_murni_and_perubahan_sheets_loads_both_pagu(
        tmp_path, con, perubahan_first):
    """Sheets `APBD Murni` and `APBD Perubahan` of September, each with a plain Pagu: the
    second sheet's rows were quarantined as duplicates (naming a Bulan column the file does
    not have) and the Pagu Perubahan stayed empty. Now one row per line holds both; a line
    only the APBD-P holds is a line it added (Pagu Murni 0)."""
    murni = ("APBD Murni", _sheet_rows("BULAN SEPTEMBER 2023", lines=_APBD_LINES[:2]))
    perubahan = ("APBD Perubahan", _sheet_rows("BULAN SEPTEMBER 2023", _RAISED))
    sheets = [perubahan, murni] if perubahan_first else [murni, perubahan]
    result = ingest_file(con, _lra_workbook(tmp_path / "lra_2023_09.xlsx", sheets), "anggaran")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 3, 0)
    assert _pagu_of_month(con, 9) == [("2.08.01.1.08.0001", 0.0, 100_000_000.0), *_REVISED[1:]]
    assert ("2 rows of the sheet of the APBD murni give the Pagu Murni of their lines (not "
            "loaded as rows of their own)") in result.message
    assert ("1 line of the APBD Perubahan is on no row of the sheet of the APBD murni: a line "
            "it added, Pagu Murni 0 (rows 8 (sheet 'APBD Perubahan'))") in result.message
    assert quarantine(con) == []


def test_murni_and_perubahan_sheets_spending_differently_refuse_the_file(tmp_path, con):
    murni = ("APBD Murni", _sheet_rows("BULAN SEPTEMBER 2023"))
    lines = [_APBD_LINES[0], (_APBD_LINES[1][0], _APBD_LINES[1][1], 7_000_000), _APBD_LINES[2]]
    perubahan = ("APBD Perubahan", _sheet_rows("BULAN SEPTEMBER 2023", _RAISED, lines=lines))
    result = ingest_file(con, _lra_workbook(tmp_path / "lra_2023_09.xlsx", [murni, perubahan]),
                         "anggaran")
    assert result.status == "rejected"
    assert ("rows 7 (sheet 'APBD Murni') and 7 (sheet 'APBD Perubahan') are the same line and "
            "month on the sheet of the APBD murni and of the APBD Perubahan, but their "
            "Realisasi differ (5,000,000, 7,000,000)") in result.message


def test_a_line_twice_on_the_murni_sheet_refuses_the_file(tmp_path, con):
    """Which of the murni sheet's two rows of a line pairs with the APBD-P's cannot be told:
    neither is guessed (one loaded without its Pagu Perubahan)."""
    murni = ("APBD Murni", _sheet_rows("BULAN SEPTEMBER 2023",
                                       lines=[*_APBD_LINES, _APBD_LINES[0]]))
    perubahan = ("APBD Perubahan", _sheet_rows("BULAN SEPTEMBER 2023", _RAISED))
    result = ingest_file(con, _lra_workbook(tmp_path / "lra_2023_09.xlsx", [murni, perubahan]),
                         "anggaran")
    assert result.status == "rejected"
    assert ("row 6 (sheet 'APBD Perubahan') is one line and month with rows 6, 9 (sheet 'APBD "
            "Murni') of the other sheet") in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)

def test_a_pagu_murni_changing_between_months_is_a_finding(tmp_path, con):
    """September writes a plain Pagu 20.000.000 above August's with nothing saying APBD-P:
    it loads as written, never silently: a finding per line names both figures and August's
    file."""
    _august(tmp_path, con)
    path = _lra_workbook(tmp_path / "lra_2023_09.xlsx",
                         [("LRA", _sheet_rows("LRA BULAN SEPTEMBER 2023", _RAISED))])
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert result.findings[0] == (
        "row 6: Pagu 265,000,000 differs from the line's Pagu Murni 245,000,000 in anggaran "
        "2023 #1 (August): the APBD murni does not change within a year. If this file is the "
        "APBD Perubahan, name the column 'Pagu Perubahan' (or say 'APBD Perubahan' in its "
        "title) and load it again")
    assert con.execute("select check_name, count(*) from raw.ingest_findings group by 1"
                       ).fetchall() == [("pagu_murni_differs", 3)]


def test_two_sheets_of_one_month_name_no_bulan_column_the_file_lacks(tmp_path, con):
    """A line twice in a month of a file without a Bulan column: the quarantine names the
    Kode Rekening and the month, never a `Bulan` column."""
    sheets = [(name, _sheet_rows("BULAN SEPTEMBER 2023")) for name in ("Sheet1", "Sheet2")]
    result = ingest_file(con, _lra_workbook(tmp_path / "lra_2023_09.xlsx", sheets), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 3)
    column, value, reason = con.execute(
        "select column_name, value, reason from raw.anggaran_quarantine order by sheet, "
        "source_row limit 1").fetchone()
    assert (column, value) == ("Kode Rekening", "2.08.03.1.01.0002")
    assert reason.startswith("duplicate line: Kode Rekening 2.08.03.1.01.0002, Sumber Dana "
                             "DAK NF, Jenis Belanja Barang dan Jasa already has a row for "
                             "month September (row 6 (sheet 'Sheet1'))")


@pytest.mark.parametrize(("murni", "perubahan"), [
    ("Pagu Sebelum Perubahan", "Pagu Setelah Perubahan"),
    ("Pagu Induk", "Pagu Perubahan"),
    ("Pagu Murni", "Pagu Sesudah Perubahan"),
])
def test_the_standard_names_of_the_two_pagu_are_read(tmp_path, con, murni, perubahan):
    """`Pagu Sebelum Perubahan`, `Pagu Induk` (the murni), `Pagu Setelah/Sesudah Perubahan`
    were refused: required column missing, Pagu Murni."""
    rows = [anggaran_row(9, "150.000", **{"Pagu Perubahan": "3.000.000"})]
    header = [{"Pagu Murni": murni, "Pagu Perubahan": perubahan}.get(name, name)
              for name in _MONTHLY]
    result = ingest_file(con, write_csv(tmp_path / "a.csv", rows, header=header), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 1)
    assert con.execute("select pagu_murni, pagu_perubahan from raw.anggaran").fetchall() == [
        (2_280_000.0, 3_000_000.0)]


@pytest.mark.parametrize(("written", "said"), [
    ("% Realisasi", "'% Realisasi' is a percentage, not the figure itself: the figure is "
                    "needed"),
    ("Persentase Realisasi", "'Persentase Realisasi' is a percentage, not the figure itself"),
    ("Realisasi TW II", "'Realisasi TW II' is the figure of a quarter or a half year, not of "
                        "one month: the month's own figure is needed, one file per month"),
    ("Realisasi Semester I", "'Realisasi Semester I' is the figure of a quarter or a half "
                             "year"),
])
def test_a_missing_realisasi_beside_a_share_or_a_quarter_says_what_it_is(
        tmp_path, con, written, said):
    """`% Realisasi` and `Realisasi TW II` were offered as the Realisasi ('is … meant?'):
    taking the advice loads a percentage or a quarter as a month's spending."""
    header = [written if name == "Realisasi Bulan Ini" else name for name in _MONTHLY]
    path = write_csv(tmp_path / "lra_2023_06.csv", [anggaran_row(6, "20")], header=header)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert f"required column(s) missing: Realisasi ({said}" in result.message
    assert "meant?" not in result.message


def test_a_month_per_column_says_to_write_a_row_per_month(tmp_path, con):
    """`Realisasi` spanning `Jan … Des`: it was told to 'name each column in one header
    row', which gives twelve unread columns; now: a row per month, or a file per month."""
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
              "Des"]
    rows = [["TAHUN ANGGARAN 2023"], [], [*_LRA_ID, "Pagu", "Realisasi", *[""] * 11],
            [*[""] * 9, *months]]
    rows += [[*cells, pagu, *[realisasi] * 12] for cells, pagu, realisasi in _APBD_LINES]
    path = _lra_workbook(tmp_path / "realisasi_per_bulan_2023.xlsx", [("2023", rows)])
    book = load_workbook(path)
    for column in "ABCDEFGHI":
        book["2023"].merge_cells(f"{column}3:{column}4")
    book["2023"].merge_cells("J3:U3")
    book.save(path)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("the header Realisasi spans 12 columns named 'Jan', 'Feb', 'Mar', 'Apr', 'Mei', "
            "'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des' on row 4 below it: a month per "
            "column, which is not read. Write one row per line and month (a Bulan column), or "
            "send one file per month") in result.message


_LRA_HEADER = ["Tahun", "Bulan", "Kode Rekening", "Program", "Kegiatan", "Uraian", "Bidang",
               "Sumber Dana", "Kelompok", "Jenis", "Pagu Murni", "Realisasi"]


def _lra_of_two_months(february_belanja: str) -> list[list[str]]:
    """January and February of an LRA in one sheet, each month with its own JUMLAH
    PENDAPATAN, JUMLAH BELANJA and SURPLUS / (DEFISIT) rows."""
    def line(bulan, kode, realisasi, kelompok="Belanja", jenis="Belanja Barang dan Jasa"):
        return ["2023", str(bulan), kode, "", "", f"Uraian {kode}", "Sekretariat", "PAD",
                kelompok, jenis, "50.000.000", realisasi]

    def total(label, realisasi):
        return [label, *[""] * 10, realisasi]

    rows = []
    for bulan, (pendapatan, a, b, belanja, surplus) in {
            1: ("2.000.000", "3.000.000", "6.000.000", "9.000.000", "(7.000.000)"),
            2: ("500.000", "1.000.000", "2.000.000", february_belanja, "(2.500.000)")}.items():
        rows += [line(bulan, "4.1.02.01", pendapatan, "Pendapatan", "Retribusi Daerah"),
                 total("JUMLAH PENDAPATAN", pendapatan),
                 line(bulan, "2.08.02.1.01.0001", a), line(bulan, "2.08.07.1.01.0001", b),
                 total("JUMLAH BELANJA", belanja), total("SURPLUS / (DEFISIT)", surplus)]
    return rows


def test_each_months_subtotals_of_an_lra_add_up_that_month(tmp_path, con):
    """Right subtotals of both months reconcile; February's JUMLAH BELANJA 3.500.000 is a
    finding measured against February's 3.000.000, not the file's 12.000.000."""
    right = write_csv(tmp_path / "a.csv", _lra_of_two_months("3.000.000"), header=_LRA_HEADER)
    result = ingest_file(con, right, "anggaran")
    assert (result.status, result.rows_loaded, result.rows_dropped, result.findings) == (
        "loaded", 6, 6, [])
    wrong = write_csv(tmp_path / "b.csv", _lra_of_two_months("3.500.000"), header=_LRA_HEADER)
    with duckdb.connect(str(tmp_path / "other.duckdb")) as other:
        result = ingest_file(other, wrong, "anggaran")
    assert result.status == "loaded"
    assert result.findings == [
        "the JUMLAH BELANJA row gives realisasi = 3.500.000 but the rows of kelompok = "
        "Belanja of month 2 sum to 3.000.000 (all the sheet's months: 12.000.000)"]


def test_each_year_of_a_file_is_judged_on_its_own(tmp_path, con):
    """A 2022 that falls (monthly) does not settle a cumulative 2023 in the same file."""
    falls = {1: ("300.000", "0", "100.000"), 2: ("100.000", "0", "50.000")}
    rows = _three_lines(falls, Tahun="2022") + _three_lines(_CUMULATIVE)
    result = ingest_file(con, write_anggaran_csv(tmp_path / "a.csv", rows), "anggaran")
    assert result.status == "rejected"
    assert "nothing settles which: on row 11 (February) 300,000 follows 100,000" in result.message


# --- the schema on frames ----------------------------------------------------------------

def _frame(**changes) -> pd.DataFrame:
    row = {
        "_row": 2, "tahun": 2023, "bulan": 7, "kode_rekening": "2.08.01.1.08.0001",
        "akun_belanja": None, "akun_belanja_kode": None,
        "urusan_kode": "2.08", "program_kode": "2.08.01", "kegiatan_kode": "2.08.01.1.08",
        "sub_kegiatan_kode": "2.08.01.1.08.0001", "akun_kode": None,
        "program": "Program Penunjang", "kegiatan": "Penyediaan Jasa Penunjang",
        "sub_kegiatan": "Penyediaan Jasa Surat Menyurat", "bidang": "SEKRETARIAT",
        "sumber_dana": "PAD", "kelompok": "Belanja", "jenis": "Belanja Barang dan Jasa",
        "pagu_murni": 2_280_000.0, "pagu_perubahan": None, "realisasi": 150_000.0,
        "sisa": 1_019_000.0,
    }
    row.update(changes)
    return pd.DataFrame([row])


def test_a_good_frame_passes():
    frame = _frame()
    # a wrong sisa is a reconciliation finding (dbt), not a reason to reject the row
    assert validate_fields(frame, "anggaran") == []
    assert validate_rules(frame, RULES) == []


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"realisasi": -1.0, "bulan": 1}, "realisasi"),
        ({"kelompok": "Pendapatan"}, "jenis"),
        ({"sub_kegiatan": None}, "sub_kegiatan"),
        ({"bidang": "Bidang Rahasia"}, "bidang"),
        ({"tahun": 1999}, "tahun"),
    ],
)
def test_bad_frames_name_the_column_to_fix(changes, column):
    frame = _frame(**changes)
    issues = validate_fields(frame, "anggaran")
    issues += validate_rules(frame, RULES, issues)
    assert column in {issue.column for issue in issues}


# --- exports per belanja account (SIPD) --------------------------------------------------

ACCOUNT_ROWS = len(SIPD_ACCOUNTS) * 2  # 11 accounts, two months
TOTAL_REALISASI = sum(sum(akun.realisasi) for akun in SIPD_ACCOUNTS)


def _lines_in_raw(con) -> dict[tuple, tuple]:
    rows = con.execute(
        "select sub_kegiatan_kode, sumber_dana, jenis, count(*), count(distinct "
        "akun_belanja_kode), sum(realisasi) from raw.anggaran group by all").fetchall()
    return {tuple(row[:3]): tuple(row[3:]) for row in rows}


def test_every_account_row_loads_and_the_jumlah_reconciles(tmp_path, con):
    path = write_sipd_csv(tmp_path / "sipd.csv", sipd_account_rows(), jumlah=TOTAL_REALISASI)
    result = ingest_file(con, path, "anggaran")
    assert TOTAL_REALISASI == 59_500_000
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (22, 0, 1)
    assert result.findings == [] and "1 total row(s) dropped and reconciled" in result.message
    assert _lines_in_raw(con) == {
        ("2.08.03.1.01.0002", "DAK NF", BJ): (6, 3, 22_250_000),
        ("2.08.03.1.01.0002", "DAK NF", MODAL): (4, 2, 23_250_000),
        ("2.08.01.1.08.0001", "PAD", BJ): (4, 2, 880_000),
        ("2.08.07.1.02.0001", "DAK NF", BJ): (8, 4, 13_120_000),
    }
    # the account code is read from the start of the cell; the cell itself is kept
    assert con.execute(
        "select akun_belanja_kode, akun_belanja, realisasi from raw.anggaran "
        "where bulan = 2 and akun_belanja_kode = '5.1.02.01.01.0026'").fetchall() == [
        ("5.1.02.01.01.0026", "5.1.02.01.01.0026 Belanja Alat/Bahan untuk Kegiatan "
         "Kantor-Bahan Cetak", -200_000)]  # the refund: a correction of this account


def test_the_same_account_twice_in_a_month_is_quarantined_and_the_jumlah_says_so(tmp_path,
                                                                                 con):
    rows = sipd_account_rows()
    rows.insert(3, dict(rows[0]))  # file row 5 repeats file row 2 (ATK of 2.08.03.1.01.0002)
    path = write_sipd_csv(tmp_path / "sipd.csv", rows, jumlah=TOTAL_REALISASI + 2_500_000)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (22, 1, 1)
    assert quarantine(con) == [(5, "Kode Rekening", rows[0]["Kode Rekening"], (
        "duplicate account: Kode Rekening 5.1.02.01.01.0024 of Kode Sub Kegiatan "
        "2.08.03.1.01.0002, Sumber Dana DAK NF, Jenis Belanja Belanja Barang dan Jasa already "
        "has a row for Bulan 1 (row 2); this row is not loaded"))]
    # The JUMLAH counted the duplicate: the rows read add up to it, the rows loaded do not.
    assert con.execute("select check_name, expected, actual, difference from "
                       "raw.ingest_findings").fetchall() == [
        ("total_row_sum", 62_000_000, 59_500_000, 2_500_000)]
    assert ("the quarantined rows among them hold 2.500.000: the rows loaded sum to "
            "59.500.000") in result.findings[0]
    assert "the loaded rows do not add up to 1 of them" in result.message
    assert "dropped and reconciled" not in result.message


def test_a_jumlah_without_the_duplicate_reconciles_with_the_rows_loaded(tmp_path, con):
    rows = sipd_account_rows()
    rows.insert(3, dict(rows[0]))
    path = write_sipd_csv(tmp_path / "sipd.csv", rows, jumlah=TOTAL_REALISASI)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.findings) == (22, 1, [])
    assert "1 total row(s) dropped and reconciled" in result.message


def _with_line_rows(rows: list[dict[str, str]], changes: dict | None = None
                    ) -> list[dict[str, str]]:
    """SIPD's layout with each line's row (no account) above its accounts: line rows of
    `sipd_line_rows`, then the line's account rows. `changes` alter the first line row."""
    out = []
    lines = sipd_line_rows()
    for at, line in enumerate(lines):
        out.append({**line, **(changes or {})} if at == 0 else line)
        out += [row for row in rows if (row["Bulan"], row["Kode Sub Kegiatan"],
                                        row["Sumber Dana"], row["Jenis Belanja"]) ==
                (line["Bulan"], line["Kode Sub Kegiatan"], line["Sumber Dana"],
                 line["Jenis Belanja"])]
    return out


def test_a_line_row_that_sums_its_accounts_is_their_subtotal(tmp_path, con):
    path = write_sipd_csv(tmp_path / "sipd.csv", _with_line_rows(sipd_account_rows()),
                          jumlah=TOTAL_REALISASI)
    result = ingest_file(con, path, "anggaran")
    # 8 line rows (4 lines x 2 months) dropped as subtotals, the JUMLAH row too
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (31, 22, 0, 9)
    assert result.findings == []
    assert "8 line rows equal to the sum of their belanja account rows dropped" in result.message
    assert con.execute("select count(*) from raw.anggaran where akun_belanja_kode is null"
                       ).fetchall() == [(0,)]
    assert con.execute("select sum(realisasi) from raw.anggaran").fetchall() == [(59_500_000,)]


@pytest.mark.parametrize(("flagged_row", "flagged", "quarantined"), [
    (0, 0, []),  # the dropped subtotal's cell: not loaded, so nothing is flagged
    (1, 1, [(3, "Nama Unit Kerja")]),  # an account row's cell: loaded, flagged
])
def test_only_loaded_rows_count_their_flagged_cells(tmp_path, con, flagged_row, flagged,
                                                    quarantined):
    """An unknown unit (optional column: the row loads, the cell is flagged) on the line
    row dropped as its accounts' subtotal, or on one of those accounts."""
    rows = _with_line_rows(sipd_account_rows())
    assert "Kode Rekening" not in rows[0] and rows[1]["Kode Rekening"]
    rows[flagged_row] = {**rows[flagged_row], "Nama Unit Kerja": "Bagian Entah Berantah"}
    path = write_sipd_csv(tmp_path / "sipd.csv", rows, jumlah=TOTAL_REALISASI)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_dropped, result.cells_flagged) == (22, 9, flagged)
    assert [row[:2] for row in quarantine(con)] == quarantined
    assert con.execute("select cells_flagged from raw.ingest_ledger").fetchall() == [(flagged,)]
    assert ("cell(s) of optional columns flagged" in result.message) == bool(flagged)


def test_a_line_row_that_restates_its_sub_kegiatan_in_the_account_column_is_the_line(
        tmp_path, con):
    """SIPD writes the line above its accounts with the sub kegiatan's own code and name in
    the account column: that names no account, so the row is the line (here their subtotal,
    dropped and reconciled), not an account of the wrong jenis."""
    lines = [{**line, "Kode Rekening": f"{line['Kode Sub Kegiatan']} {line['Nama Sub Kegiatan']}"}
             for line in sipd_line_rows()]
    rows = []
    for line in lines:
        rows.append(line)
        rows += [row for row in sipd_account_rows()
                 if (row["Bulan"], row["Kode Sub Kegiatan"], row["Sumber Dana"],
                     row["Jenis Belanja"]) == (line["Bulan"], line["Kode Sub Kegiatan"],
                                               line["Sumber Dana"], line["Jenis Belanja"])]
    path = write_sipd_csv(tmp_path / "sipd.csv", rows, jumlah=TOTAL_REALISASI)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (31, 22, 0, 9)
    assert con.execute("select sum(realisasi) from raw.anggaran").fetchall() == [(59_500_000,)]


def test_a_line_row_that_is_not_the_sum_of_its_accounts_is_quarantined_with_them(tmp_path,
                                                                                  con):
    rows = _with_line_rows(sipd_account_rows(), {"Realisasi Bulan Ini": "3.900.000,00",
                                                 "Sisa Anggaran": ""})
    path = write_sipd_csv(tmp_path / "sipd.csv", rows)
    result = ingest_file(con, path, "anggaran")
    # month 1 of 2.08.03.1.01.0002 (Barang dan Jasa): line row 2 and its accounts, rows 3-5
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (19, 4, 7)
    found = quarantine(con)
    assert [(row, column) for row, column, _, _ in found] == [
        (2, "Kode Rekening"), (3, "Kode Rekening"), (4, "Kode Rekening"),
        (5, "Kode Rekening")]
    assert found[0][3] == (
        "a line row without Kode Rekening beside 3 account row(s) of the same Kode Sub "
        "Kegiatan, sumber dana, jenis and Bulan (rows 3, 4, 5), but not their sum (realisasi "
        "3,900,000, the accounts 3,700,000): it cannot be told whether it is their subtotal "
        "or one more row, so neither is loaded")
    assert "(row 2) that is not the sum of its accounts" in found[1][3]
    # never counted twice, never half: the line's month 1 is not in raw at all
    assert con.execute("select count(*) from raw.anggaran where bulan = 1 and "
                       "sub_kegiatan_kode = '2.08.03.1.01.0002' and jenis = ?", [BJ]
                       ).fetchall() == [(0,)]


def test_a_negative_that_takes_one_account_below_zero_is_quarantined(tmp_path, con):
    """The line stays above zero (other accounts spent more), but the account never spent
    what the negative reverses: no correction of this account."""
    accounts = [replace(SIPD_ACCOUNTS[0], realisasi=(2_500_000, 3_000_000)),
                replace(SIPD_ACCOUNTS[1], realisasi=(1_200_000, -1_500_000))]
    path = write_sipd_csv(tmp_path / "sipd.csv", sipd_account_rows(accounts))
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 1)
    [(row, column, value, reason)] = quarantine(con)
    assert (row, column, value) == (5, "Realisasi Bulan Ini", "(1.500.000,00)")
    assert "of its account) below zero" in reason


def test_reasons_are_indonesian(tmp_path, con, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "id")
    rows = sipd_account_rows()
    rows.insert(3, dict(rows[0]))
    ingest_file(con, write_sipd_csv(tmp_path / "sipd.csv", rows), "anggaran")
    [(_, _, _, reason)] = quarantine(con)
    assert reason == (
        "rekening ganda: Kode Rekening 5.1.02.01.01.0024 dari Kode Sub Kegiatan "
        "2.08.03.1.01.0002, Sumber Dana DAK NF, Jenis Belanja Belanja Barang dan Jasa sudah "
        "punya baris untuk Bulan 1 (baris 2); baris ini tidak dimuat")


# --- a budget tree in one code column (SIPD's realisation report) ------------------------

TREE_REALISASI = sum(sum(akun.realisasi) for akun in SIPD_TREE_ACCOUNTS)


def _tree_csv(tmp_path, rows, name="sipd_lra_2023.csv"):
    return write_sipd_csv(tmp_path / name, rows, header=SIPD_TREE_HEADER)


def _row_of(rows, bulan, kode, start=0):
    return next(at for at, row in enumerate(rows) if at >= start and row["Bulan"] == str(bulan)
                and row["Kode Rekening"] == kode)


def test_a_tree_loads_its_leaf_accounts_under_their_sub_kegiatan(tmp_path, con):
    rows = sipd_tree_rows()
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    # 11 leaf accounts x 2 months; per month 2 programs, 2 kegiatan, 3 sub kegiatan and 28
    # parent-account rows dropped as subtotals
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (92, 22, 0, 70)
    assert "70 subtotal rows of the budget tree" in result.message
    assert quarantine(con) == []
    assert _lines_in_raw(con) == {
        ("2.08.03.1.01.0001", "DAU", BJ): (4, 2, 8_000_000),
        ("2.08.03.1.01.0002", "DAK NF", BJ): (6, 3, 22_250_000),
        ("2.08.03.1.01.0002", "DAK NF", MODAL): (4, 2, 23_250_000),
        ("2.08.07.1.02.0001", "DAK NF", BJ): (8, 4, 13_120_000),
    }
    # the account row as a row of its line: the sub kegiatan's code, names and unit, the
    # account's code and uraian, its jenis and kelompok from its code
    assert con.execute(
        "select kode_rekening, program, kegiatan, sub_kegiatan, bidang, akun_belanja, jenis, "
        "kelompok, tingkat, pagu_perubahan from raw.anggaran where bulan = 2 and "
        "akun_belanja_kode = '5.1.02.04.01.0001' and sumber_dana = 'DAU'").fetchall() == [(
            "2.08.03.1.01.0001", "PROGRAM PERLINDUNGAN PEREMPUAN",
            "Penyediaan Layanan Rujukan Lanjutan bagi Perempuan Korban Kekerasan",
            "Penjangkauan Korban Kekerasan terhadap Perempuan", "PP",
            "5.1.02.04.01.0001 Belanja Perjalanan Dinas Biasa", BJ, "Belanja", "akun",
            12_500_000)]


def test_a_subtotal_that_is_not_the_sum_beneath_it_is_quarantined(tmp_path, con):
    rows = sipd_tree_rows()
    kegiatan = _row_of(rows, 2, "2.08.03.1.01")
    rows[kegiatan]["Realisasi Bulan Ini"] = rupiah(40_000_000)
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (22, 1, 69)
    [(row, column, value, reason)] = quarantine(con)
    assert (row, column, value) == (kegiatan + 2, "Realisasi Bulan Ini", "40.000.000,00")
    assert reason == (
        "the kegiatan row 2.08.03.1.01 is the subtotal of the rows beneath it, but its "
        "Realisasi Bulan Ini 40,000,000 is not the sum of the 7 row(s) that load beneath it "
        "(43,350,000): those rows load, this subtotal is not counted")


def test_a_subtotal_counts_only_the_rows_that_load(tmp_path, con):
    """An account quarantined for its own defect: every subtotal above it no longer equals
    the rows loaded beneath it, so none is dropped as reconciled."""
    rows = sipd_tree_rows()
    sub = _row_of(rows, 1, "2.08.07.1.02.0001")
    akun = _row_of(rows, 1, "5.1.02.01.01.0052", start=sub)
    rows[akun]["Pagu DPA"] = "enam juta"
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    # the account, its 5 parents, its sub kegiatan, kegiatan and program
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (21, 9, 62)
    reasons = dict(((row, column), reason) for row, column, _value, reason in quarantine(con))
    assert ("the sub kegiatan row 2.08.07.1.02.0001 is the subtotal of the rows beneath it, "
            "but its Pagu DPA 32,684,000 is not the sum of the 3 row(s) that load beneath it "
            "(26,084,000)") in reasons[(sub + 2, "Pagu DPA")]


def test_rows_whose_place_in_the_tree_cannot_be_told_are_quarantined(tmp_path, con):
    rows = sipd_tree_rows()
    # an account straight below a kegiatan row, before any sub kegiatan row of it
    kegiatan = _row_of(rows, 1, "2.08.07.1.02")
    rows.insert(kegiatan + 1, {**rows[-1], "Bulan": "1"})
    # a code of no level
    rows.append({**rows[-1], "Kode Rekening": "2.08.07.1"})
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (22, 2)
    [first, second] = [issue for issue in quarantine(con) if issue[1] == "Kode Rekening"]
    assert first[:3] == (kegiatan + 3, "Kode Rekening", "5.1.02.04.01.0001")
    assert "no sub kegiatan row stands above it" in first[3]
    assert second[:3] == (len(rows) + 1, "Kode Rekening", "2.08.07.1")
    assert second[3].startswith("not a kode rekening")


@pytest.mark.parametrize("revenue", [(), SIPD_REVENUE])
def test_an_lra_per_account_without_sub_kegiatan_is_refused_as_a_file(tmp_path, con,
                                                                      revenue):
    """An LRA of accounts only (`5`, `5.1`, … and the leaf accounts, no program, kegiatan
    or sub kegiatan row; or under its PENDAPATAN). Before, it was 'loaded' with 0 belanja
    rows, a quarantine line per account ('no sub kegiatan row stands above it', 'parent
    account … has no loaded row under it') and a finding 'JUMLAH BELANJA … vs 0'; now the
    file is refused once, saying why and what to send, and nothing is written."""
    rows = [row for row in sipd_tree_rows(revenue=revenue)
            if not row["Kode Rekening"].startswith("2.")]
    path = write_sipd_csv(tmp_path / "lra.csv", rows, header=SIPD_TREE_HEADER,
                          jumlah=TREE_REALISASI)
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded, result.findings) == ("rejected", 0, [])
    first = _row_of(rows, 1, "5.1.02.01.01.0052") + 2  # the first leaf, under the header
    assert ("the belanja is written per account only, with no sub kegiatan row above its "
            f"accounts (22 accounts; first: row {first}, 5.1.02.01.01.0052): an account "
            "cannot be placed on a budget line (sub kegiatan, sumber dana, jenis) without its "
            "sub kegiatan. Send the LRA per sub kegiatan") in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)
    assert quarantine(con) == []


def test_an_lra_per_account_in_a_workbook_names_the_sheet_by_its_name(tmp_path, con):
    """The same LRA of accounts only, a sheet per month (`Januari`, `Februari`): before, the
    refusal named its first account 'sheet 1, row 3' (the sheet's position); now the row
    with the sheet as the workbook names it."""
    rows = [row for row in sipd_tree_rows() if not row["Kode Rekening"].startswith("2.")]
    book = Workbook()
    book.remove(book.active)
    for title, bulan in (("Januari", "1"), ("Februari", "2")):
        sheet = book.create_sheet(title)
        sheet.append(SIPD_TREE_HEADER)
        for row in rows:
            if row["Bulan"] == bulan:
                sheet.append([row.get(name, "") for name in SIPD_TREE_HEADER])
    book.save(tmp_path / "lra_2023.xlsx")
    result = ingest_file(con, tmp_path / "lra_2023.xlsx", "anggaran")
    assert result.status == "rejected"
    january = [row["Kode Rekening"] for row in rows if row["Bulan"] == "1"]
    first = january.index("5.1.02.01.01.0052") + 2  # under the header row
    assert f"first: row {first} (sheet 'Januari'), 5.1.02.01.01.0052)" in result.message, \
        result.message
    assert "sheet 1" not in result.message


def _with_sections(rows, before="2.08.03", kodes=("5", "5.1", "5.2")):
    """`rows` with the BELANJA's section rows of each month above its row `before`."""
    out = []
    for row in rows:
        if row["Kode Rekening"] == before:
            out += sipd_section_rows(int(row["Bulan"]), kodes)
        out.append(row)
    return out


def test_the_belanja_sections_head_rows_are_subtotals_like_other_parents(tmp_path, con):
    """An LRA's `5 BELANJA DAERAH`, `5.1 BELANJA OPERASI` and `5.2 BELANJA MODAL` above
    the programs (below the PENDAPATAN) stand under no sub kegiatan: each is the subtotal of
    the month's belanja accounts its code begins, reconciled like any parent account, and
    the JUMLAH BELANJA under the tree still counts each account once."""
    rows = _with_sections(sipd_tree_rows(revenue=SIPD_REVENUE))
    path = write_sipd_csv(tmp_path / "lra.csv", rows, header=SIPD_TREE_HEADER,
                          jumlah=TREE_REALISASI)
    result = ingest_file(con, path, "anggaran")
    # 11 leaf belanja accounts and 2 revenue accounts x 2 months; a month's 41 subtotal rows
    # and its 3 section rows, and the JUMLAH row, dropped
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (115, 26, 0, 89)
    assert quarantine(con) == [] and result.findings == []
    assert "88 subtotal rows of the budget tree" in result.message
    assert con.execute("select sum(realisasi) from raw.anggaran where kelompok = 'Belanja'"
                       ).fetchone() == (TREE_REALISASI,)


def test_a_section_row_that_is_not_the_sum_of_its_accounts_is_quarantined(tmp_path, con):
    rows = _with_sections(sipd_tree_rows())
    operasi = _row_of(rows, 2, "5.1")
    rows[operasi]["Realisasi Bulan Ini"] = rupiah(30_000_000)
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (22, 1, 75)
    assert quarantine(con) == [(
        operasi + 2, "Realisasi Bulan Ini", "30.000.000,00",  # as the file writes it
        "the parent account row 5.1 is the subtotal of the rows beneath it, but its "
        "Realisasi Bulan Ini 30,000,000 is not the sum of the 9 row(s) that load beneath it "
        "(32,950,000): those rows load, this subtotal is not counted")]


def test_a_section_row_between_sub_kegiatan_is_no_account_of_the_one_above(tmp_path, con):
    """`5.2 BELANJA MODAL` written below the accounts of a sub kegiatan that has none of
    its own, above those of the next: it is the modal section's subtotal, not an account
    of the sub kegiatan above (which would have spent the section's whole modal)."""
    rows = sipd_tree_rows()
    rows = _with_sections(rows, before="2.08.03.1.01.0002", kodes=("5.2",))
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (22, 0, 72)
    assert _lines_in_raw(con)[("2.08.03.1.01.0001", "DAU", BJ)] == (4, 2, 8_000_000)
    assert _lines_in_raw(con)[("2.08.03.1.01.0002", "DAK NF", MODAL)] == (4, 2, 23_250_000)


def test_a_tree_row_whose_account_column_says_another_account_is_quarantined(tmp_path, con):
    rows = sipd_tree_rows()
    akun = _row_of(rows, 1, "5.1.02.01.01.0052")
    for row in rows:
        row["Kode Rekening Belanja"] = ""
    rows[akun]["Kode Rekening Belanja"] = "5.1.02.01.01.0024 Belanja Alat/Bahan"
    result = ingest_file(con, write_sipd_csv(tmp_path / "mixed.csv", rows, header=[
        *SIPD_TREE_HEADER, "Kode Rekening Belanja"]), "anggaran")
    # the account's parent 5.1.02.01.01 stays a parent (no leaf of its own): with the
    # account, it and every subtotal above it are quarantined
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (21, 9, 62)
    issues = quarantine(con)
    [(row, column, value, reason)] = [issue for issue in issues if issue[0] == akun + 2
                                      and issue[1] == "Kode Rekening"]
    parents = [issue for issue in issues if issue[0] != row]
    assert (row, column, value) == (akun + 2, "Kode Rekening", "5.1.02.01.01.0052")
    assert reason == ("the kode rekening holds belanja account 5.1.02.01.01.0052 and the "
                      "account column of the same row another (5.1.02.01.01.0024): which is "
                      "the row's account cannot be told")
    # its parents 5.1.02.01 and 5.1.02.01.01 have nothing left beneath them; the six above
    # them disagree with what loads
    assert [parent[0] for parent in parents
            if "has no row beneath it" in parent[3]] == [row - 2, row - 1]
    assert len(parents) == 8 and all("is the subtotal of the rows beneath it" in parent[3]
                                     for parent in parents if parent[0] < row - 2)


def test_a_tree_without_a_sumber_dana_column_is_refused(tmp_path, con):
    """The fund of a line is never guessed: a tree that states none is refused whole."""
    header = [name for name in SIPD_TREE_HEADER if name != "Sumber Dana"]
    result = ingest_file(con, write_sipd_csv(tmp_path / "tree.csv", sipd_tree_rows(),
                                             header=header), "anggaran")
    assert result.status == "rejected" and "missing: Sumber Dana (" in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


# --- the PENDAPATAN section of an LRA: a tree of revenue accounts above the BELANJA -------

REVENUE_COLUMNS = ("select bulan, akun_kode, akun_belanja_kode, kode_rekening, sub_kegiatan, "
                   "kegiatan, akun_belanja, bidang, sumber_dana, kelompok, jenis, tingkat, "
                   "pagu_murni, realisasi, sisa from raw.anggaran where akun_kode is not null "
                   "order by bulan, akun_belanja_kode")
PUSKESMAS, LAIN = "4.1.02.01.01.0001", "4.1.02.01.02.0001"
JASA_UMUM = "4.1.02.01"
JANGKAU = "2.08.03.1.01.0001"


def test_an_lras_revenue_leaves_load_as_revenue_lines(tmp_path, con):
    """Each month's revenue tree (4, 4.1, 4.1.02, 4.1.02.01 and two parents of one leaf
    each: 6 parents, 2 leaves) above its belanja tree: the leaves load as the accounts of the
    Pendapatan line of their objek 4.1.02.01 (Retribusi Daerah, accruing to PAD), as a
    per-account export writes them; every parent dropped as their reconciled subtotal."""
    rows = sipd_tree_rows(revenue=SIPD_REVENUE)
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (108, 26, 0, 82)
    assert quarantine(con) == []
    assert "82 subtotal rows of the budget tree" in result.message
    assert "4 revenue rows without Sumber Dana read as PAD" in result.message
    line = ("Retribusi Jasa Umum", "Retribusi Daerah")
    puskesmas = (JASA_UMUM, PUSKESMAS, PUSKESMAS, *line,
                 f"{PUSKESMAS} Retribusi Pelayanan Kesehatan di Puskesmas", None, "PAD",
                 "Pendapatan", RETRIBUSI, "akun", 20_000_000)
    lain = (JASA_UMUM, LAIN, LAIN, *line, f"{LAIN} Retribusi Lain-lain", None, "PAD",
            "Pendapatan", RETRIBUSI, "akun", 10_000_000)
    assert con.execute(REVENUE_COLUMNS).fetchall() == [
        (1, *puskesmas, 2_000_000, 18_000_000), (1, *lain, 500_000, 9_500_000),
        (2, *puskesmas, 1_500_000, 16_500_000), (2, *lain, 750_000, 8_750_000)]
    # the belanja below loads as before
    assert con.execute("select count(*), sum(realisasi) from raw.anggaran "
                       "where kelompok = 'Belanja'").fetchone() == (22, 66_620_000)


def test_a_revenue_parent_that_is_not_the_sum_beneath_it_is_quarantined(tmp_path, con):
    rows = sipd_tree_rows(revenue=SIPD_REVENUE)
    parent = _row_of(rows, 2, "4.1.02.01")
    rows[parent]["Realisasi Bulan Ini"] = rupiah(2_350_000)
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (26, 1, 81)
    assert quarantine(con) == [(parent + 2, "Realisasi Bulan Ini", "2.350.000,00",
        "the parent account row 4.1.02.01 is the subtotal of the rows beneath it, but its "
        "Realisasi Bulan Ini 2,350,000 is not the sum of the 2 row(s) that load beneath it "
        "(2,250,000): those rows load, this subtotal is not counted")]
    assert con.execute("select sum(realisasi) from raw.anggaran where bulan = 2 and "
                       "kelompok = 'Pendapatan'").fetchone() == (2_250_000,)


def test_a_revenue_account_of_a_jenis_the_seed_does_not_know_is_quarantined(tmp_path, con):
    """Pajak Daerah (4.1.01) is no jenis of ref_jenis_anggaran: its leaf is quarantined
    naming its code and the revenue account the seed knows, never read as Retribusi; its
    own parents have nothing beneath them, 4 and 4.1 no longer add up to what loads."""
    pajak = Akun("", "4.1.01.01.01.0001", "Pajak Kendaraan Bermotor", "", "", 5_000_000,
                 None, (1_000_000, 0))
    rows = sipd_tree_rows(revenue=(pajak, *SIPD_REVENUE))
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    # per month the leaf, its 3 parents of its own, 4 and 4.1
    assert (result.rows_loaded, result.rows_quarantined) == (26, 12)
    leaf = _row_of(rows, 1, pajak.kode) + 2
    reasons = {(row, column): reason for row, column, _value, reason in quarantine(con)
               if row <= leaf}
    assert reasons[(leaf, "Kode Rekening")] == (
        "account 4.1.01.01.01.0001 begins no account of a known jenis (4.1.02 Retribusi "
        "Daerah), and the row states no jenis: its jenis is not guessed, the row is not loaded "
        "(add its jenis to ref_jenis_anggaran, or a Jenis column to the file)")
    assert "has no row beneath it that loads" in reasons[(leaf - 1, "Kode Rekening")]
    assert ("the parent account row 4.1 is the subtotal of the rows beneath it, but its Pagu "
            "DPA 35,000,000 is not the sum of the 2 row(s) that load beneath it (30,000,000)"
            ) in reasons[(3, "Pagu DPA")]
    assert con.execute("select count(*) from raw.anggaran where akun_kode like '4.1.01%' "
                       "or jenis is null").fetchone() == (0,)
    assert con.execute("select count(*), sum(realisasi) from raw.anggaran "
                       "where kelompok = 'Pendapatan'").fetchone() == (4, 4_750_000)


def test_a_belanja_account_of_a_jenis_the_seed_does_not_know_is_quarantined(tmp_path, con):
    """The same for a tree's belanja leaf: Belanja Hibah (5.1.05) is no jenis of the seed."""
    hibah = Akun(JANGKAU, "5.1.05.05.01.0001", "Belanja Hibah Uang", "DAU", "", 1_000_000,
                 None, (250_000, 0))
    rows = sipd_tree_rows((*SIPD_TREE_ACCOUNTS, hibah), parents=False)
    result = ingest_file(con, _tree_csv(tmp_path, rows), "anggaran")
    # per month the leaf and its sub kegiatan, kegiatan and program, which count it
    assert (result.rows_loaded, result.rows_quarantined) == (22, 8)
    leaf = _row_of(rows, 1, hibah.kode) + 2
    assert [issue for issue in quarantine(con) if issue[0] == leaf] == [(
        leaf, "Kode Rekening", "5.1.05.05.01.0001",
        "account 5.1.05.05.01.0001 begins no account of a known jenis (5.1.01 Belanja "
        "Pegawai, 5.1.02 Belanja Barang dan Jasa, 5.2 Belanja Modal), and the row states no "
        "jenis: its jenis is not guessed, the row is not loaded (add its jenis to "
        "ref_jenis_anggaran, or a Jenis column to the file)")]


def _flat_revenue_csv(tmp_path, name, header=SIPD_ACCOUNT_HEADER, **changes):
    rows = [{**row, **changes} for row in sipd_revenue_line_rows()]
    return write_sipd_csv(tmp_path / name, rows, header=header)


def test_a_revenue_account_has_one_key_whichever_layout_writes_it(tmp_path, con):
    """The same accounts as an LRA's tree, per account (line 4.1.02.01, or no line, the
    account in Kode Rekening, the fund stated or not) and line-level with the account's code
    as the line's: the same line 4.1.02.01 of PAD and Retribusi Daerah, the same accounts; a flat
    row without Sumber Dana accrues to PAD as in the tree, one stating another fund is
    quarantined (it would be a second key)."""
    key = ("select akun_kode, akun_belanja_kode, sumber_dana, kelompok, jenis, bulan, "
           "pagu_murni, realisasi from raw.anggaran where akun_kode is not null order by all")
    ingest_file(con, _tree_csv(tmp_path, sipd_tree_rows(revenue=SIPD_REVENUE)), "anggaran")
    tree = con.execute(key).fetchall()
    assert {row[:5] for row in tree} == {(JASA_UMUM, PUSKESMAS, "PAD", "Pendapatan", RETRIBUSI),
                                         (JASA_UMUM, LAIN, "PAD", "Pendapatan", RETRIBUSI)}
    line_level = {"Kode Sub Kegiatan": None}  # the account's code in the line's column
    for name, changes in (("flat.csv", {}), ("empty.csv", {"Sumber Dana": ""}),
                          ("lines.csv", line_level), ("no_line.csv", {"Kode Sub Kegiatan": ""})):
        rows = [{**row, **changes} for row in sipd_revenue_line_rows()]
        header = SIPD_ACCOUNT_HEADER
        if name == "lines.csv":
            rows = [{**row, "Kode Sub Kegiatan": row["Kode Rekening"].split()[0]}
                    for row in rows]
            header = SIPD_LINE_HEADER
        with duckdb.connect(str(tmp_path / f"{name}.duckdb")) as other:
            result = ingest_file(other, write_sipd_csv(tmp_path / name, rows, header=header),
                                 "anggaran")
            assert (name, result.rows_loaded, other.execute(key).fetchall()) == (name, 4, tree)
        if name == "empty.csv":
            assert "4 revenue rows without Sumber Dana read as PAD" in result.message
    with duckdb.connect(str(tmp_path / "dau.duckdb")) as other:
        result = ingest_file(other, _flat_revenue_csv(tmp_path, "dau.csv", **{
            "Sumber Dana": "DAU"}), "anggaran")
        assert (result.rows_loaded, result.rows_quarantined) == (0, 4)
        [(_row, column, value, reason)] = quarantine(other)[:1]
    assert (column, value) == ("Sumber Dana", "DAU")
    assert reason.startswith("a revenue line accrues to the fund of its jenis (Retribusi "
                             "Daerah: PAD, Pendapatan Asli Daerah)")


def test_only_a_revenue_account_tells_its_line_without_the_lines_column(tmp_path, con):
    """Without Kode Sub Kegiatan a revenue account loads under its objek; a belanja account
    cannot tell its sub kegiatan and is quarantined as before."""
    rows = [{**row, "Kode Sub Kegiatan": ""} for row in sipd_revenue_line_rows()[:1]]
    rows.append({**sipd_account_rows()[0], "Kode Sub Kegiatan": ""})
    result = ingest_file(con, write_sipd_csv(tmp_path / "a.csv", rows,
                                             header=SIPD_ACCOUNT_HEADER), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert con.execute("select kode_rekening, akun_kode, akun_belanja_kode from raw.anggaran"
                       ).fetchall() == [(PUSKESMAS, JASA_UMUM, PUSKESMAS)]
    assert quarantine(con) == [(3, "Kode Sub Kegiatan", "", "a value is required")]


def test_a_revenue_row_naming_two_accounts_is_quarantined(tmp_path, con):
    """The account's code in the line's column and another account in Kode Rekening: which
    account the row is cannot be told."""
    rows = sipd_revenue_line_rows()
    rows[0]["Kode Sub Kegiatan"] = LAIN
    result = ingest_file(con, write_sipd_csv(tmp_path / "a.csv", rows,
                                             header=SIPD_ACCOUNT_HEADER), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 1)
    assert quarantine(con) == [(2, "Kode Sub Kegiatan", LAIN,
                                "the kode rekening holds revenue account 4.1.02.01.02.0001 and "
                                "the account column of the same row another (4.1.02.01.01.0001): "
                                "which is the row's account cannot be told")]


def test_a_revenue_account_of_another_jenis_is_quarantined(tmp_path, con):
    """A Pajak Daerah account (4.1.01) stated Retribusi Daerah: the code and the jenis
    disagree, nothing tells which is right."""
    rows = sipd_revenue_line_rows()
    rows[0]["Kode Sub Kegiatan"] = "4.1.01.01"
    rows[0]["Kode Rekening"] = "4.1.01.01.01.0001 Pajak Kendaraan Bermotor"
    result = ingest_file(con, write_sipd_csv(tmp_path / "a.csv", rows,
                                             header=SIPD_ACCOUNT_HEADER), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 1)
    assert quarantine(con) == [(2, "Kode Sub Kegiatan", "4.1.01.01",
                                "the revenue account's code does not fit this jenis (a "
                                "Retribusi Daerah account begins 4.1.02)")]


def test_jumlah_pendapatan_belanja_and_surplus_under_an_lra_tree_reconcile(tmp_path, con):
    """JUMLAH PENDAPATAN, JUMLAH BELANJA and SURPLUS / (DEFISIT) under a one-month LRA tree
    add up the revenue and belanja leaves that load (the tree's subtotals not counted
    twice): reconciled; a Pendapatan leaf quarantined for its jenis is named in the
    JUMLAH PENDAPATAN's finding, not silently left out."""
    def total(label, amount):
        return {"Tahun": label, "Realisasi Bulan Ini": rupiah(amount)}

    def lra(revenue, pendapatan):
        rows = [row for row in sipd_tree_rows(revenue=revenue) if row["Bulan"] == "1"]
        belanja = 15_820_000
        return [*rows, total("JUMLAH PENDAPATAN", pendapatan),
                total("JUMLAH BELANJA", belanja),
                total("SURPLUS / (DEFISIT)", pendapatan - belanja)]

    result = ingest_file(con, _tree_csv(tmp_path, lra(SIPD_REVENUE, 2_500_000)), "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.findings) == (13, 0, [])
    assert "3 total row(s) dropped and reconciled" in result.message
    pajak = Akun("", "4.1.01.01.01.0001", "Pajak Kendaraan Bermotor", "", "", 5_000_000,
                 None, (1_000_000, 0))
    with duckdb.connect(str(tmp_path / "pajak.duckdb")) as other:
        result = ingest_file(other, _tree_csv(tmp_path, lra((pajak, *SIPD_REVENUE),
                                                            3_500_000), "pajak.csv"),
                             "anggaran")
    assert result.findings == [
        "the JUMLAH PENDAPATAN row gives realisasi = 3.500.000 and the rows of kelompok = "
        "Pendapatan read add up to it, but the quarantined rows among them hold 1.000.000: "
        "the rows loaded sum to 2.500.000",
        "the SURPLUS / (DEFISIT) row gives realisasi = -12.320.000 and the rows of Pendapatan "
        "minus Belanja read add up to it, but the quarantined rows among them hold 1.000.000: "
        "the rows loaded sum to -13.320.000"]


# --- amounts a thousand times off what is loaded (ingest/magnitude.py) ------------------------

# Three lines' Pagu Murni and one month's Realisasi in rupiah.
_UNIT_LINES = (("2.08.01.1.08.0001", 245_000_000, 12_500_000),
               ("2.08.01.1.02.0001", 120_000_000, 8_000_000),
               ("2.08.03.1.01.0001", 60_500_000, 3_250_000))


def _in_unit(folder, suffix: str, tahun: int, bulan: int, unit: str = "", written: int = 1,
             pagu: tuple[float, ...] = (1, 1, 1), title: str = "",
             realisasi_unit: str | None = None):
    """One month of the three lines, named with its month (`realisasi_2023_02`), as CSV
    (Indonesian text) or xlsx (number cells) by `suffix`: `unit` after the amounts' names
    (`Rp 000`; `realisasi_unit`, when given, after Realisasi's instead), the figures written
    divided by `written` (1 000: in thousands), each line's pagu times `pagu` (a revision),
    `title` a row above the table."""
    path = folder / f"realisasi_{tahun}_{bulan:02d}{suffix}"
    header = _unit_header(unit, realisasi_unit)
    rows = _unit_rows(suffix, tahun, bulan, written, pagu)
    if title and suffix == ".csv":
        return write_csv(path, [header, *rows], header=[title])
    if title:
        return write_rows_xlsx(path, header, rows, above=[[title]])
    return write_table(path, header, rows)


def _unit_header(unit: str = "", realisasi_unit: str | None = None) -> list[str]:
    """The header of `_in_unit`'s table: Pagu Murni and Realisasi Bulan Ini, each with its
    unit when given."""
    header = ["Realisasi Bulan Ini" if name == "Realisasi" else name for name in ANGGARAN_HEADER]
    units = {"Pagu Murni": unit,
             "Realisasi Bulan Ini": unit if realisasi_unit is None else realisasi_unit}
    return [f"{name} ({units[name]})" if units.get(name) else name for name in header
            if name not in ("Pagu Perubahan", "Sisa")]


def _unit_rows(suffix: str, tahun: int, bulan: int, written: int = 1,
               pagu: tuple[float, ...] = (1, 1, 1)) -> list[list[object]]:
    """The three lines' rows of one month (`_in_unit`): text cells for a CSV, numbers else."""
    rows = []
    for (kode, murni, realisasi), times in zip(_UNIT_LINES, pagu, strict=True):
        figures = [round(murni * times / written), round(realisasi / written)]
        cells = [rupiah(value) if suffix == ".csv" else value for value in figures]
        row = anggaran_row(bulan, "", **{"Tahun": str(tahun), "Kode Rekening": kode})
        row = dict(zip(ANGGARAN_HEADER, row, strict=True))
        row["Pagu Murni"], row["Realisasi"] = cells
        rows.append([row[name] for name in ANGGARAN_HEADER
                     if name not in ("Pagu Perubahan", "Sisa")])
    return rows


def _pagu(con) -> list[tuple]:
    return con.execute("select tahun, bulan, kode_rekening, pagu_murni, realisasi from "
                       "raw.anggaran order by tahun, bulan, kode_rekening").fetchall()


def _figures(tahun: int, bulan: int, pagu: tuple[float, ...] = (1, 1, 1)) -> list[tuple]:
    return sorted((tahun, bulan, kode, murni * times, realisasi) for (kode, murni, realisasi),
                  times in zip(_UNIT_LINES, pagu, strict=True))


_UNIT_SUFFIXES = pytest.mark.parametrize("suffix", [".csv", ".xlsx"])


@_UNIT_SUFFIXES
def test_a_month_in_rupiah_under_januarys_thousands_header_is_refused(tmp_path, con, suffix):
    """February's LRA made from January's template: `Pagu Murni (Rp 000)` over full-rupiah
    figures (245.000.000). Loaded, it said Rp 245 miliar, a thousand times January's Pagu
    Murni of the same line and year, without a word. Now refused, naming the figures and
    January's file; the warehouse keeps January alone."""
    january = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1, "Rp 000", 1_000),
                          "anggaran")
    assert (january.status, january.rows_loaded) == ("loaded", 3), january.message
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 2, "Rp 000"),
                         "anggaran")
    assert result.status == "rejected"
    assert result.message == (
        f"{result.label}: Pagu Murni (Rp 000) states thousands of rupiah, as its header says, "
        "yet its figures are 1,000 times those loaded for the same lines of 2023 on 3 of the 3 "
        "lines both hold: 2.08.01.1.08.0001 (row 2) holds 245,000,000,000 here and "
        "245,000,000 in anggaran 2023 #1. A line's Pagu Murni (Rp 000) is the same in every "
        "month's file of a year: so many lines apart by a factor of 1,000 are no revision, but "
        "figures in another unit than stated. If the figures are in rupiah, state that unit "
        "in the header 'Pagu Murni (Rp 000)', or write them in thousands of rupiah; or, if "
        "anggaran 2023 #1 is the file in the wrong unit, correct it and load it again first. "
        "If several loaded months of 2023 are in the wrong unit, load them again corrected in "
        "one file: the months a file holds replace the loaded ones and are not compared with "
        "them")
    assert _pagu(con) == _figures(2023, 1)
    assert con.execute("select status from raw.ingest_ledger order by ingest_id").fetchall() \
        == [("loaded",), ("rejected",)]


@_UNIT_SUFFIXES
def test_a_month_in_rupiah_under_januarys_thousands_title_is_refused(tmp_path, con, suffix):
    """The template's title `(dalam ribuan rupiah)` kept over full-rupiah figures."""
    title = "LAPORAN REALISASI ANGGARAN DP3A 2023 (dalam ribuan rupiah)"
    ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1, written=1_000, title=title),
                "anggaran")
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 2, title=title), "anggaran")
    assert result.status == "rejected"
    assert ("Pagu Murni states thousands of rupiah, as title row 1 says, yet its figures are "
            "1,000 times those loaded for the same lines of 2023 on 3 of the 3 lines both "
            "hold") in result.message
    assert ("If the figures are in rupiah, state that unit in title row 1, or write them in "
            "thousands of rupiah") in result.message
    assert _pagu(con) == _figures(2023, 1)


def test_the_ledger_says_the_unit_refusal_in_indonesian(tmp_path, con, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "id")
    ingest_file(con, _in_unit(tmp_path, ".csv", 2023, 1, "Rp 000", 1_000), "anggaran")
    ingest_file(con, _in_unit(tmp_path, ".csv", 2023, 2, "Rp 000"), "anggaran")
    [(message,)] = con.execute("select message from raw.ingest_ledger where status = "
                               "'rejected'").fetchall()
    assert message == (
        "anggaran #2: Pagu Murni (Rp 000) menyatakan ribuan rupiah, seperti dinyatakan judul "
        "kolomnya, tetapi angkanya 1.000 kali angka yang telah dimuat untuk baris anggaran "
        "yang sama tahun 2023 pada 3 dari 3 baris yang ada di keduanya: 2.08.01.1.08.0001 "
        "(baris 2) berisi 245.000.000.000 di sini dan 245.000.000 di anggaran 2023 #1. Pagu "
        "Murni (Rp 000) suatu baris anggaran sama di setiap berkas bulanan dalam satu tahun: "
        "sebanyak ini baris yang berselisih 1.000 kali bukan perubahan anggaran, melainkan "
        "angka dalam satuan lain dari yang dinyatakan. Jika angkanya dalam rupiah, nyatakan "
        "satuan itu pada judul kolom 'Pagu Murni (Rp 000)', atau tuliskan angkanya dalam "
        "ribuan rupiah; atau, jika anggaran 2023 #1 yang berisi satuan "
        "yang salah, perbaiki berkas itu dan muat ulang lebih dahulu. Jika beberapa bulan "
        "tahun 2023 yang telah dimuat berisi satuan yang salah, muat ulang bulan-bulan itu "
        "setelah diperbaiki dalam satu berkas: bulan yang ada di suatu berkas menggantikan "
        "yang telah dimuat dan tidak dibandingkan dengannya")


@_UNIT_SUFFIXES
def test_a_month_in_thousands_stating_no_unit_after_rupiah_months_is_refused(tmp_path, con,
                                                                            suffix):
    """After January in full rupiah, February states no unit but is written in thousands
    (245.000 for Rp 245 juta): loaded a thousand times too small. Now refused."""
    ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1), "anggaran")
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 2, written=1_000),
                         "anggaran")
    assert result.status == "rejected"
    assert ("Pagu Murni states no unit (read as rupiah), yet its figures are 1/1,000 of those "
            "loaded for the same lines of 2023 on 3 of the 3 lines both hold: "
            "2.08.01.1.08.0001 (row 2) holds 245,000 here and 245,000,000 in anggaran 2023 #1"
            ) in result.message
    assert ("If the figures are in thousands of rupiah, state that unit in the header 'Pagu "
            "Murni' (or the title), or write them in rupiah") in result.message
    assert _pagu(con) == _figures(2023, 1)


@_UNIT_SUFFIXES
def test_a_month_agreeing_with_the_loaded_ones_loads_as_before(tmp_path, con, suffix):
    """January in full rupiah, February in thousands under `(Rp 000)`: the same figures, and
    one line's Pagu Murni revised (×1,2) beside them: both load, read in rupiah."""
    ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1), "anggaran")
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 2, "Rp 000", 1_000,
                                       pagu=(1.2, 1, 1)), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3), result.message
    assert _pagu(con) == sorted([*_figures(2023, 1), *_figures(2023, 2, (1.2, 1, 1))])


@_UNIT_SUFFIXES
@pytest.mark.parametrize(("tahun", "pagu"), [
    # One line's Pagu Murni a thousandth of January's, the others equal: a typo or a
    # revision of that line, not the file's unit.
    (2023, (0.001, 1, 1)),
    # A new year whose lines change (×1,5, ×0,5) and one grown a thousandfold (a new
    # programme): no proof of a unit.
    (2024, (1.5, 0.5, 1_000)),
])
def test_lines_changed_but_not_the_files_unit_load(tmp_path, con, suffix, tahun, pagu):
    """February of the same year, or January of the next, after January 2023 in rupiah: it
    loads in rupiah, its figures as written (the marts show the lines)."""
    ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1), "anggaran")
    bulan = 2 if tahun == 2023 else 1
    result = ingest_file(con, _in_unit(tmp_path, suffix, tahun, bulan, pagu=pagu), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3), result.message
    assert _pagu(con) == sorted([*_figures(2023, 1), *_figures(tahun, bulan, pagu)])


@_UNIT_SUFFIXES
def test_a_new_years_lines_a_thousandth_of_last_years_are_refused(tmp_path, con, suffix):
    """Last year's January loaded in rupiah; the new year's DPA written in thousands without
    a unit: every line common to both 1/1000 of last year's. Budgets change from year to
    year, not every line a thousandfold: refused, naming last year's file."""
    ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1), "anggaran")
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2024, 1, written=1_000,
                                       pagu=(1.1, 0.9, 1)), "anggaran")
    assert result.status == "rejected"
    assert ("Pagu Murni states no unit (read as rupiah), yet its figures are 1/1,000 of those "
            "loaded for the same lines of 2023 on 3 of the 3 lines both hold: "
            "2.08.01.1.08.0001 (row 2) holds 269,500 here and 245,000,000 in anggaran 2023 #1. "
            "Budgets change from year to year, but not nearly every line by a factor of 1,000"
            ) in result.message
    assert _pagu(con) == _figures(2023, 1)


@_UNIT_SUFFIXES
def test_a_new_years_dpa_in_thousands_with_ordinary_changes_is_refused(tmp_path, con, suffix):
    """The new year's DPA in thousands without a unit, its lines also changed as budgets do
    (a third more, a fifth less, half again): each line is 1/1250 to 1/667 of last year's,
    outside the same year's band around 1/1000 but nowhere near a genuine change. Refused;
    before, it loaded the year's budget at a thousandth."""
    ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1), "anggaran")
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2024, 1, written=1_000,
                                       pagu=(1.35, 0.8, 1.5)), "anggaran")
    assert result.status == "rejected"
    assert ("yet its figures are 1/1,000 of those loaded for the same lines of 2023 on 3 of "
            "the 3 lines both hold: 2.08.01.1.08.0001 (row 2) holds 330,750 here and "
            "245,000,000 in anggaran 2023 #1") in result.message
    assert _pagu(con) == _figures(2023, 1)


@_UNIT_SUFFIXES
def test_a_new_year_in_rupiah_under_a_thousands_header_is_refused(tmp_path, con, suffix):
    ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1), "anggaran")
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2024, 1, "Rp 000"),
                         "anggaran")
    assert result.status == "rejected"
    assert ("Pagu Murni (Rp 000) states thousands of rupiah, as its header says, yet its "
            "figures are 1,000 times those loaded for the same lines of 2023 on 3 of the 3 "
            "lines both hold") in result.message


@_UNIT_SUFFIXES
def test_a_line_above_ten_times_the_offices_budget_is_refused(tmp_path, con, suffix):
    """Nothing loaded: a line's Pagu Murni of Rp 6.860.000.000 written in full under `(Rp
    000)` reads Rp 6,9 trillion, a thousand times DP3A NTT's whole 2023 budget (Rp
    6.892.432.255). Above ten times that budget (the ceiling of sources.yml) it is refused,
    naming the figure and the ceiling."""
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1, "Rp 000",
                                       pagu=(28, 1, 1)), "anggaran")
    assert result.status == "rejected"
    assert ("Pagu Murni (Rp 000) states thousands of rupiah, as its header says, yet its line "
            "2.08.01.1.08.0001 (row 2) holds 6,860,000,000,000 in January 2023, more than 10 "
            "times the office's whole budget of 2023 (6,892,432,255): the ceiling set in "
            "sources.yml (budget_ceiling), 68,924,322,550.") in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


@_UNIT_SUFFIXES
def test_lines_each_below_the_ceiling_adding_up_above_it_are_refused(tmp_path, con, suffix):
    """Nothing loaded: January's template keeps `Pagu Murni (Rp 000)` over full-rupiah
    figures of Rp 49, 36 and 30,25 juta. Read in thousands each line (Rp 30 to 49 miliar)
    stays below the ceiling of one line (ten times DP3A NTT's whole 2023 budget, Rp 68,9
    miliar), so the month loaded Rp 115 miliar, sixteen times the office's budget, without
    a word. Their sum is above the ceiling: refused, naming the column, its unit, the sum,
    the ceiling and the unit the figures are in; nothing written."""
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1, "Rp 000",
                                       pagu=(0.2, 0.3, 0.5)), "anggaran")
    assert result.status == "rejected"
    assert result.message == (
        f"{result.label}: Pagu Murni (Rp 000) states thousands of rupiah, as its header says, "
        "yet its 3 lines of January 2023 add up to 115,250,000,000, more than 10 times the "
        "office's whole budget of 2023 (6,892,432,255): the ceiling set in sources.yml "
        "(budget_ceiling), 68,924,322,550. Each line is below it, but the office's lines of "
        "one month cannot add up to 10 times the whole office. The figures under 'Pagu Murni "
        "(Rp 000)' seem to be in full rupiah already: write them in thousands of rupiah, or "
        "state rupiah in the header 'Pagu Murni (Rp 000)'; if the budget has truly grown so, "
        "raise the ceiling")
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_the_ledger_says_the_sum_above_the_ceiling_in_indonesian(tmp_path, con, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "id")
    ingest_file(con, _in_unit(tmp_path, ".csv", 2023, 1, "Rp 000", pagu=(0.2, 0.3, 0.5)),
                "anggaran")
    [(message,)] = con.execute("select message from raw.ingest_ledger where status = "
                               "'rejected'").fetchall()
    assert message == (
        "anggaran #1: Pagu Murni (Rp 000) menyatakan ribuan rupiah, seperti dinyatakan "
        "judul kolomnya, tetapi 3 baris anggarannya pada Januari 2023 berjumlah "
        "115.250.000.000, lebih dari 10 kali seluruh anggaran dinas tahun 2023 "
        "(6.892.432.255): batas atas yang ditetapkan di sources.yml (budget_ceiling), "
        "68.924.322.550. Setiap baris di bawah batas itu, tetapi baris-baris anggaran dinas "
        "dalam satu bulan tidak mungkin berjumlah 10 kali seluruh anggaran dinas. Angka di "
        "bawah 'Pagu Murni (Rp 000)' tampaknya sudah dalam rupiah penuh: tuliskan angkanya "
        "dalam ribuan rupiah, atau nyatakan satuan rupiah pada judul kolom 'Pagu Murni (Rp "
        "000)'; jika anggaran memang tumbuh sebesar itu, naikkan batas atasnya")


def test_a_year_of_months_adding_up_above_the_ceiling_loads(tmp_path, con):
    """The office's twelve months of 2023 in one CSV, each line's pagu in every month: a
    year's pagu added up over its months is twelve times the budget, yet each month's lines
    add up to the budget once. The sum is judged per month: the file loads."""
    rows = [row for bulan in range(1, 13)
            for row in _unit_rows(".csv", 2023, bulan, pagu=(28, 1, 1))]
    result = ingest_file(con, write_table(tmp_path / "realisasi_2023.csv", _unit_header(),
                                          rows), "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 36), result.message


def test_months_of_one_workbook_in_different_units_are_refused(tmp_path, con):
    """Nothing loaded; one workbook, sheet `Januari` in rupiah and sheet `Februari` with the
    same lines in thousands (no unit stated). Each line's first month alone was compared, so
    both loaded: February's Pagu Murni a thousandth of January's. Now refused, naming both
    months, both sheets and rows, the code and both figures; nothing written."""
    book = Workbook()
    for index, (name, bulan, written) in enumerate((("Januari", 1, 1),
                                                     ("Februari", 2, 1_000))):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = name
        for row in [_unit_header(), *_unit_rows(".xlsx", 2023, bulan, written)]:
            sheet.append(row)
    path = tmp_path / "realisasi_2023.xlsx"
    book.save(path)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert result.message == (
        f"{result.label}: Pagu Murni states no unit (read as rupiah), yet its figures of "
        "February 2023 are 1/1,000 of those of January 2023 in the same file on 3 of the 3 "
        "lines both months hold: 2.08.01.1.08.0001 holds 245,000 in row 2 (sheet 'Februari') "
        "and 245,000,000 in row 2 (sheet 'Januari'). A line's Pagu Murni is the same in every "
        "month of a year: so many lines apart by a factor of 1,000 are no revision, but months "
        "written in different units. Write every month's figures in rupiah, the unit the file "
        "states for all of them, or correct the month that is not")
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_later_month_of_one_csv_in_another_unit_is_refused_beside_loaded_months(tmp_path,
                                                                                 con):
    """January loaded in rupiah; one CSV holding February in rupiah (agreeing) and March
    written in thousands, stating no unit. The file's first month alone was compared with
    January, so March loaded a thousand times too small. Now refused; January alone stays."""
    ingest_file(con, _in_unit(tmp_path, ".csv", 2023, 1), "anggaran")
    path = write_table(tmp_path / "realisasi_2023_02_03.csv", _unit_header(),
                       [*_unit_rows(".csv", 2023, 2), *_unit_rows(".csv", 2023, 3, 1_000)])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("Pagu Murni states no unit (read as rupiah), yet its figures of March 2023 are "
            "1/1,000 of those of February 2023 in the same file on 3 of the 3 lines both months "
            "hold: 2.08.01.1.08.0001 holds 245,000 in row 5 and 245,000,000 in row 2."
            ) in result.message
    assert _pagu(con) == _figures(2023, 1)


def test_months_of_one_file_with_an_apbd_p_a_refund_and_out_of_order_load(tmp_path, con):
    """Genuine months in one file: March before January, a refund (Realisasi below zero),
    September with the APBD-P (one line up, one cut to 0, one new line of Pagu Murni 0):
    nothing a thousand times off; it loads, every figure as written."""
    lines = (("2.08.01.1.08.0001", "245.000.000", "318.500.000"),
             ("2.08.01.1.02.0001", "120.000.000", "0"),
             ("2.08.03.1.01.0001", "60.500.000", "60.500.000"),
             ("2.08.03.1.01.0002", "0", "50.000.000"))
    rows = []
    for bulan, realisasi in ((3, "7.000.000"), (1, "11.000.000"), (2, "-150.000"),
                             (9, "1.000.000")):
        for kode, murni, perubahan in lines:
            if bulan < 9 and murni == "0":
                continue
            rows.append(anggaran_row(bulan, realisasi, **{
                "Kode Rekening": kode, "Pagu Murni": murni,
                "Pagu Perubahan": perubahan if bulan == 9 else ""}))
    result = ingest_file(con, write_anggaran_csv(tmp_path / "realisasi_2023.csv", rows),
                         "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 13), result.message
    assert con.execute("select bulan, sum(pagu_murni), sum(pagu_perubahan), sum(realisasi) "
                       "from raw.anggaran group by bulan order by bulan").fetchall() == [
        (1, 425_500_000, None, 33_000_000), (2, 425_500_000, None, -450_000),
        (3, 425_500_000, None, 21_000_000), (9, 425_500_000, 429_000_000, 4_000_000)]


@_UNIT_SUFFIXES
def test_a_realisasi_under_a_thousands_header_beside_a_pagu_in_rupiah_is_refused(tmp_path,
                                                                                con, suffix):
    """January loaded in rupiah; February keeps `Realisasi Bulan Ini (Rp 000)` from a
    template beside `Pagu Murni (Rp)`, every figure in rupiah. The pagu agreed with January
    and Realisasi was compared with nothing: it loaded a thousand times too large (Rp 12,5
    miliar spent of a pagu of Rp 245 juta). Now refused by the rows themselves."""
    ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1), "anggaran")
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 2, "Rp",
                                       realisasi_unit="Rp 000"), "anggaran")
    assert result.status == "rejected"
    assert result.message == (
        f"{result.label}: Realisasi Bulan Ini (Rp 000) states thousands of rupiah, as its "
        "header says, yet on 3 of the 3 spending rows holding it and a pagu it is ten times "
        "the same row's pagu or more, as if read 1,000 times too large: 2.08.01.1.08.0001 "
        "(row 2) holds 12,500,000,000 against Pagu Murni (Rp) 245,000,000. No line spends ten "
        "times its pagu: the figures are in a smaller unit than stated. If the figures are in "
        "rupiah, state that unit in the header 'Realisasi Bulan Ini (Rp 000)', or write them "
        "in thousands of rupiah")
    assert _pagu(con) == _figures(2023, 1)


def test_a_realisasi_a_thousand_times_its_accounts_pagu_is_refused(tmp_path, con):
    """Nothing loaded; a month per belanja account whose Realisasi is written in rupiah and
    its Pagu DPA in thousands, no unit stated: each account spends tens of times its pagu.
    Refused, naming the account, and that either column may be the one in another unit."""
    amounts = ("Pagu DPA", "Pagu P-DPA")
    february = [{name: re.sub(r"\.000,00(\)?)$", r",00\1", cell) if name in amounts else cell
                 for name, cell in row.items()}
                for row in sipd_account_rows() if row["Bulan"] == "2"]
    result = ingest_file(con, write_sipd_csv(tmp_path / "realisasi_2023_02.csv", february),
                         "anggaran")
    assert result.status == "rejected"
    assert ("Realisasi Bulan Ini states no unit (read as rupiah), yet on " in result.message)
    assert ("spending rows holding it and a pagu it is ten times the same row's pagu or more, "
            "as if read 1,000 times too large: 5.1.02.01.01.0024 (row 2) holds 3,000,000 "
            "against Pagu DPA 12,000. No line spends ten times its pagu: the figures are in a "
            "smaller unit than stated. If the figures of Pagu DPA are in thousands of rupiah, "
            "state that unit in the header 'Pagu DPA' (or the title); else the figures of "
            "Realisasi Bulan Ini are not in rupiah: correct them") in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


@_UNIT_SUFFIXES
def test_a_month_in_rupiah_after_a_month_loaded_in_thousands_names_the_loaded_file(tmp_path,
                                                                                  con, suffix):
    """January was loaded in thousands stating no unit (wrong, and nothing to tell then);
    February in rupiah is a thousand times January. The advice said to write February in
    rupiah, which it is. Now it says the figures are a thousand times the loaded ones and
    that, in rupiah, January's file is the wrong one; one file holding both months mends
    it (the months a file holds are not compared with the loaded ones)."""
    ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1, written=1_000), "anggaran")
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 2), "anggaran")
    assert result.status == "rejected"
    assert ("no revision, but figures in another unit than stated. The figures are 1,000 times "
            "the loaded ones: if they are in rupiah, anggaran 2023 #1 is the file in the wrong "
            "unit: correct it and load it again first; else state the unit they are in. If "
            "several loaded months of 2023 are in the wrong unit, load them again corrected in "
            "one file: the months a file holds replace the loaded ones and are not compared "
            "with them") in result.message
    both = write_table(tmp_path / f"realisasi_2023_01_02{suffix}", _unit_header(),
                       [*_unit_rows(suffix, 2023, 1), *_unit_rows(suffix, 2023, 2)])
    mended = ingest_file(con, both, "anggaran")
    assert (mended.status, mended.rows_loaded) == ("loaded", 6), mended.message
    assert _pagu(con) == sorted([*_figures(2023, 1), *_figures(2023, 2)])


@_UNIT_SUFFIXES
def test_a_line_above_the_ceiling_under_a_thousands_title_names_the_title(tmp_path, con,
                                                                         suffix):
    """A title `(dalam ribuan rupiah)` over full-rupiah figures, nothing loaded. The ceiling
    refusal said to correct the unit in the header 'Pagu Murni', which is refused as two
    units beside the title; now it names the title row."""
    title = "LAPORAN REALISASI ANGGARAN DP3A 2023 (dalam ribuan rupiah)"
    result = ingest_file(con, _in_unit(tmp_path, suffix, 2023, 1, title=title), "anggaran")
    assert result.status == "rejected"
    assert ("Pagu Murni states thousands of rupiah, as title row 1 says, yet its line "
            "2.08.01.1.08.0001 (row 3) holds 245,000,000,000 in January 2023") in result.message
    assert result.message.endswith(
        "The figures are likely in a smaller unit than stated: correct the unit in title row 1; "
        "if the budget has truly grown so, raise the ceiling")
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_month_per_account_in_thousands_is_added_up_against_the_lines_loaded(tmp_path, con):
    """January loaded per sub kegiatan in rupiah; February per belanja account, written in
    thousands and stating no unit: each line's accounts added up are a thousandth of its
    loaded Pagu DPA. Refused; January alone stays."""
    january = [row for row in sipd_line_rows() if row["Bulan"] == "1"]
    loaded = ingest_file(con, write_sipd_csv(tmp_path / "realisasi_2023_01.csv", january,
                                             SIPD_LINE_HEADER), "anggaran")
    assert (loaded.status, loaded.rows_loaded) == ("loaded", 4), loaded.message
    amounts = ("Pagu DPA", "Pagu P-DPA", "Realisasi Bulan Ini", "Sisa Anggaran")
    february = [{name: re.sub(r"\.000,00(\)?)$", r",00\1", cell) if name in amounts else cell
                 for name, cell in row.items()}
                for row in sipd_account_rows() if row["Bulan"] == "2"]
    result = ingest_file(con, write_sipd_csv(tmp_path / "realisasi_2023_02.csv", february),
                         "anggaran")
    assert result.status == "rejected"
    assert ("Pagu DPA states no unit (read as rupiah), yet its figures are 1/1,000 of those "
            "loaded for the same lines of 2023 on 4 of the 4 lines both hold: "
            "2.08.03.1.01.0002 (row 2) holds 65,500 here and 65,500,000 in anggaran 2023 #1"
            ) in result.message
    assert con.execute("select bulan, sum(pagu_murni) from raw.anggaran group by bulan"
                       ).fetchall() == [(1, sum(akun.pagu_murni for akun in SIPD_ACCOUNTS))]
