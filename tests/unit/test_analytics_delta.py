"""Publishing the analytics file again copies only what dbt rebuilt since, and the result is
always the warehouse's marts, row for row (real DuckDB files, real build records)."""

import duckdb
import pytest

from core import build_state
from publish import analytics_delta
from publish.analytics import publish_analytics

RELATIONS = {"model.satudata.fct_cases": ("marts", "fct_cases", True),
             "model.satudata.mart_budget_summary": ("marts", "mart_budget_summary", False),
             "model.satudata.mart_cases_monthly": ("marts", "mart_cases_monthly", False)}


def _build(con, invocation: str, nodes: list[str], full_refresh: bool) -> None:
    """Record a dbt build of `nodes` as dbt's run_results.json would describe it."""
    build_state.record_table_builds(con, {
        "metadata": {"invocation_id": invocation}, "args": {"full_refresh": full_refresh},
        "results": [{"unique_id": node, "status": "success"} for node in nodes]}, RELATIONS)


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "satudata.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw; create schema marts")
        con.execute("create table marts.fct_cases as select 'simfoni' as source, "
                    "year as period_year, year - 2000 as ingest_id, "
                    "'case-' || year || '-' || n as case_key "
                    "from range(2016, 2026) as years(year), range(1000) as cases(n)")
        con.execute("create table marts.mart_budget_summary as select 2025 as tahun, "
                    "6892432255 as pagu")
        con.execute("create table marts.mart_cases_monthly as select period_year, count(*) "
                    "as jumlah_korban from marts.fct_cases group by all")
        _build(con, "build-1", list(RELATIONS), full_refresh=True)
    return path


def _rows(path, table):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(f"select * from marts.{table} order by all").fetchall()


def _plan(warehouse, analytics):
    with duckdb.connect(":memory:") as con:
        con.execute(f"attach '{analytics}' as pub (read_only)")
        con.execute(f"attach '{warehouse}' as source (read_only)")
        con.execute("use pub")
        names = [("marts", t) for t in ("fct_cases", "mart_budget_summary",
                                        "mart_cases_monthly")]
        return analytics_delta.plan_tables(con, names, reused=True)


def test_a_new_month_copies_its_year_and_the_tables_rebuilt_nothing_else(
        tmp_path, warehouse):
    analytics = tmp_path / "analytics.duckdb"
    assert publish_analytics(warehouse, analytics)["marts.fct_cases"] == 10_000
    assert set(_plan(warehouse, analytics).values()) == {analytics_delta.KEEP}

    # A newer extract of 2025: its slice of the case facts is replaced (1,000 → 1,100
    # victims), the monthly mart rebuilt whole; the budget mart is untouched.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("delete from marts.fct_cases where period_year = 2025")
        con.execute("insert into marts.fct_cases select 'simfoni', 2025, 40, "
                    "'case-2025-' || n from range(1100) as cases(n)")
        con.execute("create or replace table marts.mart_cases_monthly as select period_year, "
                    "count(*) as jumlah_korban from marts.fct_cases group by all")
        _build(con, "build-2", ["model.satudata.fct_cases", "model.satudata.mart_cases_monthly"],
               full_refresh=False)
    assert _plan(warehouse, analytics) == {
        ("marts", "fct_cases"): analytics_delta.SLICES,
        ("marts", "mart_budget_summary"): analytics_delta.KEEP,
        ("marts", "mart_cases_monthly"): analytics_delta.WHOLE}
    counts = publish_analytics(warehouse, analytics)
    assert counts["marts.fct_cases"] == 10_100
    for table in ("fct_cases", "mart_budget_summary", "mart_cases_monthly"):
        assert _rows(analytics, table) == _rows(warehouse, table)
    assert (2025, 1100) in _rows(analytics, "mart_cases_monthly")

    # The nightly rebuild (--full-refresh) rewrites every row: the whole table is copied.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update marts.fct_cases set case_key = upper(case_key)")
        _build(con, "build-3", list(RELATIONS), full_refresh=True)
    assert set(_plan(warehouse, analytics).values()) == {analytics_delta.WHOLE}
    publish_analytics(warehouse, analytics)
    assert _rows(analytics, "fct_cases") == _rows(warehouse, "fct_cases")


def test_a_mart_gone_from_the_warehouse_is_gone_from_the_analytics_file(tmp_path, warehouse):
    analytics = tmp_path / "analytics.duckdb"
    publish_analytics(warehouse, analytics)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table marts.mart_budget_summary")
    counts = publish_analytics(warehouse, analytics)
    assert "marts.mart_budget_summary" not in counts
    with duckdb.connect(str(analytics), read_only=True) as con:
        assert con.execute("select count(*) from duckdb_tables() where schema_name = 'marts'"
                           ).fetchone()[0] == 2


def test_without_a_build_record_every_table_is_copied_whole(tmp_path, warehouse):
    analytics = tmp_path / "analytics.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("drop table raw.dbt_table_builds")
    publish_analytics(warehouse, analytics)
    assert set(_plan(warehouse, analytics).values()) == {analytics_delta.WHOLE}
    assert _rows(analytics, "fct_cases") == _rows(warehouse, "fct_cases")
