"""Satu Data exports and the analytics file, from real pipeline runs on the sample data."""

import csv
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from frictionless import validate

from core.config import REPO_ROOT
from core.faults import PAUSE_AT, PAUSE_FILE
from publish.package import CKAN_EXTRAS, data_file, totals_file
from publish.spec import release
from publish.suppression import flag_column
from tests.conftest import SAMPLE_LANDING, copy_landing, make_settings, run_on
from tests.disclosure import attack
from tests.integration.test_report import REGISTER_DIFFERS, REPORT_TABLE_13

BIN = Path(sys.executable).parent


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _tree(folder: Path) -> dict[str, str]:
    """Every visible file under `folder` with its SHA-256 (hidden temp folders skipped)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)}


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
    assert sorted(p.name for p in exports.iterdir()) == sorted(release().datasets)


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
    assert {resource["url"] for resource in payload["resources"]} <= \
        {p.name for p in (exports / name).iterdir()}


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


def test_the_attack_narrows_no_withheld_cell_below_3_values(exports):
    spans = attack(exports)
    assert len(spans) > 20
    assert {key: span for key, span in spans.items()
            if not (span[1] > span[0] and span[1] >= release().threshold)} == {}


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
        if row["jumlah_korban_ditahan"] == "false":
            assert int(row["jumlah_korban"]) == exact[key]
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


ANALYST = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
def state():
    tables = [t for (t,) in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
    ).fetchall()]
    counts = {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for t in tables}
    counts["simfoni_cases"] = con.execute(
        "select count(*) from marts.fct_cases where source = 'simfoni'").fetchone()[0]
    return counts
print(json.dumps(state()), flush=True)
sys.stdin.readline()
print(json.dumps(state()), flush=True)
"""


@pytest.mark.slow
def test_an_open_analyst_session_never_blocks_a_run_nor_sees_half_built_tables(tmp_path):
    landing = copy_landing(tmp_path / "landing", ("uptd",))
    settings = make_settings(tmp_path, landing)
    assert run_on(settings).outcome.success
    analyst = subprocess.Popen([sys.executable, "-c", ANALYST, str(settings.analytics)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        before = json.loads(analyst.stdout.readline())
        assert before["simfoni_cases"] == 0 and before["fct_cases"] > 300
        shutil.copytree(SAMPLE_LANDING / "simfoni", landing / "simfoni")
        run = run_on(settings)  # the session holds analytics.duckdb open all along
        assert run.outcome.success, run.outcome.failed_steps
        analyst.stdin.write("\n")
        analyst.stdin.flush()
        during = json.loads(analyst.stdout.readline())
    finally:
        analyst.kill()
        analyst.wait()
    assert during == before  # the complete old version, not a mix
    after = _table_counts(settings.analytics)
    assert after["marts.fct_cases"] > before["fct_cases"] + 2000  # a new session: new data


@pytest.mark.slow
@pytest.mark.parametrize("point", ["export.before_swap", "publish.before_swap"])
def test_killing_a_run_during_export_leaves_the_previous_release_intact(sample_run, tmp_path,
                                                                       point):
    # Something new lands (here a file that will be rejected), so the run rebuilds and
    # publishes instead of finding nothing to do.
    landing = shutil.copytree(SAMPLE_LANDING, tmp_path / "landing")
    (landing / "uptd" / "catatan.csv").write_text("bukan tabel\n", encoding="utf-8")
    settings = make_settings(tmp_path, landing)
    settings.warehouse.parent.mkdir(parents=True)
    shutil.copy(sample_run.settings.warehouse, settings.warehouse)
    shutil.copy(sample_run.settings.analytics, settings.analytics)
    shutil.copytree(sample_run.settings.exports, settings.exports)
    exports_before = _tree(settings.exports)
    analytics_before = hashlib.sha256(settings.analytics.read_bytes()).hexdigest()
    (tmp_path / "dagster_home").mkdir()
    shutil.copy(REPO_ROOT / "dagster_home" / "dagster.yaml", tmp_path / "dagster_home")
    marker = tmp_path / "export-paused"
    env = {**os.environ, PAUSE_AT: point, PAUSE_FILE: str(marker),
           "DAGSTER_HOME": str(tmp_path / "dagster_home"),
           "SATUDATA_ANALYTICS": str(settings.analytics)}
    run = subprocess.Popen(
        [str(BIN / "satudata"), "run", "--landing", str(settings.landing), "--warehouse",
         str(settings.warehouse), "--exports", str(settings.exports)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while not marker.exists() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert marker.exists(), run.stdout.read().decode()[-3000:] if run.poll() else "timeout"
        if point == "export.before_swap":
            # The new package is written and validated beside the old one, not swapped in.
            assert list(settings.exports.glob(".tmp-*/*.csv"))
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait()
    if point == "export.before_swap":
        assert _tree(settings.exports) == exports_before
    # (killed while publishing, the exports already hold the new, complete release)
    assert hashlib.sha256(settings.analytics.read_bytes()).hexdigest() == analytics_before
    assert _table_counts(settings.analytics)["marts.fct_cases"] > 0  # still readable
    for name in release().datasets:  # and still valid
        assert validate(str(settings.exports / name / "datapackage.json")).valid
