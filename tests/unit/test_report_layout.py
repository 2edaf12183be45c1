"""Indonesian number display and the report's merged table headers."""

import pytest

from core import i18n
from report.cases import compare_13_and_14
from report.model import Column, Table, body_spans, excel_format, format_id, header_cells


def test_indonesian_number_display(indonesian):
    assert format_id(6892432255, "money") == "6.892.432.255"
    assert format_id(-7633200, "money") == "(7.633.200)"
    assert format_id(81.6449, "pct") == "81,64"
    assert format_id(322) == "322"
    assert format_id(None) == ""


def test_table_13_header_merges_like_the_report():
    columns = [Column(("No",)), Column(("Bulan",), "text"),
               Column(("Kategori", "Perempuan dewasa")),
               Column(("Kategori", "Anak", "Laki-laki")), Column(("Kategori", "Anak", "Perempuan")),
               Column(("Total",))]
    depth, cells = header_cells(columns)
    spans = {(c.text, c.level): (c.rowspan, c.colspan) for c in cells}
    assert depth == 3
    assert spans == {("No", 0): (3, 1), ("Bulan", 0): (3, 1), ("Kategori", 0): (1, 3),
                     ("Total", 0): (3, 1), ("Perempuan dewasa", 1): (2, 1), ("Anak", 1): (1, 2),
                     ("Laki-laki", 2): (1, 1), ("Perempuan", 2): (1, 1)}


def test_repeated_month_and_kind_show_once_per_group():
    table = Table("14", "", [Column(("Bulan",), "text"), Column(("Jenis",), "text"),
                             Column(("Bentuk",), "text"), Column(("Jumlah",))],
                  [["Januari", "KtA", "Fisik", 1], ["Januari", "KtA", "Psikis", 6],
                   ["Januari", "KtP", "Psikis", 8], ["Februari", "KtP", "Psikis", 5]],
                  merge_down=2)
    assert body_spans(table) == [[3, 2], [0, 0], [0, 1], [1, 1]]


@pytest.fixture
def indonesian(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)


def test_whole_number_formats_write_the_separators_literally(indonesian, monkeypatch):
    assert excel_format(6_892_432_255, "money") == r"0\.000\.000\.000;(0\.000\.000\.000)"
    assert excel_format(-7_633_200, "money") == r"0\.000\.000;(0\.000\.000)"
    assert excel_format(322) == "000;-000"
    assert excel_format(5) == "0;-0"
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    assert excel_format(6_892_432_255) == r"0\,000\,000\,000;-0\,000\,000\,000"
    assert format_id(6892432255, "money") == "6,892,432,255"
    assert format_id(81.6449, "pct") == "81.64"


def test_decimals_show_the_digits_they_have(indonesian):
    assert [format_id(v, "decimal") for v in (0.423, 92.814, 49.07, 123.4, 100)] == \
        ["0,423", "92,814", "49,07", "123,4", "100"]


def _month_tables(victims: dict[str, int], cases: dict[str, int]) -> dict[str, Table]:
    thirteen = Table("13", "", [Column(("No",)), Column(("Bulan",), "text"),
                                Column(("Total",))],
                     [[i, month, n] for i, (month, n) in enumerate(victims.items(), 1)],
                     ["Total", None, sum(victims.values())])
    fourteen = Table("14", "", [Column(("No",)), Column(("Bulan",), "text"),
                                Column(("Jenis",), "text"), Column(("Bentuk",), "text"),
                                Column(("Jumlah",))],
                     [[i, month, "KtA", "Fisik", n] for i, (month, n) in
                      enumerate(cases.items(), 1)],
                     ["Total", None, None, None, sum(cases.values())])
    return {"13": thirteen, "14": fourteen}


def test_tables_13_and_14_say_in_indonesian_where_they_disagree(indonesian):
    tables = _month_tables({"Agustus": 25, "September": 31}, {"Agustus": 25, "September": 30})
    compare_13_and_14(tables, [(323, 322)])
    differ = ("Tabel 13 dan Tabel 14 tidak sama: Tabel 13 menghitung 56 korban dan Tabel 14 55 "
              "kasus; bulan yang berbeda: September: 31 korban, 30 kasus.")
    assert tables["13"].notes[0] == differ and tables["14"].notes[0] == differ
    assert tables["13"].notes[1].startswith("Baris JUMLAH pada register menyebut 323")
    assert tables["14"].notes[1].startswith("Tabel 13 yang dicetak dengan jumlah dari baris "
                                            "JUMLAH register berjumlah 323 korban")


def test_tables_13_and_14_that_agree_get_no_note(indonesian):
    tables = _month_tables({"Januari": 27}, {"Januari": 27})
    compare_13_and_14(tables, [])
    assert tables["13"].notes == [] and tables["14"].notes == []


def test_a_chart_of_withheld_counts_says_what_its_marks_mean(indonesian):
    """The annex chart showed "≥ 0" and "≥ 240" with no word of what ≥ means: a sum with a
    withheld count is labelled "≥ n" and the axis says it is a lower bound; a form whose
    every count is withheld shows `x`, not a bound of 0."""
    from report.charts import bentuk_kekerasan

    rows = [[1, "Januari", "Fisik", "Penganiayaan", 240], [1, "Januari", "Fisik", "Lainnya", "x"],
            [2, "Februari", "Fisik", "Penganiayaan", "x"], [2, "Februari", "Psikis", "Ancaman", 9],
            [2, "Februari", "Seksual", "Pencabulan", "x"]]
    columns = [Column(("No",)), Column(("Bulan",), "text"), Column(("Jenis",), "text"),
               Column(("Bentuk",), "text"), Column(("Jumlah",))]
    figure = bentuk_kekerasan(None, 2023, {"14": Table("14", "", columns, rows)})
    axes = figure.axes[0]
    labels = {axes.get_yticklabels()[int(round(text.xy[1]))].get_text(): text.get_text()
              for text in axes.texts}
    assert labels == {"Penganiayaan": "≥ 240", "Lainnya": "x", "Ancaman": "9",
                      "Pencabulan": "x"}
    assert axes.get_xlabel() == (
        "Jumlah kasus\n≥ n: sekurang-kurangnya n, karena angka kecil ditahan; x: ditahan. "
        "Angka yang ditahan tidak digambar.")
