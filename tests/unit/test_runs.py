"""Dead runs are found whoever launched them, live ones are left alone, and a failure's cause
is said in plain words."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys

import duckdb
import pytest
from dagster import DagsterInstance, DagsterRunStatus
from dagster._core.test_utils import create_run_for_test
from dagster._utils.error import serializable_error_info_from_exc_info

from dagster_project.runs import (
    HOST_TAG,
    PID_TAG,
    judge,
    pending_steps,
    pool_holders,
    release_dead_runs,
)
from satudata.pipeline import plain_cause
from tests.conftest import dagster_home


@pytest.fixture
def instance(tmp_path):
    """A persistent instance with the repository's dagster.yaml (the `duckdb` pool)."""
    instance = DagsterInstance.from_config(str(dagster_home(tmp_path)))
    instance.event_log_storage.initialize_concurrency_limit_to_default("duckdb")
    yield instance
    instance.dispose()


def gone_pid() -> int:
    """The PID of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def started_run(instance, tags: dict[str, str], job_name: str = "ingest_uptd"):
    return create_run_for_test(instance, job_name=job_name, status=DagsterRunStatus.STARTED,
                               tags=tags)


def test_a_dead_run_of_the_sensor_is_failed_and_its_slot_freed(instance):
    # What a power cut leaves: a sensor's run STARTED, the slot claimed, no process.
    dead = started_run(instance, {"dagster/sensor_name": "landing_folder_sensor"})
    instance.event_log_storage.claim_concurrency_slot("duckdb", dead.run_id, "load_uptd")
    [holder] = pool_holders(instance)
    assert "sensor landing_folder_sensor" in holder.describe()
    assert holder.step_key == "load_uptd"
    released = release_dead_runs(instance)
    assert [h.run_id for h, _reason in released] == [dead.run_id]
    assert pool_holders(instance) == []
    assert instance.get_run_by_id(dead.run_id).status == DagsterRunStatus.FAILURE


def test_a_killed_satudata_run_is_dead_a_live_one_is_not(instance):
    host = socket.gethostname()
    killed = started_run(instance, {HOST_TAG: host, PID_TAG: str(gone_pid())})
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        live = started_run(instance, {HOST_TAG: host, PID_TAG: str(sleeper.pid)})
        for run in (killed, live):
            instance.event_log_storage.claim_concurrency_slot("duckdb", run.run_id, "step")
        verdict = judge(instance, killed.run_id)
        assert verdict.dead and str(killed.tags[PID_TAG]) in verdict.reason
        assert not judge(instance, live.run_id).dead
        assert [h.run_id for h in pool_holders(instance)] == [killed.run_id]
        release_dead_runs(instance)
        # The live run's waiting step gets the slot at its next try, as its executor retries.
        assert pending_steps(instance, live.run_id) == ["step"]
        instance.event_log_storage.claim_concurrency_slot("duckdb", live.run_id, "step")
        assert [h.run_id for h in pool_holders(instance)] == [live.run_id]
        assert instance.get_run_by_id(live.run_id).status == DagsterRunStatus.STARTED
    finally:
        sleeper.kill()
        sleeper.wait()
    # Once its process is gone, the live run is dead too.
    assert judge(instance, live.run_id).dead


def test_a_run_on_another_machine_is_never_touched(instance):
    other = started_run(instance, {HOST_TAG: "another-server", PID_TAG: str(gone_pid())})
    instance.event_log_storage.claim_concurrency_slot("duckdb", other.run_id, "step")
    assert not judge(instance, other.run_id).dead
    assert release_dead_runs(instance) == []
    assert [h.run_id for h in pool_holders(instance)] == [other.run_id]


def test_a_run_that_ended_gives_back_its_slot(instance):
    ended = create_run_for_test(instance, job_name="marts_rebuild",
                                status=DagsterRunStatus.FAILURE)
    instance.event_log_storage.claim_concurrency_slot("duckdb", ended.run_id, "dbt")
    assert [h.run_id for h, _reason in release_dead_runs(instance)] == [ended.run_id]
    assert pool_holders(instance) == []


def _error(action):
    try:
        action()
    except Exception:
        return serializable_error_info_from_exc_info(sys.exc_info())
    raise AssertionError("no error")


def test_a_failure_names_its_cause_in_plain_words(tmp_path, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "en")

    def full():
        try:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/exports/x.csv")
        except OSError as error:
            raise RuntimeError("export korban-kekerasan failed") from error

    cause = plain_cause(_error(full))
    assert cause.startswith("the disk is full (No space left on device)")
    assert "/exports/x.csv" in cause
    read_only = plain_cause(OSError(errno.EROFS, os.strerror(errno.EROFS), "/exports"))
    assert read_only.startswith("the folder is on a read-only disk (Read-only file system)")
    warehouse = tmp_path / "w.duckdb"
    holder = subprocess.Popen(  # an analyst's session holding the warehouse
        [sys.executable, "-c", "import sys, duckdb; con = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); sys.stdin.readline()", str(warehouse)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(duckdb.IOException) as locked:
            duckdb.connect(str(warehouse))
        cause = plain_cause(locked.value)
        assert cause.startswith("another program holds the warehouse file")
        assert f"PID {holder.pid}" in cause
    finally:
        holder.kill()
        holder.wait()
    assert plain_cause(ValueError("something else")) == "ValueError: something else"


def test_the_cause_is_indonesian_by_default(monkeypatch):
    monkeypatch.delenv("SATUDATA_LANG", raising=False)
    cause = plain_cause(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    assert cause.startswith("disk penuh")


def test_a_step_stopped_by_ctrl_c_is_said_in_words_without_a_class_name(monkeypatch):
    """What Dagster records for a step stopped by Ctrl-C (its interrupt error, raised from the
    KeyboardInterrupt) reaches the officer's summary as the words alone."""
    from dagster._core.errors import DagsterExecutionInterruptedError

    monkeypatch.delenv("SATUDATA_LANG", raising=False)

    def stopped():
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as error:
            raise DagsterExecutionInterruptedError() from error

    def interrupted():
        try:
            stopped()
        except DagsterExecutionInterruptedError:
            return serializable_error_info_from_exc_info(sys.exc_info())
        raise AssertionError("not interrupted")

    assert plain_cause(interrupted()) == "dihentikan dengan Ctrl-C, SIGTERM, atau SIGHUP"
    assert plain_cause(KeyboardInterrupt()) == "dihentikan dengan Ctrl-C, SIGTERM, atau SIGHUP"


@pytest.mark.parametrize("verbose", [False, True])
def test_a_failed_step_is_said_in_the_reader_s_language_on_the_console(tmp_path, capsys,
                                                                      monkeypatch, verbose):
    """A step that fails on a refused file (the accept job's NothingHeld, a step's
    FileRejected): before, the console printed Dagster's English 'Execution of step ...
    failed' and its 'Stack Trace:' before the Indonesian summary; now one Indonesian line
    gives the step and its reason, and Dagster's stack only with --verbose. A step after it
    was announced by Dagster's English 'Dependencies for step publish failed: [...]. Not
    executing.'; now once, in Indonesian, naming the step that failed."""
    import dagster as dg

    from satudata.pipeline import console_logger

    monkeypatch.delenv("SATUDATA_LANG", raising=False)

    @dg.op
    def load_asn():
        raise dg.Failure(description="asn #1: tidak ada kolom Tanggal Data")

    @dg.op
    def publish(_loaded):
        pass

    @dg.job(logger_defs={"console": console_logger})
    def refused():
        publish(load_asn())

    with DagsterInstance.ephemeral() as instance:
        result = refused.execute_in_process(
            instance=instance, raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING",
                                                           "verbose": verbose}}}})
    assert not result.success
    err = capsys.readouterr().err
    said = ("langkah load_asn gagal: asn #1: tidak ada kolom Tanggal Data (rincian Dagster: "
            "--verbose, atau proses ini di UI)")
    if verbose:
        assert "Stack Trace:" in err and said not in err
    else:
        assert said in err, err
        assert err.count("langkah publish tidak dijalankan: langkah sebelumnya gagal "
                         "(load_asn)") == 1, err
        assert "Stack Trace:" not in err and "Execution of" not in err
        assert "Not executing" not in err


@pytest.mark.parametrize("verbose", [False, True])
def test_a_file_the_summary_names_is_not_said_again_by_dagster(capsys, monkeypatch, verbose):
    """A load step's warning on a refused file (as `dagster_project.assets.ingest` logs it):
    before, the console printed it framed by Dagster in English ('dagster - WARNING -
    satudata_full - <run id> - load_anggaran - anggaran #2: ditolak: anggaran #2: …') above
    the summary that says it again; now only with --verbose."""
    import dagster as dg

    from dagster_project.runs import IN_SUMMARY
    from satudata.pipeline import console_logger

    monkeypatch.delenv("SATUDATA_LANG", raising=False)

    @dg.op
    def load_anggaran(context):
        context.log.warning("anggaran #2: ditolak: anggaran #2: judul kolom", extra={
            IN_SUMMARY: True})
        context.log.warning("sesuatu yang lain")

    @dg.job(logger_defs={"console": console_logger})
    def refused():
        load_anggaran()

    with DagsterInstance.ephemeral() as instance:
        result = refused.execute_in_process(
            instance=instance, raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING",
                                                           "verbose": verbose}}}})
    assert result.success
    err = capsys.readouterr().err
    assert ("anggaran #2: ditolak" in err) == verbose, err
    assert "sesuatu yang lain" in err
