"""An indicator finding belongs to the annex of its indicator's year: findings name indicator
files by label (`indikator #7`, no year in it, never the file name), so the year is read
from the indicator row the finding is about — in the warehouse and in the analytics file,
which has no ledger."""

from __future__ import annotations

import duckdb
import pytest

from report.warehouse import findings_for


@pytest.fixture
def con():
    """The two marts the annex reads, as dbt builds them, for two years of Tabel 9."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.mart_performance_indicators (tahun integer, "
                "kode_indikator varchar, sumber_tabel varchar, file_name varchar, "
                "source_row integer)")
    con.execute("insert into marts.mart_performance_indicators values "
                "(2022, 'IKD-PP-02', 'Tabel 9', 'indikator #3', 4), "
                "(2023, 'IKD-PP-02', 'Tabel 9', 'indikator #7', 4)")
    con.execute("create table marts.data_quality_findings (source varchar, check_name varchar, "
                "file_name varchar, source_row integer, month_key integer, message varchar, "
                "expected double, actual double)")
    con.execute("insert into marts.data_quality_findings values "
                "('indikator', 'indicator_reported_vs_recomputed', 'indikator #3', 4, null, "
                "'IKD-PP-02 2022 (Tabel 9): dilaporkan 95 %', 95, 90), "
                "('indikator', 'indicator_reported_vs_recomputed', 'indikator #7', 4, null, "
                "'IKD-PP-02 2023 (Tabel 9): dilaporkan 80 %', 80, 75)")
    yield con
    con.close()


@pytest.mark.parametrize("year", [2022, 2023])
def test_an_indicator_finding_is_in_its_years_annex_only(con, year):
    lines = findings_for(con, year, ("indikator",))
    assert len(lines) == 1 and f"IKD-PP-02 {year} (Tabel 9)" in lines[0]
    assert lines[0].startswith("[indicator_reported_vs_recomputed] indikator #")
