"""Offices that export one month per file, without Bulan and Tahun columns, through the whole
pipeline: January's month read from its title, February's from its file name, a corrected
February replacing only February; a file whose title and name disagree and a cumulative
("s.d. Bulan Maret") file refused with the reason; the monthly budget mart holds January and
February only, with the figures of the files that loaded."""

from __future__ import annotations

import pytest

from tests.conftest import make_settings, run_on
from tests.helpers import rupiah
from tests.unit.test_anggaran_month_of_file import WITHOUT_PERIOD, month_csv


@pytest.fixture(scope="module")
def month_files(tmp_path_factory):
    root = tmp_path_factory.mktemp("month-files")
    folder = root / "landing" / "anggaran"
    month_csv(folder / "lra_dp3a_januari.csv", 1,
              ["LAPORAN REALISASI ANGGARAN", "Periode: 01/01/2023 s/d 31/01/2023"])
    month_csv(folder / "realisasi_2023_02.csv", 2, ["LAPORAN REALISASI ANGGARAN DP3A"])
    # February corrected (every account 1.000.000): replaces February, not January
    month_csv(folder / "realisasi_2023_02_perbaikan.csv", 2,
              ["REALISASI ANGGARAN BULAN FEBRUARI 2023"], realisasi=rupiah(1_000_000))
    month_csv(folder / "realisasi_2023_04.csv", 3, ["REALISASI ANGGARAN BULAN MARET 2023"])
    cumulative = [name if name != "Realisasi Bulan Ini" else "Realisasi"
                  for name in WITHOUT_PERIOD]
    month_csv(folder / "lra_kumulatif.csv", 3,
              ["LAPORAN REALISASI ANGGARAN S.D. BULAN MARET 2023"], header=cumulative)
    run = run_on(make_settings(root, root / "landing"))
    assert run.outcome.success, run.outcome.failed_steps
    return run


def test_the_ledger_says_where_each_month_came_from(month_files):
    ledger = dict(month_files.query(
        "select file_name, status || ': ' || message from raw.ingest_ledger "
        "where source = 'anggaran'"))
    assert "Bulan 1 dibaca dari baris judul 2 ('01/01/2023 s/d 31/01/2023')" in ledger[
        "lra_dp3a_januari.csv"]
    assert "Bulan 2 dibaca dari nama berkas ('2023 02')" in ledger["realisasi_2023_02.csv"]
    assert ledger["realisasi_2023_04.csv"].startswith("rejected: ")
    assert ("baris judul 1 ('bulan maret 2023') dan nama berkas ('2023 04')"
            in ledger["realisasi_2023_04.csv"])
    assert ledger["lra_kumulatif.csv"].startswith("rejected: ")
    assert "kumulatif" in ledger["lra_kumulatif.csv"]


def test_the_marts_hold_the_months_of_the_files_that_loaded(month_files):
    months = month_files.query(
        "select bulan, count(*), sum(realisasi), sum(realisasi_kumulatif) "
        "from marts.mart_budget_absorption_monthly where tahun = 2023 group by bulan "
        "order by 1")
    # 4 lines. January: 15.135.000 realised. February: the correction's 11 accounts at
    # 1.000.000 each, not the first February file's figures; no March (both refused).
    assert months == [(1, 4, 15_135_000, 15_135_000), (2, 4, 11_000_000, 26_135_000)]
    assert month_files.query(
        "select bulan_awal, bulan_akhir from marts.mart_source_coverage "
        "where source = 'anggaran' and tahun = 2023") == [(1, 2)]
