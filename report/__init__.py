"""The statistical annex of the annual report (tables 1–14, charts, one HTML page), built
read-only from the warehouse marts: `satudata report --year YYYY`. Imports `core/` only.

Does not belong here: computing figures the marts could hold (dbt), the Satu Data exports
(`publish/`), Dagster.
"""

from report.annex import (
    Annex,
    AnnexYear,
    NoDataForYear,
    annex_year,
    build_annex,
    latest_complete_year,
)

__all__ = ["Annex", "AnnexYear", "NoDataForYear", "annex_year", "build_annex",
           "latest_complete_year"]
