"""The attacker of the tests, independent of the suppression code: it reads only the published
CSV files of a release (and of the release before it, for differencing) and bounds every
withheld value with exact integer programming (`scipy.optimize.milp`; the protection model
uses `highspy` directly and its own formulation).

What the attacker knows (docs/disclosure.md, "the attack"):
- every `-jumlah.csv` row is the sum of the cells that match its non-empty grid columns;
- a withheld count is at least 1, and at least its `laporan_diterima` where the yearly
  reporting file gives it; but a cell of the kategori and bentuk files, and their totals per
  kategori or bentuk, may be a withheld 0 (a combination not listed is 0);
- UPTD PPA: one victim and one bentuk per case, so the month and year totals of the kategori
  and bentuk files are the same numbers;
- SIMFONI-PPA: the monthly flags say whether each kabupaten/kota × month count is 0 or at
  least 1 (a flag of 1 may be a report proved by a quarantined row alone, a count of 0: at
  most as many such flags in a year as the rows it quarantined, `cakupan[].
  baris_dikarantina` of datapackage.json); those counts add up to the yearly count per
  kabupaten/kota and to at most the month's total victims (victims of an unknown
  kabupaten/kota are in the total only); every victim has one or more forms of violence,
  counted once under each;
- between two releases counts only grow (differencing);
- a count left empty without being withheld (`<count>_belum_pasti`: quarantined rows may
  belong to it, none was loaded) is unknown, at least 0; it is no target of the attack.

Besides ranges it attacks groups (attribute disclosure): that every victim of a month, of a
year, of a source's month in the forms of violence, shares one kategori, one jenis, one
bentuk or one form, or one union of them a reader knows from the words (`UNIONS`: children,
adults, female, male; sexual violence) (the group's victims outside it proven 0).

Also the simulator of small, sparse years, as the marts would hold them, and of landing
files for the real pipeline.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import random
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

KATEGORI = "korban-kekerasan-bulanan-per-kategori"
BENTUK = "kasus-kekerasan-bulanan-per-bentuk"
BULANAN = "pelaporan-simfoni-bulanan"
TAHUNAN = "pelaporan-simfoni-tahunan"
THRESHOLD = 3
FLAG = "_ditahan"
# The files whose cells describe victims (kategori; jenis and bentuk): a withheld cell there,
# and a withheld total of one of their values, may be 0.
ATTRIBUTES = {KATEGORI: [("kategori_korban",)],
              BENTUK: [("jenis_kekerasan",), ("bentuk_kekerasan",),
                       ("jenis_kekerasan", "bentuk_kekerasan")]}


def _named(value: str, *parts: str) -> str:
    """The part a kategori's words name (`Anak Laki-laki`: Anak; Laki-laki), else the
    kategori itself: SIMFONI's `Tidak diketahui` (a victim of unknown age, of either sex)
    names no age group and no sex, so a reader can put its victims in neither."""
    words = value.split()
    return next((part for part in parts if part in words), value)


# What a reader knows of the kategori words (Tabel 13's headers say as much): each is an age
# group and a sex, so a group's victims must not be provably all children, all adults, all
# women and girls, or all men and boys either.
# And of the forms: rape, intercourse with a child and sexual harassment are sexual violence
# (SIMFONI's one form Seksual).
UNIONS = {KATEGORI: {"kategori_korban": [
    lambda value: _named(value, "Anak", "Dewasa"),
    lambda value: _named(value, "Perempuan", "Laki-laki")]},
    BENTUK: {"bentuk_kekerasan": [
        lambda value: "Seksual" if "Seksual" in value.split()
        or value in {"Pemerkosaan", "Persetubuhan"} else value]}}
REST = "rest"


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class Attack:
    """Linear relations over the withheld values of one or two releases, then exact bounds."""

    def __init__(self):
        self.lower: dict[tuple, int] = {}
        self.truth_hint: dict[tuple, int] = {}
        self.rows: list[tuple[dict[tuple, float], float, float]] = []  # terms, lo, hi
        self.targets: list[tuple] = []
        # Counts left empty as not yet certain: unknown to the reader, no loaded victim.
        self.unsure: set[tuple] = set()

    def variable(self, key: tuple, lower: int, target: bool) -> tuple:
        self.lower[key] = max(self.lower.get(key, 0), lower)
        if target and key not in self.targets:
            self.targets.append(key)
        return key

    def relation(self, terms: list[tuple[object, float]], lo: float, hi: float) -> None:
        """Σ coefficient × term in [lo, hi]; a term is a number (published) or a key."""
        coefficients: dict[tuple, float] = defaultdict(float)
        for term, coefficient in terms:
            if isinstance(term, tuple):
                coefficients[term] += coefficient
            else:
                lo -= coefficient * term
                hi -= coefficient * term
        coefficients = {k: v for k, v in coefficients.items() if v}
        if coefficients:
            self.rows.append((coefficients, lo, hi))
        elif lo > 1e-9 or hi < -1e-9:
            raise AssertionError("the published figures contradict the attacker's knowledge")

    def bounds(self) -> dict[tuple, tuple[float, float]]:
        """(smallest, largest) integer value of every target, component by component."""
        parent = {key: key for key in self.lower}

        def find(key):
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for coefficients, _, _ in self.rows:
            first, *others = coefficients
            for other in others:
                parent[find(other)] = find(first)
        members: dict[tuple, list[tuple]] = defaultdict(list)
        for key in self.lower:
            members[find(key)].append(key)
        rows_of: dict[tuple, list] = defaultdict(list)
        for row in self.rows:
            rows_of[find(next(iter(row[0])))].append(row)
        wanted = set(self.targets)
        out = {}
        for root, keys in members.items():
            if wanted.isdisjoint(keys):
                continue
            out.update(_component_bounds(keys, rows_of[root], self.lower, wanted))
        return out


def _component_bounds(keys, rows, lower, wanted) -> dict[tuple, tuple[float, float]]:
    position = {key: i for i, key in enumerate(keys)}
    if not rows:
        return {key: (lower[key], math.inf) for key in keys if key in wanted}
    matrix = lil_matrix((len(rows), len(keys)))
    lo, hi = np.zeros(len(rows)), np.zeros(len(rows))
    for r, (coefficients, low, high) in enumerate(rows):
        for key, value in coefficients.items():
            matrix[r, position[key]] = value
        lo[r], hi[r] = low, high
    constraint = LinearConstraint(matrix.tocsr(), lo, hi)
    bounds = Bounds(np.array([lower[k] for k in keys], dtype=float), np.full(len(keys), np.inf))
    out = {}
    for key in keys:
        if key not in wanted:
            continue
        span = [] if REST not in key else [0.0]  # a rest: only its largest value matters
        for sign in (1.0, -1.0) if REST not in key else (-1.0,):
            cost = np.zeros(len(keys))
            cost[position[key]] = sign
            # The linear relaxation first: an integral optimum is the integer optimum; only a
            # fractional one needs the integer program.
            for integer in (0.0, 1.0):
                result = milp(cost, integrality=np.full(len(keys), integer), bounds=bounds,
                              constraints=constraint)
                if result.status != 0 or np.all(np.abs(result.x - np.round(result.x)) < 1e-7):
                    break
            if result.status == 3 or (result.status != 0 and sign < 0
                                      and "unbounded" in result.message.lower()):
                span.append(math.inf)
                continue
            assert result.status == 0, f"attack on {key}: {result.message}"
            span.append(round(sign * result.fun))
        out[key] = (span[0], span[1])
    return out


def _term(attack: Attack, key: tuple, row: dict[str, str], count: str, lower: int = 1,
          target: bool = True):
    if row.get(count + FLAG) == "true":
        return attack.variable(key, lower, target)
    if row[count] == "":  # not yet certain (`_belum_pasti`): unknown, at least 0, not withheld
        attack.unsure.add(key)
        return attack.variable(key, 0, False)
    return int(row[count])


def _quarantined_rows(folder: Path) -> dict[str, int]:
    """{tahun: SIMFONI-PPA rows quarantined} as the package's datapackage.json states them."""
    path = folder / "datapackage.json"
    if not path.is_file():
        return {}
    described = json.loads(path.read_text(encoding="utf-8"))
    return {str(item["tahun"]): int(item.get("baris_dikarantina") or 0)
            for item in described.get("cakupan", []) if item.get("sumber") == "simfoni"}


def _grid(header: list[str]) -> list[str]:
    return header[:header.index("tingkat")]


def add_release(attack: Attack, exports: Path, tag: str, target: bool = True) -> dict:
    """Every relation of one release's files. Returns {quantity: term} for differencing."""
    terms: dict[tuple, object] = {}
    for folder in sorted(p for p in exports.iterdir() if p.is_dir()):
        name = folder.name
        cells = _read(folder / f"{name}.csv")
        totals = _read(folder / f"{name}-jumlah.csv")
        if not cells or not totals:
            continue
        grid = _grid(list(totals[0]))
        counts = [c.removesuffix(FLAG) for c in totals[0] if c.endswith(FLAG)]
        # Months with a case entered: at least one victim each.
        at_least = "laporan_diterima" if "laporan_diterima" in cells[0] else None
        quarantined = _quarantined_rows(folder)
        zero_level = ("per " + ", ".join(c.replace("_", " ") for c in ATTRIBUTES[name][-1])
                      if name in ATTRIBUTES else None)
        for count in counts:
            cell_terms = []
            for line, row in enumerate(cells, start=2):
                known = int(row[at_least]) if at_least and row.get(at_least) else 0
                if known:  # months a quarantined row alone reported count no victim
                    known = max(0, known - quarantined.get(row.get("tahun", ""), 0))
                term = _term(attack, (tag, name, "cells", line, count), row, count,
                             known if zero_level else max(1, known), target)
                cell_terms.append((row, term))
                terms[(name, count, tuple(row[c] for c in grid), "cell")] = term
            for line, row in enumerate(totals, start=2):
                total = _term(attack, (tag, name, "totals", line, count), row, count,
                              0 if row["tingkat"] == zero_level else 1, target)
                terms[(name, count, tuple(row[c] for c in grid), row["tingkat"])] = total
                kept = [c for c in grid if row[c] != ""]
                members = [(cell, term) for cell, term in cell_terms
                           if all(cell[c] == row[c] for c in kept)]
                attack.relation([(total, 1.0), *((m, -1.0) for _c, m in members)], 0.0, 0.0)
                # A total left empty as not yet certain holds no loaded victim (its lower
                # bound is 0, as the protection model sees it): no group to tell.
                unsure = row[count] == "" and row.get(count + FLAG) != "true"
                if name in ATTRIBUTES and row["tingkat"] != zero_level and target \
                        and not unsure:
                    _groups(attack, (tag, name, line, count), total, members,
                            ATTRIBUTES[name], cells, UNIONS.get(name, {}))
    _uptd_links(attack, terms)
    _simfoni_links(attack, exports, terms, tag, target)
    return terms


def _groups(attack: Attack, key: tuple, total, members: list, selections: list,
            cells: list[dict], unions: dict | None = None) -> None:
    """Rest targets of one group (a month or year total and its cells): for each value
    of each attribute, and each union of values a reader knows (`unions`: {column: [value ->
    part]}), the group's victims outside it, which must not be provably 0. Values every cell
    of the source has (SIMFONI's jenis "Semua") tell nothing; a group with a published victim
    outside the value is safe and not asked."""
    if total == 0 or not members:
        return
    sumber = members[0][0]["sumber"]
    labellers = [(selection, lambda values: values) for selection in selections]
    for column, parts in (unions or {}).items():
        labellers += [((column,), lambda values, part=part: (part(values[0]),))
                      for part in parts]
    for selection, label in labellers:
        known = {label(tuple(row[c] for c in selection)) for row in cells
                 if row["sumber"] == sumber}
        if len(known) < 2:
            continue
        for value in sorted(known):
            outside = [term for cell, term in members
                       if label(tuple(cell[c] for c in selection)) != value]
            inside = [term for cell, term in members
                      if label(tuple(cell[c] for c in selection)) == value]
            if not inside or any(not isinstance(t, tuple) and t > 0 for t in outside):
                continue
            _rest(attack, (*key, REST, selection, value), total, inside)


def _rest(attack: Attack, key: tuple, total, inside: list) -> None:
    """rest = total − Σ inside ≥ 0, a target whose largest value must be at least 1."""
    rest = attack.variable(key, 0, target=True)
    attack.relation([(rest, 1.0), (total, -1.0), *((t, 1.0) for t in inside)], 0.0, 0.0)


def _month_and_year_totals(terms: dict, name: str, count: str, sumber: str) -> dict:
    """{(tahun, bulan or ''): term} of one source's month and grand totals in one file."""
    out = {}
    for (dataset, column, grid, level), term in terms.items():
        if dataset != name or column != count or grid[0] != sumber:
            continue
        if level == "per bulan":
            out[(grid[1], grid[2])] = term
        elif level == "total":
            out[(grid[1], "")] = term
    return out


def _uptd_links(attack: Attack, terms: dict) -> None:
    kategori = _month_and_year_totals(terms, KATEGORI, "jumlah_korban", "uptd")
    bentuk = _month_and_year_totals(terms, BENTUK, "jumlah_kasus", "uptd")
    for key, term in kategori.items():
        if key in bentuk:
            attack.relation([(term, 1.0), (bentuk[key], -1.0)], 0.0, 0.0)


def _simfoni_links(attack: Attack, exports: Path, terms: dict, tag: str,
                   target: bool = True) -> None:
    victims = _month_and_year_totals(terms, KATEGORI, "jumlah_korban", "simfoni")
    # Every victim has at least one form of violence and counts once under each.
    bentuk_cells: dict[tuple, list] = defaultdict(list)
    for (dataset, _, grid, level), term in terms.items():
        if dataset == BENTUK and grid[0] == "simfoni" and level == "cell":
            bentuk_cells[(grid[1], grid[2])].append((grid[4], term))
        elif dataset == BENTUK and grid[0] == "simfoni" and level.startswith("per jenis"):
            bentuk_cells[(grid[1], "")].append((grid[4], term))  # the year's, per form
    # A form every listed cell has (a small register's every case `Fisik`) tells nothing,
    # as a value every cell has in `_groups`: not asked.
    forms = {form for cells in bentuk_cells.values() for form, _c in cells}
    for key, cells in bentuk_cells.items():
        if key not in victims:
            continue
        if key[1]:
            attack.relation([*((c, 1.0) for _f, c in cells), (victims[key], -1.0)],
                            0.0, math.inf)
        for form, cell in cells:
            attack.relation([(victims[key], 1.0), (cell, -1.0)], 0.0, math.inf)
            # Every victim of the month (or year) with this form?
            if target and len(forms) > 1 and victims[key] != 0 \
                    and victims[key] not in attack.unsure and not (
                    not isinstance(cell, tuple) and not isinstance(victims[key], tuple)
                    and cell < victims[key]):
                _rest(attack, (tag, BENTUK, "simfoni", *key, REST, form), victims[key], [cell])
    # Kabupaten/kota × month counts: 0 or at least 1 by the flags.
    flags = _read(exports / BULANAN / f"{BULANAN}.csv")
    if not flags:
        return
    yearly = {(grid[0], grid[1]): term for (dataset, _, grid, level), term in terms.items()
              if dataset == TAHUNAN and level == "cell"}
    year_total = {grid[0]: term for (dataset, _, grid, level), term in terms.items()
                  if dataset == TAHUNAN and level == "total"}
    by_district: dict[tuple, list] = defaultdict(list)
    by_month: dict[tuple, list] = defaultdict(list)
    by_year: dict[str, list] = defaultdict(list)
    for row in flags:
        if row["laporan_diterima"] != "1":
            continue
        hidden = attack.variable((tag, "hidden", row["tahun"], row["bulan"],
                                  row["kode_wilayah"]), 0, target=False)
        by_district[(row["tahun"], row["kode_wilayah"])].append(hidden)
        by_month[(row["tahun"], row["bulan"])].append(hidden)
        by_year[row["tahun"]].append(hidden)
    quarantined = _quarantined_rows(exports / BULANAN)
    for tahun, hidden in by_year.items():
        # Each flag is at least 1 victim, but for at most one flag per quarantined row.
        if quarantined.get(tahun, 0):
            attack.relation([(h, 1.0) for h in hidden],
                            float(len(hidden) - quarantined[tahun]), math.inf)
        else:
            for h in hidden:
                attack.relation([(h, 1.0)], 1.0, math.inf)
    for key, term in yearly.items():  # (tahun, kode_wilayah)
        attack.relation([(term, 1.0), *((h, -1.0) for h in by_district.get(key, []))],
                        0.0, 0.0)
    for (tahun, bulan), hidden in by_month.items():
        if (tahun, bulan) in victims:
            attack.relation([(victims[(tahun, bulan)], 1.0), *((h, -1.0) for h in hidden)],
                            0.0, math.inf)
    for tahun, term in year_total.items():
        if (tahun, "") in victims:
            attack.relation([(victims[(tahun, "")], 1.0), (term, -1.0)], 0.0, math.inf)


def attack(exports: Path, previous: Path | None = None) -> dict[tuple, tuple[float, float]]:
    """{(release, dataset, file, line, count column): (smallest, largest)} of every withheld
    value of the release in `exports` (and of `previous`, differenced against it)."""
    attacker = Attack()
    current = add_release(attacker, exports, "cur")
    if previous is not None:
        before = add_release(attacker, previous, "prev")
        for key, term in before.items():
            if key in current:  # counts only grow
                attacker.relation([(current[key], 1.0), (term, -1.0)], 0.0, math.inf)
    return attacker.bounds()


def exposed(exports: Path, previous: Path | None = None) -> dict[tuple, tuple[float, float]]:
    """Withheld values whose range is one value or stays below the threshold, and groups
    whose victims are proven to share one attribute value (a rest whose largest value is
    0; keys with `REST`)."""
    return {key: span for key, span in attack(exports, previous).items()
            if not is_safe(key, span)}


def is_safe(key: tuple, span: tuple[float, float]) -> bool:
    if REST in key:
        return span[1] >= 1
    # A withheld 0 the attacker sees is 0 tells no victim's count (a group's victims are
    # judged by its rests); any other value keeps its interval.
    return span == (0, 0) or (span[1] > span[0] and span[1] >= THRESHOLD)


# --- Simulated small years -------------------------------------------------------------

KABUPATEN = [f"53.{n:02d}" for n in range(1, 22)] + ["53.71"]
BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember"]
SIMFONI_KATEGORI = [("Perempuan Dewasa", 0.44), ("Anak Perempuan", 0.33),
                    ("Anak Laki-laki", 0.18), ("Laki-laki Dewasa", 0.05)]
SIMFONI_BENTUK = ["Fisik", "Psikis", "Seksual", "Penelantaran", "Eksploitasi", "Trafficking",
                  "Lainnya"]
UPTD_KATEGORI = [("Perempuan Dewasa", 0.45), ("Anak Perempuan", 0.35),
                 ("Anak Laki-laki", 0.20)]
UPTD_BENTUK = {"KtA": ["Fisik", "Psikis", "Persetubuhan", "Pelecehan Seksual", "Penelantaran"],
               "KtP": ["Fisik", "Psikis", "Pemerkosaan", "Ingkar Janji Menikah"],
               "KDRT": ["Fisik", "Psikis", "Penelantaran"]}


def _choice(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def simulate_cases(seed: int, year: int = 2021, simfoni: int = 40, uptd: int = 30
                   ) -> tuple[list[dict], list[dict]]:
    """Victims of a small, sparse year: SIMFONI records and UPTD cases (month, kabupaten,
    kategori, forms of violence), skewed like NTT's (Kota Kupang reports most)."""
    rng = random.Random(seed)
    districts = [("53.71", 6.0), ("53.01", 2.0), ("53.04", 1.5)] + \
        [(k, 0.5) for k in KABUPATEN if k not in {"53.71", "53.01", "53.04"}]
    victims = []
    for number in range(simfoni):
        forms = rng.sample(SIMFONI_BENTUK, rng.choice([1, 1, 1, 2]))
        victims.append({"no": number + 1, "tahun": year, "bulan": rng.randint(1, 12),
                        "kode_wilayah": _choice(rng, districts),
                        "kategori": _choice(rng, SIMFONI_KATEGORI), "bentuk": forms})
    cases = []
    for number in range(uptd):
        kategori = _choice(rng, UPTD_KATEGORI)
        jenis = "KtA" if kategori.startswith("Anak") else rng.choice(["KtP", "KDRT"])
        cases.append({"no": number + 1, "tahun": year, "bulan": rng.randint(1, 12),
                      "kode_wilayah": _choice(rng, districts), "kategori": kategori,
                      "jenis": jenis, "bentuk": rng.choice(UPTD_BENTUK[jenis])})
    return victims, cases


def mart_frames(victims: list[dict], cases: list[dict]) -> dict[str, pd.DataFrame]:
    """The four public case datasets as `publish.exports.read_dataset` returns them from the
    marts (kategori zero-filled for every month and category a source has; bentuk only for
    the combinations that occur; flags up to the last month SIMFONI reported)."""
    kategori_rows, bentuk_rows = [], []
    for sumber, records in (("simfoni", victims), ("uptd", cases)):
        for tahun in sorted({r["tahun"] for r in records}):
            year = [r for r in records if r["tahun"] == tahun]
            kinds = sorted({r["kategori"] for r in records})
            for bulan in range(1, 13):
                for kategori in kinds:
                    n = sum(1 for r in year if r["bulan"] == bulan and r["kategori"] == kategori)
                    kategori_rows.append((sumber, tahun, bulan, f"{tahun}-{bulan:02d}",
                                          BULAN[bulan - 1], kategori, n))
            counted: dict[tuple, int] = defaultdict(int)
            for r in year:
                forms = r["bentuk"] if isinstance(r["bentuk"], list) else [r["bentuk"]]
                for form in forms:
                    counted[(r["bulan"], r.get("jenis", "Semua"), form)] += 1
            for (bulan, jenis, form), n in counted.items():
                bentuk_rows.append((sumber, tahun, bulan, f"{tahun}-{bulan:02d}",
                                    BULAN[bulan - 1], jenis, form, n))
    kategori = pd.DataFrame(kategori_rows, columns=[
        "sumber", "tahun", "bulan", "periode", "nama_bulan", "kategori_korban",
        "jumlah_korban"]).sort_values(["sumber", "tahun", "bulan", "kategori_korban"])
    bentuk = pd.DataFrame(bentuk_rows, columns=[
        "sumber", "tahun", "bulan", "periode", "nama_bulan", "jenis_kekerasan",
        "bentuk_kekerasan", "jumlah_kasus"]).sort_values(
        ["sumber", "tahun", "bulan", "jenis_kekerasan", "bentuk_kekerasan"])
    monthly_rows, yearly_rows = [], []
    for tahun in sorted({v["tahun"] for v in victims}):
        year = [v for v in victims if v["tahun"] == tahun]
        last = max(v["bulan"] for v in year)
        for kode in KABUPATEN:
            months = [sum(1 for v in year if v["kode_wilayah"] == kode and v["bulan"] == b)
                      for b in range(1, last + 1)]
            for bulan, n in enumerate(months, start=1):
                monthly_rows.append((kode, f"Wilayah {kode}", tahun, bulan,
                                     f"{tahun}-{bulan:02d}", 1, int(n > 0), n))
            received = sum(n > 0 for n in months)
            yearly_rows.append((kode, f"Wilayah {kode}", tahun, sum(months), last, received,
                                round(100 * received / last, 2), received == 0))
    monthly = pd.DataFrame(monthly_rows, columns=[
        "kode_wilayah", "kabupaten_kota", "tahun", "bulan", "periode", "laporan_diharapkan",
        "laporan_diterima", "jumlah_korban"])
    yearly = pd.DataFrame(yearly_rows, columns=[
        "kode_wilayah", "kabupaten_kota", "tahun", "jumlah_korban", "laporan_diharapkan",
        "laporan_diterima", "tingkat_pelaporan_pct", "is_tidak_melapor"])
    return {KATEGORI: kategori.reset_index(drop=True), BENTUK: bentuk.reset_index(drop=True),
            BULANAN: monthly, TAHUNAN: yearly}


def write_release(published: dict, folder: Path) -> Path:
    """The CSV files of a release as the exports write them (no metadata)."""
    from publish.package import write_csv

    for name, release in published.items():
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        write_csv(release.cells, target / f"{name}.csv", {})
        if release.totals is not None:
            write_csv(release.totals, target / f"{name}-jumlah.csv", {})
    return folder


def simfoni_landing_rows(victims: list[dict]) -> list[dict]:
    """SIMFONI-PPA export rows (helpers.simfoni_row changes) for simulated victims."""
    ages = {"Perempuan Dewasa": ("P", 30), "Anak Perempuan": ("P", 12),
            "Anak Laki-laki": ("L", 10), "Laki-laki Dewasa": ("L", 35)}
    rows = []
    for v in victims:
        sex, age = ages[v["kategori"]]
        # Reports fall on any day of the month (past the 12th settles the dates' order).
        day = dt.date(v["tahun"], v["bulan"], 10 + v["no"] % 19).strftime("%d/%m/%Y")
        rows.append({"No. Registrasi": f"SIM-{v['tahun']}-{v['no']:05d}", "Tanggal Lapor": day,
                     "Tanggal Kejadian": day, "Kabupaten/Kota": v["kode_wilayah"],
                     "Jenis Kelamin Korban": sex, "Umur Korban": str(age),
                     "Bentuk Kekerasan": "; ".join(v["bentuk"])})
    return rows


def uptd_landing_rows(cases: list[dict]) -> list[dict]:
    """UPTD register rows (helpers.uptd_row changes) for simulated cases."""
    return [{"No. Kasus": f"UPTD/{c['tahun']}/{c['no']:03d}",
             "Tanggal Pengaduan": dt.datetime(c["tahun"], c["bulan"], 10),
             "Kategori Korban": c["kategori"], "Jenis Kekerasan": c["jenis"],
             "Bentuk Kekerasan": c["bentuk"], "Kabupaten/Kota": c["kode_wilayah"]}
            for c in cases]


# --- Figures of docs/disclosure.md -----------------------------------------------------

def figures(exports: Path, warehouse: Path) -> list[tuple]:
    """Per dataset of a published release: cells listed, cells withheld, totals withheld,
    victims in the cells and share of them withheld (exact counts from the warehouse's marts;
    a listed withheld 0 the marts do not hold counts as a cell of 0), and the attack's
    outcome: (withheld values, exposed, pinned exactly)."""
    import duckdb as _duckdb

    from publish.exports import read_dataset
    from publish.protection import token
    from publish.spec import release

    spec = release()
    con = _duckdb.connect(str(warehouse), read_only=True)
    out = []
    try:
        for name, dataset in spec.datasets.items():
            rules = dataset.suppression
            if rules is None or not rules.counts:
                continue
            exact, _types = read_dataset(con, dataset)
            cells = _read(exports / name / f"{name}.csv")
            totals = _read(exports / name / f"{name}-jumlah.csv")
            # The CSV lists a withheld 0 the mart does not hold (a bentuk combination that
            # did not occur): cells are matched by their grid values, not by position.
            grid = rules.grid_columns
            exact_of = {tuple(token(row[c]) for c in grid): row
                        for row in exact.to_dict("records")}
            for count in rules.counts:
                victims = int(exact[count].sum())
                hidden = sum(int(exact_of[key][count]) for key, row in
                             ((tuple(row[c] for c in grid), row) for row in cells)
                             if row[count + FLAG] == "true" and key in exact_of)
                out.append((name, len(cells), sum(r[count + FLAG] == "true" for r in cells),
                            sum(r[count + FLAG] == "true" for r in totals), victims,
                            hidden / victims if victims else 0.0))
    finally:
        con.close()
    spans = attack(exports)
    bad = {k: v for k, v in spans.items() if not is_safe(k, v)}
    out.append(("attack", len(spans), len(bad), sum(1 for v in bad.values() if v[0] == v[1])))
    return out


if __name__ == "__main__":
    import sys

    for line in figures(Path(sys.argv[1]), Path(sys.argv[2])):
        print(line)
