"""Dagster's run and event storage on PostgreSQL, as the README's deployment section says
(`make test-postgres`).

A private PostgreSQL cluster from Debian's package starts on 127.0.0.1 (initdb into a
temporary folder, run as the `postgres` system user when the test runs as root, since the
server refuses root). A Dagster home holds the repository's dagster.yaml with the README's
`storage: postgres` block; `satudata run` runs the sample pipeline on it. While it runs, the
test watches the `duckdb` pool's slot in PostgreSQL: a step of the run holds it, and when the
run ends it is free again.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import psycopg2
import pytest

from core.config import DAGSTER_HOME, REPO_ROOT
from tests.conftest import SAMPLE_LANDING

# The block the README's deployment section tells an operator to add to dagster.yaml.
STORAGE_BLOCK = """
storage:
  postgres:
    postgres_url:
      env: DAGSTER_POSTGRES_URL
"""


def _server_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL server not installed: `make test-postgres` installs Debian's "
                    "`postgresql` package")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateCluster:
    """initdb + pg_ctl in a temporary folder, listening on 127.0.0.1 only, trust auth."""

    def __init__(self) -> None:
        self.bin = _server_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="satudata-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, text=True)

    def start(self) -> str:
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "dagster",
                  "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.folder / "server.log"), "-w", "-o",
                  f"-h 127.0.0.1 -p {self.port} -k {self.folder}", "start")
        con = psycopg2.connect(host="127.0.0.1", port=self.port, user="dagster",
                               dbname="postgres")
        try:
            con.autocommit = True  # CREATE DATABASE runs outside a transaction
            con.cursor().execute("create database dagster")
        finally:
            con.close()
        return f"postgresql+psycopg2://dagster@127.0.0.1:{self.port}/dagster"

    def connect(self):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="dagster",
                                dbname="dagster")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                      "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class SlotWatcher(threading.Thread):
    """Reads the `duckdb` pool's slots from PostgreSQL until told to stop: every
    (run_id, step_key) that held one."""

    def __init__(self, cluster: PrivateCluster) -> None:
        super().__init__(daemon=True)
        self.cluster = cluster
        self.holders: set[tuple[str, str]] = set()
        self.done = threading.Event()

    def run(self) -> None:
        con = None
        while not self.done.is_set():
            try:
                con = con or self.cluster.connect()
                with con.cursor() as cursor:
                    cursor.execute("select run_id, step_key from concurrency_slots "
                                   "where concurrency_key = 'duckdb' and run_id is not null")
                    self.holders |= set(cursor.fetchall())
                con.rollback()
            except psycopg2.Error:  # the table appears with Dagster's first connection
                con = None
            self.done.wait(0.05)
        if con is not None:
            con.close()


@pytest.fixture(scope="module")
def postgres_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("postgres-lane")
    cluster = PrivateCluster()
    try:
        url = cluster.start()
        home = root / "dagster_home"
        home.mkdir()
        (home / "dagster.yaml").write_text(
            (DAGSTER_HOME / "dagster.yaml").read_text() + STORAGE_BLOCK)
        watcher = SlotWatcher(cluster)
        watcher.start()
        completed = subprocess.run(
            [str(Path(sys.executable).with_name("satudata")), "run",
             "--landing", str(SAMPLE_LANDING),
             "--warehouse", str(root / "warehouse" / "satudata.duckdb"),
             "--exports", str(root / "exports")],
            cwd=REPO_ROOT, capture_output=True, text=True,
            env={**os.environ, "DAGSTER_HOME": str(home), "DAGSTER_POSTGRES_URL": url},
        )
        watcher.done.set()
        watcher.join()
        with cluster.connect() as con, con.cursor() as cursor:
            cursor.execute("select run_id, status from runs")
            runs = cursor.fetchall()
            cursor.execute("select run_id, step_key from concurrency_slots "
                           "where concurrency_key = 'duckdb'")
            slots = cursor.fetchall()
            cursor.execute('select "limit" from concurrency_limits '
                           "where concurrency_key = 'duckdb'")
            limits = cursor.fetchall()
            cursor.execute("select count(*) from pending_steps")
            (pending,), = cursor.fetchall()
            cursor.execute("select run_id, count(*) from event_logs group by run_id")
            events = dict(cursor.fetchall())
        yield {"completed": completed, "runs": runs, "slots": slots, "limits": limits,
               "pending": pending, "events": events, "holders": watcher.holders,
               "home": home}
    finally:
        cluster.stop()


def test_satudata_run_keeps_its_run_history_in_postgres(postgres_run):
    completed = postgres_run["completed"]
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert len(postgres_run["runs"]) == 1
    (run_id, status), = postgres_run["runs"]
    assert status == "SUCCESS"
    assert postgres_run["events"].get(run_id, 0) > 100  # every step's events
    # Nothing of the run history went to the Dagster home's SQLite files.
    assert not list(postgres_run["home"].rglob("*.db"))


def test_the_duckdb_slot_is_taken_and_released_in_postgres(postgres_run):
    (run_id, _), = postgres_run["runs"]
    holders = postgres_run["holders"]
    assert holders, "no step of the run was seen holding the duckdb slot"
    assert {holder_run for holder_run, _ in holders} == {run_id}
    assert "satudata_dbt_assets" in {step for _, step in holders}
    # One slot (default_limit: 1 in dagster.yaml), free once the run is over.
    assert postgres_run["limits"] == [(1,)]
    assert postgres_run["slots"] == [(None, None)]
    assert postgres_run["pending"] == 0
