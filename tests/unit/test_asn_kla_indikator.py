"""Staff roster, KLA and indicator files through the real loader: the NIP read before it is
pseudonymised, its contradictions as findings, and the rules that quarantine a row."""

import datetime as dt

import pytest
from openpyxl import Workbook

from ingest.asn import Nip, NipError, nip_digits, parse_nip
from ingest.loader import ingest_file
from tests.helpers import ASN_HEADER, write_csv, write_ods, write_table
from tests.helpers import staff_row as staff

# Messages in English: these tests assert the wording written in the code.
pytestmark = pytest.mark.usefixtures("english")


def quarantine(con, source, row_kept=False):
    return con.execute(
        f"select source_row, column_name, value, reason from raw.{source}_quarantine "
        "where row_kept = ? order by source_row, column_name", [row_kept]
    ).fetchall()


def test_nip_parts():
    assert parse_nip(nip_digits("19710818 200003 2 007")) == Nip(
        dt.date(1971, 8, 18), dt.date(2000, 3, 1), "P", "NIP")
    # A PPPK number: the appointment year and 21 where a NIP holds the CPNS month.
    assert parse_nip(nip_digits("19900714 202221 2 007")) == Nip(
        dt.date(1990, 7, 14), None, "P", "NI PPPK")
    for bad, reason in [("1971081820000320", "18 digits"),
                        ("197113182000032007", "birth date"),
                        ("197108182000132007", "CPNS month"),
                        ("197108182000033007", "digit 15")]:
        with pytest.raises(NipError, match=reason):
            parse_nip(nip_digits(bad))
    with pytest.raises(NipError, match="as text"):
        nip_digits(197108182000032007)
    # The label copied with the number from a decree or a signature block.
    for written in ("NIP. 19710818 200003 2 007", "NIP: 197108182000032007",
                    "NI PPPK 19710818 200003 2 007", "nip.197108182000032007"):
        assert nip_digits(written) == "197108182000032007"


def test_roster_reads_the_nip_and_keeps_contradicting_rows(tmp_path, con):
    rows = [
        staff(1),
        staff(2, nip="198505122010011003", sex="L", born=""),  # birth date from the NIP
        staff(3, nip="198001012005012004", sex="L", born="01/01/1980"),  # sex digit 2, L typed
        # Neither reading of 07/12/1974 is the NIP's 11 July: wrong under the file's order.
        staff(4, nip="197407112000122001", born="07/12/1974"),
        staff(5, nip="", sex="L", born="02/03/1990", Golongan="", **{
            "Status Kepegawaian": "Kontrak", "Unit Kerja": "TPA"}),
        staff(6, nip="", born="04/05/1992", Golongan="", **{
            "Status Kepegawaian": "Tenaga Kontrak", "Unit Kerja": "UPTD PPA"}),
    ]
    path = write_csv(tmp_path / "roster.csv", rows, header=ASN_HEADER)
    result = ingest_file(con, path, "asn")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 6, 0)
    assert result.findings == [
        "row 4: the NIP's sex digit says P but Jenis Kelamin is L",
        "row 5: Tanggal Lahir differs from the birth date in the NIP",
    ]
    loaded = con.execute(
        "select source_row, tanggal_lahir, tanggal_lahir_sumber, nip_tmt_cpns, "
        "nip_jenis_kelamin, status_kepegawaian from raw.asn order by source_row"
    ).fetchall()
    assert loaded[1] == (3, dt.date(1985, 5, 12), "nip", dt.date(2010, 1, 1), "L", "PNS")
    assert [row[5] for row in loaded[4:]] == ["Kontrak", "Kontrak"]
    stored = " ".join(str(value) for row in con.execute("select * from raw.asn").fetchall()
                      for value in row)
    assert "Testa" not in stored and "197108182000032007" not in stored


def test_same_nip_typed_with_spaces_has_one_pseudonym(tmp_path, con):
    rows = [staff(1), staff(2, nip="19710818 200003 2 007")]
    result = ingest_file(con, write_csv(tmp_path / "r.csv", rows, header=ASN_HEADER), "asn")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    # The officer is told which row holds the NIP first; no value, since the pseudonym the
    # message showed is found nowhere in the file (and the NIP never leaves the reader).
    assert quarantine(con, "asn") == [(3, "NIP", "", "duplicate id: the same id as row 2")]


@pytest.mark.parametrize("written", [
    "19710818 200003 2 007", "19710818\u00a0200003\u00a02\u00a0007", "'197108182000032007",
    "\uff11\uff19\uff17\uff11\uff10\uff18\uff11\uff18\uff12\uff10\uff10\uff10"
    "\uff10\uff13\uff12\uff10\uff10\uff17", "197108182000032007\u200b",
    "19710818\u2013200003\u20132\u2013007"],
    ids=["printed groups", "no-break spaces", "Excel's apostrophe", "full-width digits",
         "zero-width space", "dashes"])
def test_one_nip_however_typed_is_one_employee_snapshot_after_snapshot(tmp_path, con, written):
    """The 2022 roster writes the NIP's 18 digits, the 2023 one as typed: full-width digits
    gave the employee another pseudonym (two staff where there is one); a zero-width space
    or dashes between the groups refused the NIP as no NIP (18 digits, 19 characters)."""
    last_year = staff(1, **{"Tanggal Data": "31/12/2022"})
    ingest_file(con, write_csv(tmp_path / "r2022.csv", [last_year], header=ASN_HEADER), "asn")
    result = ingest_file(con, write_csv(tmp_path / "r2023.csv", [staff(1, nip=written)],
                                        header=ASN_HEADER), "asn")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)
    assert con.execute("select count(*), count(distinct nip_hmac), count(nip_tanggal_lahir) "
                       "from raw.asn").fetchone() == (2, 1, 2)


def test_asn_rows_that_cannot_be_read_are_quarantined(tmp_path, con):
    rows = [
        staff(1, nip=""),  # a PNS needs a NIP
        staff(2, nip="19710818200003200"),  # 17 digits
        staff(3, nip="198001012005012004", Golongan=""),  # a PNS needs a golongan
        staff(4, nip="198001012005012005", Pendidikan="Sarjana"),  # a variant: loads as S1
    ]
    result = ingest_file(con, write_csv(tmp_path / "r.csv", rows, header=ASN_HEADER), "asn")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 3)
    assert [(row, column, reason) for row, column, _, reason in quarantine(con, "asn")] == [
        (2, "NIP", "a NIP is required for PNS and PPPK staff"),
        (3, "NIP", "a NIP has 18 digits (this one has 17 characters)"),
        (4, "Golongan", "a golongan is required for PNS and PPPK staff"),
    ]
    assert con.execute("select pendidikan from raw.asn").fetchall() == [("S1",)]


def test_a_roster_quotes_what_it_refuses_and_hides_only_names(tmp_path, con):
    """A roster with a `Tempat, Tanggal Lahir` column, a golongan `III/e`, a `Tenaga Harian
    Lepas`, a `PPPK Paruh Waktu` and a status typed as a name. Before: the ignored column was
    listed as if two (`Tempat, Tanggal Lahir`), `III/e` was refused naming only the seed's
    domain, `Tenaga Harian Lepas` (THL written out) was quarantined and quoted as `***`. Now
    the header is quoted, the golongan's values listed, THL read as Kontrak, a PPPK paruh
    waktu as PPPK; only a person's name is masked."""
    header = [*ASN_HEADER, "Tempat, Tanggal Lahir"]
    rows = [staff(1, nip="198001012005012004", Golongan="III/e") + ["Kupang, 01-01-1980"],
            staff(2, nip="", Golongan="", **{"Status Kepegawaian": "Tenaga Harian Lepas"})
            + ["Ende, 2 Mei 1990"],
            staff(3, nip="198001012005012005", **{"Status Kepegawaian": "PPPK Paruh Waktu"})
            + [""],
            staff(4, nip="198001012005012006", **{"Status Kepegawaian": "Yohanes Bosco"})
            + [""]]
    result = ingest_file(con, write_csv(tmp_path / "r.csv", rows, header=header), "asn")
    assert "ignored column(s): 'Tempat, Tanggal Lahir'" in result.message
    assert (result.rows_loaded, result.rows_quarantined) == (3, 1)
    assert con.execute("select status_kepegawaian, golongan from raw.asn order by source_row"
                       ).fetchall() == [("PNS", None), ("Kontrak", None), ("PPPK", "III/d")]
    allowed = "Kontrak, PNS, PPPK"
    assert quarantine(con, "asn") == [
        (5, "Status Kepegawaian", "***", f"not one of the allowed values: {allowed} "
                                         "(value not kept: it looks like a person's name)")]
    (golongan,) = con.execute("select reason from raw.asn_quarantine where row_kept "
                              "and column_name = 'Golongan'").fetchone()
    assert golongan.startswith("not one of the allowed values: I, I/a, I/b, I/c, I/d, II, ")
    assert "III/d, IV, IV/a" in golongan and "XVII" in golongan
    assert "ref_vocabulary.csv" not in golongan
    stored = " ".join(str(value) for table in ("asn", "asn_quarantine", "ingest_ledger")
                      for row in con.execute(f"select * from raw.{table}").fetchall()
                      for value in row)
    assert "Yohanes Bosco" not in stored and "Ende, 2 Mei" not in stored


def test_golongan_written_in_arabic_numerals_reads_as_its_roman_golongan(tmp_path, con):
    """SIMPEG exports and typed rosters write the PPPK golongan `9`, `Gol. 7` (a number cell
    too) and a PNS's `3/c`: before, each cell was flagged and the golongan left empty."""
    book = Workbook()
    sheet = book.active
    sheet.append(ASN_HEADER)
    pppk = {"Status Kepegawaian": "PPPK"}
    for row in (staff(1, nip="199007142022212007", born="14/07/1990", Golongan=9, **pppk),
                staff(2, nip="198811032023211002", born="03/11/1988", sex="L",
                      Golongan="Gol. 7", **pppk),
                staff(3, nip="198503122010012014", born="12/03/1985", Golongan="3/c"),
                staff(4, nip="197908212005011009", born="21/08/1979", sex="L",
                      Golongan="Golongan 17", **pppk)):
        sheet.append(row)
    book.save(tmp_path / "r.xlsx")
    result = ingest_file(con, tmp_path / "r.xlsx", "asn")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (4, 0, 0)
    assert con.execute("select golongan from raw.asn order by source_row").fetchall() == [
        ("IX",), ("VII",), ("III/c",), ("XVII",)]


def test_education_and_status_as_siasn_and_offices_write_them(tmp_path, con):
    """SIASN writes `S-1`, `D-III`, `SLTA/Sederajat`; offices `SMA/SMK`, `PPPK Paruh Waktu`
    (ASN since UU 20/2023: PPPK; `PPPK Penuh Waktu` too), `Tenaga Harian Lepas`, `PTT`,
    `Honor Daerah` (non-ASN: Kontrak) and `Paket C` (SLTA). Before, six of seven staff of a
    SIASN roster and every part-time PPPK, THL and PTT were quarantined."""
    written = ["S-1", "S-2", "S-3", "D-I", "D-III", "D-IV", "SLTA/Sederajat", "SMA/SMK",
               "SLTP/Sederajat", "Paket C"]
    rows = [staff(number, nip=f"1971081820000320{number:02d}", Pendidikan=value)
            for number, value in enumerate(written, 1)]
    rows += [staff(11, nip="199508012025212003", born="01/08/1995", Golongan="V",
                   **{"Status Kepegawaian": "PPPK Paruh Waktu"}),
             staff(12, nip="199508012025212004", born="01/08/1995", Golongan="IX",
                   **{"Status Kepegawaian": "PPPK Penuh Waktu"})]
    rows += [staff(number, nip="", Golongan="", **{"Status Kepegawaian": status})
             for number, status in enumerate(["Tenaga Harian Lepas", "PTT", "Pegawai Tidak Tetap",
                                              "Honor Daerah", "Tenaga Honorer"], 13)]
    result = ingest_file(con, write_csv(tmp_path / "r.csv", rows, header=ASN_HEADER), "asn")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (17, 0, 0)
    assert con.execute("select pendidikan, status_kepegawaian from raw.asn "
                       "order by source_row").fetchall() == [
        ("S1", "PNS"), ("S2", "PNS"), ("S3", "PNS"), ("D1", "PNS"), ("D3", "PNS"),
        ("D4", "PNS"), ("SLTA", "PNS"), ("SLTA", "PNS"), ("SMP", "PNS"), ("SLTA", "PNS"),
        ("S1", "PPPK"), ("S1", "PPPK"), *[("S1", "Kontrak")] * 5]


def test_a_siasn_roster_of_structural_and_functional_columns_reads_the_one_filled(tmp_path,
                                                                                 con):
    """SIASN's nominatif writes `Jabatan Struktural` and `Jabatan Fungsional` and no
    `Jabatan` / `Jenis Jabatan`: the roster was refused whole. Now the jabatan is the one
    filled and its kind the column's; a row filling both, a functional column's position
    naming no jenjang (a pelaksana's too) or neither is quarantined with the reason."""
    header = [name for name in ASN_HEADER if name not in ("Jabatan", "Jenis Jabatan")]
    header += ["Jabatan Struktural", "Jabatan Fungsional"]
    positions = [("Sekretaris", ""), ("", "Perencana Ahli Muda"),
                 ("", "Pranata Komputer Terampil"), ("", "Pengadministrasi Umum"),
                 ("Sekretaris", "Perencana Ahli Muda"), ("", ""),
                 ("", "Asisten Penata Kelola Ahli Pertama")]
    rows = []
    for number, (structural, functional) in enumerate(positions, 1):
        row = dict(zip(ASN_HEADER, staff(number, nip=f"19710818200003200{number}"),
                       strict=True))
        row |= {"Jabatan Struktural": structural, "Jabatan Fungsional": functional}
        rows.append([row[name] for name in header])
    result = ingest_file(con, write_csv(tmp_path / "r.csv", rows, header=header), "asn")
    assert (result.rows_loaded, result.rows_quarantined) == (4, 3)
    # A position the vocabulary does not know still names its jenjang as written.
    assert con.execute("select jabatan, jenis_jabatan from raw.asn order by source_row"
                       ).fetchall() == [("Sekretaris", "Struktural"),
                                        ("Perencana Ahli Muda", "Fungsional"),
                                        ("Pranata Komputer Terampil", "Fungsional"),
                                        ("Lainnya", "Fungsional")]
    assert [(row, column, reason) for row, column, _, reason in quarantine(con, "asn")] == [
        (5, "Jenis Jabatan", "Jabatan Fungsional names no jenjang (Ahli Muda, Terampil, …): "
                             "a functional or a pelaksana's position, which cannot be told; "
                             "add a Jenis Jabatan column"),
        (6, "Jabatan", "both Jabatan Struktural and Jabatan Fungsional are filled: which "
                       "position the employee holds cannot be told; leave the other empty"),
        (6, "Jenis Jabatan", "a value is required"),
        (7, "Jabatan", "a value is required"),
        (7, "Jenis Jabatan", "a value is required")]
    stored = {name for (name,) in con.execute(
        "select column_name from information_schema.columns where table_name = 'asn'"
    ).fetchall()}
    assert not {"jabatan_struktural", "jabatan_fungsional"} & stored


@pytest.mark.parametrize("headers", [
    # a DUK from SIASN: before, refused for lacking Unit Kerja beside its UNOR
    {"NIP": "NIP BARU", "Pendidikan": "TINGKAT PENDIDIKAN", "Golongan": "GOL AKHIR",
     "Unit Kerja": "UNOR", "Status Kepegawaian": "STATUS PEGAWAI"},
    # SIASN's own export (BKN): its columns' names as it writes them
    {"NIP": "NIP_BARU", "Pendidikan": "TINGKAT_PENDIDIKAN_NAMA", "Golongan": "GOL_AKHIR_NAMA",
     "Jabatan": "JABATAN_NAMA", "Jenis Jabatan": "JENIS_JABATAN_NAMA",
     "Unit Kerja": "UNOR_NAMA", "Status Kepegawaian": "JENIS_PEGAWAI"},
])
def test_a_roster_exported_from_siasn_reads_its_columns(tmp_path, con, headers):
    header = [headers.get(name, name) for name in ASN_HEADER]
    path = write_csv(tmp_path / "siasn_2023.csv",
                     [staff(1), staff(2, nip="198503122010012014", born="12/03/1985",
                                      Golongan="IV/a")],
                     header=header)
    result = ingest_file(con, path, "asn")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (2, 0, 0)
    assert con.execute("select pendidikan, golongan, jabatan, unit_kerja from raw.asn "
                       "order by source_row").fetchall() == [
        ("S1", "III/d", "Pengelola Data", "SEKRETARIAT"),
        ("S1", "IV/a", "Pengelola Data", "SEKRETARIAT")]


def test_nip_stored_as_an_excel_number_is_quarantined(tmp_path, con):
    book = Workbook()
    sheet = book.active
    sheet.append(["DAFTAR NOMINATIF PEGAWAI"])
    sheet.append(ASN_HEADER)
    row = staff(1)
    row[2] = 197108182000032007  # Excel keeps 15 significant digits of this
    sheet.append(row)
    book.save(tmp_path / "r.xlsx")
    result = ingest_file(con, tmp_path / "r.xlsx", "asn")
    assert result.rows_quarantined == 1
    assert quarantine(con, "asn") == [
        (3, "NIP", "", "stored as a number of 16 digits or more, which Excel keeps to 15 digits "
                       "only: which id it is cannot be told; format the column as text and "
                       "type the ids again")]


KLA_HEADER = ["Tahun", "Kabupaten/Kota", "Nilai Evaluasi Mandiri", "Nilai Verifikasi",
              "Peringkat", "Desa Layak Anak", "Target Desa Layak Anak"]


def test_kla_ratings_read_and_a_district_once_a_year(tmp_path, con):
    """Two rows of one district and year (Kota Kupang, also written 53.71) with different
    predikat: the first was kept without a word; now neither loads, each saying why. A
    predikat that cannot be read was flagged and emptied, then published as Belum; now its
    row is quarantined. `Nindya KLA` reads as Nindya, as `KLA Madya` reads as Madya."""
    rows = [["2023", "Kota Kupang", "686,00", "", "KLA Madya", "6", "6"],
            ["2023", "Ngada", "530,00", "", "Pratama", "10", "10"],
            ["2023", "53.71", "700,00", "", "Nindya", "6", "6"],
            ["2022", "Kota Kupang", "640,50", "", "Madya", "6", "6"],
            ["2023", "Sikka", "1.200", "", "Belum", "13", "14"],
            ["2023", "Belu", "", "", "Nindya KLA", "", ""],
            ["2023", "Malaka", "", "", "Pratama/Madya", "", ""],
            ["2023", "Lembata", "", "", "belum dinilai ulang", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "k.csv", rows, header=KLA_HEADER), "kla")
    # A score out of range is an optional cell: flagged and left empty, the district loads.
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (4, 4, 1)
    twice = ("the kabupaten/kota is on another row of the file for this year too: neither "
             "row is loaded; keep one of them")
    assert [(row, column, reason) for row, column, _, reason in quarantine(con, "kla")] == [
        (2, "Kabupaten/Kota", twice), (4, "Kabupaten/Kota", twice),
        (8, "Peringkat", "names 2 values (Pratama, Madya) where the column holds one per row: "
                         "read as none of them; write the one that applies"),
        (9, "Peringkat", "not one of the allowed values: Belum, KLA, Madya, Nindya, Pratama, "
                         "Utama")]
    assert [(row, column, value) for row, column, value, _ in quarantine(con, "kla", True)] == [
        (6, "Nilai Evaluasi Mandiri", "1.200")]
    assert con.execute(
        "select source_row, peringkat, nilai_evaluasi_mandiri from raw.kla order by 1"
    ).fetchall() == [(3, "Pratama", 530.0), (5, "Madya", 640.5), (6, "Belum", None),
                     (7, "Nindya", None)]


def test_a_predikat_with_words_after_it_is_not_read_as_the_predikat(tmp_path, con):
    """`Madya (usulan)` (proposed, not awarded) and `Nindya (2024)` (last year's) loaded as
    Madya and Nindya without a word: a predikat with a remark is quarantined naming it."""
    rows = [["2025", "Alor", "", "", "Madya (usulan)", "", ""],
            ["2025", "Belu", "", "", "Nindya (2024)", "", ""],
            ["2025", "Ende", "", "", "Pratama", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "k.csv", rows, header=KLA_HEADER), "kla")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
    assert [(row, column, reason) for row, column, _, reason in quarantine(con, "kla")] == [
        (2, "Peringkat", "Madya with the words 'usulan' after it: they may change what the "
                         "cell says (a proposal, another year's), so it is not read as Madya; "
                         "write the value alone, or leave the row out"),
        (3, "Peringkat", "Nindya with the words '2024' after it: they may change what the "
                         "cell says (a proposal, another year's), so it is not read as Nindya; "
                         "write the value alone, or leave the row out")]
    assert con.execute("select peringkat from raw.kla").fetchall() == [("Pratama",)]


IND_HEADER = ["Tahun", "Program", "Kode Indikator", "Indikator", "Satuan", "Target",
              "Realisasi Dilaporkan", "Pembilang", "Penyebut"]


def test_indicator_needs_numerator_and_denominator_together(tmp_path, con):
    rows = [["2023", "P", "IKD-PKA-01", "ABH", "%", "60", "81,25", "102", "125"],
            ["2023", "P", "IKD-SDGA-01", "Data", "%", "50", "40", "", ""],
            ["2023", "P", "IKD-PP-01", "Kasus", "%", "100", "97,23", "596", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert quarantine(con, "indikator")[0][1:] == (
        "Penyebut", "", "pembilang and penyebut go together: give both or neither")


@pytest.mark.parametrize("capaian", ["Capaian (%)", "Persentase Capaian", "% Capaian",
                                     "Tingkat Capaian", "Capaian"])
def test_a_capaian_column_is_the_tables_achievement_never_the_realisation(tmp_path, con,
                                                                          capaian):
    """`Kode Indikator | … | Target | Capaian (%)`, `CO-01 … Orang; 400; 113%`: the 113 %
    achievement was read as the realisation (113 people; capaian 28,25 %), and `120%` of a
    10 % target as a realisation of 120 % (1200 %). A percentage of the target is the
    table's own capaian: stored as such, the realisation left empty."""
    rows = [["CO-01", "Jumlah korban yang mendapat layanan", "Orang", 2024, 400, "113%"],
            ["CO-02", "Prevalensi kekerasan terhadap anak", "%", 2024, 10, "120%"]]
    path = write_table(tmp_path / "capaian_2024_tabel9.xlsx",
                       ["Kode Indikator", "Indikator", "Satuan", "Tahun", "Target", capaian],
                       rows)
    result = ingest_file(con, path, "indikator")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 2, 0)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan, "
                       "capaian_dilaporkan from raw.indikator order by source_row"
                       ).fetchall() == [("CO-01", 400.0, None, 113.0),
                                        ("CO-02", 10.0, None, 120.0)]


def test_a_count_written_in_thousands_beside_an_index_is_not_read_as_a_fraction(tmp_path,
                                                                                con):
    """An index (`0.750`, `0.812`) proves the column's point a decimal mark, and the count
    of people below it (`1.500`, `2.000`) loaded as 1,5 and 2 people without a word. A
    count is whole: such a row is quarantined naming the cell; `1.500` beside a comma
    decimal reads 1.500 as always."""
    rows = [["2024", "P", "IK-01", "Indeks perlindungan anak", "Indeks", "0.750", "0.812", "",
             ""],
            ["2024", "P", "IK-02", "Jumlah anak didampingi", "Orang", "1.500", "2.000", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2024_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan from "
                       "raw.indikator").fetchall() == [("IK-01", 0.75, 0.812)]
    held = sorted(quarantine(con, "indikator"), key=lambda issue: issue[1], reverse=True)
    assert [(row, column, value) for row, column, value, _ in held] == [
        (3, "Target", "1.500"), (3, "Realisasi Dilaporkan", "2.000")]
    assert "Orang counts whole things, where '1.500' is 1,500" in held[0][3]
    rows = [["2024", "P", "IK-03", "Jumlah anak didampingi", "Orang", "1.500", "12,5", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2024_tabel12.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert con.execute("select target from raw.indikator where kode_indikator = 'IK-03'"
                       ).fetchall() == [(1500.0,)]
    # The mirror: an index written with the decimal comma (`0,750`) beside a count `2,000`.
    rows = [["2025", "P", "IK-04", "Indeks perlindungan anak", "Indeks", "0,750", "0,812", "",
             ""],
            ["2025", "P", "IK-05", "Jumlah anak didampingi", "Orang", "1.500", "2,000", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2025_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert [issue[:3] for issue in quarantine(con, "indikator") if issue[0] == 3
            and issue[2] == "2,000"] == [(3, "Realisasi Dilaporkan", "2,000")]


def test_a_percent_beside_a_possible_fraction_quarantines_the_row_naming_both(tmp_path, con):
    """Unit %, `85%` beside `0,85`: target 85 and realisation 0,85 gave a 1 % capaian, and
    `0,80` beside `75%` 9375 %. Which the bare figure is (a fraction, or a percent) the row
    cannot tell: the row is quarantined naming both cells. A bare figure above 1 is a
    percent however the other is written; both bare, or both signed, are read as written."""
    rows = [["2024", "P", "PF-01", "Persentase kasus ditangani", "%", "85%", "0,85", "", ""],
            ["2024", "P", "PF-03", "Persentase lembaga terstandar", "%", "0,80", "75%", "", ""],
            ["2024", "P", "PF-04", "Persentase desa", "%", "85%", "80", "", ""],
            ["2024", "P", "PF-05", "Rasio cakupan", "%", "0,85", "0,80", "", ""],
            ["2024", "P", "PF-06", "Jumlah lembaga", "Lembaga", "85%", "0,5", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2024_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 2)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan from "
                       "raw.indikator order by source_row").fetchall() == [
        ("PF-04", 85.0, 80.0), ("PF-05", 0.85, 0.8), ("PF-06", 85.0, 0.5)]
    assert quarantine(con, "indikator") == [
        (2, "Realisasi Dilaporkan", "0,85",
         "written without a percent sign beside Target '85%' written with one, in a row of "
         "unit %: it may be a fraction (85%) or a percent itself, and the capaian differs a "
         "hundredfold; write both figures the same way"),
        (3, "Target", "0,80",
         "written without a percent sign beside Realisasi Dilaporkan '75%' written with one, "
         "in a row of unit %: it may be a fraction (80%) or a percent itself, and the capaian "
         "differs a hundredfold; write both figures the same way")]


def test_a_percentage_is_stored_with_the_unit_percent_however_the_table_writes_it(tmp_path,
                                                                                  con):
    """`Persen`, `Prosen`, `(%)`: the reader took them for percentages (a fraction beside a
    percent sign is refused in them), the marts only `%`, so their capaian was never checked
    against pembilang ÷ penyebut. The unit is stored as `%`; other units as written."""
    rows = [["2024", "P", "PS-01", "Persentase kasus ditangani", "Persen", "85", "80", "", ""],
            ["2024", "P", "PS-02", "Persentase lembaga", " PROSEN ", "70", "75", "", ""],
            ["2024", "P", "PS-03", "Persentase desa", "(%)", "85%", "0,85", "", ""],
            ["2024", "P", "PS-04", "Jumlah lembaga", "Lembaga", "5", "4", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2024_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 1)
    assert con.execute("select kode_indikator, satuan from raw.indikator order by source_row"
                       ).fetchall() == [("PS-01", "%"), ("PS-02", "%"), ("PS-04", "Lembaga")]
    assert [issue[:3] for issue in quarantine(con, "indikator")] == [
        (4, "Realisasi Dilaporkan", "0,85")]


def test_an_indicators_polarity_comes_from_its_column_or_its_own_words(tmp_path, con):
    """`Prevalensi perkawinan anak (semakin rendah semakin baik)`, target 8, realisation 10,
    had its capaian counted 125 %: its polarity is read (a Polaritas / Sifat Indikator column,
    else the words), so the mart counts it the other way; a column saying the opposite of
    the words quarantines the row; no polarity stated stays empty."""
    header = [*IND_HEADER, "Sifat Indikator"]
    rows = [["2024", "P", "NG-01", "Prevalensi perkawinan anak (semakin rendah semakin baik)",
             "%", "8", "10", "", "", ""],
            ["2024", "P", "NG-02", "Angka kekerasan per 10.000 penduduk", "per 10.000", "2,5",
             "2,0", "", "", "Minimize"],
            ["2024", "P", "NG-03", "Prevalensi stunting (-)", "%", "14", "15", "", "", ""],
            ["2024", "P", "NG-04", "Rasio (semakin rendah semakin baik)", "Rasio", "1", "1",
             "", "", "Positif"],
            ["2024", "P", "NG-05", "Jumlah lembaga", "Lembaga", "10", "12", "", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2024_tabel9.csv", rows,
                                        header=header), "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (4, 1)
    assert con.execute("select kode_indikator, polaritas, polaritas_sumber from raw.indikator "
                       "order by source_row").fetchall() == [
        ("NG-01", "Negatif", "indikator"), ("NG-02", "Negatif", "file"),
        ("NG-03", "Negatif", "indikator"), ("NG-05", None, None)]
    assert quarantine(con, "indikator") == [
        (5, "Sifat Indikator", "Positif",
         "the indicator's words (Indikator: 'semakin rendah semakin baik') say Negatif: which "
         "way its capaian counts cannot be told; correct one of them")]
    assert ("Sifat Indikator: 2 indicators read as negative (lower is better) from their own "
            "words ('semakin rendah semakin baik', '(-)'): capaian = (2 × target − realisasi) "
            "÷ target; first: row 2") in result.message



def test_a_long_indicator_name_loads_and_a_name_inside_it_is_still_refused(tmp_path, con):
    """An indicator named in 260 characters, as a Renstra writes some, was refused as
    "personal data" for its length alone (the quarantine's 200-character display limit);
    it loads now, while a person's name or a NIK deep inside such a text is still found."""
    long_name = ("Persentase perempuan dan anak korban kekerasan fisik, psikis, seksual, "
                 "penelantaran, eksploitasi dan tindak pidana perdagangan orang yang "
                 "mendapatkan layanan pengaduan, kesehatan, bantuan hukum, rehabilitasi "
                 "sosial, pemulangan dan reintegrasi sosial sesuai standar pelayanan minimal")
    named = long_name + " oleh pendamping Yakobus Neno Liubana"
    numbered = long_name + " (pelapor 5371024507830001)"
    rows = [["2023", "Program Perlindungan Khusus Anak", f"IKD-L-0{n}", text, "%", "80",
             "75", "", ""] for n, text in enumerate((long_name, named, numbered), 1)]
    assert len(long_name) > 250
    result = ingest_file(con, write_csv(tmp_path / "indikator_2023.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
    assert con.execute("select indikator from raw.indikator").fetchall() == [(long_name,)]
    stored = " ".join(str(value) for row in con.execute(
        "select * from raw.indikator_quarantine").fetchall() for value in row)
    assert "Liubana" not in stored and "5371024507830001" not in stored

def _indicators(pairs: list[tuple[str, str, str]]) -> list[list[str]]:
    """Indicator rows of one program: (Realisasi Dilaporkan, Pembilang, Penyebut) each."""
    return [["2023", "Program Perlindungan Khusus Anak", f"IKD-X-{number:02d}",
             f"Indikator {number}", "%", "80", realised, numerator, denominator]
            for number, (realised, numerator, denominator) in enumerate(pairs, 1)]


def test_counts_are_whole_whatever_mark_the_realisation_uses(tmp_path, con):
    # The realisation writes its decimals with a point (81.25); the numerator and denominator
    # group thousands with a point: a count is never 1,04 victims.
    rows = _indicators([("81.25", "1.040", "1.280"), ("95.15", "2.093", "2.200"),
                        ("70.5", "18", "25")])
    result = ingest_file(con, write_csv(tmp_path / "indikator_2023_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 0)
    assert con.execute(
        "select realisasi_dilaporkan, pembilang, penyebut from raw.indikator order by source_row"
    ).fetchall() == [(81.25, 1040.0, 1280.0), (95.15, 2093.0, 2200.0), (70.5, 18.0, 25.0)]
    assert quarantine(con, "indikator", True) == []
    assert "Pembilang: whole numbers (a count or an amount), so row 2 '1.040' is read with " \
           "',' as the decimal mark and '.' between thousands" in result.message


def test_a_count_column_that_proves_nothing_follows_the_other_count_column(tmp_path, con):
    # Penyebut's 2.000 and 20.000 are whole either way; Pembilang's 1.850 proves the point
    # groups thousands in this file's counts, whatever the realisation's 92.5 says.
    rows = _indicators([("92.5", "1.850", "2.000"), ("77.78", "7", "9"),
                        ("12.345", "2.469", "20.000")])
    result = ingest_file(con, write_csv(tmp_path / "indikator_2024_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 0)
    assert con.execute("select pembilang, penyebut from raw.indikator order by source_row"
                       ).fetchall() == [(1850.0, 2000.0), (7.0, 9.0), (2469.0, 20000.0)]
    assert "Penyebut (like Pembilang)" in result.message


def test_a_count_column_written_both_ways_is_refused_not_divided(tmp_path, con):
    # 1.040 is 1040 with Indonesian marks, 2,093 is 2093 with English ones: the column writes
    # its thousands both ways, so neither value is guessed; 12.5 is no count.
    rows = _indicators([("81,25", "1.040", "1280"), ("95,15", "2,093", "2200"),
                        ("50", "12.5", "25")])
    result = ingest_file(con, write_csv(tmp_path / "indikator_2023_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    # Pembilang and penyebut go together: a refused numerator takes its row to quarantine.
    assert (result.rows_loaded, result.rows_quarantined) == (0, 3)
    refused = {row: (column, value, reason)
               for row, column, value, reason in quarantine(con, "indikator")}
    assert {row: refused[row][:2] for row in refused} == {
        2: ("Pembilang", "1.040"), 3: ("Pembilang", "2,093"), 4: ("Pembilang", "12.5")}
    for row in (2, 3):
        assert refused[row][2].startswith("Pembilang is written both ways: ',' as the decimal "
                                          "mark and '.' between thousands (row 2 '1.040')")
    assert refused[4][2] == "not a whole number"
    assert con.execute("select count(*) from raw.indikator").fetchall() == [(0,)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_indicator_named_jumlah_is_a_record_not_a_total(tmp_path, con, suffix):
    """Renstra indicators begin `Jumlah …` or `Total …`: each such row was dropped as a total
    row ('total row(s) dropped and reconciled'), the indicator lost without a word. A row
    naming its kode is a record; the table's own `J U M L A H` row (no kode) is the total."""
    header = ["Indikator", "Kode Indikator", "Satuan", "Tahun", "Target", "Realisasi"]
    rows = [["Jumlah kabupaten/kota yang melaksanakan PUG", "KHP-02", "Kab/Kota", "2023", "22",
             "22"],
            ["Total anak korban yang mendapat layanan", "PA-01", "Orang", "2023", "100", "120"],
            ["Persentase lembaga layanan terstandar", "KHP-01", "%", "2023", "60", "58"],
            ["J U M L A H", "", "", "", "182", "200"]]
    path = write_table(tmp_path / f"tabel12{suffix}", header, rows)
    result = ingest_file(con, path, "indikator")
    assert (result.rows_read, result.rows_loaded, result.rows_dropped) == (4, 3, 1)
    assert con.execute("select kode_indikator, target from raw.indikator order by source_row"
                       ).fetchall() == [("KHP-02", 22), ("PA-01", 100), ("KHP-01", 60)]


def _indikator_xlsx(path, header, rows):
    book = Workbook()
    for row in [header, *rows]:
        book.active.append(row)
    book.save(path)
    return path


def test_figures_headed_with_their_year_are_that_years(tmp_path, con):
    """Renstra tables head the figures `Target 2023 | Realisasi 2023` and add `Capaian (%)`:
    the figures were ignored as unknown columns (the indicator loaded without them, or the
    file was refused for want of a Tahun), and `Capaian (%)` beside `Realisasi` refused the
    file as naming it twice. Now the figures are read, the Tahun taken from their headers,
    and the percentage read as the table's own capaian, never as the realisation."""
    path = _indikator_xlsx(tmp_path / "tabel12.xlsx",
                           ["No", "Kode Indikator", "Indikator", "Satuan", "Target 2023",
                            "Realisasi 2023", "Capaian (%)"],
                           [[1, "KHP-01", "Persentase lembaga terstandar", "%", 60, 58.5, 97.5]])
    result = ingest_file(con, path, "indikator")
    assert result.rows_loaded == 1
    assert "ignored column" not in result.message
    assert "Tahun 2023 read from the headers of its figures (Target 2023, Realisasi 2023)" \
        in result.message
    assert con.execute("select tahun, target, realisasi_dilaporkan, capaian_dilaporkan "
                       "from raw.indikator").fetchall() == [(2023, 60.0, 58.5, 97.5)]


def test_a_figure_of_another_year_than_its_row_is_not_read(tmp_path, con):
    path = _indikator_xlsx(tmp_path / "tabel12.xlsx",
                           ["Kode Indikator", "Indikator", "Tahun", "Target 2023", "Realisasi"],
                           [["KHP-01", "Persentase lembaga terstandar", 2023, 60, 58.5],
                            ["KHP-01", "Persentase lembaga terstandar", 2024, 70, 71]])
    result = ingest_file(con, path, "indikator")
    assert (result.rows_loaded, result.cells_flagged) == (2, 1)
    assert quarantine(con, "indikator", row_kept=True) == [
        (3, "Target 2023", "70", "the header Target 2023 gives the figure of 2023, but the "
         "row's Tahun is 2024: not read")]
    assert con.execute("select tahun, target, realisasi_dilaporkan from raw.indikator order "
                       "by tahun").fetchall() == [(2023, 60.0, 58.5), (2024, None, 71.0)]


INDICATOR = "Persentase perempuan korban kekerasan yang mendapat layanan"


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_each_figure_is_judged_by_the_year_its_own_header_states(tmp_path, con, suffix):
    """`Target 2024 | Realisasi 2023` in rows of Tahun 2024: with two years in the headers
    none was taken as the headers' year, and last year's realisation 85.5 loaded as 2024's
    without a word (one year in the headers was flagged). Each figure is now judged by its
    own header."""
    path = write_table(tmp_path / f"tabel9{suffix}",
                       ["Tahun", "Kode", "Indikator", "Satuan", "Target 2024", "Realisasi 2023"],
                       [["2024", "IKD-PP-01", INDICATOR, "%", "90", "85,5"]])
    result = ingest_file(con, path, "indikator")
    assert (result.rows_loaded, result.cells_flagged) == (1, 1)
    assert quarantine(con, "indikator", row_kept=True) == [
        (2, "Realisasi 2023", "85,5", "the header Realisasi 2023 gives the figure of 2023, but "
         "the row's Tahun is 2024: not read")]
    assert con.execute("select tahun, target, realisasi_dilaporkan from raw.indikator"
                       ).fetchall() == [(2024, 90.0, None)]


def test_headers_of_two_years_without_a_tahun_column_are_refused(tmp_path, con):
    """Without a Tahun column, `Target 2024 | Realisasi 2023` cannot say which year a row
    is: the message said only 'required column missing: tahun'."""
    path = write_table(tmp_path / "tabel9.csv",
                       ["Kode", "Indikator", "Satuan", "Target 2024", "Realisasi 2023"],
                       [["IKD-PP-01", INDICATOR, "%", "90", "85,5"]])
    result = ingest_file(con, path, "indikator")
    assert result.status == "rejected"
    assert ("the headers of the figures state different years (Target 2024, Realisasi 2023) "
            "and there is no Tahun column: which year each row is cannot be told. Add a Tahun "
            "column (a figure of another year is then left unread, saying so), or send one "
            "file per year") in result.message


def test_a_workbook_of_a_sheet_per_year_gives_each_sheet_its_own_year(tmp_path, con):
    """Sheets `2023` (`Target 2023 | Realisasi 2023`) and `2024` (`Target 2024 |
    Realisasi 2024`), no Tahun column: every row loaded as 2023, the first sheet's year, and
    the ledger said 'Tahun 2023 read from the headers'. A third sheet with its own Tahun
    column keeps it."""
    book = Workbook()
    book.remove(book.active)
    for year, target, done in ((2023, 88, 85.5), (2024, 90, 91)):
        sheet = book.create_sheet(str(year))
        sheet.append(["Kode", "Indikator", "Satuan", f"Target {year}", f"Realisasi {year}"])
        sheet.append(["IKD-PP-01", INDICATOR, "%", target, done])
    sheet = book.create_sheet("Lama")
    sheet.append(["Tahun", "Kode", "Indikator", "Satuan", "Target", "Realisasi"])
    sheet.append([2022, "IKD-PP-01", INDICATOR, "%", 85, 80])
    book.save(tmp_path / "capaian.xlsx")
    result = ingest_file(con, tmp_path / "capaian.xlsx", "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 0)
    assert con.execute("select tahun, target, realisasi_dilaporkan from raw.indikator order "
                       "by tahun").fetchall() == [(2022, 85.0, 80.0), (2023, 88.0, 85.5),
                                                  (2024, 90.0, 91.0)]
    assert ("Tahun read from the headers of the figures: sheet '2023' 2023 (Target 2023, "
            "Realisasi 2023); sheet '2024' 2024 (Target 2024, Realisasi 2024)") in result.message


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_indicator_named_jumlah_or_rata_rata_without_its_kode_is_quarantined(
        tmp_path, con, suffix):
    """`Rata-rata lama sekolah perempuan` and `Jumlah kabupaten/kota yang melaksanakan PUG`
    without their Kode: in a workbook both were dropped as totals and the ledger said '2
    total rows dropped and reconciled' (nothing reconciles an indicator table, and an
    average never adds up); in a CSV both were quarantined. Both formats now quarantine
    them (their unit says they are indicators); the table's own RATA-RATA and JUMLAH rows
    are dropped, the ledger saying they were not reconciled."""
    path = write_table(tmp_path / f"tabel12{suffix}",
                       ["Tahun", "Kode", "Indikator", "Satuan", "Target", "Realisasi"],
                       [["2023", "IKD-PP-01", INDICATOR, "%", "90", "85,5"],
                        ["2023", "", "Rata-rata lama sekolah perempuan", "tahun", "8,5", "8,1"],
                        ["2023", "", "Jumlah kabupaten/kota yang melaksanakan PUG", "kab/kota",
                         "22", "20"],
                        ["", "", "RATA-RATA", "%", "90", "85,5"],
                        ["", "", "JUMLAH", "", "112", "105"]])
    result = ingest_file(con, path, "indikator")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (5, 1, 2, 2)
    assert quarantine(con, "indikator") == [(3, "Kode", "", "a value is required"),
                                            (4, "Kode", "", "a value is required")]
    assert ("1 row(s) of averages (RATA-RATA) dropped, not reconciled: an average adds "
            "nothing up") in result.message
    assert ("1 total row(s) dropped, not reconciled: the totals of this source are not "
            "checked") in result.message
    assert "and reconciled" not in result.message


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_renstra_table_of_a_column_per_year_is_refused_saying_what_to_send(
        tmp_path, con, suffix):
    """`Target 2022 | Target 2023 | Realisasi 2022 | Realisasi 2023` was refused as a header
    naming 'the same column twice', which told the officer nothing of what to change."""
    path = write_table(tmp_path / f"renstra{suffix}",
                       ["Kode Indikator", "Indikator", "Satuan", "Target 2022", "Target 2023",
                        "Realisasi 2022", "Realisasi 2023"],
                       [["KHP-01", "Persentase lembaga terstandar", "%", "55", "60", "54",
                         "58,5"]])
    result = ingest_file(con, path, "indikator")
    assert result.status == "rejected"
    assert ("the header gives Target for several years (Target 2022, Target 2023, Realisasi "
            "2022, Realisasi 2023): a table with a column per year is not read. Write one row "
            "per year with a Tahun column (Tahun | Target | Realisasi), or send one file per "
            "year with the year in its headers ('Target 2023')") in result.message
    assert "twice" not in result.message
    assert con.execute("select count(*) from raw.indikator").fetchone() == (0,)


@pytest.mark.parametrize(("source", "header", "row", "suffix", "example", "figures"), [
    ("kla", ["No", "Kabupaten/Kota", 2019, 2020, 2021], [1, "Kota Kupang", "Pratama",
                                                         "Madya", "Nindya"], ".xlsx",
     "Tahun | Kabupaten/Kota | …", "Nilai Evaluasi Mandiri, Nilai Verifikasi, Peringkat, "
     "Desa Layak Anak, Target Desa Layak Anak"),
    ("indikator", ["Kode Indikator", "Indikator", "Satuan", "2019", "2020", "2021"],
     ["BPS-01", "IPG", "Indeks", "92.72", "92.73", "92.75"], ".csv",
     "Tahun | Kode Indikator | Indikator | Satuan | …", "Target, Realisasi Dilaporkan, "
     "Capaian (%), Polaritas, Pembilang, Penyebut"),
])
def test_a_table_of_bare_years_as_columns_is_refused_saying_the_layout_to_send(
        tmp_path, con, source, header, row, suffix, example, figures):
    """`Kabupaten/Kota | 2019 | 2020 | 2021` of KLA predikats was refused as 'header row not
    found', an indicator table of years as columns as 'required column missing: Tahun':
    neither said that years as columns are not read, nor what to send. Which figure the
    years' cells hold (a predikat or a score, a target or a realisation) the file does not
    say, so they are not read: the message says so and the layout to send."""
    path = tmp_path / f"{source}_2019_2021{suffix}"
    if suffix == ".xlsx":
        _indikator_xlsx(path, ["PREDIKAT KLA KABUPATEN/KOTA NTT"], [header, row])
        row_number = 2
    else:
        write_table(path, header, [row])
        row_number = 1
    result = ingest_file(con, path, source)
    assert result.status == "rejected"
    assert (f"header on row {row_number}: the years are columns (2019, 2020, 2021): a table "
            "with a column per year is not read, as the file does not say which figure its "
            f"cells hold. Write one row per year: {example}, each figure under its own header "
            f"({figures})") in result.message
    assert con.execute(f"select count(*) from raw.{source}").fetchone() == (0,)


@pytest.mark.parametrize("figure", ["Target", "Realisasi"])
def test_a_plain_figure_beside_its_years_is_refused_not_a_traceback(tmp_path, con, figure):
    """`Target | Target 2024 | Target 2025` (the plain one the current year's) ended the
    check with a Python TypeError: the figure's name was taken from the plain header, which
    states no year."""
    path = write_table(tmp_path / "renstra.csv",
                       ["Kode Indikator", "Indikator", "Satuan", figure, f"{figure} 2024",
                        f"{figure} 2025"],
                       [["IKD.1", "Persentase kasus tertangani", "Persen", "100", "100", "100"]])
    result = ingest_file(con, path, "indikator")
    assert result.status == "rejected"
    assert (f"the header gives {figure} for several years ({figure}, {figure} 2024, "
            f"{figure} 2025): a table with a column per year is not read. Write one row per "
            f"year with a Tahun column (Tahun | {figure})") in result.message


def test_the_quarantine_workbook_never_shows_a_birth_date(tmp_path, capsys, monkeypatch):
    """`satudata quarantine` of a roster copied each quarantined row's Tanggal Lahir (a
    column the source declares private) into the workbook in clear; the NIP and name were
    already left out."""
    from openpyxl import load_workbook

    from satudata.cli import EXIT_OK, main

    rows = [staff(1), staff(2, nip="198001012005012004", born="01/01/1980", Golongan="")]
    path = write_csv(tmp_path / "landing" / "asn" / "roster.csv", rows, header=ASN_HEADER)
    warehouse = tmp_path / "w" / "satudata.duckdb"
    monkeypatch.setenv("SATUDATA_WAREHOUSE", str(warehouse))  # restored after: main sets it
    assert main(["quarantine", str(path), "--warehouse", str(warehouse), "--out",
                 str(tmp_path / "out")]) == EXIT_OK
    capsys.readouterr()
    sheet = load_workbook(tmp_path / "out" / "asn" / "roster_karantina.xlsx").worksheets[0]
    header, row = [list(cells) for cells in sheet.iter_rows(values_only=True)]
    shown = dict(zip(header, row, strict=True))
    assert shown["Tanggal Lahir"] == "***" and shown["NIP"] == "***"
    assert "Nama" not in shown and "01/01/1980" not in map(str, row)


def test_the_quarantine_workbook_counts_the_ledgers_rows_and_shows_a_refused_jabatan(
        tmp_path, capsys, monkeypatch):
    """The sample roster with a Jabatan naming two positions (its row quarantined), a Golongan
    IV/z and a Jabatan not in the vocabulary (both rows loaded, a cell flagged). The workbook
    said 3 quarantined rows where the ledger counts 1, listing the loaded rows among them, and
    showed the refused Jabatan as `***` (a job title is not private), so the officer could
    not see what to correct. Now its count is the ledger's, the loaded rows are listed apart
    as loaded, and the Jabatan shows; the NIP, birth date, name, and a name typed in a
    Jabatan (in lower case) never."""
    import duckdb
    from openpyxl import load_workbook

    from satudata.cli import EXIT_OK, main
    from tests.helpers import write_sample_roster

    path = tmp_path / "landing" / "asn" / "roster.xlsx"
    names, nips = write_sample_roster(path, {
        (5, "Jabatan"): "Pengasuh dan Pengemudi",  # two positions: refused
        (6, "Golongan"): "IV/z",  # optional: emptied, row loaded
        (7, "Jabatan"): "Analis Perlindungan Hak Perempuan",  # stored as Lainnya
        (8, "Jabatan"): "staf pak yohanes",  # stored as Lainnya; a name in it
    }, range(5, 10))
    warehouse = tmp_path / "w" / "satudata.duckdb"
    monkeypatch.setenv("SATUDATA_WAREHOUSE", str(warehouse))  # restored after: main sets it
    assert main(["ingest", str(path), "--warehouse", str(warehouse)]) == EXIT_OK
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select rows_loaded, rows_quarantined, cells_flagged "
                           "from raw.ingest_ledger").fetchall() == [(69, 1, 3)]
    capsys.readouterr()
    assert main(["quarantine", str(path), "--warehouse", str(warehouse), "--out",
                 str(tmp_path / "out")]) == EXIT_OK
    out = capsys.readouterr().out
    target = tmp_path / "out" / "asn" / "roster_karantina.xlsx"
    assert f"roster.xlsx (asn): 1 quarantined row(s) → {target}" in out
    assert ("3 row(s) were loaded with flagged cells (not quarantined): listed on the sheet "
            "'Loaded, cells flagged'") in out
    written = load_workbook(target)
    assert written.sheetnames == ["Quarantined rows", "Loaded, cells flagged", "How to correct"]
    rows = list(written["Quarantined rows"].iter_rows(values_only=True))
    shown = dict(zip(rows[0], rows[1], strict=True))
    assert len(rows) == 2 and shown["Row in file"] == 5
    assert shown["Jabatan"] == "Pengasuh dan Pengemudi"
    assert (shown["Unit Kerja"], shown["Golongan"], shown["Pendidikan"]) == (
        "Sekretariat", "IV/c", "S2")
    assert shown["NIP"] == "***" and shown["Tanggal Lahir"] == "***" and "Nama" not in shown
    assert shown["Why quarantined"].startswith("Jabatan: names 2 values (Pengasuh, Pengemudi)")
    flagged = list(written["Loaded, cells flagged"].iter_rows(values_only=True))
    assert [row[:3] for row in flagged] == [
        ("Row in file", "Column", "Value in the file"), (6, "Golongan", "IV/z"),
        (7, "Jabatan", "Analis Perlindungan Hak Perempuan"), (8, "Jabatan", "***")]
    assert flagged[0][3] == "Why flagged (the row was loaded)"
    advice = [row[0] for row in written["How to correct"].iter_rows(values_only=True)]
    assert advice[0] == "Quarantined rows of roster.xlsx (source asn): 1."
    assert advice[2].startswith("Rows loaded with flagged cells: 3 (3 cells), listed on the "
                                "sheet 'Loaded, cells flagged'. They are in the warehouse")
    cells = " ".join(str(value) for sheet in written for row in sheet.iter_rows(values_only=True)
                     for value in row)
    for private in [*names, *nips, "yohanes"]:
        assert str(private) not in cells


def test_percents_are_read_as_the_percent_shown_in_text_and_in_percentage_cells(tmp_path, con):
    """Cells formatted as a percentage hold the fraction (0.855 shown as 85.50%): they
    loaded as 0.855 beside the 92.3 typed in the next row. Text written `85,5%` was refused
    as not a number. A count written as a percent is still refused."""
    book = Workbook()
    sheet = book.active
    sheet.append(IND_HEADER)
    sheet.append([2023, "P", "IKD-X-01", "Cakupan A", "%", 1, 0.855, 368, 750])
    sheet.append([2023, "P", "IKD-X-02", "Cakupan B", "%", "75 %", "49,07%", 13, 10])
    sheet.append([2023, "P", "IKD-X-03", "Cakupan C", "%", 90, "92,3", "18%", 20])
    for cell in ("F2", "G2"):
        sheet[cell].number_format = "0.00%"
    book.save(tmp_path / "indikator_2023_tabel9.xlsx")
    result = ingest_file(con, tmp_path / "indikator_2023_tabel9.xlsx", "indikator")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan from raw.indikator "
                       "order by source_row").fetchall() == [
        ("IKD-X-01", 100.0, 85.5), ("IKD-X-02", 75.0, 49.07)]
    assert quarantine(con, "indikator") == [
        (4, "Pembilang", "18%", "a percentage, where an amount or a count is expected")]
    assert ("Realisasi Dilaporkan: 1 cell formatted as a percentage read as the percent it "
            "shows (0.855 shown as 85.5% is 85.5; first: row 2)") in result.message


def test_a_unit_of_thousands_on_a_figure_that_is_no_amount_refuses_the_file(tmp_path, con):
    """`Target (ribu jiwa)`: the unit was dropped with the brackets and 1,5 loaded as 1.5."""
    header = [name.replace("Target", "Target (ribu jiwa)") for name in IND_HEADER]
    rows = [["2023", "P", "IKD-X-01", "Penduduk", "jiwa", "1,5", "1,2", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2023_tabel9.csv", rows,
                                        header=header), "indikator")
    assert result.status == "rejected"
    assert ("the header 'Target (ribu jiwa)' says its figures are in thousands: this column is "
            "read as written; write the figures in full") in result.message


def test_an_indicators_figures_headed_in_percent_are_its_figures(tmp_path, con):
    """`Target (%)` and `Realisasi (%)` name an indicator's own figures (an amount headed
    `Realisasi (%)` is a share, never the amount: see the budget's tests)."""
    header = [{"Target": "Target (%)", "Realisasi Dilaporkan": "Realisasi (%)"}.get(name, name)
              for name in IND_HEADER]
    rows = [["2023", "P", "IKD-X-01", "Cakupan", "%", "85", "80,5", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2023_tabel9.csv", rows,
                                        header=header), "indikator")
    assert result.status == "loaded"
    assert con.execute("select target, realisasi_dilaporkan from raw.indikator").fetchall() == [
        (85.0, 80.5)]


@pytest.mark.parametrize(("target", "realised"), [
    ("Target¹", "Realisasi *)"), ("Target 2)", "Realisasi (%)**"), ("Target^1", "Realisasi†")])
def test_an_indicators_figures_headed_with_a_footnote_mark_are_read(tmp_path, con, target,
                                                                    realised):
    """A BPS-style table marks its headers (`Target¹`, `Realisasi *)`): both columns were
    ignored ("ignored column(s): Target¹, Realisasi *)") and the file loaded with every
    figure empty, exit 0. The mark is no part of the header's name."""
    header = [{"Target": target, "Realisasi Dilaporkan": realised}.get(name, name)
              for name in IND_HEADER]
    rows = [["2023", "P", "IKD-X-01", "Cakupan", "%", "12,5", "11,75", "", ""],
            ["2023", "P", "IKD-X-02", "Indeks", "Indeks", "1.500", "1.320", "", ""]]
    result = ingest_file(con, write_table(tmp_path / "indikator_2023_tabel9.xlsx", header,
                                          rows), "indikator")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert "ignored column" not in result.message
    assert f"{target}: numbers read with ',' as the decimal mark" in result.message
    assert con.execute("select target, realisasi_dilaporkan from raw.indikator "
                       "order by source_row").fetchall() == [(12.5, 11.75), (1500.0, 1320.0)]


def test_a_kla_table_headed_with_footnote_marks_reads_its_scores(tmp_path, con):
    header = ["Tahun", "Kabupaten/Kota", "Nilai EM^1", "Nilai Verifikasi ²", "Peringkat a)",
              "Jumlah Desa Layak Anak*"]
    rows = [["2023", "Kota Kupang", "686,5", "650,25", "Madya", "12"]]
    result = ingest_file(con, write_table(tmp_path / "kla_2023.xlsx", header, rows), "kla")
    assert (result.status, result.rows_loaded) == ("loaded", 1)
    assert "ignored column" not in result.message
    assert con.execute("select nilai_evaluasi_mandiri, nilai_verifikasi, peringkat, "
                       "desa_layak_anak from raw.kla").fetchall() == [(686.5, 650.25, "Madya", 12)]


def test_bps_marks_after_an_indicators_figures_are_read_and_flagged(tmp_path, con):
    """A BPS-style table marks figures preliminary (`11,7*`), revised (`0,423 r)`) or with a
    footnote (`512,75¹`): each was emptied as "not a number". The figure is read, its cell
    flagged (row kept) saying which mark was dropped; a mark in a name or a code is the
    name's or code's own, and the marked figures prove the decimal comma like the others."""
    rows = [["2023", "P", "IKD-11", "Perempuan di parlemen¹", "%", "12,5*", "11,7*", "", ""],
            ["2023", "P", "IKD-12", "Indeks Ketimpangan Gender", "Indeks", "0,450", "0,423 r)",
             "", ""],
            ["2023", "P", "IKD-13*", "Rasio", "Rasio", "1.250**", "88,2 x)", "512¹", "600"],
            ["2023", "P", "IKD-14", "Cakupan", "%", "12,5 e)", "9 a)", "", ""]]
    result = ingest_file(con, write_table(tmp_path / "indikator_2023_tabel9.xlsx",
                                          IND_HEADER, rows), "indikator")
    assert (result.status, result.rows_loaded, result.cells_flagged) == ("loaded", 4, 8)
    assert con.execute("select kode_indikator, indikator, target, realisasi_dilaporkan, "
                       "pembilang, penyebut from raw.indikator order by source_row").fetchall() == [
        ("IKD-11", "Perempuan di parlemen¹", 12.5, 11.7, None, None),
        ("IKD-12", "Indeks Ketimpangan Gender", 0.45, 0.423, None, None),
        ("IKD-13*", "Rasio", 1250.0, 88.2, 512.0, 600.0),
        ("IKD-14", "Cakupan", 12.5, 9.0, None, None)]
    flagged = quarantine(con, "indikator", True)
    assert [flagged[at] for at in (0, 2, 3)] == [
        (2, "Realisasi Dilaporkan", "11,7*", "read without the mark '*' after it (a "
         "preliminary figure in BPS tables; the table's note says what it means here)"),
        (3, "Realisasi Dilaporkan", "0,423 r)", "read without the mark 'r)' after it (a "
         "revised figure in BPS tables; the table's note says what it means here)"),
        (4, "Pembilang", "512¹", "read without the footnote mark '¹' after it (the table's "
         "note says what it means)")]
    reasons = {(row, column): reason for row, column, _, reason in flagged}
    assert "a very preliminary figure" in reasons[(4, "Target")]
    assert "an estimated figure" in reasons[(4, "Realisasi Dilaporkan")]
    assert "an estimated figure" in reasons[(5, "Target")]
    assert "footnote mark 'a)'" in reasons[(5, "Realisasi Dilaporkan")]
    # `1.250**` is 1250: the marked `12,5*` proves the decimal comma.
    assert "Target: numbers read with ',' as the decimal mark and '.' between thousands: " \
           "proof row 2 '12,5'" in result.message


def test_a_marked_figure_that_breaks_a_rule_is_refused_as_written(tmp_path, con):
    """A mark never makes a figure readable that is not: a negative target is out of range,
    and `1.250*` in a column written both ways (`12,5`, `12.5`) reads two ways; each cell
    is shown as the file writes it, with that one reason."""
    rows = [["2023", "P", "IKD-11", "Cakupan", "%", "-5*", "11,7", "", ""],
            ["2023", "P", "IKD-12", "Cakupan", "%", "12,5", "11,7", "", ""],
            ["2023", "P", "IKD-13", "Cakupan", "%", "12.5", "11,7", "", ""],
            ["2023", "P", "IKD-14", "Cakupan", "%", "1.250*", "11,7", "", ""]]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2023_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.cells_flagged) == (4, 2)
    [(row, column, value, reason), (row2, column2, value2, reason2)] = quarantine(
        con, "indikator", True)
    assert (row, column, value) == (2, "Target", "-5*")
    assert "out of range" in reason
    assert (row2, column2, value2) == (5, "Target", "1.250*")
    assert reason2.startswith("Target is written both ways")
    assert con.execute("select target from raw.indikator order by source_row").fetchall() == [
        (None,), (12.5,), (12.5,), (None,)]


def test_bps_signs_of_a_figure_not_available_are_no_figure_and_counted(tmp_path, con):
    """`...` (not available), `x` (not shown), `NA`, `n.a.` were refused as "not a number",
    beside `-` read as empty: all are read as no figure, without a flag, and the ledger
    counts them per column. A dash is counted apart: the ledger said it was "a figure not
    available, as BPS writes it", where BPS writes it for nihil (zero); it says so now, and
    asks for a 0 where the figure is zero (a Renstra table writes it for no data, so it is
    not read as 0)."""
    rows = [["2023", "P", f"IKD-{n}", f"Indikator {n}", "%", target, realised, "", ""]
            for n, (target, realised) in enumerate(
                [("-", "..."), ("…", ".."), ("x", "NA"), ("n.a.", "—"), ("80", "75,5")], 1)]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2023_tabel9.csv", rows,
                                        header=IND_HEADER), "indikator")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (5, 0, 0)
    assert con.execute("select target, realisasi_dilaporkan from raw.indikator "
                       "order by source_row").fetchall() == [
        (None, None), (None, None), (None, None), (None, None), (80.0, 75.5)]
    assert ("Target: 1 cell '-' read as no figure (BPS writes '-' for nihil, zero; a Renstra "
            "table for no data: write 0 where the figure is zero; first: row 2)") in result.message
    assert ("Target: 3 cells '…', 'x', 'n.a.' read as no figure (a figure not available, "
            "as BPS writes it; first: row 3)") in result.message
    assert ("Realisasi Dilaporkan: 3 cells '...', '..', 'NA' read as no figure (a figure "
            "not available, as BPS writes it; first: row 2)") in result.message
    assert ("Realisasi Dilaporkan: 1 cell '—' read as no figure (BPS writes '-' for nihil, "
            "zero; a Renstra table for no data: write 0 where the figure is zero; first: "
            "row 5)") in result.message


def test_a_kla_table_of_bps_marks_and_signs_reads_its_scores(tmp_path, con):
    """The fresh tester's KLA table: `512,75¹`, `470,5*)` and `...` were emptied as "not a
    number"."""
    header = ["Tahun", "Kabupaten/Kota", "Nilai EM", "Nilai Verifikasi", "Peringkat",
              "Jumlah Desa Layak Anak"]
    rows = [["2023", "Kota Kupang", "686,5", "650,25", "Madya", "12"],
            ["2023", "Kabupaten Kupang", "512,75¹", "-", "Pratama", "..."],
            ["2023", "Belu", "498,0", "470,5*)", "Pratama", "3*"]]
    result = ingest_file(con, write_table(tmp_path / "kla_2023.xlsx", header, rows), "kla")
    assert (result.rows_loaded, result.cells_flagged) == (3, 3)
    assert con.execute("select nilai_evaluasi_mandiri, nilai_verifikasi, desa_layak_anak "
                       "from raw.kla order by source_row").fetchall() == [
        (686.5, 650.25, 12), (512.75, None, None), (498.0, 470.5, 3)]
    assert [(row, column, value) for row, column, value, _ in quarantine(con, "kla", True)] == [
        (3, "Nilai EM", "512,75¹"), (4, "Jumlah Desa Layak Anak", "3*"),
        (4, "Nilai Verifikasi", "470,5*)")]
    assert "Jumlah Desa Layak Anak: 1 cell '...' read as no figure" in result.message


def _table(path, header, rows):
    """`write_table`, or an OpenDocument spreadsheet for a `.ods` path (text cells, an empty
    text an empty cell)."""
    if path.suffix == ".ods":
        return write_ods(path, [header, *[[cell or None for cell in row] for row in rows]])
    return write_table(path, header, rows)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".ods"])
def test_an_indicator_of_figures_not_available_is_a_record_not_a_templates_example(
        tmp_path, con, suffix):
    """An indicator whose Target and Realisasi are BPS's `…` / `...` (not available) was
    dropped from a workbook as a template's example row ("2 baris contoh berisi isian
    pengganti … tidak dibaca"), the indicator lost, where the same CSV loaded it: in a
    figure's column the sign is a value, and the row loads with its figures empty. A row of
    placeholders where no value can be one (`IKD-xx`, `...` for the indicator's name) is
    still a template's example, dropped and named, in a CSV as in a workbook."""
    rows = [["2023", "P", "IKD-01", "Indeks Pemberdayaan Gender", "Indeks", "72,5", "71,36",
             "", ""],
            ["2023", "P", "IKD-02", "Prevalensi perkawinan anak", "%", "…", "…", "", ""],
            ["2023", "P", "IKD-03", "Indeks Pembangunan Gender", "Indeks", "...", "...", "",
             ""],
            ["2023", "P", "IKD-xx", "...", "%", "...", "...", "", ""]]
    result = ingest_file(con, _table(tmp_path / f"indikator_2023_tabel9{suffix}", IND_HEADER,
                                     rows), "indikator")
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == (
        "loaded", 3, 3, 0)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan from "
                       "raw.indikator order by source_row").fetchall() == [
        ("IKD-01", 72.5, 71.36), ("IKD-02", None, None), ("IKD-03", None, None)]
    assert "1 example row(s) of placeholders" in result.message
    assert "not read: 5" in result.message
    assert ("Target: 2 cells '…', '...' read as no figure (a figure not available, as BPS "
            "writes it; first: row 3)") in result.message


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".ods"])
def test_a_kla_row_of_scores_not_available_is_a_record(tmp_path, con, suffix):
    """The fresh tester's KLA table: Sikka's scores `…` and `...` dropped the kabupaten from
    a workbook as a template's example; it loads with its scores empty."""
    header = ["Tahun", "Kabupaten/Kota", "Nilai Evaluasi Mandiri", "Nilai Verifikasi",
              "Peringkat", "Desa Layak Anak"]
    rows = [["2023", "Kota Kupang", "612,5", "598,75", "Madya", "12"],
            ["2023", "Sikka", "…", "...", "Pratama", "-"]]
    result = ingest_file(con, _table(tmp_path / f"evaluasi_kla_2023{suffix}", header, rows),
                         "kla")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 2, 0)
    assert "example row" not in result.message
    assert con.execute("select nilai_evaluasi_mandiri, nilai_verifikasi, peringkat, "
                       "desa_layak_anak from raw.kla order by source_row").fetchall() == [
        (612.5, 598.75, "Madya", 12), (None, None, "Pratama", None)]


def test_a_pembilang_beside_a_penyebut_not_available_is_emptied_and_the_row_kept(tmp_path,
                                                                                 con):
    """Pembilang `12` beside Penyebut `…` quarantined the whole indicator ("pembilang and
    penyebut go together"), its Target and Realisasi lost: the pair is read empty, the
    pembilang flagged saying why, the row loaded. A penyebut left empty is still refused."""
    rows = [["2023", "P", "IKD-03", "Persentase kasus tertangani", "%", "100", "11,7", "12",
             "…"],
            ["2023", "P", "IKD-04", "Rasio PUG", "%", "90", "88,2", "...", "35"],
            ["2023", "P", "IKD-05", "Jumlah forum anak", "Forum", "22", "12", "-", "..."],
            ["2023", "P", "IKD-06", "Cakupan", "%", "80", "75", "12", ""]]
    result = ingest_file(con, write_table(tmp_path / "indikator_2023_tabel9.xlsx", IND_HEADER,
                                          rows), "indikator")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (3, 1, 2)
    assert con.execute("select kode_indikator, target, realisasi_dilaporkan, pembilang, "
                       "penyebut from raw.indikator order by source_row").fetchall() == [
        ("IKD-03", 100.0, 11.7, None, None), ("IKD-04", 90.0, 88.2, None, None),
        ("IKD-05", 22.0, 12.0, None, None)]
    assert quarantine(con, "indikator", True) == [
        (2, "Pembilang", "12", "read as empty: pembilang and penyebut go together, and the "
         "other is written '…' (a figure not available)"),
        (3, "Penyebut", "35", "read as empty: pembilang and penyebut go together, and the "
         "other is written '...' (a figure not available)")]
    assert quarantine(con, "indikator") == [
        (5, "Penyebut", "", "pembilang and penyebut go together: give both or neither")]


def _roster_sheet(sheet, titles, employees=(1, 2)):
    """A BKN roster's sheet without a Tanggal Data column: its date (if any) only in the
    title rows above the header or in the sheet's name."""
    header = [name for name in ASN_HEADER if name != "Tanggal Data"]
    for title in [*titles, "", None]:
        sheet.append([title] if title is not None else header)
    rows = {1: staff(1), 2: staff(2, nip="198503122010012014", born="12/03/1985"),
            3: staff(3, nip="197907212005011009", sex="L", born="21/07/1979"),
            4: staff(4, nip="199001142015022003", born="14/01/1990")}
    for number in employees:
        sheet.append([value for name, value in zip(ASN_HEADER, rows[number], strict=True)
                      if name != "Tanggal Data"])


def _dated_roster(path, titles, sheet="DUK"):
    """A roster of two employees on one sheet named `sheet` (see `_roster_sheet`)."""
    book = Workbook()
    book.active.title = sheet
    _roster_sheet(book.active, titles)
    book.save(path)
    return path


def _dated_workbook(path, sheets):
    """A roster workbook of a sheet per (name, titles), two employees each."""
    book = Workbook()
    book.remove(book.active)
    for at, (name, titles) in enumerate(sheets):
        _roster_sheet(book.create_sheet(name), titles, (2 * at + 1, 2 * at + 2))
    book.save(path)
    return path


@pytest.mark.parametrize(("title", "written"), [
    ("Keadaan per 31 Desember 2023", "31 Desember 2023"),
    ("Posisi Per: 31-12-2023", "31-12-2023"),
    ("Per Tanggal 31 Desember 2023", "31 Desember 2023"),
    # the usual short and English spellings, and a two-digit year where the day is plain
    ("Keadaan per 31 Des 2023", "31 Des 2023"),
    ("Keadaan per 31-12-23", "31-12-23"),
    ("Per 31 Dec 2023", "31 Dec 2023"),
    ("As of 31 December 2023", "31 December 2023"),
])
def test_a_roster_s_date_stated_only_in_its_title_is_its_tanggal_data(tmp_path, con, title,
                                                                      written):
    """Before, such a roster was refused with 'required column missing: tanggal_data' (the
    column's internal name) and its sheet `DUK` was named 'sheet 1'; now it loads with the
    date its title states, the ledger says where that date came from and names the sheet.
    `31 Des 2023`, `31-12-23`, `31 Dec 2023` were refused saying no date was stated."""
    path = _dated_roster(tmp_path / "duk.xlsx", ["DAFTAR URUT KEPANGKATAN DP3A NTT", title])
    result = ingest_file(con, path, "asn")
    assert (result.status, result.rows_loaded) == ("loaded", 2), result.message
    assert result.message.startswith("sheet 'DUK'; ")
    assert ("the file has no Tanggal Data column: Tanggal Data 31 December 2023 read from "
            f"title row 2 ('{written}')") in result.message
    assert con.execute("select distinct tanggal_data from raw.asn").fetchall() == [
        (dt.date(2023, 12, 31),)]


@pytest.mark.parametrize(("titles", "reason"), [
    (["Keadaan 1 Januari 2023 s.d. 31 Desember 2023"],
     "no Tanggal Data column, and title row 1 ('1 Januari 2023 s.d. 31 Desember 2023') is a "
     "period, not the date of a snapshot: add a Tanggal Data column, or state the date in "
     "the title: 'Keadaan per 31 Desember 2023'"),
    (["Keadaan per 30 Juni 2023", "Posisi 31/12/2023"],
     "no Tanggal Data column, and the file states two dates: title row 1 ('30 Juni 2023') "
     "and title row 2 ('31/12/2023'); which one its rows are the state of cannot be told: "
     "keep one date in the title, or add a Tanggal Data column"),
    (["Keadaan per 01-07-2023"],
     "no Tanggal Data column, and title row 1 ('01-07-2023') can be read as 1 July 2023 or "
     "as 7 January 2023: write the month in words in the title ('Keadaan per 1 July 2023'), "
     "or add a Tanggal Data column"),
    (["Keadaan Desember 2023"],
     "no Tanggal Data column, and title row 1 ('Desember 2023') names a month, not a day: "
     "add a Tanggal Data column"),
    (["Keadaan Bulan Des 2023"],
     "no Tanggal Data column, and title row 1 ('Des 2023') names a month, not a day"),
    (["Keadaan per 31 Desember"],
     "no Tanggal Data column, and title row 1 ('31 Desember') names a day and a month "
     "without the year"),
    (["DAFTAR URUT KEPANGKATAN TAHUN 2023"],
     "no Tanggal Data column, and title row 1 ('2023') names a year, not a day"),
    # the day it was printed is no date of the data (it loaded as Tanggal Data 5 Jan 2024)
    (["DAFTAR NOMINATIF PEGAWAI", "Dicetak tanggal 05 Januari 2024"],
     "no Tanggal Data column, and title row 2 ('05 Januari 2024') is the day the file was "
     "printed or exported, not the day its rows are the state of: add a Tanggal Data column"),
    (["DAFTAR NOMINATIF PEGAWAI", "Tgl Cetak : 05-01-2024"],
     "title row 2 ('05-01-2024') is the day the file was printed or exported"),
    (["DAFTAR NOMINATIF PEGAWAI"],
     "no Tanggal Data column, and neither the title rows, the sheet's name nor the file name "
     "state the date of the data: add a Tanggal Data column, or state the date in the title: "
     "'Keadaan per 31 Desember 2023'"),
    # a mistyped year: once, naming the title row, not each row under an internal name
    (["DAFTAR URUT KEPANGKATAN", "Keadaan per 31 Desember 2027"],
     "title row 2 ('31 Desember 2027') gives Tanggal Data 31 December 2027, a date in the "
     "future: correct the date there, or add a Tanggal Data column"),
])
def test_a_roster_whose_title_states_no_one_date_is_refused_saying_what_to_add(
        tmp_path, con, titles, reason):
    """A title stating part of a date was refused saying the file stated no date at all; a
    future date loaded 0 rows, each quarantined as 'kolom tanggal_data: ... di masa depan'."""
    result = ingest_file(con, _dated_roster(tmp_path / "duk.xlsx", titles), "asn")
    assert result.status == "rejected"
    assert reason in result.message, result.message
    # The sheet its title rows are on, named once (before, 'title row 2' of no sheet).
    assert "sheet 'DUK': " in result.message and result.message.count("'DUK'") == 1
    assert "tanggal_data" not in result.message
    assert con.execute("select count(*) from raw.asn").fetchone() == (0,)
    assert result.rows_quarantined == 0


def test_the_day_a_roster_was_printed_or_exported_is_set_aside_beside_its_date(tmp_path,
                                                                              con):
    """Beside "Keadaan per 31 Desember 2023", the day it was printed (a title row "Dicetak
    tanggal 05-01-2024") or exported (`DUK_export_2024-01-05.xlsx`) made the file state two
    dates and refused it; the rows are the state of 31 December 2023, which loads."""
    titles = ["DAFTAR URUT KEPANGKATAN", "Keadaan per 31 Desember 2023",
              "Dicetak tanggal 05-01-2024"]
    for path in (_dated_roster(tmp_path / "duk.xlsx", titles),
                 _dated_roster(tmp_path / "DUK_export_2024-01-05.xlsx", titles[:2])):
        result = ingest_file(con, path, "asn")
        assert (result.status, result.rows_loaded) == ("loaded", 2), result.message
        assert ("Tanggal Data 31 December 2023 read from title row 2 ('31 Desember 2023')"
                in result.message)
        assert con.execute("select distinct tanggal_data from raw.asn").fetchall() == [
            (dt.date(2023, 12, 31),)]


def test_a_sheet_s_name_is_evidence_of_its_date(tmp_path, con):
    """A sheet's name was not read: `Juni 2024` under "Keadaan per 31 Desember 2023" loaded
    31 December 2023 without a word, and a sheet named `31-12-2023` (or a workbook of sheets
    `30 Juni 2023` and `31 Desember 2023`) without a dated title was refused as stating no
    date. Now a name saying another period refuses the file, and a dated name is its sheet's
    Tanggal Data."""
    conflict = _dated_roster(tmp_path / "a.xlsx", ["Keadaan per 31 Desember 2023"],
                             sheet="Juni 2024")
    result = ingest_file(con, conflict, "asn")
    assert result.status == "rejected"
    assert ("no Tanggal Data column, and title row 1 ('31 Desember 2023') states 31 December "
            "2023 but the name of sheet 'Juni 2024' ('Juni 2024') says another period: which "
            "one its rows are the state of cannot be told: correct the title or the name, or "
            "add a Tanggal Data column") in result.message

    named = _dated_roster(tmp_path / "b.xlsx", ["DAFTAR URUT KEPANGKATAN"], sheet="31-12-2023")
    result = ingest_file(con, named, "asn")
    assert (result.status, result.rows_loaded) == ("loaded", 2), result.message
    assert ("Tanggal Data 31 December 2023 read from the name of sheet '31-12-2023' "
            "('31-12-2023')") in result.message

    book = _dated_workbook(tmp_path / "c.xlsx", [("30 Juni 2023", []),
                                                 ("31 Desember 2023", [])])
    result = ingest_file(con, book, "asn")
    assert (result.status, result.rows_loaded) == ("loaded", 4), result.message
    assert con.execute("select tanggal_data, count(*) from raw.asn where ingest_id = ? "
                       "group by 1 order by 1", [result.ingest_id]).fetchall() == [
        (dt.date(2023, 6, 30), 2), (dt.date(2023, 12, 31), 2)]


@pytest.mark.parametrize("sheets", [
    [("31 Desember 2022", []), ("31 Desember 2023", [])],
    [("DUK 2022", ["Keadaan per 31 Desember 2022"]),
     ("DUK 2023", ["Keadaan per 31 Desember 2023"])],
])
def test_a_workbook_whose_sheets_state_two_years_is_refused_once(tmp_path, con, sheets):
    """Before, the rows of the fewer year's sheet were quarantined one by one as 'kolom
    tanggal_data: outside the year this file covers', though the file itself gave them that
    date; now the file is refused once, naming both sheets and where each date is written."""
    result = ingest_file(con, _dated_workbook(tmp_path / "duk.xlsx", sheets), "asn")
    assert result.status == "rejected"
    first, other = (name for name, _titles in sheets)
    assert (f"sheet '{first}' states Tanggal Data 31 December 2022 (") in result.message
    assert (f"and sheet '{other}' 31 December 2023 (") in result.message
    assert result.message.endswith("a file holds one year of Tanggal Data: send each year's "
                                   "sheets as their own file"), result.message
    assert "tanggal_data" not in result.message
    assert con.execute("select count(*) from raw.asn").fetchone() == (0,)


@pytest.mark.parametrize(("score", "target", "denominator"), [
    ("Nilai Verifikasi (Maks. 1.000)", "Target (per 1.000)", "Penyebut (Jumlah Penduduk 000)"),
    ("Nilai Verifikasi (Skor Maks 1000)", "Target (/1.000)", "Penyebut (Unit: 1.000)"),
    ("Nilai Verifikasi (skala 0-1000)", "Target (per 100.000 penduduk)",
     "Penyebut (per ribu anak)"),
    ("Nilai Verifikasi (dari 1.000)", "Target (per 1000 kelahiran hidup)",
     "Penyebut (TW I 000)"),
])
def test_a_maximum_a_scale_or_a_rates_denominator_in_a_header_is_no_unit(
        tmp_path, con, score, target, denominator):
    """A score out of 1.000, a rate per 1.000 and a bracket ending in `000` among other words
    were read as 'in thousands', and a KLA or indicator file refused: they load as written."""
    kla = [name.replace("Nilai Verifikasi", score) for name in KLA_HEADER]
    result = ingest_file(con, write_csv(tmp_path / "kla_2023.csv", [
        ["2023", "Belu", "612,5", "701", "Nindya", "6", "6"]], header=kla), "kla")
    assert result.status == "loaded"
    assert con.execute("select nilai_verifikasi from raw.kla").fetchall() == [(701.0,)]
    header = [{"Target": target, "Penyebut": denominator}.get(name, name) for name in IND_HEADER]
    result = ingest_file(con, write_csv(tmp_path / "indikator_2023.csv", [
        ["2023", "P", "IKD-X-01", "Angka kekerasan", "per 1.000 anak", "2,1", "2,4", "12",
         "5000"]], header=header), "indikator")
    assert result.status == "loaded"
    assert con.execute("select target, realisasi_dilaporkan, penyebut "
                       "from raw.indikator").fetchall() == [(2.1, 2.4, 5000)]
