"""Tiny real-looking landing files for tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import Workbook

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
