"""What the portal receives: CKAN's rules for names, tags and fields, the two-step CKAN
upload, the period and contact in the metadata, and checks that cannot pass by accident."""

import datetime as dt
import json
import os
import sys
import uuid
from pathlib import Path

import duckdb
import pytest
from frictionless import validate

from core.config import PortalSettings
from core.i18n import LANG_ENV
from publish.ckan import name_problems, package_problems, tag_problems
from publish.exports import export_release
from publish.package import problems
from publish.spec import DATASETS_FILE, release

CASES = Path(__file__).parents[1] / "fixtures" / "cases"

RELEASE_YML = """
release:
  produsen_data: DP3A Provinsi NTT
  organisasi: dp3a-provinsi-ntt
  kontak: {nama: Sekretariat DP3A, email: ""}
  kode_wilayah: "53"
  nama_sumber: {simfoni: SIMFONI-PPA, uptd: Register UPTD PPA, asn: Daftar pegawai}
  sifat_data: Terbuka
  lisensi: {id: CC-BY-4.0, judul: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/",
            ckan_id: cc-by}
  ambang_sel_kecil: 3
  catatan_pengendalian: Jumlah 1 dan 2 ditahan.
datasets:
  kasus-bulanan:
    mart: t_kasus
    judul: Kasus per bulan
    deskripsi: Kasus per sumber dan bulan.
    konsep: Kasus.
    definisi: Banyaknya kasus.
    rumus_perhitungan: Jumlah kasus.
    satuan: kasus
    ukuran: jumlah
    level_wilayah: provinsi
    periode_data: bulanan
    frekuensi_pembaruan: bulanan
    sumber_data: Register uji
    cakupan: [uptd, simfoni]
    tags: [kekerasan, simfoni-ppa]
    primary_key: [sumber, tahun, bulan]
    columns:
      - {name: sumber, judul: Sumber, deskripsi: Sumber.}
      - {name: tahun, judul: Tahun, deskripsi: Tahun.}
      - {name: bulan, judul: Bulan, deskripsi: Bulan.}
      - {name: jumlah_kasus, judul: Jumlah kasus, deskripsi: Kasus.}
  pegawai:
    mart: t_pegawai
    where: kelompok = 'ASN'
    judul: Pegawai
    deskripsi: Pegawai per unit.
    konsep: Pegawai.
    definisi: Banyaknya pegawai.
    rumus_perhitungan: Jumlah.
    satuan: orang
    ukuran: jumlah
    level_wilayah: provinsi
    periode_data: tanggal
    frekuensi_pembaruan: tahunan
    sumber_data: Daftar pegawai
    cakupan: [asn]
    tags: [asn]
    primary_key: [tahun, unit]
    columns:
      - {name: tahun, judul: Tahun, deskripsi: Tahun.}
      - {name: unit, judul: Unit, deskripsi: Unit.}
      - {name: total, judul: Total, deskripsi: Pegawai.}
    suppression: null
"""

UPDATED = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def spec(tmp_path):
    path = tmp_path / "datasets.yml"
    path.write_text(RELEASE_YML, encoding="utf-8")
    return release(path)


@pytest.fixture(autouse=True)
def no_portal_environment(monkeypatch):
    for variable in ("SATUDATA_CKAN_ORG", "SATUDATA_KONTAK_NAMA", "SATUDATA_KONTAK_EMAIL",
                     LANG_ENV):
        monkeypatch.delenv(variable, raising=False)


def _warehouse(cases, coverage) -> duckdb.DuckDBPyConnection:
    """Marts as dbt leaves them: cases by source and month, staff, and the coverage."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.t_kasus (sumber varchar, tahun integer, bulan integer, "
                "jumlah_kasus bigint)")
    if cases:
        con.executemany("insert into marts.t_kasus values (?, ?, ?, ?)", cases)
    con.execute("create table marts.t_pegawai as select * from (values "
                "(2023, 'Sekretariat', 18, 'ASN'), (2023, 'UPTD PPA', 12, 'Kontrak')) "
                "as t(tahun, unit, total, kelompok)")
    con.execute("create table marts.mart_source_coverage (source varchar, tahun integer, "
                "bulan_awal integer, bulan_akhir integer, jumlah_bulan integer, "
                "satuan_periode varchar, tanggal_data date)")
    if coverage:
        con.executemany("insert into marts.mart_source_coverage values (?, ?, ?, ?, ?, ?, ?)",
                        coverage)
    return con


# SIMFONI 2024 covers January–March; UPTD the whole of 2023; the roster is of 31 Dec 2023.
COVERAGE = [("simfoni", 2024, 1, 3, 3, "bulan", dt.date(2024, 3, 31)),
            ("uptd", 2023, 1, 12, 12, "bulan", dt.date(2023, 12, 31)),
            ("asn", 2023, 12, 12, 1, "tanggal", dt.date(2023, 12, 31))]
CASES_ROWS = [("simfoni", 2024, month, 100 + month) for month in (1, 2, 3)] + \
    [("uptd", 2023, month, 20 + month) for month in range(1, 13)]


def _extras(folder: Path) -> dict[str, str]:
    payload = json.loads((folder / "ckan.json").read_text(encoding="utf-8"))
    return {extra["key"]: extra["value"] for extra in payload["extras"]}


def test_the_tool_12_entry_is_refused_for_what_ckan_refuses(tmp_path):
    """Case 12: a 113-character name and free-text tags pass nothing: the release is refused
    when read, naming the name and each tag CKAN's package_create would refuse."""
    path = tmp_path / "datasets.yml"
    path.write_text(DATASETS_FILE.read_text(encoding="utf-8") +
                    (CASES / "tool-12-datasets-entry.yml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        release(path)
    message = str(refused.value)
    assert "113" in message and "100" in message
    for tag in ("'APBD/DPA'", "'belanja & realisasi'", "'x'"):
        assert tag in message
    assert "'anggaran'" not in message  # a good tag is not blamed


@pytest.mark.parametrize("name", ["ab", "blah", "ab1", "some-random-made-up-name",
                                  "has_underscore", "a" * 100,
                                  "korban-kekerasan-bulanan-per-kategori"])
def test_names_ckan_takes(name):
    assert name_problems(name, "dataset") == []


@pytest.mark.parametrize("name", ["", "a", "new", "edit", "search", "a" * 101, "Kapital",
                                  "spasi di tengah", "garis/miring", "titik.nama", "é-aksen"])
def test_names_ckan_refuses(name):
    assert name_problems(name, "dataset")


@pytest.mark.parametrize("tag", ["ab", "perlindungan anak", "simfoni-ppa", "v1.2_x", "é-aksen",
                                 "KDRT", "t" * 100])
def test_tags_ckan_takes(tag):
    assert tag_problems(tag) == []


@pytest.mark.parametrize("tag", ["", "x", "t" * 101, "APBD/DPA", "belanja & realisasi",
                                 "a,b", "tahun:2023", "(kasus)"])
def test_tags_ckan_refuses(tag):
    assert tag_problems(tag)


def test_the_payload_check_refuses_fields_ckan_would_drop_or_refuse():
    good = {"name": "kasus-bulanan", "title": "Kasus", "owner_org": "dp3a-provinsi-ntt",
            "private": False, "tags": [{"name": "kekerasan"}],
            "extras": [{"key": "satuan", "value": "kasus"}], "maintainer_email": "data@x.id"}
    assert package_problems(good) == []
    assert package_problems({**good, "owner_org": str(uuid.uuid4())}) == []
    found = package_problems({
        **good, "kode_wilayah": "53", "owner_org": "", "maintainer_email": "bukan surel",
        "extras": [{"key": "satuan", "value": "kasus"}, {"key": "satuan", "value": "orang"},
                   {"key": "title", "value": "x"}, {"key": "", "value": "y"}]})
    text = " | ".join(found)
    assert "'kode_wilayah'" in text  # a top-level key CKAN ignores: the value would be lost
    assert "owner_org" in text and "'bukan surel'" in text
    assert "'satuan'" in text and "'title'" in text
    assert len(found) == 6


def test_metadata_states_the_period_covered_its_date_the_contact_and_the_region(spec, tmp_path):
    export_release(_warehouse(CASES_ROWS, COVERAGE), tmp_path, spec=spec, updated=UPDATED)
    extras = _extras(tmp_path / "kasus-bulanan")
    assert extras["cakupan_periode"] == ("Register UPTD PPA: Januari–Desember 2023; "
                                         "SIMFONI-PPA: Januari–Maret 2024")
    assert (extras["periode_awal"], extras["periode_akhir"]) == ("2023-01", "2024-03")
    assert extras["tanggal_data"] == "2024-03-31"  # the data's date, not the build's
    assert extras["tanggal_pembaruan"] == "2026-11-30"
    assert extras["frekuensi_pembaruan"] == "bulanan"
    assert extras["kode_wilayah"] == "53" and extras["kontak"] == "Sekretariat DP3A"
    staff = _extras(tmp_path / "pegawai")
    assert staff["cakupan_periode"] == "Daftar pegawai: 31 Desember 2023"
    assert staff["pengendalian_pengungkapan"].startswith("Tidak memuat jumlah korban")
    descriptor = json.loads((tmp_path / "kasus-bulanan" / "datapackage.json").read_text())
    assert descriptor["cakupan"] == [
        {"sumber": "uptd", "tahun": 2023, "bulan_awal": 1, "bulan_akhir": 12},
        {"sumber": "simfoni", "tahun": 2024, "bulan_awal": 1, "bulan_akhir": 3}]


def test_the_package_is_indonesian_whatever_language_the_operator_reads(spec, tmp_path,
                                                                         monkeypatch):
    """`satudata --lang en run` wrote the period covered (and the totals file's title) in
    English beside the Indonesian titles: the portal received a package half in each."""
    monkeypatch.setenv("SATUDATA_LANG", "en")
    export_release(_warehouse(CASES_ROWS, COVERAGE), tmp_path, spec=spec, updated=UPDATED)
    extras = _extras(tmp_path / "kasus-bulanan")
    assert extras["cakupan_periode"] == ("Register UPTD PPA: Januari–Desember 2023; "
                                         "SIMFONI-PPA: Januari–Maret 2024")
    assert _extras(tmp_path / "pegawai")["cakupan_periode"] == "Daftar pegawai: 31 Desember 2023"
    assert os.environ["SATUDATA_LANG"] == "en"  # the operator's language is left as it was


def test_a_dataset_with_a_where_publishes_only_those_rows(spec, tmp_path):
    export_release(_warehouse(CASES_ROWS, COVERAGE), tmp_path, spec=spec, updated=UPDATED)
    rows = (tmp_path / "pegawai" / "pegawai.csv").read_text(encoding="utf-8").splitlines()
    assert rows == ["tahun,unit,total", "2023,Sekretariat,18"]  # contract staff left out


def test_a_month_its_source_does_not_cover_is_refused(spec, tmp_path):
    """A mart that still carries April 2024 for SIMFONI (covered to March) never goes out."""
    april = [*CASES_ROWS, ("simfoni", 2024, 4, 0)]
    with pytest.raises(ValueError, match="2024-04"):
        export_release(_warehouse(april, COVERAGE), tmp_path, spec=spec, updated=UPDATED)
    assert not (tmp_path / "kasus-bulanan").exists()


def test_a_release_with_no_data_yet_says_so_and_stays_valid(spec, tmp_path):
    con = _warehouse([], [])
    con.execute("delete from marts.t_pegawai")
    export_release(con, tmp_path, spec=spec, updated=UPDATED)
    extras = _extras(tmp_path / "kasus-bulanan")
    assert extras["cakupan_periode"] == "Belum ada data yang dimuat."
    assert "periode_akhir" not in extras and "tanggal_data" not in extras
    assert validate(str(tmp_path / "kasus-bulanan" / "datapackage.json")).valid


def test_rows_without_any_coverage_are_refused(spec, tmp_path):
    with pytest.raises(ValueError, match="periode_akhir"):
        export_release(_warehouse(CASES_ROWS, []), tmp_path, spec=spec, updated=UPDATED)


def test_owner_org_and_contact_come_from_the_environment(spec, tmp_path, monkeypatch):
    export_release(_warehouse(CASES_ROWS, COVERAGE), tmp_path / "a", spec=spec, updated=UPDATED)
    payload = json.loads((tmp_path / "a/kasus-bulanan/ckan.json").read_text(encoding="utf-8"))
    assert payload["owner_org"] == "dp3a-provinsi-ntt"  # the default of datasets.yml
    assert "maintainer_email" not in payload
    monkeypatch.setenv("SATUDATA_CKAN_ORG", "dp3a-ntt")
    monkeypatch.setenv("SATUDATA_KONTAK_NAMA", "Bidang Data DP3A")
    monkeypatch.setenv("SATUDATA_KONTAK_EMAIL", "data.dp3a@example.go.id")
    assert PortalSettings.from_env().owner_org == "dp3a-ntt"
    export_release(_warehouse(CASES_ROWS, COVERAGE), tmp_path / "b", spec=spec, updated=UPDATED)
    folder = tmp_path / "b/kasus-bulanan"
    payload = json.loads((folder / "ckan.json").read_text(encoding="utf-8"))
    assert (payload["owner_org"], payload["maintainer"], payload["maintainer_email"]) == \
        ("dp3a-ntt", "Bidang Data DP3A", "data.dp3a@example.go.id")
    assert _extras(folder)["kontak"] == "Bidang Data DP3A <data.dp3a@example.go.id>"
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert {"title": "Bidang Data DP3A", "role": "maintainer",
            "email": "data.dp3a@example.go.id"} in descriptor["contributors"]
    monkeypatch.setenv("SATUDATA_CKAN_ORG", "DP3A NTT")  # a name CKAN refuses
    with pytest.raises(ValueError, match="owner_org 'DP3A NTT'"):
        export_release(_warehouse(CASES_ROWS, COVERAGE), tmp_path / "c", spec=spec,
                       updated=UPDATED)


def test_every_csv_is_uploaded_by_its_own_resource_create(spec, tmp_path):
    export_release(_warehouse(CASES_ROWS, COVERAGE), tmp_path, spec=spec, updated=UPDATED)
    folder = tmp_path / "kasus-bulanan"
    payload = json.loads((folder / "ckan.json").read_text(encoding="utf-8"))
    assert "resources" not in payload  # package_create stores no upload: nothing dangling
    calls = json.loads((folder / "ckan-resources.json").read_text(encoding="utf-8"))
    assert [(call["package_id"], call["upload"], call["format"]) for call in calls] == \
        [("kasus-bulanan", "kasus-bulanan.csv", "CSV")]
    (folder / "catatan.csv").write_text("a\n1\n", encoding="utf-8")  # a file nobody uploads
    found = problems(folder, spec.datasets["kasus-bulanan"], spec)
    assert any("catatan.csv" in problem for problem in found)


def test_the_check_fails_when_frictionless_cannot_be_imported(spec, tmp_path, monkeypatch):
    export_release(_warehouse(CASES_ROWS, COVERAGE), tmp_path, spec=spec, updated=UPDATED)
    folder = tmp_path / "kasus-bulanan"
    assert problems(folder, spec.datasets["kasus-bulanan"], spec) == []
    monkeypatch.setitem(sys.modules, "frictionless", None)  # as on an install without it
    found = problems(folder, spec.datasets["kasus-bulanan"], spec)
    assert len(found) == 1 and "frictionless" in found[0]


def test_the_descriptor_is_checked_where_validating_the_files_passes(spec, tmp_path,
                                                                     monkeypatch):
    """frictionless.validate() passes a package whose descriptor leaves a CSV out (that file
    is then published unchecked) or states no period: the check refuses both, and the
    descriptor's own fields against the Data Package profile."""
    monkeypatch.setenv(LANG_ENV, "en")
    export_release(_warehouse(CASES_ROWS, COVERAGE), tmp_path, spec=spec, updated=UPDATED)
    folder = tmp_path / "kasus-bulanan"
    dataset = spec.datasets["kasus-bulanan"]
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    uploads = folder / "ckan-resources.json"
    calls = json.loads(uploads.read_text(encoding="utf-8"))
    (folder / "kasus-bulanan-lama.csv").write_text("sumber,jumlah_kasus\nuptd,1\n")
    uploads.write_text(json.dumps([*calls, {**calls[0], "name": "lama",
                                            "upload": "kasus-bulanan-lama.csv"}]))
    assert validate(str(path)).valid
    assert problems(folder, dataset, spec) == [
        "kasus-bulanan: kasus-bulanan-lama.csv is not a resource of datapackage.json, "
        "so nothing validates it"]
    (folder / "kasus-bulanan-lama.csv").unlink()
    uploads.write_text(json.dumps(calls), encoding="utf-8")
    path.write_text(json.dumps({**descriptor, "satudata": {
        **descriptor["satudata"], "cakupan_periode": ""}}), encoding="utf-8")
    assert validate(str(path)).valid
    found = problems(folder, dataset, spec)
    assert found == ["kasus-bulanan/datapackage.json: the metadata field cakupan_periode is empty"]
    path.write_text(json.dumps({**descriptor, "name": "Kasus Bulanan"}), encoding="utf-8")
    found = problems(folder, dataset, spec)
    assert len(found) == 1 and "'Kasus Bulanan' does not match" in found[0]


def test_the_shipped_release_declares_what_every_dataset_needs():
    spec = release()
    assert spec.kode_wilayah == "53" and spec.portal(PortalSettings()).owner_org
    for name, dataset in spec.datasets.items():
        assert dataset.cakupan and set(dataset.cakupan) <= set(spec.nama_sumber), name
        assert dataset.metadata["frekuensi_pembaruan"], name
    assert {"serapan-anggaran-per-program-dan-sumber-dana", "komposisi-asn-dp3a",
            "kla-nilai-dan-peringkat-kabupaten-kota", "indikator-kinerja-renstra"} \
        <= set(spec.datasets)


@pytest.mark.parametrize("threshold", ["2", "1", "0", "tiga", "2.5"])
def test_a_threshold_that_would_publish_counts_of_1_or_2_is_refused(tmp_path, threshold):
    path = tmp_path / "datasets.yml"
    path.write_text(RELEASE_YML.replace("ambang_sel_kecil: 3", f"ambang_sel_kecil: {threshold}"),
                    encoding="utf-8")
    with pytest.raises(ValueError, match="ambang_sel_kecil harus bilangan bulat paling kecil 3"):
        release.__wrapped__(path)


def test_a_higher_threshold_is_taken(tmp_path):
    path = tmp_path / "datasets.yml"
    path.write_text(RELEASE_YML.replace("ambang_sel_kecil: 3", "ambang_sel_kecil: 5"),
                    encoding="utf-8")
    assert release.__wrapped__(path).threshold == 5
