"""Offices that export one month per file, without Bulan and Tahun columns, through the whole
pipeline: January's month read from its title, February's from its file name, a corrected
February replacing only February; a file whose title and name disagree and a cumulative
("s.d. Bulan Maret") file refused with the reason; the monthly budget mart holds January and
February only, with the figures of the files that loaded; an LRA saying it is the APBD
Perubahan gives the pergeseran mart its Pagu Perubahan."""

from __future__ import annotations

import os

import pytest

from tests.conftest import make_settings, run_on
from tests.helpers import rupiah
from tests.unit.test_anggaran import _RAISED, _lra_workbook, _sheet_rows
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


@pytest.fixture(scope="module")
def apbd_p_months(tmp_path_factory):
    """August's LRA with a plain Pagu, then September's: sheet `APBD Perubahan`, title `LRA
    APBD PERUBAHAN BULAN SEPTEMBER 2023`, its plain Pagu 20.000.000 above August's."""
    root = tmp_path_factory.mktemp("apbd-p-months")
    folder = root / "landing" / "anggaran"
    folder.mkdir(parents=True)
    august = _lra_workbook(folder / "lra_2023_08.xlsx",
                           [("LRA", _sheet_rows("LRA BULAN AGUSTUS 2023"))])
    september = _lra_workbook(folder / "lra_2023_09.xlsx", [(
        "APBD Perubahan", _sheet_rows("LRA APBD PERUBAHAN BULAN SEPTEMBER 2023", _RAISED))])
    for age, path in enumerate((september, august)):  # August lands first
        os.utime(path, ns=(1_700_000_000_000_000_000 - age, 1_700_000_000_000_000_000 - age))
    run = run_on(make_settings(root, root / "landing"))
    assert run.outcome.success, run.outcome.failed_steps
    return run


def test_the_apbd_ps_plain_pagu_is_the_pagu_perubahan_in_the_pergeseran_mart(apbd_p_months):
    """September's plain Pagu was loaded as the Pagu Murni: the pergeseran mart showed
    murni = perubahan = 265.000.000, `tetap`. Now August's figure is the murni and
    September's the perubahan."""
    assert apbd_p_months.query(
        "select bulan, kode_rekening, pagu_murni, pagu_perubahan from raw.anggaran "
        "order by bulan, kode_rekening") == [
        (8, "2.08.01.1.08.0001", 80_000_000, None),
        (8, "2.08.03.1.01.0002", 245_000_000, None),
        (8, "2.08.07.1.01.0001", 150_000_000, None),
        (9, "2.08.01.1.08.0001", 80_000_000, 100_000_000),
        (9, "2.08.03.1.01.0002", 245_000_000, 265_000_000),
        (9, "2.08.07.1.01.0001", 150_000_000, 170_000_000)]
    assert apbd_p_months.query(
        "select sub_kegiatan_key, pagu_murni, pagu_perubahan, pergeseran, status_pergeseran "
        "from marts.mart_budget_pergeseran where tahun = 2023 order by 1") == [
        ("2.08.01.1.08.0001", 80_000_000, 100_000_000, 20_000_000, "bertambah"),
        ("2.08.03.1.01.0002", 245_000_000, 265_000_000, 20_000_000, "bertambah"),
        ("2.08.07.1.01.0001", 150_000_000, 170_000_000, 20_000_000, "bertambah")]
