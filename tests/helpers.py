"""Tiny real-looking landing files for tests, and what a test may watch of them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from ingest.landing_hash import RACY_NS

SIMFONI_HEADER = [
    "No", "No. Registrasi", "Tanggal Lapor", "Tanggal Kejadian", "Nama Korban", "NIK Korban",
    "Alamat Korban", "No HP Korban", "Kabupaten/Kota", "Jenis Kelamin Korban", "Umur Korban",
    "Pendidikan Korban", "Disabilitas", "Bentuk Kekerasan", "Tempat Kejadian",
    "Hubungan Pelaku", "Layanan", "Status Layanan",
]


def simfoni_row(number: int, **changes: str) -> list[str]:
    row = {
        "No": str(number), "No. Registrasi": f"REG-2023-{number:05d}",
        "Tanggal Lapor": "15/03/2023", "Tanggal Kejadian": "10/03/2023",
        "Nama Korban": "Maria Testa Ndun", "NIK Korban": "5371014409990001",
        "Alamat Korban": "Jl. Kenari RT 01/RW 02, Kel. Oebobo", "No HP Korban": "081234567890",
        "Kabupaten/Kota": "Kota Kupang", "Jenis Kelamin Korban": "P", "Umur Korban": "14",
        "Pendidikan Korban": "SMP", "Disabilitas": "Tidak", "Bentuk Kekerasan": "Fisik; Psikis",
        "Tempat Kejadian": "Rumah Tangga", "Hubungan Pelaku": "Orang Tua",
        "Layanan": "Pengaduan, Kesehatan", "Status Layanan": "Terlayani",
    }
    row.update(changes)
    return [row[name] for name in SIMFONI_HEADER]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ";",
              encoding: str = "utf-8-sig", header: list[str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([header or SIMFONI_HEADER, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


UPTD_HEADER = ["No", "No. Kasus", "Tanggal Pengaduan", "Nama Korban", "NIK Korban",
               "Kategori Korban", "Jenis Kekerasan", "Bentuk Kekerasan", "Kabupaten/Kota",
               "Layanan", "Status"]


def write_uptd_xlsx(path: Path, rows: list[list[object]], total: int | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["REGISTER PENGADUAN KASUS UPTD PPA PROVINSI NTT"])
    sheet.append(["TAHUN 2023"])
    sheet.append([])
    sheet.append(UPTD_HEADER)
    for row in rows:
        sheet.append(row)
    if total is not None:
        sheet.append([None, "JUMLAH", None, None, None, total])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def uptd_row(number: int, month: int = 1, **changes: object) -> list[object]:
    row = {
        "No": number, "No. Kasus": f"UPTD/2023/{number:03d}",
        "Tanggal Pengaduan": dt.datetime(2023, month, 10), "Nama Korban": "Yohana Testa Bria",
        "NIK Korban": "5301015505900002", "Kategori Korban": "Perempuan Dewasa",
        "Jenis Kekerasan": "KtP", "Bentuk Kekerasan": "Psikis", "Kabupaten/Kota": "Kota Kupang",
        "Layanan": "Pengaduan", "Status": "Terlayani",
    }
    row.update(changes)
    return [row[name] for name in UPTD_HEADER]


ANGGARAN_HEADER = ["Tahun", "Bulan", "Kode Rekening", "Program", "Kegiatan", "Sub Kegiatan",
                   "Bidang", "Sumber Dana", "Kelompok", "Jenis", "Pagu Murni",
                   "Pagu Perubahan", "Realisasi", "Sisa"]


def anggaran_row(bulan: int, realisasi: str, sisa: str = "", **changes: str) -> list[str]:
    """One month of the 'Penyediaan Jasa Surat Menyurat' line, as the finance system writes it."""
    row = {
        "Tahun": "2023", "Bulan": str(bulan), "Kode Rekening": "2.08.01.1.08.0001",
        "Program": "Program Penunjang Urusan Pemerintahan Daerah Provinsi",
        "Kegiatan": "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
        "Sub Kegiatan": "Penyediaan Jasa Surat Menyurat", "Bidang": "Sekretariat",
        "Sumber Dana": "PAD", "Kelompok": "Belanja", "Jenis": "Belanja Barang dan Jasa",
        "Pagu Murni": "2.280.000", "Pagu Perubahan": "", "Realisasi": realisasi, "Sisa": sisa,
    }
    row.update(changes)
    return [row[name] for name in ANGGARAN_HEADER]


def write_anggaran_csv(path: Path, rows: list[list[str]], jumlah: str | None = None) -> Path:
    """A finance-system export: `;`, Windows-1252, optional JUMLAH row under Realisasi."""
    if jumlah is not None:
        total = [""] * len(ANGGARAN_HEADER)
        total[0] = "JUMLAH"
        total[ANGGARAN_HEADER.index("Realisasi")] = jumlah
        rows = [*rows, total]
    return write_csv(path, rows, encoding="cp1252", header=ANGGARAN_HEADER)


ASN_HEADER = ["No", "Tanggal Data", "NIP", "Nama", "Jenis Kelamin", "Tanggal Lahir",
              "Pendidikan", "Golongan", "Jabatan", "Jenis Jabatan", "Unit Kerja",
              "Status Kepegawaian"]


def staff_row(number: int, nip: str = "197108182000032007", sex: str = "P",
              born: str = "18/08/1971", **changes: str) -> list[str]:
    """One employee of a roster snapshot of 31/12/2023."""
    row = {"No": str(number), "Tanggal Data": "31/12/2023", "NIP": nip,
           "Nama": f"Yuliana Testa {number}", "Jenis Kelamin": sex, "Tanggal Lahir": born,
           "Pendidikan": "S1", "Golongan": "III/d", "Jabatan": "Pengelola Data",
           "Jenis Jabatan": "Pelaksana", "Unit Kerja": "Sekretariat",
           "Status Kepegawaian": "PNS"}
    row.update(changes)
    return [row[name] for name in ASN_HEADER]


INDIKATOR_HEADER = ["Tahun", "Program", "Kode Indikator", "Indikator", "Satuan", "Target",
                    "Realisasi"]


def indikator_row(code: str, target: str, realised: str, **changes: str) -> list[str]:
    row = {"Tahun": "2023", "Program": "Program Pengarusutamaan Gender",
           "Kode Indikator": code, "Indikator": f"Indeks {code}", "Satuan": "Indeks",
           "Target": target, "Realisasi": realised}
    row.update(changes)
    return [row[name] for name in INDIKATOR_HEADER]


def write_rows_xlsx(path: Path, header: list[str], rows: list[list[object]],
                    above: list[list[object]] | None = None,
                    below: list[list[object]] | None = None, title: str = "Sheet1") -> Path:
    """A workbook of one sheet: rows above the header (titles), the table, rows below."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in above or []:
        sheet.append(row)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for row in below or []:
        sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


# --- SIPD realisation exported per belanja account ----------------------------------------

SIPD_ACCOUNT_HEADER = ["Tahun", "Bulan", "Kode Sub Kegiatan", "Kode Rekening", "Nama Program",
                       "Nama Kegiatan", "Nama Sub Kegiatan", "Nama Unit Kerja", "Sumber Dana",
                       "Kelompok", "Jenis Belanja", "Pagu DPA", "Pagu P-DPA",
                       "Realisasi Bulan Ini", "Sisa Anggaran"]
# The same columns without the account: a line-level export of the same lines.
SIPD_LINE_HEADER = [name for name in SIPD_ACCOUNT_HEADER if name != "Kode Rekening"]

# Sub kegiatan -> (program, kegiatan, sub kegiatan, unit kerja), as SIPD writes them.
SIPD_SUB_KEGIATAN = {
    "2.08.03.1.01.0002": ("PROGRAM PERLINDUNGAN PEREMPUAN",
                          "Penyediaan Layanan Rujukan Lanjutan bagi Perempuan Korban Kekerasan",
                          "Penyediaan Layanan Pengelolaan Kasus", "Bidang PP"),
    "2.08.01.1.08.0001": ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI",
                          "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
                          "Penyediaan Jasa Surat Menyurat", "Sekretariat"),
    "2.08.07.1.02.0001": ("PROGRAM PERLINDUNGAN KHUSUS ANAK",
                          "Pencegahan Kekerasan terhadap Anak",
                          "Penyediaan Layanan bagi Anak yang Memerlukan Perlindungan Khusus",
                          "Bidang Perlindungan Khusus Anak"),
    "2.08.03.1.02.0001": ("PROGRAM PERLINDUNGAN PEREMPUAN",
                          "Pencegahan Kekerasan terhadap Perempuan",
                          "Sosialisasi Pencegahan Kekerasan terhadap Perempuan", "Bidang PP"),
}


@dataclass(frozen=True)
class Akun:
    """One belanja account of a line in the year: its ceilings and its months' realisation
    (a negative month is a correction)."""

    sub_kegiatan: str
    kode: str
    nama: str
    sumber_dana: str
    jenis: str
    pagu_murni: int
    pagu_perubahan: int | None
    realisasi: tuple[int, ...]  # month 1, 2, ...

    @property
    def pagu(self) -> int:
        return self.pagu_murni if self.pagu_perubahan is None else self.pagu_perubahan

    @property
    def line(self) -> tuple[str, str, str]:
        return (self.sub_kegiatan, self.sumber_dana, self.jenis)


BJ, MODAL = "Belanja Barang dan Jasa", "Belanja Modal"
ATK = "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor"
# Three sub kegiatan, four lines (the first sub kegiatan has a Belanja Modal line too), 2 to
# 4 accounts a line, two months; a refund of Bahan Cetak in month 2, a P-DPA revision of one
# account's ceiling.
SIPD_ACCOUNTS = (
    Akun("2.08.03.1.01.0002", "5.1.02.01.01.0024", ATK, "DAK NF", BJ, 12_000_000, None,
         (2_500_000, 3_000_000)),
    Akun("2.08.03.1.01.0002", "5.1.02.01.01.0026",
         "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak", "DAK NF", BJ, 8_500_000, None,
         (1_200_000, -200_000)),
    Akun("2.08.03.1.01.0002", "5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa", "DAK NF",
         BJ, 45_000_000, None, (0, 15_750_000)),
    Akun("2.08.03.1.01.0002", "5.2.02.05.01.0005", "Belanja Modal Personal Computer", "DAK NF",
         MODAL, 18_000_000, None, (0, 17_850_000)),
    Akun("2.08.03.1.01.0002", "5.2.02.05.02.0001", "Belanja Modal Mebel", "DAK NF", MODAL,
         6_000_000, None, (5_400_000, 0)),
    Akun("2.08.01.1.08.0001", "5.1.02.01.01.0029",
         "Belanja Alat/Bahan untuk Kegiatan Kantor-Kertas dan Cover", "PAD", BJ, 1_500_000,
         None, (300_000, 450_000)),
    Akun("2.08.01.1.08.0001", "5.1.02.02.01.0063",
         "Belanja Kawat/Faksimili/Internet/TV Berlangganan", "PAD", BJ, 780_000, None,
         (65_000, 65_000)),
    Akun("2.08.07.1.02.0001", "5.1.02.01.01.0024", ATK, "DAK NF", BJ, 3_000_000, 3_500_000,
         (500_000, 750_000)),
    Akun("2.08.07.1.02.0001", "5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat",
         "DAK NF", BJ, 6_600_000, None, (1_650_000, 2_200_000)),
    Akun("2.08.07.1.02.0001", "5.1.02.02.01.0003",
         "Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, dan Panitia",
         "DAK NF", BJ, 9_000_000, None, (0, 4_500_000)),
    Akun("2.08.07.1.02.0001", "5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa", "DAK NF",
         BJ, 14_084_000, None, (3_520_000, 0)),
)


def rupiah(value: int | None) -> str:
    """An amount as SIPD writes it: `12.500.000,00`, a negative in parentheses."""
    if value is None:
        return ""
    shown = f"{abs(value):,}".replace(",", ".") + ",00"
    return f"({shown})" if value < 0 else shown


def sipd_account_rows(accounts=SIPD_ACCOUNTS, tahun: int = 2023) -> list[dict[str, str]]:
    """Every account's months, in SIPD's order (month, sub kegiatan, account), each with the
    sisa SIPD states: the account's ceiling in force minus its realisation so far."""
    rows = []
    months = max(len(akun.realisasi) for akun in accounts)
    for bulan in range(1, months + 1):
        for akun in accounts:
            program, kegiatan, sub_kegiatan, unit = SIPD_SUB_KEGIATAN[akun.sub_kegiatan]
            so_far = sum(akun.realisasi[:bulan])
            rows.append({
                "Tahun": str(tahun), "Bulan": str(bulan), "Kode Sub Kegiatan": akun.sub_kegiatan,
                "Kode Rekening": f"{akun.kode} {akun.nama}", "Nama Program": program,
                "Nama Kegiatan": kegiatan, "Nama Sub Kegiatan": sub_kegiatan,
                "Nama Unit Kerja": unit, "Sumber Dana": akun.sumber_dana, "Kelompok": "Belanja",
                "Jenis Belanja": akun.jenis, "Pagu DPA": rupiah(akun.pagu_murni),
                "Pagu P-DPA": rupiah(akun.pagu_perubahan),
                "Realisasi Bulan Ini": rupiah(akun.realisasi[bulan - 1]),
                "Sisa Anggaran": rupiah(akun.pagu - so_far),
            })
    return rows


def sipd_line_rows(accounts=SIPD_ACCOUNTS, tahun: int = 2023) -> list[dict[str, str]]:
    """The same accounts summed per line and month, as a line-level export writes them."""
    lines: dict[tuple, list[Akun]] = {}
    for akun in accounts:
        lines.setdefault(akun.line, []).append(akun)
    rows = []
    months = max(len(akun.realisasi) for akun in accounts)
    for bulan in range(1, months + 1):
        for (kode, sumber, jenis), members in lines.items():
            program, kegiatan, sub_kegiatan, unit = SIPD_SUB_KEGIATAN[kode]
            revised = any(akun.pagu_perubahan is not None for akun in members)
            rows.append({
                "Tahun": str(tahun), "Bulan": str(bulan), "Kode Sub Kegiatan": kode,
                "Nama Program": program, "Nama Kegiatan": kegiatan,
                "Nama Sub Kegiatan": sub_kegiatan, "Nama Unit Kerja": unit,
                "Sumber Dana": sumber, "Kelompok": "Belanja", "Jenis Belanja": jenis,
                "Pagu DPA": rupiah(sum(akun.pagu_murni for akun in members)),
                "Pagu P-DPA": rupiah(sum(akun.pagu for akun in members) if revised else None),
                "Realisasi Bulan Ini": rupiah(sum(akun.realisasi[bulan - 1]
                                                  for akun in members)),
                "Sisa Anggaran": rupiah(sum(akun.pagu - sum(akun.realisasi[:bulan])
                                            for akun in members)),
            })
    return rows


def write_ods(path: Path, rows: list[list[object]],
              spans: dict[tuple[int, int], tuple[int, int]] | None = None,
              sheet: str = "Sheet1", padded: bool = True) -> Path:
    """An OpenDocument spreadsheet of one sheet, as LibreOffice saves it: `spans` maps a
    cell (row, column, 0-based) to the (rows, columns) it is merged over, the cells it
    covers written as covered cells (their values ignored); `padded`: each row ends in
    empty cells repeated to column 1024 and the sheet in an empty row repeated to row
    1048576. Numbers are number cells, the rest strings, None an empty cell."""
    from xml.sax.saxutils import escape

    spans = spans or {}
    covered = {(row + down, column + across) for (row, column), (rows_, columns) in
               spans.items() for down in range(rows_) for across in range(columns)
               if down or across}

    def cell(row: int, column: int, value: object) -> str:
        if (row, column) in covered:
            return "<table:covered-table-cell/>"
        rows_, columns = spans.get((row, column), (1, 1))
        span = (f' table:number-rows-spanned="{rows_}" table:number-columns-spanned='
                f'"{columns}"' if (row, column) in spans else "")
        if value is None:
            return f"<table:table-cell{span}/>"
        if isinstance(value, int | float):
            return (f'<table:table-cell{span} office:value-type="float" office:value='
                    f'"{value}"><text:p>{value}</text:p></table:table-cell>')
        return (f'<table:table-cell{span} office:value-type="string"><text:p>'
                f"{escape(str(value))}</text:p></table:table-cell>")

    def pad(used: int) -> str:
        return (f'<table:table-cell table:number-columns-repeated="{1024 - used}"/>'
                if padded else "")

    body = "".join(
        "<table:table-row>" + "".join(cell(at, column, value) for column, value
                                      in enumerate(cells)) + pad(len(cells)) + "</table:table-row>"
        for at, cells in enumerate(rows))
    if padded:
        body += (f'<table:table-row table:number-rows-repeated="{1048576 - len(rows)}">'
                 '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_table(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """The same table as a `;` CSV (UTF-8) or a one-sheet workbook, by `path`'s suffix; an
    empty text cell is an empty cell of the workbook."""
    if path.suffix == ".csv":
        return write_csv(path, rows, header=header)
    return write_rows_xlsx(path, header, [[cell or None for cell in row] for row in rows])


def write_sipd_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None,
                   jumlah: int | None = None) -> Path:
    """A SIPD export (`;`, Windows-1252) of `rows` (dicts by header), with a JUMLAH row of
    the realisation when `jumlah` is given."""
    header = header or SIPD_ACCOUNT_HEADER
    lines = [[row.get(name, "") for name in header] for row in rows]
    if jumlah is not None:
        total = dict.fromkeys(header, "")
        total["Tahun"], total["Realisasi Bulan Ini"] = "JUMLAH", rupiah(jumlah)
        lines.append([total[name] for name in header])
    return write_csv(path, lines, encoding="cp1252", header=header)


# --- SIPD realisation written as a tree in one code column ---------------------------------

# As SIPD's realisation report (LRA / DPA print sheet) writes it: program, kegiatan, sub
# kegiatan and belanja account rows (with their parent accounts) in `Kode Rekening`, the name in
# `Uraian`; sumber dana and unit stated on the sub kegiatan row; no jenis or kelompok column.
SIPD_TREE_HEADER = ["Tahun", "Bulan", "Kode Rekening", "Uraian", "Nama Unit Kerja",
                    "Sumber Dana", "Pagu DPA", "Pagu P-DPA", "Realisasi Bulan Ini",
                    "Sisa Anggaran"]
# The parent accounts SIPD writes above a belanja account (the LRA's levels).
SIPD_PARENT_ACCOUNTS = {
    "5": "BELANJA DAERAH", "5.1": "BELANJA OPERASI", "5.1.02": "Belanja Barang dan Jasa",
    "5.1.02.01": "Belanja Barang", "5.1.02.01.01": "Belanja Barang Pakai Habis",
    "5.1.02.02": "Belanja Jasa", "5.1.02.02.01": "Belanja Jasa Kantor",
    "5.1.02.04": "Belanja Pemeliharaan / Perjalanan Dinas",
    "5.1.02.04.01": "Belanja Perjalanan Dinas Dalam Negeri", "5.2": "BELANJA MODAL",
    "5.2.02": "Belanja Modal Peralatan dan Mesin",
    "5.2.02.05": "Belanja Modal Alat Kantor dan Rumah Tangga",
    "5.2.02.05.01": "Belanja Modal Alat Kantor", "5.2.02.05.02": "Belanja Modal Alat Rumah Tangga",
}
SIPD_SUB_KEGIATAN["2.08.03.1.01.0001"] = (
    "PROGRAM PERLINDUNGAN PEREMPUAN",
    "Penyediaan Layanan Rujukan Lanjutan bagi Perempuan Korban Kekerasan",
    "Penjangkauan Korban Kekerasan terhadap Perempuan", "Bidang PP")
# Two programs, one with two sub kegiatan of one kegiatan, three sub kegiatan in all, one
# sumber dana each; 2 to 5 accounts a sub kegiatan (Belanja Barang dan Jasa and Modal).
SIPD_TREE_ACCOUNTS = (
    *(akun for akun in SIPD_ACCOUNTS if akun.sub_kegiatan != "2.08.01.1.08.0001"),
    Akun("2.08.03.1.01.0001", "5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat", "DAU",
         BJ, 4_200_000, None, (1_050_000, 700_000)),
    Akun("2.08.03.1.01.0001", "5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa", "DAU", BJ,
         11_500_000, 12_500_000, (0, 6_250_000)),
)


# The PENDAPATAN section an LRA writes above its BELANJA: two revenue accounts (Retribusi
# Daerah, 4.1.02) with the parents SIPD writes above them, no sumber dana and no unit.
RETRIBUSI = "Retribusi Daerah"
SIPD_REVENUE = (
    Akun("", "4.1.02.01.01.0001", "Retribusi Pelayanan Kesehatan di Puskesmas", "", RETRIBUSI,
         20_000_000, None, (2_000_000, 1_500_000)),
    Akun("", "4.1.02.01.02.0001", "Retribusi Lain-lain", "", RETRIBUSI, 10_000_000, None,
         (500_000, 750_000)),
)
SIPD_REVENUE_PARENTS = {
    "4": "PENDAPATAN DAERAH", "4.1": "PENDAPATAN ASLI DAERAH (PAD)", "4.1.01": "Pajak Daerah",
    "4.1.01.01": "Pajak Kendaraan Bermotor", "4.1.01.01.01": "PKB",
    "4.1.02": "Retribusi Daerah", "4.1.02.01": "Retribusi Jasa Umum",
    "4.1.02.01.01": "Retribusi Pelayanan Kesehatan", "4.1.02.01.02": "Retribusi Lain",
}


def _tree_row(tahun: int, bulan: int, kode: str, uraian: str, members: list[Akun],
              **cells: str) -> dict[str, str]:
    """One row of the tree: the sums of `members` (every account beneath it) in `bulan`."""
    revised = any(akun.pagu_perubahan is not None for akun in members)
    return {"Tahun": str(tahun), "Bulan": str(bulan), "Kode Rekening": kode, "Uraian": uraian,
            "Pagu DPA": rupiah(sum(akun.pagu_murni for akun in members)),
            "Pagu P-DPA": rupiah(sum(akun.pagu for akun in members) if revised else None),
            "Realisasi Bulan Ini": rupiah(sum(akun.realisasi[bulan - 1] for akun in members)),
            "Sisa Anggaran": rupiah(sum(akun.pagu - sum(akun.realisasi[:bulan])
                                        for akun in members)), **cells}


def _accounts_below_parents(tahun: int, bulan: int, accounts: list[Akun], names: dict[str, str],
                            parents: bool) -> list[dict[str, str]]:
    """`accounts` in code order, each below the parent accounts not written yet (`parents`),
    every parent the sum of the accounts beneath it."""
    rows, written = [], set()
    for akun in sorted(accounts, key=lambda akun: akun.kode):
        parts = akun.kode.split(".")
        for depth in range(1, len(parts) if parents else 0):
            parent = ".".join(parts[:depth])
            if parent not in written:
                written.add(parent)
                rows.append(_tree_row(tahun, bulan, parent, names[parent], [
                    other for other in accounts if other.kode.startswith(f"{parent}.")]))
        rows.append(_tree_row(tahun, bulan, akun.kode, akun.nama, [akun]))
    return rows


def sipd_tree_rows(accounts=SIPD_TREE_ACCOUNTS, tahun: int = 2023,
                   parents: bool = True, revenue=()) -> list[dict[str, str]]:
    """`accounts` as a tree per month: program, kegiatan, sub kegiatan (with its sumber dana
    and unit), then its accounts in code order, each below its parent accounts (`parents`)
    as subtotal rows; every subtotal row the sum of the accounts beneath it. `revenue`: the
    revenue accounts written above each month's belanja, below their parents (`4`, `4.1`,
    …), with no sumber dana, as an LRA's PENDAPATAN section."""
    rows = []
    months = max(len(akun.realisasi) for akun in accounts)
    subs = sorted({akun.sub_kegiatan for akun in accounts})
    for bulan in range(1, months + 1):
        rows += _accounts_below_parents(tahun, bulan, list(revenue), SIPD_REVENUE_PARENTS,
                                        parents)
        seen: set[str] = set()
        for sub in subs:
            program, kegiatan, nama_sub, unit = SIPD_SUB_KEGIATAN[sub]
            program_kode, kegiatan_kode = sub.rsplit(".", 3)[0], sub.rsplit(".", 1)[0]
            for kode, uraian in ((program_kode, program), (kegiatan_kode, kegiatan)):
                if kode not in seen:
                    seen.add(kode)
                    rows.append(_tree_row(tahun, bulan, kode, uraian, [
                        akun for akun in accounts if akun.sub_kegiatan.startswith(f"{kode}.")]))
            mine = sorted((akun for akun in accounts if akun.sub_kegiatan == sub),
                          key=lambda akun: akun.kode)
            rows.append(_tree_row(tahun, bulan, sub, nama_sub, mine, **{
                "Nama Unit Kerja": unit, "Sumber Dana": mine[0].sumber_dana}))
            rows += _accounts_below_parents(tahun, bulan, mine, SIPD_PARENT_ACCOUNTS, parents)
    return rows


def sipd_section_rows(bulan: int, kodes=("5", "5.1", "5.2"), accounts=SIPD_TREE_ACCOUNTS,
                      tahun: int = 2023) -> list[dict[str, str]]:
    """The rows an LRA writes at the head of its BELANJA, above the programs (`5 BELANJA
    DAERAH`, `5.1 BELANJA OPERASI`, `5.2 BELANJA MODAL`): each the sum of the accounts of
    the month its code begins."""
    return [_tree_row(tahun, bulan, kode, SIPD_PARENT_ACCOUNTS[kode], [
        akun for akun in accounts if akun.kode.startswith(f"{kode}.")]) for kode in kodes]


def sipd_revenue_line_rows(revenue=SIPD_REVENUE, tahun: int = 2023) -> list[dict[str, str]]:
    """The revenue accounts' months as a per-account export writes them
    (`SIPD_ACCOUNT_HEADER`): the line's objek (`4.1.02.01`) in the line's code column and
    name, the account's code and uraian in `Kode Rekening`, its group (`4.1.02`) as the
    kegiatan, its fund, kelompok and jenis stated."""
    months = max(len(akun.realisasi) for akun in revenue)
    rows = []
    for bulan in range(1, months + 1):
        for akun in revenue:
            line = ".".join(akun.kode.split(".")[:4])
            rows.append({
                "Tahun": str(tahun), "Bulan": str(bulan), "Kode Sub Kegiatan": line,
                "Kode Rekening": f"{akun.kode} {akun.nama}",
                "Nama Kegiatan": SIPD_REVENUE_PARENTS[line.rsplit(".", 1)[0]],
                "Nama Sub Kegiatan": SIPD_REVENUE_PARENTS[line], "Sumber Dana": "PAD",
                "Kelompok": "Pendapatan", "Jenis Belanja": akun.jenis,
                "Pagu DPA": rupiah(akun.pagu_murni),
                "Realisasi Bulan Ini": rupiah(akun.realisasi[bulan - 1]),
                "Sisa Anggaran": rupiah(akun.pagu - sum(akun.realisasi[:bulan]))})
    return rows


# The lists `opened_under` fills; Python's audit hook, once added, stays for the process.
_WATCHES: list[tuple[Path, list[Path]]] = []
_HOOKED: list[bool] = []


def _note_open(event: str, args: tuple) -> None:
    if event != "open" or not _WATCHES or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = Path(os.path.abspath(os.fsdecode(args[0])))
    for folder, opened in _WATCHES:
        if path.is_relative_to(folder):
            opened.append(path)


@contextmanager
def opened_under(folder: Path) -> Iterator[list[Path]]:
    """The files under `folder` this process opens inside the block, in order: every open
    by Python (`open`, `os.open`: its audit event), which is how a landing file is hashed."""
    if not _HOOKED:
        sys.addaudithook(_note_open)
        _HOOKED.append(True)
    opened: list[Path] = []
    _WATCHES.append((Path(os.path.abspath(folder)), opened))
    try:
        yield opened
    finally:
        _WATCHES.pop()


def settled_copy(source: Path, target: Path, mtime: float = 1.7e9) -> Path:
    """`source` copied to `target` with an old modification time (a file dropped a while
    ago, as `cp -p` keeps it), returned once its status-change time is older than the racy
    window (`landing_hash.RACY_NS`, about a second): its stat can vouch for its content as
    soon as it is hashed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    return settled(target, mtime)


def settled(path: Path, mtime: float = 1.7e9) -> Path:
    """`path` given an old modification time, returned once its status-change time is older
    than the racy window (`landing_hash.RACY_NS`, about a second), so its stat vouches for
    its content as soon as it is hashed."""
    os.utime(path, (mtime, mtime))
    while time.time_ns() - path.stat().st_ctime_ns <= RACY_NS:
        time.sleep(0.05)
    return path


def rewrite_in_place(path: Path, old: bytes, new: bytes) -> Path:
    """Replace the first `old` with `new` (the same length) in the file itself (same inode),
    then put its modification time back (`touch -d`): only its ctime says it changed."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old in data
    with open(path, "r+b") as handle:
        handle.write(data.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size, before.st_mtime_ns, before.st_ino)
    return path


def write_sample_roster(path: Path, cells: dict[tuple[int, str], str],
                        people: range) -> tuple[list, list]:
    """The shipped sample roster (data/sample/landing/asn) with `cells` changed (spreadsheet
    row and header as the roster writes it, e.g. `(5, "Jabatan")`, to its new value), saved
    at `path`. Returns the Nama and the NIP of the spreadsheet rows `people`: what a test
    asserts never leaves the reader."""
    from openpyxl import load_workbook

    from tests.conftest import SAMPLE_LANDING

    book = load_workbook(SAMPLE_LANDING / "asn" / "daftar_pegawai_dp3a_2023-12.xlsx")
    sheet = book.active
    header = [cell.value for cell in sheet[4]]
    names, nips = ([sheet.cell(row, header.index(column) + 1).value for row in people]
                   for column in ("Nama", "NIP"))
    for (row, column), value in cells.items():
        sheet.cell(row, header.index(column) + 1).value = value
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return names, nips
