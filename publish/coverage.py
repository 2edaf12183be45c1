"""The period each public dataset covers, from `marts.mart_source_coverage` (see that model
for what "covered" means per source), written into the dataset's metadata and checked
against the rows published: no row may fall in a month its source does not cover.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
from babel.dates import get_month_names

from core.i18n import _, day, language
from publish.spec import Dataset, Release

COVERAGE_TABLE = "marts.mart_source_coverage"


@dataclass(frozen=True)
class Covered:
    """One source and year with at least one month covered."""

    source: str
    tahun: int
    bulan_awal: int
    bulan_akhir: int
    satuan_periode: str  # bulan, tanggal (a roster's date) or tahun
    tanggal_data: dt.date
    # Case rows of the year's current extracts quarantined (None: a source with no case rows).
    baris_dikarantina: int | None = None


def read_coverage(con: duckdb.DuckDBPyConnection) -> list[Covered]:
    """Every source-year with a month covered; ValueError when the coverage mart is missing
    (a release never goes out without saying which period it covers)."""
    try:
        held = "baris_dikarantina" in {row[0] for row in con.execute(
            f"describe {COVERAGE_TABLE}").fetchall()}
        rows = con.execute(
            "select source, tahun, bulan_awal, bulan_akhir, satuan_periode, tanggal_data, "
            f"{'baris_dikarantina' if held else 'null'} from {COVERAGE_TABLE} "
            "where jumlah_bulan > 0 order by source, tahun").fetchall()
    except duckdb.CatalogException as error:
        raise ValueError(_("{table} is missing, so the period the exports cover is unknown: "
                           "build the dbt models first", table=COVERAGE_TABLE)) from error
    return [Covered(source, int(tahun), int(awal), int(akhir), satuan, tanggal,
                    None if quarantined is None else int(quarantined))
            for source, tahun, awal, akhir, satuan, tanggal, quarantined in rows]


def for_dataset(dataset: Dataset, coverage: list[Covered]) -> list[Covered]:
    order = {source: index for index, source in enumerate(dataset.cakupan)}
    return sorted((item for item in coverage if item.source in order),
                  key=lambda item: (order[item.source], item.tahun))


def period_metadata(covered: list[Covered], release: Release) -> dict[str, str]:
    """`cakupan_periode` (every source and year in words), and when there is data
    `periode_awal` / `periode_akhir` (YYYY-MM) and `tanggal_data` (the date the data
    describes, ISO)."""
    if not covered:
        return {"cakupan_periode": _("No data loaded yet.")}
    months = get_month_names("wide", locale=language())
    by_source: dict[str, list[str]] = {}
    for item in covered:
        if item.satuan_periode == "tahun":
            text = str(item.tahun)
        elif item.satuan_periode == "tanggal":
            text = day(item.tanggal_data)
        elif item.bulan_awal == item.bulan_akhir:
            text = f"{months[item.bulan_awal]} {item.tahun}"
        else:
            text = f"{months[item.bulan_awal]}–{months[item.bulan_akhir]} {item.tahun}"
        by_source.setdefault(item.source, []).append(text)
    quarantined = [
        _("{source} {year}: {count} rows quarantined", source=release.nama_sumber.get(
            item.source, item.source), year=item.tahun, count=item.baris_dikarantina)
        for item in covered if item.baris_dikarantina]
    first = min((item.tahun, item.bulan_awal) for item in covered)
    last = max((item.tahun, item.bulan_akhir) for item in covered)
    return {
        "cakupan_periode": "; ".join(
            f"{release.nama_sumber.get(source, source)}: {', '.join(texts)}"
            for source, texts in by_source.items()),
        "periode_awal": f"{first[0]:04d}-{first[1]:02d}",
        "periode_akhir": f"{last[0]:04d}-{last[1]:02d}",
        "tanggal_data": max(item.tanggal_data for item in covered).isoformat(),
        **({"baris_dikarantina": "; ".join(quarantined) + ". " + _(
            "A quarantined row is a case that broke a rule (a date read two ways or "
            "impossible, an unknown value) and is not counted until the file is corrected: "
            "the counts of the months it may belong to (the month of its date, or every "
            "month of its year when its date is what failed) are lower bounds, flagged "
            "true in the <count>_belum_pasti column; such a month without a loaded case is "
            "left empty, not 0, and the totals over it are lower bounds.")}
           if quarantined else {}),
    }


def descriptor_coverage(covered: list[Covered]) -> list[dict]:
    """The coverage as data, for `datapackage.json` (`cakupan`)."""
    return [{"sumber": item.source, "tahun": item.tahun, "bulan_awal": item.bulan_awal,
             "bulan_akhir": item.bulan_akhir,
             **({"baris_dikarantina": item.baris_dikarantina}
                if item.baris_dikarantina is not None else {})} for item in covered]


def rows_outside(path: Path, cakupan: list[dict], sources: tuple[str, ...]) -> list[str]:
    """Rows of a published CSV in a year or month that its source does not cover: a row with
    `tahun` (and `bulan`) must fall in a covered month of its `sumber` (when the file has
    that column) or of one of the dataset's sources."""
    found: list[str] = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if "tahun" not in (reader.fieldnames or ()):
            return found
        for line, row in enumerate(reader, start=2):
            if not row["tahun"]:
                continue
            tahun = int(row["tahun"])
            bulan = int(row["bulan"]) if row.get("bulan") else None
            own = row.get("sumber")
            candidates = (own,) if own in sources else sources
            if not any(item["sumber"] in candidates and item["tahun"] == tahun and
                       (bulan is None or item["bulan_awal"] <= bulan <= item["bulan_akhir"])
                       for item in cakupan):
                when = f"{tahun}-{bulan:02d}" if bulan else str(tahun)
                found.append(_("{file} line {line}: {when} is outside the period its source "
                               "covers", file=path.name, line=line, when=when))
    return found
