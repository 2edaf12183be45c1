"""The language people read: Indonesian by default, English on request.

Messages are written in the code in English and marked `_("…")` (or `ngettext`, or `N_` for a
constant translated where it is used); their Indonesian text lives in gettext catalogs,
`core/locale/id/LC_MESSAGES/<package>.po`, one per package so that each package keeps its own
words. Babel extracts the marked messages (`make messages`) and compiles the catalogs in
memory at first use, so there is no build step and no generated file in the repository.

The language comes from `--lang` (see `set_language`), else `SATUDATA_LANG` (`id` or `en`),
else Indonesian. Placeholders are named, `_("berkas {file}", file=name)`, so a translation
may put them in any order. Numbers a person reads go through `number` and `percent`, which
write them as the language does (`6.892.432.255`, `81,52 %`).
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
LANG_ENV = "SATUDATA_LANG"


def language() -> str:
    """The language of this process: `SATUDATA_LANG` when it names one we have, else `id`."""
    value = os.environ.get(LANG_ENV, DEFAULT_LANGUAGE).strip().lower()[:2]
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def set_language(value: str) -> None:
    """Choose the language for this process and the processes it starts (dbt, Dagster steps)."""
    if value not in LANGUAGES:
        raise ValueError(f"unknown language {value!r}: choose one of {', '.join(LANGUAGES)}")
    os.environ[LANG_ENV] = value


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Within the block, `_` writes `lang`, then the language before it again: for what is
    written in one language whoever runs the command (the Satu Data package's metadata)."""
    before = os.environ.get(LANG_ENV)
    set_language(lang)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(LANG_ENV, None)
        else:
            os.environ[LANG_ENV] = before


def catalog_files(lang: str) -> list[Path]:
    """Every catalog of one language, one per package."""
    return sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    files = catalog_files(lang)
    if not files:
        return gettext.NullTranslations()
    merged = None
    for path in files:
        with open(path, "rb") as handle:
            catalog = read_po(handle, locale=lang)
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if message.id:
                merged[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, merged)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str, /, **values: object) -> str:
    """`message` in the reader's language, with its `{placeholders}` filled from `values`."""
    return in_language(language(), message, **values)


def in_language(lang: str, message: str, /, **values: object) -> str:
    """`message` in `lang` whatever the reader's language: for words stored in a table,
    which read the same whichever `--lang` wrote them (`lembar ke-2`). Mark the message
    with `_` or `N_` where it is written so that it is extracted."""
    text = _translations(lang).gettext(message) if lang != "en" else message
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The singular or plural form for `count` (Indonesian has one form for both)."""
    if language() == "en":
        text = singular if count == 1 else plural
    else:
        text = _translations(language()).ngettext(singular, plural, count)
    return text.format(**values) if values else text


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for "mark only"
    """Mark a message for extraction without translating it yet (translate where it is used)."""
    return message


def number(value: float | int, decimals: int = 0) -> str:
    """A number as the reader writes it: `6.892.432.255` / `55,30` (id), `6,892,432,255` (en)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=language())


def rupiah(value: object) -> str:
    """An amount in rupiah as the reader writes it: whole rupiah without decimals
    (`245.000.000`), sen with two (`1.250.000,50`)."""
    amount = float(value)
    return number(amount, 0 if amount.is_integer() else 2)


def day(date) -> str:
    """A date as the reader writes it: `5 Maret 2023` (id), `5 March 2023` (en)."""
    from babel.dates import format_date  # only where dates are shown: not on every import

    return format_date(date, format="d MMMM y", locale=language())


def month(number: int) -> str:
    """A month (1–12) as the reader names it: `Maret` (id), `March` (en)."""
    from babel.dates import get_month_names

    return get_month_names("wide", locale=language())[number]


def percent(value: float, decimals: int = 2) -> str:
    """A percentage already scaled to 0–100: `81,52 %` (id), `81.52%` (en)."""
    shown = number(value, decimals)
    return f"{shown} %" if language() == "id" else f"{shown}%"
