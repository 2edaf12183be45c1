"""The per-source hooks, declared in one registry (not found by module name).

A hook `derive(typed, frame, written, shown) -> (typed, issues, notes)` computes a source's
`derived:` columns (`schemas/sources.yml`) from what was read — a NIP's birth date, a kode
rekening's program — still before validation, with the text cells of `frame`, the columns
as the file writes them (`written`, canonical name → header) and how a person finds a row
(`shown`: `Header.shown`, the row with its sheet in a workbook of several) at hand. Issues
with a `check` are findings: the loader records them in `raw.ingest_findings` and keeps the
row. Notes are sentences for the ledger message (how a national format was read).

A hook `stated(frame) -> {date column: dates}` names, per row of a chunk of text cells, the
date another cell of the row states without doubt (`ingest.evidence.Stated`): the staff
roster's NIP begins with the birth date, which settles the order of its Tanggal Lahir.

A source's `Lines` say what one line of its data is (a budget line: kode rekening × sumber
dana): a newer file of a year, or of a month, that leaves out lines the year's data holds is
held until an officer accepts it (`ingest.years`), however many rows it has.

A hook `settle(con, header, scales) -> RowsSettled` judges the valid rows of a whole file
(temp table `incoming`, after every chunk) where one chunk cannot tell: rows that repeat
another, or that are the subtotal of others, or figures the rows loaded before show to be
in another unit than stated. It only decides (or refuses the file: `FileRejected`); the
loader drops and quarantines. `header` (the file's `Header`) gives the columns as written
and, with `Header.shown`, every row a reason names as the spreadsheet shows it (with its
sheet in a workbook of several); `scales` the units the file states for its amounts
(`ingest.scale.column_scales`). A derive hook
may mark rows it already knows to be subtotals of the file (`schemas.issue.SUBTOTAL`, a budget
tree's program row): they skip the field and rule checks, and the settle hook must then drop or
quarantine every one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from ingest import anggaran, asn, indikator, magnitude, perubahan, realisasi, victims
from ingest.evidence import Stated
from ingest.headers import Header
from ingest.scale import Scale
from schemas.issue import Issue, RowsSettled

Derive = Callable[[pd.DataFrame, pd.DataFrame, dict[str, str], Callable[[int], int | str]],
                  tuple[pd.DataFrame, list[Issue], list[str]]]


DERIVE: dict[str, Derive] = {
    "anggaran": anggaran.derive,
    "asn": asn.derive,
    "indikator": indikator.derive,
    "simfoni": victims.derive,
}


def derive_hook(source: str) -> Derive | None:
    """The source's derive hook, or None when it has no derived columns."""
    return DERIVE.get(source)


Settle = Callable[[duckdb.DuckDBPyConnection, Header, dict[str, Scale]], RowsSettled]

def _settle_anggaran(con: duckdb.DuckDBPyConnection, header: Header,
                     scales: dict[str, Scale]) -> RowsSettled:
    """The budget's settle hook: first which sheets' plain pagu is the APBD Perubahan's
    (`ingest.perubahan.read_as_perubahan`: a murni sheet's row merged into its line's is
    dropped, a line with no Pagu Murni anywhere quarantined), then whether its amounts are a
    thousand times off the lines loaded before, or above the office's ceiling
    (`ingest.magnitude`, which refuses the file), then whether a year's Pagu Perubahan is
    set (`ingest.anggaran.perubahan_not_set`) and which refunds go below zero with the
    months loaded before (`ingest.anggaran.refunds_beyond_loaded`), then whether its
    Realisasi is each month's own figure (`ingest.realisasi`, which refuses the file when it
    is not or cannot be told), whether a line's Pagu Murni differs from another month's (a
    finding, `ingest.perubahan.murni_differs`), then its duplicate, subtotal and tree rows
    (`ingest.anggaran.settle`)."""
    merged, unknown, notes = perubahan.read_as_perubahan(con, header)
    magnitude.judge(con, header, scales)
    notes.append(anggaran.perubahan_not_set(con, header))
    loaded = realisasi.loaded_months(con)
    refunds = anggaran.refunds_beyond_loaded(con, header, loaded)
    notes.append(realisasi.judge(con, header, loaded))
    findings = perubahan.murni_differs(con, header)
    settled = anggaran.settle(con, header)
    settled.notes[:0] = [note for note in notes if note]
    settled.subtotals[:0] = merged
    settled.issues[:0] = [*unknown, *refunds]
    settled.findings += findings
    return settled


SETTLE: dict[str, Settle] = {
    "anggaran": _settle_anggaran,
}


def settle_hook(source: str) -> Settle | None:
    """The source's settle hook, or None when one chunk's rules judge every row."""
    return SETTLE.get(source)


STATED: dict[str, Stated] = {
    "asn": asn.stated_dates,
}


def stated_hook(source: str) -> Stated | None:
    """The source's hook naming the dates other cells of a row state, or None."""
    return STATED.get(source)


@dataclass(frozen=True)
class Lines:
    """One line of a source's data: `key`, an SQL expression over its raw columns that is
    the same for a line in every file (`ingest.anggaran.LINE_OF`: the sub kegiatan or
    revenue account, sumber dana, jenis, kelompok), and the columns a person knows a line
    by (`shown`, as stored: `kode_rekening`, `sumber_dana`, `jenis`)."""

    key: str
    shown: tuple[str, ...]


LINES: dict[str, Lines] = {
    "anggaran": Lines(anggaran.LINE_OF, ("kode_rekening", "sumber_dana", "jenis")),
}


def lines_of(source: str) -> Lines | None:
    """What one line of the source's data is, or None when its rows are no lines (a case
    register's rows are cases: how many is what the year rule weighs)."""
    return LINES.get(source)
