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
from ingest.files import SUPPORTED_SUFFIXES, FileRejected, read_chunks, release_reader_memory
from ingest.normalise import normalise
from ingest.parse import parse_number
from ingest.privacy import check_key, key_fingerprint
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
    # Which key made the file's pseudonyms (ingest.privacy); a warehouse made before gains it.
    con.execute("alter table raw.ingest_ledger add column if not exists key_fingerprint varchar")
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
    if _pseudonymises(spec):
        check_key(con)
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


def _pseudonymises(spec: SourceSpec) -> bool:
    return any(column.type == "id" for column in spec.columns)


def _write_ledger(
    con: duckdb.DuckDBPyConnection, path: Path, sha: str, result: FileResult
) -> int:
    ingest_id = con.execute("select nextval('raw.ingest_id_seq')").fetchone()[0]
    con.execute(
        "insert into raw.ingest_ledger values "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, null)",
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
    header, chunks = read_chunks(path, spec.aliases, spec.required)
    ingest_id = con.execute("select nextval('raw.ingest_id_seq')").fetchone()[0]
    outputs = [column.output for column in spec.columns]
    con.execute(f"create or replace temp table incoming as select * from raw.{spec.name} limit 0")
    con.execute(
        "create or replace temp table incoming_issues "
        "(source_row integer, column_name varchar, value varchar, reason varchar)"
    )
    labels = {column.output: column.name for column in spec.columns}
    # Ids are shown in the quarantine only as their pseudonym, never as typed.
    hidden = [column.name for column in spec.columns if column.type == "id"]
    data_rows = 0
    last_data_row = 0
    totals: list[pd.DataFrame] = []
    sums: dict[str, float] = {}
    total_columns = spec.total_row.get("sum", [])
    schema = schema_for(spec.name)
    row_findings: list[Issue] = []
    for chunk in chunks:
        frame = chunk.frame
        totals.append(chunk.total_rows)
        if chunk.broken_rows:
            # Rows that cannot be split into cells: read, quarantined whole, never guessed at.
            data_rows += len(chunk.broken_rows)
            last_data_row = max(last_data_row, *(row for row, _ in chunk.broken_rows))
            _append_issues(con, [Issue(row, "", "", reason) for row, reason in chunk.broken_rows])
        if frame.empty:
            continue
        data_rows += len(frame)
        if progress is not None:
            progress(path.name, data_rows)
        last_data_row = max(last_data_row, int(frame["_row"].max()))
        typed, issues = normalise(frame, spec)
        row_findings += [issue for issue in issues if issue.is_finding]
        issues = [issue for issue in issues if not issue.is_finding]
        unreadable = {(issue.row, issue.column) for issue in issues}
        shown = frame.drop(columns=hidden, errors="ignore")
        issues += [
            issue for issue in validate(typed, schema, shown, labels)
            if (issue.row, issue.column) not in unreadable
        ]
        counted = typed[_total_row_scope(typed, spec)]
        for column in total_columns:
            sums[column] = sums.get(column, 0.0) + float(
                counted[spec.column(column).output].fillna(0).sum()
            )
        bad_rows = {issue.row for issue in issues}
        valid = typed[~typed["_row"].isin(bad_rows)]
        _append(con, valid, outputs, ingest_id)
        _append_issues(con, issues)
    if data_rows == 0:
        raise FileRejected(f"{path.name}: no data rows below the header (row {header.header_row})")
    total_frame = pd.concat(totals, ignore_index=True) if totals else pd.DataFrame()
    trailing = total_frame[total_frame["_row"] > last_data_row] if len(total_frame) else total_frame
    middle = total_frame[total_frame["_row"] < last_data_row] if len(total_frame) else total_frame
    _append_issues(con, [
        Issue(int(row), "", "JUMLAH/TOTAL", "a total row in the middle of the data; "
              "only a last row may hold totals") for row in middle["_row"]
    ] if len(middle) else [])
    period_year = _settle_period(con, spec)
    _settle_duplicates(con, spec, ingest_id)
    findings = _reconcile_totals(trailing, spec, data_rows, sums)
    findings += _loaded_row_findings(con, row_findings)

    quarantined = con.execute(
        "select count(distinct source_row) from incoming_issues"
    ).fetchone()[0]
    loaded = con.execute("select count(*) from incoming").fetchone()[0]
    rows_read = data_rows + len(total_frame)
    result = FileResult(
        source=spec.name, file_name=path.name, status="loaded", message="",
        rows_read=rows_read, rows_loaded=loaded, rows_quarantined=quarantined,
        rows_dropped=len(trailing), period_year=period_year, ingest_id=ingest_id,
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
            f"quarantined {quarantined}, dropped {len(trailing)}); nothing was loaded"
        )
    superseded = _supersede(con, spec, period_year, ingest_id)
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
    parts = [f"{loaded} rows loaded"]
    if quarantined:
        parts.append(f"{quarantined} quarantined")
    if len(trailing):
        parts.append(f"{len(trailing)} total row dropped")
    if superseded:
        parts.append(f"replaces {', '.join(superseded)} for {period_year}")
    if header.ignored:
        parts.append(f"ignored column(s): {', '.join(header.ignored)}")
    result.message = "; ".join(parts)
    con.execute(
        "insert into raw.ingest_ledger values "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?)",
        [
            ingest_id, spec.name, path.name, str(path), sha, path.stat().st_size, period_year,
            rows_read, loaded, quarantined, len(trailing), "loaded", result.message, now,
            key_fingerprint() if _pseudonymises(spec) else None,
        ],
    )
    return result


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
