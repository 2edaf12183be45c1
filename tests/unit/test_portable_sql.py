"""The dbt project stays portable SQL: DuckDB-only syntax lives only in dispatched macros.

The project builds on DuckDB and on Spark (`make test-spark` proves it on a real Spark). This
test keeps a model from bringing back what only DuckDB reads, without starting an engine: it
reads the SQL of every model, test and non-dispatched macro (Jinja removed, string literals and
comments aside) and refuses each construct below with the portable way to write it; it also
refuses a division that is not `ratio()`/`percentage()`, and a declared type outside the
vocabulary both engines share. Implementations of a dispatched macro (`default__`, `duckdb__`,
`spark__`) may use their engine's own SQL: that is where it belongs.
"""

from __future__ import annotations

import re

import pytest
import yaml

from core.config import DBT_PROJECT_DIR

# (pattern, what to write instead). Matched on lower-cased SQL outside strings and comments.
DUCKDB_ONLY = [
    (r"::", "cast(x as type)"),
    (r"//", "floor(a / b) through ratio(), or a dispatched macro"),
    (r"/", "ratio(a, b) or percentage(a, b): both sides cast to double first (Spark keeps a "
           "decimal quotient, DuckDB a double: 6.47 against 6.48)"),
    (r"\barg_(min|max)\s*\(", "min_by / max_by"),
    (r"\bto_(years|months|days|weeks|hours|minutes|seconds)\s*\(", "add_months()"),
    (r"\bage\s*\(", "whole_years_between()"),
    (r"\binterval\b", "add_months() or dbt.dateadd"),
    (r"\bdate_(diff|add|sub)\s*\(|\bdatediff\s*\(", "dbt.datediff / dbt.dateadd"),
    (r"\bunion\s+(all\s+)?by\s+name\b", "the same columns in the same order in every part"),
    (r"\b(un)?pivot\b", "union all of one select per column"),
    (r"\b(string_agg|group_concat|listagg|list|array_agg)\s*\(", "ordered_string_agg()"),
    (r"\b(unnest|string_split|string_to_array|str_split|regexp_split_to_array)\s*\(",
     "split_to_rows()"),
    (r"\b(generate_series|range)\s*\(", "dbt.date_spine, or a union of the few values"),
    (r"\b(strftime|strptime|printf|format)\s*\(", "format_date() / format_number()"),
    (r"\bany_value\s*\(", "dbt.any_value"),
    (r"\bqualify\b", "a window column in one CTE and a where in the next"),
    (r"\bvarchar\b(?!\s*\()", "string (or dbt.type_string()): Spark refuses varchar without "
                              "a length"),
    (r"\b(hugeint|uhugeint|utinyint|usmallint|uinteger|ubigint|blob)\b", "a shared type"),
    (r"\*\s*(exclude|replace)\s*\(|\bcolumns\s*\(", "the columns by name"),
    (r"\b(list_\w+|struct_pack|epoch|regexp_matches|regexp_full_match)\s*\(",
     "a dispatched macro"),
]

# Types written in YAML (contracts, seed column types) that every engine reads alike.
PORTABLE_TYPE = re.compile(
    r"^(string|integer|bigint|double|boolean|date|timestamp|decimal\(\d+, ?\d+\))$"
)
DISPATCHED = re.compile(r"^(default|duckdb|spark)__")
# Where the one division of the project is written, with its casts (macros/portable).
DIVISION_MACROS = {"ratio", "round_half_away"}


def _skip_string(text: str, start: int) -> int:
    """Index after the quoted string that starts at `start` ('' escapes a quote in SQL)."""
    quote = text[start]
    position = start + 1
    while position < len(text):
        if text[position] == quote:
            if text[position + 1:position + 2] == quote:
                position += 2
                continue
            return position + 1
        position += 1
    return position


def _jinja_end(text: str, start: int) -> int:
    """Index after the `{{ … }}` or `{% … %}` that starts at `start`, strings and nested
    brackets inside it skipped."""
    closing = "}}" if text[start + 1] == "{" else "%}"
    position, depth = start + 2, 0
    while position < len(text):
        char = text[position]
        if char in "'\"":
            position = _skip_string(text, position)
            continue
        if depth == 0 and text.startswith(closing, position):
            return position + 2
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        position += 1
    return position


def sql_outside_strings(text: str) -> str:
    """`text` with Jinja, SQL comments and string literals blanked out (lines kept)."""
    kept: list[str] = []
    position = 0
    while position < len(text):
        if text.startswith("{#", position):
            end = text.find("#}", position) + 2
        elif text.startswith(("{{", "{%"), position):
            end = _jinja_end(text, position)
        elif text.startswith("--", position):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
        elif text[position] == "'":
            end = _skip_string(text, position)
        else:
            kept.append(text[position])
            position += 1
            continue
        kept.append(" " + "\n" * text.count("\n", position, end))
        position = end
    return "".join(kept)


def string_literals(text: str) -> list[str]:
    """The SQL string literals of `text` outside Jinja."""
    literals = []
    blank = re.sub(r"\{#.*?#\}", " ", text, flags=re.S)
    position = 0
    while position < len(blank):
        if blank.startswith(("{{", "{%"), position):
            position = _jinja_end(blank, position)
        elif blank[position] == "'":
            end = _skip_string(blank, position)
            literals.append(blank[position:end])
            position = end
        else:
            position += 1
    return literals


def problems(text: str, divides: bool = False) -> list[str]:
    """What in `text` (SQL with Jinja) only DuckDB reads, one line per finding; `divides`
    for the macros that hold the division itself."""
    found = []
    sql = sql_outside_strings(text).lower()
    for number, line in enumerate(sql.splitlines(), start=1):
        for pattern, instead in DUCKDB_ONLY:
            if pattern == "/" and ("//" in line or divides):
                continue
            if re.search(pattern, line):
                found.append(f"line {number}: `{re.search(pattern, line).group(0)}` → {instead}")
    for literal in string_literals(text):
        if "\\" in literal:
            found.append(f"{literal}: a backslash in a string literal means something else on "
                         "Spark (write [0-9] for \\d)")
    return found


def macro_bodies(text: str) -> list[tuple[str, str]]:
    return re.findall(r"\{%-?\s*macro\s+(\w+)\s*\(.*?%\}(.*?)\{%-?\s*endmacro", text, flags=re.S)


def project_sql() -> list[tuple[str, str, bool]]:
    """(where, SQL, divides) of every model, singular and generic test, and non-dispatched
    macro."""
    pieces = []
    for folder in ("models", "tests"):
        for path in sorted((DBT_PROJECT_DIR / folder).rglob("*.sql")):
            pieces.append((str(path.relative_to(DBT_PROJECT_DIR)), path.read_text(), False))
    for path in sorted((DBT_PROJECT_DIR / "macros").rglob("*.sql")):
        for name, body in macro_bodies(path.read_text()):
            if not DISPATCHED.match(name):
                pieces.append((f"{path.relative_to(DBT_PROJECT_DIR)}: macro {name}", body,
                               name in DIVISION_MACROS))
    return pieces


def test_models_and_macros_use_no_duckdb_only_sql():
    pieces = project_sql()
    assert len(pieces) > 50  # every model, test and shared macro was read
    found = [f"{where} {problem}" for where, sql, divides in pieces
             for problem in problems(sql, divides)]
    assert not found, "DuckDB-only SQL outside a dispatched macro:\n" + "\n".join(found)


@pytest.mark.parametrize("sql, expected", [
    ("select a::integer from t", "`::`"),
    ("select arg_min(a, b) from t", "`arg_min(`"),
    ("select x from t qualify row_number() over () = 1", "`qualify`"),
    ("select string_agg(a, ', ' order by a) from t", "`string_agg(`"),
    ("select sum(a) / count(*) from t", "`/`"),
    ("select regexp_extract(f, 'tabel(\\d+)', 1) from t", "backslash"),
    ("select * from a union all by name select * from b", "`union all by name`"),
    ("select cast(null as varchar) from t", "`varchar`"),
])
def test_each_duckdb_only_construct_is_named(sql, expected):
    assert any(expected in problem for problem in problems(sql))


def test_what_is_portable_or_dispatched_passes():
    assert problems(
        "select {{ ratio('a', 'b') }}, 'a / b: 81,25 %' as message, min_by(a, b), "
        "cast(x as {{ dbt.type_string() }}) -- 6 // 2 in a comment\nfrom {{ ref('t') }}"
    ) == []
    macros = dict(macro_bodies(
        "{% macro split_to_rows(c) %}{{ return(adapter.dispatch('split_to_rows')(c)) }}"
        "{% endmacro %}{% macro duckdb__split_to_rows(c) %}unnest(string_split(c, ';'))"
        "{% endmacro %}"))
    assert set(macros) == {"split_to_rows", "duckdb__split_to_rows"}


def test_declared_types_are_shared_by_every_engine():
    declared = []
    for path in (DBT_PROJECT_DIR / "models").rglob("*.yml"):
        for model in (yaml.safe_load(path.read_text()) or {}).get("models", []):
            declared += [(f"{model['name']}.{column['name']}", column["data_type"])
                         for column in model.get("columns", []) if "data_type" in column]
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    for seed, config in project["seeds"]["satudata"].items():
        if isinstance(config, dict):
            declared += [(f"{seed}.{column}", kind)
                         for column, kind in config.get("+column_types", {}).items()]
    assert len(declared) > 300
    wrong = [f"{where}: {kind}" for where, kind in declared if not PORTABLE_TYPE.match(kind)]
    assert not wrong, "types only some engines read:\n" + "\n".join(wrong)
