"""One month per file, without a Bulan (or Tahun) column: the month is read from the title
rows or the file name only when they agree on one month and the figures are the month's;
conflicting evidence and cumulative ("s.d. Bulan Maret") files are refused with the reason;
a month file replaces only its month's rows of the year."""

from __future__ import annotations

import csv
import io

import pytest

from ingest.loader import accept_held, ingest_file, ingest_folder
from ingest.month_of_file import read_file_name, read_text
from tests.helpers import SIPD_ACCOUNT_HEADER, rupiah, sipd_account_rows

pytestmark = pytest.mark.usefixtures("english")

WITHOUT_PERIOD = [name for name in SIPD_ACCOUNT_HEADER if name not in ("Tahun", "Bulan")]


def month_csv(path, bulan: int, titles: list[str], header=None, realisasi=None):
    """A SIPD account-level export of month `bulan` of 2023 without Tahun and Bulan
    columns, `titles` as the rows above the header (`;`, Windows-1252). `realisasi`
    overrides every row's realisation (the same text in each)."""
    header = header or WITHOUT_PERIOD
    rows = [row for row in sipd_account_rows() if row["Bulan"] == str(bulan)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([[title] for title in titles])
    writer.writerow([])
    writer.writerow(header)
    for row in rows:
        row = {**row, "Realisasi s.d. Bulan Ini": row["Realisasi Bulan Ini"],
               "Realisasi": row["Realisasi Bulan Ini"]}
        if realisasi is not None:
            row["Realisasi Bulan Ini"] = realisasi
        writer.writerow([row.get(name, "") for name in header])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


def months(con):
    return con.execute("select tahun, bulan, count(*), sum(realisasi) from raw.anggaran "
                       "group by all order by 1, 2").fetchall()


@pytest.mark.parametrize(("text", "said"), [
    ("LAPORAN REALISASI ANGGARAN BULAN MARET 2023", [(3, 2023, False)]),
    ("Periode: 01/03/2023 s/d 31/03/2023", [(3, 2023, False)]),
    ("Periode 1 Februari 2023 s.d. 28 Februari 2023", [(2, 2023, False)]),
    ("Laporan Realisasi Anggaran s.d. Bulan Maret Tahun Anggaran 2023",
     [(3, None, True), (None, 2023, False)]),
    # Up to a day: cumulative when the day ends its month, the day read before the month.
    ("Laporan Realisasi Anggaran Sampai Dengan 31 Maret 2023", [(3, 2023, True)]),
    ("Laporan Realisasi Anggaran untuk Periode yang Berakhir 31 Maret 2023", [(3, 2023, True)]),
    ("Keadaan s.d. 31/03/2023", [(3, 2023, True)]),
    ("Posisi per 30 April 2023", [(4, 2023, True)]),
    ("Bulan Maret Tahun Anggaran 2023", [(3, None, False), (None, 2023, False)]),
    ("Bulan: Maret", [(3, None, False)]),
    # A month word that is a name or a street says nothing.
    ("Bendahara Pengeluaran: Juli Manafe", []),
    ("Jl. Desember No. 5, Kupang", []),
    # A short form is a month beside a year only: `Jan` may be a name, `Des.` a village.
    ("Petugas Register: Jan Ndun", []),
    ("Des. Oebobo, Kec. Oebobo", []),
    ("Periode 01/01/2023 sampai dengan 31/03/2023", [(3, 2023, True)]),
    ("Realisasi s.d. Bulan Ini", [(None, None, True)]),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", []),
    # A month's number after "bulan" is that month; a count of months, a date or a quarter
    # is none, two numbers joined are a span, after "s.d." the month the figures run up to.
    ("Laporan Realisasi Bulan ke-7 Tahun 2023", [(7, None, False), (None, 2023, False)]),
    ("Bulan 7 Tahun Anggaran 2023", [(7, None, False), (None, 2023, False)]),
    ("LRA Bulan 07 2023", [(7, 2023, False)]),
    ("Realisasi 7 Bulan Tahun 2023", [(None, 2023, False)]),
    ("Dicetak Bulan 7/8/2023", []),
    ("Laporan Triwulan 3 Tahun 2023", [(None, 2023, False)]),
    ("Realisasi s.d. Bulan ke-7 2023", [(7, 2023, True)]),
    ("Realisasi Bulan 1 s.d. 3 2023", [(3, 2023, True)]),
])
def test_what_a_title_row_says(text, said):
    assert [(found.month, found.year, found.cumulative)
            for found in read_text(text, "row 1")] == said


@pytest.mark.parametrize(("name", "said"), [
    ("realisasi_2023_03.xlsx", [(3, 2023, False)]),
    ("Realisasi Maret 2023.csv", [(3, 2023, False)]),
    ("realisasi-04-2023.csv", [(4, 2023, False)]),
    ("Realisasi s.d. Maret 2023.xlsx", [(3, 2023, True)]),
    # After s.d. a short name is the month the figures run up to, not that month's own.
    ("realisasi_sd_mar_2023.xlsx", [(3, 2023, True)]),
    ("Rekap Kasus s.d. Okt 2023.csv", [(10, 2023, True)]),
    ("sipd_realisasi_per_rekening_2023.csv", []),
    ("LRA Bulan 7 2023.csv", [(7, 2023, False)]),
    ("LRA Bulan ke-7 2023.csv", [(7, 2023, False)]),
    ("lra 7-2023.csv", [(7, 2023, False)]),
    ("lra_2023-7.xlsx", [(7, 2023, False)]),
    # A digit beside a year by a space or `_` may be a count or a document's number.
    ("lampiran_3_2023.csv", []),
    ("Realisasi 7 Bulan 2023.csv", []),
])
def test_what_a_file_name_says(name, said):
    assert [(found.month, found.year, found.cumulative)
            for found in read_file_name(name)] == said


@pytest.mark.parametrize("text", [
    "realisasi_januari-maret_2023.xlsx", "LRA Jan-Mar 2023.xlsx", "register_okt&nov_2023.csv",
    "LRA Juli–Februari 2023.xlsx",
])
def test_two_months_joined_by_a_mark_in_a_name_are_a_span_not_the_last_month(text):
    # `Januari - Maret 2023` was read as March: a quarter's figures taken for one month's.
    assert [(found.month, found.year, found.span) for found in read_file_name(text)] == [
        (None, 2023, True)]


@pytest.mark.parametrize(("text", "fragment"), [
    ("realisasi_januari_maret_2023.xlsx", "maret 2023"), ("jan_mar_2023.csv", "mar 2023"),
    # `-` between every word of the name joins nothing.
    ("LRA-Jan-Mar-2023.xlsx", "mar 2023"),
])
def test_a_later_month_beside_an_earlier_without_a_mark_is_in_doubt(text, fragment):
    # A quarter (January to March) or a name before March: neither is taken.
    assert [(found.month, found.year, found.span, found.beside, found.fragment)
            for found in read_file_name(text)] == [(None, 2023, False, True, fragment)]


@pytest.mark.parametrize("text", [
    "LRA_Juli_Februari_2023.csv", "LRA-Juli-Februari-2023.csv",
    "realisasi_dana_des_februari_2023.csv",
])
def test_an_earlier_month_after_a_later_is_that_month_after_a_name(text):
    # The branch refused these as a span; July to February runs backwards: `Juli` is the
    # bendahara, `des` the desa of dana desa, as main read them.
    assert [(found.month, found.year, found.span, found.fragment)
            for found in read_file_name(text)] == [(2, 2023, False, "februari 2023")]


@pytest.mark.parametrize(("text", "said"), [
    ("Laporan Realisasi Anggaran Januari - Maret 2023", [(None, 2023, True)]),
    ("Register Kasus Bulan Oktober dan November", [(None, None, True)]),
    ("Rekap Kasus Februari s.d. Maret 2023", [(None, 2023, True)]),
    ("Register Kasus Bulan Oktober 2023", [(10, 2023, False)]),
    ("Register Kasus Bulan September 2023", [(9, 2023, False)]),
    ("LAPORAN REALISASI ANGGARAN Bendahara Mei Februari 2023", [(2, 2023, False)]),
])
def test_two_months_joined_in_a_title_are_a_span(text, said):
    assert [(found.month, found.year, found.span) for found in read_text(text, "row 1")] == said


def test_a_budget_file_named_for_a_quarter_is_refused(tmp_path, con):
    path = month_csv(tmp_path / "realisasi_januari-maret_2023.csv", 3, [])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("no Bulan column, and the file name ('januari – maret 2023') covers several "
            "months") in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_budget_file_naming_two_months_side_by_side_is_refused(tmp_path, con):
    path = month_csv(tmp_path / "realisasi_januari_maret_2023.csv", 3, [])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("no Bulan column, and the file name ('maret 2023') follows an earlier month's "
            "name without a mark between them: the file may cover several months, or a "
            "name may stand before the month; which cannot be told") in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_title_naming_the_bendahara_mei_reads_february_without_repeating_the_name(
        tmp_path, con):
    path = month_csv(tmp_path / "realisasi_dp3a.csv", 2, [
        "LAPORAN REALISASI ANGGARAN Bendahara Mei Februari 2023"])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [(2023, 2, 10, 44_565_000)]
    assert ("Bulan 2 read from title row 1 ('februari 2023')") in result.message
    assert "mei" not in result.message.lower()


@pytest.mark.parametrize(("name", "said"), [
    # A download counter, a copy's mark: no month (the 10th download is not October).
    ("register_uptd_2023 (10).csv", []),
    ("realisasi_lra_2023 (11).xlsx", []),
    ("kasus 2023 (copy 2).csv", []),
    ("kasus_2023_10 - Copy.xlsx", [(10, 2023, False)]),
    ("kasus_2023_10 - Salinan (2).xlsx", [(10, 2023, False)]),
    ("Copy of kasus_2023_10.xlsx", [(10, 2023, False)]),
    ("Salinan dari LRA Maret 2023 (1).xlsx", [(3, 2023, False)]),
    # A full date is an export day or a cut-off: no month of its own.
    ("realisasi_2023_03_31.xlsx", []),
    ("simfoni_export_2023_11_02.csv", []),
    ("LRA 31-03-2023.xlsx", []),
    ("realisasi_20231102.xlsx", []),
    # Up to a date, or from the first of January to one: January through its month.
    ("LRA s.d. 31-03-2023.xlsx", [(3, 2023, True)]),
    ("LRA 01-01-2023 - 31-03-2023.xlsx", [(3, 2023, True)]),
])
def test_copy_marks_and_full_dates_in_a_file_name_state_no_month(name, said):
    assert [(found.month, found.year, found.cumulative)
            for found in read_file_name(name)] == said


@pytest.mark.parametrize("name", ["realisasi_lra_2023 (11).csv", "LRA 31-03-2023.csv",
                                  "realisasi_2023_03_31.csv"])
def test_a_budget_file_whose_name_holds_a_counter_or_a_date_states_no_month(tmp_path, con,
                                                                           name):
    # `(11)` was read as November and `2023_03_31` as March's own figures.
    result = ingest_file(con, month_csv(tmp_path / name, 3, []), "anggaran")
    assert result.status == "rejected"
    assert ("no Bulan column, and neither the title rows nor the file name name the month"
            ) in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_copy_counter_does_not_contradict_the_title(tmp_path, con):
    # Before: the file name's November against the title's February, refused.
    path = month_csv(tmp_path / "realisasi_lra_2023 (11).csv", 2, [
        "LAPORAN REALISASI ANGGARAN BULAN FEBRUARI 2023"])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [(2023, 2, 10, 44_565_000)]


def test_the_month_from_the_title(tmp_path, con):
    path = month_csv(tmp_path / "realisasi_dp3a.csv", 2, [
        "PEMERINTAH PROVINSI NUSA TENGGARA TIMUR",
        "LAPORAN REALISASI ANGGARAN BULAN FEBRUARI 2023"])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    # February's 11 account rows: 10 load, 44.565.000 realised; the refund of 200.000 of
    # Bahan Cetak is quarantined (January's spending it corrects is not in this file)
    assert months(con) == [(2023, 2, 10, 44_565_000)]
    assert result.months == {2: 10} and result.period_year == 2023
    assert result.rows_quarantined == 1
    assert ("the file has no Bulan column: Bulan 2 read from title row 2 ('bulan februari "
            "2023')") in result.message


@pytest.mark.parametrize(("name", "title", "place"), [
    ("realisasi_dp3a.csv", "LAPORAN REALISASI ANGGARAN BULAN KE-2 TAHUN 2023",
     "title row 1 ('bulan ke-2'), title row 1 ('tahun 2023')"),
    ("LRA Bulan 2 2023.csv", "LAPORAN REALISASI ANGGARAN", "the file name ('bulan 2 2023')"),
    ("lra 2-2023.csv", "LAPORAN REALISASI ANGGARAN", "the file name ('02 2023')"),
])
def test_the_month_written_as_its_number(tmp_path, con, name, title, place):
    # Refused before as naming no month, quoting only 'tahun 2023'.
    result = ingest_file(con, month_csv(tmp_path / name, 2, [title]), "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [(2023, 2, 10, 44_565_000)]
    assert f"Bulan 2 read from {place}" in result.message


def test_the_month_number_disagreeing_with_the_name_is_refused(tmp_path, con):
    path = month_csv(tmp_path / "lra 3-2023.csv", 2, ["LAPORAN REALISASI BULAN KE-2 2023"])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("the file says two periods: title row 1 ('bulan ke-2 2023') and the file name "
            "('03 2023')") in result.message


def test_the_month_from_the_name_and_a_title_that_agrees(tmp_path, con):
    path = month_csv(tmp_path / "realisasi_2023_01.csv", 1, [
        "Periode: 01/01/2023 s/d 31/01/2023"])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [(2023, 1, 11, 15_135_000)]
    assert ("Bulan 1 read from title row 1 ('01/01/2023 s/d 31/01/2023'), the file name "
            "('2023 01')") in result.message


def test_conflicting_evidence_is_refused_naming_both(tmp_path, con, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "id")
    path = month_csv(tmp_path / "realisasi_2023_03.csv", 2, [
        "LAPORAN REALISASI ANGGARAN BULAN FEBRUARI 2023"])
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert "baris judul 1 ('bulan februari 2023')" in result.message
    assert "nama berkas ('2023 03')" in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_cumulative_file_is_refused_saying_what_to_send(tmp_path, con, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "id")
    header = [name if name != "Realisasi Bulan Ini" else "Realisasi" for name in WITHOUT_PERIOD]
    path = month_csv(tmp_path / "lra_dp3a.csv", 3, [
        "LAPORAN REALISASI ANGGARAN S.D. BULAN MARET 2023"], header=header)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert "kumulatif" in result.message and "Realisasi Bulan Ini" in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_cumulative_title_with_a_bulan_ini_column_is_that_months(tmp_path, con):
    header = [*WITHOUT_PERIOD, "Realisasi s.d. Bulan Ini"]
    path = month_csv(tmp_path / "lra_dp3a.csv", 2, [
        "LAPORAN REALISASI ANGGARAN S.D. BULAN FEBRUARI 2023"], header=header)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [(2023, 2, 10, 44_565_000)]


def test_a_title_year_that_is_not_the_tahun_column_is_refused(tmp_path, con):
    header = ["Tahun", *WITHOUT_PERIOD]
    path = month_csv(tmp_path / "lra.csv", 1, ["REALISASI BULAN JANUARI 2022"], header=header)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert "its year 2022 is not the year of the Tahun column (2023)" in result.message
    # Refused once its rows' year was read: its label names it, in the ledger too.
    assert result.message.startswith("anggaran 2023 #1: ")
    assert con.execute("select file_label from raw.ingest_ledger").fetchall() == [
        ("anggaran 2023 #1",)]


def test_no_month_anywhere_is_refused(tmp_path, con):
    result = ingest_file(con, month_csv(tmp_path / "realisasi.csv", 1, ["REALISASI"]),
                         "anggaran")
    assert result.status == "rejected"
    assert "neither the title rows nor the file name name the month" in result.message


def test_month_files_add_up_and_a_newer_one_replaces_only_its_month(tmp_path, con):
    landing = tmp_path / "landing"
    for bulan, name in ((1, "Januari"), (2, "Februari")):
        month_csv(landing / "anggaran" / f"realisasi_2023_{bulan:02d}.csv", bulan,
                  [f"REALISASI ANGGARAN BULAN {name.upper()} 2023"])
    results = ingest_folder(con, landing, "anggaran")
    assert [result.status for result in results] == ["loaded", "loaded"]
    # February's refund of Bahan Cetak (−200.000) is within the 1.200.000 January's file
    # spent on it: it loads (alone, February's file quarantines it, see above).
    assert months(con) == [(2023, 1, 11, 15_135_000), (2023, 2, 11, 44_365_000)]
    # February corrected: every account's realisation 1.000.000
    month_csv(landing / "anggaran" / "realisasi_2023_02_revisi.csv", 2,
              ["REALISASI ANGGARAN BULAN FEBRUARI 2023"], realisasi=rupiah(1_000_000))
    [*_before, newest] = ingest_folder(con, landing, "anggaran")
    assert newest.status == "loaded", newest.message
    assert months(con) == [(2023, 1, 11, 15_135_000), (2023, 2, 11, 11_000_000)]
    assert "replaces the rows of month 2 of 2023 from" in newest.message
    assert con.execute("select file_name, superseded_by is not null from raw.ingest_ledger "
                       "where status = 'loaded' order by ingest_id").fetchall() == [
        ("realisasi_2023_01.csv", False), ("realisasi_2023_02.csv", True),
        ("realisasi_2023_02_revisi.csv", False)]


def test_a_month_files_bytes_under_another_months_name_load_as_that_month(tmp_path, con):
    # `cp realisasi_2023_01.csv realisasi_2023_02.csv`: February was skipped as a duplicate
    # (exit 0) and the marts stopped at January without a word.
    folder = tmp_path / "landing" / "anggaran"
    january = month_csv(folder / "realisasi_2023_01.csv", 1, ["REALISASI ANGGARAN"])
    (folder / "realisasi_2023_02.csv").write_bytes(january.read_bytes())
    first, second = (ingest_file(con, folder / name, "anggaran")
                     for name in ("realisasi_2023_01.csv", "realisasi_2023_02.csv"))
    assert (first.status, second.status) == ("loaded", "loaded"), second.message
    assert months(con) == [(2023, 1, 11, 15_135_000), (2023, 2, 11, 15_135_000)]
    assert ("the same content as anggaran 2023 #1 (month 1, as its file name says), loaded as "
            "month 2, as this file's name says: two months with the same figures; check that "
            "this file is the month its name says") in second.message
    # The same name again, or a copy named for a month already loaded: nothing new.
    (folder / "realisasi_2023_01 - Copy.csv").write_bytes(january.read_bytes())
    again, copy = (ingest_file(con, folder / name, "anggaran")
                   for name in ("realisasi_2023_02.csv", "realisasi_2023_01 - Copy.csv"))
    assert (again.status, copy.status) == ("unchanged", "skipped-duplicate")
    assert months(con) == [(2023, 1, 11, 15_135_000), (2023, 2, 11, 15_135_000)]


def test_a_file_stating_its_month_in_a_column_under_another_months_name_is_a_duplicate(
        tmp_path, con):
    folder = tmp_path / "landing" / "anggaran"
    january = month_csv(folder / "realisasi_2023_01.csv", 1, [],
                        header=["Tahun", "Bulan", *WITHOUT_PERIOD])
    (folder / "realisasi_2023_02.csv").write_bytes(january.read_bytes())
    ingest_file(con, january, "anggaran")
    second = ingest_file(con, folder / "realisasi_2023_02.csv", "anggaran")
    assert second.status == "skipped-duplicate"
    assert second.message == "same content as anggaran 2023 #1, which is loaded"
    assert months(con) == [(2023, 1, 11, 15_135_000)]


def test_a_title_running_up_to_a_dated_month_end_is_cumulative_and_refused(tmp_path, con):
    header = [name if name != "Realisasi Bulan Ini" else "Realisasi" for name in WITHOUT_PERIOD]
    for title in ("LAPORAN REALISASI ANGGARAN SAMPAI DENGAN 31 MARET 2023",
                  "Laporan Realisasi Anggaran untuk Periode yang Berakhir 31 Maret 2023"):
        result = ingest_file(con, month_csv(tmp_path / "Realisasi Maret 2023.csv", 3, [title],
                                            header=header), "anggaran")
        assert result.status == "rejected", title
        assert "cumulative" in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


@pytest.mark.parametrize("title", ["PERIODE s.d. 31 JANUARI 2023",
                                   "LAPORAN REALISASI ANGGARAN S.D. BULAN JANUARI 2023"])
def test_a_title_running_through_january_is_januarys_own(tmp_path, con, title):
    """From the start of the year through January is January's figure: such a file was
    refused as cumulative, though the same file titled 'Bulan Januari 2023' loaded."""
    header = [name if name != "Realisasi Bulan Ini" else "Realisasi" for name in WITHOUT_PERIOD]
    result = ingest_file(con, month_csv(tmp_path / "lra_dp3a.csv", 1, [title], header=header),
                         "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [(2023, 1, 11, 15_135_000)]
    assert "(from the start of the year through January: January's own figures)" in \
        result.message


def test_two_years_in_the_titles_are_refused(tmp_path, con):
    result = ingest_file(con, month_csv(tmp_path / "realisasi.csv", 2, [
        "REALISASI ANGGARAN BULAN FEBRUARI 2024", "TAHUN ANGGARAN 2023"]), "anggaran")
    assert result.status == "rejected"
    assert "'bulan februari 2024'" in result.message and "'tahun anggaran 2023'" in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def _month_workbook(path, sheets: dict[str, int], titles: dict[str, str] | None = None,
                   data: dict[str, int] | None = None):
    """An XLSX of the SIPD account rows without Tahun and Bulan: {sheet name: its month},
    `titles`: {sheet name: a title row above its header}, `data`: {sheet name: the month
    whose rows it holds} where not its own (the helper's accounts have two months)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, bulan in sheets.items():
        sheet = book.create_sheet(name)
        if titles and name in titles:
            sheet.append([titles[name]])
        sheet.append(WITHOUT_PERIOD)
        for row in sipd_account_rows():
            if row["Bulan"] == str((data or {}).get(name, bulan)):
                sheet.append([row.get(column, "") for column in WITHOUT_PERIOD])
    book.save(path)
    return path


@pytest.mark.parametrize("names", [("Januari", "Februari"), ("JAN", "FEB"),
                                   ("Jan 2023", "Feb 2023"), ("01-2023", "02-2023"),
                                   ("Bulan Januari", "02 - Februari")])
def test_a_workbook_of_a_sheet_per_month_takes_each_sheets_month_from_its_name(
        tmp_path, con, names):
    """A sheet per month without a Bulan column used to refuse the file: each sheet's rows
    now take the month its name states, the year from the file name (or the sheet's)."""
    path = _month_workbook(tmp_path / "realisasi_ta_2023.xlsx", dict(zip(names, (1, 2),
                                                                     strict=True)))
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    expected = [row for row in months_of(sipd_account_rows()) if row[1] in (1, 2)]
    assert months(con) == expected
    shown = [f"sheet '{name}'" for name in names]
    assert (f"the file has no Bulan column: each sheet's Bulan read from its name or title: "
            f"{shown[0]} 1") in result.message
    assert f"{shown[1]} 2" in result.message


def months_of(rows):
    """(tahun, bulan, rows, realisation) per month of `sipd_account_rows`, as `months`."""
    found: dict[tuple[int, int], list[float]] = {}
    for row in rows:
        key = (int(row["Tahun"]), int(row["Bulan"]))
        written = row["Realisasi Bulan Ini"].replace(".", "").replace(",", ".")
        figure = -float(written.strip("()")) if written.startswith("(") else float(written)
        found.setdefault(key, []).append(figure)
    return [(*key, len(figures), sum(figures)) for key, figures in sorted(found.items())]


def test_a_sheet_named_for_one_month_whose_title_says_another_is_refused(tmp_path, con):
    path = _month_workbook(tmp_path / "realisasi_ta_2023.xlsx", {"Februari": 2, "Maret": 3},
                           titles={"Maret": "LAPORAN REALISASI BULAN APRIL 2023"},
                           data={"Maret": 1})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("sheet 'Maret': no Bulan column, and the file says two periods: title row 1 "
            "(sheet 'Maret') ('bulan april 2023') and the name of sheet 'Maret' ('Maret')"
            ) in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_workbook_of_months_named_for_another_month_is_refused(tmp_path, con):
    # The file name says March; the sheets hold January and February.
    path = _month_workbook(tmp_path / "Realisasi Maret 2023.xlsx",
                           {"Januari": 1, "Februari": 2})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("sheet 'Januari': no Bulan column, and the file says two periods: the name of "
            "sheet 'Januari' ('Januari') and the file name ('maret 2023')") in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_workbook_of_sheets_per_unit_takes_the_month_their_titles_share(tmp_path, con):
    """Sheets per unit, each titled with the same month: one month's file, as a single sheet
    titled so is (it used to be refused as several sheets without a Bulan column)."""
    title = "LAPORAN REALISASI ANGGARAN BULAN FEBRUARI 2023"
    path = _month_workbook(tmp_path / "realisasi_unit.xlsx", {"Sekretariat": 2, "PPA": 2},
                           titles={"Sekretariat": title, "PPA": title})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert [(tahun, bulan) for tahun, bulan, *_rest in months(con)] == [(2023, 2)]


@pytest.mark.parametrize("own_first", [False, True])
def test_a_sheets_own_bulan_column_is_kept_beside_a_sheet_named_for_its_month(
        tmp_path, con, own_first):
    """Sheet `Januari` without a Bulan column beside sheet `Februari` holding a Bulan column
    with months 2 and 3: March's rows were loaded as February (the sheet's name overwrote
    its own column) and the ledger said the file had no Bulan column."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    named = book.create_sheet("Januari")
    named.append(WITHOUT_PERIOD)
    own = book.create_sheet("Februari", index=0 if own_first else None)
    with_bulan = ["Tahun", "Bulan", *WITHOUT_PERIOD]
    own.append(with_bulan)
    for row in sipd_account_rows():
        sheet = named if row["Bulan"] == "1" else own
        sheet.append([row.get(column, "") for column in
                      (WITHOUT_PERIOD if sheet is named else with_bulan)])
    path = tmp_path / "realisasi_ta_2023.xlsx"
    book.save(path)
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == months_of(sipd_account_rows())
    assert ("Bulan read from the name or title of each sheet without a Bulan column (the "
            "others keep their own): sheet 'Januari' 1/2023") in result.message
    assert "the file has no Bulan column" not in result.message


def test_a_template_sheet_holding_only_the_header_needs_no_month(tmp_path, con):
    """A `Petunjuk` sheet holding the header to copy, and no row, refused the whole workbook
    as a sheet whose month cannot be told; a row on it still refuses the file."""
    path = _month_workbook(tmp_path / "realisasi_ta_2023.xlsx",
                           {"Petunjuk": 0, "Januari": 1, "Februari": 2})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [row for row in months_of(sipd_account_rows()) if row[1] in (1, 2)]
    path = _month_workbook(tmp_path / "realisasi_ta_2023_b.xlsx",
                           {"Petunjuk": 3, "Januari": 1, "Februari": 2},
                           data={"Petunjuk": 1})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("sheet 'Petunjuk': no Bulan column, and the file name ('ta 2023') names no month"
            ) in result.message


def test_a_copied_sheet_states_its_originals_month(tmp_path, con):
    """Excel names a copy of sheet `Maret` `Maret (2)`: the copy got no month and refused
    the workbook. Beside its original, which holds the month cannot be told."""
    path = _month_workbook(tmp_path / "realisasi_ta_2023.xlsx", {"Februari": 2, "Maret (2)": 3},
                           data={"Maret (2)": 1})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert [(bulan, rows) for _tahun, bulan, rows, _sum in months(con)] == [(2, 10), (3, 11)]
    assert "sheet 'Maret (2)' 3/2023" in result.message
    path = _month_workbook(tmp_path / "realisasi_ta_2023_b.xlsx",
                           {"Februari": 2, "Maret": 3, "Maret (2)": 3},
                           data={"Maret": 1, "Maret (2)": 1})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert ("sheet 'Maret (2)' and sheet 'Maret' both hold Bulan 3: which holds that month's "
            "figures cannot be told") in result.message


def test_a_workbook_named_up_to_a_month_holds_a_sheet_per_month_up_to_it(tmp_path, con):
    """`LRA s.d. Maret 2023.xlsx` with sheets Januari, Februari, Maret: the file name's
    January-through-March was read as March against the sheet `Januari`, and the workbook
    refused; it covers its sheets up to March and gives them its year. A sheet after March
    is still refused."""
    path = _month_workbook(tmp_path / "LRA s.d. Maret 2023.xlsx",
                           {"Januari": 1, "Februari": 2, "Maret": 3}, data={"Maret": 1})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert [(tahun, bulan, rows) for tahun, bulan, rows, _sum in months(con)] == [
        (2023, 1, 11), (2023, 2, 11), (2023, 3, 11)]
    path = _month_workbook(tmp_path / "LRA s.d. Februari 2023.xlsx",
                           {"Januari": 1, "Maret": 3}, data={"Maret": 1})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert "the name of sheet 'Maret' ('Maret')" in result.message


def test_a_sheet_named_for_another_month_than_the_file_is_refused(tmp_path, con):
    path = _month_workbook(tmp_path / "realisasi_2023_03.xlsx", {"Januari 2023": 1})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "rejected"
    assert "the name of sheet 'Januari 2023' ('Januari 2023')" in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


def test_a_month_file_far_shorter_than_its_month_is_held_as_that_months(tmp_path, con):
    landing = tmp_path / "landing"
    month_csv(landing / "anggaran" / "realisasi_2023_04.csv", 2,
              ["REALISASI ANGGARAN BULAN APRIL 2023"])
    assert [r.status for r in ingest_folder(con, landing, "anggaran")] == ["loaded"]
    shorter = month_csv(landing / "anggaran" / "Realisasi April 2023 perbaikan.csv", 2,
                        ["REALISASI ANGGARAN BULAN APRIL 2023"])
    lines = shorter.read_bytes().split(b"\r\n")
    shorter.write_bytes(b"\r\n".join(lines[:5]) + b"\r\n")  # titles, blank, header, 1 row
    [*_before, newest] = ingest_folder(con, landing, "anggaran")
    assert newest.status == "held", newest.message
    assert ("this file of month 4 of 2023 holds 1 rows where the data of month 4 "
            "(anggaran 2023 #1) holds 10") in newest.message
    assert months(con) == [(2023, 4, 10, 44_565_000)]  # April stays as the first file had it


def test_monthly_files_with_a_bulan_column_build_up_the_year(tmp_path, con):
    # The office's monthly LRA in the year's layout: a Bulan column of one month, and a title
    # saying that month. Each file is that month's: February does not replace January.
    landing = tmp_path / "landing"
    for bulan, name in ((1, "JANUARI"), (2, "FEBRUARI")):
        month_csv(landing / "anggaran" / f"lra_dp3a_{bulan}.csv", bulan,
                  [f"LAPORAN REALISASI ANGGARAN BULAN {name} 2023"], header=SIPD_ACCOUNT_HEADER)
    results = ingest_folder(con, landing, "anggaran")
    assert [result.status for result in results] == ["loaded", "loaded"], results[-1].message
    assert months(con) == [(2023, 1, 11, 15_135_000), (2023, 2, 11, 44_365_000)]


def test_a_one_month_file_with_no_word_of_its_month_is_a_years_extract(tmp_path, con):
    # Without a title or name naming its month, a file of February's rows alone is the
    # year's extract that lost January: held, not applied.
    landing = tmp_path / "landing"
    month_csv(landing / "anggaran" / "lra_dp3a_1.csv", 1, ["LAPORAN REALISASI ANGGARAN"],
              header=SIPD_ACCOUNT_HEADER)
    month_csv(landing / "anggaran" / "lra_dp3a_2.csv", 2, ["LAPORAN REALISASI ANGGARAN"],
              header=SIPD_ACCOUNT_HEADER)
    results = ingest_folder(con, landing, "anggaran")
    assert [result.status for result in results] == ["loaded", "held"]
    assert months(con) == [(2023, 1, 11, 15_135_000)]


# -- the year a file states of itself ----------------------------------------------------------


@pytest.mark.parametrize("name", ["realisasi_anggaran_2024.csv", "LRA 2024.csv",
                                  "realisasi_anggaran_2024 (2).csv"])
def test_a_year_in_the_file_name_against_last_years_title_is_refused(tmp_path, con, name):
    """Last year's template under this year's name: the name states 2024 alone, the title
    `BULAN JANUARI 2023`. It loaded as January 2023 without a word (and replaced January
    2023's lines); the same conflict with the month in the name was refused already."""
    january = month_csv(tmp_path / "realisasi_2023_01.csv", 1, ["BULAN JANUARI 2023"])
    assert ingest_file(con, january, "anggaran").status == "loaded"
    before = months(con)
    result = ingest_file(con, month_csv(tmp_path / name, 1, ["LAPORAN REALISASI ANGGARAN",
                                                             "BULAN JANUARI 2023"]), "anggaran")
    assert result.status == "rejected"
    assert ("the file states two years: title row 2 ('bulan januari 2023') and the file name "
            "('2024'); which year its figures are cannot be told") in result.message
    assert months(con) == before == [(2023, 1, 11, 15_135_000)]


@pytest.mark.parametrize("name", ["realisasi_2023.csv", "LRA_januari_2023_cetak_05-02-2024.csv",
                                  "realisasi_export_2024-02-05.csv"])
def test_a_year_in_the_file_name_agreeing_or_of_an_export_day_loads(tmp_path, con, name):
    # The year of a full date in the name (the day it was exported) says nothing of the
    # figures' year.
    result = ingest_file(con, month_csv(tmp_path / name, 1, ["BULAN JANUARI 2023"]),
                         "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [(2023, 1, 11, 15_135_000)]


def _with_year(path, tahun: int, titles: list[str], header=None):
    """`month_csv` of January with a Tahun column (and Bulan) holding `tahun`."""
    header = header or SIPD_ACCOUNT_HEADER
    month_csv(path, 1, titles, header=header)
    text = path.read_bytes().decode("cp1252").replace("\r\n2023;1;", f"\r\n{tahun};1;")
    path.write_bytes(text.encode("cp1252"))
    return path


@pytest.mark.parametrize(("name", "titles", "tahun", "evidence"), [
    # c39: this year's rows under last year's title
    ("lra_dp3a.csv", ["LAPORAN REALISASI ANGGARAN TAHUN ANGGARAN 2023"], 2024,
     "the Tahun column gives 2024, but title row 1 ('tahun anggaran 2023') states 2023"),
    # c40: a file named for January 2024 holding 2023
    ("lra_2024_01.csv", [], 2023,
     "the Tahun column gives 2023, but the file name ('2024 01') states 2024"),
    ("dpa_2024.csv", [], 2023, "the Tahun column gives 2023, but the file name ('2024') "
     "states 2024"),
])
def test_a_tahun_column_contradicting_the_title_or_name_is_refused(tmp_path, con, name, titles,
                                                                   tahun, evidence):
    """Such files loaded without a word: the column decides the rows' year, but a file
    stating another year of itself is last year's template or misnamed."""
    result = ingest_file(con, _with_year(tmp_path / name, tahun, titles), "anggaran")
    assert result.status == "rejected"
    assert evidence in result.message
    assert "last year's template or misnamed" in result.message
    assert con.execute("select count(*) from raw.anggaran").fetchone() == (0,)


@pytest.mark.parametrize("title", [
    "REALISASI TAHUN ANGGARAN 2023",
    # A regulation the title cites names its own year, not the figures'.
    "APBD TA 2023 berdasarkan Perda Nomor 3 Tahun 2022 dan Permendagri 77 Tahun 2020",
    "Perubahan sesuai Perkada No. 12 Tahun 2022",
])
def test_a_tahun_column_agreeing_with_the_title_and_name_loads(tmp_path, con, title):
    result = ingest_file(con, _with_year(tmp_path / "lra_2023_01.csv", 2023, [title]),
                         "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [(2023, 1, 11, 15_135_000)]


WITHOUT_TAHUN = [name for name in SIPD_ACCOUNT_HEADER if name != "Tahun"]


@pytest.mark.parametrize(("name", "titles", "place"), [
    ("dpa_dp3a_2023.csv", [], "the file name ('2023')"),
    ("dpa_dp3a.csv", ["DPA DP3A TAHUN ANGGARAN 2023"], "title row 1 ('tahun anggaran 2023')"),
])
def test_a_year_stated_only_by_the_file_fills_tahun(tmp_path, con, name, titles, place):
    """c12: a Bulan column, no Tahun column, `_2024` in the name: refused 'required column
    missing: Tahun'. The year the file states of itself fills Tahun, as a month fills Bulan."""
    result = ingest_file(con, month_csv(tmp_path / name, 1, titles, header=WITHOUT_TAHUN),
                         "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [(2023, 1, 11, 15_135_000)]
    assert f"the file has no Tahun column: Tahun 2023 read from {place}" in result.message


def test_a_bulan_column_without_any_year_is_refused_saying_so(tmp_path, con):
    result = ingest_file(con, month_csv(tmp_path / "dpa_dp3a.csv", 1, [], header=WITHOUT_TAHUN),
                         "anggaran")
    assert result.status == "rejected"
    assert ("no Tahun column, and neither the title rows nor the file name name the year"
            ) in result.message


def test_a_bulan_column_under_two_years_is_refused(tmp_path, con):
    result = ingest_file(con, month_csv(tmp_path / "dpa_2024.csv", 1, ["TAHUN ANGGARAN 2023"],
                                        header=WITHOUT_TAHUN), "anggaran")
    assert result.status == "rejected"
    assert ("no Tahun column, and the file states two years: title row 1 ('tahun anggaran "
            "2023') and the file name ('2024')") in result.message


def test_a_workbook_of_month_sheets_takes_its_year_from_a_file_name_of_the_year(tmp_path, con):
    """v27 `lra_2023.xlsx`, sheets `Januari` and `Februari`, no Tahun column: refused saying
    the file name did not state its year, which it did."""
    path = _month_workbook(tmp_path / "lra_2023.xlsx", {"Januari": 1, "Februari": 2})
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert months(con) == [row for row in months_of(sipd_account_rows()) if row[1] in (1, 2)]


def test_a_single_sheet_month_file_names_where_its_year_came_from(tmp_path, con):
    result = ingest_file(con, month_csv(tmp_path / "lra_2023.csv", 1, ["BULAN JANUARI"]),
                         "anggaran")
    assert result.status == "loaded", result.message
    assert ("Bulan 1 read from title row 1 ('bulan januari'); Tahun 2023 read from the file "
            "name ('2023')") in result.message


def test_a_month_file_of_other_lines_is_held_until_accepted(tmp_path, con):
    """c45: a second January file holding other lines replaced the first's, the 2.08.03
    lines leaving the year with only 'replaces the rows of month 1' said: the guard counted
    rows only."""
    landing = tmp_path / "landing" / "anggaran"
    month_csv(landing / "realisasi_2023_01.csv", 1, ["BULAN JANUARI 2023"])
    assert [r.status for r in ingest_folder(con, landing.parent, "anggaran")] == ["loaded"]
    # The same number of rows, but 2.08.03.1.01.0002's five accounts are not in it: the
    # 2.08.01 accounts stand in their place.
    path = month_csv(landing / "realisasi_2023_01_b.csv", 1, ["BULAN JANUARI 2023"])
    text = path.read_bytes().decode("cp1252").replace("2.08.03.1.01.0002", "2.08.01.1.08.0001")
    path.write_bytes(text.encode("cp1252"))
    *_before, result = ingest_folder(con, landing.parent, "anggaran")
    assert result.status == "held", result.message
    assert ("this file of month 1 of 2023 holds no rows of 2 lines the data of month 1 "
            "(anggaran 2023 #1) holds, which would leave it: 2.08.03.1.01.0002 DAK NF Belanja "
            "Barang dan Jasa; 2.08.03.1.01.0002 DAK NF Belanja Modal: held, not applied"
            ) in result.message
    assert months(con) == [(2023, 1, 11, 15_135_000)]
    assert con.execute("select count(*) from raw.anggaran "
                       "where sub_kegiatan_kode = '2.08.03.1.01.0002'").fetchone() == (5,)
    # Accepted by an officer, it replaces January.
    accepted = accept_held(con, "anggaran 2023 #2")
    assert accepted.status == "loaded", accepted.message
    assert con.execute("select count(*) from raw.anggaran "
                       "where sub_kegiatan_kode = '2.08.03.1.01.0002'").fetchone() == (0,)


@pytest.mark.parametrize(("keep", "kept", "how"), [
    (None, 2023, "the year of most of its rows: 10 of 11"),
    # c11: one row of each year: the later is kept, and the reason says so
    (2, 2024, "as many rows hold another year, so the later year is kept: 1 of 2 rows"),
])
def test_rows_of_a_second_year_are_quarantined_saying_how_the_year_was_chosen(
        tmp_path, con, keep, kept, how):
    """The reason read 'a file holds one year of Tahun' (in Indonesian 'satu tahun Tahun'),
    not how the file's year was chosen."""
    path = _with_year(tmp_path / "lra_dp3a.csv", 2023, [])
    lines = path.read_bytes().decode("cp1252").split("\r\n")
    first = next(at for at, line in enumerate(lines) if line.startswith("2023;"))
    lines[first] = "2024;" + lines[first][5:]
    if keep is not None:
        lines = lines[:first + keep] + [""]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    result = ingest_file(con, path, "anggaran")
    assert result.status == "loaded", result.message
    assert con.execute("select distinct tahun from raw.anggaran").fetchall() == [(kept,)]
    [(value, reason)] = con.execute(
        "select value, reason from raw.anggaran_quarantine").fetchall()
    assert value == str(4047 - kept)
    assert reason == (f"outside the year this file covers, {kept} ({how}); a file holds the "
                      "rows of one year: send another year's rows in a file of their own")
