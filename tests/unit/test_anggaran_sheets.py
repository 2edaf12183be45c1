"""A budget workbook of several sheets (one per month, as offices keep it): the budget's own
reasons (a duplicate account, a line row that is not the sum of its accounts) name the
sheet and the row as the spreadsheet shows them, never the loader's internal number."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from ingest.loader import ingest_file
from tests.helpers import SIPD_ACCOUNT_HEADER, rupiah, sipd_account_rows, sipd_line_rows


def _sheet(book: Workbook, title: str, rows: list[dict[str, str]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append([f"REALISASI ANGGARAN DP3A PROVINSI NTT BULAN {title.upper()} 2023"])
    sheet.append(SIPD_ACCOUNT_HEADER)
    for row in rows:
        sheet.append([row.get(name, "") for name in SIPD_ACCOUNT_HEADER])


def _workbook(path):
    """Sheet 'Januari': month 1's 11 account rows (rows 3-13). Sheet 'Februari': row 3 the
    line row of 2.08.03.1.01.0002 (DAK NF, Barang dan Jasa) stating 20.000.000 where its
    accounts (rows 4, 5, 6) sum to 18.950.000; rows 4-14 month 2's accounts; row 15 repeats
    row 11 (ATK of 2.08.07.1.02.0001)."""
    accounts = sipd_account_rows()
    january = [row for row in accounts if row["Bulan"] == "1"]
    february = [row for row in accounts if row["Bulan"] == "2"]
    # Bahan Cetak spends 200.000 in February (no refund: a correction's rule is not tested)
    february[1].update({"Realisasi Bulan Ini": rupiah(200_000),
                        "Sisa Anggaran": rupiah(7_100_000)})
    line = {**sipd_line_rows()[4], "Realisasi Bulan Ini": rupiah(20_000_000),
            "Sisa Anggaran": ""}
    assert line["Bulan"] == "2" and line["Kode Sub Kegiatan"] == "2.08.03.1.01.0002"
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "Januari", january)
    _sheet(book, "Februari", [line, *february, dict(february[7])])
    book.save(path)
    return path


@pytest.fixture
def loaded(tmp_path, con, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "id")
    result = ingest_file(con, _workbook(tmp_path / "realisasi_2023.xlsx"), "anggaran")
    return result, con.execute(
        "select sheet, source_row, column_name, reason from raw.anggaran_quarantine "
        "order by sheet, source_row").fetchall()


def test_budget_reasons_name_the_sheet_and_its_rows(loaded):
    result, quarantined = loaded
    assert result.status == "loaded", result.message
    # 11 + 13 rows read; the line row and its 3 accounts quarantined, the duplicate too
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (24, 19, 5)
    assert [(sheet, row) for sheet, row, _column, _reason in quarantined] == [
        ("Februari", 3), ("Februari", 4), ("Februari", 5), ("Februari", 6),
        ("Februari", 15)]
    reasons = {row: reason for _sheet, row, _column, reason in quarantined}
    assert reasons[15] == (
        "rekening ganda: Kode Rekening 5.1.02.01.01.0024 dari Kode Sub Kegiatan "
        "2.08.07.1.02.0001, Sumber Dana DAK NF, Jenis Belanja Belanja Barang dan Jasa sudah "
        "punya baris untuk Bulan 2 (baris 11 (lembar 'Februari')); baris ini tidak dimuat")
    assert "(baris 4, 5, 6 (lembar 'Februari'))" in reasons[3]
    assert "realisasi 20.000.000, rekeningnya 18.950.000" in reasons[3]
    assert "(baris 3 (lembar 'Februari'))" in reasons[4]
    # never the loader's own number (sheet index × 1.048.576 + row)
    assert not any("104857" in reason for reason in reasons.values())
    # the officer's summary names the same rows
    assert [row for row, *_rest in result.sample_issues] == [
        "3 (lembar 'Februari')", "4 (lembar 'Februari')", "5 (lembar 'Februari')",
        "6 (lembar 'Februari')", "15 (lembar 'Februari')"]
