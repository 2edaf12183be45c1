"""What the ledger says about a source's current files: the numbers behind the asset checks,
the command line's summary and the UI's metadata."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from ingest.loader import FileResult


@dataclass
class SourceState:
    source: str
    files_loaded: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_dropped: int = 0
    unbalanced_files: list[str] = field(default_factory=list)
    top_reasons: list[tuple[str, str, int]] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)  # JUMLAH/TOTAL rows
    row_findings: list[tuple[str, str]] = field(default_factory=list)  # rows that load anyway


def source_state(con: duckdb.DuckDBPyConnection, source: str) -> SourceState:
    """Totals over the files whose rows are in the warehouse now (not superseded)."""
    state = SourceState(source)
    row = con.execute(
        "select count(*), coalesce(sum(rows_loaded), 0), coalesce(sum(rows_quarantined), 0), "
        "coalesce(sum(rows_dropped), 0) from raw.ingest_ledger "
        "where source = ? and status = 'loaded' and superseded_by is null",
        [source],
    ).fetchone()
    state.files_loaded, state.rows_loaded, state.rows_quarantined, state.rows_dropped = row
    state.unbalanced_files = [
        name for (name,) in con.execute(
            "select file_name from raw.ingest_ledger where source = ? "
            "and rows_read <> rows_loaded + rows_quarantined + rows_dropped",
            [source],
        ).fetchall()
    ]
    state.top_reasons = con.execute(
        f"""
        select q.column_name, q.reason, count(*) as n
        from raw.{source}_quarantine as q
        inner join raw.ingest_ledger as l on q.ingest_id = l.ingest_id
        where l.superseded_by is null
        group by 1, 2 order by n desc, 1, 2 limit 10
        """
    ).fetchall()
    current = con.execute(
        """
        select f.check_name like 'total_row%', f.file_name, f.message from raw.ingest_findings as f
        inner join raw.ingest_ledger as l on f.ingest_id = l.ingest_id
        where f.source = ? and l.superseded_by is null order by f.ingest_id, f.source_row
        """,
        [source],
    ).fetchall()
    state.findings = [(name, message) for is_total, name, message in current if is_total]
    state.row_findings = [(name, message) for is_total, name, message in current if not is_total]
    return state


def rejected(results: list[FileResult]) -> list[FileResult]:
    """Files in the landing folder that could not be read, now or when they were first seen."""
    return [
        result for result in results
        if result.status == "rejected" or result.previous_status == "rejected"
    ]


def markdown(header: list[str], rows: list[tuple]) -> str:
    """A Markdown table, for the metadata a person reads in the UI."""
    def cell(value: object) -> str:
        return "" if value is None else str(value).replace("|", "/").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def markdown_table(results: list[FileResult]) -> str:
    return markdown(
        ["file", "status", "read", "loaded", "quarantined", "dropped", "message"],
        [(r.file_name, r.status, r.rows_read, r.rows_loaded, r.rows_quarantined,
          r.rows_dropped, r.message) for r in results],
    )


def latest_files(con: duckdb.DuckDBPyConnection, limit: int = 20) -> str:
    """The ledger's most recent files as a Markdown table."""
    rows = con.execute(
        "select source, file_name, status, rows_read, rows_loaded, rows_quarantined, "
        "rows_dropped, superseded_by is null from raw.ingest_ledger order by ingest_id desc "
        "limit ?", [limit],
    ).fetchall()
    return markdown(["source", "file", "status", "read", "loaded", "quarantined", "dropped",
                     "current"], rows)
