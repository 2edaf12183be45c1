"""Load landing files into the warehouse's `raw` schema, one file per transaction.

For every file: its SHA-256 decides whether it was seen before; it is read in chunks,
normalised and validated; valid rows go to `raw.<source>`, the others to
`raw.<source>_quarantine` with file, row, column, value and reason; a trailing JUMLAH/TOTAL
row is dropped and reconciled into `raw.ingest_findings`; and one `raw.ingest_ledger` row
records rows read = loaded + quarantined + dropped. A newer extract of the same period
replaces the older one's rows. Either all of that commits or none of it does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from core.faults import pause_point
from ingest.files import (
    SUPPORTED_SUFFIXES,
    FileRejected,
    Header,
    read_chunks,
    release_reader_memory,
)
from ingest.normalise import normalise
from ingest.parse import parse_number
from schemas import schema_for
from schemas.base import validate
from schemas.issue import Issue
from schemas.spec import SourceSpec, source

Progress = Callable[[str, int], None]

SQL_TYPES = {"date": "DATE", "int": "BIGINT", "number": "DOUBLE"}


@dataclass
class FileResult:
    """What happened to one landing file (a ledger row, plus what the officer should read)."""

    source: str
    file_name: str
    status: str  # loaded, rejected, skipped-duplicate, unchanged
    message: str
    previous_status: str | None = None  # for an unchanged file: what happened to it before
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_dropped: int = 0
    period_year: int | None = None
    ingest_id: int | None = None
    findings: list[str] = field(default_factory=list)
    top_reasons: list[tuple[str, int]] = field(default_factory=list)
    # The first quarantined cells (row, column, value, reason), for a person to read.
    sample_issues: list[tuple[int, str, str, str]] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined + self.rows_dropped


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_tables(con: duckdb.DuckDBPyConnection, spec: SourceSpec | None = None) -> None:
    """Create the raw schema's shared tables and, given a source, its raw and quarantine
    tables, so that dbt finds every source even before the first file arrives."""
    con.execute("create schema if not exists raw")
    con.execute("create sequence if not exists raw.ingest_id_seq start 1")
    con.execute(
        """
        create table if not exists raw.ingest_ledger (
            ingest_id bigint primary key, source varchar not null, file_name varchar not null,
            file_path varchar, sha256 varchar not null, size_bytes bigint, period_year integer,
            rows_read bigint not null, rows_loaded bigint not null,
            rows_quarantined bigint not null, rows_dropped bigint not null,
            status varchar not null, message varchar, ingested_at timestamp not null,
            superseded_by bigint
        )
        """
    )
    con.execute(
        """
        create table if not exists raw.ingest_findings (
            ingest_id bigint not null, source varchar not null, file_name varchar not null,
            source_row integer, check_name varchar not null, column_name varchar,
            expected double, actual double, difference double, message varchar not null,
            found_at timestamp not null
        )
        """
    )
    if spec is None:
        return
    columns = ", ".join(
        f"{column.output} {SQL_TYPES.get(column.type, 'varchar')}" for column in spec.columns
    )
    con.execute(
        f"create table if not exists raw.{spec.name} ({columns}, ingest_id bigint not null, "
        "source_row integer not null, period_year integer)"
    )
    con.execute(
        f"""
        create table if not exists raw.{spec.name}_quarantine (
            ingest_id bigint not null, file_name varchar not null, source_row integer,
            column_name varchar, value varchar, reason varchar not null,
            quarantined_at timestamp not null
        )
        """
    )


def landing_files(landing: Path, source_name: str) -> list[Path]:
    """The files of one source's landing folder, oldest first (later ones supersede)."""
    folder = landing / source_name
    if not folder.is_dir():
        return []
    files = [
        path
        for path in folder.iterdir()
        if path.is_file() and not path.name.startswith((".", "~$"))
    ]
    return sorted(files, key=lambda path: (path.stat().st_mtime_ns, path.name))


def ingest_folder(
    con: duckdb.DuckDBPyConnection, landing: Path, source_name: str,
    progress: Progress | None = None,
) -> list[FileResult]:
    spec = source(source_name)
    ensure_tables(con, spec)
    results = []
    for path in landing_files(landing, source_name):
        results.append(ingest_file(con, path, spec, progress=progress))
        pause_point("ingest.between_files")
    return results


def ingest_file(
    con: duckdb.DuckDBPyConnection, path: Path, spec: SourceSpec | str, *, dry_run: bool = False,
    progress: Progress | None = None,
) -> FileResult:
    """Load one file (or, with dry_run, only validate it); `progress(file_name, rows_read)`
    is called after every chunk of a large file."""
    spec = source(spec) if isinstance(spec, str) else spec
    ensure_tables(con, spec)
    sha = sha256_of(path)
    seen = con.execute(
        "select file_name, status, message from raw.ingest_ledger where source = ? "
        "and sha256 = ? order by ingest_id",
        [spec.name, sha],
    ).fetchall()
    for name, status, message in seen:
        if name == path.name:
            return FileResult(spec.name, path.name, "unchanged",
                              f"already ingested ({status}): {message}", previous_status=status)
    if seen and not dry_run:
        first = seen[0][0]
        result = FileResult(spec.name, path.name, "skipped-duplicate",
                            f"same content as {first}, which was ingested before")
        _write_ledger(con, path, sha, result)
        return result
    con.execute("begin transaction")
    try:
        result = _load(con, path, spec, sha, progress)
        if dry_run:
            con.execute("rollback")
        else:
            con.execute("commit")
    except FileRejected as error:
        con.execute("rollback")
        result = FileResult(spec.name, path.name, "rejected", str(error))
        if not dry_run:
            _write_ledger(con, path, sha, result)
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        release_reader_memory()
    return result


def _write_ledger(
    con: duckdb.DuckDBPyConnection, path: Path, sha: str, result: FileResult
) -> int:
    ingest_id = con.execute("select nextval('raw.ingest_id_seq')").fetchone()[0]
    con.execute(
        "insert into raw.ingest_ledger values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null)",
        [
            ingest_id, result.source, path.name, str(path), sha, path.stat().st_size,
            result.period_year, result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped, result.status, result.message, _now(),
        ],
    )
    result.ingest_id = ingest_id
    return ingest_id


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _load(con: duckdb.DuckDBPyConnection, path: Path, spec: SourceSpec, sha: str,
          progress: Progress | None = None) -> FileResult:
    """Load one file inside the caller's transaction, step by step: read and validate its
    chunks into temp tables, settle its period and duplicate ids, reconcile its total rows,
    count what happened, supersede the older extract of its year and write everything
    (raw rows, quarantine, findings, ledger). Raises `FileRejected` for a file that is not a
    table of the source, `RuntimeError` if the rows do not balance (nothing is written)."""
    ingest_id = con.execute("select nextval('raw.ingest_id_seq')").fetchone()[0]
    _prepare_incoming(con, spec)
    reading = _read_and_validate(con, path, spec, ingest_id, progress)
    trailing = _settle_total_rows(con, reading)
    period_year = _settle_period(con, spec)
    _settle_duplicates(con, spec, ingest_id)
    findings = _reconcile_totals(trailing, spec, reading.data_rows, reading.sums)
    findings += _loaded_row_findings(con, reading.row_findings)
    result = _tally(con, spec, path, reading, len(trailing), period_year, ingest_id)
    superseded = _supersede(con, spec, period_year, ingest_id)
    _write_rows(con, spec, path, ingest_id, findings, result)
    result.message = _loaded_message(result, reading.header, superseded)
    con.execute(
        "insert into raw.ingest_ledger values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null)",
        [
            ingest_id, spec.name, path.name, str(path), sha, path.stat().st_size, period_year,
            result.rows_read, result.rows_loaded, result.rows_quarantined, result.rows_dropped,
            "loaded", result.message, _now(),
        ],
    )
    return result


@dataclass
class _Reading:
    """What reading a file's chunks counted; its rows wait in the temp tables `incoming`
    (valid rows) and `incoming_issues` (cells that broke a rule)."""

    header: Header
    data_rows: int = 0
    last_data_row: int = 0
    totals: list[pd.DataFrame] = field(default_factory=list)
    sums: dict[str, float] = field(default_factory=dict)  # total_row.sum columns, in scope
    row_findings: list[Issue] = field(default_factory=list)  # from derive hooks

    @property
    def total_frame(self) -> pd.DataFrame:
        return pd.concat(self.totals, ignore_index=True) if self.totals else pd.DataFrame()


def _prepare_incoming(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> None:
    con.execute(f"create or replace temp table incoming as select * from raw.{spec.name} limit 0")
    con.execute(
        "create or replace temp table incoming_issues "
        "(source_row integer, column_name varchar, value varchar, reason varchar)"
    )


def _read_and_validate(
    con: duckdb.DuckDBPyConnection, path: Path, spec: SourceSpec, ingest_id: int,
    progress: Progress | None,
) -> _Reading:
    """Read the file chunk by chunk: type each chunk, validate it with the source's schema,
    and append its valid rows to `incoming` and its broken cells to `incoming_issues`."""
    header, chunks = read_chunks(path, spec.aliases, spec.required)
    reading = _Reading(header)
    outputs = [column.output for column in spec.columns]
    labels = {column.output: column.name for column in spec.columns}
    # Ids are shown in the quarantine only as their pseudonym, never as typed.
    hidden = [column.name for column in spec.columns if column.type == "id"]
    total_columns = spec.total_row.get("sum", [])
    schema = schema_for(spec.name)
    for chunk in chunks:
        frame = chunk.frame
        reading.totals.append(chunk.total_rows)
        if chunk.broken_rows:
            # Rows that cannot be split into cells: read, quarantined whole, never guessed at.
            reading.data_rows += len(chunk.broken_rows)
            reading.last_data_row = max(reading.last_data_row,
                                        *(row for row, _ in chunk.broken_rows))
            _append_issues(con, [Issue(row, "", "", reason) for row, reason in chunk.broken_rows])
        if frame.empty:
            continue
        reading.data_rows += len(frame)
        if progress is not None:
            progress(path.name, reading.data_rows)
        reading.last_data_row = max(reading.last_data_row, int(frame["_row"].max()))
        typed, issues = normalise(frame, spec)
        reading.row_findings += [issue for issue in issues if issue.is_finding]
        issues = [issue for issue in issues if not issue.is_finding]
        unreadable = {(issue.row, issue.column) for issue in issues}
        shown = frame.drop(columns=hidden, errors="ignore")
        issues += [
            issue for issue in validate(typed, schema, shown, labels)
            if (issue.row, issue.column) not in unreadable
        ]
        counted = typed[_total_row_scope(typed, spec)]
        for column in total_columns:
            reading.sums[column] = reading.sums.get(column, 0.0) + float(
                counted[spec.column(column).output].fillna(0).sum()
            )
        bad_rows = {issue.row for issue in issues}
        valid = typed[~typed["_row"].isin(bad_rows)]
        _append(con, valid, outputs, ingest_id)
        _append_issues(con, issues)
    if reading.data_rows == 0:
        raise FileRejected(f"{path.name}: no data rows below the header (row {header.header_row})")
    return reading


def _settle_total_rows(con: duckdb.DuckDBPyConnection, reading: _Reading) -> pd.DataFrame:
    """The total rows after the last data row (returned, to reconcile and drop); a total row
    in the middle of the data is quarantined."""
    total_frame = reading.total_frame
    if not len(total_frame):
        return total_frame
    trailing = total_frame[total_frame["_row"] > reading.last_data_row]
    middle = total_frame[total_frame["_row"] < reading.last_data_row]
    _append_issues(con, [
        Issue(int(row), "", "JUMLAH/TOTAL", "a total row in the middle of the data; "
              "only a last row may hold totals") for row in middle["_row"]
    ])
    return trailing


def _tally(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, reading: _Reading,
    dropped: int, period_year: int | None, ingest_id: int,
) -> FileResult:
    """Count what the file gave; raise `RuntimeError` if read != loaded + quarantined +
    dropped (a reader bug: nothing is written)."""
    quarantined = con.execute(
        "select count(distinct source_row) from incoming_issues"
    ).fetchone()[0]
    loaded = con.execute("select count(*) from incoming").fetchone()[0]
    rows_read = reading.data_rows + len(reading.total_frame)
    result = FileResult(
        source=spec.name, file_name=path.name, status="loaded", message="",
        rows_read=rows_read, rows_loaded=loaded, rows_quarantined=quarantined,
        rows_dropped=dropped, period_year=period_year, ingest_id=ingest_id,
    )
    result.top_reasons = [
        (reason, count) for reason, count in con.execute(
            "select column_name || ': ' || regexp_replace(reason, '''[^'']*''', '…', 'g') as r, "
            "count(*) from incoming_issues group by r order by 2 desc, 1 limit 5"
        ).fetchall()
    ]
    result.sample_issues = con.execute(
        "select source_row, column_name, value, reason from incoming_issues "
        "order by source_row, column_name limit 50"
    ).fetchall()
    if not result.balanced:
        raise RuntimeError(
            f"{path.name}: rows do not balance (read {rows_read}, loaded {loaded}, "
            f"quarantined {quarantined}, dropped {dropped}); nothing was loaded"
        )
    return result


def _write_rows(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, ingest_id: int,
    findings: list[dict], result: FileResult,
) -> None:
    """Move the file's valid rows into `raw.<source>`, its broken cells into the quarantine
    and its findings into `raw.ingest_findings`."""
    con.execute(f"insert into raw.{spec.name} by name select * from incoming")
    pause_point("ingest.mid_file")
    con.execute(
        f"insert into raw.{spec.name}_quarantine select ?, ?, source_row, column_name, value, "
        "reason, ? from incoming_issues order by source_row, column_name",
        [ingest_id, path.name, _now()],
    )
    now = _now()
    for finding in findings:
        con.execute(
            "insert into raw.ingest_findings values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [ingest_id, spec.name, path.name, finding["row"], finding["check"],
             finding["column"], finding["expected"], finding["actual"],
             finding["difference"], finding["message"], now],
        )
        result.findings.append(finding["message"])


def _loaded_message(result: FileResult, header: Header, superseded: list[str]) -> str:
    parts = [f"{result.rows_loaded} rows loaded"]
    if result.rows_quarantined:
        parts.append(f"{result.rows_quarantined} quarantined")
    if result.rows_dropped:
        parts.append(f"{result.rows_dropped} total row dropped")
    if superseded:
        parts.append(f"replaces {', '.join(superseded)} for {result.period_year}")
    if header.ignored:
        parts.append(f"ignored column(s): {', '.join(header.ignored)}")
    return "; ".join(parts)


def _append(
    con: duckdb.DuckDBPyConnection, valid: pd.DataFrame, outputs: list[str], ingest_id: int
) -> None:
    if valid.empty:
        return
    con.register("chunk_rows", valid)
    select = ", ".join(outputs)
    con.execute(
        f"insert into incoming by name select {select}, {int(ingest_id)} as ingest_id, "
        "_row as source_row from chunk_rows"
    )
    con.unregister("chunk_rows")


def _append_issues(con: duckdb.DuckDBPyConnection, issues: Iterable[Issue]) -> None:
    rows = [(issue.row, issue.column, issue.value, issue.reason) for issue in issues]
    if rows:
        con.executemany("insert into incoming_issues values (?, ?, ?, ?)", rows)


def _move_to_quarantine(
    con: duckdb.DuckDBPyConnection, where: str, column: str, value: str, reason: str
) -> None:
    """Move incoming rows matching `where` to the issues, keeping the row counts whole."""
    con.execute(
        f"insert into incoming_issues select source_row, '{column}', {value}, {reason} "
        f"from incoming where {where}"
    )
    con.execute(f"delete from incoming where {where}")


def _settle_period(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> int | None:
    """A file covers one year of its period column; rows of another year are quarantined."""
    if not spec.period:
        return None
    is_date = spec.column(spec.period).type == "date"
    period = f"year({spec.period})" if is_date else spec.period
    year = con.execute(
        f"select {period} from incoming group by 1 order by count(*) desc, 1 desc limit 1"
    ).fetchone()
    if year is None:
        return None
    year = int(year[0])
    shown = f"strftime({spec.period}, '%d/%m/%Y')" if is_date else f"cast({spec.period} as varchar)"
    _move_to_quarantine(
        con, f"{period} <> {year}", spec.period, shown,
        f"'outside the year this file covers ({year}); a file holds one year of {spec.period}'",
    )
    con.execute(f"update incoming set period_year = {year}")
    return year


def _settle_duplicates(con: duckdb.DuckDBPyConnection, spec: SourceSpec, ingest_id: int) -> None:
    """Ids repeated across chunks of one file, or already loaded for another year."""
    key = spec.key_output
    if not key:
        return
    repeated = (
        f"source_row in (select source_row from (select source_row, row_number() over "
        f"(partition by {key} order by source_row) as n from incoming) where n > 1)"
    )
    _move_to_quarantine(con, repeated, spec.key, "''",
                        "'duplicate id: the same id appears earlier in the file'")
    elsewhere = (
        f"{key} in (select {key} from raw.{spec.name} "
        "where period_year is distinct from (select max(period_year) from incoming))"
    )
    _move_to_quarantine(con, elsewhere, spec.key, "''",
                        "'duplicate id: already loaded from a file of another year'")


def _total_row_scope(typed: pd.DataFrame, spec: SourceSpec) -> pd.Series:
    """The rows a JUMLAH/TOTAL row adds up: all, or those matching `total_row.where`
    (canonical values, e.g. the finance system's total counts Belanja rows, not revenue)."""
    scope = pd.Series(True, index=typed.index)
    for column, value in spec.total_row.get("where", {}).items():
        scope &= (typed[spec.column(column).output] == value).fillna(False).astype(bool)
    return scope


def _scope_label(spec: SourceSpec) -> str:
    where = spec.total_row.get("where", {})
    return "".join(f" of {column} = {value}" for column, value in where.items())


def _reconcile_totals(
    trailing: pd.DataFrame, spec: SourceSpec, data_rows: int, sums: dict[str, float]
) -> list[dict]:
    findings = []
    for _, row in trailing.iterrows():
        cells = {name: row[name] for name in trailing.columns if name != "_row"}
        if spec.total_row.get("count"):
            stated = _first_number(cells.values())
            if stated is not None and stated != data_rows:
                findings.append(_finding(
                    int(row["_row"]), "total_row_count", None, stated, data_rows,
                    f"the JUMLAH/TOTAL row says {stated:g} but the file holds {data_rows} rows",
                ))
        for column in spec.total_row.get("sum", []):
            stated = _number_or_none(cells.get(column))
            if stated is None:
                continue
            actual = round(sums.get(column, 0.0), 2)
            if abs(stated - actual) > 0.5:
                findings.append(_finding(
                    int(row["_row"]), "total_row_sum", column, stated, actual,
                    f"the JUMLAH/TOTAL row gives {column} = {_amount(stated)} but the rows"
                    f"{_scope_label(spec)} sum to {_amount(actual)}",
                ))
    return findings


def _amount(value: float) -> str:
    """An amount as Indonesian files write it: 5.627.308.146 (whole) or 55,3."""
    if value == int(value):
        return f"{value:,.0f}".replace(",", ".")
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _loaded_row_findings(con: duckdb.DuckDBPyConnection, issues: list[Issue]) -> list[dict]:
    """Findings a derive hook raised about rows, kept for the rows that load (a quarantined
    row is fixed first; its finding returns if the fixed row still carries it)."""
    if not issues:
        return []
    loaded = {row for (row,) in con.execute("select source_row from incoming").fetchall()}
    return [
        {"row": issue.row, "check": issue.check, "column": issue.column or None,
         "expected": None, "actual": None, "difference": None,
         "message": f"row {issue.row}: {issue.reason}"}
        for issue in sorted(issues, key=lambda issue: (issue.row, issue.check))
        if issue.row in loaded
    ]


def _finding(row, check, column, stated, actual, message) -> dict:
    return {"row": row, "check": check, "column": column, "expected": stated,
            "actual": actual, "difference": stated - actual, "message": message}


def _number_or_none(value: object) -> float | None:
    try:
        return parse_number(value)
    except ValueError:
        return None


def _first_number(values: Iterable[object]) -> float | None:
    for value in values:
        number = _number_or_none(value)
        if number is not None:
            return number
    return None


def _supersede(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, period_year: int | None, ingest_id: int
) -> list[str]:
    if period_year is None:
        return []
    older = con.execute(
        "select ingest_id, file_name from raw.ingest_ledger where source = ? and "
        "period_year = ? and status = 'loaded' and superseded_by is null",
        [spec.name, period_year],
    ).fetchall()
    if not older:
        return []
    ids = [row[0] for row in older]
    con.execute(f"delete from raw.{spec.name} where period_year = ?", [period_year])
    con.execute(
        f"update raw.ingest_ledger set superseded_by = ? "
        f"where ingest_id in ({', '.join('?' * len(ids))})",
        [ingest_id, *ids],
    )
    return [row[1] for row in older]


def is_landing_file(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES
