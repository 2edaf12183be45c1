"""The officers' landing folder: apart from the shipped sample, ready on first run, no file
in it silently ignored, and a file changed in it always read again, while one unchanged is
not read at all (`ingest.landing_hash`)."""

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from core import i18n
from core.config import REPO_ROOT, SAMPLE_LANDING, SITE_LANDING, Settings, prepare_landing
from ingest.landing_hash import Hashed, Stat, sha256_of
from ingest.loader import ingest_file, ingest_folder
from satudata.cli import EXIT_REJECTED, _summary
from satudata.landing import StrayFile, stray_files
from satudata.pipeline import RunOutcome
from schemas.spec import sources
from tests.helpers import (
    UPTD_HEADER,
    opened_under,
    rewrite_in_place,
    settled_copy,
    uptd_row,
    write_csv,
)


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
    assert "Proses selesai, tetapi 1 berkas tidak dibaca: perbaiki" in out


def test_the_run_summary_says_a_refused_file_once_and_counts_as_the_reader_writes_them(
        tmp_path, capsys):
    """Before, the reason line repeated the file's label (`→ uptd #2: baris judul ...`
    under `[ditolak] uptd #2: ...`), and the ledger wrote `1300 baris dimuat` where the
    summary wrote `1.300`."""
    landing = tmp_path / "landing"
    prepare_landing(landing, sources())
    loaded = write_csv(landing / "uptd" / "register_uptd_2023.csv",
                       [uptd_row(number, month=3) for number in range(1, 1301)],
                       header=UPTD_HEADER)
    refused = landing / "uptd" / "register_uptd_catatan.csv"
    refused.write_text("Catatan\ntidak ada tabel\n", encoding="utf-8")
    settings = Settings(landing=landing, warehouse=tmp_path / "w" / "satudata.duckdb",
                        analytics=tmp_path / "w" / "analytics.duckdb",
                        exports=tmp_path / "exports")
    outcome = RunOutcome(run_id="run-1", success=True, started=dt.datetime(2020, 1, 1))
    settings.warehouse.parent.mkdir(parents=True)
    with duckdb.connect(str(settings.warehouse)) as con:
        assert "1.300 baris dimuat" in ingest_file(con, loaded, "uptd").message
        ingest_file(con, refused, "uptd")
    _summary(settings, outcome)
    out = capsys.readouterr().out
    assert "  [ditolak] uptd #2: dibaca 0, dimuat 0, dikarantina 0, dibuang 0\n" \
        "      → baris judul kolom tidak ditemukan" in out, out
    assert out.count("uptd #2") == 1


SIMFONI_2022 = SAMPLE_LANDING / "simfoni" / "simfoni_ppa_ntt_2022.csv"
# Case SIMFONI-5311-2022-00001's victim, in the file's bytes: female, then male.
FEMALE, MALE = b"Sumba Timur;P;40;", b"Sumba Timur;L;40;"


def _statuses(con, landing: Path) -> list[str]:
    return [result.status for result in ingest_folder(con, landing, "simfoni")]


def _victims(con, sex: str) -> int:
    return con.execute("select count(*) from raw.simfoni where period_year = 2022 and "
                       "jenis_kelamin_korban = ?", [sex]).fetchone()[0]


@pytest.fixture
def dropped(tmp_path):
    """The 2022 extract dropped a while ago, loaded once into a scratch warehouse."""
    landing = tmp_path / "landing"
    target = settled_copy(SIMFONI_2022, landing / "simfoni" / "simfoni_ppa_ntt_2022.csv")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert _statuses(con, landing) == ["loaded"]
    yield con, landing, target
    con.close()


def test_an_unchanged_landing_file_is_not_read_again(dropped):
    con, landing, target = dropped
    assert con.execute("select sha256, size_bytes from raw.landing_hashes").fetchall() == [
        (sha256_of(SIMFONI_2022), SIMFONI_2022.stat().st_size)]
    with opened_under(landing) as opened:
        assert _statuses(con, landing) == ["unchanged"]
        assert _statuses(con, landing) == ["unchanged"]
    assert opened == []
    # The same look reads the file once its stat changes (here only its ctime): the watch
    # sees the hashing, so the empty list above is not the watch missing it.
    os.chmod(target, 0o644)
    with opened_under(landing) as opened:
        assert _statuses(con, landing) == ["unchanged"]
    assert opened == [target]


def test_a_same_size_rewrite_with_its_old_mtime_put_back_is_read_and_loaded(dropped):
    con, landing, target = dropped
    assert (_victims(con, "P"), _victims(con, "L")) == (1093, 255)
    rewrite_in_place(target, FEMALE, MALE)  # as `touch -d` after an edit
    with opened_under(landing) as opened:
        assert _statuses(con, landing) == ["loaded"]
    assert opened[0] == target
    assert (_victims(con, "P"), _victims(con, "L")) == (1092, 256)


def test_a_file_copied_over_with_cp_p_or_restored_by_rsync_is_read_and_loaded(dropped,
                                                                               tmp_path):
    con, landing, target = dropped
    # `cp -p` of another extract of the same size and modification time: the same inode.
    edited = tmp_path / "arsip" / "simfoni_ppa_ntt_2022.csv"
    edited.parent.mkdir()
    edited.write_bytes(SIMFONI_2022.read_bytes().replace(FEMALE, MALE, 1))
    shutil.copystat(target, edited)
    inode = target.stat().st_ino
    shutil.copy2(edited, target)
    assert (target.stat().st_ino, target.stat().st_size, target.stat().st_mtime_ns) == (
        inode, SIMFONI_2022.stat().st_size, edited.stat().st_mtime_ns)
    assert _statuses(con, landing) == ["loaded"]
    assert _victims(con, "L") == 256
    # `rsync -a` restoring the backup: a new file, same size and time, renamed over it.
    backup = settled_copy(SIMFONI_2022, tmp_path / "backup" / "simfoni_ppa_ntt_2022.csv",
                          mtime=edited.stat().st_mtime)
    staged = shutil.copy2(backup, tmp_path / "arsip" / ".simfoni_ppa_ntt_2022.csv.x1Yz")
    os.replace(staged, target)
    assert _statuses(con, landing) == ["loaded"]
    assert _victims(con, "L") == 255


def test_a_file_modified_as_it_was_hashed_is_hashed_again_until_it_is_older(tmp_path, con):
    """git's racy-clean rule: a file modified less than a second before it was hashed may
    change again in the same clock tick without its stat showing it."""
    landing = tmp_path / "landing"
    target = landing / "simfoni" / "simfoni_ppa_ntt_2022.csv"
    target.parent.mkdir(parents=True)
    shutil.copy(SIMFONI_2022, target)
    # Modified "now" whatever the time the load takes on a busy machine: a minute ahead, every
    # hashing falls within the racy second of it.
    ahead = time.time_ns() + 60_000_000_000
    os.utime(target, ns=(ahead, ahead))
    assert _statuses(con, landing) == ["loaded"]
    with opened_under(landing) as opened:
        assert _statuses(con, landing) == ["unchanged"]
    assert opened == [target]
    [(mtime_ns, hashed_at_ns)] = con.execute(
        "select mtime_ns, hashed_at_ns from raw.landing_hashes").fetchall()
    assert mtime_ns == target.stat().st_mtime_ns and hashed_at_ns - mtime_ns < 1_000_000_000


def test_a_rewrite_with_its_old_mtime_put_back_as_it_was_hashed_is_not_trusted():
    """On a file system keeping whole seconds, a same-size rewrite in place that puts the old
    modification time back within the second of the hashing leaves the stat as recorded:
    only the status-change time says the file moved then, so it is hashed again (before, the
    old modification time alone vouched for it and the corrected figures never loaded)."""
    second = 1_000_000_000
    hashed_at = 1_700_000_000 * second
    old_mtime = hashed_at - 3600 * second
    rewritten = Hashed("a" * 64, Stat(100, old_mtime, hashed_at - second // 2, 7), hashed_at)
    assert not rewritten.vouches_for(rewritten.stat)
    settled = Hashed("a" * 64, Stat(100, old_mtime, hashed_at - 2 * second, 7), hashed_at)
    assert settled.vouches_for(settled.stat)
    assert not settled.vouches_for(Stat(100, old_mtime, hashed_at - second, 8))


def test_a_warehouse_from_before_the_hashes_reads_its_files_once_and_records_them(dropped):
    con, landing, target = dropped
    con.execute("drop table raw.landing_hashes")  # as a warehouse made before it
    with opened_under(landing) as opened:
        assert _statuses(con, landing) == ["unchanged"]
    assert opened == [target]
    assert con.execute("select sha256 from raw.landing_hashes").fetchall() == [
        (sha256_of(SIMFONI_2022),)]
    with opened_under(landing) as opened:
        assert _statuses(con, landing) == ["unchanged"]
    assert opened == []


def test_a_renamed_file_keeps_its_identity_by_its_content(dropped):
    con, landing, target = dropped
    renamed = target.rename(target.with_name("simfoni_2022_salinan.csv"))
    with opened_under(landing) as opened:
        [result] = ingest_folder(con, landing, "simfoni")
    assert opened == [renamed]
    assert (result.status, result.message) == (
        "skipped-duplicate", "isinya sama dengan simfoni 2022 #1 yang sudah dimuat")
    assert _victims(con, "P") == 1093


def test_a_check_records_no_hash(tmp_path, con):
    target = settled_copy(SIMFONI_2022, tmp_path / "landing" / "simfoni" / "s.csv")
    assert ingest_file(con, target, "simfoni", dry_run=True).status == "loaded"
    assert con.execute("select count(*) from raw.landing_hashes").fetchone()[0] == 0
