"""What the next dbt build does, from the state of the last one, on a real DuckDB file."""

import duckdb
import pytest

from core import build_state


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    connection.execute("create schema raw")
    connection.execute("create table raw.ingest_ledger (ingest_id bigint, superseded_by bigint)")
    yield connection
    connection.close()


def test_a_build_is_skipped_only_when_nothing_changed_since_the_last_finished_one(
        tmp_path, con):
    manifest = tmp_path / "manifest.json"
    manifest.write_text('{"nodes": {}}')
    assert build_state.last_built(con) is None
    state = build_state.current(con, manifest)
    assert build_state.plan(state, None, rebuild=False, partial=False) == build_state.FULL
    build_state.record(con, state)
    assert build_state.plan(build_state.current(con, manifest), build_state.last_built(con),
                            rebuild=False, partial=False) == build_state.SKIP
    # The rebuild job and a selection of some assets in the UI always build.
    assert build_state.plan(state, state, rebuild=True, partial=False) == build_state.FULL
    assert build_state.plan(state, state, rebuild=False, partial=True) == build_state.INCREMENTAL

    # A new file: only the slices whose file changed are rebuilt.
    con.execute("insert into raw.ingest_ledger values (1, null)")
    landed = build_state.current(con, manifest)
    assert build_state.plan(landed, state, rebuild=False, partial=False) == (
        build_state.INCREMENTAL)

    # A build starts (state unknown until it finishes): if it never finishes, the next
    # build cannot trust the incremental tables and rebuilds everything.
    build_state.record(con, None)
    assert build_state.plan(landed, build_state.last_built(con), rebuild=False,
                            partial=False) == build_state.FULL

    # A changed dbt project reaches every slice: a full rebuild.
    build_state.record(con, landed)
    manifest.write_text('{"nodes": {"model.satudata.fct_cases": {}}}')
    changed = build_state.current(con, manifest)
    assert build_state.plan(changed, landed, rebuild=False, partial=False) == build_state.FULL


def test_no_state_before_the_raw_schema_exists(tmp_path):
    manifest = tmp_path / "manifest.json"
    manifest.write_text("{}")
    with duckdb.connect(str(tmp_path / "empty.duckdb")) as empty:
        assert build_state.current(empty, manifest) is None
        assert build_state.last_built(empty) is None
