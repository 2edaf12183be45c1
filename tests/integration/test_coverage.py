"""A partial-year extract (SIMFONI 2024, January–March) through the whole pipeline: no month
after March 2024 in any mart or export, and the metadata says what the data covers."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from publish.spec import release
from tests.conftest import SAMPLE_LANDING, copy_landing, make_settings, run_on

BIN = Path(sys.executable).parent


def _partial_2024_extract(target: Path) -> collections.Counter:
    """SIMFONI-PPA 2024 as pulled at the start of April: the sample's January–March 2023
    victims with their dates moved to 2024. Returns the victims per month."""
    with open(SAMPLE_LANDING / "simfoni" / "simfoni_ppa_ntt_2023.csv", encoding="utf-8-sig",
              newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header, body = rows[0], rows[1:]
    lapor, kejadian, register = (header.index(name) for name in
                                 ("Tanggal Lapor", "Tanggal Kejadian", "No Registrasi"))
    kept, months = [], collections.Counter()
    for row in body:
        day, month, year = row[lapor].split("/")
        if int(month) > 3:
            continue
        try:  # the sample's deliberate 31 February is quarantined, in no month
            dt.date(2024, int(month), int(day))
        except ValueError:
            continue
        row[lapor] = f"{day}/{month}/2024"
        if row[kejadian]:
            row[kejadian] = row[kejadian][:-4] + str(int(row[kejadian][-4:]) + 1)
        row[register] = row[register].replace("-2023-", "-2024-")
        kept.append(row)
        months[int(month)] += 1
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows([header, *kept])
    return months


@pytest.fixture(scope="module")
def partial_year(tmp_path_factory):
    root = tmp_path_factory.mktemp("partial-year")
    landing = copy_landing(root / "landing", ("uptd",))
    (landing / "simfoni").mkdir()
    (landing / "simfoni" / "simfoni_ppa_ntt_2023.csv").write_bytes(
        (SAMPLE_LANDING / "simfoni" / "simfoni_ppa_ntt_2023.csv").read_bytes())
    months = _partial_2024_extract(landing / "simfoni" / "simfoni_ppa_ntt_2024.csv")
    run = run_on(make_settings(root, landing))
    assert run.outcome.success, run.outcome.failed_steps
    return run, months


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _extras(folder: Path) -> dict[str, str]:
    payload = json.loads((folder / "ckan.json").read_text(encoding="utf-8"))
    return {extra["key"]: extra["value"] for extra in payload["extras"]}


def test_coverage_is_read_from_the_extracts_loaded(partial_year):
    run, months = partial_year
    assert sum(months.values()) > 250 and sorted(months) == [1, 2, 3]
    coverage = run.query("select source, tahun, bulan_awal, bulan_akhir, jumlah_bulan, "
                         "is_tahun_penuh, cast(tanggal_data as varchar) "
                         "from marts.mart_source_coverage order by source, tahun")
    assert coverage == [("simfoni", 2023, 1, 12, 12, True, "2023-12-31"),
                        ("simfoni", 2024, 1, 3, 3, False, "2024-03-31"),
                        ("uptd", 2023, 1, 12, 12, True, "2023-12-31")]


def test_no_mart_holds_a_month_after_the_one_covered(partial_year):
    run, months = partial_year
    tables = [table for (table,) in run.query(
        "select table_name from duckdb_columns() where schema_name = 'marts' "
        "and column_name = 'month_key' and table_name <> 'dim_month' order by 1")]
    assert {"mart_cases_monthly_by_kategori", "mart_cases_monthly_by_bentuk",
            "mart_simfoni_reporting_rate", "fct_cases"} <= set(tables)
    for table in tables:
        assert run.query(f"select count(*) from marts.{table} "
                         "where month_key between 202404 and 202412") == [(0,)], table
    by_month = dict(run.query(
        "select bulan, sum(jumlah_korban) from marts.mart_cases_monthly_by_kategori "
        "where source = 'simfoni' and tahun = 2024 group by bulan order by bulan"))
    assert by_month == dict(months)  # every victim of the extract, in its month
    expected = run.query("select distinct laporan_diharapkan from "
                         "marts.mart_simfoni_reporting_rate_yearly where tahun = 2024")
    assert expected == [(3,)]  # April–December are not "not reported": they are not there
    assert run.query("select count(*) from marts.mart_simfoni_reporting_rate_yearly "
                     "where tahun = 2024") == [(22,)]


def test_no_export_holds_a_month_after_the_one_covered(partial_year):
    run, months = partial_year
    exports = run.settings.exports
    checked = 0
    for folder in sorted(p for p in exports.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.csv")):
            for row in _rows(path):
                if row.get("tahun") == "2024" and row.get("bulan"):
                    checked += 1
                    assert int(row["bulan"]) <= 3, (path.name, row)
    assert checked > 50
    totals = {int(row["bulan"]): row for row in _rows(
        exports / "korban-kekerasan-bulanan-per-kategori" /
        "korban-kekerasan-bulanan-per-kategori-jumlah.csv")
        if row["sumber"] == "simfoni" and row["tahun"] == "2024" and row["bulan"]
        and not row["kategori_korban"]}
    # The month totals a portal shows, April on absent; each exact unless the release's
    # protection model withholds it (then empty, and flagged).
    assert sorted(totals) == sorted(months)
    for month, row in totals.items():
        if row["jumlah_korban_ditahan"] == "true":
            assert row["jumlah_korban"] == ""
        else:
            assert int(row["jumlah_korban"]) == months[month]


def test_the_metadata_states_the_period_covered(partial_year):
    run, _months = partial_year
    exports = run.settings.exports
    for name in ("korban-kekerasan-bulanan-per-kategori", "pelaporan-simfoni-bulanan"):
        extras = _extras(exports / name)
        assert (extras["periode_akhir"], extras["tanggal_data"]) == ("2024-03", "2024-03-31")
        assert "SIMFONI-PPA: Januari–Desember 2023, Januari–Maret 2024" in \
            extras["cakupan_periode"]
        assert extras["kode_wilayah"] == "53" and extras["frekuensi_pembaruan"] == "bulanan"
    budget = _extras(exports / "serapan-anggaran-per-program-dan-sumber-dana")
    assert budget["cakupan_periode"] == "Belum ada data yang dimuat."  # nothing loaded


@pytest.mark.parametrize("name", sorted(release().datasets))
def test_every_dataset_of_the_partial_year_release_is_valid(partial_year, name):
    run, _months = partial_year
    cli = subprocess.run([str(BIN / "frictionless"), "validate", "datapackage.json"],
                         cwd=run.settings.exports / name, capture_output=True, text=True,
                         timeout=120)
    assert cli.returncode == 0, cli.stdout[-2000:]
