"""Indonesian number display and the report's merged table headers."""

from report.model import Column, Table, body_spans, format_id, header_cells


def test_indonesian_number_display():
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
