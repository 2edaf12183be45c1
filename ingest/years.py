"""A year never shrinks without a word: what a newer extract of a year may replace, what is
held until an officer accepts it, and what a restored file becomes.

**The rule.** A file of a source with a period (`sources.yml`) covers one year; a newer file
of that year replaces the rows of the files loaded for it before — unless it holds clearly
less than them: *any month lost* (a month of the `months` column present in the year's data
and absent from the new file, or kept with fewer than half its rows: a register stating no
month that repeats one case of October beside November's) or *more than 5 % fewer rows
loaded* (`SHRINK_SHARE`) or, for a source whose rows are lines (`hooks.lines_of`: a budget's
kode rekening × sumber dana), *any line lost* however many rows it has, or, for a source whose
rows are cases (its `key`: a case register), *any case lost*: a case number of the year's
data the file does not hold, named per month (`Shrink.lost_cases`). A month's file (its title
or name states the month; a register's rows may also re-send cases of months before it,
`loader._one_month`) is compared with its month and replaces that month only: a second
January file of other lines would take January's lines out of the year; February's register
re-sending two January cases updates them (staging keeps a case's newest row) and removes
none. Counts of a case register are of distinct cases. Such a file is `held`: its ledger
row says so, a finding (`year_shrinks`) names what it lacks, and nothing of it is loaded
until `satudata accept` (or the Dagster job `accept_held_file`) accepts it; the ingest then
loads it as any other file. A later file of the year that loads sets the held one aside.
The landing sensor's runs go through the same loader, so the rule protects them too.

**Arrival.** What a file is, judged by its content (SHA-256) against the ledger:
- new content: read and loaded (or held);
- the same content under the same name as last seen there: unchanged, whatever happened to
  the year since (an extract an officer accepted stays the year's data; a held extract set
  aside stays set aside) — a file is read again only when a *new* content arrives at a name;
- content loaded before whose rows are no longer the year's (a newer file replaced them),
  arriving under a new name or put back under a name that held other content since (a backup
  restored): loaded again, and it becomes the year's data (through the same rule);
- content whose rows are the year's data now, put back under its name: unchanged, and a held
  file of that name (whose content is gone from the landing folder) is set aside; the ledger
  records the content back at the name (a row `unchanged`), so that the name's content is
  what the officer last put there, and the next run does not take it for a restore;
- content held before and set aside since (the year's data was restored, or a later file
  loaded), arriving again under any name: judged anew against the year's data now — held
  again under a new label, which `satudata accept` takes, or loaded when it no longer shrinks
  the year (the officer who drops it again wants it read, and the old label cannot be
  accepted any more);
- content whose rows are the year's data now, under a name of another month than every name
  it was loaded under (`cp lra_2023_01.csv lra_2023_02.csv`): read as that month's file; when
  the month is read from the name (no Bulan column, no title of its month) it loads as that
  month, its ledger row naming the file of the same content; else (its rows say their month)
  it is skipped as a duplicate;
- content held (and still waiting) or rejected before, under another name: skipped as a
  duplicate, saying so (a held one with the `satudata accept` that takes it) — unless a held
  content arrives under a name that says one month of a year where its held name did not
  (the hold's message tells to name one month's file so): judged anew as that month's file,
  and the held row is set aside once it loads or is held again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from core.i18n import _, ngettext, number, percent
from ingest.hooks import Lines
from ingest.month_of_file import MONTHS, read_file_name
from ingest.quarantine import file_label
from schemas.spec import SourceSpec

SHRINK_SHARE = 0.05  # a newer extract with more than this share of rows fewer is held
# A month as a title writes it, which `ingest.month_of_file` reads: `Maret`.
MONTH_NAMES = {number: name.title() for name, number in reversed(MONTHS.items())}


@dataclass
class Arrival:
    """What to do with a landing file, by its content."""

    kind: str  # "load", "unchanged", "skipped-duplicate"
    message: str = ""
    previous_status: str | None = None
    restores: int | None = None  # ledger id of the loaded content this file brings back
    accepted: int | None = None  # ledger id of the held row an officer accepted
    set_aside: list[int] = field(default_factory=list)  # held rows to resolve (unchanged)
    current: int | None = None  # the ledger id whose rows are the content's year's data
    period_year: int | None = None  # the year of that content (an unchanged file recorded)
    record: bool = False  # content back at a name that held another: a ledger row says so
    # a held content arriving under a name that says its month: the held row it judges anew
    renamed: int | None = None
    # loaded content arriving under a name of another month (`lra_2023_02.csv`, a copy of
    # `lra_2023_01.csv`): the label and the month of the name it was loaded under; loaded as
    # the name's month only when the month is read from the name (else skipped, `message`)
    copy_of: tuple[str, int] | None = None

    @property
    def guarded(self) -> bool:
        return self.accepted is None


@dataclass
class _Row:
    """One ledger row, as the rules here read it."""

    ingest_id: int
    source: str
    file_name: str
    sha256: str
    status: str
    superseded_by: int | None
    period_year: int | None
    message: str

    @property
    def label(self) -> str:
        return file_label(self.source, self.period_year, self.ingest_id)


def _rows(con: duckdb.DuckDBPyConnection, source: str, where: str, params: list) -> list[_Row]:
    found = con.execute(
        "select ingest_id, source, file_name, sha256, status, superseded_by, period_year, "
        f"message from raw.ingest_ledger where source = ? and {where} order by ingest_id",
        [source, *params],
    ).fetchall()
    return [_Row(*values) for values in found]


def arrival(con: duckdb.DuckDBPyConnection, spec: SourceSpec, path: Path, sha: str) -> Arrival:
    """What to do with `path` (content `sha`), from what the ledger knows (module doc)."""
    same = _rows(con, spec.name, "sha256 = ?", [sha])
    accepted = [row for row in same if row.status == "accepted" and row.superseded_by is None]
    if accepted:
        return Arrival("load", accepted=accepted[-1].ingest_id)
    if not same:
        return Arrival("load")
    named = _rows(con, spec.name, "file_name = ?", [path.name])
    latest = named[-1] if named else None
    loaded = [row for row in same if row.status == "loaded"]
    current = [row for row in loaded if row.superseded_by is None]
    if current and (latest is None or latest.sha256 != sha):
        copied = _month_copy(path.name, current)
        if copied is not None:  # skipped as before if the file's month is not its name's
            return Arrival("load", _("same content as {label}, which is loaded",
                                     label=current[-1].label), copy_of=copied)
    if latest is not None and latest.sha256 == sha:
        seen = ([row for row in same if row.status not in ("unchanged", "skipped-duplicate")]
                or [latest])[-1]
        if seen.superseded_by is not None and seen.status == "loaded":
            message = _("unchanged since it was last seen here: its rows ({label}) were "
                        "replaced by #{by}, which stays the data of {year}; to make this "
                        "file the data of {year} again, copy it under another name",
                        label=seen.label, by=seen.superseded_by, year=seen.period_year)
        elif _set_aside(seen):
            message = _("unchanged since it was last seen here: {label} was held, then set "
                        "aside by #{by}; to have it judged again, copy it under another name",
                        label=seen.label, by=seen.superseded_by)
        elif seen.status == "rejected":
            message = _("unchanged since it was refused here: {message}; correct the file and "
                        "put it back", message=seen.message or "")
        elif seen.status == "held":
            message = _("unchanged since it was held here: {message}", message=seen.message or "")
        else:
            message = _("unchanged since it was loaded here: {message}",
                        message=seen.message or "")
        return Arrival("unchanged", message, previous_status=seen.status)
    if current:
        row = current[-1]
        if latest is not None:
            held = [other.ingest_id for other in named
                    if other.status == "held" and other.superseded_by is None]
            message = _("the content of {label}, which is the data of {year} now: unchanged",
                        label=row.label, year=row.period_year)
            if held:
                message += "; " + _("the held extract {labels} is set aside", labels=", ".join(
                    other.label for other in named if other.ingest_id in held))
            return Arrival("unchanged", message, previous_status="loaded", set_aside=held,
                           current=row.ingest_id, period_year=row.period_year, record=True)
        return Arrival("skipped-duplicate", _(
            "same content as {label}, which is loaded", label=row.label))
    if loaded:
        return Arrival("load", restores=loaded[-1].ingest_id)
    decided = [row for row in same if row.status not in ("unchanged", "skipped-duplicate")]
    first = decided[-1] if decided else same[-1]
    if _set_aside(first):
        return Arrival("load")  # judged anew: held again under a new label, or loaded
    if first.status == "held" and _month_of_name(path.name) is not None and \
            _month_of_name(first.file_name) is None:
        return Arrival("load", renamed=first.ingest_id)  # perhaps one month's file after all
    if first.status == "held":
        return Arrival("skipped-duplicate", _(
            "same content as {label}, which is held: accept it with `satudata accept \"{label}\"`",
            label=first.label))
    return Arrival("skipped-duplicate", _("same content as {label}, which was {status} before",
                                          label=first.label, status=first.status))


def _month_of_name(name: str) -> int | None:
    """The one month a file name says (`lra_2023_02.csv`, `LRA Bulan 7 2023.csv`), not a
    span nor a period up to a month; None for none or several. A held extract put back
    under a name of one month is read again, as the file of that month it may be; a loaded
    content under another month's name is that month's file (`_month_copy`)."""
    months = {said.month for said in read_file_name(name) if said.month is not None
              and not (said.cumulative or said.span or said.beside)}
    return months.pop() if len(months) == 1 else None


def _month_copy(name: str, current: list[_Row]) -> tuple[str, int] | None:
    """A content whose rows are loaded (`current`) arriving under a name of another month
    than every name it was loaded under (`cp lra_2023_01.csv lra_2023_02.csv`): where a
    file's month comes from its name, the same bytes are another month's file, to load as
    that month, never to skip (the marts stopped at January without a word). Returns the
    label and month of the last such load, or None (a name of no month or of a month it
    was loaded as is a duplicate as before)."""
    month = _month_of_name(name)
    loaded = [(row, _month_of_name(row.file_name)) for row in current]
    if month is None or any(was in (None, month) for _row, was in loaded):
        return None
    row, was = loaded[-1]
    return row.label, was


def _set_aside(row: _Row) -> bool:
    """A held extract resolved without being accepted (its year's data restored, or a later
    file loaded): `satudata accept` no longer takes its label."""
    return row.status == "held" and row.superseded_by is not None


def set_aside(con: duckdb.DuckDBPyConnection, held: list[int], current: int) -> None:
    """Resolve held rows whose content is no longer in the landing folder."""
    if held:
        con.execute(
            f"update raw.ingest_ledger set superseded_by = ? "
            f"where ingest_id in ({', '.join('?' * len(held))})", [current, *held])


@dataclass
class Shrink:
    """How a newer extract of a year compares with the year's data now."""

    year: int
    current_rows: int
    new_rows: int
    lost_months: list[int]
    current_labels: list[str]
    month: int | None = None  # a one-month file's month: compared with that month's rows
    # a year's extract whose rows are all of one month (its month column) where the year's
    # data holds others: perhaps that month's file, named without its month and year
    only_month: int | None = None
    # months the extract holds with fewer than half the rows the year's data holds for them:
    # (month, rows now, rows in the extract)
    shrunk_months: list[tuple[int, int, int]] = field(default_factory=list)
    # A snapshot source (its period a date, no months: a staff roster): its date column as
    # the file writes it (`Tanggal Data`) and the dates of the year's data and of the extract,
    # named in the reason so that a person sees which roster is older.
    snapshot_column: str | None = None
    current_dates: list[dt.date] = field(default_factory=list)
    new_dates: list[dt.date] = field(default_factory=list)

    def _dates(self, dates: list[dt.date]) -> str | None:
        """The snapshot dates as said after a year or a label (`Tanggal Data 30/06/2024`)."""
        if self.snapshot_column is None or not dates:
            return None
        return f"{self.snapshot_column} {', '.join(f'{day:%d/%m/%Y}' for day in dates)}"
    # lines (`hooks.Lines`) the data now holds that the file lacks: how many, and the first
    # few as a person knows them (`2.08.03.1.01.0002 DAK NF`)
    lost_lines: int = 0
    lost_examples: list[str] = field(default_factory=list)
    # A source whose rows are cases (its `key`): the cases of the year (or month) now that
    # the file does not hold and that loading it would remove, per month: (month, cases).
    lost_cases: list[tuple[int, int]] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return (bool(self.lost_months) or bool(self.shrunk_months) or bool(self.lost_lines)
                or bool(self.lost_cases)
                or self.new_rows < self.current_rows * (1 - SHRINK_SHARE))

    def reason(self, label: str) -> str:
        parts = []
        if self.new_rows < self.current_rows:
            words = dict(new=number(self.new_rows),
                         labels=", ".join([*self.current_labels,
                                           *filter(None, [self._dates(self.current_dates)])]),
                         current=number(self.current_rows),
                         share=percent(100 * (1 - self.new_rows / self.current_rows), 1))
            parts.append(_("{new} rows where the year's data ({labels}) holds {current} "
                           "(−{share})", **words) if self.month is None else
                         _("{new} rows where the data of month {month} ({labels}) holds "
                           "{current} (−{share})", month=self.month, **words))
        if self.lost_months:
            parts.append(_("no rows for month(s) {months}, which the year's data holds",
                           months=", ".join(str(month) for month in self.lost_months)))
        if self.lost_lines:
            more = " …" if self.lost_lines > len(self.lost_examples) else ""
            words = dict(count=number(self.lost_lines), labels=", ".join(self.current_labels),
                         lines="; ".join(self.lost_examples) + more)
            parts.append(ngettext(
                "no rows of {count} line the year's data ({labels}) holds, which would leave "
                "it: {lines}",
                "no rows of {count} lines the year's data ({labels}) holds, which would leave "
                "it: {lines}", self.lost_lines, **words) if self.month is None else ngettext(
                "no rows of {count} line the data of month {month} ({labels}) holds, which "
                "would leave it: {lines}",
                "no rows of {count} lines the data of month {month} ({labels}) holds, which "
                "would leave it: {lines}", self.lost_lines, month=self.month, **words))
        if self.lost_cases:
            count = sum(cases for _month, cases in self.lost_cases)
            months = ", ".join(_("month {month}: {cases}", month=month, cases=number(cases))
                               for month, cases in self.lost_cases)
            parts.append(ngettext(
                "no row of {count} case the data now holds ({labels}), which would leave it "
                "({months})",
                "no row of {count} cases the data now holds ({labels}), which would leave "
                "it ({months})", count, count=number(count),
                labels=", ".join(self.current_labels), months=months))
        if self.shrunk_months and not parts and not self.lost_months:
            # Named when it alone holds the file: a year that shrinks says so already.
            months = [_("month {month}: {new} where it holds {current}", month=month,
                        new=number(new), current=number(current))
                      for month, current, new in self.shrunk_months]
            parts.append(_("fewer than half the rows of month(s) the year's data holds: {months}",
                           months=", ".join(months)))
        if self.month is not None:
            return _("this file of month {month} of {year} holds {what}: held, not applied. "
                     "If it is right, accept it with `satudata accept \"{label}\"` (or the "
                     "Dagster job accept_held_file); else drop the month's complete file",
                     month=self.month, year=self.year, what="; ".join(parts), label=label)
        dates = self._dates(self.new_dates)
        year = f"{self.year} ({dates})" if dates else self.year
        said = _("this extract of {year} holds {what}: held, not applied. If it is right, "
                 "accept it with `satudata accept \"{label}\"` (or the Dagster job "
                 "accept_held_file); else drop a complete extract",
                 year=year,
                 what="; ".join(parts), label=label)
        if self.only_month is None or not self.lost_months:
            return said
        return said + ". " + _(
            "Every row of it is of month {month}: accepting it replaces the whole year with "
            "that month. If it is the file of month {month} alone, name it with its month and "
            "year ({example}) or write them in its title (`Bulan {name} {year}`) and drop it "
            "again: it then replaces month {month} only",
            month=self.only_month, year=self.year, name=MONTH_NAMES[self.only_month],
            example=f"`…_{self.year}_{self.only_month:02d}`")


def compare(con: duckdb.DuckDBPyConnection, spec: SourceSpec, year: int | None,
            month: int | None = None, lines: Lines | None = None) -> Shrink | None:
    """The year's data now against the rows waiting in `incoming`, or None when the year
    has no data yet (or the source no period). `month`: the file is one month's (its month
    read from its title or name, `ingest.month_of_file`): it is compared with that month's
    rows only, and None when the year has none yet (the month is added). `lines`: what one
    line of the source is (`hooks.lines_of`): the lines of the year (or month) the file
    lacks are counted too, and any holds it (a January file of other kode rekening than
    January's loaded one would take those lines out of the year without a word)."""
    if year is None or not spec.period:
        return None
    if month is not None:
        return _lost_cases(con, spec, _lost_lines(con, spec, _compare_month(
            con, spec, year, month), lines))
    current = _rows(con, spec.name,
                    "period_year = ? and status = 'loaded' and superseded_by is null", [year])
    if not current:
        return None
    current_rows = con.execute(
        f"select {_count(spec)} from raw.{spec.name} where period_year = ?", [year]).fetchone()[0]
    new_rows = con.execute(f"select {_count(spec)} from incoming").fetchone()[0]
    lost: list[int] = []
    shrunk: list[tuple[int, int, int]] = []
    only_month = None
    if spec.months:
        month = (f"month({spec.months})" if spec.column(spec.months).type == "date"
                 else spec.months)
        before = {int(m): rows for m, rows in con.execute(
            f"select {month}, {_count(spec)} from raw.{spec.name} where period_year = ? "
            "group by all",
            [year]).fetchall() if m is not None}
        after = {int(m): rows for m, rows in con.execute(
            f"select {month}, {_count(spec)} from incoming group by all").fetchall()
            if m is not None}
        lost = sorted(set(before) - set(after))
        # A month kept by a row or two (a year's extract repeating one case of October) is a
        # month lost all the same: its other rows would go without a word while the year's
        # total grows.
        shrunk = [(m, before[m], after[m]) for m in sorted(before)
                  if m in after and 2 * after[m] < before[m]]
        only_month = next(iter(after)) if len(after) == 1 else None
    shrink = Shrink(year, current_rows, new_rows, lost, [row.label for row in current],
                    only_month=only_month, shrunk_months=shrunk)
    period = spec.column(spec.period)
    if not spec.months and period.type == "date":
        shrink.snapshot_column = period.shown
        shrink.current_dates = [day for (day,) in con.execute(
            f"select distinct {period.output} from raw.{spec.name} where period_year = ? "
            f"and {period.output} is not null order by 1", [year]).fetchall()]
        shrink.new_dates = [day for (day,) in con.execute(
            f"select distinct {period.output} from incoming where {period.output} is not null "
            "order by 1").fetchall()]
    return _lost_cases(con, spec, _lost_lines(con, spec, shrink, lines))


def _count(spec: SourceSpec) -> str:
    """SQL counting a source's rows: its cases (distinct `key`) when its rows are cases, as
    a case re-sent in a later month's file is in the data twice (stg keeps the newest)."""
    return f"count(distinct {spec.key_output})" if spec.key else "count(*)"


def _lost_cases(con: duckdb.DuckDBPyConnection, spec: SourceSpec, shrink: Shrink | None
                ) -> Shrink | None:
    """`shrink` with the cases of its year (or month) in the data now whose key `incoming`
    lacks in any month, counted per month: loading the file would remove them."""
    if shrink is None or not spec.key or not spec.months:
        return shrink
    key, month = spec.key_output, month_sql(spec)
    where, params = "period_year = ?", [shrink.year]
    if shrink.month is not None:
        where, params = f"{where} and {month} = ?", [shrink.year, shrink.month]
    shrink.lost_cases = [(int(m), cases) for m, cases in con.execute(
        f"select {month}, count(distinct {key}) from raw.{spec.name} where {where} "
        f"and {key} not in (select {key} from incoming where {key} is not null) "
        "group by 1 order by 1", params).fetchall()]
    return shrink


_LINE_EXAMPLES = 3  # lines named in a hold's message


def _lost_lines(con: duckdb.DuckDBPyConnection, spec: SourceSpec, shrink: Shrink | None,
                lines: Lines | None) -> Shrink | None:
    """`shrink` with the lines of its year (or month) in the data now that `incoming`
    lacks: their count, and the first few as a person knows them."""
    if shrink is None or lines is None:
        return shrink
    where, params = "period_year = ?", [shrink.year]
    if shrink.month is not None:
        where, params = f"{where} and {month_sql(spec)} = ?", [shrink.year, shrink.month]
    shown = ", ".join(f"min(cast({column} as varchar))" for column in lines.shown)
    lost = con.execute(
        f"with now as (select ({lines.key})::varchar as line, * from raw.{spec.name} "
        f"where {where}), gone as (select distinct line from now except "
        f"select distinct ({lines.key})::varchar from incoming) "
        f"select count(*) over (), {shown} from now "
        f"where line in (select line from gone) group by line order by 2, 3", params).fetchall()
    if not lost:
        return shrink
    shrink.lost_lines = lost[0][0]
    shrink.lost_examples = [" ".join(value for value in values if value)
                            for _count, *values in lost[:_LINE_EXAMPLES]]
    return shrink


def _compare_month(con: duckdb.DuckDBPyConnection, spec: SourceSpec, year: int, month: int
                   ) -> Shrink | None:
    """A one-month file against the rows of its month in the year's data now: its own rows
    of that month (a register of a month may re-send cases of earlier months, which update
    those cases and replace nothing)."""
    where = f"period_year = ? and {month_sql(spec)} = ?"
    current_rows = con.execute(f"select {_count(spec)} from raw.{spec.name} where {where}",
                               [year, month]).fetchone()[0]
    if not current_rows:
        return None
    ids = [ingest_id for (ingest_id,) in con.execute(
        f"select distinct ingest_id from raw.{spec.name} where {where}", [year, month]
    ).fetchall()]
    labels = [row.label for row in _rows(con, spec.name, "ingest_id in (select unnest(?))",
                                         [ids])]
    new_rows = con.execute(f"select {_count(spec)} from incoming where {month_sql(spec)} = ?",
                           [month]).fetchone()[0]
    return Shrink(year, current_rows, new_rows, [], labels, month)


def month_sql(spec: SourceSpec) -> str:
    return (f"month({spec.months})" if spec.column(spec.months).type == "date"
            else spec.months)


def supersede(con: duckdb.DuckDBPyConnection, spec: SourceSpec, year: int | None,
              ingest_id: int, month: int | None = None) -> list[str]:
    """Replace the year's rows: the files loaded for it before (and any held or accepted
    extract of it) are superseded by `ingest_id`; returns the labels of the loaded ones.
    `month`: a one-month file replaces only that month's rows; a file loaded before is
    superseded when none of its rows remain (held extracts of the year stay held)."""
    if year is None:
        return []
    if month is not None:
        return _supersede_month(con, spec, year, ingest_id, month)
    older = _rows(con, spec.name,
                  "period_year = ? and status in ('loaded', 'held', 'accepted') "
                  "and superseded_by is null", [year])
    if not older:
        return []
    con.execute(f"delete from raw.{spec.name} where period_year = ?", [year])
    ids = [row.ingest_id for row in older]
    con.execute(
        f"update raw.ingest_ledger set superseded_by = ? "
        f"where ingest_id in ({', '.join('?' * len(ids))})", [ingest_id, *ids])
    return [row.label for row in older if row.status == "loaded"]


def _supersede_month(con: duckdb.DuckDBPyConnection, spec: SourceSpec, year: int,
                     ingest_id: int, month: int) -> list[str]:
    where = f"period_year = ? and {month_sql(spec)} = ?"
    touched = [ingest_id for (ingest_id,) in con.execute(
        f"select distinct ingest_id from raw.{spec.name} where {where}", [year, month]
    ).fetchall()]
    if not touched:
        return []
    con.execute(f"delete from raw.{spec.name} where {where}", [year, month])
    emptied = [row for row in _rows(
        con, spec.name, f"ingest_id in (select unnest(?)) and status = 'loaded' and "
        f"superseded_by is null and ingest_id not in (select ingest_id from raw.{spec.name})",
        [touched])]
    if emptied:
        ids = [row.ingest_id for row in emptied]
        con.execute(
            f"update raw.ingest_ledger set superseded_by = ? "
            f"where ingest_id in ({', '.join('?' * len(ids))})", [ingest_id, *ids])
    return [row.label for row in _rows(con, spec.name, "ingest_id in (select unnest(?))",
                                       [touched])]


class NothingHeld(Exception):
    """`accept` found no held file for what it was given; the message says what is known."""


@dataclass(frozen=True)
class Held:
    ingest_id: int
    source: str
    file_name: str
    file_path: str
    label: str
    sha256: str  # the content held: only this content is loaded on acceptance


def held_file(con: duckdb.DuckDBPyConnection, target: str, sha: str | None = None) -> Held:
    """The held ledger row meant by `target`: a label or id (`#12`, `12`, `uptd 2023 #12`),
    or a landing file (by its content `sha`, else its name). Raises `NothingHeld`."""
    ident = target.rsplit("#", 1)[-1].strip()
    if ident.isdigit():
        where, params = "ingest_id = ?", [int(ident)]
    elif sha is not None:
        where, params = "sha256 = ?", [sha]
    else:
        where, params = "file_name = ?", [Path(target).name]
    rows = con.execute(
        "select ingest_id, source, file_name, file_path, status, superseded_by, period_year, "
        f"sha256 from raw.ingest_ledger where {where} order by ingest_id", params).fetchall()
    waiting = [row for row in rows if row[4] == "held" and row[5] is None]
    if waiting:
        ingest_id, source, name, file_path, _status, _by, year, content = waiting[-1]
        return Held(ingest_id, source, name, file_path, file_label(source, year, ingest_id),
                    content)
    if not rows:
        raise NothingHeld(_("the ledger knows no file {target}", target=target))
    decided = [row for row in rows if row[4] != "unchanged"] or rows
    ingest_id, source, _name, _path, status, superseded_by, year, _content = decided[-1]
    label = file_label(source, year, ingest_id)
    if status == "held":
        raise NothingHeld(_("{label} was held, then set aside by #{by}: nothing to accept",
                            label=label, by=superseded_by))
    from ingest.ledger import status_word  # the ledger reads this module

    raise NothingHeld(_("{label} is not held (its status: {status}): nothing to accept",
                        label=label, status=status_word(status)))


def mark_accepted(con: duckdb.DuckDBPyConnection, held: Held) -> None:
    """An officer accepted the held file: its next ingest loads it despite the rule."""
    con.execute("update raw.ingest_ledger set status = 'accepted' where ingest_id = ?",
                [held.ingest_id])


def resolve_accepted(con: duckdb.DuckDBPyConnection, accepted: int, ingest_id: int) -> None:
    con.execute("update raw.ingest_ledger set superseded_by = ? where ingest_id = ?",
                [ingest_id, accepted])
