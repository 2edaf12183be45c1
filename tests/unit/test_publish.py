"""Disclosure control and Satu Data packaging on a tiny release held in an in-memory DuckDB."""

import csv
import datetime as dt
import itertools
import json
import os
import random
import resource
import shutil

import duckdb
import pandas as pd
import pytest
from frictionless import validate

from core.owner import RECORD, ForeignOutput
from publish.exports import export_release, read_dataset, recover, swap_in
from publish.package import CKAN_EXTRAS
from publish.protection import is_protected, ranges
from publish.spec import release
from publish.suppression import (
    _published,
    build_model,
    kept_of,
    level_label,
    publish_release,
    read_published,
)
from tests.disclosure import attack, exposed, write_release

RELEASE_YML = """
release:
  produsen_data: DP3A Provinsi NTT
  organisasi: dp3a-provinsi-ntt
  sifat_data: Terbuka
  lisensi:
    id: CC-BY-4.0
    judul: CC BY 4.0
    url: https://creativecommons.org/licenses/by/4.0/
    ckan_id: cc-by
  kode_wilayah: "53"
  ambang_sel_kecil: 3
  catatan_pengendalian: Jumlah 1 dan 2 ditahan.
datasets:
  per-kategori:
    mart: t_kategori
    judul: Korban per kategori
    deskripsi: Korban per bulan dan kategori.
    konsep: Korban kekerasan.
    definisi: Banyaknya korban.
    rumus_perhitungan: Jumlah korban.
    satuan: orang
    ukuran: jumlah
    level_wilayah: provinsi
    periode_data: bulanan
    frekuensi_pembaruan: bulanan
    sumber_data: Register uji
    cakupan: [uji]
    primary_key: [bulan, kategori]
    columns:
      - {name: bulan, judul: Bulan, deskripsi: Bulan.}
      - {name: kategori, judul: Kategori, deskripsi: Kategori.}
      - {name: jumlah_korban, judul: Jumlah korban, deskripsi: Korban.}
    suppression:
      counts: [jumlah_korban]
      axes: [[bulan], [kategori]]
      shared_totals: [{name: kasus, margins: [[bulan], []]}]
  per-bentuk:
    mart: t_bentuk
    judul: Kasus per bentuk
    deskripsi: Kasus per bulan dan bentuk.
    konsep: Bentuk kekerasan.
    definisi: Banyaknya kasus.
    rumus_perhitungan: Jumlah kasus.
    satuan: kasus
    ukuran: jumlah
    level_wilayah: provinsi
    periode_data: bulanan
    frekuensi_pembaruan: bulanan
    sumber_data: Register uji
    cakupan: [uji]
    primary_key: [bulan, bentuk]
    columns:
      - {name: bulan, judul: Bulan, deskripsi: Bulan.}
      - {name: bentuk, judul: Bentuk, deskripsi: Bentuk.}
      - {name: jumlah_kasus, judul: Jumlah kasus, deskripsi: Kasus.}
    suppression:
      counts: [jumlah_kasus]
      axes: [[bulan], [bentuk]]
      shared_totals: [{name: kasus, margins: [[bulan], []]}]
  per-wilayah:
    mart: t_wilayah
    judul: Pelaporan per wilayah
    deskripsi: Korban dan bulan melapor per kabupaten.
    konsep: Pelaporan.
    definisi: Bulan dengan kasus.
    rumus_perhitungan: laporan diterima ÷ diharapkan.
    satuan: persen
    ukuran: persentase
    level_wilayah: kabupaten/kota
    periode_data: tahunan
    frekuensi_pembaruan: bulanan
    sumber_data: Register uji
    cakupan: [uji]
    primary_key: [kode_wilayah]
    columns:
      - {name: kode_wilayah, judul: Kode wilayah, deskripsi: Kemendagri.}
      - {name: jumlah_korban, judul: Jumlah korban, deskripsi: Korban.}
      - {name: laporan_diterima, judul: Laporan diterima, deskripsi: Bulan.}
      - {name: persen, judul: Persen, deskripsi: Persen.}
      - {name: tanggal_data, judul: Tanggal data, deskripsi: Tanggal.}
    suppression:
      counts: [jumlah_korban]
      axes: [[kode_wilayah]]
      at_least: {jumlah_korban: laporan_diterima}
  anggaran:
    mart: t_anggaran
    judul: Serapan anggaran
    deskripsi: Pagu dan realisasi per sub kegiatan.
    konsep: Serapan.
    definisi: Realisasi dibanding pagu.
    rumus_perhitungan: 100 × realisasi ÷ pagu.
    satuan: rupiah; persen
    ukuran: jumlah; persentase
    level_wilayah: provinsi
    periode_data: tahunan
    frekuensi_pembaruan: bulanan
    sumber_data: DPA uji
    cakupan: [uji]
    primary_key: [kode_sub_kegiatan]
    columns:
      - {name: kode_sub_kegiatan, judul: Kode, deskripsi: Kode.}
      - {name: pagu, judul: Pagu, deskripsi: Rupiah.}
      - {name: realisasi, judul: Realisasi, deskripsi: Rupiah.}
      - {name: realisasi_pct, judul: Realisasi (%), deskripsi: Persen.}
      - {name: jumlah_kegiatan, judul: Kegiatan, deskripsi: Banyaknya.}
    suppression: null
"""

# Month × kategori victims; the same cases month × bentuk (one bentuk per case).
KATEGORI = {(1, "Anak"): 1, (1, "Dewasa"): 9, (1, "Lansia"): 4,
            (2, "Anak"): 6, (2, "Dewasa"): 2, (2, "Lansia"): 0,
            (3, "Anak"): 5, (3, "Dewasa"): 7, (3, "Lansia"): 8}
BENTUK = {(1, "Fisik"): 10, (1, "Psikis"): 4,
          (2, "Fisik"): 4, (2, "Psikis"): 4,
          (3, "Fisik"): 18, (3, "Psikis"): 2}
WILAYAH = [("53.01", 1, 1, 8.33), ("53.02", 40, 12, 100.0), ("53.03", 0, 0, 0.0),
           ("53.04", 9, 5, 41.67), ("53.05", 2, 2, 16.67)]

# Sub kegiatan, pagu, realisasi (to the sen), realisasi %, kegiatan counted.
ANGGARAN = [("2.08.01.2.01.0001", "6555000.00", "2931000.00", "44.70", 3),
            ("2.08.03.1.01.0002", "150000000.00", "1263250.50", "0.84", 12)]


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "datasets.yml"
    path.write_text(RELEASE_YML, encoding="utf-8")
    return release(path)


def _marts(kategori=KATEGORI, bentuk=BENTUK, path=None) -> duckdb.DuckDBPyConnection:
    """The release's marts, in memory or (`path`) in a warehouse file."""
    con = duckdb.connect(str(path) if path else ":memory:")
    con.execute("create schema marts")
    con.execute("create table marts.t_kategori (bulan integer, kategori varchar, "
                "jumlah_korban bigint)")
    con.executemany("insert into marts.t_kategori values (?, ?, ?)",
                    [(b, k, n) for (b, k), n in kategori.items()])
    con.execute("create table marts.t_bentuk (bulan integer, bentuk varchar, jumlah_kasus bigint)")
    con.executemany("insert into marts.t_bentuk values (?, ?, ?)",
                    [(b, k, n) for (b, k), n in bentuk.items()])
    con.execute("create table marts.t_wilayah (kode_wilayah varchar, jumlah_korban bigint, "
                "laporan_diterima integer, persen double, tanggal_data date)")
    con.executemany("insert into marts.t_wilayah values (?, ?, ?, ?, date '2023-12-31')",
                    WILAYAH)
    con.execute("create table marts.t_anggaran (kode_sub_kegiatan varchar, "
                "pagu decimal(18, 2), realisasi decimal(18, 2), realisasi_pct decimal(5, 2), "
                "jumlah_kegiatan hugeint)")
    con.executemany("insert into marts.t_anggaran values (?, ?, ?, ?, ?)", ANGGARAN)
    con.execute("create table marts.mart_source_coverage as select 'uji' as source, "
                "2023 as tahun, 1 as bulan_awal, 3 as bulan_akhir, 3 as jumlah_bulan, "
                "'bulan' as satuan_periode, date '2023-03-31' as tanggal_data")
    return con


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in
                                       p.relative_to(folder).parts)}


def _grid_release(spec, table, hidden, folder):
    """One 3×3 per-kategori table with the chosen cells withheld (totals published): the
    protection model's exact ranges, and the files an attacker reads."""
    frame = pd.DataFrame([(b, k, n) for (b, k), n in table.items()],
                         columns=["bulan", "kategori", "jumlah_korban"])
    model = build_model(spec, {"per-kategori": frame})
    for key, (index, _offset) in model.var_of.items():
        cell = (int(key[5][0]), key[5][1]) if key[4] == ("bulan", "kategori") else None
        model.variables[index].withheld = cell in hidden
    published = {"per-kategori": _published(spec.datasets["per-kategori"], frame, model)}
    return model, write_release(published, folder)


def test_both_attacks_give_the_exact_integer_range_of_small_tables(spec, tmp_path):
    """The protection model's solver (highspy) and the tests' attacker (scipy's milp, from
    the files) both give the smallest and largest value of each withheld cell of 3×3 tables
    with published margins, as enumerating every table that fits does."""
    rng = random.Random(5)
    kinds = ["A", "B", "C"]
    for trial in range(12):
        table = {(r, k): rng.randint(0, 5) for r in (1, 2, 3) for k in kinds}
        nonzero = [cell for cell, n in table.items() if n]
        hidden = rng.sample(nonzero, min(len(nonzero), rng.randint(2, 4)))
        model, folder = _grid_release(spec, table, hidden, tmp_path / f"t{trial}")
        rows = {r: sum(table[r, k] for k in kinds) for r in (1, 2, 3)}
        cols = {k: sum(table[r, k] for r in (1, 2, 3)) for k in kinds}
        fits = [values for values in itertools.product(range(1, 16), repeat=len(hidden))
                if all(sum(v for v, cell in zip(values, hidden, strict=True) if cell[0] == r)
                       == rows[r] - sum(table[r, k] for k in kinds if (r, k) not in hidden)
                       for r in (1, 2, 3))
                and all(sum(v for v, cell in zip(values, hidden, strict=True) if cell[1] == k)
                        == cols[k] - sum(table[r, k] for r in (1, 2, 3) if (r, k) not in hidden)
                        for k in kinds)]
        expected = {cell: (min(v[i] for v in fits), max(v[i] for v in fits))
                    for i, cell in enumerate(hidden)}
        mine = {(int(key[5][0]), key[5][1]): span for key, span in ranges(model).items()
                if key[4] == ("bulan", "kategori")}
        assert mine == expected, table
        lines = {line: (int(row["bulan"]), row["kategori"]) for line, row in
                 enumerate(_rows(folder / "per-kategori" / "per-kategori.csv"), start=2)}
        theirs = {lines[key[3]]: span for key, span in attack(folder).items()
                  if key[2] == "cells"}
        assert theirs == expected, table


def test_no_published_count_is_1_or_2_and_zeros_stay(spec, tmp_path):
    export_release(_marts(), tmp_path / "exports", spec=spec)
    cells = _rows(tmp_path / "exports/per-kategori/per-kategori.csv")
    published = {(r["bulan"], r["kategori"]): r for r in cells}
    assert published["1", "Anak"]["jumlah_korban"] == ""
    assert published["1", "Anak"]["jumlah_korban_ditahan"] == "true"
    assert published["2", "Lansia"]["jumlah_korban"] == "0"  # a zero is not sensitive
    for folder in (tmp_path / "exports").iterdir():
        for path in folder.glob("*.csv"):
            for row in _rows(path):
                for column in ("jumlah_korban", "jumlah_kasus"):
                    if column in row:
                        assert row[column] not in {"1", "2"}, (path.name, row)
                        assert (row[column] == "") == (row[f"{column}_ditahan"] == "true")


def test_attack_recovers_no_withheld_count(spec, tmp_path):
    export_release(_marts(), tmp_path / "exports", spec=spec)
    spans = attack(tmp_path / "exports")
    assert len(spans) >= 6
    assert exposed(tmp_path / "exports") == {}


def test_attack_finds_what_primary_suppression_alone_leaks(spec, tmp_path):
    """Withholding only the 1s and 2s would let anyone add them back from the totals."""
    export_release(_marts(), tmp_path / "exports", spec=spec)
    exact = {**{(str(b), k): n for (b, k), n in KATEGORI.items()},
             **{(str(b), k): n for (b, k), n in BENTUK.items()}}
    for name, key, count in (("per-kategori", "kategori", "jumlah_korban"),
                             ("per-bentuk", "bentuk", "jumlah_kasus")):
        path = tmp_path / "exports" / name / f"{name}.csv"
        rows = _rows(path)
        for row in rows:
            value = exact[row["bulan"], row[key]]
            if value >= 3:  # publish the complementary cells back
                row[count], row[f"{count}_ditahan"] = str(value), "false"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    assert exposed(tmp_path / "exports")


def _frames(bentuk=BENTUK):
    return {"per-kategori": pd.DataFrame([(b, k, n) for (b, k), n in KATEGORI.items()],
                                         columns=["bulan", "kategori", "jumlah_korban"]),
            "per-bentuk": pd.DataFrame([(b, k, n) for (b, k), n in bentuk.items()],
                                       columns=["bulan", "bentuk", "jumlah_kasus"])}


def _month_totals(published, name, count):
    totals = published[name].totals
    months = totals[totals["tingkat"] == "per bulan"]
    return dict(zip(months["bulan"].astype(int), months[f"{count}_ditahan"], strict=True))


def test_shared_totals_that_differ_are_linked_by_their_difference(spec):
    """A month where the bentuk side counts one case more than the kategori side (a data
    error) is still one quantity to an attacker who knows the difference: withheld on both
    sides or on neither, and no withheld value is exposed."""
    published, model = publish_release(spec, _frames({**BENTUK, (2, "Psikis"): 5}))
    shared = {key: model.var_of[key] for key in model.var_of
              if key[1] in ("per-kategori", "per-bentuk") and key[4] == ("bulan",)
              and key[5] == ("2",)}
    assert len({index for index, _ in shared.values()}) == 1
    offsets = {key[1]: offset for key, (_, offset) in shared.items()}
    assert offsets["per-bentuk"] - offsets["per-kategori"] == 1.0
    assert _month_totals(published, "per-kategori", "jumlah_korban") == \
        _month_totals(published, "per-bentuk", "jumlah_kasus")
    assert all(is_protected(span, spec.threshold) for span in ranges(model).values())


def test_totals_shared_by_two_datasets_are_one_quantity(spec):
    """Month totals published by both the kategori and the bentuk dataset are one variable of
    the protection model, and no withheld value is exposed through either."""
    published, model = publish_release(spec, _frames())
    groups = {model.var_of[key][0] for key in model.var_of
              if key[4] in (("bulan",), ()) and key[1] in ("per-kategori", "per-bentuk")}
    assert len(groups) == 4  # three month totals and the grand total, once for both
    assert all(is_protected(span, spec.threshold) for span in ranges(model).values())


def test_package_is_valid_frictionless_and_ckan_carries_the_metadata(spec, tmp_path):
    updated = dt.datetime(2024, 1, 15, 8, 0, tzinfo=dt.UTC)
    export_release(_marts(), tmp_path / "exports", spec=spec, updated=updated)
    for name in spec.datasets:
        folder = tmp_path / "exports" / name
        report = validate(str(folder / "datapackage.json"))
        assert report.valid, report.flatten(["message"])
        payload = json.loads((folder / "ckan.json").read_text(encoding="utf-8"))
        extras = {extra["key"]: extra["value"] for extra in payload["extras"]}
        assert set(CKAN_EXTRAS) <= set(extras)
        assert all(str(extras[key]).strip() for key in CKAN_EXTRAS)
        assert extras["produsen_data"] == "DP3A Provinsi NTT"
        assert extras["tanggal_pembaruan"] == "2024-01-15"
        assert payload["name"] == name and payload["license_id"] == "cc-by"
    wilayah = _rows(tmp_path / "exports/per-wilayah/per-wilayah.csv")
    assert wilayah[1] == {"kode_wilayah": "53.02", "jumlah_korban": "40",
                          "jumlah_korban_ditahan": "false", "laporan_diterima": "12",
                          "persen": "100", "tanggal_data": "2023-12-31"}
    # 1 and 2 withheld, and the total with them (else 1 = total − published − at least 2):
    # a withheld total costs a twentieth of its 52 victims, the cell of 9 all of them.
    assert [row["jumlah_korban"] for row in wilayah] == ["", "40", "0", "9", ""]
    total = _rows(tmp_path / "exports/per-wilayah/per-wilayah-jumlah.csv")
    assert [(row["tingkat"], row["jumlah_korban"]) for row in total] == [("total", "")]
    with open(tmp_path / "exports/per-wilayah/per-wilayah.csv", "rb") as handle:
        assert not handle.read().startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM


def test_a_withheld_count_with_a_known_lower_bound_still_reaches_3(spec, tmp_path):
    """53.05 entered cases in 2 months: an attacker knows it holds at least 2 victims."""
    export_release(_marts(), tmp_path / "exports", spec=spec)
    low, high = next(span for key, span in attack(tmp_path / "exports").items()
                     if key[1:4] == ("per-wilayah", "cells", 6))
    assert low == 2 and high >= 3


def test_a_failed_export_leaves_the_previous_one_intact(spec, tmp_path):
    exports = tmp_path / "exports"
    export_release(_marts(), exports, spec=spec)
    before = _snapshot(exports)
    broken = _marts()
    broken.execute("insert into marts.t_wilayah values ('53.01', 5, 3, 1.0, null)")  # dup key
    with pytest.raises(ValueError, match="not publishable"):
        export_release(broken, exports, spec=spec)
    assert _snapshot(exports) == before
    assert [p.name for p in exports.iterdir() if p.name.startswith(".")] == []


def test_swap_replaces_a_package_whole_and_recovery_undoes_a_kill(tmp_path):
    target, staging = tmp_path / "paket", tmp_path / ".tmp-paket-1"
    target.mkdir()
    (target / "lama.csv").write_text("a\n1\n")
    staging.mkdir()
    (staging / "baru.csv").write_text("a\n3\n")
    swap_in(staging, target)
    assert [p.name for p in target.iterdir()] == ["baru.csv"]
    assert [p.name for p in staging.iterdir()] == ["lama.csv"]  # the old one, to delete
    # A run killed between the two renames of the fallback swap:
    shutil.move(target, tmp_path / ".old-paket")
    recover(target)
    assert [p.name for p in target.iterdir()] == ["baru.csv"]
    assert not (tmp_path / ".old-paket").exists() and not staging.exists()


def test_a_release_of_empty_marts_exports_header_only_packages(spec, tmp_path):
    """A warehouse with budget data but no case file yet still publishes valid packages."""
    con = _marts()
    for table in ("t_kategori", "t_bentuk", "t_wilayah"):
        con.execute(f"delete from marts.{table}")
    export_release(con, tmp_path / "exports", spec=spec)
    for name in spec.datasets:
        assert validate(str(tmp_path / "exports" / name / "datapackage.json")).valid
    assert _rows(tmp_path / "exports/per-kategori/per-kategori.csv") == []


def test_the_annex_reads_the_release_back_only_while_it_is_the_marts_release(spec, tmp_path):
    """`read_published` gives the files' release when it is the release of these marts (the
    annex then prints exactly that), and None once a mart changed (it is recomputed)."""
    con = _marts()
    export_release(con, tmp_path / "exports", spec=spec)
    frames = {name: read_dataset(con, dataset)[0] for name, dataset in spec.datasets.items()}
    computed, _ = publish_release(spec, frames)
    found = read_published(spec, tmp_path / "exports", frames)
    assert found is not None
    for name in ("per-kategori", "per-bentuk", "per-wilayah"):
        assert found[name].cells["jumlah_korban_ditahan" if name != "per-bentuk" else
                                 "jumlah_kasus_ditahan"].tolist() == \
            computed[name].cells[[c for c in computed[name].cells if c.endswith("_ditahan")][0]
                                 ].tolist()
    changed = {**frames, "per-kategori": frames["per-kategori"].assign(
        jumlah_korban=frames["per-kategori"]["jumlah_korban"] + 1)}
    assert read_published(spec, tmp_path / "exports", changed) is None


def test_a_case_handling_share_that_gives_a_small_count_away_is_left_empty():
    """IKD-PP-02 is children served ÷ the year's child victims, which the kategori dataset
    publishes: 95,1563 % beside 640 is 609 served and 31 not. Where either count (or the
    total) is 1 or 2, the recomputed share, its difference and its agreement are empty; a
    share of the table's own figures (pembilang_penyebut) is published whatever its size."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.mart_performance_indicators as select * from (values "
        "(2023, 'IKD-PP-02', 'Tabel 9', 'kasus_anak_terlayani', 609.0, 640.0), "
        "(2024, 'IKD-PP-02', 'Tabel 9', 'kasus_anak_terlayani', 4.0, 6.0), "
        "(2025, 'IKD-PP-02', 'Tabel 9', 'kasus_anak_terlayani', 2.0, 9.0), "
        "(2026, 'IKD-PP-02', 'Tabel 9', 'kasus_anak_terlayani', 2.0, 2.0), "
        "(2026, 'IKD-PP-01', 'Tabel 9', 'kasus_perempuan_terlayani', 10.0, 14.0), "
        "(2026, 'IKD-PKA-01', 'Tabel 9', 'pembilang_penyebut', 1.0, 2.0)) "
        "as t(tahun, kode_indikator, sumber_tabel, metode_hitung, pembilang_dihitung, "
        "penyebut_dihitung)")
    con.execute("alter table marts.mart_performance_indicators add column realisasi_dihitung "
                "double default 0")
    con.execute("update marts.mart_performance_indicators set realisasi_dihitung = "
                "round(100 * pembilang_dihitung / penyebut_dihitung, 4)")
    for column, kind in (("program", "varchar"), ("indikator", "varchar"),
                         ("satuan", "varchar"), ("target", "double"),
                         ("realisasi_dilaporkan", "double"), ("is_negatif", "boolean"),
                         ("capaian_target_pct", "double"), ("capaian_sumber", "varchar"),
                         ("capaian_dilaporkan", "double"), ("is_capaian_sesuai", "boolean"),
                         ("selisih", "double"), ("is_sesuai", "boolean")):
        con.execute(f"alter table marts.mart_performance_indicators add column {column} {kind}")
    con.execute("update marts.mart_performance_indicators set selisih = 0.01, is_sesuai = true")
    frame, _types = read_dataset(con, release().datasets["indikator-kinerja-renstra"])
    shown = {(row.tahun, row.kode_indikator): (row.realisasi_dihitung, row.selisih, row.is_sesuai)
             for row in frame.itertuples()}
    assert shown[(2023, "IKD-PP-02")] == (95.1563, 0.01, True)
    assert shown[(2026, "IKD-PP-01")] == (71.4286, 0.01, True)
    assert shown[(2026, "IKD-PKA-01")] == (50.0, 0.01, True)
    for withheld in ((2024, "IKD-PP-02"), (2025, "IKD-PP-02"), (2026, "IKD-PP-02")):
        assert all(pd.isna(value) for value in shown[withheld]), withheld
    con.close()


def _every_byte(folder):
    """Every file under `folder`, hidden ones and the owner record included, with its bytes."""
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_exports_are_written_only_by_the_warehouse_that_owns_them(spec, tmp_path, monkeypatch):
    """A trial warehouse pointed at the office's exports (`--exports`, SATUDATA_EXPORTS) is
    refused before it writes a byte, with both warehouses named and what to do; the office's
    warehouse, rebuilt at its path or reached through a link, goes on publishing."""
    monkeypatch.delenv("SATUDATA_LANG", raising=False)
    exports = tmp_path / "exports"
    office_file = tmp_path / "warehouse" / "satudata.duckdb"
    office_file.parent.mkdir()
    office = _marts(path=office_file)
    export_release(office, exports, spec=spec)
    office.close()
    record = json.loads((exports / RECORD).read_text(encoding="utf-8"))
    assert record["warehouse"] == str(office_file.resolve())
    before = _every_byte(exports)
    assert _rows(exports / "per-kategori/per-kategori.csv")[1]["jumlah_korban"] == "9"

    trial_file = tmp_path / "coba.duckdb"
    trial = _marts({**KATEGORI, (1, "Dewasa"): 90}, path=trial_file)
    with pytest.raises(ForeignOutput) as refused:
        export_release(trial, exports, spec=spec)
    trial.close()
    assert str(refused.value) == (
        f"Folder ekspor {exports} milik gudang data {office_file.resolve()}, bukan milik "
        f"gudang data yang dipakai, {trial_file.resolve()}: tidak ada yang ditulis di sana. "
        f"Beri {trial_file.resolve()} keluaran sendiri (--exports FOLDER atau "
        f"SATUDATA_EXPORTS), atau, bila {office_file.resolve()} tidak dipakai lagi atau "
        f"sudah dipindah menjadi {trial_file.resolve()}, pindahkan {exports} ke tempat lain "
        f"(atau hapus {exports / RECORD}) lalu jalankan lagi.")
    assert _every_byte(exports) == before
    # A copy of the office's warehouse holds the same rows but is another warehouse.
    shutil.copy(office_file, tmp_path / "salinan.duckdb")
    copy = duckdb.connect(str(tmp_path / "salinan.duckdb"))
    with pytest.raises(ForeignOutput):
        export_release(copy, exports, spec=spec)
    copy.close()
    assert _every_byte(exports) == before

    # The office's warehouse deleted and rebuilt from the landing folder at the same path,
    # and reached through a symlink: the same warehouse, it publishes without a question.
    office_file.unlink()
    rebuilt = _marts({**KATEGORI, (1, "Dewasa"): 11}, path=office_file)
    rebuilt.close()
    (tmp_path / "link.duckdb").symlink_to(office_file)
    linked = duckdb.connect(str(tmp_path / "link.duckdb"))
    export_release(linked, exports, spec=spec, warehouse=tmp_path / "link.duckdb")
    linked.close()
    assert _rows(exports / "per-kategori/per-kategori.csv")[1]["jumlah_korban"] == "11"
    record = json.loads((exports / RECORD).read_text(encoding="utf-8"))
    assert (record["warehouse"], record["configured"]) == (
        str(office_file.resolve()), str(tmp_path / "link.duckdb"))


def test_exports_from_before_owner_records_are_taken_over_by_the_first_warehouse(
        spec, tmp_path):
    exports = tmp_path / "exports"
    export_release(_marts(), exports, spec=spec)  # a warehouse in memory records nothing
    assert not (exports / RECORD).exists()
    office_file = tmp_path / "satudata.duckdb"
    office = _marts({**KATEGORI, (1, "Dewasa"): 12}, path=office_file)
    export_release(office, exports, spec=spec)
    office.close()
    assert json.loads((exports / RECORD).read_text(encoding="utf-8"))["warehouse"] == \
        str(office_file.resolve())
    assert _rows(exports / "per-kategori/per-kategori.csv")[1]["jumlah_korban"] == "12"
    trial = _marts(path=tmp_path / "coba.duckdb")
    with pytest.raises(ForeignOutput, match="satudata.duckdb"):
        export_release(trial, exports, spec=spec)
    trial.close()


def test_an_office_moved_whole_keeps_its_exports_and_a_warehouse_moved_alone_is_asked(
        spec, tmp_path, english):
    old = tmp_path / "opt" / "satudata"
    (old / "warehouse").mkdir(parents=True)
    office = _marts(path=old / "warehouse" / "satudata.duckdb")
    export_release(office, old / "exports", spec=spec)
    office.close()
    new = tmp_path / "srv" / "satudata"
    new.parent.mkdir()
    shutil.move(old, new)  # the installation, warehouse and outputs together, on a new disk
    office = duckdb.connect(str(new / "warehouse" / "satudata.duckdb"))
    export_release(office, new / "exports", spec=spec)
    office.close()
    record = json.loads((new / "exports" / RECORD).read_text(encoding="utf-8"))
    assert (record["warehouse"], record["relative"]) == (
        str((new / "warehouse" / "satudata.duckdb").resolve()), "../warehouse/satudata.duckdb")
    # The warehouse alone moved to another disk, its exports left: a trial copy looks the
    # same, so the person who moved it is asked.
    moved = tmp_path / "data" / "satudata.duckdb"
    moved.parent.mkdir()
    shutil.move(new / "warehouse" / "satudata.duckdb", moved)
    office = duckdb.connect(str(moved))
    with pytest.raises(ForeignOutput) as refused:
        export_release(office, new / "exports", spec=spec)
    assert str(refused.value).startswith(
        f"The exports folder {new / 'exports'} belongs to the warehouse "
        f"{new.resolve() / 'warehouse' / 'satudata.duckdb'} (which no longer exists), not to "
        f"the warehouse in use, {moved.resolve()}: nothing was written there.")
    (new / "exports" / RECORD).unlink()  # what the message says to do after a move
    export_release(office, new / "exports", spec=spec)
    office.close()
    assert json.loads((new / "exports" / RECORD).read_text(encoding="utf-8"))["warehouse"] \
        == str(moved.resolve())


def test_the_office_s_data_disk_swapped_behind_a_symlink_keeps_its_exports(spec, tmp_path):
    """The installation's `warehouse/` is a link to a data disk (disk1), later swapped to
    another (disk2) with the warehouse on it: the path as configured is the same, so the
    office's default run publishes; the record then holds all three names as they are now.
    A trial warehouse is still refused after the swap."""
    root = tmp_path / "satudata"
    root.mkdir()
    for disk in ("disk1", "disk2"):
        (tmp_path / disk).mkdir()
    (root / "warehouse").symlink_to(tmp_path / "disk1")
    configured = root / "warehouse" / "satudata.duckdb"  # as SATUDATA_WAREHOUSE names it
    exports = root / "exports"
    office = _marts(path=configured)
    export_release(office, exports, spec=spec, warehouse=configured)
    office.close()
    shutil.copy(tmp_path / "disk1" / "satudata.duckdb", tmp_path / "disk2" / "satudata.duckdb")
    (root / "warehouse").unlink()
    (root / "warehouse").symlink_to(tmp_path / "disk2")
    office = duckdb.connect(str(configured))
    office.execute("update marts.t_kategori set jumlah_korban = 13 where bulan = 1 "
                   "and kategori = 'Dewasa'")
    export_release(office, exports, spec=spec, warehouse=configured)
    office.close()
    assert _rows(exports / "per-kategori/per-kategori.csv")[1]["jumlah_korban"] == "13"
    record = json.loads((exports / RECORD).read_text(encoding="utf-8"))
    assert {key: record[key] for key in ("warehouse", "configured", "relative")} == {
        "warehouse": str((tmp_path / "disk2" / "satudata.duckdb").resolve()),
        "configured": str(configured), "relative": "../warehouse/satudata.duckdb"}
    before = _every_byte(exports)
    trial = _marts(path=tmp_path / "coba.duckdb")
    with pytest.raises(ForeignOutput):
        export_release(trial, exports, spec=spec, warehouse=tmp_path / "coba.duckdb")
    trial.close()
    assert _every_byte(exports) == before


def test_a_full_disk_leaves_no_half_written_owner_record(tmp_path):
    """The owner record cannot be written (no room: here the process may write no byte of a
    file, as on a full disk): the claim fails with the OS error and leaves neither a record
    nor a staging file `.warehouse.json.tmp-…` behind, for a new output and for a record
    brought up to date."""
    from core import owner

    warehouse = tmp_path / "satudata.duckdb"
    warehouse.touch()
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    exports = tmp_path / "exports"
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, limit[1]))
    try:
        with pytest.raises(OSError):
            owner.claim(exports, warehouse, owner.EXPORTS)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)
    assert os.listdir(exports) == []
    assert owner.claim(exports, warehouse, owner.EXPORTS) is True
    before = (exports / RECORD).read_bytes()
    (tmp_path / "link.duckdb").symlink_to(warehouse)  # the record would take this path
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, limit[1]))
    try:
        with pytest.raises(OSError):
            owner.claim(exports, tmp_path / "link.duckdb", owner.EXPORTS)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limit)
    assert os.listdir(exports) == [RECORD]
    assert (exports / RECORD).read_bytes() == before


def test_a_totals_level_is_read_in_words_and_as_older_releases_wrote_it():
    assert level_label(("jenis_kekerasan", "bentuk_kekerasan")) == \
        "per jenis kekerasan, bentuk kekerasan"
    assert kept_of("per kategori korban") == kept_of("per kategori_korban") == \
        ("kategori_korban",)
    assert kept_of(level_label(())) == ()


def test_csv_writes_whole_rupiah_and_counts_without_decimals(spec, tmp_path):
    """An amount in whole rupiah or a count is an integer in the CSV (`2931000`, not
    `2931000.0`), a fraction keeps the decimals it has; the schema stays `number` for rupiah
    (kept to the sen) and `integer` for counts, and every resource says how to open it."""
    export_release(_marts(), tmp_path / "exports", spec=spec)
    folder = tmp_path / "exports" / "anggaran"
    text = (folder / "anggaran.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1:] == ["2.08.01.2.01.0001,6555000,2931000,44.7,3",
                                     "2.08.03.1.01.0002,150000000,1263250.5,0.84,12"]
    described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    resource = described["resources"][0]
    assert {field["name"]: field["type"] for field in resource["schema"]["fields"]} == {
        "kode_sub_kegiatan": "string", "pagu": "number", "realisasi": "number",
        "realisasi_pct": "number", "jumlah_kegiatan": "integer"}
    assert "Data › Dari Teks/CSV" in resource["description"]
    uploads = json.loads((folder / "ckan-resources.json").read_text(encoding="utf-8"))
    assert "English (United States)" in uploads[0]["description"]
    assert validate(str(folder / "datapackage.json")).valid
    wilayah = (tmp_path / "exports/per-wilayah/per-wilayah.csv").read_text(encoding="utf-8")
    assert "\n53.02,40,false,12,100,2023-12-31\n" in wilayah
