"""Deterministic generator for the shipped sample landing files of the two case sources.

Produces, under ``<out_dir>/``:

``uptd/Register_Kasus_UPTD_PPA_2023.xlsx``
    The UPTD PPA provincial case register for 2023, one row per case, laid out as the office
    keeps it (title rows, header on row 4, a typed ``JUMLAH`` total row and two blank rows at
    the end). Its month x jenis x bentuk counts reproduce table 14 of the DP3A NTT 2023 annual
    report exactly (322 cases, including the report's misspelling ``Pemerkosan`` where the
    table prints it). Its month x kategori counts reproduce table 13, except September, where
    table 13 claims 31 victims but table 14 lists only 30 cases: the register follows table 14
    (Anak Perempuan = 14 in September). The total row copies table 13's total, 323, which
    disagrees with the 322 rows above it; the pipeline must report that as a finding.

``simfoni/simfoni_ppa_ntt_2023.csv``
    A synthetic SIMFONI-PPA victim extract for 2023 (``;``-delimited, UTF-8 with BOM, CRLF).
    The valid rows reproduce the report's figures: 613 adult women (596 Terlayani), 640
    children (609 Terlayani; 413 girls, 227 boys), so 1026 female victims, plus 18 adult men.
    Manggarai Timur has no rows; Sabu Raijua, Sumba Tengah and Lembata skip some months.
    Five invalid rows follow the valid ones, each with one defect the pipeline must
    quarantine (report date 31 February, bare ``Kupang``, incident after report date, sex
    ``X``, unknown form of violence ``Pemukulan``) — each a defect that costs the row (a
    defect in an optional field, such as an age of 150, would only flag the cell and load the
    victim).

``simfoni/simfoni_ppa_ntt_2022.csv``
    The 2022 extract in the same format: 1093 female victims (650 adult women + 443 girls),
    240 boys and 15 adult men; Sikka and Lembata have no rows. No invalid rows.

All names, NIKs, addresses and phone numbers are synthetic; the pipeline must drop them at
read time. Every random choice comes from a seeded ``random.Random``; the XLSX is written with
fixed document properties and fixed zip timestamps, so two runs produce byte-identical files.

Run: ``python data/generators/cases.py`` (writes to ``data/sample/landing``).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import random
import re
import zipfile
from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

FIXED_TIMESTAMP = dt.datetime(2024, 1, 15, 8, 0, 0)

# --------------------------------------------------------------------------------------------
# Report tables (DP3A NTT annual report 2023)
# --------------------------------------------------------------------------------------------

# Table 14: month -> [(jenis, bentuk, cases)], spelled exactly as the report prints it.
TABLE_14: dict[int, list[tuple[str, str, int]]] = {
    1: [("KtA", "Fisik", 1), ("KtA", "Psikis", 6),
        ("KtP", "Psikis", 8), ("KtP", "Pemerkosaan", 1),
        ("KDRT", "Psikis", 11)],
    2: [("KtA", "Psikis", 1), ("KtA", "Persetubuhan", 1), ("KtA", "Perampasan Hak Asuh", 1),
        ("KtP", "Psikis", 5), ("KtP", "Ingkar Janji Menikah", 1),
        ("KDRT", "Fisik", 1), ("KDRT", "Psikis", 14), ("KDRT", "Penelantaran", 3),
        ("Lainnya", "Pembuangan Bayi", 1)],
    3: [("KtA", "Psikis", 10), ("KtA", "Persetubuhan", 1),
        ("KtP", "Psikis", 7), ("KtP", "Ingkar Janji Menikah", 1),
        ("KDRT", "Psikis", 13), ("KDRT", "Penelantaran", 5)],
    4: [("KtA", "Psikis", 9), ("KtA", "Pelecehan Seksual", 1), ("KtA", "Persetubuhan", 1),
        ("KtP", "Psikis", 5),
        ("KDRT", "Psikis", 3), ("KDRT", "Penelantaran", 3)],
    5: [("KtA", "Psikis", 3), ("KtA", "Pelecehan Seksual", 1), ("KtA", "Persetubuhan", 1),
        ("KtP", "Fisik", 1), ("KtP", "Psikis", 6),
        ("KDRT", "Psikis", 7), ("KDRT", "Penelantaran", 5), ("KDRT", "Pemerkosan", 1)],
    6: [("KtA", "Psikis", 11),
        ("KtP", "Psikis", 9),
        ("KDRT", "Psikis", 4), ("KDRT", "Penelantaran", 3)],
    7: [("KtA", "Psikis", 9),
        ("KtP", "Psikis", 12), ("KtP", "Ingkar Janji Menikah", 1),
        ("KDRT", "Fisik", 3), ("KDRT", "Psikis", 4), ("KDRT", "Penelantaran", 1)],
    8: [("KtA", "Fisik", 1), ("KtA", "Psikis", 4), ("KtA", "Pemerkosan", 1),
        ("KtA", "Persetubuhan", 3), ("KtA", "Lainnya", 1),
        ("KtP", "Fisik", 2), ("KtP", "Psikis", 7),
        ("KDRT", "Psikis", 6)],
    9: [("KtA", "Psikis", 4), ("KtA", "Pelecehan Seksual", 6), ("KtA", "Persetubuhan", 1),
        ("KtP", "Psikis", 7), ("KtP", "Persetubuhan", 1), ("KtP", "TPPO", 3),
        ("KDRT", "Psikis", 7), ("KDRT", "Penelantaran", 1)],
    10: [("KtA", "Psikis", 3), ("KtA", "Persetubuhan", 2),
         ("KtP", "Psikis", 8),
         ("KDRT", "Fisik", 3), ("KDRT", "Psikis", 6)],
    11: [("KtA", "Psikis", 11), ("KtA", "Persetubuhan", 1),
         ("KtP", "Fisik", 1), ("KtP", "Psikis", 12), ("KtP", "Ingkar Janji Menikah", 1),
         ("KDRT", "Psikis", 7), ("KDRT", "Penelantaran", 5)],
    12: [("KtA", "Psikis", 3), ("KtA", "Pelecehan Seksual", 1),
         ("KtP", "Psikis", 5),
         ("KDRT", "Psikis", 1), ("KDRT", "Pelecehan Seksual", 1)],
}

PD, AL, AP = "Perempuan Dewasa", "Anak Laki-laki", "Anak Perempuan"

# Table 13: month -> (Perempuan Dewasa, Anak Laki-laki, Anak Perempuan); total 150/67/106 = 323.
TABLE_13: dict[int, tuple[int, int, int]] = {
    1: (13, 6, 8), 2: (11, 8, 9), 3: (16, 12, 9), 4: (8, 10, 4), 5: (14, 2, 9),
    6: (11, 4, 12), 7: (15, 8, 7), 8: (12, 4, 9), 9: (15, 1, 15), 10: (11, 3, 8),
    11: (18, 7, 13), 12: (6, 2, 3),
}
TABLE_13_TOTAL = 323

# What the register holds: table 13 except September, where table 14 has one case fewer.
REGISTER_KATEGORI = {**TABLE_13, 9: (15, 1, 14)}

SEXUAL_BENTUK = {"Pemerkosaan", "Pemerkosan", "Persetubuhan", "Pelecehan Seksual"}

# --------------------------------------------------------------------------------------------
# Regions (Kemendagri codes) and the ways offices write them
# --------------------------------------------------------------------------------------------

KABUPATEN: dict[str, str] = {
    "53.01": "Kupang", "53.02": "Timor Tengah Selatan", "53.03": "Timor Tengah Utara",
    "53.04": "Belu", "53.05": "Alor", "53.06": "Flores Timur", "53.07": "Sikka",
    "53.08": "Ende", "53.09": "Ngada", "53.10": "Manggarai", "53.11": "Sumba Timur",
    "53.12": "Sumba Barat", "53.13": "Lembata", "53.14": "Rote Ndao",
    "53.15": "Manggarai Barat", "53.16": "Nagekeo", "53.17": "Sumba Tengah",
    "53.18": "Sumba Barat Daya", "53.19": "Manggarai Timur", "53.20": "Sabu Raijua",
    "53.21": "Malaka", "53.71": "Kota Kupang",
}

ALIASES = {"53.02": "TTS", "53.03": "TTU", "53.15": "Mabar", "53.18": "SBD"}

# Relative size of each district's SIMFONI caseload (bigger districts report more).
DISTRICT_WEIGHT = {
    "53.71": 170, "53.02": 110, "53.01": 95, "53.07": 80, "53.03": 75, "53.11": 72,
    "53.04": 68, "53.10": 68, "53.08": 64, "53.18": 60, "53.15": 58, "53.06": 55,
    "53.21": 50, "53.05": 45, "53.09": 44, "53.14": 40, "53.12": 38, "53.16": 34,
    "53.13": 30, "53.19": 40, "53.17": 16, "53.20": 15,
}

# SIMFONI 2023 reporting gaps: district -> months with at least one row.
ACTIVE_MONTHS_2023 = {
    "53.20": {2, 3, 5, 6, 8, 10, 11},  # Sabu Raijua: 7 months
    "53.17": {1, 3, 4, 7, 9, 12},  # Sumba Tengah: 6 months
    "53.13": {1, 2, 3, 4, 5, 7, 8, 9, 10, 11},  # Lembata: misses June and December
}

# Monthly seasonality of SIMFONI entry (uneven on purpose).
MONTH_WEIGHT = [0.85, 0.8, 1.0, 0.9, 1.05, 1.0, 1.15, 1.05, 0.95, 1.0, 1.2, 0.7]


def region_label(rng: random.Random, code: str) -> str:
    """One way an office might write this region (never bare ``Kupang``)."""
    name = KABUPATEN[code]
    if code == "53.71":
        options = [("Kota Kupang", 80), ("KOTA KUPANG", 12), ("53.71", 8)]
    elif code == "53.01":
        options = [("Kab. Kupang", 60), ("Kabupaten Kupang", 20), ("KAB. KUPANG", 12),
                   ("53.01", 8)]
    else:
        options = [(name, 55), (name.upper(), 10), (f"Kab. {name}", 12),
                   (f"Kabupaten {name}", 8), (code, 6)]
        if code in ALIASES:
            options.append((ALIASES[code], 25))
    labels, weights = zip(*options, strict=True)
    return rng.choices(labels, weights=weights)[0]


# --------------------------------------------------------------------------------------------
# Synthetic personal data (never to reach the warehouse)
# --------------------------------------------------------------------------------------------

FEMALE_FIRST = [
    "Maria", "Yohana", "Margaretha", "Agustina", "Yuliana", "Selfina", "Ester", "Debora",
    "Novita", "Fransiska", "Theresia", "Anjelina", "Mersi", "Yuni", "Rambu", "Imelda",
    "Veronika", "Oktaviana", "Dewi", "Sarlin", "Elisabeth", "Kristina", "Magdalena", "Rut",
]
MALE_FIRST = [
    "Yohanes", "Fransiskus", "Petrus", "Yakobus", "Marthen", "Daniel", "Aloysius", "Gabriel",
    "Kristo", "Umbu", "Stefanus", "Yosef", "Mikael", "Benediktus", "Agus", "Rian", "Paulus",
]
LAST_NAMES = [
    "Ndun", "Bria", "Tefa", "Nope", "Bani", "Manafe", "Lakapu", "Kase", "Seran", "Mau",
    "Taek", "Lopo", "Fanggidae", "Ratu", "Djami", "Wadu", "Mone", "Kolo", "Pah", "Nenobais",
    "Amalo", "Sinlae", "Tallo", "Messakh", "Nahak", "Bata", "Wutun", "Dhey", "Jehadu", "Lado",
]
STREETS = [
    "Timor Raya", "El Tari", "Soekarno", "Adisucipto", "Frans Seda", "Kartini", "Sudirman",
    "Eltari II", "Perintis Kemerdekaan", "Nangka", "Cak Doko", "Samratulangi", "Bajawa",
    "Diponegoro", "Ahmad Yani", "Kenari",
]
KELURAHAN = [
    "Oebobo", "Oesapa", "Liliba", "Naikoten", "Fatululi", "Kayu Putih", "Bakunase",
    "Sikumana", "Oepura", "Fontein", "Kuanino", "Naikolan", "Oenesu", "Penfui", "Tarus",
    "Kota Baru", "Lewoleba", "Kefamenanu", "Atambua", "Waingapu", "Maumere", "Ruteng",
]
PHONE_PREFIX = ["0812", "0813", "0821", "0822", "0852", "0853", "0811", "0823"]


def synthetic_pii(
    rng: random.Random, female: bool, age: int, kab_code: str, ref_year: int
) -> dict[str, str]:
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    name = f"{first} {rng.choice(LAST_NAMES)}"
    birth_year = ref_year - age
    day = rng.randint(1, 28) + (40 if female else 0)
    nik = (
        f"53{kab_code[3:]}{rng.randint(1, 24):02d}"
        f"{day:02d}{rng.randint(1, 12):02d}{birth_year % 100:02d}{rng.randint(1, 9999):04d}"
    )
    assert len(nik) == 16 and nik.isdigit(), nik
    address = (
        f"Jl. {rng.choice(STREETS)} No. {rng.randint(1, 120)}, "
        f"RT 0{rng.randint(1, 9)}/RW 0{rng.randint(1, 9)}, Kel. {rng.choice(KELURAHAN)}"
    )
    phone = rng.choice(PHONE_PREFIX) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return {"nama": name, "nik": nik, "alamat": address, "hp": phone}


SERVICES = [
    "Pengaduan", "Kesehatan", "Bantuan Hukum", "Penegakan Hukum", "Rehabilitasi Sosial",
    "Reintegrasi Sosial", "Pemulangan", "Pendampingan Tokoh Agama",
]
SERVICE_WEIGHT = [0, 30, 25, 22, 28, 8, 5, 6]  # extras beyond Pengaduan


def layanan(rng: random.Random, p_pengaduan: float, p_none: float) -> str:
    if rng.random() < p_none:
        return ""
    chosen = ["Pengaduan"] if rng.random() < p_pengaduan else []
    n_extra = rng.choices([0, 1, 2, 3], weights=[30, 40, 20, 10])[0]
    extra: set[str] = set()
    while len(extra) < n_extra:
        extra.add(rng.choices(SERVICES, weights=SERVICE_WEIGHT)[0])
    chosen += [s for s in SERVICES if s in extra]
    if not chosen:
        chosen = [rng.choice(SERVICES[1:5])]
    return ", ".join(chosen)


def weekdays(year: int, month: int) -> list[dt.date]:
    days = calendar.monthrange(year, month)[1]
    return [
        dt.date(year, month, d) for d in range(1, days + 1)
        if dt.date(year, month, d).weekday() < 5
    ]


# --------------------------------------------------------------------------------------------
# File 1: UPTD PPA case register
# --------------------------------------------------------------------------------------------

UPTD_HEADER = [
    "No", "No. Kasus", "Tanggal Pengaduan", "Nama Korban", "NIK Korban", "Alamat Korban",
    "No HP", "Kategori Korban", "Jenis Kekerasan", "Bentuk Kekerasan", "Kabupaten/Kota",
    "Layanan", "Status",
]

# Non-Kota-Kupang regions in the register, as UPTD staff write them.
UPTD_OTHER_REGIONS = [
    ("Kab. Kupang", 30), ("TTS", 12), ("Timor Tengah Selatan", 8), ("Kab. Belu", 7),
    ("Rote Ndao", 8), ("Alor", 6), ("Sumba Timur", 7), ("53.09", 3), ("TTU", 7),
    ("Malaka", 5), ("Sabu Raijua", 3), ("Kab. Ende", 4), ("Sikka", 4), ("Flores Timur", 3),
    ("Lembata", 2), ("Manggarai Barat", 3), ("Sumba Barat Daya", 3), ("Kabupaten Manggarai", 2),
]
UPTD_KAB_CODE = {
    "Kota Kupang": "53.71", "Kab. Kupang": "53.01", "TTS": "53.02",
    "Timor Tengah Selatan": "53.02", "Kab. Belu": "53.04", "Rote Ndao": "53.14",
    "Alor": "53.05", "Sumba Timur": "53.11", "53.09": "53.09", "TTU": "53.03",
    "Malaka": "53.21", "Sabu Raijua": "53.20", "Kab. Ende": "53.08", "Sikka": "53.07",
    "Flores Timur": "53.06", "Lembata": "53.13", "Manggarai Barat": "53.15",
    "Sumba Barat Daya": "53.18", "Kabupaten Manggarai": "53.10", "Manggarai Timur": "53.19",
    "": "53.71",
}


def uptd_rows() -> list[dict]:
    rng = random.Random(2023)
    rows: list[dict] = []
    for month in range(1, 13):
        cases = [(j, b) for j, b, n in TABLE_14[month] for _ in range(n)]
        n_pd, n_al, n_ap = REGISTER_KATEGORI[month]
        kat: list[str | None] = [None] * len(cases)
        for i, (jenis, _) in enumerate(cases):
            if jenis == "KtP":
                kat[i] = PD
        kdrt = [i for i, (j, _) in enumerate(cases) if j == "KDRT"]
        n_kdrt_adult = n_pd - sum(1 for k in kat if k == PD)
        assert 0 <= n_kdrt_adult <= len(kdrt), (month, n_kdrt_adult)
        for i in rng.sample(kdrt, n_kdrt_adult):
            kat[i] = PD
        children = [i for i, k in enumerate(kat) if k is None]
        assert len(children) == n_al + n_ap, month
        rng.shuffle(children)
        # Sexual violence against children recorded mostly against girls.
        children.sort(key=lambda i: cases[i][1] not in SEXUAL_BENTUK)
        for pos, i in enumerate(children):
            kat[i] = AP if pos < n_ap else AL
        days = weekdays(2023, month)
        for (jenis, bentuk), kategori in zip(cases, kat, strict=True):
            rows.append({
                "tanggal": rng.choice(days), "kategori": kategori, "jenis": jenis,
                "bentuk": bentuk, "tiebreak": rng.random(),
            })
    rows.sort(key=lambda r: (r["tanggal"], r["tiebreak"]))

    # Kabupaten/Kota: exactly 3 Manggarai Timur (Mar, Jul, Nov), ~5% empty, ~45% Kota Kupang.
    n = len(rows)
    mt = {rng.choice([i for i, r in enumerate(rows) if r["tanggal"].month == m])
          for m in (3, 7, 11)}
    rest = [i for i in range(n) if i not in mt]
    rng.shuffle(rest)
    n_empty, n_kota = round(0.05 * n), round(0.45 * n)
    labels, weights = zip(*UPTD_OTHER_REGIONS, strict=True)
    for pos, i in enumerate(rest):
        if pos < n_empty:
            rows[i]["kab"] = ""
        elif pos < n_empty + n_kota:
            rows[i]["kab"] = "Kota Kupang"
        else:
            rows[i]["kab"] = rng.choices(labels, weights=weights)[0]
    for i in mt:
        rows[i]["kab"] = "Manggarai Timur"

    statuses = (["Terlayani"] * round(0.85 * n) + ["Dirujuk"] * 15 + ["Dicabut"] * 8)
    statuses += ["Dalam Proses"] * (n - len(statuses))
    rng.shuffle(statuses)

    for no, (row, status) in enumerate(zip(rows, statuses, strict=True), start=1):
        row["no"] = no
        row["no_kasus"] = f"UPTD/2023/{no:03d}"
        row["status"] = status
        row["layanan"] = layanan(rng, p_pengaduan=0.97, p_none=0.01)
        if row["kategori"] == PD:
            female, age = True, rng.randint(18, 58)
        else:
            female, age = row["kategori"] == AP, rng.randint(0, 17)
        row.update(synthetic_pii(rng, female, age, UPTD_KAB_CODE[row["kab"]], 2023))
    check_uptd(rows)
    return rows


def check_uptd(rows: list[dict]) -> None:
    """The register must reproduce table 14 exactly and table 13 except Sep (AP = 14)."""
    got14 = Counter((r["tanggal"].month, r["jenis"], r["bentuk"]) for r in rows)
    want14 = Counter({(m, j, b): n for m, items in TABLE_14.items() for j, b, n in items})
    assert got14 == want14, "register does not reproduce table 14"
    assert len(rows) == 322
    got13 = Counter((r["tanggal"].month, r["kategori"]) for r in rows)
    for month, (n_pd, n_al, n_ap) in TABLE_13.items():
        if month == 9:
            assert (n_pd, n_al, n_ap - 1) == (got13[9, PD], got13[9, AL], got13[9, AP])
        else:
            assert (n_pd, n_al, n_ap) == (got13[month, PD], got13[month, AL], got13[month, AP])
    totals = Counter(r["kategori"] for r in rows)
    assert (totals[PD], totals[AL], totals[AP]) == (150, 67, 105)
    assert sum(sum(v) for v in TABLE_13.values()) == TABLE_13_TOTAL
    for r in rows:
        if r["jenis"] == "KtP":
            assert r["kategori"] == PD
        elif r["jenis"] in ("KtA", "Lainnya"):
            assert r["kategori"] in (AL, AP)
    kabs = [r["kab"] for r in rows]
    assert sorted(r["tanggal"].month for r in rows if r["kab"] == "Manggarai Timur") == [3, 7, 11]
    assert "Kupang" not in kabs
    assert len({r["no_kasus"] for r in rows}) == len(rows)


class _FixedTimeZip(zipfile.ZipFile):
    """ZipFile whose entries all carry one fixed timestamp (for reproducible XLSX)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            zinfo = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            zinfo.compress_type = self.compression
            zinfo.create_system = 3
            zinfo.external_attr = 0o100644 << 16
            zinfo_or_arcname = zinfo
        return super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl streams worksheets through a temp file; store it with the fixed time too.
        data = Path(filename).read_bytes()
        return self.writestr(arcname or Path(filename).name, data, compress_type, compresslevel)


def save_workbook_reproducibly(wb: Workbook, path: Path) -> None:
    wb.properties.creator = "UPTD PPA Provinsi NTT"
    wb.properties.lastModifiedBy = "UPTD PPA Provinsi NTT"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    buf = io.BytesIO()
    with _FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).write_data()  # unlike save(), keeps our `modified`
    data = buf.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode()
    assert "2024-01-15T08:00:00Z" in core and not re.search(r"20(2[5-9]|[3-9]\d)-", core)
    path.write_bytes(data)


def write_uptd(out_dir: Path) -> Path:
    rows = uptd_rows()
    wb = Workbook()
    ws = wb.active
    ws.title = "Register 2023"
    ncol = len(UPTD_HEADER)
    ws.cell(row=1, column=1, value="REGISTER PENGADUAN KASUS UPTD PPA PROVINSI NTT")
    ws.cell(row=2, column=1, value="TAHUN 2023")
    for r in (1, 2):
        ws.cell(row=r, column=1).font = Font(bold=True, size=12)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c, name in enumerate(UPTD_HEADER, start=1):
        cell = ws.cell(row=4, column=c, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(rows):
        values = [
            row["no"], row["no_kasus"], row["tanggal"], row["nama"], row["nik"], row["alamat"],
            row["hp"], row["kategori"], row["jenis"], row["bentuk"], row["kab"] or None,
            row["layanan"] or None, row["status"],
        ]
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=5 + i, column=c, value=value)
            if c == 3:
                cell.number_format = "DD/MM/YYYY"
            elif c in (5, 7):
                cell.number_format = "@"
    total_row = 5 + len(rows)
    ws.cell(row=total_row, column=2, value="JUMLAH").font = Font(bold=True)
    ws.cell(row=total_row, column=8, value=TABLE_13_TOTAL).font = Font(bold=True)
    # Header, data, total and two trailing blank (bordered, empty) rows.
    for r in range(4, total_row + 3):
        for c in range(1, ncol + 1):
            ws.cell(row=r, column=c).border = border
    widths = [5, 15, 12, 20, 19, 48, 14, 17, 10, 21, 20, 50, 13]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A5"
    assert ws.max_row == total_row + 2

    path = out_dir / "uptd" / "Register_Kasus_UPTD_PPA_2023.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    save_workbook_reproducibly(wb, path)
    return path


# --------------------------------------------------------------------------------------------
# Files 2 and 3: SIMFONI-PPA victim extracts
# --------------------------------------------------------------------------------------------

SIMFONI_HEADER = [
    "No", "No Registrasi", "Tanggal Lapor", "Tanggal Kejadian", "Nama Korban", "NIK Korban",
    "Alamat Korban", "No HP Korban", "Kabupaten/Kota", "Jenis Kelamin Korban", "Umur Korban",
    "Pendidikan Korban", "Disabilitas", "Bentuk Kekerasan", "Tempat Kejadian",
    "Hubungan Pelaku", "Layanan", "Status Layanan",
]
BENTUK = ["Fisik", "Psikis", "Seksual", "Eksploitasi", "Trafficking", "Penelantaran", "Lainnya"]
BENTUK_W_CHILD = [20, 22, 40, 3, 2, 10, 3]
BENTUK_W_ADULT = [38, 35, 12, 3, 3, 7, 2]
TEMPAT = ["Rumah Tangga", "Tempat Kerja", "Sekolah", "Fasilitas Umum",
          "Lembaga Pendidikan Kilat", "Lainnya"]
TEMPAT_W_CHILD = [58, 1, 14, 14, 3, 10]
TEMPAT_W_ADULT = [75, 8, 1, 9, 0, 7]
HUBUNGAN_CHILD = [("Orang Tua", 20), ("Keluarga/Saudara", 20), ("Pacar/Teman", 22),
                  ("Tetangga", 16), ("Guru", 6), ("Lainnya", 16)]
HUBUNGAN_ADULT_F = [("Suami/Istri", 60), ("Pacar/Teman", 15), ("Keluarga/Saudara", 8),
                    ("Tetangga", 7), ("Lainnya", 10)]
HUBUNGAN_ADULT_M = [("Suami/Istri", 25), ("Keluarga/Saudara", 20), ("Tetangga", 25),
                    ("Pacar/Teman", 10), ("Lainnya", 20)]

WOMAN, GIRL, BOY, MAN = "W", "G", "B", "M"


def allocate(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Largest-remainder split of ``total`` in proportion to ``weights``."""
    wsum = sum(weights.values())
    exact = {k: total * w / wsum for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    left = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (out[k] - exact[k], k))[:left]:
        out[k] += 1
    return out


def pendidikan(rng: random.Random, age: int) -> str:
    if rng.random() < 0.08:
        return ""
    if age < 6:
        return "Belum Sekolah"
    if age <= 12:
        return "SD"
    if age <= 15:
        return rng.choices(["SMP", "SD"], weights=[85, 15])[0]
    if age <= 18:
        return rng.choices(["SMA", "SMP"], weights=[80, 20])[0]
    return rng.choices(["SD", "SMP", "SMA", "Perguruan Tinggi"], weights=[22, 23, 40, 15])[0]


def bentuk(rng: random.Random, child: bool) -> str:
    weights = BENTUK_W_CHILD if child else BENTUK_W_ADULT
    k = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
    chosen: set[str] = set()
    while len(chosen) < k:
        chosen.add(rng.choices(BENTUK, weights=weights)[0])
    sep = rng.choices(["; ", ", "], weights=[70, 30])[0]
    return sep.join(b for b in BENTUK if b in chosen)


def simfoni_rows(
    year: int,
    counts: dict[str, int],
    non_terlayani: dict[str, int],
    districts: list[str],
    active_months: dict[str, set[int]],
) -> list[dict]:
    rng = random.Random(year * 10 + 1)
    total = sum(counts.values())
    per_district = allocate(total, {d: DISTRICT_WEIGHT[d] for d in districts})

    # Spread each district's rows over its active months (every active month >= 1 row).
    slots: list[tuple[str, int]] = []
    for d in districts:
        months = sorted(active_months.get(d, set(range(1, 13))))
        assert per_district[d] >= len(months), d
        per_month = Counter(months)
        mw = [MONTH_WEIGHT[m - 1] * rng.uniform(0.7, 1.3) for m in months]
        per_month.update(rng.choices(months, weights=mw, k=per_district[d] - len(months)))
        slots += [(d, m) for m in months for _ in range(per_month[m])]

    kinds = [k for k in (WOMAN, GIRL, BOY, MAN) for _ in range(counts[k])]
    rng.shuffle(kinds)
    rows = []
    for (d, month), kind in zip(slots, kinds, strict=True):
        lapor = dt.date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))
        rows.append({"kab_code": d, "lapor": lapor, "kind": kind, "tiebreak": rng.random()})
    rows.sort(key=lambda r: (r["lapor"], r["tiebreak"]))

    # Status: exact number of non-Terlayani per group; later cases more often still open.
    for kind, n_open in non_terlayani.items():
        idx = [i for i, r in enumerate(rows) if r["kind"] == kind]
        open_idx = set(rng.sample(idx, n_open))
        for i in idx:
            if i in open_idx:
                p_proses = 0.8 if rows[i]["lapor"].month >= 10 else 0.5
                rows[i]["status"] = "Dalam Proses" if rng.random() < p_proses else "Dicabut"
            else:
                rows[i]["status"] = "Terlayani"

    for no, r in enumerate(rows, start=1):
        kind = r["kind"]
        child = kind in (GIRL, BOY)
        female = kind in (WOMAN, GIRL)
        if child:
            age = rng.choices(range(18), weights=[2, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7, 8, 9, 10,
                                                  11, 12, 12, 11])[0]
        else:
            age = min(75, 18 + int(rng.expovariate(1 / 14)))
        kejadian = ""
        if rng.random() >= 0.10:
            kejadian = (r["lapor"] - dt.timedelta(days=rng.randint(0, 60))).strftime("%d/%m/%Y")
        hub = HUBUNGAN_CHILD if child else HUBUNGAN_ADULT_F if female else HUBUNGAN_ADULT_M
        pii = synthetic_pii(rng, female, age, r["kab_code"], year)
        r.update({
            "No": no,
            "No Registrasi": f"SIMFONI-{r['kab_code'].replace('.', '')}-{year}-{no:05d}",
            "Tanggal Lapor": r["lapor"].strftime("%d/%m/%Y"),
            "Tanggal Kejadian": kejadian,
            "Nama Korban": pii["nama"],
            "NIK Korban": pii["nik"],
            "Alamat Korban": pii["alamat"],
            "No HP Korban": pii["hp"],
            "Kabupaten/Kota": region_label(rng, r["kab_code"]),
            "Jenis Kelamin Korban": "P" if female else "L",
            "Umur Korban": age,
            "Pendidikan Korban": pendidikan(rng, age),
            "Disabilitas": "Ya" if rng.random() < 0.03 else "Tidak",
            "Bentuk Kekerasan": bentuk(rng, child),
            "Tempat Kejadian": rng.choices(
                TEMPAT, weights=TEMPAT_W_CHILD if child else TEMPAT_W_ADULT)[0],
            "Hubungan Pelaku": "" if rng.random() < 0.07 else rng.choices(
                [h for h, _ in hub], weights=[w for _, w in hub])[0],
            "Layanan": layanan(rng, p_pengaduan=0.95, p_none=0.03),
            "Status Layanan": r["status"],
        })
    return rows


def invalid_rows(year: int, start_no: int, template_rng: random.Random) -> list[dict]:
    """Five rows with one defect each; they must be quarantined by the pipeline."""
    defects = [
        ("53.71", {"Tanggal Lapor": f"31/02/{year}"}),
        ("53.01", {"Kabupaten/Kota": "Kupang"}),
        ("53.02", {"Tanggal Kejadian": f"21/10/{year}"}),  # after Tanggal Lapor 16/10
        ("53.08", {"Jenis Kelamin Korban": "X"}),
        ("53.03", {"Bentuk Kekerasan": "Pemukulan"}),
    ]
    rng = template_rng
    out = []
    for k, (code, defect) in enumerate(defects):
        no = start_no + k
        pii = synthetic_pii(rng, True, 34, code, year)
        row = {
            "No": no,
            "No Registrasi": f"SIMFONI-{code.replace('.', '')}-{year}-{no:05d}",
            "Tanggal Lapor": f"{14 + k:02d}/10/{year}",
            "Tanggal Kejadian": f"{2 + k:02d}/10/{year}",
            "Nama Korban": pii["nama"], "NIK Korban": pii["nik"],
            "Alamat Korban": pii["alamat"], "No HP Korban": pii["hp"],
            "Kabupaten/Kota": KABUPATEN[code] if code != "53.01" else "Kab. Kupang",
            "Jenis Kelamin Korban": "P", "Umur Korban": 34, "Pendidikan Korban": "SMA",
            "Disabilitas": "Tidak", "Bentuk Kekerasan": "Fisik; Psikis",
            "Tempat Kejadian": "Rumah Tangga", "Hubungan Pelaku": "Suami/Istri",
            "Layanan": "Pengaduan, Kesehatan", "Status Layanan": "Dalam Proses",
        }
        row.update(defect)
        out.append(row)
    lapor = dt.datetime.strptime(out[2]["Tanggal Lapor"], "%d/%m/%Y")
    assert dt.datetime.strptime(out[2]["Tanggal Kejadian"], "%d/%m/%Y") > lapor
    return out


def check_simfoni(rows: list[dict], expect: dict[str, int], expect_terlayani: dict) -> None:
    def group(r: dict) -> str:
        child = r["Umur Korban"] < 18
        if r["Jenis Kelamin Korban"] == "P":
            return GIRL if child else WOMAN
        return BOY if child else MAN

    got = Counter(group(r) for r in rows)
    assert dict(got) == expect, (dict(got), expect)
    ok = Counter(group(r) for r in rows if r["Status Layanan"] == "Terlayani")
    assert ok[WOMAN] == expect_terlayani["adult_women"], ok
    assert ok[GIRL] + ok[BOY] == expect_terlayani["children"], ok
    assert all(r["Status Layanan"] in ("Terlayani", "Dalam Proses", "Dicabut") for r in rows)
    assert len({r["No Registrasi"] for r in rows}) == len(rows)
    assert all(r["Kabupaten/Kota"].strip().lower() != "kupang" for r in rows)
    for r in rows:
        if r["Tanggal Kejadian"]:
            kej = dt.datetime.strptime(r["Tanggal Kejadian"], "%d/%m/%Y")
            lap = dt.datetime.strptime(r["Tanggal Lapor"], "%d/%m/%Y")
            assert 0 <= (lap - kej).days <= 60
        forms = re.split(r"[;,]\s*", r["Bentuk Kekerasan"])
        assert forms and all(f in BENTUK for f in forms), r["Bentuk Kekerasan"]


def write_simfoni_csv(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(SIMFONI_HEADER)
    for r in rows:
        writer.writerow([r[c] for c in SIMFONI_HEADER])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return path


def write_simfoni_2023(out_dir: Path) -> Path:
    counts = {WOMAN: 613, GIRL: 413, BOY: 227, MAN: 18}
    districts = [d for d in DISTRICT_WEIGHT if d != "53.19"]  # Manggarai Timur: nothing in 2023
    rows = simfoni_rows(
        2023, counts, {WOMAN: 17, GIRL: 19, BOY: 12, MAN: 1}, districts, ACTIVE_MONTHS_2023
    )
    check_simfoni(rows, counts, {"adult_women": 596, "children": 609})
    assert counts[WOMAN] + counts[GIRL] == 1026
    assert not any(r["kab_code"] == "53.19" for r in rows)
    months = Counter((r["kab_code"], r["lapor"].month) for r in rows)
    for d in districts:
        want = ACTIVE_MONTHS_2023.get(d, set(range(1, 13)))
        assert {m for (dd, m) in months if dd == d} == want, d
    bad = invalid_rows(2023, len(rows) + 1, random.Random(20235))
    return write_simfoni_csv(out_dir / "simfoni" / "simfoni_ppa_ntt_2023.csv", rows + bad)


def write_simfoni_2022(out_dir: Path) -> Path:
    counts = {WOMAN: 650, GIRL: 443, BOY: 240, MAN: 15}
    districts = [d for d in DISTRICT_WEIGHT if d not in ("53.07", "53.13")]  # Sikka, Lembata
    rows = simfoni_rows(2022, counts, {WOMAN: 21, GIRL: 16, BOY: 9, MAN: 1}, districts, {})
    check_simfoni(rows, counts, {"adult_women": 629, "children": 658})
    assert counts[WOMAN] + counts[GIRL] == 1093
    assert not any(r["kab_code"] in ("53.07", "53.13") for r in rows)
    assert any(r["kab_code"] == "53.19" for r in rows)
    return write_simfoni_csv(out_dir / "simfoni" / "simfoni_ppa_ntt_2022.csv", rows)


def generate(out_dir: Path) -> list[Path]:
    """Write the sample landing files for the uptd and simfoni sources under ``out_dir``."""
    out_dir = Path(out_dir)
    return [write_uptd(out_dir), write_simfoni_2023(out_dir), write_simfoni_2022(out_dir)]


if __name__ == "__main__":
    for p in generate(Path(__file__).resolve().parents[1] / "sample" / "landing"):
        print(p)
