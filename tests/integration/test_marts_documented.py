"""The marts explain themselves to an analyst who reads them from SQL, and the first queries an
analyst writes do not fall into the traps the issue found (comments, unique district names,
age groups that sort, budget names beside keys)."""


def test_every_mart_and_every_mart_column_carries_its_description(sample_run):
    tables = sample_run.query(
        "select table_name, comment from duckdb_tables() where schema_name = 'marts'")
    columns = sample_run.query(
        "select table_name, column_name, comment from duckdb_columns() "
        "where schema_name = 'marts'")
    assert len(tables) >= 30 and len(columns) >= 340
    assert [name for name, comment in tables if not comment] == []
    assert [f"{table}.{column}" for table, column, comment in columns if not comment] == []
    (fct_cases,), = sample_run.query(
        "select comment from duckdb_tables() where schema_name = 'marts' "
        "and table_name = 'fct_cases'")
    assert "OVERLAP" in fct_cases and "counts cases twice" in fct_cases


def test_district_names_are_unique_kupang_is_two_districts(sample_run):
    rows = sample_run.query(
        "select kabupaten_key, nama, nama_lengkap, nama_tanpa_awalan from marts.dim_kabupaten "
        "where nama_tanpa_awalan = 'Kupang' order by kabupaten_key")
    assert rows == [("53.01", "Kupang", "Kab. Kupang", "Kupang"),
                    ("53.71", "Kota Kupang", "Kota Kupang", "Kupang")]
    assert sample_run.query(
        "select count(*), count(distinct nama), count(distinct nama_lengkap) "
        "from marts.dim_kabupaten") == [(23, 23, 23)]


def test_age_groups_sort_by_their_order_column(sample_run):
    # SIMFONI-PPA gives ages; a UPTD case has none (Tidak diketahui, last).
    groups = sample_run.query(
        "select kelompok_umur from marts.fct_cases "
        "group by kelompok_umur, kelompok_umur_urutan order by kelompok_umur_urutan")
    assert [group for (group,) in groups] == [
        "0-5", "6-12", "13-17", "18-24", "25-44", "45-59", "60+", "Tidak diketahui"]


def test_budget_marts_name_their_programs_and_bidang(sample_run):
    names = dict(sample_run.query(
        "select nilai, nama from marts.mart_budget_summary "
        "where tahun = 2023 and dimensi in ('program', 'bidang')"))
    assert names["2.08.03"] == "Program Perlindungan Perempuan"
    assert names["PP"] == "Bidang Perlindungan Perempuan"
    assert names["UPTD_PPA"] == "UPTD Perlindungan Perempuan dan Anak"
    assert sample_run.query(
        "select count(*) from marts.mart_budget_absorption where nama_bidang is null "
        "or nama_program is null") == [(0,)]
