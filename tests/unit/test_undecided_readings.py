"""A date or a number two readings read differently, in a file where no value settles which,
is not read: never the Indonesian convention by default. The real loader and a real DuckDB
warehouse read files generated here, as CSV and as workbooks of text cells."""

import datetime as dt

import duckdb
import pytest
from openpyxl import Workbook

from ingest.loader import ingest_file
from tests.helpers import (
    ANGGARAN_HEADER,
    ASN_HEADER,
    INDIKATOR_HEADER,
    UPTD_HEADER,
    anggaran_row,
    indikator_row,
    simfoni_row,
    staff_row,
    uptd_row,
    write_csv,
    write_rows_xlsx,
)

NUMBER_SETTLE = ("one number in the file written with both marks (93.000,5 or 93,000.5) or "
                 "with a decimal only one mark reads (0.423 or 92,81) settles it; or type the "
                 "values as number cells")
DATE_SETTLE = ("one date in the file with a day above 12 (23/03/2023) settles the order; or "
               "write the dates with a month name (5 Maret 2023), as 2023-03-05, or as date "
               "cells")


def flagged(con, source, row_kept=True):
    return con.execute(
        f"select source_row, column_name, value, reason from raw.{source}_quarantine "
        "where row_kept = ? order by source_row, column_name", [row_kept]).fetchall()


def write(tmp_path, kind: str, name: str, header: list[str], rows: list[list[object]]):
    """The same table as a `;` CSV (header on row 1) or a workbook whose cells are text,
    under a title row (header on row 2); returns the file and the first data row's number."""
    if kind == "csv":
        return write_csv(tmp_path / f"{name}.csv", rows, header=header), 2
    return write_rows_xlsx(tmp_path / f"{name}.xlsx", header, rows,
                           above=[[f"TABEL {name.upper()}"]]), 3


# BPS index values written by an English-locale machine, and nothing else in the file that
# tells its decimal mark: 75 and 72 mean the same either way.
BPS_INDEX = [indikator_row("IPG", "93.000", "92.814"), indikator_row("IDG", "75", "72")]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_index_nothing_settles_is_not_read_and_its_row_is_kept(tmp_path, con, english, kind):
    path, first = write(tmp_path, kind, "indikator_kinerja_2023_tabel9", INDIKATOR_HEADER,
                        BPS_INDEX)
    result = ingest_file(con, path, "indikator")
    # Target and Realisasi are optional: the row loads, the two cells are emptied and flagged.
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (2, 0, 2)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan from "
                       "raw.indikator order by source_row").fetchall() == [
        ("IPG", None, None), ("IDG", 75.0, 72.0)]
    assert con.execute("select count(*) from raw.indikator where target in (93000, 93) or "
                       "realisasi_dilaporkan in (92814, 92.814)").fetchone() == (0,)
    assert flagged(con, "indikator") == [
        (first, "Realisasi", "92.814",
         f"Realisasi, row {first}: '92.814' is 92,814 (',' as the decimal mark and '.' between "
         "thousands) or 92.814 ('.' as the decimal mark and ',' between thousands) and no "
         f"value in the file settles which: not read; {NUMBER_SETTLE}"),
        (first, "Target", "93.000",
         f"Target, row {first}: '93.000' is 93,000 (',' as the decimal mark and '.' between "
         "thousands) or 93 ('.' as the decimal mark and ',' between thousands) and no value "
         f"in the file settles which: not read; {NUMBER_SETTLE}")]
    assert (f"Target: 1 value not read: it reads two ways (',' or '.' as the decimal mark) and "
            f"no value in the file settles which (first: row {first} '93.000')") in result.message


def test_the_reason_is_indonesian_for_the_officer(tmp_path, con, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "id")
    path, _ = write(tmp_path, "csv", "indikator_kinerja_2023_tabel9", INDIKATOR_HEADER,
                    BPS_INDEX)
    result = ingest_file(con, path, "indikator")
    assert [reason for *_, reason in flagged(con, "indikator")][1] == (
        "Target, baris 2: '93.000' berarti 93.000 (koma sebagai tanda desimal dan titik sebagai "
        "pemisah ribuan) atau 93 (titik sebagai tanda desimal dan koma sebagai pemisah ribuan), "
        "dan tidak ada nilai di berkas yang memastikan yang mana: tidak dibaca; satu angka di "
        "berkas yang ditulis dengan kedua tanda (93.000,5 atau 93,000.5) atau dengan desimal "
        "yang hanya dapat dibaca satu cara (0.423 atau 92,81) sudah memastikannya; atau ketik "
        "nilainya sebagai sel angka")
    assert ("Realisasi: 1 nilai tidak dibaca: dapat dibaca dua cara (koma atau titik sebagai "
            "tanda desimal), dan tidak ada nilai di berkas yang memastikan yang mana (yang "
            "pertama: baris 2 '92.814')") in result.message
    assert result.message.startswith("2 baris dimuat; 2 sel kolom opsional ditandai")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_one_decimal_elsewhere_in_the_file_settles_the_mark_but_not_a_thousands_group(
        tmp_path, con, english, kind):
    """0.5 can only have a decimal point: the file writes English marks, Realisasi too. Yet
    `93.000` and `92.814` were then read as 93 and 92.814 without a word, though Indonesian
    files write 93000 so: three digits after a single point are read only when the file shows
    its point never groups thousands (`0.423`, `1,000`)."""
    rows = [*BPS_INDEX, indikator_row("IKG", "0.5", "0")]
    path, first = write(tmp_path, kind, "indikator_kinerja_2023_tabel9", INDIKATOR_HEADER, rows)
    result = ingest_file(con, path, "indikator")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (3, 0, 2)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan from "
                       "raw.indikator order by source_row").fetchall() == [
        ("IPG", None, None), ("IDG", 75.0, 72.0), ("IKG", 0.5, 0.0)]
    assert (f"Realisasi (like Target): numbers read with '.' as the decimal mark and ',' between "
            f"thousands: proof row {first + 2} '0.5'") in result.message
    assert flagged(con, "indikator")[0] == (
        first, "Realisasi", "92.814",
        f"Realisasi, row {first}: '92.814' is 92.814 with '.' as the decimal mark the column "
        f"uses (row {first + 2} '0.5'), or 92,814 with '.' between thousands, as Indonesian "
        "files write it, and no value in the file settles which: not read; write thousands "
        "with ',' (1,000) or as a number cell")
    assert (f"Target: 1 value not read: three digits after a single point may be decimals or "
            f"a thousands group (first: row {first} '93.000')") in result.message

    settled = [*BPS_INDEX, indikator_row("IKG", "0.423", "0")]
    path, first = write(tmp_path, kind, "indikator_kinerja_2023_tabel9b", INDIKATOR_HEADER,
                        settled)
    result = ingest_file(con, path, "indikator")
    assert (result.rows_loaded, result.cells_flagged) == (3, 0)
    assert con.execute("select target, realisasi_dilaporkan from raw.indikator where "
                       "kode_indikator = 'IPG' and ingest_id = ?", [result.ingest_id]
                       ).fetchall() == [(93.0, 92.814)]


def test_a_count_written_with_three_zero_decimals_is_a_thousands_group(tmp_path, con, english):
    """A count column in a file writing the decimal point (12.5 beside it): `1.000` victims is
    1000, never 1, and a share's `1.000` is not read."""
    header = [*INDIKATOR_HEADER, "Pembilang", "Penyebut"]
    rows = [indikator_row("IKD-1", "12.5", "1.000") + ["1.000", "1.250"],
            indikator_row("IKD-2", "80", "81") + ["81", "100"]]
    path = write_csv(tmp_path / "indikator_2023.csv", rows, header=header)
    result = ingest_file(con, path, "indikator")
    assert (result.rows_loaded, result.cells_flagged) == (2, 1)
    assert con.execute("select realisasi_dilaporkan, pembilang, penyebut from raw.indikator "
                       "order by source_row").fetchall() == [(None, 1000.0, 1250.0),
                                                             (81.0, 81.0, 100.0)]


def register(dates: list[str]) -> list[list[object]]:
    """A small UPTD register whose complaint dates are typed as text."""
    return [uptd_row(number, **{"Tanggal Pengaduan": date})
            for number, date in enumerate(dates, 1)]


SMALL_REGISTER = ["05/03/2023", "07/02/2023", "11/01/2023", "05/05/2023", "2023-04-10"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_register_whose_dates_all_fit_both_orders_quarantines_them(tmp_path, con, english,
                                                                      kind):
    path, first = write(tmp_path, kind, "register_uptd_2023", UPTD_HEADER,
                        register(SMALL_REGISTER))
    result = ingest_file(con, path, "uptd")
    # The complaint date is required: a date not read costs its row; 5/5 and ISO load.
    assert (result.rows_loaded, result.rows_quarantined) == (2, 3)
    assert con.execute("select tanggal_pengaduan from raw.uptd order by source_row"
                       ).fetchall() == [(dt.date(2023, 5, 5),), (dt.date(2023, 4, 10),)]
    refused = flagged(con, "uptd", row_kept=False)
    assert [(row, column, value) for row, column, value, _ in refused] == [
        (first, "Tanggal Pengaduan", "05/03/2023"), (first + 1, "Tanggal Pengaduan", "07/02/2023"),
        (first + 2, "Tanggal Pengaduan", "11/01/2023")]
    assert refused[0][3] == (
        f"Tanggal Pengaduan, row {first}: '05/03/2023' is 5 March 2023 (day/month/year) or "
        "3 May 2023 (month/day/year) and no value in the file settles the order: not read; "
        f"{DATE_SETTLE}")
    assert (f"Tanggal Pengaduan: 3 values not read: they read day-first or month-first and no "
            f"value in the file settles the order (first: row {first} '05/03/2023')"
            ) in result.message


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_one_day_past_the_twelfth_reads_the_register_day_first(tmp_path, con, english, kind):
    path, first = write(tmp_path, kind, "register_uptd_2023", UPTD_HEADER,
                        register([*SMALL_REGISTER, "23/03/2023"]))
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (6, 0)
    assert [date for (date,) in con.execute(
        "select tanggal_pengaduan from raw.uptd order by source_row").fetchall()] == [
        dt.date(2023, 3, 5), dt.date(2023, 2, 7), dt.date(2023, 1, 11), dt.date(2023, 5, 5),
        dt.date(2023, 4, 10), dt.date(2023, 3, 23)]
    assert (f"Tanggal Pengaduan: dates read day/month/year: proof row {first + 5} '23/03/2023'"
            ) in result.message


def test_dates_spelt_month_first_settle_the_order_of_those_in_digits(tmp_path, con, english):
    # An English-US export: `October 28, 2023` beside `11/06/2023` is 6 November.
    rows = [simfoni_row(1, **{"Tanggal Lapor": "October 28, 2023", "Tanggal Kejadian": ""}),
            simfoni_row(2, **{"Tanggal Lapor": "11/06/2023", "Tanggal Kejadian": "11/04/2023"})]
    result = ingest_file(con, write_csv(tmp_path / "simfoni_2023.csv", rows), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (2, 0, 0)
    assert con.execute("select tanggal_lapor, tanggal_kejadian from raw.simfoni "
                       "order by source_row").fetchall() == [
        (dt.date(2023, 10, 28), None), (dt.date(2023, 11, 6), dt.date(2023, 11, 4))]
    assert ("Tanggal Lapor: dates read month/day/year, the order the file writes its dates "
            "with month names in: row 2 'October 28, 2023'") in result.message
    assert "Tanggal Kejadian (like Tanggal Lapor): dates read month/day/year" in result.message


def test_a_whole_number_column_settles_itself_but_not_the_others(tmp_path, con, english):
    # 1.040 desa cannot be 1,04 desa: Desa Layak Anak groups thousands with the point, so its
    # 1.000 is 1000. Target Desa proves nothing of its own: its 2.000 is not read.
    header = ["Tahun", "Kabupaten/Kota", "Nilai Evaluasi Mandiri", "Peringkat",
              "Desa Layak Anak", "Target Desa Layak Anak"]
    rows = [["2023", "Kota Kupang", "", "Madya", "1.040", "2.000"],
            ["2023", "Ngada", "", "Pratama", "1.000", "12"]]
    result = ingest_file(con, write_csv(tmp_path / "kla.csv", rows, header=header), "kla")
    assert (result.rows_loaded, result.cells_flagged) == (2, 1)
    assert con.execute("select desa_layak_anak, target_desa_layak_anak from raw.kla "
                       "order by source_row").fetchall() == [(1040, None), (1000, 12)]
    assert [(row, column, value) for row, column, value, _ in flagged(con, "kla")] == [
        (2, "Target Desa Layak Anak", "2.000")]


def test_a_private_date_not_read_is_not_repeated_in_the_reason(tmp_path, con, english):
    # The roster's date is ISO: nothing settles the birth dates' order.
    contract = {"Tanggal Data": "2023-12-31", "Golongan": "", "Status Kepegawaian": "Kontrak"}
    rows = [staff_row(1, nip="", born="07/11/1974", **contract),
            staff_row(2, nip="", born="02/03/1990", **contract)]
    result = ingest_file(con, write_csv(tmp_path / "roster.csv", rows, header=ASN_HEADER),
                         "asn")
    assert (result.rows_loaded, result.cells_flagged) == (2, 2)
    assert con.execute("select tanggal_lahir from raw.asn").fetchall() == [(None,), (None,)]
    assert [(row, column, value) for row, column, value, _ in flagged(con, "asn")] == [
        (2, "Tanggal Lahir", ""), (3, "Tanggal Lahir", "")]
    reasons = [reason for *_, reason in flagged(con, "asn")]
    assert reasons[0] == (
        "Tanggal Lahir, row 2: the date reads day-first or month-first and no value in the file "
        f"settles the order: not read; {DATE_SETTLE}")
    assert not any(part in " ".join(reasons) for part in ("1974", "1990", "07/11", "July"))


def test_satudata_check_says_how_many_values_were_not_read_and_why(tmp_path, capsys,
                                                                    monkeypatch):
    from satudata.cli import EXIT_OK, main

    monkeypatch.delenv("SATUDATA_LANG", raising=False)
    path = write_csv(tmp_path / "landing" / "indikator" / "indikator_kinerja_2023_tabel9.csv",
                     BPS_INDEX, header=INDIKATOR_HEADER)
    warehouse = tmp_path / "w" / "satudata.duckdb"
    assert main(["check", str(path), "--warehouse", str(warehouse)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "2 baris dibaca: 2 akan dimuat, 0 akan dikarantina" in out
    assert "Target: 1 nilai tidak dibaca: dapat dibaca dua cara" in out
    assert ("Baris 2, kolom Target: '93.000' — Target, baris 2: '93.000' berarti 93.000 "
            "(koma sebagai tanda desimal") in out
    assert not warehouse.exists()


def test_a_value_not_read_in_a_workbook_of_sheets_names_its_sheet(tmp_path, con, english):
    # Sheets per regency state no month: their dates are the file's (a sheet per month
    # settles its own: `test_a_sheet_per_month_settles_the_order_of_its_own_dates`).
    book = Workbook()
    book.remove(book.active)
    for name, dates in (("Kota Kupang", ["05/01/2023", "2023-01-20"]),
                        ("Kab. Kupang", ["2023-02-15", "09/02/2023"])):
        sheet = book.create_sheet(name)
        sheet.append([f"REGISTER {name.upper()} 2023"])
        sheet.append(UPTD_HEADER)
        for row in register(dates):
            sheet.append(row)
    book.save(tmp_path / "register_uptd_2023.xlsx")
    result = ingest_file(con, tmp_path / "register_uptd_2023.xlsx", "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 2)
    reasons = {sheet: reason for sheet, reason in con.execute(
        "select sheet, reason from raw.uptd_quarantine").fetchall()}
    assert reasons["Kab. Kupang"].startswith(
        "Tanggal Pengaduan, row 4 (sheet 'Kab. Kupang'): '09/02/2023' is 9 February 2023 "
        "(day/month/year) or 2 September 2023 (month/day/year)")
    assert "(first: row 3 (sheet 'Kota Kupang') '05/01/2023')" in result.message


def test_counts_with_three_decimals_in_a_file_whose_point_never_groups(tmp_path, con, english):
    """A file writing every number with three decimals shows its point is never a thousands
    group (`0.500`): its counts `3.000` and `4.000` are 3 and 4 (they were loaded as 3000 and
    4000, the ledger saying the point was read as the decimal mark)."""
    header = [*INDIKATOR_HEADER, "Pembilang", "Penyebut"]
    rows = [indikator_row("IKD.1", "100.000", "75.000") + ["3.000", "4.000"],
            indikator_row("IKD.2", "0.500", "0.750") + ["3.000", "4.000"]]
    path = write_csv(tmp_path / "indikator_2023.csv", rows, header=header)
    result = ingest_file(con, path, "indikator")
    assert (result.rows_loaded, result.cells_flagged) == (2, 0)
    assert con.execute("select target, realisasi_dilaporkan, pembilang, penyebut from "
                       "raw.indikator order by source_row").fetchall() == [
        (100.0, 75.0, 3.0, 4.0), (0.5, 0.75, 3.0, 4.0)]
    assert ("Pembilang (like Target): numbers read with '.' as the decimal mark and ',' between "
            "thousands: proof row 3 '0.500'") in result.message


def test_a_count_grouping_thousands_against_the_files_three_decimals_is_not_read(
        tmp_path, con, english):
    """One convention per file: where Target's `0.500` shows the point never groups
    thousands, Pembilang's `3.000` is 3 (it was 3000 beside Target's `3.000` read as 3, once a
    `1.250` in Pembilang, a count only as 1250, proved thousands for the column), and that
    `1.250` is not read, the reason naming the file's proof and the count."""
    header = [*INDIKATOR_HEADER, "Pembilang", "Penyebut"]
    rows = [indikator_row("IKD-01", "0.500", "0.487") + ["", ""],
            indikator_row("IKD-02", "3.000", "2.750") + ["3.000", "4.000"],
            indikator_row("IKD-03", "1.000", "1.250") + ["1.250", "1.000"]]
    path = write_csv(tmp_path / "indikator_2023.csv", rows, header=header)
    result = ingest_file(con, path, "indikator")
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan, pembilang, "
                       "penyebut from raw.indikator order by source_row").fetchall() == [
        ("IKD-01", 0.5, 0.487, None, None), ("IKD-02", 3.0, 2.75, 3.0, 4.0)]
    assert flagged(con, "indikator", row_kept=False) == [(4, "Pembilang", "1.250", (
        "Pembilang, row 4: '1.250' is 1.25 with '.' as the decimal mark, as the file writes "
        "its numbers (Target, row 2 '0.500'), but Pembilang holds whole numbers (a count or "
        "an amount), and 1,250 would need '.' between thousands, which the file does not "
        "write: not read; check the value, and write every number with one convention"))]
    assert ("Penyebut (like Target): numbers read with '.' as the decimal mark and ',' between "
            "thousands: proof row 2 '0.500'") in result.message


def test_a_count_grouping_thousands_beside_two_decimals_still_reads_as_thousands(
        tmp_path, con, english):
    """`81.25` proves the point is a decimal mark, not that it never groups thousands: a
    count's `1.850` still proves thousands for the file's counts (1850 and 2000)."""
    header = [*INDIKATOR_HEADER, "Pembilang", "Penyebut"]
    rows = [indikator_row("IKD-01", "81.25", "92.5") + ["1.850", "2.000"]]
    path = write_csv(tmp_path / "indikator_2023.csv", rows, header=header)
    ingest_file(con, path, "indikator")
    assert con.execute("select target, pembilang, penyebut from raw.indikator").fetchall() == [
        (81.25, 1850.0, 2000.0)]


# A finance export whose Realisasi says it is each month's own figure.
MONTHLY_HEADER = [name.replace("Realisasi", "Realisasi Bulan Ini") for name in ANGGARAN_HEADER]


def test_an_amount_with_three_decimals_after_the_files_decimal_mark_is_not_read(
        tmp_path, con, english):
    """A finance export of English marks (`150,000,000.00`, `12,500.50`) with one Realisasi
    typed `750.000`: an amount of rupiah has no three decimals, so it is 750 thousand written
    the Indonesian way or a mistake; it loaded as 750 rupiah without a word. Now its row is
    quarantined naming the cell, and an optional amount's `2.500` (Sisa) is emptied, flagged."""
    rows = [anggaran_row(1, "12,500.50", **{"Pagu Murni": "150,000,000.00"}),
            anggaran_row(2, "1,250,000.00", "2.500", **{"Pagu Murni": "150,000,000.00"}),
            anggaran_row(3, "750.000", **{"Pagu Murni": "150,000,000.00"})]
    path = write_csv(tmp_path / "lra_2023.csv", rows, delimiter=",", header=MONTHLY_HEADER)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (2, 1, 1)
    assert con.execute("select bulan, realisasi, sisa from raw.anggaran order by source_row"
                       ).fetchall() == [(1, 12500.5, None), (2, 1250000.0, None)]
    assert flagged(con, "anggaran", row_kept=False) == [(4, "Realisasi Bulan Ini", "750.000", (
        "Realisasi Bulan Ini, row 4: '750.000' is 750 with '.' as the decimal mark the file "
        "uses (row 2 '12,500.50'), but an amount of rupiah is never written with three "
        "decimals; with '.' between thousands it is 750,000: which is meant cannot be told: "
        "not read; write the amount as the column's other amounts are written (750,000.00)"))]
    assert flagged(con, "anggaran") == [(3, "Sisa", "2.500", (
        "Sisa, row 3: '2.500' is 2.5 with '.' as the decimal mark the file uses (Pagu Murni, "
        "row 2 '150,000,000.00'), but an amount of rupiah is never written with three "
        "decimals; with '.' between thousands it is 2,500: which is meant cannot be told: not "
        "read; write the amount as the column's other amounts are written (2,500.00)"))]


def test_an_amount_with_three_decimals_after_a_decimal_comma_is_not_read(tmp_path, con,
                                                                         english):
    """The mirror: in an Indonesian export (`1.250.000,50`), `1,500` is 1,5 rupiah only with
    three decimals, and 1500 in English marks: not read; `750.000` is 750 000 as ever."""
    rows = [anggaran_row(1, "1.250.000,50"), anggaran_row(2, "750.000"),
            anggaran_row(3, "1,500")]
    path = write_csv(tmp_path / "lra_2023.csv", rows, header=MONTHLY_HEADER)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert con.execute("select bulan, realisasi from raw.anggaran order by source_row"
                       ).fetchall() == [(1, 1250000.5), (2, 750000.0)]
    assert flagged(con, "anggaran", row_kept=False) == [(4, "Realisasi Bulan Ini", "1,500", (
        "Realisasi Bulan Ini, row 4: '1,500' is 1.5 with ',' as the decimal mark the file "
        "uses (row 2 '1.250.000,50'), but an amount of rupiah is never written with three "
        "decimals; with ',' between thousands it is 1,500: which is meant cannot be told: not "
        "read; write the amount as the column's other amounts are written (1.500,00)"))]


def test_an_amount_in_thousands_may_have_three_decimals(tmp_path, con, english):
    """Stated in thousands of rupiah, `12.500` beside `150,000.50` is 12.5 thousand: 12 500
    rupiah, read as before."""
    header = [name if name not in ("Pagu Murni", "Realisasi Bulan Ini") else f"{name} (Rp 000)"
              for name in MONTHLY_HEADER]
    rows = [anggaran_row(1, "12.500", **{"Pagu Murni": "150,000.50"})]
    path = write_csv(tmp_path / "lra_2023.csv", rows, delimiter=",", header=header)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)
    assert con.execute("select pagu_murni, realisasi from raw.anggaran").fetchall() == [
        (150000500.0, 12500.0)]


# A one-month register whose every complaint date has day and month both 12 or below: the
# month the file states of itself is the evidence of their order.
OCTOBER_DMY = ["02/10/2023", "05/10/2023", "11/10/2023", "10/10/2023"]
OCTOBER_MDY = ["10/02/2023", "10/05/2023", "10/11/2023", "10/10/2023"]
IN_OCTOBER = [dt.date(2023, 10, 2), dt.date(2023, 10, 5), dt.date(2023, 10, 11),
              dt.date(2023, 10, 10)]


def complaint_dates(con):
    return [date for (date,) in con.execute(
        "select tanggal_pengaduan from raw.uptd order by source_row").fetchall()]


@pytest.mark.parametrize(("name", "above", "where"), [
    ("register_uptd_oktober_2023.csv", [], "the file name ('oktober 2023')"),
    ("kasus_2023_10.csv", [], "the file name ('2023 10')"),
    # An English month name, as a sheet's name is read: before, no month was stated.
    ("register_october_2023.csv", [], "the file name ('october 2023')"),
    ("register_uptd.xlsx", [["Register Kasus Bulan Oktober 2023"]],
     "title row 1 ('bulan oktober 2023')"),
])
@pytest.mark.parametrize(("dates", "how"), [(OCTOBER_DMY, "day/month/year"),
                                            (OCTOBER_MDY, "month/day/year")])
def test_a_register_stating_its_month_reads_its_dates_in_the_order_that_puts_them_there(
        tmp_path, con, english, name, above, where, dates, how):
    # Before, every such date was quarantined: nothing in the values settles the order.
    if name.endswith(".csv"):
        path, first = write_csv(tmp_path / name, register(dates), header=UPTD_HEADER), 2
    else:
        path, first = write_rows_xlsx(tmp_path / name, UPTD_HEADER, register(dates),
                                      above=above), 3
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (4, 0), result.message
    assert complaint_dates(con) == IN_OCTOBER
    assert (f"Tanggal Pengaduan: dates read {how}: the file states the month October 2023 "
            f"({where}), and only that order puts in it the 3 dates that read two ways "
            f"(first: row {first} '{dates[0]}')") in result.message


def test_satudata_ingest_reads_a_month_first_register_named_for_its_month(tmp_path, capsys,
                                                                           monkeypatch):
    from satudata.cli import EXIT_OK, main

    monkeypatch.delenv("SATUDATA_LANG", raising=False)
    path = write_csv(tmp_path / "landing" / "uptd" / "register_uptd_oktober_2023.csv",
                     register(OCTOBER_MDY), header=UPTD_HEADER)
    warehouse = tmp_path / "w" / "satudata.duckdb"
    assert main(["ingest", str(path), "--warehouse", str(warehouse)]) == EXIT_OK
    assert ("Tanggal Pengaduan: tanggal dibaca bulan/hari/tahun: berkas menyatakan bulan "
            "Oktober 2023 (nama berkas ('oktober 2023')), dan hanya urutan itu yang "
            "menempatkan 3 tanggal yang dapat dibaca dua cara di bulan tersebut (yang "
            "pertama: baris 2 '10/02/2023')") in capsys.readouterr().out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert complaint_dates(con) == IN_OCTOBER
        assert con.execute("select count(*) from raw.uptd_quarantine").fetchone() == (0,)


@pytest.mark.parametrize(("name", "dates", "why"), [
    # Up to October (cumulative), or October and November: not one month.
    # Before, the ledger said nothing of the month the file name speaks of.
    ("register_uptd_sd_oktober_2023.csv", OCTOBER_DMY[:3],
     "; what the file says of its month does not settle it: the file name ('sd oktober "
     "2023') runs from January up to a month"),
    ("register_uptd_okt_nov_2023.csv", OCTOBER_DMY[:3],
     "; what the file says of its month does not settle it: the file name ('nov 2023') "
     "follows an earlier month's name without a mark between them: several months, or a "
     "name before the month"),
    # 5 September or 9 May: October in neither order (a report of the month before).
    ("register_uptd_oktober_2023.csv", ["02/10/2023", "05/09/2023", "11/10/2023"],
     "; the month the file states, October 2023 (the file name ('oktober 2023')), does not "
     "settle it: row 3 '05/09/2023' is in that month in neither order"),
    # 2 October day-first, 5 October month-first: the file is written both ways, or wrong.
    ("register_uptd_oktober_2023.csv", ["02/10/2023", "10/05/2023", "11/10/2023"],
     "; the month the file states, October 2023 (the file name ('oktober 2023')), does not "
     "settle it: row 2 '02/10/2023' is in that month read day/month/year, row 3 "
     "'10/05/2023' read month/day/year"),
    # October of another year in either order.
    ("register_uptd_oktober_2022.csv", OCTOBER_DMY[:3],
     "; the month the file states, October 2022 (the file name ('oktober 2022')), does not "
     "settle it: row 2 '02/10/2023' is in that month in neither order"),
])
def test_a_register_whose_stated_month_does_not_settle_the_order_quarantines_them(
        tmp_path, con, english, name, dates, why):
    path = write_csv(tmp_path / name, register(dates), header=UPTD_HEADER)
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (0, 3)
    assert complaint_dates(con) == []
    assert flagged(con, "uptd", row_kept=False)[0][3] == (
        f"Tanggal Pengaduan, row 2: '{dates[0]}' is {parse_day(dates[0], 'dmy')} "
        f"(day/month/year) or {parse_day(dates[0], 'mdy')} (month/day/year) and no value in "
        f"the file settles the order: not read; {DATE_SETTLE}")
    assert (f"Tanggal Pengaduan: 3 values not read: they read day-first or month-first and no "
            f"value in the file settles the order (first: row 2 '{dates[0]}'){why}"
            ) in result.message


def parse_day(text: str, order: str) -> str:
    from core.i18n import day
    from ingest.parse import date_readings

    return day(date_readings(text)[order])


def test_dates_that_prove_their_order_are_not_overruled_by_the_stated_month(tmp_path, con,
                                                                             english):
    # 25/10/2023 is day first; 10/05/2023 is then 10 May, though only month first puts it in
    # the October the file names: which is wrong cannot be told, so it is not read.
    path = write_csv(tmp_path / "register_uptd_oktober_2023.csv",
                     register(["25/10/2023", "10/05/2023"]), header=UPTD_HEADER)
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert complaint_dates(con) == [dt.date(2023, 10, 25)]
    reason = ("Tanggal Pengaduan: the file writes day/month/year (row 2 '25/10/2023'), but it "
              "states the month October 2023 (the file name ('oktober 2023')), and only "
              "month/day/year puts in it the 1 date that reads two ways (row 3 '10/05/2023'): "
              "which is right cannot be told, so a date that could be either is not read; "
              "correct the dates, the title or the file name")
    assert flagged(con, "uptd", row_kept=False) == [(3, "Tanggal Pengaduan", "10/05/2023",
                                                     reason)]
    assert reason in result.message


@pytest.mark.parametrize(("dates", "second"), [
    # 02/10 is in October day-first, 10/05 month-first: the month settles nothing, and
    # 10/05/2023 loaded as 10 May without a word.
    (["25/10/2023", "02/10/2023", "10/05/2023"], dt.date(2023, 10, 2)),
    # 03/04/2023 is in October in neither order: the same.
    (["25/10/2023", "03/04/2023", "10/05/2023"], dt.date(2023, 4, 3)),
])
def test_a_date_only_the_other_order_puts_in_the_stated_month_is_not_read(
        tmp_path, con, english, dates, second):
    path = write_csv(tmp_path / "register_uptd_oktober_2023.csv", register(dates),
                     header=UPTD_HEADER)
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert complaint_dates(con) == [dt.date(2023, 10, 25), second]
    reason = ("Tanggal Pengaduan: '10/05/2023' is 5 October 2023 read month/day/year, in the "
              "month the file states, October 2023 (the file name ('oktober 2023')), and "
              "10 May 2023 read day/month/year, as the file writes its dates (row 2 "
              "'25/10/2023'): which is right cannot be told, so it is not read; correct the "
              "date, the title or the file name")
    assert flagged(con, "uptd", row_kept=False) == [(4, "Tanggal Pengaduan", "10/05/2023",
                                                     reason)]
    assert ("Tanggal Pengaduan: dates read day/month/year: proof row 2 '25/10/2023'; 1 date "
            "that reads two ways not read (row 4 '10/05/2023'): only month/day/year puts it "
            "in the month the file states, October 2023 (the file name ('oktober 2023'))"
            ) in result.message


def test_a_title_and_a_file_name_naming_two_months_settle_nothing_and_the_ledger_says_why(
        tmp_path, con, english):
    path = write_rows_xlsx(tmp_path / "register_uptd_oktober_2023.xlsx", UPTD_HEADER,
                           register(OCTOBER_DMY[:3]),
                           above=[["Register Kasus Bulan November 2023"]])
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (0, 3)
    assert ("Tanggal Pengaduan: 3 values not read: they read day-first or month-first and no "
            "value in the file settles the order (first: row 3 '02/10/2023'); what the file "
            "says of its month does not settle it: title row 1 ('bulan november 2023') and "
            "the file name ('oktober 2023') disagree") in result.message


def test_september_reports_in_a_register_named_for_october_keep_their_proof(tmp_path, con,
                                                                            english):
    # 28/09/2023 proves day first, and the month agrees: 02/10 and 09/10 are in October
    # day first. 10/10/2023 reads the same either way.
    path = write_csv(tmp_path / "register_uptd_oktober_2023.csv",
                     register(["28/09/2023", "02/10/2023", "09/10/2023", "10/10/2023"]),
                     header=UPTD_HEADER)
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (4, 0)
    assert complaint_dates(con) == [dt.date(2023, 9, 28), dt.date(2023, 10, 2),
                                    dt.date(2023, 10, 9), dt.date(2023, 10, 10)]
    assert "Tanggal Pengaduan: dates read day/month/year: proof row 2 '28/09/2023'" in \
        result.message


def test_a_simfoni_extract_stating_its_month_reads_its_incident_dates_the_same_way(
        tmp_path, con, english):
    # The report date dates the register; the incident date may be earlier (September) and
    # says nothing of the month, but it is written in the file's order.
    rows = [simfoni_row(1, **{"Tanggal Lapor": "10/02/2023", "Tanggal Kejadian": "09/01/2023"}),
            simfoni_row(2, **{"Tanggal Lapor": "10/06/2023", "Tanggal Kejadian": "10/05/2023"})]
    path = write_csv(tmp_path / "simfoni_2023_10.csv", rows)
    result = ingest_file(con, path, "simfoni")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (2, 0, 0)
    assert con.execute("select tanggal_lapor, tanggal_kejadian from raw.simfoni "
                       "order by source_row").fetchall() == [
        (dt.date(2023, 10, 2), dt.date(2023, 9, 1)), (dt.date(2023, 10, 6), dt.date(2023, 10, 5))]
    assert ("Tanggal Kejadian (like Tanggal Lapor): dates read month/day/year: the file states "
            "the month October 2023 (the file name ('2023 10')), and only that order puts in "
            "it the 2 dates that read two ways (first: row 2 '10/02/2023')") in result.message


@pytest.mark.parametrize(("name", "dates"), [
    # A browser's 10th download of a year's register: `(10)` read as October made
    # 10/03/2023 3 October without a word.
    ("register_uptd_2023 (10).csv", ["10/03/2023", "10/05/2023"]),
    # An export day (or a cut-off) is not the month of the cases: 2 November is not stated.
    ("simfoni_export_2023_11_02.csv", ["11/02/2023", "11/05/2023"]),
    ("register_uptd 31-10-2023.csv", ["10/03/2023", "10/05/2023"]),
])
def test_a_counter_or_a_date_in_the_file_name_does_not_settle_the_order(tmp_path, con,
                                                                        english, name, dates):
    path = write_csv(tmp_path / name, register(dates), header=UPTD_HEADER)
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (0, 2)
    assert complaint_dates(con) == []
    assert (f"Tanggal Pengaduan: 2 values not read: they read day-first or month-first and no "
            f"value in the file settles the order (first: row 2 '{dates[0]}')"
            ) in result.message
    assert "the file states the month" not in result.message


def test_a_copy_of_a_register_named_for_its_month_still_states_it(tmp_path, con, english):
    path = write_csv(tmp_path / "register_uptd_oktober_2023 - Salinan (2).csv",
                     register(OCTOBER_DMY), header=UPTD_HEADER)
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (4, 0), result.message
    assert complaint_dates(con) == IN_OCTOBER


def sheets_book(path, sheets: list[tuple[str, list[str]]]):
    """A register kept as a workbook of a sheet per month (header on row 1 of each), its
    complaint dates typed as text, its case numbers running on across the sheets."""
    book = Workbook()
    book.remove(book.active)
    number = 0
    for name, dates in sheets:
        sheet = book.create_sheet(name)
        sheet.append(UPTD_HEADER)
        for date in dates:
            number += 1
            sheet.append(uptd_row(number, **{"Tanggal Pengaduan": date}))
    book.save(path)
    return path


def test_a_sheet_per_month_settles_the_order_of_its_own_dates(tmp_path, con, english):
    # Before, a month's sheet settled nothing in a workbook of several: every date but
    # 3/3/2023 was quarantined ("no value in the file settles the order"), while the same
    # sheet alone in a workbook loaded all its rows.
    path = sheets_book(tmp_path / "register_uptd_2023.xlsx", [
        ("Jan", ["1/3/2023", "1/7/2023", "1/11/2023"]),  # an English laptop: month first
        ("Feb", ["2/5/2023", "2/7/2023"]),
        ("Maret", ["03/03/2023", "07/03/2023", "11/03/2023"]),  # day first, as typed here
    ])
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (8, 0), result.message
    assert complaint_dates(con) == [
        dt.date(2023, 1, 3), dt.date(2023, 1, 7), dt.date(2023, 1, 11),
        dt.date(2023, 2, 5), dt.date(2023, 2, 7),
        dt.date(2023, 3, 3), dt.date(2023, 3, 7), dt.date(2023, 3, 11)]
    assert ("sheet 'Feb': Tanggal Pengaduan: dates read month/day/year: the file states the "
            "month February 2023 (the name of sheet 'Feb' ('Feb')), and only that order puts in it "
            "the 2 dates that read two ways (first: row 2 (sheet 'Feb') '2/5/2023')"
            ) in result.message
    assert ("sheet 'Maret': Tanggal Pengaduan: dates read day/month/year: the file states the "
            "month March 2023 (the name of sheet 'Maret' ('Maret')), and only that order puts in "
            "it the 2 dates that read two ways (first: row 3 (sheet 'Maret') '07/03/2023')"
            ) in result.message


@pytest.mark.parametrize(("name", "sheets", "loaded", "why"), [
    # 5 September or 9 May: February in neither order. January's sheet still loads.
    ("register_uptd_2023.xlsx", [("Jan", ["1/3/2023", "1/7/2023"]),
                                 ("Feb", ["05/09/2023", "2/7/2023"])],
     [dt.date(2023, 1, 3), dt.date(2023, 1, 7)],
     "sheet 'Feb': Tanggal Pengaduan: 2 values not read: they read day-first or month-first "
     "and no value on the sheet settles the order (first: row 2 (sheet 'Feb') '05/09/2023'); "
     "the month the file states, February 2023 (the name of sheet 'Feb' ('Feb')), does not settle "
     "it: row 2 (sheet 'Feb') '05/09/2023' is in that month in neither order"),
    # The file name states March: January's sheet is not settled, March's is.
    ("register_uptd_maret_2023.xlsx", [("Jan", ["1/3/2023", "1/7/2023"]),
                                       ("Mar", ["3/4/2023", "3/7/2023"])],
     [dt.date(2023, 3, 4), dt.date(2023, 3, 7)],
     "sheet 'Jan': Tanggal Pengaduan: 2 values not read: they read day-first or month-first "
     "and no value on the sheet settles the order (first: row 2 (sheet 'Jan') '1/3/2023'); "
     "what the file says of its month does not settle it: the name of sheet 'Jan' ('Jan') "
     "and the file name ('maret 2023') disagree"),
])
def test_a_sheet_whose_month_does_not_settle_its_dates_quarantines_them(
        tmp_path, con, english, name, sheets, loaded, why):
    result = ingest_file(con, sheets_book(tmp_path / name, sheets), "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 2), result.message
    assert complaint_dates(con) == loaded
    assert why in result.message
    sheet, dates = sheets[1] if "Feb" in dict(sheets) else sheets[0]
    refused = con.execute("select sheet, value, reason from raw.uptd_quarantine "
                          "order by source_row").fetchall()
    assert [(at, value) for at, value, _ in refused] == [(sheet, date) for date in dates]
    # A day above 12 on another sheet settles nothing here: the reason says "its sheet".
    assert refused[0][2] == (
        f"Tanggal Pengaduan, row 2 (sheet '{sheet}'): '{dates[0]}' is "
        f"{parse_day(dates[0], 'dmy')} (day/month/year) or {parse_day(dates[0], 'mdy')} "
        "(month/day/year) and no value on its sheet settles the order: not read; one date on "
        "the sheet with a day above 12 (23/03/2023) settles the order; or write the dates "
        "with a month name (5 Maret 2023), as 2023-03-05, or as date cells")


@pytest.mark.parametrize("names", [("Jan-Mar", "Apr-Jun"), ("TW I", "TW II"),
                                   ("Kota Kupang", "Kab. Kupang")])
def test_sheets_of_spans_quarters_or_places_state_no_month(tmp_path, con, english, names):
    path = sheets_book(tmp_path / "register_uptd_2023.xlsx", [
        (names[0], ["1/3/2023", "2/7/2023"]), (names[1], ["4/3/2023"])])
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (0, 3)
    assert "Tanggal Pengaduan: 3 values not read: they read day-first or month-first" in (
        result.message)
    assert "the file states the month" not in result.message


def test_a_sheet_named_for_a_person_and_a_month_settles_its_dates_unnamed(tmp_path, con,
                                                                         english):
    path = sheets_book(tmp_path / "register_uptd_2023.xlsx", [
        ("Maria Seran Bulan Januari 2023", ["1/3/2023", "1/7/2023"]), ("Feb", ["2/3/2023"])])
    result = ingest_file(con, path, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 0), result.message
    assert complaint_dates(con) == [dt.date(2023, 1, 3), dt.date(2023, 1, 7),
                                    dt.date(2023, 2, 3)]
    assert ("sheet 1: Tanggal Pengaduan: dates read month/day/year: the file states the month "
            "January 2023 (the name of sheet 1 ('bulan januari 2023'))") in result.message
    ledger = con.execute("select * from raw.ingest_ledger").fetchall()
    assert "Maria" not in result.message + repr(ledger)
    assert "Seran" not in result.message + repr(ledger)
