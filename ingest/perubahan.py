"""Which budget a budget file's pagu is, the APBD murni's or the APBD Perubahan's, and
whether a line's Pagu Murni agrees with the files of its year loaded before.

An office sends the months before the APBD Perubahan with one `Pagu` column (the Pagu
Murni), and after it often the same layout, its title or sheet saying it is the APBD-P
(`LRA APBD PERUBAHAN BULAN SEPTEMBER 2023`, sheet `APBD Perubahan`, `DPPA`). Such a sheet's
plain `Pagu`/`Anggaran` (no `Murni`, `Induk`, `Sebelum`, `Awal`, `DPA` in it), beside no Pagu
Perubahan column, is its Pagu Perubahan (`read_as_perubahan`); its lines' Pagu Murni is
taken from the file's own sheet of the APBD murni (a workbook `APBD Murni | APBD Perubahan`:
one row per line, the murni sheet's row is not loaded as one more), else from the files of
the year loaded before, else the row is quarantined saying what to send.

A line's Pagu Murni does not change within a year: a one-month file whose Pagu Murni of a
line differs from another month's file of the year loads with a finding naming both figures
and the file (`murni_differs`), so a Pagu Perubahan written as a plain `Pagu` never passes
as a new Pagu Murni without a word.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd

from core.i18n import _, month, ngettext, rupiah
from ingest.errors import FileRejected
from ingest.headers import SHEET_ROWS, Header
from schemas.issue import Issue
from schemas.spec import normalise_header

# What says a sheet is the APBD Perubahan's: `APBD-P`, `P-APBD`, `APBD Perubahan`,
# `Perubahan APBD`, `DPPA`, `DPA-P`, `DPA Perubahan`, `P-DPA`.
_SAYS_PERUBAHAN = re.compile(
    r"(?<![a-z0-9])(?:apbd\s*-?\s*p|p\s*-?\s*apbd|apbd\s+perubahan|perubahan\s+apbd|dppa|"
    r"dpa\s*-?\s*p|p\s*-?\s*dpa|dpa\s+perubahan|perubahan\s+dpa)(?![a-z0-9])", re.IGNORECASE)
# What says it is the APBD murni's (then a title naming both says neither).
_SAYS_MURNI = re.compile(r"(?<![a-z0-9])(?:murni|induk|sebelum\s+perubahan)(?![a-z0-9])",
                         re.IGNORECASE)
# A pagu header that names the APBD murni's figure itself (`Pagu Murni`, `Pagu Induk`).
_NAMES_MURNI = re.compile(r"murni|induk|sebelum|awal|dpa")

_LINE = ("line", "sumber_dana", "jenis", "kelompok", "akun_belanja_kode")


def _same_line(left: str, right: str, *more: str) -> str:
    """SQL: rows `left` and `right` are the same budget line and account (and `more`)."""
    def column(alias: str, name: str) -> str:
        return (f"coalesce({alias}.sub_kegiatan_kode, {alias}.akun_kode)" if name == "line"
                else f"{alias}.{name}")
    return " and ".join(f"{column(left, name)} is not distinct from {column(right, name)}"
                        for name in (*_LINE, *more))

# Every row of a sheet read as the APBD-P's with the Pagu Murni of its line: the same line,
# account and month of the file's other sheets (`twin`), else the latest month of the year
# loaded before (`loaded`, with its file's label).
_MURNI_OF = f"""
    with swapped as (
        select * from incoming where source_row in (select unnest(?::integer[]))
    ),
    twins as (
        select s.source_row, t.source_row as twin, t.pagu_murni, t.realisasi
        from swapped as s
        inner join incoming as t
            on {_same_line("s", "t", "tahun", "bulan")}
        where t.source_row not in (select unnest(?::integer[]))
    ),
    loaded as (
        select s.source_row, r.pagu_murni,
            l.file_label as label,
            row_number() over (partition by s.source_row order by r.bulan desc nulls last,
                               r.source_row desc) as recency
        from swapped as s
        inner join raw.anggaran as r
            on {_same_line("s", "r", "tahun")}
        inner join raw.ingest_ledger as l on r.ingest_id = l.ingest_id
        where r.pagu_murni is not null
    )
    select s.source_row, s.pagu_perubahan, s.realisasi, t.twin, t.pagu_murni as twin_murni,
        t.realisasi as twin_realisasi, l.pagu_murni as loaded_murni, l.label
    from swapped as s
    left join twins as t using (source_row)
    left join (select * from loaded where recency = 1) as l using (source_row)
    order by s.source_row
"""


def _or_0(value: object) -> float:
    return 0.0 if pd.isna(value) else float(value)



def _evidence(header: Header, index: int) -> str | None:
    """Where sheet `index` (0 for a CSV) says it is the APBD Perubahan's, as a person finds
    it (`lembar 'APBD Perubahan'`, `baris judul 3 ('LRA APBD PERUBAHAN …')`), or None."""
    sheet = header.sheets[index] if header.sheets else None
    if sheet is not None and _says_perubahan(sheet.name):
        return sheet.named
    for row, text in header.of_sheet(index).titles:
        if _says_perubahan(text):
            return _("title row {row} ('{title}')",
                     row=header.shown(index * SHEET_ROWS + row), title=text.strip())
    return None


def _says_perubahan(text: str) -> bool:
    return bool(_SAYS_PERUBAHAN.search(text)) and not _SAYS_MURNI.search(text)


def read_as_perubahan(con: duckdb.DuckDBPyConnection, header: Header
                      ) -> tuple[list[int], list[Issue], list[str]]:
    """Read the plain pagu of each sheet that says it is the APBD Perubahan's (see the
    module) as its Pagu Perubahan, in the temp table `incoming` (rupiah). Returns (rows of
    the file's murni sheet merged into their line's row: not loaded as rows of their own,
    rows quarantined because their line's Pagu Murni is nowhere, the ledger's notes).
    Raises `FileRejected` when a line's row on the murni sheet and on the APBD-P sheet give
    different Realisasi (which of them the month spent cannot be told), or when a line is
    twice on one of the sheets (which row pairs with which cannot be told)."""
    sheets = range(max(len(header.sheets), 1))
    swapped: list[int] = []
    said: list[str] = []
    for index in sheets:
        own = header.of_sheet(index)
        written = own.written.get("pagu_murni")
        if ("pagu_perubahan" in own.columns or written is None
                or _NAMES_MURNI.search(normalise_header(written))):
            continue
        evidence = _evidence(header, index)
        if evidence is None:
            continue
        start = index * SHEET_ROWS if header.sheets else 0
        end = (index + 1) * SHEET_ROWS if header.sheets else 1 << 62
        rows = [row for (row,) in con.execute(
            "select source_row from incoming where source_row >= ? and source_row < ?",
            [start, end]).fetchall()]
        if rows:
            swapped += rows
            said.append(_("{evidence}: '{column}' read as the Pagu Perubahan",
                          evidence=evidence, column=written))
    if not swapped:
        return [], [], []
    found = con.execute(_MURNI_OF, [swapped, swapped]).df()
    twins = found[found["twin"].notna()]
    for column, other in (("source_row", "twin"), ("twin", "source_row")):
        twice = twins[twins.duplicated(column, keep=False)]
        if not twice.empty:  # a line twice on one sheet: which row pairs with which is unsure
            first = twice[twice[column] == twice[column].iloc[0]]
            raise FileRejected(_(
                "row {row} is one line and month with rows {rows} of the other sheet (the "
                "APBD murni's and the APBD Perubahan's): which of them gives its other pagu "
                "cannot be told. Write each line once on each sheet, or send one sheet with "
                "the columns Pagu Murni | Pagu Perubahan",
                row=header.shown(int(first[column].iloc[0])),
                rows=header.shown_rows(sorted(int(at) for at in first[other]))))
    # A workbook with the APBD murni's sheet beside: a line it does not hold is one the
    # APBD Perubahan added (Pagu Murni 0).
    beside = con.execute("select count(*) from incoming where source_row not in "
                         "(select unnest(?::integer[]))", [swapped]).fetchone()[0] > 0
    merged: list[int] = []
    added: list[int] = []
    missing: list[Issue] = []
    labels: list[str] = []
    murni: list[tuple[int, float | None]] = []
    for row in found.itertuples():
        if pd.notna(row.twin):  # a row of the file's murni sheet: the same line and month
            if abs(_or_0(row.realisasi) - _or_0(row.twin_realisasi)) > 0.005:
                raise FileRejected(_(
                    "rows {murni} and {perubahan} are the same line and month on the sheet of "
                    "the APBD murni and of the APBD Perubahan, but their Realisasi differ "
                    "({first}, {second}): which of them the month spent cannot be told. Send "
                    "one sheet with the columns Pagu Murni | Pagu Perubahan",
                    murni=header.shown(int(row.twin)), perubahan=header.shown(int(row.source_row)),
                    first=rupiah(_or_0(row.twin_realisasi)), second=rupiah(_or_0(row.realisasi))))
            merged.append(int(row.twin))
            murni.append((int(row.source_row), float(row.twin_murni)))
        elif pd.notna(row.loaded_murni):
            murni.append((int(row.source_row), float(row.loaded_murni)))
            labels.append(row.label)
        elif beside:
            murni.append((int(row.source_row), 0.0))
            added.append(int(row.source_row))
        else:
            missing.append(Issue(int(row.source_row), "pagu_murni", rupiah(row.pagu_perubahan),
                                 _("this sheet is the APBD Perubahan's, so its {column} is read "
                                   "as the Pagu Perubahan, and the line's Pagu Murni is in no "
                                   "file of its year loaded before: load a file with the APBD "
                                   "murni's Pagu first, or write both as 'Pagu Murni | Pagu "
                                   "Perubahan'", column=header.written.get("pagu_murni"))))
    con.execute("update incoming set pagu_perubahan = pagu_murni, pagu_murni = null "
                "where source_row in (select unnest(?::integer[]))", [swapped])
    if murni:
        con.executemany("update incoming set pagu_murni = ? where source_row = ?",
                        [(value, row) for row, value in murni])
    if merged:
        con.execute("delete from incoming where source_row in (select unnest(?::integer[]))",
                    [merged])
    notes = ["; ".join(said)]
    if merged:
        notes.append(ngettext(
            "{count} row of the sheet of the APBD murni gives the Pagu Murni of its line "
            "(not loaded as a row of its own)",
            "{count} rows of the sheet of the APBD murni give the Pagu Murni of their lines "
            "(not loaded as rows of their own)", len(merged), count=len(merged)))
    if added:
        notes.append(ngettext(
            "{count} line of the APBD Perubahan is on no row of the sheet of the APBD murni: "
            "a line it added, Pagu Murni 0 (rows {rows})",
            "{count} lines of the APBD Perubahan are on no row of the sheet of the APBD murni: "
            "lines it added, Pagu Murni 0 (rows {rows})", len(added), count=len(added),
            rows=header.shown_rows(added)))
    if labels:
        notes.append(_("the lines' Pagu Murni taken from {files}",
                       files=", ".join(dict.fromkeys(labels))))
    return merged, missing, notes


# Lines of the file's one month whose Pagu Murni differs from another month's of the year
# loaded before: the latest such month, its figure and its file.
_MURNI_DIFFERS = f"""
    with months as (
        select tahun from incoming where tahun is not null
        group by tahun having count(distinct bulan) = 1 and count(bulan) = count(*)
    ),
    differ as (
        select i.source_row, i.pagu_murni, r.pagu_murni as loaded, r.bulan,
            l.file_label as label,
            row_number() over (partition by i.source_row order by r.bulan desc,
                               r.source_row desc) as recency
        from incoming as i
        inner join raw.anggaran as r
            on {_same_line("i", "r", "tahun")}
        inner join raw.ingest_ledger as l on r.ingest_id = l.ingest_id
        where i.tahun in (select tahun from months) and r.bulan <> i.bulan
            and abs(i.pagu_murni - r.pagu_murni) > 0.005
    )
    select source_row, pagu_murni, loaded, bulan, label from differ where recency = 1
    order by source_row
"""


def murni_differs(con: duckdb.DuckDBPyConnection, header: Header) -> list[Issue]:
    """Findings (`pagu_murni_differs`, the row loads) on the rows of a one-month file
    (temp table `incoming`) whose Pagu Murni differs from their line's in another month of
    the year loaded before, naming both figures (rupiah) and that month's file."""
    column = header.written.get("pagu_murni", "pagu_murni")
    return [Issue(int(row.source_row), "pagu_murni", rupiah(row.pagu_murni), _(
        "{column} {figure} differs from the line's Pagu Murni {loaded} in {label} ({month}): "
        "the APBD murni does not change within a year. If this file is the APBD Perubahan, "
        "name the column 'Pagu Perubahan' (or say 'APBD Perubahan' in its title) and load "
        "it again", column=column, figure=rupiah(row.pagu_murni), loaded=rupiah(row.loaded),
        label=row.label, month=month(int(row.bulan))), check="pagu_murni_differs",
        row_kept=True, value_kept=True)
        for row in con.execute(_MURNI_DIFFERS).df().itertuples()]
