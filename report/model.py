"""A report table as data: columns with a header path and a kind, body rows, a totals row,
the marts it comes from and the data-quality findings that touch it; Indonesian number
formatting shared by the workbook, the charts and the HTML page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# Excel number formats. `#,##0` is Excel's locale-aware code: ',' means "the viewer's
# thousands separator", so the office's Indonesian-locale Excel/LibreOffice shows 6.892.432.255
# while the cell holds the number. A literal-dot format (`#\.##0`) would print ".5" for 5 and
# break for negatives and for more than two groups, so it is not used.
EXCEL_FORMATS = {
    "int": "#,##0",
    "money": "#,##0;(#,##0)",
    "pct": "0.00",
    "decimal": "#,##0.00",
}

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
        return f"Tabel {self.number}" if self.number[:1].isdigit() else self.number

    @property
    def sheet(self) -> str:
        return self.label

    @property
    def caption(self) -> str:
        return f"{self.label}. {self.title}"

    def note_lines(self) -> list[str]:
        lines = [f"Sumber data: {', '.join(self.sources)}."]
        lines += self.notes
        if any(finding.startswith("[total_row_count]") for finding in self.findings):
            lines.append("Angka tabel ini dihitung dari baris data; baris JUMLAH/TOTAL file "
                         "sumber yang tidak cocok tidak dipakai (lihat temuan di bawah).")
        if self.findings:
            lines.append("Temuan kualitas data yang menyentuh tabel ini:")
            lines += [f"• {finding}" for finding in self.findings[:NOTE_FINDINGS]]
            if len(self.findings) > NOTE_FINDINGS:
                lines.append(f"• … dan {len(self.findings) - NOTE_FINDINGS} temuan lain: "
                             "lihat lembar 'Temuan Data'.")
        else:
            lines.append("Temuan kualitas data: tidak ada.")
        return lines


def format_id(value, kind: str = "int") -> str:
    """Indonesian display: '.' groups thousands, ',' marks decimals, negatives in brackets
    for money (as the report prints budget shifts)."""
    if value is None or value == "":
        return ""
    if kind == "text" or isinstance(value, str):
        return str(value)
    places = 2 if kind in ("pct", "decimal") else 0
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{abs(number):,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if number < 0:
        return f"({text})" if kind == "money" else f"-{text}"
    return text


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
