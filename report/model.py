"""A report table as data: columns with a header path and a kind, body rows, a totals row,
the marts it comes from and the data-quality findings that touch it; Indonesian number
formatting shared by the workbook, the charts and the HTML page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from core.i18n import _, language

# Excel shows `#,##0` with the separators of the computer it runs on (6,892,432,255 on an
# English-locale laptop). So that the workbook shows Indonesian figures on every computer,
# a whole number's cell gets a format whose separators are literal characters, cut to the
# number of digits of the figure it holds (`0\.000\.000\.000` for 6.892.432.255): the cell
# still holds the number, sums and charts still work. A number format cannot write a decimal
# comma on an English-locale computer, so percentages and other decimals are written as text
# in the reader's form (`81,52`), right-aligned like numbers.
TEXT_KINDS = ("pct", "decimal")

# What a withheld count shows as in the public annex, in its tables and on its charts.
WITHHELD = "x"
# A count quarantined rows may belong to that no loaded row gives a lower bound above 0: not
# yet certain (empty in the release, `<count>_belum_pasti`).
UNCERTAIN = "?"

# Findings listed under a table; the rest are on the findings sheet / section.
NOTE_FINDINGS = 5


@dataclass(frozen=True)
class Column:
    """One column; `header` is its path in a multi-row header, top level first."""

    header: tuple[str, ...]
    kind: str = "int"  # text | int | money | pct | decimal

    @property
    def label(self) -> str:
        return self.header[-1]


@dataclass
class Table:
    number: str
    title: str
    columns: list[Column]
    rows: list[list]
    total: list | None = None
    # Leading columns whose repeated values are shown once per group (merged vertically),
    # like the report's Bulan / Jenis Kekerasan columns.
    merge_down: int = 0
    # Rows that only carry a section label spanning the table (e.g. a program name), keyed by
    # the index of the body row they precede.
    sections: dict[int, str] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """'Tabel 6' for a numbered report table, else the number itself ('Bab II')."""
        return table_label(self.number)

    @property
    def sheet(self) -> str:
        return self.label

    @property
    def caption(self) -> str:
        return f"{self.label}. {self.title}"

    def note_lines(self) -> list[str]:
        lines = [_("Source: {sources}.", sources="; ".join(self.sources))]
        lines += self.notes
        if any(finding.startswith("[total_row_count]") for finding in self.findings):
            lines.append(_("This table is counted from the data rows; a JUMLAH/TOTAL row of "
                           "the source file that disagrees with them is not used (see the "
                           "findings below)."))
        if self.findings:
            lines.append(_("Data-quality findings that touch this table:"))
            lines += [f"• {finding}" for finding in self.findings[:NOTE_FINDINGS]]
            if len(self.findings) > NOTE_FINDINGS:
                lines.append("• " + _("… and {count} more findings: see the sheet '{sheet}'.",
                                      count=len(self.findings) - NOTE_FINDINGS,
                                      sheet=findings_sheet()))
        else:
            lines.append(_("Data-quality findings: none."))
        return lines


def month_name(number: int) -> str:
    """A month (1–12) by its name in the reader's language: `Februari` (id), `February` (en);
    the marts' `nama_bulan` is Indonesian whatever the reader reads."""
    from babel.dates import get_month_names

    return get_month_names("wide", locale=language())[int(number)]


def uncertain_note() -> str:
    """The key to `?` under a table that prints one, in the reader's language."""
    return _("? = not yet certain: rows of the register that may belong here were "
             "quarantined (they broke a rule and are not counted until the file is "
             "corrected), and none was loaded, so 0 is not certain.")


def table_label(number: str) -> str:
    """'Tabel 6' for a numbered report table, else the number itself ('Bab II')."""
    return _("Table {number}", number=number) if number[:1].isdigit() else number


def findings_sheet() -> str:
    return _("Data findings")


def format_id(value, kind: str = "int") -> str:
    """The reader's display: in Indonesian '.' groups thousands and ',' marks decimals;
    negatives in brackets for money (as the report prints budget shifts); percentages with
    two decimals, other decimals with as many as they have (up to three)."""
    if value is None or value == "":
        return ""
    if kind == "text" or isinstance(value, str):
        return str(value)
    places = {"pct": 2, "decimal": 3}.get(kind, 0)
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(number):,.{places}f}"
    if kind == "decimal":  # as many decimals as the figure has, up to three
        text = text.rstrip("0").rstrip(".") if "." in text else text
    if language() == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    if number < 0:
        return f"({text})" if kind == "money" else f"-{text}"
    return text


def excel_format(value: float, kind: str = "int") -> str:
    """The number format of one whole-number cell: the figure's own digits with literal
    thousands separators of the reader's language, negatives in brackets for money
    (`0\\.000\\.000;(0\\.000\\.000)` for 7.633.200). Fitted to the figure it is written with:
    the annex is a publication, not a form."""
    digits = len(str(abs(int(Decimal(str(value)).quantize(Decimal(1), ROUND_HALF_UP)))))
    separator = "\\." if language() == "id" else "\\,"
    groups, head = divmod(digits, 3)
    parts = (["0" * head] if head else []) + ["000"] * groups
    pattern = separator.join(parts)
    return f"{pattern};({pattern})" if kind == "money" else f"{pattern};-{pattern}"


@dataclass(frozen=True)
class HeaderCell:
    level: int
    column: int
    text: str
    rowspan: int
    colspan: int


def header_cells(columns: list[Column]) -> tuple[int, list[HeaderCell]]:
    """The header as merged cells: equal group prefixes merge across, a leaf that is shorter
    than the deepest path merges down to the last header row. Returns (depth, cells)."""
    depth = max(len(column.header) for column in columns)
    cells = []
    for level in range(depth):
        index = 0
        while index < len(columns):
            header = columns[index].header
            if level >= len(header):
                index += 1
                continue
            end = index
            if len(header) > level + 1:  # a group: spans the next columns of the same group
                while (end + 1 < len(columns) and len(columns[end + 1].header) > level + 1
                       and columns[end + 1].header[:level + 1] == header[:level + 1]):
                    end += 1
                rowspan = 1
            else:
                rowspan = depth - level
            cells.append(HeaderCell(level, index, header[level], rowspan, end - index + 1))
            index = end + 1
    return depth, cells


def body_spans(table: Table) -> list[list[int]]:
    """For each body row and each of the `merge_down` leading columns: how many rows the value
    spans (0 = covered by the row above), so repeated Bulan/Jenis show once per group."""
    spans = [[1] * table.merge_down for _ in table.rows]
    for column in range(table.merge_down):
        index = 0
        while index < len(table.rows):
            key = table.rows[index][:column + 1]
            end = index
            while (end + 1 < len(table.rows) and table.rows[end + 1][:column + 1] == key
                   and end + 1 not in table.sections):
                end += 1
            spans[index][column] = end - index + 1
            for covered in range(index + 1, end + 1):
                spans[covered][column] = 0
            index = end + 1
    return spans


def total_label_span(table: Table) -> int:
    """The totals row's label spans the columns up to its first figure."""
    if table.total is None:
        return 0
    return next((i for i, value in enumerate(table.total[1:], 1) if value is not None),
                len(table.columns))
