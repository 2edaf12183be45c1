"""Amounts a file writes in thousands or millions of rupiah.

Budget tables often say once what their figures count: a header's unit (`Pagu (Rp 000)`,
`Realisasi (Ribuan Rp)`, `Pagu (x Rp 1.000)`, `Sisa (Juta Rp)`) or a title row above the
table (`(dalam ribuan rupiah)`, `Satuan: Ribu Rupiah`). Such a figure is the amount divided
by 1 000 (or 1 000 000): read as written it would be a thousand times too small, and no
value in the file shows it. A note under the table (`Catatan: angka dalam ribuan rupiah`)
says it as a title does. So the unit is read where the file states it and the figures are
multiplied back to rupiah, always with a word in the ledger (`Scale.note`):

- a column's own header decides for that column; a title row (or such a note) decides for
  the source's rupiah columns (`rupiah: true` in `sources.yml`) whose header states no unit;
- an amount whose header states no unit beside others stating thousands, when it holds a
  figure other than 0 (an empty Pagu Perubahan, or one of 0 on every line, says nothing:
  zero is zero in any unit), a header stating plain rupiah (`Pagu (Rp)`)
  under a title stating thousands, headers of one
  column stating different units on different sheets, or a title stating two units: which
  one is right cannot be told, so the file is refused (`FileRejected`);
- a percentage (`Realisasi (%)`) is no amount: such a header is not the amount's column
  (`ingest.headers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.i18n import _, number
from ingest.errors import FileRejected
from ingest.headers import Header
from schemas.spec import SourceSpec

# What a stated unit multiplies by, found in lower-cased text. Thousands groups are written
# with `.`, `,` or nothing (`x Rp 1.000`, `Rp 000`, `Rp '000`).
_GROUP = r"[.,']?000"
_MILLIONS = re.compile(
    rf"\bjuta(?:an)?\b|\bjt\b|\bmillions?\b|\bmn\b|x\s*(?:rp\.?\s*)?1{_GROUP}{_GROUP}\b"
    rf"|rp\.?\s*'?000{_GROUP}\b")
_THOUSANDS = re.compile(
    rf"\bribu(?:an)?\b|\brb\b|\bthousands?\b|\bk\s*rp\b|x\s*(?:rp\.?\s*)?1{_GROUP}\b"
    rf"|rp\.?\s*'?000\b|\(\s*'?000\s*\)")
_RUPIAH = re.compile(r"\brp\b|\brupiah\b|\bidr\b")
# In a title, a unit counts only as a statement of what the figures are: beside rupiah
# (`ribuan rupiah`, `Rp 000`) or after `dalam` / `satuan` (a title naming "1.000 Hari
# Pertama Kehidupan" states no unit).
_TITLE_UNIT = re.compile(r"\b(?:dalam|satuan|in)\b|\brp\b|\brupiah\b|\bidr\b")
# A title stating plain rupiah (`(dalam rupiah)`, `Satuan: Rupiah`, `(Rp)`): beside a header
# stating thousands, one of them is wrong.
_TITLE_RUPIAH = re.compile(r"(?:\bdalam|\bsatuan\s*:?|\bin)\s*(?:rp\b\.?|rupiah\b|idr\b)"
                           r"|\(\s*(?:rp\.?|rupiah|idr)\s*\)")
_BRACKETED = re.compile(r"[(\[]([^()\[\]]*)[)\]]")


@dataclass(frozen=True)
class Scale:
    """What a column's figures are multiplied by, and where the file says so."""

    factor: int
    where: str  # the header as the file writes it, or the title row's or note's row

    def note(self, column: str) -> str:
        """The ledger's word on the column (`column` as the file writes it)."""
        if column == self.where:
            return _("{column}: figures in {unit}, as its header says: read multiplied by "
                     "{factor}", column=column, unit=_unit(self.factor),
                     factor=number(self.factor))
        return _("{column}: figures in {unit}, as {where} says: read multiplied by {factor}",
                 column=column, unit=_unit(self.factor), where=self.where,
                 factor=number(self.factor))


def stated_factor(text: str, title: bool = False) -> int | None:
    """The multiplier a text states for amounts: 1 000, 1 000 000, 1 for plain rupiah (`Rp`,
    `Rupiah`), None when it states none. A title's unit counts only beside rupiah or after
    `dalam`/`satuan`. Raises `ValueError` when it states two."""
    lowered = str(text).lower()
    if title and not _TITLE_UNIT.search(lowered):
        return None
    if title:  # `RB` in a title is ribu only beside rupiah or a unit's word (else Reformasi
        # Birokrasi, …)
        lowered = re.sub(r"\brb\b", " ", re.sub(
            r"\b(?:dalam|satuan\s*:?)\s*rb\b|\brb\.?\s*(?:rupiah|rp)\b", " ribu rupiah ", lowered))
    found = {factor for factor, shape in ((1_000_000, _MILLIONS), (1_000, _THOUSANDS))
             if shape.search(lowered)}
    if 1_000_000 in found and _THOUSANDS.search(_MILLIONS.sub(" ", lowered)) is None:
        found.discard(1_000)  # `Rp 000.000` is millions, not also thousands
    if len(found) > 1:
        raise ValueError(text)
    if found:
        return found.pop()
    if title:
        return 1 if _TITLE_RUPIAH.search(lowered) else None
    return 1 if _RUPIAH.search(lowered) else None


def _header_unit(written: str) -> int | None:
    """The multiplier a header's brackets state: `Pagu (Rp 000)` → 1 000."""
    units = _BRACKETED.findall(written)
    return stated_factor(" ".join(units)) if units else None


def states_unit(text: str) -> bool:
    """Whether a line of a file (a title, a note under the table) states the unit of the
    figures (`dalam ribuan rupiah`), or two."""
    try:
        return stated_factor(text, title=True) is not None
    except ValueError:
        return True


def column_scales(spec: SourceSpec, header: Header,
                  below: list[tuple[int, str]] | None = None
                  ) -> tuple[dict[str, Scale], list[str]]:
    """{column: its scale} for the number columns of a file whose header, title or a line
    under the table (`below`: row, text) states that the figures are in thousands or
    millions (see the module), and, when some do, the rupiah columns whose header states no
    unit: should one of them hold a figure, which unit it is in cannot be told
    (`refuse_unstated`). Raises `FileRejected` when the units stated cannot all be right."""
    title_factor, title_where = None, None
    lines = [*((row, text, _("title row {row}", row=header.shown(row)))
               for row, text in header.titles),
             *((row, text, _("row {row} under the table", row=header.shown(row)))
               for row, text in below or [])]
    # A line is named by its row, never quoted: a title or a note under a table may hold a
    # name (a signature block).
    for _row, text, where in lines:
        try:
            factor = stated_factor(text, title=True)
        except ValueError:
            raise FileRejected(_("{where} states two units for the figures: which one is meant "
                                 "cannot be told; state one", where=where)) from None
        if factor is None:
            continue
        if title_factor is not None and factor != title_factor:
            raise FileRejected(_("{one} and {other} state different units for the figures "
                                 "({one_unit}, {other_unit}): which one is meant cannot be "
                                 "told; state one", one=title_where, other=where,
                                 one_unit=_unit(title_factor), other_unit=_unit(factor)))
        title_factor, title_where = factor, where
    scales: dict[str, Scale] = {}
    unstated: list[str] = []  # rupiah columns whose header states no unit
    for column in spec.read_columns:
        if column.name not in header.columns or column.type != "number":
            continue
        spellings = header.spellings.get(column.name) or [header.written[column.name]]
        stated: set[tuple[int | None, str]] = set()
        for written in spellings:
            try:
                factor = _header_unit(written)
            except ValueError:
                raise FileRejected(_("the header '{header}' states two units for its figures: "
                                     "which one is meant cannot be told; state one",
                                     header=written)) from None
            if factor not in (None, 1) and not column.rupiah:
                raise FileRejected(_("the header '{header}' says its figures are in {unit}: "
                                     "this column is read as written; write the figures in "
                                     "full", header=written, unit=_unit(factor, False)))
            stated.add((factor, written))
        factors = {factor for factor, _written in stated}
        if len(factors) > 1:
            raise FileRejected(_("the sheets write one column in different units ({headers}): "
                                 "state one unit on every sheet", headers=", ".join(
                                     f"'{written}'" for _factor, written in sorted(
                                         stated, key=lambda item: item[1]))))
        factor, where = factors.pop(), spellings[0]
        if column.rupiah and title_factor is not None:
            if factor is None:
                factor, where = title_factor, title_where
            elif factor != title_factor:
                raise FileRejected(_("the header '{header}' states {unit}, but {title} states "
                                     "{title_unit}: which one the figures are in cannot be "
                                     "told; make them agree", header=where,
                                     unit=_unit(factor), title=title_where,
                                     title_unit=_unit(title_factor)))
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
                         unit=_unit(scale.factor), other=other))


def _unit(factor: int, rupiah: bool = True) -> str:
    if not rupiah:
        return {1_000: _("thousands"), 1_000_000: _("millions")}[factor]
    return {1: _("rupiah"), 1_000: _("thousands of rupiah"),
            1_000_000: _("millions of rupiah")}[factor]
