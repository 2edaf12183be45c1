"""The annex's two forms: the public one the office publishes, and an exact internal one.

Public: the report tables that count victims (13 and 14) print exactly what the Satu Data
release publishes, from the same protection model and the same release (the counts of the
marts, the previous release in the exports folder): a value the exports withhold is `x`
here, and nothing the annex prints adds a number the release does not. Findings about
victims' cases (counts by kabupaten/kota and month) are summarised per check, and no file
name is printed (an officer's file name is free text).

Internal (`satudata report --internal`): exact counts and every finding, marked
"RAHASIA — internal" on every sheet, printed page, page and chart; written to its own folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
from openpyxl import load_workbook
from openpyxl.styles import Font

from core.i18n import _
from core.text_safety import keep_text
from publish.exports import read_dataset
from publish.spec import release
from publish.suppression import (
    GRAND_TOTAL,
    UNCERTAIN_SUFFIX,
    Published,
    level_label,
    publish_release,
    read_previous,
    read_published,
)
from report.model import UNCERTAIN, WITHHELD, Table, month_name
from report.warehouse import has_table

INTERNAL_MARK = "RAHASIA — internal"
CASE_SOURCES = ("uptd", "simfoni")
KATEGORI = "korban-kekerasan-bulanan-per-kategori"
BENTUK = "kasus-kekerasan-bulanan-per-bentuk"


def published_release(con: duckdb.DuckDBPyConnection,
                      exports: Path | None) -> dict[str, Published]:
    """The release as the exports publish it: read from `exports` when it is the release of
    these marts, else computed from them with the same model (the release in `exports`
    being the previous one)."""
    spec = release()
    frames = {name: read_dataset(con, dataset)[0] for name, dataset in spec.datasets.items()
              if dataset.suppression and dataset.suppression.counts}
    if exports is not None and exports.is_dir():
        found = read_published(spec, exports, frames)
        if found is not None:
            return found
    frames = {name: read_dataset(con, dataset)[0] for name, dataset in spec.datasets.items()}
    previous = read_previous(spec, exports) if exports is not None and exports.is_dir() \
        else None
    published, _model = publish_release(spec, frames, previous)
    return published


def _lookup(published: Published, count: str, where: dict[str, object]) -> dict:
    """{(kept level, values): value or WITHHELD} of the cells and totals of one table."""
    flag = f"{count}_ditahan"
    out = {}
    for frame, is_total in ((published.cells, False), (published.totals, True)):
        if frame is None:
            continue
        rows = frame
        for column, value in where.items():
            rows = rows[rows[column].astype(str) == str(value)]
        for row in rows.to_dict("records"):
            value = WITHHELD if row[flag] else \
                int(row[count]) if _present(row[count]) else UNCERTAIN
            out[(row["tingkat"] if is_total else "cell", _values(row))] = value
    return out


def _values(row: dict) -> tuple:
    return tuple(str(row[c]) for c in ("bulan", "kategori_korban", "jenis_kekerasan",
                                       "bentuk_kekerasan") if c in row and _present(row[c]))


def _present(value) -> bool:
    return value is not None and str(value) not in ("", "<NA>", "nan", "None")


def _same(shown, exact, where: str) -> object:
    """The released value; the table's own figure must agree where it is published."""
    if shown not in (WITHHELD, UNCERTAIN) and int(shown) != int(exact):
        raise ValueError(_("Annex {where}: the table gives {exact} but the Satu Data release "
                           "{shown}; the annex was not written.", where=where, exact=exact,
                           shown=shown))
    return shown


def _table_13(table: Table, release_: dict[str, Published], year: int) -> None:
    values = _lookup(release_[KATEGORI], "jumlah_korban", {"sumber": "uptd", "tahun": year})
    kategori = [column.header for column in table.columns[2:-1]]
    names = [_kategori_name(header) for header in kategori]
    for row in table.rows:
        bulan = str(row[0])
        for i, name in enumerate(names, start=2):
            row[i] = _same(values.get(("cell", (bulan, name)), 0), row[i],
                           f"Tabel 13 {bulan} {name}")
        row[-1] = _same(values.get((level_label(("bulan",)), (bulan,)), 0), row[-1],
                        f"Tabel 13 {bulan}")
    if table.total is not None:
        for i, name in enumerate(names, start=2):
            table.total[i] = _same(values.get((level_label(("kategori_korban",)), (name,)), 0),
                                   table.total[i], f"Tabel 13 total {name}")
        table.total[-1] = _same(values.get((GRAND_TOTAL, ()), 0), table.total[-1],
                                "Tabel 13 total")


def _kategori_name(header: tuple[str, ...]) -> str:
    """The release's kategori_korban of a Tabel 13 column, whose header is printed in the
    reader's language."""
    from report.cases import KATEGORI, kategori_header

    for name in KATEGORI:
        if kategori_header(name) == header:
            return name
    return header[-1]


def _table_14(table: Table, release_: dict[str, Published], year: int) -> None:
    from report.cases import BENTUK as FORMS
    from report.cases import JENIS, _order

    values = _lookup(release_[BENTUK], "jumlah_kasus", {"sumber": "uptd", "tahun": year})
    # A month printed as one row of cases not yet certain (report.cases.table_14) has no
    # form: the release leaves its every form empty, and so does this table.
    doubted = {str(row[0]) for row in table.rows if row[3] is None}
    for row in table.rows:
        if str(row[0]) not in doubted:
            row[4] = _same(values.get(("cell", (str(row[0]), row[2], row[3])), 0), row[4],
                           f"Tabel 14 {row[0]} {row[2]} {row[3]}")
    # A 0 the release withholds (so that a month's cases are not seen to share one form) is
    # a row here too, `x`: a missing row would say 0.
    printed = {(str(row[0]), row[2], row[3]) for row in table.rows}
    cells = release_[BENTUK].cells
    held = cells[(cells["sumber"].astype(str) == "uptd")
                 & (cells["tahun"].astype(str) == str(year))
                 & cells["jumlah_kasus_ditahan"].astype(bool)]
    for row in held.to_dict("records"):
        if str(row["bulan"]) in doubted:
            continue
        if (str(row["bulan"]), row["jenis_kekerasan"], row["bentuk_kekerasan"]) not in printed:
            table.rows.append([int(row["bulan"]), month_name(row["bulan"]),
                               row["jenis_kekerasan"], row["bentuk_kekerasan"], WITHHELD])
    table.rows.sort(key=lambda r: (int(r[0]), _order(r[2], JENIS), _order(r[3], FORMS)))
    if table.total is not None:
        table.total[4] = _same(values.get((GRAND_TOTAL, ()), 0), table.total[4],
                               "Tabel 14 total")


# Every annex table that counts victims, and how its figures map to the release.
VICTIM_TABLES: dict[str, Callable[[Table, dict[str, Published], int], None]] = {
    "13": _table_13,
    "14": _table_14,
}


def apply_release(tables: list[Table], release_: dict[str, Published], year: int) -> None:
    """Replace the figures of the victim tables by the release's: withheld values become
    `x`, with a note saying why, and counts the release leaves empty as not yet certain
    `?` (whose key `build_annex` adds under every table that prints one)."""
    for table in tables:
        apply = VICTIM_TABLES.get(table.number)
        if apply is None:
            continue
        apply(table, release_, year)
        if any(WITHHELD in row for row in [*table.rows, table.total or []]):
            table.notes.append(_(
                "x = withheld (disclosure control): counts of 1 or 2 victims, and the values "
                "that would give them away, as in the Satu Data release of these data."))
        add_lower_bound_note(table, year, _doubted(release_, year))


def add_lower_bound_note(table: Table, year: int, months: list[int]) -> None:
    """Under a victim table (13, 14) of `year`: the figures of `months` (1–12, the months
    quarantined rows of the register may belong to) and the year's total are lower bounds.
    Nothing when `months` is empty; the same note in the public and the internal form."""
    if table.number not in VICTIM_TABLES or not months:
        return
    note = _("Rows of the {year} register were quarantined: the figures of the months they "
             "may belong to ({months}) and the year's total are lower bounds (at least), as "
             "the Satu Data release flags them (belum pasti).", year=year,
             months=", ".join(month_name(month) for month in months))
    if note not in table.notes:
        table.notes.append(note)


def quarantined_months(con: duckdb.DuckDBPyConnection, year: int) -> list[int]:
    """The months (1–12) of `year` that quarantined rows of the UPTD register may belong to
    (`baris_dikarantina` > 0 in the case marts, which the release flags `belum pasti`), in
    order; empty when none or the marts are not built."""
    found: set[int] = set()
    for mart in ("mart_cases_monthly_by_kategori", "mart_cases_monthly_by_bentuk"):
        if has_table(con, "marts", mart):
            found |= {int(month) for (month,) in con.execute(
                f"select distinct bulan from marts.{mart} where source = 'uptd' and tahun = ? "
                "and baris_dikarantina > 0", [year]).fetchall()}
    return sorted(found)


def _doubted(release_: dict[str, Published], year: int) -> list[int]:
    """The months (1–12) of `year` whose UPTD counts the release flags as not yet certain."""
    found: set[int] = set()
    for name in (KATEGORI, BENTUK):
        cells = release_[name].cells if name in release_ else None
        if cells is None:
            continue
        flags = [column for column in cells.columns if column.endswith(UNCERTAIN_SUFFIX)]
        mine = cells[(cells["sumber"].astype(str) == "uptd")
                     & (cells["tahun"].astype(str) == str(year))]
        if flags:
            flagged = mine[mine[flags].astype(bool).to_numpy().any(axis=1)]
            found |= {int(month) for month in flagged["bulan"]}
    return sorted(found)


def mark_internal_workbook(path: Path) -> None:
    """RAHASIA on every sheet (top cell, red) and every printed page (header and footer)."""
    book = load_workbook(path)
    for sheet in book.worksheets:
        sheet.sheet_properties.tabColor = "C00000"
        for part in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader,
                     sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
            part.center.text = INTERNAL_MARK
        top = sheet["A1"]
        top.value = f"{INTERNAL_MARK} · {top.value}" if top.value else INTERNAL_MARK
        top.font = Font(bold=True, color="C00000", size=top.font.size if top.font else 12)
    keep_text(book)
    book.save(path)


INTERNAL_CSS = (".rahasia { position: fixed; top: 0; left: 0; right: 0; text-align: center; "
                "background: #c00000; color: #fff; font-weight: bold; padding: 2px; }"
                " body { padding-top: 1.6em; }")


def mark_internal_html(path: Path) -> None:
    """RAHASIA in the title and on every page, on screen and printed (a fixed banner repeats
    on every printed page)."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("<title>", f"<title>{INTERNAL_MARK} · ", 1)
    text = text.replace("</style>", f"{INTERNAL_CSS}</style>", 1)
    text = text.replace("<body>", f'<body><div class="rahasia">{INTERNAL_MARK}</div>', 1)
    path.write_text(text, encoding="utf-8")
