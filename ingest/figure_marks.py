"""A statistical table's figures as BPS writes them: a mark after a figure and a sign for a
figure not available.

In the columns `ColumnSpec.figure_marks` declares (an indicator's target and realisation, a
KLA score; never an amount of rupiah, an age, a year or month, an id, a code, a date or a
name), a figure written with a mark after it (`11,7*` preliminary, `12.5**` very
preliminary, `0,423 r)` revised, `88,2 x)` estimated, `512,75¹` a footnote) is read as the
figure, its cell flagged in the quarantine (row kept, value kept) saying which mark was
dropped; a sign of a figure not available (`...`, `…`, `x`, `NA`, `n.a.`: `parse.NO_VALUE`)
is read as no figure and counted per column for the ledger's message. A dash (`-`, `–`, `—`)
is read as no figure too, counted apart: BPS writes it for nihil (zero), but a Renstra table
writes it for "no data", and which one a file follows cannot be proven from the cell, so the
ledger says both and asks for a 0 where the figure is zero.
The text cells are made plain before the decimal marks are judged and the cells typed, so a
marked figure is evidence like any other (`0,423 r)` proves the decimal comma).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from core.i18n import _, ngettext, number
from ingest import parse
from schemas.issue import Issue
from schemas.spec import SourceSpec

# What BPS's marks say of a figure; any other mark is a footnote the table's note explains.
_MEANINGS = {"*": "preliminary", "*)": "preliminary", "**": "very preliminary",
             "**)": "very preliminary", "***": "very preliminary", "***)": "very preliminary",
             "r)": "revised", "x)": "estimated", "e)": "estimated"}


def _meaning(mark: str) -> str | None:
    meaning = _MEANINGS.get(mark.lower())
    if meaning == "preliminary":
        return _("a preliminary figure")
    if meaning == "very preliminary":
        return _("a very preliminary figure")
    if meaning == "revised":
        return _("a revised figure")
    if meaning == "estimated":
        return _("an estimated figure")
    return None


def mark_reason(mark: str) -> str:
    """Why a figure written with `mark` after it is flagged (never the figure itself)."""
    meaning = _meaning(mark)
    if meaning is None:
        return _("read without the footnote mark '{mark}' after it (the table's note says "
                 "what it means)", mark=mark)
    return _("read without the mark '{mark}' after it ({meaning} in BPS tables; the "
             "table's note says what it means here)", mark=mark, meaning=meaning)


# The dashes of a figure column: nihil (zero) in a BPS table, "no data" in a Renstra table.
DASHES = frozenset({"-", "–", "—"})


@dataclass
class Missing:
    """A column's cells read as no figure for a sign of one not available (or, apart, for
    a dash: `DASHES`): how many, the first one's row, and the signs as written (in the order
    first seen)."""

    count: int = 0
    first: int = 0
    signs: list[str] = field(default_factory=list)


@dataclass
class PlainFigures:
    """A chunk's text cells with the figures made plain (`frame`), the marks dropped per
    (row, column) with the cell as written and its figure (`marks`), and the signs of a figure not
    available read as empty, per column and whether they are dashes (`missing`)."""

    frame: pd.DataFrame
    # (row, column) -> (the cell as written, the figure read from it, the mark)
    marks: dict[tuple[int, str], tuple[str, str, str]] = field(default_factory=dict)
    missing: dict[tuple[str, bool], Missing] = field(default_factory=dict)
    # (row, column) -> the sign of a figure not available read there as empty
    absent: dict[tuple[int, str], str] = field(default_factory=dict)


def plain_figures(frame: pd.DataFrame, spec: SourceSpec) -> PlainFigures:
    """The chunk `frame` (text cells by canonical column, and `_row`) with every figure
    column's marks dropped and signs of a figure not available emptied. Each distinct value
    is judged once."""
    plain = PlainFigures(frame)
    changed: dict[str, pd.Series] = {}
    for column in spec.columns:
        if not column.figure_marks or column.name not in frame:
            continue
        cells = frame[column.name]
        codes, distinct = pd.factorize(cells, use_na_sentinel=True)
        read: dict[int, object] = {}
        marked: dict[int, str] = {}
        absent: set[int] = set()
        for position, value in enumerate(distinct):
            if parse.not_available(value):
                absent.add(position)
                read[position] = None
            elif (split := parse.figure_mark(value)) is not None:
                read[position], marked[position] = split
        if not read:
            continue
        rows = frame["_row"].to_numpy()
        values = cells.astype(object).to_numpy(copy=True)
        for at in np.flatnonzero(np.isin(codes, list(read))):
            code = int(codes[at])
            values[at] = read[code]
            if code in marked:
                plain.marks[(int(rows[at]), column.name)] = (
                    str(cells.iat[at]).strip(), str(read[code]), marked[code])
            else:
                sign = str(cells.iat[at]).strip()
                missing = plain.missing.setdefault((column.name, sign in DASHES),
                                                   Missing(first=int(rows[at])))
                missing.count += 1
                missing.first = min(missing.first, int(rows[at]))
                plain.absent[(int(rows[at]), column.name)] = sign
                if sign not in missing.signs:
                    missing.signs.append(sign)
        changed[column.name] = pd.Series(values, index=cells.index, dtype=object)
    if changed:
        plain.frame = frame.assign(**changed)
    return plain


def with_marks(plain: PlainFigures, issues: list[Issue]) -> list[Issue]:
    """`issues` of the chunk with each marked figure's cell as written, and a flag for every
    marked figure read (one reason per cell: a figure refused says why it was refused)."""
    if not plain.marks:
        return issues
    shown = [Issue(issue.row, issue.column, marked[0], issue.reason, issue.check,
                   issue.row_kept, issue.value_kept)
             if (marked := plain.marks.get((issue.row, issue.column))) is not None
             and issue.value == marked[1] else issue
             for issue in issues]
    said = {(issue.row, issue.column) for issue in issues if not issue.is_finding}
    return shown + [Issue(row, column, written, mark_reason(mark), row_kept=True,
                          value_kept=True)
                    for (row, column), (written, _figure, mark) in plain.marks.items()
                    if (row, column) not in said]


def add_missing(total: dict[tuple[str, bool], Missing],
                chunk: dict[tuple[str, bool], Missing]) -> None:
    """Add a chunk's signs of figures not available to the file's."""
    for key, found in chunk.items():
        missing = total.setdefault(key, Missing(first=found.first))
        missing.count += found.count
        missing.first = min(missing.first, found.first)
        missing.signs += [sign for sign in found.signs if sign not in missing.signs]


def missing_notes(total: dict[tuple[str, bool], Missing], written: dict[str, str],
                  shown_row: object) -> list[str]:
    """The ledger's sentences per column on its cells read as no figure: `Realisasi: 2
    cells '...', 'x' read as no figure (a figure not available, as BPS writes it; first: row
    6)`, and for its dashes `Target: 1 cell '-' read as no figure (BPS writes '-' for nihil,
    zero; a Renstra table for no data: write 0 where the figure is zero; first: row 8)`.
    `shown_row` names a row as a person finds it (`Header.shown`)."""
    notes = []
    for (name, dashes), missing in sorted(total.items(), key=lambda item: item[1].first):
        values = {"column": written.get(name, name), "count": number(missing.count),
                  "signs": ", ".join(f"'{sign}'" for sign in missing.signs),
                  "row": shown_row(missing.first)}
        if dashes:
            notes.append(ngettext(
                "{column}: {count} cell {signs} read as no figure (BPS writes '-' for nihil, "
                "zero; a Renstra table for no data: write 0 where the figure is zero; first: "
                "row {row})",
                "{column}: {count} cells {signs} read as no figure (BPS writes '-' for nihil, "
                "zero; a Renstra table for no data: write 0 where the figure is zero; first: "
                "row {row})", missing.count, **values))
        else:
            notes.append(ngettext(
                "{column}: {count} cell {signs} read as no figure (a figure not available, as "
                "BPS writes it; first: row {row})",
                "{column}: {count} cells {signs} read as no figure (a figure not available, "
                "as BPS writes it; first: row {row})", missing.count, **values))
    return notes
