"""What the ledger says about a source's current files: the numbers behind the asset checks,
the command line's summary and the UI's metadata."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from core.i18n import N_, _, number
from ingest.loader import FileResult

# A file name as Dagster's storage and the analysts' copy may hold it: a digest that tells
# names apart (a name is an officer's free text). The same digest in Python and in SQL.
NAME_KEY_LENGTH = 16


def name_key(name: str) -> str:
    """The digest of a file name: the first NAME_KEY_LENGTH hex digits of its SHA-256."""
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:NAME_KEY_LENGTH]


def name_key_sql(column: str) -> str:
    """`name_key` of a DuckDB text column, as SQL."""
    return f"left(sha256({column}), {NAME_KEY_LENGTH})"

# What a ledger status says to a person (translated where shown: `status_word`).
STATUS = {
    "loaded": N_("loaded"),
    "rejected": N_("rejected"),
    "unchanged": N_("unchanged"),
    "skipped-duplicate": N_("skipped (same content as another file)"),
    "held": N_("held"),
    "accepted": N_("accepted (loaded as a later ledger row)"),
}
# Said after the status of a ledger row whose rows a newer extract replaced.
REPLACED = N_("(replaced by a newer extract)")
# Said of a content the ledger has no row for: the next run reads it.
NOT_IN_LEDGER = N_("new: not in the ledger yet")


def status_word(status: str) -> str:
    """A ledger status in the reader's language (an unknown status as it is)."""
    return _(STATUS[status]) if status in STATUS else status


def ledger_word(status: str, superseded_by: int | None = None) -> str:
    """A ledger row's status as `satudata ledger` prints it, in the reader's language:
    `dimuat`, or `dimuat (diganti ekstrak yang lebih baru)` when a newer extract replaced
    its rows."""
    word = status_word(status)
    return word if superseded_by is None else f"{word} {_(REPLACED)}"


def content_word(entries: list[tuple]) -> str:
    """What the ledger last did with one content, from its entries [(status, superseded_by),
    …] in ledger order, in the words of `ledger_word`; a row that only records the content
    back at a name (`unchanged`) did nothing with it. No entry: `NOT_IN_LEDGER`."""
    done = [(status, by) for status, by in entries if status != "unchanged"]
    return ledger_word(*done[-1]) if done else _(NOT_IN_LEDGER)


def row_counts(status: str, read: int, loaded: int, quarantined: int, dropped: int) -> str:
    """What happened to a file's rows, in the reader's language: for a held file (or one
    accepted, whose rows a later ledger row loaded) that nothing of it was loaded, and what
    loading it would do; else read, loaded, quarantined and dropped."""
    if status in ("held", "accepted"):
        return _("held: {read} rows read, none loaded (if accepted: {loaded} loaded, "
                 "{quarantined} quarantined, {dropped} dropped)", read=number(read),
                 loaded=number(loaded), quarantined=number(quarantined),
                 dropped=number(dropped))
    return _("read {read}, loaded {loaded}, quarantined {quarantined}, dropped {dropped}",
             read=number(read), loaded=number(loaded), quarantined=number(quarantined),
             dropped=number(dropped))


@dataclass
class SourceState:
    source: str
    files_loaded: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_dropped: int = 0
    unbalanced_files: list[str] = field(default_factory=list)
    cells_flagged: int = 0
    top_reasons: list[tuple[str, str, int]] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)  # JUMLAH/TOTAL rows
    row_findings: list[tuple[str, str]] = field(default_factory=list)  # rows that load anyway
    held: list[tuple[str, str]] = field(default_factory=list)  # files held: (label, why)


def source_state(con: duckdb.DuckDBPyConnection, source: str) -> SourceState:
    """Totals over the files whose rows are in the warehouse now (not superseded)."""
    state = SourceState(source)
    row = con.execute(
        "select count(*), coalesce(sum(rows_loaded), 0), coalesce(sum(rows_quarantined), 0), "
        "coalesce(sum(rows_dropped), 0), coalesce(sum(cells_flagged), 0) "
        "from raw.ingest_ledger where source = ? and status = 'loaded' and superseded_by is null",
        [source],
    ).fetchone()
    (state.files_loaded, state.rows_loaded, state.rows_quarantined, state.rows_dropped,
     state.cells_flagged) = row
    state.unbalanced_files = [
        name for (name,) in con.execute(
            "select file_label from raw.ingest_ledger where source = ? "
            "and rows_read <> rows_loaded + rows_quarantined + rows_dropped",
            [source],
        ).fetchall()
    ]
    # Counts and reasons only: reasons never hold a value, and values stay out of metadata.
    state.top_reasons = con.execute(
        f"""
        select q.column_name, q.reason, count(*) as n
        from raw.{source}_quarantine as q
        inner join raw.ingest_ledger as l on q.ingest_id = l.ingest_id
        where l.superseded_by is null and l.status = 'loaded'
        group by 1, 2 order by n desc, 1, 2 limit 10
        """
    ).fetchall()
    current = con.execute(
        """
        select case when f.check_name like 'total_row%' then 'total'
                    when f.check_name = 'year_shrinks' then 'held' else 'row' end,
               f.file_name, f.message from raw.ingest_findings as f
        inner join raw.ingest_ledger as l on f.ingest_id = l.ingest_id
        where f.source = ? and l.superseded_by is null order by f.ingest_id, f.source_row
        """,
        [source],
    ).fetchall()
    state.findings = [(name, message) for kind, name, message in current if kind == "total"]
    state.row_findings = [(name, message) for kind, name, message in current if kind == "row"]
    state.held = held_files(con, source)
    return state


def content_entries(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, list[tuple]]:
    """SHA-256 → the ledger's entries [(status, superseded_by), …] for that content of
    `source`, in ledger order: what `ledger_state` and `content_word` judge."""
    entries: dict[str, list[tuple]] = {}
    for sha, status, superseded_by in con.execute(
            "select sha256, status, superseded_by from raw.ingest_ledger where source = ? "
            "order by ingest_id", [source]).fetchall():
        entries.setdefault(sha, []).append((status, superseded_by))
    return entries


def content_states(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, str]:
    """SHA-256 → what the ledger last did with that content of `source`, in the reader's
    language (`content_word`: `dimuat`, `ditahan`, `dimuat (diganti ekstrak yang lebih
    baru)` …)."""
    return {sha: content_word(entries)
            for sha, entries in content_entries(con, source).items()}


def ledger_state(entries: list[tuple], at_name: bool = False) -> str:
    """What the ledger says of one content, from its entries [(status, superseded_by), …]
    and whether it is the content the ledger last recorded under the file's name (`at_name`):
    `new`, `current` (loaded, held, rejected, a duplicate, or unchanged at its name since it
    was last seen there: nothing to do), `restored-<id>` (loaded once, every load replaced
    since, and arriving at a name that held other content: the loader loads it again) or
    `set-aside-<id>` (held once, set aside since by ledger row <id>, never loaded, arriving
    at a name that held other content: the loader judges it anew) — the rules of
    `ingest.years.arrival`. What the landing sensor asks before it starts a run."""
    if not entries:
        return "new"
    if at_name:
        return "current"
    loaded = [superseded for status, superseded in entries if status == "loaded"]
    held = [superseded for status, superseded in entries if status == "held"]
    others = [status for status, _superseded in entries
              if status not in ("loaded", "held", "unchanged", "skipped-duplicate")]
    if loaded and all(superseded is not None for superseded in loaded) and not others \
            and all(superseded is not None for superseded in held):
        return f"restored-{max(loaded)}"
    if held and not loaded and not others and all(by is not None for by in held):
        return f"set-aside-{max(held)}"
    return "current"


@dataclass(frozen=True)
class Refused:
    """A file of the landing folder whose content, under its name, was refused: `label` as
    the ledger names it (`asn 2023 #9`, `asn #9` when its year was not known), `reason` the
    refusal's words without the label."""

    ingest_id: int
    label: str
    reason: str


def refused_in_landing(con: duckdb.DuckDBPyConnection, landing: Path,
                       source_names: Iterable[str]) -> list[Refused]:
    """The files of the landing folder still refused: the ledger last saw the file's name with
    the content it holds now, and the last time it judged that content (not a row that only
    records it unchanged or as a copy) it was refused, as `ingest.years.arrival` reads it.
    The next run reads such a file as unchanged, so it would otherwise be forgotten. Ordered
    by ledger id. Reads only (the content's hash from the file when the landing table cannot
    vouch for it); a file that cannot be read is left to the stray-file check."""
    from ingest import landing_hash
    from ingest.loader import landing_files, link_sha, outside_landing

    found = []
    for source_name in source_names:
        for path in landing_files(landing, source_name):
            try:
                sha = (link_sha(path) if outside_landing(path, landing)
                       else landing_hash.content_sha(con, path, keep=False))
            except OSError:
                continue
            named = con.execute(
                "select sha256 from raw.ingest_ledger where source = ? and file_name = ? "
                "order by ingest_id desc limit 1", [source_name, path.name]).fetchone()
            if named is None or named[0] != sha:
                continue  # new content: this run reads it
            row = con.execute(
                "select ingest_id, status, coalesce(file_label, file_name), message "
                "from raw.ingest_ledger where source = ? and sha256 = ? "
                "and status not in ('unchanged', 'skipped-duplicate') "
                "order by ingest_id desc limit 1", [source_name, sha]).fetchone()
            if row is None or row[1] != "rejected":
                continue
            ingest_id, _status, label, message = row
            found.append(Refused(ingest_id, label,
                                 (message or "").removeprefix(f"{label}: ")))
    return sorted(found, key=lambda refused: refused.ingest_id)


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


# Column headers of the tables a person reads in the UI (translated where shown).
HEADERS = {
    "source": N_("source"), "file": N_("file"), "status": N_("status"),
    "read": N_("rows read"), "loaded": N_("loaded"), "quarantined": N_("quarantined"),
    "dropped": N_("dropped"), "flagged": N_("cells flagged"), "message": N_("message"),
}


def headers(*names: str) -> list[str]:
    """The column headers `names` (keys of HEADERS) in the reader's language."""
    return [_(HEADERS[name]) for name in names]


def markdown_table(results: list[FileResult]) -> str:
    """What happened to each file, files named by their label (never their name): headers,
    status words and counts in the reader's language (`status_word`, `number`)."""
    return markdown(
        headers("file", "status", "read", "loaded", "quarantined", "dropped", "flagged",
                "message"),
        [(r.label, status_word(r.status), _count(r.rows_read),
          _loaded(r.status, r.rows_loaded),
          *map(_count, (r.rows_quarantined, r.rows_dropped, r.cells_flagged)), r.message)
         for r in results],
    )


def latest_files(con: duckdb.DuckDBPyConnection, limit: int = 20) -> str:
    """The ledger's most recent files as a Markdown table, files named by their label, each
    with its status as `satudata ledger` prints it (`ledger_word`)."""
    rows = con.execute(
        "select source, coalesce(file_label, source || ' #' || ingest_id), status, "
        "superseded_by, rows_read, rows_loaded, rows_quarantined, rows_dropped "
        "from raw.ingest_ledger order by ingest_id desc limit ?", [limit],
    ).fetchall()
    return markdown(
        headers("source", "file", "status", "read", "loaded", "quarantined", "dropped"),
        [(source, label, ledger_word(status, by), _count(read), _loaded(status, loaded),
          _count(quarantined), _count(dropped))
         for source, label, status, by, read, loaded, quarantined, dropped in rows])


def _count(value: int | None) -> str:
    return "-" if value is None else number(value)


def _loaded(status: str, loaded: int | None) -> str:
    """The loaded cell: a held file (or one accepted, whose rows a later ledger row loaded)
    loaded nothing; its count is what accepting it loads (as `row_counts` says)."""
    if status in ("held", "accepted"):
        return _("none (if accepted: {loaded})", loaded=_count(loaded))
    return _count(loaded)


def held_files(con: duckdb.DuckDBPyConnection, source: str | None = None
               ) -> list[tuple[str, str]]:
    """(label, message) of the files held and not yet accepted or set aside."""
    return con.execute(
        "select file_label, message from raw.ingest_ledger where status = 'held' "
        "and superseded_by is null and (? is null or source = ?) order by ingest_id",
        [source, source]).fetchall()


def describe(result: FileResult, verb: str) -> list[str]:
    """What a person reads about one file checked or ingested (`verb`: what was done, in
    their language): status and message, the row balance, quarantined cells (values only
    when they do not look personal, bounded) and findings."""
    lines = [_("{verb} {file} as {source}: {status}", verb=verb, file=result.file_name,
               source=result.source, status=status_word(result.status)),
             f"  {result.message}"]
    if result.status == "held":
        lines.append("  " + row_counts(result.status, result.rows_read, result.rows_loaded,
                                       result.rows_quarantined, result.rows_dropped))
    elif result.status == "loaded":
        lines.append("  " + _("rows read {read} = loaded {loaded} + quarantined {quarantined} "
                              "+ dropped {dropped}; cells flagged (rows kept): {flagged}",
                              read=result.rows_read, loaded=result.rows_loaded,
                              quarantined=result.rows_quarantined, dropped=result.rows_dropped,
                              flagged=result.cells_flagged))
    if result.months:
        lines.append("  " + _("rows per month: {months}", months=", ".join(
            f"{month}: {count}" for month, count in result.months.items())))
    # Quarantined rows and loaded rows with flagged cells under headings of their own, each
    # counting its rows as the ledger does.
    groups = (
        (result.sample_issues, _("{count} row(s) quarantined (not loaded):",
                                 count=_count(result.rows_quarantined))),
        (result.sample_flagged, _("{count} row(s) loaded with flagged cells (not quarantined; "
                                  "a flagged cell is stored empty unless its reason says "
                                  "otherwise):", count=_count(result.rows_flagged))))
    for sample, heading in groups:
        if not sample:
            continue
        lines.append("  " + heading)
        for row, column, value, reason in sample:
            shown = f"'{value[:80]}'" if value else "-"
            lines.append("    " + _("row {row}, column {column}: {value} — {reason}", row=row,
                                    column=column or "-", value=shown, reason=reason))
    for finding in result.findings:
        lines.append("  " + _("finding: {finding}", finding=finding))
    return lines
