"""The Dagster code location: assembles ingest, dbt, publication and report assets, checks,
jobs, schedules, sensors and resources. Thin: each asset calls a plain function of `ingest/`,
`publish/` or `report/`.

Does not belong here: business logic a plain function or a dbt model could hold, reading
configuration at import time.
"""
