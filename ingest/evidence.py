"""How a file writes its dates and numbers, decided from all the values of each column.

A date such as `9/1/2023` is 9 January day-first and 1 September month-first; `1/23/2023`
can only be month-first. A number such as `92.814` is 92 814 with the Indonesian marks and
92.814 with the English ones; `0.423` or `72.36` can only have a decimal point. Which order
and which decimal mark a column uses is a property of the column in the file, never of one
cell: `FileReadings` collects, chunk by chunk, the values that settle it (the first row where
each reading is proven) and decides per column:

- evidence of one reading only: that reading;
- no evidence in the column: the evidence of the file's other columns of the same kind, when
  they agree; for dates, the order in which the file writes the dates it spells out with a
  month name (`28 October 2023` is day first, `Oct 28, 2023` month first) counts as such
  evidence too;
- no evidence in the file (`UNDECIDED`): a value that reads the same either way (`93`,
  `1.500.000`, `5/5/2023`) is read; one that two readings read differently (`92.814`,
  `05/03/2023`) is not: never guessed by a convention, it is quarantined (an optional column:
  the cell emptied and flagged) with the reason naming its two meanings and what would settle
  them, and the ledger says how many values were not read;
- evidence of both: `CONFLICT`: values that can only be read one way are read that way, and
  values two readings read differently are quarantined with a reason naming the conflict;
- a date another cell of the same row states without doubt (`Stated`: the birth date an
  18-digit NIP begins with, beside Tanggal Lahir) proves the column's order when the row's
  value reads two ways and only one of them is that date (`05/03/1985` beside a NIP born
  19850305 is day first); rows agreeing with both readings, or neither, prove nothing. Such
  proof settles its own column only, and only when it agrees with what else would settle it
  (the column's own values, else the file's other date columns): rows proving both orders,
  or an order other evidence contradicts, make the column a `CONFLICT`;
- where a date written in numbers puts its year (`23/10/28`: 23 October 1928 with the year
  last, 28 October 2023 written yy/mm/dd) is decided the same way, apart from the order:
  the part that stays the same on every two-digit date while the other varies (and is the
  year the file name names) is the year, whatever a lone first part above 31 says; else a
  first part above 31 (`98/05/12`) or a four-digit year first proves the year first; a last
  part that cannot be a day (`12/05/98`), a four-digit year last or a date with a month name
  in the file proves it last; nothing: a date both places read differently is not read;
- the one month a register states of itself (title rows, sheet name, file name:
  `Register Kasus Bulan Oktober 2023`, `kasus_2023_10.xlsx`; `set_month`) settles the order
  of the file's dates when one order puts in that month (and year) every date reading two
  ways of the column dating the register (`months` in sources.yml, never the incident date)
  and the file's dates prove no order: `02/10/2023` in October is day first. A date in it in
  neither order, dates needing both orders, no month, a span or a period up to a month
  (`s.d. Oktober`) settle nothing; dates proving the other order make the column a
  `CONFLICT`: its dates reading two ways are not read, the reason naming both. In a workbook
  of a sheet per month (`Jan`, `Feb`), each sheet stating its own month has its dates
  decided so on its own values and month alone (`WorkbookReadings`);
- a spreadsheet column whose number cells hold decimals (`72.36` as a number) and whose text
  reads two ways (`'92.814'`) with no text to settle it is a `CONFLICT` too (number cells
  show no mark), refused with a reason naming the decimals beside that text.

The loader types each chunk with the decisions known so far and, should the whole file
decide otherwise (evidence first seen in a later chunk), reads the file again with the final
decisions, so no value is ever read in an order its column contradicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from core.i18n import _, day, ngettext, number
from core.i18n import month as month_name
from ingest import parse
from ingest.headers import SHEET_ROWS, shown_row
from ingest.month_of_file import MonthOfFile
from ingest.sheet_names import Sheet
from schemas.spec import ColumnSpec, SourceSpec

DATE_DEFAULT, NUMBER_DEFAULT = parse.DMY, parse.DECIMAL_COMMA  # when no value depends on it
_KIND = {"date": "date", "int": "number", "number": "number"}

# A source's hook naming, for a chunk of text cells, the date some other cell of each row
# states without doubt: {date column: per row (the chunk's index), a `datetime.date` or None}
# (`ingest.hooks.stated_hook`; the staff roster's NIP states its Tanggal Lahir).
Stated = Callable[[pd.DataFrame], dict[str, pd.Series]]


@dataclass
class ColumnEvidence:
    """What a column's values prove: for each reading, the first row and value proving it."""

    column: ColumnSpec
    kind: str  # "date" or "number"
    proof: dict[str, tuple[int, str]] = field(default_factory=dict)
    ambiguous: tuple[int, str] | None = None  # first value two readings read differently
    # First spreadsheet number cell with decimals: the column holds decimals, so a text value
    # that is a decimal with one mark and a thousands group with the other is refused naming
    # that cell.
    fraction: tuple[int, str] | None = None
    # A column of whole numbers (`whole: count`): a value two marks read differently, one of
    # them as a fraction (`1.040`: 1040 or 1,04), proves the whole reading for this column
    # only; it never decides the file's other columns (a count is no evidence of them). A
    # whole-number `int` column (not an age: `whole: years`) takes such proof for itself too.
    whole_proof: dict[str, tuple[int, str]] = field(default_factory=dict)
    # Dates written with a month name: the order the file writes day and month in
    # (`parse.written_order`), with the first row and value showing it.
    named_order: dict[str, tuple[int, str]] = field(default_factory=dict)
    undecided_cells: int = 0  # cells whose value two readings read differently
    # The first date written with a two-digit year (`28/10/23`), said in the ledger.
    short_year: tuple[int, str] | None = None
    # Dates written as Excel serials, in text or number cells (`43845`: `parse.excel_serial`),
    # the first and how many, said in the ledger.
    serial: tuple[int, str] | None = None
    serial_cells: int = 0
    # Date cells (a spreadsheet's own dates): the first whose day and month could be
    # swapped (both 12 or below, not equal) and how many, whether one has a day above 12,
    # and the orders some date written as numbers in text is a calendar date in. Excel on a
    # computer of the other order turns every text it can read that way into a date cell
    # with day and month swapped, and leaves the rest as text: see `FileReadings.decide`.
    swappable_cell: tuple[int, str] | None = None  # (row, date as the reader writes it)
    swappable_cells: int = 0
    cell_past_12: bool = False
    text_orders: set[str] = field(default_factory=set)
    # Dates another cell of the row states (`Stated`): for each order, the first row whose
    # value reads two ways and is the stated date in that order only, and how many rows are.
    stated_proof: dict[str, int] = field(default_factory=dict)
    stated_rows: dict[str, int] = field(default_factory=dict)
    # The sheets of a workbook read from several (rows numbered sheet index × SHEET_ROWS +
    # row): a proof then names its sheet and its row as the spreadsheet shows it.
    sheets: list[Sheet] = field(default_factory=list)
    # Where the column's dates written in numbers put the year (`parse.year_places`): for
    # each place the first value proving it, the first value both places read differently,
    # and how many cells are so.
    year_proof: dict[str, tuple[int, str]] = field(default_factory=dict)
    year_doubt: tuple[int, str] | None = None
    year_doubt_cells: int = 0
    # The places proven by a value whose year is not two digits (`2023/10/28`, `28/10/2023`),
    # and the first and last parts of the dates with a two-digit last part
    # (`parse.short_year_parts`), each with the first value writing it: the year is the part
    # that stays the same across a register, the day the part that varies.
    year_long_proof: set[str] = field(default_factory=set)
    year_firsts: dict[int, tuple[int, str]] = field(default_factory=dict)
    year_lasts: dict[int, tuple[int, str]] = field(default_factory=dict)
    # Numbers of three digits after a single point (`1.000`: `parse.point_or_group`), the
    # first and how many, and the first value showing the point never groups thousands
    # (`parse.point_never_groups`).
    group_doubt: tuple[int, str] | None = None
    group_doubt_cells: int = 0
    group_settled: tuple[int, str] | None = None
    # The column dating a register whose file states its one month (`FileReadings.set_month`):
    # for each order, the first value reading two ways that only this order puts in that
    # month, and how many cells are so; the first such value neither order puts in it.
    month_proof: dict[str, tuple[int, str]] = field(default_factory=dict)
    month_cells: dict[str, int] = field(default_factory=dict)
    month_outside: tuple[int, str] | None = None
    # Its date cells outside that month whose day and month swapped put them in it (what
    # Excel set to the other order makes of `02/10/2023`): the first and how many.
    month_swap_cell: tuple[int, str] | None = None  # (row, date as the reader writes it)
    month_swap_cells: int = 0


@dataclass(frozen=True)
class Reading:
    """How one column of one file is read, and why."""

    choice: str  # DMY / MDY, DECIMAL_COMMA / DECIMAL_POINT, CONFLICT or UNDECIDED
    # "column", "file" (the file's other columns, or its dates with month names), "month"
    # (the one month the file states of itself: `FileReadings.set_month`; CONFLICT when the
    # dates prove the other order), "default" (no value depends on the reading), "none"
    # (UNDECIDED: values depend on it, nothing in the file settles it)
    basis: str
    mattered: bool  # some value in the column depends on the choice
    # The column's date cells whose day and month could be swapped are in doubt: Excel of
    # the other order made them from text written in this one (`FileReadings.decide`).
    cells_in_doubt: bool = False
    # Where a date column puts the year of its dates written in numbers, when some value
    # depends on it: `parse.YEAR_FIRST`, `YEAR_LAST`, `CONFLICT` or `UNDECIDED`; else None.
    year: str | None = None
    year_basis: str | None = None  # "column", "file" or "none", as `basis`
    # A column read with the decimal point holding `1.000` (`parse.point_or_group`):
    # `parse.DECIMAL_POINT` when the file shows the point never groups thousands,
    # `parse.DECIMAL_COMMA` in a column of whole numbers (a count is never written with
    # three zero decimals, so the point groups), `UNDECIDED` otherwise; else None.
    groups: str | None = None
    # The dating column's date cells outside the month the file states that swapping day
    # and month puts in it (`FileReadings.swaps_into_month`): `SWAP` read swapped (the
    # column is proven converted by Excel, `cells_in_doubt`, and every cell in doubt swaps
    # into the month), `REFUSE` not read; None when there is none.
    month_cells: str | None = None
    # The dating column read in the order its dates prove, when the other order alone puts
    # some of its dates reading two ways in the month the file states and the month settles
    # nothing else (dates in it one way and some the other, or one in it neither way): that
    # other order; those dates are not read (`FileReadings.against_month`). None otherwise.
    month_against: str | None = None


SWAP, REFUSE = "swap", "refuse"


class FileReadings:
    """The evidence of one file's date and number columns, and the decisions it supports."""

    def __init__(self, spec: SourceSpec, stated: Stated | None = None,
                 year: int | None = None, kinds: tuple[str, ...] = ("date", "number")) -> None:
        """`stated`: the source's hook naming the dates other cells of a row state (`Stated`),
        if it has one; `year`: the one year the file's name names (`simfoni_2023.csv`), if
        it names one: where two-digit dates keep their year must match it; `kinds`: the
        kinds of column whose evidence is collected ("date", "number")."""
        self.year = year
        self.columns = {
            column.name: ColumnEvidence(column, _KIND[column.type])
            for column in spec.read_columns
            if column.type in _KIND and _KIND[column.type] in kinds
        }
        self._stated = stated
        self._written: dict[str, str] = {}
        self._seen: dict[tuple[str, object], tuple[str, ...]] = {}
        self._orders: dict[object, str | None] = {}
        self._readings: dict[str, dict[str, dt.date]] = {}
        self._places: dict[object, frozenset[str]] = {}
        self.month: MonthOfFile | None = None
        self._dating: str | None = None
        self._unsettled: tuple[str, str] | None = None  # (dating column, why: `set_month`)
        # Columns whose dates prove an order the month the file states contradicts: the
        # order they prove (`decide`).
        self._month_conflicts: dict[str, str] = {}
        # The evidence of one sheet's dates alone (`WorkbookReadings`): what settles them is
        # on that sheet, and the reasons say so.
        self.of_one_sheet = False

    def set_month(self, month: MonthOfFile | None, column: str | None,
                  unsettled: str | None = None) -> None:
        """The one month a file states of itself (its title rows, sheet name and file name:
        `ingest.month_of_file`), and its date column dating each row (`months` in
        sources.yml: Tanggal Pengaduan of a register). When one order puts in that month
        every date of the column that reads two ways (the other order then puts each
        outside it), that order is the file's (`_month_order`); never against what the
        file's dates prove themselves (a `CONFLICT` then, `conflict_reason`). `unsettled`:
        when the file speaks of its month without stating one (two months, a span:
        `month_of_file.unsettled_month`), why, for the ledger's word on that column."""
        self.month = month
        self._dating = column if month is not None and column in self.columns else None
        self._unsettled = (column, unsettled) if month is None and unsettled else None

    def of(self, name: str) -> FileReadings:
        """The readings explaining column `name`'s values: these (`SheetReadings.of`)."""
        return self

    def set_sheets(self, sheets: list[Sheet], written: dict[str, str] | None = None) -> None:
        """The sheets the file's rows come from (`Header.sheets`), for the proofs' rows, and
        the columns as the file writes them (`Header.written`), for the proofs' columns."""
        for evidence in self.columns.values():
            evidence.sheets = list(sheets)
        self._written = dict(written or {})

    def observe(self, frame: pd.DataFrame) -> None:
        """Collect the evidence of one chunk's text cells (distinct values only)."""
        rows = frame["_row"].to_numpy()
        for name, evidence in self.columns.items():
            if name not in frame:
                continue
            codes, distinct = pd.factorize(frame[name], use_na_sentinel=True)
            if not len(distinct):
                continue
            _, first = np.unique(codes[codes >= 0], return_index=True)
            positions = np.flatnonzero(codes >= 0)[first]
            counts = np.bincount(codes[codes >= 0], minlength=len(distinct))
            for value, position, count in zip(distinct, positions, counts, strict=True):
                row = int(rows[position])
                if evidence.kind == "date":
                    self._date_cell(evidence, value, row, int(count))
                    if name == self._dating and self.swaps_into_month(value):
                        evidence.month_swap_cells += int(count)
                        if evidence.month_swap_cell is None:
                            evidence.month_swap_cell = (row, day(value))
                    self._year_place(evidence, value, row, int(count))
                    if evidence.short_year is None and parse.has_two_digit_year(value):
                        evidence.short_year = (row, str(value).strip())
                    if parse.excel_serial(value):
                        evidence.serial_cells += int(count)
                        if evidence.serial is None:
                            evidence.serial = (row, f"{value:g}" if isinstance(value, float)
                                               else str(value).strip())
                readings = self._classify(evidence.kind, value)
                if evidence.kind == "number" and isinstance(value, str):
                    if parse.point_or_group(value):
                        evidence.group_doubt_cells += int(count)
                        if evidence.group_doubt is None:
                            evidence.group_doubt = (row, str(value).strip())
                    elif evidence.group_settled is None and parse.point_never_groups(value):
                        evidence.group_settled = (row, str(value).strip())
                if evidence.kind == "number" and evidence.fraction is None and \
                        isinstance(value, float) and np.isfinite(value) and \
                        not float(value).is_integer():
                    evidence.fraction = (row, f"{value:g}")
                whole = self._whole_reading(evidence, value, readings)
                if whole is not None:
                    evidence.whole_proof.setdefault(whole, (row, str(value).strip()))
                if len(readings) == 1:
                    evidence.proof.setdefault(readings[0], (row, str(value).strip()))
                elif len(readings) > 1:
                    evidence.undecided_cells += int(count)
                    if evidence.ambiguous is None:
                        evidence.ambiguous = (row, str(value).strip())
                    if name == self._dating:
                        self._in_month(evidence, value, row, int(count))
                elif evidence.kind == "date" and (order := self._order(value)):
                    evidence.named_order.setdefault(order, (row, str(value).strip()))
        if self._stated is not None:
            for name, dates in self._stated(frame).items():
                evidence = self.columns.get(name)
                if evidence is not None and evidence.kind == "date" and name in frame:
                    self._stated_orders(evidence, frame[name], dates, rows)

    def _stated_orders(self, evidence: ColumnEvidence, cells: pd.Series, dates: pd.Series,
                       rows: np.ndarray) -> None:
        """The orders rows prove by the date another of their cells states: a value reading
        two ways of which only one is the stated date."""
        for value, date, row in zip(cells.to_numpy(), dates.reindex(cells.index).to_numpy(),
                                    rows, strict=True):
            if not isinstance(date, dt.date) or not isinstance(value, str):
                continue
            if value not in self._readings:
                self._readings[value] = parse.date_readings(value)
            found = self._readings[value]
            if len(set(found.values())) < 2:
                continue  # one reading only: the value proves its order itself, or none
            agree = [order for order, read in found.items() if read == date]
            if len(agree) == 1:
                evidence.stated_proof.setdefault(agree[0], int(row))
                evidence.stated_rows[agree[0]] = evidence.stated_rows.get(agree[0], 0) + 1

    def _in_month(self, evidence: ColumnEvidence, value: object, row: int,
                  count: int) -> None:
        """Which order puts a date of the dating column that reads two ways in the month the
        file states (and its year, when stated): at most one can (both would read the same
        date)."""
        month = self.month
        if value not in self._readings:
            self._readings[value] = parse.date_readings(value)
        inside = [order for order, date in self._readings[value].items()
                  if date.month == month.month and month.year in (None, date.year)]
        if len(inside) == 1:
            evidence.month_proof.setdefault(inside[0], (row, str(value).strip()))
            evidence.month_cells[inside[0]] = evidence.month_cells.get(inside[0], 0) + count
        elif evidence.month_outside is None:
            evidence.month_outside = (row, str(value).strip())

    def _in_stated_month(self, date: dt.date) -> bool:
        return date.month == self.month.month and self.month.year in (None, date.year)

    def swaps_into_month(self, value: object) -> bool:
        """Whether `value` is a date cell (not text) outside the one month the file states
        that swapping its day and month puts in that month: 10 February 2023 in a register
        of October 2023, as Excel set to month-first makes the text `02/10/2023`."""
        if self.month is None or isinstance(value, str) or not isinstance(value, dt.date) \
                or not parse.could_be_swapped(value):
            return False
        return not self._in_stated_month(value) and \
            self._in_stated_month(dt.date(value.year, value.day, value.month))

    def _month_order(self) -> str | None:
        """The order the month the file states proves: the one that puts in it every date of
        the dating column reading two ways; None when the file states no month, one of them
        is in it in neither order, or some are in it in one order and some in the other."""
        evidence = self.columns.get(self._dating) if self._dating else None
        if evidence is None or evidence.month_outside is not None or \
                len(evidence.month_proof) != 1:
            return None
        return next(iter(evidence.month_proof))

    def _year_place(self, evidence: ColumnEvidence, value: object, row: int,
                    count: int) -> None:
        """What a value of a date column says about where the column puts the year."""
        if value not in self._places:
            self._places[value] = parse.year_places(value)
        places = self._places[value]
        parts = parse.short_year_parts(value)
        if parts is not None:
            evidence.year_firsts.setdefault(parts[0], (row, str(value).strip()))
            evidence.year_lasts.setdefault(parts[1], (row, str(value).strip()))
        if len(places) == 1:
            evidence.year_proof.setdefault(next(iter(places)), (row, str(value).strip()))
            if parts is None:
                evidence.year_long_proof |= places
        elif places:
            evidence.year_doubt_cells += count
            if evidence.year_doubt is None:
                evidence.year_doubt = (row, str(value).strip())

    @staticmethod
    def _date_cell(evidence: ColumnEvidence, value: object, row: int, count: int) -> None:
        """What a value of a date column says about Excel having converted the column."""
        if isinstance(value, str):
            evidence.text_orders |= parse.numeric_date_orders(value)
        elif isinstance(value, dt.date):
            if value.day > 12:
                evidence.cell_past_12 = True
            elif parse.could_be_swapped(value):
                evidence.swappable_cells += count
                if evidence.swappable_cell is None:
                    evidence.swappable_cell = (row, day(value))

    def _classify(self, kind: str, value: object) -> tuple[str, ...]:
        """The readings that give `value` different meanings: one (it proves that reading),
        two (it is ambiguous), or none (it means the same either way, or nothing)."""
        if not isinstance(value, str):
            return ()
        key = (kind, value)
        if key not in self._seen:
            found = parse.date_readings(value) if kind == "date" else parse.number_readings(value)
            distinct = set(found.values())
            self._seen[key] = tuple(sorted(found)) if len(distinct) > 1 or (
                len(found) == 1) else ()
        return self._seen[key]

    def _order(self, value: object) -> str | None:
        if value not in self._orders:
            self._orders[value] = parse.written_order(value)
        return self._orders[value]

    @staticmethod
    def _whole_reading(evidence: ColumnEvidence, value: object,
                       readings: tuple[str, ...]) -> str | None:
        """The one reading giving a whole number, for a value of a whole-number column (a
        `whole: count` number, an `int` that is not an age) that two readings read
        differently; else None."""
        column = evidence.column
        whole = column.whole == "count" or (column.type == "int" and column.whole is None)
        if not whole or len(readings) < 2:
            return None
        found = parse.number_readings(value)
        whole = [reading for reading in readings if float(found[reading]).is_integer()]
        return whole[0] if len(whole) == 1 else None

    def decide(self) -> dict[str, Reading]:
        """The reading of every date and number column, from the evidence so far."""
        file_choice = {kind: self._file_choice(kind) for kind in ("date", "number")}
        # Whole-number columns (`whole: count`) speak for each other before the file's other
        # columns do: `1.850` proving thousands in Pembilang reads Penyebut's `2.000` as 2000,
        # even where a percentage column writes `81.25`.
        # A file showing its point never groups thousands (`0.500`) writes one convention: a
        # count's `1.250` proves no thousands group there (`_against_file`).
        counts = {choice for evidence in self.columns.values()
                  if evidence.column.whole == "count" and not self._against_file(evidence)
                  for choice in evidence.whole_proof}
        count_choice = counts.pop() if len(counts) == 1 else None
        decided = {}
        for name, evidence in self.columns.items():
            proven = set(evidence.proof) | (set() if self._against_file(evidence)
                                            else set(evidence.whole_proof))
            mattered = evidence.ambiguous is not None
            if len(proven) > 1:
                decided[name] = Reading(parse.CONFLICT, "column", True)
            elif evidence.stated_proof:
                decided[name] = self._stated_reading(evidence, proven)
            elif proven:
                choice = proven.pop()
                if _converted_by_excel(evidence, choice):
                    decided[name] = Reading(choice, "column", True, cells_in_doubt=True)
                else:
                    decided[name] = Reading(choice, "column", mattered)
            elif mattered and evidence.fraction is not None:
                # Decimals typed as numbers beside text that reads two ways: not guessed.
                decided[name] = Reading(parse.CONFLICT, "column", True)
            elif evidence.column.whole == "count" and count_choice:
                decided[name] = Reading(count_choice, "file", mattered)
            elif file_choice[evidence.kind]:
                decided[name] = Reading(file_choice[evidence.kind], "file", mattered)
            elif mattered:
                # Nothing in the file settles it: no convention decides a value's meaning.
                decided[name] = Reading(parse.UNDECIDED, "none", True)
            else:
                default = DATE_DEFAULT if evidence.kind == "date" else NUMBER_DEFAULT
                decided[name] = Reading(default, "default", False)
            if evidence.kind == "date":
                decided[name] = self._with_month(name, decided[name])
            if evidence.month_swap_cells:
                decided[name] = self._with_month_cells(evidence, decided[name])
            if evidence.year_doubt is not None:
                decided[name] = replace(decided[name], **self._year_of(evidence))
            if evidence.group_doubt is not None and \
                    decided[name].choice == parse.DECIMAL_POINT:
                decided[name] = replace(decided[name], groups=self._groups_of(evidence))
        return decided

    def _with_month(self, name: str, reading: Reading) -> Reading:
        """A date column's reading with the month the file states (`_month_order`): the
        dating column proven the other order by the file's dates is a `CONFLICT`; a column
        nothing else settles, in a file whose dates prove no order, takes the month's."""
        order = self._month_order()
        if name == self._dating:
            self._month_conflicts.pop(name, None)
        if order is None:
            return self._against_month(name, reading)
        if name == self._dating and reading.basis in ("column", "file") and \
                reading.choice in (parse.DMY, parse.MDY) and reading.choice != order:
            self._month_conflicts[name] = reading.choice
            return Reading(parse.CONFLICT, "month", True)
        if reading.choice == parse.UNDECIDED and not self._file_proven("date"):
            return Reading(order, "month", True)
        return reading

    def _against_month(self, name: str, reading: Reading) -> Reading:
        """The dating column read in the order the file's dates prove, when the month the
        file states settles nothing but the other order alone puts some of its dates that
        read two ways in that month (`02/10/2023` in October one way, `10/05/2023` the
        other): those dates are not read (`Reading.month_against`), never read out of the
        month without a word."""
        if name != self._dating or reading.basis not in ("column", "file") or \
                reading.choice not in (parse.DMY, parse.MDY):
            return reading
        other = parse.MDY if reading.choice == parse.DMY else parse.DMY
        if other not in self.columns[name].month_proof:
            return reading
        return replace(reading, month_against=other)

    def against_month(self, name: str, written: str, value: object, proven: str) -> object:
        """A value of the dating column read `proven` (`DMY`/`MDY`), the order its dates
        prove, with `Reading.month_against`: one reading two ways that only the other order
        puts in the month the file states raises `ValueError`
        saying why it is not read (the order the file's dates prove, the month, and both
        dates; no value of a private column); any other value is returned as it is."""
        if not isinstance(value, str):
            return value
        if value not in self._readings:
            self._readings[value] = parse.date_readings(value)
        found = self._readings[value]
        if len(set(found.values())) < 2:
            return value
        inside = [order for order, date in found.items() if self._in_stated_month(date)]
        if len(inside) != 1 or inside[0] == proven:
            return value
        evidence = self.columns[name]
        where = self._proof_shown(evidence, proven)
        if evidence.column.private:
            raise ValueError(_(
                "{column}: a date that reads two ways is in the month the file states, "
                "{month} ({places}), only read {inside}, but the file writes {proven} "
                "({proof}): which is right cannot be told, so it is not read; correct the "
                "date, the title or the file name", column=written, month=self._stated_month(),
                places=self.month.places, inside=_describe("date", inside[0]),
                proven=_describe("date", proven), proof=where))
        raise ValueError(_(
            "{column}: '{value}' is {inside_date} read {inside}, in the month the file states, "
            "{month} ({places}), and {proven_date} read {proven}, as the file writes its dates "
            "({proof}): which is right cannot be told, so it is not read; correct the date, "
            "the title or the file name", column=written, value=value.strip(),
            inside_date=day(found[inside[0]]), inside=_describe("date", inside[0]),
            month=self._stated_month(), places=self.month.places,
            proven_date=day(found[proven]), proven=_describe("date", proven), proof=where))

    def _against_month_note(self, name: str, reading: Reading) -> str:
        """The ledger's word on the dating column's dates not read for being in the month the
        file states only in the order its other dates contradict (`Reading.month_against`)."""
        evidence = self.columns[name]
        count = evidence.month_cells[reading.month_against]
        return ngettext(
            "{count} date that reads two ways not read ({first}): only {order} puts it in the "
            "month the file states, {month} ({places})",
            "{count} dates that read two ways not read (first: {first}): only {order} puts "
            "them in the month the file states, {month} ({places})", count, count=count,
            first=_shown(evidence, evidence.month_proof[reading.month_against]),
            order=_describe("date", reading.month_against), month=self._stated_month(),
            places=self.month.places)

    @staticmethod
    def _with_month_cells(evidence: ColumnEvidence, reading: Reading) -> Reading:
        """The dating column's reading with its date cells that only swapped are in the
        month the file states: swapped when the column's text proves Excel converted it
        (`cells_in_doubt`, the rule of `_converted_by_excel`) and every cell in doubt swaps
        into the month; else not read (the cells in doubt stay so when not all swap)."""
        if not reading.cells_in_doubt:
            return replace(reading, month_cells=REFUSE)
        if evidence.month_swap_cells == evidence.swappable_cells:
            return replace(reading, cells_in_doubt=False, month_cells=SWAP)
        return reading

    def month_cell(self, name: str, written: str, value: object, swap: bool) -> object:
        """A date cell of the dating column (`Reading.month_cells`) that only swapped is in
        the month the file states: the swapped date (`swap`), else `ValueError` saying why
        it is not read; any other value is returned as it is."""
        if not self.swaps_into_month(value):
            return value
        swapped = dt.date(value.year, value.day, value.month)
        if swap:
            return swapped
        cell = _("a date cell") if self.columns[name].column.private else _(
            "the date cell {shown}", shown=day(value))
        raise ValueError(_(
            "{column}: {cell} is not read: the file states the month {month} ({places}), and "
            "only with day and month swapped ({swapped}) is it in that month, as Excel set "
            "to the other order makes date cells of text dates; which is right cannot be "
            "told: write the dates as text, with a month name, or as yyyy-mm-dd, or correct "
            "the title or the file name", column=written, cell=cell,
            month=self._stated_month(), places=self.month.places,
            swapped=_("a date in it") if self.columns[name].column.private else day(swapped)))

    def _month_cells_note(self, name: str, reading: Reading, header: str) -> str:
        """The ledger's word on the dating column's date cells that only swapped are in the
        month the file states (`Reading.month_cells`)."""
        evidence = self.columns[name]
        count, first = evidence.month_swap_cells, _shown_cell(evidence)
        month, places = self._stated_month(), self.month.places
        if reading.month_cells == SWAP:
            choice = next(iter(evidence.proof))
            return ngettext(
                "{column}: {count} date cell read with day and month swapped ({first}): the "
                "column's dates written as text are {how} ({proof}), Excel set to the other "
                "order turns such text into date cells with day and month swapped, and only "
                "so is it in the month the file states, {month} ({places})",
                "{column}: {count} date cells read with day and month swapped (first: "
                "{first}): the column's dates written as text are {how} ({proof}), Excel set "
                "to the other order turns such text into date cells with day and month "
                "swapped, and only so are they in the month the file states, {month} "
                "({places})", count, column=header, count=count, first=first,
                how=_describe("date", choice), proof=_shown(evidence, evidence.proof[choice]),
                month=month, places=places)
        return ngettext(
            "{column}: {count} date cell not read ({first}): only with day and month swapped "
            "is it in the month the file states, {month} ({places})",
            "{column}: {count} date cells not read (first: {first}): only with day and month "
            "swapped are they in the month the file states, {month} ({places})",
            count, column=header, count=count, first=first, month=month, places=places)

    def _month_note(self, name: str, reading: Reading, header: str) -> str:
        """The ledger's word on a date column read in the order the month the file states
        proves (`_month_order`), or refused for proving the other (`CONFLICT`)."""
        if reading.choice == parse.CONFLICT:
            return self.conflict_reason(name, header)
        dating = self.columns[self._dating]
        if name != self._dating:
            header = _("{column} (like {other})", column=header,
                       other=self._written.get(self._dating, self._dating))
        return ngettext(
            "{column}: dates read {how}: the file states the month {month} ({places}), and "
            "only that order puts in it the {count} date that reads two ways ({proof})",
            "{column}: dates read {how}: the file states the month {month} ({places}), and "
            "only that order puts in it the {count} dates that read two ways (first: {proof})",
            dating.month_cells[reading.choice], column=header,
            how=_describe("date", reading.choice), month=self._stated_month(),
            places=self.month.places, count=dating.month_cells[reading.choice],
            proof=_shown(dating, dating.month_proof[reading.choice]))

    def _month_unsettled(self, evidence: ColumnEvidence) -> str | None:
        """Why the month the file states leaves the dating column's order unsettled: a date
        in it in neither order, or dates in it some day-first and some month-first; None when
        the file states no month or no date of the column reads two ways."""
        month, places = self._stated_month(), self.month.places
        if evidence.month_outside is not None:
            return _("the month the file states, {month} ({places}), does not settle it: "
                     "{value} is in that month in neither order", month=month, places=places,
                     value=_shown(evidence, evidence.month_outside))
        if len(evidence.month_proof) > 1:
            return _("the month the file states, {month} ({places}), does not settle it: "
                     "{one} is in that month read {how_one}, {other} read {how_other}",
                     month=month, places=places,
                     one=_shown(evidence, evidence.month_proof[parse.DMY]),
                     how_one=_describe("date", parse.DMY),
                     other=_shown(evidence, evidence.month_proof[parse.MDY]),
                     how_other=_describe("date", parse.MDY))
        return None

    def _stated_month(self) -> str:
        """The month the file states as the reader names it: `Oktober 2023`, `Oktober`."""
        name = month_name(self.month.month)
        return name if self.month.year is None else f"{name} {self.month.year}"

    def _month_conflict_reason(self, name: str, header: str) -> str:
        """Why a date of the dating column reading two ways is not read when the file's dates
        prove one order and the month the file states the other."""
        evidence = self.columns[name]
        proven = self._month_conflicts[name]
        order = parse.MDY if proven == parse.DMY else parse.DMY
        where = self._proof_shown(evidence, proven)
        return ngettext(
            "{column}: the file writes {proven} ({proof}), but it states the month {month} "
            "({places}), and only {order} puts in it the {count} date that reads two ways "
            "({first}): which is right cannot be told, so a date that could be either is not "
            "read; correct the dates, the title or the file name",
            "{column}: the file writes {proven} ({proof}), but it states the month {month} "
            "({places}), and only {order} puts in it the {count} dates that read two ways "
            "(first: {first}): which is right cannot be told, so a date that could be either "
            "is not read; correct the dates, the title or the file name",
            evidence.month_cells[order], column=header, proven=_describe("date", proven),
            proof=where, month=self._stated_month(), places=self.month.places,
            order=_describe("date", order), count=evidence.month_cells[order],
            first=_shown(evidence, evidence.month_proof[order]))

    def _groups_of(self, evidence: ColumnEvidence) -> str:
        """How a column read with the decimal point reads `1.000` (`Reading.groups`): as a
        decimal where the file shows its point never groups thousands (`0.500`, in any of its
        number columns: a count `3.000` beside it is 3), else as 1000 in a count column, else
        not at all; `CONFLICT` in a whole-number column whose values group thousands with
        the point in a file showing it never does (`_against_file`)."""
        column = evidence.column
        if self._against_file(evidence):
            return parse.CONFLICT
        if evidence.group_settled or any(other.group_settled for other in self.columns.values()
                                         if other.kind == "number"):
            return parse.DECIMAL_POINT
        if column.whole == "count" or (column.type == "int" and column.whole is None):
            return parse.DECIMAL_COMMA
        return parse.UNDECIDED

    def _settled_point(self) -> tuple[ColumnEvidence, tuple[int, str]] | None:
        """The first value of the file's number columns showing its point never groups
        thousands (`0.500`, `1,000`: `parse.point_never_groups`), and its column."""
        return next(((other, other.group_settled) for other in self.columns.values()
                     if other.kind == "number" and other.group_settled), None)

    def _against_file(self, evidence: ColumnEvidence) -> bool:
        """Whether a whole-number column proves the point groups thousands (`1.250` as a
        count is 1250, never 1,25) only by being whole, in a file whose numbers show the
        point is the decimal mark and never groups (`0.500`): one convention per file, so
        such a value is not read (`whole_conflict_reason`) rather than ×1000 beside it."""
        return (parse.DECIMAL_COMMA in evidence.whole_proof
                and parse.DECIMAL_COMMA not in evidence.proof
                and self._file_choice("number") == parse.DECIMAL_POINT
                and self._settled_point() is not None)

    def whole_conflict_reason(self, name: str, written: str, value: object, row: int) -> str:
        """Why a value of a whole-number column reading as a whole number only with the point
        between thousands (`1.250`) is not read in a file showing its point is the decimal
        mark and never groups thousands (`_against_file`): both proofs, both meanings."""
        evidence = self.columns[name]
        source, proof = self._settled_point() or (evidence, (row, str(value).strip()))
        if source is not evidence:
            proof_text = _("{column}, {proof}",
                           column=self._written.get(source.column.name, source.column.name),
                           proof=_shown(source, proof))
        else:
            proof_text = _shown(source, proof)
        found = parse.number_readings(value)
        return _("{column}, row {row}: '{value}' is {point} with '.' as the decimal mark, as "
                 "the file writes its numbers ({proof}), but {column} holds whole numbers (a "
                 "count or an amount), and {comma} would need '.' between thousands, which the "
                 "file does not write: not read; check the value, and write every number with "
                 "one convention", column=written, row=shown_row(evidence.sheets, row),
                 value=str(value).strip(), point=_figure(found[parse.DECIMAL_POINT]),
                 comma=_figure(found[parse.DECIMAL_COMMA]), proof=proof_text)

    def amount_decimals_reason(self, name: str, written: str, reading: Reading, value: object,
                               row: int) -> str:
        """Why an amount of rupiah with three digits after the column's decimal mark alone
        (`750.000` where the point is decimal, `1,500` where the comma is:
        `parse.AmountDecimals`) is not read: the cell, its two meanings, the value proving the
        column's mark, and the amount written the column's way."""
        evidence = self.columns[name]
        found = parse.number_readings(value)
        other = parse.DECIMAL_COMMA if reading.choice == parse.DECIMAL_POINT \
            else parse.DECIMAL_POINT
        proof, source = self._proof_of(reading, evidence)
        if proof is None:
            proof_text = "-"
        elif source is not evidence:
            proof_text = _("{column}, {proof}", proof=_shown(source, proof),
                           column=self._written.get(source.column.name, source.column.name))
        else:
            proof_text = _shown(source, proof)
        whole = found[other]
        example = f"{whole:,.2f}"
        if reading.choice == parse.DECIMAL_COMMA:
            example = example.translate(str.maketrans(",.", ".,"))
        return _("{column}, row {row}: '{value}' is {decimal} with '{mark}' as the decimal mark "
                 "the file uses ({proof}), but an amount of rupiah is never written with three "
                 "decimals; with '{mark}' between thousands it is {whole}: which is meant "
                 "cannot be told: not read; write the amount as the column's other amounts "
                 "are written ({example})", column=written,
                 row=shown_row(evidence.sheets, row), value=str(value).strip(),
                 decimal=_figure(found[reading.choice]), mark=reading.choice,
                 proof=proof_text, whole=_figure(whole), example=example)

    def group_reason(self, name: str, written: str, value: object, row: int) -> str:
        """Why `1.000` is not read in a column whose decimal mark is the point and nothing in
        the file shows the point never groups thousands."""
        evidence = self.columns[name]
        source = next((other for other in sorted(self.columns.values(),
                                                 key=lambda other: other is not evidence)
                       if other.kind == "number" and parse.DECIMAL_POINT in other.proof),
                      evidence)
        proof = source.proof.get(parse.DECIMAL_POINT)
        found = parse.number_readings(value)
        return _("{column}, row {row}: '{value}' is {point} with '.' as the decimal mark the "
                 "column uses ({proof}), or {comma} with '.' between thousands, as Indonesian "
                 "files write it, and no value in the file settles which: not read; write "
                 "thousands with ',' (1,000) or as a number cell", column=written,
                 row=shown_row(evidence.sheets, row), value=str(value).strip(),
                 point=_figure(found[parse.DECIMAL_POINT]),
                 comma=_figure(found[parse.DECIMAL_COMMA]),
                 proof=_shown(source, proof) if proof else "-")

    def _year_of(self, evidence: ColumnEvidence) -> dict[str, str]:
        """Where a date column some of whose values read two ways puts the year: proven by
        the column, else by the file's other date columns (a date with a month name puts it
        last), else `UNDECIDED`; both proven: `CONFLICT`.

        A column whose two-digit dates keep one part the same on every row while the other
        varies (`15/03/23`, `02/04/23`, `20/05/23`) has its year there: a lone first part
        above 31 among them (`61/06/23`) is then a typo of the day, not proof of yy/mm/dd;
        only a date with a four-digit year can contradict it."""
        proven = set(evidence.year_proof)
        if (steady := _steady_place(evidence, self.year)) is not None:
            proven = {place for place in proven if place in evidence.year_long_proof}
            proven.add(steady)
        if len(proven) > 1:
            return {"year": parse.CONFLICT, "year_basis": "column"}
        if proven:
            return {"year": proven.pop(), "year_basis": "column"}
        in_file = {place for other in self.columns.values() if other.kind == "date"
                   for place in other.year_proof}
        if any(other.named_order for other in self.columns.values()):
            in_file.add(parse.YEAR_LAST)
        if len(in_file) == 1:
            return {"year": in_file.pop(), "year_basis": "file"}
        return {"year": parse.UNDECIDED, "year_basis": "none"}

    def _year_proof(self, evidence: ColumnEvidence, place: str
                    ) -> tuple[ColumnEvidence, tuple[int, str]]:
        """The first value proving where dates put the year: in the column, else in the
        file's other date columns, else a date with a month name."""
        for other in sorted(self.columns.values(), key=lambda other: other is not evidence):
            if other.kind == "date" and place in other.year_proof:
                return other, other.year_proof[place]
        for other in sorted(self.columns.values(), key=lambda other: other is not evidence):
            if other.kind == "date" and other.named_order:
                return other, next(iter(other.named_order.values()))
        raise LookupError(place)  # `_year_of` decided `place` only with such proof

    def year_notes(self, decided: dict[str, Reading], written: dict[str, str]) -> list[str]:
        """Ledger notes on where date columns whose values depend on it put the year."""
        notes = []
        for name, reading in decided.items():
            evidence = self.columns[name]
            if reading.year is None:
                continue
            header = written.get(name, name)
            if reading.year == parse.UNDECIDED:
                notes.append(ngettext(
                    "{column}: {count} date not read: its year may be its first or its last "
                    "part (yy/mm/dd or dd/mm/yy) and no value in the file settles which "
                    "(first: {first})",
                    "{column}: {count} dates not read: their year may be their first or their "
                    "last part (yy/mm/dd or dd/mm/yy) and no value in the file settles which "
                    "(first: {first})", evidence.year_doubt_cells, column=header,
                    count=evidence.year_doubt_cells, first=_shown(evidence, evidence.year_doubt)))
            elif reading.year == parse.CONFLICT:
                notes.append(self.year_conflict_reason(name, header))
            elif reading.year_basis == "column" and \
                    _steady_place(evidence, self.year) == reading.year:
                steady, varying = ((evidence.year_lasts, evidence.year_firsts)
                                   if reading.year == parse.YEAR_LAST else
                                   (evidence.year_firsts, evidence.year_lasts))
                proofs = sorted(varying.values())[:2]
                notes.append(_("{column}: dates read with the year {where}: that part is "
                               "{year:02d} on every date while the other varies ({first}, "
                               "{second})", column=header, where=_place(reading.year),
                               year=next(iter(steady)), first=_shown(evidence, proofs[0]),
                               second=_shown(evidence, proofs[1])))
            else:
                source, proof = self._year_proof(evidence, reading.year)
                if source is not evidence:
                    header = _("{column} (like {other})", column=header,
                               other=self._written.get(source.column.name, source.column.name))
                notes.append(_("{column}: dates read with the year {where}: proof {proof}",
                               column=header, where=_place(reading.year),
                               proof=_shown(source, proof)))
        return notes

    def year_conflict_reason(self, name: str, written: str) -> str:
        """Why a date of a column writing the year both first and last is not read."""
        evidence = self.columns[name]
        return _("{column} writes the year both first ({first}) and last ({last}): a date "
                 "whose year could be either is not read", column=written,
                 first=_shown(evidence, evidence.year_proof[parse.YEAR_FIRST]),
                 last=_shown(evidence, evidence.year_proof[parse.YEAR_LAST]))

    def year_undecided_reason(self, name: str, written: str, value: object, row: int) -> str:
        """Why a date whose year may be its first or last part is not read, in a column
        nothing in the file settles: the row, the value and its two meanings (neither for a
        private column), and what would settle it."""
        evidence = self.columns[name]
        shown = shown_row(evidence.sheets, row)
        settle = _("a date in the file whose first part is above 31 (98/05/12), whose last "
                   "part cannot be a day (12/05/98), with a four-digit year or with a month "
                   "name settles it")
        if evidence.column.private:
            return _("{column}, row {row}: the year of the date may be its first or its last "
                     "part and no value in the file settles which: not read; {settle}",
                     column=written, row=shown, settle=settle)
        last = parse.parse_date(value)
        return _("{column}, row {row}: '{value}' is {last} (year last) or {first} (yy/mm/dd) "
                 "and no value in the file settles which: not read; {settle}",
                 column=written, row=shown, value=str(value).strip(), last=day(last),
                 first=day(parse.year_first_date(value)), settle=settle)

    def _file_choice(self, kind: str) -> str | None:
        """The one reading the file's columns of `kind` prove (for dates, also the order its
        dates with month names are written in); None when they prove none or both."""
        proven = self._file_proven(kind)
        return proven.pop() if len(proven) == 1 else None

    def _file_proven(self, kind: str) -> set[str]:
        return {choice for evidence in self.columns.values() if evidence.kind == kind
                for choice in (*evidence.proof, *evidence.named_order)}

    def _stated_reading(self, evidence: ColumnEvidence, proven: set[str]) -> Reading:
        """The reading of a date column some of whose rows' other cells prove an order
        (`ColumnEvidence.stated_proof`): that order when it is the only one they prove and
        agrees with what else would settle the column (its own proof, else the file's);
        otherwise `CONFLICT` (`_stated_conflict` says why)."""
        stated = set(evidence.stated_proof)
        settling = proven or self._file_proven(evidence.kind)
        if len(stated) > 1 or settling - stated:
            return Reading(parse.CONFLICT, "stated", True)
        choice = stated.pop()
        if proven:  # the column proves it itself; its rows' other cells agree
            return Reading(choice, "column", True,
                           cells_in_doubt=_converted_by_excel(evidence, choice))
        return Reading(choice, "stated", True)

    def notes(self, decided: dict[str, Reading], written: dict[str, str]) -> list[str]:
        """Ledger notes: how each column whose reading mattered (or departs from the
        Indonesian convention) was read, with the evidence; `written` maps canonical column
        names to the header as the file writes it."""
        notes = [_short_year_note(evidence, written.get(name, name))
                 for name, evidence in self.columns.items() if evidence.short_year]
        notes += [_serial_note(evidence, written.get(name, name))
                  for name, evidence in self.columns.items() if evidence.serial]
        notes += self.year_notes(decided, written)
        notes += [ngettext(
            "{column}: {count} value not read: three digits after a single point may be "
            "decimals or a thousands group (first: {first})",
            "{column}: {count} values not read: three digits after a single point may be "
            "decimals or a thousands group (first: {first})",
            self.columns[name].group_doubt_cells, column=written.get(name, name),
            count=self.columns[name].group_doubt_cells,
            first=_shown(self.columns[name], self.columns[name].group_doubt))
            for name, reading in decided.items() if reading.groups == parse.UNDECIDED]
        notes += [self._month_cells_note(name, reading, written.get(name, name))
                  for name, reading in decided.items() if reading.month_cells]
        for name, reading in decided.items():
            evidence = self.columns[name]
            default = DATE_DEFAULT if evidence.kind == "date" else NUMBER_DEFAULT
            proven_otherwise = reading.basis == "column" and reading.choice != default
            if not (reading.mattered or proven_otherwise):
                continue
            header = written.get(name, name)
            if reading.choice == parse.UNDECIDED:
                note = _undecided_note(evidence, header, self.of_one_sheet)
                if name == self._dating and (unsettled := self._month_unsettled(evidence)):
                    note += "; " + unsettled
                elif self._unsettled and name == self._unsettled[0]:
                    note += "; " + _("what the file says of its month does not settle it: "
                                     "{why}", why=self._unsettled[1])
                notes.append(note)
                continue
            if reading.basis == "month":
                notes.append(self._month_note(name, reading, header))
                continue
            if reading.basis == "stated":
                notes.append(self.conflict_reason(name, header)
                             if reading.choice == parse.CONFLICT
                             else _stated_note(evidence, reading.choice, header))
                continue
            proof, source = self._proof_of(reading, evidence)
            if reading.basis == "column" and reading.choice not in evidence.proof and \
                    reading.choice in evidence.whole_proof:
                notes.append(_("{column}: whole numbers (a count or an amount), so {proof} is "
                               "read with {how}", column=header,
                               proof=_shown(evidence, evidence.whole_proof[reading.choice]),
                               how=_describe(evidence.kind, reading.choice)))
                continue
            if source is not None and source is not evidence:
                header = _("{column} (like {other})", column=header,
                           other=written.get(source.column.name, source.column.name))
            if source is not None and proof is not None and \
                    source.named_order.get(reading.choice) == proof:
                notes.append(_("{column}: dates read {how}, the order the file writes its "
                               "dates with month names in: {proof}", column=header,
                               how=_describe(evidence.kind, reading.choice),
                               proof=_shown(source, proof)))
                continue
            note = _note(source or evidence, reading, header, proof)
            if reading.month_against:
                note += "; " + self._against_month_note(name, reading)
            if reading.cells_in_doubt:
                note += "; " + ngettext(
                    "{count} date cell with day and month both 12 or below not read: Excel "
                    "set to the other order may have swapped them",
                    "{count} date cells with day and month both 12 or below not read: Excel "
                    "set to the other order may have swapped them",
                    evidence.swappable_cells, count=evidence.swappable_cells)
            notes.append(note)
        return notes

    def cells_in_doubt_reason(self, name: str, written: str, value: object) -> str:
        """Why a date cell of a column Excel converted from text of the other order is not
        read (`Reading.cells_in_doubt`): the cell and the date it may be (neither for a
        private column), the proof of the column's order, and how to settle it."""
        evidence = self.columns[name]
        choice = next(iter(evidence.proof))
        if evidence.column.private:
            cell = _("a date cell")
        else:
            swapped = dt.date(value.year, value.day, value.month)
            cell = _("the date cell {shown}, which may be {swapped},", shown=day(value),
                     swapped=day(swapped))
        return _("{column}: {cell} is not read: the column's dates written as text are {how} "
                 "({proof}), and Excel set to the other order turns such text into date cells "
                 "with day and month swapped (leaving as text what it cannot read); write the "
                 "dates as text, with a month name, or as yyyy-mm-dd", column=written,
                 cell=cell, how=_describe("date", choice),
                 proof=_shown(evidence, evidence.proof[choice]))

    def _proof_of(self, reading: Reading, evidence: ColumnEvidence
                  ) -> tuple[tuple[int, str] | None, ColumnEvidence | None]:
        """The first value proving the reading, and the column it is in."""
        if reading.basis == "column":
            return (evidence.proof.get(reading.choice)
                    or evidence.whole_proof.get(reading.choice)), evidence
        if reading.basis == "file":
            for other in self.columns.values():
                if other.kind == evidence.kind and reading.choice in other.proof:
                    return other.proof[reading.choice], other
            for other in self.columns.values():
                if evidence.column.whole == other.column.whole == "count" and \
                        reading.choice in other.whole_proof:
                    return other.whole_proof[reading.choice], other
            for other in sorted(self.columns.values(), key=lambda other: other is not evidence):
                if other.kind == evidence.kind and reading.choice in other.named_order:
                    return other.named_order[reading.choice], other
        return None, None

    def conflict_reason(self, name: str, written: str) -> str:
        """Why a value of a `CONFLICT` column is refused, naming the rows that prove each
        reading (their values only when the column is not private)."""
        evidence = self.columns[name]
        if name in self._month_conflicts:
            return self._month_conflict_reason(name, written)
        if evidence.stated_proof and len({*evidence.proof, *evidence.whole_proof}) < 2:
            return self._stated_conflict(evidence, written)
        return _conflict(evidence, written)

    def _stated_conflict(self, evidence: ColumnEvidence, header: str) -> str:
        """Why a date column its rows' other cells do not settle is a `CONFLICT`: they prove
        both orders, or one that the column's own values or the file's other dates
        contradict. Rows are named; a private column's values never are."""
        stated = evidence.stated_proof
        if len(stated) > 1:
            return _("{column}: the birth dates in the NIPs agree with {one} in {one_count} "
                     "(first: row {one_row}) and with {other} in {other_count} (first: row "
                     "{other_row}), so the NIPs do not settle the order; a date that could be "
                     "either is not read; write the dates with the month's name or as "
                     "yyyy-mm-dd", column=header,
                     one=_describe("date", parse.DMY), other=_describe("date", parse.MDY),
                     one_count=_rows(evidence.stated_rows[parse.DMY]),
                     other_count=_rows(evidence.stated_rows[parse.MDY]),
                     one_row=shown_row(evidence.sheets, stated[parse.DMY]),
                     other_row=shown_row(evidence.sheets, stated[parse.MDY]))
        choice = next(iter(stated))
        other = parse.MDY if choice == parse.DMY else parse.DMY
        where = self._proof_shown(evidence, other)
        return _("{column}: the birth dates in the NIPs agree with {how} (first: row {row}), "
                 "but the file writes {other} ({proof}); a date that could be either is not "
                 "read; write the dates with the month's name or as yyyy-mm-dd",
                 column=header, how=_describe("date", choice),
                 row=shown_row(evidence.sheets, stated[choice]),
                 other=_describe("date", other), proof=where)

    def _proof_shown(self, evidence: ColumnEvidence, choice: str) -> str:
        """The first value proving `choice` as a message quotes it (`_other_proof`): its row
        and value, after the column as the file writes it when it is another column."""
        source, proof = self._other_proof(evidence, choice)
        where = _shown(source, proof)
        if source is not evidence:
            where = _("{column}, {proof}", proof=where,
                      column=self._written.get(source.column.name, source.column.name))
        return where

    def _other_proof(self, evidence: ColumnEvidence, choice: str
                     ) -> tuple[ColumnEvidence, tuple[int, str]]:
        """The first value proving `choice`: in the column itself, else in the file's other
        date columns, else among the dates the file writes with a month name."""
        if choice in evidence.proof:
            return evidence, evidence.proof[choice]
        for other in sorted(self.columns.values(), key=lambda other: other is not evidence):
            if other.kind == "date" and choice in other.proof:
                return other, other.proof[choice]
        for other in sorted(self.columns.values(), key=lambda other: other is not evidence):
            if other.kind == "date" and choice in other.named_order:
                return other, other.named_order[choice]
        raise LookupError(choice)  # `_stated_reading` made a CONFLICT only with such proof

    def undecided_reason(self, name: str, written: str, value: object, row: int) -> str:
        """Why a value of an `UNDECIDED` column is not read: the column as the file writes
        it, the row as the spreadsheet shows it, the value and its two meanings (neither for
        a private column), and what would settle the reading."""
        evidence = self.columns[name]
        shown = shown_row(evidence.sheets, row)
        if evidence.kind == "date" and self.of_one_sheet:
            return _undecided_on_sheet(evidence, written, value, shown)
        if evidence.kind == "date":
            settle = _("one date in the file with a day above 12 (23/03/2023) settles the "
                       "order; or write the dates with a month name (5 Maret 2023), as "
                       "2023-03-05, or as date cells")
            if evidence.column.private:
                return _("{column}, row {row}: the date reads day-first or month-first and no "
                         "value in the file settles the order: not read; {settle}",
                         column=written, row=shown, settle=settle)
            found = parse.date_readings(value)
            return _("{column}, row {row}: '{value}' is {dmy} (day/month/year) or {mdy} "
                     "(month/day/year) and no value in the file settles the order: not read; "
                     "{settle}", column=written, row=shown, value=str(value).strip(),
                     dmy=day(found[parse.DMY]), mdy=day(found[parse.MDY]), settle=settle)
        settle = _("one number in the file written with both marks (93.000,5 or 93,000.5) or "
                   "with a decimal only one mark reads (0.423 or 92,81) settles it; or type the "
                   "values as number cells")
        if evidence.column.private:
            return _("{column}, row {row}: the number reads two ways (',' or '.' as the "
                     "decimal mark) and no value in the file settles which: not read; "
                     "{settle}", column=written, row=shown, settle=settle)
        found = parse.number_readings(value)
        return _("{column}, row {row}: '{value}' is {comma} ({how_comma}) or {point} "
                 "({how_point}) and no value in the file settles which: not read; {settle}",
                 column=written, row=shown, value=str(value).strip(),
                 comma=_figure(found[parse.DECIMAL_COMMA]),
                 how_comma=_describe("number", parse.DECIMAL_COMMA),
                 point=_figure(found[parse.DECIMAL_POINT]),
                 how_point=_describe("number", parse.DECIMAL_POINT), settle=settle)


class SheetReadings:
    """How one sheet stating its own month is read (`WorkbookReadings`): its date columns by
    the sheet's own evidence and month (`dates`), its number columns by the file's
    (`file`)."""

    def __init__(self, file: FileReadings, dates: FileReadings) -> None:
        self.file, self.dates = file, dates

    def of(self, name: str) -> FileReadings:
        """The readings explaining column `name`'s values on this sheet."""
        return self.dates if name in self.dates.columns else self.file


# The key of `WorkbookReadings.decide` for the file's own readings (every sheet stating no
# month of its own, a CSV, a workbook of one sheet).
FILE = None


class WorkbookReadings:
    """The evidence of one file, with each sheet of a workbook that states its own month
    (a register kept a sheet per month: `Jan`, `Februari 2023`) apart for its dates.

    Such a sheet's dates are decided on the sheet's own values and month, as a one-month
    file's are (`FileReadings.set_month`): sheet `Jan` holding `1/3/2023` and `1/7/2023` is
    month first, sheet `Maret` holding `03/03/2023` and `11/03/2023` day first, in the same
    workbook. The file's `FileReadings` decides the numbers of every sheet and the dates of
    the sheets stating no month of their own (`PNS`, `Rekap`, `Jan-Mar`), as for a file of
    one sheet."""

    def __init__(self, spec: SourceSpec, stated: Stated | None = None,
                 year: int | None = None) -> None:
        """As `FileReadings`."""
        self.file = FileReadings(spec, stated, year)
        self._spec, self._stated, self._year = spec, stated, year
        self.sheets: dict[int, FileReadings] = {}  # by sheet index: a sheet's own dates
        self._labels: list[Sheet] = []
        self._written: dict[str, str] = {}

    def set_sheets(self, sheets: list[Sheet], written: dict[str, str] | None = None) -> None:
        """As `FileReadings.set_sheets`."""
        self._labels, self._written = list(sheets), dict(written or {})
        for readings in (self.file, *self.sheets.values()):
            readings.set_sheets(sheets, written)

    def set_month(self, month: MonthOfFile | None, column: str | None,
                  unsettled: str | None = None) -> None:
        """The month the file states of itself (`FileReadings.set_month`)."""
        self.file.set_month(month, column, unsettled)

    def set_sheet_month(self, index: int, month: MonthOfFile | None, column: str | None,
                        unsettled: str | None = None) -> None:
        """Sheet `index` states its own month: its dates are decided on its own evidence and
        `month` (None, with why in `unsettled`, when what else the file says of its month
        disagrees: its dates reading two ways are then not read, the ledger saying why)."""
        if index not in self.sheets:
            self.sheets[index] = FileReadings(self._spec, self._stated, self._year,
                                              kinds=("date",))
            self.sheets[index].of_one_sheet = True
            self.sheets[index].set_sheets(self._labels, self._written)
        self.sheets[index].set_month(month, column, unsettled)

    def key(self, index: int) -> int | None:
        """The key of sheet `index`'s readings in `decide`."""
        return index if index in self.sheets else FILE

    def observe(self, frame: pd.DataFrame) -> None:
        """Collect the evidence of one chunk of one sheet (`FileReadings.observe`)."""
        if frame.empty:
            return
        own = self.sheets.get(int(frame["_row"].iat[0]) // SHEET_ROWS)
        if own is None:
            self.file.observe(frame)
            return
        own.observe(frame)
        self.file.observe(frame.drop(columns=list(own.columns), errors="ignore"))

    def decide(self) -> dict[int | None, dict[str, Reading]]:
        """The readings of the file's columns (`FILE`) and, by sheet index, of each sheet
        stating its own month: the file's with the sheet's own date columns."""
        file = self.file.decide()
        return {FILE: file, **{index: {**file, **own.decide()}
                               for index, own in self.sheets.items()}}

    def of_sheet(self, index: int) -> FileReadings | SheetReadings:
        """What explains the values of sheet `index` (`normalise`)."""
        own = self.sheets.get(index)
        return self.file if own is None else SheetReadings(self.file, own)

    def notes(self, decided: dict[int | None, dict[str, Reading]],
              written: dict[str, str]) -> list[str]:
        """Ledger notes (`FileReadings.notes`): the file's, then each sheet's own on its
        dates, naming the sheet."""
        notes = self.file.notes(decided[FILE], written)
        for index, own in self.sheets.items():
            mine = {name: reading for name, reading in decided[index].items()
                    if name in own.columns}
            notes += [_("{sheet}: {note}", sheet=self._labels[index].named, note=note)
                      for note in own.notes(mine, written)]
        return notes


def _undecided_on_sheet(evidence: ColumnEvidence, written: str, value: object,
                        shown: int | str) -> str:
    """Why a date of a sheet stating its own month (`WorkbookReadings`) is not read when
    nothing on the sheet settles the order (`FileReadings.undecided_reason`)."""
    settle = _("one date on the sheet with a day above 12 (23/03/2023) settles the order; or "
               "write the dates with a month name (5 Maret 2023), as 2023-03-05, or as date "
               "cells")
    if evidence.column.private:
        return _("{column}, row {row}: the date reads day-first or month-first and no value "
                 "on its sheet settles the order: not read; {settle}", column=written,
                 row=shown, settle=settle)
    found = parse.date_readings(value)
    return _("{column}, row {row}: '{value}' is {dmy} (day/month/year) or {mdy} "
             "(month/day/year) and no value on its sheet settles the order: not read; "
             "{settle}", column=written, row=shown, value=str(value).strip(),
             dmy=day(found[parse.DMY]), mdy=day(found[parse.MDY]), settle=settle)


def _undecided_note(evidence: ColumnEvidence, header: str, of_one_sheet: bool = False) -> str:
    """The ledger's word on a column nothing in the file (on the sheet, `of_one_sheet`)
    settles: how many values were not read, why, and the first of them."""
    first = _shown(evidence, evidence.ambiguous) if evidence.ambiguous else "-"
    if evidence.kind == "date" and of_one_sheet:
        return ngettext(
            "{column}: {count} value not read: it reads day-first or month-first and no value "
            "on the sheet settles the order (first: {first})",
            "{column}: {count} values not read: they read day-first or month-first and no "
            "value on the sheet settles the order (first: {first})",
            evidence.undecided_cells, column=header, count=evidence.undecided_cells,
            first=first)
    if evidence.kind == "date":
        return ngettext(
            "{column}: {count} value not read: it reads day-first or month-first and no value "
            "in the file settles the order (first: {first})",
            "{column}: {count} values not read: they read day-first or month-first and no "
            "value in the file settles the order (first: {first})",
            evidence.undecided_cells, column=header, count=evidence.undecided_cells,
            first=first)
    return ngettext(
        "{column}: {count} value not read: it reads two ways (',' or '.' as the decimal mark) "
        "and no value in the file settles which (first: {first})",
        "{column}: {count} values not read: they read two ways (',' or '.' as the decimal "
        "mark) and no value in the file settles which (first: {first})",
        evidence.undecided_cells, column=header, count=evidence.undecided_cells, first=first)


def _short_year_note(evidence: ColumnEvidence, header: str) -> str:
    """The ledger's word on a date column giving years with two digits."""
    year = dt.date.today().year
    return _("{column}: years written with two digits read as the year of the hundred up to "
             "{year} that ends so ({first_year} to {year}; first: {proof})", column=header,
             year=year, first_year=year - 99, proof=_shown(evidence, evidence.short_year))


def _serial_note(evidence: ColumnEvidence, header: str) -> str:
    """The ledger's word on a date column some of whose cells are Excel serials (`43845`,
    as text or a number cell): how many, and the first with the date it was read as (its row
    alone in a private column)."""
    serial = float(parse.without_text_mark(evidence.serial[1]).replace(",", "."))
    first = _shown(evidence, evidence.serial)
    if not evidence.column.private:
        first = _("{cell}, {date}", cell=first, date=day(parse.excel_serial_to_date(serial)))
    return ngettext(
        "{column}: {count} date written as an Excel date serial, read as the day that many "
        "days after 30 December 1899 (first: {first})",
        "{column}: {count} dates written as Excel date serials, read as the day that many "
        "days after 30 December 1899 (first: {first})",
        evidence.serial_cells, column=header, count=evidence.serial_cells, first=first)


def _stated_note(evidence: ColumnEvidence, choice: str, header: str) -> str:
    """The ledger's word on a date column whose order the NIPs beside it prove."""
    return _("{column}: dates read {how}: the birth date in the NIP agrees with that order "
             "only in {count} (first: row {row})", column=header,
             how=_describe("date", choice), count=_rows(evidence.stated_rows[choice]),
             row=shown_row(evidence.sheets, evidence.stated_proof[choice]))


def _rows(count: int) -> str:
    return ngettext("{count} row", "{count} rows", count, count=number(count))


def _converted_by_excel(evidence: ColumnEvidence, choice: str) -> bool:
    """Whether a date column proven `choice` by its text looks converted by an Excel set to
    the other order: it holds date cells whose day and month could be swapped, none with a
    day above 12 (such a cell cannot come from swapping), and no text date that order reads
    (Excel would have made it a cell). Then every date cell may hold the day as its month."""
    other = parse.MDY if choice == parse.DMY else parse.DMY
    return (evidence.kind == "date" and choice in evidence.proof
            and evidence.swappable_cell is not None and not evidence.cell_past_12
            and other not in evidence.text_orders)


def _figure(value: float) -> str:
    """A number in the reader's marks with the decimals it has: `92,814` / `92.814`."""
    decimals = len(f"{abs(value):.6f}".rstrip("0").partition(".")[2])
    return number(value, decimals)


def _shown_cell(evidence: ColumnEvidence) -> str:
    """The first date cell of the dating column that only swapped is in the month the file
    states: `row 5, 10 February 2023` (its row alone in a private column)."""
    row, shown = evidence.month_swap_cell
    where = _("row {row}", row=shown_row(evidence.sheets, row))
    return where if evidence.column.private else f"{where}, {shown}"


def _shown(evidence: ColumnEvidence, proof: tuple[int, str]) -> str:
    row, value = proof
    row = shown_row(evidence.sheets, row)
    if evidence.column.private:
        return _("row {row}", row=row)
    return _("row {row} '{value}'", row=row, value=value)


# How many values the varying part of a column's two-digit dates must take, when the file
# names no year, for the part that stays the same to be taken for the year: two dates on
# the same day of two years (`23/10/22`, `23/05/23`) would otherwise pass for yy/mm/dd.
_STEADY_WITHOUT_YEAR = 3


def _steady_place(evidence: ColumnEvidence, year: int | None) -> str | None:
    """Where a date column's two-digit dates keep the year: the part that is the same on
    every one of them while the other varies — and, when the file names its year, is that
    year's last two digits (else the other part takes three values or more); None when
    neither or both stay the same, or the part staying the same is not the file's year."""
    for place, steady, varying in ((parse.YEAR_LAST, evidence.year_lasts, evidence.year_firsts),
                                   (parse.YEAR_FIRST, evidence.year_firsts,
                                    evidence.year_lasts)):
        if len(steady) != 1 or len(varying) < 2:
            continue
        if year is None:
            return place if len(varying) >= _STEADY_WITHOUT_YEAR else None
        return place if next(iter(steady)) == year % 100 else None
    return None


def _place(place: str) -> str:
    return {parse.YEAR_FIRST: _("first (yy/mm/dd)"),
            parse.YEAR_LAST: _("last")}[place]


def _describe(kind: str, choice: str) -> str:
    return {
        parse.DMY: _("day/month/year"),
        parse.MDY: _("month/day/year"),
        parse.DECIMAL_COMMA: _("',' as the decimal mark and '.' between thousands"),
        parse.DECIMAL_POINT: _("'.' as the decimal mark and ',' between thousands"),
    }[choice]


def _note(evidence: ColumnEvidence, reading: Reading, header: str,
          proof: tuple[int, str] | None) -> str:
    if reading.choice == parse.CONFLICT:
        return _conflict(evidence, header)
    how = _describe(evidence.kind, reading.choice)
    if evidence.kind == "date":
        return _("{column}: dates read {how}: proof {proof}", column=header, how=how,
                 proof=_shown(evidence, proof))
    return _("{column}: numbers read with {how}: proof {proof}", column=header, how=how,
             proof=_shown(evidence, proof))


def _conflict(evidence: ColumnEvidence, header: str) -> str:
    if len({**evidence.whole_proof, **evidence.proof}) < 2 and evidence.fraction is not None:
        return _("{column} holds numbers with decimals ({proof}) beside text that could be a "
                 "decimal or a thousands group ({value}): such a value is not guessed; type it "
                 "as a number, or write it with both marks", column=header,
                 proof=_shown(evidence, evidence.fraction),
                 value=_shown(evidence, evidence.ambiguous) if evidence.ambiguous else "-")
    first = {parse.DMY: parse.DMY, parse.DECIMAL_COMMA: parse.DECIMAL_COMMA}
    sides = sorted({**evidence.whole_proof, **evidence.proof}.items(),
                   key=lambda item: (item[0] not in first, item[0]))
    (one, one_proof), (other, other_proof) = sides[:2]
    return _("{column} is written both ways: {one} ({one_proof}) and {other} ({other_proof}); "
             "a value that could be either is not guessed", column=header,
             one=_describe(evidence.kind, one), one_proof=_shown(evidence, one_proof),
             other=_describe(evidence.kind, other), other_proof=_shown(evidence, other_proof))
