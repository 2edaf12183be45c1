"""A corpus of bad landing files, generated deterministically: the ways office files go wrong.

Each `Case` writes one or more files into a folder and says what a reader must make of the
last one: rejected whole with a message naming the file (by its label) and what is wrong,
held (a year that would shrink), or loaded — with the values the warehouse must hold, the
rows quarantined (row, column as the file writes it, reason), the optional cells flagged
(row kept), the total rows dropped and reconciled, and texts that must be found nowhere (a
name, a phone number, a signature). `python -m tests.corpus DIR` writes every case into
DIR/<kind>/ for a person to open. Each kind is one kind of trouble seen in real office files
(`../shared/cases/…`), made again here with other sources, columns and spellings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import Workbook

from tests.helpers import (
    ASN_HEADER,
    INDIKATOR_HEADER,
    SIMFONI_HEADER,
    SIPD_ACCOUNT_HEADER,
    SIPD_ACCOUNTS,
    SIPD_TREE_ACCOUNTS,
    UPTD_HEADER,
    anggaran_row,
    indikator_row,
    simfoni_row,
    sipd_account_rows,
    sipd_line_rows,
    sipd_tree_rows,
    staff_row,
    uptd_row,
    write_anggaran_csv,
    write_csv,
    write_rows_xlsx,
    write_sipd_csv,
    write_uptd_xlsx,
)

FIXTURES = Path(__file__).parent / "fixtures" / "cases"

# (file row, column as the file writes it or "" for the whole row, words the reason holds)
Expected = tuple[int, str, str]


@dataclass
class Case:
    kind: str
    source: str
    write: Callable[[Path], list[Path]]  # writes the files, returns them in landing order
    status: str = "loaded"  # what happens to the last file
    message: str = ""  # words the ledger message must contain
    loaded: int | None = None  # rows of the last file in raw
    quarantine: list[Expected] = field(default_factory=list)  # rows quarantined
    flagged: list[Expected] = field(default_factory=list)  # cells flagged, rows kept
    dropped: int | None = None  # total rows dropped (and reconciled)
    findings: list[str] = field(default_factory=list)  # words each finding holds, in order
    # (SQL over raw.<source> rows of the last file — `{id}` is its ingest id — and its rows)
    values: tuple[str, list[tuple]] | None = None
    absent: list[str] = field(default_factory=list)  # texts no table may hold
    shown: list[str] = field(default_factory=list)  # values the screen's sample shows


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


def _header_of_a_name(folder: Path) -> list[Path]:
    """A column an officer titled with a victim's name, and one titled with a phone number."""
    header = [*SIMFONI_HEADER, "Keterangan", "Yakobus Neno Liubana", "Hubungi 0812 3456 7890"]
    rows = [[*row, "cek ulang", "ya", ""] for row in _rows(2)]
    return [write_csv(folder / "simfoni_2023.csv", rows, header=header)]


def _header_of_a_name_missing_a_column(folder: Path) -> list[Path]:
    drop = SIMFONI_HEADER.index("Status Layanan")
    header = [*(name for i, name in enumerate(SIMFONI_HEADER) if i != drop),
              "Yakobus Neno Liubana"]
    rows = [[*(cell for i, cell in enumerate(row) if i != drop), "ya"] for row in _rows(2)]
    return [write_csv(folder / "simfoni_2023.csv", rows, header=header)]


def _missing_column(folder: Path) -> list[Path]:
    drop = SIMFONI_HEADER.index("Status Layanan")
    header = [name for i, name in enumerate(SIMFONI_HEADER) if i != drop]
    rows = [[cell for i, cell in enumerate(row) if i != drop] for row in _rows(2)]
    return [write_csv(folder / "simfoni_2023.csv", rows, header=header)]


ACCENTED = {"Pendidikan Korban": "SMP Négeri Sòe", "Hubungan Pelaku": "Tetangga (Pàk RT)"}


# --- dates and numbers: decided per column from the whole file ---------------------------

def _simfoni_dates(rows: list[tuple[str, str]], delimiter: str = ";") -> Callable:
    """SIMFONI rows whose Tanggal Lapor / Tanggal Kejadian are as given."""
    def write(folder: Path) -> list[Path]:
        return [write_csv(folder / "simfoni_2023.csv", [
            simfoni_row(number, **{"Tanggal Lapor": lapor, "Tanggal Kejadian": kejadian})
            for number, (lapor, kejadian) in enumerate(rows, start=1)], delimiter=delimiter)]
    return write


# English-locale Excel: month first, no leading zeros; 3/14 proves the order.
MONTH_FIRST = [("1/9/2023", "1/2/2023"), ("3/14/2023", "3/1/2023"), ("4/3/2023", "4/1/2023"),
               ("10/5/2023", "9/30/2023")]
# Tanggal Lapor proves nothing; Tanggal Kejadian (2/28) proves month first for the file.
ORDER_FROM_OTHER_COLUMN = [("3/4/2023", "2/28/2023"), ("5/6/2023", "5/1/2023")]
# Day first (13/3) and month first (3/14) in one column: 4/5 cannot be decided.
CONFLICTING = [("13/3/2023", ""), ("3/14/2023", ""), ("4/5/2023", ""), ("5/5/2023", "")]
MONTH_NAMES = [("28 Oktober 2023", "27 October 2023"), ("3 Nov 2023", "1 November 2023"),
               ("Nov 5, 2023", ""), ("Sabtu, 11 Nopember 2023", "10 Agustus 2023")]


def _indikator_number_cells(folder: Path) -> list[Path]:
    """An indikator workbook whose figures are number cells, a NIP and a NIK among them."""
    book = Workbook()
    book.active.append(INDIKATOR_HEADER)
    for code, target, realised in (("IKG", 0.45, 196804171992032005),
                                   ("IDG", 5371144411032244, 72)):
        row = indikator_row(code, "", "")
        row[INDIKATOR_HEADER.index("Target")] = target
        row[INDIKATOR_HEADER.index("Realisasi")] = realised
        book.active.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "indikator_kinerja_2023_tabel9.xlsx"
    book.save(path)
    return [path]


def _indikator_csv(rows: list[list[str]], name: str = "indikator_kinerja_2023_tabel9.csv",
                   below: list[list[str]] | None = None, delimiter: str = ";") -> Callable:
    def write(folder: Path) -> list[Path]:
        return [write_csv(folder / name, rows + (below or []), header=INDIKATOR_HEADER,
                          delimiter=delimiter, encoding="utf-8")]
    return write


KLA_HEADER = ["Tahun", "Kabupaten/Kota", "Nilai Evaluasi Mandiri", "Nilai Verifikasi",
              "Peringkat", "Desa Layak Anak", "Target Desa Layak Anak"]


def _kla_conflicting_marks(folder: Path) -> list[Path]:
    """`686,50` (decimal comma) and `700.25` (decimal point) in one column: `1.234` could
    be 1234 or 1.234 and is not guessed."""
    rows = [["2023", "Ngada", "686,50", "", "Madya", "6", "6"],
            ["2023", "Sikka", "700.25", "", "Nindya", "6", "6"],
            ["2023", "Alor", "1.234", "", "Pratama", "6", "6"]]
    return [write_csv(folder / "evaluasi_kla_2023.csv", rows, header=KLA_HEADER)]


def _anggaran_late_cp1252(folder: Path) -> list[Path]:
    """A finance export of 12 months × 60 lines (> 64 KB) whose first Windows-1252 byte
    (an en dash) comes in the last line; each month's own Realisasi (every other month lower)."""
    rows = []
    for bulan in range(1, 13):
        for line in range(1, 61):
            rows.append(anggaran_row(bulan, "100.000" if bulan % 2 else "40.000", **{
                "Kode Rekening": f"2.08.01.1.08.{line:04d}",
                "Sub Kegiatan": f"Penyediaan Jasa Penunjang {line}"}))
    rows[-1] = anggaran_row(12, "100.000", **{
        "Kode Rekening": "2.08.01.1.08.0060",
        "Sub Kegiatan": "Penyediaan Jasa Penunjang 60 – Surat Menyurat"})
    path = write_anggaran_csv(folder / "realisasi_2023.csv", rows)
    assert path.stat().st_size > 65536 and path.read_bytes().find(b"\x96") > 65536
    return [path]


def _mac_line_ends(folder: Path) -> list[Path]:
    """Excel for Mac's CSV: lines end with CR alone."""
    path = write_csv(folder / "simfoni_2023.csv", _rows(4), delimiter=",")
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\r"))
    return [path]


# --- headers: declared names before the privacy rule ------------------------------------

SIPD_HEADER = ["Tahun", "Bulan", "Kode Sub Kegiatan", "Kode Rekening", "Nama Program",
               "Nama Kegiatan", "Nama Sub Kegiatan", "Nama Unit Kerja", "Sumber Dana",
               "Kelompok", "Jenis Belanja", "Pagu DPA", "Realisasi Bulan Ini",
               "Nama Lengkap", "Nama Ibu Kandung"]


def _sipd_row(bulan: int, akun: str, realisasi: str, jenis: str = "Belanja Barang dan Jasa",
              kode: str = "2.08.03.1.01.0002") -> list[str]:
    return ["2023", str(bulan), kode, akun, "PROGRAM PERLINDUNGAN PEREMPUAN",
            "Penyediaan Layanan Rujukan Lanjutan", "Penyediaan Layanan Pengelolaan Kasus",
            "Bidang Perlindungan Perempuan", "DAK NF", "Belanja", jenis, "245.000.000,00",
            realisasi, "Maria Goreti Testa", "Yasinta Testa"]


def _sipd_with_accounts(folder: Path) -> list[Path]:
    """SIPD headers (`Nama Program`, …) and a belanja account beside the sub kegiatan; the
    person columns of the export are still dropped unread; row 4's account is Belanja
    Pegawai on a Belanja Barang dan Jasa line."""
    rows = [_sipd_row(1, "5.1.02.01.01.0024", "12.500.000,00"),
            _sipd_row(2, "5.1.02.01.01.0024", "8.250.000,00"),
            _sipd_row(3, "5.1.01.01.01.0001", "1.000.000,00")]
    return [write_csv(folder / "sipd_realisasi_2023.csv", rows, header=SIPD_HEADER)]


def _sipd_cross_urusan(folder: Path) -> list[Path]:
    rows = [anggaran_row(1, "389.204.115", **{"Kode Rekening": "X.XX.01.1.02.0001",
                                               "Sumber Dana": "DAU", "Jenis": "Belanja Pegawai",
                                               "Pagu Murni": "4.741.818.999"}),
            anggaran_row(1, "150.000", **{"Kode Rekening": "X.XX.01.1.06.01"}),
            anggaran_row(1, "12.500.000", **{"Kode Rekening": "2.08.03.1.01.0002"})]
    return [write_anggaran_csv(folder / "sipd_2023.csv", rows, jumlah="401.854.115")]


def _accounts_under_their_lines(changes: dict[str, str] | None = None
                                ) -> list[dict[str, str]]:
    """An export per belanja account of the Penyediaan Jasa Surat Menyurat and Perlindungan
    Khusus Anak lines, each line's row (its subtotal; `changes` alter the first) above its
    accounts."""
    accounts = [akun for akun in SIPD_ACCOUNTS if akun.sub_kegiatan != "2.08.03.1.01.0002"]
    rows = sipd_account_rows(accounts)
    out = []
    for at, line in enumerate(sipd_line_rows(accounts)):
        out.append({**line, **(changes or {})} if at == 0 else line)
        out += [row for row in rows if all(row[name] == line[name] for name in (
            "Bulan", "Kode Sub Kegiatan", "Sumber Dana", "Jenis Belanja"))]
    return out


def _budget_tree_in_a_workbook(folder: Path) -> list[Path]:
    """SIPD's realisation report as a tree in one code column (one program, its kegiatan
    and sub kegiatan, four accounts below their nine parent accounts), amounts as numbers,
    one month, no jenis or kelompok column; the program row's realisasi (file row 2) is not
    the sum of the accounts beneath it."""
    accounts = [replace(akun, realisasi=akun.realisasi[:1], pagu_perubahan=None)
                for akun in SIPD_TREE_ACCOUNTS if akun.sub_kegiatan == "2.08.07.1.02.0001"]
    header = ["Tahun", "Bulan", "Kode Rekening", "Uraian", "Sumber Dana", "Pagu", "Realisasi"]
    written = {"Pagu": "Pagu DPA", "Realisasi": "Realisasi Bulan Ini"}
    rows = sipd_tree_rows(accounts)
    rows[0]["Realisasi Bulan Ini"] = "6.000.000,00"

    def cell(row: dict[str, str], name: str) -> object:
        value = row.get(written.get(name, name), "")
        if name in written:
            return int(value.replace(".", "").replace(",00", ""))
        return value or None

    return [write_rows_xlsx(folder / "lra_pohon_2023.xlsx", header,
                            [[cell(row, name) for name in header] for row in rows])]


def _accounts_in_a_workbook(folder: Path) -> list[Path]:
    """Another spelling of the account column (`Kode Akun Belanja`, the code alone), amounts
    as numbers; file row 8 repeats row 7's account (Makanan dan Minuman Rapat of
    2.08.07.1.02.0001, month 1) and the JUMLAH row counts it once: what was loaded adds up."""
    header = ["Kode Akun Belanja" if name == "Kode Rekening" else name
              for name in SIPD_ACCOUNT_HEADER]
    rows = _accounts_under_their_lines()
    rows.insert(6, dict(rows[5]))
    money = ("Pagu DPA", "Pagu P-DPA", "Realisasi Bulan Ini", "Sisa Anggaran")

    def cell(row: dict[str, str], name: str) -> object:
        value = row.get("Kode Rekening" if name == "Kode Akun Belanja" else name, "")
        if name == "Kode Akun Belanja":
            return value.split(" ")[0]
        if name in money and value:
            amount = int(value.strip("()").replace(".", "").replace(",00", ""))
            return -amount if value.startswith("(") else amount
        return value or None

    total = sum(sum(akun.realisasi) for akun in SIPD_ACCOUNTS
                if akun.sub_kegiatan != "2.08.03.1.01.0002")
    return [write_rows_xlsx(folder / "lra_per_rekening_2023.xlsx", header,
                            [[cell(row, name) for name in header] for row in rows],
                            below=[["JUMLAH", *[None] * 12, total, None]])]


def _line_row_not_the_sum(folder: Path) -> list[Path]:
    """The first line row (file row 2) states a realisasi its two accounts (rows 3, 4) do not
    add up to: subtotal or one more row?"""
    rows = _accounts_under_their_lines({"Realisasi Bulan Ini": "465.000,00"})
    return [write_sipd_csv(folder / "sipd_2023.csv", rows)]


REGION_HEADER = ["tahun", "kode_wilayah", "nama_kabupaten_kota", "nilai_evaluasi_mandiri",
                 "peringkat"]


def _satu_data_regions(folder: Path) -> list[Path]:
    """A Satu Data CSV: a code beside each name settles bare `Kupang` and is checked."""
    rows = [["2023", "53.71", "Kupang", "686", "Madya"],
            ["2023", "5303", "Kupang", "530", "Pratama"],  # BPS 5303 = Kabupaten Kupang
            ["2023", "53.71", "Ngada", "600", "Pratama"],  # code and name disagree
            ["2023", "53.09", "Kab. Ngadaa", "610", "Madya"]]  # a typo: the code reads it
    return [write_csv(folder / "kla_2023.csv", rows, header=REGION_HEADER, delimiter=",")]


PRINT_HEADER = ["No", "No Register", "Tanggal Pelaporan", "Tanggal Kejadian",
                "Kota / Kabupaten", "Jenis Kelamin", "Usia", "Tindak Kekerasan",
                "Kategori Lokasi Kasus", "Pelayanan yang Diberikan", "Status"]


def _simfoni_print_labels(folder: Path) -> list[Path]:
    rows = [["1", "5310-2023-0007", "14/07/2023", "12/07/2023", "KAB. MANGGARAI",
             "Laki-laki", "11", "Fisik", "Sekolah", "Pengaduan, Kesehatan", "Proses"],
            ["2", "5310-2023-0008", "15/07/2023", "", "KAB. NGADA", "Perempuan", "29",
             "Psikis", "Tempat Kerja", "Pengaduan", "Terlayani"]]
    return [write_csv(folder / "cetak_register_simfoni.csv", rows, header=PRINT_HEADER)]


def _misspelt_header(folder: Path) -> list[Path]:
    header = [name if name != "Kategori Korban" else "Kategori Koban" for name in UPTD_HEADER]
    rows = [[str(cell) for cell in uptd_row(1)]]
    return [write_csv(folder / "register_2023.csv", rows, header=header)]


# --- where the table ends ----------------------------------------------------------------

SIGNATURE = [["Sumber: Bidang PUG DP3A Provinsi NTT"], [],
             ["", "", "", "", "Kupang, 29 Desember 2023"],
             ["", "", "", "", "KEPALA DINAS"], ["Mengetahui,"], [],
             ["", "", "", "", "Yosefina Testa Ndun, S.H."],
             ["", "", "", "", "Pembina Utama Muda"],
             ["", "", "", "", "NIP. 19700101 199003 2 011"],
             ["Catatan: angka sementara"]]


def _lra_workbook(jumlah_belanja: str, bulan: int = 1) -> Callable:
    """An LRA of month `bulan` of 2024: revenue, its subtotal, spending per program with
    subtotals, the spending total and the surplus line; then a signature."""
    title = {1: "JANUARI", 3: "MARET"}[bulan]
    header = ["Tahun", "Bulan", "Kode Rekening", "Program", "Kegiatan", "Uraian", "Bidang",
              "Sumber Dana", "Kelompok", "Jenis", "Pagu Murni", "Realisasi"]

    def line(kode, program, realisasi, kelompok="Belanja", jenis="Belanja Barang dan Jasa"):
        return [2024, bulan, kode, program, "Kegiatan", f"Uraian {kode}", "Sekretariat", "PAD",
                kelompok, jenis, "50.000.000", realisasi]

    def write(folder: Path) -> list[Path]:
        rows = [
            line("4.1.02.01", "", "2.000.000", "Pendapatan", "Retribusi Daerah"),
            line("4.1.02.02", "", "500.000", "Pendapatan", "Retribusi Daerah"),
            ["JUMLAH PENDAPATAN", None, None, None, None, None, None, None, None, None,
             "100.000.000", "2.500.000"],
            line("2.08.02.1.01.0001", "PROGRAM KUALITAS HIDUP PEREMPUAN", "3.000.000"),
            line("2.08.02.1.01.0002", "PROGRAM KUALITAS HIDUP PEREMPUAN", "1.000.000"),
            ["JUMLAH PROGRAM KUALITAS HIDUP PEREMPUAN", None, None, None, None, None, None,
             None, None, None, "100.000.000", "4.000.000"],
            line("2.08.07.1.01.0001", "PROGRAM PERLINDUNGAN KHUSUS ANAK", "6.000.000"),
            ["JUMLAH BELANJA", None, None, None, None, None, None, None, None, None,
             "150.000.000", jumlah_belanja],
            ["SURPLUS / (DEFISIT)", None, None, None, None, None, None, None, None, None,
             "(50.000.000)", "(7.500.000)"],
        ]
        above = [["LAPORAN REALISASI ANGGARAN"], [f"BULAN {title} 2024"], []]
        return [write_rows_xlsx(folder / f"lra_{title.lower()}_2024.xlsx", header, rows, above,
                                [[]] + SIGNATURE)]
    return write


# --- national formats: PPPK, pangkat/golongan --------------------------------------------

def _pppk_roster(folder: Path) -> list[Path]:
    rows = [staff_row(1),
            staff_row(2, nip="19900714 202221 2 007", born="14/07/1990", Golongan="IX",
                      **{"Status Kepegawaian": "PPPK", "Jabatan": "Psikolog Klinis Ahli Pertama",
                         "Jenis Jabatan": "Fungsional"}),
            staff_row(3, nip="198811032023211002", sex="L", born="03/11/1988",
                      Golongan="Gol. XVII", **{"Status Kepegawaian": "PPPK",
                                               "Jabatan": "Pranata Komputer Terampil",
                                               "Jenis Jabatan": "Fungsional"})]
    return [write_rows_xlsx(folder / "nominatif_2023.xlsx", ASN_HEADER, rows,
                            [["DAFTAR NOMINATIF PEGAWAI"], ["Keadaan 31 Desember 2023"]])]


def _ids_written_as_floats(folder: Path) -> list[Path]:
    """Registration numbers as text in one year's extract and, in the next, as a program
    writes a column it held as numbers (`12345.0`), with one number that has a fraction."""
    first = write_csv(folder / "simfoni_2022.csv", [
        simfoni_row(number, **{"No. Registrasi": str(12344 + number),
                               "Tanggal Lapor": "15/03/2022", "Tanggal Kejadian": "01/03/2022"})
        for number in (1, 2)])
    ids = ["12345.0", "12347.0", "12348.5", "12349"]
    return [first, write_csv(folder / "simfoni_2023.csv", [
        simfoni_row(number, **{"No. Registrasi": id_}) for number, id_ in enumerate(ids, 1)])]


def _text_ids_like_floats(folder: Path) -> list[Path]:
    """In a column held as numbers (`12345.0`), `045.00` is a code typed as text (no program
    writes a leading zero): its own id, not `045`; `12.000` is 12 or twelve thousand."""
    ids = ["12345.0", "045.00", "045", "12.000"]
    return [write_csv(folder / "simfoni_2023.csv", [
        simfoni_row(number, **{"No. Registrasi": id_}) for number, id_ in enumerate(ids, 1)])]


def _ids_with_thousands_marks(folder: Path) -> list[Path]:
    """Registration numbers as number cells in one year's workbook and, in the next year's
    CSV, as text with thousands marks (`12.345` from an Indonesian laptop, `12 346` with a
    no-break space), beside new ones with and without marks."""
    book = folder / "simfoni_2022.xlsx"
    rows = [simfoni_row(number, **{"No. Registrasi": 12344 + number,
                                   "Tanggal Lapor": "15/03/2022", "Tanggal Kejadian": ""})
            for number in (1, 2)]
    first = write_rows_xlsx(book, SIMFONI_HEADER, rows)
    ids = ["12.345", "12\u00a0346", "987", "12.400"]
    return [first, write_csv(folder / "simfoni_2023.csv", [
        simfoni_row(number, **{"No. Registrasi": id_}) for number, id_ in enumerate(ids, 1)])]


def _case_number_cells(folder: Path) -> list[Path]:
    """Case numbers typed as number cells: a whole one, and one with a fraction."""
    rows = [uptd_row(1, **{"No. Kasus": 101}), uptd_row(2, **{"No. Kasus": 102.5}),
            uptd_row(3, **{"No. Kasus": "103"})]
    return [write_uptd_xlsx(folder / "uptd_2023.xlsx", rows)]


def _year_first_dates(folder: Path) -> list[Path]:
    """Dates typed yy/mm/dd (`23/10/28`, 28 October 2023), the other date column writing the
    year first with four digits."""
    rows = [simfoni_row(1, **{"Tanggal Lapor": "23/10/28", "Tanggal Kejadian": "2023/10/27"}),
            simfoni_row(2, **{"Tanggal Lapor": "23/03/05", "Tanggal Kejadian": ""}),
            simfoni_row(3, **{"Tanggal Lapor": "23/11/02", "Tanggal Kejadian": "2023/11/01"})]
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _year_place_unsettled(folder: Path) -> list[Path]:
    """Two-digit years with nothing in the file saying where the year is: `23/10/28` is 23
    October 1928 or 28 October 2023; `23/05/23` is 23 May 2023 either way; `12/05/23` keeps
    neither part the same as the others."""
    rows = [simfoni_row(1, **{"Tanggal Lapor": "23/10/28", "Tanggal Kejadian": ""}),
            simfoni_row(2, **{"Tanggal Lapor": "23/05/23", "Tanggal Kejadian": ""}),
            simfoni_row(3, **{"Tanggal Lapor": "12/05/23", "Tanggal Kejadian": ""})]
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _day_first_register(*dates: str, name: str = "uptd_2023.csv") -> Callable[[Path], list[Path]]:
    """A one-year register typed dd/mm/yy: the year (23) stays the same, the day varies."""
    def write(folder: Path) -> list[Path]:
        rows = [uptd_row(number, **{"Tanggal Pengaduan": date, "No. Kasus": f"U-{number:03d}"})
                for number, date in enumerate(dates, 1)]
        return [write_csv(folder / name, rows, header=UPTD_HEADER)]
    return write


def _same_day_two_years(folder: Path) -> list[Path]:
    """dd/mm/yy on the same day of two years, in a file naming no year: `23` stays the same
    but may be the day: nothing settles where the year is."""
    rows = [uptd_row(1, **{"Tanggal Pengaduan": "23/10/22"}),
            uptd_row(2, **{"Tanggal Pengaduan": "23/05/23"})]
    return [write_csv(folder / "uptd_register.csv", rows, header=UPTD_HEADER)]


def _birth_dates_year_first(folder: Path) -> list[Path]:
    rows = [staff_row(1, born="71/08/18"),
            staff_row(2, nip="198505122010011003", sex="L", born="85/05/12")]
    return [write_csv(folder / "pegawai_2023.csv", rows, header=ASN_HEADER)]


def _golongan_of_the_other_status(folder: Path) -> list[Path]:
    """A PPPK with a PNS golongan (III/c) and a PNS with a PPPK one (IX)."""
    rows = [staff_row(1, nip="19900714 202221 2 007", born="14/07/1990", Golongan="III/c",
                      **{"Status Kepegawaian": "PPPK"}),
            staff_row(2, Golongan="Gol. IX"),
            staff_row(3, nip="198811032023211002", sex="L", born="03/11/1988", Golongan="VII",
                      **{"Status Kepegawaian": "PPPK"}),
            # I to IV without a ruang: a PNS golongan whose ruang is not written (or kept in
            # a column of its own), or a PPPK one: no finding.
            staff_row(4, nip="198503122010012014", born="12/03/1985", Golongan="III"),
            staff_row(5, nip="197908212005011009", sex="L", born="21/08/1979",
                      Golongan="Golongan IV"),
            staff_row(6, nip="199001152023212003", born="15/01/1990", Golongan="IV",
                      **{"Status Kepegawaian": "PPPK"})]
    return [write_rows_xlsx(folder / "nominatif_2023.xlsx", ASN_HEADER, rows,
                            title="Nominatif")]


def _name_as_unit(folder: Path) -> list[Path]:
    """A person's name typed in an indicator's Satuan (a unit of measure), beside units."""
    rows = [indikator_row("IKD-1", "90", "91", Satuan="Maria Goreti Seran"),
            indikator_row("IKD-2", "5", "4", Satuan="Per Seribu Penduduk"),
            indikator_row("IKD-3", "70", "72", Satuan="Persen")]
    return [write_csv(folder / "indikator_2023.csv", rows, header=INDIKATOR_HEADER)]


def _units_of_official_documents(folder: Path) -> list[Path]:
    """Units and codes made of words of official documents and offices (they were refused as
    personal names, the rows of such codes quarantined), beside a name after an office."""
    rows = [indikator_row("IKU PPPA", "2", "2", Satuan="Peraturan Gubernur"),
            indikator_row("IKU OPD", "1", "1", Satuan="Surat Keputusan"),
            indikator_row("PK Gubernur", "50", "45", Satuan="Kader Posyandu"),
            indikator_row("IKD-4", "1", "1", Satuan="Opini WTP"),
            indikator_row("IKD-5", "1", "1", Satuan="Gubernur Yohanes Bria")]
    return [write_csv(folder / "indikator_2023.csv", rows, header=INDIKATOR_HEADER)]


def _row_of_another_year_as_written(folder: Path) -> list[Path]:
    rows = [*_rows(3), *(simfoni_row(number, **{"Tanggal Lapor": date, "Tanggal Kejadian": ""})
                         for number, date in ((4, "28 Oktober 2022"), (5, "15/11/2022"),
                                              (6, "28 Oktober 2022")))]
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _pangkat_golongan(folder: Path) -> list[Path]:
    header = [name if name != "Golongan" else "Pangkat/Golongan" for name in ASN_HEADER]
    rows = [staff_row(1, Golongan="PENATA MUDA TK I - III/B"),
            staff_row(2, nip="198505122010011003", sex="L", born="12/05/1985",
                      Golongan="Pembina Utama Muda (IV/c)"),
            staff_row(3, nip="198001012005012004", born="01/01/1980",
                      Golongan="PEMBINA - III/c")]
    return [write_csv(folder / "pegawai_2023.csv", rows, header=header)]


# --- spreadsheets as they are -------------------------------------------------------------

def _uptd_workbook_rows(count: int) -> list[list[object]]:
    return [uptd_row(number, month=1 + number % 6) for number in range(1, count + 1)]


def _with_dimension(ref: str) -> Callable:
    """A register whose `<dimension>` tag claims `ref` (short, or WPS's `A1`)."""
    def write(folder: Path) -> list[Path]:
        path = write_uptd_xlsx(folder / "register.xlsx", _uptd_workbook_rows(20), total=20)
        _rewrite_sheet(path, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>',
                                                f'<dimension ref="{ref}"/>', xml))
        return [path]
    return write


def _rewrite_sheet(path: Path, change: Callable[[str], str], sheet: str = "sheet1") -> None:
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    name = f"xl/worksheets/{sheet}.xml"
    parts[name] = change(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


def _hidden_first_sheet(folder: Path) -> list[Path]:
    book = Workbook()
    hidden = book.active
    hidden.title = "daftar"
    for value in ("Perempuan Dewasa", "Anak Perempuan"):
        hidden.append([value])
    hidden.sheet_state = "hidden"
    visible = book.create_sheet("Rekap 2023")
    visible.append(UPTD_HEADER)
    for row in _uptd_workbook_rows(3):
        visible.append(row)
    path = folder / "register.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return [path]


def _sheet_per_unit(folder: Path) -> list[Path]:
    """A register kept one sheet per unit, after a notes sheet: every unit's sheet is read;
    the second unit's third case has no complaint date."""
    book = Workbook()
    notes = book.active
    notes.title = "Catatan"
    notes.append(["Register dipisah per unit layanan."])
    for unit, numbers in (("UPTD Kupang", range(1, 4)), ("UPTD Atambua", range(4, 8))):
        sheet = book.create_sheet(unit)
        sheet.append(UPTD_HEADER)
        for number in numbers:
            sheet.append(uptd_row(number, month=2, **(
                {"Tanggal Pengaduan": None} if number == 6 else {})))
    path = folder / "register.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return [path]


def _formulas_without_values(folder: Path) -> list[Path]:
    """A register written by a program: the status is a formula nobody saved a value of."""
    book = Workbook()
    sheet = book.active
    sheet.append(UPTD_HEADER)
    for number in range(1, 4):
        row = uptd_row(number)
        row[UPTD_HEADER.index("Status")] = '=IF(TRUE,"Terlayani","")'
        sheet.append(row)
    path = folder / "register.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return [path]


def _fixture(name: str, target: str) -> Callable:
    def write(folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / target
        path.write_bytes((FIXTURES / name).read_bytes())
        return [path]
    return write


# --- nothing personal leaves the reader ---------------------------------------------------

def _personal_values_in_wrong_cells(folder: Path) -> list[Path]:
    rows = _rows(5)
    rows[0] = simfoni_row(1, **{"Kabupaten/Kota": "Yohanes Bria"})
    rows[1] = simfoni_row(2, **{"Umur Korban": "081234567890"})
    rows[2] = simfoni_row(3, **{"Tempat Kejadian": "5371014409990001"})
    rows[3] = simfoni_row(4, **{"Status Layanan": "Maria Goreti Ndun"})
    rows[4] = simfoni_row(5, **{"Tempat Kejadian": "Jl. Penandaku No. 7 RT 01/RW 02"})
    rows.append(simfoni_row(6, **{"Status Layanan": "pelaku: Yakobus Neno Liubana"}))
    rows.append(simfoni_row(7, **{"Status Layanan": "Dirujuk oleh BPK DOMINGGUS TALAN"}))
    rows.append(simfoni_row(8, **{"Status Layanan": "Dirujuk ke RSUD Kupang"}))
    rows.append(simfoni_row(9, **{"Status Layanan": "Dicabut, pelaku: Yakobus Neno Liubana"}))
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _names_that_are_words(folder: Path) -> list[Path]:
    """Names made of words the sources use too (`Murni` of Pagu Murni, `Bulan`, `Dana`,
    `Mandiri`, `Baru`), in values and as a header; the sources' own words beside them."""
    header = [*SIMFONI_HEADER, "Maria Bulan"]
    values = ["Sri Murni", "Yohana Murni", "MURNI BRIA", "Putri Indah", "Intan Sari Dewi",
              "Ibu Kasih", "Dirujuk oleh Bunga Mandiri", "Dana Baru Seran"]
    rows = [[*simfoni_row(number, **{"Status Layanan": value}), "x"]
            for number, value in enumerate(values, start=1)]
    rows.append([*simfoni_row(9, **{"Kabupaten/Kota": "Agustina Bulan"}), "y"])
    rows.append([*simfoni_row(10), "z"])
    return [write_csv(folder / "simfoni_2023.csv", rows, header=header)]


def _account_naming_a_person(folder: Path) -> list[Path]:
    """A budget line whose account text names the speaker paid, beside a line building a
    path in a hamlet and an account written as text without a code."""
    header = ["Tahun", "Bulan", "Kode Sub Kegiatan", "Nama Sub Kegiatan", "Kode Rekening Belanja",
              "Sumber Dana", "Kelompok", "Jenis Belanja", "Pagu DPA", "Realisasi Bulan Ini"]
    line = ["2023", "1", "2.08.03.1.01.0002", "Penyediaan Layanan Pengelolaan Kasus"]
    tail = ["DAK NF", "Belanja", "Belanja Barang dan Jasa"]
    rows = [[*line, "5.1.02.01.01.0024 Belanja Alat/Bahan untuk Kegiatan Kantor", *tail,
             "245000000", "12500000"],
            [*line, "Honor narasumber Dominikus Taek", *tail, "5000000", "1500000"],
            [*line[:2], "2.08.03.1.01.0003", "Pembangunan Jalan Setapak Rumah Aman Dusun Oebelo",
             "5.1.02.01.01.0024 Belanja Alat/Bahan untuk Kegiatan Kantor", *tail, "80000000",
             "0"],
            [*line[:2], "2.08.03.1.01.0004", "Penguatan Jejaring", "Belanja Alat Tulis Kantor",
             *tail, "7000000", "700000"]]
    return [write_csv(folder / "realisasi_2023.csv", rows, header=header)]


def _free_text_relations(folder: Path) -> list[Path]:
    rows = [simfoni_row(1, **{"Hubungan Pelaku": "Ayah kandung Yohanes 081234567890"}),
            simfoni_row(2, **{"Hubungan Pelaku": "Tetangga (Pak RT Bria)"}),
            simfoni_row(3, **{"Hubungan Pelaku": "dukun kampung Bpk Nahak"}),
            simfoni_row(4, **{"Hubungan Pelaku": "Suami/Istri",
                              "Pendidikan Korban": "SMA kelas 2"}),
            # A form of address before a name: Mrs Intan or the mother Intan? Mr Sri or an
            # uncle? Before, read on the first word as Orang Tua and Keluarga/Saudara.
            simfoni_row(5, **{"Hubungan Pelaku": "Ibu Intan"}),
            simfoni_row(6, **{"Hubungan Pelaku": "om sri"}),
            simfoni_row(7, **{"Hubungan Pelaku": "Kakak (Maria)"}),
            simfoni_row(8, **{"Hubungan Pelaku": "Ibu korban"})]
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _two_megabyte_cell(folder: Path) -> list[Path]:
    rows = [anggaran_row(1, "100.000"),
            anggaran_row(2, "100.000", **{"Sub Kegiatan": "Penyediaan " + "x" * 2_000_000})]
    return [write_anggaran_csv(folder / "realisasi_2023.csv", rows)]


def _file_name_with_a_name(folder: Path) -> list[Path]:
    rows = [[str(cell) for cell in uptd_row(1)],
            [str(cell) for cell in uptd_row(2, **{"Status": "Selesai"})],
            ["", "JUMLAH", "", "", "", "7"]]
    return [write_csv(folder / "Register kasus Maria Goreti Ndun 2023.csv", rows,
                      header=UPTD_HEADER)]


# --- a year never shrinks without a word -------------------------------------------------

def _register(name: str, months: list[int]) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        rows = [uptd_row(number, month=month) for number, month in enumerate(months, start=1)]
        return write_uptd_xlsx(folder / name, rows)
    return write


def _shrinking_year(folder: Path) -> list[Path]:
    full = _register("register_2023.xlsx", [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6])(folder)
    partial = _register("register_2023_baru.xlsx", [1, 1, 2, 2, 3, 3])(folder)
    return [full, partial]


def _month_lost(folder: Path) -> list[Path]:
    """The newer extract has more rows but no April: the month is lost."""
    first = write_csv(folder / "simfoni_2023_a.csv", [
        simfoni_row(n, **{"Tanggal Lapor": f"{13 + n % 3:02d}/{1 + n % 4:02d}/2023",
                          "Tanggal Kejadian": ""}) for n in range(1, 9)])
    second = write_csv(folder / "simfoni_2023_b.csv", [
        simfoni_row(n, **{"Tanggal Lapor": f"{13 + n % 3:02d}/{1 + n % 3:02d}/2023",
                          "Tanggal Kejadian": ""}) for n in range(1, 11)])
    return [first, second]


def _small_correction(folder: Path) -> list[Path]:
    """The forty cases again, one now served: applied."""
    months = [1 + number % 4 for number in range(40)]
    full = write_uptd_xlsx(folder / "register_2023.xlsx", [
        uptd_row(number, month=month, Status="Dalam Proses" if number == 7 else "Terlayani")
        for number, month in enumerate(months, start=1)])
    corrected = _register("register_2023_perbaikan.xlsx", months)(folder)
    return [full, corrected]


def _case_withdrawn(folder: Path) -> list[Path]:
    """One case of forty left out (2.5 %), every month still there: it would leave the year
    without a word, so the extract is held, naming its month."""
    months = [1 + number % 4 for number in range(40)]
    full = _register("register_2023.xlsx", months)(folder)
    corrected = _register("register_2023_perbaikan.xlsx", months[:39])(folder)
    return [full, corrected]


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
             "the file is damaged or is not an Excel workbook, although its name ends in "
             ".xlsx: open it in Excel or LibreOffice, save it again as .xlsx"),
        Case("unsupported_type", "simfoni", lambda f: _lines(f / "laporan.pdf", "%PDF-1.4"),
             "rejected", "save it as CSV or XLSX"),
        Case("wrong_delimiter", "simfoni",
             lambda f: _lines(f / simfoni, _csv_text(_rows(2), delimiter=":")), "rejected",
             "no header row found"),
        Case("header_not_in_first_rows", "simfoni", _header_far_down, "rejected",
             # The columns as offices write them: before, `no_registrasi, tanggal_lapor, …`.
             "no header row found in the first 30 rows (expected columns: No Registrasi, "
             "Tanggal Lapor, Kabupaten/Kota, Jenis Kelamin Korban, Bentuk Kekerasan, Tempat "
             "Kejadian, Status Layanan)"),
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
        Case("windows_1252_byte_after_64kb", "anggaran", _anggaran_late_cp1252, loaded=720,
             values=("select sub_kegiatan from raw.anggaran where ingest_id = {id} and "
                     "bulan = 12 and sub_kegiatan_kode = '2.08.01.1.08.0060'",
                     [("Penyediaan Jasa Penunjang 60 – Surat Menyurat",)]),
             absent=["\ufffd"]),
        Case("mac_cr_line_ends", "simfoni", _mac_line_ends, loaded=4,
             values=("select count(distinct no_registrasi_hmac) from raw.simfoni "
                     "where ingest_id = {id}", [(4,)])),
        Case("duplicated_header_names", "simfoni", _duplicated_header, "rejected",
             "the same column twice: Tanggal Lapor"),
        Case("missing_required_column", "simfoni", _missing_column, "rejected",
             "required column(s) missing: Status Layanan"),
        Case("misspelt_header_is_named_with_a_suggestion", "uptd", _misspelt_header,
             "rejected", "Kategori Korban (is 'Kategori Koban' meant?)"),
        Case("extra_unknown_columns", "simfoni", _extra_columns, loaded=2,
             message="ignored column(s): 'Keterangan', 'Petugas Input'"),
        # A header that is a person's name or a phone number is dropped unread like `Nama
        # Korban`: counted, never named.
        Case("header_that_is_a_name", "simfoni", _header_of_a_name, loaded=2,
             message="ignored column(s): 'Keterangan'; 6 private column(s) dropped unread",
             absent=["Yakobus", "Liubana", "3456"]),
        Case("rejected_header_row_holding_a_name", "simfoni",
             _header_of_a_name_missing_a_column, "rejected",
             "(the header row holds: 'No', 'No. Registrasi', 'Tanggal Lapor', 'Tanggal "
             "Kejadian', 'Nama Korban', 'NIK Korban', 'Alamat Korban', 'No HP Korban', "
             "'Kabupaten/Kota', 'Jenis Kelamin Korban', 'Umur Korban', 'Pendidikan Korban', "
             "'Disabilitas', 'Bentuk Kekerasan', 'Tempat Kejadian', 'Hubungan Pelaku', "
             "'Layanan', '***')", absent=["Yakobus"]),
        Case("declared_names_before_the_privacy_rule", "anggaran", _sipd_with_accounts,
             loaded=2, message="2 private column(s) dropped unread",
             quarantine=[(4, "Kode Rekening", "does not fit this jenis")],
             values=("select bulan, program, sub_kegiatan_kode, akun_belanja, bidang, "
                     "realisasi from raw.anggaran where ingest_id = {id} order by bulan",
                     [(1, "PROGRAM PERLINDUNGAN PEREMPUAN", "2.08.03.1.01.0002",
                       "5.1.02.01.01.0024", "PP", 12_500_000.0),
                      (2, "PROGRAM PERLINDUNGAN PEREMPUAN", "2.08.03.1.01.0002",
                       "5.1.02.01.01.0024", "PP", 8_250_000.0)]),
             absent=["Maria Goreti", "Yasinta"]),
        # A budget export per belanja account: every account a row of its own, SIPD's line
        # rows above them dropped as their subtotals, a repeated account quarantined.
        Case("account_level_budget_export", "anggaran", _accounts_in_a_workbook, loaded=12,
             dropped=5, message="4 line rows equal to the sum of their belanja account rows",
             quarantine=[(8, "Kode Akun Belanja", "duplicate account: Kode Akun Belanja "
                                                  "5.1.02.01.01.0052 of Kode Sub Kegiatan "
                                                  "2.08.07.1.02.0001")],
             values=("select count(*), count(distinct akun_belanja_kode), sum(realisasi) "
                     "from raw.anggaran where ingest_id = {id}", [(12, 6, 14_000_000)])),
        # A budget tree in one code column: the leaf accounts load under their sub kegiatan,
        # jenis from their codes; the subtotal rows that add up are dropped, the program
        # row that does not is quarantined naming the column as the file writes it.
        Case("budget_tree_in_one_code_column", "anggaran", _budget_tree_in_a_workbook,
             loaded=4, dropped=11, message="11 subtotal rows of the budget tree",
             quarantine=[(2, "Realisasi", "the program row 2.08.07 is the subtotal of the "
                                          "rows beneath it, but its Realisasi 6,000,000 is "
                                          "not the sum of the 4 row(s) that load beneath it "
                                          "(5,670,000)")],
             values=("select sub_kegiatan_kode, jenis, count(*), sum(pagu_murni), "
                     "sum(realisasi) from raw.anggaran where ingest_id = {id} group by all",
                     [("2.08.07.1.02.0001", "Belanja Barang dan Jasa", 4, 32_684_000,
                       5_670_000)])),
        Case("line_row_beside_its_accounts_is_not_their_sum", "anggaran", _line_row_not_the_sum,
             loaded=10, dropped=3, quarantine=[
                 (2, "Kode Rekening", "not their sum (realisasi 465,000, the accounts 365,000)"),
                 (3, "Kode Rekening", "line row without Kode Rekening (row 2)"),
                 (4, "Kode Rekening", "line row without Kode Rekening (row 2)")]),
        Case("simfoni_print_labels", "simfoni", _simfoni_print_labels, loaded=2,
             values=("select tanggal_lapor, kabupaten_kota_kode, jenis_kelamin_korban, "
                     "umur_korban, bentuk_kekerasan, tempat_kejadian, layanan, status_layanan "
                     "from raw.simfoni where ingest_id = {id} order by source_row",
                     [(dt.date(2023, 7, 14), "53.10", "L", 11, "Fisik", "Sekolah",
                       "Pengaduan;Kesehatan", "Dalam Proses"),
                      (dt.date(2023, 7, 15), "53.09", "P", 29, "Psikis", "Tempat Kerja",
                       "Pengaduan", "Terlayani")])),
        Case("region_code_beside_the_name", "kla", _satu_data_regions, loaded=3,
             quarantine=[(4, "nama_kabupaten_kota", "name different kabupaten/kota "
                                                    "(Ngada / Kupang)")],
             flagged=[(5, "nama_kabupaten_kota", "read from the region code beside it")],
             values=("select source_row, kabupaten_kota_kode from raw.kla where ingest_id = {id}"
                     " order by source_row", [(2, "53.71"), (3, "53.01"), (5, "53.09")])),
        Case("merged_header_and_formulas_xlsx", "uptd", _merged_header_xlsx, loaded=3),
        Case("excel_error_values", "uptd", _excel_errors_xlsx, loaded=1, quarantine=[
            (6, "Tanggal Pengaduan", "Excel error value"),
            (7, "Bentuk Kekerasan", "Excel error value"),
            (8, "Status", "Excel error value"),
        ]),
        # Dates and numbers: the column's way of writing them, decided from all its values.
        Case("month_first_dates", "simfoni", _simfoni_dates(MONTH_FIRST, ","), loaded=4,
             message="Tanggal Lapor: dates read month/day/year: proof row 3 '3/14/2023'",
             values=("select tanggal_lapor, tanggal_kejadian from raw.simfoni "
                     "where ingest_id = {id} order by source_row",
                     [(dt.date(2023, 1, 9), dt.date(2023, 1, 2)),
                      (dt.date(2023, 3, 14), dt.date(2023, 3, 1)),
                      (dt.date(2023, 4, 3), dt.date(2023, 4, 1)),
                      (dt.date(2023, 10, 5), dt.date(2023, 9, 30))])),
        Case("date_order_from_the_other_date_column", "simfoni",
             _simfoni_dates(ORDER_FROM_OTHER_COLUMN), loaded=2,
             message="Tanggal Lapor (like Tanggal Kejadian): dates read month/day/year",
             values=("select tanggal_lapor from raw.simfoni where ingest_id = {id} "
                     "order by source_row", [(dt.date(2023, 3, 4),), (dt.date(2023, 5, 6),)])),
        Case("conflicting_date_orders", "simfoni", _simfoni_dates(CONFLICTING), loaded=3,
             quarantine=[(4, "Tanggal Lapor", "Tanggal Lapor is written both ways: "
                                              "day/month/year (row 2 '13/3/2023') and "
                                              "month/day/year (row 3 '3/14/2023')")],
             values=("select tanggal_lapor from raw.simfoni where ingest_id = {id} "
                     "order by source_row", [(dt.date(2023, 3, 13),), (dt.date(2023, 3, 14),),
                                             (dt.date(2023, 5, 5),)])),
        Case("month_names_in_both_languages", "simfoni", _simfoni_dates(MONTH_NAMES), loaded=4,
             values=("select tanggal_lapor, tanggal_kejadian from raw.simfoni "
                     "where ingest_id = {id} order by source_row",
                     [(dt.date(2023, 10, 28), dt.date(2023, 10, 27)),
                      (dt.date(2023, 11, 3), dt.date(2023, 11, 1)),
                      (dt.date(2023, 11, 5), None),
                      (dt.date(2023, 11, 11), dt.date(2023, 8, 10))])),
        Case("decimal_point_numbers", "indikator", _indikator_csv(
            [indikator_row("IKG", "0.450", "0.423"), indikator_row("IDG", "74.00", "72.36"),
             indikator_row("IPG", "93.50", "92.814")]), loaded=3,
             message="Realisasi: numbers read with '.' as the decimal mark",
             values=("select kode_indikator, target, realisasi_dilaporkan from raw.indikator "
                     "where ingest_id = {id} order by source_row",
                     [("IKG", 0.45, 0.423), ("IDG", 74.0, 72.36), ("IPG", 93.5, 92.814)])),
        # A text column is published as loaded: a phone number, NIP, NIK or address typed
        # into an indicator's name, its program or its code never reaches a table.
        Case("personal_data_in_text_columns", "indikator", _indikator_csv(
            [indikator_row("IKG", "0,45", "0,42", Indikator="Indeks IKG (kontak Sdri. Agustina "
                           "Lomi 081377665544)"),
             indikator_row("IDG", "74", "72", Program="Program PUG, PPTK NIP 198001012005011002"),
             indikator_row("IKD-5371025911219999", "1", "1"),
             indikator_row("IPG", "93", "92", Satuan="Jl. Soeharto No. 5"),
             indikator_row("IPM", "70", "71")]), loaded=3,
             quarantine=[(2, "Indikator", "personal data is not stored in this column (value "
                          "not kept: it looks like a NIK, NIP or phone number)"),
                         (4, "Kode Indikator", "personal data is not stored in this column"),
                         (4, "Indikator", "personal data is not stored in this column")],
             flagged=[(3, "Program", "value not kept: it looks like a NIK, NIP or phone number"),
                      (5, "Satuan", "value not kept: it looks like an address")],
             values=("select kode_indikator, program, satuan from raw.indikator "
                     "where ingest_id = {id} order by source_row",
                     [("IDG", None, "Indeks"), ("IPG", "Program Pengarusutamaan Gender", None),
                      ("IPM", "Program Pengarusutamaan Gender", "Indeks")]),
             absent=["081377665544", "Agustina", "198001012005011002", "5371025911219999",
                     "Soeharto"]),
        # A NIK, NIP or phone number typed into a figure's column was stored as a figure
        # (1.968e17, 5.37e15, 81,234,567,890) and could be read back from it.
        Case("personal_numbers_in_number_columns", "indikator", _indikator_csv(
            [indikator_row("IKG", "0,45", "196804171992032005"),
             indikator_row("IDG", "5371144411032244", "72"),
             indikator_row("IPG", "93", "081234567890"),
             indikator_row("IPM", "70", "+62 812 3456 7890"),
             indikator_row("IKK", "0,4523809523", "71")]), loaded=5,
             flagged=[(2, "Realisasi", "looks like a NIK, NIP or phone number, not a figure"),
                      (3, "Target", "looks like a NIK, NIP or phone number, not a figure"),
                      (4, "Realisasi", "looks like a NIK, NIP or phone number, not a figure"),
                      (5, "Realisasi", "looks like a NIK, NIP or phone number, not a figure")],
             values=("select kode_indikator, target, realisasi_dilaporkan from raw.indikator "
                     "where ingest_id = {id} order by source_row",
                     [("IKG", 0.45, None), ("IDG", None, 72.0), ("IPG", 93.0, None),
                      ("IPM", 70.0, None), ("IKK", 0.4523809523, 71.0)]),
             absent=["196804171992032005", "5371144411032244", "081234567890",
                     "8123456789"]),
        Case("personal_numbers_in_number_cells", "indikator", _indikator_number_cells, loaded=2,
             flagged=[(2, "Realisasi", "looks like a NIK, NIP or phone number, not a figure"),
                      (3, "Target", "looks like a NIK, NIP or phone number, not a figure")],
             values=("select kode_indikator, target, realisasi_dilaporkan from raw.indikator "
                     "where ingest_id = {id} order by source_row",
                     [("IKG", 0.45, None), ("IDG", None, 72.0)])),
        Case("conflicting_decimal_marks", "kla", _kla_conflicting_marks, loaded=3,
             flagged=[(4, "Nilai Evaluasi Mandiri", "is written both ways")],
             values=("select source_row, nilai_evaluasi_mandiri from raw.kla "
                     "where ingest_id = {id} order by source_row",
                     [(2, 686.5), (3, 700.25), (4, None)])),
        # An optional field never costs a record.
        Case("comma_thousands_separator", "simfoni",
             _one_bad(2, **{"Umur Korban": "1,234"}), loaded=5,
             flagged=[(3, "Umur Korban", "'1,234' is 1.234 (',' as the decimal mark and '.' "
                       "between thousands) or 1,234 ('.' as the decimal mark and ',' between "
                       "thousands) and no value in the file settles which: not read")],
             values=("select umur_korban from raw.simfoni where ingest_id = {id} "
                     "and source_row = 3", [(None,)])),
        Case("dot_thousands_out_of_range", "simfoni",
             _one_bad(2, **{"Umur Korban": "1.234"}), loaded=5,
             flagged=[(3, "Umur Korban", "'1.234' is 1,234 (',' as the decimal mark and '.' "
                       "between thousands) or 1.234 ('.' as the decimal mark and ',' between "
                       "thousands) and no value in the file settles which: not read")]),
        Case("age_in_years_and_months", "simfoni", _simfoni_ages, loaded=4,
             flagged=[(2, "Umur Korban", "read as 9"), (3, "Umur Korban", "read as 16"),
                      (5, "Umur Korban", "not a number")],
             values=("select umur_korban from raw.simfoni where ingest_id = {id} "
                     "order by source_row", [(9,), (16,), (34,), (None,)])),
        Case("age_with_units", "simfoni", _simfoni_ages_with_units, loaded=10,
             flagged=[(2, "Umur Korban", "written with units: read as 7"),
                      (3, "Umur Korban", "written with units: read as 12"),
                      (4, "Umur Korban", "written with units: read as 3"),
                      (5, "Umur Korban", "written with units: read as 5"),
                      (6, "Umur Korban", "written with units: read as 0"),
                      (7, "Umur Korban", "written with units: read as 1"),
                      (9, "Umur Korban", "two numbers joined"),
                      (10, "Umur Korban", "two numbers joined"),
                      (11, "Umur Korban", "12 months or more beside years")],
             values=("select umur_korban from raw.simfoni where ingest_id = {id} "
                     "order by source_row",
                     [(7,), (12,), (3,), (5,), (0,), (1,), (15,), (None,), (None,), (None,)])),
        # An infant's age in words was "not a number" (`< 1 tahun`, `bayi`) while `2 bln` read
        # 0: the infant counted as of unknown age, not as a child.
        Case("age_under_one_year_in_words", "simfoni", _simfoni_infant_ages, loaded=8,
             flagged=[(2, "Umur Korban", "under one year: read as 0"),
                      (3, "Umur Korban", "under one year: read as 0"),
                      (4, "Umur Korban", "under one year: read as 0"),
                      (5, "Umur Korban", "written with units: read as 0"),
                      (6, "Umur Korban", "written with units: read as 0"),
                      (7, "Umur Korban", "written with units: read as 0"),
                      (8, "Umur Korban", "an age below a limit of more than one year"),
                      (9, "Umur Korban", "balita is an age under 5 years")],
             values=("select umur_korban from raw.simfoni where ingest_id = {id} "
                     "order by source_row",
                     [(0,), (0,), (0,), (0,), (0,), (0,), (None,), (None,)])),
        # Sex as registers abbreviate it, under `L/P`: the file was refused (no sex column),
        # and `Pr`/`Lk`, `F`/`M` quarantined every row.
        Case("sex_abbreviated_under_l_p", "simfoni", _simfoni_sex_abbreviated, loaded=9,
             values=("select jenis_kelamin_korban from raw.simfoni where ingest_id = {id} "
                     "order by source_row",
                     [("P",), ("L",), ("P",), ("L",), ("P",), ("L",), ("P",), ("L",), ("P",)])),
        Case("forms_of_violence_spelt_otherwise", "simfoni", _simfoni_forms_spelt_otherwise,
             loaded=4,
             values=("select bentuk_kekerasan from raw.simfoni where ingest_id = {id} "
                     "order by source_row",
                     [("Seksual",), ("Fisik",), ("Seksual;Psikis",), ("Trafficking",)])),
        # A UPTD register's forms, kinds and regions spelt otherwise lost their rows; a cell
        # naming two forms is never one of them, and an unknown form lists the register's.
        Case("uptd_vocabulary_spelt_otherwise", "uptd", _uptd_spelt_otherwise, loaded=5,
             quarantine=[(10, "Bentuk Kekerasan", "names 2 values (Psikis, Fisik) where the "
                                                  "column holds one per row"),
                         (11, "Bentuk Kekerasan", "names 2 values (Fisik, Psikis)"),
                         (12, "Bentuk Kekerasan", "not one of the allowed values: Fisik, Ingkar "
                                                  "Janji Menikah, Lainnya, Pelecehan Seksual, "
                                                  "Pembuangan Bayi, Pemerkosaan, Penelantaran, "
                                                  "Perampasan Hak Asuh, Persetubuhan, Psikis, "
                                                  "TPPO")],
             values=("select jenis_kekerasan, bentuk_kekerasan, kabupaten_kota_kode "
                     "from raw.uptd where ingest_id = {id} order by source_row",
                     [("KDRT", "Fisik", "53.02"), ("KtA", "Fisik", "53.03"),
                      ("KtP", "Psikis", "53.18"), ("KtA", "TPPO", "53.71"),
                      ("KtP", "Pemerkosaan", "53.71")])),
        Case("date_not_in_calendar", "simfoni", _one_bad(3, **{"Tanggal Lapor": "31/02/2023"}),
             loaded=4, quarantine=[(4, "Tanggal Lapor",
                                    "not a calendar date (February 2023 has 28 days)")]),
        Case("date_in_future", "simfoni",
             _one_bad(3, **{"Tanggal Kejadian": "01/01/2099"}), loaded=4,
             quarantine=[(4, "Tanggal Kejadian", "after Tanggal Lapor")]),
        Case("report_date_in_future", "simfoni",
             _one_bad(3, **{"Tanggal Lapor": f"01/01/{dt.date.today().year + 1}",
                            "Tanggal Kejadian": ""}),
             loaded=4, quarantine=[(4, "Tanggal Lapor", "")]),
        Case("date_before_1900", "simfoni", _one_bad(1, **{"Tanggal Kejadian": "12/05/1899"}),
             loaded=5, flagged=[(2, "Tanggal Kejadian", "before 1900")]),
        Case("age_negative", "simfoni", _one_bad(4, **{"Umur Korban": "-3"}), loaded=5,
             flagged=[(5, "Umur Korban", "out of range")]),
        Case("age_too_high", "simfoni", _one_bad(4, **{"Umur Korban": "140"}), loaded=5,
             flagged=[(5, "Umur Korban", "out of range")]),
        Case("ambiguous_region", "simfoni", _one_bad(2, **{"Kabupaten/Kota": "Kupang"}),
             loaded=4, quarantine=[(3, "Kabupaten/Kota", "ambiguous")]),
        Case("regency_outside_ntt", "simfoni",
             _one_bad(2, **{"Kabupaten/Kota": "Kabupaten Bandung"}), loaded=4,
             quarantine=[(3, "Kabupaten/Kota", "not a kabupaten/kota of NTT")]),
        Case("misspelt_region_suggests_the_name", "simfoni",
             _one_bad(2, **{"Kabupaten/Kota": "Timor Tengah Selatn"}), loaded=4,
             quarantine=[(3, "Kabupaten/Kota", "(is Kab. Timor Tengah Selatan meant?)")]),
        Case("unknown_vocabulary", "simfoni",
             _one_bad(5, **{"Tempat Kejadian": "Di mana-mana"}), loaded=4,
             quarantine=[(6, "Tempat Kejadian", "not one of the allowed values: Fasilitas "
                                                "Umum, Lainnya, Lembaga Pendidikan Kilat, "
                                                "Rumah Tangga, Sekolah, Tempat Kerja")]),
        Case("duplicate_id_in_file", "simfoni",
             _one_bad(4, **{"No. Registrasi": "REG-2023-00001"}), loaded=4,
             quarantine=[(5, "No. Registrasi", "duplicate id")]),
        Case("duplicate_id_across_files", "simfoni", _cross_file_duplicates, loaded=1,
             quarantine=[(2, "No. Registrasi", "already loaded from a file of another year")]),
        # The table ends where the data ends; subtotals are totals of the rows above them.
        Case("total_row_in_the_middle", "simfoni", _total_in_the_middle, loaded=4, dropped=1),
        Case("subtotal_that_disagrees_is_a_finding", "simfoni", _subtotal_disagrees,
             loaded=4, dropped=2, findings=["the subtotal on row 4 says 3"]),
        Case("signature_block_under_the_table", "indikator", _indikator_csv(
            [indikator_row("KHP-01", "60", "58,33"), indikator_row("KHP-02", "22", "22")],
            below=[[], *[[str(cell) for cell in row] for row in SIGNATURE]]), loaded=2,
             message="8 line(s) under the table (source, notes, signatures) not read",
             absent=["Yosefina", "19700101", "Mengetahui", "Sumber: Bidang"]),
        Case("lra_subtotals_and_surplus", "anggaran", _lra_workbook("10.000.000"), loaded=5,
             dropped=4, message="8 line(s) under the table",
             values=("select kelompok, sum(realisasi) from raw.anggaran where ingest_id = {id}"
                     " group by 1 order by 1", [("Belanja", 10_000_000.0),
                                               ("Pendapatan", 2_500_000.0)]),
             absent=["Yosefina"]),
        Case("lra_subtotal_that_disagrees", "anggaran", _lra_workbook("11.000.000"),
             loaded=5, dropped=4,
             findings=["the JUMLAH BELANJA row gives realisasi = 11.000.000 but the rows of "
                       "kelompok = Belanja sum to 10.000.000"]),
        # March's LRA alone: its Realisasi may be March's or January to March.
        Case("lra_of_a_later_month_alone", "anggaran", _lra_workbook("10.000.000", 3),
             status="rejected", message="row 5 is of March 2024, and January of 2024 is "
             "neither in the file nor loaded"),
        Case("trailing_blank_rows", "simfoni", _trailing_blank_rows, loaded=3),
        Case("truncated_mid_row", "simfoni", _truncated, loaded=3,
             quarantine=[(5, "", "cut short")]),
        # National formats, kept as data.
        Case("sipd_cross_urusan_codes", "anggaran", _sipd_cross_urusan, loaded=3, dropped=1,
             message="2 kode rekening written X.XX (SIPD's cross-urusan Program Penunjang) "
                     "read as this office's urusan 2.08",
             values=("select kode_rekening, urusan_kode, program_kode, sub_kegiatan_kode "
                     "from raw.anggaran where ingest_id = {id} order by source_row",
                     [("X.XX.01.1.02.0001", "2.08", "2.08.01", "2.08.01.1.02.0001"),
                      ("X.XX.01.1.06.01", "2.08", "2.08.01", "2.08.01.1.06.0001"),
                      ("2.08.03.1.01.0002", "2.08", "2.08.03", "2.08.03.1.01.0002")])),
        Case("pppk_numbers_and_golongan", "asn", _pppk_roster, loaded=3,
             values=("select golongan, nip_jenis, nip_tmt_cpns, jabatan, tanggal_lahir_sumber "
                     "from raw.asn where ingest_id = {id} order by source_row",
                     [("III/d", "NIP", dt.date(2000, 3, 1), "Pengelola Data", "file"),
                      ("IX", "NI PPPK", None, "Psikolog Klinis Ahli Pertama", "file"),
                      ("XVII", "NI PPPK", None, "Pranata Komputer Terampil", "file")])),
        # One registration number, one pseudonym, however a tool wrote it; a number with a
        # fraction is no id.
        Case("ids_written_as_floats", "simfoni", _ids_written_as_floats, loaded=2,
             quarantine=[(2, "No. Registrasi", "already loaded from a file of another year"),
                         (4, "No. Registrasi", "a number with a fraction, which no case "
                                               "number or NIP is")]),
        Case("text_ids_like_floats", "simfoni", _text_ids_like_floats, loaded=3,
             quarantine=[(5, "No. Registrasi", "three digits after a point may be a whole "
                                               "number written with three decimals")],
             values=("select count(distinct no_registrasi_hmac) from raw.simfoni "
                     "where ingest_id = {id}", [(3,)]), absent=["12.000", "12000"]),
        # One registration number, one pseudonym, however a laptop grouped its thousands.
        Case("ids_written_with_thousands_marks", "simfoni", _ids_with_thousands_marks,
             loaded=2, quarantine=[(2, "No. Registrasi", "already loaded from a file of "
                                                         "another year"),
                                   (3, "No. Registrasi", "already loaded from a file of "
                                                         "another year")],
             absent=["12.345", "12 346", "12345"]),
        Case("case_number_cells", "uptd", _case_number_cells, loaded=2,
             quarantine=[(6, "No. Kasus", "a number cell with a fraction")],
             values=("select count(distinct no_kasus_hmac) from raw.uptd where ingest_id = {id}",
                     [(2,)])),
        Case("two_digit_years_written_year_first", "simfoni", _year_first_dates, loaded=3,
             message="Tanggal Lapor: dates read with the year first (yy/mm/dd): that part is "
                     "23 on every date while the other varies (row 2 '23/10/28', row 3 "
                     "'23/03/05')",
             values=("select strftime(tanggal_lapor, '%Y-%m-%d') from raw.simfoni "
                     "where ingest_id = {id} order by source_row",
                     [("2023-10-28",), ("2023-03-05",), ("2023-11-02",)])),
        Case("two_digit_years_nothing_settles_where", "simfoni", _year_place_unsettled, loaded=1,
             message="Tanggal Lapor: 2 dates not read: their year may be their first or their "
                     "last part",
             quarantine=[(2, "Tanggal Lapor", "'23/10/28' is 23 October 1928 (year last) or "
                                              "28 October 2023 (yy/mm/dd) and no value in the "
                                              "file settles which: not read"),
                         (4, "Tanggal Lapor", "'12/05/23' is 12 May 2023 (year last) or "
                                              "23 May 2012 (yy/mm/dd)")]),
        # A one-year register keeps its year the same on every row, the day varies: dd/mm/yy
        # of 2023 loads (every dd/mm/yy of 2001–2031 read two ways was refused whole), and a
        # day typed 61 is a typo, not proof of yy/mm/dd (it read 20/05/23 as 23 May 2020).
        Case("two_digit_years_day_first_register", "uptd",
             _day_first_register("15/03/23", "02/04/23", "20/05/23", "11/06/23",
                                 name="uptd_register.csv"), loaded=4,
             message="Tanggal Pengaduan: dates read with the year last: that part is 23 on "
                     "every date while the other varies (row 2 '15/03/23', row 3 '02/04/23')",
             values=("select strftime(tanggal_pengaduan, '%Y-%m-%d') from raw.uptd "
                     "where ingest_id = {id} order by source_row",
                     [("2023-03-15",), ("2023-04-02",), ("2023-05-20",), ("2023-06-11",)])),
        Case("two_digit_years_day_typo_above_31", "uptd",
             _day_first_register("15/03/23", "02/04/23", "20/05/23", "61/06/23"), loaded=3,
             quarantine=[(5, "Tanggal Pengaduan", "not a calendar date (day 61)")],
             values=("select strftime(tanggal_pengaduan, '%Y-%m-%d') from raw.uptd "
                     "where ingest_id = {id} order by source_row",
                     [("2023-03-15",), ("2023-04-02",), ("2023-05-20",)])),
        # The same typo in a yy/mm/dd register: day 61, not 23 April 2061 against the
        # column's order (it was quarantined as outside the file's year).
        Case("two_digit_years_year_first_day_typo", "uptd",
             _day_first_register("23/01/05", "23/02/11", "23/04/61", "23/05/02"), loaded=3,
             quarantine=[(4, "Tanggal Pengaduan", "not a calendar date (day 61)")],
             values=("select strftime(tanggal_pengaduan, '%Y-%m-%d') from raw.uptd "
                     "where ingest_id = {id} order by source_row",
                     [("2023-01-05",), ("2023-02-11",), ("2023-05-02",)])),
        Case("two_digit_years_same_day_two_years", "uptd", _same_day_two_years, loaded=1,
             quarantine=[(2, "Tanggal Pengaduan", "'23/10/22' is 23 October 2022 (year last) "
                                                  "or 22 October 2023 (yy/mm/dd)")]),
        Case("birth_dates_year_first", "asn", _birth_dates_year_first, loaded=2,
             values=("select strftime(tanggal_lahir, '%Y-%m-%d') from raw.asn "
                     "where ingest_id = {id} order by source_row",
                     [("1971-08-18",), ("1985-05-12",)])),
        # Which of the two cells is wrong cannot be told: the row loads, with a finding.
        Case("golongan_of_the_other_status", "asn", _golongan_of_the_other_status, loaded=6,
             findings=["row 2: Golongan III/c is a PNS golongan (I/a to IV/e), but Status "
                       "Kepegawaian is PPPK, whose golongan are I to XVII",
                       "row 3: Golongan Gol. IX is a PPPK golongan (I to XVII, without a "
                       "ruang), but Status Kepegawaian is PNS, whose golongan are I/a to IV/e"]),
        Case("units_of_official_documents", "indikator", _units_of_official_documents,
             loaded=5, flagged=[(6, "Satuan", "personal data is not stored in this column")],
             values=("select kode_indikator, satuan from raw.indikator where ingest_id = {id} "
                     "order by source_row",
                     [("IKU PPPA", "Peraturan Gubernur"), ("IKU OPD", "Surat Keputusan"),
                      ("PK Gubernur", "Kader Posyandu"), ("IKD-4", "Opini WTP"),
                      ("IKD-5", None)]),
             absent=["Yohanes Bria"]),
        Case("name_typed_as_a_unit", "indikator", _name_as_unit, loaded=3,
             flagged=[(2, "Satuan", "personal data is not stored in this column")],
             values=("select satuan from raw.indikator where ingest_id = {id} "
                     "order by source_row", [(None,), ("Per Seribu Penduduk",), ("%",)]),
             absent=["Maria Goreti Seran", "Goreti"]),
        # A row quarantined after typing shows its cell as the file writes it, in the
        # quarantine and on screen (the screen showed 28/10/2022).
        Case("row_of_another_year_as_written", "simfoni", _row_of_another_year_as_written,
             loaded=3, quarantine=[(row, "Tanggal Lapor", "outside the year this file covers")
                                   for row in (5, 6, 7)],
             values=("select value from raw.simfoni_quarantine where ingest_id = {id} "
                     "order by source_row",
                     [("28 Oktober 2022",), ("15/11/2022",), ("28 Oktober 2022",)]),
             shown=["28 Oktober 2022", "15/11/2022", "28 Oktober 2022"]),
        Case("pangkat_and_golongan_in_one_cell", "asn", _pangkat_golongan, loaded=2,
             quarantine=[(4, "Pangkat/Golongan", "its parts name different values: III/c, "
                                                 "IV/a")],
             values=("select golongan from raw.asn where ingest_id = {id} order by source_row",
                     [("III/b",), ("IV/c",)])),
        # Spreadsheets as they are, not as they claim.
        Case("xlsx_dimension_tag_too_short", "uptd", _with_dimension("A1:K8"), loaded=20,
             dropped=1),
        Case("xlsx_dimension_tag_a1_as_wps_writes", "uptd", _with_dimension("A1"), loaded=20,
             dropped=1),
        Case("hidden_first_sheet", "uptd", _hidden_first_sheet, loaded=3,
             message="sheet 'Rekap 2023'"),
        Case("workbook_sheet_per_unit", "uptd", _sheet_per_unit, loaded=6,
             message="2 sheets read: 'UPTD Kupang' (3 rows read, 3 loaded), 'UPTD Atambua' "
                     "(4 rows read, 3 loaded); 6 rows loaded; 1 quarantined; sheet 'Catatan' "
                     "holds no header of this source (not read)",
             quarantine=[(4, "Tanggal Pengaduan", "")],
             values=("select count(*) from raw.uptd_quarantine where ingest_id = {id} and "
                     "sheet = 'UPTD Atambua'", [(1,)])),
        Case("formulas_without_saved_values", "uptd", _formulas_without_values, "rejected",
             "sheet 'Sheet': formulas without a saved value in column(s) Status (rows 2–4): "
             "open the file in Excel or LibreOffice and save it again"),
        Case("old_excel_xls", "uptd", _fixture("libreoffice-uptd-register.xls",
                                                "register_2023.xls"), loaded=5, dropped=1,
             values=("select month(tanggal_pengaduan), kabupaten_kota_kode from raw.uptd "
                     "where ingest_id = {id} order by source_row",
                     [(1, "53.71"), (2, "53.71"), (3, "53.02"), (4, "53.71"), (5, "53.71")])),
        Case("libreoffice_ods", "uptd", _fixture("libreoffice-uptd-register.ods",
                                                  "register_2023.ods"), loaded=5, dropped=1,
             values=("select month(tanggal_pengaduan), kategori_korban from raw.uptd "
                     "where ingest_id = {id} and source_row = 6", [(2, "Anak Perempuan")])),
        # Nothing personal leaves the reader.
        Case("personal_values_in_wrong_cells", "simfoni", _personal_values_in_wrong_cells,
             loaded=2, quarantine=[
                 (2, "Kabupaten/Kota", "value not kept: it looks like a person's name"),
                 (4, "Tempat Kejadian", "value not kept: it looks like a NIK, NIP or phone"),
                 (5, "Status Layanan", "value not kept: it looks like a person's name"),
                 (6, "Tempat Kejadian", "value not kept: it looks like an address"),
                 (7, "Status Layanan", "value not kept: it looks like a person's name"),
                 (8, "Status Layanan", "value not kept: it looks like a person's name"),
                 (9, "Status Layanan", "not one of the allowed values")],
             flagged=[(3, "Umur Korban", "value not kept: it looks like a NIK, NIP or phone"),
                      (10, "Status Layanan", "read as Dicabut; the words after it may name a "
                                             "person and are not kept")],
             values=("select source_row, value from raw.simfoni_quarantine where ingest_id = {id} "
                     "and column_name = 'Status Layanan' order by source_row",
                     [(5, "***"), (7, "***"), (8, "***"), (9, "Dirujuk ke RSUD Kupang"),
                      (10, "***")]),
             absent=["Yohanes", "081234567890", "5371014409990001", "Goreti", "Penandaku",
                     "Yakobus", "Liubana", "DOMINGGUS"]),
        Case("names_that_are_ordinary_words", "simfoni", _names_that_are_words, loaded=1,
             quarantine=[(row, "Status Layanan", "value not kept: it looks like a person's name")
                         for row in range(2, 10)]
             + [(10, "Kabupaten/Kota", "value not kept: it looks like a person's name")],
             values=("select count(*) from raw.ingest_ledger where ingest_id = {id} "
                     "and message like '%5 private column(s) dropped unread%'", [(1,)]),
             absent=["Murni", "MURNI", "Maria Bulan", "Putri Indah", "Intan Sari", "Ibu Kasih",
                     "Bunga Mandiri", "Dana Baru", "Agustina"]),
        Case("account_naming_a_person", "anggaran", _account_naming_a_person, loaded=2,
             quarantine=[(3, "Kode Rekening Belanja", "value not kept: it looks like a person's "
                                                      "name"),
                         (5, "Kode Rekening Belanja", "does not fit this jenis")],
             values=("select sub_kegiatan, pagu_murni, "
                     "(select count(*) from raw.ingest_ledger where ingest_id = {id} "
                     "and message like '%leading zeros%') from raw.anggaran "
                     "where ingest_id = {id} order by source_row",
                     [("Penyediaan Layanan Pengelolaan Kasus", 245000000.0, 0),
                      ("Pembangunan Jalan Setapak Rumah Aman Dusun Oebelo", 80000000.0, 0)]),
             absent=["Dominikus", "Taek", "narasumber"]),
        Case("free_text_stored_as_its_vocabulary", "simfoni", _free_text_relations, loaded=8,
             flagged=[(2, "Hubungan Pelaku", "read as Orang Tua; the words after it may name "
                                             "a person and are not kept"),
                      (3, "Hubungan Pelaku", "read as Tetangga; the words after it may name "
                                             "a person and are not kept"),
                      (4, "Hubungan Pelaku", "stored as Lainnya"),
                      (6, "Hubungan Pelaku", "a form of address followed by a name may be a "
                                             "title or the relation: not read as Orang Tua; "
                                             "stored as Lainnya"),
                      (7, "Hubungan Pelaku", "not read as Keluarga/Saudara; stored as Lainnya"),
                      (8, "Hubungan Pelaku", "not read as Keluarga/Saudara; stored as Lainnya")],
             values=("select hubungan_pelaku, pendidikan_korban from raw.simfoni "
                     "where ingest_id = {id} order by source_row",
                     [("Orang Tua", "SMP"), ("Tetangga", "SMP"), ("Lainnya", "SMP"),
                      ("Suami/Istri", "SMA"), ("Lainnya", "SMP"), ("Lainnya", "SMP"),
                      ("Lainnya", "SMP"), ("Orang Tua", "SMP")]),
             absent=["Yohanes", "081234567890", "Bria", "Nahak", "dukun", "kelas 2", "Intan",
                     "om sri", "Maria"]),
        Case("a_cell_of_two_megabytes", "anggaran", _two_megabyte_cell, loaded=1,
             quarantine=[(3, "Sub Kegiatan", "value not kept: 2000011 characters")],
             absent=["x" * 300]),
        Case("file_name_holding_a_name", "uptd", _file_name_with_a_name, loaded=1, dropped=1,
             quarantine=[(3, "Status", "not one of the allowed values")],
             findings=["the JUMLAH/TOTAL row says 7 but the file holds 2 rows"],
             absent=["Maria Goreti"]),
        # A year never shrinks without a word.
        Case("year_shrinks_by_half", "uptd", _shrinking_year, "held",
             "this extract of 2023 holds 6 rows where the year's data (uptd 2023 #1) holds 12 "
             "(−50.0%); no rows for month(s) 4, 5, 6, which the year's data holds; no row of "
             "6 cases the data now holds (uptd 2023 #1), which would leave it (month 4: 2, "
             "month 5: 2, month 6: 2): held",
             findings=["held, not applied"]),
        Case("year_loses_a_month", "simfoni", _month_lost, "held",
             "no rows for month(s) 4, which the year's data holds",
             findings=['accept it with `satudata accept "simfoni 2023 #2"`']),
        Case("small_correction_is_applied", "uptd", _small_correction, loaded=40,
             message="replaces uptd 2023 #1 for 2023"),
        Case("case_withdrawn_is_held", "uptd", _case_withdrawn, "held",
             "no row of 1 case the data now holds (uptd 2023 #1), which would leave it "
             "(month 4: 1): held",
             findings=['accept it with `satudata accept "uptd 2023 #2"`']),
    ]


def _simfoni_ages(folder: Path) -> list[Path]:
    """Ages written years.months (9.11: 9 years 11 months) and one that is no age."""
    rows = [simfoni_row(1, **{"Umur Korban": "9.11"}), simfoni_row(2, **{"Umur Korban": "16.4"}),
            simfoni_row(3, **{"Umur Korban": "34"}), simfoni_row(4, **{"Umur Korban": "dewasa"})]
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _simfoni_ages_with_units(folder: Path) -> list[Path]:
    """Ages written with units, as case registers type them, read as whole years completed;
    a bare age beside them; and ages that read more than one way (a fraction, a range, 14
    months beside years)."""
    ages = ["7 th", "12 Tahun", "3 thn 4 bln", "5 tahun 3 bulan", "8 bln", "1 th 2 bl", "15",
            "3/4", "7-8 th", "2 thn 14 bln"]
    rows = [simfoni_row(number, **{"Umur Korban": age}) for number, age in enumerate(ages, 1)]
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _simfoni_infant_ages(folder: Path) -> list[Path]:
    """Infants' ages as registers write them, and ages below a limit above one year (a range,
    never one age)."""
    ages = ["< 1 tahun", "<1 th", "bayi", "0 th", "11 bulan", "2 bln", "< 5 tahun", "balita"]
    rows = [simfoni_row(number, **{"Umur Korban": age}) for number, age in enumerate(ages, 1)]
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _simfoni_sex_abbreviated(folder: Path) -> list[Path]:
    """The sex column headed `L/P`, its values abbreviated as registers write them."""
    header = ["L/P" if name == "Jenis Kelamin Korban" else name for name in SIMFONI_HEADER]
    sexes = ["Pr", "Lk", "Pr.", "Lk.", "F", "M", "Wanita", "Pria", "W"]
    rows = [simfoni_row(number, **{"Jenis Kelamin Korban": sex})
            for number, sex in enumerate(sexes, 1)]
    return [write_csv(folder / "simfoni_2023.csv", rows, header=header)]


def _simfoni_forms_spelt_otherwise(folder: Path) -> list[Path]:
    forms = ["Pencabulan", "Penganiayaan", "KEKERASAN SEKSUAL dan Kekerasan Psikis",
             "Perdagangan Orang"]
    rows = [simfoni_row(number, **{"Bentuk Kekerasan": form})
            for number, form in enumerate(forms, 1)]
    return [write_csv(folder / "simfoni_2023.csv", rows)]


def _uptd_spelt_otherwise(folder: Path) -> list[Path]:
    """Forms of violence, kinds and regions as UPTD registers spell them (file rows 5–12)."""
    cells = [("K.D.R.T", "Kekerasan Fisik", "T.T.S"), ("KtA", "Penganiayaan", "Kab. T.T.U"),
             ("KtP", "Kekerasan Psikis", "S.B.D."), ("KtA", "Perdagangan Orang", "Kota Kupang"),
             ("KtP", "PERKOSAAN", "Kota Kupang"), ("KtP", "Psikis/Fisik", "Kota Kupang"),
             ("KtP", "Fisik dan Psikis", "Kota Kupang"), ("KtA", "Pencabulan", "Kota Kupang")]
    rows = [uptd_row(number, **{"Jenis Kekerasan": jenis, "Bentuk Kekerasan": bentuk,
                                "Kabupaten/Kota": region})
            for number, (jenis, bentuk, region) in enumerate(cells, 1)]
    return [write_uptd_xlsx(folder / "uptd_2023.xlsx", rows)]


def _subtotal_disagrees(folder: Path) -> list[Path]:
    rows = _rows(4)
    rows.insert(2, ["", "JUMLAH", "", "", "", "", "", "", "", "", "3"] + [""] * 7)
    rows.append(["", "JUMLAH", "", "", "", "", "", "", "", "", "4"] + [""] * 7)
    return [write_csv(folder / "simfoni_2023.csv", rows)]


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
