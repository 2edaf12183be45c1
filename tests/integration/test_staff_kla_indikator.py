"""Staff roster, KLA and Renstra indicators on the sample files reproduce the 2023 report
(tables 1-4, 9, 11, 12 and the KLA section), and its contradictions show as findings."""

import csv

import pytest
from openpyxl import load_workbook

from core.i18n import _
from tests.conftest import SAMPLE_LANDING, make_settings, run_on
from tests.helpers import write_table

SNAPSHOT = "2023-12-31"

# Report tables 1-3 (L, P) as printed; the unlabeled row of table 1 is the UPTD PPA.
TABLE_1 = {"Sekretariat": (4, 14), "Bidang PHA": (1, 3), "Bidang KHP": (1, 5),
           "Bidang PP": (3, 2), "Bidang PKA": (1, 3), "UPTD PPA": (4, 5)}
TABLE_2 = {"S2": (1, 9), "S1": (7, 18), "D3": (0, 1), "SLTA": (6, 4)}
TABLE_3 = {"IV/c": (0, 1), "IV/b": (0, 2), "IV/a": (1, 5), "III/d": (7, 13), "III/c": (1, 1),
           "III/b": (2, 5), "III/a": (0, 5), "II/d": (3, 0)}
# Table 4 as the roster gives it: the report prints Fungsional Umum 5 L / 23 P and totals
# 9 L / 37 P, which contradict tables 1-3 (14 L / 32 P); the findings name that conflict.
TABLE_4 = {
    "Kepala Dinas": (0, 1), "Sekretaris": (0, 1), "Kepala Bidang": (2, 2),
    "Kepala UPTD PPA": (0, 1), "Kepala Sub Bagian Umum dan Kepegawaian": (0, 1),
    "Kepala Sub Bagian Tata Usaha UPTD PPA": (0, 1), "Kepala Seksi Pencegahan UPTD PPA": (1, 0),
    "Kepala Seksi Tindak Lanjut UPTD PPA": (0, 1), "Fungsional Perencana": (0, 1),
    "Analis Keuangan Pusat & Daerah": (0, 1), "Analis Kebijakan": (1, 4),
    "Fungsional Umum": (10, 18),
}


def composition(run, dimensi, kelompok="ASN"):
    rows = run.query(
        "select kategori, laki_laki, perempuan, total, persen from marts.mart_staff_composition "
        "where snapshot_date = ? and kelompok_pegawai = ? and dimensi = ?",
        [SNAPSHOT, kelompok, dimensi],
    )
    return {kategori: (men, women, total, persen)
            for kategori, men, women, total, persen in rows}


@pytest.mark.parametrize(("dimensi", "table"), [
    ("unit_kerja", TABLE_1), ("pendidikan", TABLE_2), ("golongan", TABLE_3),
    ("kelompok_jabatan", TABLE_4),
])
def test_staff_tables_every_cell(sample_run, dimensi, table):
    mart = composition(sample_run, dimensi)
    assert {kategori: (men, women) for kategori, (men, women, _, _) in mart.items()} == table
    assert all(total == men + women for men, women, total, _ in mart.values())
    assert sum(total for _, _, total, _ in mart.values()) == 46


def test_education_percentages_are_recomputed_and_the_printed_ones_flagged(sample_run):
    persen = {kategori: value[3] for kategori, value in composition(sample_run,
                                                                     "pendidikan").items()}
    # The report prints 22 / 49 / 2 / 27; 25 of 46 is 54,35 %, 10 of 46 is 21,74 %.
    assert persen == {"S2": 21.74, "S1": 54.35, "D3": 2.17, "SLTA": 21.74}
    flagged = sample_run.query(
        "select message from marts.data_quality_findings where check_name = "
        "'staff_table_percent' order by message"
    )
    assert flagged == [
        ("Laporan Tabel 2 mencetak S1 sebesar 49 % pegawai, tetapi menurut daftar pegawai 25 "
         "dari 46 orang = 54,35 %",),
        ("Laporan Tabel 2 mencetak SLTA sebesar 27 % pegawai, tetapi menurut daftar pegawai 10 "
         "dari 46 orang = 21,74 %",),
    ]


def test_table_4_contradiction_is_named_in_the_findings(sample_run):
    findings = sample_run.query(
        "select file_name, message from marts.data_quality_findings "
        "where check_name = 'staff_table_vs_roster' order by message"
    )
    (roster,), = sample_run.query("select file_label from raw.ingest_ledger "
                                  "where file_name = 'daftar_pegawai_dp3a_2023-12.xlsx'")
    assert findings == [
        (roster,
         "Laporan Tabel 4 mencetak Fungsional Umum 5 L / 23 P, tetapi daftar pegawai per "
         "31/12/2023 berisi 10 L / 18 P"),
        (roster,
         "Laporan Tabel 4 mencetak jumlah 9 L / 37 P, tetapi daftar pegawai (dan tabel pegawai "
         "lainnya) berisi 14 L / 32 P"),
    ]


def test_contract_staff_are_counted_apart(sample_run):
    units = composition(sample_run, "unit_kerja", kelompok="Kontrak")
    assert {kategori: total for kategori, (_, _, total, _) in units.items()} == {
        "UPTD PPA": 12, "TPA": 12}


def test_staff_facts_are_pseudonymous(sample_run):
    columns = {name for (name,) in sample_run.query(
        "select column_name from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'fct_staff_snapshot'"
    )}
    assert not columns & {"nama", "nip", "tanggal_lahir"}
    raw_columns = {name for (name,) in sample_run.query(
        "select column_name from information_schema.columns where table_schema = 'raw' "
        "and table_name = 'asn'"
    )}
    assert "nama" not in raw_columns and "nip" not in raw_columns
    sheet = load_workbook(SAMPLE_LANDING / "asn" / "daftar_pegawai_dp3a_2023-12.xlsx").active
    header = [cell.value for cell in sheet[4]]
    names = {row[header.index("Nama")] for row in sheet.iter_rows(min_row=5, values_only=True)}
    nips = {row[header.index("NIP")] for row in sheet.iter_rows(min_row=5, values_only=True)}
    stored = " ".join(str(value) for row in sample_run.query(
        "select * from raw.asn union all by name select * from marts.fct_staff_snapshot"
    ) for value in row)
    assert len(names) == 70
    assert not [text for text in (names | nips) - {None} if text in stored]
    keys = sample_run.query(
        "select count(*), count(distinct employee_key), count(*) filter (where is_asn) "
        "from marts.fct_staff_snapshot"
    )
    assert keys == [(70, 70, 46)]


def test_nip_contradictions_are_findings_and_the_rows_still_load(sample_run):
    findings = sample_run.query(
        "select check_name, source_row, message from marts.data_quality_findings "
        "where source = 'asn' and check_name like 'nip_%' order by source_row"
    )
    # File rows 14 and 47 are No. 10 and No. 43 (three title rows and the header above).
    assert findings == [
        ("nip_birth_date_mismatch", 14, _("row {row}: {reason}", row=14, reason=_(
            "{column} differs from the birth date in the NIP (day and month swapped)",
            column="Tanggal Lahir"))),
        ("nip_sex_mismatch", 47, _("row {row}: {reason}", row=47, reason=_(
            "the NIP's sex digit says {nip_sex} but {column} is {row_sex}", nip_sex="P",
            column="Jenis Kelamin", row_sex="L"))),
    ]
    loaded = sample_run.query(
        "select source_row, jenis_kelamin, has_nip_sex_mismatch from marts.fct_staff_snapshot "
        "where source_row in (14, 47) order by source_row"
    )
    assert loaded == [(14, "P", False), (47, "L", True)]
    from_nip = sample_run.query(
        "select list(source_row order by source_row) from marts.fct_staff_snapshot "
        "where is_tanggal_lahir_from_nip"
    )
    assert from_nip == [([13, 17, 31, 35, 41, 49],)]  # No. 9, 13, 27, 31, 37, 45
    assert sample_run.query("select count(*) from raw.asn_quarantine") == [(0,)]


def test_retirement_projection_2024_to_2026(sample_run):
    rows = sample_run.query(
        "select unit_kerja, tahun_proyeksi, asn_awal_tahun, jumlah_mencapai_bup, "
        "asn_akhir_tahun, is_unit_kosong, pegawai_mencapai_bup "
        "from marts.mart_staff_retirement_projection where snapshot_date = ?", [SNAPSHOT])
    projection = {(unit, year): row for unit, year, *row in rows}
    assert {year for _, year in projection} == {2024, 2025, 2026}
    retiring = {key: row[1] for key, row in projection.items() if row[1]}
    assert retiring == {
        ("Bidang PHA", 2024): 2, ("Sekretariat", 2024): 1,
        ("Bidang PHA", 2025): 1, ("Bidang KHP", 2025): 1, ("Bidang PP", 2025): 1,
        ("Bidang PHA", 2026): 1, ("Bidang PKA", 2026): 1, ("Sekretariat", 2026): 1,
    }
    assert sum(row[1] for (_, year), row in projection.items() if year == 2024) == 3
    # Bidang PHA empties: 4 -> 2 -> 1 -> 0; the only unit that does.
    assert [projection[("Bidang PHA", year)][2] for year in (2024, 2025, 2026)] == [2, 1, 0]
    assert [key for key, row in projection.items() if row[3]] == [("Bidang PHA", 2026)]
    who = projection[("Bidang PHA", 2024)][4].split("; ")
    assert [entry.split(" ", 1)[1] for entry in who] == [
        "(Kepala Bidang Pemenuhan Hak Anak, usia 60 pada 03/2024)",
        "(Pengelola Program dan Kegiatan, usia 58 pada 10/2024)",
    ]
    pseudonyms = {entry.split(" ", 1)[0] for entry in who}
    known = {key for (key,) in sample_run.query(
        "select employee_key from marts.fct_staff_snapshot where tahun_mencapai_bup = 2024 "
        "and unit_kerja = 'Bidang PHA'")}
    assert pseudonyms == known and all(len(key) == 32 for key in known)


def test_kla_village_coverage_213_of_250(sample_run):
    coverage = sample_run.query(
        "select tahun, desa_layak_anak, target_desa_layak_anak, capaian_pct, "
        "kabupaten_kota_berperingkat from marts.mart_kla_village_coverage order by tahun"
    )
    assert coverage == [(2022, 170, 250, 68.0, 1), (2023, 213, 250, 85.2, 2)]


def test_kla_rated_districts_and_their_bands(sample_run):
    rated = sample_run.query(
        "select tahun, kabupaten_kota, nilai, peringkat, peringkat_menurut_nilai, "
        "is_peringkat_sesuai_nilai, perubahan_nilai from marts.mart_kla_progress "
        "where nilai is not null order by tahun, kode_wilayah"
    )
    assert rated == [
        (2022, "Kab. Ngada", 495.0, "Belum", "Belum", True, None),
        (2022, "Kota Kupang", 640.5, "Madya", "Madya", True, None),
        (2023, "Kab. Ngada", 530.0, "Pratama", "Pratama", True, 35.0),
        (2023, "Kota Kupang", 686.0, "Pratama", "Madya", False, 45.5),
    ]
    unrated = sample_run.query(
        "select count(*) from marts.mart_kla_progress where tahun = 2023 and peringkat = 'Belum'")
    assert unrated == [(20,)]
    findings = sample_run.query(
        "select kabupaten_key, message, message_en from marts.data_quality_findings "
        "where check_name = 'kla_peringkat_vs_nilai'"
    )
    assert findings == [("53.71", "Kota Kupang 2023: peringkat tertulis Pratama, padahal nilai "
                                  "686,00 masuk rentang Madya",
                         "Kota Kupang 2023: rating typed Pratama but the score 686.00 lies in "
                         "the Madya band")]


def test_kla_indicators_seeded_in_six_clusters(sample_run):
    clusters = sample_run.query(
        "select klaster_nomor, count(*) from reference.ref_kla_indikator group by 1 order by 1")
    assert clusters == [(1, 3), (2, 3), (3, 4), (4, 6), (5, 4), (6, 4)]


# Report table 9: code -> (target, realisasi as printed).
TABLE_9 = {
    "IKD-PUG-01": (100, 100), "IKD-PUG-02": (100, 100), "IKD-KK-01": (75, 49.07),
    "IKD-KK-02": (100, 130), "IKD-KK-03": (100, 123.4), "IKD-PP-01": (100, 97.23),
    "IKD-PP-02": (100, 95.15), "IKD-SDGA-01": (50, 40), "IKD-PHA-01": (100, 85.2),
    "IKD-PKA-01": (60, 81.25),
}


def test_every_table_9_indicator_with_target_and_reported(sample_run):
    rows = sample_run.query(
        "select kode_indikator, target, realisasi_dilaporkan from "
        "marts.mart_performance_indicators where sumber_tabel = 'Tabel 9' and tahun = 2023"
    )
    assert {code: (target, real) for code, target, real in rows} == TABLE_9


def test_indicators_recomputed_from_the_warehouse(sample_run):
    rows = sample_run.query(
        "select kode_indikator, metode_hitung, pembilang_dihitung, penyebut_dihitung, "
        "round(realisasi_dihitung, 2), is_sesuai from marts.mart_performance_indicators "
        "where sumber_tabel = 'Tabel 9' and kode_indikator in "
        "('IKD-PP-01', 'IKD-PP-02', 'IKD-PHA-01', 'IKD-PKA-01') order by kode_indikator"
    )
    assert rows == [
        ("IKD-PHA-01", "desa_layak_anak", 213.0, 250.0, 85.2, True),
        ("IKD-PKA-01", "pembilang_penyebut", 102.0, 125.0, 81.6, False),
        ("IKD-PP-01", "kasus_perempuan_terlayani", 596.0, 613.0, 97.23, True),
        ("IKD-PP-02", "kasus_anak_terlayani", 609.0, 640.0, 95.16, False),
    ]
    findings = sample_run.query(
        "select message from marts.data_quality_findings "
        "where check_name = 'indicator_reported_vs_recomputed' order by message"
    )
    assert findings == [
        ("IKD-PKA-01 2023 (Tabel 9): dilaporkan 81,25 % tetapi dihitung 102 / 125 = 81,60 % "
         "(pembilang_penyebut)",),
        ("IKD-PP-02 2023 (Tabel 9): dilaporkan 95,15 % tetapi dihitung 609 / 640 = 95,16 % "
         "(kasus_anak_terlayani)",),
    ]


def test_tables_9_and_12_both_kept_and_their_conflicts_found(sample_run):
    table_12 = sample_run.query(
        "select kode_indikator, satuan, target, realisasi_dilaporkan from "
        "marts.mart_performance_indicators where sumber_tabel = 'Tabel 12' order by 1"
    )
    assert table_12 == [
        ("IKD-KK-01", "Keluarga", 250.0, 24.0), ("IKD-KK-02", "Lembaga", 2.0, 1.0),
        ("IKD-KK-03", "Keluarga", 63.0, 7.0), ("IKD-PUG-01", "Perangkat Daerah", 39.0, 39.0),
        ("IKD-PUG-02", "Kab/Kota", 22.0, 11.0),
    ]
    conflicts = sample_run.query(
        "select file_name, message from marts.data_quality_findings "
        "where check_name = 'indicator_table_conflict' order by message"
    )
    assert [message.split(":")[0] for _, message in conflicts] == [
        "IKD-KK-01 2023", "IKD-KK-02 2023", "IKD-KK-03 2023", "IKD-PUG-01 2023",
        "IKD-PUG-02 2023"]
    assert conflicts[3][1] == (
        "IKD-PUG-01 2023: Tabel 12 memberi target 39 Perangkat Daerah, realisasi 39 Perangkat "
        "Daerah (39 dari 39); Tabel 9 memberi target 100 %, realisasi 100 % (35 dari 35)")
    assert conflicts[2][1].endswith("Tabel 9 memberi target 100 %, realisasi 123,4 % "
                                    "(617 dari 500)")


def test_new_sources_balance_in_the_ledger(sample_run):
    rows = sample_run.query(
        "select source, file_name, rows_read, rows_loaded, rows_quarantined, status "
        "from raw.ingest_ledger where source in ('asn', 'kla', 'indikator') order by file_name"
    )
    assert rows == [
        ("indikator", "capaian_kinerja_khp_2023_tabel12.xlsx", 5, 5, 0, "loaded"),
        ("asn", "daftar_pegawai_dp3a_2023-12.xlsx", 70, 70, 0, "loaded"),
        ("kla", "evaluasi_kla_2022_2023.csv", 44, 44, 0, "loaded"),
        ("indikator", "indikator_kinerja_2023_tabel9.csv", 10, 10, 0, "loaded"),
    ]


@pytest.fixture(scope="module")
def achievement_run(tmp_path_factory):
    """Indicator tables as offices send them: one giving only its Capaian (%), one giving the
    realisation and its capaian, one of indicators where lower is better, one writing a %
    target beside a fractional realisation."""
    root = tmp_path_factory.mktemp("capaian")
    landing = root / "landing" / "indikator"
    head = ["Kode Indikator", "Indikator", "Satuan", "Tahun", "Target"]
    write_table(landing / "capaian_2024_tabel9_hanyacapaian.xlsx", [*head, "Capaian (%)"], [
        ["CO-01", "Jumlah korban yang mendapat layanan", "Orang", 2024, 400, "113%"],
        ["CO-02", "Prevalensi kekerasan terhadap anak", "%", 2024, 10, "120%"]])
    write_table(landing / "capaian_2024_tabel12_capaian.xlsx",
                [*head, "Realisasi", "Capaian (%)"], [
        ["CP-01", "Jumlah korban yang mendapat layanan", "Orang", 2024, 400, 452, "113%"],
        ["CP-02", "Persentase kab/kota dengan UPTD PPA", "%", 2024, 50, 45.45, "95%"]])
    write_table(landing / "indikator_2023_tabel9_trend_negatif.csv",
                ["Tahun", "Kode Indikator", "Indikator", "Satuan", "Target", "Realisasi",
                 "Polaritas"], [
        ["2023", "NG-01", "Prevalensi perkawinan anak (semakin rendah semakin baik)", "%", "8",
         "10", ""],
        ["2023", "NG-02", "Angka kekerasan terhadap perempuan per 10.000 penduduk",
         "per 10.000", "2,5", "2,0", "Negatif"],
        ["2023", "PF-01", "Persentase kasus ditangani", "%", "85%", "0,85", ""]])
    run = run_on(make_settings(root, root / "landing"))
    assert run.outcome.success, run.outcome.failed_steps
    return run


def test_capaian_is_the_tables_own_or_counted_by_polarity_in_the_mart_and_export(
        achievement_run):
    """The export showed CO-01 at 28,25 % (its 113 % capaian read as 113 people), CO-02 at
    1200 %, NG-01 (lower is better, 10 against 8) at 125 %, NG-02 at 80 %, and PF-01 (85 %
    against 0,85) at 1 %. Now a table's own capaian is published where it gives no
    realisation, a negative indicator counts (2 × target − realisasi) ÷ target, the row
    that cannot be compared is held back, and a stated capaian the figures contradict is a
    finding."""
    expected = [
        ("CO-01", None, 113.0, "dilaporkan", None),
        ("CO-02", None, 120.0, "dilaporkan", None),
        ("CP-01", 452.0, 113.0, "dihitung", True),
        ("CP-02", 45.45, 90.9, "dihitung", False),
        ("NG-01", 10.0, 75.0, "dihitung", None),
        ("NG-02", 2.0, 120.0, "dihitung", None)]
    assert achievement_run.query(
        "select kode_indikator, realisasi_dilaporkan, capaian_target_pct, capaian_sumber, "
        "is_capaian_sesuai from marts.mart_performance_indicators order by kode_indikator"
    ) == expected
    exports = achievement_run.settings.exports / "indikator-kinerja-renstra"
    with open(exports / "indikator-kinerja-renstra.csv", encoding="utf-8") as handle:
        published = {row["kode_indikator"]: (row["realisasi_dilaporkan"],
                                             row["capaian_target_pct"], row["is_negatif"])
                     for row in csv.DictReader(handle)}
    assert published == {
        "CO-01": ("", "113", "false"), "CO-02": ("", "120", "false"),
        "CP-01": ("452", "113", "false"), "CP-02": ("45.45", "90.9", "false"),
        "NG-01": ("10", "75", "true"), "NG-02": ("2", "120", "true")}
    assert achievement_run.query(
        "select message from marts.data_quality_findings "
        "where check_name = 'indicator_capaian_reported_vs_counted'") == [
        ("CP-02 2024 (Tabel 12): capaian dilaporkan 95 % tetapi realisasi 45,45 dari target 50 "
         "= 90,90 %",)]
    assert achievement_run.query("select column_name, value, reason from raw.indikator_quarantine"
                                 ) == [
        ("Realisasi", "0,85", "ditulis tanpa tanda persen di samping Target '85%' yang ditulis "
         "dengan tanda persen, pada baris bersatuan %: angka ini bisa pecahan (85 %) atau "
         "persen, dan capaiannya berbeda seratus kali lipat; tulis kedua angka dengan cara yang "
         "sama")]
