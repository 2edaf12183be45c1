"""Satu Data publication: open-data packages with disclosure control, and the read-only
analytics file. Reads marts; imports `core/` only, never Dagster.

Does not belong here: computing indicators (dbt marts do), reading landing files (`ingest/`),
the annual-report annex (`report/`).
"""
