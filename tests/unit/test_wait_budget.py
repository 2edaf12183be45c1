"""The run's one wait budget, in-process: waits for different things draw from the same
seconds, and the message when it is spent says the total and each part (English here)."""

from __future__ import annotations

import re
import subprocess
import sys

import duckdb
import pytest

from core.duckdb_files import GaveUp, WaitBudget, connect, current_budget, run_budget

HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
sys.stdin.readline()
"""


def test_a_second_wait_gets_only_what_the_first_left(tmp_path, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "en")
    path = tmp_path / "satudata.duckdb"
    duckdb.connect(str(path)).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with run_budget(allowed=3.0) as budget:
            assert current_budget() is budget
            with run_budget(allowed=100.0) as inner:  # nested: the same budget
                assert inner is budget
            budget.charge("another run on this warehouse", 2.0)  # as run_lock books it
            with pytest.raises(GaveUp) as gave_up:
                connect(path)
        assert 3.0 <= budget.waited < 3.0 + 2.0
        assert budget.left() < 0
    finally:
        holder.kill()
        holder.wait()
    text = str(gave_up.value)
    found = re.match(r"Stopped waiting after (\d+) s in all \(the most is 3 s, "
                     r"SATUDATA_WAIT_SECONDS\), for another run on this warehouse \(2 s\); "
                     r"the file satudata.duckdb \((\d+) s\)\. "
                     r"The last wait was for the file satudata.duckdb: PID (\d+)", text)
    assert found, text
    assert int(found.group(1)) >= 3 and int(found.group(2)) >= 1
    assert int(found.group(3)) == holder.pid
    # Outside a run, every wait has a budget of its own.
    assert current_budget() is not current_budget()


def test_an_explicit_wait_has_its_own_seconds():
    budget = WaitBudget(5.0)
    budget.charge("x", 1.5)
    budget.charge("y", 1.0)
    budget.charge("x", 0.5)
    assert budget.waited == 3.0 and budget.left() == 2.0
