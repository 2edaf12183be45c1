"""Deterministic SIMFONI-PPA-style extracts at benchmark scale (100k, 1M, 5M victim rows).

Same columns, order and mess as `data/sample/landing/simfoni/*.csv`: `;` CSV, UTF-8 with BOM,
CRLF, Indonesian dates (dd/mm/yyyy), regions written as names, upper case, `Kab. …`,
`Kabupaten …`, short aliases (TTS, TTU, Mabar, SBD) and Kemendagri codes, vocabulary variants
(`Perempuan`, `Tdk`, `Proses`, `TPPO`), lists joined with `; ` or `, `, and the private columns
(name, NIK, address, phone) that the reader must drop. About 0.1% of the rows carry exactly
one defect each: the pipeline must quarantine the row (bare `Kupang`, incident after the
report date, sex `X`, an unknown form of violence, 31 February, an id repeated in the file)
or, for the optional age (150), load it with the cell flagged and the age left empty.

Split the way SIMFONI-PPA is exported: one file per year, ten years (2016–2025). The last
year's file is the extract of January–November; `one new month` is the newer extract of the
same year covering January–December, written separately (see `new_month_file`), which by the
warehouse's rule (one file = one year, a newer file of the year replaces the older) supersedes
the January–November extract: its 11 months come again unchanged, plus December.

Regions are the 22 kabupaten/kota of NTT only: the resolver knows NTT's seed
(`dbt/seeds/ref_kabupaten.csv`). The ministry's scale (514 kabupaten/kota) would need a
national region seed; the row counts here are national-scale, the region spread is not.

Every random draw comes from `numpy.random.default_rng` seeded with (seed, year), so a size
always produces byte-identical files (for one numpy version).

    python -m bench.generate OUT_DIR --rows 1000000
"""

from __future__ import annotations

import argparse
import calendar
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data.generators.cases import (
    ALIASES,
    BENTUK,
    DISTRICT_WEIGHT,
    FEMALE_FIRST,
    HUBUNGAN_ADULT_F,
    HUBUNGAN_CHILD,
    KABUPATEN,
    KELURAHAN,
    LAST_NAMES,
    MALE_FIRST,
    MONTH_WEIGHT,
    PHONE_PREFIX,
    SERVICES,
    SIMFONI_HEADER,
    STREETS,
    TEMPAT,
    TEMPAT_W_ADULT,
    TEMPAT_W_CHILD,
)

YEARS = list(range(2016, 2026))
LAST_YEAR = YEARS[-1]
LAST_YEAR_MONTHS = 11  # the last year's first extract covers January–November
# Case entry grows over the decade, as SIMFONI-PPA adoption did.
YEAR_WEIGHT = {year: 1.0 + 0.08 * i for i, year in enumerate(YEARS)}
INVALID_SHARE = 0.001
DEFECTS = ["umur", "kupang", "kejadian", "jk", "bentuk", "tanggal", "duplicate"]

BENTUK_P_CHILD = [20, 22, 40, 3, 2, 10, 3]
BENTUK_P_ADULT = [38, 35, 12, 3, 3, 7, 2]
SERVICE_P = [0, 30, 25, 22, 28, 8, 5, 6]


@dataclass
class Extract:
    path: str
    year: int
    months: int
    rows: int
    invalid_rows: int


def _p(weights) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    return weights / weights.sum()


def allocate(total: int, weights: dict) -> dict:
    """Largest-remainder split of `total` in proportion to `weights`."""
    wsum = sum(weights.values())
    exact = {key: total * weight / wsum for key, weight in weights.items()}
    out = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: (out[k] - exact[k], k))[: total - sum(out.values())]:
        out[key] += 1
    return out


def _region_options(code: str) -> list[tuple[str, int]]:
    name = KABUPATEN[code]
    if code == "53.71":
        return [("Kota Kupang", 80), ("KOTA KUPANG", 12), ("53.71", 8)]
    if code == "53.01":
        return [("Kab. Kupang", 60), ("Kabupaten Kupang", 20), ("KAB. KUPANG", 12), ("53.01", 8)]
    options = [(name, 55), (name.upper(), 10), (f"Kab. {name}", 12), (f"Kabupaten {name}", 8),
               (code, 6)]
    if code in ALIASES:
        options.append((ALIASES[code], 25))
    return options


def _join_flags(flags: np.ndarray, names: list[str], separators: np.ndarray) -> np.ndarray:
    """Rows of booleans over `names` → the names joined in list order with each row's
    separator (few distinct combinations, so through a lookup table)."""
    codes = flags.astype(np.int64) @ (1 << np.arange(len(names), dtype=np.int64))
    table = {}
    out = np.empty(len(codes), dtype=object)
    for code in np.unique(codes):
        chosen = [name for bit, name in enumerate(names) if code >> bit & 1]
        for sep in ("; ", ", "):
            table[code, sep] = sep.join(chosen)
    for sep in ("; ", ", "):
        mask = separators == sep
        out[mask] = [table[code, sep] for code in codes[mask]]
    return out


def _forms(rng: np.random.Generator, child: np.ndarray) -> np.ndarray:
    n = len(child)
    flags = np.zeros((n, len(BENTUK)), dtype=bool)
    k = rng.choice([1, 2, 3], size=n, p=_p([75, 20, 5]))
    for round_ in range(3):
        active = k > round_
        pick = np.where(
            child,
            rng.choice(len(BENTUK), size=n, p=_p(BENTUK_P_CHILD)),
            rng.choice(len(BENTUK), size=n, p=_p(BENTUK_P_ADULT)),
        )
        flags[np.arange(n)[active], pick[active]] = True
    separators = rng.choice(np.array(["; ", ", "], dtype=object), size=n, p=[0.7, 0.3])
    return _join_flags(flags, BENTUK, separators)


def _services(rng: np.random.Generator, n: int) -> np.ndarray:
    flags = np.zeros((n, len(SERVICES)), dtype=bool)
    flags[:, 0] = rng.random(n) < 0.95
    extras = rng.choice([0, 1, 2, 3], size=n, p=_p([30, 40, 20, 10]))
    for round_ in range(3):
        pick = rng.choice(len(SERVICES), size=n, p=_p(SERVICE_P))
        active = extras > round_
        flags[np.arange(n)[active], pick[active]] = True
    none = ~flags.any(axis=1)
    flags[np.arange(n)[none], rng.integers(1, 5, size=n)[none]] = True
    out = _join_flags(flags, SERVICES, np.full(n, ", ", dtype=object))
    out[rng.random(n) < 0.03] = ""
    return out


def _choice(rng: np.random.Generator, options: list[tuple[str, int]], n: int) -> np.ndarray:
    labels = np.array([label for label, _ in options], dtype=object)
    return rng.choice(labels, size=n, p=_p([weight for _, weight in options]))


def _dates(days: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 → `dd/mm/yyyy` strings (through the few distinct days)."""
    unique, inverse = np.unique(days, return_inverse=True)
    text = pd.to_datetime(unique, unit="D").strftime("%d/%m/%Y").to_numpy(dtype=object)
    return text[inverse]


def year_rows(
    year: int, n: int, months: range, seed: int, first_no: int = 1
) -> tuple[pd.DataFrame, np.ndarray]:
    """`n` victim rows reported in `months` of `year`, in report order, numbered on from
    `first_no`; and their report dates as days since 1970."""
    rng = np.random.default_rng([seed, year, months.start, months.stop])
    month = rng.choice(np.array(months), size=n,
                       p=_p([MONTH_WEIGHT[m - 1] for m in months]))
    month_days = np.array([calendar.monthrange(year, m)[1] for m in range(1, 13)])
    day = (rng.random(n) * month_days[month - 1]).astype(np.int64) + 1
    lapor = (pd.to_datetime(dict(year=np.full(n, year), month=month, day=day))
             .to_numpy().astype("datetime64[D]").astype(np.int64))
    lapor.sort()

    codes = list(DISTRICT_WEIGHT)
    district = rng.choice(len(codes), size=n, p=_p(list(DISTRICT_WEIGHT.values())))
    region = np.empty(n, dtype=object)
    for index, code in enumerate(codes):
        mask = district == index
        region[mask] = _choice(rng, _region_options(code), int(mask.sum()))

    kind = rng.choice(4, size=n, p=_p([48, 33, 18, 1]))  # woman, girl, boy, man
    child = (kind == 1) | (kind == 2)
    female = (kind == 0) | (kind == 1)
    child_age = rng.choice(18, size=n, p=_p([2, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12,
                                             12, 11]))
    adult_age = np.minimum(75, 18 + rng.exponential(14, size=n).astype(np.int64))
    age = np.where(child, child_age, adult_age)

    sex = np.where(female, "P", "L").astype(object)
    variant = rng.random(n) < 0.02
    sex[variant & female] = "Perempuan"
    sex[variant & ~female] = "Laki-laki"

    kejadian_days = lapor - rng.integers(0, 61, size=n)
    kejadian = _dates(kejadian_days)
    kejadian[rng.random(n) < 0.10] = ""

    school = np.select(
        [age < 6, age <= 12, age <= 15, age <= 18],
        ["Belum Sekolah", "SD", "SMP", "SMA"],
        default="",
    ).astype(object)
    adult = school == ""
    school[adult] = _choice(rng, [("SD", 22), ("SMP", 23), ("SMA", 40), ("Perguruan Tinggi", 15)],
                            int(adult.sum()))
    school[rng.random(n) < 0.08] = ""

    disabilitas = _choice(rng, [("Tidak", 90), ("Tdk", 4), ("T", 3), ("Ya", 3)], n)
    tempat = np.where(
        child,
        rng.choice(np.array(TEMPAT, dtype=object), size=n, p=_p(TEMPAT_W_CHILD)),
        rng.choice(np.array(TEMPAT, dtype=object), size=n, p=_p(TEMPAT_W_ADULT)),
    )
    hubungan = np.where(child, _choice(rng, HUBUNGAN_CHILD, n), _choice(rng, HUBUNGAN_ADULT_F, n))
    hubungan[rng.random(n) < 0.07] = ""
    status = _choice(rng, [("Terlayani", 93), ("Dalam Proses", 4), ("Proses", 1),
                           ("Dicabut", 2)], n)

    number = np.arange(first_no, first_no + n)
    kode4 = np.array([code.replace(".", "") for code in codes], dtype=object)[district]
    no_registrasi = (pd.Series(kode4, dtype=object) + f"-{year}-"
                     + pd.Series(number).astype(str).str.zfill(7)).radd("SIMFONI-")

    first = np.where(female, rng.choice(np.array(FEMALE_FIRST, dtype=object), size=n),
                     rng.choice(np.array(MALE_FIRST, dtype=object), size=n))
    name = pd.Series(first) + " " + pd.Series(rng.choice(np.array(LAST_NAMES, dtype=object), n))
    nik = (5300000000000000 + district.astype(np.int64) * 10**12
           + rng.integers(10**11, 10**12 - 1, size=n)).astype(str)
    address = ("Jl. " + pd.Series(rng.choice(np.array(STREETS, dtype=object), n))
               + " No. " + pd.Series(rng.integers(1, 121, n)).astype(str)
               + ", RT 0" + pd.Series(rng.integers(1, 10, n)).astype(str)
               + "/RW 0" + pd.Series(rng.integers(1, 10, n)).astype(str)
               + ", Kel. " + pd.Series(rng.choice(np.array(KELURAHAN, dtype=object), n)))
    phone = (pd.Series(rng.choice(np.array(PHONE_PREFIX, dtype=object), n))
             + pd.Series(rng.integers(0, 10**8, n)).astype(str).str.zfill(8))

    frame = pd.DataFrame({
        "No": number,
        "No Registrasi": no_registrasi.to_numpy(dtype=object),
        "Tanggal Lapor": _dates(lapor),
        "Tanggal Kejadian": kejadian,
        "Nama Korban": name.to_numpy(dtype=object),
        "NIK Korban": nik.astype(object),
        "Alamat Korban": address.to_numpy(dtype=object),
        "No HP Korban": phone.to_numpy(dtype=object),
        "Kabupaten/Kota": region,
        "Jenis Kelamin Korban": sex,
        "Umur Korban": age.astype(str).astype(object),
        "Pendidikan Korban": school,
        "Disabilitas": disabilitas,
        "Bentuk Kekerasan": _forms(rng, child),
        "Tempat Kejadian": tempat,
        "Hubungan Pelaku": hubungan,
        "Layanan": _services(rng, n),
        "Status Layanan": status,
    }, columns=SIMFONI_HEADER)
    return frame, lapor


def plant_defects(
    frame: pd.DataFrame, lapor: np.ndarray, year: int, seed: int, months: int
) -> int:
    """Give ~0.1% of the rows one defect each (the same rows in every extract of a year);
    returns how many of them cost their row (an age of 150 only flags its cell)."""
    n = len(frame)
    count = max(len(DEFECTS), round(n * INVALID_SHARE)) if n >= 100 else 1
    rng = np.random.default_rng([seed, year, months, 99])
    rows = np.sort(rng.choice(np.arange(1, n), size=min(count, n - 1), replace=False))
    for position, row in enumerate(rows):
        defect = DEFECTS[position % len(DEFECTS)]
        if defect == "umur":
            frame.iat[row, 10] = "150"
        elif defect == "kupang":
            frame.iat[row, 8] = "Kupang"
        elif defect == "kejadian":
            after = lapor[row] + 5
            frame.iat[row, 3] = _dates(np.array([after]))[0]
        elif defect == "jk":
            frame.iat[row, 9] = "X"
        elif defect == "bentuk":
            frame.iat[row, 13] = "Pemukulan"
        elif defect == "tanggal":
            frame.iat[row, 2] = f"31/02/{year}"
        else:
            frame.iat[row, 1] = frame.iat[row - 1, 1]
    return sum(1 for position in range(len(rows)) if DEFECTS[position % len(DEFECTS)] != "umur")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        frame.to_csv(handle, sep=";", index=False, lineterminator="\r\n")


def extract_name(year: int, months: int) -> str:
    suffix = "" if months == 12 else f"_jan-{calendar.month_abbr[months].lower()}"
    return f"simfoni_ppa_ntt_{year}{suffix}.csv"


def _year_counts(rows: int) -> dict[int, int]:
    weights = dict(YEAR_WEIGHT)
    weights[LAST_YEAR] *= LAST_YEAR_MONTHS / 12
    return allocate(rows, weights)


def generate(out_dir: Path, rows: int, seed: int = 7) -> list[Extract]:
    """The ten yearly extracts, `rows` victim rows in all, under `out_dir/simfoni/`."""
    out_dir = Path(out_dir)
    extracts = []
    for year, n in _year_counts(rows).items():
        months = LAST_YEAR_MONTHS if year == LAST_YEAR else 12
        frame, lapor = year_rows(year, n, range(1, months + 1), seed)
        bad = plant_defects(frame, lapor, year, seed, months)
        path = out_dir / "simfoni" / extract_name(year, months)
        write_csv(frame, path)
        extracts.append(Extract(str(path), year, months, n, bad))
    return extracts


def new_month_file(out_path: Path, rows: int, seed: int = 7) -> Extract:
    """The newer extract of the last year: the same January–November rows (identical ids and
    values), plus December's, numbered on. By the one-file-one-year rule it supersedes the
    January–November extract."""
    n = _year_counts(rows)[LAST_YEAR]
    earlier, lapor = year_rows(LAST_YEAR, n, range(1, LAST_YEAR_MONTHS + 1), seed)
    bad = plant_defects(earlier, lapor, LAST_YEAR, seed, LAST_YEAR_MONTHS)
    december, _ = year_rows(LAST_YEAR, max(1, round(n / LAST_YEAR_MONTHS)),
                         range(LAST_YEAR_MONTHS + 1, 13), seed, first_no=n + 1)
    frame = pd.concat([earlier, december], ignore_index=True)
    write_csv(frame, Path(out_path))
    return Extract(str(out_path), LAST_YEAR, 12, len(frame), bad)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    extracts = generate(Path(args.out_dir), args.rows, args.seed)
    print(json.dumps([asdict(extract) for extract in extracts], indent=1))


if __name__ == "__main__":
    main()
