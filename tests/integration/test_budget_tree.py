"""A SIPD realisation report written as a tree in one code column (program, kegiatan, sub
kegiatan, then each belanja account below its parent accounts; above them, as an LRA writes
it, the PENDAPATAN section: revenue accounts below theirs), through the whole pipeline: every
leaf account loads once (a belanja account under its sub kegiatan, a revenue account as an
account of its objek's revenue line, 4.1.02.01, of PAD) with its jenis read from its code,
every subtotal row of the tree is dropped and reconciled, the line and office totals in the
marts are the file's own, and the same figures exported flat (another year) give the very
same marts."""

from __future__ import annotations

import pytest

from tests.conftest import make_settings, run_on
from tests.helpers import (
    BJ,
    MODAL,
    RETRIBUSI,
    SIPD_REVENUE,
    SIPD_TREE_ACCOUNTS,
    SIPD_TREE_HEADER,
    sipd_account_rows,
    sipd_revenue_line_rows,
    sipd_tree_rows,
    write_sipd_csv,
)

TREE_FILE, FLAT_FILE = "sipd_lra_pohon_2023.csv", "sipd_realisasi_per_rekening_2022.csv"
JANGKAU, PP, PKA = "2.08.03.1.01.0001", "2.08.03.1.01.0002", "2.08.07.1.02.0001"
JASA_UMUM = "4.1.02.01"


@pytest.fixture(scope="module")
def tree_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("tree")
    landing = root / "landing"
    total = sum(sum(akun.realisasi) for akun in SIPD_TREE_ACCOUNTS)
    write_sipd_csv(landing / "anggaran" / TREE_FILE, sipd_tree_rows(revenue=SIPD_REVENUE),
                   header=SIPD_TREE_HEADER, jumlah=total)
    write_sipd_csv(landing / "anggaran" / FLAT_FILE,
                   [*sipd_revenue_line_rows(tahun=2022),
                    *sipd_account_rows(SIPD_TREE_ACCOUNTS, tahun=2022)], jumlah=total)
    run = run_on(make_settings(root, landing))
    assert run.outcome.success, run.outcome.failed_steps
    return run


def test_every_leaf_account_loads_once_and_every_subtotal_is_reconciled(tree_run):
    [(read, loaded, quarantined, dropped, message)] = tree_run.query(
        "select rows_read, rows_loaded, rows_quarantined, rows_dropped, message "
        "from raw.ingest_ledger where file_name = ?", [TREE_FILE])
    # 11 leaf belanja accounts and 2 revenue accounts x 2 months; a month's 41 subtotal rows
    # (2 programs, 2 kegiatan, 3 sub kegiatan, 28 parent belanja accounts, 6 parent revenue
    # accounts) x 2 and the JUMLAH row (of the belanja) dropped
    assert (read, loaded, quarantined, dropped) == (109, 26, 0, 83)
    assert read == loaded + quarantined + dropped
    assert "82 baris subtotal pohon anggaran" in message
    assert "1 baris jumlah dibuang dan dicocokkan" in message
    assert "4 baris pendapatan tanpa Sumber Dana dibaca sebagai PAD" in message
    assert tree_run.query("select count(*) from raw.anggaran_quarantine") == [(0,)]
    assert tree_run.query(
        "select kelompok, count(*), count(distinct akun_belanja_kode) "
        "from marts.fct_realisation_akun where tahun = 2023 group by 1 order by 1") == [
        ("Belanja", 22, 7),  # 11 accounts: two codes serve two lines each
        ("Pendapatan", 4, 2)]  # two revenue accounts of one line


def test_the_lines_are_the_sums_of_their_leaf_accounts(tree_run):
    assert tree_run.query(
        "select sub_kegiatan_key, sumber_dana_key, jenis_key, pagu_murni, pagu_perubahan, pagu "
        "from marts.fct_pagu where tahun = 2023 order by 1, 3") == [
        # one account revised 11.500.000 -> 12.500.000, one 3.000.000 -> 3.500.000: the
        # jenis read from each account's code (5.1.02 / 5.2)
        (JANGKAU, "DAU", BJ, 15_700_000, 16_700_000, 16_700_000),
        (PP, "DAK NF", BJ, 65_500_000, None, 65_500_000),
        (PP, "DAK NF", MODAL, 24_000_000, None, 24_000_000),
        (PKA, "DAK NF", BJ, 32_684_000, 33_184_000, 33_184_000),
        # the revenue line 4.1.02.01: its two accounts' targets
        (JASA_UMUM, "PAD", RETRIBUSI, 30_000_000, None, 30_000_000),
    ]
    assert tree_run.query(
        "select sub_kegiatan_key, jenis_key, month_key, realisasi from marts.fct_realisation "
        "where tahun = 2023 order by 1, 2, 3") == [
        (JANGKAU, BJ, 202301, 1_050_000), (JANGKAU, BJ, 202302, 6_950_000),
        (PP, BJ, 202301, 3_700_000), (PP, BJ, 202302, 18_550_000),
        (PP, MODAL, 202301, 5_400_000), (PP, MODAL, 202302, 17_850_000),
        (PKA, BJ, 202301, 5_670_000), (PKA, BJ, 202302, 7_450_000),
        (JASA_UMUM, RETRIBUSI, 202301, 2_500_000), (JASA_UMUM, RETRIBUSI, 202302, 2_250_000),
    ]


def test_the_revenue_is_the_files_own(tree_run):
    """The PENDAPATAN section's leaves as the office's revenue: the file's 4.1.02.01
    Retribusi Jasa Umum row states a target of 30.000.000 and 2.500.000 + 2.250.000
    received; each account stays apart in the account facts."""
    assert tree_run.query(
        "select akun_kode, nama_akun, nama_kegiatan, bidang_key, sumber_dana, jenis, "
        "target_murni, target, realisasi, selisih, capaian_pct from marts.mart_revenue "
        "where tahun = 2023") == [
        (JASA_UMUM, "Retribusi Jasa Umum", "Retribusi Daerah", None, "PAD", RETRIBUSI,
         30_000_000, 30_000_000, 4_750_000, -25_250_000, 15.83)]
    assert tree_run.query(
        "select akun_belanja_kode, sum(realisasi) from marts.fct_realisation_akun "
        "where tahun = 2023 and kelompok = 'Pendapatan' group by 1 order by 1") == [
        ("4.1.02.01.01.0001", 3_500_000), ("4.1.02.01.02.0001", 1_250_000)]


def test_the_office_total_is_the_files_own(tree_run):
    by_sub = tree_run.query(
        "select sub_kegiatan_key, nama_sub_kegiatan, pagu, realisasi, sisa, realisasi_pct "
        "from marts.mart_budget_absorption_by_sub_kegiatan where tahun = 2023 order by 1")
    assert by_sub == [
        (JANGKAU, "Penjangkauan Korban Kekerasan terhadap Perempuan", 16_700_000, 8_000_000,
         8_700_000, 47.9),
        (PP, "Penyediaan Layanan Pengelolaan Kasus", 89_500_000, 45_500_000, 44_000_000,
         50.84),
        (PKA, "Penyediaan Layanan bagi Anak yang Memerlukan Perlindungan Khusus", 33_184_000,
         13_120_000, 20_064_000, 39.54),
    ]
    summary = {(dimensi, nilai): (pagu, realisasi, sisa) for dimensi, nilai, pagu, realisasi,
               sisa in tree_run.query(
                   "select dimensi, nilai, pagu, realisasi, sisa from marts.mart_budget_summary "
                   "where tahun = 2023")}
    # the file's program rows of month 2: 2.08.03 105.200.000 (P-DPA 106.200.000), 2.08.07
    # 32.684.000 (P-DPA 33.184.000); realisation 10.150.000 + 5.670.000 in month 1,
    # 43.350.000 + 7.450.000 in month 2
    assert summary[("total", "Semua")] == (139_384_000, 66_620_000, 72_764_000)
    assert summary[("jenis", MODAL)] == (24_000_000, 23_250_000, 750_000)
    assert summary[("sumber_dana", "DAU")] == (16_700_000, 8_000_000, 8_700_000)


@pytest.mark.parametrize("mart", [
    "mart_budget_absorption", "mart_budget_absorption_monthly", "mart_budget_pergeseran",
    "mart_budget_summary", "mart_budget_absorption_by_sub_kegiatan", "mart_revenue"])
def test_written_as_a_tree_or_flat_per_account_the_marts_are_the_same(tree_run, mart):
    """2022 holds the same figures exported flat per account (the revenue with its fund
    stated): every budget mart agrees."""
    rows = {year: sorted(tuple(str(value) for value in row) for row in tree_run.query(
        f"select * exclude (tahun{', month_key' if 'monthly' in mart else ''}) "
        f"from marts.{mart} where tahun = ?", [year])) for year in (2022, 2023)}
    assert rows[2023] and rows[2022] == rows[2023]
