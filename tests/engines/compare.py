"""Every mart of two engines, compared row by row.

`compare_marts(duckdb_warehouse, spark_tables)` reads each table of DuckDB's `marts` schema and
the Parquet files Spark wrote for the table of the same name (`<spark_tables>/marts.db/<table>/`,
partition folders included), casts Spark's columns to DuckDB's types, and compares the two as
multisets of whole rows: decimals exactly (to the cent), doubles to 6 decimals (every double
mart column is rounded to 2 or 4 decimals, or an amount in whole cents), everything else
exactly. Returns one `Difference` per table that differs (missing on one side, other columns,
or rows only one side has, with examples).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

DOUBLE_DECIMALS = 6


@dataclass
class Difference:
    table: str
    problem: str
    only_duckdb: list[tuple] = field(default_factory=list)
    only_spark: list[tuple] = field(default_factory=list)

    def __str__(self) -> str:
        lines = [f"{self.table}: {self.problem}"]
        lines += [f"  only DuckDB: {row}" for row in self.only_duckdb]
        lines += [f"  only Spark:  {row}" for row in self.only_spark]
        return "\n".join(lines)


def _columns(con: duckdb.DuckDBPyConnection, database: str, table: str) -> dict[str, str]:
    return dict(con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = ? "
        "and schema_name = 'marts' and table_name = ? order by column_index",
        [database, table]).fetchall())


def _normalised(name: str, data_type: str) -> str:
    column = f'"{name}"'
    if data_type == "DOUBLE":
        return f"round({column}, {DOUBLE_DECIMALS}) as {column}"
    return f"{column}"


def compare_marts(duckdb_warehouse: Path, spark_tables: Path,
                  examples: int = 5) -> tuple[list[str], list[Difference]]:
    """(tables compared, differences) between DuckDB's marts and Spark's."""
    con = duckdb.connect()
    differences: list[Difference] = []
    try:
        con.execute(f"attach '{duckdb_warehouse}' as duck (read_only)")
        tables = [name for (name,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'duck' "
            "and schema_name = 'marts' order by 1").fetchall()]
        spark_marts = spark_tables / "marts.db"
        spark_names = {path.name for path in spark_marts.iterdir() if path.is_dir()}
        for name in sorted(spark_names - set(tables)):
            differences.append(Difference(name, "built by Spark only"))
        for table in tables:
            if table not in spark_names:
                differences.append(Difference(table, "not built by Spark"))
                continue
            types = _columns(con, "duck", table)
            files = [str(path) for path in (spark_marts / table).rglob("*.parquet")]
            if files:
                con.execute(
                    f"create or replace temp view spark_raw as select * from read_parquet("
                    f"{files!r}, hive_partitioning = true, union_by_name = true)")
            else:  # Spark writes no file for an empty table
                columns = ", ".join(f'cast(null as {kind}) as "{column}"'
                                    for column, kind in types.items())
                con.execute(f"create or replace temp view spark_raw as "
                            f"select {columns} limit 0")
            spark_columns = {column for (column,) in con.execute(
                "select column_name from (describe spark_raw)").fetchall()}
            if spark_columns != set(types):
                differences.append(Difference(
                    table, f"columns differ: DuckDB only {sorted(set(types) - spark_columns)}, "
                           f"Spark only {sorted(spark_columns - set(types))}"))
                continue
            cast = ", ".join(f'cast("{column}" as {kind}) as "{column}"'
                             for column, kind in types.items())
            con.execute(f"create or replace temp view spark as select {cast} from spark_raw")
            select = ", ".join(_normalised(column, kind) for column, kind in types.items())
            only_duckdb = con.execute(
                f"select {select} from duck.marts.{table} except all select {select} from spark"
            ).fetchall()
            only_spark = con.execute(
                f"select {select} from spark except all select {select} from duck.marts.{table}"
            ).fetchall()
            if only_duckdb or only_spark:
                differences.append(Difference(
                    table, f"{len(only_duckdb)} row(s) only in DuckDB, {len(only_spark)} only "
                           "in Spark", sorted(only_duckdb, key=repr)[:examples],
                    sorted(only_spark, key=repr)[:examples]))
    finally:
        con.close()
    return tables, differences
