"""The analytics file as readers meet it: a new read-only version per publication behind the
`analytics.duckdb` link, readable by the DuckDB CLI analysts install, with descriptions as
comments, the ledger by label, and never broken by a stray write-ahead log."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from core.config import REPO_ROOT
from core.faults import PAUSE_AT, PAUSE_FILE
from core.owner import RECORD, ForeignOutput
from publish.analytics import (
    STORAGE_VERSION,
    current_version,
    publish_analytics,
    versions_folder,
)
from publish.publication_state import ledger_state, read_publication

DUCKDB_CLI = Path(sys.executable).with_name("duckdb")


def make_warehouse(path: Path, cases: int, build: str = "build-1") -> Path:
    """A warehouse as the pipeline leaves it: marts with dbt's comments, a ledger whose file
    names carry a person's name (as offices name registers), a quarantine, a build state."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("create schema if not exists marts; create schema if not exists raw")
    con.execute("create or replace table marts.fct_cases as select range as case_key, "
                "2023 as tahun from range(?)", [cases])
    con.execute("comment on table marts.fct_cases is 'One row per victim case.'")
    con.execute("comment on column marts.fct_cases.case_key is 'Pseudonymous case key.'")
    con.execute("comment on column marts.fct_cases.tahun is 'Year of the report.'")
    con.execute("create or replace table raw.ingest_ledger (ingest_id bigint, source varchar, "
                "file_name varchar, file_path varchar, sha256 varchar, period_year integer, "
                "status varchar, message varchar, superseded_by bigint)")
    con.execute("insert into raw.ingest_ledger values "
                "(1, 'uptd', 'Register_Maria_Ndun_2022.xlsx', '/landing/uptd/Register_Maria_"
                "Ndun_2022.xlsx', 'aaa', 2023, 'loaded', '40 rows loaded', 2), "
                "(2, 'uptd', 'Register_2023_koreksi.xlsx', '/landing/uptd/x.xlsx', 'bbb', 2023, "
                "'loaded', '41 rows loaded; replaces Register_Maria_Ndun_2022.xlsx for 2023', "
                "null)")
    con.execute("create or replace table raw.uptd_quarantine (ingest_id bigint, file_name "
                "varchar, source_row integer, column_name varchar, value varchar, reason "
                "varchar)")
    con.execute("insert into raw.uptd_quarantine values (2, 'Register_2023_koreksi.xlsx', 7, "
                "'tanggal', '31/02/2023', 'not a calendar date')")
    con.execute("create or replace table raw.dbt_build_state (state varchar, built_at timestamp)")
    con.execute("insert into raw.dbt_build_state values (?, current_timestamp)", [build])
    con.close()
    return path


@pytest.fixture
def office(tmp_path):
    warehouse = make_warehouse(tmp_path / "warehouse" / "satudata.duckdb", cases=1670)
    return warehouse, tmp_path / "warehouse" / "analytics.duckdb"


def count(path: Path, sql: str):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_publication_is_a_new_read_only_version_behind_the_link(office):
    warehouse, analytics = office
    tables = publish_analytics(warehouse, analytics, run_id="run-1")
    assert tables["marts.fct_cases"] == 1670
    first = current_version(analytics)
    assert analytics.is_symlink() and first.parent == versions_folder(analytics)
    assert first.stat().st_mode & 0o222 == 0  # nobody may open it read-write
    make_warehouse(warehouse, cases=2941, build="build-2")
    publish_analytics(warehouse, analytics, run_id="run-2")
    second = current_version(analytics)
    assert second != first and first.exists()  # the previous version is kept
    assert count(analytics, "select count(*) from marts.fct_cases") == [(2941,)]
    publication = read_publication(analytics)
    assert (publication.run_id, publication.build_state) == ("run-2", "build-2")
    make_warehouse(warehouse, cases=3000, build="build-3")
    publish_analytics(warehouse, analytics, run_id="run-3")
    # Two versions kept: the current one and the one before it.
    assert sorted(p.name for p in versions_folder(analytics).iterdir()) == sorted(
        [second.name, current_version(analytics).name, RECORD])  # and which warehouse's
    assert not list(analytics.parent.glob(".*"))  # no link or temporary left beside it


def test_the_duckdb_cli_analysts_install_opens_it_and_reads_the_comments(office):
    warehouse, analytics = office
    publish_analytics(warehouse, analytics)
    assert DUCKDB_CLI.exists(), "duckdb-cli is a locked dev dependency (uv sync)"
    done = subprocess.run(
        [str(DUCKDB_CLI), "-readonly", "-csv", "-noheader", str(analytics), "-c",
         "select count(*) from marts.fct_cases; "
         "select column_name || '=' || comment from duckdb_columns() "
         "where schema_name = 'marts' order by column_index; "
         "select comment from duckdb_tables() where table_name = 'fct_cases'"],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:4] == [
        "1670", "case_key=Pseudonymous case key.", "tahun=Year of the report.",
        "One row per victim case."]
    assert count(analytics, "select storage_version from publication") == [(STORAGE_VERSION,)]


def test_the_ledger_names_files_by_label_never_by_file_name(office):
    warehouse, analytics = office
    publish_analytics(warehouse, analytics)
    ledger = count(analytics, "select file_label, sha256, status, message, superseded_by "
                              "from ledger.ingest_ledger order by ingest_id")
    assert ledger == [("uptd 2023 #1", "aaa", "loaded", "40 rows loaded", 2),
                      ("uptd 2023 #2", "bbb", "loaded",
                       "41 rows loaded; replaces uptd 2023 #1 for 2023", None)]
    columns = {name for (name,) in count(analytics, "select column_name from duckdb_columns() "
                                                    "where schema_name = 'ledger'")}
    assert not columns & {"file_name", "file_path"}
    assert count(analytics, "select file_label, source_row, reason from ledger.uptd_quarantine"
                 ) == [("uptd 2023 #2", 7, "not a calendar date")]
    everything = b"".join(path.read_bytes() for path in versions_folder(analytics).iterdir())
    assert b"Maria" not in everything
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert read_publication(analytics).ledger_state == ledger_state(con)
    finally:
        con.close()


STRAY_WRITER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])  # read-write, against the README's advice
con.execute("create table main.my_notes as select 1 as x")
con.execute("insert into main.my_notes values (2)")
print("written", flush=True)
sys.stdin.readline()
print(con.execute("select count(*) from marts.fct_cases").fetchall()[0][0], flush=True)
"""


@pytest.mark.slow
def test_a_stray_wal_of_a_replaced_version_never_breaks_readers(office):
    warehouse, analytics = office
    publish_analytics(warehouse, analytics)
    os.chmod(current_version(analytics), 0o644)  # as an administrator could
    analyst = subprocess.Popen([sys.executable, "-c", STRAY_WRITER, str(analytics)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert analyst.stdout.readline().strip() == "written"
        stray = list(versions_folder(analytics).glob("*.wal"))
        assert stray, "the read-write session keeps a write-ahead log"
        make_warehouse(warehouse, cases=2941, build="build-2")
        publish_analytics(warehouse, analytics)  # while the session holds the old version
        for read_only in (True, False):  # every reader of the new version
            con = duckdb.connect(str(analytics), read_only=read_only)
            assert con.execute("select count(*) from marts.fct_cases").fetchall() == [(2941,)]
            con.close()
        done = subprocess.run([str(DUCKDB_CLI), "-readonly", "-csv", "-noheader",
                               str(analytics), "-c", "select count(*) from marts.fct_cases"],
                              capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stdout.strip()) == (0, "2941"), done.stderr
        analyst.stdin.write("\n")
        analyst.stdin.flush()
        assert analyst.stdout.readline().strip() == "1670"  # the session kept its version
    finally:
        analyst.kill()
        analyst.wait()


def test_the_old_layout_with_a_stray_wal_beside_it_is_replaced_cleanly(office):
    warehouse, analytics = office
    # A regular analytics.duckdb and the .wal an analyst's session left for another file.
    other = analytics.with_name("other.duckdb")
    con = duckdb.connect(str(other))
    con.execute("create table t as select 1 as x")
    con.close()
    analytics.parent.mkdir(parents=True, exist_ok=True)
    analytics.write_bytes(other.read_bytes())
    analytics.with_name("analytics.duckdb.wal").write_bytes(b"\x00" * 4096)
    publish_analytics(warehouse, analytics)
    assert not analytics.with_name("analytics.duckdb.wal").exists()
    assert count(analytics, "select count(*) from marts.fct_cases") == [(1670,)]


PUBLISHER = """
import sys
from pathlib import Path
from publish.analytics import publish_analytics
publish_analytics(Path(sys.argv[1]), Path(sys.argv[2]), run_id="killed")
"""


def test_killed_before_the_swap_the_previous_version_stays_and_no_temporary_remains(
        office, tmp_path):
    warehouse, analytics = office
    publish_analytics(warehouse, analytics, run_id="first")
    before = current_version(analytics)
    digest = hashlib.sha256(before.read_bytes()).hexdigest()
    make_warehouse(warehouse, cases=2941, build="build-2")
    marker = tmp_path / "paused"
    process = subprocess.Popen(
        [sys.executable, "-c", PUBLISHER, str(warehouse), str(analytics)], cwd=REPO_ROOT,
        env={**os.environ, PAUSE_AT: "publish.before_swap", PAUSE_FILE: str(marker)})
    while not marker.exists():  # waits for the condition, however slow the machine
        assert process.poll() is None, "the publisher ended before its pause point"
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert current_version(analytics) == before
    assert hashlib.sha256(before.read_bytes()).hexdigest() == digest
    assert count(analytics, "select run_id from publication") == [("first",)]
    assert list(versions_folder(analytics).glob(".tmp-*"))  # what the kill left
    publish_analytics(warehouse, analytics, run_id="next")
    assert not list(versions_folder(analytics).glob(".tmp-*"))
    assert count(analytics, "select count(*) from marts.fct_cases") == [(2941,)]


def test_an_analytics_file_is_published_only_from_its_own_warehouse(office, english):
    """A second warehouse in the office's folder (`warehouse/coba.duckdb`) given the office's
    analytics file (SATUDATA_ANALYTICS) is refused before it writes anything: the link, the
    versions and what analysts read stay the office's."""
    warehouse, analytics = office
    publish_analytics(warehouse, analytics, run_id="office")
    assert count(analytics, "select warehouse, run_id from main.publication") == [
        (str(warehouse.resolve()), "office")]
    folder = versions_folder(analytics)
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    link = os.readlink(analytics)
    trial = make_warehouse(warehouse.with_name("coba.duckdb"), cases=5, build="trial")
    with pytest.raises(ForeignOutput) as refused:
        publish_analytics(trial, analytics, run_id="trial")
    assert str(refused.value).startswith(
        f"The analytics file {analytics} belongs to the warehouse {warehouse.resolve()}, not "
        f"to the warehouse in use, {trial.resolve()}: nothing was written there. Give "
        f"{trial.resolve()} outputs of its own (SATUDATA_ANALYTICS; without it the analytics "
        "file lies beside the warehouse)")
    assert os.readlink(analytics) == link
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    assert count(analytics, "select count(*) from marts.fct_cases") == [(1670,)]
    assert sorted(path.name for path in analytics.parent.iterdir()) == [
        "analytics-versions", "analytics.duckdb", "coba.duckdb", "satudata.duckdb"]


def test_an_analytics_file_from_before_owner_records_is_taken_over(office):
    """An office's analytics file published before outputs had owners has no record: the
    first warehouse that publishes it takes it over, and is recorded."""
    warehouse, analytics = office
    publish_analytics(warehouse, analytics)
    (versions_folder(analytics) / RECORD).unlink()
    publish_analytics(warehouse, analytics, run_id="after")
    assert (versions_folder(analytics) / RECORD).is_file()
    assert read_publication(analytics).run_id == "after"
    with pytest.raises(ForeignOutput):
        publish_analytics(make_warehouse(warehouse.with_name("coba.duckdb"), cases=5),
                          analytics)
