"""The readers on tiny real-looking files, loaded through the real loader into DuckDB."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from ingest.files import FileRejected, read_chunks
from ingest.loader import ingest_file
from schemas.spec import source
from tests.helpers import SIMFONI_HEADER, simfoni_row, uptd_row, write_csv, write_uptd_xlsx

# Messages in English: these tests assert the wording written in the code.
pytestmark = pytest.mark.usefixtures("english")


def loaded(con, table):
    return con.execute(f"select count(*) from raw.{table}").fetchone()[0]


@pytest.mark.parametrize(("delimiter", "encoding"),
                         [(";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252"), ("\t", "utf-8")])
def test_csv_delimiters_and_encodings(tmp_path, con, delimiter, encoding):
    rows = [simfoni_row(1, **{"Pendidikan Korban": "SMP Négeri"}), simfoni_row(2)]
    path = write_csv(tmp_path / "s.csv", rows, delimiter=delimiter, encoding=encoding)
    _, chunks = read_chunks(path, source("simfoni"))
    assert next(chunks).frame["pendidikan_korban"].tolist() == ["SMP Négeri", "SMP"]
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    # The free text is stored as its vocabulary's value, never as typed.
    education = con.execute("select pendidikan_korban from raw.simfoni order by source_row")
    assert education.fetchall() == [("SMP",), ("SMP",)]


def test_dates_as_tools_write_them_load_and_a_number_is_never_a_day_of_1900(tmp_path, con):
    """A date-time a program exported (`2023-03-15 08:15:00`), a serial with its time
    (`45000.5`) and two-digit years (`15/03/23`) were quarantined as not dates; `12` in
    Tanggal Kejadian loaded as 11 January 1900 and `2023` as 15 July 1905."""
    rows = [simfoni_row(1, **{"Tanggal Lapor": "2023-03-15 08:15:00",
                              "Tanggal Kejadian": "14/03/2023 22:40"}),
            simfoni_row(2, **{"Tanggal Lapor": "45000.5", "Tanggal Kejadian": "12"}),
            simfoni_row(3, **{"Tanggal Lapor": "16/03/23", "Tanggal Kejadian": "2023"})]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows), "simfoni")
    assert (result.status, result.rows_loaded) == ("loaded", 3)
    assert con.execute("select tanggal_lapor::varchar, tanggal_kejadian::varchar from "
                       "raw.simfoni order by source_row").fetchall() == [
        ("2023-03-15", "2023-03-14"), ("2023-03-15", None), ("2023-03-16", None)]
    assert con.execute("select source_row, value, reason from raw.simfoni_quarantine "
                       "order by source_row").fetchall() == [
        (3, "12", "a number, not a date (an Excel date serial has five digits: 45227 is 28 "
                  "October 2023)"),
        (4, "2023", "a year only, not a date: write the whole date")]
    year = dt.date.today().year
    assert (f"Tanggal Lapor: years written with two digits read as the year of the hundred up "
            f"to {year} that ends so ({year - 99} to {year}; first: row 4 '16/03/23')"
            ) in result.message


def test_a_second_byte_order_mark_or_a_zero_width_space_in_a_header_does_not_count(
        tmp_path, con):
    """A UTF-8 file saved twice with a BOM starts with two: the second stayed in the first
    header cell and the file was refused for a missing No. Registrasi."""
    header = list(SIMFONI_HEADER)
    header[0], header[1] = "\ufeffNo", "No.\u200b Registrasi"
    path = write_csv(tmp_path / "s.csv", [simfoni_row(1), simfoni_row(2)], header=header)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded) == ("loaded", 2)


def test_an_id_whose_digits_excel_lost_is_refused_not_pseudonymised(tmp_path, con):
    """`5.37102E+15` (a CSV of a narrow Excel column) and a 16-digit number cell (Excel keeps
    15 digits): cases that differ in their last digits were one pseudonym, the second
    quarantined as a duplicate id, the others loaded under a wrong id."""
    rows = [uptd_row(1, **{"No. Kasus": 5371202301010001}),
            uptd_row(2, **{"No. Kasus": "5.37102E+15"}), uptd_row(3)]
    result = ingest_file(con, write_uptd_xlsx(tmp_path / "u.xlsx", rows), "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
    reasons = con.execute("select reason from raw.uptd_quarantine order by source_row")
    assert [reason for (reason,) in reasons.fetchall()] == [
        "stored as a number of 16 digits or more, which Excel keeps to 15 digits only: which "
        "id it is cannot be told; format the column as text and type the ids again",
        "written in scientific notation (as Excel shows a long number in a narrow column): its "
        "last digits are lost, so which id it is cannot be told; format the column as text "
        "and export again"]


@pytest.mark.parametrize("written", [
    "Fisik\nPsikis", "1. Fisik\n2. Psikis", "- Fisik\n- Psikis", "Fisik dan Psikis",
    "Fisik / Psikis", "Fisik/Psikis", "Fisik + Psikis", "Fisik & Psikis", "Fisik; Psikis"])
def test_a_list_of_values_is_read_however_the_register_writes_it(tmp_path, con, written):
    """One value per line in the cell (Alt+Enter), numbered or bulleted lines, `dan`, `/`:
    the victim's record was quarantined (Bentuk Kekerasan is required) as not an allowed
    value."""
    rows = [simfoni_row(1, **{"Bentuk Kekerasan": written})]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)
    assert con.execute("select bentuk_kekerasan from raw.simfoni").fetchone() == (
        "Fisik;Psikis",)


def test_a_value_wrapped_over_two_lines_of_its_cell_is_one_value(tmp_path, con):
    rows = [simfoni_row(1, Layanan="Pengaduan\nPendampingan\nTokoh Agama")]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)
    assert con.execute("select layanan from raw.simfoni").fetchone() == (
        "Pengaduan;Pendampingan Tokoh Agama",)


def test_a_list_item_that_is_no_value_is_still_refused(tmp_path, con):
    rows = [simfoni_row(1, **{"Bentuk Kekerasan": "Fisik dan Verbal"})]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (0, 1)


def test_headers_match_loosely(tmp_path, con):
    header = ["NO_REGISTRASI", "tanggal lapor", "KABUPATEN KOTA", "Jenis.Kelamin.Korban",
              "bentuk_kekerasan", "Tempat Kejadian", "STATUS LAYANAN"]
    row = ["R-1", "21/02/2023", "TTS", "P", "Psikis", "Sekolah", "Terlayani"]
    path = write_csv(tmp_path / "s.csv", [row], header=header)
    result = ingest_file(con, path, "simfoni")
    assert result.rows_loaded == 1


def test_private_columns_never_reach_the_frame(tmp_path):
    path = write_csv(tmp_path / "s.csv", [simfoni_row(1)])
    header, chunks = read_chunks(path, source("simfoni"))
    frame = next(chunks).frame
    assert set(header.private_dropped) == {"Nama Korban", "NIK Korban", "Alamat Korban",
                                           "No HP Korban"}
    flat = frame.astype(str).to_string()
    assert "Maria Testa" not in flat and "5371014409990001" not in flat
    assert "081234567890" not in flat


def test_xlsx_with_title_block_excel_dates_and_total_row(tmp_path, con):
    path = write_uptd_xlsx(tmp_path / "r.xlsx", [uptd_row(1), uptd_row(2, month=2)], total=3)
    result = ingest_file(con, path, "uptd")
    assert (result.rows_read, result.rows_loaded, result.rows_dropped) == (3, 2, 1)
    assert con.execute("select min(tanggal_pengaduan) from raw.uptd").fetchone()[0].month == 1
    assert result.findings == ["the JUMLAH/TOTAL row says 3 but the file holds 2 rows"]


def test_variant_spellings_map_to_the_canonical_vocabulary(tmp_path, con):
    path = write_uptd_xlsx(tmp_path / "r.xlsx", [
        uptd_row(1, **{"Bentuk Kekerasan": "Pemerkosan", "Jenis Kekerasan": "KDRT"}),
    ])
    ingest_file(con, path, "uptd")
    assert con.execute("select bentuk_kekerasan from raw.uptd").fetchone()[0] == "Pemerkosaan"


def test_file_missing_a_required_column_is_rejected_with_its_name(tmp_path, con):
    header = [name for name in
              ["No. Registrasi", "Tanggal Lapor", "Kabupaten/Kota", "Jenis Kelamin Korban"]]
    path = write_csv(tmp_path / "partial.csv", [["R-1", "01/02/2023", "TTS", "P"]],
                     header=header)
    result = ingest_file(con, path, "simfoni")
    assert result.status == "rejected"
    assert result.message.startswith("simfoni #1: header on row 1: required column(s) missing")
    assert "bentuk_kekerasan" in result.message and "status_layanan" in result.message
    assert loaded(con, "simfoni") == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\x00\x01\x02\x03binary\x00" * 50, "binary"),
     (b"just some words\nnothing like a table\n", "no header row")],
)
def test_unreadable_files_are_rejected_whole(tmp_path, con, content, reason):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = ingest_file(con, path, "simfoni")
    assert result.status == "rejected"
    assert reason in result.message and result.message.startswith("simfoni #1: ")


def test_header_only_is_rejected(tmp_path, con):
    path = write_csv(tmp_path / "header.csv", [])
    result = ingest_file(con, path, "simfoni")
    assert result.status == "rejected" and "no data rows" in result.message


def test_not_a_table_file_type(tmp_path):
    path = tmp_path / "laporan.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(FileRejected, match="save it as CSV or XLSX"):
        read_chunks(path, source("simfoni"))


def _frames(path, columnar):
    _, chunks = read_chunks(path, source("simfoni"), chunk_rows=5000, columnar=columnar)
    chunks = list(chunks)
    readers = {str(chunk.frame["no_registrasi"].dtype) for chunk in chunks if len(chunk.frame)}
    rows = pd.concat([chunk.frame for chunk in chunks]).astype(object)
    totals = pd.concat([chunk.total_rows for chunk in chunks]).astype(object)
    broken = [row for chunk in chunks for row in chunk.broken_rows]
    return rows.reset_index(drop=True), totals.reset_index(drop=True), broken, readers


def test_columnar_reader_hands_irregular_rows_to_the_careful_reader(tmp_path):
    """Arrow reads the regular rows; past the first block that holds a row it cannot vouch
    for, the careful reader takes over: both give the same cells, row numbers and reasons."""
    rows = [simfoni_row(number) for number in range(1, 30_001)]
    rows[100] = [""] * 18  # a blank row inside Arrow's first block
    rows += [simfoni_row(30_001) + ["extra"], simfoni_row(30_002), simfoni_row(30_003)[:9]]
    rows += [simfoni_row(30_004), ["JUMLAH", "30003"] + [""] * 16]
    path = write_csv(tmp_path / "s.csv", rows)
    fast, fast_totals, fast_broken, fast_readers = _frames(path, columnar=True)
    careful, careful_totals, careful_broken, careful_readers = _frames(path, columnar=False)
    assert fast_readers == {"str", "object"} and careful_readers == {"object"}
    assert len(fast) == 30_001 and 102 not in set(fast["_row"])
    pd.testing.assert_frame_equal(fast, careful)
    pd.testing.assert_frame_equal(fast_totals, careful_totals)
    assert [row for row, _ in fast_broken] == [30_002, 30_004]
    assert fast_broken == careful_broken


def test_columnar_reader_matches_the_careful_reader_on_the_shipped_extracts():
    for path in sorted(Path("data/sample/landing/simfoni").glob("*.csv")):
        fast, fast_totals, _, readers = _frames(path, columnar=True)
        careful, careful_totals, _, _ = _frames(path, columnar=False)
        assert readers == {"str"} and len(fast) > 1000
        pd.testing.assert_frame_equal(fast, careful)
        pd.testing.assert_frame_equal(fast_totals, careful_totals)


def test_a_title_spanning_two_lines_keeps_the_careful_reader(tmp_path):
    """Arrow counts lines and the careful reader counts rows: above the header they differ
    when a quoted title holds a line break, so the careful reader reads the whole file."""
    path = write_csv(tmp_path / "s.csv", [simfoni_row(1), simfoni_row(2)])
    text = path.read_bytes().decode("utf-8-sig")
    path.write_bytes(('"Rekap SIMFONI-PPA\r\nNTT 2023"\r\n' + text).encode("utf-8-sig"))
    rows, _, _, readers = _frames(path, columnar=True)
    assert readers == {"object"} and rows["_row"].tolist() == [3, 4]


def test_every_source_with_derived_columns_declares_its_hook():
    """Hooks are declared in `ingest.hooks.DERIVE`, never found by module name: a source
    with `derived:` columns has one, and no hook exists for a source without them."""
    from ingest.hooks import DERIVE
    from schemas.spec import sources

    derived = {name for name, spec in sources().items()
               if any(column.derived for column in spec.columns)}
    assert derived == set(DERIVE) == {"anggaran", "asn"}
