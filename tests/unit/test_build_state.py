"""What the next dbt build does, from the state of the last one, on a real DuckDB file."""

import duckdb
import pytest

from core import build_state


@pytest.fixture
def con(tmp_path):
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    connection.execute("create schema raw")
    connection.execute("create schema marts")
    connection.execute("create table raw.ingest_ledger (ingest_id bigint, source varchar, "
                       "status varchar, superseded_by bigint)")
    yield connection
    connection.close()


@pytest.fixture
def manifest(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text('{"nodes": {}}')
    return path


def _plan(con, manifest, **kwargs):
    options = {"rebuild": False, "partial": False, **kwargs}
    return build_state.plan(build_state.current(con, manifest), build_state.last_built(con),
                            **options)


def test_a_build_is_skipped_only_when_nothing_changed_since_the_last_finished_one(
        con, manifest):
    assert build_state.last_built(con) is None
    assert _plan(con, manifest).action == build_state.FULL
    build_state.record(con, build_state.current(con, manifest))
    assert _plan(con, manifest).action == build_state.SKIP
    # The rebuild job always rebuilds everything; a selection of assets is built as asked.
    assert _plan(con, manifest, rebuild=True).action == build_state.FULL
    assert _plan(con, manifest, partial=True).action == build_state.SUBSET


def test_new_files_rebuild_only_what_is_built_on_their_source(con, manifest):
    con.execute("insert into raw.ingest_ledger values (1, 'simfoni', 'loaded', null), "
                "(2, 'anggaran', 'loaded', null)")
    build_state.record(con, build_state.current(con, manifest))

    # A newer SIMFONI-PPA extract of 2023 replaces the first one; the budget is unchanged.
    con.execute("insert into raw.ingest_ledger values (3, 'simfoni', 'loaded', null)")
    con.execute("update raw.ingest_ledger set superseded_by = 3 where ingest_id = 1")
    plan = _plan(con, manifest)
    assert (plan.action, plan.sources) == (build_state.CHANGED, ("simfoni",))
    assert build_state.selection(plan, ["simfoni", "simfoni_quarantine", "anggaran",
                                        "ingest_ledger", "ingest_findings"]) == [
        "source:raw.simfoni+", "source:raw.simfoni_quarantine+", "source:raw.ingest_ledger+",
        "source:raw.ingest_findings+"]
    # A source the dbt project does not read yet adds nothing to the selection.
    assert build_state.selection(build_state.Plan(build_state.CHANGED, "", ("kla",)),
                                 ["ingest_ledger"]) == ["source:raw.ingest_ledger+"]

    # A rejected UPTD file also changes the ledger of its source.
    con.execute("insert into raw.ingest_ledger values (4, 'uptd', 'rejected', null)")
    assert _plan(con, manifest).sources == ("simfoni", "uptd")


def test_a_build_that_never_finished_or_a_changed_project_rebuilds_everything(
        con, manifest):
    con.execute("insert into raw.ingest_ledger values (1, 'simfoni', 'loaded', null)")
    state = build_state.current(con, manifest)
    build_state.record(con, state)
    # A build starts (state unknown until it finishes): if it never finishes, the next build
    # cannot trust the incremental tables and rebuilds everything.
    build_state.record(con, None)
    assert _plan(con, manifest).action == build_state.FULL

    # A changed dbt project (a model, a seed file, a macro) reaches every slice.
    build_state.record(con, state)
    manifest.write_text('{"nodes": {"model.satudata.fct_cases": {}}}')
    assert _plan(con, manifest).action == build_state.FULL

    # A mart table dropped by hand since the last build.
    build_state.record(con, build_state.current(con, manifest))
    con.execute("create table marts.stray (x integer)")
    assert _plan(con, manifest).action == build_state.FULL


def test_a_selection_keeps_only_the_sources_it_rebuilt_whole(con, manifest):
    con.execute("insert into raw.ingest_ledger values (1, 'simfoni', 'loaded', null), "
                "(2, 'anggaran', 'loaded', null)")
    last = build_state.current(con, manifest)
    con.execute("insert into raw.ingest_ledger values (3, 'simfoni', 'loaded', null), "
                "(4, 'anggaran', 'loaded', null)")
    now = build_state.current(con, manifest)
    # The ingest_simfoni job built what is downstream of SIMFONI-PPA, not of the budget.
    kept = build_state.after_subset(last, now, ["simfoni"])
    build_state.record(con, kept)
    assert _plan(con, manifest).sources == ("anggaran",)
    # No full build before it, or a project changed since: the next build is full.
    assert build_state.after_subset(None, now, ["simfoni"]) is None


def test_an_unreadable_state_from_an_older_version_means_a_full_build(con, manifest):
    con.execute("create table raw.dbt_build_state (state varchar, built_at timestamp)")
    con.execute("insert into raw.dbt_build_state values ('0abc:9def', current_timestamp)")
    assert build_state.last_built(con) is None
    assert _plan(con, manifest).action == build_state.FULL


def test_no_state_before_the_raw_schema_exists(tmp_path, manifest):
    with duckdb.connect(str(tmp_path / "empty.duckdb")) as empty:
        assert build_state.current(empty, manifest) is None
        assert build_state.last_built(empty) is None
