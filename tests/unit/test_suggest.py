"""Suggestions for mistyped values: the one meant, or nothing."""

from core.suggest import closest

REGIONS = ["Timor Tengah Selatan", "Timor Tengah Utara", "Kota Kupang", "Sumba Barat",
           "Sumba Barat Daya", "Sumba Timur"]


def test_a_typo_gets_the_name_it_meant():
    assert closest("Timor Tengah Selatn", REGIONS) == "Timor Tengah Selatan"
    assert closest("Kategori Koban", ["Kategori Korban", "Jenis Kekerasan", "Status"]) == \
        "Kategori Korban"


def test_nonsense_and_exact_values_get_no_suggestion():
    assert closest("xyz", REGIONS) is None
    assert closest("Sumba Timur", REGIONS) is None
    assert closest("", REGIONS) is None
