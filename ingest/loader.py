"""Load landing files into the warehouse's `raw` schema, one file per transaction.

For every file: its SHA-256 (read again only when the file's stat changed:
`ingest.landing_hash`) and the ledger decide what it is (new, unchanged, a duplicate, a
restored backup: `ingest.years.arrival`); it is read in chunks, its date and number columns
read the way the whole file writes them (`ingest.evidence`), normalised and validated (the
declared fields, then the rules across columns); valid rows go to `raw.<source>`, broken
cells to `raw.<source>_quarantine` (file label, sheet, row, column as written, the value
unless it looks personal, the reason) — a defect in an optional column flags the cell and
keeps the row; JUMLAH/TOTAL rows and subtotals are dropped and reconciled into
`raw.ingest_findings`; lines under the table (sources, notes, signatures) are not read; and
one `raw.ingest_ledger` row records rows read = loaded + quarantined + dropped (flagged cells
are counted apart, in `cells_flagged`). A newer extract of the same period replaces the
older one's rows — unless it would shrink the year, then it is held (`ingest.years`).
Either all of that commits or none of it does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from core.faults import pause_point
from core.i18n import _, day, ngettext, number
from core.reference import RegionAmbiguous, RegionError, canonicalise, regions
from ingest import landing_hash, parse, years
from ingest.evidence import FILE, Reading, WorkbookReadings
from ingest.figure_marks import Missing, add_missing, missing_notes, plain_figures, with_marks
from ingest.files import (
    SUPPORTED_SUFFIXES,
    FileRejected,
    Header,
    read_chunks,
    release_reader_memory,
)
from ingest.headers import SHEET_ROWS, YEAR_COLUMN, quoted_headers
from ingest.hooks import lines_of, settle_hook, stated_hook
from ingest.identifiers import current_reading, file_ids
from ingest.landing_hash import sha256_of
from ingest.month_of_file import (
    DateOfFile,
    MonthOfFile,
    MonthRefused,
    date_of_file,
    is_months_own,
    month_of_file,
    names_a_month,
    unsettled_month,
    year_of_file,
    years_said,
)
from ingest.normalise import holds_known_value, normalise, scaled
from ingest.privacy import ID_READING, check_key, key_fingerprint
from ingest.quarantine import file_label, shown_value
from ingest.rows import AVERAGE_LABEL, SUBTOTAL_LABEL, TOTAL_LABEL, example_rows
from ingest.scale import (
    Scale,
    column_scales,
    refuse_unit_in_figures,
    refuse_unstated,
    states_unit,
)
from ingest.sheet_names import listed
from schemas import rules_for
from schemas.base import validate_fields, validate_rules
from schemas.fields import allowed_values
from schemas.issue import SUBTOTAL, Issue
from schemas.spec import ColumnSpec, SourceSpec, normalise_header, source, sources

Progress = Callable[[str, int], None]

SQL_TYPES = {"date": "DATE", "int": "BIGINT", "number": "DOUBLE"}

LEDGER_COLUMNS = ("ingest_id", "source", "file_name", "file_path", "sha256", "size_bytes",
                  "period_year", "rows_read", "rows_loaded", "rows_quarantined", "rows_dropped",
                  "status", "message", "ingested_at", "superseded_by", "cells_flagged",
                  "file_label", "sheet", "key_fingerprint", "id_reading")


@dataclass
class FileResult:
    """What happened to one landing file (a ledger row, plus what the officer should read)."""

    source: str
    file_name: str
    status: str  # loaded, held, rejected, skipped-duplicate, unchanged
    message: str
    previous_status: str | None = None  # for an unchanged file: what happened to it before
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_dropped: int = 0
    cells_flagged: int = 0  # cells of loaded rows flagged in the quarantine (row kept)
    # Total rows (of rows_dropped) the loaded rows do not add up to: the findings say why.
    totals_unreconciled: int = 0
    period_year: int | None = None
    ingest_id: int | None = None
    # The sheets read as stored (`Sheet.stored`), comma-separated (None for a CSV).
    sheet: str | None = None
    # Per sheet read (a workbook of several), by its position: rows read and rows loaded.
    sheet_rows: dict[int, tuple[int, int]] = field(default_factory=dict)
    months: dict[int, int] = field(default_factory=dict)  # rows loaded per month, if counted
    findings: list[str] = field(default_factory=list)
    top_reasons: list[tuple[str, int]] = field(default_factory=list)
    # Loaded rows with a flagged cell (`row_kept`: a cell emptied or stored as Lainnya); not
    # among `rows_quarantined`.
    rows_flagged: int = 0
    # The first cells of quarantined rows (row, column, value, reason), for a person to read;
    # the row as the spreadsheet shows it, with its sheet when the file has several.
    sample_issues: list[tuple[int | str, str, str, str]] = field(default_factory=list)
    # The first flagged cells of loaded rows (`row_kept`), in the same shape.
    sample_flagged: list[tuple[int | str, str, str, str]] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return self.rows_read == self.rows_loaded + self.rows_quarantined + self.rows_dropped

    @property
    def label(self) -> str:
        """The file's neutral name outside the ledger (`uptd 2023 #12`)."""
        return file_label(self.source, self.period_year, self.ingest_id)

    @property
    def reason(self) -> str:
        """The message without the label some messages start with (`uptd #18: …`), for a
        line that names the file itself."""
        return self.message.removeprefix(f"{self.label}: ")


def ensure_tables(con: duckdb.DuckDBPyConnection, spec: SourceSpec | None = None) -> None:
    """Create the raw schema's shared tables (the ledger, its findings, the landing files'
    hashes) and, given a source, its raw and quarantine tables, so that dbt finds every
    source even before the first file arrives. Tables of an older warehouse gain the columns
    added since (file labels, sheets, flagged cells), and the tables added since."""
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
            superseded_by bigint, cells_flagged bigint default 0, file_label varchar,
            sheet varchar, key_fingerprint varchar, id_reading integer
        )
        """
    )
    # Which key made the file's pseudonyms and how its ids were read (ingest.privacy), file
    # labels, sheets and flagged cells: a warehouse made before gains them.
    added = _add_columns(con, "raw.ingest_ledger", {"cells_flagged": "bigint default 0",
                                                    "file_label": "varchar", "sheet": "varchar",
                                                    "key_fingerprint": "varchar",
                                                    "id_reading": "integer"})
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
    if "file_label" in added:
        _label_older_files(con)
    landing_hash.ensure_table(con)
    if spec is None:
        return
    columns = {column.output: SQL_TYPES.get(column.type, "varchar") for column in spec.columns
               if column.stored}
    con.execute(
        f"create table if not exists raw.{spec.name} "
        f"({', '.join(f'{name} {kind}' for name, kind in columns.items())}, "
        "ingest_id bigint not null, source_row integer not null, period_year integer)"
    )
    _add_columns(con, f"raw.{spec.name}", columns)
    con.execute(
        f"""
        create table if not exists raw.{spec.name}_quarantine (
            ingest_id bigint not null, file_name varchar not null, sheet varchar,
            source_row integer, column_name varchar, value varchar, reason varchar not null,
            row_kept boolean not null default false, quarantined_at timestamp not null,
            sheet_number integer, row_month_key integer, row_region_code varchar
        )
        """
    )
    _add_columns(con, f"raw.{spec.name}_quarantine",
                 {"sheet": "varchar", "row_kept": "boolean default false",
                  "sheet_number": "integer", "row_month_key": "integer",
                  "row_region_code": "varchar"})


def _add_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]
                 ) -> list[str]:
    """Add the columns a table of an older warehouse lacks; returns those added."""
    schema, name = table.split(".")
    present = {row[0] for row in con.execute(
        "select column_name from information_schema.columns where table_schema = ? "
        "and table_name = ?", [schema, name]).fetchall()}
    added = [column for column in columns if column not in present]
    for column in added:
        con.execute(f"alter table {table} add column {column} {columns[column]}")
    return added


def _label_older_files(con: duckdb.DuckDBPyConnection) -> None:
    """A warehouse from before file labels: label its files, and name them by their label
    in its findings and quarantine tables (their names stay in the ledger only)."""
    con.execute("update raw.ingest_ledger set file_label = source || coalesce(' ' || "
                "period_year, '') || ' #' || ingest_id where file_label is null")
    tables = [name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_schema = 'raw' and "
        "(table_name = 'ingest_findings' or table_name like '%\\_quarantine' escape '\\')"
    ).fetchall()]
    for table in tables:
        con.execute(f"update raw.{table} as t set file_name = l.file_label "
                    "from raw.ingest_ledger as l where t.ingest_id = l.ingest_id")


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


def outside_landing(path: Path, landing: Path) -> bool:
    """A landing path that resolves outside the landing folder (a symbolic link out of it):
    the landing folder is a boundary, nothing beyond it is read."""
    try:
        return not path.resolve().is_relative_to(landing.resolve())
    except OSError:
        return True


def ingest_folder(
    con: duckdb.DuckDBPyConnection, landing: Path, source_name: str,
    progress: Progress | None = None,
) -> list[FileResult]:
    """Ingest every file of `<landing>/<source>/`, oldest first; links that resolve outside
    the landing folder are refused unread."""
    spec = source(source_name)
    ensure_tables(con, spec)
    results = []
    for path in landing_files(landing, source_name):
        if outside_landing(path, landing):
            results.append(_refuse_link(con, path, spec))
        else:
            results.append(ingest_file(con, path, spec, progress=progress))
        pause_point("ingest.between_files")
    return results


def link_sha(path: Path) -> str:
    """The ledger's content of a link out of the landing folder: the link itself, never what
    it points to."""
    link = os.readlink(path) if path.is_symlink() else str(path.resolve())
    return hashlib.sha256(b"link:" + os.fsencode(link)).hexdigest()


def _refuse_link(con: duckdb.DuckDBPyConnection, path: Path, spec: SourceSpec) -> FileResult:
    """A link out of the landing folder: a ledger row (its content is the link, never what it
    points to), once."""
    sha = link_sha(path)
    seen = con.execute("select status from raw.ingest_ledger where source = ? and sha256 = ? "
                       "and file_name = ?", [spec.name, sha, path.name]).fetchall()
    if seen:
        return FileResult(spec.name, path.name, "unchanged", "", previous_status=seen[-1][0])
    result = FileResult(spec.name, path.name, "rejected", "")
    ingest_id = _next_id(con)
    result.ingest_id = ingest_id
    result.message = _("{label}: a link to a file outside the landing folder: not read (copy "
                       "the file itself into the landing folder)", label=result.label)
    _write_ledger(con, path, sha, result, size=0)
    return result


def ingest_file(
    con: duckdb.DuckDBPyConnection, path: Path, spec: SourceSpec | str, *, dry_run: bool = False,
    progress: Progress | None = None,
) -> FileResult:
    """Load one file (or, with dry_run, only validate it: nothing is written, and the
    result says what loading it would do); `progress(file_name, rows_read)` is called after
    every chunk of a large file (the file named by its label). Never raises for a bad file:
    the result says why."""
    spec = source(spec) if isinstance(spec, str) else spec
    ensure_tables(con, spec)
    # Before anything else: a check or load of a file already loaded, with another key than
    # the warehouse's, must say the key is wrong, not that nothing changed.
    if pseudonymises(spec):
        check_key(con)
    sha = landing_hash.content_sha(con, path, keep=not dry_run)
    arrival = years.arrival(con, spec, path, sha)
    if arrival.kind == "unchanged":
        result = FileResult(spec.name, path.name, "unchanged", arrival.message,
                            previous_status=arrival.previous_status,
                            period_year=arrival.period_year)
        if not dry_run:
            years.set_aside(con, arrival.set_aside, arrival.current)
            if arrival.record:  # the name holds this content now: the next run knows it
                result.ingest_id = _next_id(con)
                _write_ledger(con, path, sha, result)
        return result
    if arrival.kind == "skipped-duplicate":
        result = FileResult(spec.name, path.name, "skipped-duplicate", arrival.message)
        if not dry_run:
            result.ingest_id = _next_id(con)
            _write_ledger(con, path, sha, result)
        return result
    ingest_id = _next_id(con)
    con.execute("begin transaction")
    try:
        with file_ids(warehouse_id_reading(con)):
            result = _load(con, path, spec, sha, ingest_id, arrival, progress)
        con.execute("rollback" if dry_run else "commit")
    except _SameContent as error:
        con.execute("rollback")
        result = FileResult(spec.name, path.name, "skipped-duplicate", str(error),
                            ingest_id=ingest_id)
        if not dry_run:
            _write_ledger(con, path, sha, result)
    except FileRejected as error:
        con.execute("rollback")
        result = FileResult(spec.name, path.name, "rejected", "", ingest_id=ingest_id,
                            period_year=error.period_year)
        result.message = f"{result.label}: {error}"
        if not dry_run:
            _write_ledger(con, path, sha, result)
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        release_reader_memory()
    return result


class _SameContent(Exception):  # noqa: N818 - not an error: the file is a duplicate
    """A loaded content under a name of another month (`years.Arrival.copy_of`) whose rows
    state their month themselves (a Bulan column) or the same month: the same file, skipped
    as a duplicate; the message says of which."""


def pseudonymises(spec: SourceSpec) -> bool:
    """Whether the source's files hold ids that are pseudonymised (cases, staff)."""
    return any(column.type == "id" for column in spec.columns)


def warehouse_id_reading(con: duckdb.DuckDBPyConnection) -> int:
    """The id reading (`ingest.identifiers`) every file of this warehouse is read with: 1
    where it holds current rows of a source with ids (cases, staff) loaded before readings
    were recorded (`raw.ingest_ledger.id_reading` null or missing, whatever the file's key
    fingerprint) or read with 1 (the readings of its current files are one: the earliest
    is taken); else `ID_READING` (2), also for a new or empty warehouse.
    Only `satudata rotate-key`, which reloads every such file, moves a warehouse from 1 to 2.
    Works on a warehouse read-only and of any age (no ledger, no `id_reading` column)."""
    columns = {name for (name,) in con.execute(
        "select column_name from duckdb_columns() where database_name = current_database() "
        "and schema_name = 'raw' and table_name = 'ingest_ledger'").fetchall()}
    if not columns:
        return ID_READING
    names = [name for name, spec in sources().items() if pseudonymises(spec)]
    reading = "id_reading" if "id_reading" in columns else "null"
    earliest = con.execute(
        f"select min(coalesce({reading}, 1)) from raw.ingest_ledger where status = 'loaded' "
        f"and superseded_by is null and source in ({', '.join('?' for _ in names)})",
        names).fetchone()[0]
    return ID_READING if earliest is None else int(earliest)


def id_reading_note(con: duckdb.DuckDBPyConnection) -> str | None:
    """The line a person reads on a warehouse of id reading 1 (`warehouse_id_reading`), or
    None: ids are read the earlier way, and how to move to the new one."""
    if warehouse_id_reading(con) == ID_READING:
        return None
    return _("Case numbers and NIPs in this warehouse are read the earlier way (it was built "
             "before the new id reading): an id typed 12.345 in one file and 12345 in another, "
             "or 012345 and 12345, may count as two cases. To read them the new way, with "
             "every landing file in place run: satudata rotate-key")


def _next_id(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("select nextval('raw.ingest_id_seq')").fetchone()[0]


def _write_ledger(con: duckdb.DuckDBPyConnection, path: Path, sha: str, result: FileResult,
                  size: int | None = None) -> None:
    loaded_pseudonyms = result.status == "loaded" and pseudonymises(source(result.source))
    values = {
        "ingest_id": result.ingest_id, "source": result.source, "file_name": path.name,
        "file_path": str(path), "sha256": sha,
        "size_bytes": path.stat().st_size if size is None else size,
        "period_year": result.period_year, "rows_read": result.rows_read,
        "rows_loaded": result.rows_loaded, "rows_quarantined": result.rows_quarantined,
        "rows_dropped": result.rows_dropped, "status": result.status,
        "message": result.message, "ingested_at": _now(), "superseded_by": None,
        "cells_flagged": result.cells_flagged, "file_label": result.label,
        "sheet": result.sheet,
        "key_fingerprint": key_fingerprint() if loaded_pseudonyms else None,
        # The reading the file was read with (`file_ids`), its warehouse's before it loaded:
        # the file may supersede the last of the files that kept the warehouse on reading 1.
        "id_reading": current_reading() if loaded_pseudonyms else None,
    }
    con.execute(
        f"insert into raw.ingest_ledger ({', '.join(LEDGER_COLUMNS)}) "
        f"values ({', '.join('?' * len(LEDGER_COLUMNS))})",
        [values[column] for column in LEDGER_COLUMNS],
    )


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _load(con: duckdb.DuckDBPyConnection, path: Path, spec: SourceSpec, sha: str,
          ingest_id: int, arrival: years.Arrival, progress: Progress | None) -> FileResult:
    """Load one file inside the caller's transaction, step by step: read and validate its
    chunks into temp tables, settle its total rows, its period and its duplicate ids, count
    what happened, hold it if it would shrink its year, else supersede the older extract of
    the year and write everything (raw rows, quarantine, findings, ledger). Raises
    `FileRejected` for a file that is not a table of the source, `RuntimeError` if the rows
    do not balance (nothing is written)."""
    reading = _read_and_validate(con, path, spec, progress, file_label(spec.name, None, ingest_id))
    subtotals = _settle_rows(con, spec, reading)
    totals = _settle_total_rows(con, spec, reading)
    sheet_years = _years_of_rows(con, spec)
    period_year = _settle_period(con, spec, reading, path)
    try:  # refused from here on, its label names the year its rows were read as
        _year_of_file_agrees(spec, reading, period_year)
        _stated_year_agrees(spec, reading, path, period_year, sheet_years)
        _settle_duplicates(con, spec, reading.header)
        _as_written(con, spec, reading.header)  # before the tally shows a sample on screen
        result = _tally(con, spec, path, reading, totals.dropped + subtotals, period_year,
                        ingest_id)
        result.totals_unreconciled = len({finding["row"] for finding in totals.findings})
        findings = totals.findings + _loaded_row_findings(con, reading.row_findings,
                                                          reading.header)
        month = _one_month(con, spec, reading, path)
        if arrival.copy_of is not None and (reading.month_of_file is None
                                            or month == arrival.copy_of[1]):
            raise _SameContent(arrival.message)  # its month is its own, not its name's
        shrink = years.compare(con, spec, period_year, month, lines_of(spec.name))
        if arrival.renamed is not None:  # judged anew under its new name: the old hold ends
            years.set_aside(con, [arrival.renamed], ingest_id)
        if arrival.guarded and shrink is not None and shrink.held:
            return _hold(con, path, sha, result, shrink)
    except FileRejected as error:
        error.period_year = period_year
        raise
    earlier = 0 if month is None or not spec.key else con.execute(
        f"select count(*) from incoming where {years.month_sql(spec)} <> ?", [month]
    ).fetchone()[0]
    superseded = years.supersede(con, spec, period_year, ingest_id, month)
    _write_rows(con, spec, result, findings, reading.header)
    if arrival.accepted is not None:
        years.resolve_accepted(con, arrival.accepted, ingest_id)
    result.message = _loaded_message(result, reading, superseded, arrival, month, earlier)
    _write_ledger(con, path, sha, result)
    return result


@dataclass
class _Reading:
    """What reading a file's chunks counted; its rows wait in the temp tables `incoming`
    (valid rows), `incoming_issues` (cells that broke a rule) and `incoming_figures` (every
    data row's figures, for its total rows)."""

    header: Header
    data_rows: int = 0
    last_data_row: int = 0
    # Per sheet index (a workbook read from several sheets; 0 otherwise): its last data row
    # and its data rows read, numbered as in `incoming` (sheet index × SHEET_ROWS + row).
    last_rows: dict[int, int] = field(default_factory=dict)
    sheet_data_rows: dict[int, int] = field(default_factory=dict)
    # Every data row read, a chunk's at a time: the record a continued row follows is named.
    seen_rows: list[pd.Series] = field(default_factory=list)
    continued: set[int] = field(default_factory=set)  # of them, rows continuing a record
    totals: list[pd.DataFrame] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)  # total row -> label as written
    footers: list[pd.DataFrame] = field(default_factory=list)
    lines_under_table: int = 0  # footer lines below the data: not read
    layout_rows: int = 0  # header rows repeated, column-number rows, titles repeated: not read
    # Total rows whose figures are formulas without a saved value: dropped, not reconciled.
    unsaved_totals: list[int] = field(default_factory=list)
    # Rows of averages, and totals of a source declaring no way to reconcile them
    # (`total_row` in sources.yml): dropped, never reconciled.
    averages: int = 0
    unreconcilable: int = 0
    hidden_rows: list[int] = field(default_factory=list)  # data rows hidden in the sheet
    example_rows: list[int] = field(default_factory=list)  # a template's example: not read
    # Per amount column, the rows of its cells written as a lone dash (`Rp -`), read as 0.
    dash_zero: dict[str, list[int]] = field(default_factory=dict)
    section_rows: list[int] = field(default_factory=list)  # headings (`rows.is_section_row`)
    headings: int = 0  # of those, inside the table (above its last data row): not read
    row_findings: list[Issue] = field(default_factory=list)  # from derive hooks
    notes: list[str] = field(default_factory=list)  # how the file was read, for the ledger
    readings: dict[str, Reading] = field(default_factory=dict)
    # A one-month file without a month column: its month, read from its title or name.
    month_of_file: MonthOfFile | None = None
    # A workbook without a month column whose sheets are different months: each sheet's.
    sheet_months: dict[int, MonthOfFile] = field(default_factory=dict)
    # Columns whose figures the file states in thousands or millions (`ingest.scale`).
    scales: dict[str, Scale] = field(default_factory=dict)
    # Figures read as none for a sign of one not available (`...`), per column and whether
    # the sign is a dash (nihil in a BPS table: `ingest.figure_marks`).
    missing: dict[tuple[str, bool], Missing] = field(default_factory=dict)
    # Amounts stating no unit beside others stating one: a figure in one refuses the file.
    unstated: list[str] = field(default_factory=list)

    @property
    def total_frame(self) -> pd.DataFrame:
        return pd.concat(self.totals, ignore_index=True) if self.totals else pd.DataFrame()


class _Context:
    """What typing and quarantining a chunk needs about the file."""

    def __init__(self, con: duckdb.DuckDBPyConnection, spec: SourceSpec, header: Header,
                 evidence: WorkbookReadings) -> None:
        self.con, self.spec, self.header, self.evidence = con, spec, header, evidence
        self.outputs = [column.output for column in spec.columns if column.stored]
        # Ids are shown in the quarantine only as their pseudonym, never as typed.
        self.hidden = [column.name for column in spec.columns if column.type == "id"]
        self.rules = rules_for(spec.name)
        self.figures = _figure_columns(spec)
        self.filled: dict[str, str] = {}  # columns the file states once (`_from_file`)
        # Columns each sheet states once, by sheet index (a workbook of a sheet per month).
        self.filled_by_sheet: dict[int, dict[str, str]] = {}
        # Sheets whose month cannot be told, by index: why (a row on one refuses the file).
        self.refused_sheets: dict[int, str] = {}


def _figure_columns(spec: SourceSpec) -> list[str]:
    """Raw columns a total row is reconciled by: its sums, the columns a label may name, and
    the month (a labelled subtotal of a report of several months adds up its month)."""
    total_row = spec.total_row
    names = [*total_row.get("sum", []), *total_row.get("by", []),
             *total_row.get("where", {}).keys(), *([spec.months] if spec.months else [])]
    difference = total_row.get("difference")
    if difference:
        names.append(difference["column"])
    return list(dict.fromkeys(spec.column(name).output for name in names))


def _prepare_incoming(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> None:
    con.execute(f"create or replace temp table incoming as select * from raw.{spec.name} limit 0")
    con.execute(
        "create or replace temp table incoming_issues (source_row integer, column_name "
        "varchar, value varchar, reason varchar, row_kept boolean)"
    )
    con.execute("create or replace temp table incoming_periods (source_row integer, "
                "month_key integer, period_year integer, region_code varchar)")
    figures = ", ".join(f"{name} {kind}" for name, kind in con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = "
        "'raw' and table_name = ?", [spec.name]).fetchall()
        if name in _figure_columns(spec))
    con.execute("create or replace temp table incoming_figures (source_row integer"
                + (f", {figures})" if figures else ")"))
    written = "".join(f", {name} varchar" for name in _written_columns(spec))
    con.execute(f"create or replace temp table incoming_written (source_row integer{written})")


def _written_columns(spec: SourceSpec) -> list[str]:
    """Columns whose rows later steps may quarantine after typing (the period, the amounts a
    settle hook judges): their cells are kept as the file writes them, for the quarantine."""
    names = [column.name for column in spec.columns
             if not column.derived and not column.private and column.type != "id"
             and (column.name == spec.period or column.rupiah)]
    return list(dict.fromkeys(names))


def _as_written(con: duckdb.DuckDBPyConnection, spec: SourceSpec, header: Header) -> None:
    """Issues raised after typing (a row of another year, a refund below zero, a subtotal
    that disagrees) show the cell as the file writes it, in any language: never the value
    as the reader formats it (`-7,500,000` in English for the file's `-7.500.000`). One
    statement per column: each text written is judged (`shown_value`) once, however many
    rows hold it (a third of 120,000 rows of another year took 27 s one update a cell)."""
    for name in _written_columns(spec):
        column = header.written.get(name, name)
        where = (f"from incoming_issues as issues join incoming_written as written "
                 f"using (source_row) where issues.column_name = ? and issues.value <> '' "
                 f"and written.{name} is not null")
        texts = [text for (text,) in con.execute(
            f"select distinct written.{name} {where}", [column]).fetchall()]
        if not texts:
            continue
        shown = pd.DataFrame({"written": texts,
                              "shown": [shown_value(text)[0] for text in texts]})
        con.register("shown_as_written", shown)
        try:
            con.execute(
                f"update incoming_issues as issues set value = shown.shown "
                f"from incoming_written as written, shown_as_written as shown "
                f"where written.source_row = issues.source_row "
                f"and shown.written = written.{name} and issues.column_name = ? "
                f"and issues.value <> ''", [column])
        finally:
            con.unregister("shown_as_written")


_NAMED_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _named_year(name: str) -> int | None:
    """The one year a file's name names (`simfoni_2023.csv`, `Register UPTD 2023 (2).xlsx`);
    None when it names none or several."""
    years = set(_NAMED_YEAR.findall(name))
    return int(years.pop()) if len(years) == 1 else None


def _read_and_validate(
    con: duckdb.DuckDBPyConnection, path: Path, spec: SourceSpec, progress: Progress | None,
    label: str,
) -> _Reading:
    """Read the file chunk by chunk: type each chunk the way the file writes its dates and
    numbers as far as known, validate it, and append its valid rows to `incoming`. Should
    the whole file prove a column written otherwise than an earlier chunk assumed (evidence
    first seen in a later chunk), the file is read again with the file's decisions. A
    sheet of a workbook stating its own month has its dates decided apart
    (`WorkbookReadings`)."""
    evidence = WorkbookReadings(spec, stated=stated_hook(spec.name),
                                year=_named_year(path.name))
    final: dict[int | None, dict[str, Reading]] | None = None
    below: list[tuple[int, str]] = []
    while True:
        reading, used = _read_once(con, path, spec, progress, label, evidence, final, below)
        decided = evidence.decide()
        if not below and (below := _units_below(reading)):
            final = decided  # read again, the figures in the unit a line under them states
            continue
        if final is not None or all(_still_right(key, decided[sheet]) for sheet, key in used):
            reading.readings = decided[FILE]
            reading.notes = evidence.notes(decided, reading.header.written) + reading.notes
            return reading
        final = decided


def _units_below(reading: _Reading) -> list[tuple[int, str]]:
    """The lines under the table (not read as data) that state the figures' unit
    (`Catatan: angka dalam ribuan rupiah`): (row of the file, the line's cells joined)."""
    if not reading.footers:
        return []
    footers = pd.concat(reading.footers, ignore_index=True)
    found = []
    for _index, row in footers.iterrows():
        number = int(row["_row"])
        if number < reading.last_rows.get(number // SHEET_ROWS, 0):
            continue
        text = " ".join(str(cell).strip() for name, cell in row.items()
                        if name != "_row" and not parse.is_blank(cell))
        if states_unit(text):
            found.append((number, text))
    return found


def _key(readings: dict[str, Reading]) -> tuple:
    """The readings a chunk was typed with; a column none of whose values so far depended on
    its reading (basis "default") typed the same under any."""
    return tuple(sorted((name, None if reading.basis == "default" and reading.year is None
                         else (reading.choice, reading.cells_in_doubt, reading.year,
                               reading.groups, reading.month_cells))
                        for name, reading in readings.items()))


def _still_right(key: tuple, final: dict[str, Reading]) -> bool:
    """Whether chunks typed with `key` read every value as the file's final readings do."""
    return all(choice is None or (final[name].choice, final[name].cells_in_doubt,
                                  final[name].year, final[name].groups,
                                  final[name].month_cells) == choice
               for name, choice in key)


def _read_once(con: duckdb.DuckDBPyConnection, path: Path, spec: SourceSpec,
               progress: Progress | None, label: str, evidence: WorkbookReadings,
               final: dict[int | None, dict[str, Reading]] | None,
               below: list[tuple[int, str]]) -> tuple[_Reading, set[tuple]]:
    """One pass over the file's chunks (see `_read_and_validate`); `progress` is told the
    file's label, never its name; `below`: lines under the table stating the figures'
    unit, read as titles are. `used`: (the key of the readings in `decide`, `_key`) of every
    chunk typed."""
    header, chunks = read_chunks(path, spec)
    evidence.set_sheets(header.sheets, header.written)
    stated = _stated_month(spec, header, path)
    evidence.set_month(stated, spec.months,
                       None if stated else _unsettled_month(spec, header, path))
    for index, (month, unsettled) in _months_of_sheets(spec, header, path).items():
        evidence.set_sheet_month(index, month, spec.months, unsettled)
    _prepare_incoming(con, spec)
    context = _Context(con, spec, header, evidence)
    reading = _Reading(header)
    if header.read_as:
        reading.notes.append(header.read_as)
    filled = _from_file(spec, header, path)
    context.filled, context.filled_by_sheet, context.refused_sheets = (
        filled.every, filled.by_sheet, filled.refused)
    reading.month_of_file, reading.sheet_months = filled.month, filled.sheet_months
    if reading.month_of_file is not None:
        reading.notes.append(reading.month_of_file.note)
    reading.notes += filled.notes
    if reading.sheet_months:
        reading.notes.append(_sheet_months_note(spec, header, reading.sheet_months,
                                                filled.kept))
    if note := _year_of_headers(context, header):
        reading.notes.append(note)
    reading.notes += _values_of_sheet_names(context, header)
    reading.scales, reading.unstated = column_scales(spec, header, below, path.name)
    reading.notes += [scale.note(header.written[name]) for name, scale in reading.scales.items()]
    reading.notes += [ngettext(
        "{column}: {count} number cell shown divided by its number format (#,##0,) holds the "
        "full amount: not multiplied (first: row {row})",
        "{column}: {count} number cells shown divided by their number format (#,##0,) hold "
        "the full amounts: not multiplied (first: row {row})", len(rows),
        column=header.written[name], count=len(rows), row=header.shown(min(rows)))
        for name, rows in header.scaled_rows.items() if name in reading.scales]
    reading.notes += [ngettext(
        "{column}: {count} cell formatted as a percentage read as the percent it shows (0.855 "
        "shown as 85.5% is 85.5; first: row {row})",
        "{column}: {count} cells formatted as a percentage read as the percent they show "
        "(0.855 shown as 85.5% is 85.5; first: row {row})", count,
        column=header.written.get(name, name), count=count, row=header.shown(row))
        for name, (count, row) in header.percent_cells.items()]
    used: set[tuple] = set()
    for chunk in chunks:
        reading.totals.append(chunk.total_rows)
        reading.labels.update(chunk.labels)
        reading.layout_rows += chunk.layout_rows
        reading.unsaved_totals += chunk.unsaved_totals
        reading.hidden_rows += chunk.hidden_rows
        reading.section_rows += chunk.section_rows
        if chunk.footer_rows is not None and len(chunk.footer_rows):
            reading.footers.append(chunk.footer_rows)
        if chunk.broken_rows:
            # Rows that cannot be split into cells: read, quarantined whole, never guessed at.
            reading.data_rows += len(chunk.broken_rows)
            _saw_rows(reading, [row for row, _ in chunk.broken_rows])
            _append_issues(context, [Issue(row, "", "", reason)
                                     for row, reason in chunk.broken_rows])
            con.executemany("insert into incoming_figures (source_row) values (?)",
                            [(row,) for row, _ in chunk.broken_rows])
        if chunk.frame.empty:
            continue
        if final is None:
            evidence.observe(plain_figures(chunk.frame, spec).frame)
        sheet = evidence.key(int(chunk.frame["_row"].iat[0]) // SHEET_ROWS)
        decided = (final or evidence.decide())[sheet]
        used.add((sheet, _key(decided)))
        _type_and_validate(context, chunk.frame, decided, reading)
        if progress is not None:
            progress(label, reading.data_rows)
    _read_rows_above_the_end(context, reading, final or evidence.decide())
    reading.notes += missing_notes(reading.missing, header.written, header.shown)
    if reading.data_rows == 0:
        raise FileRejected(_("no data rows below the header (row {row})",
                             row=header.header_row) + _sheet_part(header))
    return reading, used


@dataclass
class _FromFile:
    """The columns declared `from_file` a file lacks, as `_from_file` fills them."""

    every: dict[str, str] = field(default_factory=dict)  # {column: value} for every row
    # {sheet index: {column: value}} for the sheets lacking them, when not all one month.
    by_sheet: dict[int, dict[str, str]] = field(default_factory=dict)
    month: MonthOfFile | None = None  # the month of a file of one month
    sheet_months: dict[int, MonthOfFile] = field(default_factory=dict)  # of `by_sheet`
    # {sheet index: why its month cannot be told}: the file is refused if the sheet holds
    # a row (a template sheet holding only the header needs no month).
    refused: dict[int, str] = field(default_factory=dict)
    kept: bool = False  # a sheet holds the columns itself (and keeps them)
    notes: list[str] = field(default_factory=list)  # the ledger's sentences on a date read


def _from_file(spec: SourceSpec, header: Header, path: Path) -> _FromFile:
    """The columns declared `from_file` that the file lacks, filled from the month its title
    rows, sheet names and file name state (`ingest.month_of_file`), each sheet of a workbook
    judged by its own header, titles and name with the file name: a sheet holding its own
    Bulan column keeps it. A sheet whose month cannot be told, or that states the month
    another sheet states in a workbook of different months (`Maret` and its copy `Maret
    (2)`), is refused when it holds a row. Raises `FileRejected` when the month of a file,
    or of every sheet, cannot be told, or a year column is missing and nothing tells it."""
    declared = [column for column in spec.read_columns if column.from_file]
    sheets = header.sheets or [None]
    own = header.sheet_columns or [frozenset(header.columns)]
    lacking = {index: {column.from_file: column for column in declared
                       if column.name not in own[index]} for index in range(len(sheets))}
    lacking = {index: missing for index, missing in lacking.items() if missing}
    if not lacking:
        return _FromFile()
    if any("date" in missing for missing in lacking.values()):
        return _dates_of_sheets(header, path, {index: missing["date"]
                                               for index, missing in lacking.items()})
    if all("month" not in missing for missing in lacking.values()):
        return _years_of_sheets(header, path, {index: missing["year"]
                                               for index, missing in lacking.items()})
    months_own = any(is_months_own(text) for text in header.written.values())
    result = _FromFile(kept=len(lacking) < len(sheets))
    found: dict[int, MonthOfFile] = {}
    for index, missing in lacking.items():
        try:
            found[index], result.by_sheet[index] = _month_of_sheet(
                header, path, index, missing, months_own)
        except FileRejected as refused:
            if len(sheets) < 2:
                raise FileRejected(_in_workbook(header, str(refused))) from None
            result.refused[index] = _("{sheet}: {problem}", sheet=sheets[index].named,
                                      problem=str(refused))
    if not found:
        raise FileRejected(next(iter(result.refused.values())))
    read = [index for index in range(len(sheets)) if index not in result.refused]
    if len(found) == len(read) and len({(month.month, month.year) for month in found.values()}
                                       ) == 1 and len({tuple(values) for values in
                                                       result.by_sheet.values()}) == 1:
        result.every, result.month = result.by_sheet[read[0]], found[read[0]]
        result.by_sheet = {}
        return result
    seen: dict[tuple[int, int | None], int] = {}
    for index, month in found.items():
        first = seen.setdefault((month.month, month.year), index)
        if first != index:
            result.refused[index] = _(
                "{sheet} and {first} both hold {column} {month}: which holds that month's "
                "figures cannot be told (a copied sheet?): delete one, or name each sheet for "
                "its month", sheet=sheets[index].named, first=sheets[first].named,
                column=lacking[index]["month"].name.capitalize(), month=month.month)
            del result.by_sheet[index]
    result.sheet_months = {index: month for index, month in found.items()
                           if index in result.by_sheet}
    return result


def _dates_of_sheets(header: Header, path: Path, lacking: dict[int, ColumnSpec]) -> _FromFile:
    """The snapshot date (`from_file: date`, a roster's Tanggal Data) of each sheet lacking
    its date column, from the sheet's title rows, its name and the file name
    (`date_of_file`); a date after today is refused there when the column may not be in the
    future. A sheet whose date cannot be told is refused when it holds a row (a workbook of
    several), or refuses the file. Raises `FileRejected` when no sheet's date can be told,
    or when sheets state dates of different years (a file holds one year: the rows of the
    other would be quarantined one by one for a date the file itself gives)."""
    sheets = header.sheets or [None]
    result = _FromFile(kept=len(lacking) < len(sheets))
    notes: dict[int, str] = {}
    found: dict[int, DateOfFile] = {}
    for index, column in lacking.items():
        titles, named = _said_of_itself(header, index)
        try:
            said = date_of_file(titles, path.name, column.shown, named,
                                dt.date.today() if column.not_in_future else None)
        except MonthRefused as refused:
            _refuse_sheet(result, header, index, refused)
            continue
        found[index] = said
        result.by_sheet[index] = {column.name: said.date.isoformat()}
        notes[index] = said.note
    if not result.by_sheet:
        raise FileRejected(next(iter(result.refused.values())))
    years = {}
    for index, said in found.items():
        years.setdefault(said.date.year, index)
    if len(years) > 1:
        first, other = list(years.values())[:2]
        column = lacking[first]
        raise FileRejected(_(
            "{first} states {column} {first_date} ({first_places}) and {other} {other_date} "
            "({other_places}): a file holds one year of {column}: send each year's sheets as "
            "their own file", first=sheets[first].named, column=column.shown,
            first_date=day(found[first].date), first_places=found[first].places,
            other=sheets[other].named, other_date=day(found[other].date),
            other_places=found[other].places))
    return _one_for_all(result, sheets, notes)


def _refuse_sheet(result: _FromFile, header: Header, index: int, refused: MonthRefused
                  ) -> None:
    """Set aside sheet `index`, whose date or year cannot be told (`refused`), in `result`;
    a file of one sheet is refused (`FileRejected`)."""
    sheets = header.sheets or [None]
    if len(sheets) < 2:
        raise FileRejected(_in_workbook(header, str(refused))) from None
    result.refused[index] = _("{sheet}: {problem}", sheet=sheets[index].named,
                              problem=str(refused))


def _one_for_all(result: _FromFile, sheets: list, notes: dict[int, str]) -> _FromFile:
    """`result` with the values every sheet was given as the file's own (`every`, one note)
    when all sheets got the same ones, else each sheet's note named by its sheet."""
    if len(result.by_sheet) == len(sheets) and len(
            {tuple(values.items()) for values in result.by_sheet.values()}) == 1:
        result.every = next(iter(result.by_sheet.values()))
        result.by_sheet = {}
        result.notes = [next(iter(notes.values()))]
    else:
        result.notes = [_("{sheet}: {note}", sheet=sheets[index].named, note=note)
                        for index, note in notes.items()]
    return result


def _years_of_sheets(header: Header, path: Path, lacking: dict[int, ColumnSpec]) -> _FromFile:
    """The year (`from_file: year`, a budget's Tahun) of each sheet holding its month column
    but not its year column, from the sheet's title rows, its name and the file name
    (`year_of_file`: `dpa_dp3a_2024.xlsx`). A sheet whose year cannot be told is refused when
    it holds a row (a workbook of several), or refuses the file. Raises `FileRejected` when
    no sheet's year can be told."""
    sheets = header.sheets or [None]
    result = _FromFile(kept=len(lacking) < len(sheets))
    notes: dict[int, str] = {}
    for index, column in lacking.items():
        titles, named = _said_of_itself(header, index)
        try:
            said = year_of_file(titles, path.name, column.name.capitalize(), named)
        except MonthRefused as refused:
            _refuse_sheet(result, header, index, refused)
            continue
        result.by_sheet[index] = {column.name: str(said.year)}
        notes[index] = said.note
    if not result.by_sheet:
        raise FileRejected(next(iter(result.refused.values())))
    return _one_for_all(result, sheets, notes)


def _in_workbook(header: Header, problem: str) -> str:
    """A refusal of what a file says of its period naming its sheet when the file is a
    workbook of one sheet read (`lembar 'DUK': …`; its title rows are that sheet's), as a
    workbook of several names each; a CSV's as it is."""
    if len(header.sheets) != 1:
        return problem
    return _("{sheet}: {problem}", sheet=header.sheets[0].named, problem=problem)


def _month_of_sheet(header: Header, path: Path, index: int, missing: dict[str, ColumnSpec],
                    months_own: bool) -> tuple[MonthOfFile, dict[str, str]]:
    """The month of sheet `index` (of the file, for a CSV) lacking the `missing` columns
    ({from_file: column}), and the values filling them. Raises `FileRejected` (the caller
    names the sheet)."""
    if "month" not in missing:
        raise FileRejected(_("required column missing: {column}",
                             column=missing["year"].shown))
    month_column = missing["month"].name
    titles, named = _said_of_itself(header, index)
    try:
        month = month_of_file(titles, path.name, month_column.capitalize(), months_own, named,
                              one_of_sheets=len(header.sheets) > 1)
    except MonthRefused as refused:
        raise FileRejected(str(refused)) from None
    filled = {month_column: str(month.month)}
    if "year" in missing:
        if month.year is None:
            raise FileRejected(_(
                "no {column} column, and neither the title rows nor the file name name the "
                "year: add a {column} column, or write the year in the title",
                column=missing["year"].name.capitalize()))
        filled[missing["year"].name] = str(month.year)
        if month.year_places:
            month = replace(month, note=month.note + "; " + _(
                "{column} {year} read from {places}", column=missing["year"].name.capitalize(),
                year=month.year, places=month.year_places))
    return month, filled


def _values_of_sheet_names(context: _Context, header: Header) -> list[str]:
    """A workbook of a sheet per kabupaten/kota (per unit) lacking that column
    (`Header.from_sheet_names`): each sheet's rows take its name as the column's value, read
    by the column's own reader. Returns the ledger's notes."""
    notes = []
    for name, values in header.from_sheet_names.items():
        for index, value in enumerate(values):
            context.filled_by_sheet.setdefault(index, {})[name] = value
        notes.append(_("the file has no {column} column: each sheet's rows read as the "
                       "{column} its name states ({sheets})",
                       column=context.spec.column(name).shown, sheets=listed(header.sheets)))
    return notes


def _year_of_headers(context: _Context, header: Header) -> str | None:
    """A file (each sheet of a workbook) without a Tahun column whose figures' headers state
    their year (`Target 2023 | Realisasi 2023`) holds that year's rows: its Tahun is filled
    so, a workbook of a sheet per year each sheet with its own, unless its title or name
    stated the year (`_from_file`; a figure of another year is then left unread). Returns
    the ledger's note, or None."""
    read: dict[int, Header] = {}
    for index in range(max(1, len(header.sheets))):
        own = header.of_sheet(index)
        said = context.filled_by_sheet.get(index, context.filled)
        if own.year is not None and YEAR_COLUMN not in own.columns and YEAR_COLUMN not in said:
            read[index] = own
    if not read:
        return None
    years = {own.year for own in read.values()}
    if len(years) == 1 and len(read) == max(1, len(header.sheets)) and \
            not context.filled_by_sheet:
        context.filled[YEAR_COLUMN] = str(years.pop())
    else:
        for index, own in read.items():
            context.filled_by_sheet.setdefault(index, {})[YEAR_COLUMN] = str(own.year)
    if len(read) == max(1, len(header.sheets)) and len({own.year for own in read.values()}) == 1:
        first = next(iter(read.values()))
        return _("{column} {year} read from the headers of its figures ({headers})",
                 column=YEAR_COLUMN.capitalize(), year=first.year,
                 headers=", ".join(first.written[name] for name in first.column_years))
    return _("{column} read from the headers of the figures: {sheets}",
             column=YEAR_COLUMN.capitalize(), sheets="; ".join(
                 f"{header.sheets[index].named} {own.year} ("
                 + ", ".join(own.written[name] for name in own.column_years) + ")"
                 for index, own in read.items()))


def _sheet_months_note(spec: SourceSpec, header: Header, months: dict[int, MonthOfFile],
                       kept: bool) -> str:
    """The ledger's sentence on a workbook whose sheets are different months; `kept`:
    other sheets hold the month column themselves."""
    column = next(column.name for column in spec.read_columns if column.from_file == "month")
    sheets = ", ".join(f"{header.sheets[index].named} {month.month}"
                       + ("" if month.year is None else f"/{month.year}")
                       for index, month in months.items())
    if kept:
        return _("{column} read from the name or title of each sheet without a {column} "
                 "column (the others keep their own): {sheets}", column=column.capitalize(),
                 sheets=sheets)
    return _("the file has no {column} column: each sheet's {column} read from its name or "
             "title: {sheets}", column=column.capitalize(), sheets=sheets)


def _said_of_itself(header: Header, index: int = 0
                    ) -> tuple[list[tuple[str, str]], tuple[str, str] | None]:
    """What sheet `index` of a file (the file, for a CSV) says of its period besides its
    rows: its title rows, (where, text), and its sheet's name, (where, name): "Januari 2023"
    or "Maret" says which month a sheet holds, as a title does."""
    titles = [(_("title row {row}", row=header.shown(row)), text)
              for row, text in header.titles if row // SHEET_ROWS == index]
    if not header.sheets:
        return titles, None
    sheet = header.sheets[index]
    return titles, (_("the name of {sheet}", sheet=sheet.named), sheet.name)


def _said_of_file(header: Header
                  ) -> tuple[list[tuple[str, str]], tuple[str, str] | None]:
    """What a file says of its one period besides its rows (`_said_of_itself`); nothing but
    its file name for a workbook of several sheets (a sheet per kabupaten: a sheet naming a
    month of its own is judged apart, `_months_of_sheets`)."""
    return ([], None) if len(header.sheets) > 1 else _said_of_itself(header)


def _one_month(con: duckdb.DuckDBPyConnection, spec: SourceSpec, reading: _Reading,
               path: Path) -> int | None:
    """The month of a one-month file, which is compared with and replaces only that month of
    its year (`ingest.years`); None for a year's extract. Without a month column, the month
    its title or name gives (`_from_file`). With one, when the title or name says one month,
    not cumulatively, and every row is of that month (an office's monthly LRA in the year's
    layout), or, for a register of cases (a source with a `key`), of that month or one
    before it (February's register re-sending January's cases with their status now): the
    file speaks of that month; its rows of earlier months update those cases and remove no
    other. A workbook of several sheets speaks of the month its file name states. A file whose
    every row is quarantined is judged by the months its rows' periods were read as
    (`incoming_periods`): February's file of rows all refused for their bentuk is February's,
    not an empty extract of the year that would be held for shrinking it. Anything else is a
    year's extract."""
    if reading.month_of_file is not None:
        return reading.month_of_file.month
    if not spec.months:
        return None
    months = {int(month) if month is not None else None for (month,) in con.execute(
        f"select distinct {years.month_sql(spec)} from incoming").fetchall()}
    if not months:  # every row quarantined: the months their periods were read as
        months = {int(key) % 100 if key is not None else None for (key,) in con.execute(
            "select distinct month_key from incoming_periods").fetchall()}
    if not months or None in months:
        return None
    titles, named = _said_of_file(reading.header)
    try:
        said = month_of_file(titles, path.name, spec.months, False, named)
    except MonthRefused:
        return None
    if months == {said.month} or (spec.key and max(months) <= said.month):
        return said.month
    return None


def _stated_month(spec: SourceSpec, header: Header, path: Path) -> MonthOfFile | None:
    """The one month a register of one sheet states of itself in its title rows, sheet name
    and file name (`Register Kasus Bulan Oktober 2023`, `register_uptd_oktober_2023.csv`,
    `kasus_2023_10.xlsx`: `ingest.month_of_file`), when its `months` column is a date column
    (Tanggal Pengaduan): evidence of the order of those dates (`FileReadings.set_month`).
    None when they state no month, two, a span or a period up to a month (`s.d. Oktober`).
    A workbook of several sheets (`simfoni_2023_07.xlsx` of a sheet per kabupaten) states it
    by its file name alone (`_said_of_file`)."""
    if not spec.months or spec.column(spec.months).type != "date":
        return None
    titles, named = _said_of_file(header)
    try:
        return month_of_file(titles, path.name, spec.months, False, named)
    except MonthRefused:
        return None


def _months_of_sheets(spec: SourceSpec, header: Header, path: Path
                      ) -> dict[int, tuple[MonthOfFile | None, str | None]]:
    """The month each sheet of a workbook of several states of itself, by sheet index, when
    the source's `months` column is a date column (a register kept a sheet per month:
    `Jan`, `Februari 2023`, a sheet titled `Register Kasus Bulan Maret 2023`): evidence of
    the order of that sheet's dates alone (`WorkbookReadings.set_sheet_month`). The month is
    judged with the file name as a one-month file's is (`ingest.month_of_file`): (None, why)
    when the file name states another (a sheet `Jan` in `register_februari_2023.xlsx`) or
    the sheet's title another than its name. A sheet whose own name and title rows name no
    one month (`PNS`, `Kab. Kupang`, `Rekap`, a span `Jan-Mar`, a quarter `TW I`, a period
    up to a month `s.d. Maret`: `month_of_file.names_a_month`) is left out: its dates are
    the file's. Empty for a CSV or a workbook of one sheet
    (`_stated_month`)."""
    if not spec.months or spec.column(spec.months).type != "date" or len(header.sheets) < 2:
        return {}
    found: dict[int, tuple[MonthOfFile | None, str | None]] = {}
    for index in range(len(header.sheets)):
        titles, named = _said_of_itself(header, index)
        if not names_a_month(titles, named):
            continue
        try:
            found[index] = (month_of_file(titles, path.name, spec.months, False, named,
                                          one_of_sheets=True), None)
        except MonthRefused as refused:
            found[index] = (None, unsettled_month(titles, path.name, named) or str(refused))
    return found


def _unsettled_month(spec: SourceSpec, header: Header, path: Path) -> str | None:
    """Why a register of one sheet whose title rows, sheet name or file name speak of its
    month states no one month (`month_of_file.unsettled_month`), for the ledger's word on
    its dates the month does not settle; None for a workbook of several sheets."""
    if not spec.months or spec.column(spec.months).type != "date" or len(header.sheets) > 1:
        return None
    titles, named = _said_of_itself(header)
    return unsettled_month(titles, path.name, named)


def _year_of_file_agrees(spec: SourceSpec, reading: _Reading, year: int | None) -> None:
    """A month read from the title or name whose year is not the year of the file's rows:
    which is right cannot be told, so the file is refused."""
    for found in [reading.month_of_file, *reading.sheet_months.values()]:
        if found is None or found.year is None or year is None or found.year == year:
            continue
        written = reading.header.written.get(spec.period, spec.column(spec.period).shown)
        raise FileRejected(_("{note}; but its year {said} is not the year of the {column} "
                             "column ({year}): correct the title, the file name or the column",
                             note=found.note, said=found.year, column=written, year=year))


def _years_of_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> dict[int, int]:
    """{sheet index: the year most of its rows hold} in `incoming`, before the file's one
    year is settled (`_settle_period`), for a source whose period column a file may state
    of itself (`from_file: year`); empty for others."""
    column = spec.column(spec.period) if spec.period else None
    if column is None or column.from_file != "year":
        return {}
    found: dict[int, int] = {}
    for sheet, year in con.execute(
            f"select source_row // {SHEET_ROWS} as sheet, {spec.period} from incoming "
            f"where {spec.period} is not null group by all "
            "order by sheet, count(*) desc, 2 desc").fetchall():
        found.setdefault(int(sheet), int(year))
    return found


def _stated_year_agrees(spec: SourceSpec, reading: _Reading, path: Path, year: int | None,
                        sheet_years: dict[int, int]) -> None:
    """A file holding its own year column (a budget's Tahun, `from_file: year`) whose title
    rows, sheet name or file name state another year (`Tahun Anggaran 2023` above rows of
    2024, `lra_2024_01.csv` holding 2023): last year's template filled in, or a misnamed
    file; which year is right a person must tell, so the file is refused naming both. A
    sheet's title and name are held to the year most of that sheet's rows hold; the file
    name to the file's year. Raises `FileRejected`."""
    if year is None or not sheet_years:
        return
    header = reading.header
    own = header.sheet_columns or [frozenset(header.columns)]
    written = header.written.get(spec.period, spec.column(spec.period).shown)
    for index, rows_year in sheet_years.items():
        if index >= len(own) or spec.period not in own[index]:
            continue
        titles, named = _said_of_itself(header, index)
        for said in years_said(titles, path.name, named):
            held = year if said.where == _("the file name") else rows_year
            if said.year == held:
                continue
            raise FileRejected(_in_workbook(header, _(
                "the {column} column gives {year}, but {evidence} states {said}: the file may "
                "be last year's template or misnamed, and which year its figures are a person "
                "must tell: correct the title, the file name or the {column} column",
                column=written, year=held,
                evidence=_("{where} ('{fragment}')", where=said.where,
                           fragment=said.fragment.strip()), said=said.year)))


def _saw_rows(reading: _Reading, rows: Iterable[int]) -> None:
    """Count data rows read per sheet and keep each sheet's last one (and the file's): a
    chunk's rows at once, per sheet, not a Python step per row."""
    rows = pd.Series(rows, dtype="int64")
    if rows.empty:
        return
    per_sheet = rows.groupby(rows // SHEET_ROWS).agg(["count", "max"])
    for sheet, count, last in per_sheet.itertuples():
        reading.sheet_data_rows[sheet] = reading.sheet_data_rows.get(sheet, 0) + int(count)
        reading.last_rows[sheet] = max(reading.last_rows.get(sheet, 0), int(last))
    reading.last_data_row = max(reading.last_data_row, int(rows.max()))
    reading.seen_rows.append(rows)


def _sheet_span(row: int) -> tuple[int, int]:
    """The row numbers of the sheet `row` is on: (first − 1, last + 1), exclusive."""
    start = row // SHEET_ROWS * SHEET_ROWS
    return start, start + SHEET_ROWS


def _sheet_part(header: Header) -> str:
    return _(" ({sheet})", sheet=header.sheet.named) if header.sheet else ""


def _read_rows_above_the_end(context: _Context, reading: _Reading,
                             decided: dict[int | None, dict[str, Reading]]) -> None:
    """Footer candidates below the last data row are lines under the table: not read, only
    counted. Those above it are data rows after all (no record is lost to a look-alike).
    Headings (`rows.is_section_row`) are not read either way: counted as lines under the
    table below it, as headings inside it."""
    below = [row for row in reading.section_rows
             if row >= reading.last_rows.get(row // SHEET_ROWS, 0)]
    reading.headings = len(reading.section_rows) - len(below)
    reading.lines_under_table = len(below)
    if not reading.footers:
        return
    footers = pd.concat(reading.footers, ignore_index=True)
    last = footers["_row"].map(lambda row: reading.last_rows.get(row // SHEET_ROWS, 0))
    inside = (footers["_row"] < last) | _continued_below(footers, context.spec)
    reading.lines_under_table += int((~inside).sum())
    if not inside.any():
        return
    rows = footers[inside].reset_index(drop=True)
    sheets = rows["_row"] // SHEET_ROWS
    for sheet in sheets.unique():
        _type_and_validate(context, rows[sheets == sheet].reset_index(drop=True),
                           decided[context.evidence.key(int(sheet))], reading)


def _blank_mask(cells: pd.Series) -> np.ndarray:
    """`parse.is_blank` of every cell of a column: column-wise for a column of text (a CSV's,
    from the columnar reader: a million rows in milliseconds, where cell by cell took
    seconds), cell by cell for a workbook's cells of mixed types."""
    if isinstance(cells.dtype, pd.StringDtype):
        return (cells.isna() | cells.str.strip().isin(parse.BLANK_TEXTS)).to_numpy(dtype=bool)
    return cells.map(parse.is_blank).to_numpy(dtype=bool)


def _continued_below(footers: pd.DataFrame, spec: SourceSpec) -> pd.Series:
    """Footer candidates that are a record's values continued on the rows below it
    (`Rehabilitasi Sosial` alone under Layanan, under the last case): no required value and
    a value of its column's vocabulary; read as data, so they are quarantined as
    continuations (`_continuations`), not counted among the notes and signatures under the
    table, which would lose the service without a word."""
    known = pd.Series(False, index=footers.index)
    required = [column.name for column in spec.columns if column.required
                and column.name in footers]
    if not required:
        return known
    empty = pd.Series(np.logical_and.reduce([_blank_mask(footers[name]) for name in required]),
                      index=footers.index)
    for column in spec.columns:
        if not column.domain or column.name not in footers:
            continue
        try:
            known |= footers[column.name].map(partial(holds_known_value, column.domain))
        except KeyError:  # a domain the vocabulary seed does not hold (regions)
            continue
    return known & empty


def _type_and_validate(context: _Context, frame: pd.DataFrame,
                       decided: dict[str, Reading], reading: _Reading) -> None:
    """Type one chunk, validate its fields and then its rules, and append it: valid rows to
    `incoming`, broken cells to `incoming_issues`, figures to `incoming_figures`."""
    spec, con = context.spec, context.con
    if context.refused_sheets:
        on = set(frame["_row"] // SHEET_ROWS) & context.refused_sheets.keys()
        if on:
            raise FileRejected(context.refused_sheets[min(on)])
    columns = [column.name for column in spec.columns if column.name in frame]
    example = example_rows(frame, columns, [column.name for column in spec.columns
                                            if column.figure_marks])
    if example.any():
        # A template's example (`UPTD/2023/xxx`, `dd/mm/yyyy`) is no record: not read, named.
        reading.example_rows += [int(row) for row in frame.loc[example, "_row"]]
        frame = frame[~example]
    continued = _continuations(frame, spec, context.header, reading)
    if context.filled:
        frame = frame.assign(**context.filled)
    if context.filled_by_sheet:
        # Only the sheets stating a column fill it: another sheet keeps its own cells.
        sheet = frame["_row"] // SHEET_ROWS
        columns = dict.fromkeys(column for values in context.filled_by_sheet.values()
                                for column in values)
        filled = {column: sheet.map({index: values[column] for index, values
                                     in context.filled_by_sheet.items() if column in values})
                  for column in columns}
        frame = frame.assign(**{column: values if column not in frame
                                else values.where(values.notna(), frame[column])
                                for column, values in filled.items()})
    reading.data_rows += len(frame)
    _saw_rows(reading, frame["_row"])
    if continued:
        frame = frame[~frame["_row"].isin([issue.row for issue in continued])]
        _append_issues(context, continued)
    frame = _dashes_as_zero(frame, spec, reading)
    refuse_unit_in_figures(frame, spec, context.header)
    for name in reading.unstated:  # a column of zeros (or nothing) holds no figure of a unit
        if name in frame and not frame[name].map(
                lambda value: parse.is_blank(value) or parse.is_zero(value)).all():
            refuse_unstated(reading.scales, context.header.written[name])
    explains = context.evidence.of_sheet(int(frame["_row"].iat[0]) // SHEET_ROWS) \
        if len(frame) else context.evidence.file
    # A statistical figure's mark (`11,7*`) and sign of none (`...`): `ingest.figure_marks`.
    plain = plain_figures(frame, spec)
    add_missing(reading.missing, plain.missing)
    typed = normalise(plain.frame, spec, decided, explains, context.header.written,
                      {name: scale.factor for name, scale in reading.scales.items()},
                      context.header.scaled_rows, context.header.shown)
    reading.row_findings += [issue for issue in typed.issues if issue.is_finding]
    reading.notes += [note for note in typed.notes if note not in reading.notes]
    issues = [issue for issue in typed.issues if not issue.is_finding]
    frame_typed = typed.frame
    issues += _other_years_figures(frame_typed, frame, spec, context.header)
    # A subtotal a derive hook marked is judged whole by the settle hook, never loaded.
    subtotal = (frame_typed.pop(SUBTOTAL).astype(bool) if SUBTOTAL in frame_typed
                else pd.Series(False, index=frame_typed.index))
    checked = frame_typed[~subtotal]
    unreadable = {(issue.row, issue.column) for issue in issues}
    shown = frame.drop(columns=context.hidden, errors="ignore")
    issues += [issue for issue in validate_fields(checked, spec.name, shown)
               if (issue.row, issue.column) not in unreadable]
    issues += validate_rules(checked, context.rules, issues, shown, plain.absent)
    _empty_flagged_cells(frame_typed, spec, issues)
    _append_periods(con, frame_typed, frame, spec, issues)
    _append_figures(con, frame_typed, context.figures)
    _append_written(con, frame, spec)
    issues = with_marks(plain, issues)
    bad_rows = {issue.row for issue in issues if not issue.row_kept}
    valid = frame_typed[~frame_typed["_row"].isin(bad_rows)]
    _append(con, valid, context.outputs)
    _append_issues(context, issues)


def _dashes_as_zero(frame: pd.DataFrame, spec: SourceSpec, reading: _Reading) -> pd.DataFrame:
    """`frame` with each lone dash (`-`, `–`, `Rp -`: Excel's accounting format shows 0 so,
    and finance officers write "nothing spent" so) of an amount of rupiah written `0`, the
    rows counted per column in `reading.dash_zero` for the ledger. Not in an amount whose
    empty cell means what 0 does not (`dash_empty`: a Pagu Perubahan left `-` is no
    revision, as an empty one), where every such dash (`Rp -` too) is an empty cell."""
    for column in spec.read_columns:
        if not column.rupiah or column.name not in frame:
            continue
        dashes = frame[column.name].map(parse.is_dash).astype(bool)
        if not dashes.any():
            continue
        if not column.dash_empty:
            reading.dash_zero.setdefault(column.name, []).extend(
                int(row) for row in frame.loc[dashes, "_row"])
        frame = frame.assign(**{column.name: frame[column.name].mask(
            dashes, "" if column.dash_empty else "0")})
    return frame


def _continuations(frame: pd.DataFrame, spec: SourceSpec, header: Header,
                   reading: _Reading) -> list[Issue]:
    """Rows (text cells as read, before any column is filled from the file's title) with no
    required value and only optional cells (`Rehabilitasi Sosial` alone under Layanan): a
    record's values continued on the row below it, whose record cannot be proven (the row
    above may be another case's, or a heading's). One issue each, against its first filled
    column, naming the nearest data row above it on its sheet; never merged, never one
    "a value is required" per empty column."""
    present = [column for column in spec.columns if column.name in frame and not column.derived]
    required = [column.name for column in present if column.required]
    optional = [column.name for column in present if not column.required]
    if not required or not optional:
        return []
    empty = np.logical_and.reduce([_blank_mask(frame[name]) for name in required])
    if not empty.any():
        return []
    blank = frame.loc[empty, required + optional].map(parse.is_blank)
    rows = frame.loc[empty][~blank[optional].all(axis=1)]
    if rows.empty:
        return []
    issues = []
    reading.continued.update(int(row) for row in rows["_row"])
    records = pd.concat([*reading.seen_rows, frame["_row"]], ignore_index=True).astype("int64")
    records = records[~records.isin(reading.continued)]
    for at, row in rows["_row"].items():
        row = int(row)
        filled = [name for name in optional if not blank.at[at, name]]
        above = records[(records < row) & (records // SHEET_ROWS == row // SHEET_ROWS)]
        nearest = int(above.max()) if len(above) else 0
        columns = ", ".join(header.written.get(name, name) for name in filled)
        reason = (_("no required value, only {columns} filled: it looks like the continuation "
                    "of the record on row {row}, not merged into it since which record it "
                    "continues cannot be proven", columns=columns, row=nearest % SHEET_ROWS)
                  if nearest else
                  _("no required value, only {columns} filled: it looks like the continuation "
                    "of a record above, not merged since which record it continues cannot be "
                    "proven", columns=columns))
        issues.append(Issue(row, filled[0], str(frame.at[at, filled[0]]).strip(), reason))
    return issues


def _other_years_figures(typed: pd.DataFrame, written: pd.DataFrame, spec: SourceSpec,
                         header: Header) -> list[Issue]:
    """A figure whose header states its year (`Target 2023`) in a row of another Tahun is
    that year's figure, not the row's: not read (the cell flagged; the row quarantined when
    the column is required), the reason naming both years. Each column is judged by its own
    header (`Target 2024 | Realisasi 2023`), each sheet of a workbook by its own headers;
    `written` holds the cells as read (same index as `typed`)."""
    if YEAR_COLUMN not in typed:
        return []
    sheets = typed["_row"] // SHEET_ROWS
    issues = []
    for index in range(max(1, len(header.sheets))):
        own = header.of_sheet(index)
        rows = typed[sheets == index] if header.sheets else typed
        column = own.written.get(YEAR_COLUMN, YEAR_COLUMN.capitalize())
        for name, stated in own.column_years.items():
            other = rows[rows[YEAR_COLUMN].notna() & (rows[YEAR_COLUMN] != stated)]
            required = spec.column(name).required
            for at, row, value, year in zip(other.index, other["_row"], other[name],
                                            other[YEAR_COLUMN], strict=True):
                if not pd.isna(value):
                    issues.append(Issue(int(row), name, str(written.at[at, name]), _(
                        "the header {header} gives the figure of {stated}, but the row's "
                        "{column} is {year}: not read", header=own.written[name],
                        stated=stated, column=column, year=int(year)),
                        row_kept=not required))
    return issues


def _empty_flagged_cells(typed: pd.DataFrame, spec: SourceSpec, issues: list[Issue]) -> None:
    """A field defect of an optional column keeps its row: the cell is stored empty (a free
    text stored as `otherwise`, or an age read as whole years, keeps its value)."""
    outputs = {column.name: column.output for column in spec.columns}
    rows_of: dict[str, set[int]] = {}
    for issue in issues:
        if issue.row_kept and not issue.value_kept and issue.column in outputs:
            rows_of.setdefault(outputs[issue.column], set()).add(issue.row)
    for output, rows in rows_of.items():
        typed.loc[typed["_row"].isin(rows), output] = pd.NA


def _append_periods(con: duckdb.DuckDBPyConnection, typed: pd.DataFrame,
                    written: pd.DataFrame, spec: SourceSpec, issues: list[Issue]) -> None:
    """Each row's period into `incoming_periods`, whether it loads or not: its month (YYYYMM)
    when its period is a date read without an issue (or its year and month columns are),
    and its year: the date's or the year column's, or, for a date that failed (read two
    ways, impossible), the year its text gives however it is read
    (`parse.year_of_date_text`: `03/04/2024` is of 2024 either way). A quarantined row keeps
    its month (`row_month_key`), so that the month its case may belong to is known and its
    count is not published as a sure figure; the years tell the year of a file whose every
    row is quarantined (`_settle_period`). A row whose date is what failed has no month.
    Its kabupaten/kota too (`row_region_code`, the Kemendagri code) when its region cell was
    read without an issue: a case quarantined for another cell still proves that the district
    reported that month. A region cell refused for naming two (`Kupang`) keeps the codes it
    may be, joined by `|` (`53.01|53.71`): the row may belong to those districts only. Any
    other row whose region failed has none."""
    if not spec.period:
        return
    column = spec.column(spec.period)
    if column.output not in typed:
        return
    rows = typed["_row"].astype("int64")
    failed = {issue.row for issue in issues if issue.column == column.name}
    if column.type == "date":
        dates = pd.to_datetime(typed[column.output], errors="coerce")
        known = dates.notna() & ~rows.isin(failed)
        year = dates.dt.year.where(known)
        month = dates.dt.month.where(known)
        if column.name in written and not known.all():
            texts = written.set_index("_row")[column.name]
            year = year.fillna(rows[~known].map(lambda row: parse.year_of_date_text(
                texts.get(row))).astype("float64"))
    else:
        year = pd.to_numeric(typed[column.output], errors="coerce").where(~rows.isin(failed))
        month = None
        months = spec.column(spec.months) if spec.months else None
        if months is not None and months.name != column.name and months.output in typed:
            bad = {issue.row for issue in issues if issue.column == months.name}
            month = pd.to_numeric(typed[months.output], errors="coerce").where(~rows.isin(bad))
    month_key = year * 100 + month if month is not None else year * float("nan")
    region = next((c for c in spec.columns if c.type == "region" and c.output in typed), None)
    if region is None:
        codes = pd.Series(None, index=typed.index, dtype=object)
    else:
        bad = {issue.row for issue in issues if issue.column == region.name}
        codes = typed[region.output].astype(object).where(~rows.isin(bad) & typed[
            region.output].notna(), None)
        if bad and region.name in written:
            texts = written.set_index("_row")[region.name]
            codes = codes.where(codes.notna(), rows.map(
                lambda row: _candidate_codes(texts.get(row)) if row in bad else None))
    periods = pd.DataFrame({"source_row": rows, "month_key": month_key, "period_year": year,
                            "region_code": codes})
    periods = periods[periods["period_year"].notna()]
    # One insert of the chunk's frame: a row at a time took seconds for a year of SIMFONI-PPA.
    con.register("chunk_periods", periods)
    con.execute("insert into incoming_periods select source_row, month_key, period_year, "
                "region_code from chunk_periods")
    con.unregister("chunk_periods")


def _candidate_codes(text: object) -> str | None:
    """The Kemendagri codes, sorted and joined by `|`, of the kabupaten/kota a region cell
    that names two may mean (`Kupang` -> `53.01|53.71`); None for any other cell."""
    if parse.is_blank(text):
        return None
    try:
        regions().resolve(text)
    except RegionAmbiguous as error:
        return "|".join(sorted(row.kode_kemendagri for row in error.candidates))
    except RegionError:
        return None
    return None


def _append_figures(con: duckdb.DuckDBPyConnection, typed: pd.DataFrame,
                    figures: list[str]) -> None:
    con.register("chunk_figures", typed[["_row", *figures]])
    columns = "".join(f", {name}" for name in figures)
    con.execute(f"insert into incoming_figures by name select _row as source_row{columns} "
                "from chunk_figures")
    con.unregister("chunk_figures")


def _append_written(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame,
                    spec: SourceSpec) -> None:
    names = [name for name in _written_columns(spec) if name in frame]
    if not names:
        return
    cells = frame[["_row", *names]].copy()
    for name in names:
        cells[name] = cells[name].map(lambda value: None if parse.is_blank(value)
                                      else str(value).strip()).astype(object)
    con.register("chunk_written", cells)
    con.execute("insert into incoming_written by name select _row as source_row"
                + "".join(f", {name}" for name in names) + " from chunk_written")
    con.unregister("chunk_written")


@dataclass
class _Totals:
    dropped: int = 0
    findings: list[dict] = field(default_factory=list)


def _settle_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec, reading: _Reading) -> int:
    """The source's settle hook (`ingest.hooks`) on the whole file: the subtotal rows it finds
    leave `incoming` and `incoming_figures` (dropped, so no total counts them twice) and the
    cells flagged on them leave the issues (only a loaded row's cells count as flagged); the
    rows it quarantines move to the issues; its findings join the derive hooks' (kept for
    the rows that load). Returns how many subtotal rows were dropped."""
    hook = settle_hook(spec.name)
    if hook is None:
        return 0
    settled = hook(con, reading.header, reading.scales)
    reading.notes += [note for note in settled.notes if note not in reading.notes]
    reading.row_findings += settled.findings
    rows = [*settled.subtotals, *(issue.row for issue in settled.issues)]
    if not rows:
        return 0
    _write_issues(con, spec, reading.header, settled.issues)
    con.execute("create or replace temp table settled_rows (source_row integer, "
                "subtotal boolean)")
    con.executemany("insert into settled_rows values (?, ?)",
                    [(row, row in settled.subtotals) for row in rows])
    con.execute("delete from incoming where source_row in (select source_row from settled_rows)")
    # A dropped subtotal is not loaded: the cells flagged on it (row kept) flag nothing.
    for table in ("incoming_figures", "incoming_issues"):
        con.execute(f"delete from {table} where source_row in "
                    "(select source_row from settled_rows where subtotal)")
    return len(settled.subtotals)


def _settle_total_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec,
                       reading: _Reading) -> _Totals:
    """Every total row is dropped and reconciled: a plain JUMLAH/TOTAL against the rows
    above it since the previous total row (all rows when it follows another total: a grand
    total), a subtotal whose label names a value (`JUMLAH BELANJA`, `JUMLAH PROGRAM …`)
    against the rows of that value, `SURPLUS / (DEFISIT)` as one value's rows minus
    another's."""
    total_frame = reading.total_frame
    settled = _Totals(dropped=len(total_frame))
    previous = 0
    unsaved = set(reading.unsaved_totals)
    for _position, row in total_frame.sort_values("_row").iterrows():
        number = int(row["_row"])
        label = reading.labels.get(number, "")
        if AVERAGE_LABEL.match(label):
            reading.averages += number not in unsaved  # a row of averages adds nothing up
            continue
        if not spec.total_row:
            reading.unreconcilable += number not in unsaved
            continue
        start = _sheet_span(number)[0]
        section = (max(previous, start), number)
        if not con.execute("select count(*) from incoming_figures where source_row > ? "
                           "and source_row < ?", list(section)).fetchone()[0]:
            section = (start, number)
        settled.findings += _reconcile(con, spec, reading, row, label, section)
        previous = number
    return settled


def _reconcile(con: duckdb.DuckDBPyConnection, spec: SourceSpec, reading: _Reading,
               row: pd.Series, label: str, section: tuple[int, int]) -> list[dict]:
    """Findings of one total row: its count or sums against the rows it adds up. A total
    below the last data row may be the section's or the whole file's (a grand total after
    subtotals): either agreeing is no finding. A total is reconciled only when the rows
    *loaded* add up to it: one that only the file's rows read agree with (some of them
    quarantined) is a finding that says how much did not load."""
    total_row = spec.total_row
    number = int(row["_row"])
    cells = {name: row[name] for name in row.index if name != "_row"}
    where, scope_label, whole_file = _scope(con, spec, label)
    # A workbook of several sheets: each sheet's totals add up that sheet's rows.
    first, end = _sheet_span(number)
    sheet = f"source_row > {first} and source_row < {end}"
    subtotal = number < reading.last_rows.get(number // SHEET_ROWS, 0)
    spans = [sheet] if whole_file else [f"source_row > {section[0]} and source_row < "
                                        f"{section[1]}"]
    if not subtotal and not whole_file and section[0] > first:
        spans.append(sheet)
    difference = total_row.get("difference")
    differs = bool(difference) and _label_is(label, difference["label"])
    month = _month_above(con, spec, number, sheet) if whole_file or differs else None
    if month is not None:
        spans = [f"{sheet} and {years.month_sql(spec)} = {month}", sheet]
    findings = []
    if total_row.get("count"):
        stated = _first_number(cells.values())
        read, loaded = ([con.execute(f"select count(*) from {table} where {span}"
                                     ).fetchone()[0] for span in spans]
                        for table in ("incoming_figures", "incoming"))
        if stated is not None and stated not in loaded:
            shown = f"{stated:g}"
            if stated in read:
                message = _("the {label} row says {stated} rows and the file holds them, but "
                            "{quarantined} of them are quarantined: {loaded} rows loaded",
                            label=label.upper() or "JUMLAH/TOTAL", stated=shown,
                            quarantined=read[read.index(stated)] - loaded[read.index(stated)],
                            loaded=loaded[read.index(stated)])
            elif subtotal:
                message = _("the subtotal on row {row} says {stated} but the {rows} rows above "
                            "it (since the previous total) are fewer or more",
                            row=reading.header.place(number)[1],
                            stated=shown, rows=read[0])
            elif len(spans) > 1:
                message = _("the {label} row says {stated} but the {rows} rows above it since "
                            "the previous total are fewer or more (the sheet holds {all} rows)",
                            label=label.upper() or "JUMLAH/TOTAL", stated=shown, rows=read[0],
                            all=read[-1])
            else:
                message = _("the JUMLAH/TOTAL row says {stated} but the file holds {rows} rows",
                            stated=shown, rows=read[-1])
            findings.append(_finding(number, "total_row_count", None, stated,
                                     loaded[_meant(label, spans)], message))
    for column in total_row.get("sum", []):
        stated = _stated(cells.get(column), reading.readings.get(column))
        if stated is None:
            continue
        if column in reading.scales and number not in reading.header.scaled_rows.get(column, ()):
            stated = scaled(stated, reading.scales[column].factor)
        output = spec.column(column).output
        if differs:
            read, loaded = ([_difference(con, spec, difference, output, table, span)
                             for span in (spans if month is not None else ["true"])]
                            for table in ("incoming_figures", "incoming"))
            scope_label = _(" of {minuend} minus {subtrahend}", minuend=difference["minuend"],
                            subtrahend=difference["subtrahend"])
        else:
            read, loaded = ([con.execute(f"select coalesce(sum({output}), 0) from {table} "
                                         f"where {span} and {where}").fetchone()[0]
                             for span in spans]
                            for table in ("incoming_figures", "incoming"))
        read, loaded = ([round(float(value), 2) for value in sums] for sums in (read, loaded))
        if any(abs(stated - value) <= 0.5 for value in loaded):
            continue
        label_shown = label.upper() or "JUMLAH/TOTAL"
        agreeing = [at for at, value in enumerate(read) if abs(stated - value) <= 0.5]
        if agreeing:
            message = _("the {label} row gives {column} = {stated} and the rows{scope} read "
                        "add up to it, but the quarantined rows among them hold {missing}: "
                        "the rows loaded sum to {actual}", label=label_shown, column=column,
                        stated=_amount(stated), scope=scope_label,
                        missing=_amount(read[agreeing[0]] - loaded[agreeing[0]]),
                        actual=_amount(loaded[agreeing[0]]))
            actual = loaded[agreeing[0]]
        else:
            meant = 0 if month is not None else _meant(label, spans)
            actual = loaded[meant]
            if month is not None:
                # A report of several months: its labelled subtotals add up their month.
                message = _("the {label} row gives {column} = {stated} but the rows{scope} of "
                            "month {month} sum to {section} (all the sheet's months: {whole})",
                            label=label_shown, column=column, stated=_amount(stated),
                            scope=scope_label, month=month, section=_amount(read[0]),
                            whole=_amount(read[-1]))
            elif len(spans) > 1:
                # Below the last data row after another total: the section's subtotal or the
                # sheet's grand total; neither agrees, so both sums are given.
                message = _("the {label} row gives {column} = {stated} but the rows{scope} "
                            "since the previous total sum to {section} (all the sheet's rows: "
                            "{whole})", label=label_shown, column=column,
                            stated=_amount(stated), scope=scope_label,
                            section=_amount(read[0]), whole=_amount(read[-1]))
            else:
                message = _("the {label} row gives {column} = {stated} but the rows{scope} "
                            "sum to {actual}", label=label_shown, column=column,
                            stated=_amount(stated), scope=scope_label,
                            actual=_amount(read[-1]))
            if abs(read[meant] - loaded[meant]) > 0.5:
                message += _(" (the rows loaded, without the quarantined ones: {loaded})",
                             loaded=_amount(loaded[meant]))
        findings.append(_finding(number, "total_row_sum", column, stated, actual, message))
    return findings


def _meant(label: str, spans: list[str]) -> int:
    """Which of a total row's spans (the rows since the previous total, then the whole sheet)
    its label means when neither sum agrees: a SUB TOTAL its section, any other the sheet."""
    return 0 if SUBTOTAL_LABEL.match(label) else len(spans) - 1


def _label_is(label: str, words: str) -> bool:
    found = set(normalise_header(word) for word in label.replace("/", " ").split())
    return set(words.split()) <= found or normalise_header(label).startswith(
        normalise_header(words))


def _scope(con: duckdb.DuckDBPyConnection, spec: SourceSpec, label: str
           ) -> tuple[str, str, bool]:
    """(SQL condition on incoming_figures, how the message says it, whole file?) for a
    total row's label: a label naming a value of a `by` column scopes to that value over the
    whole file; otherwise `where` (a plain JUMLAH counts what the file's own total counts)."""
    total_row = spec.total_row
    remainder = parse_label(label)
    if remainder:
        for name in total_row.get("by", []):
            column = spec.column(name)
            value = _named_value(column, remainder)
            condition = f"lower({column.output}) = lower({_sql(value)})"
            if value is not None and con.execute(
                    f"select count(*) from incoming_figures where {condition}").fetchone()[0]:
                return condition, _(" of {column} = {value}", column=name, value=value), True
    where = total_row.get("where", {})
    if not where:
        return "true", "", False
    condition = " and ".join(f"{spec.column(name).output} = {_sql(value)}"
                             for name, value in where.items())
    return condition, "".join(_(" of {column} = {value}", column=name, value=value)
                              for name, value in where.items()), False


def parse_label(label: str) -> str:
    """A total row's label without its JUMLAH/TOTAL word: `JUMLAH BELANJA` → `BELANJA`."""
    return TOTAL_LABEL.sub("", label, count=1).strip(" :.-")


def _named_value(column: ColumnSpec, remainder: str) -> str | None:
    if column.type == "vocab":
        value = canonicalise(column.domain, remainder)
        return value if value in allowed_values(column) else None
    return remainder if column.type == "text" else None


def _difference(con: duckdb.DuckDBPyConnection, spec: SourceSpec, difference: dict,
                output: str, table: str, span: str = "true") -> float:
    column = spec.column(difference["column"]).output
    return con.execute(
        f"select coalesce(sum({output}) filter (where {column} = ?), 0) - "
        f"coalesce(sum({output}) filter (where {column} = ?), 0) from {table} where {span}",
        [difference["minuend"], difference["subtrahend"]]).fetchone()[0]


def _month_above(con: duckdb.DuckDBPyConnection, spec: SourceSpec, number: int,
                 sheet: str) -> int | None:
    """The month of the data row nearest above total row `number` when its sheet holds
    several months (a report of January and February, each with its own subtotals); None
    for a sheet of one month, or a source without months."""
    if not spec.months:
        return None
    month = years.month_sql(spec)
    if con.execute(f"select count(distinct {month}) from incoming_figures where {sheet}"
                   ).fetchone()[0] < 2:
        return None
    found = con.execute(f"select {month} from incoming_figures where {sheet} and source_row < ? "
                        f"and {month} is not null order by source_row desc limit 1",
                        [number]).fetchone()
    return None if found is None else int(found[0])


def _sql(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _stated(value: object, reading: Reading | None) -> float | None:
    try:
        return parse.parse_number(value, reading.choice if reading else parse.DECIMAL_COMMA)
    except ValueError:
        return None


def _tally(
    con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, reading: _Reading,
    dropped: int, period_year: int | None, ingest_id: int,
) -> FileResult:
    """Count what the file gave; raise `RuntimeError` if read != loaded + quarantined +
    dropped (a reader bug: nothing is written). A row with a row issue is quarantined whole,
    its flagged cells with it; flagged cells of loaded rows are counted apart."""
    con.execute("update incoming_issues set row_kept = false where source_row in "
                "(select source_row from incoming_issues where not row_kept)")
    quarantined, flagged, rows_flagged = con.execute(
        "select count(distinct source_row) filter (where not row_kept), "
        "count(*) filter (where row_kept), count(distinct source_row) filter (where row_kept) "
        "from incoming_issues").fetchone()
    loaded = con.execute("select count(*) from incoming").fetchone()[0]
    rows_read = reading.data_rows + len(reading.total_frame)
    result = FileResult(
        source=spec.name, file_name=path.name, status="loaded", message="",
        rows_read=rows_read, rows_loaded=loaded, rows_quarantined=quarantined,
        rows_dropped=dropped, cells_flagged=flagged, rows_flagged=rows_flagged,
        period_year=period_year,
        ingest_id=ingest_id,
        sheet=", ".join(sheet.stored for sheet in reading.header.sheets)
        if reading.header.sheets else None,
    )
    if len(reading.header.sheets) > 1:
        loaded_in = dict(con.execute(f"select source_row // {SHEET_ROWS}, count(*) from "
                                     "incoming group by 1").fetchall())
        totals_in = (reading.total_frame["_row"].astype("int64") // SHEET_ROWS).value_counts()
        result.sheet_rows = {
            sheet.number: (reading.sheet_data_rows.get(index, 0) + int(totals_in.get(index, 0)),
                   loaded_in.get(index, 0))
            for index, sheet in enumerate(reading.header.sheets)}
    result.top_reasons = con.execute(
        "select column_name || ': ' || reason as r, count(*) from incoming_issues "
        "group by r order by 2 desc, 1 limit 5").fetchall()
    if spec.months:
        month = (f"month({spec.months})" if spec.column(spec.months).type == "date"
                 else spec.months)
        result.months = dict(con.execute(
            f"select {month}, count(*) from incoming where {month} is not null "
            "group by 1 order by 1").fetchall())
    for row, column, value, reason, kept in con.execute(
            "select source_row, column_name, value, reason, row_kept from incoming_issues "
            "qualify row_number() over (partition by row_kept order by source_row, "
            "column_name) <= 50 order by source_row, column_name").fetchall():
        (result.sample_flagged if kept else result.sample_issues).append(
            (_shown_row(reading.header, row), column, value, reason))
    if not result.balanced:
        raise RuntimeError(
            f"{result.label}: rows do not balance (read {rows_read}, loaded {loaded}, "
            f"quarantined {quarantined}, dropped {dropped}); nothing was loaded"
        )
    return result


def _shown_row(header: Header, row: int | None) -> int | str | None:
    """A row as the spreadsheet shows it, with its sheet when the file has several."""
    return None if row is None else header.shown(row)


def _in_sheet(header: Header, row: int | None, message: str) -> str:
    """A finding's message naming its sheet when the file has several."""
    if row is None or len(header.sheets) < 2:
        return message
    return _("{sheet}: {message}", sheet=header.place(row)[0].named, message=message)


def _hold(con: duckdb.DuckDBPyConnection, path: Path, sha: str, result: FileResult,
          shrink: years.Shrink) -> FileResult:
    """The file would shrink its year: a ledger row `held` and a finding, no rows."""
    result.status = "held"
    reason = shrink.reason(result.label)
    result.message = reason
    result.findings.append(reason)
    _write_ledger(con, path, sha, result)
    con.execute(
        "insert into raw.ingest_findings values (?, ?, ?, null, 'year_shrinks', null, ?, ?, ?, "
        "?, ?)",
        [result.ingest_id, result.source, result.label, shrink.current_rows, shrink.new_rows,
         shrink.current_rows - shrink.new_rows, reason, _now()])
    return result


def _write_rows(con: duckdb.DuckDBPyConnection, spec: SourceSpec, result: FileResult,
                findings: list[dict], header: Header) -> None:
    """Move the file's valid rows into `raw.<source>`, its broken cells into the quarantine
    and its findings into `raw.ingest_findings` (files named by their label)."""
    con.execute(f"insert into raw.{spec.name} by name select * replace "
                f"({int(result.ingest_id)} as ingest_id) from incoming")
    pause_point("ingest.mid_file")
    # The quarantine names each row by its sheet (its label, `ingest.sheet_names`) and its
    # row as the spreadsheet shows it; `sheet_number` finds the sheet again, whatever its name.
    sheets = header.sheets or ([header.sheet] if header.sheet else [])
    sheet_of_row = f"cast(source_row // {SHEET_ROWS} as integer) + 1"
    con.execute(
        f"insert into raw.{spec.name}_quarantine (ingest_id, file_name, sheet, sheet_number, "
        "source_row, column_name, value, reason, row_kept, quarantined_at, row_month_key, "
        "row_region_code) "
        f"select ?, ?, list_extract(?::varchar[], {sheet_of_row}), "
        f"list_extract(?::integer[], {sheet_of_row}), "
        f"source_row % {SHEET_ROWS}, column_name, value, reason, row_kept, ?, "
        "(select max(periods.month_key) from incoming_periods as periods "
        "where periods.source_row = incoming_issues.source_row), "
        "(select max(periods.region_code) from incoming_periods as periods "
        "where periods.source_row = incoming_issues.source_row) "
        "from incoming_issues order by source_row, column_name",
        [result.ingest_id, result.label, [sheet.stored for sheet in sheets],
         [sheet.number for sheet in sheets], _now()],
    )
    now = _now()
    for finding in findings:
        message = _in_sheet(header, finding["row"], finding["message"])
        shown = None if finding["row"] is None else header.place(finding["row"])[1]
        con.execute(
            "insert into raw.ingest_findings values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [result.ingest_id, spec.name, result.label, shown, finding["check"],
             finding["column"], finding["expected"], finding["actual"],
             finding["difference"], message, now],
        )
        result.findings.append(message)


def _loaded_message(result: FileResult, reading: _Reading, superseded: list[str],
                    arrival: years.Arrival, month: int | None = None, earlier: int = 0) -> str:
    """The ledger's sentence on a loaded file; `month`: the one month it replaced, when it is
    one month's file (`_one_month`); `earlier`: its cases of months before it, which update
    those cases (the newest file's row is the case) and remove none."""
    header = reading.header
    parts = []
    if len(header.sheets) > 1:
        sheets = []
        for sheet in header.sheets:
            read, loaded = result.sheet_rows[sheet.number]
            sheets.append(_("{sheet} ({read} rows read, {loaded} loaded)", sheet=sheet.listed,
                            read=number(read), loaded=number(loaded)))
        parts.append(_("{count} sheets read: {sheets}", count=number(len(header.sheets)),
                       sheets=", ".join(sheets)))
    elif header.sheet:
        parts.append(header.sheet.named)
    parts.append(ngettext("{count} row loaded", "{count} rows loaded", result.rows_loaded,
                          count=number(result.rows_loaded)))
    if result.rows_quarantined:
        parts.append(_("{count} quarantined", count=number(result.rows_quarantined)))
    if result.cells_flagged:
        parts.append(_("{count} cell(s) of optional columns flagged, rows kept",
                       count=number(result.cells_flagged)))
    totals = (len(reading.total_frame) - len(reading.unsaved_totals) - reading.averages
              - reading.unreconcilable)
    if reading.averages:
        parts.append(_("{count} row(s) of averages (RATA-RATA) dropped, not reconciled: an "
                       "average adds nothing up", count=number(reading.averages)))
    if reading.unreconcilable:
        parts.append(_("{count} total row(s) dropped, not reconciled: the totals of this "
                       "source are not checked", count=number(reading.unreconcilable)))
    if reading.unsaved_totals:
        parts.append(_("{count} total row(s) dropped without being reconciled: their figures "
                       "are formulas without a saved value (row(s) {rows})",
                       count=number(len(reading.unsaved_totals)),
                       rows=header.shown_rows(reading.unsaved_totals)))
    if totals and result.totals_unreconciled:
        parts.append(_("{count} total row(s) dropped; the loaded rows do not add up to "
                       "{unreconciled} of them (see the findings)", count=number(totals),
                       unreconciled=result.totals_unreconciled))
    elif totals:
        parts.append(_("{count} total row(s) dropped and reconciled", count=number(totals)))
    if reading.lines_under_table:
        parts.append(_("{count} line(s) under the table (source, notes, signatures) not read",
                       count=number(reading.lines_under_table)))
    if header.merged_figures:
        name, first, last = header.merged_figures[0]
        parts.append(_("{count} figure(s) merged over several rows read in their first row "
                       "only, the other rows left empty (first: {column}, rows {rows})",
                       count=number(len(header.merged_figures)), column=header.written[name],
                       rows=f"{header.shown(first)}–{header.shown(last)}"))
    if reading.headings:
        parts.append(_("{count} heading row(s) inside the table (one word or title alone, "
                       "such as 'II. BIDANG') not read", count=number(reading.headings)))
    if reading.hidden_rows:
        shown = reading.hidden_rows[:5]
        parts.append(_("{count} data row(s) hidden in the spreadsheet (a filter or Hide) read "
                       "like the others: {rows}{more}", count=number(len(reading.hidden_rows)),
                       rows=header.shown_rows(shown),
                       more=" …" if len(reading.hidden_rows) > len(shown) else ""))
    if reading.layout_rows:
        parts.append(_("{count} row(s) repeating the header, its column numbers or a title "
                       "inside the table not read", count=number(reading.layout_rows)))
    for name, rows in reading.dash_zero.items():
        parts.append(_("{column}: {count} cell(s) written as a dash ('-', 'Rp -': zero in "
                       "Excel's accounting format) read as 0 (first: row {row})",
                       column=header.written.get(name, name), count=number(len(rows)),
                       row=header.shown(min(rows))))
    if reading.example_rows:
        shown = reading.example_rows[:5]
        parts.append(_("{count} example row(s) of placeholders (xxx, dd/mm/yyyy, …), showing "
                       "how to fill the table, not read: {rows}{more}",
                       count=number(len(reading.example_rows)), rows=header.shown_rows(shown),
                       more=" …" if len(reading.example_rows) > len(shown) else ""))
    if arrival.accepted is not None:
        parts.append(_("accepted by an officer (held as #{held})", held=arrival.accepted))
    if arrival.restores is not None:
        parts.append(_("restores the content of #{restored}, loaded before",
                       restored=arrival.restores))
    if arrival.renamed is not None:
        parts.append(_("the same content as #{held}, held under its former name, which is set "
                       "aside", held=arrival.renamed))
    if arrival.copy_of is not None:
        label, was = arrival.copy_of
        parts.append(_("the same content as {label} (month {was}, as its file name says), "
                       "loaded as month {month}, as this file's name says: two months with the "
                       "same figures; check that this file is the month its name says",
                       label=label, was=was, month=month))
    if superseded and month is not None:
        parts.append(_("replaces the rows of month {month} of {year} from {labels}",
                       month=month, year=result.period_year, labels=", ".join(superseded)))
    elif superseded:
        parts.append(_("replaces {labels} for {year}", labels=", ".join(superseded),
                       year=result.period_year))
    if earlier:
        parts.append(ngettext(
            "{count} case of a month before month {month} re-sent: it updates that case, and "
            "no other case of those months is removed",
            "{count} cases of months before month {month} re-sent: they update those cases, "
            "and no other case of those months is removed", earlier, count=number(earlier),
            month=month))
    parts += header.skipped
    if header.ignored:
        parts.append(_("ignored column(s): {columns}", columns=quoted_headers(header.ignored)))
    if header.private_dropped:
        parts.append(_("{count} private column(s) dropped unread",
                       count=number(len(header.private_dropped))))
    parts += reading.notes
    if len(header.sheets) > 1:
        parts.append(_("quarantine and findings give each sheet's own row numbers; in "
                       "raw.{source}.source_row a row of sheet n (the first being 0) is "
                       "n × {sheet_rows} + its row", source=result.source,
                       sheet_rows=SHEET_ROWS))
    return "; ".join(parts)


def _append(con: duckdb.DuckDBPyConnection, valid: pd.DataFrame, outputs: list[str]) -> None:
    if valid.empty:
        return
    con.register("chunk_rows", valid)
    select = ", ".join(outputs)
    con.execute(
        f"insert into incoming by name select {select}, 0 as ingest_id, "
        "_row as source_row from chunk_rows"
    )
    con.unregister("chunk_rows")


def _append_issues(context: _Context, issues: Iterable[Issue]) -> None:
    _write_issues(context.con, context.spec, context.header, issues)


def _write_issues(con: duckdb.DuckDBPyConnection, spec: SourceSpec, header: Header,
                  issues: Iterable[Issue]) -> None:
    """Issues into `incoming_issues`: the column as the file writes it, the value masked
    when it looks personal (the reason then says why), never a free text."""
    rows = []
    for issue in issues:
        column = (spec.column(issue.column) if issue.column and any(
            c.name == issue.column for c in spec.columns) else None)
        value, masked = shown_value(
            issue.value, free_text=bool(column and column.otherwise),
            name_column=bool(column and column.type == "text" and column.names))
        reason = issue.reason if masked is None else f"{issue.reason} ({masked})"
        written = header.written.get(issue.column, column.shown if column else issue.column)
        rows.append((issue.row, written, value, reason, issue.row_kept))
    if rows:
        con.executemany("insert into incoming_issues values (?, ?, ?, ?, ?)", rows)


def _move_to_quarantine(con: duckdb.DuckDBPyConnection, where: str, column: str,
                        value: str, reason: str) -> None:
    """Move incoming rows matching `where` to the issues, keeping the row counts whole."""
    con.execute(
        f"insert into incoming_issues select source_row, ?, {value}, ?, false "
        f"from incoming where {where}", [column, reason]
    )
    con.execute(f"delete from incoming where {where}")


def _settle_period(con: duckdb.DuckDBPyConnection, spec: SourceSpec, reading: _Reading,
                   path: Path) -> int | None:
    """A file covers one year of its period column; rows of another year are quarantined.
    A file whose every row is quarantined has the year its evidence gives
    (`_year_of_quarantined`)."""
    if not spec.period:
        return None
    header = reading.header
    is_date = spec.column(spec.period).type == "date"
    period = f"year({spec.period})" if is_date else spec.period
    year = con.execute(
        f"select {period} from incoming group by 1 order by count(*) desc, 1 desc limit 1"
    ).fetchone()
    if year is None:
        return _year_of_quarantined(con, spec, reading, path)
    year = int(year[0])
    written = header.written.get(spec.period, spec.column(spec.period).shown)
    shown = f"strftime({spec.period}, '%d/%m/%Y')" if is_date else f"cast({spec.period} as varchar)"
    counts = dict(con.execute(f"select {period}, count(*) from incoming "
                              f"where {period} is not null group by 1").fetchall())
    if len(counts) > 1:
        kept, total = counts[year], sum(counts.values())
        if sum(count == kept for count in counts.values()) > 1:
            how = _("as many rows hold another year, so the later year is kept: {count} of "
                    "{total} rows", count=number(kept), total=number(total))
        else:
            how = _("the year of most of its rows: {count} of {total}", count=number(kept),
                    total=number(total))
        _move_to_quarantine(
            con, f"{period} <> {year}", written, shown,
            _("outside the year this file covers, {year} ({how}); a file holds the rows of "
              "one year: send another year's rows in a file of their own", year=year, how=how),
        )
    con.execute(f"update incoming set period_year = {year}")
    return year


def _year_of_quarantined(con: duckdb.DuckDBPyConnection, spec: SourceSpec,
                         reading: _Reading, path: Path) -> int | None:
    """The year of a file of which no row loads: a ledger row without a year hides that the
    year's data is held back (the release says nothing of it, a reader concludes there is
    none). It is the one year every piece of evidence gives: the rows' own
    (`incoming_periods`: a date read two ways still gives its year) and what the file states
    of itself (`years_said`: title rows, sheet names, file name). No evidence, or two years,
    leave it unknown (None) rather than guessed; the ledger's note says which, and where
    the year was read. None for a file of no rows."""
    if not reading.data_rows:
        return None
    header = reading.header
    column = header.written.get(spec.period, spec.column(spec.period).shown)
    rows = [int(year) for (year,) in con.execute(
        "select distinct period_year from incoming_periods where period_year is not null "
        "order by 1").fetchall()]
    stated: dict[str, int] = {}
    for index in range(max(len(header.sheets), 1)):
        titles, named = _said_of_itself(header, index)
        for said in years_said(titles, path.name, named):
            place = _("{where} ('{fragment}')", where=said.where, fragment=said.fragment.strip())
            stated.setdefault(place, said.year)
    evidence = ([_("the {column} of its rows ({years})", column=column,
                   years=", ".join(map(str, rows)))] if rows else []) + list(stated)
    years = set(rows) | set(stated.values())
    if len(years) == 1:
        year = years.pop()
        reading.notes.append(_("no row loaded: its year, {year}, is read from {evidence}",
                               year=year, evidence=", ".join(evidence)))
        return year
    if years:
        reading.notes.append(_(
            "no row loaded, and its year cannot be told: {evidence} give different years; "
            "the ledger names no year until the file is corrected", evidence="; ".join(evidence)))
    else:
        reading.notes.append(_(
            "no row loaded, and its year cannot be told: no row's {column} gives a year, and "
            "neither its title rows nor its file name state one; the ledger names no year "
            "until the file is corrected", column=column))
    return None


def _settle_duplicates(con: duckdb.DuckDBPyConnection, spec: SourceSpec,
                       header: Header) -> None:
    """Ids repeated across chunks of one file, or already loaded for another year."""
    key = spec.key_output
    if not key:
        return
    written = header.written.get(spec.key, spec.column(spec.key).shown)
    repeated = (
        f"source_row in (select source_row from (select source_row, row_number() over "
        f"(partition by {key} order by source_row) as n from incoming) where n > 1)"
    )
    _move_to_quarantine(con, repeated, written, "''",
                        _("duplicate id: the same id appears earlier in the file"))
    elsewhere = (
        f"{key} in (select {key} from raw.{spec.name} "
        "where period_year is distinct from (select max(period_year) from incoming))"
    )
    _move_to_quarantine(con, elsewhere, written, "''",
                        _("duplicate id: already loaded from a file of another year"))


def _amount(value: float) -> str:
    """An amount as Indonesian files write it: 5.627.308.146 (whole) or 55,3."""
    if value == int(value):
        return f"{value:,.0f}".replace(",", ".")
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _loaded_row_findings(con: duckdb.DuckDBPyConnection, issues: list[Issue],
                         header: Header) -> list[dict]:
    """Findings a derive hook raised about rows, kept for the rows that load (a quarantined
    row is fixed first; its finding returns if the fixed row still carries it)."""
    if not issues:
        return []
    loaded = {row for (row,) in con.execute("select source_row from incoming").fetchall()}
    return [
        {"row": issue.row, "check": issue.check, "column": issue.column or None,
         "expected": None, "actual": None, "difference": None,
         "message": _("row {row}: {reason}", row=header.place(issue.row)[1],
                      reason=issue.reason)}
        for issue in sorted(issues, key=lambda issue: (issue.row, issue.check))
        if issue.row in loaded
    ]


def _finding(row, check, column, stated, actual, message) -> dict:
    return {"row": row, "check": check, "column": column, "expected": stated,
            "actual": actual, "difference": stated - actual, "message": message}


def _first_number(values: Iterable[object]) -> float | None:
    for value in values:
        try:
            number = parse.parse_number(value)
        except ValueError:
            continue
        if number is not None:
            return number
    return None


def is_landing_file(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES




def accept_held(con: duckdb.DuckDBPyConnection, target: str | Path) -> FileResult:
    """An officer accepts a held file (`satudata accept`, the Dagster job accept_held_file):
    `target` is the file itself, its name, or its label / ledger id (`uptd 2023 #12`, `#12`).
    The held row becomes `accepted` and the file is loaded now, past the rule that held it
    (from `target` when it is a file, else from where the ledger saw it, when that file still
    holds the held content; otherwise when the held content lands again). Raises
    `years.NothingHeld` (its message says what the ledger knows) when nothing is held."""
    given = Path(target)
    path = given if given.is_file() else None
    held = years.held_file(con, str(target), sha256_of(path) if path else None)
    years.mark_accepted(con, held)
    path = path or Path(held.file_path)
    if not path.is_file():
        return FileResult(held.source, held.file_name, "accepted", _(
            "{label} accepted; its file is no longer at {path}: put it back in the landing "
            "folder and the next run loads it", label=held.label, path=str(path)))
    if sha256_of(path) != held.sha256:
        # Another content was saved at the held file's name since (a backup put back): that
        # file is not what was accepted, and reading it here would say "accepted" of it.
        return FileResult(held.source, held.file_name, "accepted", _(
            "{label} accepted; the file at {path} holds other content now, not the held "
            "extract: nothing was loaded. Put the held extract back in the landing folder and "
            "the next run loads it", label=held.label, path=str(path)))
    return ingest_file(con, path, held.source)
