"""A corpus of bad landing files, generated deterministically: the ways office files go wrong.

Each `Case` writes one or more files into a folder and says what a reader must make of the
last one: rejected whole with a message naming the file (and what is wrong), or loaded with
named rows quarantined (row, column, reason). `python -m tests.corpus DIR` writes every case
into DIR/<kind>/ for a person to open.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from tests.helpers import (
    SIMFONI_HEADER,
    simfoni_row,
    uptd_row,
    write_csv,
    write_uptd_xlsx,
)

# (file row, landing column or "" for the whole row, words the reason must contain)
Expected = tuple[int, str, str]


@dataclass
class Case:
    kind: str
    source: str
    write: Callable[[Path], list[Path]]  # writes the files, returns them in landing order
    status: str = "loaded"  # what happens to the last file
    message: str = ""  # words the ledger message must contain
    loaded: int | None = None  # rows of the last file in raw
    quarantine: list[Expected] = field(default_factory=list)


def _lines(path: Path, text: str, encoding: str = "utf-8") -> list[Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return [path]


def _csv_text(rows: list[list[str]], delimiter: str = ";", header: bool = True) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(
        [SIMFONI_HEADER, *rows] if header else rows)
    return buffer.getvalue()


def _rows(count: int, **changes: str) -> list[list[str]]:
    return [simfoni_row(number, **changes) for number in range(1, count + 1)]


def _one_bad(row: int, **changes: str) -> Callable[[Path], list[Path]]:
    """Five good SIMFONI rows; data row `row` (file row row+1) carries `changes`."""
    def write(folder: Path) -> list[Path]:
        rows = _rows(5)
        rows[row - 1] = simfoni_row(row, **changes)
        return [write_csv(folder / "simfoni_2023.csv", rows)]
    return write


def _xlsx_with_cached_formulas(path: Path, book: Workbook, cached: dict[str, str]) -> None:
    """Save, then put the values Excel would have cached into formula cells (openpyxl does
    not compute formulas; a workbook saved by Excel carries their last values)."""
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in cached.items():
        sheet = re.sub(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/>',
                       rf"\1\2<v>{value}</v>", sheet)
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _merged_header_xlsx(folder: Path) -> list[Path]:
    """A two-row header: 'Korban' merged over its sub-columns, other names merged down, and
    formulas (row numbers, an age) as Excel saves them."""
    book = Workbook()
    sheet = book.active
    sheet.append(["REGISTER PENGADUAN KASUS UPTD PPA PROVINSI NTT TAHUN 2023"])
    sheet.merge_cells("A1:I1")
    sheet.append([])
    top = ["No", "No. Kasus", "Tanggal Pengaduan", "Korban", None, "Kekerasan", None,
           "Kabupaten/Kota", "Status"]
    sub = [None, None, None, "Nama Korban", "Kategori Korban", "Jenis Kekerasan",
           "Bentuk Kekerasan", None, None]
    sheet.append(top)
    sheet.append(sub)
    for column in "ABCHI":
        sheet.merge_cells(f"{column}3:{column}4")
    sheet.merge_cells("D3:E3")
    sheet.merge_cells("F3:G3")
    cached = {}
    for number in range(1, 4):
        row = 4 + number
        sheet.append([f"=A{row - 1}+1" if number > 1 else 1, f"UPTD/2023/{number:03d}",
                      dt.datetime(2023, 2, number), "Yohana Testa Bria", "Perempuan Dewasa",
                      "KtP", "Psikis", "Kota Kupang", "Terlayani"])
        if number > 1:
            cached[f"A{row}"] = str(number)
    path = folder / "register_merged.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    _xlsx_with_cached_formulas(path, book, cached)
    return [path]


def _excel_errors_xlsx(folder: Path) -> list[Path]:
    rows = [uptd_row(1), uptd_row(2, **{"Tanggal Pengaduan": "#REF!"}),
            uptd_row(3, **{"Bentuk Kekerasan": "#N/A"}), uptd_row(4, **{"Status": "#VALUE!"})]
    return [write_uptd_xlsx(folder / "register_errors.xlsx", rows)]


def _cross_file_duplicates(folder: Path) -> list[Path]:
    first = write_csv(folder / "simfoni_2023.csv", _rows(3))
    again = [simfoni_row(1, **{"Tanggal Lapor": "15/03/2022", "Tanggal Kejadian": "01/03/2022"}),
             simfoni_row(7, **{"Tanggal Lapor": "16/03/2022", "Tanggal Kejadian": "01/03/2022",
                               "No. Registrasi": "REG-2022-00007"})]
    return [first, write_csv(folder / "simfoni_2022.csv", again)]


def _total_in_the_middle(folder: Path) -> list[Path]:
    rows = _rows(4)
    rows.insert(2, ["", "JUMLAH", "", "", "", "", "", "", "", "", "2", "", "", "", "", "",
                    "", ""])
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _trailing_blank_rows(folder: Path) -> list[Path]:
    text = _csv_text(_rows(3)) + ";" * 17 + "\r\n" + "\r\n" * 3 + ";;;\r\n"
    return _lines(folder / "simfoni_2023.csv", text)


def _truncated(folder: Path) -> list[Path]:
    text = _csv_text(_rows(4))
    return _lines(folder / "simfoni_2023.csv", text[: text.rindex("Kota Kupang")])


def _mixed_delimiters(folder: Path) -> list[Path]:
    """Row 3 was pasted in from a comma-separated export."""
    rows = _rows(3)
    text = (_csv_text(rows[:1]) + _csv_text(rows[1:2], delimiter=",", header=False)
            + _csv_text(rows[2:], header=False))
    return _lines(folder / "simfoni_2023.csv", text)


def _unbalanced_quote(folder: Path) -> list[Path]:
    """A stray quote opens a value that never closes: the lines after it run into it."""
    lines = _csv_text(_rows(4)).split("\r\n")
    lines[2] = lines[2].replace(";SMP;", ';"SMP;', 1)
    return _lines(folder / "simfoni_2023.csv", "\r\n".join(lines))


def _header_far_down(folder: Path) -> list[Path]:
    text = "LAPORAN\r\n" * 40 + _csv_text(_rows(2))
    return _lines(folder / "simfoni_2023.csv", text)


def _extra_columns(folder: Path) -> list[Path]:
    header = [*SIMFONI_HEADER, "Keterangan", "Petugas Input"]
    rows = [[*row, "cek ulang", "Ani"] for row in _rows(2)]
    return [write_csv(folder / "simfoni_2023.csv", rows, header=header)]


def _duplicated_header(folder: Path) -> list[Path]:
    header = [*SIMFONI_HEADER, "Tanggal Lapor"]
    rows = [[*row, "01/01/2023"] for row in _rows(2)]
    return [write_csv(folder / "simfoni_2023.csv", rows, header=header)]


def _missing_column(folder: Path) -> list[Path]:
    drop = SIMFONI_HEADER.index("Status Layanan")
    header = [name for i, name in enumerate(SIMFONI_HEADER) if i != drop]
    rows = [[cell for i, cell in enumerate(row) if i != drop] for row in _rows(2)]
    return [write_csv(folder / "simfoni_2023.csv", rows, header=header)]


ACCENTED = {"Pendidikan Korban": "SMP Négeri Sòe", "Hubungan Pelaku": "Tetangga (Pàk RT)"}


def _cases() -> list[Case]:
    simfoni = "simfoni_2023.csv"
    return [
        Case("empty_file", "simfoni", lambda f: _lines(f / simfoni, ""), "rejected",
             "the file is empty"),
        Case("whitespace_only", "simfoni", lambda f: _lines(f / simfoni, " \r\n\r\n  \r\n"),
             "rejected", "the file is empty"),
        Case("header_only", "simfoni", lambda f: _lines(f / simfoni, _csv_text([])),
             "rejected", "no data rows below the header (row 1)"),
        Case("binary_data", "simfoni",
             lambda f: [_binary(f / simfoni)],
             "rejected", "binary data"),
        Case("not_a_workbook", "uptd",
             lambda f: _lines(f / "register.xlsx", "No;No Kasus\r\n1;2\r\n"), "rejected",
             "not a readable XLSX workbook"),
        Case("unsupported_type", "simfoni", lambda f: _lines(f / "laporan.pdf", "%PDF-1.4"),
             "rejected", "not a CSV or XLSX file"),
        Case("wrong_delimiter", "simfoni",
             lambda f: _lines(f / simfoni, _csv_text(_rows(2), delimiter=":")), "rejected",
             "no header row found"),
        Case("header_not_in_first_rows", "simfoni", _header_far_down, "rejected",
             "no header row found in the first 30 rows"),
        Case("mixed_delimiters", "simfoni", _mixed_delimiters, loaded=2,
             quarantine=[(3, "", "separated by ',', the rest of the file by ';'")]),
        Case("unbalanced_quote", "simfoni", _unbalanced_quote, loaded=3,
             quarantine=[(3, "", "stray quote")]),
        Case("utf16_with_bom", "simfoni",
             lambda f: [write_csv(f / simfoni, _rows(2, **ACCENTED), encoding="utf-16")],
             loaded=2),
        Case("utf16_without_bom", "simfoni",
             lambda f: _lines(f / simfoni, _csv_text(_rows(2, **ACCENTED)), "utf-16-le"),
             loaded=2),
        Case("windows_1252_accents", "simfoni",
             lambda f: [write_csv(f / simfoni, _rows(2, **ACCENTED), encoding="cp1252")],
             loaded=2),
        Case("duplicated_header_names", "simfoni", _duplicated_header, "rejected",
             "the same column twice: Tanggal Lapor"),
        Case("missing_required_column", "simfoni", _missing_column, "rejected",
             "required column(s) missing: status_layanan"),
        Case("extra_unknown_columns", "simfoni", _extra_columns, loaded=2,
             message="ignored column(s): Keterangan, Petugas Input"),
        Case("merged_header_and_formulas_xlsx", "uptd", _merged_header_xlsx, loaded=3),
        Case("excel_error_values", "uptd", _excel_errors_xlsx, loaded=1, quarantine=[
            (6, "tanggal_pengaduan", "Excel error value '#REF!'"),
            (7, "bentuk_kekerasan", "Excel error value '#N/A'"),
            (8, "status", "Excel error value '#VALUE!'"),
        ]),
        Case("comma_thousands_separator", "simfoni",
             _one_bad(2, **{"Umur Korban": "1,234"}), loaded=4,
             quarantine=[(3, "umur_korban", "',' as thousands separator")]),
        Case("dot_thousands_out_of_range", "simfoni",
             _one_bad(2, **{"Umur Korban": "1.234"}), loaded=4,
             quarantine=[(3, "umur_korban", "out of range")]),
        Case("date_not_in_calendar", "simfoni", _one_bad(3, **{"Tanggal Lapor": "31/02/2023"}),
             loaded=4, quarantine=[(4, "tanggal_lapor", "not a calendar date")]),
        Case("date_in_future", "simfoni",
             _one_bad(3, **{"Tanggal Kejadian": "01/01/2099"}), loaded=4,
             quarantine=[(4, "tanggal_kejadian", "after tanggal_lapor")]),
        Case("report_date_in_future", "simfoni",
             _one_bad(3, **{"Tanggal Lapor": f"01/01/{dt.date.today().year + 1}",
                            "Tanggal Kejadian": ""}),
             loaded=4, quarantine=[(4, "tanggal_lapor", "")]),
        Case("date_before_1900", "simfoni", _one_bad(1, **{"Tanggal Kejadian": "12/05/1899"}),
             loaded=4, quarantine=[(2, "tanggal_kejadian", "before 1900")]),
        Case("age_negative", "simfoni", _one_bad(4, **{"Umur Korban": "-3"}), loaded=4,
             quarantine=[(5, "umur_korban", "out of range")]),
        Case("age_too_high", "simfoni", _one_bad(4, **{"Umur Korban": "140"}), loaded=4,
             quarantine=[(5, "umur_korban", "out of range")]),
        Case("ambiguous_region", "simfoni", _one_bad(2, **{"Kabupaten/Kota": "Kupang"}),
             loaded=4, quarantine=[(3, "kabupaten_kota", "ambiguous")]),
        Case("regency_outside_ntt", "simfoni",
             _one_bad(2, **{"Kabupaten/Kota": "Kabupaten Bandung"}), loaded=4,
             quarantine=[(3, "kabupaten_kota", "not a kabupaten/kota of NTT")]),
        Case("unknown_vocabulary", "simfoni",
             _one_bad(5, **{"Tempat Kejadian": "Di mana-mana"}), loaded=4,
             quarantine=[(6, "tempat_kejadian", "not one of the allowed values")]),
        Case("duplicate_id_in_file", "simfoni",
             _one_bad(4, **{"No. Registrasi": "REG-2023-00001"}), loaded=4,
             quarantine=[(5, "no_registrasi", "duplicate id")]),
        Case("duplicate_id_across_files", "simfoni", _cross_file_duplicates, loaded=1,
             quarantine=[(2, "no_registrasi", "already loaded from a file of another year")]),
        Case("total_row_in_the_middle", "simfoni", _total_in_the_middle, loaded=4,
             quarantine=[(4, "", "a total row in the middle")]),
        Case("trailing_blank_rows", "simfoni", _trailing_blank_rows, loaded=3),
        Case("truncated_mid_row", "simfoni", _truncated, loaded=3,
             quarantine=[(5, "", "cut short")]),
    ]


def _binary(path: Path) -> Path:
    state = 20240101
    data = bytearray()
    for _ in range(4096):  # a fixed pseudo-random stream: the same bytes on every machine
        state = (state * 1103515245 + 12345) % 2**31
        data.append(state >> 16 & 0xFF)
    data[10] = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(data))
    return path


CASES = _cases()


def write_large_simfoni(path: Path, rows: int) -> Path:
    """A SIMFONI-style extract of `rows` victims of one year, written fast, a few bad rows."""
    regions = ["Kota Kupang", "Kab. Kupang", "TTS", "TTU", "Belu", "Alor", "Sikka", "Ende",
               "Manggarai", "Sumba Timur"]
    forms = ["Fisik", "Psikis", "Seksual", "Penelantaran", "Fisik, Psikis"]
    places = ["Rumah Tangga", "Sekolah", "Fasilitas Umum", "Lainnya"]
    header = ";".join(SIMFONI_HEADER)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(header + "\r\n")
        for number in range(1, rows + 1):
            day = dt.date(2023, 1, 1) + dt.timedelta(days=number % 365)
            age = str(number % 90) if number % 1000 else "999"  # one in 1000 out of range
            handle.write(
                f"{number};SIMFONI-2023-{number:07d};{day:%d/%m/%Y};;Nama {number};"
                f"53{number:014d};Jl. Contoh {number};08{number:010d};"
                f"{regions[number % 10]};{'P' if number % 3 else 'L'};{age};SMP;Tidak;"
                f"{forms[number % 5]};{places[number % 4]};;Pengaduan;Terlayani\r\n"
            )
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "test-artifacts/corpus")
    for case in CASES:
        for written in case.write(target / case.kind / case.source):
            print(written)
