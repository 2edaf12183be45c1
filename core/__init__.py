"""The bottom layer: where things live (`config`), opening DuckDB files (`duckdb_files`), the
dbt manifest and build state, test pause points (`faults`), the reference data of the dbt
seeds (`reference`) and the language people read (`i18n`).

Imports no other package of the project. Does not belong here: reading landing files
(`ingest/`), declaring sources and schemas (`schemas/`), anything that knows Dagster.
"""
