"""Values as office files write them: Indonesian and English-locale numbers and dates, with
the column's convention deciding only what one value cannot."""

import datetime as dt

import pytest

from ingest.parse import (
    CONFLICT,
    DECIMAL_COMMA,
    DECIMAL_POINT,
    DMY,
    MDY,
    Ambiguous,
    age_in_units,
    age_under_one,
    date_readings,
    figure_mark,
    not_available,
    number_readings,
    parse_date,
    parse_int,
    parse_number,
    two_digit_year,
)


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "en")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4.741.818.999", 4741818999),
        ("Rp. 4.741.818.999,-", 4741818999),
        ("Rp 4.741.818.999,00", 4741818999),
        ("4.741.818.999,00", 4741818999),
        ("(7.633.200)", -7633200),
        ("55,30", 55.30),
        ("686,00", 686),
        ("0", 0),
        ("-1.250.000", -1250000),
        (12.5, 12.5),
        # Excel's text mark kept in a CSV: no part of the number.
        ("'245000000", 245000000),
        ("'10.000.000", 10000000),
        ("'(7.633.200)", -7633200),
    ],
)
def test_indonesian_numbers(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.423", 0.423), ("0.450", 0.45), ("72.36", 72.36), ("1,234,567.50", 1234567.5),
     ("12,345,678", 12345678), ("9.11", 9.11), ("0,5", 0.5)],
)
def test_a_value_only_one_mark_can_read_is_read_so_whatever_the_column(text, value):
    """`0.` followed by digits is a decimal, always; `72.36` cannot be a thousands group."""
    assert parse_number(text, DECIMAL_COMMA) == pytest.approx(value)
    assert parse_number(text, DECIMAL_POINT) == pytest.approx(value)
    assert len(number_readings(text)) == 1


@pytest.mark.parametrize(("text", "comma", "point"),
                         [("92.814", 92814, 92.814), ("1.234", 1234, 1.234),
                          ("1,234", 1.234, 1234)])
def test_a_value_two_marks_read_differently_follows_its_column(text, comma, point):
    assert parse_number(text, DECIMAL_COMMA) == pytest.approx(comma)
    assert parse_number(text, DECIMAL_POINT) == pytest.approx(point)
    with pytest.raises(Ambiguous, match="decimal mark"):
        parse_number(text, CONFLICT)


@pytest.mark.parametrize(("text", "value"), [
    ("\u221212,5", -12.5),  # a minus sign pasted from a document
    ("\u20133", -3.0),  # an en dash typed for a minus
    ("+92", 92.0),
    ("1\u202f850\u202f000", 1_850_000.0),  # narrow no-break spaces group thousands
    ("1 850 000,50", 1_850_000.5),
    ("Rp 500.000.-", 500_000.0),  # a dash after a dot closes an amount as after a comma
])
def test_minus_signs_and_spaces_as_documents_and_locales_write_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["12 5", "1 234 56"])
def test_spaces_group_digits_by_three_only(text):
    with pytest.raises(ValueError, match="not a number"):
        parse_number(text)


@pytest.mark.parametrize("text", ["4,74E+09", "2.00E+03", "1.2e-05"])
def test_a_number_in_scientific_notation_says_its_digits_are_lost(text):
    with pytest.raises(ValueError, match="scientific notation .* its last digits are lost"):
        parse_number(text)


def test_a_percent_is_read_only_where_the_column_takes_percents():
    assert parse_number("85,5%", percent=True) == parse_number("85,5 %", percent=True) == 85.5
    with pytest.raises(ValueError, match="a percentage, where an amount or a count"):
        parse_number("85,5%")


@pytest.mark.parametrize("text", ["abc", "#REF!", "1.2.3,4,5", "12,34,5"])
def test_numbers_that_cannot_be_read_say_why_without_the_value(text):
    with pytest.raises(ValueError) as error:
        parse_number(text)
    assert text not in str(error.value)


@pytest.mark.parametrize(("text", "split"), [
    ("11,7*", ("11,7", "*")), ("12.5**", ("12.5", "**")), ("470,5*)", ("470,5", "*)")),
    ("0,423 r)", ("0,423", "r)")), ("88,2 x)", ("88,2", "x)")), ("12 e)", ("12", "e)")),
    ("512,75¹", ("512,75", "¹")), ("5^1", ("5", "^1")), ("7 †", ("7", "†")),
    ("12,5 1)", ("12,5", "1)")), ("85,5%*", ("85,5%", "*")),
    # No mark after a number: left to the reader, which refuses what is no number.
    ("12,51)", None), ("IKD-1*", None), ("*", None), ("r)", None), ("(12,5)", None),
    ("72,50", None), ("Indeks*", None)])
def test_a_mark_after_a_figure_is_split_from_it(text, split):
    assert figure_mark(text) == split


@pytest.mark.parametrize("text", ["-", "–", "—", "...", "…", "..", "x", "X", "NA", "n.a.",
                                  "N/A", " ... "])
def test_bps_signs_of_a_figure_not_available(text):
    assert not_available(text)


@pytest.mark.parametrize("text", ["", "  ", "0", "x1", "NAN", "#N/A", "n.a"])
def test_what_is_no_sign_of_a_figure_not_available(text):
    assert not not_available(text)


def test_blank_is_missing_not_zero():
    assert parse_number("") is None
    assert parse_number("  ") is None
    assert parse_int(None) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("17/08/2023", dt.date(2023, 8, 17)),
        ("1/2/2023", dt.date(2023, 2, 1)),
        ("2023-08-17", dt.date(2023, 8, 17)),
        (45155, dt.date(2023, 8, 17)),  # Excel serial
        ("45155", dt.date(2023, 8, 17)),
        (dt.datetime(2023, 8, 17), dt.date(2023, 8, 17)),
        ("17 Agustus 2023", dt.date(2023, 8, 17)),
        ("17 August 2023", dt.date(2023, 8, 17)),
        ("28 Oktober 2023", dt.date(2023, 10, 28)),
        ("28 October 2023", dt.date(2023, 10, 28)),
        ("28-Okt-2023", dt.date(2023, 10, 28)),
        ("3 Mei 2023", dt.date(2023, 5, 3)),
        ("Sabtu, 28 Okt 2023", dt.date(2023, 10, 28)),
        ("Oct 28, 2023", dt.date(2023, 10, 28)),
        ("1 Desember 2023", dt.date(2023, 12, 1)),
        # as programs export a date-time: the time of day changes nothing
        ("17/08/2023 14:30", dt.date(2023, 8, 17)),
        ("2023-08-17 08:15:00", dt.date(2023, 8, 17)),
        ("2023-08-17T10:00:00+08:00", dt.date(2023, 8, 17)),
        ("17 Agustus 2023 14.30 WITA", dt.date(2023, 8, 17)),
        ("Kamis, 17 Agustus 2023 pukul 10.00 WITA", dt.date(2023, 8, 17)),
        ("17/08/2023, 10:00", dt.date(2023, 8, 17)),
        # dashes a word processor typed, spaces around the separators
        ("17\u201008\u20102023", dt.date(2023, 8, 17)),
        ("17\u201308\u20132023", dt.date(2023, 8, 17)),
        ("17 / 08 / 2023", dt.date(2023, 8, 17)),
        ("2023 \u2013 08 \u2013 17", dt.date(2023, 8, 17)),
        ("Aug 17, 2023 10:00 AM", dt.date(2023, 8, 17)),
        ("45155.75", dt.date(2023, 8, 17)),  # a serial with its time of day
        ("45155,5", dt.date(2023, 8, 17)),
        (45155.75, dt.date(2023, 8, 17)),
        # two-digit years: of the hundred years up to this one
        ("17/08/23", dt.date(2023, 8, 17)),
        ("17-Aug-23", dt.date(2023, 8, 17)),
        ("17 Agt 23", dt.date(2023, 8, 17)),
        ("17 Agst 2023", dt.date(2023, 8, 17)),
        ("1 Mrt 2023", dt.date(2023, 3, 1)),
        ("18/08/85", dt.date(1985, 8, 18)),
    ],
)
def test_dates(text, value):
    assert parse_date(text) == value


def test_a_weekday_written_before_a_date_keeps_the_readings_that_fall_on_it():
    """`Senin, 9/1/2023` is 9 January (1 September 2023 is a Friday): it proves the column's
    order. A weekday no reading falls on was ignored: `Senin, 28 Oktober 2023` (a Saturday)
    loaded as the 28th, though the Monday may be the right one."""
    assert date_readings("Senin, 9/1/2023") == {DMY: dt.date(2023, 1, 9)}
    assert date_readings("Friday, 9/1/2023") == {MDY: dt.date(2023, 9, 1)}
    assert parse_date("Sabtu, 28 Oktober 2023") == dt.date(2023, 10, 28)
    with pytest.raises(ValueError, match="the weekday written is not the date's"):
        parse_date("Senin, 28 Oktober 2023")


def test_a_two_digit_year_is_the_one_of_the_hundred_up_to_this_one():
    today = dt.date(2026, 12, 1)
    assert [two_digit_year(year, today) for year in (0, 23, 26, 27, 85, 99)] == [
        2000, 2023, 2026, 1927, 1985, 1999]


@pytest.mark.parametrize("text", ["17 Agustus 2023", "2023-08-17", "17 August 2023", 45155])
def test_dates_written_without_an_order_to_choose_read_the_same_in_every_column(text):
    assert parse_date(text, DMY) == parse_date(text, MDY) == parse_date(text, CONFLICT) == (
        dt.date(2023, 8, 17))


def test_date_order_is_the_columns_for_a_date_both_orders_read():
    assert date_readings("9/1/2023") == {DMY: dt.date(2023, 1, 9), MDY: dt.date(2023, 9, 1)}
    assert parse_date("9/1/2023", DMY) == dt.date(2023, 1, 9)
    assert parse_date("9/1/2023", MDY) == dt.date(2023, 9, 1)
    with pytest.raises(Ambiguous, match="day-first or month-first"):
        parse_date("9/1/2023", CONFLICT)
    # Only one order reads these: the column cannot change them.
    assert parse_date("1/23/2023", DMY) == dt.date(2023, 1, 23)
    assert parse_date("23/1/2023", MDY) == dt.date(2023, 1, 23)
    assert parse_date("5/5/2023", CONFLICT) == dt.date(2023, 5, 5)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("31/02/2023", r"not a calendar date \(February 2023 has 28 days\)"),
     ("29/02/2023", r"\(February 2023 has 28 days\)"), ("15/13/2023", r"\(month 13\)"),
     ("32/05/2023", r"\(day 32\)"), ("2023-04-31", r"\(April 2023 has 30 days\)"),
     ("31 April 2023", r"\(April 2023 has 30 days\)"), ("00/05/2023", r"\(day 0\)"),
     ("01/01/1899", "before 1900"),
     ("kemarin", "not a date"), ("#N/A", "Excel error"), ("31 Februari 2023", "not a calendar"),
     # a small number is no serial: it was read as a day of 1900 (`12` → 11 January 1900)
     ("2023", "a year only"), (2023, "a year only"), ("12", "a number, not a date"),
     (45, "a number, not a date"), ("9999", "a number, not a date")],
)
def test_bad_dates_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "years"),
    [("7 th", 7), ("7 thn", 7), ("7 tahun", 7), ("7Th.", 7), ("3 thn 4 bln", 3),
     ("3th4bln", 3), ("5 tahun 3 bulan", 5), ("3 tahun lebih 4 bulan", 3), ("8 bln", 0),
     ("1 th 2 bl", 1), ("11 bln", 0), ("12 bln", 1), ("18 bulan", 1), ("2 minggu", 0),
     ("10 hari", 0), ("2,5 th", 2), ("4 years 6 months", 4)],
)
def test_an_age_written_with_units_is_whole_years_completed(text, years):
    assert age_in_units(text) == years


@pytest.mark.parametrize("text", ["7", "9.11", "dewasa", "7 th lebih", "kurang lebih 7 th", ""])
def test_a_value_without_units_is_left_to_the_number_reader(text):
    assert age_in_units(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [("3/4", "two numbers joined"), ("7-8 th", "two numbers joined"),
     ("7 s/d 8 tahun", "two numbers joined"), ("7 atau 8 th", "two numbers joined"),
     ("3 thn 14 bln", "12 months or more beside years"), ("3 th 2 th", "same unit"),
     ("1.234 th", "read two ways")],
)
def test_an_age_that_reads_more_than_one_way_is_refused_with_the_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        age_in_units(text)


@pytest.mark.parametrize("text", ["< 1 tahun", "<1 th", "<1", "< 1 Thn.", "bayi", "Bayi",
                                  "bayi baru lahir", "kurang dari 1 tahun",
                                  "di bawah 6 bulan", "< 12 bln"])
def test_an_age_under_one_year_in_words_is_zero_years(text):
    assert age_under_one(text) is True


@pytest.mark.parametrize("text", ["0 th", "11 bulan", "7", "dewasa", "kurang lebih 7 th", "",
                                  "< 1 rumah", 0])
def test_other_ages_are_left_to_the_other_readers(text):
    assert age_under_one(text) is False


@pytest.mark.parametrize(("text", "reason"), [
    ("< 5 tahun", "below a limit of more than one year"), ("<2 th", "below a limit"),
    ("di bawah 24 bulan", "below a limit"), ("balita", "balita is an age under 5 years")])
def test_an_age_under_a_limit_above_one_year_is_refused(text, reason):
    with pytest.raises(ValueError, match=reason):
        age_under_one(text)
