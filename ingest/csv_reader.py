"""Reading a CSV file's rows: the careful row reader (which can explain a row that does not
split) and Arrow's columnar reader (fast, for as long as the rows are regular)."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from core.i18n import _
from ingest.dialect import detect_delimiter, detect_encoding, open_text
from ingest.errors import FileRejected
from ingest.headers import Header, layout_key
from ingest.rows import (
    FOOTER_START,
    LEGEND_ITEM,
    NUMBER_TEXT,
    NUMBERING_CELL,
    TOTAL_LABEL,
    Chunk,
    footer_mask,
    is_layout_row,
    is_legend_row,
    is_section_row,
    total_label,
)

# A cell may be long (a pasted text); it is read, then bounded where it is stored.
csv.field_size_limit(1 << 26)


class LineTap:
    """Hands a CSV file's lines to csv.reader and keeps those of the current record, so a
    row that does not split can be examined as it was written."""

    def __init__(self, handle: io.TextIOBase, delimiter: str, encoding: str) -> None:
        self.handle, self.delimiter, self.encoding, self.lines = handle, delimiter, encoding, []
        self.lines_read = 0

    def __iter__(self) -> LineTap:
        return self

    def __next__(self) -> str:
        line = next(self.handle)
        self.lines.append(line)
        self.lines_read += 1
        return line

    def records(self) -> Iterator[list[object]]:
        for cells in csv.reader(self, delimiter=self.delimiter):
            yield cells
            self.lines.clear()

    def current(self) -> tuple[str, str]:
        return "".join(self.lines), self.delimiter

    def close(self) -> None:
        self.handle.close()


def open_csv(path: Path) -> LineTap:
    """The file's lines, decoded with the encoding of the whole file and split at any line
    end (CR LF, LF, or CR alone as Excel for Mac writes), with its delimiter detected."""
    with open(path, "rb") as handle:
        if not handle.read(65536).strip():
            raise FileRejected(_("the file is empty"))
    encoding = detect_encoding(path)
    handle = open_text(path, encoding)
    sample = handle.read(65536)
    handle.seek(0)
    return LineTap(handle, detect_delimiter(sample), encoding)


def columnar_prefix_ok(header: Header, tap: LineTap, held: int = 0) -> bool:
    """The columnar reader counts lines, the careful one records: they agree on row numbers
    only in a UTF-8 file whose rows down to the header (and the `held` rows read past it and
    given back) were one line each."""
    return (tap.encoding == "utf-8-sig" and header.cells >= header.width
            and tap.lines_read == header.header_row + held)


def columnar_chunks(
    path: Path, delimiter: str, header: Header, chunk_rows: int
) -> Generator[Chunk, None, int | None]:
    """Data rows read column by column by Arrow's CSV reader, in chunks like `rows.chunks`.

    It takes a file only while every line is one row of exactly the header's cells in
    valid UTF-8 with nothing filled beyond the last named column and no line break in a
    cell. At the first line that is
    not, it stops after the rows it has vouched for and returns the number of the last row
    it consumed, so the careful reader (which explains broken rows) goes on from the next;
    it returns None when it read the whole file.
    """
    names = [f"c{position}" for position in range(header.cells)]
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=header.header_row, column_names=names,
                                           block_size=4 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False,
                                             newlines_in_values=False,
                                             invalid_row_handler=lambda row: "error"),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeError):
        return header.header_row  # the first block already breaks the rules
    consumed = header.header_row  # number of the last row handed on (or skipped as blank)
    pending: list[pa.RecordBatch] = []
    pending_rows = 0
    stopped = False
    while not stopped:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            batch = None
        except (pa.ArrowInvalid, UnicodeError):
            batch, stopped = None, True
        if batch is not None:
            pending.append(batch)
            pending_rows += batch.num_rows
            if pending_rows < chunk_rows:
                continue
        if pending:
            table = pa.Table.from_batches(pending)
            pending, pending_rows = [], 0
            blank = [pc.equal(pc.utf8_trim_whitespace(column), "") for column in table.columns]
            overfull = _any(blank[header.width:], negate=True)
            # Arrow runs a quote left open over the lines below it even when told values
            # hold no line break: such a row is the careful reader's to explain.
            multiline = _any([pc.match_substring_regex(column, r"[\r\n]")
                              for column in table.columns])
            overfull = multiline if overfull is None else pc.or_(overfull, multiline)
            usable = table.num_rows
            if overfull is not None and pc.any(overfull).as_py():
                usable = pc.index(overfull, True).as_py()
                stopped = True
            chunk = _columnar_chunk(table.slice(0, usable), blank, consumed + 1, header)
            consumed += usable
            yield chunk
        if batch is None:
            return consumed if stopped else None
    return consumed


def _any(masks: list[pa.Array], negate: bool = False) -> pa.Array | None:
    """Row-wise OR of boolean arrays (of their negation), or None for no arrays."""
    result = None
    for mask in masks:
        mask = pc.invert(mask) if negate else mask
        result = mask if result is None else pc.or_(result, mask)
    return result


def _first_filled(table: pa.Table, blank: list[pa.Array], upto: int, pattern: str,
                  passed: str | None = None) -> pa.Array:
    """Per row: the first filled cell among the first `upto` cells matches `pattern` (each
    column looked at only for the rows blank so far); cells matching `passed` are passed
    over as blank ones."""
    found = np.zeros(table.num_rows, dtype=bool)
    pending = np.arange(table.num_rows)
    for position in range(min(upto, len(blank))):
        if not len(pending):
            break
        empty = blank[position].take(pa.array(pending)).to_numpy(zero_copy_only=False)
        if passed is not None and not empty.all():
            empty = empty | pc.match_substring_regex(
                table.column(position).take(pa.array(pending)), passed
            ).to_numpy(zero_copy_only=False)
        filled = pending[~empty]
        if len(filled):
            label = pc.match_substring_regex(table.column(position).take(pa.array(filled)),
                                             pattern, ignore_case=True)
            found[filled[label.to_numpy(zero_copy_only=False)]] = True
        pending = pending[empty]
    return pa.array(found)


def _columnar_chunk(
    table: pa.Table, blank: list[pa.Array], first_row: int, header: Header
) -> Chunk:
    rows = table.num_rows
    blank = [mask.slice(0, rows) for mask in blank]
    filled = np.sum([pc.invert(mask).to_numpy(zero_copy_only=False) for mask in blank],
                    axis=0).astype(np.int64) if blank else np.zeros(rows, dtype=np.int64)
    total = np.array(_first_filled(table, blank, len(blank), TOTAL_LABEL.pattern,
                                   NUMBER_TEXT.pattern).to_numpy(zero_copy_only=False))
    for at in np.flatnonzero(total):  # a record whose text begins `Jumlah …` is no total
        cells = [table.column(position)[int(at)].as_py() for position in range(table.num_columns)]
        total[at] = total_label(cells, header) is not None
    opens = np.zeros(rows, dtype=bool)
    small = np.flatnonzero((filled > 0) & (filled <= 3))
    if len(small):  # only rows of a few cells can open a footer: look at those alone
        picked = pa.array(small)
        opens[small] = _first_filled(table.take(picked), [mask.take(picked) for mask in blank],
                                     len(blank), FOOTER_START.pattern).to_numpy(
                                         zero_copy_only=False)
    # A legend may be wide: rows whose first filled cell opens a note or is an entry
    # (`L = Laki-laki`) are looked at whole.
    legend = np.zeros(rows, dtype=bool)
    maybe = np.flatnonzero(np.array(_first_filled(
        table, blank, len(blank), f"(?:{FOOTER_START.pattern})|(?:{LEGEND_ITEM.pattern})"
    ).to_numpy(zero_copy_only=False)) & (filled > 1))
    for at in maybe.tolist():
        legend[at] = is_legend_row([table.column(position)[at].as_py()
                                    for position in range(len(blank))
                                    if not blank[position][at].as_py()])
    empty = filled == 0
    layout = _layout_rows(table, blank, filled, header)
    total = total & ~layout
    footer = footer_mask(filled, opens, empty | total | layout, legend)
    section = np.zeros(rows, dtype=bool)
    for at in np.flatnonzero(footer & (filled == 1)):
        cells = [table.column(position)[int(at)].as_py() for position in range(table.num_columns)]
        section[at] = is_section_row(cells, header)
    footer &= ~section
    data = ~(empty | total | footer | layout | section)
    for at in np.flatnonzero(layout):  # the footer candidates right above: the next title
        above = at - 1
        while above >= 0 and (footer[above] or empty[above] or section[above]):
            layout[above], footer[above], section[above] = not empty[above], False, False
            above -= 1
    numbers = np.arange(first_row, first_row + rows)

    def frame(mask: np.ndarray) -> pd.DataFrame:
        picked = table.filter(pa.array(mask, type=pa.bool_()))
        result = pd.DataFrame({name: picked.column(position).to_pandas()
                               for name, position in header.columns.items()})
        for name, position in header.codes.items():
            result[f"{name}__code"] = picked.column(position).to_pandas()
        result["_row"] = numbers[mask]
        return result

    totals = frame(total)
    labels = {}
    if len(totals):
        first_cells = [table.column(position).filter(pa.array(total, type=pa.bool_()))
                       .to_pylist() for position in range(table.num_columns)]
        for at, number in enumerate(totals["_row"]):
            cells = [column[at] for column in first_cells]
            labels[int(number)] = total_label(cells, header) or ""
    return Chunk(frame(data), totals, [], frame(footer), labels, int(layout.sum()),
                 [int(row) for row in numbers[section]])


_SPACES = r"[\s\pZ]+"


def _layout_rows(table: pa.Table, blank: list[pa.Array], filled: np.ndarray,
                 header: Header) -> np.ndarray:
    """`rows.is_layout_row` of every row, column-wise: only rows whose every cell is blank, a
    column number or a cell of the header (or a title) in its place are looked at one by one,
    and a column's first text value rules a data row out."""
    layout = np.zeros(table.num_rows, dtype=bool)
    candidates = np.flatnonzero(filled > 0)
    titles = [layout_key(title) for _, title in header.titles]
    for position in range(table.num_columns):
        if not len(candidates):
            return layout
        picked = pa.array(candidates)
        key = pc.utf8_lower(pc.utf8_trim_whitespace(pc.replace_substring_regex(
            table.column(position).take(picked), _SPACES, " ")))
        allowed = [row[position] for row in header.rows if position < len(row) and row[position]]
        keep = pc.or_(pc.or_(blank[position].take(picked),
                             pc.match_substring_regex(key, NUMBERING_CELL)),
                      pc.is_in(key, value_set=pa.array(allowed + titles, type=pa.string())))
        candidates = candidates[keep.to_numpy(zero_copy_only=False)]
    for row in candidates:
        cells = [table.column(position)[int(row)].as_py() for position in range(table.num_columns)]
        layout[row] = is_layout_row(cells, header)
    return layout


