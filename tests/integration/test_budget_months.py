"""A SIPD realisation export of January–March only, through the whole pipeline: the months
not reported yet are absent from the monthly budget mart (never a realisation of 0), the
S-curve stops at March, every budget table and chart of the annex says the data covers
Januari–Maret 2023, the budget export's metadata states it; and tables 7 and 8 ("… dari DAK
NF") count the program's DAK NF lines only, not a PAD-funded sub kegiatan beside them."""

from __future__ import annotations

import json

import duckdb
import pytest

from report import budget, build_annex
from report import charts as chart_specs
from report.tables import SPECS
from tests.conftest import make_settings, run_on
from tests.helpers import BJ, Akun, sipd_account_rows, write_sipd_csv

FILE = "sipd_realisasi_per_rekening_2023.csv"
PP_DAK, PP_PAD, PKA_DAK = "2.08.03.1.01.0002", "2.08.03.1.02.0001", "2.08.07.1.02.0001"
ACCOUNTS = (
    Akun(PP_DAK, "5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis "
         "Kantor", "DAK NF", BJ, 20_000_000, None, (2_000_000, 3_000_000, 1_000_000)),
    Akun(PP_DAK, "5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa", "DAK NF", BJ,
         30_000_000, None, (0, 6_000_000, 4_000_000)),
    # The same program's sub kegiatan paid from PAD: in Bab II's PAD row, not in table 7.
    Akun(PP_PAD, "5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat", "PAD", BJ,
         10_000_000, None, (1_500_000, 2_500_000, 1_000_000)),
    Akun(PKA_DAK, "5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat", "DAK NF", BJ,
         8_000_000, None, (1_000_000, 1_000_000, 2_000_000)),
)


@pytest.fixture(scope="module")
def first_quarter(tmp_path_factory):
    root = tmp_path_factory.mktemp("first-quarter")
    landing = root / "landing"
    write_sipd_csv(landing / "anggaran" / FILE, sipd_account_rows(ACCOUNTS),
                   jumlah=sum(sum(akun.realisasi) for akun in ACCOUNTS))
    run = run_on(make_settings(root, landing))
    assert run.outcome.success, run.outcome.failed_steps
    return run


def test_months_not_reported_are_absent_not_zero(first_quarter):
    assert first_quarter.query(
        "select bulan_awal, bulan_akhir, is_tahun_penuh from marts.mart_source_coverage "
        "where source = 'anggaran' and tahun = 2023") == [(1, 3, False)]
    months = first_quarter.query(
        "select bulan, count(*), sum(realisasi), sum(realisasi_kumulatif), sum(sisa) "
        "from marts.mart_budget_absorption_monthly where tahun = 2023 group by bulan order by 1")
    # 3 lines; pagu 68.000.000; realised 4.500.000, 12.500.000 and 8.000.000 by month
    assert months == [(1, 3, 4_500_000, 4_500_000, 63_500_000),
                      (2, 3, 12_500_000, 17_000_000, 51_000_000),
                      (3, 3, 8_000_000, 25_000_000, 43_000_000)]


def test_tables_7_and_8_count_dak_nf_only(first_quarter):
    con = duckdb.connect(str(first_quarter.settings.warehouse), read_only=True)
    try:
        table_7, table_8 = budget.table_7(con, 2023), budget.table_8(con, 2023)
        by_sub = dict(con.execute(
            "select sub_kegiatan_key, pagu from marts.mart_budget_absorption_by_sub_kegiatan "
            "where tahun = 2023").fetchall())
    finally:
        con.close()
    # The PAD sub kegiatan is the program's too: the all-funds mart holds it, table 7 not.
    assert by_sub[PP_PAD] == 10_000_000
    assert [row[1:] for row in table_7.rows] == [
        ["Penyediaan Layanan Pengelolaan Kasus", 50_000_000, 16_000_000, 32.0, 34_000_000,
         68.0]]
    assert table_7.total[2:] == [50_000_000, 16_000_000, 32.0, 34_000_000, 68.0]
    assert [row[2:] for row in table_8.rows] == [[8_000_000, 4_000_000, 50.0, 4_000_000,
                                                 50.0]]


def test_the_annex_says_which_months_it_covers(first_quarter, tmp_path, monkeypatch):
    con = duckdb.connect(str(first_quarter.settings.warehouse), read_only=True)
    try:
        annex = build_annex(con, 2023, tmp_path / "id")
        figure = chart_specs.budget_absorption(con, 2023, {})
        monkeypatch.setenv("SATUDATA_LANG", "en")
        english = next(spec for spec in SPECS if spec.number == "7").table(con, 2023)
    finally:
        con.close()
    titles = {table.number: table.title for table in annex.tables}
    assert set(titles) == {"Bab II", "7", "8", "8b"}  # no Program Penunjang line: no table 6
    for number, title in titles.items():
        assert title.endswith("(data Januari–Maret 2023)"), (number, title)
        table = next(table for table in annex.tables if table.number == number)
        assert "Data hanya mencakup Januari–Maret 2023" in " ".join(table.notes)
    assert titles["7"] == ("Realisasi Belanja Program Perlindungan Perempuan dari DAK NF "
                           "(data Januari–Maret 2023)")
    assert english.title.endswith("from DAK NF (data January–March 2023)")
    assert "The data covers January–March 2023 only" in english.notes[-1]
    [chart] = [chart for chart in annex.charts if chart.name == "serapan_anggaran"]
    assert chart.title.endswith(", Januari–Maret 2023")
    # The S-curve's lines end at March: no point drawn for April–December.
    curve = figure.axes[1]
    assert {max(line.get_xdata()) for line in curve.get_lines()} == {3}
    all_spending = curve.get_lines()[-1].get_ydata()
    assert [round(value, 2) for value in all_spending] == [6.62, 25.0, 36.76]


def test_the_budget_export_states_the_months_covered(first_quarter):
    folder = first_quarter.settings.exports / "serapan-anggaran-per-program-dan-sumber-dana"
    payload = json.loads((folder / "ckan.json").read_text(encoding="utf-8"))
    extras = {extra["key"]: extra["value"] for extra in payload["extras"]}
    assert "Januari–Maret 2023" in extras["cakupan_periode"]
    assert extras["periode_akhir"] == "2023-03"
