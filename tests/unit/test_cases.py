"""The real-world reading cases of 2026-11-30 (`tests/fixtures/cases/`, copied from
`../shared/cases/2026-11-30/`), each through the real reader and loader: the values the
warehouse must hold, not only that the file loads. Other instances of the same kinds are in
the bad-input corpus (`tests/corpus.py`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook

from ingest.files import read_chunks
from ingest.loader import ingest_file
from ingest.spreadsheet import Workbook, without_empty_rows
from satudata.quarantine import read_grid
from schemas.spec import source
from tests.helpers import UPTD_HEADER, uptd_row, write_table

CASES = Path(__file__).parents[1] / "fixtures" / "cases"


# Messages in English: these tests assert the wording written in the code.
pytestmark = pytest.mark.usefixtures("english")


def stored(con) -> str:
    """Every value the raw schema holds, but the ledger's file names and paths."""
    texts = []
    for (table,) in con.execute("select table_name from information_schema.tables "
                                "where table_schema = 'raw'").fetchall():
        for row in con.execute(f"select * exclude (file_name, file_path) from raw.{table}"
                               if table == "ingest_ledger" else
                               f"select * from raw.{table}").fetchall():
            texts += [str(value) for value in row if value is not None]
    return "\n".join(texts)


def test_office_01_month_first_dates_read_month_first(con):
    result = ingest_file(con, CASES / "office-01-uptd-us-excel-mdy-dates.csv", "uptd")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 12, 0)
    assert "Tgl Pengaduan: dates read month/day/year: proof row 3 '1/23/2023'" in result.message
    dates = [date for (date,) in con.execute(
        "select tanggal_pengaduan from raw.uptd order by source_row").fetchall()]
    assert dates == [dt.date(2023, month, day) for month, day in [
        (1, 9), (1, 23), (2, 6), (3, 14), (4, 3), (5, 11), (5, 29), (6, 12), (8, 1), (10, 5),
        (11, 20), (12, 7)]]
    assert result.months == {1: 2, 2: 1, 3: 1, 4: 1, 5: 2, 6: 1, 8: 1, 10: 1, 11: 1, 12: 1}


def test_office_02_decimal_points_of_bps_indices(con):
    result = ingest_file(con, CASES / "office-02-indikator-tabel9-bps-text-decimal-point.xlsx",
                         "indikator")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan from raw.indikator "
                       "order by source_row").fetchall() == [
        ("IKD-01", 0.45, 0.423), ("IKD-02", 74.0, 72.36), ("IKD-03", 93.5, 92.814)]
    assert "Realisasi: numbers read with '.' as the decimal mark" in result.message
    assert "1 line(s) under the table" in result.message and "BPS" not in stored(con)


def test_text_that_reads_two_ways_beside_decimal_number_cells_is_not_guessed(tmp_path, con):
    """Another instance of office-02's kind: the realised index typed as a number (72.36) in
    one row and as text (`'92.814'`, `'65.071'`) in others, nothing in the text settling
    the mark. The Indonesian convention would store 92 814 beside 72.36: the text cells are
    flagged and left empty instead, the number cell kept."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Tahun", "Program", "Kode Indikator", "Indikator", "Satuan", "Target",
                  "Realisasi"])
    sheet.append([2023, "Program PUG", "IKD-02", "IDG", "Indeks", 74, 72.36])
    sheet.append([2023, "Program PUG", "IKD-03", "IPG", "Indeks", 93.5, "92.814"])
    sheet.append([2023, "Program PUG", "IKD-04", "IPM Perempuan", "Indeks", 66.25, "65.071"])
    path = tmp_path / "indikator_kinerja_2023_tabel9.xlsx"
    book.save(path)
    result = ingest_file(con, path, "indikator")
    assert (result.status, result.rows_loaded, result.cells_flagged) == ("loaded", 3, 2)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan from raw.indikator "
                       "order by source_row").fetchall() == [
        ("IKD-02", 74.0, 72.36), ("IKD-03", 93.5, None), ("IKD-04", 66.25, None)]
    assert "holds numbers with decimals (row 2 '72.36')" in result.message


def test_office_04_sipd_headers_are_the_declared_columns(con):
    result = ingest_file(con, CASES / "office-04-anggaran-sipd-nama-program-headers.csv",
                         "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert con.execute("select bulan, program, kegiatan, sub_kegiatan_kode, bidang, "
                       "pagu_murni, realisasi from raw.anggaran order by bulan").fetchall() == [
        (month, "PROGRAM PERLINDUNGAN PEREMPUAN",
         "Penyediaan Layanan Rujukan Lanjutan bagi Perempuan Korban Kekerasan yang Memerlukan "
         "Koordinasi Kewenangan Provinsi", "2.08.03.1.01.0002", "PP", 245_000_000.0, realised)
        for month, realised in [(1, 12_500_000.0), (2, 8_250_000.0), (3, 0.0)]]


def test_office_04_kind_a_quarantined_belanja_account_is_named_by_its_own_header(
        tmp_path, capsys, monkeypatch):
    """`Kode Rekening` beside `Kode Sub Kegiatan` is the belanja account: `satudata check`
    named its quarantined cell `Kode Sub Kegiatan` (the first header reading as a code) while
    the quarantine said `Kode Rekening`."""
    from satudata.cli import EXIT_OK, main

    text = (CASES / "office-04-anggaran-sipd-nama-program-headers.csv").read_text(
        encoding="utf-8-sig")
    lines = text.splitlines()
    lines[0] = lines[0].replace(";Nama Program;", ";Kode Rekening;Nama Program;")
    lines[1:] = [line.replace(";PROGRAM", ";5.1.02.01.01.0024;PROGRAM") for line in lines[1:]]
    lines[2] = lines[2].replace("5.1.02.01.01.0024", "5.1.01.01.01.0001")  # not Barang/Jasa
    path = tmp_path / "landing" / "anggaran" / "sipd.csv"
    path.parent.mkdir(parents=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    grid = read_grid(path, source("anggaran"))
    assert [grid.column_label(name, source("anggaran")) for name in
            ("Kode Rekening", "Kode Sub Kegiatan")] == ["Kode Rekening", "Kode Sub Kegiatan"]
    warehouse = tmp_path / "w" / "satudata.duckdb"
    monkeypatch.setenv("SATUDATA_WAREHOUSE", str(warehouse))  # restored after: main sets it
    assert main(["check", str(path), "--lang", "en", "--warehouse", str(warehouse)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Row 3, column Kode Rekening: '5.1.01.01.01.0001' — the belanja account" in out


def test_office_05_pppk_staff_load_with_their_golongan(con):
    result = ingest_file(con, CASES / "office-05-asn-pppk-nip-golongan.xlsx", "asn")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 4, 0)
    assert con.execute(
        "select golongan, nip_jenis, nip_tmt_cpns, nip_tanggal_lahir, jabatan, "
        "status_kepegawaian from raw.asn order by source_row").fetchall() == [
        ("III/c", "NIP", dt.date(2010, 1, 1), dt.date(1985, 3, 12), "Analis Perlindungan Anak",
         "PNS"),
        ("III/d", "NIP", dt.date(2005, 1, 1), dt.date(1979, 8, 21),
         "Kepala Sub Bagian Keuangan", "PNS"),
        ("IX", "NI PPPK", None, dt.date(1990, 7, 14), "Psikolog Klinis Ahli Pertama", "PPPK"),
        ("VII", "NI PPPK", None, dt.date(1988, 11, 3), "Pranata Komputer Terampil", "PPPK")]
    assert "Rekaan" not in stored(con) and "202221" not in stored(con)


def test_office_06_cross_urusan_codes_read_as_this_offices_urusan(con):
    result = ingest_file(con, CASES / "office-06-anggaran-sipd-xxx-program-penunjang.csv",
                         "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (3, 0, 1)
    assert result.findings == []  # the JUMLAH row (402.854.115) agrees with the three lines
    assert ("2 kode rekening written X.XX (SIPD's cross-urusan Program Penunjang) read as "
            "this office's urusan 2.08") in result.message
    assert con.execute("select program_kode, sub_kegiatan_kode, realisasi from raw.anggaran "
                       "order by source_row").fetchall() == [
        ("2.08.01", "2.08.01.1.02.0001", 389_204_115.0),
        ("2.08.01", "2.08.01.1.06.0001", 1_150_000.0),
        ("2.08.03", "2.08.03.1.01.0002", 12_500_000.0)]


def test_office_09_long_dates_and_an_age_in_years_and_months(con):
    result = ingest_file(con, CASES / "office-09-simfoni-long-dates-age-years-months.csv",
                         "simfoni")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (4, 0, 3)
    assert con.execute("select tanggal_lapor, tanggal_kejadian, umur_korban from raw.simfoni "
                       "order by source_row").fetchall() == [
        (dt.date(2023, 10, 28), dt.date(2023, 10, 27), 5),
        (dt.date(2023, 11, 3), dt.date(2023, 11, 1), 16),
        (dt.date(2023, 11, 6), dt.date(2023, 11, 4), 9),
        (dt.date(2023, 11, 7), None, 34)]
    flagged = con.execute("select source_row, column_name, value, reason from "
                          "raw.simfoni_quarantine where row_kept order by 1").fetchall()
    assert [(row, column, value) for row, column, value, _ in flagged] == [
        (2, "Umur Korban", "5.2"), (3, "Umur Korban", "16.4"), (4, "Umur Korban", "9.11")]
    assert "read as 9 (whole years" in flagged[2][3]
    # 06/11/2023 fits both orders; the file spells its other dates day first (28 October
    # 2023): that is how it orders day and month, said with the row that shows it.
    assert ("Tanggal Lapor: dates read day/month/year, the order the file writes its dates "
            "with month names in: row 2 '28 October 2023'") in result.message


def test_office_10_signature_block_is_not_rows_and_nothing_of_it_is_stored(con):
    result = ingest_file(con, CASES / "office-10-indikator-tabel12-signature-block.xlsx",
                         "indikator")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 2, 0)
    assert "7 line(s) under the table (source, notes, signatures) not read" in result.message
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan, satuan "
                       "from raw.indikator order by source_row").fetchall() == [
        ("KHP-01", 60.0, 58.33, "%"), ("KHP-02", 22.0, 22.0, "Kab/Kota")]
    text = stored(con)
    for signature in ("Veronika", "19680417", "Pembina", "Sumber", "Kupang, 29"):
        assert signature not in text


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_office_10_kind_three_signers_side_by_side(tmp_path, con, suffix):
    """Mengetahui, Diperiksa oleh and the place and date side by side, then three titles,
    names and NIPs: the rows of three cells were read as 3 data rows (quarantined, the
    signers' words as values); now the block is under the table, nothing of it stored."""
    rows = [["1", "KHP-01", "Persentase lembaga layanan terstandar", "%", "2023", "60", "58"],
            ["2", "KHP-02", "Jumlah kabupaten/kota yang melaksanakan PUG", "Kab/Kota", "2023",
             "22", "22"],
            [""] * 7,
            ["", "Mengetahui,", "", "Diperiksa oleh,", "", "Kupang, 29 Desember 2023", ""],
            ["", "Kepala Dinas", "", "Sekretaris", "", "Kepala Bidang KHP", ""],
            ["", "Dra. Veronika Contoh, M.Si", "", "Yohanes Fiktif, SE", "", "Maria Rekaan", ""],
            ["", "NIP. 19680417 199203 2 005", "", "NIP. 19790821 200501 1 009", "",
             "NIP. 19850312 201001 2 014", ""]]
    header = ["No", "Kode Indikator", "Indikator", "Satuan", "Tahun", "Target", "Realisasi"]
    path = tmp_path / f"tabel12{suffix}"
    if suffix == ".csv":
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows([header, *rows])
        path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    else:
        book = OpenpyxlWorkbook()
        for row in [header, *rows]:
            book.active.append([cell or None for cell in row])
        book.save(path)
    result = ingest_file(con, path, "indikator")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 2, 0)
    assert "4 line(s) under the table (source, notes, signatures) not read" in result.message
    text = stored(con)
    for signature in ("Veronika", "Fiktif", "19680417", "Sekretaris", "Mengetahui"):
        assert signature not in text


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("legend", [
    [["Keterangan:", "L = Laki-laki", "P = Perempuan", "KtA = Kekerasan terhadap Anak",
      "KtP = Kekerasan terhadap Perempuan"]],
    [["Keterangan:"], ["L = Laki-laki", "P = Perempuan", "KtA = Kekerasan terhadap Anak",
                       "KtP: Kekerasan terhadap Perempuan"]],
    [["Ket.", "KtA=Kekerasan terhadap Anak", "KtP=Kekerasan terhadap Perempuan",
      "KDRT=Kekerasan Dalam Rumah Tangga"], ["Mengetahui,"], ["Kepala UPTD PPA"]]])
def test_a_legend_under_the_table_is_no_rows_however_wide(tmp_path, con, suffix, legend):
    """A legend of three or more entries under a register (`Keterangan: | L = Laki-laki |
    P = Perempuan | …`) was read as data rows and quarantined (a row of four cells opened no
    note); now it is a line under the table, counted, nothing of it stored."""
    rows = [uptd_row(1), uptd_row(2), *([*line, *[None] * (len(UPTD_HEADER) - len(line))]
                                        for line in [[], *legend])]
    path = write_table(tmp_path / "uptd" / f"register_2023{suffix}", UPTD_HEADER, rows)
    result = ingest_file(con, path, "uptd")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 2, 0), (
        result.sample_issues)
    assert (f"{len(legend)} line(s) under the table (source, notes, signatures) not read"
            in result.message)
    assert "Kekerasan terhadap" not in stored(con)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_record_after_a_wide_legend_is_read_not_dropped(tmp_path, con, suffix):
    """Two records, a legend of five entries, then a record of six filled cells (no name,
    NIK, Layanan, Kabupaten/Kota): the legend's width opened a footer, so the record was
    dropped as a line under the table. Now it loads, and the legend above it is read as
    the row it is."""
    legend = ["Keterangan:", "KtA = Kekerasan terhadap Anak",
              "KtP = Kekerasan terhadap Perempuan", "KDRT = Kekerasan Dalam Rumah Tangga",
              "L = Laki-laki", "P = Perempuan"]
    last = uptd_row(3, **dict.fromkeys(("No", "Nama Korban", "NIK Korban", "Layanan",
                                         "Kabupaten/Kota")))
    rows = [uptd_row(1), uptd_row(2), [*legend, *[None] * (len(UPTD_HEADER) - len(legend))],
            last]
    path = write_table(tmp_path / "uptd" / f"register_2023{suffix}", UPTD_HEADER, rows)
    result = ingest_file(con, path, "uptd")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (4, 3, 1, 0), result.sample_issues
    assert "under the table" not in result.message
    assert con.execute("select count(*) from raw.uptd where kabupaten_kota_kode is null"
                       ).fetchone() == (1,)


def test_office_11_lra_subtotals_and_surplus_are_reconciled_not_quarantined(con):
    result = ingest_file(con, CASES / "office-11-anggaran-lra-jumlah-surplus-rows.xlsx",
                         "anggaran")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (3, 0, 3)
    assert result.findings == []
    assert con.execute("select kelompok, sum(realisasi) from raw.anggaran group by 1 "
                       "order by 1").fetchall() == [("Belanja", 20_133_200.0),
                                                    ("Pendapatan", 4_250_000.0)]


def test_office_12_simfoni_print_labels_are_aliases(con):
    result = ingest_file(con, CASES / "office-12-simfoni-register-labels.csv", "simfoni")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert con.execute(
        "select tanggal_lapor, tanggal_kejadian, kabupaten_kota_kode, jenis_kelamin_korban, "
        "umur_korban, bentuk_kekerasan, tempat_kejadian, layanan, status_layanan "
        "from raw.simfoni order by source_row").fetchall() == [
        (dt.date(2023, 10, 2), dt.date(2023, 9, 30), "53.71", "P", 15, "Seksual",
         "Rumah Tangga", "Pengaduan", "Terlayani"),
        (dt.date(2023, 10, 5), dt.date(2023, 10, 1), "53.01", "P", 34, "Fisik", "Rumah Tangga",
         "Pengaduan", "Dalam Proses")]


@pytest.mark.parametrize(("lapor", "kejadian", "usia"), [
    ("Tgl. Pelaporan", "TGL_KEJADIAN", "Umur (Th)"),
    ("tgl pelaporan", "Tgl.Kejadian", "Usia [Tahun]")])
def test_office_12_kind_headers_abbreviating_tanggal(tmp_path, con, lapor, kejadian, usia):
    """`Tgl` is how offices abbreviate `Tanggal` in any header, and a unit in brackets after
    a header's name (`Umur (Th)`) leaves it that name."""
    text = (CASES / "office-12-simfoni-register-labels.csv").read_text(encoding="utf-8")
    written = text.replace("Tanggal Pelaporan", lapor, 1).replace(
        "Tanggal Kejadian", kejadian, 1).replace(";Usia;", f";{usia};", 1)
    path = tmp_path / "register.csv"
    path.write_text(written, encoding="utf-8")
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert con.execute("select tanggal_lapor, tanggal_kejadian, umur_korban from raw.simfoni "
                       "order by source_row").fetchall() == [
        (dt.date(2023, 10, 2), dt.date(2023, 9, 30), 15),
        (dt.date(2023, 10, 5), dt.date(2023, 10, 1), 34)]


@pytest.mark.parametrize("name", ["tool-01-xlsx-dimension-short.xlsx",
                                  "tool-10-hidden-first-sheet.xlsx"])
def test_tool_01_and_10_every_case_of_the_visible_register(con, name):
    result = ingest_file(con, CASES / name, "uptd")
    assert (result.rows_loaded, result.rows_dropped, result.findings) == (40, 1, [])
    assert result.message.startswith("sheet 'Register 2023'; 40 rows loaded")
    assert result.months == {1: 27, 2: 13}


@pytest.mark.slow
def test_tool_06_a_range_padded_to_row_1048576_reads_its_40_cases(tmp_path, con):
    padded = pad_used_range(CASES / "tool-04-v1-full.xlsx", tmp_path / "padded.xlsx")
    result = ingest_file(con, padded, "uptd")
    assert (result.rows_loaded, result.rows_dropped, result.findings) == (40, 1, [])


def pad_used_range(source_file: Path, target: Path) -> Path:
    """What LibreOffice/Excel write after whole-column formatting (tool-06): the used range
    declared as A1:AMJ1048576 and an empty styled row for every row below the data."""
    with zipfile.ZipFile(source_file) as archive, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in archive.infolist():
            data = archive.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:AMJ1048576"/>',
                             data.decode())
                last = int(re.findall(r'<row r="(\d+)"', xml)[-1])
                filler = "".join(f'<row r="{r}" s="0" customFormat="1"/>'
                                 for r in range(last + 1, 1_048_577))
                data = xml.replace("</sheetData>", filler + "</sheetData>").encode()
            out.writestr(item, data)
    return target


def _register_with_a_stray(path: Path, stray: str) -> Path:
    """Four cases, and one cell `stray` typed at B1048576, the sheet's last row."""
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.append(UPTD_HEADER)
    for number in range(1, 5):
        sheet.append(uptd_row(number))
    sheet.cell(row=1_048_576, column=2, value=stray)
    book.save(path)
    return path


def test_a_space_typed_at_the_last_row_does_not_stretch_the_sheet(tmp_path, con):
    """tool-06's kind, another instance: one cell holding a space at row 1,048,576 made
    calamine hand over a million empty rows (5x the time, 2.8x the memory). The blank row is
    left out, so the sheet ends at its last case; a cell with a word there keeps its row."""
    spaced = _register_with_a_stray(tmp_path / "spasi.xlsx", "  ")
    book = Workbook(spaced)
    assert book.rows(book.sheets[0].name)[1] == 5
    result = ingest_file(con, spaced, "uptd")
    assert (result.status, result.rows_loaded) == ("loaded", 4)
    noted = _register_with_a_stray(tmp_path / "catatan.xlsx", "catatan")
    with zipfile.ZipFile(io.BytesIO(without_empty_rows(noted))) as trimmed:
        assert b'<row r="1048576"' in trimmed.read("xl/worksheets/sheet1.xml")


@pytest.mark.slow
def test_a_padded_sheet_with_a_space_in_its_last_row_reads_its_40_cases(tmp_path, con):
    """tool-06's padded register with a space typed at Z1048576 (final tester): the padding
    was left out but the space still stretched the sheet, so the file was refused as reaching
    Z1048576. Its blank last row is left out too: the 40 cases load."""
    padded = pad_used_range(CASES / "tool-04-v1-full.xlsx", tmp_path / "padded.xlsx")
    spaced = tmp_path / "spasi.xlsx"
    with zipfile.ZipFile(padded) as archive, \
            zipfile.ZipFile(spaced, "w", zipfile.ZIP_DEFLATED) as out:
        for item in archive.infolist():
            data = archive.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="1048576" s="0" customFormat="1"/>',
                                    b'<row r="1048576"><c r="Z1048576" t="inlineStr"><is><t>'
                                    b' </t></is></c></row>')
            out.writestr(item, data)
    result = ingest_file(con, spaced, "uptd")
    assert (result.status, result.rows_loaded, result.rows_dropped) == ("loaded", 40, 1)


def test_a_word_far_below_and_right_of_the_table_refuses_the_file_not_the_machine(tmp_path,
                                                                                  con):
    """A word typed at ZZ1048576 made calamine ask for 23 GB to build the grid up to it, and
    the process died without a word (late tester). The file is refused before, naming the
    sheet and how far it reaches, never the cell's content; nothing loads."""
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append(UPTD_HEADER)
    for number in range(1, 5):
        sheet.append(uptd_row(number))
    sheet["ZZ1048576"] = "Penanda Rahasia"
    book.save(tmp_path / "jauh.xlsx")
    result = ingest_file(con, tmp_path / "jauh.xlsx", "uptd")
    assert result.status == "rejected"
    assert ("sheet 'Register' has a cell as far as ZZ1048576 although its table uses 56 cells"
            in result.message)
    assert "from row 1,048,576 or column ZZ on" in result.message
    assert "Penanda" not in result.message
    assert con.execute("select count(*) from raw.uptd").fetchone() == (0,)


def test_tool_08_a_windows_1252_dash_after_64_kb_is_kept(con):
    path = CASES / "tool-08-cp1252-late-dash.csv"
    assert path.read_bytes().find(b"\x96") > 65536
    _, chunks = read_chunks(path, source("simfoni"))
    frame = next(chunks).frame
    relations = dict(zip(frame["_row"], frame["hubungan_pelaku"], strict=True))
    assert relations[300] == "Orang Tua – tinggal serumah"
    assert relations[350] == "Suami/Istri – tinggal serumah"
    assert not frame.astype(str).apply(lambda column: column.str.contains("\ufffd")).any().any()
    result = ingest_file(con, path, "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (400, 0)
    # Loaded free text is its vocabulary's value, the remark after the dash dropped.
    assert con.execute("select source_row, hubungan_pelaku from raw.simfoni where source_row "
                       "in (300, 350, 400) order by 1").fetchall() == [
        (300, "Orang Tua"), (350, "Suami/Istri"), (400, "Lainnya")]


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b""], ids=["byte-order mark", "none"])
def test_tool_08_kind_a_utf8_file_with_windows_1252_rows_added(tmp_path, con, bom):
    """A UTF-8 export (`Orang Tua – tinggal serumah` in UTF-8, with or without a byte-order
    mark) to which Excel on Windows added rows (a Windows-1252 dash far down): each part's
    letters are kept, and the header is the header, not `ï»¿No`."""
    data = (CASES / "tool-08-cp1252-late-dash.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    first_line = data.index(b"\n") + 1
    header = data[:first_line].decode("ascii").rstrip("\r\n").split(";")
    row = data[first_line:data.index(b"\n", first_line)].decode("ascii").rstrip("\r").split(";")
    row[header.index("No Registrasi")] = "SIMFONI-5371-2023-09999"
    row[header.index("Hubungan Pelaku")] = "Orang Tua – tinggal serumah"
    utf8_row = (";".join(row) + "\r\n").encode("utf-8")
    path = tmp_path / "register.csv"
    path.write_bytes(bom + data[:first_line] + utf8_row + data[first_line:])
    _, chunks = read_chunks(path, source("simfoni"))
    frame = next(chunks).frame
    relations = dict(zip(frame["_row"], frame["hubungan_pelaku"], strict=True))
    assert relations[2] == "Orang Tua – tinggal serumah"  # the UTF-8 dash
    assert relations[301] == "Orang Tua – tinggal serumah"  # the Windows-1252 dash
    assert not frame.astype(str).apply(lambda column: column.str.contains("\ufffd|â€")
                                       ).any().any()
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 401, 0)


def test_tool_09_formulas_without_saved_values_name_the_real_cause(con):
    result = ingest_file(con, CASES / "tool-09-formulas-no-cache.xlsx", "uptd")
    assert result.status == "rejected"
    assert result.message == (
        "uptd #1: sheet 'Register 2023': formulas without a saved value in column(s) "
        "Kategori Korban (rows 5–45): open the file in Excel or LibreOffice and save it again")


def test_tool_09_kind_formulas_only_in_the_total_row_cost_the_total_not_the_file(tmp_path,
                                                                               con):
    """A program that writes the rows as values and the JUMLAH row as `=SUM(…)` (never saved
    by a spreadsheet): the file was refused whole; now its rows load and the ledger says the
    total could not be reconciled. A formula without a value in a data row still refuses."""
    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.append(["Tahun", "Bulan", "Kode Rekening", "Sub Kegiatan", "Sumber Dana", "Kelompok",
                  "Jenis", "Pagu", "Realisasi"])
    sheet.append([2023, 1, "2.08.02.1.01.0001", "Koordinasi PUG", "DAU", "Belanja",
                  "Belanja Barang dan Jasa", 150_000_000, 12_500_000])
    sheet.append([2023, 1, "2.08.07.1.01.0001", "Koordinasi Pencegahan", "PAD", "Belanja",
                  "Belanja Pegawai", 100_000_000, 7_000_000])
    sheet.append(["JUMLAH", None, None, None, None, None, None, "=SUM(H2:H3)", "=SUM(I2:I3)"])
    book.save(tmp_path / "lra.xlsx")
    result = ingest_file(con, tmp_path / "lra.xlsx", "anggaran")
    assert (result.status, result.rows_loaded, result.rows_dropped) == ("loaded", 2, 1)
    assert "1 total row(s) dropped without being reconciled: their figures are formulas " \
        "without a saved value (row(s) 4)" in result.message
    assert "reconciled;" not in result.message.replace("without being reconciled", "")
    sheet["I3"] = "=7000000"
    book.save(tmp_path / "lra_2.xlsx")
    refused = ingest_file(con, tmp_path / "lra_2.xlsx", "anggaran")
    assert refused.status == "rejected"
    assert refused.message.endswith("formulas without a saved value in column(s) Realisasi "
                                    "(rows 3–4): open the file in Excel or LibreOffice and "
                                    "save it again")


def test_tool_11_excel_for_mac_line_ends(con):
    result = ingest_file(con, CASES / "tool-11-mac-cr-only.csv", "simfoni")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 60, 0)
    assert con.execute("select min(tanggal_lapor), max(tanggal_lapor) from raw.simfoni"
                       ).fetchall() == [(dt.date(2023, 1, 1), dt.date(2023, 1, 20))]


@pytest.mark.slow
def test_a_padded_sheet_keeps_a_row_far_below_its_padding(tmp_path, con):
    """Empty rows are left out of a padded sheet, never a row with cells: a case typed at
    row 150,000, under 150,000 padding rows, is read (and its total row reconciled)."""
    def pad_with_a_late_row(xml: str) -> str:
        rows = re.findall(r'<row r="(\d+)".*?</row>', xml, re.S)
        last = int(rows[-1])
        late = re.search(rf'<row r="{last - 1}".*?</row>', xml, re.S).group(0)
        late = re.sub(rf"\b([A-Z]+){last - 1}\b", r"\g<1>150000", late).replace(
            f'r="{last - 1}"', 'r="150000"')
        late = re.sub(r"UPTD/2023/\d+", "UPTD/2023/999", late)
        filler = "".join(f'<row r="{r}" s="0" customFormat="1"/>' for r in range(last + 1,
                                                                                 150000))
        return xml.replace("</sheetData>", filler + late + "</sheetData>")

    path = tmp_path / "padded_with_a_late_row.xlsx"
    with zipfile.ZipFile(CASES / "tool-04-v1-full.xlsx") as archive, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in archive.infolist():
            data = archive.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = pad_with_a_late_row(data.decode()).encode()
            out.writestr(item, data)
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size > 4 << 20
    result = ingest_file(con, path, "uptd")
    assert result.rows_loaded == 41
    assert con.execute("select max(source_row) from raw.uptd").fetchone() == (150000,)


def test_the_columns_check_lists_as_not_read_are_the_readers_own(tmp_path):
    """`satudata check` lists the headers the reader did not read: not a private column it
    drops unread, not a region's code column, not a header with a bracketed unit it reads."""
    text = (CASES / "office-12-simfoni-register-labels.csv").read_text(encoding="utf-8")
    written = text.replace(";Usia;", ";Umur (Th);", 1).replace(
        "No;", "No;Nama Korban;Kode Wilayah;Catatan Petugas;", 1)
    lines = written.splitlines()
    lines[1:] = [line.replace(";", ";Maria;53.71;-;", 1) for line in lines[1:]]
    path = tmp_path / "register.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_grid(path, source("simfoni")).ignored == ["Catatan Petugas"]
