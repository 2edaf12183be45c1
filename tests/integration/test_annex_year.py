"""The pipeline builds the annex for the latest year that is over *and* reported through
December by its monthly sources, decided from the coverage mart of real runs: a year reported
only to March is skipped with the reason said; with no complete year, the latest past year
is built, labelled with the months it covers."""

from __future__ import annotations

import csv
import datetime as dt

import dagster as dg
import duckdb
import pytest
from openpyxl import load_workbook

from report.annex import annex_year, partial_years
from satudata.cli import _summary
from tests.conftest import SAMPLE_LANDING, make_settings, run_on

ANNEX = dg.AssetKey(["reports", "annual_report_annex"])


BUDGET = SAMPLE_LANDING / "anggaran" / "realisasi_anggaran_dp3a_2023.csv"


def budget_extract(target, year: int, last_month: int) -> None:
    """The sample's budget realisation as the extract of `year` taken after `last_month`
    ended: its rows of January–`last_month` (the JUMLAH row left out when cut)."""
    with open(BUDGET, encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter=";"))
    kept = [[str(year), *row[1:]] for row in rows
            if row[0] != "JUMLAH" and int(row[1]) <= last_month]
    assert {int(row[1]) for row in kept} == set(range(1, last_month + 1))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *kept])


def annex_metadata(instance: dg.DagsterInstance) -> dict:
    event = instance.get_latest_materialization_event(ANNEX)
    return {key: value.value for key, value in event.asset_materialization.metadata.items()}


@pytest.fixture(autouse=True)
def indonesian(monkeypatch):
    monkeypatch.delenv("SATUDATA_LANG", raising=False)


def summary_of(run, capfd) -> str:
    """What `satudata run` prints after this run, checked for Dagster's own log lines."""
    _out, errors = capfd.readouterr()
    assert " - dagster - " not in errors, errors[-3000:]
    _summary(run.settings, run.outcome)
    printed, errors = capfd.readouterr()
    assert " - dagster - " not in printed + errors
    return printed


def test_a_year_reported_to_march_is_skipped_for_the_complete_year_before_it(tmp_path, capfd):
    landing = tmp_path / "landing"
    budget_extract(landing / "anggaran" / "realisasi_anggaran_dp3a_2023.csv", 2023, 3)
    instance = dg.DagsterInstance.ephemeral()
    settings = make_settings(tmp_path, landing)

    # Only 2023, reported to March: no year is complete, so 2023 is built, labelled partial.
    first = run_on(settings, instance)
    assert first.outcome.success, first.outcome.failed_steps
    assert first.query("select source, tahun, bulan_akhir from marts.mart_source_coverage"
                       ) == [("anggaran", 2023, 3)]
    meta = annex_metadata(instance)
    assert (meta["year"], meta["complete"], meta["skipped_years"]) == (2023, False, "tidak ada")
    assert meta["why_this_year"].startswith(
        "2023: belum ada tahun yang sudah berakhir yang semua sumber bulanannya dilaporkan "
        "sampai Desember")
    assert meta["why_this_year"].endswith("(Baris realisasi anggaran dari sistem keuangan "
                                          "daerah baru dilaporkan sampai Maret).")
    # The officer reads why in the run's summary, not as a Dagster log line.
    assert first.outcome.notes == [f"Lampiran laporan tahunan: {meta['why_this_year']}"]
    assert f"\nLampiran laporan tahunan: {meta['why_this_year']}\n" in summary_of(first, capfd)
    book = load_workbook(settings.reports / "2023" / "lampiran_statistik_2023.xlsx")
    headings = [sheet["A1"].value or "" for sheet in book.worksheets]
    assert any("Januari–Maret 2023" in heading for heading in headings), headings

    # The whole budget of 2022 arrives: 2022 is the latest complete year, 2023 is skipped.
    budget_extract(landing / "anggaran" / "realisasi_anggaran_dp3a_2022.csv", 2022, 12)
    second = run_on(settings, instance)
    assert second.outcome.success, second.outcome.failed_steps
    assert second.query("select source, tahun, bulan_akhir from marts.mart_source_coverage "
                        "order by tahun") == [("anggaran", 2022, 12), ("anggaran", 2023, 3)]
    meta = annex_metadata(instance)
    assert (meta["year"], meta["complete"], meta["skipped_years"]) == (2022, True, "2023")
    why = meta["why_this_year"]
    assert why == ("2022: tahun terakhir yang sudah berakhir dan semua sumber bulanannya sudah "
                   "dilaporkan sampai Desember. Dilewati: 2023 (Baris realisasi anggaran dari "
                   "sistem keuangan daerah baru dilaporkan sampai Maret).")
    assert second.outcome.notes == [f"Lampiran laporan tahunan: {why}"]
    assert f"\nLampiran laporan tahunan: {why}\n" in summary_of(second, capfd)
    book = load_workbook(settings.reports / "2022" / "lampiran_statistik_2022.xlsx")
    headings = [sheet["A1"].value or "" for sheet in book.worksheets]
    assert not any("Januari–" in heading for heading in headings), headings

    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        # The calendar alone decides nothing: in 2023 the only year over is 2022, complete.
        assert annex_year(con, dt.date(2023, 6, 1)).year == 2022
        assert annex_year(con, dt.date(2023, 6, 1)).skipped == []
        assert annex_year(con, dt.date(2022, 6, 1)).year is None
    finally:
        con.close()


def test_a_year_whose_every_register_row_was_quarantined_is_named_so():
    """The UPTD register of 2024 loaded no row (every row quarantined): the annex skips 2024
    as partial, saying why; before, it said the register covered no month that had ended
    when it was loaded, sending the officer to the load date."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.mart_source_coverage as select * from (values "
                "('uptd', 2023, 1, 12, 'bulan', true, 322, 0), "
                "('uptd', 2024, null, null, 'bulan', false, 0, 40)) as coverage(source, "
                "tahun, bulan_awal, bulan_akhir, satuan_periode, is_tahun_penuh, "
                "jumlah_baris, baris_dikarantina)")
    assert partial_years(con) == {
        2024: "setiap baris Register kasus UPTD PPA dikarantina, tidak ada yang dimuat"}
    con.close()
