"""What the budget's settle step costs on a month file of many refunds.

January's month file of `--lines` budget lines is loaded into a scratch warehouse, then
February's, every line a refund (a negative Realisasi) within what January spent. Each
refund is judged with the months loaded before (`ingest.anggaran.refunds_beyond_loaded`),
and the file's Realisasi with the same months (`ingest.realisasi.judge`); both read the
loaded months once (`ingest.realisasi.loaded_months`). The script prints the seconds each
took on February and the file's whole `ingest_file`. Before the frame was shared, the
refunds check ran one query per negative row and the judgement filtered the loaded months
once per line: on 3,000 lines 4.28 s and 13.34 s of a 19.40 s file, now 0.04 s and 3.31 s
of 5.60 s (one run each, back to back, 2 shared cores).

    python -m bench.refunds [--lines 3000]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from ingest import anggaran, realisasi
from ingest.loader import ingest_file

HEADER = ["Tahun", "Kode Rekening", "Sub Kegiatan", "Sumber Dana", "Kelompok", "Jenis",
          "Pagu Murni", "Realisasi"]


def month_file(folder: Path, bulan: int, lines: int, realisasi_cell: str) -> Path:
    """One month of `lines` lines, the month in the file's name."""
    path = folder / f"realisasi_2023_{bulan:02d}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for at in range(lines):
            writer.writerow(["2023", f"2.08.03.1.{1 + at // 9999:02d}.{1 + at % 9999:04d}",
                             f"Sub kegiatan {at}", "DAU", "Belanja",
                             "Belanja Barang dan Jasa", "50.000.000", realisasi_cell])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=3000)
    lines = parser.parse_args().lines
    seconds: dict[str, float] = {}

    def timed(name: str, function: Callable) -> Callable:
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] = time.perf_counter() - started
        return run

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        with duckdb.connect(str(root / "scratch.duckdb")) as con:
            ingest_file(con, month_file(root, 1, lines, "1.000.000"), "anggaran")
            refunds, judge = anggaran.refunds_beyond_loaded, realisasi.judge
            anggaran.refunds_beyond_loaded = timed("refunds", refunds)
            realisasi.judge = timed("judge", judge)
            try:
                started = time.perf_counter()
                result = ingest_file(con, month_file(root, 2, lines, "-200.000"), "anggaran")
                whole = time.perf_counter() - started
            finally:
                anggaran.refunds_beyond_loaded, realisasi.judge = refunds, judge
    print(f"{lines} refunds: {result.status}, {result.rows_loaded} loaded; refunds check "
          f"{seconds['refunds']:.2f} s, Realisasi judged {seconds['judge']:.2f} s, "
          f"file {whole:.2f} s")


if __name__ == "__main__":
    main()
