"""The warehouse as a Dagster resource: paths resolved at run time, connections that wait
for DuckDB's file lock instead of failing (drawing on the run's one wait budget,
`core.duckdb_files.run_budget`), and say in the step's log whom they wait for."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from core.config import Settings
from core.duckdb_files import connect, describe_process
from core.i18n import _, number


class WarehouseResource(dg.ConfigurableResource):
    """Landing folder, warehouse file and exports folder; empty means SATUDATA_* or default."""

    landing: str = ""
    warehouse: str = ""
    exports: str = ""

    def settings(self) -> Settings:
        base = Settings.from_env()
        warehouse = _or(self.warehouse, base.warehouse)
        return Settings(
            landing=_or(self.landing, base.landing),
            warehouse=warehouse,
            analytics=warehouse.with_name("analytics.duckdb") if self.warehouse
            else base.analytics,
            exports=_or(self.exports, base.exports),
        )

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.settings().warehouse
        path.parent.mkdir(parents=True, exist_ok=True)
        con = connect(path, read_only=read_only,
                      on_wait=lambda pid, waited, allowed: log_lock_wait(path, pid, waited,
                                                                         allowed))
        try:
            yield con
        finally:
            con.close()


def log_lock_wait(path: Path, pid: int | None, waited: float, allowed: float) -> None:
    """Say in the step's log (and on the console of `satudata run`) whom a step waits for."""
    dg.get_dagster_logger().warning(_(
        "{file} is held by another process ({holder}); waiting (the run has waited {waited} s "
        "in all, of at most {allowed} s). Close that program's connection to let the run go "
        "on.", file=path.name, holder=describe_process(pid), waited=number(waited),
        allowed=number(allowed)))


def _or(value: str, default: Path) -> Path:
    return Path(value).expanduser().resolve() if value else default
