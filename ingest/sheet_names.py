"""How a workbook's sheet is named where a person reads it.

A sheet's name is the officer's free text, like a file name: a register may keep a sheet per
victim (`Kasus Marselina Ndun`, `MARIA`). A sheet whose name holds a word that is not a known
word (a month, a word offices name sheets with — `Rekap`, `Tabel`, `Lampiran` —, a word of the
sources' headers and vocabularies, a region, a number) or a NIK, NIP or phone number is named
by its position in the workbook, `lembar ke-2` (`sheet 2`), counting every sheet, hidden ones
too, as the file stores them; any other sheet by its name, `lembar 'Maret'`. Every message,
ledger column, quarantine row and metadata value that names a sheet goes through `Sheet`;
tables store the label in the default language (`Sheet.stored`), and the quarantine command
re-reads a sheet by its position (`Sheet.number`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from core.i18n import DEFAULT_LANGUAGE, _, in_language
from core.reference import RegionError, regions, vocabulary, vocabulary_key
from ingest.parse import MONTHS
from ingest.quarantine import known_words, looks_personal
from ingest.words import NAME_WORDS, SHEET_WORDS, TOWNS
from schemas.spec import ColumnSpec

ROMAN = re.compile(r"(?=[ivx])x{0,3}(ix|iv|v?i{0,3})", re.IGNORECASE)


def sheet_looks_personal(name: str) -> bool:
    """Whether a sheet's name must not be shown. A sheet name is free text: any word in it
    that is not a known word (a month, a word offices name sheets with, a word of the
    sources' headers and vocabularies, a region, a roman numeral or a single letter) may be
    a person's (`MARIA`, `Ibu Ros`, `Yosef (Kupang)`), and so does a run of 9 or more digits
    (a NIK, NIP or phone number). What `looks_personal` hides in a value is hidden too,
    with the sheet words known: a title before a word that is also an ordinary one (`Ibu
    Murni`). `Rekap Januari`, `Sheet1`, `Tabel 9`, `Data 2023`, `PNS`, `APBD Murni` and
    `Kab. Kupang` show."""
    sheet_words = SHEET_WORDS | TOWNS | MONTHS.keys()
    known = known_words() | sheet_words
    for word in re.findall(r"[A-Za-z'’]+", name):
        word = word.lower().strip("'’")
        if len(word) > 1 and word not in known and not ROMAN.fullmatch(word):
            return True
    if re.search(r"\d{9,}", re.sub(r"[\s\-.]", "", name)):
        return True
    return looks_personal(name, also_known=frozenset(sheet_words) - NAME_WORDS) is not None


@dataclass(frozen=True)
class Sheet:
    """A workbook's sheet: its `name` as the file stores it (read only to find the sheet
    and a month it states, never shown when personal) and its `number`, the position among
    all the workbook's sheets (1 = the first, hidden sheets counted). `str()` of a sheet is
    its label, so formatting one can never show a personal name."""

    name: str
    number: int

    @cached_property
    def personal(self) -> bool:
        return sheet_looks_personal(self.name)

    @property
    def label(self) -> str:
        """The sheet as a table cell names it: `Maret`, or `lembar ke-2` for a name that
        looks personal."""
        return _("sheet {number}", number=self.number) if self.personal else self.name

    @property
    def stored(self) -> str:
        """The sheet as a table stores it (the ledger's and quarantine's `sheet`): its label
        in the default language, so that it reads the same whichever `--lang` wrote it."""
        if self.personal:
            return in_language(DEFAULT_LANGUAGE, "sheet {number}", number=self.number)
        return self.name

    @property
    def named(self) -> str:
        """The sheet as a sentence names it: `lembar 'Maret'`, or `lembar ke-2`."""
        if self.personal:
            return _("sheet {number}", number=self.number)
        return _("sheet '{sheet}'", sheet=self.name)

    @property
    def listed(self) -> str:
        """The sheet in a list of sheets (`'Januari', 'Februari'`, or `lembar ke-2`)."""
        return self.label if self.personal else f"'{self.name}'"

    def __str__(self) -> str:
        return self.label


def listed(sheets: list[Sheet]) -> str:
    """Sheets as a list in a sentence: `'Januari', lembar ke-3`."""
    return ", ".join(sheet.listed for sheet in sheets)


def sheet_value(column: ColumnSpec, name: str) -> str | None:
    """The value of a region or vocabulary column a sheet's name states, as that column's
    reader reads it (`Kab. Kupang` → 53.01, `TTS` → 53.04, `Bidang PKA` → PKA), or None
    when the name is no such value or reads two ways (`Kupang`): never a guess."""
    if column.type == "region":
        try:
            return regions().resolve(name).kode_kemendagri
        except RegionError:
            return None
    if column.type == "vocab" and column.domain:
        return vocabulary(column.domain).get(vocabulary_key(name))
    return None
