"""Whether a budget file's amounts are a thousand times off what is loaded.

`ingest.scale` reads the unit a file states (`Pagu (Rp 000)`, a title `dalam ribuan rupiah`)
and trusts it: nothing in one file shows whether its figures honour it. February's LRA made
from January's template keeps `Pagu (Rp 000)` over full-rupiah figures (245.000.000 read as
Rp 245 miliar); a file stating no unit is written in thousands (245.000 for Rp 245 juta).
What is loaded shows it, on the figures a line keeps from file to file:

- **The same year.** A line's Pagu Murni (a sub kegiatan with its sumber dana, jenis and
  kelompok, `ingest.anggaran.LINE_OF`; a file per belanja account added up per line and
  month) is the same in every month's file of a year, and so is its Pagu Perubahan once the
  APBD-P is set. The file's lines are compared with the loaded ones of the same year, of the
  months the file does not hold (those it holds it replaces). A line whose figure is 1.000
  (or 1.000.000, 1.000.000.000) times the loaded one, or that share of it, within a factor
  of 1,26 either way (`_BAND`, a tenth of a power of ten: a figure in thousands rounded to
  whole thousands stays within it above Rp 5.000), is no revision. Proof: two lines or more
  off by the same factor, more than half the lines both hold with a figure other than 0.
  One line so (a typo, a revision) or a few among agreeing lines refuse nothing.
- **The file's own months.** The same holds between the months of one file (a workbook of a
  sheet per month, a CSV of several months): each month is judged against each earlier one
  of its year by the same proof, with or without anything loaded; the refusal names both
  months and both rows (with their sheets).
- **The row's own pagu.** A spending row's Realisasi (a month's or cumulative) ten times its
  Pagu (Perubahan when set, else Murni) or more, and within a factor of 1,26 of 1.000
  (1.000.000, 1.000.000.000) times a share of it from a hundredth to the whole, is spending
  read so many times too large (`Realisasi (Rp 000)` kept over rupiah beside `Pagu (Rp)`).
  Proof: two rows or more off by the same factor, more than half the spending rows holding
  both other than 0 (a file per belanja account: each account against its own pagu). Only
  that direction: a Realisasi far below its pagu is little spent. Revenue lines' pagu is a
  target that may be passed: not judged.
- **Another year.** With no line of the year loaded, the nearest loaded year sharing lines
  (the earlier one on a tie): budgets change from year to year, some lines tenfold, so
  proof takes three shared lines or more and four in five of them off by the same factor,
  each within half a power of ten of it (`_OTHER_YEAR_BAND`: a DPA in thousands whose lines
  also grew a third or fell by half is still a thousandth of last year's).
- **Belanja accounts.** A file of some belanja accounts of each line is added up against the
  line's figure too:
  should every line's accounts add up to about a thousandth of it, such a file is refused
  (it cannot be told from a file of every account written in thousands).
- **Nothing loaded to compare.** One line (a sub kegiatan, its accounts added up) holding,
  in a month, a Pagu or a Realisasi above `times` x the office's whole budget of a
  documented year (`budget_ceiling` in `sources.yml`: ten times DP3A NTT's Rp
  6.892.432.255 of 2023, so Rp 68,9 miliar) is figures in a smaller unit than stated: no
  line of an office can outgrow the whole office tenfold. It is judged always, loaded lines
  or not, after them. Then the file's lines of one year and month added up (a Pagu, a
  Realisasi): each line may stay below the ceiling (Rp 27 to 45 juta written in full under
  `Pagu Murni (Rp 000)`, Rp 27 to 45 miliar each), yet the lines of one month of one office
  never add up to ten times its whole budget. Per month, never over a year's months (a
  line's pagu is repeated in every month, a cumulative Realisasi repeats the months before).
  The refusal names the sum, the ceiling and the unit that brings the sum below it (*angka
  di bawah 'Pagu Murni (Rp 000)' tampaknya sudah dalam rupiah penuh*). A file whose lines
  of a month add up to less (below Rp 68,9 juta when read right) passes unseen.

Such a file is refused (`FileRejected`): the message names the column as the file writes
it, the unit it states (or that it states none), one line by its code (never its uraian,
which may name a person), both figures, the loaded file it disagrees with, and what to
correct. Nothing of it is written.

Known limits. The months a file holds are not compared with the loaded ones of those months
(it replaces them: that is how an officer corrects a month loaded in the wrong unit), so a
month sent again in the wrong unit replaces the right one unseen when nothing else loaded
of its year disagrees. Two months both loaded in the wrong unit agree with each other and
block each correction sent alone: one file holding both months mends them (the refusal says
so when the file it disagrees with is of the same year). One line off by a thousand (a file
of one line) is no proof and loads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from core.i18n import _, month, number, rupiah
from ingest.anggaran import AKUN, LINE_OF
from ingest.errors import FileRejected
from ingest.headers import Header
from ingest.scale import Scale, stated_factor, unit_name
from schemas.spec import source

# The amounts compared, by their canonical names.
_AMOUNTS = ("pagu_murni", "pagu_perubahan")
# The factors a figure may be off by: a unit stated wrong by thousands, millions, billions.
_POWERS = (3, 6, 9)
# How far (in powers of ten) a line's ratio may lie from such a factor: 10 ** 0.1 = 1,26.
_BAND = 0.1
# Rupiah below which a figure counts as 0 (zero is zero in any unit).
_ZERO = 0.5
# The same year: at least this many lines off by one factor, and more than half the shared.
_SAME_YEAR_LINES = 2
# Another year: at least this many shared lines, and this share of them off by one factor.
_OTHER_YEAR_LINES = 3
_OTHER_YEAR_SHARE = 0.8
# Another year's lines change too (a third more, half less): a line counts as off when it is
# within half a power of ten of such a factor (1/3.162 to 3,16 times it). No genuine budget
# has four lines in five three hundred times (or a three-hundredth of) last year's.
_OTHER_YEAR_BAND = 0.5

# The file's amounts per line, year and month: a line row's own figure, else its belanja
# accounts added up (a line row beside its accounts is their subtotal, `anggaran.settle`).
_PER_LINE_MONTH = f"""
    select tahun, bulan, ({LINE_OF})::varchar as line_of,
        coalesce(sub_kegiatan_kode, akun_kode) as kode, min(source_row) as source_row,
        {", ".join(f'''coalesce(max({name}) filter (where akun_belanja_kode is null),
                    sum({name})) as {name}''' for name in _AMOUNTS)},
        coalesce(max(realisasi) filter (where akun_belanja_kode is null),
                 sum(realisasi)) as realisasi
    from incoming
    where coalesce(tingkat, '{AKUN}') = '{AKUN}' and tahun is not null
        and coalesce(sub_kegiatan_kode, akun_kode) is not null
    group by all
"""

# One figure per line and year: its first month's in the file; the latest loaded file's
# in the warehouse (its label too).
_OWN = f"""
    select tahun, line_of, arg_min(kode, bulan) as kode, arg_min(source_row, bulan) as source_row,
        {", ".join(f"arg_min({name}, bulan) as {name}" for name in _AMOUNTS)}
    from ({_PER_LINE_MONTH})
    group by all
"""

_LOADED = f"""
    with loaded as (
        select r.*, r.ingest_id as file_id,
            coalesce(l.file_label, 'anggaran #' || r.ingest_id) as label
        from raw.anggaran as r
        inner join raw.ingest_ledger as l on r.ingest_id = l.ingest_id
        where not exists (select 1 from incoming as i
                          where i.tahun = r.tahun and i.bulan = r.bulan)
            and ({LINE_OF})::varchar in (select ({LINE_OF})::varchar from incoming)
    ),
    per_month as (
        select tahun, bulan, ({LINE_OF})::varchar as line_of, file_id, label,
            {", ".join(f'''coalesce(max({name}) filter (where akun_belanja_kode is null),
                        sum({name})) as {name}''' for name in _AMOUNTS)}
        from loaded
        where coalesce(tingkat, '{AKUN}') = '{AKUN}'
        group by all
    )
    select tahun, line_of, arg_max(label, (file_id, bulan)) as label,
        {", ".join(f"arg_max({name}, (file_id, bulan)) as {name}" for name in _AMOUNTS)}
    from per_month
    group by all
"""

# Each spending row holding a Realisasi and a pagu (Perubahan when set, else Murni) other
# than 0, with the two (a revenue line's pagu is a target that may be passed).
_SPENDING = f"""
    select coalesce(akun_belanja_kode, sub_kegiatan_kode, akun_kode) as kode, source_row,
        realisasi,
        case when abs(pagu_perubahan) > {_ZERO} then 'pagu_perubahan' else 'pagu_murni' end
            as pagu_column,
        case when abs(pagu_perubahan) > {_ZERO} then pagu_perubahan else pagu_murni end
            as pagu
    from incoming
    where coalesce(tingkat, '{AKUN}') = '{AKUN}'
        and not coalesce(kelompok = 'Pendapatan' or akun_kode like '4%', false)
        and abs(realisasi) > {_ZERO}
        and abs(coalesce(nullif(pagu_perubahan, 0), pagu_murni)) > {_ZERO}
    order by source_row
"""

# The file's largest line-month of an amount above a ceiling, the earliest first.
_ABOVE = f"""
    select tahun, bulan, kode, source_row, {{name}} as figure
    from ({_PER_LINE_MONTH})
    where {{name}} > ?
    order by tahun, bulan, {{name}} desc, source_row
    limit 1
"""

# The file's lines of a year and month added up, of an amount above a ceiling (a line's
# pagu is the same in every month, so a year's months are never added up), the earliest
# first.
_SUM_ABOVE = f"""
    select tahun, bulan, count(*) as lines, sum({{name}}) as total
    from ({_PER_LINE_MONTH})
    where {{name}} is not null
    group by tahun, bulan
    having sum({{name}}) > ?
    order by tahun, bulan
    limit 1
"""


@dataclass(frozen=True)
class _Off:
    """Lines of the file off by one factor from the loaded lines (or another month of the
    file: `label` empty, `loaded_row` its row) they share."""

    amount: str  # canonical column
    power: int  # the file's figure is 10 ** power times the loaded one (negative: smaller)
    lines: pd.DataFrame  # the lines off, the file's first first
    shared: int  # the lines both hold with figures other than 0
    year: int  # the file's year
    loaded_year: int  # the loaded lines' year


def judge(con: duckdb.DuckDBPyConnection, header: Header, scales: dict[str, Scale]) -> None:
    """Refuse the file whose valid rows wait in the temp table `incoming` when its amounts
    are a thousand (a million, a billion) times off each other from month to month, or off
    the loaded lines of its year or the nearest other year, when its Realisasi is so many
    times the same row's pagu, or when a line is above the ceiling (see the module).
    `scales`: the units the file states (`ingest.scale.column_scales`), for the message.
    Raises `FileRejected`."""
    _within_file(con, header, scales)
    _against_loaded(con, header, scales)
    _realisasi_against_pagu(con, header, scales)
    _ceiling(con, header, scales)


def _within_file(con: duckdb.DuckDBPyConnection, header: Header,
                 scales: dict[str, Scale]) -> None:
    """The file's months of a year against each other: each month (the later) against each
    earlier one, by the same-year proof."""
    per = con.execute(_PER_LINE_MONTH).df()
    for (year, later), mine in per.groupby(["tahun", "bulan"]):
        for earlier in sorted(int(bulan) for bulan in per.loc[
                (per["tahun"] == year) & (per["bulan"] < later), "bulan"].unique()):
            other = per[(per["tahun"] == year) & (per["bulan"] == earlier)].rename(
                columns={"source_row": "loaded_row"})
            for amount in _AMOUNTS:
                off = _off(mine, other.assign(label=""), amount, int(year), int(year))
                if off is not None and len(off.lines) >= _SAME_YEAR_LINES \
                        and 2 * len(off.lines) > off.shared:
                    _refuse_months(off, int(later), earlier, header, scales)


def _refuse_months(off: _Off, later: int, earlier: int, header: Header,
                   scales: dict[str, Scale]) -> None:
    """Raise `FileRejected` naming two months of the file apart by a factor (its rows with
    their sheets, when the workbook has several)."""
    line = off.lines.iloc[0]
    written = header.written.get(off.amount, off.amount)
    factor = 10 ** abs(off.power)
    scale = scales.get(off.amount)
    raise FileRejected(_(
        "{column} states {unit}, yet its figures of {month} {year} are {how} those of "
        "{other_month} {year} in the same file on {count} of the {shared} lines both months "
        "hold: {kode} holds {figure} in row {row} and {other} in row {other_row}. A line's "
        "{column} is the same in every month of a year: so many lines apart by a factor of "
        "{factor} are no revision, but months written in different units. Write every "
        "month's figures in {stated}, the unit the file states for all of them, or correct "
        "the month that is not", column=written, unit=_stated_unit(off.amount, header, scales),
        month=month(later), year=off.year, how=_how(off.power), other_month=month(earlier),
        count=len(off.lines), shared=off.shared, kode=line["kode"],
        figure=rupiah(line[off.amount]), row=header.shown(int(line["source_row"])),
        other=rupiah(line["loaded"]), other_row=header.shown(int(line["loaded_row"])),
        factor=number(factor), stated=unit_name(scale.factor if scale else 1)))


def _against_loaded(con: duckdb.DuckDBPyConnection, header: Header,
                    scales: dict[str, Scale]) -> None:
    """The file's lines against the loaded lines of its year, else of the nearest year."""
    own = con.execute(_OWN).df()
    if own.empty:
        return
    loaded = con.execute(_LOADED).df()
    if loaded.empty:
        return
    for year in sorted(int(year) for year in own["tahun"].unique()):
        mine = own[own["tahun"] == year]
        same = loaded[loaded["tahun"] == year]
        if not same.empty and _shared(mine, same, "pagu_murni")[0] + _shared(
                mine, same, "pagu_perubahan")[0]:
            for amount in _AMOUNTS:
                off = _off(mine, same, amount, year, year)
                if off is not None and len(off.lines) >= _SAME_YEAR_LINES \
                        and 2 * len(off.lines) > off.shared:
                    _refuse(off, header, scales)
            continue
        other = _nearest(mine, loaded[loaded["tahun"] != year], year)
        if other is None:
            continue
        off = _off(mine, loaded[loaded["tahun"] == other], "pagu_murni", year, other,
                   band=_OTHER_YEAR_BAND)
        if off is not None and off.shared >= _OTHER_YEAR_LINES \
                and len(off.lines) >= _OTHER_YEAR_SHARE * off.shared:
            _refuse(off, header, scales)


def _shared(mine: pd.DataFrame, loaded: pd.DataFrame, amount: str
            ) -> tuple[int, pd.DataFrame]:
    """How many lines both hold with `amount` other than 0, and those lines, each with the
    file's figure (`amount`), the loaded one (`loaded`), its file's `label` and, when
    `loaded` is another month of the file, its row (`loaded_row`)."""
    kept = [name for name in ("line_of", "label", "loaded_row", amount) if name in loaded]
    both = mine.merge(loaded[kept].rename(columns={amount: "loaded"}), on="line_of")
    both = both[(both[amount].abs() > _ZERO) & (both["loaded"].abs() > _ZERO)]
    return len(both), both


def _off(mine: pd.DataFrame, loaded: pd.DataFrame, amount: str, year: int,
         loaded_year: int, band: float = _BAND) -> _Off | None:
    """The factor most of the shared lines are off by (within `band` powers of ten of it),
    with those lines; None when none is."""
    shared, both = _shared(mine, loaded, amount)
    if not shared:
        return None
    exponent = (both[amount] / both["loaded"]).abs().map(math.log10)
    best = None
    for power in (*_POWERS, *(-power for power in _POWERS)):
        lines = both[(exponent - power).abs() <= band].sort_values("source_row")
        if len(lines) and (best is None or len(lines) > len(best.lines)):
            best = _Off(amount, power, lines, shared, year, loaded_year)
    return best


def _nearest(mine: pd.DataFrame, loaded: pd.DataFrame, year: int) -> int | None:
    """The loaded year nearest `year` sharing a line with the file (the earlier on a tie)."""
    years = sorted({int(other) for other in loaded.loc[
        loaded["line_of"].isin(mine["line_of"]), "tahun"]},
        key=lambda other: (abs(other - year), other))
    return years[0] if years else None


def _refuse(off: _Off, header: Header, scales: dict[str, Scale]) -> None:
    """Raise `FileRejected` naming the file's first line off and the loaded one (module)."""
    line = off.lines.iloc[0]
    written = header.written.get(off.amount, off.amount)
    factor = 10 ** abs(off.power)
    unit = _stated_unit(off.amount, header, scales)
    if off.year == off.loaded_year:
        why = _("A line's {column} is the same in every month's file of a year: so many lines "
                "apart by a factor of {factor} are no revision, but figures in another unit "
                "than stated", column=written, factor=number(factor))
    else:
        why = _("Budgets change from year to year, but not nearly every line by a factor of "
                "{factor}: these are figures in another unit than stated",
                factor=number(factor))
    raise FileRejected(_(
        "{column} states {unit}, yet its figures are {how} those loaded for the same lines "
        "of {loaded_year} on {count} of the {shared} lines both hold: {kode} (row {row}) "
        "holds {figure} here and {loaded} in {label}. {why}. {fix}{several}",
        column=written, unit=unit, how=_how(off.power), loaded_year=off.loaded_year,
        count=len(off.lines), shared=off.shared, kode=line["kode"],
        row=header.shown(int(line["source_row"])), figure=rupiah(line[off.amount]),
        loaded=rupiah(line["loaded"]), label=line["label"], why=why,
        fix=_fix(written, scales.get(off.amount), off.power, str(line["label"])),
        several=_(". If several loaded months of {year} are in the wrong unit, load them "
                  "again corrected in one file: the months a file holds replace the loaded "
                  "ones and are not compared with them", year=off.year)
        if off.year == off.loaded_year else ""))


def _how(power: int) -> str:
    """`1,000 times` (power 3) or `1/1,000 of` (power -3)."""
    factor = number(10 ** abs(power))
    return _("{factor} times", factor=factor) if power > 0 else _("1/{factor} of",
                                                                    factor=factor)


def _fix(written: str, scale: Scale | None, power: int, label: str) -> str:
    """What to correct when the file's figures are 10 ** `power` times those of the loaded
    file `label`: the unit they are in, where the file states it (its header, its title),
    when it is one a file can state; else the loaded file, if the figures are in the unit
    stated."""
    stated = scale.factor if scale else 1
    meant = (stated * 10 ** -power if power < 0
             else stated // 10 ** power if stated % 10 ** power == 0 else None)
    if meant not in (1, 1_000, 1_000_000, 1_000_000_000):
        return _("The figures are {how} the loaded ones: if they are in {stated}, {label} is "
                 "the file in the wrong unit: correct it and load it again first; else state "
                 "the unit they are in", how=_how(power), stated=unit_name(stated),
                 label=label)
    return _("If the figures are in {meant}, state that unit in {place}, or write them in "
             "{stated}; or, if {label} is the file in the wrong unit, correct it and load it "
             "again first", meant=unit_name(meant), place=_place(written, scale),
             stated=unit_name(stated), label=label)


def _place(written: str, scale: Scale | None) -> str:
    """Where a column's unit is stated: its header (or, stating none, the title too), or the
    title row that states it."""
    return (_("the header '{column}' (or the title)", column=written) if scale is None
            else _("the header '{column}'", column=written) if scale.where == written
            else scale.where)


def _stated_unit(amount: str, header: Header, scales: dict[str, Scale]) -> str:
    """The unit the file states for `amount` and where, or that it states none."""
    written = header.written.get(amount, amount)
    if amount in scales:
        scale = scales[amount]
        if scale.where == written:
            return _("{unit}, as its header says", unit=unit_name(scale.factor))
        return _("{unit}, as {where} says", unit=unit_name(scale.factor), where=scale.where)
    try:
        if stated_factor(written) == 1:
            return _("rupiah, as its header says")
    except ValueError:
        pass
    return _("no unit (read as rupiah)")


def _realisasi_against_pagu(con: duckdb.DuckDBPyConnection, header: Header,
                            scales: dict[str, Scale]) -> None:
    """Refuse the file whose Realisasi is ten times the same row's pagu or more on two rows
    or more and more than half the spending rows holding both, each within a factor of 1,26
    of a thousand (a million, a billion) times a share of its pagu from a hundredth to the
    whole: spending read so many times too large (see the module)."""
    rows = con.execute(_SPENDING).df()
    if rows.empty:
        return
    ratio = rows["realisasi"] / rows["pagu"]
    best = None
    for power in _POWERS:
        off = rows[(ratio >= 10.0 ** (power - 2)) & (ratio <= 10 ** (power + _BAND))]
        if len(off) and (best is None or len(off) > len(best[1])):
            best = power, off
    if best is None:
        return
    power, off = best
    if len(off) < _SAME_YEAR_LINES or 2 * len(off) <= len(rows):
        return
    line = off.iloc[0]
    written = header.written.get("realisasi", "realisasi")
    pagu = header.written.get(line["pagu_column"], line["pagu_column"])
    scale, pagu_scale = scales.get("realisasi"), scales.get(line["pagu_column"])
    stated = scale.factor if scale else 1
    factor = 10 ** power
    if stated % factor == 0:
        fix = _("If the figures are in {meant}, state that unit in {place}, or write them in "
                "{stated}", meant=unit_name(stated // factor), place=_place(written, scale),
                stated=unit_name(stated))
    else:
        pagu_stated = pagu_scale.factor if pagu_scale else 1
        fix = _("If the figures of {pagu} are in {meant}, state that unit in {place}; else "
                "the figures of {column} are not in {stated}: correct them",
                pagu=pagu, meant=unit_name(pagu_stated * factor),
                place=_place(pagu, pagu_scale), column=written, stated=unit_name(stated))
    raise FileRejected(_(
        "{column} states {unit}, yet on {count} of the {shared} spending rows holding it and "
        "a pagu it is ten times the same row's pagu or more, as if read {factor} times too "
        "large: {kode} (row {row}) holds {figure} against {pagu} {pagu_figure}. No line "
        "spends ten times its pagu: the figures are in a smaller unit than stated. {fix}",
        column=written, unit=_stated_unit("realisasi", header, scales), count=len(off),
        shared=len(rows), factor=number(factor), kode=line["kode"],
        row=header.shown(int(line["source_row"])), figure=rupiah(line["realisasi"]),
        pagu=pagu, pagu_figure=rupiah(line["pagu"]), fix=fix))


def _ceiling(con: duckdb.DuckDBPyConnection, header: Header, scales: dict[str, Scale]) -> None:
    """Refuse a file one line of which holds more than the `budget_ceiling` of `sources.yml`,
    or whose lines of one month add up to more than it."""
    ceiling = source("anggaran").budget_ceiling
    if not ceiling:
        return
    limit = float(ceiling["budget"]) * float(ceiling["times"])
    for name in (*_AMOUNTS, "realisasi"):
        above = con.execute(_ABOVE.format(name=name), [limit]).fetchone()
        if above is None:
            continue
        year, bulan, kode, row, figure = above
        written = header.written.get(name, name)
        scale = scales.get(name)
        fix = (_("The figures are likely in a smaller unit than stated: correct the unit in "
                 "{place}", place=_place(written, scale)) if scale
               else _("The figures are more than any line of the office holds: correct them"))
        raise FileRejected(_(
            "{column} states {unit}, yet its line {kode} (row {row}) holds {figure} in {month} "
            "{year}, more than {times} times the office's whole budget of {budget_year} "
            "({budget}): the ceiling set in sources.yml (budget_ceiling), {ceiling}. {fix}; "
            "if the budget has truly grown so, raise the ceiling", column=written,
            unit=_stated_unit(name, header, scales), fix=fix, kode=kode,
            row=header.shown(int(row)), figure=rupiah(figure), month=month(int(bulan)),
            year=int(year), times=number(int(ceiling["times"])),
            budget_year=int(ceiling["year"]), budget=rupiah(float(ceiling["budget"])),
            ceiling=rupiah(limit)))
    for name in (*_AMOUNTS, "realisasi"):
        above = con.execute(_SUM_ABOVE.format(name=name), [limit]).fetchone()
        if above is None:
            continue
        year, bulan, lines, total = above
        written = header.written.get(name, name)
        raise FileRejected(_(
            "{column} states {unit}, yet its {lines} lines of {month} {year} add up to "
            "{total}, more than {times} times the office's whole budget of {budget_year} "
            "({budget}): the ceiling set in sources.yml (budget_ceiling), {ceiling}. Each line "
            "is below it, but the office's lines of one month cannot add up to {times} times the "
            "whole office. {fix}; if the budget has truly grown so, raise the ceiling",
            column=written, unit=_stated_unit(name, header, scales), lines=number(lines),
            month=month(int(bulan)), year=int(year), total=rupiah(total),
            times=number(int(ceiling["times"])), budget_year=int(ceiling["year"]),
            budget=rupiah(float(ceiling["budget"])), ceiling=rupiah(limit),
            fix=_sum_fix(written, scales.get(name), float(total), limit)))


def _sum_fix(written: str, scale: Scale | None, total: float, limit: float) -> str:
    """What to correct when a month's lines of `written` add up to `total` rupiah, above
    `limit`: the unit a thousand (a million, a billion) times smaller than the one stated
    that brings the sum within the ceiling (full rupiah: `Pagu Murni (Rp 000)` kept over
    rupiah figures), when the file states one; else the figures."""
    stated = scale.factor if scale else 1
    meant = next((stated // 10 ** power for power in _POWERS if stated % 10 ** power == 0
                  and total / 10 ** power <= limit), None)
    if meant is None:
        return _("The figures are more than the office's lines can add up to: correct them")
    if meant == 1:
        return _("The figures under '{column}' seem to be in full rupiah already: write them "
                 "in {stated}, or state rupiah in {place}", column=written,
                 stated=unit_name(stated), place=_place(written, scale))
    return _("The figures under '{column}' seem to be in {meant}: write them in {stated}, or "
             "state {meant} in {place}", column=written, meant=unit_name(meant),
             stated=unit_name(stated), place=_place(written, scale))

