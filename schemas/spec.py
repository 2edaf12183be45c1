"""The landing sources as declared in `sources.yml`: columns, types, aliases, periods, ranges.

`sources()` reads the file once; `source(name)` gives one `SourceSpec`. The declarations are
the one place a raw column is described: the readers take its names and aliases from here,
and `schemas.fields` builds the Pandera field layer (type, nullability, vocabulary, range).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

SOURCES_FILE = Path(__file__).with_name("sources.yml")


# The abbreviations offices write in headers for a word a declared name spells out: `Tgl.
# Pelaporan` is `Tanggal Pelaporan`, `Thn` `Tahun`, `Jml` `Jumlah`, `Bln` `Bulan`.
_ABBREVIATIONS = {"tgl": "tanggal", "thn": "tahun", "jml": "jumlah", "bln": "bulan"}
_ABBREVIATION = re.compile(rf"(?<![a-z0-9])({'|'.join(_ABBREVIATIONS)})(?![a-z0-9])")


_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")


def spelt_out(name: object) -> str:
    """A header in lower case with the usual abbreviations written as their words: `Realisasi
    Bln. Ini` → `realisasi bulan. ini`. Invisible characters do not count: a byte-order mark
    left in the first cell (a UTF-8 file saved twice with one), a zero-width space pasted
    from a web page."""
    text = _INVISIBLE.sub("", str(name or "")).lower()
    return _ABBREVIATION.sub(lambda match: _ABBREVIATIONS[match[1]], text)


def normalise_header(name: object) -> str:
    """`No. Registrasi` → `noregistrasi`, `Tgl. Lapor` → `tanggallapor`; case, spaces, `_`,
    `.`, `/`, `-`, brackets and `:` do not count (`Disabilitas: Ya/Tidak` is `Disabilitas
    (Ya/Tidak)`), and the usual abbreviations read as their words."""
    return re.sub(r"[\s_./\-():]+", "", spelt_out(name))


# The columns holding a row's year and month (`tahun`, `bulan`), in every source.
CALENDAR_COLUMNS = frozenset({"tahun", "bulan"})


@dataclass(frozen=True)
class ColumnSpec:
    """One declared column (see the header of `sources.yml` for every option)."""

    name: str
    type: str
    required: bool = True
    domain: str | None = None
    aliases: tuple[str, ...] = ()
    derived: bool = False  # computed by the source's derive hook, not read from the file
    if_taken: tuple[str, ...] = ()
    # headers naming the column only when no other header names it or one of `rivals`
    if_alone: tuple[str, ...] = ()
    rivals: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()  # headers of a region code column beside the name
    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None
    not_in_future: bool = False
    unique: bool = False
    private: bool = False
    whole: str | None = None  # "years": an age in whole years completed (normalise)
    otherwise: str | None = None  # what an unknown free text is stored as
    levels: str | None = None  # vocabulary of levels a value may end with
    values: tuple[str, ...] = ()  # allowed values of a derived column
    # "date" / "month" / "year": a file without this column may state it in its title rows
    # or file name (ingest/month_of_file.py); the reader then fills the column from there.
    from_file: str | None = None
    label: str | None = None  # the header as offices write it, when not the name in words
    # An amount of rupiah: a file stating its figures in thousands or millions (a title
    # "dalam ribuan rupiah", a header "Pagu (Rp 000)") is read multiplied back (ingest/scale.py).
    rupiah: bool = False
    # An amount whose empty cell means what 0 does not (Pagu Perubahan: no revision): a lone
    # dash (`-`, `Rp -`) is empty there, where another amount reads it as 0 (ingest/loader.py).
    dash_empty: bool = False
    # A text column that names things (a program, an indicator: capitalised words are its
    # writing); false: one that never holds a name (a unit of measure), where a person's
    # name is refused like a NIK.
    names: bool = True
    # An optional column what a row is depends on (an account: a budget row without one is
    # its line's row; a KLA predikat, whose empty cell is read as Belum): a cell of it that
    # cannot be read quarantines its row, never empties.
    defines_row: bool = False
    # A vocabulary whose value followed by a remark says something else (`Madya (usulan)`: a
    # KLA predikat proposed, not awarded; `Nindya (2024)`: last year's): such a cell is
    # refused naming the remark, never read as the value before it.
    exact: bool = False
    # False: a column read only for what a derive hook computes from it (a victim's birth
    # date gives the age), never stored in the raw table.
    stored: bool = True
    # Columns a file may give instead of this required one, from which the source's derive
    # hook computes it (SIASN's `Jabatan Struktural` and `Jabatan Fungsional` for `jabatan`).
    or_from: tuple[str, ...] = ()

    @property
    def percent(self) -> bool:
        """Whether the figures may be written as percents (`85,5%` is 85.5): a number that is
        no amount of rupiah and no count (an indicator's target or realisation, a score)."""
        return self.type == "number" and not self.rupiah and self.whole is None

    @property
    def figure_marks(self) -> bool:
        """Whether the column is a statistical table's figure, which BPS writes with a mark
        after it (`11,7*`, `0,423 r)`) or a sign for a figure not available (`...`, `x`,
        `NA`): a number or count that is no amount of rupiah (a finance export's `*` may be
        anything), no age (a register's), and no year or month (the row's period: a key,
        never marked). In the sources so far: an indicator's and a KLA table's figures."""
        return (self.type in ("number", "int") and not self.rupiah and self.whole != "years"
                and not self.from_file and self.name not in CALENDAR_COLUMNS)

    @property
    def shown(self) -> str:
        """The column's header as an office writes it, for a person's message: its `label`
        in sources.yml (`Kabupaten/Kota`), else its name in words (`status_layanan` →
        `Status Layanan`); never the internal name."""
        return self.label or self.name.replace("_", " ").title()

    @property
    def output(self) -> str:
        """The column's name in the raw table (ids are stored only as pseudonyms)."""
        if self.type == "id":
            return f"{self.name}_hmac"
        if self.type == "region":
            return f"{self.name}_kode"
        return self.name


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str
    columns: tuple[ColumnSpec, ...]
    key: str | None = None
    period: str | None = None
    months: str | None = None  # the column whose months a newer extract must keep
    urusan: str | None = None  # this office's urusan (SIPD's X.XX is read as it)
    total_row: dict = field(default_factory=dict)
    # {budget, year, times}: an amount ceiling from a documented budget (`ingest.magnitude`)
    budget_ceiling: dict = field(default_factory=dict)

    @property
    def read_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(column for column in self.columns if not column.derived)

    @property
    def required(self) -> set[str]:
        return {column.name for column in self.read_columns if column.required}

    @property
    def aliases(self) -> dict[str, str]:
        """Normalised header name → canonical column (names and aliases; not `if_taken`)."""
        mapping: dict[str, str] = {}
        for column in self.read_columns:
            for name in (column.name, *column.aliases):
                mapping.setdefault(normalise_header(name), column.name)
        return mapping

    @property
    def if_taken(self) -> dict[str, str]:
        """Normalised header name → the column it names when its usual column is taken."""
        return {normalise_header(name): column.name for column in self.read_columns
                for name in column.if_taken}

    @property
    def if_alone(self) -> dict[str, str]:
        """Normalised header name → the column it names when it stands alone (`if_alone`)."""
        return {normalise_header(name): column.name for column in self.read_columns
                for name in column.if_alone}

    @property
    def code_headers(self) -> dict[str, str]:
        """Normalised header of a region code column → the region column it settles."""
        return {normalise_header(name): column.name for column in self.read_columns
                for name in column.codes}

    def column(self, name: str) -> ColumnSpec:
        return next(column for column in self.columns if column.name == name)

    @property
    def key_output(self) -> str | None:
        return self.column(self.key).output if self.key else None


_OPTIONS = {"min": "minimum", "max": "maximum", "above": "above",
            "not_in_future": "not_in_future", "unique": "unique", "private": "private",
            "whole": "whole", "otherwise": "otherwise", "levels": "levels",
            "domain": "domain", "from_file": "from_file", "rupiah": "rupiah", "names": "names",
            "defines_row": "defines_row", "label": "label", "dash_empty": "dash_empty",
            "stored": "stored", "exact": "exact"}


def _column(name: str, options: dict, derived: bool = False) -> ColumnSpec:
    extra = {attribute: options[key] for key, attribute in _OPTIONS.items() if key in options}
    return ColumnSpec(
        name=name,
        type=options["type"],
        required=False if derived else options.get("required", True),
        aliases=tuple(options.get("aliases", ())),
        derived=derived,
        if_taken=tuple(options.get("if_taken", ())),
        if_alone=tuple(options.get("if_alone", ())),
        rivals=tuple(options.get("rivals", ())),
        codes=tuple(options.get("codes", ())),
        values=tuple(options.get("values", ())),
        or_from=tuple(options.get("or_from", ())),
        **extra,
    )


@cache
def sources() -> dict[str, SourceSpec]:
    """Every declared source by name, read from `sources.yml` once."""
    data = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))
    specs = {}
    for name, body in data.items():
        columns = tuple(_column(column, options) for column, options in body["columns"].items())
        columns += tuple(_column(column, options, derived=True)
                         for column, options in body.get("derived", {}).items())
        specs[name] = SourceSpec(
            name=name,
            title=body["title"],
            columns=columns,
            key=body.get("key"),
            period=body.get("period"),
            months=body.get("months"),
            urusan=body.get("urusan"),
            total_row=body.get("total_row", {}),
            budget_ceiling=body.get("budget_ceiling", {}),
        )
    return specs


def source(name: str) -> SourceSpec:
    try:
        return sources()[name]
    except KeyError:
        known = ", ".join(sorted(sources()))
        raise KeyError(f"unknown source '{name}' (known sources: {known})") from None
