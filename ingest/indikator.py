"""A Renstra indicator's row read as a whole: which way it counts and whether its figures
can be compared.

Polarity: an indicator where lower is better (a prevalence of child marriage, a rate of
violence) is `Negatif`, and its capaian is counted the other way round
(`mart_performance_indicators`). A `Polaritas` / `Sifat Indikator` column says so; where it
is absent or its cell empty, the indicator's own words may (`semakin rendah semakin baik`,
`(-)`; `semakin tinggi semakin baik`, `(+)` for `Positif`), and the ledger counts the rows so
read. A cell that says one polarity beside words that say the other quarantines its row:
which one counts cannot be told.

Percent beside fraction: in a row of unit %, a figure written with a percent sign (`85%`)
beside the other written bare at most 1 (`0,85`) cannot be compared: the bare one is a
fraction (85 %) or a percent (0,85 %), and the capaian differs a hundredfold (100 % or 1 %).
Neither reading is proven by the row, so the row is quarantined naming both cells. A bare
figure above 1 is a percent however the other is written (no fraction of one exceeds 1).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from core.i18n import _, ngettext, number, percent
from ingest import parse
from schemas.issue import Issue

NEGATIF, POSITIF = "Negatif", "Positif"
_WORDS = {
    NEGATIF: re.compile(r"(?:semakin|makin)\s+(?:rendah|kecil|sedikit)\s+(?:semakin|makin)\s+"
                        r"baik|\(\s*[-−–]\s*\)", re.IGNORECASE),
    POSITIF: re.compile(r"(?:semakin|makin)\s+(?:tinggi|besar|banyak)\s+(?:semakin|makin)\s+"
                        r"baik|\(\s*\+\s*\)", re.IGNORECASE),
}
# How a table writes the unit of a percentage.
_PERCENT_UNITS = frozenset({"%", "persen", "persen (%)", "(%)", "prosen", "persentase"})
FIGURES = ("target", "realisasi_dilaporkan")
# Units that count whole things: a figure of one is never a fraction.
_COUNT_UNITS = frozenset({"orang", "jiwa", "anak", "korban", "kasus", "desa", "kelurahan",
                          "desa/kelurahan", "lembaga", "unit", "dokumen", "kegiatan", "kali",
                          "laporan", "kabupaten/kota", "kab/kota", "sekolah", "keluarga"})


def derive(typed: pd.DataFrame, frame: pd.DataFrame, written: dict[str, str] | None = None,
           shown: Callable[[int], int | str] = lambda row: row
           ) -> tuple[pd.DataFrame, list[Issue], list[str]]:
    """Fill `polaritas` from the indicator's words where the file states none (and
    `polaritas_sumber`: `file` or `indikator`, where it came from), quarantine a
    row whose stated polarity its words contradict, and one of unit % whose target and
    realisation are written one with a percent sign and the other as a possible fraction.
    `typed`: the typed chunk (canonical columns, `_row`); `frame`: its text cells as read;
    `written`: canonical column → header as the file writes it; `shown`: a file row as a
    person finds it. Returns the chunk, the issues (rows quarantined) and the ledger's notes."""
    written = written or {}
    header = {name: written.get(name, name.replace("_", " ").title())
              for name in ("polaritas", "indikator", *FIGURES)}
    typed = typed.copy()
    typed["polaritas_sumber"] = pd.Series(
        pd.NA, index=typed.index, dtype="string").mask(typed["polaritas"].notna(), "file")
    issues: list[Issue] = []
    named: list[int] = []
    for index, words in typed["indikator"].items():
        said = _said_by(words)
        if said is None:
            continue
        stated = typed.at[index, "polaritas"]
        row = int(typed.at[index, "_row"])
        if pd.isna(stated):
            typed.at[index, "polaritas"] = said[0]
            typed.at[index, "polaritas_sumber"] = "indikator"
            if said[0] == NEGATIF:
                named.append(row)
        elif stated != said[0]:
            issues.append(Issue(row, "polaritas", str(frame.at[index, "polaritas"]).strip(),
                                _("the indicator's words ({column}: '{words}') say {said}: "
                                  "which way its capaian counts cannot be told; correct one "
                                  "of them", column=header["indikator"], words=said[1],
                                  said=said[0])))
    issues += _percent_beside_fraction(typed, frame, header)
    issues += _count_read_as_fraction(typed, frame, header)
    if "satuan" in typed:
        typed["satuan"] = typed["satuan"].mask(_unit_in(typed["satuan"], _PERCENT_UNITS), "%")
    notes = [ngettext(
        "{column}: {count} indicator read as negative (lower is better) from its own words "
        "({words}): capaian = (2 × target − realisasi) ÷ target; first: row {row}",
        "{column}: {count} indicators read as negative (lower is better) from their own words "
        "({words}): capaian = (2 × target − realisasi) ÷ target; first: row {row}",
        len(named), column=header["polaritas"], count=number(len(named)),
        words="'semakin rendah semakin baik', '(-)'", row=shown(min(named)))] if named else []
    return typed, issues, notes


def _unit_in(units: pd.Series, words: frozenset[str]) -> pd.Series:
    """Per row, True where the unit, however the table cases and pads it (`Persen`, ` ORANG`),
    is one of `words` (lower case): one boolean per row, False for a blank unit."""
    return units.map(lambda unit: not pd.isna(unit)
                     and str(unit).strip().lower() in words).astype(bool)


def _said_by(words: object) -> tuple[str, str] | None:
    """The polarity an indicator's words state and the words that state it, or None when
    they state none or both."""
    if pd.isna(words):
        return None
    found = {polarity: match[0] for polarity, pattern in _WORDS.items()
             if (match := pattern.search(str(words)))}
    return next(iter(found.items())) if len(found) == 1 else None


def _percent_beside_fraction(typed: pd.DataFrame, frame: pd.DataFrame,
                             header: dict[str, str]) -> list[Issue]:
    """One issue per row of unit % whose target and realisation are written one with a
    percent sign, above 1, and the other bare at most 1 (and above 0), against the bare one."""
    if not all(name in frame for name in FIGURES) or "satuan" not in typed:
        return []
    units = _unit_in(typed["satuan"], _PERCENT_UNITS)
    issues = []
    for index in typed.index[units.to_numpy(dtype=bool)]:
        values = {name: typed.at[index, name] for name in FIGURES}
        if any(pd.isna(value) for value in values.values()):
            continue
        signed = [name for name in FIGURES if parse.is_percent(frame.at[index, name])]
        if len(signed) != 1:
            continue
        other = signed[0]
        bare = FIGURES[1 - FIGURES.index(other)]
        if not (0 < values[bare] <= 1 < values[other]):
            continue
        issues.append(Issue(
            int(typed.at[index, "_row"]), bare, str(frame.at[index, bare]).strip(),
            _("written without a percent sign beside {other} '{value}' written with one, in "
              "a row of unit %: it may be a fraction ({as_fraction}) or a percent itself, and "
              "the capaian differs a hundredfold; write both figures the same way",
              other=header[other], value=str(frame.at[index, other]).strip(),
              as_fraction=_percent(100 * float(values[bare])))))
    return issues


def _count_read_as_fraction(typed: pd.DataFrame, frame: pd.DataFrame,
                            header: dict[str, str]) -> list[Issue]:
    """One issue per figure of a counting unit (`Orang`, `Kasus`, `Desa`) written with
    three digits after one mark (`1.500`, `1,500`: `parse.decimal_mark_of`) and read with
    that mark as the decimal (1,5) because the column's other figures prove it one (an
    index's `0.750`, or `12,5`): a count is whole, the mark is the thousands group an office
    writes, and which the file means cannot be told."""
    if "satuan" not in typed:
        return []
    issues = []
    counts = _unit_in(typed["satuan"], _COUNT_UNITS)
    for index in typed.index[counts.to_numpy(dtype=bool)]:
        for name in FIGURES:
            value = typed.at[index, name] if name in typed else None
            if name not in frame or pd.isna(value):
                continue
            written = str(frame.at[index, name]).strip()
            mark = parse.decimal_mark_of(written)
            readings = parse.number_readings(written)
            if mark is None or float(value) != readings[mark]:
                continue
            whole = readings[parse.DECIMAL_COMMA if mark == parse.DECIMAL_POINT
                             else parse.DECIMAL_POINT]
            issues.append(Issue(int(typed.at[index, "_row"]), name, written, _(
                "read as {value} because the column's other figures write '{mark}' as the "
                "decimal mark, but {unit} counts whole things, where '{written}' is {whole}: "
                "which is meant cannot be told; write it without the mark",
                value=number(float(value), len(f"{float(value):g}".partition(".")[2])),
                mark=mark, unit=str(typed.at[index, "satuan"]).strip(), written=written,
                whole=number(int(whole)))))
    return issues


def _percent(value: float) -> str:
    """A percentage with the decimals it needs, at most two: `85 %`, `92,5 %`."""
    decimals = next(places for places in (0, 1, 2) if round(value, places) == round(value, 2))
    return percent(value, decimals)
