"""Print the annual-report annex of the shipped sample as the office would, and show it.

    .venv/bin/python scripts/annex_pdf.py [--warehouse FILE] [--year 2023] [--out DIR]

Runs the pipeline on `data/sample/landing` into a scratch warehouse under DIR (unless
`--warehouse` names one that is already built), writes the annex with `satudata report`,
converts the workbook with LibreOffice's headless `--convert-to pdf`, prints the pages of
every sheet against the pages its rows need, checks that every table printed one page wide,
and renders Tabel 13's page to PNG with `pdftoppm`. Exits 1 when a sheet spreads wider than
a page or over more pages than its rows need. Needs the Debian packages
`libreoffice-calc-nogui` and `poppler-utils`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.config import REPO_ROOT, SAMPLE_LANDING
from report.printout import render_page, sheet_prints, soffice, to_pdf
from satudata.cli import main as satudata


def run(warehouse: Path | None, year: int, out: Path) -> int:
    if soffice() is None:
        print("soffice is missing: apt-get install libreoffice-calc-nogui poppler-utils")
        return 1
    if warehouse is None:
        warehouse = out / "warehouse" / "satudata.duckdb"
        code = satudata(["run", "--landing", str(SAMPLE_LANDING), "--warehouse",
                         str(warehouse), "--exports", str(out / "exports")])
        if code not in (0, 2):
            return code
    annex = out / "annex"
    if satudata(["report", "--year", str(year), "--warehouse", str(warehouse), "--out",
                 str(annex)]) != 0:
        return 1
    workbook = annex / f"lampiran_statistik_{year}.xlsx"
    pdf = to_pdf(workbook, out / "pdf")
    prints = sheet_prints(workbook, pdf)
    total = sum(len(sheet.pages) for sheet in prints)
    print(f"\n{pdf.relative_to(REPO_ROOT) if pdf.is_relative_to(REPO_ROOT) else pdf}: "
          f"{total} pages")
    print(f"  {'sheet':<14} {'pages':>5} {'needed':>6}  one page wide  PDF pages")
    failed = False
    for sheet in prints:
        wide = "yes" if sheet.one_page_wide else "NO"
        print(f"  {sheet.name:<14} {len(sheet.pages):>5} {sheet.needed:>6}  {wide:<13}  "
              f"{', '.join(map(str, sheet.pages))}")
        failed |= not sheet.one_page_wide or len(sheet.pages) > sheet.needed
    print(f"  {'total':<14} {total:>5} {sum(sheet.needed for sheet in prints):>6}")
    thirteen = next((sheet for sheet in prints if sheet.name == "Tabel 13"), None)
    if thirteen is not None and thirteen.pages:
        png = render_page(pdf, thirteen.pages[0], out / "tabel_13.png")
        print(f"Tabel 13: page {thirteen.pages[0]} of {total} → {png}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warehouse", type=Path, help="an already built warehouse")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "test-artifacts" / "annex")
    args = parser.parse_args()
    return run(args.warehouse, args.year, args.out.resolve())


if __name__ == "__main__":
    sys.exit(main())
