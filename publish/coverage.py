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
    """One source and year with at least one month covered, or a year of case extracts
    every row of which was quarantined: its data held back, no month covered (the months
    and the date None)."""

    source: str
    tahun: int
    bulan_awal: int | None
    bulan_akhir: int | None
    satuan_periode: str  # bulan, tanggal (a roster's date) or tahun
    tanggal_data: dt.date | None
    # Case rows of the year's current extracts quarantined (None: a source with no case rows).
    baris_dikarantina: int | None = None

    @property
    def has_months(self) -> bool:
        return self.bulan_awal is not None


def read_coverage(con: duckdb.DuckDBPyConnection) -> list[Covered]:
    """Every source-year with a month covered, and every year of case extracts whose every
    row was quarantined (`Covered.has_months` false: the release states it held back, never
    leaves it out as a year without data); ValueError when the coverage mart is missing (a
    release never goes out without saying which period it covers)."""
    try:
        held = "baris_dikarantina" in {row[0] for row in con.execute(
            f"describe {COVERAGE_TABLE}").fetchall()}
        all_quarantined = " or (jumlah_baris = 0 and baris_dikarantina > 0)" if held else ""
        rows = con.execute(
            "select source, tahun, bulan_awal, bulan_akhir, satuan_periode, tanggal_data, "
            f"{'baris_dikarantina' if held else 'null'} from {COVERAGE_TABLE} "
            f"where jumlah_bulan > 0{all_quarantined} order by source, tahun").fetchall()
    except duckdb.CatalogException as error:
        raise ValueError(_("{table} is missing, so the period the exports cover is unknown: "
                           "build the dbt models first", table=COVERAGE_TABLE)) from error
    return [Covered(source, int(tahun), None if awal is None else int(awal),
                    None if akhir is None else int(akhir), satuan, tanggal,
                    None if quarantined is None else int(quarantined))
            for source, tahun, awal, akhir, satuan, tanggal, quarantined in rows]


def for_dataset(dataset: Dataset, coverage: list[Covered]) -> list[Covered]:
    order = {source: index for index, source in enumerate(dataset.cakupan)}
    return sorted((item for item in coverage if item.source in order),
                  key=lambda item: (order[item.source], item.tahun))


def period_metadata(covered: list[Covered], release: Release) -> dict[str, str]:
    """`cakupan_periode` (every source and year in words, a year whose every row was
    quarantined said so), when a month is covered `periode_awal` / `periode_akhir`
    (YYYY-MM) and `tanggal_data` (the date the data describes, ISO), and when case rows
    were quarantined `baris_dikarantina` (per source and year, and what it means)."""
    if not covered:
        return {"cakupan_periode": _("No data loaded yet.")}
    months = get_month_names("wide", locale=language())
    by_source: dict[str, list[str]] = {}
    for item in covered:
        if not item.has_months:
            text = _("{year} (every row quarantined: no month published)", year=item.tahun)
        elif item.satuan_periode == "tahun":
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
        if item.has_months else
        _("{source} {year}: {count} rows quarantined, every row of the year: none of its "
          "months is published (neither as 0 nor as a lower bound) until the file is "
          "corrected; the year has data, held back", source=release.nama_sumber.get(
              item.source, item.source), year=item.tahun, count=item.baris_dikarantina)
        for item in covered if item.baris_dikarantina]
    dated = [item for item in covered if item.has_months]
    period = {
        "periode_awal": "{:04d}-{:02d}".format(*min((item.tahun, item.bulan_awal)
                                                   for item in dated)),
        "periode_akhir": "{:04d}-{:02d}".format(*max((item.tahun, item.bulan_akhir)
                                                    for item in dated)),
        "tanggal_data": max(item.tanggal_data for item in dated).isoformat(),
    } if dated else {}
    return {
        "cakupan_periode": "; ".join(
            f"{release.nama_sumber.get(source, source)}: {', '.join(texts)}"
            for source, texts in by_source.items()),
        **period,
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
    """The coverage as data, for `datapackage.json` (`cakupan`): a year whose every row was
    quarantined with `bulan_awal` and `bulan_akhir` null (no month covered)."""
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
                       item.get("bulan_awal") is not None and
                       (bulan is None or item["bulan_awal"] <= bulan <= item["bulan_akhir"])
                       for item in cakupan):
                when = f"{tahun}-{bulan:02d}" if bulan else str(tahun)
                found.append(_("{file} line {line}: {when} is outside the period its source "
                               "covers", file=path.name, line=line, when=when))
    return found
