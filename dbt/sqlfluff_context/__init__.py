"""dbt's Jinja context, as far as sqlfluff needs it to render the models for linting.

sqlfluff renders the models with plain Jinja (`make lint`, `.sqlfluff`: library_path), not
with dbt. Each name defined here becomes a name in that context: `adapter.dispatch` picks the
DuckDB implementation of a dispatched macro (`duckdb__x`, else `default__x`, from the macros
sqlfluff loads from dbt/macros), and `dbt.*` renders dbt's cross-database macros as DuckDB
writes them, so the SQL sqlfluff parses is the SQL DuckDB runs.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import jinja2


class _Adapter:
    @jinja2.pass_context
    def dispatch(self, context, macro_name: str, macro_namespace: str | None = None):
        for prefix in ("duckdb__", "default__"):
            macro = context.get(prefix + macro_name)
            if macro is not None:
                return macro
        raise jinja2.UndefinedError(f"no duckdb__ or default__ implementation of {macro_name}")


adapter = _Adapter()


def env_var(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _date_spine(datepart: str, start_date: str, end_date: str) -> str:
    return (f"select cast(range as date) as date_{datepart} "
            f"from range({start_date}, {end_date}, interval 1 {datepart})")


dbt = SimpleNamespace(
    type_string=lambda: "varchar",
    any_value=lambda expression: f"any_value({expression})",
    escape_single_quotes=lambda text: str(text).replace("'", "''"),
    date_trunc=lambda datepart, date: f"date_trunc('{datepart}', {date})",
    dateadd=lambda datepart, interval, date: f"({date} + interval ({interval}) {datepart})",
    date_spine=_date_spine,
)
