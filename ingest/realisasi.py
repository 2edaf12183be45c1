"""Whether a budget file's Realisasi is each month's own figure or cumulative.

SIPD and the offices' monthly reports (LRA) write Realisasi either as the month's own
spending or from January through the month (`s.d. bulan ini`). The warehouse adds the months,
so a cumulative column counts January again every month: a year of it publishes several
times what was spent. A header that says which (`Realisasi Bulan Ini`, `Realisasi s.d. Bulan
Ini`) settles it (`ingest.headers`, `ingest.month_of_file`); a plain `Realisasi` reads both
ways, and `judge` decides it per year from the figures, or refuses the file (`FileRejected`).

What the figures show, per budget line (or belanja account) of a year, comparing the file's
months and, for months before the file's last that it does not hold, the warehouse's current
rows of the same line (the office's other month files, loaded as each month's own):
- **Sisa** (when the file writes it) is the pagu less what was spent so far: the months so
  far (monthly) or the row's own figure (cumulative). A row decides when the two differ.
  Rows deciding for cumulative only: refused. For monthly only: settled. Both: some Sisa
  cells are wrong (the marts' `sisa_reconcile` finding), and the figures below decide.
- **A fall** is the month's own: a cumulative figure is never below the line's cumulative
  figure of an earlier month plus what the line spent in the loaded months between them. A
  refund lowers a cumulative figure a little, so only a fall to half of that or below counts,
  and it takes two lines falling so, or every line whose readings differ: one line among
  rising ones may be a payment reversed or moved to another sumber dana. Lines rising in
  every one of three months or more are a cumulative report's shape: outnumbered by them,
  the falls are its corrections, and the file is refused as reading both ways.
- **The pagu** is cumulative's: a spending line's months added up come to more than its pagu
  while its year-to-date figure read cumulatively stays within it (a line that falls is its
  own month's: spent beyond its pagu, a finding of the marts; a revenue line's pagu is a
  target that may be passed, so it decides nothing).
- **Below zero**: a spending line's figure below zero (a refund or correction, `koreksi`) is
  the month's own: what was spent from January through a month is never below zero.
- A fall on one line and the pagu on another: the figures contradict each other, refused.
  A line's Pagu Perubahan of 0 is no APBD-P yet: the Pagu Murni holds (a year's column
  of 0 on every line is emptied before, `ingest.anggaran.perubahan_not_set`).
  Neither: the file is refused when the two readings give different figures for some row
  (a month after January whose line spent in an earlier month, or with an earlier month of
  the year neither in the file nor loaded, or in it only in quarantined rows, which the
  refusal names), else it loads (January alone, or lines that spend
  for the first time in the file's months).
Rows of other years than the file's (quarantined later) are judged with their own year, so
a year that reads both ways refuses the file whatever the other years show. A file written
per belanja account beside months loaded per sub kegiatan (or the other way round) is
compared per sub kegiatan, its accounts added up. A workbook whose sheets write the header
differently (`Header.spellings`) is judged when any sheet writes a plain `Realisasi`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from core.i18n import _, month, ngettext, rupiah
from ingest.anggaran import AKUN, LINE_OF
from ingest.errors import FileRejected
from ingest.headers import Header
from ingest.month_of_file import is_months_own

# Rupiah within which two figures are equal (the files round to whole rupiah, some to cents).
_EQUAL = 0.5

# A fall to this share of what a cumulative figure must reach, or below, is no refund.
_REFUND_AT_MOST = 0.5

# One budget line across the months of a year (`line_of`, `ingest.anggaran.LINE_OF`), and one
# belanja account of it (`line`, with `akun_belanja_kode`).
_COLUMNS = f"""
    tahun, bulan, realisasi, coalesce(nullif(pagu_perubahan, 0), pagu_murni) as pagu,
    ({LINE_OF})::varchar as line_of, akun_belanja_kode as account,
    ({LINE_OF}, akun_belanja_kode)::varchar as line,
    coalesce(kelompok = 'Pendapatan' or akun_kode like '4%', false) as revenue
"""

# The file's rows that carry a line's realisation for a month.
_OWN = f"""
    select source_row, sisa, kode_rekening, {_COLUMNS}
    from incoming
    where coalesce(tingkat, '{AKUN}') = '{AKUN}' and tahun is not null and bulan is not null
        and realisasi is not null
    order by source_row
"""

# The warehouse's current rows of the file's years (another file's months), with its label.
_LOADED = f"""
    select coalesce(l.file_label, 'anggaran #' || r.ingest_id) as label, {_COLUMNS}
    from raw.anggaran as r
    inner join raw.ingest_ledger as l on r.ingest_id = l.ingest_id
    where coalesce(r.tingkat, '{AKUN}') = '{AKUN}' and r.bulan is not null
        and r.realisasi is not null
        and r.tahun in (select tahun from incoming where tahun is not null)
"""

# The file's rows quarantined whole (not a flagged cell) with the month they are of
# (`incoming_periods`), first the earliest row: a month whose only rows were quarantined is
# in the file, not missing from it.
_QUARANTINED = """
    select periods.period_year as tahun, periods.month_key % 100 as bulan,
        issues.source_row, issues.column_name
    from incoming_issues as issues
    inner join incoming_periods as periods on issues.source_row = periods.source_row
    where not issues.row_kept and periods.month_key is not null
    order by issues.source_row, issues.column_name
"""


def loaded_months(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The warehouse's current rows of the years of the file waiting in `incoming` (the
    office's other files' months), read once for what judges the file's refunds
    (`ingest.anggaran.refunds_beyond_loaded`) and its Realisasi (`judge`): one row per
    loaded line (or account) and month, with its file's label, `line_of`, `line`, `account`,
    `tahun`, `bulan`, `realisasi` (rupiah), `pagu` and `revenue`."""
    return con.execute(_LOADED).df()


@dataclass
class _Year:
    """What one year's figures showed; each list holds one message clause per line (or per
    row for Sisa). `differing`: lines whose two readings give different figures, of which
    `settled` fell themselves."""

    sisa_cumulative: list[str] = field(default_factory=list)
    sisa_monthly: int = 0
    falls: list[str] = field(default_factory=list)
    rises: list[str] = field(default_factory=list)
    below_zero: list[str] = field(default_factory=list)
    over_pagu: list[str] = field(default_factory=list)
    differ: list[str] = field(default_factory=list)
    differing: int = 0
    settled: int = 0

    def monthly(self) -> bool:
        """Whether the falls show the column to be each month's own: two lines falling, no
        fewer than the lines rising in each of three months or more (a cumulative report's
        shape: a few lines falling among them are corrections), or every line whose readings
        differ falling itself. One line among others may be a payment reversed or moved to
        another sumber dana, which a cumulative line shows too."""
        return ((len(self.falls) >= 2 and len(self.falls) >= len(self.rises))
                or bool(self.below_zero)
                or (bool(self.falls) and self.settled == self.differing))


def judge(con: duckdb.DuckDBPyConnection, header: Header, loaded: pd.DataFrame) -> str | None:
    """Decide the Realisasi of the file whose valid rows wait in the temp table `incoming`
    (see the module), with the months loaded before (`loaded_months`). Returns the ledger
    note saying what showed it to be each month's own figure, or None when the header says
    so or nothing needed settling. Raises
    `FileRejected` naming the row, the figures and how to settle it when it is cumulative or
    nothing in the file or the warehouse says which."""
    written = header.written
    spellings = header.spellings.get("realisasi") or [written.get("realisasi", "realisasi")]
    if all(is_months_own(spelling) for spelling in spellings):
        return None
    realisasi = next(spelling for spelling in spellings if not is_months_own(spelling))
    own = con.execute(_OWN).df()
    if own.empty:
        return None
    years = sorted(int(year) for year in own["tahun"].unique())
    quarantined: dict[tuple[int, int], tuple[int, str]] = {}
    for tahun, bulan, row, column in con.execute(_QUARANTINED).fetchall():
        quarantined.setdefault((int(tahun), int(bulan)), (int(row), column))
    note = None
    for year in years:
        shown = _judge_year(own[own["tahun"] == year], loaded[loaded["tahun"] == year],
                            header, year, {bulan: found for (tahun, bulan), found
                                           in quarantined.items() if tahun == year})
        if shown.sisa_cumulative and not shown.sisa_monthly:
            raise FileRejected(_(
                "the {realisasi} column is cumulative (from January through each month), as "
                "the file's own {sisa} column shows: {where}; adding the months would count "
                "the earlier ones again. Give each month's own figure (a 'Realisasi Bulan "
                "Ini' column)", realisasi=realisasi, sisa=written.get("sisa", "sisa"),
                where=shown.sisa_cumulative[0]))
        if shown.sisa_monthly and not shown.sisa_cumulative:
            note = note or ngettext(
                "{realisasi} read as each month's own figure, as the {sisa} column shows: the "
                "pagu less the year's spending so far on {count} row",
                "{realisasi} read as each month's own figure, as the {sisa} column shows: the "
                "pagu less the year's spending so far on {count} rows", shown.sisa_monthly,
                realisasi=realisasi, sisa=written.get("sisa", "sisa"), count=shown.sisa_monthly)
            continue
        falls = shown.below_zero + shown.falls
        if falls and shown.over_pagu:
            raise FileRejected(_(
                "the {realisasi} column reads both ways: {fall}, which a figure from January "
                "through the month cannot, yet {over}, which each month's own figure should "
                "not. The file is not loaded: correct the figures, or write the header as "
                "'Realisasi Bulan Ini' if they are each month's own (a line spent beyond its "
                "pagu is then a finding)", realisasi=realisasi, fall=falls[0],
                over=shown.over_pagu[0]))
        if shown.over_pagu:
            raise FileRejected(_(
                "the {realisasi} column is cumulative (from January through each month), as "
                "the pagu shows: {over}, while read from January through the month it stays "
                "within it; adding the months would count the earlier ones again. Give each "
                "month's own figure (a 'Realisasi Bulan Ini' column)", realisasi=realisasi,
                over=shown.over_pagu[0]))
        if shown.monthly():
            note = note or _("{realisasi} read as each month's own figure: {fall}, which a "
                             "figure from January through the month cannot",
                             realisasi=realisasi, fall=falls[0])
            continue
        if len(falls) >= 2 and shown.rises:
            raise FileRejected(_(
                "the {realisasi} column reads both ways: {fall}, and {falling} lines fall so, "
                "which a figure from January through the month cannot, yet {rising} lines rise "
                "in every one of their months, as such a figure does ({rise}): in a cumulative "
                "report a few lines falling are corrections. The file is not loaded: write the "
                "header as 'Realisasi Bulan Ini' if the figures are each month's own, or give "
                "each month's own figure if they are cumulative", realisasi=realisasi,
                fall=falls[0], falling=len(falls),
                rising=len(shown.rises), rise=shown.rises[0]))
        if shown.differ:
            raise FileRejected(_(
                "the {realisasi} column may be each month's own figure or cumulative (from "
                "January through the month), and nothing settles which: {where}. Adding "
                "cumulative months would count the earlier ones again, so the file is not "
                "loaded. A month's own figure shows itself when lines fall to half or less from "
                "one month to a later one, a cumulative one when a line's months add up to more "
                "than its pagu; these figures show neither (one line falling may be a payment "
                "reversed or moved). If they are each month's own figures, "
                "write the header as 'Realisasi Bulan Ini' or give a Sisa column (the pagu less "
                "the year's spending so far); if they are cumulative, give each month's own "
                "figure", realisasi=realisasi, where=shown.differ[0]))
    return note


def _judge_year(own: pd.DataFrame, loaded: pd.DataFrame, header: Header, year: int,
                quarantined: dict[int, tuple[int, str]]) -> _Year:
    """What one year's lines show (see the module). `own`: the file's rows of the year
    (`_OWN`); `loaded`: the warehouse's rows of the year (`_LOADED`), of which only the
    months the file does not hold, before its last, are compared; `quarantined`: per month
    of the year, the first of the file's rows quarantined (its row, its column as the file
    writes it), which a month missing from the loaded rows is named by."""
    months = set(own["bulan"].astype(int))
    loaded = loaded[~loaded["bulan"].isin(months) & (loaded["bulan"] < max(months))]
    known = months | set(loaded["bulan"].astype(int))
    missing = [m for m in range(1, max(months)) if m not in known]
    shown = _Year()
    first_rows = own.drop_duplicates(["line", "bulan"]).assign(summed=False)
    if not loaded.empty and first_rows["account"].notna().any() != \
            loaded["account"].notna().any():
        first_rows, loaded = _per_line(first_rows), _per_line(loaded)
    # every line's months in one frame, sorted once: the lines in the file's order, each
    # line's months in order, the file's own before a loaded one
    order = {line: at for at, line in enumerate(pd.unique(first_rows["line"]))}
    steps = pd.concat([first_rows.assign(label=None), loaded[loaded["line"].isin(order)]])
    steps = steps.assign(order=steps["line"].map(order)).sort_values(
        ["order", "bulan", "label"], na_position="first", kind="stable")
    for _line, rows in steps.groupby("order", sort=False):
        _judge_line(rows, header, year, missing, shown, quarantined)
    return shown


def _per_line(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows per budget line and month: a line-month's belanja accounts added up (its first
    row named; no Sisa), else its line row, so files written at either level compare."""
    rows = rows.assign(line=rows["line_of"])
    accounts = rows[rows["account"].notna()]
    summed = accounts.groupby(["line", "bulan"], as_index=False, sort=False).agg(
        **{name: (name, "first") for name in rows.columns
           if name not in ("line", "bulan", "realisasi", "pagu", "sisa", "revenue")},
        realisasi=("realisasi", "sum"), pagu=("pagu", "sum"), revenue=("revenue", "any"))
    summed = summed.assign(sisa=float("nan"), summed=True)
    keys = set(zip(summed["line"], summed["bulan"], strict=True))
    lines = rows[rows["account"].isna()]
    lines = lines[[(line, bulan) not in keys
                   for line, bulan in zip(lines["line"], lines["bulan"], strict=True)]]
    return pd.concat([lines, summed], ignore_index=True)


def _judge_line(steps: pd.DataFrame, header: Header, year: int, missing: list[int],
                shown: _Year, quarantined: dict[int, tuple[int, str]]) -> None:
    """One line's months in order, the file's (`label` None) and the loaded ones; a month
    missing is named as quarantined when the file's rows of it were (`_judge_year`)."""
    latest: pd.Series | None = None  # the file's latest earlier month of the line
    loaded_since = 0.0  # what the loaded months after `latest` spent
    loaded_months: list[str] = []  # those months, each with the file it came from
    spent_before: pd.Series | None = None  # an earlier month that spent something
    added = 0.0
    fell = differs = False
    own: list = []  # the file's steps of the line
    for step in steps.itertuples(index=False):
        value = float(step.realisasi)
        if pd.isna(step.label):
            own.append(step)
        else:
            loaded_since += value
            added += value
            loaded_months.append(_("{month} from {label}", month=month(int(step.bulan)),
                                   label=step.label))
            if abs(value) > _EQUAL and spent_before is None:
                spent_before = pd.Series(step._asdict())
            continue
        row = header.shown(int(step.source_row))
        if value < -_EQUAL and int(step.bulan) > 1 and not step.revenue and not shown.below_zero:
            shown.below_zero.append(_(
                "on row {row} ({month}) it is {value}, below zero", row=row,
                month=month(int(step.bulan)), value=_figure(step)))
            fell = True
        floor = (float(latest.realisasi) if latest is not None else 0.0) + loaded_since
        if (value < floor - _EQUAL and value <= floor * _REFUND_AT_MOST
                and (latest is not None or loaded_months)):
            if not fell:
                shown.falls.append(_fall(step, latest, loaded_months, floor, header))
            fell = True
        added += value
        if pd.notna(step.sisa) and pd.notna(step.pagu) and abs(added - value) > _EQUAL:
            cumulative = abs(float(step.sisa) - (float(step.pagu) - value)) <= _EQUAL
            monthly = abs(float(step.sisa) - (float(step.pagu) - added)) <= _EQUAL
            if monthly and not cumulative:
                shown.sisa_monthly += 1
            elif cumulative and not monthly:
                shown.sisa_cumulative.append(_(
                    "on row {row} ({month}) {sisa_column} {sisa} is {pagu} less that row's "
                    "{realisasi_column} {value} alone, not less the {so_far} spent in the year "
                    "so far", row=row, month=month(int(step.bulan)),
                    sisa_column=header.written.get("sisa", "sisa"), sisa=rupiah(step.sisa),
                    pagu=rupiah(step.pagu),
                    realisasi_column=header.written.get("realisasi", "realisasi"),
                    value=rupiah(value), so_far=rupiah(added)))
        before = [m for m in missing if m < int(step.bulan)]
        if int(step.bulan) > 1 and (before or spent_before is not None):
            differs = True
        if int(step.bulan) > 1 and not shown.differ:
            if before and before[0] in quarantined:
                held, column = quarantined[before[0]]
                shown.differ.append(_(
                    "row {row} is of {month} {year}, and the file's rows of {earlier} {year} "
                    "were quarantined (row {quarantined}, column {column}), so {earlier} is not "
                    "loaded (correct that row and send the file again, or settle it as below)",
                    row=row, month=month(int(step.bulan)), year=year,
                    earlier=month(before[0]), quarantined=header.shown(held), column=column))
            elif before:
                shown.differ.append(_(
                    "row {row} is of {month} {year}, and {earlier} of {year} is neither in the "
                    "file nor loaded (load the year's earlier months first, or settle it as "
                    "below)", row=row, month=month(int(step.bulan)), year=year,
                    earlier=month(before[0])))
            elif spent_before is not None:
                shown.differ.append(_step(step, spent_before, header))
        if abs(value) > _EQUAL and spent_before is None:
            spent_before = pd.Series(step._asdict())
        latest, loaded_since, loaded_months = step, 0.0, []
    shown.differing += differs
    shown.settled += differs and fell
    figures = [float(step.realisasi) for step in own]
    if (not fell and len(figures) >= 3 and figures[-1] > figures[0] + _EQUAL
            and all(later >= earlier - _EQUAL
                    for earlier, later in zip(figures, figures[1:], strict=False))):
        shown.rises.append(_(
            "row {row}'s line ({kode}) from {first} in {first_month} to {last} in "
            "{last_month}", row=header.shown(int(own[-1].source_row)), kode=own[-1].kode_rekening,
            first=_figure(own[0]), first_month=month(int(own[0].bulan)),
            last=_figure(own[-1]), last_month=month(int(own[-1].bulan))))
    pagu = steps["pagu"].max()
    cumulative_total = (float(latest.realisasi) if latest is not None else 0.0) + loaded_since
    if (not fell and not steps["revenue"].any() and latest is not None and pd.notna(pagu)
            and added > float(pagu) + _EQUAL
            and cumulative_total <= float(pagu) + _EQUAL):
        shown.over_pagu.append(_(
            "the months of row {row}'s line ({kode}) add up to {added}, more than its pagu "
            "{pagu}", row=header.shown(int(latest.source_row)), kode=latest.kode_rekening,
            added=rupiah(added), pagu=rupiah(pagu)))


def _fall(step, latest, loaded_months: list[str], floor: float, header: Header) -> str:
    """Where and how a line's figure falls below what a cumulative figure must reach."""
    row = header.shown(int(step.source_row))
    if not loaded_months:
        return _("on rows {before_row} and {row} ({before_month} and {month}) it falls from "
                 "{before} to {value}", before_row=header.shown(int(latest.source_row)),
                 row=row, before_month=month(int(latest.bulan)), month=month(int(step.bulan)),
                 before=rupiah(floor), value=_figure(step))
    return _("on row {row} ({month}) it is {value}, less than the {before} the same line "
             "spent before it (with {months})", row=row, month=month(int(step.bulan)),
             value=_figure(step), before=rupiah(floor), months=", ".join(loaded_months))


def _step(step, before: pd.Series, header: Header) -> str:
    """A row whose month's own figure depends on the reading: its line spent before it."""
    row = header.shown(int(step.source_row))
    if pd.isna(before.get("label")):
        return _("on row {row} ({month}) {value} follows {before} on row {before_row} "
                 "({before_month}) of the same line", row=row, month=month(int(step.bulan)),
                 value=_figure(step), before=_figure(before),
                 before_row=header.shown(int(before["source_row"])),
                 before_month=month(int(before["bulan"])))
    return _("on row {row} ({month}) {value} follows {before} in {before_month} of the same "
             "line from {label}", row=row, month=month(int(step.bulan)),
             value=_figure(step), before=_figure(before),
             before_month=month(int(before["bulan"])), label=before["label"])


def _figure(step) -> str:
    """A line-month's realisation as a message gives it; added up from its belanja accounts
    when the file and the loaded months are written at different levels (`_per_line`)."""
    summed = step["summed"] if isinstance(step, pd.Series) else getattr(step, "summed", False)
    if summed is True:
        return _("{value} (its belanja accounts together)", value=rupiah(step["realisasi"]
                 if isinstance(step, pd.Series) else step.realisasi))
    return rupiah(step["realisasi"] if isinstance(step, pd.Series) else step.realisasi)

