"""What a data officer reads in the Dagster UI about the landing folders and the ingest: the
metadata tables of the real assets, materialized and observed with Dagster's own API on the
tool-04 register (v1 full, v2 truncated and held, v1 restored), and the landing sensor's
`landing_snapshot`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from core.config import Settings
from dagster_project.assets.ingest import build_ingest_asset, ingest_ledger
from dagster_project.resources import WarehouseResource
from dagster_project.sensors import SETTLE_ENV, landing_folder_sensor, landing_snapshot
from ingest.loader import accept_held, sha256_of
from publish.analytics import publish_analytics
from satudata.cli import main

CASES = Path(__file__).parents[1] / "fixtures" / "cases"
V1, V2 = CASES / "tool-04-v1-full.xlsx", CASES / "tool-04-v2-truncated.xlsx"
NAME = "Register_UPTD_PPA_2023.xlsx"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A landing folder with an empty `uptd` folder, a warehouse and its analytics file."""
    landing = tmp_path / "landing"
    for name in ("uptd", "simfoni"):
        (landing / name).mkdir(parents=True)
    monkeypatch.setenv("SATUDATA_LANDING", str(landing))
    monkeypatch.setenv("SATUDATA_WAREHOUSE", str(tmp_path / "wh" / "satudata.duckdb"))
    monkeypatch.setenv("SATUDATA_ANALYTICS", str(tmp_path / "wh" / "analytics.duckdb"))
    monkeypatch.setenv(SETTLE_ENV, "0")
    monkeypatch.delenv("SATUDATA_LANG", raising=False)
    return Settings.from_env()


def accept(settings: Settings) -> None:
    """An officer accepts the held extract #2 (`satudata accept`)."""
    con = duckdb.connect(str(settings.warehouse))
    try:
        accept_held(con, "#2")
    finally:
        con.close()


def materialize(settings: Settings, *assets) -> dg.ExecuteInProcessResult:
    result = dg.materialize(
        list(assets), instance=dg.DagsterInstance.ephemeral(),
        resources={"warehouse": WarehouseResource(landing=str(settings.landing),
                                                  warehouse=str(settings.warehouse))})
    assert result.success
    return result


def metadata(result: dg.ExecuteInProcessResult, *path: str) -> dict:
    [event] = [m for m in result.get_asset_materialization_events()
               if m.asset_key == dg.AssetKey(list(path))]
    return {key: value.value for key, value in
            event.step_materialization_data.materialization.metadata.items()}


def landing_contents(result: dg.ExecuteInProcessResult) -> str:
    [event] = result.get_asset_observation_events()
    observation = event.asset_observation_data.asset_observation
    assert observation.asset_key == dg.AssetKey(["landing", "uptd"])
    return observation.metadata["contents"].value


def rows(table: str) -> list[list[str]]:
    """A Markdown table's header and rows, cell by cell (the separator line left out)."""
    lines = [line for line in table.splitlines() if not line.startswith("|---")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def test_ingest_and_landing_metadata_speak_the_ledgers_words(site, capsys):
    load_uptd = build_ingest_asset("uptd")
    register = site.landing / "uptd" / NAME
    shutil.copy2(V1, register)
    first = materialize(site, load_uptd)
    files = rows(metadata(first, "raw", "uptd")["files"])
    assert files[0] == ["berkas", "status", "baris dibaca", "dimuat", "dikarantina", "dibuang",
                        "sel ditandai", "pesan"]
    assert files[1][:6] == ["uptd 2023 #1", "dimuat", "41", "40", "0", "1"]
    landing = rows(landing_contents(first))
    assert landing == [["ukuran (byte)", "SHA-256", "buku catatan"],
                       [f"{V1.stat().st_size:,}".replace(",", "."), sha256_of(V1)[:16],
                        "dimuat"]]
    assert NAME not in str(metadata(first, "raw", "uptd")) + landing_contents(first)

    shutil.copy(V2, register)  # saved over it: 30 of 40 cases, held
    second = rows(metadata(materialize(site, load_uptd), "raw", "uptd")["files"])
    # Held: nothing of it loaded; what accepting it would load is said as such.
    assert second[1][:6] == ["uptd 2023 #2", "ditahan", "31", "tidak ada (bila diterima: 30)",
                             "0", "1"]
    assert second[1][7].startswith("ekstrak tahun 2023 ini: 30 baris padahal data tahun ini "
                                   "(uptd 2023 #1) berisi 40")

    # Accepted by an officer: v1's rows are replaced; the ledger's table says so in the
    # same words `satudata ledger` prints.
    accept(site)
    ledger = rows(metadata(materialize(site, ingest_ledger), "raw", "ingest_ledger")
                  ["latest_files"])
    assert ledger[0] == ["sumber", "berkas", "status", "baris dibaca", "dimuat", "dikarantina",
                         "dibuang"]
    assert [row[1:3] for row in ledger[1:]] == [
        ["uptd 2023 #3", "dimuat"],
        ["uptd 2023 #2", "diterima (dimuat sebagai baris buku catatan berikutnya) "
                         "(diganti ekstrak yang lebih baru)"],
        ["uptd 2023 #1", "dimuat (diganti ekstrak yang lebih baru)"]]
    assert main(["ledger", "--warehouse", str(site.warehouse)]) == 0
    printed = capsys.readouterr().out
    assert "[dimuat] (diganti ekstrak yang lebih baru)" in printed
    assert "[diterima (dimuat sebagai baris buku catatan berikutnya)]" in printed


def test_the_same_tables_in_english_on_request(site, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "en")
    shutil.copy2(V1, site.landing / "uptd" / NAME)
    result = materialize(site, build_ingest_asset("uptd"))
    files = rows(metadata(result, "raw", "uptd")["files"])
    assert files[0][:4] == ["file", "status", "rows read", "loaded"]
    assert files[1][:4] == ["uptd 2023 #1", "loaded", "41", "40"]
    assert rows(landing_contents(result))[0] == ["size (bytes)", "SHA-256", "ledger"]


def tick(cursor: str | None):
    context = dg.build_sensor_context(cursor=cursor)
    return landing_folder_sensor.evaluate_tick(context)


def test_landing_snapshot_is_what_the_sensor_starts_a_run_for(site):
    register = site.landing / "uptd" / NAME
    shutil.copy2(V1, register)
    snapshot = landing_snapshot(site)
    json.dumps(snapshot)  # what a script prints
    uptd = snapshot["uptd"]
    assert NAME not in json.dumps(snapshot)
    assert [(f["sha256"], f["state"], f["bytes"]) for f in uptd["files"]] == [
        (sha256_of(V1), "new", V1.stat().st_size)]
    assert uptd["files"][0]["ledger"] == "baru: belum ada di buku catatan"
    assert uptd["pending"] == [[sha256_of(V1), "new"]]
    assert uptd["run"]["job"] == "ingest_uptd"
    assert snapshot["simfoni"] == {"files": [], "pending": [], "run": None}
    [request] = tick(None).run_requests
    assert (request.job_name, request.run_key) == ("ingest_uptd", uptd["run"]["run_key"])

    # Loaded, published, then replaced by v2 (accepted) and v1 restored from the backup:
    # the sensor asks for a run again, under another key than v1's first.
    def publish() -> None:
        publish_analytics(site.warehouse, site.analytics)

    materialize(site, build_ingest_asset("uptd"))
    publish()
    loaded = landing_snapshot(site)["uptd"]
    assert loaded["run"] is None and loaded["pending"] == []
    assert loaded["files"][0]["ledger"] == "dimuat"
    shutil.copy(V2, register)
    materialize(site, build_ingest_asset("uptd"))
    accept(site)
    shutil.copy(V2, site.landing / "uptd" / "Register_UPTD_PPA_2023 (v2).xlsx")
    shutil.copy2(V1, register)
    publish()
    restored = landing_snapshot(site)["uptd"]
    assert restored["pending"] == [[sha256_of(V1), "restored-3"]]
    assert restored["run"]["run_key"] != uptd["run"]["run_key"]
    states = {f["sha256"]: (f["state"], f["ledger"]) for f in restored["files"]}
    assert states[sha256_of(V2)] == ("current", "dimuat")
    assert states[sha256_of(V1)] == ("restored-3", "dimuat (diganti ekstrak yang lebih baru)")
