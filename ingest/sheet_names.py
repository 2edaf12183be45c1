"""How a workbook's sheet is named where a person reads it.

A sheet's name is the officer's free text, like a file name: a register may keep a sheet per
victim (`Kasus Marselina Ndun`). A sheet whose name looks personal (a person's name, a NIK,
NIP or phone number, an address: `ingest.quarantine.looks_personal`, with the words offices
name sheets with known: months, `Rekap`, `Tabel`, `Lampiran`, …) is named by its position in
the workbook, `lembar ke-2` (`sheet 2`), counting every sheet, hidden ones too, as the file
stores them; any other sheet by its name, `lembar 'Maret'`. Every message, ledger column,
quarantine row and metadata value that names a sheet goes through `Sheet`, and the
quarantine command re-reads a sheet by its position (`Sheet.number`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from core.i18n import _
from ingest.parse import MONTHS
from ingest.quarantine import NAME_WORDS, known_words, looks_personal

# Words offices name sheets with, besides months and the sources' own words: a sheet named
# `Rekap Januari` or `Data Bidang PHA` is no person's.
_SHEET_WORDS = frozenset({
    "rekap", "rekapitulasi", "data", "tabel", "table", "lampiran", "laporan", "sheet",
    "lembar", "daftar", "register", "bulan", "triwulan", "semester", "tahun", "tahunan",
    "bulanan", "format", "form", "formulir", "isian", "petunjuk", "catatan", "keterangan",
    "ringkasan", "summary", "total", "jumlah", "grafik", "chart", "pivot", "sumber", "input",
    "output", "hasil", "draft", "final", "revisi", "baru", "lama", "awal", "akhir", "induk",
    "pns", "pppk", "honorer", "kontrak", "asn", "pegawai", "staf", "bidang", "uptd", "sekretariat",
    "target", "capaian", "renstra", "indikator", "kinerja", "lra", "dpa", "rka", "apbd",
    "murni", "perubahan", "belanja", "pendapatan", "kasus", "korban", "pengaduan", "layanan",
    "kabupaten", "kota", "provinsi", "rekapan", "cover", "sampul", "notes", "copy", "salinan",
})


def sheet_looks_personal(name: str) -> bool:
    """Whether a sheet's name must not be shown: what `looks_personal` hides in a value,
    once the words offices name sheets with are known (`Rekap Januari`, `Sheet1` and
    `Tabel 9` show; `Kasus Marselina Ndun` and `Korban Yuliana Bria` do not)."""
    sheet_words = (_SHEET_WORDS | MONTHS.keys()) - NAME_WORDS
    known = known_words() | sheet_words
    words = re.findall(r"[A-Za-z'’]+", name)
    # A name of known words and numbers only (`REKAP JANUARI`, `Data Kasus 2023`) is none.
    if words and all(word.lower() in known for word in words) and not re.search(
            r"\d{9,}", re.sub(r"[\s\-]", "", name)):
        return False
    return looks_personal(name, also_known=sheet_words) is not None


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
