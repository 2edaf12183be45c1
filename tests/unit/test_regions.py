import pytest

from core.reference import RegionAmbiguous, RegionError, regions


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "en")


@pytest.mark.parametrize(
    "written",
    ["Kab. Timor Tengah Utara", "TIMOR TENGAH UTARA", "TTU", "53.03", "5305", "Kabupaten TTU",
     " timor tengah utara "],
)
def test_every_way_of_writing_ttu_resolves_to_one_kabupaten(written):
    assert regions().resolve(written).kode_kemendagri == "53.03"


@pytest.mark.parametrize(("written", "code"), [
    ("Sabu Rai Jua", "53.20"), ("Kab. Savu Rai Jua", "53.20"), ("Savu", "53.20"),
    ("SABU", "53.20"), ("RoteNdao", "53.14"), ("Sumba BaratDaya", "53.18")])
def test_a_region_written_with_its_words_spaced_otherwise_resolves(written, code):
    """`Sabu Rai Jua` (as the KLA evaluation writes Sabu Raijua) was no region of NTT, and
    quoted as `***`, a person's name: a name or alias without its spaces is the region."""
    assert regions().resolve(written).kode_kemendagri == code


def test_kemendagri_and_bps_codes_number_regencies_differently():
    # Kemendagri 53.01 is Kabupaten Kupang; BPS 5301 is Sumba Barat.
    assert regions().resolve("53.01").nama == "Kupang"
    assert regions().resolve("5301").nama == "Sumba Barat"


def test_kupang_alone_is_ambiguous_but_kab_or_kota_decides():
    with pytest.raises(RegionAmbiguous, match="ambiguous: write 'Kab. Kupang' "
                                              r"\(53.01\) / 'Kota Kupang' \(53.71\)") as error:
        regions().resolve("Kupang")
    assert {row.kode_kemendagri for row in error.value.candidates} == {"53.01", "53.71"}
    assert regions().resolve("Kota Kupang").kode_kemendagri == "53.71"
    assert regions().resolve("Kab. Kupang").kode_kemendagri == "53.01"


@pytest.mark.parametrize("written", ["Lombok Timur", "53.99", "5201"])
def test_regions_outside_ntt_are_rejected(written):
    with pytest.raises(RegionError, match="NTT"):
        regions().resolve(written)


def test_all_22_kabupaten_kota():
    assert len(regions().rows) == 22


def test_a_kemendagri_code_held_as_a_number_keeps_its_trailing_zero(tmp_path):
    """Excel holds `53.10` typed in a General cell as the number 53.1: a KLA table whose code
    column (and a region column of codes) had every such kabupaten quarantined as 'not a
    kabupaten/kota in NTT'."""
    import duckdb
    from openpyxl import Workbook

    from ingest.loader import ingest_file

    book = Workbook()
    for row in (["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Nilai EM"],
                [53.1, "Manggarai", 2023, 600], [53.2, "Sabu Raijua", 2023, 500],
                [None, 53.1, 2022, 580], [53.01, "Kupang", 2023, 550]):
        book.active.append(row)
    book.save(tmp_path / "kla.xlsx")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    result = ingest_file(con, tmp_path / "kla.xlsx", "kla")
    assert (result.rows_loaded, result.rows_quarantined) == (4, 0)
    assert con.execute("select kabupaten_kota_kode from raw.kla order by source_row"
                       ).fetchall() == [("53.10",), ("53.20",), ("53.10",), ("53.01",)]
    con.close()
