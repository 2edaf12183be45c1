"""The code location loads, and every layer is an asset in its group with its checks."""

import json

from core.i18n import speaking
from core.manifest import ensure_manifest
from dagster_project.assets.dbt import dbt_test_description
from dagster_project.definitions import defs
from schemas.spec import sources


def test_definitions_load_with_every_layer():
    graph = defs.resolve_asset_graph()
    keys = {"/".join(key.path) for key in graph.get_all_asset_keys()}
    for source in sources():
        assert f"raw/{source}" in keys and f"raw/{source}_quarantine" in keys
    assert {"raw/ingest_ledger", "raw/ingest_findings", "reference/ref_kabupaten",
            "staging/stg_uptd__cases", "staging/stg_simfoni__victims",
            "intermediate/int_cases_unioned", "marts/fct_cases", "marts/dim_kabupaten",
            "marts/dim_month", "marts/dim_bidang", "marts/mart_cases_monthly_by_kategori",
            "marts/mart_cases_monthly_by_bentuk", "marts/mart_simfoni_reporting_rate_yearly",
            "marts/data_quality_findings"} <= keys
    for key in graph.get_all_asset_keys():
        assert graph.get(key).group_name == key.path[0], key


def test_lineage_runs_unbroken_from_file_to_mart():
    graph = defs.resolve_asset_graph()
    chain = ["raw/uptd", "staging/stg_uptd__cases", "intermediate/int_cases_unioned",
             "marts/fct_cases", "marts/mart_cases_monthly_by_kategori"]
    for parent, child in zip(chain, chain[1:], strict=False):
        child_key = next(k for k in graph.get_all_asset_keys() if "/".join(k.path) == child)
        assert parent in {"/".join(p.path) for p in graph.get(child_key).parent_keys}


def test_pandera_and_dbt_tests_are_asset_checks():
    checks = {("/".join(key.asset_key.path), key.name) for key in
              defs.resolve_asset_graph().asset_check_keys}
    for source in sources():
        for name in ("rows_pass_validation", "files_readable", "ledger_balances",
                     "total_rows_reconcile"):
            assert (f"raw/{source}", name) in checks
    assert ("marts/fct_cases", "primary_key_fct_cases_case_key") in checks
    assert ("marts/data_quality_findings", "no_open_findings") in checks


def test_every_check_says_what_it_asserts():
    """The UI showed an empty description for every dbt test (119 checks, among them the
    run summary's warnings `anggaran_sisa_reconciles` and `anggaran_realisasi_within_pagu`)."""
    graph = defs.resolve_asset_graph()
    specs = {(key.asset_key.to_user_string(), key.name): graph.get_check_spec(key)
             for key in graph.asset_check_keys}
    assert [key for key, spec in specs.items() if not spec.description] == []
    assert "`sisa_dilaporkan is null or abs(sisa_dilaporkan - sisa_dihitung) < 1`" in specs[
        ("intermediate/int_anggaran_lines_cumulated", "anggaran_sisa_reconciles")].description
    tests = {node["name"]: node for node in json.loads(ensure_manifest().read_text())[
        "nodes"].values() if node["resource_type"] == "test"}
    with speaking("id"):
        assert dbt_test_description(tests["anggaran_realisasi_within_pagu"]) == (
            "Setiap baris memenuhi `kelompok <> 'Belanja' or realisasi_kumulatif <= pagu`. "
            "Baris yang tidak memenuhinya menjadi peringatan.")
        assert dbt_test_description(tests["primary_key_fct_cases_case_key"]) == (
            "Kolom case_key adalah kunci baris: tidak pernah kosong, tidak pernah berulang. "
            "Baris yang tidak memenuhinya menjadi galat.")


def test_every_duckdb_writer_is_in_the_duckdb_pool():
    for assets_def in defs.assets:
        if hasattr(assets_def, "node_def"):
            assert assets_def.node_def.pool == "duckdb", assets_def.node_def.name


def test_jobs_schedules_and_sensor():
    names = {job.name for job in defs.jobs}
    assert {"satudata_full", "cases_refresh", "marts_rebuild", "ingest_uptd",
            "ingest_simfoni"} <= names
    assert {s.name for s in defs.schedules} == {"monthly_case_refresh", "nightly_marts_rebuild"}
    assert {s.name for s in defs.sensors} == {"landing_folder_sensor", "dead_run_sweeper"}


def _parents(graph, path: str) -> set[str]:
    key = next(k for k in graph.get_all_asset_keys() if k.to_user_string() == path)
    return {parent.to_user_string() for parent in graph.get(key).parent_keys}


def test_lineage_starts_at_the_landing_folders_and_each_export_at_its_own_mart():
    from publish.spec import release

    graph = defs.resolve_asset_graph()
    for source in sources():
        assert _parents(graph, f"raw/{source}") == {f"landing/{source}"}
        landing = next(k for k in graph.get_all_asset_keys()
                       if k.to_user_string() == f"landing/{source}")
        assert not graph.get(landing).is_materializable  # observed, never written
    spec = release()
    public = {f"marts/{dataset.mart}" for dataset in spec.datasets.values()}
    # The release decides the withheld cells over every public mart together, and states
    # the period each package covers from the coverage mart.
    assert _parents(graph, "exports/satu_data_release") == public | {
        "marts/mart_source_coverage"}
    for name, dataset in spec.datasets.items():
        assert _parents(graph, f"exports/{name}") == {f"marts/{dataset.mart}",
                                                      "exports/satu_data_release"}
    analytics = _parents(graph, "analytics/analytics_duckdb")
    assert not any(parent.startswith("exports/") for parent in analytics)
    marts = {key.to_user_string() for key in graph.get_all_asset_keys()
             if key.path[0] == "marts"}
    assert marts <= analytics and "raw/ingest_ledger" in analytics
