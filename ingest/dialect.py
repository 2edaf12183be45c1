"""What a CSV file is written in: its text encoding (decided for the whole file), its line
ends (Windows CR LF, Unix LF, old Mac / Excel for Mac CR) and its delimiter."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections import Counter
from pathlib import Path

from core.i18n import _
from ingest.errors import FileRejected

BLOCK = 1 << 20
MIXED = "utf-8+cp1252"  # UTF-8, and bytes of Windows-1252 among it


def _windows_1252(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: the bytes UTF-8 cannot read, read as Windows-1252."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start:error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("satudata-cp1252", _windows_1252)


def open_text(path: Path, encoding: str) -> io.TextIOWrapper:
    """The file opened as text in the encoding `detect_encoding` gave, any line end kept."""
    if encoding == MIXED:
        return open(path, encoding="utf-8-sig", errors="satudata-cp1252", newline="")
    return open(path, encoding=encoding, errors="replace", newline="")


def utf16_of(head: bytes) -> str | None:
    """The UTF-16 codec of a file's first bytes: `utf-16` with a byte-order mark, `utf-16-le`
    or `utf-16-be` without one (every other byte of Latin text is zero); None otherwise."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    half = len(head) // 2
    if half and head[1::2].count(0) > 0.9 * half:
        return "utf-16-le"
    if half and head[0::2].count(0) > 0.9 * half:
        return "utf-16-be"
    return None


def detect_encoding(path: Path) -> str:
    """UTF-16 (with or without a byte-order mark), UTF-8 when every byte of the file is
    valid UTF-8, else `MIXED`: what UTF-8 reads as UTF-8 and every other byte as Windows-1252
    (Excel's "CSV" on Windows; `open_text`). Decided for the whole file: a Windows-1252 dash
    far down a file is that dash, never U+FFFD, and rows Excel on Windows added to a UTF-8
    export keep their letters beside the export's own (`Café` stays `Café`, not `CafÃ©`). A
    file wholly in Windows-1252 reads the same either way: a Windows-1252 text is almost never
    also well-formed UTF-8 (`Ã©`)."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
        if wide := utf16_of(head):
            return wide
        if b"\x00" in head:
            raise FileRejected(_("binary data, not a CSV text file"))
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := handle.read(BLOCK):
                decoder.decode(block)
        except UnicodeDecodeError:
            return MIXED
    # A cut in the middle of a multi-byte character at the very end is still UTF-8.
    return "utf-8-sig"


def line_end(sample: str) -> str:
    """`\\r` when the sample's lines end with CR alone (Excel for Mac), else `\\n`."""
    return "\r" if "\n" not in sample and "\r" in sample else "\n"


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the most rows into the same number (> 1) of cells; quoted
    values count as one cell, so `"Fisik; Psikis"` or a comma-pasted row do not mislead."""
    end = line_end(sample)
    text = sample[: sample.rfind(end) + 1] or sample
    best, best_score = ",", (0, 0)
    for delimiter in (";", ",", "\t", "|"):
        try:
            rows = itertools.islice(
                csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 200)
            widths = Counter(len(row) for row in rows if any(cell.strip() for cell in row))
        except csv.Error:
            continue
        score = max(((count, width) for width, count in widths.items() if width > 1),
                    default=(0, 0))
        if score > best_score:
            best, best_score = delimiter, score
    return best
