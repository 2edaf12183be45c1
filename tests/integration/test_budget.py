"""The finance system's realisation export, through the whole pipeline, reproduces Bab II of the
2023 annual report: every line of tables 6, 7 and 8, the Bab II totals, the pergeseran table,
the TPA revenue, and the report's own contradictions as findings."""

from decimal import Decimal

import dagster as dg
import pytest

from tests.conftest import make_settings, run_on
from tests.helpers import anggaran_row, write_anggaran_csv

FILE = "realisasi_anggaran_dp3a_2023.csv"


def _label(run) -> str:
    """The file's label: outside the ledger a file is never named by its name."""
    (label,), = run.query("select file_label from raw.ingest_ledger where file_name = ?", [FILE])
    return label

# Table 6 (Program Penunjang, PAD; salaries DAU): sub kegiatan -> pagu, realisasi, sisa, and
# the "%" column, which is the sisa's share of pagu (55,30 = 1.361.000 / 2.461.000).
TABLE_6 = {
    "2.08.01.1.01.0001": (2_461_000, 1_100_000, 1_361_000, 55.30),
    "2.08.01.1.01.0002": (5_627_100, 1_504_000, 4_123_100, 73.27),
    "2.08.01.1.01.0006": (38_922_100, 777_900, 38_144_200, 98.00),
    "2.08.01.1.02.0001": (4_741_818_999, 4_016_115_546, 725_703_453, 15.30),
    "2.08.01.1.02.0007": (9_668_100, 7_123_690, 2_544_410, 26.32),
    "2.08.01.1.05.0003": (12_005_000, 2_810_900, 9_194_100, 76.59),
    "2.08.01.1.07.0006": (66_118_900, 31_622_000, 34_496_900, 52.17),
    "2.08.01.1.06.0001": (993_500, 0, 993_500, 100.00),
    "2.08.01.1.06.0005": (32_694_600, 17_103_100, 15_591_500, 47.69),
    "2.08.01.1.06.0007": (187_757_200, 65_183_735, 122_573_465, 65.28),
    "2.08.01.1.06.0008": (20_577_000, 14_641_500, 5_935_500, 28.85),
    "2.08.01.1.06.0009": (56_295_080, 16_227_400, 40_067_680, 71.17),
    "2.08.01.1.08.0001": (2_280_000, 1_770_000, 510_000, 22.37),
    "2.08.01.1.08.0002": (136_940_416, 113_280_000, 23_660_416, 17.28),
    "2.08.01.1.08.0003": (15_150_000, 2_575_000, 12_575_000, 83.00),
    "2.08.01.1.08.0004": (988_754_560, 942_574_760, 46_179_800, 4.67),
    # Pemeliharaan kendaraan: the report prints sisa 118.326.605 (71,37%), but pagu
    # 165.798.700 − realisasi 51.558.035 is 114.240.665 (68,90%): a misprint in the report.
    "2.08.01.1.09.0002": (165_798_700, 51_558_035, 114_240_665, 68.90),
}

# Tables 7 and 8 (DAK NF): pagu, realisasi, realisasi %, sisa, sisa %.
TABLE_7 = {
    "2.08.03.1.01.0002": (61_061_100, 58_838_400, 96.36, 2_222_700, 3.64),
    # Layanan rujukan lanjutan: the report prints sisa 38.158.820 (20,13%), but 189.581.100 −
    # 151.111.780 is 38.469.320 (20,29%); its realisasi % (79,71) agrees with the warehouse.
    "2.08.03.1.02.0001": (189_581_100, 151_111_780, 79.71, 38_469_320, 20.29),
    "2.08.03.1.03.0001": (66_399_800, 51_870_000, 78.12, 14_529_800, 21.88),
}
TABLE_8 = {
    "2.08.07.1.02.0001": (32_684_000, 32_584_000, 99.69, 100_000, 0.31),
    "2.08.07.1.03.0001": (58_844_000, 46_630_400, 79.24, 12_213_600, 20.76),
}

# Sub kegiatan cut to zero in the P-DPA: in the pergeseran table, absent from tables 6–8.
CUT_TO_ZERO = {"2.08.01.1.01.0007": 11_654_100, "2.08.03.1.01.0001": 97_279_850,
               "2.08.07.1.01.0001": 32_684_000}

# The pergeseran table (printed as a second "Tabel 8", Bab II III): Anggaran Murni as printed;
# the revised ceiling is the one of tables 6–8, which the Bab II total 6.892.432.255 confirms.
# The printed table swaps its "Perubahan" and "Anggaran Perubahan" columns on unchanged lines
# and, for 06.0005, 06.0007, 06.0008, 08.0002, 08.0004, 09.0002, 03.02.0001, 07.01.0001 and
# 07.02.0001, prints a revised ceiling that contradicts tables 6–8 (e.g. cetakan 28.737.500
# against table 6's 32.694.600): those are the report's own inconsistencies, not the data's.
PERGESERAN_MURNI = {
    "2.08.01.1.01.0001": 2_931_000,  # printed change "470.000" lost its minus sign
    "2.08.01.1.01.0002": 13_260_300,
    "2.08.01.1.01.0006": 7_158_000,
    "2.08.01.1.01.0007": 11_654_100,
    "2.08.01.1.02.0001": 4_721_860_444,
    "2.08.01.1.02.0007": 9_668_100,
    "2.08.01.1.05.0003": 12_005_000,
    "2.08.01.1.06.0001": 993_500,
    "2.08.01.1.06.0005": 35_399_683,
    "2.08.01.1.06.0007": 164_292_860,
    "2.08.01.1.06.0008": 9_867_000,
    "2.08.01.1.06.0009": 56_447_560,
    "2.08.01.1.08.0001": 2_280_000,
    "2.08.01.1.08.0002": 116_377_996,
    "2.08.01.1.08.0003": 15_150_000,
    "2.08.01.1.08.0004": 903_450_560,
    "2.08.01.1.09.0002": 112_661_600,
    "2.08.03.1.01.0002": 61_061_100,
    "2.08.03.1.01.0001": 97_279_850,
    "2.08.03.1.02.0001": 166_401_100,
    "2.08.07.1.01.0001": 32_684_000,
    "2.08.07.1.02.0001": 51_104_000,
}
# Lines where the printed change agrees with tables 6–8: (pergeseran as printed).
PERGESERAN_PRINTED = {
    "2.08.01.1.01.0002": -7_633_200,
    "2.08.01.1.01.0006": 31_764_100,
    "2.08.01.1.01.0007": -11_654_100,
    "2.08.01.1.02.0001": 19_958_555,
    "2.08.01.1.06.0009": -152_480,
    "2.08.03.1.01.0001": -97_279_850,
}

BAB2_PAGU = 6_892_432_255
BAB2_REALISASI_PRINTED = 5_627_308_146
LINES_REALISASI = 5_627_002_146  # the sum of the lines of tables 6–8


def by_sub_kegiatan(run) -> dict[str, tuple]:
    rows = run.query(
        "select sub_kegiatan_key, pagu, realisasi, sisa, realisasi_pct, sisa_pct "
        "from marts.mart_budget_absorption_by_sub_kegiatan where tahun = 2023"
    )
    return {key: tuple(values) for key, *values in rows}


def test_every_line_of_table_6(sample_run):
    mart = by_sub_kegiatan(sample_run)
    for kode, (pagu, realisasi, sisa, sisa_pct) in TABLE_6.items():
        got_pagu, got_realisasi, got_sisa, got_realisasi_pct, got_sisa_pct = mart[kode]
        assert (got_pagu, got_realisasi, got_sisa, got_sisa_pct) == (
            pagu, realisasi, sisa, sisa_pct), kode
        assert got_realisasi_pct == pytest.approx(100 - sisa_pct, abs=0.011), kode


@pytest.mark.parametrize("table", [TABLE_7, TABLE_8], ids=["table_7", "table_8"])
def test_every_line_of_tables_7_and_8(sample_run, table):
    mart = by_sub_kegiatan(sample_run)
    for kode, expected in table.items():
        pagu, realisasi, sisa, realisasi_pct, sisa_pct = mart[kode]
        assert (pagu, realisasi, realisasi_pct, sisa, sisa_pct) == expected, kode


def test_tables_6_to_8_are_all_the_spending_lines(sample_run):
    mart = by_sub_kegiatan(sample_run)
    assert mart.keys() == TABLE_6.keys() | TABLE_7.keys() | TABLE_8.keys() | CUT_TO_ZERO.keys()
    for kode in CUT_TO_ZERO:
        assert mart[kode] == (0, 0, 0, None, None), kode


def test_tables_7_and_8_are_dak_nf_and_by_program(sample_run):
    rows = sample_run.query(
        "select sub_kegiatan_key, sumber_dana, program_kode, nama_program "
        "from marts.mart_budget_absorption_by_sub_kegiatan"
    )
    for kode, sumber, program, nama in rows:
        if kode in TABLE_7:
            assert (sumber, program, nama) == ("DAK NF", "2.08.03",
                                               "Program Perlindungan Perempuan")
        elif kode in TABLE_8:
            assert (sumber, program, nama) == ("DAK NF", "2.08.07",
                                               "Program Perlindungan Khusus Anak")
        elif kode == "2.08.01.1.02.0001":
            assert sumber == "DAU"  # salaries
        elif kode in TABLE_6:
            assert (sumber, program) == ("PAD", "2.08.01")


def summary(run) -> dict[tuple[str, str], tuple]:
    rows = run.query(
        "select dimensi, nilai, pagu, realisasi, sisa, realisasi_pct, sisa_pct "
        "from marts.mart_budget_summary where tahun = 2023"
    )
    return {(dimensi, nilai): tuple(values) for dimensi, nilai, *values in rows}


def test_bab_2_totals(sample_run):
    bab2 = summary(sample_run)
    # Total: the report prints realisasi 5.627.308.146; its own lines sum to 306.000 less
    # (see the JUMLAH finding below). Both round to 81,64%.
    assert bab2[("total", "Semua")][:2] == (BAB2_PAGU, LINES_REALISASI)
    assert bab2[("total", "Semua")][3] == 81.64
    # Belanja Operasional 6.826.313.355, printed realisasi 5.595.686.146 (81,97%): again the
    # lines hold 306.000 less, still 81,97%.
    assert bab2[("kategori", "Belanja Operasional")] == (
        6_826_313_355, 5_595_380_146, 1_230_933_209, 81.97, 18.03)
    assert bab2[("kategori", "Belanja Modal")] == (66_118_900, 31_622_000, 34_496_900,
                                                    47.83, 52.17)
    # Belanja Pegawai and Belanja Modal hold exactly as printed.
    assert bab2[("jenis", "Belanja Pegawai")] == (4_838_298_999, 4_049_785_546, 788_513_453,
                                                   83.70, 16.30)
    assert bab2[("jenis", "Belanja Modal")] == (66_118_900, 31_622_000, 34_496_900,
                                                 47.83, 52.17)
    # Belanja Barang dan Jasa: printed 1.545.900.600 (77,76%), sisa 442.113.756 (22,24%); the
    # lines of tables 6–8 give 1.545.594.600 (77,75%), sisa 442.419.756 (22,25%).
    assert bab2[("jenis", "Belanja Barang dan Jasa")] == (
        1_988_014_356, 1_545_594_600, 442_419_756, 77.75, 22.25)


def test_bab_2_realisation_by_fund_source(sample_run):
    bab2 = summary(sample_run)
    # DAK NF is the sum of tables 7 and 8. The report's text says DAK Non Fisik was
    # Rp 375.000.000, but the lines of its own tables 7 and 8 add up to 408.570.000.
    assert bab2[("sumber_dana", "DAK NF")][:2] == (408_570_000, 341_034_580)
    assert bab2[("sumber_dana", "DAU")][:2] == (4_741_818_999, 4_016_115_546)
    assert bab2[("sumber_dana", "PAD")][:2] == (1_742_043_256, 1_269_852_020)
    for dimensi in ("kategori", "jenis", "sumber_dana", "program", "bidang"):
        parts = [values for (name, _), values in bab2.items() if name == dimensi]
        assert sum(p[0] for p in parts) == BAB2_PAGU, dimensi
        assert sum(p[1] for p in parts) == LINES_REALISASI, dimensi


def test_pergeseran_table(sample_run):
    rows = sample_run.query(
        "select sub_kegiatan_key, pagu_murni, pagu_perubahan, pergeseran, status_pergeseran "
        "from marts.mart_budget_pergeseran where tahun = 2023 and kelompok = 'Belanja'"
    )
    mart = {kode: values for kode, *values in rows}
    revised = {kode: values[0] for kode, values in {**TABLE_6, **TABLE_7, **TABLE_8}.items()}
    revised |= dict.fromkeys(CUT_TO_ZERO, 0)
    for kode, murni in PERGESERAN_MURNI.items():
        got_murni, got_revised, got_change, _ = mart[kode]
        assert (got_murni, got_revised, got_change) == (
            murni, revised[kode], revised[kode] - murni), kode
    for kode, change in PERGESERAN_PRINTED.items():
        assert mart[kode][2] == change, kode
    assert {kode for kode, values in mart.items() if values[3] == "dihapus"} == CUT_TO_ZERO.keys()
    assert sum(values[1] for values in mart.values()) == BAB2_PAGU


def test_revenue_target_and_realisation(sample_run):
    rows = sample_run.query(
        "select akun_kode, nama_akun, bidang_key, target_murni, target, realisasi, capaian_pct "
        "from marts.mart_revenue where tahun = 2023"
    )
    assert rows == [("4.1.02.01", "Retribusi Tempat Penitipan Anak", "PHA", 100_000_000,
                     180_000_000, 175_200_000, 97.33)]


def test_jumlah_row_disagrees_with_the_lines_by_306_000(sample_run):
    rows = sample_run.query(
        "select file_name, check_name, expected, actual, difference, severity "
        "from marts.data_quality_findings where source = 'anggaran' "
        "and check_name = 'total_row_sum'"
    )
    # The JUMLAH row (the Bab II figure) is reconciled against the Belanja rows only: the
    # TPA revenue (175.200.000) is no spending.
    assert rows == [(_label(sample_run), "total_row_sum", BAB2_REALISASI_PRINTED,
                     LINES_REALISASI, 306_000, "warning")]


def test_the_wrong_sisa_is_a_finding_with_both_figures(sample_run):
    rows = sample_run.query(
        "select file_name, source_row, month_key, expected, actual, difference, message "
        "from marts.data_quality_findings where check_name = 'sisa_reconcile'"
    )
    assert len(rows) == 1
    file_name, source_row, month_key, stated, computed, difference, message = rows[0]
    assert (file_name, source_row, month_key) == (_label(sample_run), 200, 202307)
    assert (stated, computed, difference) == (1_019_000, 919_000, 100_000)
    assert message == ("sisa 2.08.01.1.08.0001 (PAD, Belanja Barang dan Jasa) bulan 7 tertulis "
                       "1.019.000, padahal pagu 2.280.000 dikurangi realisasi sampai bulan itu "
                       "1.361.000 adalah 919.000")
    assert not sample_run.query(
        "select * from marts.data_quality_findings where check_name = 'realisasi_above_pagu'"
    )


def test_the_correction_is_loaded_as_a_negative_month(sample_run):
    assert sample_run.query("select count(*) from raw.anggaran_quarantine") == [(0,)]
    rows = sample_run.query(
        "select sub_kegiatan_key, month_key, realisasi from marts.fct_realisation where is_koreksi"
    )
    assert rows == [("2.08.01.1.06.0007", 202310, -1_250_000)]


def test_s_curve_runs_to_the_annual_realisation(sample_run):
    rows = sample_run.query(
        """
        select monthly.sub_kegiatan_key, monthly.sumber_dana, monthly.jenis, monthly.bulan,
            monthly.realisasi, monthly.realisasi_kumulatif, monthly.sisa, annual.realisasi,
            annual.sisa
        from marts.mart_budget_absorption_monthly as monthly
        inner join marts.mart_budget_absorption as annual using (tahun, sub_kegiatan_key,
                                                                 sumber_dana, jenis)
        order by 1, 2, 3, 4
        """
    )
    assert len(rows) == 32 * 12  # every spending line, every month, zeros included
    running: dict[tuple, Decimal] = {}
    for kode, sumber, jenis, bulan, month, cumulative, sisa, annual, annual_sisa in rows:
        line = (kode, sumber, jenis)
        running[line] = running.get(line, Decimal(0)) + month
        assert cumulative == running[line], (line, bulan)
        if bulan == 12:
            assert (cumulative, sisa) == (annual, annual_sisa), line
    october = sample_run.query(
        "select realisasi_kumulatif_pct from marts.mart_budget_absorption_monthly "
        "where sub_kegiatan_key = '2.08.01.1.06.0007' and bulan in (9, 10) order by bulan"
    )
    assert october[1][0] < october[0][0]  # the correction bends the curve down


def test_lineage_runs_from_the_ingest_asset_to_the_marts():
    from dagster_project.definitions import defs

    graph = defs.resolve_asset_graph()
    assert graph.get(dg.AssetKey(["staging", "stg_anggaran__lines"])).parent_keys == {
        dg.AssetKey(["raw", "anggaran"])}
    upstream = graph.get(dg.AssetKey(["marts", "mart_budget_absorption"])).parent_keys
    assert dg.AssetKey(["marts", "fct_realisation"]) in upstream


@pytest.fixture(scope="module")
def overspent_run(tmp_path_factory):
    """A small export whose line goes above its pagu, and one negative that is no correction."""
    root = tmp_path_factory.mktemp("overspent")
    landing = root / "landing"  # only this file: the other sources' folders are empty
    rows = [
        anggaran_row(1, "1.500.000", sisa="780.000"),
        anggaran_row(2, "1.000.000", sisa="(220.000)"),  # 2.500.000 against a pagu of 2.280.000
        anggaran_row(1, "100.000", **{"Kode Rekening": "2.08.01.1.08.02",
                                       "Sub Kegiatan": "Penyediaan Jasa Komunikasi"}),
        anggaran_row(2, "(300.000)", **{"Kode Rekening": "2.08.01.1.08.02",
                                         "Sub Kegiatan": "Penyediaan Jasa Komunikasi"}),
    ]
    write_anggaran_csv(landing / "anggaran" / "realisasi_2023.csv", rows, jumlah="2.300.000")
    run = run_on(make_settings(root, landing))
    assert run.outcome.success, run.outcome.failed_steps
    return run


def test_realisation_above_pagu_is_a_finding_not_a_rejection(overspent_run):
    findings = overspent_run.query(
        "select check_name, month_key, expected, actual, difference, message "
        "from marts.data_quality_findings where source = 'anggaran' order by check_name"
    )
    assert findings == [(
        "realisasi_above_pagu", 202302, 2_280_000, 2_500_000, -220_000,
        "realisasi 2.08.01.1.08.0001 (PAD, Belanja Barang dan Jasa) mencapai 2.500.000 sampai "
        "bulan 2, melebihi pagunya 2.280.000",
    ), (
        # The JUMLAH (2.300.000) counts the quarantined negative: the rows loaded do not add
        # up to it, and the ledger does not call it reconciled.
        "total_row_sum", None, 2_300_000, 2_600_000, -300_000,
        "baris JUMLAH menyebut realisasi = 2.300.000 dan jumlah baris dengan kelompok = Belanja "
        "yang dibaca sama, tetapi baris yang dikarantina di antaranya berisi -300.000: jumlah "
        "baris yang dimuat 2.600.000",
    )]  # the stated sisa (220.000) agrees
    assert overspent_run.query(
        "select realisasi, sisa from marts.mart_budget_absorption "
        "where sub_kegiatan_key = '2.08.01.1.08.0001'"
    ) == [(2_500_000, -220_000)]


def test_a_negative_that_is_no_correction_is_quarantined(overspent_run):
    assert overspent_run.query(
        "select source_row, column_name, value from raw.anggaran_quarantine"
    ) == [(5, "Realisasi", "(300.000)")]
