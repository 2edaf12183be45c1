"""Finding a source's header in a file: loose matching of names, declared columns before the
privacy rule, private columns dropped unread, a region's code column beside its name,
two-row headers with merged cells, and the rows above (titles) that are not the header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from core.i18n import _
from core.suggest import closest
from ingest.errors import FileRejected
from ingest.parse import PERIOD_WORDS, month_number
from ingest.quarantine import looks_personal
from ingest.sheet_names import Sheet
from ingest.units import split_unit, stated_factor, without_footnote
from schemas.spec import ColumnSpec, SourceSpec, normalise_header

PII_PATTERN = re.compile(r"^(nama|nik|alamat|nohp|telepon|telp|hp|email|namaibu|namaayah)")
HEADER_SCAN_ROWS = 30
# Rows of one sheet (Excel's and LibreOffice's limit, 2**20): a workbook read from several
# sheets numbers its rows `sheet index × SHEET_ROWS + row` inside the loader (see
# `Header.place`), so the first sheet's numbers are the rows as the spreadsheet shows them.
SHEET_ROWS = 1 << 20
ROW_NUMBER_HEADERS = {"no", "nomor", "nourut", "urut"}  # a row counter, not data
# A cell of the row of column numbers printed under a header (`1 2 3 … 14`), also written
# `(1)` or with the column's formula (`14 = 12 - 13`, `5=(3-4)`).
NUMBERING_CELL = r"^\(?(\d{1,3})\)?(?:\s*=.*)?$"


def is_private_column(name: object) -> bool:
    """A header that names personal data (`Nama …`, `NIK`, `Alamat`, `No HP`, …); the
    caller checks the source's declared columns first (`Nama Program` is a column)."""
    return bool(PII_PATTERN.match(normalise_header(name)))


def quoted_headers(names: list[str]) -> str:
    """Headers as a message lists them, each in quotes: `'Tempat, Tanggal Lahir', 'Umur'`
    (a header's own comma then never reads as two columns)."""
    return ", ".join(f"'{name}'" for name in names)


def drops_unread(name: object) -> bool:
    """A header whose column is dropped unread and never named: one that names personal
    data, or is itself a person's name, a NIK, NIP or phone number, or an address (a column
    an officer titled `Yakobus Neno`); the caller checks the declared columns first."""
    return is_private_column(name) or looks_personal(_cell_text(name)) is not None


@dataclass
class Header:
    """Where each wanted column sits in the file, and what the file held besides."""

    columns: dict[str, int]  # canonical column name -> position in the file row
    header_row: int  # 1-based line/row number of the header in the file (its last row)
    private_dropped: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    width: int = 0  # cells up to the last named one: a CSV data row must have this many
    cells: int = 0  # cells in the header row as written (the columnar reader's row width)
    written: dict[str, str] = field(default_factory=dict)  # canonical -> header as written
    # canonical -> every way the sheets of a workbook write it (first sheet's first), when
    # they differ; empty for one sheet or a CSV (then `written` says it)
    spellings: dict[str, list[str]] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)  # region column -> its code column
    sheet: Sheet | None = None  # the spreadsheet's (first) sheet read (None for a CSV)
    # Every sheet read, in order: rows of sheet i are numbered i × SHEET_ROWS + row.
    sheets: list[Sheet] = field(default_factory=list)
    # The columns each sheet read holds (its own header's), in `sheets` order.
    sheet_columns: list[frozenset[str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sheets not read, and why (sentences)
    # The rows above the header (titles), (row number of the file, cells joined), for what a
    # file says of itself (ingest/month_of_file.py).
    titles: list[tuple[int, str]] = field(default_factory=list)
    # Units the row right under the header states under no figure's column (`(Dalam Ribuan
    # Rupiah)` in column A): (row of the file, the cell as written), read as a title's.
    unit_lines: list[tuple[int, str]] = field(default_factory=list)
    # The sheet's print header and footer, a line per part (`Workbook.print_lines`): read
    # for a unit the figures are in, as a title is, for a source with amounts in rupiah.
    print_lines: list[str] = field(default_factory=list)
    # The header's row(s) as written, each cell as `layout_key` gives it (two for a two-row
    # header): a row repeating them further down (a header printed on every page) is no data.
    rows: list[list[str]] = field(default_factory=list)
    # The header's cells as read (a two-row header's merged: `Pagu Murni`), by position.
    names: list[str] = field(default_factory=list)
    # The year each figure's header states (`Target 2023`, `Realisasi 2022`): {column: year}.
    column_years: dict[str, int] = field(default_factory=dict)
    # Positions of the required columns that name a record rather than count it (its id,
    # code, name, date, categories): a total row leaves them empty (`rows.total_label`).
    keys: list[int] = field(default_factory=list)
    # Positions of the columns of free text naming things (a unit, a program): a total row
    # writes its label and figures, no such word beside them (`rows.total_label`).
    texts: list[int] = field(default_factory=list)
    required: list[int] = field(default_factory=list)  # positions of the required columns
    # Figures merged over several data rows: (column, first row, last row), read in the
    # first row only (`files._merged_labels`).
    merged_figures: list[tuple[str, int, int]] = field(default_factory=list)
    # Number cells formatted as a percentage, read as the percent they show: {column: (how
    # many, first row of the file)} (`ingest.spreadsheet.HiddenCells.percent`).
    percent_cells: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Number cells a format scaled by commas shows divided (`#,##0,`): they hold the full
    # figure, so a unit the header states is not applied to them: {column: rows of the file}.
    scaled_rows: dict[str, set[int]] = field(default_factory=dict)

    # A workbook's: the header of each sheet read, in order (`files._combined`); empty for
    # a CSV or one sheet (then this header is the sheet's).
    per_sheet: list[Header] = field(default_factory=list)
    # What a file named as a workbook really held and how it was read (`ingest.disguised`),
    # a sentence for the ledger; empty for a file that is what its name says.
    read_as: str = ""
    # A workbook of a sheet per value of a required column it lacks (`files.
    # _sheets_naming_a_column`): {column: each sheet's name, in `sheets` order}.
    from_sheet_names: dict[str, list[str]] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        """The one year the headers of its figures state, or None (none, or several)."""
        stated = set(self.column_years.values())
        return stated.pop() if len(stated) == 1 else None

    def of_sheet(self, index: int) -> Header:
        """The header of sheet `index` as that sheet writes it (this one for a CSV)."""
        return self.per_sheet[index] if self.per_sheet else self

    def place(self, row: int) -> tuple[Sheet | None, int]:
        """(sheet, row as the spreadsheet shows it) of a row number of the file; the sheet
        is None for a CSV."""
        if not self.sheets:
            return self.sheet, row
        return self.sheets[row // SHEET_ROWS], row % SHEET_ROWS

    def shown(self, row: int) -> int | str:
        """A row number of the file as a person finds it (`shown_row`)."""
        return shown_row(self.sheets, row)

    def shown_rows(self, rows: list[int]) -> str:
        """Several row numbers of the file as a person finds them, each sheet named once
        after its rows: `4, 5, 6`, or `4, 5 (lembar 'Maret'), 9 (lembar ke-3)`."""
        if len(self.sheets) < 2:
            return ", ".join(str(shown_row(self.sheets, row)) for row in rows)
        parts: list[tuple[int, list[int]]] = []
        for row in rows:
            if parts and parts[-1][0] == row // SHEET_ROWS:
                parts[-1][1].append(row % SHEET_ROWS)
            else:
                parts.append((row // SHEET_ROWS, [row % SHEET_ROWS]))
        return ", ".join(_("{row} ({sheet})", row=", ".join(map(str, numbers)),
                           sheet=self.sheets[sheet].named) for sheet, numbers in parts)


def shown_row(sheets: list[Sheet], row: int) -> int | str:
    """A row number of a file (`sheet index × SHEET_ROWS + row` in a workbook read from
    several sheets) as the spreadsheet shows it: `12`, or `12 (lembar 'Maret')` when the
    file has several sheets. The one way every message names a row."""
    if len(sheets) < 2:
        return row % SHEET_ROWS if sheets else row
    return _("{row} ({sheet})", row=row % SHEET_ROWS, sheet=sheets[row // SHEET_ROWS].named)


class _Incomplete(Exception):
    """A row that names some required columns but not all (or one twice); `named` is how
    many required columns it names, `missing` the required columns it lacks (when that is
    why)."""

    def __init__(self, message: str, named: int = 0, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.named = named
        self.missing = missing


def _cell_text(cell: object) -> str:
    """A header cell as a person reads it: line breaks inside the cell (`TANGGAL⏎LAPOR`),
    runs of spaces and no-break spaces are one space."""
    return " ".join(str(cell).split())


def layout_key(cell: object) -> str:
    """A cell as compared with the header and title rows: blank for an empty cell, else its
    text in lower case with its spaces and line breaks as one space (`1.0` of a number cell
    is `1`)."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return " ".join(str(cell).split()).lower()


# Words of a name spanning columns (or in brackets after one) that make them another person's
# than the record's own (the victim's, the employee's): `Pelaku` over `Umur | Jenis Kelamin`
# and `Umur (Pelaku)` are the perpetrator's.
OTHER_PERSON = re.compile(r"\b(pelaku|terlapor|pelapor|saksi|ayah|ibu|wali|orang\s*tua|"
                          r"pendamping|petugas)\b", re.IGNORECASE)


# A unit or remark in brackets after a header's name: `Umur (Th)`, `Pagu (Rp)`.
_BRACKETED = re.compile(r"(?<!\s)\s*[(\[][^()\[\]]*[)\]]\s*$")


def _without_unit(cell: object, aliases: dict[str, str],
                  percents: frozenset[str] = frozenset()) -> str | None:
    """The key of a header whose name is a declared one once its bracketed unit is left
    out (`Umur (Th)` is `umur`), or the unit after it an amount's header writes without
    brackets (`Realisasi Rp.000`, `Pagu DPA dalam Rp.000,-`: `ingest.units`); None when
    it has none, is still unknown without it, or the brackets make it cumulative
    (`Realisasi Bulan Ini (Akumulasi)` is no month's own) or a percentage of a column whose
    figures are no percents (`Realisasi (%)` beside `Realisasi (Rp)` is the share of the
    pagu spent); `percents`: the columns whose figures may be (`Target (%)` of an indicator
    is its target); or another person's (`Umur (Pelaku)` is not the victim's age, unless
    the column is the perpetrator's: `Hubungan (Pelaku)`). A footnote mark after the
    header is neither name nor unit (`Sisa (Rp) 1)` is `sisa`, `Target¹` is `target`)."""
    text = without_footnote(_cell_text(cell))
    unit = _BRACKETED.search(text)
    if is_cumulative(text):
        return None
    if normalise_header(text) in aliases:
        return normalise_header(text)
    if not unit or normalise_header(_BRACKETED.sub("", text)) not in aliases:
        # A unit after the name not (only) in brackets (`Realisasi Rp.000`, `Pagu (Rp) 000`).
        split = split_unit(text)
        key = normalise_header(split[0]) if split else ""
        return key if key in aliases else None
    key = normalise_header(_BRACKETED.sub("", text))
    if "%" in unit.group(0) and aliases[key] not in percents:
        return None
    other = OTHER_PERSON.search(unit.group(0))
    if other and normalise_header(other[0]) not in aliases[key]:
        return None  # `Umur (Pelaku)`: the perpetrator's, unless the column is his
    return key


# The column a file's year is in, and a header naming a figure of one year (`Target 2023`,
# `Realisasi Tahun 2023`, `Target (2023)`).
YEAR_COLUMN = "tahun"
# Matched from the end of the header, each pattern tried at a place at most a few characters
# long, so a cell of thousands of brackets or spaces is judged at once (one pattern running
# the whole header took seconds for a thousand `( `).
_YEAR_AT_END = re.compile(r"((?:19|20)\d{2})[)\]]?\Z")
_YEAR_WORD_AT_END = re.compile(r"(?<![^\s(\[])(?:tahun|thn\.?|th\.?|ta\.?)\Z", re.IGNORECASE)
_PERCENT = re.compile(r"[(\[]\s*(?:%|persen)\s*[)\]]", re.IGNORECASE)


def figure_and_year(text: str) -> tuple[str, int] | None:
    """A header split into the figure it names and the year it states, or None when it
    ends in no year: `Target 2023`, `Realisasi Tahun 2023`, `Target (TA 2023)` → (`Target`,
    2023). Linear in the header's length."""
    found = _YEAR_AT_END.search(text)
    if found is None:
        return None
    figure = text[:found.start()].rstrip()
    if word := _YEAR_WORD_AT_END.search(figure, max(0, len(figure) - 6)):
        figure = figure[:word.start()]
    end = len(figure)
    while end and (figure[end - 1].isspace() or figure[end - 1] in "(["):
        end -= 1
    return figure[:end], int(found[1])


def _of_a_year(cell: object, spec: SourceSpec) -> tuple[str, int] | None:
    """(key, year) of a figure column's header stating its year (`Target 2023` → `target`,
    2023); None for any other header."""
    match = figure_and_year(_cell_text(cell))
    if not match or not spec.columns or YEAR_COLUMN not in {c.name for c in spec.columns}:
        return None
    key = normalise_header(match[0])
    name = spec.aliases.get(key)
    if name is None or spec.column(name).type not in ("number", "int") or name == YEAR_COLUMN:
        return None
    return key, match[1]


def _name_of_a_thing(key: str, spec: SourceSpec) -> str | None:
    """The key of `Nama <column>` when the column names a place or a thing (a region, a
    program: a text column), not a person: `Nama Kabupaten/Kota` is the kabupaten_kota
    column; `Nama Korban`, `Nama Pegawai` stay private (no such column)."""
    rest = key[len("nama"):] if key.startswith("nama") else ""
    column = spec.aliases.get(rest) if not rest.startswith("kode") else None
    return rest if column and spec.column(column).type in ("region", "text") else None


def match_header(cells: list[object], spec: SourceSpec) -> Header | None:
    """Map the cells of a candidate header row to canonical names, or None if it is not one.
    Raises `_Incomplete` with the reason when the row is a header missing a required column
    or naming one twice."""
    aliases, if_taken, code_headers = spec.aliases, spec.if_taken, spec.code_headers
    alone = spec.if_alone
    alone_at: dict[str, list[int]] = {}  # column -> positions of headers naming it if alone
    percents = frozenset(column.name for column in spec.read_columns if column.percent)
    named: dict[str, list[int]] = {}
    codes: dict[str, int] = {}
    private: list[str] = []
    ignored: list[str] = []
    shares: set[int] = set()  # positions named with a percent (`Capaian (%)`)
    years: dict[str, list[int]] = {}  # figure column -> the year its header states
    for position, cell in enumerate(cells):
        # A footnote mark after a header (`Target¹`, `Realisasi *)`, `Nilai^1`) is no part
        # of its name; messages name the header as written.
        text = without_footnote(_cell_text(cell))
        key = normalise_header(text)
        if not key:
            continue
        if (key not in aliases and key not in if_taken and key not in code_headers
                and key not in alone):
            year = _of_a_year(text, spec)
            if year is not None:
                key = year[0]
                years.setdefault(aliases[key], []).append(year[1])
            else:
                key = (_without_unit(text, aliases, percents)
                       or _without_unit(text, alone) or _name_of_a_thing(key, spec) or key)
            if key in aliases and _PERCENT.search(_cell_text(cell)):
                shares.add(position)
        if key in alone and key not in aliases:
            alone_at.setdefault(alone[key], []).append(position)
        elif key in aliases:
            named.setdefault(aliases[key], []).append(position)
        elif key in if_taken:
            named.setdefault(if_taken[key], []).append(position)
        elif key in code_headers and code_headers[key] not in codes:
            codes[code_headers[key]] = position
        elif drops_unread(cell):
            private.append(_cell_text(cell))
        elif key not in ROW_NUMBER_HEADERS:
            ignored.append(_cell_text(cell))
    for name, positions in named.items():  # `Capaian (%)` beside `Realisasi`: its share
        if len(positions) > 1 and positions != (kept := [at for at in positions
                                                         if at not in shares]) and kept:
            ignored += [_cell_text(cells[at]) for at in positions if at in shares]
            named[name] = kept
    _settle_alone(named, alone_at, cells, spec)
    columns, duplicated = _settle_taken(named, cells, if_taken)
    stated = {year for name, found in years.items() if name in columns for year in found}
    required = spec.required
    if not required & columns.keys() or len(required & columns.keys()) < min(2, len(required)):
        return None
    by_year = [name for name, found in years.items() if len(set(found)) > 1]
    if by_year:
        # A Renstra table: a column per year of one figure. One record per (row, year) is
        # what the source holds; reading it so is not done, so it is refused with what to send.
        written = [_cell_text(cells[at]) for name in by_year for at in named.get(name, [])]
        # The figure as a year's header writes it: a plain `Target` beside `Target 2024`
        # states no year and is not the one to read it from.
        figures = [next(found[0] for at in named[name]
                        if (found := figure_and_year(without_footnote(_cell_text(cells[at])))))
                   for name in by_year]
        raise _Incomplete(_(
            "the header gives {column} for several years ({headers}): a table with a column "
            "per year is not read. Write one row per year with a {year} column ({example}), "
            "or send one file per year with the year in its headers ('{column} 2023')",
            column=figures[0], headers=", ".join(written), year=YEAR_COLUMN.capitalize(),
            example=" | ".join([YEAR_COLUMN.capitalize(), *figures])), named=len(required))
    if YEAR_COLUMN in required - columns.keys() and len(stated) > 1:
        raise _Incomplete(_(
            "the headers of the figures state different years ({headers}) and there is no "
            "{year} column: which year each row is cannot be told. Add a {year} column (a "
            "figure of another year is then left unread, saying so), or send one file per "
            "year", headers=", ".join(_cell_text(cells[columns[name]]) for name in years
                                      if name in columns),
            year=YEAR_COLUMN.capitalize()), named=len(required & columns.keys()))
    missing = [column for column in spec.read_columns if column.name in required - columns.keys()
               and not column.from_file
               and not (column.name == YEAR_COLUMN and len(stated) == 1)
               and not set(column.or_from) & columns.keys()]
    if missing:
        found = quoted_headers([_shown_header(c, aliases) for c in cells
                                if normalise_header(c)])
        raise _Incomplete(_(
            "required column(s) missing: {missing} (the header row holds: {found})",
            missing=", ".join(_with_suggestion(column, cells, aliases)
                              for column in missing), found=found),
            named=len(required & columns.keys()),
            missing=tuple(column.name for column in missing))
    if duplicated:
        raise _Incomplete(_("the header names the same column twice: {headers}",
                            headers=", ".join(duplicated)), named=len(required))
    positions = [position for position, cell in enumerate(cells) if normalise_header(cell)]
    keys = [columns[column.name] for column in spec.read_columns
            if column.name in required and column.name in columns
            and column.type not in ("int", "number")]
    texts = [columns[column.name] for column in spec.read_columns
             if column.name in columns and column.type == "text"]
    return Header(columns=columns, header_row=0, private_dropped=private, ignored=ignored,
                  width=max(positions) + 1, cells=len(cells), texts=texts,
                  names=[_cell_text(cell) if normalise_header(cell) else "" for cell in cells],
                  keys=keys, required=[columns[name] for name in required if name in columns],
                  written={name: _cell_text(cells[position]) for name, position in columns.items()},
                  codes={name: position for name, position in codes.items() if name in columns},
                  column_years={name: found[0] for name, found in years.items()
                                if name in columns})


def _settle_alone(named: dict[str, list[int]], alone_at: dict[str, list[int]],
                  cells: list[object], spec: SourceSpec) -> None:
    """A header that names its column only standing alone (`if_alone`: `Anggaran`, `Alokasi`)
    names it when no other header of the row names the column or one of its rivals; beside
    one it may be either (`Anggaran` beside `Pagu Perubahan`: the first pagu or the one in
    force). Raises `_Incomplete` with the reason then: which figure it holds is not
    guessed."""
    for name, positions in alone_at.items():
        column = spec.column(name)
        others = [at for rival in (name, *column.rivals) for at in named.get(rival, [])]
        if not others and len(positions) == 1:
            named[name] = positions
            continue
        beside = [at for at in [*positions, *others] if at != positions[0]]
        raise _Incomplete(_(
            "the header '{header}' names a figure without saying which, and beside {others} "
            "it may be any of {columns}: which one it holds cannot be told; name it as one of "
            "them", header=_cell_text(cells[positions[0]]),
            others=", ".join(f"'{_cell_text(cells[at])}'" for at in sorted(beside)),
            columns=", ".join((name, *column.rivals))), named=len(spec.required))


def _settle_taken(
    named: dict[str, list[int]], cells: list[object], if_taken: dict[str, str]
) -> tuple[dict[str, int], list[str]]:
    """One position per column: when two headers name one column, a header that another
    column takes `if_taken` goes there (SIPD's `Kode Rekening` beside `Kode Sub Kegiatan`)."""
    columns: dict[str, int] = {}
    duplicated: list[str] = []
    for name, positions in list(named.items()):
        if len(positions) == 1:
            columns.setdefault(name, positions[0])
            continue
        kept = []
        for position in positions:
            other = if_taken.get(normalise_header(without_footnote(_cell_text(cells[position]))))
            if other and other != name and other not in named:
                columns[other] = position
                named[other] = [position]
            else:
                kept.append(position)
        columns[name] = kept[0]
        duplicated += [_cell_text(cells[position]) for position in kept[1:]]
    return columns, duplicated


# "s.d." / "sampai dengan" / "hingga": a figure from the start of the year up to a month or a
# date (`Realisasi s.d. Bulan Ini`), not the month's own; `kumulatif` says the same, also as
# offices spell it (`komulatif`, `akumulatif`, `akumulasi`).
UNTIL = r"(?<![a-z])(?:s\s*[./]?\s*d\b\.?|sampai\s+dengan|sampai|hingga)"
CUMULATIVE = r"(?:a?k[ou]mulatif|akumulasi)"
_CUMULATIVE_HEADER = re.compile(rf"{UNTIL}|{CUMULATIVE}")


def is_cumulative(header: object) -> bool:
    """Whether a header (or a title) writes a cumulative figure: `Realisasi s.d. Bulan Ini`,
    `Realisasi Sampai Dengan Bulan Ini`, `Realisasi Kumulatif`."""
    return bool(_CUMULATIVE_HEADER.search(_cell_text(header).lower()))


def _shown_header(cell: object, aliases: dict[str, str]) -> str:
    """A header cell as a message may name it: as written, or `***` when it is no column of
    the source and looks like a person's name, a NIK, NIP or phone number, or an address (a
    header row of a sheet that is not the table, a column an officer titled with a name)."""
    text = _cell_text(cell)
    if normalise_header(cell) in aliases or is_private_column(cell):
        return text
    return "***" if looks_personal(text) else text


# A header's words saying it is a share (`% Realisasi`, `Persentase Realisasi`), and a
# quarter's or a half year's period after a figure's name (`Realisasi TW II`, `Semester I`),
# as `normalise_header` leaves them.
_PERCENT_WORDS = re.compile(r"%|persentase|prosentase|persen")
_PERIOD_SUFFIX = re.compile(rf"(?:{'|'.join(PERIOD_WORDS)})(?:iv|i{{1,3}}|[1-4])$")


def _with_suggestion(spec: ColumnSpec, cells: list[object], aliases: dict[str, str]) -> str:
    """A missing column as an office writes it (`ColumnSpec.shown`): `Kategori Korban
    (maksud Anda: 'Kategori Koban'?)` when a header of the row is a likely misspelling of one
    of the column's names; `Realisasi ('Realisasi s.d. Bulan Ini' is cumulative …)` when a
    header is one of its names made cumulative; a percentage of one of its names, or its
    figure of a quarter or half year (`Realisasi TW II`), is said to be so, never suggested."""
    names = [alias for alias, canonical in aliases.items() if canonical == spec.name]
    column = spec.shown
    cumulative_names = any(is_cumulative(name) for name in names)
    for cell in cells:
        key = normalise_header(cell)
        if not key or key in aliases:
            continue
        if is_cumulative(cell) and not cumulative_names and _made_cumulative(cell, names):
            return _("{column} ('{header}' is cumulative, from the start of the year: the "
                     "period's own figure is needed)", column=column, header=_cell_text(cell))
        if (_PERCENT_WORDS.search(key) and (
                _PERCENT_WORDS.sub("", key) in names
                or normalise_header(_BRACKETED.sub("", _cell_text(cell))) in names)):
            return _("{column} ('{header}' is a percentage, not the figure itself: the figure "
                     "is needed)", column=column, header=_cell_text(cell))
        if _PERIOD_SUFFIX.search(key) and _PERIOD_SUFFIX.sub("", key) in names:
            return _("{column} ('{header}' is the figure of a quarter or a half year, not of "
                     "one month: the month's own figure is needed, one file per month)",
                     column=column, header=_cell_text(cell))
        if closest(key, names, threshold=80):
            return _("{column} (is '{header}' meant?)", column=column, header=_cell_text(cell))
    return column


def _made_cumulative(cell: object, names: list[str]) -> bool:
    """Whether a cumulative header is one of `names` with its cumulative words: the text
    before them (`Realisasi s.d. Bulan Ini`) or without them (`Kumulatif Realisasi`)."""
    text = _cell_text(cell).lower()
    marker = _CUMULATIVE_HEADER.search(text)
    around = (text[:marker.start()], _CUMULATIVE_HEADER.sub(" ", text))
    keys = [normalise_header(part) for part in around]
    return any(key in names or closest(key, names, threshold=80) for key in keys if key)


# A lower header naming an attribute of the thing the name spanning it names (`Kode` under
# `Program` is the program's code), never a column of its own there; a noun under a name
# (`Program` under `Uraian`) is its own column.
_QUALIFIER = re.compile(r"^(kode|kd|no|nomor)")


def merge_header_rows(
    upper: list[object], lower: list[object], aliases: dict[str, str]
) -> list[object]:
    """One header out of two rows with merged cells: `Korban` spanning `Nama | Kategori`
    reads as `Nama Korban | Kategori Korban`, `Anggaran` spanning `Murni (Rp) | Perubahan
    (Rp)` as `Anggaran Murni (Rp) | …`; a name merged down over both rows stays. The name
    with the one spanning it is read first (`Status` over `Layanan` is `Status Layanan`, not
    `Layanan`), then the lower name alone (`Pangkat / Gol. Ruang` over `Gol` is `Gol`) —
    never under another person's name unless the column is that person's (`Pelaku` over
    `Umur` is `Umur Pelaku`, no column: not the victim's age; over `Hubungan dengan Korban`
    it is hubungan_pelaku), nor as another column than the one the spanning name is (`Kode`
    under `Program` is `Kode Program`, not the kode rekening)."""
    merged: list[object] = []
    spanning = ""
    for position in range(max(len(upper), len(lower))):
        top = upper[position] if position < len(upper) else None
        below = lower[position] if position < len(lower) else None
        if normalise_header(top):
            spanning = _cell_text(top)
        if not normalise_header(below):
            merged.append(top)
            continue
        text = _cell_text(below)
        combined = _combined(spanning, text) if spanning else []
        other = OTHER_PERSON.search(spanning)
        alone = _alias_of(text, aliases)
        if other and alone and normalise_header(other[0]) not in normalise_header(alone):
            alone = None  # the record's own column, under another person's name
        own = _alias_of(spanning, aliases) if spanning else None
        if own and alone and alone != own and _QUALIFIER.match(normalise_header(text)):
            other, alone = True, None  # `Kode` under `Program`: the program's code
        known = [name for name in combined if _alias_of(name, aliases)]
        known += [_with_unit_of(spanning, text)] if alone else []
        known += [name for name in [*combined, text] if is_private_column(name)]
        # A name spanning this column alone: the label below qualifies it (`Realisasi`
        # over `s.d. Bulan Ini`), so an unknown one is named with it, never bare.
        single = bool(normalise_header(top)) and (
            position + 1 >= len(upper) or bool(normalise_header(upper[position + 1])))
        if not known and single and own and not other and _restates(text):
            known = [_spanning_alone(spanning, text)]  # `Sisa` over `Jumlah` is Sisa
        merged.append(known[0] if known else f"{text} {spanning}" if other
                      else combined[0] if single and combined else text)
    return merged


# A label under a name spanning one column that only restates it is a figure (`Sisa` over
# `Jumlah`, `Realisasi` over `Keuangan`): the column is the spanning name's.
_RESTATING = re.compile(r"^(?:jumlah|total|nilai|keuangan)$")


def _restates(text: str) -> bool:
    """Whether a lower header cell, its unit aside, only says its column holds a figure."""
    return not is_cumulative(text) and bool(
        _RESTATING.match(normalise_header(_split_unit(text)[0])))


def _spanning_alone(spanning: str, text: str) -> str:
    """The spanning name with the units both cells state (`Sisa (Rp 000)` over `Jumlah` is
    `Sisa (Rp 000)`; over `Jumlah (Rp)` it is `Sisa (Rp; Rp 000)`, refused by
    `ingest.scale` as two units)."""
    over, over_unit = _split_unit(spanning)
    unit = _split_unit(text)[1]
    if unit and normalise_header(unit) != normalise_header(over_unit):
        over_unit = f"{unit}; {over_unit}" if over_unit else unit
    return f"{over} ({over_unit})" if over_unit else over


def _with_unit_of(spanning: str, text: str) -> str:
    """A lower header read alone, with the unit of the name spanning it when that name
    states the figures' unit beside its words (`Nilai (Rp 000)`, `Jumlah Anggaran (Dalam
    Ribuan Rupiah)` over `Pagu Murni` is `Pagu Murni (Rp 000)`); units of both, when they
    differ, one bracket stating both (refused by `ingest.scale`); `text` as written when
    the spanning name states no unit (`Capaian (%)`, `Umur (Th)`)."""
    over, over_unit = _split_unit(spanning) if spanning else ("", "")
    try:
        states = bool(over_unit) and stated_factor(over_unit) is not None
    except ValueError:
        states = True
    if not states:
        return text
    name, unit = _split_unit(text)
    if unit and normalise_header(unit) != normalise_header(over_unit):
        over_unit = f"{unit}; {over_unit}"
    return f"{name} ({over_unit})"


def _split_unit(text: str) -> tuple[str, str]:
    """A header's name and the unit after it, in brackets or not: `Anggaran (Rp 000)`,
    `Anggaran Rp 000` → (`Anggaran`, `Rp 000`), `Pagu (Rp) 000` → (`Pagu`, `Rp 000`);
    (text, "") when it has none."""
    text = without_footnote(text)
    unit = _BRACKETED.search(text)
    if unit is not None:
        return text[:unit.start()].rstrip(), unit.group(0).strip()[1:-1].strip()
    split = split_unit(text)
    if split is None:
        return text, ""
    return split[0], " ".join(re.sub(r"[()\[\]]", " ", split[1]).split())


def _combined(spanning: str, text: str) -> list[str]:
    """The names a lower header cell can be read as with the one spanning it, the spanning
    name first: `Pagu` over `Murni` → `Pagu Murni`, `Murni Pagu`. A unit in brackets after
    the spanning name is the unit of every column under it and goes after the whole name
    (`Anggaran (Rp 000)` over `Murni` is `Anggaran Murni (Rp 000)`); units of both, when
    they differ, are one bracket stating both (`Anggaran Murni (Rp; Rp 000)`), which
    `ingest.scale` refuses as two units for one column."""
    over, over_unit = _split_unit(spanning)
    if not over_unit:
        return [f"{spanning} {text}", f"{text} {spanning}"]
    name, unit = _split_unit(text)
    if unit and normalise_header(unit) != normalise_header(over_unit):
        over_unit = f"{unit}; {over_unit}"
    return [f"{over} {name} ({over_unit})", f"{name} {over} ({over_unit})"]


def _alias_of(name: str, aliases: dict[str, str]) -> str | None:
    """The column a header names, also with a bracketed unit after it; None if none."""
    key = normalise_header(name)
    return aliases.get(key) or aliases.get(_without_unit(name, aliases) or "")


@dataclass
class HeaderSearch:
    """The best candidate seen while looking for the header, to say why none was found."""

    row: int = 0
    cells: list[object] = field(default_factory=list)
    known: int = 0

    def see(self, number: int, cells: list[object], aliases: dict[str, str]) -> None:
        known = sum(1 for cell in cells if normalise_header(cell) in aliases
                    or _without_unit(cell, aliases))
        if known > self.known:
            self.row, self.cells, self.known = number, list(cells), known


class Rows:
    """A file's numbered rows, able to take back the row `find_header` looked at below a
    complete header (a row of data after all): the reader then reads it first."""

    def __init__(self, rows: Iterator[tuple[int, list[object]]],
                 merges: list[tuple[tuple[int, int], tuple[int, int]]] | None = None) -> None:
        self._rows = rows
        self._back: list[tuple[int, list[object]]] = []
        # A sheet's merged cells, ((first row, column), (last row, column)) 0-based, as
        # `ingest.spreadsheet.Workbook.merges` gives them; none for a CSV.
        self.merges = merges or []

    def span(self, row: int, position: int) -> range:
        """The columns the cell at `row` (1-based, as numbered) and `position` covers: its
        own, and those right of it when it is merged across them."""
        for (first, column), (_last, last_column) in self.merges:
            if first + 1 == row and column == position:
                return range(position, last_column + 1)
        return range(position, position + 1)

    def __iter__(self) -> Rows:
        return self

    def __next__(self) -> tuple[int, list[object]]:
        return self._back.pop() if self._back else next(self._rows)

    def give_back(self, row: tuple[int, list[object]]) -> None:
        self._back.append(row)

    @property
    def held(self) -> int:
        """Rows given back and not read again yet."""
        return len(self._back)


def _is_blank_cell(cell: object) -> bool:
    return not layout_key(cell)


def _under_spans(upper: list[object], lower: list[object]) -> bool:
    """Whether `lower` can be the second row of a header whose first row `upper` already
    names every required column: each of its filled cells is a word (no number, no date)
    under a name spanning several columns (a filled cell followed by blank ones: `PANGKAT /
    GOL. RUANG` over `GOL | TMT`), at least one under a blank; a row of data fills cells
    under the names merged down over both rows."""
    def blank_above(position: int) -> bool:
        return position >= len(upper) or _is_blank_cell(upper[position])

    filled = [position for position, cell in enumerate(lower) if not _is_blank_cell(cell)]
    first = next((position for position, cell in enumerate(upper)
                  if not _is_blank_cell(cell)), None)
    if not filled or first is None:
        return False
    continued = [position for position in filled if position > first and blank_above(position)]
    starts = [position for position in filled
              if not blank_above(position) and blank_above(position + 1)]
    return bool(continued) and len(continued) + len(starts) == len(filled) and all(
        isinstance(lower[position], str) and re.search(r"[^\W\d_]", lower[position])
        for position in filled)


def _under_groups(upper: list[object], lower: list[object]) -> bool:
    """Whether `lower` can be the second row of a header where some names spanning several
    columns (`Anggaran` over `Murni | Perubahan`) sit beside names spanning one column with
    a label below (`Realisasi` over `s.d. Bulan Ini`, `Sisa` over `Jumlah`): each filled
    cell a word under a filled cell or under a span, at least one under a span (so the row
    is no data row of words under the single names)."""
    filled = [position for position, cell in enumerate(lower) if not _is_blank_cell(cell)]
    first = next((position for position, cell in enumerate(upper)
                  if not _is_blank_cell(cell)), None)
    if not filled or first is None or any(position < first for position in filled):
        return False
    continued = [position for position in filled
                 if position >= len(upper) or _is_blank_cell(upper[position])]
    return bool(continued) and all(
        isinstance(lower[position], str) and re.search(r"[^\W\d_]", lower[position])
        for position in filled)


_NUMBERING = re.compile(NUMBERING_CELL)


def _unit_cell(cell: object) -> bool:
    """Whether a cell states the unit of figures and nothing else (`(Rp 000)`, `Rp. Ribu`,
    `(Dalam Ribuan Rupiah)`, `(Rp)`), read as a title line is (`ingest.units`); unit words
    that state none decisively count, so the header they join is refused naming them."""
    if not isinstance(cell, str):
        return False
    try:
        return stated_factor(_cell_text(cell), title=True) is not None
    except ValueError:
        return True


def _units_row(numbered: Iterator[tuple[int, list[object]]], header: Header,
               spec: SourceSpec) -> Header:
    """`header` with the row right below it read as its part when that row states units
    only: each filled cell a unit statement (`(Rp 000)`, `Rp. Ribu`) or a column number
    (`1`, `12 = 10 - 11`), at least one a unit. A unit under a figure's column is that
    column's, as if written in that header's brackets (`Pagu Murni` over `(Rp 000)` is
    `Pagu Murni (Rp 000)`, which `ingest.scale` reads); a unit cell merged across several
    columns is each one's. A unit under no figure's column (in column A, under `Jenis`,
    right of the table) speaks for the whole table as a title row does: it goes to
    `header.unit_lines`, read by `ingest.scale` with a title's rules. The header's last row
    is then that row. Else the row is given back to be read as data. Only for `numbered`
    given as `Rows`."""
    if not isinstance(numbered, Rows):
        return header
    below = next(numbered, None)
    if below is None:
        return header
    number, cells = below
    filled = [(position, cell) for position, cell in enumerate(cells)
              if not _is_blank_cell(cell)]
    units = [(position, cell) for position, cell in filled if _unit_cell(cell)]
    if not units or not all(_unit_cell(cell) or _NUMBERING.match(layout_key(cell))
                            for _position, cell in filled):
        numbered.give_back(below)
        return header
    named = {position: name for name, position in header.columns.items()}
    figures = {column.name for column in spec.read_columns if column.type == "number"}
    for position, cell in units:
        unit = _cell_text(cell)
        if unit[:1] in "([" and unit[-1:] in ")]":
            unit = unit[1:-1].strip()
        under = [at for at in numbered.span(number, position) if named.get(at) in figures]
        if not under:
            header.unit_lines = [*header.unit_lines, (number, _cell_text(cell))]
        for at in under:
            header.written[named[at]] += f" ({unit})"
            if at < len(header.names) and header.names[at]:
                header.names[at] += f" ({unit})"
    header.header_row = number
    header.rows = [*header.rows, [layout_key(cell) for cell in cells]]
    return header


def _refuse_split_column(upper: list[object], lower: list[object], header: Header,
                         row: int, read: set[int] | None = None,
                         missing: list | None = None) -> None:
    """Raise `FileRejected` when a column of the source spans several columns whose names
    in the row below make no column of it (`Anggaran (Rp 000)` over `Awal | Setelah
    Perubahan`): which of them holds its figures cannot be told, and read as one row of data
    the second row would leave the figures under the blank cell unread without a word.
    `read`: the positions the two rows merged do read; a span of which some column is read
    and another, named, is not, while a column of the source named like the span is missing
    (`Pagu` over `Murni | Akhir`, Pagu Perubahan not read), is refused alike, naming the
    unread ones; a span whose other columns the source has no column for (`Realisasi` over
    `Bulan Ini | s.d. Bulan Ini`, `Bertambah/(Berkurang)` beside Murni and Perubahan) reads."""
    for name, position in header.columns.items():
        spanned = []
        at = position + 1
        while at < len(upper) and _is_blank_cell(upper[at]):
            spanned.append(at)
            at += 1
        under = [at for at in (position, *spanned)
                 if at < len(lower) and not _is_blank_cell(lower[at])]
        if read is not None:
            head = normalise_header(re.sub(r"\(.*?\)", " ", str(upper[position])))
            related = [column for column in missing or [] if head and any(
                normalise_header(alias).startswith(head)
                for alias in (column.name, *column.aliases))]
            under = [at for at in under if at not in read] if \
                any(at in read for at in under) and related else []
            if under:
                raise FileRejected(_(
                    "the header {column} spans columns named {names} on row {row} below it "
                    "that are no column this source knows: their figures would be left "
                    "unread; name each column in one header row", column=header.written.get(
                        name, name), names=", ".join(f"'{str(lower[at]).strip()}'"
                                                     for at in under), row=row))
            continue
        names = [str(lower[at]).strip() for at in under]
        if spanned and len(names) > 1 and all(_a_month(text) for text in names):
            raise FileRejected(_(
                "the header {column} spans {count} columns named {names} on row {row} below "
                "it: a month per column, which is not read. Write one row per line and month "
                "(a Bulan column), or send one file per month",
                column=header.written.get(name, name), count=len(spanned) + 1,
                names=", ".join(f"'{text}'" for text in names), row=row))
        if spanned and len(names) > 1:
            raise FileRejected(_(
                "the header {column} spans {count} columns, named {names} on row {row} below "
                "it: none of them is a column this source knows, so which holds the figures "
                "of {column} cannot be told; name each column in one header row",
                column=header.written.get(name, name),
                count=len(spanned) + 1, names=", ".join(f"'{text}'" for text in names),
                row=row))


def _a_month(text: str) -> bool:
    """Whether a header cell names a month (`Jan`, `Agustus`, `Bulan Maret`)."""
    try:
        return month_number(text) is not None
    except ValueError:
        return False


def _second_row(numbered: Iterator[tuple[int, list[object]]], upper: list[object],
                header: Header, spec: SourceSpec) -> Header:
    """The header read with the row below it when that row is its second row (see
    `_under_spans`: `Pagu` over `Murni | Perubahan` names both); else `header`, the row
    given back to be read as data."""
    first = next(position for position, cell in enumerate(upper) if not _is_blank_cell(cell))
    if not isinstance(numbered, Rows) or all(not _is_blank_cell(cell) for cell in upper[first:]):
        return header  # no name spans columns: nothing to look at (a CSV stays columnar)
    below = next(numbered, None)
    if below is None:
        return header
    number, lower = below
    merged = None
    under = _under_spans(upper, lower)
    # Labels also under names spanning one column (`Realisasi` over `s.d. Bulan Ini`): the
    # row is the header's, and what it makes of the columns decides (a cumulative
    # Realisasi is refused as a one-row header's is), never read as a row of data.
    grouped = not under and _under_groups(upper, lower)
    if under or grouped:
        try:
            merged = match_header(merge_header_rows(upper, lower, spec.aliases), spec)
        except _Incomplete as error:
            if grouped:
                raise FileRejected(_("header on rows {upper} and {row}: {problem}",
                                     upper=header.header_row, row=number,
                                     problem=str(error)),
                                   required_named=error.named) from None
            merged = None
    if merged is None:
        if under:
            _refuse_split_column(upper, lower, header, number)
        numbered.give_back(below)
        return header
    _refuse_split_column(upper, lower, header, number, read=set(merged.columns.values()),
                         missing=[column for column in spec.read_columns
                                  if column.name not in merged.columns])
    merged.header_row = number
    merged.rows = [[layout_key(cell) for cell in row] for row in (upper, lower)]
    return merged


def find_header(numbered: Iterator[tuple[int, list[object]]], spec: SourceSpec) -> Header:
    """The header row among the first rows; when a row names some but not all required
    columns, the row below may complete it (a two-row header with merged cells), and when
    it names them all, the row below may still be its second row naming the columns under
    a name spanning several (`_second_row`; only for `numbered` given as `Rows`, which
    takes back a row of data). Raises `FileRejected` saying what was looked for and what
    the nearest row held."""
    aliases = spec.aliases
    incomplete: tuple[list[object], str, int, tuple[str, ...]] | None = None
    search = HeaderSearch()
    above: list[tuple[int, str]] = []
    for number, cells in numbered:
        search.see(number, cells, aliases)
        _refuse_years_as_columns(number, cells, spec)
        if incomplete is not None:
            upper, problem, named, missing = incomplete
            try:
                header = match_header(merge_header_rows(upper, cells, aliases), spec)
            except _Incomplete:
                header = None
            if header is None:
                raise FileRejected(problem, required_named=named, missing=missing)
            header.header_row = number
            header.titles = above  # the header's upper row is not among them
            header.rows = [[layout_key(cell) for cell in row] for row in (upper, cells)]
            return _units_row(numbered, header, spec)
        try:
            header = match_header(cells, spec)
        except _Incomplete as error:
            incomplete = (cells, _("header on row {row}: {problem}", row=number,
                                   problem=str(error)), error.named, error.missing)
            continue
        if header is not None:
            header.header_row = number
            header.rows = [[layout_key(cell) for cell in cells]]
            header = _units_row(numbered, _second_row(numbered, cells, header, spec), spec)
            header.titles = above
            return header
        if number >= HEADER_SCAN_ROWS:
            break
        text = " ".join(_cell_text(cell) for cell in cells if normalise_header(cell))
        if text:
            above.append((number, text))
    if incomplete is not None:
        raise FileRejected(incomplete[1], required_named=incomplete[2], missing=incomplete[3])
    raise FileRejected(_no_header(spec, search), known=search.known)


# A header cell that is a year and nothing else (`2019`, Excel's number 2019.0).
_BARE_YEAR = re.compile(r"(?:19|20)\d\d(?:\.0+)?")


def _refuse_years_as_columns(number: int, cells: list[object], spec: SourceSpec) -> None:
    """Refuses a header row whose years are columns (`Kabupaten/Kota | 2019 | 2020 | …`)
    for a source whose rows state their year in a Tahun column it does not name: which
    figure the cells under the years hold (a KLA's predikat or its score, an indicator's
    target or its realisation) the file does not say, so they are not read, and the message
    says the layout to send. A row of two years or more beside a column of the source."""
    aliases = spec.aliases
    if YEAR_COLUMN not in {column.name for column in spec.read_columns}:
        return
    keys = [normalise_header(cell) for cell in cells]
    if YEAR_COLUMN in {aliases.get(key) for key in keys}:
        return
    years = [_cell_text(cell) for cell in cells
             if _BARE_YEAR.fullmatch(_cell_text(cell)) and 1900 < float(_cell_text(cell)) < 2100]
    named = [_cell_text(cell) for cell, key in zip(cells, keys, strict=True)
             if key in aliases and aliases[key] != YEAR_COLUMN]
    if len(years) < 2 or not named:
        return
    figures = [column.shown for column in spec.read_columns
               if not column.required and column.type in ("number", "int", "vocab")]
    shown = [year.split(".")[0] for year in years]
    raise FileRejected(_(
        "header on row {row}: the years are columns ({years}): a table with a column per "
        "year is not read, as the file does not say which figure its cells hold. Write one "
        "row per year: {example}, each figure under its own header ({figures})", row=number,
        years=", ".join(shown), example=" | ".join([YEAR_COLUMN.capitalize(), *named, "…"]),
        figures=", ".join(figures)),
        required_named=len(spec.required & ({aliases[key] for key in keys if key in aliases}
                                            | {YEAR_COLUMN})))


def _no_header(spec: SourceSpec, search: HeaderSearch) -> str:
    wanted = ", ".join(column.shown for column in spec.read_columns if column.required)
    message = _("no header row found in the first {rows} rows (expected columns: {wanted})",
                rows=HEADER_SCAN_ROWS, wanted=wanted)
    if not search.known:
        return message
    aliases = spec.aliases
    hints = []
    for cell in search.cells:
        key = normalise_header(cell)
        if key and key not in aliases and not is_private_column(cell):
            meant = closest(key, list(aliases), threshold=80)
            if meant:
                hints.append(_("'{header}' → {column}?", header=_cell_text(cell),
                               column=spec.column(aliases[meant]).shown))
    nearest = _("row {row} names {count} of the columns", row=search.row, count=search.known)
    if hints:
        nearest += "; " + ", ".join(hints)
    return f"{message}; {nearest}"
