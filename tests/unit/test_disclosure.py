"""The release's protection model against the tests' independent attacker (scipy's milp on
the published files), on small sparse simulated years and on pairs of consecutive releases.
The figures of docs/disclosure.md come from the same simulator (bench-free: in-process)."""

from __future__ import annotations

import csv
import dataclasses
import random
import shutil

import duckdb
import pandas as pd
import pytest

from publish.exports import export_release, read_dataset
from publish.protection import (
    MASTER_NODES,
    MASTER_ROUNDS,
    is_protected,
    keeps_protection,
    protect,
    ranges,
)
from publish.spec import release
from publish.suppression import _published, build_model, publish_release, read_previous
from tests.disclosure import (
    BENTUK,
    BULANAN,
    KATEGORI,
    REST,
    TAHUNAN,
    attack,
    is_safe,
    mart_frames,
    simulate_cases,
    write_release,
)

# (seed, SIMFONI victims, UPTD cases): 16 to 72 victims in all, like the small years.
SMALL_YEARS = [(11, 40, 30), (12, 16, 10), (13, 25, 20), (14, 52, 20), (15, 33, 8)]


def _case_release():
    """The release's four case datasets (the other public datasets count no victims)."""
    spec = release()
    return dataclasses.replace(spec, datasets={name: spec.datasets[name] for name in
                                               (KATEGORI, BENTUK, BULANAN, TAHUNAN)})


def _truth(spec, frames, published) -> dict[tuple, int]:
    """{(dataset, file, line, count): exact value} of every cell and total of the
    published files (a combination the marts do not list is 0)."""
    out = {}
    for name, frame in frames.items():
        rules = spec.datasets[name].suppression
        grid = list(rules.grid_columns)
        for count in rules.counts:
            exact = {tuple(str(row[c]) for c in grid): int(row[count])
                     for row in frame.to_dict("records")}
            for kind, table in (("cells", published[name].cells),
                                ("totals", published[name].totals)):
                for line, row in enumerate(table.to_dict("records"), start=2):
                    kept = [i for i, c in enumerate(grid) if pd.notna(row[c])]
                    values = [str(row[grid[i]]) for i in kept]
                    out[(name, kind, line, count)] = sum(
                        n for key, n in exact.items() if [key[i] for i in kept] == values)
    return out


def _exposed(spans, threshold=3):
    return {key: span for key, span in spans.items()
            if not (is_safe(key, span) if threshold == 3 else
                    span[1] > span[0] and span[1] >= threshold)}


@pytest.mark.reliability  # the exact attacker on whole releases: the red-team lane
@pytest.mark.parametrize(("seed", "simfoni", "uptd"), SMALL_YEARS)
def test_a_small_sparse_year_leaks_nothing_to_the_exact_attacker(tmp_path, seed, simfoni, uptd):
    spec = _case_release()
    frames = mart_frames(*simulate_cases(seed, simfoni=simfoni, uptd=uptd))
    published, _ = publish_release(spec, frames)
    spans = attack(write_release(published, tmp_path))
    truth = _truth(spec, frames, published)
    assert len(spans) > 40  # sparse years withhold a lot: the attack has work to do
    for key, (low, high) in spans.items():  # the attacker's knowledge is true of the data
        assert REST in key or low <= truth[key[1:]] <= high, key
    assert _exposed(spans) == {}


def test_primary_suppression_alone_leaks_to_the_same_attacker(tmp_path):
    """The attack is strong enough to matter: withholding only the 1s and 2s of a small year
    lets it recover withheld counts exactly."""
    spec = _case_release()
    frames = mart_frames(*simulate_cases(11, simfoni=40, uptd=30))
    model = build_model(spec, frames)
    for variable in model.variables:
        variable.withheld = variable.decision and variable.primary
    published = {name: _published(spec.datasets[name], frame, model)
                 for name, frame in frames.items()}
    leaks = _exposed(attack(write_release(published, tmp_path)))
    assert sum(1 for low, high in leaks.values() if low == high) >= 5


def test_the_flags_and_the_yearly_counts_are_one_model_with_the_categories():
    """The kabupaten/kota × month flags are hidden counts whose sums are the SIMFONI month
    totals and the yearly counts per kabupaten/kota: one variable each, across datasets."""
    spec = _case_release()
    frames = mart_frames(*simulate_cases(12, simfoni=16, uptd=10))
    model = build_model(spec, frames)

    def variable(dataset, kept, values, table):
        return next(index for key, (index, _) in model.var_of.items()
                    if key[1] == dataset and key[3] == table and key[4] == kept
                    and key[5] == values)

    month = frames[KATEGORI].query("sumber == 'simfoni' and jumlah_korban > 0").iloc[0]
    assert variable(KATEGORI, ("bulan",), (str(month.bulan),), ("simfoni", "2021")) == \
        variable(BULANAN, ("bulan",), (str(month.bulan),), ("2021",))
    district = frames[TAHUNAN].query("jumlah_korban > 0").iloc[0]
    assert variable(TAHUNAN, ("kode_wilayah",), (district.kode_wilayah,), ("2021",)) == \
        variable(BULANAN, ("kode_wilayah",), (district.kode_wilayah,), ("2021",))
    assert variable(KATEGORI, (), (), ("simfoni", "2021")) == \
        variable(TAHUNAN, (), (), ("2021",))
    hidden = [model.variables[index] for key, (index, _) in model.var_of.items()
              if key[1] == BULANAN and key[4] == ("bulan", "kode_wilayah")]
    assert len(hidden) == 22 * frames[BULANAN]["bulan"].max()
    assert {(v.lower, v.upper) for v in hidden} == {(1.0, float("inf")), (0.0, 0.0)}


def test_the_boy_victim_series_survives_where_the_arithmetic_allows(tmp_path):
    """NTT's volumes: about 14 boys a month, never 1 or 2, and 0–3 adult men a month. The
    adult men's 1s and 2s are withheld with the month totals beside them, not the boys'."""
    rng = random.Random(3)
    rows = []
    for tahun in (2021, 2022, 2023):
        for bulan in range(1, 13):
            for kategori, n in (("Perempuan Dewasa", rng.randint(40, 70)),
                                ("Anak Perempuan", rng.randint(25, 45)),
                                ("Anak Laki-laki", rng.randint(11, 18)),
                                ("Laki-laki Dewasa", rng.choice([0, 1, 1, 2, 2, 3]))):
                rows.append(("simfoni", tahun, bulan, f"{tahun}-{bulan:02d}", "-", kategori, n))
    frame = pd.DataFrame(rows, columns=["sumber", "tahun", "bulan", "periode", "nama_bulan",
                                        "kategori_korban", "jumlah_korban"])
    spec = _case_release()
    published, _ = publish_release(spec, {KATEGORI: frame})
    cells = published[KATEGORI].cells
    withheld = cells[cells["jumlah_korban_ditahan"]]
    small = frame[frame["jumlah_korban"].isin([1, 2])]
    assert len(withheld[withheld["kategori_korban"] == "Laki-laki Dewasa"]) >= len(small)
    assert set(withheld["kategori_korban"]) == {"Laki-laki Dewasa"}
    assert _exposed(attack(write_release(published, tmp_path))) == {}


def _marts(victims, cases) -> duckdb.DuckDBPyConnection:
    """The case marts as dbt builds them, from simulated records."""
    frames = mart_frames(victims, cases)
    con = duckdb.connect()
    con.execute("create schema marts")
    kategori = frames[KATEGORI].rename(columns={"sumber": "source"}).drop(columns="periode")
    bentuk = frames[BENTUK].rename(columns={"sumber": "source"}).drop(columns="periode")
    # No quarantined row: every flag is sure.
    monthly = frames[BULANAN].drop(columns="periode").assign(baris_dikarantina=0)
    yearly = frames[TAHUNAN].rename(columns={"tingkat_pelaporan_pct": "reporting_rate_pct"}) \
        .assign(bulan_belum_pasti=0)
    for name, frame in (("mart_cases_monthly_by_kategori", kategori),
                        ("mart_cases_monthly_by_bentuk", bentuk),
                        ("mart_simfoni_reporting_rate", monthly),
                        ("mart_simfoni_reporting_rate_yearly", yearly)):
        con.register("frame", frame)
        con.execute(f"create table marts.{name} as select * from frame")
        con.unregister("frame")
    # Both case sources cover every month of the simulated years (the period each package
    # states comes from this table).
    years = sorted({int(year) for year in yearly["tahun"]})
    con.execute("create table marts.mart_source_coverage (source varchar, tahun integer, "
                "bulan_awal integer, bulan_akhir integer, jumlah_bulan integer, "
                "satuan_periode varchar, tanggal_data date)")
    con.executemany("insert into marts.mart_source_coverage values "
                    "(?, ?, 1, 12, 12, 'bulan', make_date(?, 12, 31))",
                    [(source, year, year) for source in ("simfoni", "uptd") for year in years])
    return con


@pytest.mark.reliability  # the exact attacker on whole releases: the red-team lane
@pytest.mark.parametrize("seed", [21, 22])
def test_consecutive_releases_leak_nothing_by_differencing(tmp_path, seed):
    """A release, then the next with one case added: the second keeps every value the first
    withheld, and the exact attacker with both (counts only grow) narrows nothing."""
    spec = _case_release()
    victims, cases = simulate_cases(seed, simfoni=36, uptd=24)
    exports = tmp_path / "exports"
    export_release(_marts(victims, cases), exports, spec=spec)
    first = shutil.copytree(exports, tmp_path / "first")
    extra_victims, extra_cases = simulate_cases(seed + 100, simfoni=1, uptd=1)
    if seed % 2:
        victims = victims + [{**extra_victims[0], "no": 999}]
    else:
        cases = cases + [{**extra_cases[0], "no": 999}]
    export_release(_marts(victims, cases), exports, spec=spec)
    before, after = (_flags(folder) for folder in (first, exports))
    kept = {key for key, hidden in before.items() if hidden and key in after}
    assert kept and all(after[key] for key in kept)
    assert _exposed(attack(exports, previous=first)) == {}


def _flags(folder) -> dict[tuple, bool]:
    """{(dataset, file, grid values, level): withheld} of the released counts."""
    out = {}
    for name, dataset in _case_release().datasets.items():
        rules = dataset.suppression
        for count in rules.counts:
            for suffix in ("", "-jumlah"):
                with open(folder / name / f"{name}{suffix}.csv", encoding="utf-8") as handle:
                    for row in csv.DictReader(handle):
                        key = (name, suffix, *(row[c] for c in rules.grid_columns),
                               row.get("tingkat", "cell"))
                        out[key] = row[f"{count}_ditahan"] == "true"
    return out


def _model_release(con, spec, exports=None, **bounds):
    """(published, model) of the release of the marts in `con`, against the release in
    `exports` (read back from its files), with the protection's work bounds."""
    frames = {name: read_dataset(con, dataset)[0] for name, dataset in spec.datasets.items()}
    previous = read_previous(spec, exports) if exports is not None else None
    model = protect(build_model(spec, frames, previous), **bounds)
    return {name: _published(spec.datasets[name], frame, model)
            for name, frame in frames.items()}, model


def _withheld(model) -> set[tuple]:
    return {tuple(v.keys) for v in model.variables if v.decision and v.withheld}


@pytest.mark.reliability  # the exact attacker on whole releases: the red-team lane
def test_a_release_after_one_under_a_lower_threshold_is_bounded_and_protects_both(tmp_path):
    """The office raises the threshold from 3 to 5: the next release keeps every value the
    last one withheld, protects its own to 5 and the last one's as far as that release
    alone left them (a 1 it kept to [1, 4] cannot be widened to 5 now), in a bounded number
    of master rounds, each within its nodes; the independent attacker with both releases
    agrees. It used to loop without end on the old values no release can widen."""
    spec = _case_release()
    raised = dataclasses.replace(spec, threshold=5)
    con = _marts(*simulate_cases(23, simfoni=36, uptd=24))
    first = tmp_path / "first"
    export_release(con, first, spec=spec)
    published, model = _model_release(con, raised, first)
    second = write_release(published, tmp_path / "second")

    work = model.work
    parts = sum(1 for columns in model.components()
                if any(model.variables[c].withheld for c in columns))
    assert 0 < work.master_rounds <= MASTER_ROUNDS * parts
    assert work.most_nodes <= MASTER_NODES
    kept = _flags(first)
    after = _flags(second)
    assert all(after[key] for key, hidden in kept.items() if hidden and key in after)
    assert all(is_protected(span, 5) for span in ranges(model).values())

    alone = attack(first)
    both = attack(second, previous=first)
    assert {key: span for key, span in both.items() if REST in key
            and not is_safe(key, span)} == {}
    mine = {key: span for key, span in both.items() if key[0] == "cur" and REST not in key}
    theirs = {key: span for key, span in both.items() if key[0] == "prev" and REST not in key}
    assert len(mine) > len(theirs) > 20
    assert {key: span for key, span in mine.items() if not is_protected(span, 5)} == {}
    # Old values that the first release alone kept below 5 exist, and are not narrowed.
    below = {key for key, span in alone.items() if span[1] < 5 and REST not in key}
    assert below
    assert {key: span for key, span in theirs.items()
            if not keeps_protection(span, alone[("cur", *key[1:])], 5)} == {}


@pytest.mark.reliability  # the exact attacker on whole releases: the red-team lane
def test_a_master_cut_short_still_protects_every_withheld_value_the_same_way(tmp_path):
    """No master round at all: from the 1s and 2s (which alone leak) the pattern only
    widens, round after round, until the exact attacker finds nothing: more withheld than
    the optimum, nothing exposed to the independent attacker, the same pattern again."""
    spec = _case_release()
    con = _marts(*simulate_cases(24, simfoni=40, uptd=30))
    published, model = _model_release(con, spec, max_rounds=0)
    again = _model_release(con, spec, max_rounds=0)[1]
    best = _model_release(con, spec)[1]

    work = model.work
    decisions = sum(1 for v in model.variables if v.decision)
    assert work.master_rounds == 0
    assert 1 <= work.widening_rounds <= decisions and work.widened >= 1
    assert _withheld(again) == _withheld(model) and again.work == work
    assert len(_withheld(model)) >= len(_withheld(best))
    assert _exposed(attack(write_release(published, tmp_path))) == {}


@pytest.mark.parametrize("seed", [11, 13])
def test_the_bounds_leave_a_usual_release_as_the_unbounded_loop_makes_it(seed):
    """A year's release settles well inside the bounds: the same pattern as a loop with no
    bound on rounds or nodes, no master cut short, no widening."""
    spec = _case_release()
    con = _marts(*simulate_cases(seed, simfoni=40, uptd=30))
    _published_release, bounded = _model_release(con, spec)
    unbounded = _model_release(con, spec, max_rounds=10**6, max_nodes=10**9)[1]
    assert _withheld(bounded) == _withheld(unbounded)
    assert bounded.work.truncated == 0 and bounded.work.widening_rounds == 0
    assert 0 < bounded.work.master_rounds < MASTER_ROUNDS


KINDS = ["Perempuan Dewasa", "Anak Perempuan", "Anak Laki-laki", "Laki-laki Dewasa"]
UPTD_KINDS = [("Perempuan Dewasa", "KtP", "Fisik"), ("Anak Laki-laki", "KtA", "Psikis"),
              ("Perempuan Dewasa", "KDRT", "Psikis"), ("Anak Perempuan", "KtA", "Persetubuhan")]


def _one_case_months():
    """A year whose only SIMFONI victim of March is a girl of 4 in Sabu Raijua (53.20),
    sexual violence, and whose only UPTD case of February is a girl, KtA Pemerkosaan; 24
    SIMFONI victims in January and February and 20 UPTD cases in January and March, of
    every kategori (the tester's landing L1, as the marts hold it)."""
    victims = [{"no": n + 1, "tahun": 2024, "bulan": 1 + n % 2, "kode_wilayah": f"53.0{1 + n % 5}",
                "kategori": KINDS[n % 4], "bentuk": [["Fisik", "Psikis", "Seksual",
                                                      "Penelantaran"][n % 4]]}
               for n in range(24)]
    victims.append({"no": 25, "tahun": 2024, "bulan": 3, "kode_wilayah": "53.20",
                    "kategori": "Anak Perempuan", "bentuk": ["Seksual"]})
    cases = [{"no": n + 1, "tahun": 2024, "bulan": 1 + 2 * (n % 2),
              "kode_wilayah": f"53.0{1 + n % 3}", "kategori": UPTD_KINDS[n % 4][0],
              "jenis": UPTD_KINDS[n % 4][1], "bentuk": UPTD_KINDS[n % 4][2]} for n in range(20)]
    cases.append({"no": 21, "tahun": 2024, "bulan": 2, "kode_wilayah": "53.20",
                  "kategori": "Anak Perempuan", "jenis": "KtA", "bentuk": "Pemerkosaan"})
    return victims, cases


def _month(published, name, sumber, bulan) -> dict[tuple, object]:
    """{attribute values: published count or "x"} of one month's listed cells."""
    cells = published[name].cells
    count = "jumlah_korban" if name == KATEGORI else "jumlah_kasus"
    rows = cells[(cells["sumber"] == sumber) & (cells["bulan"] == bulan)]
    attributes = ["kategori_korban"] if name == KATEGORI else \
        ["jenis_kekerasan", "bentuk_kekerasan"]
    return {tuple(row[c] for c in attributes): "x" if row[f"{count}_ditahan"] else
            int(row[count]) for row in rows.to_dict("records")}


def test_a_one_case_month_does_not_tell_the_victims_category_or_form(tmp_path):
    """The only victim of a month is a girl who suffered sexual violence. Publishing the
    other kategori as 0 (and not listing the other forms, "not listed = 0") told everyone
    so; now a zero beside her is withheld too, in the kategori and in the forms, and the
    attacker who looks for a group whose victims all share one value finds none. With the
    zeros published (the release before), the same attacker finds exactly those months."""
    spec = _case_release()
    frames = mart_frames(*_one_case_months())
    published, model = publish_release(spec, frames)
    exports = write_release(published, tmp_path / "release")

    assert _month(published, KATEGORI, "simfoni", 3) == {
        ("Anak Laki-laki",): 0, ("Anak Perempuan",): "x", ("Laki-laki Dewasa",): "x",
        ("Perempuan Dewasa",): 0}
    assert _month(published, BENTUK, "simfoni", 3) == {  # Penelantaran: a withheld 0, listed
        ("Semua", "Penelantaran"): "x", ("Semua", "Seksual"): "x"}
    # Anak Laki-laki too: else "every victim of February was female" (UPTD has no
    # Laki-laki Dewasa).
    assert _month(published, KATEGORI, "uptd", 2) == {
        ("Anak Laki-laki",): "x", ("Anak Perempuan",): "x", ("Perempuan Dewasa",): "x"}
    assert _month(published, BENTUK, "uptd", 2) == {
        ("KDRT", "Psikis"): "x", ("KtA", "Pemerkosaan"): "x", ("KtP", "Fisik"): "x"}
    totals = published[BENTUK].totals
    # A form with no case in a month or the year is not listed (0) unless withheld.
    assert "Eksploitasi" not in set(totals["bentuk_kekerasan"].dropna())
    assert _exposed(attack(exports)) == {}

    for variable in model.variables:  # the zeros published, as before
        if variable.decision and variable.value == 0:
            variable.withheld = False
    before = {name: _published(spec.datasets[name], frame, model)
              for name, frame in frames.items()}
    leaks = _exposed(attack(write_release(before, tmp_path / "before")))
    told = {key[key.index(REST) + 1:] for key in leaks if REST in key}
    assert {(("kategori_korban",), ("Anak Perempuan",)),
            (("bentuk_kekerasan",), ("Seksual",)),
            (("bentuk_kekerasan",), ("Pemerkosaan",)),
            (("jenis_kekerasan",), ("KtA",))} <= told


def test_a_small_register_of_one_form_and_one_kategori_is_published(tmp_path):
    """A small office's year: eight SIMFONI victims, every one an adult woman with `Fisik`,
    two or three a month. The model asked that no month's victims be seen to share the one
    form the table knows, which no withheld cell can hide: `ProtectionFailed`, nothing
    published. A value every cell of the table has tells nothing (as for the kategori);
    the counts are still protected and the attacker finds nothing."""
    victims = [{"no": n + 1, "tahun": 2023, "bulan": 1 + n // 3 if n < 6 else 3 + n % 2,
                "kode_wilayah": "53.71", "kategori": "Perempuan Dewasa", "bentuk": ["Fisik"]}
               for n in range(8)]
    published, _model = publish_release(_case_release(), mart_frames(victims, []))
    exports = write_release(published, tmp_path / "release")
    assert _exposed(attack(exports)) == {}
    cells = published[KATEGORI].cells
    shown = [int(value) for value in cells["jumlah_korban"].dropna()]
    assert shown and all(value == 0 or value >= 3 for value in shown)  # never a 1 or 2
    assert cells["jumlah_korban_ditahan"].any()


def _girls_months():
    """The tester's landing L1 as the marts hold it: SIMFONI's January, two girls of 10 and
    12 in Kota Kupang (53.71), sexual violence; March, one girl of 15 in Sumba Barat Daya
    (53.18), sexual violence; February 14 victims of every kategori. UPTD's January, two
    girls, KtA Pemerkosaan; March one girl, KtA Persetubuhan; February 10 cases."""
    victims = [{"no": n + 1, "tahun": 2024, "bulan": 1, "kode_wilayah": "53.71",
                "kategori": "Anak Perempuan", "bentuk": ["Seksual"]} for n in range(2)]
    victims += [{"no": n + 3, "tahun": 2024, "bulan": 2, "kode_wilayah": f"53.0{1 + n % 5}",
                 "kategori": KINDS[n % 4], "bentuk": [["Fisik", "Psikis", "Seksual",
                                                       "Penelantaran"][n % 4]]}
                for n in range(14)]
    victims.append({"no": 17, "tahun": 2024, "bulan": 3, "kode_wilayah": "53.18",
                    "kategori": "Anak Perempuan", "bentuk": ["Seksual"]})
    cases = [{"no": n + 1, "tahun": 2024, "bulan": 1, "kode_wilayah": "53.71",
              "kategori": "Anak Perempuan", "jenis": "KtA", "bentuk": "Pemerkosaan"}
             for n in range(2)]
    cases += [{"no": n + 3, "tahun": 2024, "bulan": 2, "kode_wilayah": f"53.0{1 + n % 3}",
               "kategori": UPTD_KINDS[n % 4][0], "jenis": UPTD_KINDS[n % 4][1],
               "bentuk": UPTD_KINDS[n % 4][2]} for n in range(10)]
    cases.append({"no": 13, "tahun": 2024, "bulan": 3, "kode_wilayah": "53.18",
                  "kategori": "Anak Perempuan", "jenis": "KtA", "bentuk": "Persetubuhan"})
    return victims, cases


def test_a_month_of_girls_does_not_tell_they_were_children_or_female(tmp_path):
    """Every victim of January (two girls) and of March (one girl) is a child and female.
    Withholding only the Anak cells and publishing both Dewasa cells as 0 told "every
    victim of the month was a child" (and the flags, "the victim in Sumba Barat Daya in
    March was a child"); both Laki-laki cells as 0 would tell "a girl or a woman". Now a
    Dewasa cell and a Laki-laki cell beside hers are withheld too (UPTD knows no Laki-laki
    Dewasa: its three cells), and the attacker, who knows each kategori is an age group and
    a sex, finds no union of them that holds the whole month. Without the groupings (the
    release before), it finds the months of children."""
    spec = _case_release()
    frames = mart_frames(*_girls_months())
    published, _model = publish_release(spec, frames)
    exports = write_release(published, tmp_path / "release")

    for bulan in (1, 3):  # two girls; one girl
        assert _month(published, KATEGORI, "simfoni", bulan) == {
            ("Anak Laki-laki",): 0, ("Anak Perempuan",): "x", ("Laki-laki Dewasa",): "x",
            ("Perempuan Dewasa",): 0}
        assert _month(published, KATEGORI, "uptd", bulan) == {
            ("Anak Laki-laki",): "x", ("Anak Perempuan",): "x", ("Perempuan Dewasa",): "x"}
    assert _exposed(attack(exports)) == {}

    kategori = spec.datasets[KATEGORI]
    plain = dataclasses.replace(spec, datasets={**spec.datasets, KATEGORI: dataclasses.replace(
        kategori, suppression=dataclasses.replace(kategori.suppression, groupings={}))})
    before, _model = publish_release(plain, frames)
    leaks = _exposed(attack(write_release(before, tmp_path / "before")))
    told = {key[key.index(REST) + 1:] for key in leaks if REST in key}
    assert (("kategori_korban",), ("Anak",)) in told


def test_a_month_of_boys_beside_a_victim_of_unknown_age_does_not_tell_they_were_male(
        tmp_path):
    """SIMFONI's August: two boys; February: every kategori and one victim of unknown age
    (`Tidak diketahui`, a victim of either sex). The release withholds August's Tidak
    diketahui, a 0, beside the boys: its victims could be of unknown age, so August is not
    proven all boys, all children nor all male. The tests' attacker read that kategori as a
    man's ("not Perempuan") and reported August as all male (the red team's small year);
    it reads the words now, as the model's groupings do. Published as 0, the same cell
    leaves August all boys, and the attacker says so."""
    victims = [{"no": n + 1, "tahun": 2021, "bulan": 2, "kode_wilayah": f"53.0{1 + n % 5}",
                "kategori": KINDS[n % 4], "bentuk": [["Fisik", "Psikis", "Seksual",
                                                      "Penelantaran"][n % 4]]}
               for n in range(14)]
    victims.append({"no": 15, "tahun": 2021, "bulan": 2, "kode_wilayah": "53.71",
                    "kategori": "Tidak diketahui", "bentuk": ["Fisik"]})
    victims += [{"no": 16 + n, "tahun": 2021, "bulan": 8, "kode_wilayah": "53.71",
                 "kategori": "Anak Laki-laki", "bentuk": ["Fisik"]} for n in range(2)]
    spec = _case_release()
    frames = mart_frames(victims, [])
    published, model = publish_release(spec, frames)

    assert _month(published, KATEGORI, "simfoni", 8) == {
        ("Anak Laki-laki",): "x", ("Anak Perempuan",): 0, ("Laki-laki Dewasa",): 0,
        ("Perempuan Dewasa",): 0, ("Tidak diketahui",): "x"}
    assert _exposed(attack(write_release(published, tmp_path / "release"))) == {}

    unknown = ("8", "Tidak diketahui")
    for variable in model.variables:
        if variable.decision and any(key[1] == KATEGORI and key[5] == unknown
                                     for key in variable.keys):
            variable.withheld = False
    shown = {name: _published(spec.datasets[name], frame, model)
             for name, frame in frames.items()}
    assert _month(shown, KATEGORI, "simfoni", 8)[("Tidak diketahui",)] == 0
    leaks = _exposed(attack(write_release(shown, tmp_path / "shown")))
    told = {key[key.index(REST) + 1:] for key in leaks if REST in key}
    assert {(("kategori_korban",), ("Anak Laki-laki",)), (("kategori_korban",), ("Anak",)),
            (("kategori_korban",), ("Laki-laki",))} <= told


def test_a_grouping_that_lists_a_value_in_two_parts_is_refused(tmp_path):
    """A kategori in both Anak and Dewasa would count its victims in whichever part came
    last: the release is refused when read, naming the dataset, grouping and column."""
    from publish.spec import DATASETS_FILE

    text = DATASETS_FILE.read_text(encoding="utf-8")
    wrong = text.replace("Dewasa: [Perempuan Dewasa, Laki-laki Dewasa]",
                         "Dewasa: [Perempuan Dewasa, Laki-laki Dewasa, Anak Perempuan]")
    assert wrong != text
    path = tmp_path / "datasets.yml"
    path.write_text(wrong, encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        release(path)
    assert str(refused.value) == (
        f"datasets.yml tidak dapat dipublikasikan: dataset {KATEGORI}: pengelompokan usia "
        "pada kategori_korban menyebut satu nilai di dua bagian")
