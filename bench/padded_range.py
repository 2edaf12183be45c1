"""A spreadsheet whose used range is padded to row 1,048,576 costs about what its rows cost.

LibreOffice and Excel write, after whole-column formatting, a sheet that declares
`A1:AMJ1048576` and holds an empty styled `<row>` for every row below the data (case tool-06
of 2026-11-30). openpyxl's read-only mode trusts the declared range and walked every row
(~190 s of CPU for 40 cases); the reader now uses python-calamine, which reads the cells
that exist. This script builds a 40-case UPTD register, the same register padded, and
prints, for each, the cost of `ingest_file` into a fresh scratch warehouse (the least CPU
and wall seconds of `--repeat` runs) and their ratio, which must be at most `LIMIT` (exit 1
otherwise). It also prints what each engine reads of the shipped sample workbooks, of the
register, and of the register with a short `<dimension>` tag (rows seen, seconds).

    python -m bench.padded_range [--repeat 5] [--openpyxl-padded]

`--openpyxl-padded` also times openpyxl on the padded register (minutes, for the record).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from ingest.loader import ingest_file

REPO = Path(__file__).resolve().parents[1]
LIMIT = 2.0
HEADER = ["No", "No. Kasus", "Tanggal Pengaduan", "Nama Korban", "NIK Korban", "Alamat Korban",
          "No HP", "Kategori Korban", "Jenis Kekerasan", "Bentuk Kekerasan", "Kabupaten/Kota",
          "Layanan", "Status"]


def write_register(path: Path, cases: int = 40) -> Path:
    """A UPTD register as the office keeps it: title rows, private columns, a JUMLAH row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Register 2023"
    sheet.append(["REGISTER PENGADUAN KASUS UPTD PPA PROVINSI NTT"])
    sheet.append(["TAHUN 2023"])
    sheet.append([])
    sheet.append(HEADER)
    kinds = [("Anak Perempuan", "KtA"), ("Perempuan Dewasa", "KtP"), ("Anak Laki-laki", "KDRT")]
    for number in range(1, cases + 1):
        kategori, jenis = kinds[number % 3]
        sheet.append([number, f"UPTD/2023/{number:03d}", dt.datetime(2023, 1 + number % 6, 3),
                      f"Nama Contoh {number}", f"53710{number:011d}", f"Jl. Contoh {number}",
                      f"0812{number:08d}", kategori, jenis, "Psikis", "Kota Kupang",
                      "Pengaduan", "Terlayani"])
    sheet.append([None, "JUMLAH", None, None, None, None, None, cases])
    book.save(path)
    return path


def rewrite_sheet(source: Path, target: Path, change: Callable[[str], str]) -> Path:
    with zipfile.ZipFile(source) as archive, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in archive.infolist():
            data = archive.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(item, data)
    return target


def pad(xml: str) -> str:
    """tool-06's transformation: the declared range and an empty row down to 1,048,576."""
    xml = re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:AMJ1048576"/>', xml)
    last = int(re.findall(r'<row r="(\d+)"', xml)[-1])
    filler = "".join(f'<row r="{r}" s="0" customFormat="1"/>' for r in range(last + 1, 1048577))
    return xml.replace("</sheetData>", filler + "</sheetData>")


def short_dimension(xml: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:M20"/>', xml)


def ingest_cost(path: Path, repeat: int) -> tuple[float, float, int]:
    """The least (CPU seconds, wall seconds) of `repeat` runs of `ingest_file` into a fresh
    warehouse (the least is the run other jobs on the machine disturbed least), and the rows
    it loaded."""
    cpu, wall, loaded = [], [], 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as scratch:
            con = duckdb.connect(str(Path(scratch) / "w.duckdb"))
            started_cpu, started = time.process_time(), time.perf_counter()
            result = ingest_file(con, path, "uptd")
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
            con.close()
        loaded = result.rows_loaded
    return min(cpu), min(wall), loaded


def rows_openpyxl(path: Path) -> int:
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for row in book.worksheets[0].iter_rows(values_only=True)
                   if any(cell is not None for cell in row))
    finally:
        book.close()


def rows_calamine(path: Path) -> int:
    book = CalamineWorkbook.from_path(str(path))
    try:
        visible = next(meta.name for meta in book.sheets_metadata
                       if meta.visible == SheetVisibleEnum.Visible)
        return sum(1 for row in book.get_sheet_by_name(visible).iter_rows()
                   if any(cell != "" for cell in row))
    finally:
        book.close()


def timed(read: Callable[[Path], int], path: Path) -> tuple[int, float]:
    started = time.process_time()
    rows = read(path)
    return rows, time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--openpyxl-padded", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="padded-range-"))
    plain = write_register(work / "register.xlsx")
    padded = rewrite_sheet(plain, work / "register_padded.xlsx", pad)
    short = rewrite_sheet(plain, work / "register_short_dimension.xlsx", short_dimension)

    print("What each engine reads (non-empty rows, CPU seconds):")
    files = sorted((REPO / "data" / "sample" / "landing").rglob("*.xlsx")) + [plain, short]
    if args.openpyxl_padded:
        files.append(padded)
    for path in files:
        calamine_rows, calamine_s = timed(rows_calamine, path)
        openpyxl_rows, openpyxl_s = timed(rows_openpyxl, path)
        print(f"  {path.name:45} calamine {calamine_rows:5} rows {calamine_s:7.3f} s | "
              f"openpyxl {openpyxl_rows:5} rows {openpyxl_s:7.3f} s")
    if not args.openpyxl_padded:
        rows, seconds = timed(rows_calamine, padded)
        print(f"  {padded.name:45} calamine {rows:5} rows {seconds:7.3f} s | openpyxl "
              "(--openpyxl-padded: minutes)")

    plain_cpu, plain_wall, plain_rows = ingest_cost(plain, args.repeat)
    padded_cpu, padded_wall, padded_rows = ingest_cost(padded, args.repeat)
    ratio = padded_cpu / plain_cpu
    print(f"\ningest_file, least of {args.repeat} runs:")
    print(f"  unpadded: {plain_rows} cases, {plain_cpu:.3f} s CPU, {plain_wall:.3f} s wall "
          f"({plain.stat().st_size / 1024:.0f} KB)")
    print(f"  padded to row 1,048,576: {padded_rows} cases, {padded_cpu:.3f} s CPU, "
          f"{padded_wall:.3f} s wall ({padded.stat().st_size / 1024:.0f} KB)")
    print(f"  ratio (CPU): {ratio:.2f}× (limit {LIMIT:.0f}×)")
    if padded_rows != plain_rows or ratio > LIMIT:
        print("FAILED: the padded register must give the same cases within "
              f"{LIMIT:.0f}× the cost")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
