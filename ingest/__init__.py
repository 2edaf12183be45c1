"""Reading landing files and loading them into the warehouse's `raw` schema: file formats,
Indonesian numbers and dates, headers, private columns, pseudonyms, quarantine and the ingest
ledger. Pure Python: imports `schemas/` and `core/` only.

Does not belong here: what a source's columns are (`schemas/sources.yml`), Pandera rules
(`schemas/`), anything built from the loaded rows (dbt models), publication, Dagster.
"""
