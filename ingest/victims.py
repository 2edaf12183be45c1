"""A victim's age from the birth date a register gives instead of (or beside) it.

SIMFONI-PPA extracts and office registers write `Tanggal Lahir` (`Tgl Lahir`, `Tgl. Lahir`)
where the age column should be: the age is the victim's whole years completed at the incident
(`tanggal_kejadian`), else at the report (`tanggal_lapor`), so the child is counted as a
child. The birth date is read only for this (`stored: false`) and never leaves the reader:
no message names it. A row giving both an age and a birth date whose ages differ (the age
written is neither the age at the incident nor at the report) keeps the age written and is a
finding (`umur_tanggal_lahir_mismatch`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from core.i18n import _, ngettext
from schemas.issue import Issue

BORN = "tanggal_lahir_korban"
AGE = "umur_korban"


def years_completed(born: dt.date, on: dt.date) -> int:
    """Whole years completed from `born` to `on` (a birthday on `on` counts; 29 February's
    falls on 1 March of a common year). Negative when `on` is before `born`."""
    before_birthday = (on.month, on.day) < (born.month, born.day)
    return on.year - born.year - before_birthday


def _date(value: object) -> dt.date | None:
    return None if pd.isna(value) else pd.Timestamp(value).date()


def derive(typed: pd.DataFrame, frame: pd.DataFrame, written: dict[str, str] | None = None,
           shown: Callable[[int], int | str] | None = None,
           ) -> tuple[pd.DataFrame, list[Issue], list[str]]:
    """`umur_korban` of each row whose age cell is empty, computed from its birth date at
    the incident date (else the report date); a birth date after that date is an issue of
    its cell (the row loads without an age). A row with both whose age written is neither
    age the birth date gives is a finding, the age written kept. Notes: how many ages were
    computed. `written`: the columns as the file writes them (canonical name → header)."""
    if BORN not in typed or typed[BORN].isna().all():
        return typed, [], []
    headers = {name: (written or {}).get(name) or title
               for name, title in ((AGE, "Umur"), (BORN, "Tanggal Lahir"),
                                   ("tanggal_kejadian", "Tanggal Kejadian"),
                                   ("tanggal_lapor", "Tanggal Lapor"))}
    left_empty = (frame[AGE].map(lambda value: pd.isna(value) or not str(value).strip())
                  if AGE in frame else pd.Series(True, index=frame.index))
    issues: list[Issue] = []
    computed: dict[object, int] = {}
    for index in typed.index[typed[BORN].notna()]:
        born = _date(typed.at[index, BORN])
        incident = _date(typed.at[index, "tanggal_kejadian"])
        report = _date(typed.at[index, "tanggal_lapor"])
        at = incident or report
        if born is None or at is None:
            continue
        row = int(typed.at[index, "_row"])
        if born > at:
            issues.append(Issue(row, BORN, "", _(
                "after {column}: no age computed from it",
                column=headers["tanggal_kejadian" if incident else "tanggal_lapor"]),
                row_kept=True))
            continue
        age = years_completed(born, at)
        if left_empty.at[index]:
            computed[index] = age
            continue
        stated = typed.at[index, AGE]
        ages = {age, years_completed(born, report)} if report else {age}
        if not pd.isna(stated) and int(stated) not in ages:
            issues.append(Issue(row, AGE, str(stated), _(
                "{age_column} {stated} differs from the age {birth_column} gives ({age}): "
                "the age written is kept", age_column=headers[AGE], stated=int(stated),
                birth_column=headers[BORN], age=age), check="umur_tanggal_lahir_mismatch"))
    typed = typed.copy()
    if computed:
        typed[AGE] = typed[AGE].astype("Int64").mask(
            typed.index.isin(list(computed)), pd.Series(computed, dtype="Int64"))
    notes = [ngettext(
        "{age_column}: {count} age computed from {birth_column} (whole years at the "
        "incident, else at the report); the birth date is not stored",
        "{age_column}: {count} ages computed from {birth_column} (whole years at the "
        "incident, else at the report); the birth date is not stored", len(computed),
        age_column=headers[AGE], count=len(computed),
        birth_column=headers[BORN])] if computed else []
    return typed, issues, notes
