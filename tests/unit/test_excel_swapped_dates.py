"""Excel set to month-first (an English laptop) opening a day-first register turns every
date it can read month-first into a date cell with day and month swapped (`05/01/2023`, 5
January, becomes 1 May) and leaves the rest as text (`13/01/2023`). Such a column proves its
order by its text, and its date cells are not read when they may be swapped; a column whose
cells or text rule the conversion out is read as it is. Real loader, real DuckDB, workbooks
generated here."""

import datetime as dt

import pytest

from ingest.loader import ingest_file
from tests.helpers import UPTD_HEADER, uptd_row, write_rows_xlsx, write_uptd_xlsx

pytestmark = pytest.mark.usefixtures("english")

FIRST = 5  # the register's first data row (title, year, blank, header above it)
# The true dates of six complaints as an English-locale Excel leaves them: those it could
# read month-first are date cells with day and month swapped, the others stay text.
CONVERTED = [dt.datetime(2023, 5, 1), "13/01/2023", dt.datetime(2023, 9, 4), "20/02/2023",
             dt.datetime(2023, 3, 7), "25/03/2023"]


def _load(tmp_path, con, dates):
    rows = [uptd_row(number, **{"Tanggal Pengaduan": date})
            for number, date in enumerate(dates, start=1)]
    return ingest_file(con, write_uptd_xlsx(tmp_path / "register.xlsx", rows), "uptd")


def _loaded(con):
    return con.execute("select source_row, tanggal_pengaduan from raw.uptd "
                       "order by source_row").fetchall()


def test_date_cells_excel_may_have_swapped_are_not_read(tmp_path, con):
    result = _load(tmp_path, con, CONVERTED)
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 3, 3)
    assert _loaded(con) == [(FIRST + 1, dt.date(2023, 1, 13)), (FIRST + 3, dt.date(2023, 2, 20)),
                            (FIRST + 5, dt.date(2023, 3, 25))]
    reasons = con.execute("select source_row, column_name, reason from raw.uptd_quarantine "
                          "order by source_row").fetchall()
    assert [(row, column) for row, column, _ in reasons] == [
        (FIRST, "Tanggal Pengaduan"), (FIRST + 2, "Tanggal Pengaduan"),
        (FIRST + 4, "Tanggal Pengaduan")]
    assert reasons[0][2] == (
        "Tanggal Pengaduan: the date cell 1 May 2023, which may be 5 January 2023, is not "
        f"read: the column's dates written as text are day/month/year (row {FIRST + 1} "
        "'13/01/2023'), and Excel set to the other order turns such text into date cells with "
        "day and month swapped (leaving as text what it cannot read); write the dates as text, "
        "with a month name, or as yyyy-mm-dd")
    assert "3 date cells with day and month both 12 or below not read" in result.message


def test_a_date_cell_past_the_12th_rules_the_conversion_out(tmp_path, con):
    """15 August as a cell cannot be a swapped date: the cells are the register's own."""
    result = _load(tmp_path, con, [*CONVERTED, dt.datetime(2023, 8, 15)])
    assert (result.rows_loaded, result.rows_quarantined) == (7, 0)
    assert _loaded(con)[0] == (FIRST, dt.date(2023, 5, 1))


def test_a_text_date_excel_would_have_converted_rules_it_out(tmp_path, con):
    """`06/02/2023` left as text: a month-first Excel would have made it a cell, so the
    column was not converted; the text is read day-first, as the column's proof says."""
    result = _load(tmp_path, con, [*CONVERTED, "06/02/2023"])
    assert (result.rows_loaded, result.rows_quarantined) == (7, 0)
    assert _loaded(con)[0] == (FIRST, dt.date(2023, 5, 1))
    assert _loaded(con)[-1] == (FIRST + 6, dt.date(2023, 2, 6))


def test_a_cell_whose_day_is_its_month_reads_the_same_either_way(tmp_path, con):
    result = _load(tmp_path, con, ["13/01/2023", dt.datetime(2023, 5, 5),
                                   dt.datetime(2023, 3, 3)])
    assert (result.rows_loaded, result.rows_quarantined) == (3, 0)


# A register of October 2023 (its title says so) whose complaint dates are date cells.
OCTOBER_TITLE = [["Register Kasus Bulan Oktober 2023"], ["TAHUN 2023"], []]
OCTOBER = ("October 2023 (title row 1 ('bulan oktober 2023'), title row 2 "
           "('tahun 2023'))")


def _load_october(tmp_path, con, dates):
    rows = [uptd_row(number, **{"Tanggal Pengaduan": date})
            for number, date in enumerate(dates, start=1)]
    path = write_rows_xlsx(tmp_path / "register.xlsx", UPTD_HEADER, rows, above=OCTOBER_TITLE)
    return ingest_file(con, path, "uptd")


def test_date_cells_only_their_swap_puts_in_the_stated_month_are_not_read(tmp_path, con):
    """What an English-locale Excel makes of 02/10, 05/10, 09/10/2023 typed day-first: 10
    February, 10 May, 10 September. They loaded as such, silently, in October's register;
    with no text proving the column's order a swap is not proven either."""
    result = _load_october(tmp_path, con, [dt.datetime(2023, 2, 10), dt.datetime(2023, 5, 10),
                                           dt.datetime(2023, 9, 10)])
    assert (result.rows_loaded, result.rows_quarantined) == (0, 3)
    reasons = con.execute("select source_row, column_name, value, reason "
                          "from raw.uptd_quarantine order by source_row").fetchall()
    assert [row[:3] for row in reasons] == [
        (FIRST, "Tanggal Pengaduan", "2023-02-10"), (FIRST + 1, "Tanggal Pengaduan", "2023-05-10"),
        (FIRST + 2, "Tanggal Pengaduan", "2023-09-10")]
    assert reasons[0][3] == (
        f"Tanggal Pengaduan: the date cell 10 February 2023 is not read: the file states the "
        f"month {OCTOBER}, and only with day and month swapped (2 October 2023) is it in that "
        "month, as Excel set to the other order makes date cells of text dates; which is "
        "right cannot be told: write the dates as text, with a month name, or as yyyy-mm-dd, "
        "or correct the title or the file name")
    assert (f"Tanggal Pengaduan: 3 date cells not read (first: row {FIRST}, 10 February "
            f"2023): only with day and month swapped are they in the month the file states, "
            f"{OCTOBER}") in result.message


def test_cells_in_the_stated_month_or_in_neither_order_are_read_as_they_are(tmp_path, con):
    """5 October is in October as it is; 28 September (a late report) is in it in no order;
    only 10 February, 2 October swapped, contradicts the month."""
    result = _load_october(tmp_path, con, [dt.datetime(2023, 10, 5), dt.datetime(2023, 2, 10),
                                           dt.datetime(2023, 9, 28)])
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert _loaded(con) == [(FIRST, dt.date(2023, 10, 5)), (FIRST + 2, dt.date(2023, 9, 28))]


def test_cells_excel_swapped_are_swapped_back_when_the_stated_month_agrees(tmp_path, con):
    """The column's text proves day first and that Excel converted it (the rule of
    `test_date_cells_excel_may_have_swapped_are_not_read`), and every cell in doubt is in
    the file's October only swapped: they are read swapped, the ledger saying so."""
    result = _load_october(tmp_path, con, [dt.datetime(2023, 2, 10), "13/10/2023",
                                           dt.datetime(2023, 5, 10), "25/10/2023"])
    assert (result.rows_loaded, result.rows_quarantined) == (4, 0)
    assert _loaded(con) == [(FIRST, dt.date(2023, 10, 2)), (FIRST + 1, dt.date(2023, 10, 13)),
                            (FIRST + 2, dt.date(2023, 10, 5)), (FIRST + 3, dt.date(2023, 10, 25))]
    assert (f"Tanggal Pengaduan: 2 date cells read with day and month swapped (first: row "
            f"{FIRST}, 10 February 2023): the column's dates written as text are "
            f"day/month/year (row {FIRST + 1} '13/10/2023'), Excel set to the other order "
            f"turns such text into date cells with day and month swapped, and only so are they "
            f"in the month the file states, {OCTOBER}") in result.message


def test_cells_in_doubt_not_all_swapping_into_the_month_stay_unread(tmp_path, con):
    """5 October as a cell is in October as it is, 10 May if swapped: the month does not
    settle the cells in doubt, which stay unread as without it."""
    result = _load_october(tmp_path, con, [dt.datetime(2023, 2, 10), "13/10/2023",
                                           dt.datetime(2023, 10, 5)])
    assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
    assert _loaded(con) == [(FIRST + 1, dt.date(2023, 10, 13))]
    assert "2 date cells with day and month both 12 or below not read" in result.message
