"""The `anggaran` source's derived columns: what a kode rekening says about its line.

A spending line carries the code of its sub kegiatan, `2.08.03.1.01.01`: urusan `2.08`,
program `2.08.03`, level `1` (province), kegiatan `2.08.03.1.01`, sub kegiatan `01`. The
nomenclature of 2023 numbers sub kegiatan with four digits (`2.08.03.1.01.0001`); both are
accepted and stored in the four-digit form, so the same sub kegiatan keeps one key whichever
way a file writes it (`kode_rekening` keeps what the file says). SIPD writes the Program
Penunjang, which every office runs whatever its urusan, as `X.XX.01.1.02.0001`: it is read as
this office's urusan (`urusan:` in `sources.yml`, 2.08) and the ledger says so. A revenue line
carries its revenue account instead (`4.1.02.01`: pendapatan, PAD, retribusi, ...).

SIPD exports realisation per budget line (sub kegiatan x sumber dana x jenis x month) or per
belanja account (`akun_belanja`, `5.1.02.01.01.0024`): several rows of one line and month, one
per account. Both load at the grain the file is written at; dbt sums a line's accounts. Once
the whole file is read, `settle` judges what only the whole file can tell: the same account
(or, for a line row, the same line) twice in a month is a duplicate; a line row beside account
rows of its own line and month is their subtotal when it equals their sums (dropped and
reconciled like a JUMLAH row), else the line and month are ambiguous and quarantined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from core.i18n import _, ngettext, number
from schemas.issue import Issue, RowsSettled
from schemas.spec import source

_SUB_KEGIATAN = re.compile(
    r"^(\d|X)\.(\d{2}|XX)\.(\d{2})\.(\d)\.(\d{2})\.(\d{2}|\d{4})$", re.IGNORECASE)
_AKUN_PENDAPATAN = re.compile(r"^4(\.\d{1,4}){1,5}$")
_AKUN_BELANJA = re.compile(r"^\s*(\d+(?:\s*\.\s*\d+)+)")

DERIVED = ("urusan_kode", "program_kode", "kegiatan_kode", "sub_kegiatan_kode", "akun_kode")
# What a line row and the sum of its account rows must agree on to be its subtotal.
_SUMMED = {"pagu_murni": "pagu_murni", "pagu": "coalesce(pagu_perubahan, pagu_murni)",
           "realisasi": "realisasi"}


@dataclass(frozen=True)
class KodeRekening:
    """The parts of one kode rekening; spending codes fill the first four, revenue the last.
    `cross_urusan`: written with SIPD's `X.XX` and read as the office's urusan."""

    urusan_kode: str | None = None
    program_kode: str | None = None
    kegiatan_kode: str | None = None
    sub_kegiatan_kode: str | None = None
    akun_kode: str | None = None
    cross_urusan: bool = False


def parse_kode_rekening(value: object, urusan: str | None = None) -> KodeRekening:
    """Split a kode rekening; `X.XX` is read as `urusan` (this office's). Raises
    `ValueError` with a plain reason when it is neither a sub kegiatan code nor a revenue
    account."""
    text = re.sub(r"\s+", "", str(value)).rstrip(".")
    if match := _SUB_KEGIATAN.match(text):
        first, bidang, program, level, kegiatan, sub = match.groups()
        cross = first.upper() == "X" or bidang.upper() == "XX"
        if cross and not (first.upper() == "X" and bidang.upper() == "XX" and urusan):
            raise ValueError(_("not a kode rekening: expected a sub kegiatan code such as "
                               "2.08.03.1.01.01 or 2.08.03.1.01.0001, or a revenue account "
                               "such as 4.1.02.01"))
        urusan_kode = urusan if cross else f"{first}.{bidang}"
        program_kode = f"{urusan_kode}.{program}"
        kegiatan_kode = f"{program_kode}.{level}.{kegiatan}"
        return KodeRekening(urusan_kode, program_kode, kegiatan_kode,
                            f"{kegiatan_kode}.{int(sub):04d}", cross_urusan=cross)
    if _AKUN_PENDAPATAN.match(text):
        return KodeRekening(akun_kode=text)
    raise ValueError(_("not a kode rekening: expected a sub kegiatan code such as "
                       "2.08.03.1.01.01 or 2.08.03.1.01.0001, or a revenue account such as "
                       "4.1.02.01"))


def derive(typed: pd.DataFrame, frame: pd.DataFrame
           ) -> tuple[pd.DataFrame, list[Issue], list[str]]:
    """Fill the code columns from `kode_rekening`; an unreadable code is an issue of its
    row; codes read as the office's urusan are counted in a note for the ledger."""
    urusan = source("anggaran").urusan
    issues: list[Issue] = []
    parsed: dict[object, KodeRekening | None] = {}
    errors: dict[object, str] = {}
    for value in pd.unique(typed["kode_rekening"].dropna()):
        try:
            parsed[value] = parse_kode_rekening(value, urusan)
        except ValueError as error:
            parsed[value], errors[value] = None, str(error)
    kodes = typed["kode_rekening"]
    codes = kodes.map(lambda value: None if pd.isna(value) else parsed[value])
    for index in kodes[kodes.isin(list(errors))].index:
        value = kodes.at[index]
        issues.append(Issue(int(typed.at[index, "_row"]), "kode_rekening", str(value),
                            errors[value]))
    for column in DERIVED:
        typed[column] = codes.map(
            lambda kode, column=column: getattr(kode, column) if kode else None
        ).astype("string")
    typed["akun_belanja_kode"] = typed["akun_belanja"].map(akun_belanja_kode).astype("string")
    notes = []
    cross = int(codes.map(lambda kode: bool(kode and kode.cross_urusan)).sum())
    if cross:
        notes.append(_("{count} kode rekening written X.XX (SIPD's cross-urusan Program "
                       "Penunjang) read as this office's urusan {urusan}", count=cross,
                       urusan=urusan))
    return typed, issues, notes


def akun_belanja_kode(value: object) -> str | None:
    """The account code a belanja account cell begins with (`5.1.02.01.01.0024 Belanja
    Alat/Bahan …` → `5.1.02.01.01.0024`); the whole text when it holds no code; None when
    empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    if not text:
        return None
    match = _AKUN_BELANJA.match(text)
    return re.sub(r"\s+", "", match.group(1)) if match else text


def settle(con: duckdb.DuckDBPyConnection, written: dict[str, str]) -> RowsSettled:
    """Judge the loaded rows of a whole file (temp table `incoming`) by line and month:
    duplicates quarantined, a line row that is the subtotal of its account rows dropped, a
    line row that is not quarantined with its accounts (see the module). `written`: the
    file's headers by canonical column, so every reason names the columns as the file
    does."""
    settled = RowsSettled()
    rows = con.execute(_RANKED).df()
    if rows.empty:
        return settled
    column = {name: written.get(name, name) for name in (
        "kode_rekening", "sumber_dana", "jenis", "bulan", "akun_belanja")}
    for row in rows[rows["n"] > 1].itertuples():
        where = _(
            "{kode_column} {kode}, {sumber_column} {sumber}, {jenis_column} {jenis}",
            kode_column=column["kode_rekening"], kode=row.kode_rekening,
            sumber_column=column["sumber_dana"], sumber=row.sumber_dana,
            jenis_column=column["jenis"], jenis=row.jenis)
        if pd.isna(row.akun_belanja_kode):
            settled.issues.append(Issue(int(row.source_row), "bulan", str(row.bulan), _(
                "duplicate line: {line} already has a row for {bulan_column} {bulan} (row "
                "{first}); only the first is loaded", line=where,
                bulan_column=column["bulan"], bulan=row.bulan, first=row.first_row)))
        else:
            settled.issues.append(Issue(int(row.source_row), "akun_belanja",
                                        str(row.akun_belanja), _(
                "duplicate account: {akun_column} {akun} of {line} already has a row for "
                "{bulan_column} {bulan} (row {first}); only the first is loaded",
                akun_column=column["akun_belanja"], akun=row.akun_belanja_kode, line=where,
                bulan_column=column["bulan"], bulan=row.bulan, first=row.first_row)))
    first = rows[rows["n"] == 1]
    for _key, group in first.groupby(_LINE_MONTH, dropna=False, sort=False):
        line = group[group["akun_belanja_kode"].isna()]
        accounts = group[group["akun_belanja_kode"].notna()]
        if line.empty or accounts.empty:
            continue
        _settle_mixed(settled, line.iloc[0], accounts, column)
    if settled.subtotals:
        settled.notes.append(ngettext(
            "{count} line row equal to the sum of its belanja account rows dropped as their "
            "subtotal (reconciled)",
            "{count} line rows equal to the sum of their belanja account rows dropped as their "
            "subtotals (reconciled)", len(settled.subtotals), count=len(settled.subtotals)))
    return settled


_LINE_MONTH = ["line_kode", "sumber_dana", "jenis", "kelompok", "tahun", "bulan"]

_RANKED = f"""
    with keyed as (
        select *, coalesce(sub_kegiatan_kode, akun_kode) as line_kode,
            {", ".join(f"{sql} as summed_{name}" for name, sql in _SUMMED.items())}
        from incoming
    )
    select source_row, line_kode, kode_rekening, sumber_dana, jenis, kelompok, tahun, bulan,
        akun_belanja, akun_belanja_kode, sisa,
        {", ".join(f"summed_{name}" for name in _SUMMED)},
        row_number() over account as n, min(source_row) over account as first_row
    from keyed
    window account as (partition by line_kode, sumber_dana, jenis, kelompok, tahun, bulan,
                       akun_belanja_kode order by source_row)
    order by source_row
"""


def _settle_mixed(settled: RowsSettled, line: pd.Series, accounts: pd.DataFrame,
                  column: dict[str, str]) -> None:
    """A line row beside account rows of its own line and month: their subtotal when every
    figure equals the accounts' sum (the sisa too, when the line and every account state
    one), else ambiguous: the line row and its accounts are quarantined."""
    figures = {name: (float(line[f"summed_{name}"]), float(accounts[f"summed_{name}"].sum()))
               for name in _SUMMED}
    if pd.notna(line["sisa"]) and accounts["sisa"].notna().all():
        figures["sisa"] = (float(line["sisa"]), float(accounts["sisa"].sum()))
    differ = [(name, stated, summed) for name, (stated, summed) in figures.items()
              if abs(stated - summed) > 0.005]
    if not differ:
        settled.subtotals.append(int(line["source_row"]))
        return
    name, stated, summed = differ[0]
    account_rows = ", ".join(str(int(row)) for row in accounts["source_row"])
    settled.issues.append(Issue(int(line["source_row"]), "akun_belanja", "", _(
        "a line row without {akun_column} beside {count} account row(s) of the same "
        "{kode_column}, sumber dana, jenis and {bulan_column} (rows {rows}), but not their "
        "sum ({figure} {stated}, the accounts {summed}): it cannot be told whether it is "
        "their subtotal or one more row, so neither is loaded",
        akun_column=column["akun_belanja"], count=len(accounts),
        kode_column=column["kode_rekening"], bulan_column=column["bulan"], rows=account_rows,
        figure=name, stated=_money(stated), summed=_money(summed))))
    for row in accounts.itertuples():
        settled.issues.append(Issue(int(row.source_row), "akun_belanja", str(row.akun_belanja), _(
            "this account's line and month also has a line row without {akun_column} (row "
            "{row}) that is not the sum of its accounts: it cannot be told whether it is "
            "their subtotal or one more row, so neither is loaded",
            akun_column=column["akun_belanja"], row=int(line["source_row"]))))


def _money(value: float) -> str:
    return number(value, 0 if float(value).is_integer() else 2)
