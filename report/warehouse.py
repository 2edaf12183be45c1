"""Read-only questions to the warehouse that every report table asks: does a mart exist,
which years does it hold, which data-quality findings of a year touch a source."""

from __future__ import annotations

import re

import duckdb

from core.i18n import _, language
from report.model import month_name


def has_table(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    return con.execute(
        "select count(*) from information_schema.tables where table_schema = ? "
        "and table_name = ?", [schema, name],
    ).fetchone()[0] > 0


def finding_message(con: duckdb.DuckDBPyConnection) -> str:
    """The column of `marts.data_quality_findings` that holds a finding in the reader's
    language (`--lang`, SATUDATA_LANG): `message` (Indonesian) or `message_en` (English),
    whichever language dbt built in; `message` in a warehouse built before `message_en`."""
    if language() == "en" and con.execute(
        "select count(*) from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'data_quality_findings' and column_name = 'message_en'"
    ).fetchone()[0]:
        return "message_en"
    return "message"


def _year_findings(con: duckdb.DuckDBPyConnection, year: int,
                   sources: tuple[str, ...]) -> list[tuple]:
    """Open findings of `year` about `sources`: (source, check_name, file_name, source_row,
    message, expected, actual, about_victims), file findings first, each message in the
    reader's language (`finding_message`); `about_victims`: its
    figures count victims (a case source's finding, or an indicator recomputed from cases).

    A file finding belongs to the year its file covers (the ingest ledger's period_year, the
    year of the indicator row it is about, or a year in the file's label when the ledger is
    not in this database); other findings to the year of their month_key. Findings name
    files by label (`uptd 2023 #12`, `indikator #7`), as the ledger's `file_label`.
    """
    if not sources or not has_table(con, "marts", "data_quality_findings"):
        return []
    ledger = has_table(con, "raw", "ingest_ledger")
    period = (
        "(select max(ledger.period_year) from raw.ingest_ledger as ledger "
        "where ledger.source = findings.source and ledger.superseded_by is null "
        "and findings.file_name in (ledger.file_label, ledger.file_name))"
        if ledger else "cast(null as integer)"
    )
    if has_table(con, "marts", "mart_performance_indicators"):
        period = (f"coalesce({period}, (select max(indicator.tahun) "
                  "from marts.mart_performance_indicators as indicator "
                  "where findings.source = 'indikator' "
                  "and indicator.file_name = findings.file_name "
                  "and indicator.source_row = findings.source_row))")
    # A finding about victims' cases: of a case source, or an indicator recomputed from the
    # cases (its figures are SIMFONI-PPA's victims served and victims of the year).
    from report.disclosure import CASE_SOURCES

    victims = f"findings.source in ({', '.join(repr(name) for name in CASE_SOURCES)})"
    if has_table(con, "marts", "mart_performance_indicators"):
        victims += (" or exists (select 1 from marts.mart_performance_indicators as indicator "
                    "where findings.source = 'indikator' "
                    "and indicator.file_name = findings.file_name "
                    "and indicator.source_row = findings.source_row "
                    "and indicator.metode_hitung like 'kasus%')")
    message = finding_message(con)
    rows = con.execute(
        f"select source, check_name, file_name, source_row, month_key, {message} as message, "
        f"expected, actual, {period} as file_year, ({victims}) as about_victims "
        "from marts.data_quality_findings as findings "
        f"where source in ({', '.join('?' for _ in sources)}) "
        "order by month_key is not null, month_key, file_name, source_row, 6",
        list(sources),
    ).fetchall()
    kept = []
    for source, check_name, file_name, source_row, month_key, message, expected, actual, \
            file_year, about_victims in rows:
        if month_key is not None:
            if month_key // 100 != year:
                continue
        elif file_name:
            if (file_year or _year_in_name(file_name)) not in (year, None):
                continue
        kept.append((source, check_name, file_name, source_row, message, expected, actual,
                     about_victims))
    return kept


def findings_for(con: duckdb.DuckDBPyConnection, year: int, sources: tuple[str, ...],
                 checks: tuple[str, ...] | None = None, table: str | None = None,
                 public: bool = False) -> list[str]:
    """Open findings of `year` about `sources` as readable lines, file findings first
    (`[check] file row N: message`). A finding that names report tables ("Report Tabel 4 …")
    touches only those.

    `public`: no file name, and findings whose figures count victims (report.disclosure
    CASE_SOURCES: counts by kabupaten/kota and month; indicators recomputed from the cases:
    victims served of the year's victims) only as a count per check.
    """
    lines = []
    withheld: dict[str, int] = {}
    for _source, check_name, file_name, source_row, message, _expected, _actual, \
            about_victims in _year_findings(con, year, sources):
        if checks is not None and check_name not in checks:
            continue
        named = re.findall(r"\bTabel (\d+)\b", message or "")
        if table is not None and named and table not in named:
            continue
        if public and about_victims:
            withheld[check_name] = withheld.get(check_name, 0) + 1
            continue
        where = ""
        if file_name and not public:
            where = file_name + (" " + _("row {row}", row=source_row)
                                 if source_row is not None else "") + ": "
        lines.append(f"[{check_name}] {where}{message}")
    lines += [_("[{check}] {count} finding(s) about victims' cases; their details (counts of "
                "victims) are in the internal annex only.", check=check_name,
                count=count) for check_name, count in sorted(withheld.items())]
    return lines


def stated_totals(con: duckdb.DuckDBPyConnection, year: int,
                  source: str) -> list[tuple[int, int]]:
    """(stated, counted) for each of the year's `source` files whose JUMLAH/TOTAL row states
    another number of rows than the file holds (the `total_row_count` finding)."""
    return [(int(expected), int(actual))
            for _source, check_name, _file, _row, _message, expected, actual, _victims
            in _year_findings(con, year, (source,))
            if check_name == "total_row_count" and expected is not None and actual is not None]


def _year_in_name(file_name: str) -> int | None:
    found = re.findall(r"(?<!\d)(20\d{2})(?!\d)", file_name)
    return int(found[-1]) if found else None


def source_files(con: duckdb.DuckDBPyConnection, year: int,
                 sources: tuple[str, ...]) -> dict[str, list[str]]:
    """The labels (`uptd 2023 #12`; never the names, an officer's free text) of the current
    landing files of `sources` that cover `year`, by source (empty when the database has no
    ledger, as the analytics file has not)."""
    if not sources or not has_table(con, "raw", "ingest_ledger"):
        return {}
    rows = con.execute(
        "select source, coalesce(file_label, file_name) from raw.ingest_ledger "
        "where status = 'loaded' "
        "and superseded_by is null and (period_year = ? or period_year is null) "
        f"and source in ({', '.join('?' for _ in sources)}) order by source, file_name",
        [year, *sources],
    ).fetchall()
    files: dict[str, list[str]] = {}
    for source, name in rows:
        files.setdefault(source, []).append(name)
    return files


def partial_period(con: duckdb.DuckDBPyConnection, year: int,
                   sources: tuple[str, ...]) -> str | None:
    """The months of `year` the monthly extracts of `sources` cover, in words ("Januari–Maret
    2023"; English with SATUDATA_LANG=en), when some source has not reported the whole year
    yet (marts.mart_source_coverage: a month after its last_month_key is absent from the
    marts); None when every monthly source covers January–December or nothing is known."""
    if not sources or not has_table(con, "marts", "mart_source_coverage"):
        return None
    placeholders = ", ".join("?" * len(sources))
    first, last = con.execute(
        "select min(bulan_awal), min(bulan_akhir) from marts.mart_source_coverage "
        f"where tahun = ? and source in ({placeholders}) and satuan_periode = 'bulan' "
        "and jumlah_bulan > 0 and not is_tahun_penuh", [year, *sources]).fetchone()
    if last is None:
        return None
    if first == last:
        return f"{month_name(first)} {year}"
    return f"{month_name(first)}–{month_name(last)} {year}"
