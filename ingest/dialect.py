"""What a CSV file is written in: its text encoding and its delimiter."""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter

from ingest.errors import FileRejected


def detect_encoding(raw: bytes, file_name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = raw[:4096]
    if b"\x00" in head:
        # UTF-16 without a byte-order mark: every other byte of Latin text is zero.
        half = len(head) // 2
        if head[1::2].count(0) > 0.9 * half:
            return "utf-16-le"
        if head[0::2].count(0) > 0.9 * half:
            return "utf-16-be"
        raise FileRejected(f"{file_name}: binary data, not a CSV text file")
    try:
        raw.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as error:
        # A cut in the middle of a multi-byte character at the end is still UTF-8.
        if error.start >= len(raw) - 3 and raw[: error.start].decode("utf-8", "ignore"):
            return "utf-8-sig"
        return "cp1252"


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the most rows into the same number (> 1) of cells; quoted
    values count as one cell, so `"Fisik; Psikis"` or a comma-pasted row do not mislead."""
    text = sample[: sample.rfind("\n") + 1] or sample
    best, best_score = ",", (0, 0)
    for delimiter in (";", ",", "\t", "|"):
        try:
            rows = itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), 200)
            widths = Counter(len(row) for row in rows if any(cell.strip() for cell in row))
        except csv.Error:
            continue
        score = max(((count, width) for width, count in widths.items() if width > 1),
                    default=(0, 0))
        if score > best_score:
            best, best_score = delimiter, score
    return best
