"""The officers' landing folder: apart from the shipped sample, ready on first run, and no
file in it silently ignored."""

import datetime as dt
from pathlib import Path

import pytest

from core import i18n
from core.config import REPO_ROOT, SAMPLE_LANDING, SITE_LANDING, Settings, prepare_landing
from satudata.cli import EXIT_REJECTED, _summary
from satudata.landing import StrayFile, stray_files
from satudata.pipeline import RunOutcome
from schemas.spec import sources


@pytest.fixture(autouse=True)
def indonesian(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)


def test_the_site_landing_folder_is_not_the_sample(monkeypatch):
    monkeypatch.delenv("SATUDATA_LANDING", raising=False)
    assert Settings.from_env().landing == SITE_LANDING == REPO_ROOT / "landing"
    assert SAMPLE_LANDING == REPO_ROOT / "data" / "sample" / "landing"
    assert not SITE_LANDING.is_relative_to(SAMPLE_LANDING.parent)


def test_the_office_s_warehouse_publishes_where_it_always_has(monkeypatch):
    for variable in ("SATUDATA_WAREHOUSE", "SATUDATA_ANALYTICS", "SATUDATA_EXPORTS"):
        monkeypatch.delenv(variable, raising=False)
    settings = Settings.from_env()
    assert (settings.warehouse, settings.analytics, settings.exports, settings.reports,
            settings.quarantine_sheets) == (
        REPO_ROOT / "warehouse/satudata.duckdb", REPO_ROOT / "warehouse/analytics.duckdb",
        REPO_ROOT / "exports", REPO_ROOT / "reports", REPO_ROOT / "karantina")
    # The same file named another way (as `--warehouse warehouse/satudata.duckdb` does).
    monkeypatch.setenv("SATUDATA_WAREHOUSE", str(REPO_ROOT / "warehouse/../warehouse/"
                                                 "satudata.duckdb"))
    assert Settings.from_env().exports == REPO_ROOT / "exports"


def test_first_run_creates_one_folder_per_source(tmp_path):
    landing = tmp_path / "landing"
    created = prepare_landing(landing, sources())
    assert sorted(path.name for path in landing.iterdir()) == sorted(sources())
    assert len(created) == 1 + len(sources())
    assert prepare_landing(landing, sources()) == []  # the second run changes nothing


def _touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("No;No. Registrasi\n", encoding="utf-8")


def test_files_no_source_reads_are_found_with_the_folder_they_belong_in(tmp_path):
    landing = tmp_path / "landing"
    prepare_landing(landing, sources())
    for name in ("SIMFONI/simfoni_2023_juli.csv", "simfony/rekap.csv",
                 "simfoni_ppa_2024.csv", "catatan.xlsx", "uptd/2023/register.xlsx",
                 "simfoni/simfoni_2023.csv", "uptd/~$register.xlsx", ".DS_Store"):
        _touch(landing / name)
    found = {stray.path.as_posix(): stray.suggestion for stray in stray_files(landing)}
    assert found == {"SIMFONI/simfoni_2023_juli.csv": "simfoni", "simfony/rekap.csv": "simfoni",
                     "simfoni_ppa_2024.csv": "simfoni", "catatan.xlsx": None,
                     "uptd/2023/register.xlsx": "uptd"}


def test_advice_says_where_a_file_should_go():
    stray = StrayFile(Path("simfony/rekap.csv"), "simfoni")
    assert stray.advice() == ("simfony/rekap.csv: tidak dibaca, berkas ini berada di folder "
                              "'simfony', yang bukan folder sumber; pindahkan ke simfoni/.")


def test_the_run_summary_reports_stray_files_and_exits_2(tmp_path, capsys):
    landing = tmp_path / "landing"
    prepare_landing(landing, sources())
    _touch(landing / "SIMFONI" / "simfoni_2023_juli.csv")
    settings = Settings(landing=landing, warehouse=tmp_path / "w" / "satudata.duckdb",
                        analytics=tmp_path / "w" / "analytics.duckdb",
                        exports=tmp_path / "exports")
    outcome = RunOutcome(run_id="run-1", success=True, started=dt.datetime.now())
    assert _summary(settings, outcome) == EXIT_REJECTED
    out = capsys.readouterr().out
    assert "1 berkas di folder landing tidak dibaca:" in out
    assert ("SIMFONI/simfoni_2023_juli.csv: tidak dibaca, berkas ini berada di folder "
            "'SIMFONI', yang bukan folder sumber; pindahkan ke simfoni/.") in out
    assert "0 berkas ditolak dan 1 berkas tidak dibaca" in out
