"""Reading landing files as tables of text cells, the way office files really look.

The entry point, `read_chunks`, opens a file, finds its header and streams its data rows in
chunks. Its seams are modules of their own: `dialect` (a CSV's encoding and delimiter),
`headers` (matching header names, private columns, two-row headers), `rows` (blank, total and
broken rows, chunks), `csv_reader` (the careful row reader and Arrow's columnar one) and
`spreadsheet` (workbook sheets). Everything returned is text (or a date/number object for
spreadsheet cells); parsing into types is `ingest.parse`'s job.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from ingest.csv_reader import columnar_chunks, columnar_prefix_ok, open_csv
from ingest.errors import FileRejected
from ingest.headers import Header, find_header, is_private_column
from ingest.rows import Chunk, chunks
from ingest.spreadsheet import xlsx_rows

SUPPORTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
CHUNK_ROWS = 200_000

__all__ = ["CHUNK_ROWS", "SUPPORTED_SUFFIXES", "Chunk", "FileRejected", "Header",
           "is_private_column", "read_chunks", "release_reader_memory"]


def release_reader_memory() -> None:
    """Hand the memory of a file's Arrow columns back to the system once its frames are gone:
    Arrow's allocator keeps freed blocks for reuse, and the rest of a run (dbt's own process
    above all) needs them more than the next file does."""
    pa.default_memory_pool().release_unused()


def read_chunks(
    path: Path,
    aliases: dict[str, str],
    required: set[str],
    chunk_rows: int = CHUNK_ROWS,
    columnar: bool = True,
) -> tuple[Header, Iterator[Chunk]]:
    """Open a landing file, find its header, and stream its data rows in chunks.

    `aliases` maps normalised header names to canonical column names. Private columns are
    never read into the returned frames. A UTF-8 CSV is read column-wise by Arrow for as long
    as its rows are regular, then row by row (`columnar=False`: row by row from the start;
    both give the same frames). Raises `FileRejected` for a file that is not a table
    of this source.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileRejected(f"{path.name}: not a CSV or XLSX file")
    is_csv = suffix not in (".xlsx", ".xlsm")
    tap = None
    if is_csv:
        tap = open_csv(path)
        rows, closer, delimiter = tap.records(), tap, tap.delimiter
    else:
        rows, closer = xlsx_rows(path)
    numbered = enumerate(rows, start=1)
    try:
        header = find_header(numbered, aliases, required, path.name)
    except (csv.Error, UnicodeError) as error:
        closer.close()
        raise FileRejected(f"{path.name}: not a readable table ({error})") from None
    except FileRejected as error:
        closer.close()
        if is_csv and "no header row found" in str(error):
            shown = {"\t": "tab"}.get(delimiter, f"'{delimiter}'")
            raise FileRejected(f"{error}; read as CSV with the delimiter {shown}, the "
                               "usual ones being ';' ',' tab and '|'") from None
        raise

    def generate() -> Iterator[Chunk]:
        rest = numbered
        try:
            if columnar and is_csv and columnar_prefix_ok(header, tap):
                consumed = yield from columnar_chunks(path, delimiter, header, chunk_rows)
                if consumed is None:
                    return
                rest = itertools.dropwhile(lambda item: item[0] <= consumed, numbered)
            yield from chunks(rest, header, chunk_rows, strict_width=is_csv,
                              raw_line=tap.current if tap else None)
        except csv.Error as error:
            raise FileRejected(f"{path.name}: broken CSV ({error})") from None
        finally:
            closer.close()

    return header, generate()
