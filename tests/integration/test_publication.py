"""Satu Data exports and the analytics file, from real pipeline runs on the sample data."""

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from frictionless import validate

from core.config import REPO_ROOT
from publish.package import CKAN_EXTRAS, data_file, totals_file
from publish.spec import release
from publish.suppression import flag_column
from tests.conftest import make_settings, run_on
from tests.disclosure import attack, is_safe
from tests.helpers import simfoni_row, uptd_row, write_csv, write_uptd_xlsx
from tests.integration.test_report import REGISTER_DIFFERS, REPORT_TABLE_13

BIN = Path(sys.executable).parent


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _table_counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = con.execute("select schema_name, table_name from duckdb_tables() "
                             "where schema_name = 'marts' order by 1, 2").fetchall()
        return {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0]
                for s, t in tables}
    finally:
        con.close()


@pytest.fixture(scope="module")
def exports(sample_run) -> Path:
    return sample_run.settings.exports


def test_every_public_mart_has_an_export_folder(exports):
    assert sorted(p.name for p in exports.iterdir() if p.is_dir()) == sorted(release().datasets)
    assert (exports / "release.json").is_file()  # what was published, from which build


@pytest.mark.parametrize("name", sorted(release().datasets))
def test_export_folder_passes_frictionless_validate(exports, name):
    folder = exports / name
    cli = subprocess.run([str(BIN / "frictionless"), "validate", "datapackage.json"],
                         cwd=folder, capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stdout[-2000:]
    assert validate(str(folder / "datapackage.json")).valid


@pytest.mark.parametrize("name", sorted(release().datasets))
def test_ckan_payload_carries_every_metadata_field(exports, name):
    payload = json.loads((exports / name / "ckan.json").read_text(encoding="utf-8"))
    extras = {extra["key"]: extra["value"] for extra in payload["extras"]}
    for key in CKAN_EXTRAS:
        assert str(extras.get(key, "")).strip(), f"{name}: extra {key} is empty"
    assert "(DP3A) Provinsi Nusa Tenggara Timur" in extras["produsen_data"]
    assert payload["name"] == name and payload["owner_org"] and payload["license_id"]
    uploads = json.loads((exports / name / "ckan-resources.json").read_text(encoding="utf-8"))
    assert {call["upload"] for call in uploads} == {p.name for p in (exports / name).glob("*.csv")}


def test_no_exported_csv_holds_a_victim_count_of_1_or_2(exports):
    spec = release()
    checked = withheld = 0
    for name, dataset in spec.datasets.items():
        if not dataset.suppression or not dataset.suppression.counts:
            continue
        for file_name in (data_file(dataset), totals_file(dataset)):
            for row in _rows(exports / name / file_name):
                for count in dataset.suppression.counts:
                    checked += 1
                    assert row[count] not in {"1", "2"}, (name, file_name, row)
                    if row[flag_column(count)] == "true":
                        withheld += 1
                        assert row[count] == ""  # marked, never zero
    assert checked > 500 and withheld > 20


def test_the_attack_narrows_no_withheld_cell_below_3_values_and_tells_no_group(exports):
    spans = attack(exports)
    assert len(spans) > 20
    assert {key: span for key, span in spans.items() if not is_safe(key, span)} == {}


def test_published_counts_are_the_marts_exact_figures(sample_run, exports):
    rows = _rows(exports / "korban-kekerasan-bulanan-per-kategori" /
                 "korban-kekerasan-bulanan-per-kategori.csv")
    # Report table 13's figures (the register's where it differs), wherever not withheld.
    printed = {(bulan, kategori): REGISTER_DIFFERS.get((bulan, column), n)
               for bulan, _name, *counts, _total in REPORT_TABLE_13
               for column, (kategori, n) in enumerate(zip(
                   ("Perempuan Dewasa", "Anak Laki-laki", "Anak Perempuan"), counts,
                   strict=True), start=2)}
    shown = {(int(row["bulan"]), row["kategori_korban"]): row["jumlah_korban"] for row in rows
             if row["sumber"] == "uptd" and row["tahun"] == "2023"}
    assert {key: int(value) for key, value in shown.items() if value} == \
        {key: n for key, n in printed.items() if shown[key]}
    assert sum(1 for value in shown.values() if value) >= 30
    exact = {(s, t, b, k): n for s, t, b, k, n in sample_run.query(
        "select source, tahun, bulan, kategori_korban, jumlah_korban "
        "from marts.mart_cases_monthly_by_kategori")}
    for row in rows:
        key = (row["sumber"], int(row["tahun"]), int(row["bulan"]), row["kategori_korban"])
        if row["jumlah_korban_ditahan"] == "false" and row["jumlah_korban"]:
            assert int(row["jumlah_korban"]) == exact[key]
        elif row["jumlah_korban_ditahan"] == "false":  # SIMFONI 2023 has quarantined rows
            assert (row["jumlah_korban_belum_pasti"], exact[key]) == ("true", 0)
    assert sample_run.query(  # internal marts keep exact counts
        "select count(*) from marts.mart_cases_monthly_by_kategori "
        "where jumlah_korban in (1, 2)")[0][0] > 0


def test_regions_carry_the_kemendagri_code(exports):
    for name in ("pelaporan-simfoni-bulanan", "pelaporan-simfoni-tahunan"):
        rows = _rows(exports / name / f"{name}.csv")
        codes = {row["kode_wilayah"] for row in rows}
        assert len(codes) == 22 and all(re.fullmatch(r"53\.\d\d", code) for code in codes)
        manggarai_timur = [row for row in rows if row["kabupaten_kota"] ==
                           "Kab. Manggarai Timur"]
        assert {row["kode_wilayah"] for row in manggarai_timur} == {"53.19"}
        described = json.loads((exports / name / "datapackage.json").read_text(encoding="utf-8"))
        fields = {field["name"]: field for field in described["resources"][0]["schema"]["fields"]}
        assert fields["kode_wilayah"]["type"] == "string"  # 53.10 stays 53.10, never 53.1


def test_totals_levels_are_words_and_tidak_diketahui_is_documented(exports):
    """The totals file read `tingkat = per kategori_korban`, a column name inside a label;
    now 'per kategori korban', and the schema lists the levels. Kategori `Tidak diketahui`
    is explained by the age not recorded, without a sex (the model treats it apart)."""
    name = "korban-kekerasan-bulanan-per-kategori"
    levels = {row["tingkat"] for row in _rows(exports / name / f"{name}-jumlah.csv")}
    assert levels == {"per bulan", "per kategori korban", "total"}
    described = json.loads((exports / name / "datapackage.json").read_text(encoding="utf-8"))
    totals = {field["name"]: field for field in described["resources"][1]["schema"]["fields"]}
    assert set(totals["tingkat"]["constraints"]["enum"]) == levels
    kategori = next(field for field in described["resources"][0]["schema"]["fields"]
                    if field["name"] == "kategori_korban")
    assert kategori["description"].endswith(
        "; Tidak diketahui = umur korban tidak tercatat.")
    bentuk = "kasus-kekerasan-bulanan-per-bentuk"
    assert not any("_" in row["tingkat"]
                   for row in _rows(exports / bentuk / f"{bentuk}-jumlah.csv"))


def test_export_checks_pass_in_dagster(sample_run):
    assert not [check for check in sample_run.outcome.failed_checks
                if check[2] == "data_package_valid"]


def test_analytics_file_holds_every_mart_of_the_warehouse(sample_run):
    analytics = sample_run.settings.analytics
    assert _table_counts(analytics) == _table_counts(sample_run.settings.warehouse)
    assert "marts.mart_cases_monthly_by_kategori" in _table_counts(analytics)


def test_dbt_docs_build_offline_into_one_file(sample_run, tmp_path):
    env = {**os.environ, "SATUDATA_WAREHOUSE": str(sample_run.settings.warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(
        [str(BIN / "dbt"), "docs", "generate", "--static", "--profiles-dir", ".",
         "--target-path", str(tmp_path / "target")],
        cwd=REPO_ROOT / "dbt", env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:]
    page = (tmp_path / "target" / "static_index.html").read_text(encoding="utf-8")
    assert "mart_cases_monthly_by_kategori" in page and "report table 13" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page)


def test_the_analytics_file_carries_every_description_and_opens_in_the_duckdb_cli(sample_run):
    analytics = sample_run.settings.analytics
    con = duckdb.connect(str(analytics), read_only=True)
    try:
        columns = con.execute(
            "select table_name, column_name, coalesce(length(comment), 0) from duckdb_columns() "
            "where schema_name = 'marts'").fetchall()
        tables = con.execute("select table_name, coalesce(length(comment), 0) from "
                             "duckdb_tables() where schema_name = 'marts'").fetchall()
    finally:
        con.close()
    assert len(columns) > 300 and len(tables) > 25
    assert [(t, c) for t, c, length in columns if length == 0] == []
    assert [t for t, length in tables if length == 0] == []
    cli = subprocess.run(
        [str(BIN / "duckdb"), "-readonly", "-csv", "-noheader", str(analytics), "-c",
         "select count(*) from duckdb_columns() where schema_name = 'marts' and comment <> ''; "
         "select count(*) from marts.fct_cases"],
        capture_output=True, text=True, timeout=120)
    assert cli.returncode == 0, cli.stderr
    commented, cases = cli.stdout.split()
    assert int(commented) == len(columns)
    assert int(cases) == sample_run.query("select count(*) from marts.fct_cases")[0][0]


@pytest.fixture(scope="module")
def doubted_run(tmp_path_factory):
    """A UPTD register whose February case and one of May's were quarantined (an unknown
    kategori, an unknown bentuk: their dates give the month), a SIMFONI extract one of
    whose rows has an impossible date (31 February: it may be of any month of 2023), and a
    SIMFONI extract of 2024 whose ten report dates all read two ways (03/04/2024): no row of
    2024 loads. Kab. Kupang's only SIMFONI case of 2023 (March) is quarantined for its bentuk
    (`Pukul`), its district and month read."""
    root = tmp_path_factory.mktemp("doubted")
    landing = root / "landing"
    kategori = ("Perempuan Dewasa", "Anak Perempuan", "Anak Laki-laki")
    rows = [uptd_row(n, month=month, **{"Kategori Korban": kategori[n % 3]})
            for n, month in enumerate([1] * 6 + [3] * 6 + [5] * 6, start=1)]
    rows.append(uptd_row(19, month=2, **{"Kategori Korban": "Lansia"}))
    rows.append(uptd_row(20, month=5, **{"Bentuk Kekerasan": "Pukul"}))
    write_uptd_xlsx(landing / "uptd" / "register_2023.xlsx", rows)
    write_csv(landing / "simfoni" / "simfoni_2023.csv", [
        *[simfoni_row(n, **{"Tanggal Lapor": f"1{n % 9}/01/2023",
                            "Tanggal Kejadian": "01/01/2023"}) for n in range(1, 7)],
        *[simfoni_row(n) for n in range(7, 13)],
        simfoni_row(13, **{"Tanggal Lapor": "31/02/2023", "Tanggal Kejadian": "01/01/2023"}),
        simfoni_row(14, **{"Kabupaten/Kota": "Kabupaten Kupang", "Bentuk Kekerasan": "Pukul"}),
    ])
    write_csv(landing / "simfoni" / "simfoni_2024.csv", [
        simfoni_row(n, **{"No. Registrasi": f"REG-2024-{n:05d}", "Tanggal Kejadian": "",
                          "Tanggal Lapor": f"{1 + n % 12:02d}/{1 + (n + 5) % 12:02d}/2024"})
        for n in range(1, 11)])
    run = run_on(make_settings(root, landing))
    assert run.outcome.success, run.outcome.failed_steps
    return run


def _by(rows: list[dict[str, str]], source: str, bulan: str, tingkat: str | None = None
        ) -> list[dict[str, str]]:
    return [row for row in rows if row["sumber"] == source and row["bulan"] == bulan
            and (tingkat is None or row["tingkat"] == tingkat)]


def test_a_month_whose_cases_were_quarantined_is_published_empty_and_flagged(doubted_run):
    name = "korban-kekerasan-bulanan-per-kategori"
    folder = doubted_run.settings.exports / name
    cells = _rows(folder / f"{name}.csv")
    totals = _rows(folder / f"{name}-jumlah.csv")
    # UPTD February: no case loaded, one quarantined whose date says February: not a sure 0.
    february = _by(cells, "uptd", "2")
    assert len(february) == 3
    assert {(row["jumlah_korban"], row["jumlah_korban_belum_pasti"]) for row in february} == \
        {("", "true")}
    assert [(row["jumlah_korban"], row["jumlah_korban_belum_pasti"])
            for row in _by(totals, "uptd", "2", "per bulan")] == [("", "true")]
    # April: no case and nothing quarantined there: a sure 0 (in March's and May's span).
    assert {(row["jumlah_korban"], row["jumlah_korban_belum_pasti"])
            for row in _by(cells, "uptd", "4")} == {("0", "false")}
    # May: six cases loaded and one quarantined: at least 6, flagged; January is sure.
    assert [(row["jumlah_korban"], row["jumlah_korban_belum_pasti"])
            for row in _by(totals, "uptd", "5", "per bulan")] == [("6", "true")]
    assert [(row["jumlah_korban"], row["jumlah_korban_belum_pasti"])
            for row in _by(totals, "uptd", "1", "per bulan")] == [("6", "false")]
    year = [row for row in totals if row["sumber"] == "uptd" and row["tingkat"] == "total"]
    assert [(row["jumlah_korban"], row["jumlah_korban_belum_pasti"]) for row in year] == \
        [("18", "true")]
    # SIMFONI: a row dated 31/02/2023 may be of any month: every month is a lower bound,
    # and February, without a loaded victim, is empty.
    assert {row["jumlah_korban_belum_pasti"] for row in cells if row["sumber"] == "simfoni"} \
        == {"true"}
    assert {row["jumlah_korban"] for row in _by(cells, "simfoni", "2")} == {""}
    assert {row["jumlah_korban_belum_pasti"] for row in totals if row["sumber"] == "simfoni"} \
        == {"true"}
    assert [(row["jumlah_korban"], row["jumlah_korban_ditahan"])
            for row in _by(totals, "simfoni", "2", "per bulan")] == [("", "false")]


def test_the_metadata_states_the_quarantined_rows_per_source_and_year(doubted_run):
    for name in ("korban-kekerasan-bulanan-per-kategori", "kasus-kekerasan-bulanan-per-bentuk"):
        described = json.loads((doubted_run.settings.exports / name / "datapackage.json")
                               .read_text(encoding="utf-8"))
        assert {(item["sumber"], item["tahun"]): item["baris_dikarantina"]
                for item in described["cakupan"]} == {("uptd", 2023): 2, ("simfoni", 2023): 2,
                                                     ("simfoni", 2024): 10}
        said = described["satudata"]["baris_dikarantina"]
        assert said.startswith("Register Kasus UPTD PPA Provinsi NTT 2023: 2 baris "
                               "dikarantina; SIMFONI-PPA 2023: 2 baris dikarantina; ")
        assert "batas bawah" in said and "_belum_pasti" in said
        payload = json.loads((doubted_run.settings.exports / name / "ckan.json")
                             .read_text(encoding="utf-8"))
        assert {extra["key"]: extra["value"] for extra in payload["extras"]}[
            "baris_dikarantina"] == said
        fields = {field["name"]: field for field in described["resources"][0]["schema"]["fields"]}
        flag = next(f for f in fields if f.endswith("_belum_pasti"))
        assert fields[flag]["type"] == "boolean" and "batas bawah" in fields[flag]["description"]
    # The bentuk file lists UPTD February (each form empty, flagged): not "not listed = 0".
    name = "kasus-kekerasan-bulanan-per-bentuk"
    february = _by(_rows(doubted_run.settings.exports / name / f"{name}.csv"), "uptd", "2")
    assert february and {(row["jumlah_kasus"], row["jumlah_kasus_belum_pasti"])
                         for row in february} == {("", "true")}
    assert not _by(_rows(doubted_run.settings.exports / name / f"{name}.csv"), "uptd", "4")


def test_a_year_whose_every_row_is_quarantined_is_stated_held_back(doubted_run):
    """SIMFONI 2024: no row loaded (every date reads two ways), every date of 2024 either way.
    Its ledger row had no year and the release said nothing of 2024: a portal reader took it
    for a year without data. The ledger names 2024, the coverage mart keeps the year with no
    month covered, and the release states its ten rows held back; no month of 2024 is
    published, neither as 0 nor flagged."""
    assert doubted_run.query(
        "select file_label, period_year, rows_loaded, rows_quarantined from raw.ingest_ledger "
        "where source = 'simfoni' and period_year = 2024") == [("simfoni 2024 #2", 2024, 0, 10)]
    assert doubted_run.query(
        "select first_month_key, last_month_key, jumlah_bulan, jumlah_baris, baris_dikarantina "
        "from marts.mart_source_coverage where source = 'simfoni' and tahun = 2024") == \
        [(None, None, 0, 0, 10)]
    for name in ("korban-kekerasan-bulanan-per-kategori", "kasus-kekerasan-bulanan-per-bentuk",
                 "pelaporan-simfoni-bulanan", "pelaporan-simfoni-tahunan"):
        folder = doubted_run.settings.exports / name
        described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        assert {"sumber": "simfoni", "tahun": 2024, "bulan_awal": None, "bulan_akhir": None,
                "baris_dikarantina": 10} in described["cakupan"]
        stated = described["satudata"]
        assert stated["cakupan_periode"].endswith(
            "2024 (setiap baris dikarantina: tidak ada bulan yang dipublikasikan)")
        assert ("SIMFONI-PPA 2024: 10 baris dikarantina, yaitu setiap baris tahun itu: tidak "
                "satu bulan pun tahun itu dipublikasikan (baik sebagai 0 maupun sebagai batas "
                "bawah) sampai berkasnya diperbaiki; tahun itu memiliki data, yang ditahan") \
            in stated["baris_dikarantina"]
        assert stated["periode_akhir"].startswith("2023-")  # 2024 covers no month
        for path in folder.glob("*.csv"):
            assert [row for row in _rows(path) if row.get("tahun") == "2024"] == []


def test_a_district_whose_cases_were_quarantined_reported_and_an_unsure_month_is_flagged(
        doubted_run):
    """Kab. Kupang's March case is quarantined (bentuk `Pukul`), its district and month read:
    it was published as did-not-report (`...,1,0`) without a word. It reported. Kota Kupang's
    row dated 31/02/2023 may be any month of 2023: its February, without a loaded case, is not
    a sure "did not report"; January and March are sure reports."""
    name = "pelaporan-simfoni-bulanan"
    rows = {(row["kode_wilayah"], row["bulan"]): (row["laporan_diterima"],
                                                  row["laporan_diterima_belum_pasti"])
            for row in _rows(doubted_run.settings.exports / name / f"{name}.csv")
            if row["tahun"] == "2023"}
    assert [rows[("53.01", month)] for month in ("1", "2", "3")] == \
        [("0", "false"), ("0", "false"), ("1", "false")]
    assert [rows[("53.71", month)] for month in ("1", "2", "3")] == \
        [("1", "false"), ("", "true"), ("1", "false")]
    assert rows[("53.10", "3")] == ("0", "false")  # Manggarai: nothing here, a sure 0
    name = "pelaporan-simfoni-tahunan"
    yearly = {row["kode_wilayah"]: (row["laporan_diterima"], row["tingkat_pelaporan_pct"],
                                    row["laporan_diterima_belum_pasti"], row["is_tidak_melapor"])
              for row in _rows(doubted_run.settings.exports / name / f"{name}.csv")
              if row["tahun"] == "2023"}
    assert yearly["53.01"] == ("1", "33.33", "false", "false")
    assert yearly["53.71"] == ("2", "66.67", "true", "false")
    assert yearly["53.10"] == ("0", "0", "false", "true")


@pytest.fixture(scope="module")
def month_files_run(tmp_path_factory):
    """SIMFONI 2023 as month files: every row of February's is quarantined for its bentuk
    (`Pukul`), its dates and districts read; January's and March's cases load. The files land
    together and are read in name order: February's comes after January's was loaded, and is
    February's file by its rows' dates, not an empty extract of the year (held as a shrink)."""
    root = tmp_path_factory.mktemp("month-files")
    landing = root / "landing"

    def rows(month: int, bentuk: str) -> list[list[str]]:
        return [simfoni_row(month * 10 + n, **{
            "Tanggal Lapor": f"1{n}/{month:02d}/2023", "Tanggal Kejadian": "",
            "Kabupaten/Kota": "Kabupaten Kupang" if n == 1 else "Kota Kupang",
            "Bentuk Kekerasan": bentuk}) for n in range(1, 4)]

    for month, bentuk in ((1, "Fisik"), (2, "Pukul"), (3, "Fisik")):
        write_csv(landing / "simfoni" / f"simfoni_ppa_2023_{month:02d}.csv", rows(month, bentuk))
    run = run_on(make_settings(root, landing))
    assert run.outcome.success, run.outcome.failed_steps
    return run


def test_a_month_whose_rows_are_all_quarantined_is_reported_by_its_file(month_files_run):
    """Coverage stopped at January (first unreported month February) and a finding said no
    file held February, though February's file did: its rows were all quarantined. February is
    covered and reported; Kab. Kupang and Kota Kupang reported it, Manggarai surely did not."""
    assert month_files_run.query(
        "select first_month_key, last_month_key, first_unreported_month_key, jumlah_baris, "
        "baris_dikarantina from marts.mart_source_coverage where source = 'simfoni'") == \
        [(202301, 202303, None, 6, 3)]
    assert month_files_run.query(
        "select file_label, status from raw.ingest_ledger order by ingest_id") == [
        ("simfoni 2023 #1", "loaded"), ("simfoni 2023 #2", "loaded"),
        ("simfoni 2023 #3", "loaded")]
    assert month_files_run.query(
        "select count(*) from marts.data_quality_findings "
        "where check_name = 'month_not_reported'") == [(0,)]
    name = "pelaporan-simfoni-bulanan"
    rows = {(row["kode_wilayah"], row["bulan"]): (row["laporan_diterima"],
                                                  row["laporan_diterima_belum_pasti"])
            for row in _rows(month_files_run.settings.exports / name / f"{name}.csv")}
    assert [rows[("53.01", month)] for month in ("1", "2", "3")] == [("1", "false")] * 3
    assert [rows[("53.71", month)] for month in ("1", "2", "3")] == [("1", "false")] * 3
    assert rows[("53.10", "2")] == ("0", "false")


def test_the_attack_reads_a_month_not_yet_certain_as_unknown(doubted_run):
    spans = attack(doubted_run.settings.exports)
    assert {key: span for key, span in spans.items() if not is_safe(key, span)} == {}


def test_the_findings_name_the_quarantined_rows_and_the_months_simfoni_does_not_cover(
        doubted_run):
    """UPTD February holds only a quarantined case, April nothing; SIMFONI-PPA's February only
    (maybe) its row dated 31/02. SIMFONI-PPA covers January–March: May's six UPTD cases are
    not compared with it (before, a finding said SIMFONI-PPA held 0 of them)."""
    found = doubted_run.query(
        "select source, check_name, month_key, expected, message from marts.data_quality_findings "
        "where source in ('uptd', 'simfoni') order by source desc, month_key")
    quarantine = ("angka 0 bulan itu belum pasti. Lihat baris yang dikarantina dengan satudata "
                  "quarantine --all (karantina/{}/…_karantina.xlsx), perbaiki di berkas aslinya, "
                  "lalu muat ulang berkas itu")
    assert found == [
        ("uptd", "month_without_cases", 202302, None,
         "Tidak ada kasus Register UPTD PPA 2023 yang dimuat pada Februari 2023, padahal 1 baris "
         "bulan itu dikarantina: " + quarantine.format("uptd")),
        ("uptd", "month_without_cases", 202304, None,
         "Register UPTD PPA 2023 tidak memuat satu kasus pun pada April 2023, padahal memuat "
         "kasus pada bulan sebelum dan sesudahnya: bulan tanpa kasus, atau bulan yang belum "
         "dimasukkan? Angka 0 bulan itu belum pasti"),
        ("uptd", "uptd_months_outside_simfoni", 202305, 6.0,
         "Register UPTD PPA mencatat 6 kasus pada Mei 2023, tetapi SIMFONI-PPA 2023 yang dimuat "
         "hanya mencakup Januari–Maret 2023: kasus UPTD Mei 2023 belum dibandingkan dengan "
         "SIMFONI-PPA (di SIMFONI-PPA bukan 0 kasus, melainkan belum dimuat) sampai ekstrak "
         "SIMFONI-PPA yang mencakup Mei 2023 dimuat"),
        ("simfoni", "month_without_cases", 202302, None,
         "Tidak ada kasus SIMFONI-PPA 2023 yang dimuat pada Februari 2023, padahal 1 baris yang "
         "dikarantina karena tanggalnya tidak terbaca bisa termasuk bulan itu: "
         + quarantine.format("simfoni")),
    ]
