"""Deterministic generator for the ``anggaran`` sample landing file.

Writes ``<out_dir>/anggaran/realisasi_anggaran_dp3a_2023.csv``: a budget realisation export of
DP3A Provinsi NTT for 2023 as the regional finance system produces it (``;``-delimited,
Windows-1252, Indonesian number formats, one row per sub kegiatan x sumber dana x jenis x
bulan, and a trailing ``JUMLAH`` row typed by hand).

The annual figures follow the lines of the 2023 annual report (Bab II, tables 6, 7 and 8 and
the P-DPA "pergeseran" table), not its printed totals:

* Pagu Perubahan = the table 6/7/8 ceiling, Pagu Murni = the pergeseran table's "Anggaran
  Murni" where the sub kegiatan appears there (else equal to the revised ceiling). Pagu
  Perubahan is left empty on some unchanged lines (empty = unchanged).
* Per sub kegiatan the Realisasi of the twelve months sums exactly to the report's line.
* Honorarium parts of seven sub kegiatan are booked as Belanja Pegawai (pagu 96.480.000,
  realisasi 33.670.000) so that, with the salaries and the one capital line, the Bab II
  pagu totals by jenis hold exactly and the Belanja Pegawai and Belanja Modal realisations
  hold exactly; the lines' realisation is 306.000 below Bab II's 5.627.308.146, so Belanja
  Barang dan Jasa ends at 1.545.594.600 instead of the printed 1.545.900.600.
* Sub kegiatan cut to zero in the P-DPA appear with Pagu Perubahan 0 and no realisation.
* One revenue line (Retribusi Tempat Penitipan Anak): target 100.000.000 -> 180.000.000,
  realised 175.200.000.

Planted findings for the pipeline: exactly one ``Sisa`` cell off by 100.000 (see
``WRONG_SISA``), one negative correction ``(1.250.000)`` (see ``CORRECTION``), and the
``JUMLAH`` row carrying the Bab II figure 5.627.308.146 while the Belanja rows sum to
5.627.002.146.

Standard library only; seeded RNG, no clock: reruns are byte-identical.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

SEED = 20230814
TAHUN = 2023
FILE_NAME = "realisasi_anggaran_dp3a_2023.csv"
ENCODING = "cp1252"

HEADER = [
    "Tahun",
    "Bulan",
    "Kode Rekening",
    "Program",
    "Kegiatan",
    "Sub Kegiatan",
    "Bidang",
    "Sumber Dana",
    "Kelompok",
    "Jenis",
    "Pagu Murni",
    "Pagu Perubahan",
    "Realisasi",
    "Sisa",
]

PEG = "Belanja Pegawai"
BJ = "Belanja Barang dan Jasa"
MOD = "Belanja Modal"
RET = "Retribusi Daerah"

P01 = "Program Penunjang Urusan Pemerintahan Daerah Provinsi"
P03 = "Program Perlindungan Perempuan"
P07 = "Program Perlindungan Khusus Anak"

K0101 = "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"
K0102 = "Administrasi Keuangan Perangkat Daerah"
K0105 = "Administrasi Kepegawaian Perangkat Daerah"
K0106 = "Administrasi Umum Perangkat Daerah"
K0107 = "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah"
K0108 = "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"
K0109 = "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah"
K0301 = (
    "Pencegahan Kekerasan terhadap Perempuan yang Melibatkan Para Pihak Lingkup Daerah "
    "Provinsi dan Lintas Daerah Kabupaten/Kota"
)
K0302 = (
    "Penyediaan Layanan Rujukan Lanjutan bagi Perempuan Korban Kekerasan yang Memerlukan "
    "Koordinasi Tingkat Daerah Provinsi dan Lintas Daerah Kabupaten/Kota"
)
K0303 = (
    "Penguatan dan Pengembangan Lembaga Penyedia Layanan Perlindungan Perempuan Tingkat "
    "Daerah Provinsi dan Lintas Daerah Kabupaten/Kota"
)
K0701 = (
    "Pencegahan Kekerasan terhadap Anak yang Melibatkan Para Pihak Lingkup Daerah Provinsi "
    "dan Lintas Daerah Kabupaten/Kota"
)
K0702 = (
    "Penyediaan Layanan bagi Anak yang Memerlukan Perlindungan Khusus yang Memerlukan "
    "Koordinasi Tingkat Daerah Provinsi"
)
K0703 = (
    "Penguatan dan Pengembangan Lembaga Penyedia Layanan bagi Anak yang Memerlukan "
    "Perlindungan Khusus Tingkat Daerah Provinsi dan Lintas Daerah Kabupaten/Kota"
)


@dataclass(frozen=True)
class Line:
    """One budget line: sub kegiatan x sumber dana x jenis, with its annual figures."""

    kode: str
    program: str
    kegiatan: str
    sub: str
    bidang: str
    sumber: str
    jenis: str
    murni: int
    perubahan: int
    realisasi: int
    pattern: str  # gaji | monthly | lumpy | late | dak | none | revenue
    show_perubahan: bool = True  # False: Pagu Perubahan cell left empty (= unchanged)
    kelompok: str = "Belanja"


# fmt: off
# (compact table layout kept on purpose)
def _l(kode, program, kegiatan, sub, bidang, sumber, jenis, murni, perubahan, real, pattern,
       show=True, kelompok="Belanja"):
    return Line(kode, program, kegiatan, sub, bidang, sumber, jenis, murni, perubahan, real,
                pattern, show, kelompok)


SEK, BPP, BPKA, UPTD, PHA = "Sekretariat", "Bidang PP", "Bidang PKA", "UPTD PPA", "Bidang PHA"

LINES: list[Line] = [
    # --- Program Penunjang (table 6), PAD except salaries (DAU) ---
    _l("2.08.01.1.01.01", P01, K0101, "Penyusunan Dokumen Perencanaan Perangkat Daerah", SEK,
       "PAD", BJ, 2_931_000, 2_461_000, 1_100_000, "lumpy"),
    _l("2.08.01.1.01.02", P01, K0101, "Koordinasi dan Penyusunan Dokumen RKA-SKPD", SEK,
       "PAD", BJ, 13_260_300, 5_627_100, 1_504_000, "lumpy"),
    _l("2.08.01.1.01.06", P01, K0101,
       "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
       SEK, "PAD", PEG, 3_000_000, 18_000_000, 0, "none"),
    _l("2.08.01.1.01.06", P01, K0101,
       "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
       SEK, "PAD", BJ, 4_158_000, 20_922_100, 777_900, "late"),
    _l("2.08.01.1.01.07", P01, K0101, "Evaluasi Kinerja Perangkat Daerah", SEK,
       "PAD", BJ, 11_654_100, 0, 0, "none"),
    _l("2.08.01.1.02.01", P01, K0102, "Penyediaan Gaji dan Tunjangan ASN", SEK,
       "DAU", PEG, 4_721_860_444, 4_741_818_999, 4_016_115_546, "gaji"),
    _l("2.08.01.1.02.07", P01, K0102,
       "Koordinasi dan Penyusunan Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD", SEK,
       "PAD", PEG, 6_000_000, 6_000_000, 4_500_000, "lumpy"),
    _l("2.08.01.1.02.07", P01, K0102,
       "Koordinasi dan Penyusunan Laporan Keuangan Bulanan/Triwulanan/Semesteran SKPD", SEK,
       "PAD", BJ, 3_668_100, 3_668_100, 2_623_690, "lumpy"),
    _l("2.08.01.1.05.03", P01, K0105, "Pendataan dan Pengolahan Administrasi Kepegawaian", SEK,
       "PAD", BJ, 12_005_000, 12_005_000, 2_810_900, "lumpy", show=False),
    _l("2.08.01.1.06.01", P01, K0106,
       "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor", SEK,
       "PAD", BJ, 993_500, 993_500, 0, "none", show=False),
    _l("2.08.01.1.06.05", P01, K0106, "Penyediaan Barang Cetakan dan Penggandaan", SEK,
       "PAD", BJ, 35_399_683, 32_694_600, 17_103_100, "lumpy"),
    _l("2.08.01.1.06.07", P01, K0106, "Penyediaan Bahan/Material", SEK,
       "PAD", BJ, 164_292_860, 187_757_200, 65_183_735, "lumpy"),
    _l("2.08.01.1.06.08", P01, K0106, "Fasilitasi Kunjungan Tamu", SEK,
       "PAD", BJ, 9_867_000, 20_577_000, 14_641_500, "lumpy"),
    _l("2.08.01.1.06.09", P01, K0106, "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
       SEK, "PAD", PEG, 12_000_000, 12_000_000, 3_600_000, "lumpy", show=False),
    _l("2.08.01.1.06.09", P01, K0106, "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
       SEK, "PAD", BJ, 44_447_560, 44_295_080, 12_627_400, "lumpy"),
    _l("2.08.01.1.07.06", P01, K0107, "Pengadaan Peralatan dan Mesin Lainnya", SEK,
       "PAD", MOD, 66_118_900, 66_118_900, 31_622_000, "late", show=False),
    _l("2.08.01.1.08.0001", P01, K0108, "Penyediaan Jasa Surat Menyurat", SEK,
       "PAD", BJ, 2_280_000, 2_280_000, 1_770_000, "lumpy"),
    _l("2.08.01.1.08.0002", P01, K0108,
       "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik", SEK,
       "PAD", BJ, 116_377_996, 136_940_416, 113_280_000, "monthly"),
    _l("2.08.01.1.08.0003", P01, K0108, "Penyediaan Jasa Peralatan dan Perlengkapan Kantor",
       SEK, "PAD", BJ, 15_150_000, 15_150_000, 2_575_000, "lumpy", show=False),
    _l("2.08.01.1.08.0004", P01, K0108, "Penyediaan Jasa Pelayanan Umum Kantor", SEK,
       "PAD", BJ, 903_450_560, 988_754_560, 942_574_760, "monthly"),
    _l("2.08.01.1.09.02", P01, K0109,
       "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas "
       "Operasional atau Lapangan", SEK,
       "PAD", BJ, 112_661_600, 165_798_700, 51_558_035, "lumpy"),
    # --- Program Perlindungan Perempuan (table 7), DAK NF ---
    _l("2.08.03.1.01.0001", P03, K0301,
       "Advokasi Kebijakan dan Pendampingan Layanan Perlindungan Perempuan Kewenangan Provinsi",
       BPP, "DAK NF", BJ, 97_279_850, 0, 0, "none"),
    _l("2.08.03.1.01.0002", P03, K0301,
       "Koordinasi dan Sinkronisasi Pelaksanaan Kebijakan, Program dan Kegiatan Pencegahan "
       "Kekerasan terhadap Perempuan Kewenangan Provinsi", BPP,
       "DAK NF", PEG, 15_000_000, 15_000_000, 14_000_000, "dak"),
    _l("2.08.03.1.01.0002", P03, K0301,
       "Koordinasi dan Sinkronisasi Pelaksanaan Kebijakan, Program dan Kegiatan Pencegahan "
       "Kekerasan terhadap Perempuan Kewenangan Provinsi", BPP,
       "DAK NF", BJ, 46_061_100, 46_061_100, 44_838_400, "dak"),
    _l("2.08.03.1.02.0001", P03, K0302,
       "Koordinasi dan Sinkronisasi Pelaksanaan Penyediaan Layanan Rujukan Lanjutan bagi "
       "Perempuan Korban Kekerasan Kewenangan Provinsi", UPTD,
       "DAK NF", PEG, 30_000_000, 30_000_000, 4_000_000, "dak"),
    _l("2.08.03.1.02.0001", P03, K0302,
       "Koordinasi dan Sinkronisasi Pelaksanaan Penyediaan Layanan Rujukan Lanjutan bagi "
       "Perempuan Korban Kekerasan Kewenangan Provinsi", UPTD,
       "DAK NF", BJ, 136_401_100, 159_581_100, 147_111_780, "dak"),
    _l("2.08.03.1.03.0001", P03, K0303,
       "Peningkatan Kapasitas Sumber Daya Lembaga Penyedia Layanan Penanganan bagi Perempuan "
       "Korban Kekerasan Kewenangan Provinsi", BPP,
       "DAK NF", PEG, 10_000_000, 10_000_000, 4_000_000, "dak", show=False),
    _l("2.08.03.1.03.0001", P03, K0303,
       "Peningkatan Kapasitas Sumber Daya Lembaga Penyedia Layanan Penanganan bagi Perempuan "
       "Korban Kekerasan Kewenangan Provinsi", BPP,
       "DAK NF", BJ, 56_399_800, 56_399_800, 47_870_000, "dak", show=False),
    # --- Program Perlindungan Khusus Anak (table 8), DAK NF ---
    _l("2.08.07.1.01.0001", P07, K0701,
       "Koordinasi dan Sinkronisasi Pencegahan Kekerasan terhadap Anak Kewenangan Provinsi",
       BPKA, "DAK NF", BJ, 32_684_000, 0, 0, "none"),
    _l("2.08.07.1.02.0001", P07, K0702,
       "Koordinasi dan Sinkronisasi Pelaksanaan Pendampingan Anak yang Memerlukan "
       "Perlindungan Khusus Kewenangan Provinsi", BPKA,
       "DAK NF", BJ, 51_104_000, 32_684_000, 32_584_000, "dak"),
    _l("2.08.07.1.03.0001", P07, K0703,
       "Koordinasi dan Sinkronisasi Peningkatan Kapasitas Sumber Daya Lembaga Penyedia "
       "Layanan Anak yang Memerlukan Perlindungan Khusus Kewenangan Provinsi", BPKA,
       "DAK NF", PEG, 5_480_000, 5_480_000, 3_570_000, "dak"),
    _l("2.08.07.1.03.0001", P07, K0703,
       "Koordinasi dan Sinkronisasi Peningkatan Kapasitas Sumber Daya Lembaga Penyedia "
       "Layanan Anak yang Memerlukan Perlindungan Khusus Kewenangan Provinsi", BPKA,
       "DAK NF", BJ, 53_364_000, 53_364_000, 43_060_400, "dak"),
    # --- Revenue (Bab II.I) ---
    _l("4.1.02.01", "Pendapatan Daerah", "Retribusi Jasa Umum",
       "Retribusi Tempat Penitipan Anak", PHA, "PAD", RET,
       100_000_000, 180_000_000, 175_200_000, "revenue", kelompok="Pendapatan"),
]
# fmt: on

# The report's own lines (tables 6, 7, 8): sub kegiatan code -> (pagu, realisasi).
REPORT_LINES: dict[str, tuple[int, int]] = {
    "2.08.01.1.01.01": (2_461_000, 1_100_000),
    "2.08.01.1.01.02": (5_627_100, 1_504_000),
    "2.08.01.1.01.06": (38_922_100, 777_900),
    "2.08.01.1.02.01": (4_741_818_999, 4_016_115_546),
    "2.08.01.1.02.07": (9_668_100, 7_123_690),
    "2.08.01.1.05.03": (12_005_000, 2_810_900),
    "2.08.01.1.07.06": (66_118_900, 31_622_000),
    "2.08.01.1.06.01": (993_500, 0),
    "2.08.01.1.06.05": (32_694_600, 17_103_100),
    "2.08.01.1.06.07": (187_757_200, 65_183_735),
    "2.08.01.1.06.08": (20_577_000, 14_641_500),
    "2.08.01.1.06.09": (56_295_080, 16_227_400),
    "2.08.01.1.08.0001": (2_280_000, 1_770_000),
    "2.08.01.1.08.0002": (136_940_416, 113_280_000),
    "2.08.01.1.08.0003": (15_150_000, 2_575_000),
    "2.08.01.1.08.0004": (988_754_560, 942_574_760),
    "2.08.01.1.09.02": (165_798_700, 51_558_035),
    "2.08.03.1.01.0002": (61_061_100, 58_838_400),
    "2.08.03.1.02.0001": (189_581_100, 151_111_780),
    "2.08.03.1.03.0001": (66_399_800, 51_870_000),
    "2.08.07.1.02.0001": (32_684_000, 32_584_000),
    "2.08.07.1.03.0001": (58_844_000, 46_630_400),
    # cut to zero in the P-DPA (pergeseran table): revised ceiling 0, nothing realised
    "2.08.01.1.01.07": (0, 0),
    "2.08.03.1.01.0001": (0, 0),
    "2.08.07.1.01.0001": (0, 0),
}

# Bab II printed figures.
BAB2_PAGU = 6_892_432_255
BAB2_REALISASI = 5_627_308_146
BAB2_JENIS = {  # jenis -> (pagu, realisasi) as printed
    PEG: (4_838_298_999, 4_049_785_546),
    BJ: (1_988_014_356, 1_545_900_600),
    MOD: (66_118_900, 31_622_000),
}
LINES_REALISASI = 5_627_002_146  # true sum of the lines of tables 6-8

# Planted findings.
CORRECTION = ("2.08.01.1.06.07", BJ, 10, -1_250_000)  # kode, jenis, bulan, amount
WRONG_SISA = ("2.08.01.1.08.0001", BJ, 7, 100_000)  # kode, jenis, bulan, sisa off by


def fmt_idr(value: int, style: str) -> str:
    """Format an integer amount of rupiah the way office exports write it."""
    if value == 0:
        return "0"
    digits = f"{abs(value):,}".replace(",", ".")
    if value < 0:
        return f"({digits})"
    if style == "rp":
        return f"Rp. {digits},-"
    if style == "dec":
        return f"{digits},00"
    return digits


def _allocate(total: int, weights: list[float], unit: int) -> list[int]:
    """Split ``total`` by ``weights`` in multiples of ``unit``; the last non-zero weight
    takes the remainder, so the parts sum exactly to ``total``."""
    active = [i for i, w in enumerate(weights) if w > 0]
    out = [0] * len(weights)
    if total == 0 or not active:
        return out
    wsum = sum(weights[i] for i in active)
    for i in active[:-1]:
        out[i] = int(total * weights[i] / wsum) // unit * unit
    out[active[-1]] = total - sum(out)
    return out


def _monthly(line: Line, rng: random.Random) -> list[int]:
    """Monthly realisations of one line (12 values summing to ``line.realisasi``)."""
    total = line.realisasi
    if line.pattern == "none" or total == 0:
        return [0] * 12
    if line.pattern == "gaji":
        # monthly payroll, THR paid with April, gaji ke-13 with June; small month jitter
        weights = [rng.uniform(0.985, 1.015) for _ in range(12)]
        weights[3] += 1.0
        weights[5] += 1.0
        return _allocate(total, weights, 1)
    if line.pattern == "monthly":
        weights = [rng.uniform(0.7, 1.3) for _ in range(12)]
        weights[0] = 0.0  # January bills are paid from February (SP2D not yet issued)
        return _allocate(total, weights, 1_000)
    if line.pattern == "revenue":
        weights = [rng.uniform(0.8, 1.2) for _ in range(12)]
        weights[6] *= 0.6  # school holiday month: fewer children at the TPA
        weights[11] *= 0.7
        return _allocate(total, weights, 100_000)
    if line.pattern == "late":
        months = sorted(rng.sample(range(5, 10), 2)) + [10, 11]
    elif line.pattern == "dak":
        months = sorted(rng.sample(range(2, 11), rng.randint(4, 7))) + [11]
    else:  # lumpy
        months = sorted(rng.sample(range(1, 12), rng.randint(3, 7)))
    weights = [0.0] * 12
    for m in months:
        weights[m] = rng.uniform(0.2, 1.8)
    return _allocate(total, weights, 1_000)


def build_rows() -> list[list[str]]:
    """All data rows plus the trailing JUMLAH row, as strings."""
    rng = random.Random(SEED)
    rows: list[list[str]] = []
    kode_c, jenis_c, bulan_c, amount_c = CORRECTION
    kode_w, jenis_w, bulan_w, off_w = WRONG_SISA
    styles = ["plain", "plain", "plain", "rp", "dec"]
    for line in LINES:
        amounts = _monthly(line, rng)
        if (line.kode, line.jenis) == (kode_c, jenis_c):
            # refund booked as a negative realisation; an earlier payment was higher by the
            # same amount, so the annual total is unchanged
            idx = bulan_c - 1
            earlier = max(range(idx), key=lambda i: amounts[i])
            amounts[earlier] += amounts[idx] - amount_c
            amounts[idx] = amount_c
        assert sum(amounts) == line.realisasi, line
        pagu = line.perubahan if line.show_perubahan else line.murni
        assert pagu == line.perubahan
        cumulative = 0
        for bulan, amount in enumerate(amounts, start=1):
            cumulative += amount
            assert 0 <= cumulative <= max(pagu, 0) or line.kelompok == "Pendapatan", line
            sisa = pagu - cumulative
            if (line.kode, line.jenis, bulan) == (kode_w, jenis_w, bulan_w):
                sisa += off_w
            style = rng.choice(styles)
            rows.append(
                [
                    str(TAHUN),
                    str(bulan),
                    line.kode,
                    line.program,
                    line.kegiatan,
                    line.sub,
                    line.bidang,
                    line.sumber,
                    line.kelompok,
                    line.jenis,
                    fmt_idr(line.murni, style),
                    fmt_idr(line.perubahan, style) if line.show_perubahan else "",
                    fmt_idr(amount, style),
                    fmt_idr(sisa, style),
                ]
            )
    jumlah = [""] * len(HEADER)
    jumlah[0] = "JUMLAH"
    jumlah[HEADER.index("Realisasi")] = fmt_idr(BAB2_REALISASI, "plain")
    rows.append(jumlah)
    return rows


def _check() -> None:
    """Assert that the lines reproduce the report's tables 6-8 and the Bab II jenis split."""
    belanja = [ln for ln in LINES if ln.kelompok == "Belanja"]
    by_kode: dict[str, list[int]] = {}
    for ln in belanja:
        agg = by_kode.setdefault(ln.kode, [0, 0])
        agg[0] += ln.perubahan
        agg[1] += ln.realisasi
    assert {k: tuple(v) for k, v in by_kode.items()} == REPORT_LINES
    assert sum(ln.perubahan for ln in belanja) == BAB2_PAGU
    assert sum(ln.realisasi for ln in belanja) == LINES_REALISASI
    for jenis, (pagu, real) in BAB2_JENIS.items():
        lines = [ln for ln in belanja if ln.jenis == jenis]
        assert sum(ln.perubahan for ln in lines) == pagu, jenis
        if jenis != BJ:
            assert sum(ln.realisasi for ln in lines) == real, jenis
    bj_real = sum(ln.realisasi for ln in belanja if ln.jenis == BJ)
    assert BAB2_JENIS[BJ][1] - bj_real == BAB2_REALISASI - LINES_REALISASI == 306_000
    for ln in LINES:
        assert 0 <= ln.realisasi <= max(ln.perubahan, ln.murni), ln
        if not ln.show_perubahan:
            assert ln.murni == ln.perubahan, ln


def generate(out_dir: Path) -> list[Path]:
    """Write the anggaran landing file under ``out_dir/anggaran/`` and return its path."""
    _check()
    target = Path(out_dir) / "anggaran" / FILE_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding=ENCODING, newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(build_rows())
    return [target]


if __name__ == "__main__":
    for path in generate(Path(__file__).resolve().parents[1] / "sample" / "landing"):
        print(path)
