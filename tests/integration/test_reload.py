"""Re-dropping a file changes nothing; a corrected extract for a year that would shrink it is
held until an officer accepts it, then it replaces the old rows; a run reads no landing file
that has not changed, and always one that has."""

import shutil

import duckdb
from dagster import DagsterInstance

from dagster_project.jobs import REBUILD_JOB
from ingest.loader import accept_held
from tests.conftest import copy_landing, make_settings, run_on
from tests.helpers import opened_under, rewrite_in_place, settled, simfoni_row, write_csv


def _state(run):
    return {
        "ledger": run.query("select ingest_id, file_name, status, superseded_by "
                            "from raw.ingest_ledger order by ingest_id"),
        "cases": run.query("select source, period_year, count(*) from marts.fct_cases "
                           "group by all order by all"),
        "table13": run.query("select * from marts.mart_cases_monthly_by_kategori order by all"),
        "quarantine": run.query("select count(*) from raw.simfoni_quarantine"),
    }


CASE_TABLES = ("fct_cases", "bdg_case_layanan", "bdg_case_bentuk_kekerasan",
               "mart_cases_monthly_by_kategori", "mart_simfoni_reporting_rate")


def _case_tables(run):
    return {table: run.query(f"select * from marts.{table} order by all") for table in CASE_TABLES}


def test_redrop_changes_nothing_and_a_corrected_extract_replaces(tmp_path):
    landing = copy_landing(tmp_path / "landing", ("uptd", "simfoni"))
    settings = make_settings(tmp_path, landing)
    instance = DagsterInstance.ephemeral()
    first = run_on(settings, instance)
    before = _state(first)

    # The same files again: nothing changes, and with nothing new dbt does not even rebuild.
    built = first.query("select built_at from raw.dbt_build_state")
    second = run_on(settings, instance)
    assert _state(second) == before
    assert second.query("select built_at from raw.dbt_build_state") == built
    # The same 2023 extract dropped again under another name.
    shutil.copy(landing / "simfoni" / "simfoni_ppa_ntt_2023.csv",
                landing / "simfoni" / "simfoni_ppa_ntt_2023 (1).csv")
    third = run_on(settings, instance)
    after_copy = _state(third)
    assert after_copy["cases"] == before["cases"]
    assert after_copy["table13"] == before["table13"]
    assert third.query("select status from raw.ingest_ledger "
                       "where file_name = 'simfoni_ppa_ntt_2023 (1).csv'") == [
        ("skipped-duplicate",)]

    # A corrected 2023 extract: three victims in total. It would shrink the year (1,276
    # victims, months lost): held, the year's data unchanged, a finding says what to do.
    corrected = write_csv(landing / "simfoni" / "simfoni_ppa_ntt_2023_perbaikan.csv",
                          [simfoni_row(1), simfoni_row(2),
                           simfoni_row(3, **{"Kabupaten/Kota": "Alor"})])
    held = run_on(settings, instance)
    assert held.query("select status from raw.ingest_ledger "
                      "where file_name = 'simfoni_ppa_ntt_2023_perbaikan.csv'") == [("held",)]
    assert _state(held)["cases"] == before["cases"]
    assert held.query("select count(*) from marts.data_quality_findings "
                      "where check_name = 'year_shrinks'") == [(1,)]
    # The officer accepts it (`satudata accept`): the next run builds the marts from it.
    con = duckdb.connect(str(settings.warehouse))
    try:
        assert accept_held(con, corrected).status == "loaded"
    finally:
        con.close()
    fourth = run_on(settings, instance)
    assert fourth.query("select count(*) from marts.data_quality_findings "
                        "where check_name = 'year_shrinks'") == [(0,)]
    assert fourth.query("select built_at from raw.dbt_build_state") != built
    assert fourth.query("select period_year, count(*) from marts.fct_cases "
                        "where source = 'simfoni' group by 1 order by 1") == [(2022, 1348),
                                                                             (2023, 3)]
    ledger = dict(fourth.query(
        "select file_name, superseded_by is null from raw.ingest_ledger where status = 'loaded'"
    ))
    assert ledger["simfoni_ppa_ntt_2023.csv"] is False
    assert ledger["simfoni_ppa_ntt_2022.csv"] is True
    assert ledger["simfoni_ppa_ntt_2023_perbaikan.csv"] is True
    # Findings and quarantine of the replaced extract no longer count as open.
    assert fourth.query("select count(*) from marts.mart_simfoni_reporting_rate_yearly "
                        "where tahun = 2023 and laporan_diterima > 0") == [(2,)]

    # Only 2023's slice of the case facts and bridges was rebuilt, each slice from one file,
    # and the result equals the nightly rebuild's, which builds them whole.
    assert fourth.query("select period_year, count(distinct ingest_id) from marts.fct_cases "
                        "where source = 'simfoni' group by 1 order by 1") == [(2022, 1),
                                                                            (2023, 1)]
    assert fourth.query("select count(*) from marts.bdg_case_layanan "
                        "where source = 'simfoni' and period_year = 2023") == [(6,)]
    incremental = _case_tables(fourth)
    rebuilt = run_on(settings, instance, job_name=REBUILD_JOB)
    assert rebuilt.outcome.success
    assert _case_tables(rebuilt) == incremental


def test_a_run_reads_no_unchanged_landing_file_and_loads_a_same_size_rewrite(tmp_path):
    landing = copy_landing(tmp_path / "landing", ("simfoni",))
    for path in (landing / "simfoni").iterdir():
        settled(path)  # dropped a while ago
    settings = make_settings(tmp_path, landing)
    instance = DagsterInstance.ephemeral()
    first = run_on(settings, instance)
    before = _state(first)

    def victims(run) -> list[tuple]:
        return run.query("select jenis_kelamin, count(*) from marts.fct_cases where source = "
                         "'simfoni' and period_year = 2022 group by 1 order by 1")

    assert victims(first) == [("L", 255), ("P", 1093)]
    with opened_under(landing) as opened:
        second = run_on(settings, instance)
    assert second.outcome.success and opened == []
    assert _state(second) == before
    # One victim's sex corrected in place, the file's size and modification time kept (an
    # editor saving over it, then `touch -d`): read, loaded, and the marts follow.
    target = rewrite_in_place(landing / "simfoni" / "simfoni_ppa_ntt_2022.csv",
                              b"Sumba Timur;P;40;", b"Sumba Timur;L;40;")
    with opened_under(landing) as opened:
        third = run_on(settings, instance)
    assert third.outcome.success and opened[0] == target
    assert third.query("select status from raw.ingest_ledger where file_name = ? "
                       "order by ingest_id", [target.name]) == [("loaded",), ("loaded",)]
    assert victims(third) == [("L", 256), ("P", 1092)]
