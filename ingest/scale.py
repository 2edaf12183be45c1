"""Amounts a file writes in thousands, millions or billions of rupiah.

Budget tables often say once what their figures count: a header's unit (`Pagu (Rp 000)`,
`Pagu (000)`, `Pagu (000 Rp)`, `Realisasi (Ribuan Rp)`, `Pagu (x Rp1.000)`, `Pagu (Rp
1.000,00)`, `Sisa (Juta Rp)`, `Pagu (Rp Miliar)`, `Pagu DPA dalam Rp.000,-`, `Realisasi
Rp.000`: every spelling `ingest.units` reads) or a title row above the table (`(dalam ribuan
rupiah)`, `(dalam Rp 1.000)`, `Satuan: Ribu Rupiah`). Such a figure is the amount divided
by 1 000 (or 1 000 000, 1 000 000 000): read as written it would be a thousand times too
small, and no value in the file shows it. A note under the table (`Catatan: angka dalam
ribuan rupiah`) says it as a title does. A title or a note states the unit only in words
saying nothing else (after `dalam`/`satuan`/`in`, in brackets, or as the whole line): an
amount it mentions (`pengembalian Rp 2,5 juta`, `target PAD Rp 5 juta`) is no unit. So the
unit is read where the file states it and the figures are multiplied back to rupiah, always
with a word in the ledger (`Scale.note`):

- a column's own header decides for that column; a title row (or such a note) decides for
  the source's rupiah columns (`rupiah: true` in `sources.yml`) whose header states no unit;
- an amount whose header states no unit beside others stating thousands, when it holds a
  figure other than 0 (an empty Pagu Perubahan, or one of 0 on every line, says nothing:
  zero is zero in any unit), a header stating plain rupiah (`Pagu (Rp)`)
  under a title stating thousands, headers of one
  column stating different units on different sheets, or a title stating two units: which
  one is right cannot be told, so the file is refused (`FileRejected`);
- unit words in a header, a title or a note that state no unit decisively (`Pagu (Rp
  100)`, `Satuan: x 100`, `Rp 1.000,000`) are never read as rupiah: the file is refused,
  naming the header as written (a line by its row);
- a title or a note speaks of its own sheet: a workbook one sheet of which states a unit
  in its lines while another states none is refused when an amount's header states none;
- a percentage (`Realisasi (%)`) is no amount: such a header is not the amount's column
  (`ingest.headers`).

What the file states is all this module reads: whether the figures honour it (a full-rupiah
figure under `Pagu (Rp 000)`) is judged against the lines loaded before, and a ceiling, by
`ingest.magnitude`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import pandas as pd

from core.i18n import _, number
from ingest.errors import FileRejected
from ingest.headers import SHEET_ROWS, Header
from ingest.parse import number_readings
from ingest.units import UnreadUnit, header_unit, stated_factor, unit_words
from schemas.spec import SourceSpec


@dataclass(frozen=True)
class Scale:
    """What a column's figures are multiplied by, and where the file says so."""

    factor: int
    where: str  # the header as the file writes it, or the title row's or note's row

    def note(self, column: str) -> str:
        """The ledger's word on the column (`column` as the file writes it)."""
        if column == self.where:
            return _("{column}: figures in {unit}, as its header says: read multiplied by "
                     "{factor}", column=column, unit=unit_name(self.factor),
                     factor=number(self.factor))
        return _("{column}: figures in {unit}, as {where} says: read multiplied by {factor}",
                 column=column, unit=unit_name(self.factor), where=self.where,
                 factor=number(self.factor))


def states_unit(text: str) -> bool:
    """Whether a line of a file (a title, a note under the table) states the unit of the
    figures (`dalam ribuan rupiah`), or two."""
    try:
        return stated_factor(text, title=True) is not None
    except ValueError:
        return True


def column_scales(spec: SourceSpec, header: Header,
                  below: list[tuple[int, str]] | None = None, file_name: str | None = None
                  ) -> tuple[dict[str, Scale], list[str]]:
    """{column: its scale} for the number columns of a file whose header, title or a line
    under the table (`below`: row, text) states that the figures are in thousands or
    millions (see the module), and, when some do, the rupiah columns whose header states no
    unit: should one of them hold a figure, which unit it is in cannot be told
    (`refuse_unstated`). A sheet's name (`LRA (Rp 000)`) speaks for its sheet and the file's
    name (`file_name`, `LRA_2023_dalam_ribuan_rupiah.xlsx`, `_` read as a space) for every
    sheet, both read as a title row is (`Program 1000 HPK` states none), and so is each
    part of a sheet's print header and footer (`Header.print_lines`). Raises
    `FileRejected` when the units stated cannot all be right."""
    title_factor, title_where = None, None
    lines = [*((row, text, _("title row {row}", row=header.shown(row)))
               for row, text in header.titles),
             *((row, text, _("row {row} under the header", row=header.shown(row)))
               for row, text in header.unit_lines),
             *((row, text, _("row {row} under the table", row=header.shown(row)))
               for row, text in below or []),
             *((index * SHEET_ROWS, sheet.name, _("the name of {sheet}", sheet=sheet.named))
               for index, sheet in enumerate(header.sheets)),
             *((index * SHEET_ROWS, text, _("the print header or footer of {sheet}",
                                            sheet=sheet.named))
               for index, sheet in enumerate(header.sheets)
               for text in header.of_sheet(index).print_lines)]
    if file_name:
        stem = PurePath(file_name).stem.replace("_", " ")
        lines += [(index * SHEET_ROWS, stem, _("the file's name"))
                  for index in range(max(1, len(header.sheets)))]
    if not any(column.rupiah for column in spec.read_columns):
        lines = []  # no amount here takes a unit from a line of the file
    stating: set[int] = set()  # the sheets a line of which states the unit
    # A line is named by its row, never quoted: a title or a note under a table may hold a
    # name (a signature block).
    for row, text, where in lines:
        try:
            factor = stated_factor(text, title=True)
        except UnreadUnit:
            raise FileRejected(_("{where} writes a unit for the figures that cannot be read: "
                                 "whether they are in rupiah, in thousands or in millions "
                                 "cannot be told; state it as 'dalam ribuan rupiah' or "
                                 "'Satuan: Rp 1.000'",
                                 where=where)) from None
        except ValueError:
            raise FileRejected(_("{where} states two units for the figures: which one is meant "
                                 "cannot be told; state one", where=where)) from None
        if factor is None:
            continue
        if title_factor is not None and factor != title_factor:
            raise FileRejected(_("{one} and {other} state different units for the figures "
                                 "({one_unit}, {other_unit}): which one is meant cannot be "
                                 "told; state one", one=title_where, other=where,
                                 one_unit=unit_name(title_factor), other_unit=unit_name(factor)))
        title_factor, title_where = factor, where
        stating.add(row // SHEET_ROWS)
    # A sheet whose lines state no unit says nothing of its figures: another sheet's title
    # is no word on them (a workbook of a sheet per month, one titled `dalam ribuan rupiah`).
    silent = [sheet for index, sheet in enumerate(header.sheets) if index not in stating]
    scales: dict[str, Scale] = {}
    unstated: list[str] = []  # rupiah columns whose header states no unit
    for column in spec.read_columns:
        if column.name not in header.columns or column.type != "number":
            continue
        spellings = header.spellings.get(column.name) or [header.written[column.name]]
        stated: set[tuple[int | None, str]] = set()
        for written in spellings:
            try:
                factor = header_unit(written)
            except UnreadUnit:
                raise FileRejected(_("the header '{header}' writes a unit that cannot be read: "
                                     "whether its figures are in rupiah, in thousands or in "
                                     "millions cannot be told; write it as '(Rp)', '(Rp 000)' "
                                     "or '(dalam ribuan rupiah)'", header=written)) from None
            except ValueError:
                raise FileRejected(_("the header '{header}' states two units for its figures: "
                                     "which one is meant cannot be told; state one",
                                     header=written)) from None
            if factor not in (None, 1) and not column.rupiah:
                raise FileRejected(_("the header '{header}' says its figures are in {unit}: "
                                     "this column is read as written; write the figures in "
                                     "full", header=written, unit=unit_name(factor, False)))
            stated.add((factor, written))
        factors = {factor for factor, _written in stated}
        if len(factors) > 1:
            raise FileRejected(_("the sheets write one column in different units ({headers}): "
                                 "state one unit on every sheet", headers=", ".join(
                                     f"'{written}'" for _factor, written in sorted(
                                         stated, key=lambda item: item[1]))))
        factor, where = factors.pop(), spellings[0]
        if column.rupiah and title_factor is not None:
            if factor is None and silent:
                raise FileRejected(_(
                    "{where} states {unit}, but {sheet} states no unit for its figures and "
                    "its header '{header}' neither: whether they are in rupiah or in the same "
                    "unit cannot be told; state the unit on every sheet", where=title_where,
                    unit=unit_name(title_factor), sheet=silent[0].named, header=where))
            if factor is None:
                factor, where = title_factor, title_where
            elif factor != title_factor:
                raise FileRejected(_("the header '{header}' states {unit}, but {title} states "
                                     "{title_unit}: which one the figures are in cannot be "
                                     "told; make them agree", header=where,
                                     unit=unit_name(factor), title=title_where,
                                     title_unit=unit_name(title_factor)))
        if factor not in (None, 1):
            scales[column.name] = Scale(factor, where)
        elif factor is None and column.rupiah:
            unstated.append(column.name)
    return scales, (unstated if scales else [])


def refuse_unstated(scales: dict[str, Scale], other: str) -> None:
    """Refuse a file whose amount `other` (as the file writes it) holds figures but states
    no unit while other amounts state thousands or millions (`column_scales`). Raises
    `FileRejected`."""
    scale = next(iter(scales.values()))
    raise FileRejected(_("the header '{header}' states {unit}, but '{other}' states no unit: "
                         "whether its figures are in rupiah or in the same unit cannot be "
                         "told; state the unit in every header of an amount, or once in "
                         "the title ('dalam ribuan rupiah')", header=scale.where,
                         unit=unit_name(scale.factor), other=other))


def unit_in_figure(value: object) -> bool:
    """Whether an amount's cell states a unit in thousands or more instead of holding a
    figure (`(Rp 000)`, `Rp. Ribu`, `dalam jutaan`): a unit no header took, which read as
    a figure would be 0 (`(Rp 000)` as a negative 000) or nothing. `Rp 0`, `Rp -` and any
    figure other than 0 (`Rp 1.000`) are none."""
    if not isinstance(value, str):
        return False
    readings = number_readings(value)
    if any(readings.values()):
        return False
    try:
        return stated_factor(value, title=True) not in (None, 1)
    except ValueError:
        return True


def refuse_unit_in_figures(frame: pd.DataFrame, spec: SourceSpec, header: Header) -> None:
    """Refuse a chunk (`frame`, with `_row`) holding a unit statement in an amount's cell
    (`unit_in_figure`: a units row further down the table, or under a header it was not
    right below): the unit of the figures around it cannot be told, and read as a figure it
    would be lost. Raises `FileRejected` naming the first such cell's row and column and
    quoting its unit words only (`unit_words`): the cell may hold a name or a phone number."""
    for column in spec.read_columns:
        if not column.rupiah or column.name not in frame:
            continue
        cells = frame[column.name]
        texts = cells[cells.map(lambda value: isinstance(value, str))]
        found = texts[texts.map(unit_in_figure)]
        if len(found):
            row = frame.loc[found.index[0], "_row"]
            raise FileRejected(_(
                "row {row}, column {column} states a unit ('{unit}') where a figure is "
                "expected: which unit the figures around it are in cannot be told; state the "
                "unit once, in the header or in the row right under it", row=header.shown(
                    int(row)), column=header.written.get(column.name, column.name),
                unit=unit_words(found.iloc[0])))


def unit_name(factor: int, rupiah: bool = True) -> str:
    """A unit as a message names it: `thousands of rupiah` (`rupiah` False: `thousands`)."""
    if not rupiah:
        return {1_000: _("thousands"), 1_000_000: _("millions"),
                1_000_000_000: _("billions")}[factor]
    return {1: _("rupiah"), 1_000: _("thousands of rupiah"),
            1_000_000: _("millions of rupiah"), 1_000_000_000: _("billions of rupiah")}[factor]
