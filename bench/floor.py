"""Run the floor (`bench/floor.sql`): raw DuckDB over the same landing folder.

    python -m bench.floor LANDING_DIR WAREHOUSE_FILE
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

SQL = Path(__file__).with_name("floor.sql")
SEEDS = Path(__file__).resolve().parents[1] / "dbt" / "seeds"


def run_floor(landing: Path, warehouse: Path) -> None:
    sql = SQL.read_text(encoding="utf-8")
    sql = sql.replace("{landing}", Path(landing).resolve().as_posix())
    sql = sql.replace("{seeds}", SEEDS.as_posix())
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(sql)
    finally:
        con.close()


if __name__ == "__main__":
    run_floor(Path(sys.argv[1]), Path(sys.argv[2]))
