"""The bad-input corpus through the real reader and loader: no crash; a rejection naming the
file (by its label) and what is wrong, or a load holding the right values, with quarantined
rows and flagged cells naming row, column as written and reason; nothing personal stored;
and a ledger that balances for every file."""

from __future__ import annotations

import csv
import subprocess
import sys

import duckdb
import pytest
from openpyxl import Workbook

from core.config import REPO_ROOT
from core.reference import SEEDS
from ingest.headers import drops_unread
from ingest.loader import ingest_file
from ingest.quarantine import looks_personal, shown_value
from ingest.sheet_names import sheet_looks_personal
from schemas.spec import sources
from tests.corpus import CASES, Case, write_large_simfoni
from tests.helpers import ANGGARAN_HEADER, anggaran_row, write_csv


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "en")


def ledger_balances(con) -> None:
    unbalanced = con.execute(
        "select file_name from raw.ingest_ledger "
        "where rows_read <> rows_loaded + rows_quarantined + rows_dropped"
    ).fetchall()
    assert unbalanced == []


def test_the_corpus_has_a_kind_for_every_kind_of_trouble():
    assert len({case.kind for case in CASES}) >= 60


def stored_text(con) -> str:
    """Every value of every raw table but the ledger's file name and path (the ledger is
    where a file's own name is kept)."""
    texts = []
    for (table,) in con.execute("select table_name from information_schema.tables "
                                "where table_schema = 'raw'").fetchall():
        columns = [name for (name,) in con.execute(
            "select column_name from information_schema.columns where table_schema = 'raw' "
            "and table_name = ?", [table]).fetchall()
            if not (table == "ingest_ledger" and name in ("file_name", "file_path"))]
        for row in con.execute(f"select {', '.join(columns)} from raw.{table}").fetchall():
            texts += [str(value) for value in row if value is not None]
    return "\n".join(texts)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.kind)
def test_bad_input(case: Case, tmp_path):
    files = case.write(tmp_path / "landing" / case.source)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        results = [ingest_file(con, path, case.source) for path in files]
        result = results[-1]
        name = files[-1].name
        assert result.status == case.status, result.message
        assert case.message in result.message
        ledger_balances(con)
        (status, message, label), = con.execute(
            "select status, message, file_label from raw.ingest_ledger where file_name = ?",
            [name]
        ).fetchall()
        assert status == case.status and label == result.label
        for text in case.absent:
            assert text not in stored_text(con), text
        findings = [message for (message,) in con.execute(
            "select message from raw.ingest_findings where ingest_id = ? order by source_row",
            [result.ingest_id]).fetchall()]
        assert len(findings) == len(case.findings), findings
        for words, finding in zip(case.findings, findings, strict=True):
            assert words in finding, finding
        if case.status == "rejected":
            assert message.startswith(f"{label}: "), "a rejection names its file"
            assert result.rows_read == result.rows_loaded == 0
            return
        if case.status == "held":
            return
        loaded = con.execute(f"select count(*) from raw.{case.source} where ingest_id = ?",
                             [result.ingest_id]).fetchone()[0]
        assert loaded == result.rows_loaded
        if case.loaded is not None:
            assert loaded == case.loaded
        if case.dropped is not None:
            assert result.rows_dropped == case.dropped
        if case.values is not None:
            sql, expected = case.values
            assert con.execute(sql.format(id=result.ingest_id)).fetchall() == expected
        quarantined = con.execute(
            f"select file_name, source_row, column_name, reason, row_kept "
            f"from raw.{case.source}_quarantine where ingest_id = ?", [result.ingest_id]
        ).fetchall()
        assert all(file_name == label for file_name, *_ in quarantined)
        rows = [(r, c, reason) for _, r, c, reason, kept in quarantined if not kept]
        cells = [(r, c, reason) for _, r, c, reason, kept in quarantined if kept]
        for expected, got in ((case.quarantine, rows), (case.flagged, cells)):
            for row, column, words in expected:
                assert any(r == row and c == column and words in reason
                           for r, c, reason in got), (row, column, words, got)
            assert len({(r, c) for r, c, _ in got}) == len(expected), got
        assert result.rows_quarantined == len({row for row, _, _ in rows})
        if case.shown:
            assert [value for _, _, value, _ in result.sample_issues] == case.shown
        assert result.cells_flagged == len(cells)
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.reliability  # a scale check (300,000 rows, about 75 s): the lane after make test
def test_a_very_large_simfoni_extract(tmp_path):
    rows = 300_000
    path = write_large_simfoni(tmp_path / "simfoni_2023_full.csv", rows)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        result = ingest_file(con, path, "simfoni")
        assert result.status == "loaded", result.message
        # One age in a thousand is out of range: an optional cell, flagged, the row loaded.
        assert (result.rows_read, result.rows_quarantined, result.cells_flagged) == (
            rows, 0, rows // 1000)
        assert con.execute("select count(*) from raw.simfoni").fetchone()[0] == rows
        assert con.execute("select count(*) from raw.simfoni where umur_korban is null"
                           ).fetchone()[0] == rows // 1000
        ledger_balances(con)
    finally:
        con.close()


def test_a_long_title_in_capitals_is_judged_at_once(tmp_path):
    """A title row of many words in capitals above the header (REKAPITULASI … TAHUN 2023) is
    weighed as a possible person's name like any header cell: the name pattern once tried
    every way of splitting its words (minutes for 6 words, a hang for more). Judged in a
    child process that must answer within a minute; it takes milliseconds."""
    title = ("REKAPITULASI KASUS KEKERASAN TERHADAP PEREMPUAN DAN ANAK PROVINSI NUSA TENGGARA "
             "TIMUR MENURUT KABUPATEN KOTA TAHUN 2023")
    code = ("import sys; from ingest.quarantine import looks_personal; "
            "print(looks_personal(sys.argv[1]))")
    done = subprocess.run([sys.executable, "-c", code, title], cwd=REPO_ROOT, timeout=60,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip()  # judged (a title is kept out of the header either way)


# Names of NTT people made of ordinary words, the sources' own header words among them.
NAMES = ["Sri Murni", "Yohana Murni", "MURNI BRIA", "Maria Bulan", "Putri Indah",
         "Intan Sari", "Kasih Bunga Lestari", "Agustina Bulan Seran", "Ibu Murni", "Sdr. NENO",
         "Bapak Yakobus", "pelaku: Dana Mandiri Bria", "Fisik Sri Murni",
         "Dirujuk oleh Ibu Baru", "a.n. Intan Sari", "Indah Kasih, S.Pd", "April Neno"]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_of_ordinary_words_is_masked_as_a_value_a_header_and_a_sheet(name):
    """`Murni` (Pagu Murni), `Bulan`, `Dana`, `Mandiri`, `Baru` are header and vocabulary
    words and people's names: such a word no longer proves a value, a header or a sheet's
    name is no person's (`Sri Murni` was kept in the quarantine, `Maria Bulan` named as an
    ignored column)."""
    assert looks_personal(name) == "value not kept: it looks like a person's name"
    assert sheet_looks_personal(name)


def _declared_texts() -> list[str]:
    texts = [header for spec in sources().values() for column in spec.columns
             for header in (column.name.replace("_", " "), *column.aliases)]
    texts += [header.title() for header in texts] + [header.upper() for header in texts]
    for name, columns in (("ref_vocabulary.csv", ("canonical", "variant")),
                          ("ref_kabupaten.csv", ("nama",)), ("ref_program.csv", ("nama_program",)),
                          ("ref_kla_indikator.csv", ("indikator",))):
        with open(SEEDS / name, encoding="utf-8", newline="") as handle:
            texts += [row[column] for row in csv.DictReader(handle) for column in columns]
    return texts


def test_the_sources_own_headers_and_values_still_read():
    """Every header and alias the sources declare (as written, Title Case, CAPITALS), every
    vocabulary value, region, program and KLA indicator name is kept; so are titles and
    sheets of months and words offices use."""
    assert [text for text in _declared_texts() if looks_personal(text)] == []
    for text in ("Realisasi Bulan Ini", "Pagu Murni", "Dana Desa", "Desa Mandiri", "Kasus Baru",
                 "Ibu Hamil", "Pembina Utama Madya", "REALISASI ANGGARAN BULAN JUNI 2023"):
        assert looks_personal(text) is None, text
    for sheet in ("APBD Murni", "Rekap Murni", "Bulan Juni", "Data Baru", "Rekap Bulan Mei"):
        assert not sheet_looks_personal(sheet), sheet


@pytest.mark.parametrize(("value", "masked"), [
    ("Pengaduan, didampingi Kakak Maria", True), ("Kesehatan, didampingi Maria", True),
    ("Pengaduan, pendamping Adik Yohanes", True), ("Dicabut oleh Kakak Maria", True),
    ("Rumah Kakak Maria", True), ("Psikis, Om Frans", True),
    ("Kakak Kandung", False), ("Adik Ipar", False), ("Rumah Tangga", False),
    ("Pengaduan, Kesehatan", False), ("Lansia Wanita", False)])
def test_a_value_quoted_in_the_quarantine_hides_a_name_after_a_form_of_address(value, masked):
    """A list cell or a remark holding a relative's name (`didampingi Kakak Maria`, a given
    name alone) was quoted in full in the quarantine, on screen and in the correction
    workbook; a family word before a name now marks it, as `Ibu`/`Sdr.` did, and a given
    name alone is enough in a quoted value. A relation that names no one still shows."""
    shown, why = shown_value(value)
    assert (shown == "***") is masked, (value, shown, why)


@pytest.mark.parametrize(("text", "kept"), [
    ("Honor narasumber Yakobus Neno", False), ("Honor Narasumber Dominikus Taek", False),
    ("Belanja honor a.n. Maria Bulan", False), ("Sewa rumah Jl. Sudirman No. 5", False),
    ("Pembangunan Jalan Setapak Rumah Aman Dusun Oebelo", True),
    ("Belanja Alat Tulis Kantor", True), ("Honor Narasumber Rapat Koordinasi", True),
    ("Rumah Singgah Sinar Kasih", True), ("Penguatan Jejaring", True)])
def test_a_name_or_an_address_in_a_column_that_names_things(text, kept):
    """In a program's or an account's name capitalised words are no sign of a person: only a
    name the text marks (a title, a given name, `narasumber`) or a house's address is refused;
    a program building a path in a hamlet (`Dusun Oebelo`, `Jalan Setapak`) names a place."""
    assert (looks_personal(text, name_column=True) is None) is kept


# The product's own words that were taken for people's names: periods (months, `lalu`,
# `ini`, `berjalan`, quarters and halves by their roman or arabic number), vocabulary values
# and region names however spaced.
ORDINARY = ["Bulan Lalu", "Realisasi s.d. Bulan Lalu", "Realisasi s.d. Bln Lalu",
            "Sisa Bulan Lalu", "Realisasi Bulan Berjalan", "Realisasi Tahun Lalu", "TW I",
            "TW II", "TW III", "TW IV", "Realisasi TW II", "Triwulan II", "Triwulan ke-2",
            "Sem II", "Semester II", "Realisasi Semester 1", "TW-3", "Tenaga Harian Lepas",
            "Sabu Rai Jua", "SAVU RAI JUA", "SD", "Sekolah Dasar", "S-1"]
# Real names, a NIK, a NIP, a phone number and an address: masked everywhere.
PRIVATE = ["Maria Goreti Bessie", "Yohanes Bosco", "Siti Aminah", "Lalu Ahmad Zohri",
           "Bulan Yohanes", "5371014409990001", "19710818 200003 2 007", "081234567890",
           "Jl. Kenari RT 01/RW 02"]


@pytest.mark.parametrize("text", ORDINARY)
def test_the_products_own_words_are_no_persons_name(text):
    """`Realisasi s.d. Bulan Lalu`, `TW II`, `Sem II` were dropped as private columns (the
    realisation then empty, without a word) and `Tenaga Harian Lepas`, `Sabu Rai Jua`, `SD`
    quoted as `***`, so the officer could not see what to correct: a header, a quarantined
    value and a workbook cell now show them."""
    assert looks_personal(text) is None
    assert shown_value(text) == (text, None)
    assert not drops_unread(text)


@pytest.mark.parametrize("text", ["SD", "Sekolah Dasar", "S-1", "Tenaga Harian Lepas",
                                  "Sabu Rai Jua", "Rumah Tangga"])
def test_a_vocabulary_value_in_a_free_text_column_is_shown(text):
    """A vocabulary's or a region's value is no one's words: in a column read as free text
    (`Pendidikan Korban`, which keeps what it does not know as `Lainnya`, or a column the
    source does not declare) it was masked as `***` in the quarantine and its workbook."""
    assert shown_value(text, free_text=True) == (text, None)
    assert shown_value("Tetangga yang baru pindah", free_text=True)[0] == "***"


@pytest.mark.parametrize("text", PRIVATE)
def test_names_nik_phones_and_addresses_stay_masked(text):
    """What the product's words must not unmask: a name (one beginning with `Lalu`, the
    Sasak title, or `Bulan`), a NIK, NIP, phone number or address, as a value, a free-text
    value and a header."""
    assert looks_personal(text) is not None
    assert shown_value(text)[0] == "***"
    assert shown_value(text, free_text=True)[0] == "***"
    assert drops_unread(text)


def test_period_headers_are_named_as_ignored_and_a_name_header_is_dropped(tmp_path):
    """A budget export with `Realisasi s.d. Bulan Lalu`, `TW II` and `Sem II` beside its
    columns: they were counted as private columns dropped unread, and the officer was not
    told which columns went unread. They are now listed, each quoted; a column titled with
    a person's name is still dropped unread, its values nowhere in the warehouse."""
    header = [*ANGGARAN_HEADER, "Realisasi s.d. Bulan Lalu", "TW II", "Sem II",
              "Maria Goreti Bessie"]
    rows = [anggaran_row(1, "1.000.000") + ["0", "700.000", "900.000", "Yohanes Bosco"]]
    path = write_csv(tmp_path / "anggaran" / "lra_2023_01.csv", rows, header=header)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("loaded", 1)
    assert ("ignored column(s): 'Realisasi s.d. Bulan Lalu', 'TW II', 'Sem II'; "
            "1 private column(s) dropped unread") in result.message
    stored = stored_text(con)
    assert "Maria Goreti" not in stored and "Yohanes Bosco" not in stored
    assert con.execute("select realisasi from raw.anggaran").fetchall() == [(1_000_000,)]
    ledger_balances(con)


def test_cells_of_thousands_of_brackets_and_spaces_are_read_at_once(tmp_path):
    """A title of 15,000 `( `, a header cell of 30,000 `[` and a figure padded with 30,000
    spaces before its `%`: the patterns reading a header's year (`Target 2023`) and a
    percent sign tried every split of such runs, and the file took 104 s to load (a cell
    twice as long, a quarter of an hour). Loaded in a child process that must answer
    within a minute; it takes well under a second, the padded 91 % read as 91."""
    book = Workbook()
    sheet = book.active
    sheet.append(["REKAPITULASI CAPAIAN " + "( " * 15000])
    sheet.append(["Tahun", "Kode", "Indikator", "Satuan", "Target", "Realisasi",
                  "Keterangan " + "[" * 30000])
    sheet.append([2023, "IKD-PA-02", "Persentase anak korban kekerasan yang mendapat layanan",
                  "%", 95, "91" + " " * 30000 + "%"])
    book.save(tmp_path / "indikator.xlsx")
    code = ("import sys, pathlib, duckdb; from ingest.loader import ingest_file; "
            "con = duckdb.connect(sys.argv[2]); "
            "ingest_file(con, pathlib.Path(sys.argv[1]), 'indikator'); "
            "print(con.execute('select target, realisasi_dilaporkan from raw.indikator')"
            ".fetchall())")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "indikator.xlsx"),
                           str(tmp_path / "w.duckdb")], cwd=REPO_ROOT, timeout=60,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[(95.0, 91.0)]"
