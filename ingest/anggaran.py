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

SIPD's realisation report (LRA, the DPA print sheets) often writes the budget as a tree in
one code column: a program row (`2.08.01`), kegiatan (`2.08.01.1.02`), sub kegiatan, then the
sub kegiatan's belanja accounts (`5.1.02.01.01.0024 …`), often below their parent accounts
(`5`, `5.1`, … `5.1.02.01.01`), every row with its uraian and amounts. An account row
belongs to the nearest sub kegiatan row above it (`_place_in_tree`); a leaf account loads as
an account row of that sub kegiatan's line (its jenis and kelompok, when the file writes no
such column, read from its code: `ref_jenis_anggaran.kode_akun`); every other level is a
subtotal, dropped and reconciled only when it equals the rows that load beneath it, else
quarantined (`_settle_tree`). A row that cannot be placed is quarantined with the reason;
a sheet of belanja accounts with no sub kegiatan row at all (an LRA per account only) refuses
the file (`_refuse_accounts_only`): none of its accounts has a line to load on.
The tree is read within one read chunk (200.000 rows): an account whose sub kegiatan row
lies in the chunk before is quarantined as unplaceable, never attributed by guess.

An LRA writes its PENDAPATAN above the BELANJA as a tree of revenue accounts (`4`, `4.1`,
`4.1.02`, … `4.1.02.01.01.0001`), under no sub kegiatan. A revenue account with revenue
accounts beneath it (on its sheet, in its year and month) is their parent: a subtotal,
reconciled against the leaves that load beneath it like a parent belanja account. A revenue
line is an objek (`4.1.02.01`), as line-level exports write it; a leaf deeper than that is an
account of its objek's line, as a per-account export writes it (line `4.1.02.01`, account
`4.1.02.01.01.0001`), so one account has one key in every layout. A leaf's empty jenis and
kelompok are read from its code, its empty sumber dana is the fund of its jenis
(`schemas.anggaran`: Retribusi Daerah accrues to PAD), its line named by the objek's row of
the tree and its empty kegiatan by the row above the objek. A leaf account
(revenue, or belanja of a tree) whose row states no jenis and whose code begins no jenis'
account (`4.1.01` Pajak Daerah) is quarantined naming its code and the accounts the seed
knows: its jenis is never guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from core.i18n import N_, _, month, ngettext, rupiah
from ingest.errors import FileRejected
from ingest.headers import SHEET_ROWS, Header
from schemas.anggaran import jenis_rows, kelompok_of_jenis, sumber_dana_of_jenis
from schemas.issue import SUBTOTAL, Issue, RowsSettled
from schemas.spec import source

_SUB_KEGIATAN = re.compile(
    r"^(\d|X)\.(\d{2}|XX)\.(\d{2})\.(\d)\.(\d{2})\.(\d{2}|\d{4})$", re.IGNORECASE)
_PROGRAM = re.compile(r"^(\d|X)\.(\d{2}|XX)\.(\d{2})$", re.IGNORECASE)
_KEGIATAN = re.compile(r"^(\d|X)\.(\d{2}|XX)\.(\d{2})\.(\d)\.(\d{2})$", re.IGNORECASE)
# A revenue account, `4.1.02.01`; in an LRA's tree its parents down to `4` (PENDAPATAN DAERAH).
_AKUN_PENDAPATAN = re.compile(r"^4(\.\d{1,4}){0,5}$")
# A belanja account written in the kode rekening column of a tree export: `5`, `5.1`, ...,
# `5.1.02.01.01.0024`.
_AKUN_BELANJA_POHON = re.compile(r"^5(\.\d{1,4}){0,5}$")
_AKUN_BELANJA = re.compile(r"^\s*(\d+(?:\s*\.\s*\d+)+)")

DERIVED = ("urusan_kode", "program_kode", "kegiatan_kode", "sub_kegiatan_kode", "akun_kode")
# What a line row and the sum of its account rows must agree on to be its subtotal.
_SUMMED = {"pagu_murni": "pagu_murni", "pagu": "coalesce(pagu_perubahan, pagu_murni)",
           "realisasi": "realisasi"}


# The levels of a tree export (see the module); `TINGKAT_SUBTOTAL` rows are subtotals.
PROGRAM, KEGIATAN, SUB_KEGIATAN, AKUN_INDUK, AKUN = (
    "program", "kegiatan", "sub kegiatan", "akun induk", "akun")
TINGKAT_SUBTOTAL = (PROGRAM, KEGIATAN, SUB_KEGIATAN, AKUN_INDUK)
_TINGKAT_SHOWN = {PROGRAM: N_("program"), KEGIATAN: N_("kegiatan"),
                  SUB_KEGIATAN: N_("sub kegiatan"), AKUN_INDUK: N_("parent account")}
_NOT_A_KODE = N_("not a kode rekening: expected a sub kegiatan code such as 2.08.03.1.01.01 or "
                 "2.08.03.1.01.0001 (or, in a tree export, a program 2.08.03, a kegiatan "
                 "2.08.03.1.01 or a belanja account 5.1.02.01.01.0024), or a revenue account "
                 "such as 4.1.02.01")


@dataclass(frozen=True)
class KodeRekening:
    """The parts of one kode rekening; spending codes fill the first four, revenue the
    fifth, a belanja account of a tree export the sixth. `tingkat`: the level a spending
    code names (program, kegiatan, sub kegiatan, akun), None for revenue. `cross_urusan`:
    written with SIPD's `X.XX` and read as the office's urusan."""

    urusan_kode: str | None = None
    program_kode: str | None = None
    kegiatan_kode: str | None = None
    sub_kegiatan_kode: str | None = None
    akun_kode: str | None = None
    akun_belanja_kode: str | None = None
    tingkat: str | None = None
    cross_urusan: bool = False


# The width of each part of a sub kegiatan code (`2.08.03.1.01.0001`; the last part may be
# written with two digits) and of a belanja account (`5.1.02.01.01.0024`).
_SUB_KEGIATAN_WIDTHS = (1, 2, 2, 1, 2, 4)
_AKUN_WIDTHS = (1, 1, 2, 2, 2, 4)


def zero_padded(code: str, widths: tuple[int, ...]) -> str | None:
    """A code of six parts written without its leading zeros (`2.8.3.1.1.2`, `5.1.2.1.1.24`),
    each part padded to its width (`2.08.03.1.01.0002`); None for any other code, one
    already written in full, or one with a part neither in full nor without its zeros
    (`001`). A sub kegiatan code's first digit is its urusan (1–3): a code
    beginning 4, 5 or 6 is an account's, whose unpadded form reads two ways."""
    parts = code.split(".")
    if len(parts) != len(widths) or not all(part.isdigit() for part in parts) or any(
            len(part) > width or (len(part) < width and part != str(int(part))
                                  and len(part) != 2)
            for part, width in zip(parts, widths, strict=True)):
        return None  # a part too long, or cut short with zeros left (`001`): a typo
    padded = ".".join(part.zfill(width) for part, width in zip(parts, widths, strict=True))
    return None if padded == code else padded


def parse_kode_rekening(value: object, urusan: str | None = None) -> KodeRekening:
    """Split a kode rekening; `X.XX` is read as `urusan` (this office's), a sub kegiatan
    code written without its leading zeros (`2.8.3.1.1.2`) as written in full. Raises
    `ValueError` with a plain reason when it is none of a sub kegiatan code, a program or
    kegiatan code, a belanja account (`5…`, a tree export's rows) or a revenue account."""
    text = re.sub(r"\s+", "", str(value)).rstrip(".")
    if text[:1] in "123" and (padded := zero_padded(text, _SUB_KEGIATAN_WIDTHS)):
        text = padded
    for tingkat, pattern in ((SUB_KEGIATAN, _SUB_KEGIATAN), (PROGRAM, _PROGRAM),
                             (KEGIATAN, _KEGIATAN)):
        if match := pattern.match(text):
            return _spending(tingkat, match.groups(), urusan)
    if _AKUN_BELANJA_POHON.match(text):
        return KodeRekening(akun_belanja_kode=text, tingkat=AKUN)
    if _AKUN_PENDAPATAN.match(text):
        return KodeRekening(akun_kode=text)
    raise ValueError(_(_NOT_A_KODE))


def _spending(tingkat: str, parts: tuple[str, ...], urusan: str | None) -> KodeRekening:
    first, bidang, program = parts[:3]
    cross = first.upper() == "X" or bidang.upper() == "XX"
    if cross and not (first.upper() == "X" and bidang.upper() == "XX" and urusan):
        raise ValueError(_(_NOT_A_KODE))
    urusan_kode = urusan if cross else f"{first}.{bidang}"
    program_kode = f"{urusan_kode}.{program}"
    if tingkat == PROGRAM:
        return KodeRekening(urusan_kode, program_kode, tingkat=PROGRAM, cross_urusan=cross)
    level, kegiatan = parts[3:5]
    kegiatan_kode = f"{program_kode}.{level}.{kegiatan}"
    if tingkat == KEGIATAN:
        return KodeRekening(urusan_kode, program_kode, kegiatan_kode, tingkat=KEGIATAN,
                            cross_urusan=cross)
    return KodeRekening(urusan_kode, program_kode, kegiatan_kode,
                        f"{kegiatan_kode}.{int(parts[5]):04d}", tingkat=SUB_KEGIATAN,
                        cross_urusan=cross)


def derive(typed: pd.DataFrame, frame: pd.DataFrame, written: dict[str, str] | None = None,
           shown: Callable[[int], int | str] = int) -> tuple[pd.DataFrame, list[Issue], list[str]]:
    """Fill the code columns from `kode_rekening`; an unreadable code is an issue of its
    row; codes read as the office's urusan are counted in a note for the ledger. The rows
    of a tree export are placed in it (`_place_in_tree`), the revenue rows too
    (`_place_revenue`, whose empty sumber dana read as the fund of their jenis are counted
    in a note naming the column as `written`, canonical name → header, writes it). `shown`
    names a row as a person finds it (`Header.shown`: with its sheet in a workbook of
    several)."""
    written = written or {}
    urusan = source("anggaran").urusan
    _revenue_in_account_column(typed)
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
    # A sub kegiatan row is a tree's level only with accounts beneath it (`_place_in_tree`).
    typed["tingkat"] = codes.map(
        lambda kode: kode.tingkat if kode and kode.tingkat != SUB_KEGIATAN else None
    ).astype("string")
    typed["akun_belanja_kode"] = typed["akun_belanja"].map(akun_belanja_kode).astype("string")
    # An account cell that restates the row's own sub kegiatan (`2.08.03.1.01.0002 Penyediaan
    # …`, as SIPD writes the line above its accounts) names no account: a line row.
    own_line = (typed["akun_belanja_kode"] == typed["sub_kegiatan_kode"]).fillna(False)
    typed.loc[own_line, ["akun_belanja", "akun_belanja_kode"]] = None
    typed[SUBTOTAL] = False
    if any(kode is not None and kode.tingkat in (PROGRAM, KEGIATAN, AKUN)
           for kode in parsed.values()):
        issues += _place_in_tree(typed, codes, shown)
    filled, unplaced = _place_revenue(typed)
    issues += unplaced
    issues += _jenis_untold(typed, frame, {issue.row for issue in issues})
    notes = [ngettext(
        "{count} revenue row without {column} read as {fund}: the fund its jenis accrues to",
        "{count} revenue rows without {column} read as {fund}: the fund their jenis accrues to",
        count, count=count, column=written.get("sumber_dana", "sumber_dana"), fund=fund)
        for fund, count in filled.items()]
    unpadded = [(row, text) for row, text, kode in zip(
        typed["_row"], typed["kode_rekening"], typed["sub_kegiatan_kode"], strict=True)
        if isinstance(text, str) and isinstance(kode, str)
        and zero_padded(re.sub(r"\s+", "", text).rstrip("."), _SUB_KEGIATAN_WIDTHS)]
    # An account cell is quoted by its code as written, never its text (`Honor narasumber
    # …` may name a person), and only when that code was padded: a text without a code is
    # not a code written without its zeros.
    unpadded += [(row, code) for row, text, kode in zip(
        typed["_row"], typed["akun_belanja"], typed["akun_belanja_kode"], strict=True)
        if isinstance(text, str) and isinstance(kode, str)
        and (match := _AKUN_BELANJA.match(text))
        and (code := re.sub(r"\s+", "", match.group(1))) != kode]
    if unpadded:
        row, first = min(unpadded)
        notes.append(ngettext(
            "{count} code written without its leading zeros read in full (first: row {row} "
            "'{written}')", "{count} codes written without their leading zeros read in full "
            "(first: row {row} '{written}')", len(unpadded), count=len(unpadded),
            row=shown(int(row)), written=first.strip()))
    cross = int(codes.map(lambda kode: bool(kode and kode.cross_urusan)).sum())
    if cross:
        notes.append(_("{count} kode rekening written X.XX (SIPD's cross-urusan Program "
                       "Penunjang) read as this office's urusan {urusan}", count=cross,
                       urusan=urusan))
    return typed, issues, notes


def _revenue_in_account_column(typed: pd.DataFrame) -> None:
    """A per-account export's revenue row whose line column is empty (revenue has no sub
    kegiatan) and whose account column holds a revenue account below an objek
    (`4.1.02.01.01.0001 Retribusi …`): the account tells its line (its objek, see
    `_revenue_leaf`), so its code is the row's `kode_rekening`. A belanja account without
    its sub kegiatan stays without (its line cannot be told)."""
    empty = typed["kode_rekening"].isna()
    if not empty.any():
        return
    kodes = typed.loc[empty, "akun_belanja"].map(akun_belanja_kode)
    revenue = kodes.map(lambda kode: isinstance(kode, str) and bool(
        _AKUN_PENDAPATAN.match(kode)) and kode.count(".") >= _REVENUE_LINE_DEPTH)
    typed.loc[revenue[revenue].index, "kode_rekening"] = kodes[revenue]


# What an account row of a tree export takes from its sub kegiatan row when its own cell is
# empty: the names above it, and the sumber dana and unit SIPD states once per sub kegiatan.
_FROM_SUB_KEGIATAN = ("program", "kegiatan", "bidang", "sumber_dana")


def _place_in_tree(typed: pd.DataFrame, codes: pd.Series,
                   shown: Callable[[int], int | str]) -> list[Issue]:
    """Place each row of a tree export (rows in file order: program, kegiatan, sub kegiatan,
    then its belanja accounts, parents before children) under its sub kegiatan: an account
    row belongs to the nearest sub kegiatan row above it on its own sheet, of the same year
    and month, with no program or kegiatan row between (a workbook of several sheets holds
    a tree per sheet: the reason's row is the sheet's own, the quarantine names the sheet).
    Account rows take the sub kegiatan's codes and names (`kode_rekening` becomes the sub
    kegiatan's code as written, `akun_belanja` the account's code and uraian as written);
    an account that has accounts of its own beneath
    it (`5.1.02` above `5.1.02.01.01.0024`) is a parent account. Program, kegiatan, a sub
    kegiatan row with accounts beneath it and parent accounts are marked `SUBTOTAL`
    (`settle` drops or quarantines each); a sub kegiatan row without accounts is a line.
    A belanja account row under no sub kegiatan with accounts beneath it on its sheet, in
    its year and month (`_sections`: an LRA's `5 BELANJA DAERAH`, `5.1 BELANJA OPERASI`
    above the programs) is the section's subtotal, a parent account of no sub kegiatan.
    Returns the account rows that cannot be placed (quarantined)."""
    issues: list[Issue] = []
    above: dict[str, object] = {PROGRAM: None, KEGIATAN: None, SUB_KEGIATAN: None}
    children: dict[object, list[object]] = {}
    heads: dict[object, tuple[object, object]] = {}  # sub kegiatan row -> program, kegiatan
    written: dict[object, list[str]] = {}  # sub kegiatan row -> the account codes below it
    # account rows under no sub kegiatan of their year and month -> the one above, if any
    orphans: dict[object, object] = {}
    with_lines: set[object] = set()  # the sheets holding a sub kegiatan row
    sheet = None
    for index in typed.sort_values("_row").index:
        if typed.at[index, "_row"] // SHEET_ROWS != sheet:  # each sheet is a tree of its own
            sheet = typed.at[index, "_row"] // SHEET_ROWS
            above = dict.fromkeys(above)
        kode = codes.at[index]
        tingkat = kode.tingkat if kode is not None else None
        if kode is None or tingkat is None:
            above[SUB_KEGIATAN] = None
        elif tingkat == PROGRAM:
            above.update({PROGRAM: index, KEGIATAN: None, SUB_KEGIATAN: None})
        elif tingkat == KEGIATAN:
            above.update({KEGIATAN: index, SUB_KEGIATAN: None})
        elif tingkat == SUB_KEGIATAN:
            above[SUB_KEGIATAN] = index
            with_lines.add(sheet)
            heads[index] = (above[PROGRAM], above[KEGIATAN])
        else:
            sub = above[SUB_KEGIATAN]
            if sub is None or any(not _same(typed.at[index, name], typed.at[sub, name])
                                  for name in ("tahun", "bulan")):
                orphans[index] = sub
                continue
            # a parent account even when its account is quarantined
            written.setdefault(sub, []).append(str(kode.akun_belanja_kode))
            if (reason := _unplaceable(typed, index, sub)) is not None:
                issues.append(Issue(int(typed.at[index, "_row"]), "kode_rekening",
                                    str(typed.at[index, "kode_rekening"]), reason))
            else:
                children.setdefault(sub, []).append(index)
    structural = typed["tingkat"].isin([PROGRAM, KEGIATAN])
    # placed accounts with no account of their sub kegiatan beneath them: leaves, unless
    # accounts elsewhere on the sheet are (a section's head between the programs)
    leaves = [index for sub, accounts in children.items() for index in accounts
              if not any(other.startswith(f"{codes.at[index].akun_belanja_kode}.")
                         for other in written[sub])]
    sections = _sections(typed, codes, [*orphans, *leaves])
    for index in sections:
        typed.at[index, "tingkat"] = AKUN_INDUK
        typed.at[index, "akun_belanja_kode"] = codes.at[index].akun_belanja_kode
        structural.at[index] = True
    children = {sub: kept for sub, accounts in children.items()
                if (kept := [index for index in accounts if index not in sections])}
    _refuse_accounts_only(typed, shown, [index for index, sub in orphans.items()
                                  if sub is None and index not in sections
                                  and typed.at[index, "_row"] // SHEET_ROWS not in with_lines])
    for index, sub in orphans.items():
        if index not in sections:
            issues.append(Issue(int(typed.at[index, "_row"]), "kode_rekening",
                                str(typed.at[index, "kode_rekening"]),
                                _unplaceable(typed, index, sub)))
    for sub, accounts in children.items():
        structural.at[sub] = True
        typed.at[sub, "tingkat"] = SUB_KEGIATAN
        _inherit_names(typed, sub, *heads[sub])
        kodes = [str(codes.at[index].akun_belanja_kode) for index in accounts]
        for index, kode in zip(accounts, kodes, strict=True):
            parent = any(other.startswith(f"{kode}.") for other in written[sub])
            typed.at[index, "tingkat"] = AKUN_INDUK if parent else AKUN
            structural.at[index] = parent
            _take_sub_kegiatan(typed, index, sub, kode)
    for sub, heads_of in heads.items():
        if sub not in children:
            _inherit_names(typed, sub, *heads_of)
    typed[SUBTOTAL] = structural.astype(bool)
    return issues


def _refuse_accounts_only(typed: pd.DataFrame, shown: Callable[[int], int | str],
                          accounts: list[object]) -> None:
    """Refuse a file whose belanja is written per account only (an LRA of `5`, `5.1`, …
    `5.1.02.01.01.0024` with no sub kegiatan row on its sheet): `accounts`, its leaf
    account rows under no sub kegiatan on such a sheet. No account can be placed on a
    budget line (sub kegiatan × sumber dana × jenis), so nothing of the file would load but
    a row-by-row quarantine and a JUMLAH the loaded rows cannot match. Raises
    `FileRejected` naming the first such account's row (`shown`: with its sheet's name in a
    workbook of several) and code."""
    if not accounts:
        return
    first = min(accounts, key=lambda index: typed.at[index, "_row"])
    where = _("row {row}", row=shown(int(typed.at[first, "_row"])))
    raise FileRejected(ngettext(
        "the belanja is written per account only, with no sub kegiatan row above its "
        "accounts ({count} account; first: {where}, {kode}): an account cannot be placed on "
        "a budget line (sub kegiatan, sumber dana, jenis) without its sub kegiatan. Send the "
        "LRA per sub kegiatan (each sub kegiatan's row above its accounts, or a column of "
        "the sub kegiatan's code beside the account)",
        "the belanja is written per account only, with no sub kegiatan row above its "
        "accounts ({count} accounts; first: {where}, {kode}): an account cannot be placed "
        "on a budget line (sub kegiatan, sumber dana, jenis) without its sub kegiatan. Send "
        "the LRA per sub kegiatan (each sub kegiatan's row above its accounts, or a column "
        "of the sub kegiatan's code beside the account)",
        len(accounts), count=len(accounts), where=where,
        kode=str(typed.at[first, "kode_rekening"]).strip()))


def _sections(typed: pd.DataFrame, codes: pd.Series, candidates: list[object]) -> set[object]:
    """Of the belanja account rows of a tree with no account of their sub kegiatan beneath
    them (`candidates`: under no sub kegiatan of their year and month, or a leaf of one),
    those whose code begins other belanja accounts of their sheet, year and month: the
    section's subtotals an LRA writes at the head of its BELANJA (`5 BELANJA DAERAH`, `5.1
    BELANJA OPERASI`, `5.2 BELANJA MODAL`, above the programs or between them), as its
    PENDAPATAN writes `4`, `4.1`."""
    accounts = typed[codes.map(lambda kode: kode is not None and kode.tingkat == AKUN)]
    kodes = codes[accounts.index].map(lambda kode: str(kode.akun_belanja_kode))
    keys = [accounts["_row"] // SHEET_ROWS, accounts["tahun"], accounts["bulan"]]
    wanted = set(candidates)
    found: set[object] = set()
    for _key, group in kodes.groupby(keys, dropna=False, sort=False):
        ordered = sorted(group)
        for index in wanted.intersection(group.index):
            prefix = f"{group.at[index]}."
            at = bisect_left(ordered, prefix)  # the first code from the prefix on
            if at < len(ordered) and ordered[at].startswith(prefix):
                found.add(index)
    return found


# A revenue line is an objek of the revenue accounts: `4.1.02.01` (akun, kelompok, jenis,
# objek), as line-level exports write it; a deeper code is an account of that line.
_REVENUE_LINE_DEPTH = 4


def _place_revenue(typed: pd.DataFrame) -> tuple[dict[str, int], list[Issue]]:
    """The revenue rows (`akun_kode`) as a tree (see the module): among the rows whose
    revenue account is written in the kode rekening column, one with revenue accounts beneath
    it on its sheet, in its year and month, is a parent account (`AKUN_INDUK`, `SUBTOTAL`,
    settled by `_settle_tree`); every other row is a leaf (`_revenue_leaf`), `tingkat` `akun`
    when the file is a tree. Returns, per fund, how many empty sumber dana were read as it,
    and the leaves whose account column names another account than their kode rekening."""
    revenue = typed[typed["akun_kode"].notna()]
    filled: dict[str, int] = {}
    issues: list[Issue] = []
    if revenue.empty:
        return filled, issues
    tree = bool(typed["tingkat"].notna().any())
    rows_of: dict[object, dict[str, object]] = {}  # leaf or parent -> its group's codes
    parents: list[object] = []
    in_code = revenue[revenue["akun_belanja_kode"].isna()
                      | (revenue["akun_belanja_kode"] == revenue["akun_kode"])]
    keys = [in_code["_row"] // SHEET_ROWS, in_code["tahun"], in_code["bulan"]]
    for _key, group in in_code.groupby(keys, dropna=False, sort=False):
        kodes: dict[str, object] = {}
        for index, kode in group["akun_kode"].items():
            kodes.setdefault(str(kode), index)
        for index, kode in group["akun_kode"].items():
            rows_of[index] = kodes
            if any(other.startswith(f"{kode}.") for other in kodes):
                parents.append(index)
    if parents:
        tree = True
        typed.loc[parents, "tingkat"] = AKUN_INDUK
        typed.loc[parents, SUBTOTAL] = True
    for index in revenue.index.difference(parents):
        if tree:
            typed.at[index, "tingkat"] = AKUN
        if (issue := _revenue_leaf(typed, index, rows_of.get(index, {}))) is not None:
            issues.append(issue)
            continue
        fund = _revenue_fund(typed, index)
        if fund is not None:
            filled[fund] = filled.get(fund, 0) + 1
    return filled, issues


def _revenue_leaf(typed: pd.DataFrame, row: object, kodes: dict[str, object]) -> Issue | None:
    """A revenue leaf as a row of its line: a code deeper than an objek (`4.1.02.01.01.0001`)
    is an account (`akun_belanja_kode`, `akun_belanja` its code and uraian) of the line of its
    objek (`akun_kode` `4.1.02.01`), named by the objek's row of the tree when there is one
    (`kodes`: its group's codes → a row); its empty kegiatan the uraian of the nearest row
    above the line. Its empty jenis and kelompok read from its code. Returns the issue when
    its account column names another account than its kode rekening (nothing changed)."""
    kode = str(typed.at[row, "akun_kode"])
    written = typed.at[row, "akun_belanja_kode"]
    parts = kode.split(".")
    if len(parts) > _REVENUE_LINE_DEPTH:
        if pd.notna(written) and written != kode:
            return Issue(int(typed.at[row, "_row"]), "kode_rekening",
                         str(typed.at[row, "kode_rekening"]), _(
                "the kode rekening holds revenue account {kode} and the account column of the "
                "same row another ({other}): which is the row's account cannot be told",
                kode=kode, other=written))
        line = ".".join(parts[:_REVENUE_LINE_DEPTH])
        uraian = typed.at[row, "sub_kegiatan"]
        if pd.isna(typed.at[row, "akun_belanja"]):
            typed.at[row, "akun_belanja"] = kode if pd.isna(uraian) else f"{kode} {uraian}"
        typed.at[row, "akun_belanja_kode"] = kode
        typed.at[row, "akun_kode"] = line
        if line in kodes and pd.notna(typed.at[kodes[line], "sub_kegiatan"]):
            typed.at[row, "sub_kegiatan"] = typed.at[kodes[line], "sub_kegiatan"]
    account = str(typed.at[row, "akun_belanja_kode"]) if pd.notna(
        typed.at[row, "akun_belanja_kode"]) else kode
    line = str(typed.at[row, "akun_kode"])
    above = [other for other in kodes if line.startswith(f"{other}.")]
    if above and pd.isna(typed.at[row, "kegiatan"]):
        typed.at[row, "kegiatan"] = typed.at[kodes[max(above, key=len)], "sub_kegiatan"]
    _jenis_from_code(typed, row, account)
    return None


def _revenue_fund(typed: pd.DataFrame, row: object) -> str | None:
    """A revenue leaf's empty sumber dana: the fund its jenis accrues to
    (`schemas.anggaran.sumber_dana_of_jenis`). Returns the fund read, else None."""
    jenis = typed.at[row, "jenis"]
    if pd.isna(jenis) or typed.at[row, "kelompok"] != "Pendapatan":
        return None
    fund = sumber_dana_of_jenis().get(jenis)
    if fund is None or pd.notna(typed.at[row, "sumber_dana"]):
        return None
    typed.at[row, "sumber_dana"] = fund
    return fund


def _jenis_untold(typed: pd.DataFrame, frame: pd.DataFrame, flagged: set[int]
                  ) -> list[Issue]:
    """The leaf accounts (a revenue line, a belanja account of a tree) whose row states no
    jenis and whose code begins no jenis' account of `ref_jenis_anggaran`: an issue on the
    kode rekening naming the code and the accounts of its kelompok the seed knows. Rows of
    `flagged` (`_row`s quarantined already: an unplaceable account) are not judged."""
    stated = (frame["jenis"].fillna("").astype(str).str.strip() != "" if "jenis" in frame
              else pd.Series(False, index=typed.index))
    leaf = (~typed[SUBTOTAL].astype(bool) & typed["jenis"].isna() & ~stated
            & ~typed["_row"].isin(flagged))
    revenue = leaf & typed["akun_kode"].notna()
    belanja = (leaf & (typed["tingkat"] == AKUN).fillna(False) & typed["akun_kode"].isna()
               & typed["akun_belanja_kode"].notna())
    issues = []
    codes = typed["akun_belanja_kode"].fillna(typed["akun_kode"])
    # the kode rekening cell as written: a tree's belanja account's is its account code (its
    # kode_rekening is its sub kegiatan's by now)
    cells = typed["kode_rekening"].where(~belanja, typed["akun_belanja_kode"])
    for kelompok, rows in (("Pendapatan", revenue), ("Belanja", belanja)):
        known = ", ".join(f"{row['kode_akun']} {jenis}" for jenis, row in jenis_rows().items()
                          if row["kelompok"] == kelompok)
        for index in rows[rows].index:
            issues.append(Issue(int(typed.at[index, "_row"]), "kode_rekening",
                                str(cells.at[index]), _(
                "account {kode} begins no account of a known jenis ({known}), and the row "
                "states no jenis: its jenis is not guessed, the row is not loaded (add its "
                "jenis to ref_jenis_anggaran, or a Jenis column to the file)",
                kode=codes.at[index], known=known)))
    return issues


def _unplaceable(typed: pd.DataFrame, index: object, sub: object) -> str | None:
    """Why a belanja account row cannot be placed under `sub` (None: it can)."""
    if sub is None:
        return _("a belanja account row of a tree export, but no sub kegiatan row stands "
                 "above it (since the last program or kegiatan row): which sub kegiatan it "
                 "belongs to cannot be told")
    if any(not _same(typed.at[index, name], typed.at[sub, name]) for name in ("tahun", "bulan")):
        return _("a belanja account row of a tree export whose nearest sub kegiatan row above "
                 "(row {row}) is of another year or month: which sub kegiatan it belongs to "
                 "cannot be told", row=int(typed.at[sub, "_row"]) % SHEET_ROWS)
    written = typed.at[index, "akun_belanja_kode"]
    kode = re.sub(r"\s+", "", str(typed.at[index, "kode_rekening"])).rstrip(".")
    if pd.notna(written) and written != kode:
        return _("the kode rekening holds belanja account {kode} and the account column of "
                 "the same row another ({other}): which is the row's account cannot be told",
                 kode=kode, other=written)
    return None


def _same(left: object, right: object) -> bool:
    return (pd.isna(left) and pd.isna(right)) or (
        not pd.isna(left) and not pd.isna(right) and left == right)


def _inherit_names(typed: pd.DataFrame, row: object, program: object, kegiatan: object
                   ) -> None:
    """A sub kegiatan row's empty program and kegiatan names, from the program and kegiatan
    rows above it whose codes it begins with (their uraian)."""
    for name, head in (("program", program), ("kegiatan", kegiatan)):
        if head is None or pd.notna(typed.at[row, name]):
            continue
        if typed.at[head, f"{name}_kode"] == typed.at[row, f"{name}_kode"]:
            typed.at[row, name] = typed.at[head, "sub_kegiatan"]


def _take_sub_kegiatan(typed: pd.DataFrame, row: object, sub: object, kode: str) -> None:
    """An account row of a tree export as a row of its sub kegiatan's line (see
    `_place_in_tree`), its empty jenis and kelompok read from its code."""
    uraian = typed.at[row, "sub_kegiatan"]
    if pd.isna(typed.at[row, "akun_belanja"]):
        typed.at[row, "akun_belanja"] = kode if pd.isna(uraian) else f"{kode} {uraian}"
    typed.at[row, "akun_belanja_kode"] = kode
    for name in ("kode_rekening", "sub_kegiatan", *DERIVED[:4]):
        typed.at[row, name] = typed.at[sub, name]
    for name in _FROM_SUB_KEGIATAN:
        if pd.isna(typed.at[row, name]):
            typed.at[row, name] = typed.at[sub, name]
    _jenis_from_code(typed, row, kode)


def _jenis_from_code(typed: pd.DataFrame, row: object, kode: str) -> None:
    """An account row's empty jenis and kelompok read from its account code `kode`: the
    kelompok of its jenis, or, for a leaf account (not `AKUN_INDUK`) no jenis' account
    begins, of its first digit (`4…` Pendapatan, `5…` Belanja: `kelompok_of_akun`), so a
    total row naming the kelompok counts it while it is quarantined for its jenis."""
    if pd.isna(typed.at[row, "jenis"]):
        typed.at[row, "jenis"] = jenis_of_akun(kode)
    if pd.isna(typed.at[row, "kelompok"]):
        jenis = typed.at[row, "jenis"]
        leaf = typed.at[row, "tingkat"] != AKUN_INDUK
        kelompok = (kelompok_of_jenis().get(jenis) if pd.notna(jenis) else None
                    ) or (kelompok_of_akun(kode) if leaf is True or pd.isna(leaf) else None)
        typed.at[row, "kelompok"] = kelompok if kelompok else pd.NA


def kelompok_of_akun(kode: str) -> str | None:
    """The kelompok an account code's first digit names, from the accounts of
    `ref_jenis_anggaran` (`4.1.01.01` → Pendapatan, as 4.1.02 Retribusi Daerah is; `5` →
    Belanja); None when no jenis' account, or several kelompok, begin with that digit."""
    found = {row["kelompok"] for row in jenis_rows().values()
             if row["kode_akun"].split(".")[0] == kode.split(".")[0]}
    return found.pop() if len(found) == 1 else None


def jenis_of_akun(kode: str) -> str | None:
    """The jenis a belanja account belongs to by its code (`ref_jenis_anggaran.kode_akun`:
    `5.1.02.01.01.0024` → Belanja Barang dan Jasa); None when no jenis' account begins it
    (`5`, `5.1` name no single jenis)."""
    found = [(len(row["kode_akun"]), jenis) for jenis, row in jenis_rows().items()
             if kode == row["kode_akun"] or kode.startswith(f"{row['kode_akun']}.")]
    return max(found)[1] if found else None

def akun_belanja_kode(value: object) -> str | None:
    """The account code a belanja account cell begins with (`5.1.02.01.01.0024 Belanja
    Alat/Bahan …` → `5.1.02.01.01.0024`, also when written without its leading zeros:
    `5.1.2.1.1.24`); the whole text when it holds no code; None when empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    if not text:
        return None
    match = _AKUN_BELANJA.match(text)
    if not match:
        return text
    code = re.sub(r"\s+", "", match.group(1))
    return zero_padded(code, _AKUN_WIDTHS) or code


# Years of the file whose Pagu Perubahan column holds a figure and is 0 on every row, with
# what tells whether that is no APBD-P yet: a row spending (its first), the file's last month
# of the year, how many bidang its rows name.
_PERUBAHAN_UNSET = """
    select tahun, min(source_row) filter (where realisasi > 0) as spending, max(bulan) as last,
        count(distinct bidang) as units
    from incoming
    where tahun is not null
    group by tahun
    having count(pagu_perubahan) > 0 and max(abs(pagu_perubahan)) = 0
        and max(abs(pagu_murni)) > 0
    order by tahun
"""
# The APBD-P's figures of a year loaded before, in a month up to the file's last: the first
# such month and the file that loaded it.
_PERUBAHAN_LOADED = """
    select r.bulan, coalesce(l.file_label, 'anggaran #' || r.ingest_id)
    from raw.anggaran as r
    inner join raw.ingest_ledger as l on r.ingest_id = l.ingest_id
    where r.tahun = ? and r.pagu_perubahan <> 0 and coalesce(r.bulan, 0) <= ?
    order by r.bulan, r.source_row
    limit 1
"""
# Lines of a year loaded before that the file does not hold: it is part of the DPA.
_LINES_ELSEWHERE = """
    select count(distinct coalesce(sub_kegiatan_kode, akun_kode)) from raw.anggaran
    where tahun = ? and coalesce(sub_kegiatan_kode, akun_kode) not in (
        select coalesce(sub_kegiatan_kode, akun_kode) from incoming
        where tahun = ? and coalesce(sub_kegiatan_kode, akun_kode) is not null)
"""


def perubahan_not_set(con: duckdb.DuckDBPyConnection, header: Header) -> str | None:
    """Whether a year's Pagu Perubahan is the APBD-P's or not set yet, decided from the whole
    column (temp table `incoming`) and the warehouse: SIPD writes 0 on every line before the
    APBD-P, while an APBD-P that ends a line writes 0 on that line only, beside the others'
    revised figures. A year whose column is 0 on every row while its Pagu Murni is not:

    - the APBD-P's figures of the year loaded before (another file, a month up to the file's
      last): the APBD-P ended these lines, the 0 kept, unless a row spends (a line ended to
      0 spent nothing): then the 0 is neither, and the file is refused (`FileRejected`);
    - else it is read as no APBD-P yet: its Pagu Perubahan set empty on every row, so the
      Pagu Murni holds in the sums, the Sisa and the marts (`mart_budget_pergeseran` says
      `tetap`, not `dihapus`). A row spending proves it; so does a whole DPA (several bidang,
      no line loaded before missing), as an APBD-P never ends every line. A file of one
      bidang (or naming none, or lacking lines loaded before) with nothing spent may be the
      lines an APBD-P ended: the note says it cannot be told.

    Returns the ledger's notes naming the column as the file writes it and the years, or
    None."""
    column = header.written.get("pagu_perubahan", "pagu_perubahan")
    unset, ended, unsure = [], [], []
    for year, spending, last, units in con.execute(_PERUBAHAN_UNSET).fetchall():
        year = int(year)
        loaded = con.execute(_PERUBAHAN_LOADED, [year, last or 12]).fetchone()
        if loaded is not None and spending is not None:
            raise FileRejected(_(
                "{column} is 0 on every line of {year}, yet row {row} spends (a line the "
                "APBD-P ended to 0 spends nothing) and {label} loaded the APBD-P's figures of "
                "{year} ({month}): these 0 are neither the APBD-P's figures nor 'no "
                "APBD-P yet'. Write the lines' Pagu Perubahan, or leave the column empty",
                column=column, year=year, row=header.shown(int(spending)), label=loaded[1],
                month=month(int(loaded[0])) if loaded[0] else year))
        if loaded is not None:
            ended.append(_("{column} is 0 on every line of {year}: read as lines the APBD-P "
                           "ended, as {label} holds the APBD-P's figures of {year} "
                           "({month})", column=column, year=year, label=loaded[1],
                           month=month(int(loaded[0])) if loaded[0] else year))
            continue
        unset.append(year)
        if spending is None and (units < 2 or con.execute(
                _LINES_ELSEWHERE, [year, year]).fetchone()[0]):
            unsure.append(year)
    if unset:
        con.execute("update incoming set pagu_perubahan = null where tahun in (select unnest(?))",
                    [unset])
    notes = ended
    if unset:
        notes.append(ngettext(
            "{column} is 0 on every line of {years}: read as no APBD-P yet, the Pagu Murni holds",
            "{column} is 0 on every line of {years}: read as no APBD-P yet, the Pagu Murni holds",
            len(unset), column=column, years=", ".join(str(year) for year in unset)))
    if unsure:
        notes.append(ngettext(
            "but the file may hold only part of the DPA (one bidang, or not the lines loaded "
            "before) and no line of {years} spends: whether the APBD-P ended these lines "
            "cannot be told. If it did, load this file again once a file holding the APBD-P's "
            "figures of {years} is loaded",
            "but the file may hold only part of the DPA (one bidang, or not the lines loaded "
            "before) and no line of {years} spends: whether the APBD-P ended these lines "
            "cannot be told. If it did, load this file again once a file holding the APBD-P's "
            "figures of {years} is loaded",
            len(unsure), years=", ".join(str(year) for year in unsure)))
    return "; ".join(notes) or None


# What makes one budget line across the months of a year: the key the file's rows and the
# warehouse's loaded months (`ingest.realisasi.loaded_months`) are compared by, as text.
LINE_OF = "coalesce(sub_kegiatan_kode, akun_kode), sumber_dana, jenis, kelompok"

# The file's negative realisasi rows of lines whose first month in the file is after
# January, with what the line (account) spent in the file through that month, and in the
# loaded months (`loaded_months`) before it that the file does not hold: of the account
# (`before`, `found`) and of the whole line (`line_before`, `line_found`).
_REFUNDS = f"""
    with own as (
        select *, coalesce(sub_kegiatan_kode, akun_kode) as line_kode,
            ({LINE_OF})::varchar as line_of
        from incoming
        where coalesce(tingkat, '{AKUN}') = '{AKUN}' and tahun is not null
            and bulan is not null and realisasi is not null
    ),
    so_far as (
        select source_row, line_of, tahun, bulan, akun_belanja_kode, realisasi,
            sum(realisasi) over (partition by line_kode, sumber_dana, jenis, kelompok, tahun,
                                 akun_belanja_kode order by bulan, source_row) as in_file,
            min(bulan) over (partition by line_kode, sumber_dana, jenis, kelompok, tahun,
                             akun_belanja_kode) as first_month,
            list(distinct bulan) over (partition by line_kode, sumber_dana, jenis, kelompok,
                                       tahun, akun_belanja_kode) as months,
            sum(realisasi) over (partition by line_kode, sumber_dana, jenis, kelompok, tahun
                                 order by bulan range between unbounded preceding
                                 and current row) as line_in_file
        from own
    ),
    refunds as (select * from so_far where realisasi < 0 and first_month > 1),
    beside as (
        select r.*, l.realisasi as loaded,
            r.akun_belanja_kode is null or l.account = r.akun_belanja_kode as mine
        from refunds as r
        left join loaded_months as l
            on l.line_of = r.line_of and l.tahun = r.tahun and l.bulan < r.bulan
                and not list_contains(r.months, l.bulan)
    )
    select source_row, bulan, akun_belanja_kode, realisasi, in_file, line_in_file,
        coalesce(sum(loaded) filter (where mine), 0) as before,
        count(loaded) filter (where mine) as found,
        coalesce(sum(loaded), 0) as line_before, count(loaded) as line_found
    from beside
    group by all
    order by source_row
"""


def refunds_beyond_loaded(con: duckdb.DuckDBPyConnection, header: Header,
                          loaded: pd.DataFrame) -> list[Issue]:
    """Negative realisasi (refunds, corrections) of lines whose first month in the file is
    after January, judged with the months the warehouse holds from the office's other files
    (`loaded`: `ingest.realisasi.loaded_months`, read once for this and for the Realisasi's
    judgement; the file's rows wait in the temp table `incoming`): a refund within what the
    line (or its belanja account, when both the file and the loaded months are written per
    account) spent through that month loads; one taking it below zero cannot be a correction
    of what was spent and is quarantined, naming the figures. Returns one issue per such
    row; the rows leave `incoming` at once, so what judges the Realisasi column
    (`ingest.realisasi`) does not read them. One query for every refund of the file."""
    issues = []
    con.register("loaded_months", loaded)
    try:
        refunds = con.execute(_REFUNDS).df()
    finally:
        con.unregister("loaded_months")
    for row in refunds.itertuples(index=False):
        per_line = (pd.notna(row.akun_belanja_kode) and not row.found) and row.line_found
        # the loaded months written per line beside a file per account: the line as a whole
        before, in_file = ((row.line_before, row.line_in_file) if per_line
                           else (row.before, row.in_file))
        so_far = float(before) + float(in_file)
        if so_far >= -0.005:
            continue
        issues.append(Issue(int(row.source_row), "realisasi", rupiah(row.realisasi), _(
            "a negative {column} is accepted only as a correction of earlier months, but with "
            "the months loaded before ({before}) it takes the realisasi of its line (or, with "
            "a belanja account, of its account) to {so_far} by {month}",
            column=header.written.get("realisasi", "realisasi"), before=rupiah(before),
            so_far=rupiah(so_far), month=month(int(row.bulan)))))
    if issues:
        con.execute("delete from incoming where source_row in (select unnest(?))",
                    [[issue.row for issue in issues]])
    return issues


def settle(con: duckdb.DuckDBPyConnection, header: Header) -> RowsSettled:
    """Judge the loaded rows of a whole file (temp table `incoming`) by line and month:
    duplicates quarantined, a line row that is the subtotal of its account rows dropped, a
    line row that is not quarantined with its accounts (see the module); then a tree
    export's subtotal rows (`_settle_tree`). `header`: the file's header, so every reason
    names the columns as the file writes them and the rows as the spreadsheet shows them
    (`Header.shown`: with their sheet in a workbook of several)."""
    written = header.written
    settled = RowsSettled()
    column = {name: written.get(name, name) for name in (
        "kode_rekening", "sumber_dana", "jenis", "bulan", "akun_belanja")}
    # A file without a Bulan column (its month read from its title or name) names the month,
    # never a column it does not have.
    has_month = "bulan" in header.columns
    if not has_month:
        column["bulan"] = _("month")
    rows = con.execute(_RANKED).df()
    for row in rows[rows["n"] > 1].itertuples():
        when = row.bulan if has_month or pd.isna(row.bulan) else month(int(row.bulan))
        where = _(
            "{kode_column} {kode}, {sumber_column} {sumber}, {jenis_column} {jenis}",
            kode_column=column["kode_rekening"], kode=row.kode_rekening,
            sumber_column=column["sumber_dana"], sumber=row.sumber_dana,
            jenis_column=column["jenis"], jenis=row.jenis)
        if pd.isna(row.akun_belanja_kode):
            named = ("bulan", str(row.bulan)) if has_month else ("kode_rekening",
                                                                  str(row.kode_rekening))
            settled.issues.append(Issue(int(row.source_row), *named, _(
                "duplicate line: {line} already has a row for {bulan_column} {bulan} (row "
                "{first}); this row is not loaded", line=where,
                bulan_column=column["bulan"], bulan=when,
                first=header.shown(int(row.first_row)))))
        else:
            settled.issues.append(Issue(int(row.source_row), "akun_belanja",
                                        str(row.akun_belanja), _(
                "duplicate account: {akun_column} {akun} of {line} already has a row for "
                "{bulan_column} {bulan} (row {first}); this row is not loaded",
                akun_column=column["akun_belanja"], akun=row.akun_belanja_kode, line=where,
                bulan_column=column["bulan"], bulan=when,
                first=header.shown(int(row.first_row)))))
    first = rows[rows["n"] == 1]
    for _key, group in first.groupby(_LINE_MONTH, dropna=False, sort=False):
        line = group[group["akun_belanja_kode"].isna()]
        accounts = group[group["akun_belanja_kode"].notna()]
        if line.empty or accounts.empty:
            continue
        _settle_mixed(settled, line.iloc[0], accounts, column, header)
    if settled.subtotals:
        settled.notes.append(ngettext(
            "{count} line row equal to the sum of its belanja account rows dropped as their "
            "subtotal (reconciled)",
            "{count} line rows equal to the sum of their belanja account rows dropped as their "
            "subtotals (reconciled)", len(settled.subtotals), count=len(settled.subtotals)))
    _settle_tree(con, settled, written)
    return settled


def _settle_tree(con: duckdb.DuckDBPyConnection, settled: RowsSettled,
                 written: dict[str, str]) -> None:
    """A tree export's subtotal rows (program, kegiatan, sub kegiatan with accounts, parent
    account): each is compared, for its year and month, with the rows that load beneath it
    (the leaf accounts and lines of its program, kegiatan or sub kegiatan; a parent
    account's leaf accounts of its sub kegiatan), on pagu murni, pagu in force, realisasi
    and, when it and every row beneath state one, sisa. Equal: dropped and reconciled like
    a JUMLAH row. Else quarantined, naming the figure as the file writes it: the rows
    beneath it load, and the file's subtotal that disagrees with them is not counted."""
    settled_rows = [*settled.subtotals, *(issue.row for issue in settled.issues)]
    con.execute("create or replace temp table settled_before (source_row integer)")
    if settled_rows:
        con.executemany("insert into settled_before values (?)",
                        [(row,) for row in settled_rows])
    tree = con.execute(_TREE.replace("{jenis_akun}", _jenis_akun("b.jenis"))).df()
    if tree.empty:
        return
    dropped = 0
    for row in tree.itertuples():
        differ = [(name, stated, summed) for name, stated, summed in (
            ("pagu_murni", row.pagu_murni, row.sum_pagu_murni),
            ("pagu", row.pagu, row.sum_pagu), ("realisasi", row.realisasi, row.sum_realisasi),
            ("sisa", row.sisa if row.beneath_sisa == row.beneath else None, row.sum_sisa))
            if pd.notna(stated) and abs(float(stated) - float(summed)) > 0.005]
        if not differ:
            settled.subtotals.append(int(row.source_row))
            dropped += 1
            continue
        if row.beneath == 0:
            settled.issues.append(Issue(int(row.source_row), "kode_rekening", str(row.kode), _(
                "the {tingkat} row {kode} has no row beneath it that loads, so it cannot be "
                "the subtotal a {tingkat} code stands for in a budget tree: not counted",
                tingkat=_(_TINGKAT_SHOWN[row.tingkat]), kode=row.kode)))
            continue
        name, stated, summed = differ[0]
        figure = ("pagu_perubahan" if name == "pagu" and pd.notna(row.pagu_perubahan)
                  else "pagu_murni" if name == "pagu" else name)
        settled.issues.append(Issue(int(row.source_row), figure, rupiah(float(stated)), _(
            "the {tingkat} row {kode} is the subtotal of the rows beneath it, but its "
            "{column} {stated} is not the sum of the {count} row(s) that load beneath it "
            "({summed}): those rows load, this subtotal is not counted",
            tingkat=_(_TINGKAT_SHOWN[row.tingkat]), kode=row.kode,
            column=written.get(figure, figure), stated=rupiah(float(stated)),
            count=int(row.beneath), summed=rupiah(float(summed)))))
    if dropped:
        settled.notes.append(ngettext(
            "{count} subtotal row of the budget tree (program, kegiatan, sub kegiatan or "
            "parent account) equal to the sum of the rows beneath it dropped (reconciled)",
            "{count} subtotal rows of the budget tree (program, kegiatan, sub kegiatan or "
            "parent account) equal to the sum of the rows beneath them dropped (reconciled)",
            dropped, count=dropped))


# Each subtotal row of a tree export beside the sums of the rows that load beneath it.
_TREE = f"""
    with beneath as (
        select * from incoming
        where coalesce(tingkat, '{AKUN}') = '{AKUN}'
            and source_row not in (select source_row from settled_before)
    ),
    subtotal as (
        select * from incoming where tingkat in ({", ".join(f"'{t}'" for t in TINGKAT_SUBTOTAL)})
    )
    select s.source_row, s.tingkat,
        case s.tingkat when '{PROGRAM}' then s.program_kode
            when '{KEGIATAN}' then s.kegiatan_kode
            when '{SUB_KEGIATAN}' then s.kode_rekening
            else coalesce(s.akun_belanja_kode, s.akun_kode) end as kode,
        s.pagu_murni, s.pagu_perubahan, coalesce(s.pagu_perubahan, s.pagu_murni) as pagu,
        s.realisasi, s.sisa,
        count(b.source_row) as beneath, count(b.sisa) as beneath_sisa,
        coalesce(sum(b.pagu_murni), 0) as sum_pagu_murni,
        coalesce(sum(coalesce(b.pagu_perubahan, b.pagu_murni)), 0) as sum_pagu,
        coalesce(sum(b.realisasi), 0) as sum_realisasi, coalesce(sum(b.sisa), 0) as sum_sisa
    from subtotal as s
    left join beneath as b
        on b.tahun = s.tahun and b.bulan = s.bulan and case s.tingkat
            when '{PROGRAM}' then b.program_kode = s.program_kode
            when '{KEGIATAN}' then b.kegiatan_kode = s.kegiatan_kode
            when '{SUB_KEGIATAN}' then b.sub_kegiatan_kode = s.sub_kegiatan_kode
            when '{AKUN_INDUK}' then case
                when s.akun_kode is null and s.sub_kegiatan_kode is null
                then b.akun_kode is null
                    and b.source_row // {SHEET_ROWS} = s.source_row // {SHEET_ROWS}
                    and starts_with(coalesce(b.akun_belanja_kode, {{jenis_akun}}) || '.',
                                    s.akun_belanja_kode || '.')
                when s.akun_kode is null
                then b.sub_kegiatan_kode = s.sub_kegiatan_kode
                    and starts_with(b.akun_belanja_kode, s.akun_belanja_kode || '.')
                else b.akun_kode is not null
                    and starts_with(coalesce(b.akun_belanja_kode, b.akun_kode), s.akun_kode || '.')
                    and b.source_row // {SHEET_ROWS} = s.source_row // {SHEET_ROWS} end end
    group by all
    order by s.source_row
"""


def _jenis_akun(column: str) -> str:
    """SQL giving the account code of the jenis in `column` (`ref_jenis_anggaran.kode_akun`:
    a line row of Belanja Modal is under `5.2`), null for another jenis."""
    cases = " ".join("when '{}' then '{}'".format(jenis.replace("'", "''"), row["kode_akun"])
                     for jenis, row in jenis_rows().items())
    return f"(case {column} {cases} end)"


_LINE_MONTH = ["line_kode", "sumber_dana", "jenis", "kelompok", "tahun", "bulan"]

_RANKED = f"""
    with keyed as (
        select *, coalesce(sub_kegiatan_kode, akun_kode) as line_kode,
            {", ".join(f"{sql} as summed_{name}" for name, sql in _SUMMED.items())}
        from incoming
        where coalesce(tingkat, '{AKUN}') = '{AKUN}'
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
                  column: dict[str, str], header: Header) -> None:
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
    account_rows = header.shown_rows([int(row) for row in accounts["source_row"]])
    settled.issues.append(Issue(int(line["source_row"]), "akun_belanja", "", _(
        "a line row without {akun_column} beside {count} account row(s) of the same "
        "{kode_column}, sumber dana, jenis and {bulan_column} (rows {rows}), but not their "
        "sum ({figure} {stated}, the accounts {summed}): it cannot be told whether it is "
        "their subtotal or one more row, so neither is loaded",
        akun_column=column["akun_belanja"], count=len(accounts),
        kode_column=column["kode_rekening"], bulan_column=column["bulan"], rows=account_rows,
        figure=name, stated=rupiah(stated), summed=rupiah(summed))))
    for row in accounts.itertuples():
        settled.issues.append(Issue(int(row.source_row), "akun_belanja", str(row.akun_belanja), _(
            "this account's line and month also has a line row without {akun_column} (row "
            "{row}) that is not the sum of its accounts: it cannot be told whether it is "
            "their subtotal or one more row, so neither is loaded",
            akun_column=column["akun_belanja"], row=header.shown(int(line["source_row"])))))

