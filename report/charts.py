"""The annex's charts (matplotlib, Agg backend, the DejaVu fonts matplotlib ships): each one
drawn from the same numbers as its report table and saved as PNG and SVG."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from core.i18n import N_, _, percent
from report.model import WITHHELD, Table, format_id
from report.warehouse import has_table, partial_period

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000",
           "#a9d18e", "#f4b183", "#9dc3e6", "#ffd966"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "satudata",  # stable element ids: the same data gives the same SVG
}
SHORT_MONTH = [N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
               N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")]


def _months() -> list[str]:
    return [_(month) for month in SHORT_MONTH]


@dataclass(frozen=True)
class ChartSpec:
    name: str
    title: str
    draw: Callable[[duckdb.DuckDBPyConnection, int, dict[str, Table]], Figure | None]
    # The sources the chart is drawn from: a year one of them has not reported in full is
    # titled with the months it covers ("Januari–Maret 2023") instead of the bare year.
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    png: Path
    svg: Path


def _pyplot():
    """matplotlib's pyplot on the Agg backend, imported when a chart is first drawn: a run
    or command that draws none (no annex to build, a no-op run) does not pay its import
    (0.3–0.4 s of CPU, measured)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _int_axis(axis) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda value, _position: format_id(value)))


def cases_by_kategori(con, year: int, tables: dict[str, Table]) -> Figure | None:
    table = tables.get("13")
    if table is None:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 4.2))
    labels = [_months()[row[0] - 1] for row in table.rows]
    bottoms = [0] * len(table.rows)
    for index, column in enumerate(table.columns[2:-1], 2):
        # A withheld count (public form: `x`) is not drawn: its height would give it away.
        values = [_drawn(row[index]) for row in table.rows]
        name = " ".join(part for part in column.header[1:])
        axes.bar(labels, values, bottom=bottoms, label=name, color=PALETTE[index - 2])
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    for x, (total, row) in enumerate(zip(bottoms, table.rows, strict=True)):
        axes.annotate(format_id(row[-1]), (x, total), ha="center", va="bottom", fontsize=8,
                      xytext=(0, 2), textcoords="offset points")
    if any(_drawn(value) != value for row in table.rows for value in row[2:]):
        axes.set_xlabel(_withheld_note(lower_bounds=False), fontsize=7, loc="left")
    axes.set_ylabel(_("Number of victims"))
    _int_axis(axes.yaxis)
    axes.legend(frameon=False, ncols=len(table.columns) - 3, loc="upper left")
    axes.set_ylim(0, max(bottoms) * 1.2 + 1)
    return figure


def bentuk_kekerasan(con, year: int, tables: dict[str, Table]) -> Figure | None:
    table = tables.get("14")
    if table is None:
        return None
    totals: dict[str, dict[str, int]] = {}
    partial: set[str] = set()  # forms with a withheld count: their sum is a lower bound
    # A month of cases not yet certain (one row, no form: report.cases.table_14) is not
    # drawn; the axis says so.
    doubted = [nama for _bulan, nama, _jenis, bentuk, _n in table.rows if bentuk is None]
    for _bulan, _nama, jenis, bentuk, n in table.rows:
        if bentuk is None:
            continue
        totals.setdefault(bentuk, {}).setdefault(jenis, 0)
        totals[bentuk][jenis] += _drawn(n)
        if _drawn(n) != n:
            partial.add(bentuk)
    if not totals:
        return None  # no month of the year has a case loaded: nothing to draw
    bentuk_order = sorted(totals, key=lambda b: sum(totals[b].values()))
    jenis_order = list(dict.fromkeys(row[2] for row in table.rows if row[3] is not None))
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 4.6))
    lefts = [0] * len(bentuk_order)
    for index, jenis in enumerate(jenis_order):
        values = [totals[b].get(jenis, 0) for b in bentuk_order]
        axes.barh(bentuk_order, values, left=lefts, label=jenis, color=PALETTE[index])
        lefts = [a + b for a, b in zip(lefts, values, strict=True)]
    for y, (total, bentuk) in enumerate(zip(lefts, bentuk_order, strict=True)):
        # A sum with a withheld count is a lower bound, said so: "≥ 240". One with nothing
        # but withheld counts bounds nothing ("≥ 0"): it shows the table's mark instead.
        shown = format_id(total) if bentuk not in partial else (
            f"≥ {format_id(total)}" if total else WITHHELD)
        axes.annotate(shown, (total, y), va="center", fontsize=8, xytext=(3, 0),
                      textcoords="offset points")
    axes.set_xlim(0, max(lefts) * 1.1 + 1)
    label = _("Number of cases")
    if partial:
        label += "\n" + _withheld_note(lower_bounds=True)
    if doubted:
        label += "\n" + _("Not drawn: the cases of {months}, not yet certain (rows of the "
                          "register quarantined, none loaded).", months=", ".join(doubted))
    axes.set_xlabel(label)
    _int_axis(axes.xaxis)
    axes.legend(frameon=False, title=_("Kind of violence"), loc="lower right")
    return figure


def budget_absorption(con, year: int, tables: dict[str, Table]) -> Figure | None:
    """Pagu against realisasi by program, and the year's S-curve of cumulative absorption."""
    from matplotlib.ticker import FuncFormatter

    if not has_table(con, "marts", "mart_budget_absorption_monthly"):
        return None
    rows = con.execute(
        "select nama_program, bulan, sum(pagu), sum(realisasi_kumulatif) "
        "from marts.mart_budget_absorption_monthly where tahun = ? "
        "group by nama_program, bulan order by nama_program, bulan", [year],
    ).fetchall()
    if not rows:
        return None
    programs: dict[str, dict[int, tuple[float, float]]] = {}
    for program, bulan, pagu, kumulatif in rows:
        programs.setdefault(program, {})[bulan] = (float(pagu), float(kumulatif))
    plt = _pyplot()
    figure, (bars, curve) = plt.subplots(1, 2, figsize=(11, 4.6),
                                         gridspec_kw={"width_ratios": [1.1, 1]})
    names = sorted(programs, key=lambda p: programs[p][max(programs[p])][0])
    labels = [_wrap(name.removeprefix("Program "), 26) for name in names]
    pagu = [programs[name][max(programs[name])][0] for name in names]
    realisasi = [programs[name][max(programs[name])][1] for name in names]
    absorbed = [r / p * 100 if p else 0 for p, r in zip(pagu, realisasi, strict=True)]
    positions = list(range(len(names)))
    bars.barh(positions, [100] * len(names), color="#deebf7", height=0.6, label=_("Ceiling"))
    bars.barh(positions, absorbed, color=PALETTE[0], height=0.6, label=_("Realisation"))
    for position, (share, p, r) in enumerate(zip(absorbed, pagu, realisasi, strict=True)):
        bars.annotate(_("{share}\nRp {realised}\nof Rp {ceiling}",
                        share=percent(share), realised=format_id(r, "money"),
                        ceiling=format_id(p, "money")),
                      (share, position), xytext=(-4, 0), textcoords="offset points",
                      va="center", ha="right", fontsize=7, color="white")
    bars.set_yticks(positions, labels)
    bars.set_xlim(0, 100)
    bars.xaxis.set_major_formatter(FuncFormatter(lambda value, _position: percent(value, 0)))
    bars.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncols=2)
    bars.set_title(_("Realisation ÷ ceiling by programme"), fontsize=10)
    # The curve stops at the last month reported: a month not reported yet has no row in the
    # mart (never a 0 drawn flat); the axis still shows the whole year.
    reported = sorted({bulan for by_month in programs.values() for bulan in by_month})
    for index, name in enumerate(names):
        points = [programs[name].get(m, (0.0, 0.0)) for m in reported]
        curve.plot(reported, [k / p * 100 if p else 0 for p, k in points], marker="o",
                   markersize=3, color=PALETTE[index + 1], label=_wrap(name, 40))
    total = [(sum(programs[n].get(m, (0, 0))[0] for n in names),
              sum(programs[n].get(m, (0, 0))[1] for n in names)) for m in reported]
    curve.plot(reported, [k / p * 100 if p else 0 for p, k in total], color="black",
               linewidth=2.2, label=_("All spending"))
    curve.set_xlim(0.5, 12.5)
    curve.set_xticks(list(range(1, 13)), _months())
    curve.set_ylim(0, 105)
    curve.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: percent(value, 0)))
    curve.set_title(_("S-curve: cumulative realisation ÷ ceiling"), fontsize=10)
    curve.legend(frameon=False, fontsize=7, loc="upper left")
    curve.grid(axis="y", alpha=0.3)
    return figure


def staff_by_unit(con, year: int, tables: dict[str, Table]) -> Figure | None:
    table = tables.get("1")
    if table is None:
        return None
    units = [row[1] for row in table.rows][::-1]
    men = [row[2] for row in table.rows][::-1]
    women = [row[3] for row in table.rows][::-1]
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 0.5 * len(units) + 1.8))
    axes.barh(units, men, color=PALETTE[0], label=_("Men"))
    axes.barh(units, women, left=men, color=PALETTE[1], label=_("Women"))
    for y, (m, w) in enumerate(zip(men, women, strict=True)):
        axes.annotate(_("{men} M / {women} F", men=m, women=w), (m + w, y), xytext=(4, 0),
                      textcoords="offset points", va="center", fontsize=8)
    axes.set_xlim(0, max(m + w for m, w in zip(men, women, strict=True)) * 1.25)
    axes.set_xlabel(_("Number of ASN"))
    _int_axis(axes.xaxis)
    axes.legend(frameon=False, loc="lower right")
    return figure


KLA_COLOURS = {"Belum": "#bfbfbf", "Pratama": "#9dc3e6", "Madya": "#2e75b6",
               "Nindya": "#1f4e79", "Utama": "#548235", "KLA": "#7f6000"}


def kla_by_district(con, year: int, tables: dict[str, Table]) -> Figure | None:
    """Child-friendly villages against target per district, coloured by the KLA rating."""
    from matplotlib.patches import Patch

    if not has_table(con, "marts", "mart_kla_progress"):
        return None
    rows = con.execute(
        "select kabupaten_kota, peringkat, nilai, desa_layak_anak, target_desa_layak_anak "
        "from marts.mart_kla_progress where tahun = ? order by kabupaten_kota desc", [year],
    ).fetchall()
    if not rows:
        return None
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 0.28 * len(rows) + 1.8))
    names = [row[0] for row in rows]
    targets = [float(row[4] or 0) for row in rows]
    reached = [float(row[3] or 0) for row in rows]
    colours = [KLA_COLOURS.get(row[1] or "Belum", "#7030a0") for row in rows]
    axes.barh(names, targets, color="white", edgecolor="#808080",
              label=_("Target of child-friendly villages"))
    axes.barh(names, reached, color=colours)
    for y, (peringkat, nilai, got, target) in enumerate(
            (row[1], row[2], row[3], row[4]) for row in rows):
        text = f"{format_id(got)}/{format_id(target)}"
        if nilai is not None:
            text += " · " + _("{rating} (score {score})", rating=peringkat,
                              score=format_id(nilai, "decimal"))
        axes.annotate(text, (max(float(got or 0), float(target or 0)), y), xytext=(4, 0),
                      textcoords="offset points", va="center", fontsize=7)
    axes.set_xlim(0, max(targets + reached) * 1.45)
    axes.set_xlabel(_("Child-friendly villages (reached / target)"))
    _int_axis(axes.xaxis)
    handles = [Patch(color=colour, label=name)
               for name, colour in KLA_COLOURS.items() if name in {row[1] for row in rows}]
    axes.legend(handles=handles, title=_("KLA rating"), frameon=False, loc="lower right",
                fontsize=7)
    return figure


def _withheld_note(lower_bounds: bool) -> str:
    """The key to the marks a chart of withheld counts shows, under its axis."""
    if lower_bounds:
        return _("≥ n: at least n, as small counts are withheld; x: withheld. Withheld "
                 "counts are not drawn.")
    return _("x: withheld (small count); withheld counts are not drawn, the total above a "
             "bar is the month's.")


def _drawn(value) -> int:
    """A count as drawn: a withheld one (not a number) adds nothing."""
    return value if isinstance(value, int | float) else 0


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


SPECS: list[ChartSpec] = [
    ChartSpec("korban_per_bulan_kategori",
              N_("Victims served by the UPTD PPA per month, by category"), cases_by_kategori,
              ("uptd",)),
    ChartSpec("serapan_anggaran", N_("Budget absorption by programme, and the S-curve"),
              budget_absorption, ("anggaran",)),
    ChartSpec("asn_per_unit", N_("ASN by work unit and sex"), staff_by_unit, ("asn",)),
    ChartSpec("kla_kabupaten_kota",
              N_("Child-friendly districts/cities: KLA rating and child-friendly villages"),
              kla_by_district, ("kla",)),
    ChartSpec("bentuk_kekerasan", N_("Cases served by the UPTD PPA by form of violence"),
              bentuk_kekerasan, ("uptd",)),
]


def draw_charts(con: duckdb.DuckDBPyConnection, year: int, tables: dict[str, Table],
                folder: Path, mark: str | None = None) -> list[Chart]:
    """Every chart that has data; `mark` (the internal form's RAHASIA) heads each one."""
    folder.mkdir(parents=True, exist_ok=True)
    charts = []
    plt = _pyplot()
    with plt.rc_context(STYLE):
        for spec in SPECS:
            figure = spec.draw(con, year, tables)
            if figure is None:
                continue
            title = f"{_(spec.title)}, {partial_period(con, year, spec.sources) or year}"
            figure.suptitle(f"{mark} · {title}" if mark else title, fontsize=11,
                            fontweight="bold", color="#c00000" if mark else "black")
            figure.tight_layout()
            png, svg = folder / f"{spec.name}.png", folder / f"{spec.name}.svg"
            figure.savefig(png, dpi=150, metadata={"Software": None})
            figure.savefig(svg, metadata={"Date": None, "Creator": None})
            plt.close(figure)
            charts.append(Chart(spec.name, title, png, svg))
    return charts
