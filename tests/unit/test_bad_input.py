"""The bad-input corpus through the real reader and loader: no crash, a message or a
quarantine row naming file, row and column, and a ledger that balances for every file."""

from __future__ import annotations

import time

import duckdb
import pytest

from ingest.loader import ingest_file
from tests.corpus import CASES, Case, write_large_simfoni


def ledger_balances(con) -> None:
    unbalanced = con.execute(
        "select file_name from raw.ingest_ledger "
        "where rows_read <> rows_loaded + rows_quarantined + rows_dropped"
    ).fetchall()
    assert unbalanced == []


def test_the_corpus_has_at_least_25_kinds():
    assert len({case.kind for case in CASES}) >= 25


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.kind)
def test_bad_input(case: Case, tmp_path):
    files = case.write(tmp_path / "landing" / case.source)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        results = [ingest_file(con, path, case.source) for path in files]
        result = results[-1]
        name = files[-1].name
        assert result.status == case.status, result.message
        assert case.message in result.message
        ledger_balances(con)
        (status, message), = con.execute(
            "select status, message from raw.ingest_ledger where file_name = ?", [name]
        ).fetchall()
        assert status == case.status
        if case.status == "rejected":
            assert message.startswith(f"{name}: "), "a rejection names its file"
            assert result.rows_read == result.rows_loaded == 0
            return
        loaded = con.execute(f"select count(*) from raw.{case.source} where ingest_id = ?",
                             [result.ingest_id]).fetchone()[0]
        assert loaded == result.rows_loaded
        if case.loaded is not None:
            assert loaded == case.loaded
        quarantined = con.execute(
            f"select file_name, source_row, column_name, reason "
            f"from raw.{case.source}_quarantine where ingest_id = ?", [result.ingest_id]
        ).fetchall()
        assert all(file_name == name for file_name, *_ in quarantined)
        for row, column, words in case.quarantine:
            assert any(r == row and c == column and words in reason
                       for _, r, c, reason in quarantined), (row, column, words, quarantined)
        assert result.rows_quarantined == len({row for _, row, _, _ in quarantined})
        if not case.quarantine:
            assert quarantined == []
    finally:
        con.close()


@pytest.mark.slow
def test_a_very_large_simfoni_extract(tmp_path):
    rows = 300_000
    path = write_large_simfoni(tmp_path / "simfoni_2023_full.csv", rows)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        started = time.monotonic()
        result = ingest_file(con, path, "simfoni")
        seconds = time.monotonic() - started
        assert result.status == "loaded", result.message
        assert (result.rows_read, result.rows_quarantined) == (rows, rows // 1000)
        assert con.execute("select count(*) from raw.simfoni").fetchone()[0] == rows - rows // 1000
        ledger_balances(con)
        assert seconds < 60, f"{rows} rows took {seconds:.0f} s"
    finally:
        con.close()
