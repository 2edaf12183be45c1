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
- **Another year.** With no line of the year loaded, the nearest loaded year sharing lines
  (the earlier one on a tie): budgets change from year to year, some lines tenfold, so
  proof takes three shared lines or more and four in five of them off by the same factor.
- **Nothing loaded to compare.** One line (a sub kegiatan, its accounts added up) holding,
  in a month, a Pagu or a Realisasi above `times` x the office's whole budget of a
  documented year (`budget_ceiling` in `sources.yml`: ten times DP3A NTT's Rp
  6.892.432.255 of 2023, so Rp 68,9 miliar) is figures in a smaller unit than stated: no
  line of an office can outgrow the whole office tenfold. It is judged always, loaded lines
  or not, after them. A line, not the file's sum: a file of a thousand lines may hold
  several offices' or years' worth, and the ceiling must not say what it cannot know. A
  file whose every line is small (below Rp 68,9 juta when read right) passes unseen.

Such a file is refused (`FileRejected`): the message names the column as the file writes
it, the unit it states (or that it states none), one line by its code (never its uraian,
which may name a person), both figures, the loaded file it disagrees with, and what to
correct. Nothing of it is written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from core.i18n import _, month, number
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

# The file's largest line-month of an amount above a ceiling, the earliest first.
_ABOVE = f"""
    select tahun, bulan, kode, source_row, {{name}} as figure
    from ({_PER_LINE_MONTH})
    where {{name}} > ?
    order by tahun, bulan, {{name}} desc, source_row
    limit 1
"""


@dataclass(frozen=True)
class _Off:
    """Lines of the file off by one factor from the loaded lines they share."""

    amount: str  # canonical column
    power: int  # the file's figure is 10 ** power times the loaded one (negative: smaller)
    lines: pd.DataFrame  # the lines off, the file's first first
    shared: int  # the lines both hold with figures other than 0
    year: int  # the file's year
    loaded_year: int  # the loaded lines' year


def judge(con: duckdb.DuckDBPyConnection, header: Header, scales: dict[str, Scale]) -> None:
    """Refuse the file whose valid rows wait in the temp table `incoming` when its amounts
    are a thousand (a million, a billion) times off the loaded lines of its year or the
    nearest other year, or above the ceiling (see the module). `scales`: the units the file
    states (`ingest.scale.column_scales`), for the message. Raises `FileRejected`."""
    _against_loaded(con, header, scales)
    _ceiling(con, header, scales)


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
        off = _off(mine, loaded[loaded["tahun"] == other], "pagu_murni", year, other)
        if off is not None and off.shared >= _OTHER_YEAR_LINES \
                and len(off.lines) >= _OTHER_YEAR_SHARE * off.shared:
            _refuse(off, header, scales)


def _shared(mine: pd.DataFrame, loaded: pd.DataFrame, amount: str
            ) -> tuple[int, pd.DataFrame]:
    """How many lines both hold with `amount` other than 0, and those lines, each with the
    file's figure (`amount`), the loaded one (`loaded`) and its file's `label`."""
    both = mine.merge(loaded[["line_of", "label", amount]].rename(columns={amount: "loaded"}),
                      on="line_of")
    both = both[(both[amount].abs() > _ZERO) & (both["loaded"].abs() > _ZERO)]
    return len(both), both


def _off(mine: pd.DataFrame, loaded: pd.DataFrame, amount: str, year: int,
         loaded_year: int) -> _Off | None:
    """The factor most of the shared lines are off by, with those lines; None when none is."""
    shared, both = _shared(mine, loaded, amount)
    if not shared:
        return None
    exponent = (both[amount] / both["loaded"]).abs().map(math.log10)
    best = None
    for power in (*_POWERS, *(-power for power in _POWERS)):
        lines = both[(exponent - power).abs() <= _BAND].sort_values("source_row")
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
    how = (_("{factor} times", factor=number(factor)) if off.power > 0
           else _("1/{factor} of", factor=number(factor)))
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
        "holds {figure} here and {loaded} in {label}. {why}. {fix}; or, if {label} is the "
        "file in the wrong unit, correct it and load it again first",
        column=written, unit=unit, how=how, loaded_year=off.loaded_year,
        count=len(off.lines), shared=off.shared, kode=line["kode"],
        row=header.shown(int(line["source_row"])), figure=_money(line[off.amount]),
        loaded=_money(line["loaded"]), label=line["label"], why=why,
        fix=_fix(written, scales.get(off.amount), off.power)))


def _fix(written: str, scale: Scale | None, power: int) -> str:
    """What to correct: the unit the figures are in, where the file states it (its header,
    its title), when it is one a file can state."""
    stated = scale.factor if scale else 1
    meant = (stated * 10 ** -power if power < 0
             else stated // 10 ** power if stated % 10 ** power == 0 else None)
    if meant not in (1, 1_000, 1_000_000, 1_000_000_000):
        return _("Write the figures of '{column}' in {stated}, as the file states",
                 column=written, stated=unit_name(stated))
    place = (_("the header '{column}' (or the title)", column=written) if scale is None
             else _("the header '{column}'", column=written) if scale.where == written
             else scale.where)
    return _("If the figures are in {meant}, state that unit in {place}, or write them in "
             "{stated}", meant=unit_name(meant), place=place, stated=unit_name(stated))


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


def _ceiling(con: duckdb.DuckDBPyConnection, header: Header, scales: dict[str, Scale]) -> None:
    """Refuse a file one line of which holds more than the `budget_ceiling` of `sources.yml`."""
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
        raise FileRejected(_(
            "{column} states {unit}, yet its line {kode} (row {row}) holds {figure} in {month} "
            "{year}, more than {times} times the office's whole budget of {budget_year} "
            "({budget}): the ceiling set in sources.yml (budget_ceiling), {ceiling}. The "
            "figures are likely in a smaller unit than stated: correct the unit in the header "
            "'{column}' (or in the title); if the budget has truly grown so, raise the "
            "ceiling", column=written, unit=_stated_unit(name, header, scales), kode=kode,
            row=header.shown(int(row)), figure=_money(figure), month=month(int(bulan)),
            year=int(year), times=number(int(ceiling["times"])),
            budget_year=int(ceiling["year"]), budget=_money(float(ceiling["budget"])),
            ceiling=_money(limit)))


def _money(value: object) -> str:
    amount = float(value)
    return number(amount, 0 if amount.is_integer() else 2)
