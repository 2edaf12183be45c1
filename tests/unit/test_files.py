"""The readers on tiny real-looking files, loaded through the real loader into DuckDB."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from ingest.files import FileRejected, read_chunks
from ingest.identifiers import GroupingContradicted, file_ids, read_identifiers
from ingest.loader import ingest_file, parse_label
from ingest.normalise import normalise
from ingest.privacy import pseudonymise
from ingest.rows import SUBTOTAL_LABEL, total_label
from schemas.spec import source
from tests.helpers import (
    SIMFONI_HEADER,
    UPTD_HEADER,
    simfoni_row,
    uptd_row,
    write_csv,
    write_ods,
    write_table,
    write_uptd_xlsx,
)

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


def test_dates_written_as_excel_serials_are_read_and_the_ledger_says_so(tmp_path, con):
    """A CSV saved from a register whose date column Excel held as numbers writes `43845`:
    read as 15 January 2020 as before, but the ledger said nothing of how. Now it counts the
    cells and names the first with its date; a birth date's row alone."""
    rows = [simfoni_row(number, **{"Tanggal Lapor": lapor, "Tanggal Kejadian": ""}) + [lahir]
            for number, lapor, lahir in [(1, "43845", "33000"), (2, "43876", ""),
                                         (3, "43845", ""), (4, "16/03/2020", "")]]
    path = write_csv(tmp_path / "simfoni_2020.csv", rows,
                     header=[*SIMFONI_HEADER, "Tanggal Lahir Korban"])
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded, result.cells_flagged) == ("loaded", 4, 0)
    assert con.execute("select tanggal_lapor::varchar from raw.simfoni order by source_row"
                       ).fetchall() == [("2020-01-15",), ("2020-02-15",), ("2020-01-15",),
                                        ("2020-03-16",)]
    assert ("Tanggal Lapor: 3 dates written as Excel date serials, read as the day that many "
            "days after 30 December 1899 (first: row 2 '43845', 15 January 2020)"
            ) in result.message
    assert ("Tanggal Lahir Korban: 1 date written as an Excel date serial, read as the day "
            "that many days after 30 December 1899 (first: row 2)") in result.message
    assert "33000" not in result.message


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


def simfoni_year(folder: Path, year: int, ids: list[object]) -> Path:
    """A SIMFONI extract of `year` whose registration numbers are `ids`, as written."""
    return write_csv(folder / f"simfoni_{year}.csv", [
        simfoni_row(number, **{"No. Registrasi": id_, "Tanggal Lapor": f"15/03/{year}",
                               "Tanggal Kejadian": f"01/03/{year}"})
        for number, id_ in enumerate(ids, 1)])


def id_quarantine(con, table):
    return con.execute(f"select source_row, column_name, value, reason from raw.{table}_quarantine "
                       "order by source_row").fetchall()


ANOTHER_YEAR = "duplicate id: already loaded from a file of another year"


@pytest.mark.parametrize("ids", [
    ["12.345", "12.346", "987", "12.400", "1.234.567"], ["12,345", "12,346", "987", "12,400"],
    ["12 345", "12 346", "987", "12 400"], ["12\u00a0345", "12\u202f346", "987", "12\u00a0400"],
    ["12.345,00", "12.346,00", "987,00", "12.400,00"],
    ["12,345.00", "12,346.00", "987.00", "12,400.00"]],
    ids=["Indonesian laptop", "English laptop", "spaces", "no-break spaces",
         "Indonesian number format", "English comma style"])
def test_a_registration_number_written_with_thousands_marks_is_the_case_it_numbers(
        tmp_path, con, ids):
    """`12.345` typed or exported as text on an Indonesian laptop (`12,345` on an English one,
    `12 345`, no-break spaces, or as Excel's number formats show a whole number, `12.345,00`,
    `12,345.00`) was another pseudonym than the `12345` of the year before: the case loaded
    twice, counted twice. The column shows the grouping: every value with the mark is
    groups of three, and 987 carries none."""
    first = ingest_file(con, simfoni_year(tmp_path, 2022, ["12345", "12346", "987"]),
                        "simfoni")
    result = ingest_file(con, simfoni_year(tmp_path, 2023, ids), "simfoni")
    assert (first.rows_loaded, result.rows_loaded, result.rows_quarantined) == (
        3, len(ids) - 3, 3)
    assert id_quarantine(con, "simfoni") == [
        (row, "No. Registrasi", "", ANOTHER_YEAR) for row in (2, 3, 4)]
    assert con.execute("select count(*), count(distinct no_registrasi_hmac) "
                       "from raw.simfoni").fetchone() == (len(ids), len(ids))


def test_a_case_number_typed_grouped_in_the_next_extract_is_the_same_case(tmp_path, con):
    """January's register holds case numbers as number cells; February's (the year so far)
    too, but the January case typed as text on an Indonesian laptop (`12.345`): it had
    another pseudonym in February's, so its update was no longer that case. A number cell
    with a fraction is refused, and its text (`12347.5`) says nothing of how the file writes
    its ids."""
    january = write_uptd_xlsx(tmp_path / "uptd_2023_01.xlsx", [
        uptd_row(1, **{"No. Kasus": 12345, "Status": "Dalam Proses"})])
    ingest_file(con, january, "uptd")
    before = con.execute("select no_kasus_hmac from raw.uptd").fetchall()
    february = write_uptd_xlsx(tmp_path / "uptd_2023_02.xlsx", [
        uptd_row(1, **{"No. Kasus": "12.345", "Status": "Terlayani"}),
        uptd_row(2, month=2, **{"No. Kasus": 12346}),
        uptd_row(3, month=2, **{"No. Kasus": 12347.5})])  # no id, and no evidence either
    result = ingest_file(con, february, "uptd")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 2, 1)
    assert id_quarantine(con, "uptd") == [(7, "No. Kasus", "", (
        "a number cell with a fraction, which no case number or NIP is: format the column as "
        "text and type the id again"))]
    # February's month file re-sends the January case under the same pseudonym: both rows
    # are kept, and staging takes the newest file's (stg_uptd__cases).
    assert con.execute("select status from raw.uptd where no_kasus_hmac = ? order by ingest_id",
                       before[0]).fetchall() == [("Dalam Proses",), ("Terlayani",)]
    assert con.execute("select count(distinct no_kasus_hmac) from raw.uptd").fetchone() == (2,)


@pytest.mark.parametrize("other", ["2023.15", "12.34", "12.345,50"])
def test_a_column_of_ids_with_marks_in_them_keeps_them_as_typed(tmp_path, con, other):
    """A column that also holds `2023.15`, `12.34` or `12.345,50` (no whole number) writes
    ids with the mark as part of them: `12.345` there is its own id, not the case `12345` of
    the year before."""
    ingest_file(con, simfoni_year(tmp_path, 2022, ["12345"]), "simfoni")
    result = ingest_file(con, simfoni_year(tmp_path, 2023, ["12.345", other]), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    assert con.execute("select count(distinct no_registrasi_hmac) from raw.simfoni"
                       ).fetchone() == (3,)


def test_a_lone_grouped_number_among_ids_of_letters_is_refused_without_the_id(tmp_path, con):
    """Nothing in the column tells whether `12.345` is 12345 or an id with a point in it:
    refused with the reason, which names no id (the value stays out of the quarantine)."""
    result = ingest_file(con, simfoni_year(tmp_path, 2023, ["12.345", "REG-2023-00002"]),
                         "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert id_quarantine(con, "simfoni") == [(2, "No. Registrasi", "", (
        "written as digits in groups of three separated by '.', and nothing else in the "
        "column tells whether the mark separates thousands or is part of the id: which id it "
        "is cannot be told; write it without the mark if it separates thousands"))]


def test_a_files_thousands_marks_are_decided_for_the_whole_file_not_per_chunk():
    """A file is read in chunks of 200,000 rows (a careful CSV read, a workbook): each chunk
    decided its marks alone, so a later chunk's lone `34.567` among ids of letters was
    refused though the first chunk showed the point grouping thousands, and a chunk writing
    `2023.15` read its `45.678` as typed, another case than the first chunk's grouped ids.
    Now the first chunk's decision holds for the file, and a chunk contradicting it refuses
    the file (the loader names the column)."""
    def chunk(ids: list[object], at: int) -> pd.Series:
        return pd.Series(ids, index=range(at, at + len(ids)), name="no_registrasi",
                         dtype=object)

    with file_ids(2):
        first, failures = read_identifiers(chunk(["12.345", "23456"], 0), "simfoni")
        assert failures == []
        later, failures = read_identifiers(chunk(["34.567", "REG-2023-00001"], 2), "simfoni")
        assert failures == []
        assert later.tolist()[0] == pseudonymise("simfoni", pd.Series(["34567"]))[0]
        with pytest.raises(GroupingContradicted) as contradicted:
            read_identifiers(chunk(["2023.15", "45.678"], 4), "simfoni")
        assert contradicted.value.mark == "."
    # The loader types each chunk with `normalise`: the file is refused, naming the column.
    with file_ids(2):
        written = {"no_registrasi": "No Reg."}
        for ids, at in ((["12.345", "23456"], 2), (["2023.15"], 4)):
            frame = pd.DataFrame({"no_registrasi": chunk(ids, 0).to_numpy(),
                                  "_row": range(at, at + len(ids))})
            if at == 4:
                with pytest.raises(FileRejected, match=(
                        "^column 'No Reg.': its first rows write ids as digits in groups of "
                        "three separated by '.', read as one number, and a later row writes "
                        "'.' as part of an id: the file cannot be read one way")):
                    normalise(frame, source("simfoni"), written=written)
            else:
                normalise(frame, source("simfoni"), written=written)
    # Alone, the same chunk is a column of its own: `34.567` cannot be told.
    with file_ids(2):
        assert len(read_identifiers(chunk(["34.567", "REG-2023-00001"], 2), "simfoni")[1]) == 1
    # A file whose ids keep the mark (`2023.15` first) reads a later `12.345` as typed.
    with file_ids(2):
        read_identifiers(chunk(["2023.15", "REG-1"], 0), "simfoni")
        kept, failures = read_identifiers(chunk(["12.345", "23456"], 2), "simfoni")
        assert failures == [] and kept[2] == pseudonymise("simfoni", pd.Series(["12.345"]))[0]


def test_a_zero_fraction_shown_by_one_chunk_holds_for_the_file():
    """`12.345,00` in the first chunk shows the file writes whole numbers with a zero
    fraction: a later chunk's `987,00` is 987, the case of the first chunk's `987,00` (it was
    another pseudonym, counted twice, when that chunk held no grouped value). A first chunk
    that read `987,00` as typed (its grouped values showed no fraction) and a later chunk
    showing zero fractions cannot be read one way: the file is refused."""
    def chunk(ids: list[object], at: int) -> pd.Series:
        return pd.Series(ids, index=range(at, at + len(ids)), name="no_registrasi",
                         dtype=object)

    nine = pseudonymise("simfoni", pd.Series(["987"]))[0]
    with file_ids(2):
        first, failures = read_identifiers(chunk(["12.345,00", "987,00", "23456"], 0),
                                           "simfoni")
        assert failures == [] and first[1] == nine
        later, failures = read_identifiers(chunk(["987,00", "45678"], 3), "simfoni")
        assert failures == [] and later[3] == nine
    with file_ids(2):
        read_identifiers(chunk(["12.345", "12345", "987,00"], 0), "simfoni")
        with pytest.raises(GroupingContradicted):
            read_identifiers(chunk(["12.346,00", "987,00"], 3), "simfoni")


def test_a_warehouse_of_the_earlier_id_reading_reads_ids_as_it_did():
    """Reading 1 (warehouses built before reading 2): ids as typed, so a new file's
    pseudonyms match the stored ones; reading 2 reads them to one id."""
    ids = pd.Series(["012345", "12.345", "12345", " 12346 "], name="no_kasus", dtype=object)
    with file_ids(1):
        as_then = read_identifiers(ids, "uptd")[0]
    assert as_then.tolist() == pseudonymise("uptd", pd.Series(
        ["012345", "12.345", "12345", "12346"])).tolist()
    with file_ids(2):
        now = read_identifiers(ids, "uptd")[0]
    assert now.tolist() == pseudonymise("uptd", pd.Series(
        ["12345", "12345", "12345", "12346"])).tolist()


def test_what_no_id_holds_is_no_part_of_it(tmp_path, con):
    """Excel's text marker (`'12345`, `="12349"` in a CSV), full-width digits, a zero-width
    or no-break space, a typographic dash, and leading zeros (a spreadsheet drops them once
    the column holds numbers): each gave the case of the year before another pseudonym."""
    ingest_file(con, simfoni_year(tmp_path, 2022, [
        "12345", "12346", "12347", "12348", "12349", "REG-2023-00006"]), "simfoni")
    result = ingest_file(con, simfoni_year(tmp_path, 2023, [
        "'12345", "\uff11\uff12\uff13\uff14\uff16", "\u200b12347\u00a0", "012348",
        '="012349"', "REG\u20132023\u201300006", "REG-2023-00007"]), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 6)
    assert id_quarantine(con, "simfoni") == [
        (row, "No. Registrasi", "", ANOTHER_YEAR) for row in range(2, 8)]


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


def test_a_list_cell_of_a_thousand_lines_is_read_at_once_and_held_to_the_text_limit(
        tmp_path, con):
    """A Layanan cell of 1,000 lines of notes (12 kB): the reader tried every run of its
    lines as one wrapped value, `check` took two minutes; now a run is at most as long as
    the vocabulary's longest value, and a list cell longer than 1,000 characters is not
    stored, like any text cell (Layanan is optional: the row loads, the cell flagged)."""
    notes = "\n".join(f"catatan {number}" for number in range(1000))
    rows = [simfoni_row(1, Layanan=notes),
            simfoni_row(2, Layanan="Pengaduan\n" + "\n".join(["Kesehatan"] * 80))]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (2, 0, 1)
    assert con.execute("select layanan from raw.simfoni order by source_row").fetchall() == [
        (None,), ("Pengaduan;Kesehatan",)]
    assert con.execute("select column_name, reason from raw.simfoni_quarantine").fetchall() == [
        ("Layanan", "longer than 1,000 characters: not stored (value not kept: 11889 "
                    "characters)")]


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


def test_nama_of_a_region_is_the_region_and_nama_of_a_person_stays_private(tmp_path, con):
    """`Nama Kabupaten/Kota` was dropped unread as a person's name, so the register was
    refused for want of its kabupaten; `Nama Korban` and `Nama Ayah` are still dropped."""
    header = [{"Kabupaten/Kota": "Nama Kabupaten/Kota", "Alamat Korban": "Nama Ayah"}.get(
        name, name) for name in SIMFONI_HEADER]
    path = write_csv(tmp_path / "s.csv", [simfoni_row(1), simfoni_row(2)], header=header)
    result = ingest_file(con, path, "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    assert "4 private column(s) dropped unread" in result.message
    assert con.execute("select distinct kabupaten_kota_kode from raw.simfoni").fetchall() == [
        ("53.71",)]


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
    assert "Bentuk Kekerasan" in result.message and "Status Layanan" in result.message
    assert "status_layanan" not in result.message
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


def _with_note(rows: list[list[str]], notes: list[str]) -> list[list[str]]:
    return [[*row, note] for row, note in zip(rows, notes, strict=True)]


@pytest.mark.parametrize(("closed", "swallowed"), [
    ("never", "2 lines below it that read as whole rows were"),
    ("two rows down", "2 lines below it that read as whole rows were"),
    ("by the next row's quoted value", "1 line below it that reads as a whole row was"),
])
@pytest.mark.parametrize("columnar", [True, False])
def test_a_quote_left_open_over_whole_rows_refuses_the_file_naming_its_row(
        tmp_path, con, closed, swallowed, columnar):
    """Row 3's Keterangan opens a quote never closed (or closed rows below): the rows below
    ran into that ignored cell, and the ledger said 2 rows read, balanced (or row 3 broken,
    the row under it gone with it). Now the file is refused naming the row and the column,
    and no row is loaded."""
    header = [*SIMFONI_HEADER, "Keterangan"]
    plain = {"Alamat Korban": "Jl. Kenari", "Layanan": "Pengaduan"}
    if closed != "by the next row's quoted value":
        plain["Bentuk Kekerasan"] = "Fisik"
    rows = _with_note([simfoni_row(number, **plain) for number in range(1, 5)], ["ok"] * 4)
    path = write_csv(tmp_path / "s.csv", rows, header=header)
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    lines[2] = lines[2][:-len("ok")] + '"korban NIK 5371014409990001'
    if closed == "two rows down":
        lines[4] += '" ditutup'
    path.write_bytes("\r\n".join(lines).encode("utf-8-sig"))
    if not columnar:
        with pytest.raises(FileRejected, match="row 3: the quote"):
            list(read_chunks(path, source("simfoni"), columnar=False)[1])
        return
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded) == ("rejected", 0)
    assert result.message == (
        "simfoni #1: row 3: the quote (\") opening the cell of column Keterangan is not "
        f"closed on its line, so {swallowed} swallowed into that cell: close the quote (or "
        "remove it) and save the file again")
    assert loaded(con, "simfoni") == 0


@pytest.mark.parametrize("first", [False, True])
def test_a_quoted_text_of_several_lines_is_one_cell_and_the_rows_still_load(
        tmp_path, con, first):
    """A Kronologi written over several lines of its cell, with commas and a quote doubled
    inside, is no swallowed row: every row loads (the tester's file of the same shape). In
    the first column, its last line holds every other cell of the row, and closes its
    quote."""
    header = [*SIMFONI_HEADER, "Kronologi"]
    notes = ["Korban dipukul;\ndilaporkan tetangga, lalu\ndirujuk ke RS",
             'Di rumah,\n"RT" melapor', ""]
    rows = _with_note([simfoni_row(number) for number in range(1, 4)], notes)
    if first:
        header, rows = header[-1:] + header[:-1], [row[-1:] + row[:-1] for row in rows]
    path = write_csv(tmp_path / "s.csv", rows, header=header, delimiter=",")
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 3, 0)
    assert con.execute("select source_row from raw.simfoni order by 1").fetchall() == [
        (2,), (3,), (4,)]


def test_an_xls_that_is_utf16_text_separated_by_tabs_is_read_as_its_csv(tmp_path, con):
    """SIMFONI-PPA's "Export Excel" saves UTF-16 text separated by tabs named `.xls`: it was
    refused as a damaged workbook; now its rows load and the ledger says what it was."""
    rows = [simfoni_row(1, **{"Tanggal Lapor": "25/03/2023"}), simfoni_row(2)]
    path = write_csv(tmp_path / "simfoni_2023.xls", rows, delimiter="\t", encoding="utf-16")
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 2, 0)
    assert con.execute("select tanggal_lapor from raw.simfoni order by source_row").fetchall(
    ) == [(dt.date(2023, 3, 25),), (dt.date(2023, 3, 15),)]
    assert ("the file is text in UTF-16, not an Excel workbook, although its name ends in "
            ".xls: read as a CSV file") in result.message


def test_an_xls_that_is_a_web_page_table_reads_its_rows_as_a_sheet(tmp_path, con):
    """A web application's `.xls` that is an HTML page: a title over the table's width
    (colspan), a header broken by `<br>`, entities, a total row. It was refused as a damaged
    workbook; now its rows load, the total is dropped and the ledger says what it was."""
    dates = {number: {"Tanggal Pengaduan": dt.datetime(2023, 3, 12 + number)}
             for number in (1, 2)}
    cells = [[str(value) if not isinstance(value, dt.datetime) else f"{value:%d/%m/%Y}"
              for value in uptd_row(number, **dates[number])] for number in (1, 2)]
    header = "".join(f"<th>{name.replace(' ', '<br>', 1)}</th>" for name in UPTD_HEADER)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>"
                   for row in cells)
    page = (f"<html><head><meta charset='utf-8'></head><body><table border=1>"
            f"<tr><td colspan={len(UPTD_HEADER)}>REGISTER UPTD PPA &amp; SIMFONI 2023</td></tr>"
            f"<tr>{header}</tr>{body}<tr><td colspan=2>JUMLAH</td><td>2</td></tr>"
            "</table></body></html>")
    path = tmp_path / "uptd_2023.xls"
    path.write_text(page, encoding="utf-8")
    result = ingest_file(con, path, "uptd")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 2, 0)
    assert con.execute("select source_row, tanggal_pengaduan, kabupaten_kota_kode "
                       "from raw.uptd order by 1").fetchall() == [
        (3, dt.date(2023, 3, 13), "53.71"), (4, dt.date(2023, 3, 14), "53.71")]
    assert ("the file is a web page holding a table (HTML), not an Excel workbook, although "
            "its name ends in .xls: its rows read as a sheet's") in result.message


def test_an_xls_of_other_bytes_is_still_refused_as_no_workbook(tmp_path, con):
    path = tmp_path / "simfoni_2023.xls"
    path.write_bytes(b"\x00\x01\x02garbage\x00" * 40)
    result = ingest_file(con, path, "simfoni")
    assert result.status == "rejected"
    assert "the file is damaged or is not an Excel workbook" in result.message


def test_every_source_with_derived_columns_declares_its_hook():
    """Hooks are declared in `ingest.hooks.DERIVE`, never found by module name: a source
    with `derived:` columns, or a column read only for its hook (`stored: false`), has one,
    and no hook exists for a source without them."""
    from ingest.hooks import DERIVE
    from schemas.spec import sources

    derived = {name for name, spec in sources().items()
               if any(column.derived or not column.stored for column in spec.columns)}
    assert derived == set(DERIVE) == {"anggaran", "asn", "indikator", "simfoni"}


def _print_layout_register(path: Path) -> Path:
    """A SIMFONI-PPA register as a print sheet: two title rows, a two-row header in upper
    case (names broken over lines, a no-break space, `Korban` and `Pelaku` over their
    sub-columns, private ones among them), the row of column numbers under it, the header
    and numbers printed again at the top of page 2, a JUMLAH row and the signature block."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append(["DATA KORBAN KEKERASAN TERHADAP PEREMPUAN DAN ANAK"])
    sheet.append(["PROVINSI NUSA TENGGARA TIMUR TAHUN 2023"])
    upper = ["NO", "NO.\nREGISTER", "TANGGAL\nLAPOR\u00a0", "KABUPATEN/\nKOTA", "KORBAN", None,
             None, None, "BENTUK\nKEKERASAN", "TEMPAT KEJADIAN", "PELAKU", None, "LAYANAN",
             "STATUS "]
    lower = [None, None, None, None, "NAMA", "JENIS KELAMIN", "UMUR (TAHUN)", "PENDIDIKAN",
             None, None, "NAMA", "HUBUNGAN DENGAN KORBAN", None, None]
    victims = [
        [1, "5371-2023-0201", "03/01/2023", "Kota Kupang", "Maria Bunga", "Perempuan", 14,
         "SMP", "Seksual", "Rumah Tangga", "Yohanes Kase", "Orang Tua", "Pengaduan",
         "Terlayani"],
        [2, "5371-2023-0202", "15/02/2023", "Kab. Kupang", "Agnes Tefa", "Perempuan", 31,
         "SMA", "Fisik", "Rumah Tangga", "Petrus Nope", "Suami/Istri", "Pengaduan",
         "Dalam Proses"],
        [3, "5371-2023-0203", "20/03/2023", "Sikka", "Yosef Wara", "Laki-laki", 9, "SD",
         "Psikis", "Sekolah", "Anton Lewa", "Guru", "Pengaduan", "Terlayani"],
    ]

    def header() -> None:
        first = len(tuple(sheet.iter_rows())) + 1
        for row in (upper, lower, list(range(1, 15))):
            sheet.append(row)
        for column in (1, 2, 3, 4, 9, 10, 13, 14):
            sheet.merge_cells(start_row=first, start_column=column, end_row=first + 1,
                              end_column=column)
        sheet.merge_cells(start_row=first, start_column=5, end_row=first, end_column=8)
        sheet.merge_cells(start_row=first, start_column=11, end_row=first, end_column=12)

    sheet.append(["Keadaan s.d. Maret 2023"])
    header()
    sheet.append(victims[0])
    sheet.append(victims[1])
    sheet.append(["PROVINSI NUSA TENGGARA TIMUR TAHUN 2023"])  # page 2 repeats its title
    header()
    sheet.append(victims[2])
    sheet.append(["JUMLAH", None, None, None, None, None, None, None, None, None, None, None,
                  None, 3])
    for line in ("Kupang, 5 Januari 2024", "Kepala Dinas", "Dra. Ruth Laiskodat",
                 "NIP. 19680312 199303 2 007"):
        sheet.append([None] * 10 + [line])
    book.save(path)
    return path


def test_a_print_sheet_repeats_its_header_and_numbers_its_columns(tmp_path, con):
    """The title and header printed again on page 2 and the `1 2 3 … 14` row under each
    header are the table's layout, not victims: before, they were 5 rows quarantined as data
    (the header's words and the column numbers as values)."""
    path = _print_layout_register(tmp_path / "register.xlsx")
    result = ingest_file(con, path, "simfoni")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (4, 3, 0, 1)
    assert "5 row(s) repeating the header, its column numbers or a title inside the table " \
        "not read" in result.message
    assert "4 line(s) under the table" in result.message
    assert "TANGGAL LAPOR: dates read day/month/year" in result.message
    assert con.execute(
        "select source_row, tanggal_lapor::varchar, kabupaten_kota_kode, jenis_kelamin_korban,"
        " umur_korban, hubungan_pelaku from raw.simfoni order by source_row").fetchall() == [
        (7, "2023-01-03", "53.71", "P", 14, "Orang Tua"),
        (8, "2023-02-15", "53.01", "P", 31, "Suami/Istri"),
        (13, "2023-03-20", "53.07", "L", 9, "Guru")]
    stored = con.execute("select * from raw.simfoni").fetchall() + con.execute(
        "select * from raw.ingest_findings").fetchall()
    for name in ("Maria Bunga", "Yohanes Kase", "Anton Lewa", "Laiskodat", "19680312"):
        assert name not in repr(stored) and name not in result.message


def test_column_numbers_and_a_repeated_header_in_a_csv_read_alike_by_both_readers(tmp_path):
    """`(1);(2);…` under the header and the header again further down are skipped by the
    columnar reader as by the careful one."""
    rows = [[f"({number})" for number in range(1, 19)], simfoni_row(1), simfoni_row(2),
            list(SIMFONI_HEADER), simfoni_row(3)]
    path = write_csv(tmp_path / "s.csv", rows)
    for columnar in (True, False):
        _, chunks = read_chunks(path, source("simfoni"), columnar=columnar)
        chunks = list(chunks)
        frame = pd.concat([chunk.frame for chunk in chunks])
        assert frame["_row"].tolist() == [3, 4, 6]
        assert sum(chunk.layout_rows for chunk in chunks) == 2


def test_a_name_spanning_columns_over_a_complete_header_row_reads_its_second_row(
        tmp_path, con):
    """`PAGU` over `MURNI (Rp) | PERUBAHAN (Rp)`: the upper row alone names every required
    column, yet its second row names the Pagu Perubahan. Before, the second row was read as
    a data row (quarantined) and the Pagu Perubahan was lost without a word."""
    book = Workbook()
    sheet = book.active
    sheet.append(["LAPORAN REALISASI ANGGARAN DP3A TAHUN ANGGARAN 2023"])
    sheet.append(["TAHUN", "BULAN", "KODE\nREKENING", "SUB KEGIATAN", "SUMBER\nDANA",
                  "KELOMPOK", "JENIS", "PAGU", None, "REALISASI\nBULAN INI\n(Rp)"])
    sheet.append([None] * 7 + ["MURNI\n(Rp)", "PERUBAHAN\n(Rp)", None])
    sheet.append(list(range(1, 11)))
    sheet.append([2023, 3, "2.08.02.1.01.0001", "Koordinasi PUG", "DAU", "Belanja",
                  "Belanja Barang dan Jasa", 150_000_000, 140_000_000, 12_500_000])
    sheet.append([2023, 3, "2.08.07.1.01.0001", "Koordinasi Pencegahan", "PAD", "Belanja",
                  "Belanja Pegawai", 100_000_000, 90_000_000, 7_000_000])
    path = tmp_path / "lra_2023_03.xlsx"
    book.save(path)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (2, 2, 0)
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran "
                       "order by source_row").fetchall() == [
        (150_000_000, 140_000_000, 12_500_000), (100_000_000, 90_000_000, 7_000_000)]


@pytest.mark.parametrize(("spanning", "murni", "factor", "said"), [
    ("Anggaran (Rp 000)", "Murni", 1_000, "Anggaran Murni (Rp 000): figures in thousands of "
     "rupiah, as its header says: read multiplied by 1,000; Anggaran Perubahan (Rp 000): "
     "figures in thousands of rupiah"),
    ("ANGGARAN (dalam ribuan)", "MURNI", 1_000, "ANGGARAN PERUBAHAN (dalam ribuan): figures "
     "in thousands of rupiah, as its header says"),
    ("PAGU (Rp)", "MURNI", 1, None),
    # The unit after the spanning name without brackets: the span was refused as naming no
    # column below it ('Anggaran Rp 000 spans 2 columns ... none of them is a column').
    ("Anggaran Rp 000", "Murni", 1_000, "Anggaran Murni (Rp 000): figures in thousands of "
     "rupiah, as its header says: read multiplied by 1,000"),
    ("Anggaran dalam Rp.000,-", "Murni", 1_000, "Anggaran Perubahan (dalam Rp.000,-): figures "
     "in thousands of rupiah"),
    ("Anggaran (Rp 000)", "Murni (Rp 000)", 1_000, "Anggaran Murni (Rp 000): figures in "
     "thousands of rupiah"),
])
def test_a_unit_in_the_name_spanning_two_columns_is_the_unit_of_both(
        tmp_path, con, spanning, murni, factor, said):
    """`Anggaran (Rp 000)` merged over `Murni | Perubahan`, `Realisasi (Rp 000)` merged down.
    Before, the second row was read as a data row (7 'value is required' lines), the Pagu
    Murni came from the spanning cell and the Pagu Perubahan was left unread, without a word;
    the same table with its unit in the title read both. Now both are read, in the unit."""
    book = Workbook()
    sheet = book.active
    sheet.append(["REALISASI ANGGARAN JANUARI 2023"])
    sheet.append(["Tahun", "Bulan", "Kode Rekening", "Sub Kegiatan", "Sumber Dana", "Kelompok",
                  "Jenis", spanning, None, "Realisasi (Rp 000)" if factor > 1 else "Realisasi"])
    sheet.append([None] * 7 + [murni, murni.replace("MURNI", "PERUBAHAN").replace(
        "Murni", "Perubahan"), None])
    sheet.append([2023, 1, "2.08.01.1.01.0001", "Penyusunan Dokumen Perencanaan", "PAD",
                  "Belanja", "Belanja Barang dan Jasa", 2931, 3100, 189])
    sheet.append([2023, 1, "2.08.01.1.01.0002", "Koordinasi Penyusunan Dokumen RKA", "PAD",
                  "Belanja", "Belanja Barang dan Jasa", 15250, 15000, 1000])
    path = tmp_path / "lra_2023_01.xlsx"
    book.save(path)
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == (
        "loaded", 2, 2, 0)
    assert con.execute("select pagu_murni, pagu_perubahan, realisasi from raw.anggaran "
                       "order by source_row").fetchall() == [
        (2931 * factor, 3100 * factor, 189 * factor), (15250 * factor, 15000 * factor,
                                                       1000 * factor)]
    assert said is None and "multiplied" not in result.message or said in result.message


@pytest.mark.parametrize(("span", "lower", "said"), [
    # which unit the figures are in cannot be told
    ("Anggaran (Rp 000)", ["Murni (Rp)", "Perubahan (Rp)"],
     "the header 'Anggaran Murni (Rp; Rp 000)' states two units for its figures: which one is "
     "meant cannot be told; state one"),
    # names no column of the source below it: the second row was read back as a row of data
    # (quarantined) and the figures under the blank cell left unread without a word
    ("Anggaran (Rp 000)", ["Awal", "Setelah Perubahan"],
     "the header Anggaran (Rp 000) spans 2 columns, named 'Awal', 'Setelah Perubahan' on row 2 "
     "below it: none of them is a column this source knows"),
    # Murni read as the Pagu and the revised budget under Akhir left unread ('ignored
    # column(s): Akhir'), so the marts worked from the Pagu Murni
    ("Pagu (Rp 000)", ["Murni", "Akhir"],
     "the header Pagu (Rp 000) spans columns named 'Akhir' on row 2 below it that are no "
     "column this source knows: their figures would be left unread"),
    ("Pagu (Rp 000)", ["Awal", "Akhir"],
     "the header Pagu (Rp 000) spans columns named 'Akhir' on row 2 below it that are no "
     "column this source knows: their figures would be left unread"),
])
def test_a_name_spanning_two_columns_that_cannot_be_read_alike_is_refused(
        tmp_path, con, span, lower, said):
    """A budget name spanning two columns whose names below it do not say which figures are
    which, in which unit: the file is refused naming the header, the names and the row, and
    nothing is written. A span whose extra column the source has no column for (`Realisasi`
    over `Bulan Ini | s.d. Bulan Ini`) still reads (test_budget_tree, test_anggaran)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Tahun", "Bulan", "Kode Rekening", "Sub Kegiatan", "Sumber Dana", "Kelompok",
                  "Jenis", span, None, "Realisasi (Rp 000)"])
    sheet.append([None] * 7 + lower + [None])
    sheet.append([2023, 1, "2.08.01.1.01.0001", "Penyusunan Dokumen Perencanaan", "PAD",
                  "Belanja", "Belanja Barang dan Jasa", 150000, 175000, 189])
    path = tmp_path / "lra_2023_01.xlsx"
    book.save(path)
    result = ingest_file(con, path, "anggaran")
    assert (result.status, result.rows_loaded) == ("rejected", 0)
    assert said in result.message
    assert con.execute("select count(*) from raw.anggaran_quarantine").fetchone() == (0,)


def test_a_label_merged_over_rows_is_each_rows_and_a_merged_figure_is_counted_once(
        tmp_path, con):
    """A KLA table with each kabupaten's code and name merged down over its two years: every
    year's row is that kabupaten's (before, the second year's rows were quarantined, 'a value
    is required'). A count merged over both rows is one figure: it stays in its first row,
    and the ledger says so (before, the second row's empty count came without a word)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["HASIL EVALUASI KABUPATEN/KOTA LAYAK ANAK PROVINSI NTT"])
    sheet.append(["NO", "KODE", "NAMA KABUPATEN/KOTA", "TAHUN", "NILAI EM", "PERINGKAT",
                  "JUMLAH DESA LAYAK ANAK"])
    for number, code, name, first in [(1, 5301, "SUMBA BARAT", (512.5, "Pratama", 4)),
                                      (2, 5303, "KUPANG", (400, "Pratama", 7))]:
        sheet.append([number, code, name, 2022, first[0], first[1], first[2]])
        sheet.append([None, None, None, 2023, first[0] + 100, "Madya", None])
        row = sheet.max_row - 1
        for column in (1, 2, 3, 7):
            sheet.merge_cells(start_row=row, start_column=column, end_row=row + 1,
                              end_column=column)
    path = tmp_path / "kla.xlsx"
    book.save(path)
    result = ingest_file(con, path, "kla")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 4, 0)
    assert con.execute(
        "select tahun, kabupaten_kota_kode, nilai_evaluasi_mandiri, peringkat, desa_layak_anak"
        " from raw.kla order by source_row").fetchall() == [
        (2022, "53.12", 512.5, "Pratama", 4), (2023, "53.12", 612.5, "Madya", None),
        (2022, "53.01", 400.0, "Pratama", 7), (2023, "53.01", 500.0, "Madya", None)]
    assert "2 figure(s) merged over several rows read in their first row only, the other " \
        "rows left empty (first: JUMLAH DESA LAYAK ANAK, rows 3–4)" in result.message


@pytest.mark.parametrize("padded", [True, False])
def test_a_label_merged_over_rows_of_an_ods_is_each_rows(tmp_path, con, padded):
    """LibreOffice's .ods: Program and Sumber Dana merged down over a sub kegiatan's two
    lines, a title merged across above the table. calamine gives no merged cells for .ods,
    so the second line's Sumber Dana (required) was quarantined 'a value is required' and
    its Program left empty, where the same .xlsx or .xls loads both. The merges are read
    from the sheet's XML (rows and cells repeated to its last row and column counted)."""
    header = ["Tahun", "Bulan", "Kode Rekening", "Program", "Sub Kegiatan", "Sumber Dana",
              "Kelompok", "Jenis", "Pagu Murni", "Realisasi Bulan Ini"]
    rows = [["LAPORAN REALISASI ANGGARAN DP3A NTT", *[None] * (len(header) - 1)], header,
            [2023, 1, "2.08.03.1.01.0002", "PROGRAM PERLINDUNGAN PEREMPUAN",
             "Penyediaan Layanan Pengelolaan Kasus", "DAK NF", "Belanja",
             "Belanja Barang dan Jasa", 245000000, 12500000],
            [2023, 1, "2.08.03.1.01.0003", None, "Penyediaan Layanan Rumah Aman", None,
             "Belanja", "Belanja Barang dan Jasa", 80000000, 1000000],
            [2023, 1, "2.08.07.1.01.0001", "PROGRAM PERLINDUNGAN KHUSUS ANAK",
             "Koordinasi dan Sinkronisasi Pencegahan Kekerasan terhadap Anak", "PAD",
             "Belanja", "Belanja Barang dan Jasa", 150000000, 7633200]]
    path = write_ods(tmp_path / "realisasi_2023_01.ods", rows,
                     {(0, 0): (1, len(header)), (2, 3): (2, 1), (2, 5): (2, 1)},
                     padded=padded)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 3, 0), \
        result.message
    assert con.execute("select kode_rekening, program, sumber_dana from raw.anggaran order by "
                       "source_row").fetchall() == [
        ("2.08.03.1.01.0002", "PROGRAM PERLINDUNGAN PEREMPUAN", "DAK NF"),
        ("2.08.03.1.01.0003", "PROGRAM PERLINDUNGAN PEREMPUAN", "DAK NF"),
        ("2.08.07.1.01.0001", "PROGRAM PERLINDUNGAN KHUSUS ANAK", "PAD")]


def test_two_monthly_tables_on_one_sheet_read_as_one(tmp_path, con):
    """A register keeping each month as a table of its own on one sheet (title, header,
    cases, JUMLAH): the second title was read as a case (quarantined: every value missing)
    and counted into February's JUMLAH; now it and the repeated header are layout, and each
    JUMLAH is reconciled against its own month."""
    book = Workbook()
    sheet = book.active
    cases = iter(range(1, 100))
    width = len(UPTD_HEADER)
    for month, count in [(1, 3), (2, 2)]:
        sheet.append([f"REGISTER KASUS UPTD PPA BULAN {['JANUARI', 'FEBRUARI'][month - 1]} 2023",
                      *[None] * (width - 1)])
        sheet.append(UPTD_HEADER)
        for _ in range(count):
            sheet.append(uptd_row(next(cases), month=month))
        sheet.append(["JUMLAH", *[None] * (width - 2), count])
        sheet.append([None] * width)
    path = tmp_path / "register.xlsx"
    book.save(path)
    # The same saved as CSV (Excel pads every line to the table's width): both readers.
    lines = [["" if cell is None else cell.strftime("%d/%m/%Y") if hasattr(cell, "strftime")
              else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    text = write_csv(tmp_path / "register.csv", lines[1:], header=lines[0])
    for columnar in (True, False):
        _, chunks = read_chunks(text, source("uptd"), columnar=columnar)
        chunks = list(chunks)
        assert sum(chunk.layout_rows for chunk in chunks) == 2
        assert [str(chunk.frame["no_kasus"].dtype) for chunk in chunks] == [
            "str" if columnar else "object"]
        assert chunks[0].frame["_row"].tolist() == [3, 4, 5, 10, 11]
    result = ingest_file(con, path, "uptd")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined,
            result.rows_dropped) == (7, 5, 0, 2)
    assert result.findings == []
    assert con.execute("select month(tanggal_pengaduan), count(*) from raw.uptd group by 1 "
                       "order by 1").fetchall() == [(1, 3), (2, 2)]


def test_a_perpetrators_columns_under_pelaku_are_never_the_victims(tmp_path, con):
    """`PELAKU` over `NAMA | UMUR | JENIS KELAMIN` beside `KORBAN` over `NAMA | JENIS
    KELAMIN`: the perpetrator's age was read as the victim's (the lower name alone, `UMUR`,
    is an alias of umur_korban) and his sex made the header name jenis_kelamin_korban twice
    (file refused). Now they are the perpetrator's columns, not read, and no name is kept."""
    book = Workbook()
    sheet = book.active
    sheet.append(["NO", "NO. REGISTRASI", "TANGGAL LAPOR", "KABUPATEN/KOTA", "PELAKU", None,
                  None, "KORBAN", None, "BENTUK KEKERASAN", "TEMPAT KEJADIAN", "STATUS"])
    sheet.append([None] * 4 + ["NAMA", "UMUR", "JENIS KELAMIN", "NAMA", "JENIS KELAMIN"]
                 + [None] * 3)
    sheet.append([1, "R-2023-001", "15/03/2023", "Kota Kupang", "Budi Pelaku", 45, "L",
                  "Ani Korban", "P", "Seksual", "Rumah Tangga", "Terlayani"])
    sheet.append([2, "R-2023-002", "16/03/2023", "Sikka", "Dedi Pelaku", 38, "L",
                  "Yosef Korban", "L", "Fisik", "Sekolah", "Terlayani"])
    path = tmp_path / "simfoni.xlsx"
    book.save(path)
    result = ingest_file(con, path, "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 0)
    assert "ignored column(s): 'UMUR PELAKU', 'JENIS KELAMIN PELAKU'" in result.message
    assert "2 private column(s) dropped unread" in result.message
    assert con.execute("select jenis_kelamin_korban, umur_korban from raw.simfoni order by "
                       "source_row").fetchall() == [("P", None), ("L", None)]


def test_another_persons_age_in_brackets_is_not_the_victims(tmp_path, con):
    """`Umur (Pelaku)` was read as `Umur` with a unit, the perpetrator's age stored as the
    victim's; `Umur (Th)` stays the victim's age."""
    header = [name.replace("Umur Korban", "Umur (Th)") for name in SIMFONI_HEADER]
    rows = [simfoni_row(1) + ["45"], simfoni_row(2) + ["38"]]
    path = write_csv(tmp_path / "s.csv", rows, header=[*header, "Umur (Pelaku)"])
    result = ingest_file(con, path, "simfoni")
    assert result.rows_loaded == 2
    assert "ignored column(s): 'Umur (Pelaku)'" in result.message
    assert con.execute("select umur_korban from raw.simfoni").fetchall() == [(14,), (14,)]


@pytest.mark.parametrize("written", ["Umur (bulan)", "Usia (Bln)"])
def test_an_age_headed_in_months_is_read_in_months(tmp_path, con, written):
    """`Umur (bulan)` 6, 18, 30 were stored as 6, 18 and 30 years (an 18-month-old counted
    as an adult); now whole years completed, each cell flagged; an age written with its own
    unit keeps it."""
    header = [name.replace("Umur Korban", written) for name in SIMFONI_HEADER]
    rows = [simfoni_row(number, **{"Umur Korban": age})
            for number, age in enumerate(["6", "18", "30", "2 thn", ""], 1)]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows, header=header), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (5, 0, 4)
    assert con.execute("select umur_korban from raw.simfoni order by source_row").fetchall() == [
        (0,), (1,), (2,), (2,), (None,)]
    assert con.execute("select reason from raw.simfoni_quarantine where source_row = 3"
                       ).fetchone()[0] == ("in months, as the header states: read as 1 (whole "
                                           "years completed)")


@pytest.mark.parametrize("written", ["Tanggal Lahir", "Tgl Lahir", "Tgl. Lahir"])
def test_a_birth_date_instead_of_the_age_gives_the_age_at_the_incident(tmp_path, con, written):
    """A register giving `Tanggal Lahir` where the age goes: the column was ignored, every
    age left empty and the children dropped out of the child counts. Now the whole years at
    the incident (else at the report), the birth date stored nowhere."""
    header = [name.replace("Umur Korban", written) for name in SIMFONI_HEADER]
    rows = [simfoni_row(1, **{"Umur Korban": "15/05/2010", "Tanggal Kejadian": "01/03/2023"}),
            # 18 at the report, 17 at the incident: a child
            simfoni_row(2, **{"Umur Korban": "10/03/2005", "Tanggal Kejadian": "05/03/2023"}),
            simfoni_row(3, **{"Umur Korban": "15/03/2005", "Tanggal Kejadian": ""}),
            simfoni_row(4, **{"Umur Korban": "20/03/2023", "Tanggal Kejadian": "10/03/2023"}),
            simfoni_row(5, **{"Umur Korban": ""})]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows, header=header), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (5, 0, 1)
    assert con.execute("select umur_korban from raw.simfoni order by source_row").fetchall() == [
        (12,), (17,), (18,), (None,), (None,)]
    assert (f"Umur: 3 ages computed from {written} (whole years at the incident, else at "
            "the report); the birth date is not stored") in result.message
    assert con.execute("select source_row, column_name, value, reason from "
                       "raw.simfoni_quarantine").fetchall() == [
        (5, written, "", "after Tanggal Kejadian: no age computed from it")]
    stored = {name for (name,) in con.execute(
        "select column_name from information_schema.columns where table_name = 'simfoni'"
    ).fetchall()}
    assert "umur_korban" in stored and not any("lahir" in name for name in stored)


def test_a_birth_date_typed_in_the_age_column_is_never_stored(tmp_path, con):
    """`Umur Korban` holding `14/02/2015` or `2015-02-14`: the record was kept but the
    child's birth date was stored in clear in the quarantine, the reason saying "two numbers
    joined". Now the cell is refused as a date, not an age, its value not kept."""
    rows = [simfoni_row(1, **{"Umur Korban": "14/02/2015"}),
            simfoni_row(2, **{"Umur Korban": "2015-02-14"}),
            simfoni_row(3, **{"Umur Korban": "9.11"})]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (3, 0)
    assert con.execute("select umur_korban from raw.simfoni order by source_row").fetchall() == [
        (None,), (None,), (9,)]
    why = ("a date, not an age (a birth date?): not stored; write the age, or put the birth "
           "date in a Tanggal Lahir column, which gives the age at the incident")
    assert con.execute("select source_row, value, reason from raw.simfoni_quarantine "
                       "where column_name = 'Umur Korban' and value <> '9.11' order by 1"
                       ).fetchall() == [(2, "***", why), (3, "***", why)]
    stored = " ".join(str(value) for table in ("simfoni", "simfoni_quarantine", "ingest_ledger")
                      for row in con.execute(f"select * from raw.{table}").fetchall()
                      for value in row)
    assert "2015" not in stored and "14/02" not in stored


def test_an_age_the_birth_date_contradicts_is_kept_and_a_finding(tmp_path, con):
    """Both `Tgl Lahir` and `Usia`: the age written is kept when it is the age at the
    incident or at the report (13 or 14 here), else the row is a finding naming both ages,
    never the birth date."""
    header = [*SIMFONI_HEADER, "Tgl Lahir"]
    dates = {"Tanggal Lapor": "15/04/2023", "Tanggal Kejadian": "10/04/2023"}
    rows = [simfoni_row(number, **dates, **{"Umur Korban": age}) + ["14/04/2009"]
            for number, age in enumerate(("13", "14", "9"), 1)]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows, header=header), "simfoni")
    assert (result.rows_loaded, result.cells_flagged) == (3, 0)
    message = ("row 4: Umur Korban 9 differs from the age Tgl Lahir gives (13): the age "
               "written is kept")
    assert result.findings == [message]
    assert con.execute("select source_row, check_name, message from raw.ingest_findings"
                       ).fetchall() == [(4, "umur_tanggal_lahir_mismatch", message)]
    assert con.execute("select umur_korban from raw.simfoni order by source_row").fetchall() == [
        (13,), (14,), (9,)]


def test_services_disability_and_places_as_registers_label_them(tmp_path, con):
    """`Jenis Layanan` and `Disabilitas: Ya/Tidak` were ignored (every service and disability
    lost) and `Rumah`, `Jalan` refused the victim's record; `Kebun` fits no SIMFONI place
    (a household's, a workplace's?): the required column still refuses it, saying so."""
    header = [{"Layanan": "Jenis Layanan", "Disabilitas": "Disabilitas: Ya/Tidak"}.get(name, name)
              for name in SIMFONI_HEADER]
    rows = [simfoni_row(1, **{"Tempat Kejadian": "Rumah", "Disabilitas": "Tidak Ada"}),
            simfoni_row(2, **{"Tempat Kejadian": "Jalan", "Disabilitas": "Penyandang Disabilitas",
                              "Layanan": "Bantuan Hukum"}),
            simfoni_row(3, **{"Tempat Kejadian": "Kebun", "Disabilitas": "Non Disabilitas"})]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows, header=header), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (2, 1, 0)
    assert con.execute("select tempat_kejadian, disabilitas, layanan from raw.simfoni "
                       "order by source_row").fetchall() == [
        ("Rumah Tangga", "Tidak", "Pengaduan;Kesehatan"),
        ("Fasilitas Umum", "Ya", "Bantuan Hukum")]
    assert con.execute("select source_row, column_name, reason from raw.simfoni_quarantine"
                       ).fetchall() == [(4, "Tempat Kejadian", (
                           "not one of the allowed values: Fasilitas Umum, Lainnya, Lembaga "
                           "Pendidikan Kilat, Rumah Tangga, Sekolah, Tempat Kerja"))]


def test_an_age_header_stating_two_units_is_refused(tmp_path, con):
    header = [name.replace("Umur Korban", "Umur (Thn/Bln)") for name in SIMFONI_HEADER]
    path = write_csv(tmp_path / "s.csv", [simfoni_row(1)], header=header)
    result = ingest_file(con, path, "simfoni")
    assert result.status == "rejected"
    assert "the header 'Umur (Thn/Bln)' states two units for the age" in result.message


def test_sipd_kode_and_nama_under_program_kegiatan_and_sub_kegiatan(tmp_path, con):
    """SIPD's `PROGRAM`, `KEGIATAN` and `SUB KEGIATAN` each over `KODE | NAMA`: the file was
    refused (`KODE` alone, a name of kode_rekening, three times); now `KODE` under `SUB
    KEGIATAN` is the kode rekening and the program's and kegiatan's codes are not read."""
    book = Workbook()
    sheet = book.active
    sheet.append(["TAHUN", "BULAN", "PROGRAM", None, "KEGIATAN", None, "SUB KEGIATAN", None,
                  "SUMBER DANA", "KELOMPOK", "JENIS", "PAGU", "REALISASI"])
    sheet.append([None, None] + ["KODE", "NAMA"] * 3 + [None] * 5)
    sheet.append([2023, 1, "2.08.02", "PROGRAM PUG", "2.08.02.1.01", "Pelembagaan PUG",
                  "2.08.02.1.01.0001", "Koordinasi PUG", "DAU", "Belanja",
                  "Belanja Barang dan Jasa", 150_000_000, 12_500_000])
    path = tmp_path / "sipd.xlsx"
    book.save(path)
    result = ingest_file(con, path, "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)
    assert "ignored column(s): 'KODE PROGRAM', 'KODE KEGIATAN'" in result.message
    assert con.execute("select kode_rekening, program, kegiatan, sub_kegiatan, realisasi "
                       "from raw.anggaran").fetchall() == [
        ("2.08.02.1.01.0001", "PROGRAM PUG", "Pelembagaan PUG", "Koordinasi PUG", 12_500_000)]


def test_program_kegiatan_and_sub_kegiatan_under_uraian_are_their_columns(tmp_path, con):
    """`URAIAN` (a name of sub_kegiatan) over `PROGRAM | KEGIATAN | SUB KEGIATAN`: each
    lower name is its own column, not an attribute of the Uraian."""
    book = Workbook()
    sheet = book.active
    sheet.append(["TAHUN", "BULAN", "KODE REKENING", "URAIAN", None, None, "SUMBER DANA",
                  "KELOMPOK", "JENIS", "PAGU", "REALISASI"])
    sheet.append([None] * 3 + ["PROGRAM", "KEGIATAN", "SUB KEGIATAN"] + [None] * 5)
    sheet.append([2023, 1, "2.08.02.1.01.0001", "PROGRAM PUG", "Pelembagaan PUG",
                  "Koordinasi PUG", "DAU", "Belanja", "Belanja Barang dan Jasa", 150_000_000,
                  12_500_000])
    book.save(tmp_path / "lra.xlsx")
    result = ingest_file(con, tmp_path / "lra.xlsx", "anggaran")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 0)
    assert "ignored" not in result.message
    assert con.execute("select program, kegiatan, sub_kegiatan from raw.anggaran").fetchall() \
        == [("PROGRAM PUG", "Pelembagaan PUG", "Koordinasi PUG")]


@pytest.mark.parametrize(("written", "named", "subtotal"), [
    ("JML", "", False), ("Jml. Belanja", "Belanja", False), ("J U M L A H", "", False),
    ("T O T A L", "", False), ("Sub Jumlah", "", True), ("Jmlh", "", False),
    ("RATA-RATA", "", False), ("Rata-rata Provinsi", "Provinsi", False)])
def test_the_ways_offices_write_a_total_row(written, named, subtotal):
    """Short and spaced-out totals, and a row of averages, were read as data rows
    (quarantined as rows missing every value)."""
    assert total_label([None, written, None]) == written
    assert parse_label(written) == named
    assert bool(SUBTOTAL_LABEL.match(written)) is subtotal


def test_rows_hidden_in_the_sheet_are_read_and_named(tmp_path, con):
    """A filter or Hide leaves rows out of sight, not out of the file: they were read without
    a word; they still load, and the ledger names them for the officer to check."""
    from openpyxl import load_workbook

    path = write_uptd_xlsx(tmp_path / "r.xlsx", [uptd_row(number) for number in range(1, 5)])
    book = load_workbook(path)
    book.active.row_dimensions[5].hidden = True
    book.save(path)
    result = ingest_file(con, path, "uptd")
    assert result.rows_loaded == 4
    assert "1 data row(s) hidden in the spreadsheet (a filter or Hide) read like the " \
        "others: 5" in result.message


def test_a_row_of_averages_under_the_table_is_dropped_not_reconciled(tmp_path, con):
    """`RATA-RATA` under a KLA table was a quarantined row (no kabupaten, no year); it is
    dropped like a total and, adding nothing up, never reconciled as one."""
    book = Workbook()
    sheet = book.active
    for row in (["No", "Kabupaten/Kota", "Tahun", "Nilai EM", "Peringkat", "Desa Layak Anak"],
                [1, "Kota Kupang", 2023, 750, "Nindya", 12], [2, "Sikka", 2023, 600, "Madya", 10],
                ["JUMLAH", None, None, None, None, 22], ["RATA-RATA", None, None, 675, None, 11]):
        sheet.append(row)
    book.save(tmp_path / "kla.xlsx")
    result = ingest_file(con, tmp_path / "kla.xlsx", "kla")
    assert (result.rows_loaded, result.rows_quarantined, result.rows_dropped) == (2, 0, 2)
    assert result.findings == []


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_headings_inside_a_roster_are_not_employees(tmp_path, con, suffix):
    """A roster grouped by unit (`I. SEKRETARIAT`, `II. BIDANG PKA` alone on their rows):
    each heading was a quarantined row with every value missing, counted as an employee who
    failed; now headings are not read and the ledger counts them. A case number alone on a
    row is still an incomplete record (quarantined)."""
    header = ["No", "NIP", "JK", "Pendidikan", "Golongan", "Jabatan", "Jenis Jabatan",
              "Unit Kerja", "Status", "Keadaan Per"]
    employee = ["Analis Perlindungan Anak", "Fungsional"]
    rows = [["I. SEKRETARIAT"] + [""] * 9,
            ["1", "198503122010012014", "P", "S1", "III/c", *employee, "Sekretariat", "PNS",
             "31/12/2023"],
            ["II. BIDANG PKA"] + [""] * 9,
            ["2", "197908212005011009", "L", "S1", "III/d", *employee, "Bidang PKA", "PNS",
             "31/12/2023"],
            ["", "198001012005012004"] + [""] * 8,
            ["3", "198505122010011003", "L", "S1", "III/b", *employee, "Bidang PKA", "PNS",
             "31/12/2023"]]
    path = write_table(tmp_path / f"roster{suffix}", header, rows)
    result = ingest_file(con, path, "asn")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 3, 1)
    assert "2 heading row(s) inside the table (one word or title alone, such as 'II. BIDANG') " \
        "not read" in result.message


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_case_continued_on_the_rows_below_is_quarantined_not_taken_for_headings(
        tmp_path, con, suffix):
    """A register writing a case's further services on the rows below it (`Kesehatan`,
    `Bantuan Hukum` alone under Layanan): both rows were dropped as section headings,
    outside the row balance ('2 rows read = 2 loaded'), the services lost without a word.
    A value alone under a later column is a record's: quarantined (incomplete), counted."""
    case = uptd_row(1)
    continued = [["" if name != "Layanan" else service for name in UPTD_HEADER]
                 for service in ("Kesehatan", "Bantuan Hukum")]
    rows = [[str(cell) if cell is not None else "" for cell in row]
            for row in (case, *continued, uptd_row(2))]
    rows[0][UPTD_HEADER.index("Tanggal Pengaduan")] = "10/01/2023"
    rows[3][UPTD_HEADER.index("Tanggal Pengaduan")] = "23/01/2023"
    result = ingest_file(con, write_table(tmp_path / f"register{suffix}", UPTD_HEADER, rows),
                         "uptd")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 2, 2)
    assert "heading" not in result.message
    # One reason per continued row, naming the record above it, not one "a value is
    # required" per empty column (six lines for a row of one service before).
    assert con.execute("select source_row, column_name, value, reason from raw.uptd_quarantine "
                       "order by 1").fetchall() == [
        (3, "Layanan", "Kesehatan", "no required value, only Layanan filled: it looks like the "
         "continuation of the record on row 2, not merged into it since which record it "
         "continues cannot be proven"),
        (4, "Layanan", "Bantuan Hukum", "no required value, only Layanan filled: it looks like "
         "the continuation of the record on row 2, not merged into it since which record it "
         "continues cannot be proven")]



@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_service_continued_under_the_last_case_is_quarantined_not_a_line_under_the_table(
        tmp_path, con, suffix):
    """`Rehabilitasi Sosial` alone under Layanan below the register's last case was counted
    among the notes and signatures under the table ('1 line under the table … not read'),
    the last case's service lost without a word; a value of the column's vocabulary makes it
    a continuation, quarantined and named like the ones inside the table, while a signature
    under it stays a line under the table."""
    rows = [[str(cell) if cell is not None else "" for cell in uptd_row(number)]
            for number in (1, 2)]
    rows[0][UPTD_HEADER.index("Tanggal Pengaduan")] = "10/01/2023"
    rows[1][UPTD_HEADER.index("Tanggal Pengaduan")] = "23/01/2023"
    rows.append(["" if name != "Layanan" else "Rehabilitasi Sosial" for name in UPTD_HEADER])
    rows.append(["" if name != "Layanan" else "Kepala UPTD PPA" for name in UPTD_HEADER])
    result = ingest_file(con, write_table(tmp_path / f"register{suffix}", UPTD_HEADER, rows),
                         "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert con.execute("select source_row, column_name, value from raw.uptd_quarantine"
                       ).fetchall() == [(4, "Layanan", "Rehabilitasi Sosial")]
    assert "1 line(s) under the table" in result.message

def test_a_workbook_counting_dates_from_1904_reads_its_date_numbers_right(tmp_path, con):
    """Excel for Mac's 1904 date system: a Tanggal Pengaduan typed as a plain number (43 0xx
    days from 1 January 1904) and one formatted as a date both read as the date Excel shows,
    not four years and a day early."""
    book = Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.append(UPTD_HEADER)
    shown = [dt.date(2023, 1, 10), dt.date(2023, 3, 2)]
    first, second = (uptd_row(number, month=day.month) for number, day in
                     enumerate(shown, start=1))
    first[UPTD_HEADER.index("Tanggal Pengaduan")] = (shown[0] - dt.date(1904, 1, 1)).days
    second[UPTD_HEADER.index("Tanggal Pengaduan")] = dt.datetime(2023, 3, 2)
    sheet.append(first)
    sheet.append(second)
    path = tmp_path / "register_mac.xlsx"
    book.save(path)
    result = ingest_file(con, path, "uptd")
    assert (result.status, result.rows_loaded) == ("loaded", 2), result.message
    assert [day for (day,) in con.execute(
        "select tanggal_pengaduan from raw.uptd order by source_row").fetchall()] == shown


@pytest.mark.parametrize("mark", ["¹", " *)", " 2)", "**", "^1", "†", " a)"])
def test_a_footnote_mark_after_a_header_is_no_part_of_its_name(tmp_path, con, mark):
    """A report table marks headers with footnotes (`Tanggal Lapor¹`, `Umur (Th) *)`): the
    column was ignored (a required one refused the file, an optional one loaded empty).
    The mark is dropped before the header is matched, in every source; messages name the
    header as the file writes it."""
    header = [{"Tanggal Lapor": f"Tanggal Lapor{mark}", "Umur Korban": f"Umur (Th){mark}"}
              .get(name, name) for name in SIMFONI_HEADER]
    path = write_csv(tmp_path / "s.csv", [simfoni_row(1), simfoni_row(2)], header=header)
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded) == ("loaded", 2)
    assert "ignored column" not in result.message
    assert con.execute("select distinct umur_korban from raw.simfoni").fetchall() == [(14,)]


@pytest.mark.parametrize("written", ["14*", "14 r)", "...", "x"])
def test_a_registers_age_is_never_read_past_a_mark_or_a_statistical_sign(tmp_path, con,
                                                                         written):
    """BPS's marks and signs are read in a statistical table's figures only: a `*` after a
    victim's age in a register is no BPS mark, and the age is not read (cell flagged)."""
    path = write_csv(tmp_path / "s.csv", [simfoni_row(1), simfoni_row(2, **{"Umur Korban":
                                                                             written})])
    result = ingest_file(con, path, "simfoni")
    assert (result.rows_loaded, result.cells_flagged) == (2, 1)
    assert con.execute("select column_name, value, reason from raw.simfoni_quarantine"
                       ).fetchall() == [("Umur Korban", written, "not a number")]
    assert "read as no figure" not in result.message
