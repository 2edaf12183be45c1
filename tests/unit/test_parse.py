import datetime as dt

import pytest

from ingest.parse import parse_date, parse_int, parse_number


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
    ],
)
def test_indonesian_numbers(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1,234", "12,345,678", "abc", "#REF!", "1.2.3,4,5"])
def test_numbers_that_cannot_be_read_say_why(text):
    with pytest.raises(ValueError) as error:
        parse_number(text)
    assert text in str(error.value)


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
    ],
)
def test_dates(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [("31/02/2023", "not a calendar date"), ("01/01/1899", "before 1900"),
     ("kemarin", "not a date"), ("#N/A", "Excel error")],
)
def test_bad_dates_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)
