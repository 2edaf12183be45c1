"""A SIPD realisation export written per belanja account, through the whole pipeline: every
account loads, the line subtotals SIPD writes above the accounts are dropped (never counted
twice), each line's pagu, pagu perubahan, realisasi and sisa are the sums of its accounts in
every budget mart and in the annex, and the same figures exported per line (another year)
give the very same marts."""

from __future__ import annotations

import duckdb
import pytest

from report import budget
from tests.conftest import make_settings, run_on
from tests.helpers import (
    BJ,
    MODAL,
    SIPD_ACCOUNTS,
    SIPD_LINE_HEADER,
    rupiah,
    sipd_account_rows,
    sipd_line_rows,
    write_sipd_csv,
)

ACCOUNT_FILE, LINE_FILE = "sipd_realisasi_per_rekening_2023.csv", "sipd_realisasi_2022.csv"
PP, SURAT, PKA = "2.08.03.1.01.0002", "2.08.01.1.08.0001", "2.08.07.1.02.0001"
MAKAN_MINUM = "5.1.02.01.01.0052"  # of PKA: its month-2 sisa is stated 100.000 too high


def _account_export() -> list[dict[str, str]]:
    """SIPD's layout: each line's row (its subtotal) above the line's account rows; one
    account's sisa misstated (and the subtotal above it adding it up as written)."""
    accounts, lines = sipd_account_rows(), sipd_line_rows()
    rows = []
    for line in lines:
        same = [row for row in accounts if all(row[name] == line[name] for name in (
            "Bulan", "Kode Sub Kegiatan", "Sumber Dana", "Jenis Belanja"))]
        if (line["Bulan"], line["Kode Sub Kegiatan"]) == ("2", PKA):
            for row in (line, *(row for row in same
                                if row["Kode Rekening"].startswith(MAKAN_MINUM))):
                stated = int(row["Sisa Anggaran"].replace(".", "").replace(",00", ""))
                row["Sisa Anggaran"] = rupiah(stated + 100_000)
        rows += [line, *same]
    return rows


@pytest.fixture(scope="module")
def account_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("accounts")
    landing = root / "landing"
    total = sum(sum(akun.realisasi) for akun in SIPD_ACCOUNTS)
    write_sipd_csv(landing / "anggaran" / ACCOUNT_FILE, _account_export(), jumlah=total)
    write_sipd_csv(landing / "anggaran" / LINE_FILE, sipd_line_rows(tahun=2022),
                   header=SIPD_LINE_HEADER, jumlah=total)
    run = run_on(make_settings(root, landing))
    assert run.outcome.success, run.outcome.failed_steps
    return run


def test_every_account_loads_and_the_subtotals_are_dropped(account_run):
    [(read, loaded, quarantined, dropped, message)] = account_run.query(
        "select rows_read, rows_loaded, rows_quarantined, rows_dropped, message "
        "from raw.ingest_ledger where file_name = ?", [ACCOUNT_FILE])
    # 11 accounts x 2 months; 4 lines x 2 months of subtotal rows and the JUMLAH row dropped
    assert (read, loaded, quarantined, dropped) == (31, 22, 0, 9)
    assert "8 baris sub kegiatan yang sama dengan jumlah baris rekening belanjanya" in message
    assert "1 baris jumlah dibuang dan dicocokkan" in message
    assert account_run.query(
        "select count(*), count(distinct akun_belanja_kode) from marts.fct_realisation_akun "
        "where tahun = 2023") == [(22, 9)]  # 11 accounts: two codes serve two lines each


def test_the_line_is_the_sum_of_its_accounts(account_run):
    pagu = account_run.query(
        "select sub_kegiatan_key, jenis_key, pagu_murni, pagu_perubahan, pagu, pergeseran "
        "from marts.fct_pagu where tahun = 2023 order by 1, 2")
    assert pagu == [
        (SURAT, BJ, 2_280_000, None, 2_280_000, 0),
        (PP, BJ, 65_500_000, None, 65_500_000, 0),
        (PP, MODAL, 24_000_000, None, 24_000_000, 0),
        # one account of four revised 3.000.000 -> 3.500.000: the line's P-DPA ceiling
        # counts the three unchanged accounts with their original ceilings
        (PKA, BJ, 32_684_000, 33_184_000, 33_184_000, 500_000),
    ]
    months = account_run.query(
        "select sub_kegiatan_key, jenis_key, month_key, realisasi, is_koreksi "
        "from marts.fct_realisation where tahun = 2023 order by 1, 2, 3")
    assert months == [
        (SURAT, BJ, 202301, 365_000, False), (SURAT, BJ, 202302, 515_000, False),
        # month 2 holds the refund of -200.000 on Bahan Cetak: the line's month is no
        # correction as a whole, the account's is
        (PP, BJ, 202301, 3_700_000, False), (PP, BJ, 202302, 18_550_000, False),
        (PP, MODAL, 202301, 5_400_000, False), (PP, MODAL, 202302, 17_850_000, False),
        (PKA, BJ, 202301, 5_670_000, False), (PKA, BJ, 202302, 7_450_000, False),
    ]
    assert account_run.query(
        "select akun_belanja_kode, month_key, realisasi from marts.fct_realisation_akun "
        "where is_koreksi") == [("5.1.02.01.01.0026", 202302, -200_000)]


def test_absorption_marts_and_the_office_total(account_run):
    by_sub = account_run.query(
        "select sub_kegiatan_key, pagu, realisasi, sisa, realisasi_pct "
        "from marts.mart_budget_absorption_by_sub_kegiatan where tahun = 2023 order by 1")
    assert by_sub == [
        (SURAT, 2_280_000, 880_000, 1_400_000, 38.6),
        (PP, 89_500_000, 45_500_000, 44_000_000, 50.84),
        (PKA, 33_184_000, 13_120_000, 20_064_000, 39.54),
    ]
    summary = {(dimensi, nilai): (pagu, realisasi, sisa) for dimensi, nilai, pagu, realisasi,
               sisa in account_run.query(
                   "select dimensi, nilai, pagu, realisasi, sisa from marts.mart_budget_summary "
                   "where tahun = 2023")}
    assert summary[("total", "Semua")] == (124_964_000, 59_500_000, 65_464_000)
    assert summary[("jenis", MODAL)] == (24_000_000, 23_250_000, 750_000)
    assert summary[("sumber_dana", "PAD")] == (2_280_000, 880_000, 1_400_000)
    # The export reports January and February: the S-curve ends there (no month 3–12 row).
    last = account_run.query(
        "select bulan, sum(realisasi_kumulatif), sum(sisa) "
        "from marts.mart_budget_absorption_monthly where tahun = 2023 "
        "group by bulan order by bulan desc limit 1")
    assert last == [(2, 59_500_000, 65_464_000)]


def test_the_annex_tables_show_the_line_sums(account_run):
    con = duckdb.connect(str(account_run.settings.warehouse), read_only=True)
    try:
        table_6, table_7, table_8 = (make(con, 2023) for make in (
            budget.table_6, budget.table_7, budget.table_8))
    finally:
        con.close()
    assert [row[2:5] for row in table_6.rows] == [[2_280_000, 880_000, 1_400_000]]
    assert [(row[2], row[3], row[5]) for row in table_7.rows] == [
        (89_500_000, 45_500_000, 44_000_000)]
    assert [(row[2], row[3], row[5]) for row in table_8.rows] == [
        (33_184_000, 13_120_000, 20_064_000)]


def test_the_sisa_finding_names_the_account(account_run):
    findings = account_run.query(
        "select check_name, month_key, expected, actual, difference, message "
        "from marts.data_quality_findings where source = 'anggaran' "
        "and month_key between 202301 and 202312")
    # Every other account row states its own pagu minus its own realisation so far: no
    # finding (reckoned per line, every account row would be one).
    assert findings == [(
        "sisa_reconcile", 202302, 2_850_000, 2_750_000, 100_000,
        f"sisa {PKA} / {MAKAN_MINUM} (DAK NF, Belanja Barang dan Jasa) bulan 2 tertulis "
        "2.850.000, padahal pagu 6.600.000 dikurangi realisasi sampai bulan itu 3.850.000 "
        "adalah 2.750.000")]


@pytest.mark.parametrize("mart", [
    "mart_budget_absorption", "mart_budget_absorption_monthly", "mart_budget_pergeseran",
    "mart_budget_summary", "mart_budget_absorption_by_sub_kegiatan"])
def test_written_per_account_or_per_line_the_marts_are_the_same(account_run, mart):
    """2022 holds the same figures exported per line: every budget mart's rows agree."""
    rows = {year: sorted(tuple(str(value) for value in row) for row in account_run.query(
        f"select * exclude (tahun{', month_key' if 'monthly' in mart else ''}) "
        f"from marts.{mart} where tahun = ?", [year])) for year in (2022, 2023)}
    assert rows[2023] and rows[2022] == rows[2023]
