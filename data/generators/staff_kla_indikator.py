"""Deterministic sample landing files for the ``asn``, ``kla`` and ``indikator`` sources.

The figures reproduce the 2023 annual report of DP3A Provinsi NTT
(``shared/seed/000_ffeb514552cc10b0.txt``), including its contradictions, so that the
pipeline has something real to reconcile:

* ``asn/daftar_pegawai_dp3a_2023-12.xlsx`` -- staff roster at 31 December 2023: 46 PNS whose
  counts reproduce report tables 1-3 exactly (unit x sex, education x sex, golongan x sex; the
  unlabeled row of table 1 is the UPTD PPA), positions following table 4 as far as tables 1-3
  allow (table 4's totals, 9 L / 37 P, contradict the 14 L / 32 P of tables 1-3; the roster
  follows tables 1-3, so only table 4's "Fungsional Umum" row and its total differ), plus
  12 contract staff at UPTD PPA and 12 at the TPA. Two NIPs are planted contradictions (one
  sex digit, one birth date). Birth dates make exactly three PNS reach retirement age in 2024
  (the head of Bidang PHA in March, the PHA programme officer with SLTA education in October,
  one officer of the Sekretariat), and Bidang PHA empties by the end of 2026.
* ``kla/evaluasi_kla_2022_2023.csv`` -- KLA evaluation per kabupaten/kota, 2023 and 2022.
  Kota Kupang 686,00 is typed "Pratama" as in the report although 686 lies in the Madya band.
* ``indikator/indikator_kinerja_2023_tabel9.csv`` and
  ``indikator/capaian_kinerja_khp_2023_tabel12.xlsx`` -- Renstra indicators as typed in
  tables 9 and 12; overlapping indicators share a code and keep each table's own figures
  (e.g. ABH 81,25 % although 102/125 = 81,6 %).

Everything is seeded and clock-free: reruns produce byte-identical files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

SEED = 20231231
SNAPSHOT = dt.date(2023, 12, 31)
FIXED_TIMESTAMP = dt.datetime(2024, 1, 15, 8, 0, 0)
ZIP_DATE_TIME = (2024, 1, 15, 8, 0, 0)

ASN_FILE = Path("asn") / "daftar_pegawai_dp3a_2023-12.xlsx"
KLA_FILE = Path("kla") / "evaluasi_kla_2022_2023.csv"
IND9_FILE = Path("indikator") / "indikator_kinerja_2023_tabel9.csv"
IND12_FILE = Path("indikator") / "capaian_kinerja_khp_2023_tabel12.xlsx"

# --------------------------------------------------------------------------------------
# Report figures (Bab I, tables 1-4)
# --------------------------------------------------------------------------------------

# fmt: off
UNITS = ["Sekretariat", "Bidang PHA", "Bidang KHP", "Bidang PP", "Bidang PKA", "UPTD PPA"]
TABLE1_UNIT_SEX = {  # the unlabeled row "JUMLAH 4 5 9" is the UPTD PPA
    "Sekretariat": (4, 14),
    "Bidang PHA": (1, 3),
    "Bidang KHP": (1, 5),
    "Bidang PP": (3, 2),
    "Bidang PKA": (1, 3),
    "UPTD PPA": (4, 5),
}
TABLE2_EDU_SEX = {"S2": (1, 9), "S1": (7, 18), "D3": (0, 1), "SLTA": (6, 4)}
TABLE3_GOL_SEX = {
    "IV/c": (0, 1),
    "IV/b": (0, 2),
    "IV/a": (1, 5),
    "III/d": (7, 13),
    "III/c": (1, 1),
    "III/b": (2, 5),
    "III/a": (0, 5),
    "II/d": (3, 0),
}
# Table 4 as printed (L, P). Its totals (9, 37) contradict tables 1-3 (14, 32).
TABLE4_JABATAN_SEX = {
    "Kepala Dinas": (0, 1),
    "Sekretaris": (0, 1),
    "Kepala Bidang": (2, 2),
    "Kepala UPTD PPA": (0, 1),
    "Kepala Sub Bagian Umum dan Kepegawaian": (0, 1),
    "Kepala Sub Bagian Tata Usaha UPTD PPA": (0, 1),
    "Kepala Seksi Pencegahan UPTD PPA": (1, 0),
    "Kepala Seksi Tindak Lanjut UPTD PPA": (0, 1),
    "Fungsional Perencana": (0, 1),
    "Analis Keuangan Pusat & Daerah": (0, 1),
    "Analis Kebijakan": (1, 4),
    "Fungsional Umum": (5, 23),
}
# What the roster gives for table 4 instead (only "Fungsional Umum" differs).
ROSTER_TABLE4_JABATAN_SEX = {**TABLE4_JABATAN_SEX, "Fungsional Umum": (10, 18)}

# Retirement age (BUP, PP 11/2017 as simplified for this project): structural heads and
# Analis Kebijakan Ahli Madya retire at 60, everyone else at 58.
BUP_60_PREFIXES = (
    "Kepala Dinas",
    "Sekretaris",
    "Kepala Bidang",
    "Kepala UPTD PPA",
    "Analis Kebijakan Ahli Madya",
)
EXPECTED_RETIREMENTS = {  # (year, unit) -> count of PNS reaching BUP in that year
    (2024, "Bidang PHA"): 2,
    (2024, "Sekretariat"): 1,
    (2025, "Bidang PHA"): 1,
    (2025, "Bidang KHP"): 1,
    (2025, "Bidang PP"): 1,
    (2026, "Bidang PHA"): 1,
    (2026, "Bidang PKA"): 1,
    (2026, "Sekretariat"): 1,
}

# --------------------------------------------------------------------------------------
# Roster design: one tuple per PNS
# (unit, sex, pendidikan, golongan, jabatan, jenis_jabatan, birth (y, m, d|None), cpns (y, m))
# A day of None is drawn from the seeded RNG.
# --------------------------------------------------------------------------------------

STR, FUN, PEL = "Struktural", "Fungsional", "Pelaksana"
KADIS_NIP = "197108182000032007"  # the report's signatory (Kepala Dinas), as printed

PNS = [
    # Sekretariat: 4 L / 14 P
    ("Sekretariat", "P", "S2", "IV/c", "Kepala Dinas", STR, (1971, 8, 18), (2000, 3)),
    ("Sekretariat", "P", "S2", "IV/b", "Sekretaris", STR, (1969, 5, None), (1995, 3)),
    ("Sekretariat", "P", "S1", "III/d", "Kepala Sub Bagian Umum dan Kepegawaian", STR,
     (1976, 2, None), (2002, 1)),
    ("Sekretariat", "P", "S2", "III/d", "Perencana Ahli Muda", FUN, (1980, 10, None), (2006, 1)),
    ("Sekretariat", "P", "S1", "III/c", "Analis Keuangan Pusat dan Daerah Ahli Muda", FUN,
     (1984, 6, None), (2009, 1)),
    ("Sekretariat", "P", "S1", "IV/a", "Bendahara Pengeluaran", PEL, (1970, 4, None), (1994, 3)),
    ("Sekretariat", "P", "SLTA", "III/b", "Pengadministrasi Umum", PEL, (1968, 8, None),
     (1990, 3)),
    ("Sekretariat", "P", "D3", "III/b", "Bendahara Penerimaan", PEL, (1979, 9, None), (2005, 1)),
    ("Sekretariat", "P", "S1", "III/d", "Pengelola Data Kepegawaian", PEL, (1972, 1, None),
     (1999, 1)),
    ("Sekretariat", "P", "S1", "III/d", "Penyusun Laporan Keuangan", PEL, (1974, 7, 11),
     (2000, 12)),
    ("Sekretariat", "P", "S1", "III/b", "Pengelola Barang Milik Daerah", PEL, (1988, 3, None),
     (2014, 12)),
    ("Sekretariat", "P", "SLTA", "III/a", "Pengadministrasi Keuangan", PEL, (1985, 11, None),
     (2008, 1)),
    ("Sekretariat", "P", "S1", "III/a", "Pengelola Program dan Kegiatan", PEL, (1993, 5, None),
     (2020, 3)),
    ("Sekretariat", "P", "S1", "III/a", "Pengadministrasi Persuratan", PEL, (1994, 9, None),
     (2020, 3)),
    ("Sekretariat", "L", "SLTA", "II/d", "Pengemudi", PEL, (1980, 5, None), (2009, 1)),
    ("Sekretariat", "L", "SLTA", "III/c", "Pengelola Sarana dan Prasarana Kantor", PEL,
     (1966, 5, None), (1988, 3)),
    ("Sekretariat", "L", "S1", "III/d", "Pengelola Data", PEL, (1973, 3, None), (1999, 3)),
    ("Sekretariat", "L", "SLTA", "II/d", "Pengadministrasi Umum", PEL, (1982, 12, None),
     (2010, 1)),
    # Bidang PHA: 1 L / 3 P
    ("Bidang PHA", "P", "S2", "IV/b", "Kepala Bidang Pemenuhan Hak Anak", STR, (1964, 3, None),
     (1987, 3)),
    ("Bidang PHA", "P", "S2", "III/d", "Analis Kebijakan Ahli Muda", FUN, (1967, 2, None),
     (1992, 3)),
    ("Bidang PHA", "P", "S1", "III/d", "Penyusun Program Anggaran dan Pelaporan", PEL,
     (1968, 4, None), (1993, 3)),
    ("Bidang PHA", "L", "SLTA", "III/b", "Pengelola Program dan Kegiatan", PEL, (1966, 10, None),
     (1989, 3)),
    # Bidang KHP: 1 L / 5 P
    ("Bidang KHP", "P", "S2", "IV/a", "Kepala Bidang Kualitas Hidup Perempuan", STR,
     (1970, 6, None), (1996, 3)),
    ("Bidang KHP", "P", "S2", "IV/a", "Analis Kebijakan Ahli Madya", FUN, (1969, 12, None),
     (1995, 3)),
    ("Bidang KHP", "P", "S1", "III/d", "Analis Kebijakan Ahli Muda", FUN, (1975, 5, None),
     (2001, 3)),
    ("Bidang KHP", "P", "S1", "III/d", "Pengelola Program dan Kegiatan", PEL, (1967, 11, None),
     (1994, 1)),
    ("Bidang KHP", "P", "S1", "III/b", "Pengadministrasi Umum", PEL, (1989, 7, None), (2015, 1)),
    ("Bidang KHP", "L", "S1", "III/d", "Penyusun Bahan Kebijakan", PEL, (1971, 9, None),
     (1998, 3)),
    # Bidang PP: 3 L / 2 P
    ("Bidang PP", "L", "S2", "IV/a", "Kepala Bidang Perlindungan Perempuan", STR,
     (1965, 7, None), (1991, 3)),
    ("Bidang PP", "L", "S1", "III/d", "Analis Kebijakan Ahli Muda", FUN, (1977, 4, None),
     (2003, 1)),
    ("Bidang PP", "L", "SLTA", "III/b", "Pengadministrasi Umum", PEL, (1978, 8, None), (2004, 1)),
    ("Bidang PP", "P", "SLTA", "III/b", "Pengelola Data Kasus", PEL, (1972, 2, None), (1997, 3)),
    ("Bidang PP", "P", "S1", "III/a", "Pengelola Program dan Kegiatan", PEL, (1992, 10, None),
     (2020, 3)),
    # Bidang PKA: 1 L / 3 P
    ("Bidang PKA", "L", "S1", "III/d", "Kepala Bidang Perlindungan Khusus Anak", STR,
     (1970, 11, None), (1997, 3)),
    ("Bidang PKA", "P", "S2", "IV/a", "Analis Kebijakan Ahli Madya", FUN, (1966, 9, None),
     (1990, 3)),
    ("Bidang PKA", "P", "S1", "III/d", "Pengelola Program dan Kegiatan", PEL, (1976, 6, None),
     (2005, 1)),
    ("Bidang PKA", "P", "SLTA", "III/a", "Pengadministrasi Umum", PEL, (1987, 1, None),
     (2010, 3)),
    # UPTD PPA: 4 L / 5 P (the unlabeled row of table 1)
    ("UPTD PPA", "P", "S2", "IV/a", "Kepala UPTD PPA", STR, (1972, 12, None), (1998, 3)),
    ("UPTD PPA", "P", "S1", "III/d", "Kepala Sub Bagian Tata Usaha UPTD PPA", STR,
     (1978, 3, None), (2005, 1)),
    ("UPTD PPA", "L", "S1", "III/d", "Kepala Seksi Pencegahan UPTD PPA", STR, (1979, 6, None),
     (2006, 1)),
    ("UPTD PPA", "P", "S1", "III/d", "Kepala Seksi Tindak Lanjut UPTD PPA", STR,
     (1981, 1, None), (2008, 1)),
    ("UPTD PPA", "L", "S1", "III/d", "Pengelola Layanan Pengaduan", PEL, (1974, 10, None),
     (2001, 1)),
    ("UPTD PPA", "L", "S1", "III/d", "Pengelola Layanan Rujukan", PEL, (1969, 4, None),
     (1996, 3)),
    ("UPTD PPA", "L", "SLTA", "II/d", "Pengemudi", PEL, (1984, 8, None), (2011, 1)),
    ("UPTD PPA", "P", "S1", "III/d", "Pengelola Data Kasus", PEL, (1973, 5, None), (2000, 1)),
    ("UPTD PPA", "P", "S1", "III/d", "Pengelola Rumah Aman", PEL, (1977, 9, None), (2003, 3)),
]

# Rows (1-based "No") with planted NIP contradictions and empty Tanggal Lahir.
NIP_SEX_CONTRADICTION_NO = 43  # UPTD PPA, Pengelola Layanan Rujukan, L; NIP sex digit 2
NIP_BIRTH_CONTRADICTION_NO = 10  # Penyusun Laporan Keuangan: NIP 19740711, typed 07/11/1974
EMPTY_BIRTH_NO = {9, 13, 27, 31, 37, 45}

CONTRACT_UPTD = [
    ("Konselor", "P", "S1"),
    ("Konselor", "P", "S1"),
    ("Psikolog Klinis", "P", "S2"),
    ("Pendamping Hukum", "L", "S1"),
    ("Pendamping Hukum", "P", "S1"),
    ("Manajer Kasus", "P", "S1"),
    ("Manajer Kasus", "L", "S1"),
    ("Pengelola Rumah Aman", "P", "D3"),
    ("Operator Data", "L", "D3"),
    ("Pengemudi", "L", "SLTA"),
    ("Petugas Keamanan", "L", "SLTA"),
    ("Cleaning Service", "P", "SLTA"),
]
CONTRACT_TPA = [
    ("Pendidik", "P", "S1"),
    ("Pendidik", "P", "S1"),
    ("Pendidik", "P", "S1"),
    ("Pendidik", "P", "D3"),
    ("Pendidik", "L", "S1"),
    ("Pengasuh", "P", "SLTA"),
    ("Pengasuh", "P", "SLTA"),
    ("Pengasuh", "P", "D3"),
    ("Pengasuh", "P", "SLTA"),
    ("Juru Masak", "P", "SLTA"),
    ("Cleaning Service", "L", "SLTA"),
    ("Cleaning Service", "P", "SLTA"),
]

FIRST_P = [
    "Maria", "Yuliana", "Agustina", "Fransiska", "Margaretha", "Theresia", "Yohana", "Elisabeth",
    "Ester", "Debora", "Novita", "Imelda", "Dorkas", "Ance", "Selvi", "Meliana", "Ruth",
    "Apriani", "Veronika", "Kristina", "Yasinta", "Sisilia", "Getrudis", "Florentina", "Rosalia",
    "Natalia", "Oktaviani", "Sarlota", "Mery", "Naomi",
]
FIRST_L = [
    "Yohanes", "Fransiskus", "Petrus", "Stefanus", "Marthen", "Yeremias", "Dominikus", "Aloysius",
    "Benediktus", "Simon", "Daniel", "Yakobus", "Melkianus", "Agustinus", "Roberto", "Yosef",
    "Vinsensius", "Herman", "Oktovianus", "Gregorius",
]
FAMILY = [
    "Bere", "Nahak", "Fanggidae", "Ndolu", "Tefa", "Riwu", "Kana", "Pello", "Manafe", "Dethan",
    "Mbura", "Djami", "Lado", "Wake", "Tukan", "Kelen", "Seran", "Taek", "Nubatonis", "Sinlae",
    "Benu", "Tanono", "Lona", "Leo", "Koten", "Mau", "Nggadas", "Bria", "Ratu", "Lenggu",
    "Radja", "Umbu", "Dapa", "Kolo", "Nope", "Amalo",
]
GELAR = {
    "S2": ["M.Si", "M.Pd", "M.Kes", "M.M", "M.Hum"],
    "S1": ["S.Sos", "S.E", "S.H", "S.Pd", "S.Kom", "S.IP"],
    "D3": ["A.Md"],
    "SLTA": [""],
}

# --------------------------------------------------------------------------------------
# KLA (report Bab III, KLA section; desa layak anak 213 of 250 = 85,2 %)
# --------------------------------------------------------------------------------------

# Ordered by Kemendagri code (53.01 ... 53.21, 53.71); spellings as the office types them.
KLA_DISTRICTS = [
    "Kab. Kupang", "Timor Tengah Selatan", "TTU", "Belu", "Alor", "Flores Timur", "Sikka",
    "Ende", "Ngada", "Manggarai", "Sumba Timur", "Sumba Barat", "Lembata", "Rote Ndao",
    "Manggarai Barat", "Nagekeo", "Sumba Tengah", "Sumba Barat Daya", "Manggarai Timur",
    "Sabu Raijua", "Malaka", "Kota Kupang",
]
DLA_TARGET = [16, 22, 14, 10, 12, 12, 14, 15, 10, 14, 14, 6, 9, 9, 12, 9, 6, 11, 13, 6, 10, 6]
DLA_2023 = [14, 17, 12, 9, 10, 11, 13, 13, 10, 12, 11, 4, 8, 8, 11, 8, 4, 9, 10, 4, 9, 6]
DLA_2022 = [10, 12, 10, 7, 8, 9, 11, 9, 9, 10, 10, 3, 6, 6, 9, 7, 3, 7, 8, 3, 7, 6]
KLA_SCORES = {  # (year, district) -> (nilai evaluasi mandiri, peringkat as typed)
    (2023, "Kota Kupang"): (686.00, "Pratama"),  # report: Pratama, though 686 is Madya
    (2023, "Ngada"): (530.00, "Pratama"),
    (2022, "Kota Kupang"): (640.50, "Madya"),
    (2022, "Ngada"): (495.00, "Belum"),
}
KLA_BANDS = [(901, "KLA"), (801, "Utama"), (701, "Nindya"), (601, "Madya"), (500, "Pratama")]

# --------------------------------------------------------------------------------------
# Indicators (report tables 9 and 12)
# --------------------------------------------------------------------------------------

P_PUG = "Program Pengarusutamaan Gender dan Pemberdayaan Perempuan"
P_KK = "Program Peningkatan Kualitas Keluarga"
P_PP = "Program Perlindungan Perempuan"
P_SDGA = "Program Pengelolaan Sistem Data Gender dan Anak"
P_PHA = "Program Pemenuhan Hak Anak"
P_PKA = "Program Perlindungan Khusus Anak"

# (program, kode, indikator, satuan, target, realisasi dilaporkan, pembilang, penyebut)
TABLE9 = [
    (P_PUG, "IKD-PUG-01",
     "Cakupan Perangkat Daerah yang melaksanakan Pengarusutamaan Gender (PUG)",
     "%", 100, 100, 35, 35),
    (P_PUG, "IKD-PUG-02", "Cakupan Kab/kota yang melaksanakan Pengarusutamaan Gender (PUG)",
     "%", 100, 100, 11, 11),
    (P_KK, "IKD-KK-01",
     "Peningkatan cakupan keluarga yang melaksanakan pola asuh setara gender (target 750 KK)",
     "%", 75, 49.07, 368, 750),
    (P_KK, "IKD-KK-02",
     "Peningkatan lembaga yang memfasilitasi terwujudnya ketahanan keluarga (Target:10 Lembaga)",
     "%", 100, 130, 13, 10),
    (P_KK, "IKD-KK-03",
     "Cakupan pendamping Champion Gender dalam Pola Asuh Pemenuhan Hak Anak untuk pencegahan "
     "stunting (Target : 500 Keluarga)",
     "%", 100, 123.4, 617, 500),
    (P_PP, "IKD-PP-01", "Cakupan penanganan kasus kekerasan terhadap perempuan",
     "%", 100, 97.23, 596, 613),
    # the report files the children's indicator under Program Perlindungan Perempuan
    (P_PP, "IKD-PP-02", "Cakupan penanganan kasus kekerasan terhadap anak",
     "%", 100, 95.15, 609, 640),
    (P_SDGA, "IKD-SDGA-01", "Cakupan ketersediaan dan pemanfaatan data gender dan anak",
     "%", 50, 40, None, None),
    (P_PHA, "IKD-PHA-01",
     "Cakupan desa layak anak. Jumlah desa yang telah mencapai tahapan desa layak anak "
     "(target: 250 Desa)",
     "%", 100, 85.2, 213, 250),
    (P_PKA, "IKD-PKA-01",
     "Cakupan perlindungan terhadap anak berhadapan dengan hukum yang mendapatkan layanan "
     "komprehensif/sesuai standar (Target : 125 ABH)",
     "%", 60, 81.25, 102, 125),  # as reported; 102/125 = 81,6 %
]
TABLE12 = [
    (P_KK, "IKD-KK-01",
     "Peningkatan Cakupan keluarga yang melaksanakan pola asuh setara gender",
     "Keluarga", 250, 24),
    (P_KK, "IKD-KK-02", "Peningkatan Lembaga yang memfasilitasi terwujudnya ketahanan keluarga",
     "Lembaga", 2, 1),
    (P_KK, "IKD-KK-03",
     "Peningkatan Cakupan pendampingan kader champion dalam pola asuh, pemenuhan hak anak "
     "untuk pencegahan stunting",
     "Keluarga", 63, 7),
    (P_PUG, "IKD-PUG-01",
     "Cakupan Perangkat Daerah yang melaksanakan Pengarusutamaan Gender (PUG)",
     "Perangkat Daerah", 39, 39),
    (P_PUG, "IKD-PUG-02", "Cakupan Kab / Kota yang melaksanakan Pengarusutamaan Gender",
     "Kab/Kota", 22, 11),
]
# Capaian printed in table 12 (not a landing column; used for the assertions only).
TABLE12_CAPAIAN = {"IKD-KK-01": 9.6, "IKD-KK-02": 50, "IKD-KK-03": 11, "IKD-PUG-01": 100,
                   "IKD-PUG-02": 50}
IND_HEADER = ["Tahun", "Program", "Kode Indikator", "Indikator", "Satuan", "Target",
              "Realisasi Dilaporkan", "Pembilang", "Penyebut"]


# fmt: on

# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def id_number(value: float | int | None, decimals: int | None = None) -> str:
    """Format a number the Indonesian way (``686,00``, ``97,23``, ``100``)."""
    if value is None:
        return ""
    if decimals is None:
        if float(value).is_integer():
            return f"{int(value):,}".replace(",", ".")
        text = f"{value:.2f}".rstrip("0")
    else:
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def bup(jabatan: str) -> int:
    """Retirement age (batas usia pensiun) under the project's simplified rule."""
    return 60 if jabatan.startswith(BUP_60_PREFIXES) else 58


def table4_row(jabatan: str, jenis: str) -> str:
    """Map a roster jabatan to the row of report table 4 it counts in."""
    if jenis == PEL:
        return "Fungsional Umum"
    if jabatan.startswith("Kepala Bidang"):
        return "Kepala Bidang"
    if jabatan.startswith("Perencana"):
        return "Fungsional Perencana"
    if jabatan.startswith("Analis Keuangan"):
        return "Analis Keuangan Pusat & Daerah"
    if jabatan.startswith("Analis Kebijakan"):
        return "Analis Kebijakan"
    return jabatan


def crosstab(rows: list[dict], key: str) -> dict[str, tuple[int, int]]:
    counts = Counter((r[key], r["Jenis Kelamin"]) for r in rows)
    keys = dict.fromkeys(r[key] for r in rows)
    return {k: (counts[(k, "L")], counts[(k, "P")]) for k in keys}


def save_xlsx(wb: Workbook, path: Path) -> None:
    """Save a workbook byte-identically: fixed core properties and fixed zip entry times."""
    wb.properties.creator = "DP3A Provinsi NTT"
    wb.properties.lastModifiedBy = "DP3A Provinsi NTT"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # bypasses save_workbook(), which stamps "now"
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


# --------------------------------------------------------------------------------------
# asn
# --------------------------------------------------------------------------------------

ASN_HEADER = [
    "No",
    "Tanggal Data",
    "NIP",
    "Nama",
    "Jenis Kelamin",
    "Tanggal Lahir",
    "Pendidikan",
    "Golongan",
    "Jabatan",
    "Jenis Jabatan",
    "Unit Kerja",
    "Status Kepegawaian",
]


def make_name(rng: random.Random, sex: str, edu: str, used: set[str]) -> str:
    while True:
        first = rng.choice(FIRST_L if sex == "L" else FIRST_P)
        name = f"{first} {rng.choice(FAMILY)}"
        gelar = rng.choice(GELAR[edu])
        full = f"{name}, {gelar}" if gelar else name
        if name not in used:
            used.add(name)
            return full


def build_roster(rng: random.Random) -> list[dict]:
    rows: list[dict] = []
    used: set[str] = set()
    for no, (unit, sex, edu, gol, jabatan, jenis, birth, cpns) in enumerate(PNS, start=1):
        year, month, day = birth
        born = dt.date(year, month, day if day is not None else rng.randint(1, 28))
        seq = 7 if jabatan == "Kepala Dinas" else rng.randint(1, 9)
        sex_digit = "1" if sex == "L" else "2"
        if no == NIP_SEX_CONTRADICTION_NO:
            sex_digit = "2" if sex == "L" else "1"
        nip = f"{born:%Y%m%d}{cpns[0]:04d}{cpns[1]:02d}{sex_digit}{seq:03d}"
        typed_birth: dt.date | None = born
        if no == NIP_BIRTH_CONTRADICTION_NO:  # day and month swapped when typed
            typed_birth = dt.date(born.year, born.day, born.month)
        elif no in EMPTY_BIRTH_NO:
            typed_birth = None
        rows.append(
            {
                "No": no,
                "Tanggal Data": SNAPSHOT,
                "NIP": nip,
                "Nama": make_name(rng, sex, edu, used),
                "Jenis Kelamin": sex,
                "Tanggal Lahir": typed_birth,
                "Pendidikan": edu,
                "Golongan": gol,
                "Jabatan": jabatan,
                "Jenis Jabatan": jenis,
                "Unit Kerja": unit,
                "Status Kepegawaian": "PNS",
                "_born": born,
            }
        )
    contracts = [("UPTD PPA", c) for c in CONTRACT_UPTD] + [("TPA", c) for c in CONTRACT_TPA]
    for unit, (jabatan, sex, edu) in contracts:
        born = dt.date(rng.randint(1984, 2000), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(
            {
                "No": len(rows) + 1,
                "Tanggal Data": SNAPSHOT,
                "NIP": None,
                "Nama": make_name(rng, sex, edu, used),
                "Jenis Kelamin": sex,
                "Tanggal Lahir": born,
                "Pendidikan": edu,
                "Golongan": None,
                "Jabatan": jabatan,
                "Jenis Jabatan": PEL,
                "Unit Kerja": unit,
                "Status Kepegawaian": "Kontrak",
                "_born": born,
            }
        )
    return rows


def retirements(rows: list[dict]) -> Counter:
    """(year, unit) -> number of PNS reaching BUP in that year (birth date from the NIP)."""
    out: Counter = Counter()
    for r in rows:
        if r["Status Kepegawaian"] == "PNS":
            out[(r["_born"].year + bup(r["Jabatan"]), r["Unit Kerja"])] += 1
    return out


def check_roster(rows: list[dict]) -> None:
    pns = [r for r in rows if r["Status Kepegawaian"] == "PNS"]
    assert len(pns) == 46
    assert crosstab(pns, "Unit Kerja") == TABLE1_UNIT_SEX
    assert crosstab(pns, "Pendidikan") == TABLE2_EDU_SEX
    assert crosstab(pns, "Golongan") == TABLE3_GOL_SEX
    by_t4 = Counter((table4_row(r["Jabatan"], r["Jenis Jabatan"]), r["Jenis Kelamin"]) for r in pns)
    assert {k: (by_t4[(k, "L")], by_t4[(k, "P")]) for k in TABLE4_JABATAN_SEX} == (
        ROSTER_TABLE4_JABATAN_SEX
    )
    assert sum(r["Jenis Jabatan"] == STR for r in pns) == 11  # report narrative: 11
    assert sum(r["Jenis Jabatan"] == FUN for r in pns) == 7  # 7 functional
    kadis = next(r for r in pns if r["Jabatan"] == "Kepala Dinas")
    assert kadis["NIP"] == KADIS_NIP and kadis["Golongan"] == "IV/c"
    for r in pns:
        nip, born = r["NIP"], r["_born"]
        assert len(nip) == 18 and nip.isdigit()
        cpns_year = int(nip[8:12])
        assert cpns_year - born.year >= 18 and dt.date(cpns_year, int(nip[12:14]), 1) <= SNAPSHOT
        assert born.year + bup(r["Jabatan"]) >= 2024, "already retired before the snapshot"
    sex_bad = [r["No"] for r in pns if r["NIP"][14] != ("1" if r["Jenis Kelamin"] == "L" else "2")]
    assert sex_bad == [NIP_SEX_CONTRADICTION_NO]
    birth_bad = [
        r["No"]
        for r in pns
        if r["Tanggal Lahir"] and f"{r['Tanggal Lahir']:%Y%m%d}" != r["NIP"][:8]
    ]
    assert birth_bad == [NIP_BIRTH_CONTRADICTION_NO]
    assert len({r["NIP"] for r in pns}) == 46
    retire = retirements(rows)
    assert {k: v for k, v in retire.items() if k[0] <= 2026} == EXPECTED_RETIREMENTS
    assert sum(v for (y, _), v in retire.items() if y == 2024) == 3  # "3 orang ... 2024"
    kabid_pha = next(r for r in pns if r["Jabatan"] == "Kepala Bidang Pemenuhan Hak Anak")
    assert (kabid_pha["_born"].year + 60, kabid_pha["_born"].month) == (2024, 3)
    pengelola = next(
        r for r in pns if r["Unit Kerja"] == "Bidang PHA" and r["Pendidikan"] == "SLTA"
    )
    assert (pengelola["_born"].year + 58, pengelola["_born"].month) == (2024, 10)
    contract = Counter(r["Unit Kerja"] for r in rows if r["Status Kepegawaian"] == "Kontrak")
    assert contract == {"UPTD PPA": 12, "TPA": 12}


def write_asn(out_dir: Path, rng: random.Random) -> Path:
    rows = build_roster(rng)
    check_roster(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = "Nominatif"
    ws.append(["DAFTAR NOMINATIF PEGAWAI DINAS P3A PROVINSI NTT"])
    ws.append(["Keadaan 31 Desember 2023"])
    ws.append(["Dinas Pemberdayaan Perempuan dan Perlindungan Anak Provinsi Nusa Tenggara Timur"])
    ws.append(ASN_HEADER)
    for cell in (ws["A1"], ws["A2"]):
        cell.font = Font(bold=True, size=12)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r[h] for h in ASN_HEADER])
        row = ws.max_row
        ws.cell(row, 2).number_format = "dd/mm/yyyy"
        ws.cell(row, 3).number_format = "@"
        ws.cell(row, 6).number_format = "dd/mm/yyyy"
    for col, width in zip(
        "ABCDEFGHIJKL", [5, 13, 21, 34, 8, 13, 10, 9, 44, 13, 13, 11], strict=True
    ):
        ws.column_dimensions[col].width = width
    path = out_dir / ASN_FILE
    save_xlsx(wb, path)
    return path


# --------------------------------------------------------------------------------------
# kla
# --------------------------------------------------------------------------------------


def band(score: float) -> str:
    return next((name for low, name in KLA_BANDS if score >= low), "Belum")


def write_kla(out_dir: Path) -> Path:
    assert len(KLA_DISTRICTS) == 22 == len(DLA_TARGET) == len(DLA_2023) == len(DLA_2022)
    assert sum(DLA_TARGET) == 250 and sum(DLA_2023) == 213 and sum(DLA_2022) == 170
    assert round(100 * sum(DLA_2023) / sum(DLA_TARGET), 1) == 85.2
    assert all(a <= b <= t for a, b, t in zip(DLA_2022, DLA_2023, DLA_TARGET, strict=True))
    # the one planted contradiction: Kota Kupang 2023 typed Pratama, band says Madya
    mismatched = [k for k, (score, typed) in KLA_SCORES.items() if band(score) != typed]
    assert mismatched == [(2023, "Kota Kupang")] and band(686.0) == "Madya"
    rows = []
    for year, realised in ((2023, DLA_2023), (2022, DLA_2022)):
        for i, name in enumerate(KLA_DISTRICTS):
            score, peringkat = KLA_SCORES.get((year, name), (None, "Belum"))
            rows.append(
                [
                    str(year),
                    name,
                    id_number(score, 2),
                    "",
                    peringkat,
                    str(realised[i]),
                    str(DLA_TARGET[i]),
                ]
            )
    path = out_dir / KLA_FILE
    write_csv(
        path,
        [
            "Tahun",
            "Kabupaten/Kota",
            "Nilai Evaluasi Mandiri",
            "Nilai Verifikasi",
            "Peringkat",
            "Desa Layak Anak",
            "Target Desa Layak Anak",
        ],
        rows,
    )
    return path


# --------------------------------------------------------------------------------------
# indikator
# --------------------------------------------------------------------------------------


def check_indicators() -> None:
    assert len(TABLE9) == 10 and len({r[1] for r in TABLE9}) == 10
    codes9 = {r[1] for r in TABLE9}
    assert {r[1] for r in TABLE12} <= codes9 and len(TABLE12) == 5
    recomputed = {r[1]: round(100 * r[6] / r[7], 2) for r in TABLE9 if r[7]}
    reported = {r[1]: r[5] for r in TABLE9}
    # agree (to the report's precision) except ABH (81,25 vs 81,6) and children (95,15 vs
    # 95,16: the report truncates 95,156)
    assert recomputed["IKD-PKA-01"] == 81.6 and reported["IKD-PKA-01"] == 81.25
    assert recomputed["IKD-PP-02"] == 95.16 and reported["IKD-PP-02"] == 95.15
    for code in (
        "IKD-PUG-01",
        "IKD-PUG-02",
        "IKD-KK-01",
        "IKD-KK-02",
        "IKD-KK-03",
        "IKD-PP-01",
        "IKD-PHA-01",
    ):
        assert abs(recomputed[code] - reported[code]) < 0.005, code
    for _, code, _, _, target, real in TABLE12:
        assert round(100 * real / target) == round(TABLE12_CAPAIAN[code]), code


def write_indicators(out_dir: Path) -> list[Path]:
    check_indicators()
    rows9 = [
        [
            "2023",
            prog,
            code,
            ind,
            sat,
            id_number(target),
            id_number(real),
            id_number(num),
            id_number(den),
        ]
        for prog, code, ind, sat, target, real, num, den in TABLE9
    ]
    path9 = out_dir / IND9_FILE
    write_csv(path9, IND_HEADER, rows9)

    wb = Workbook()
    ws = wb.active
    ws.title = "Tabel 12"
    ws.append(["Capaian target indikator kinerja Bidang Kualitas Hidup Perempuan tahun 2023"])
    ws["A1"].font = Font(bold=True)
    ws.append(IND_HEADER)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for prog, code, ind, sat, target, real in TABLE12:
        ws.append([2023, prog, code, ind, sat, target, real, real, target])
    for col, width in zip("ABCDEFGHI", [7, 55, 14, 80, 17, 8, 12, 10, 10], strict=True):
        ws.column_dimensions[col].width = width
    path12 = out_dir / IND12_FILE
    save_xlsx(wb, path12)
    return [path9, path12]


# --------------------------------------------------------------------------------------


def generate(out_dir: Path) -> list[Path]:
    """Write the asn, kla and indikator sample landing files under ``out_dir/<source>/``."""
    out_dir = Path(out_dir)
    rng = random.Random(SEED)
    paths = [write_asn(out_dir, rng), write_kla(out_dir)]
    paths += write_indicators(out_dir)
    return paths


if __name__ == "__main__":
    landing = Path(__file__).resolve().parents[1] / "sample" / "landing"
    for written in generate(landing):
        print(written)
