"""A staff roster's NIP settles the order of its Tanggal Lahir: the NIP (and the NI PPPK)
begins with the birth date `yyyymmdd`, so a row whose typed date reads two ways and is the
NIP's date in one of them only proves the column's order. Rosters are generated here, as CSV
and as workbooks of text cells, and read by the real loader into a real DuckDB warehouse;
neither a NIP nor a birth date as typed may appear in any table or message."""

import datetime as dt

import pytest

from ingest import parse
from ingest.loader import ingest_file
from tests.helpers import ASN_HEADER, staff_row, write_csv, write_rows_xlsx

# The snapshot date is ISO: it says nothing about the order of the birth dates.
SNAPSHOT = {"Tanggal Data": "2023-12-31"}
CONTRACT = {"Golongan": "", "Status Kepegawaian": "Kontrak", **SNAPSHOT}
ADVICE = "write the dates with the month's name or as yyyy-mm-dd"


def nip(born: dt.date, seq: int, appointed: str = "200501") -> str:
    """A NIP born on `born` (CPNS January 2005, a woman); `appointed="202221"` gives a NI
    PPPK appointed in 2022."""
    return f"{born:%Y%m%d}{appointed}2{seq:03d}"


def typed(born: dt.date, order: str) -> str:
    """The birth date as the file types it: `05/03/1985` day first, `03/05/1985` month first."""
    first, second = (born.day, born.month) if order == parse.DMY else (born.month, born.day)
    return f"{first:02d}/{second:02d}/{born.year}"


def write(tmp_path, kind: str, rows: list[list[str]], header: list[str] = ASN_HEADER):
    """The roster as a `;` CSV (header on row 1) or a workbook of text cells under a title
    (header on row 2); returns the file and the first data row's number."""
    if kind == "csv":
        return write_csv(tmp_path / "daftar_pegawai_2023-12.csv", rows, header=header), 2
    return write_rows_xlsx(tmp_path / "daftar_pegawai_2023-12.xlsx", header, rows,
                           above=[["DAFTAR NOMINATIF PEGAWAI"]]), 3


def flagged(con):
    return con.execute("select sheet, source_row, column_name, value, reason "
                       "from raw.asn_quarantine where row_kept order by source_row").fetchall()


def loaded(con):
    return con.execute("select source_row, tanggal_lahir, tanggal_lahir_sumber from raw.asn "
                       "order by source_row").fetchall()


def stored_text(con) -> str:
    """Every text the warehouse holds: each text column of `raw.*` (rows, quarantine,
    findings, ledger)."""
    columns = con.execute(
        "select table_name, column_name from information_schema.columns where "
        "table_schema = 'raw' and data_type = 'VARCHAR'").fetchall()
    texts = []
    for table, column in columns:
        texts += [value for (value,) in con.execute(
            f'select "{column}" from raw."{table}" where "{column}" is not null').fetchall()]
    return "\n".join(texts)


# Four PNS, one PPPK and one contract employee; every birth date has a day of 12 or below,
# so only the NIPs can tell the order. 4 April reads the same either way: it proves nothing.
PNS_BORN = [dt.date(1985, 3, 5), dt.date(1990, 11, 2), dt.date(1978, 7, 1),
            dt.date(1982, 4, 4)]
PPPK_BORN = dt.date(1992, 10, 8)
CONTRACT_BORN = dt.date(1995, 9, 6)


def roster(order: str) -> list[list[str]]:
    rows = [staff_row(number, nip=nip(born, number), born=typed(born, order), **SNAPSHOT)
            for number, born in enumerate(PNS_BORN, start=1)]
    rows.append(staff_row(5, nip=nip(PPPK_BORN, 5, appointed="202221"),
                          born=typed(PPPK_BORN, order), Golongan="IX",
                          **{**SNAPSHOT, "Status Kepegawaian": "PPPK"}))
    rows.append(staff_row(6, nip="", born=typed(CONTRACT_BORN, order), **CONTRACT))
    return rows


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize("order", [parse.DMY, parse.MDY])
def test_the_nips_settle_the_order_of_the_birth_dates(tmp_path, con, english, kind, order):
    path, first = write(tmp_path, kind, roster(order))
    result = ingest_file(con, path, "asn")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (6, 0, 0)
    assert result.findings == []
    # Every date is read in the order the NIPs prove, the contract employee's (no NIP) too.
    assert loaded(con) == [
        (first + at, born, "file")
        for at, born in enumerate([*PNS_BORN, PPPK_BORN, CONTRACT_BORN])]
    how = "day/month/year" if order == parse.DMY else "month/day/year"
    # 5 March, 2 November, 1 July and the PPPK's 8 October prove it; 4 April does not.
    assert (f"Tanggal Lahir: dates read {how}: the birth date in the NIP agrees with that "
            f"order only in 4 rows (first: row {first})") in result.message
    text = stored_text(con) + result.message
    assert not [row[2] for row in roster(order) if row[2] and row[2] in text]
    assert not [row[5] for row in roster(order) if row[5] in text]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_nips_proving_both_orders_settle_nothing(tmp_path, con, english, kind):
    # 5 March typed day first, 2 November month first: the NIPs prove both orders.
    rows = [staff_row(1, nip=nip(PNS_BORN[0], 1), born="05/03/1985", **SNAPSHOT),
            staff_row(2, nip=nip(PNS_BORN[1], 2), born="11/02/1990", **SNAPSHOT),
            staff_row(3, nip=nip(PNS_BORN[3], 3), born="04/04/1982", **SNAPSHOT),
            staff_row(4, nip="", born="06/09/1995", **CONTRACT)]
    path, first = write(tmp_path, kind, rows)
    result = ingest_file(con, path, "asn")
    assert (result.rows_loaded, result.rows_quarantined, result.cells_flagged) == (4, 0, 3)
    # Not read (and not taken from the NIP either: the file wrote a date); 4 April is read.
    assert loaded(con) == [(first, None, None), (first + 1, None, None),
                           (first + 2, dt.date(1982, 4, 4), "file"), (first + 3, None, None)]
    reason = (f"Tanggal Lahir: the birth dates in the NIPs agree with day/month/year in 1 row "
              f"(first: row {first}) and with month/day/year in 1 row (first: row "
              f"{first + 1}), so the NIPs do not settle the order; a date that could be "
              f"either is not read; {ADVICE}")
    sheet = None if kind == "csv" else "Sheet1"
    assert flagged(con) == [(sheet, row, "Tanggal Lahir", "", reason)
                            for row in (first, first + 1, first + 3)]
    assert reason in result.message
    assert result.findings == []  # no row is told its date differs from its NIP
    text = stored_text(con) + result.message
    assert not [value for value in ("05/03/1985", "11/02/1990", "06/09/1995", "1985-03-05",
                                    nip(PNS_BORN[0], 1), nip(PNS_BORN[1], 2)) if value in text]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_nips_against_the_files_other_proof_leave_the_dates_unread(tmp_path, con, english,
                                                                   kind):
    # The snapshot date is month first (12/31/2023); the NIPs say the birth dates are day
    # first. Before, the birth dates followed the snapshot and each row was told its date
    # had day and month swapped.
    rows = [staff_row(number, nip=nip(born, number), born=typed(born, parse.DMY),
                      **{"Tanggal Data": "12/31/2023"})
            for number, born in enumerate(PNS_BORN, start=1)]
    path, first = write(tmp_path, kind, rows)
    result = ingest_file(con, path, "asn")
    assert (result.rows_loaded, result.cells_flagged) == (4, 3)
    assert loaded(con) == [(first, None, None), (first + 1, None, None),
                           (first + 2, None, None), (first + 3, dt.date(1982, 4, 4), "file")]
    assert con.execute("select distinct tanggal_data from raw.asn").fetchall() == [
        (dt.date(2023, 12, 31),)]
    reason = (f"Tanggal Lahir: the birth dates in the NIPs agree with day/month/year (first: "
              f"row {first}), but the file writes month/day/year (Tanggal Data, row {first} "
              f"'12/31/2023'); a date that could be either is not read; {ADVICE}")
    assert [row[4] for row in flagged(con)] == [reason] * 3
    assert reason in result.message
    assert result.findings == []


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_only_an_18_digit_number_beginning_with_a_date_is_evidence(tmp_path, con, english,
                                                                   kind):
    # A NIP missing a digit, the old 9-digit NIP and a NIP whose first 8 digits are no date
    # prove nothing: the dates beside them read two ways and nothing settles them.
    rows = [staff_row(1, nip=nip(PNS_BORN[0], 1)[:-1], born="05/03/1985", **SNAPSHOT),
            staff_row(2, nip="150307928", born="11/02/1990", **SNAPSHOT),
            staff_row(3, nip="198513072005012003", born="07/01/1978", **SNAPSHOT),
            staff_row(4, nip="", born="06/09/1995", **CONTRACT)]
    path, first = write(tmp_path, kind, rows)
    result = ingest_file(con, path, "asn")
    assert (result.rows_loaded, result.rows_quarantined) == (1, 3)  # the three bad NIPs
    assert loaded(con) == [(first + 3, None, None)]
    assert "Tanggal Lahir: 4 values not read: they read day-first or month-first and no value " \
           "in the file settles the order" in result.message


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_birth_date_its_nip_contradicts_is_a_finding_that_names_neither(tmp_path, con,
                                                                          kind):
    # Indonesian, as the officer reads it. The NIPs of rows 1-3 settle day first; row 4's
    # 05/07/1980 is 5 July (or 7 May), its NIP says 5 September.
    header = [name if name != "Tanggal Lahir" else "Tgl Lahir" for name in ASN_HEADER]
    rows = [staff_row(number, nip=nip(born, number), born=typed(born, parse.DMY), **SNAPSHOT)
            for number, born in enumerate(PNS_BORN[:3], start=1)]
    wrong = nip(dt.date(1980, 9, 5), 4)
    rows.append(staff_row(4, nip=wrong, born="05/07/1980", **SNAPSHOT))
    path, first = write(tmp_path, kind, rows, header=header)
    result = ingest_file(con, path, "asn")
    assert (result.rows_loaded, result.cells_flagged) == (4, 0)
    message = f"baris {first + 3}: Tgl Lahir berbeda dengan tanggal lahir di NIP"
    assert result.findings == [message]
    assert con.execute(
        "select file_name, source_row, check_name, message from raw.ingest_findings"
    ).fetchall() == [(result.label, first + 3, "nip_birth_date_mismatch", message)]
    # The row keeps the date as the file's order reads it.
    assert loaded(con)[3] == (first + 3, dt.date(1980, 7, 5), "file")
    text = stored_text(con) + result.message + " ".join(result.findings)
    assert not [value for value in ("05/07/1980", "19800905", wrong, "1980-09-05",
                                    "September", "5 Juli") if value in text]
