"""The annex as it prints: the workbook converted to PDF by LibreOffice (headless, a private
profile, nothing downloaded), each PDF page assigned to its sheet by the footer every page
carries ("… · Tabel 13"), and one page rendered to PNG by poppler's `pdftoppm`.

Used by `scripts/annex_pdf.py` and the print test; needs `soffice` (Debian:
`libreoffice-calc-nogui`) and `pdftotext`/`pdftoppm` (`poppler-utils`) on the machine.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

# A4 landscape, less the top and bottom margins the workbook sets (0.6 in + 0.7 in), in points.
PRINTABLE_HEIGHT = (8.27 - 1.3) * 72
DEFAULT_ROW_HEIGHT = 15.0


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(workbook: Path, folder: Path) -> Path:
    """Convert `workbook` with LibreOffice's `--convert-to pdf`; returns the PDF's path."""
    executable = soffice()
    if executable is None:
        raise FileNotFoundError("soffice (Debian package libreoffice-calc-nogui) is needed")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="satudata-soffice-") as profile:
        subprocess.run(
            [executable, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(workbook)],
            check=True, capture_output=True)
    pdf = folder / f"{workbook.stem}.pdf"
    if not pdf.is_file():
        raise FileNotFoundError(f"LibreOffice wrote no {pdf.name}")
    return pdf


def page_texts(pdf: Path) -> list[str]:
    """The text of every page, in order (pdftotext's layout mode; pages end with a form
    feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def sheet_of(page: str, sheets: list[str]) -> str | None:
    """The sheet a page belongs to, read from its footer ('… · <sheet>')."""
    found = [name for name in sheets if re.search(rf"· {re.escape(name)}(?!\w)", page)]
    return max(found, key=len) if found else None


@dataclass
class SheetPrint:
    name: str
    pages: list[int]  # 1-based page numbers in the PDF
    needed: int  # pages its rows need at full size, one page wide
    first_header: str  # a word of the first and of the last column's header
    last_header: str
    page_texts: tuple[str, ...] = ()

    @property
    def one_page_wide(self) -> bool:
        """No column spilled onto a page of its own: every page of the sheet shows both the
        first and the last column's header (repeated on each page as print titles)."""
        return bool(self.pages) and all(
            self.first_header in text and self.last_header in text for text in self.page_texts)


def _rows_needed(sheet) -> int:
    """Pages the sheet's rows need at full size: their heights against the printable height
    less the title rows repeated on every page."""
    heights = [sheet.row_dimensions[row].height or DEFAULT_ROW_HEIGHT
               for row in range(1, sheet.max_row + 1)]
    titles = sum(heights[row - 1] for row in _title_rows(sheet))
    per_page = PRINTABLE_HEIGHT - titles
    return max(1, math.ceil((sum(heights) - titles) / per_page))


def _title_rows(sheet) -> list[int]:
    if not sheet.print_title_rows:
        return []
    first, last = (int(part) for part in re.findall(r"\d+", sheet.print_title_rows)[:2])
    return list(range(first, last + 1))


def _edge_headers(sheet) -> tuple[str, str]:
    """A word of the first and of the last column's header: the first text down the print
    title rows below a table's caption (row 1)."""
    rows = [row for row in _title_rows(sheet) if row > 1 or len(_title_rows(sheet)) == 1]

    def word(column: int) -> str:
        for row in rows:
            value = sheet.cell(row, column).value
            if value not in (None, ""):
                return str(value).split()[0]
        return ""

    return word(1), word(sheet.max_column)


def sheet_prints(workbook: Path, pdf: Path) -> list[SheetPrint]:
    """Per sheet of `workbook`, in order: its PDF pages, the pages its rows need, and the
    texts to check that it printed one page wide."""
    book = load_workbook(workbook)
    texts = page_texts(pdf)
    owners = [sheet_of(text, book.sheetnames) for text in texts]
    prints = []
    for sheet in book.worksheets:
        pages = [number for number, owner in enumerate(owners, 1) if owner == sheet.title]
        first, last = _edge_headers(sheet)
        prints.append(SheetPrint(sheet.title, pages, _rows_needed(sheet), first, last,
                                 tuple(texts[number - 1] for number in pages)))
    return prints


def render_page(pdf: Path, page: int, png: Path, dpi: int = 80) -> Path:
    """Page `page` of `pdf` as a PNG (pdftoppm)."""
    png.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-png",
                    "-singlefile", str(pdf), str(png.with_suffix(""))], check=True,
                   capture_output=True)
    return png
