"""Workbooks of several sheets, as offices keep them: one sheet per month, per unit, PNS and
PPPK. Every visible sheet holding the source's header is read, each row named by its sheet
and its row as the spreadsheet shows it; covers, notes and hidden sheets are named as
skipped; a sheet holding the table with a required column missing refuses the file."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from openpyxl import Workbook

from ingest.headers import SHEET_ROWS
from ingest.loader import ingest_file
from tests.helpers import (
    ASN_HEADER,
    SIMFONI_HEADER,
    UPTD_HEADER,
    simfoni_row,
    staff_row,
    uptd_row,
)

MONTHS = {"Januari": 4, "Februari": 3, "Maret": 5}  # cases per monthly sheet


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield connection
    connection.close()


def _register(path, stated_maret: int = 5, maret_header: list[str] | None = None):
    """A cover sheet, three monthly sheets with a title, the header and a JUMLAH row, and a
    hidden sheet of last year's cases (also with the header). February's second case has an
    unknown victim category; March writes its columns in another order, without Layanan."""
    book = Workbook()
    cover = book.active
    cover.title = "Petunjuk"
    cover.append(["REGISTER PENGADUAN UPTD PPA PROVINSI NTT 2023"])
    cover.append(["Isi satu lembar per bulan."])
    number = 0
    for month, (name, count) in enumerate(MONTHS.items(), start=1):
        sheet = book.create_sheet(name)
        sheet.append([f"REGISTER BULAN {name.upper()} 2023"])
        sheet.append([])
        header = (maret_header or [c for c in reversed(UPTD_HEADER) if c != "Layanan"]
                  if name == "Maret" else UPTD_HEADER)
        sheet.append(header)
        for _ in range(count):
            number += 1
            changes = {"Kategori Korban": "Lansia Wanita"} if number == 6 else {}
            row = dict(zip(UPTD_HEADER, uptd_row(number, month=month, **changes),
                           strict=True))
            sheet.append([row.get(column) for column in header])
        stated = stated_maret if name == "Maret" else count
        sheet.append(["JUMLAH", stated])
    hidden = book.create_sheet("2022")
    hidden.append(UPTD_HEADER)
    hidden.append(uptd_row(99, month=5))
    hidden.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def test_every_monthly_sheet_is_read_and_named(tmp_path, con):
    result = ingest_file(con, _register(tmp_path / "uptd" / "register_2023.xlsx"), "uptd")
    assert result.status == "loaded", result.message
    # 12 cases and 3 JUMLAH rows read; February's row 5 quarantined; the hidden sheet unread.
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (15, 11, 1, 3)
    assert result.sheet_rows == {2: (5, 4), 3: (4, 2), 4: (6, 5)}
    assert result.months == {1: 4, 2: 2, 3: 5}
    # Each JUMLAH adds up its own sheet's rows: only February's misses its quarantined case.
    assert result.findings == [
        "lembar 'Februari': baris JUMLAH menyebut 3 baris dan berkas memang berisi sebanyak "
        "itu, tetapi 1 di antaranya dikarantina: 2 baris dimuat"]
    assert "3 lembar dibaca: 'Januari' (5 baris dibaca, 4 dimuat)" in result.message
    assert "lembar 'Petunjuk' tidak memuat judul kolom sumber ini (tidak dibaca)" in (
        result.message)
    assert ("lembar '2022' tersembunyi (tidak dibaca: tampilkan lembar itu di spreadsheet bila "
            "berisi datanya)") in result.message
    (sheet, read, loaded, quarantined, dropped), = con.execute(
        "select sheet, rows_read, rows_loaded, rows_quarantined, rows_dropped "
        "from raw.ingest_ledger").fetchall()
    assert sheet == "Januari, Februari, Maret"
    assert read == loaded + quarantined + dropped == 15
    # The quarantine names the sheet and the row as the spreadsheet shows them.
    assert con.execute("select sheet, source_row, column_name from raw.uptd_quarantine"
                       ).fetchall() == [("Februari", 5, "Kategori Korban")]
    assert result.sample_issues[0][0] == "5 (lembar 'Februari')"
    # Raw rows keep one number per row of the file: sheet index × SHEET_ROWS + row.
    rows = [row for (row,) in con.execute("select source_row from raw.uptd order by 1").fetchall()]
    assert rows == [4, 5, 6, 7, SHEET_ROWS + 4, SHEET_ROWS + 6,
                    *(2 * SHEET_ROWS + row for row in range(4, 9))]
    # March, its columns in another order and without Layanan, is read by its own header.
    assert con.execute("select count(*), count(layanan) from raw.uptd "
                       f"where source_row > {2 * SHEET_ROWS}").fetchone() == (5, 0)
    assert con.execute("select count(*) from raw.uptd where month(tanggal_pengaduan) = 5"
                       ).fetchone()[0] == 0


def test_a_sheets_total_is_reconciled_against_that_sheet_only(tmp_path, con):
    path = _register(tmp_path / "uptd" / "register_2023.xlsx", stated_maret=12)
    result = ingest_file(con, path, "uptd")
    assert result.status == "loaded", result.message
    findings = con.execute("select source_row, message from raw.ingest_findings "
                           "order by message").fetchall()
    assert [row for row, _ in findings] == [7, 9]  # February's and March's JUMLAH rows
    assert findings[1][1] == ("lembar 'Maret': baris JUMLAH/TOTAL menyebut 12 tetapi berkas "
                              "berisi 5 baris")


def test_a_sheet_with_the_table_but_a_required_column_missing_refuses_the_file(tmp_path, con):
    header = [column for column in UPTD_HEADER if column != "Status"]
    path = _register(tmp_path / "uptd" / "register_2023.xlsx", maret_header=header)
    result = ingest_file(con, path, "uptd")
    assert result.status == "rejected"
    assert "lembar 'Maret' memuat tabel sumber ini tetapi tidak dapat dibaca (" in (
        result.message)
    assert "kolom wajib tidak ada: Status (" in result.message
    assert "lembar 'Januari', 'Februari' dapat dibaca" in result.message
    assert con.execute("select count(*) from raw.uptd").fetchone()[0] == 0


def test_a_roster_of_pns_and_pppk_sheets_loads_both(tmp_path, con):
    book = Workbook()
    pns = book.active
    pns.title = "PNS"
    pns.append(ASN_HEADER)
    pns.append(staff_row(1))
    pns.append(staff_row(2, nip="198507142010012003"))
    pppk = book.create_sheet("PPPK")
    pppk.append(["DAFTAR PPPK DP3A PROVINSI NTT"])
    pppk.append(ASN_HEADER)
    for number, nip in ((1, "198903172023212001"), (2, "199204022023211002"),
                        (3, "199511202023212003")):
        pppk.append(staff_row(number, nip=nip, sex="L" if number == 2 else "P",
                              **{"Status Kepegawaian": "PPPK", "Golongan": "IX"}))
    path = tmp_path / "asn" / "asn_2023.xlsx"
    path.parent.mkdir(parents=True)
    book.save(path)
    result = ingest_file(con, path, "asn")
    assert result.status == "loaded", result.message
    assert (result.rows_read, result.rows_loaded) == (5, 5), result.sample_issues
    assert result.sheet_rows == {1: (2, 2), 2: (3, 3)}
    assert con.execute("select status_kepegawaian, count(*) from raw.asn group by 1 "
                       "order by 1").fetchall() == [("PNS", 2), ("PPPK", 3)]


def test_check_of_a_monthly_workbook_names_the_quarantined_row_with_its_sheet(tmp_path,
                                                                             capsys):
    """`satudata check` on a workbook whose quarantined row lies on its second sheet: the
    summary names sheet and row (the command used to end in a TypeError traceback)."""
    from satudata.cli import EXIT_OK, main

    path = _register(tmp_path / "landing" / "uptd" / "register_2023.xlsx")
    assert main(["check", str(path), "--warehouse", str(tmp_path / "w.duckdb")]) == EXIT_OK
    out = capsys.readouterr().out
    assert "15 baris dibaca: 11 akan dimuat, 1 akan dikarantina, 3 baris jumlah akan dibuang" \
        in out
    assert "Baris 5 (lembar 'Februari'), kolom Kategori Korban" in out


def _register_per_victim(path):
    """A register kept as a sheet per victim, as some offices do (`Kasus Marselina Ndun`),
    after a cover sheet with an ordinary name (`Rekap Januari`) holding no header; the
    second victim's sheet has a case whose victim category is unknown."""
    book = Workbook()
    cover = book.active
    cover.title = "Rekap Januari"
    cover.append(["Rekap kasus bulan Januari 2023"])
    for number, name in ((1, "Kasus Marselina Ndun"), (2, "Korban Yuliana Bria")):
        sheet = book.create_sheet(name)
        sheet.append(UPTD_HEADER)
        changes = {"Kategori Korban": "Lansia Wanita"} if number == 2 else {}
        sheet.append(uptd_row(number, **changes))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def test_a_sheet_named_after_a_person_is_named_by_its_position(tmp_path, con):
    """A sheet whose name looks like a person's is `lembar ke-2` in the ledger's message and
    column, the quarantine and the findings; an ordinary name (`Rekap Januari`) still
    shows. The name used to be in all of them (and so in the analytics file and the Dagster
    metadata, which copy them)."""
    path = _register_per_victim(tmp_path / "uptd" / "register_2023.xlsx")
    result = ingest_file(con, path, "uptd")
    assert result.status == "loaded", result.message
    assert ("2 lembar dibaca: lembar ke-2 (1 baris dibaca, 1 dimuat), lembar ke-3 "
            "(1 baris dibaca, 0 dimuat)") in result.message
    assert "lembar 'Rekap Januari' tidak memuat judul kolom sumber ini" in result.message
    assert result.sample_issues[0][0] == "2 (lembar ke-3)"
    assert con.execute("select sheet from raw.ingest_ledger").fetchone()[0] == (
        "lembar ke-2, lembar ke-3")
    assert con.execute("select sheet, sheet_number, source_row from raw.uptd_quarantine"
                       ).fetchall() == [("lembar ke-3", 3, 2)]
    stored = " ".join(str(value) for row in con.execute(
        "select * from raw.ingest_ledger").fetchall() for value in row if value != path.name)
    stored += " ".join(str(value) for row in con.execute(
        "select * from raw.uptd_quarantine").fetchall() for value in row)
    assert "Marselina" not in stored and "Yuliana" not in stored


@pytest.mark.parametrize(("name", "personal"), [
    ("Kasus Yuliana", True), ("MARIA", True), ("KASUS MARIA", True), ("Yuliana", True),
    ("Agustina", True), ("Ibu Ros", True), ("Kasus 1 Yuliana", True),
    ("Korban 1 - Yuliana B.", True), ("Yosef (Kupang)", True), ("Korban YB", True),
    ("Lili", True), ("5300012345678901", True),
    ("Rekap Januari", False), ("Sheet1", False), ("Tabel 9", False), ("Data 2023", False),
    ("PNS", False), ("Kab. Kupang", False), ("Maret (2)", False), ("TW III", False),
    ("Rekap s.d. Maret", False), ("Lampiran B", False), ("DP3A", False),
    ("UPTD Atambua", False), ("Template", False), ("Contoh Isian", False),
    ("Realisasi Bulan Lalu", False), ("Sem II", False), ("Lalu Ahmad", True),
])
def test_a_sheet_name_with_one_unknown_word_is_personal(name, personal):
    """A sheet name is free text: one word that is no month, sheet word, source word,
    region or number may be a victim's name (`MARIA`, `Ibu Ros`); only two capitalised
    unknown words in a row used to be caught."""
    from ingest.sheet_names import sheet_looks_personal

    assert sheet_looks_personal(name) is personal


def _sheets(path, sheets: dict[str, list[list[object]]]):
    """A UPTD register of one sheet per name in `sheets`, each the header and its rows."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(UPTD_HEADER)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path

def test_sheets_named_after_one_word_of_a_victim_are_stored_the_same_in_either_language(
        tmp_path, con, monkeypatch):
    """Sheets `Kasus Yuliana`, `MARIA`, `Kasus Marselina Ndun`: every one is named by its
    position in the ledger, the quarantine and the message; the stored label is the same
    under `--lang en` (it was `sheet 2` there and `lembar ke-2` in Indonesian)."""
    monkeypatch.setenv("SATUDATA_LANG", "en")
    path = _sheets(tmp_path / "uptd" / "register_2023.xlsx", {
        name: [uptd_row(number, **({"Kategori Korban": "Lansia Wanita"} if number == 2 else {}))]
        for number, name in enumerate(("Kasus Yuliana", "MARIA", "Kasus Marselina Ndun"), 1)})
    result = ingest_file(con, path, "uptd")
    assert result.status == "loaded", result.message
    assert ("3 sheets read: sheet 1 (1 rows read, 1 loaded), sheet 2 (1 rows read, 0 loaded), "
            "sheet 3 (1 rows read, 1 loaded)") in result.message
    assert result.sample_issues[0][0] == "2 (sheet 2)"
    assert con.execute("select sheet from raw.ingest_ledger").fetchone()[0] == (
        "lembar ke-1, lembar ke-2, lembar ke-3")
    assert con.execute("select sheet, sheet_number, source_row from raw.uptd_quarantine"
                       ).fetchall() == [("lembar ke-2", 2, 2)]
    stored = " ".join(str(value) for table in ("ingest_ledger", "uptd_quarantine")
                      for row in con.execute(f"select * from raw.{table}").fetchall()
                      for value in row if value != path.name)
    assert "MARIA" not in stored and "Yuliana" not in stored


def test_two_sheets_with_the_same_label_are_counted_apart(tmp_path, con):
    """A sheet literally named `lembar ke-2` beside a victim's sheet in position 2: the
    rows per sheet were keyed by label, so the two collided and the message crashed."""
    path = _sheets(tmp_path / "uptd" / "register_2023.xlsx", {
        name: [uptd_row(number * 10 + case) for case in range(number)]
        for number, name in enumerate(("lembar ke-2", "Kasus Yuliana"), 1)})
    result = ingest_file(con, path, "uptd")
    assert result.status == "loaded", result.message
    assert ("2 lembar dibaca: 'lembar ke-2' (1 baris dibaca, 1 dimuat), lembar ke-2 "
            "(2 baris dibaca, 2 dimuat)") in result.message


def test_a_personal_sheet_that_cannot_be_read_is_refused_by_its_position(tmp_path, con):
    book = Workbook()
    book.active.title = "Data 2023"
    book.active.append(UPTD_HEADER)
    book.active.append(uptd_row(1))
    broken = book.create_sheet("Kasus Marselina Ndun")
    broken.append([column for column in UPTD_HEADER if column != "Status"])
    broken.append(uptd_row(2)[:-1])
    path = tmp_path / "uptd" / "register_2023.xlsx"
    path.parent.mkdir(parents=True)
    book.save(path)
    result = ingest_file(con, path, "uptd")
    assert result.status == "rejected"
    assert result.message.startswith(
        "uptd #1: lembar ke-2 memuat tabel sumber ini tetapi tidak dapat dibaca (")
    assert "lembar 'Data 2023' dapat dibaca" in result.message
    assert "Marselina" not in result.message



def _quarantine_workbook(tmp_path, path):
    """`satudata ingest` of the register into a scratch warehouse, then `satudata
    quarantine` of it: the correction workbook it writes, opened."""
    from openpyxl import load_workbook

    from satudata.cli import EXIT_OK, main

    warehouse = str(tmp_path / "w.duckdb")
    assert main(["ingest", str(path), "--warehouse", warehouse]) == EXIT_OK
    out_folder = tmp_path / "karantina"
    assert main(["quarantine", str(path), "--warehouse", warehouse, "--out",
                 str(out_folder)]) == EXIT_OK
    return load_workbook(out_folder / "uptd" / "register_2023_karantina.xlsx")

def test_quarantine_of_a_personal_sheet_re_reads_it_by_its_position(tmp_path, capsys):
    """`satudata quarantine` finds the quarantined row's sheet by its position (its label
    `lembar ke-3` is no sheet's name) and shows the row's cells as written."""
    path = _register_per_victim(tmp_path / "landing" / "uptd" / "register_2023.xlsx")
    book = _quarantine_workbook(tmp_path, path)
    out = capsys.readouterr().out
    assert "Marselina" not in out and "Yuliana" not in out
    rows = list(book["Baris dikarantina"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[2], row[4]) for row in rows] == [(2, "UPTD/2023/002", "Lansia Wanita")]
    notes = [row[0] for row in book["Cara memperbaiki"].iter_rows(values_only=True)]
    assert "Baris dibaca dari lembar ke-3." in notes
    assert not [note for note in notes if note and "Yuliana" in note]


def test_quarantine_of_rows_on_several_sheets_gives_each_sheet_its_own_worksheet(tmp_path,
                                                                                capsys):
    """`satudata quarantine` of a monthly register with a quarantined row on February's and
    on March's sheet: each sheet's rows are re-read from that sheet, under its own headers
    (March writes its columns in another order). The command used to re-read only the
    first sheet, so March's row showed only column, value and reason."""
    from openpyxl import load_workbook

    path = _register(tmp_path / "landing" / "uptd" / "register_2023.xlsx")
    book = load_workbook(path)
    maret = book["Maret"]
    column = [cell.value for cell in maret[3]].index("Kategori Korban") + 1
    maret.cell(5, column, "Lansia Pria")  # March's second case
    book.save(path)
    written = _quarantine_workbook(tmp_path, path)
    out = capsys.readouterr().out
    assert "Baris 5 (lembar 'Februari'), kolom Kategori Korban: 'Lansia Wanita'" in out
    assert "Baris 5 (lembar 'Maret'), kolom Kategori Korban: 'Lansia Pria'" in out
    assert written.sheetnames == ["Baris dikarantina (Februari)", "Baris dikarantina (Maret)",
                                  "Cara memperbaiki"]
    februari = list(written["Baris dikarantina (Februari)"].values)
    maret_rows = list(written["Baris dikarantina (Maret)"].values)
    header = februari[0]
    assert [(row[0], row[header.index("No. Kasus")], row[header.index("Kategori Korban")])
            for row in februari[1:]] == [(5, "UPTD/2023/006", "Lansia Wanita")]
    header = maret_rows[0]
    assert "Layanan" not in header
    assert [(row[0], row[header.index("No. Kasus")], row[header.index("Kategori Korban")])
            for row in maret_rows[1:]] == [(5, "UPTD/2023/009", "Lansia Pria")]
    notes = [row[0] for row in written["Cara memperbaiki"].values]
    assert "Baris dikarantina dari register_2023.xlsx (sumber uptd): 2." in notes
    assert {"Baris dibaca dari lembar 'Februari'.", "Baris dibaca dari lembar 'Maret'."} <= (
        set(notes))


def test_a_template_sheet_of_an_example_row_is_skipped_and_named(tmp_path, con):
    """A `Template` sheet whose one row shows how to fill the register (`UPTD/2023/xxx`,
    `dd/mm/yyyy`) was quarantined as a bad record ('dd/mm/yyyy' is not a date); a row of two
    placeholders or more is an example: not read, not counted, named in the ledger. A case
    number not yet given (`xxx`) in a real row is still read as the record it is."""
    book = Workbook()
    template = book.active
    template.title = "Template"
    template.append(UPTD_HEADER)
    template.append(uptd_row(1, **{"No. Kasus": "UPTD/2023/xxx",
                                   "Tanggal Pengaduan": "dd/mm/yyyy", "Nama Korban": "...",
                                   "NIK Korban": None}))
    maret = book.create_sheet("Maret")
    maret.append(UPTD_HEADER)
    maret.append(uptd_row(1, month=3))
    maret.append(uptd_row(2, month=3, **{"No. Kasus": "UPTD/2023/xxx"}))
    book.save(tmp_path / "register.xlsx")
    result = ingest_file(con, tmp_path / "register.xlsx", "uptd")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 2, 0)
    assert ("1 baris contoh berisi isian pengganti (xxx, dd/mm/yyyy, …), yang menunjukkan "
            "cara mengisi tabel, tidak dibaca: 2 (lembar 'Template')") in result.message
    assert con.execute("select count(*) from raw.uptd_quarantine").fetchone() == (0,)


def _without(header: list[str], column: str, sheets: dict[str, list[list[object]]],
             path):
    """A workbook of a sheet per name in `sheets`, each a title, `header` without `column`,
    and its rows (cut likewise), after a cover sheet of notes."""
    book = Workbook()
    book.active.title = "Petunjuk"
    book.active.append(["Isi satu lembar per kabupaten/kota atau per unit."])
    at = header.index(column)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append([f"DATA {name.upper()}"])
        sheet.append([cell for position, cell in enumerate(header) if position != at])
        for row in rows:
            sheet.append([cell for position, cell in enumerate(row) if position != at])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def test_a_register_of_a_sheet_per_kabupaten_reads_each_sheets_name_as_its_region(
        tmp_path, con):
    """Sheets `Kab. Kupang`, `TTS`, `Kota Kupang` and no Kabupaten/Kota column: each sheet
    was refused, `kolom wajib tidak ada`. Now each sheet's rows take the region its name
    states, and the ledger says so."""
    path = _without(SIMFONI_HEADER, "Kabupaten/Kota", {
        "Kab. Kupang": [simfoni_row(1), simfoni_row(2)], "TTS": [simfoni_row(3)],
        "Kota Kupang": [simfoni_row(4)]}, tmp_path / "simfoni" / "simfoni_2023.xlsx")
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 4, 0)
    assert con.execute("select source_row % 1048576, kabupaten_kota_kode from raw.simfoni "
                       "order by source_row").fetchall() == [
        (3, "53.01"), (4, "53.01"), (3, "53.02"), (3, "53.71")]
    assert ("berkas tidak memiliki kolom Kabupaten/Kota: baris tiap lembar dibaca sebagai "
            "Kabupaten/Kota yang dinyatakan namanya ('Kab. Kupang', 'TTS', 'Kota Kupang')"
            ) in result.message


def test_a_month_register_of_a_sheet_per_kabupaten_takes_its_month_from_its_name(tmp_path,
                                                                                  con):
    """`simfoni_2023_07.xlsx` of a sheet per kabupaten: its dates (`05/07/2023`) read both
    ways and the file name's month was not asked of a workbook of several sheets, so every
    row was quarantined. Now July, from the name, settles them, and the file replaces July."""
    dated = {"Tanggal Lapor": "05/07/2023", "Tanggal Kejadian": "03/07/2023"}
    path = _without(SIMFONI_HEADER, "Kabupaten/Kota", {
        "Kota Kupang": [simfoni_row(1, **dated), simfoni_row(2, **dated)],
        "Sikka": [simfoni_row(3, **dated)]}, tmp_path / "simfoni" / "simfoni_2023_07.xlsx")
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 3, 0)
    assert con.execute("select distinct tanggal_lapor, tanggal_kejadian from raw.simfoni"
                       ).fetchall() == [(dt.date(2023, 7, 5), dt.date(2023, 7, 3))]
    assert "nama berkas" in result.message


@pytest.mark.parametrize(("names", "why"), [
    (["Kab. Kupang", "Kupang"], "'Kupang' tidak menyebut tepat satu"),
    (["Kab. Kupang", "Rekap NTT"], "'Rekap NTT' tidak menyebut tepat satu"),
    (["TTS", "Timor Tengah Selatan"], "dua lembar menyebut yang sama"),
])
def test_sheet_names_that_are_not_each_one_region_are_never_guessed(tmp_path, con, names,
                                                                    why):
    path = _without(SIMFONI_HEADER, "Kabupaten/Kota",
                    {name: [simfoni_row(number)] for number, name in enumerate(names, start=1)},
                    tmp_path / "simfoni" / "simfoni_2023.xlsx")
    result = ingest_file(con, path, "simfoni")
    assert result.status == "rejected"
    assert "kolom wajib tidak ada: Kabupaten/Kota" in result.message
    assert (f"nama lembar tidak dibaca sebagai Kabupaten/Kota: {why}. Tambahkan kolom "
            "Kabupaten/Kota di setiap lembar") in result.message
    assert con.execute("select count(*) from raw.simfoni").fetchone()[0] == 0


def test_a_roster_of_a_sheet_per_unit_reads_each_sheets_name_as_its_unit(tmp_path, con):
    """Sheets `Sekretariat`, `Bidang PKA`, `UPTD PPA` and no Unit Kerja column: refused;
    now each sheet's name is its unit, read by the unit vocabulary. A sheet whose name is
    no unit there (`Subbag Umum`, named by its position: it may be a name) keeps the
    refusal, suggesting the column."""
    sheets = {"Sekretariat": [staff_row(1), staff_row(2, nip="198507142010012003")],
              "Bidang PKA": [staff_row(1, nip="198903172010012001")],
              "UPTD PPA": [staff_row(1, nip="199204022015032002")]}
    path = _without(ASN_HEADER, "Unit Kerja", sheets, tmp_path / "asn" / "asn_2023.xlsx")
    result = ingest_file(con, path, "asn")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 4, 0)
    assert con.execute("select unit_kerja, count(*) from raw.asn group by 1 order by 1"
                       ).fetchall() == [("PKA", 1), ("SEKRETARIAT", 2), ("UPTD_PPA", 1)]
    sheets["Subbag Umum"] = sheets.pop("UPTD PPA")
    path = _without(ASN_HEADER, "Unit Kerja", sheets, tmp_path / "asn" / "asn_2024.xlsx")
    result = ingest_file(con, path, "asn")
    assert result.status == "rejected"
    assert ("nama lembar tidak dibaca sebagai Unit Kerja: lembar ke-4 tidak menyebut tepat "
            "satu. Tambahkan kolom Unit Kerja di setiap lembar") in result.message
