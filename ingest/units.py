"""The words in which a file states the unit of its amounts, read from the text alone.

A unit is stated in words that say nothing else: a currency (`Rp`, `rupiah`, `IDR`), a
magnitude (`ribuan`, `juta`, `miliar`, `thousands`; `rb`, `jt`, `mn`, `k Rp`), a group of
zeros (`000`, `1.000`, `'000`, `000.000`: groups written with `.`, `,`, `'` or nothing; a
trailing `,00`, `.0` or `,-` is the figure's decimals, nothing more), an `x` or `×` before
them; the currency may be glued to them (`Rp1.000`, `Rp.1.000,-`, `IDR1000`). So `Rp 000`,
`000 Rp`, `x Rp1.000`, `Rp 1.000,00` (the Indonesian "in units of Rp 1.000,00"), `ribuan
rupiah`, `Rp Miliar`.

A column's header states it in brackets (`Pagu (Rp 000)`) or at its end, after the name,
with or without `dalam`/`dlm`/`satuan`/`in` (`Pagu DPA dalam Rp.000,-`, `Realisasi Rp.000`,
`Pagu (Rp) 000`, `Pagu Ribuan Rupiah`): `split_unit` tells the name from the unit, so the
column is found by its name (`ingest.headers`) and its unit read (`header_unit`). A line of
the file (a title, a note under the table) states it only in words saying nothing else
(`stated_factor(.., title=True)`). Unit words that state no unit decisively (`Pagu (Rp
100)`, `Pagu (x 100)`, `Satuan: x 100`, `Rp 1.000,000` read as thousands or millions) raise
`UnreadUnit`: the figures are never read as rupiah for want of a reading.

This module reads text only; what the file's columns take from it is `ingest.scale`'s.
"""

from __future__ import annotations

import re

from ingest.parse import MARKS

_CURRENCY = r"rp(?![a-z])\.?|rupiah\b|idr(?![a-z])"
_WORDS = {1_000: r"ribu(?:an)?\b|thousands?\b", 1_000_000: r"juta(?:an)?\b|millions?\b",
          1_000_000_000: r"mil[iy]ar(?:an)?\b|billions?\b"}
_ABBREVIATIONS = {1_000: r"rb\b\.?|k(?=\s*(?:rp|idr)\b)", 1_000_000: r"jt\b\.?|mn\b"}
# Groups of zeros, then decimals of zeros (`,00`) or `,-`, and no figure after.
_ZEROS = (r"(?<!\d)(?<!\d[.,'])(?:1[.,']?|')?000(?:[.,']?000){0,2}"
          r"(?:[.,]00?(?![.,']?\d)|,-)?(?![.,']?\d)")
# `M` beside a currency (`Rp M`) is miliar to one reader and million to another: it
# states two units (and beside no currency, metres or anything else: no unit).
_TOKENS = {"currency": _CURRENCY, "zeros": _ZEROS,
           "x": r"(?:\bx|×)(?=\s*(?:rp|idr|1|'?000))", "m": r"m\b\.?",
           **{f"word{factor}": shape for factor, shape in _WORDS.items()},
           **{f"abbreviation{factor}": shape for factor, shape in _ABBREVIATIONS.items()}}
_TOKEN = re.compile("|".join(f"(?P<{name}>{shape})" for name, shape in _TOKENS.items()))
_ANY_TOKEN = "|".join(f"(?:{shape})" for shape in _TOKENS.values())
_PHRASE_SHAPE = rf"(?<![\w])(?:(?:{_ANY_TOKEN})[\s,/]*(?:of\s+)?)*(?:{_ANY_TOKEN})"
_PHRASE = re.compile(_PHRASE_SHAPE)
# What makes such words a statement of the figures' unit in a line of text: `dalam`,
# `satuan`, `in` just before them, or brackets or a line holding nothing else, and no figure
# after them. Unit words elsewhere are part of what the line says (`pengembalian Rp 2,5
# juta`, `target PAD Rp 5 juta`, `Program 1.000 Hari Pertama Kehidupan`, `(RB)`).
_MARKER_SHAPE = r"(?:\bdalam|\bdlm\.?|\bsatuan\s*:?|\bin)"
_MARKER = re.compile(rf"{_MARKER_SHAPE}\s*$")
_OPENS = re.compile(r"[(\[]\s*$")
_CLOSES = re.compile(r"^\s*[,\-]*\s*[)\]]")
_FIGURE_AFTER = re.compile(r"^[\s,:]*\d")
# A figure against a header's unit words (`Rp 100`, `2,5 juta Rp`), a year excepted (`Pagu
# 2023 (Rp)`, `Pagu (Rp) 2023`: the header's own).
_FIGURE_NEXT = {True: re.compile(r"[\s,:]*(\d[\d.,]*)"),
                False: re.compile(r"(\d[\d.,]*)\s*\Z")}
_YEAR = re.compile(r"(?:19|20)\d\d")
_BRACKETED = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
# A unit at a header's end, after its name (brackets read as spaces: `Pagu (Rp) 000`), and
# a figure after it that makes it unreadable (`Pagu Rp 100`; a year is the header's own);
# looked for in the header's last characters only, so a cell of thousands of characters is
# judged at once.
_TAIL = re.compile(rf"(?:{_MARKER_SHAPE}\s*)?{_PHRASE_SHAPE}"
                   r"(?:\s*(?!(?:19|20)\d\d\b)\d[\d.,]*)?[\s,.\-:]*\Z")
_TAIL_REACH = 60
# A figure of zeros alone at a header's end without brackets is a figure, no unit (`Skor
# Maks 1000`, `Nilai skala 0-1000`); `000` and `'000` are the unit's way of writing.
_FIGURE = re.compile(r"1[.,' ]?000(?:[.,']?000){0,2}")
# Unit words after `per` or `/` are a rate's denominator (`Target (per ribu penduduk)`,
# `Kasus per 1.000`), no unit of the figures.
_DENOMINATOR = re.compile(r"(?:\bper|/)\s*\Z")
# A footnote mark after a header (`Sisa (Rp) 1)`, `Realisasi Rp *)`, `Pagu (Rp)*`,
# `Pagu²`, `Nilai^1`, `Target†`): no part of its name or its unit.
# The marks are the ones a figure takes (`parse.MARKS`), and a number in brackets.
_FOOTNOTE = re.compile(rf"\s*(?:{MARKS}|\d{{1,2}}\))\Z", re.IGNORECASE)


class UnreadUnit(ValueError):
    """Unit words that state no unit decisively (`Rp 100`, `x 100`): neither rupiah nor
    thousands may be assumed."""


def _zeros_factor(written: str) -> int:
    """The multiplier a group of zeros states (`1.000` → 1 000, `000.000,00` → 1 000 000).
    Raises `UnreadUnit` when its groups are written with two separators (`1.000,000`:
    thousands with three decimals, or a million)."""
    whole = re.sub(r"(?:[.,]00?|,-)$", "", written)
    if len(set(re.findall(r"[.,']", whole.lstrip("'")))) > 1:
        raise UnreadUnit(written)
    return 1_000 ** whole.count("000")


def _figure_next(text: str, after: bool) -> bool:
    """Whether a figure other than a year starts (`after`) or ends `text`."""
    found = (_FIGURE_NEXT[True].match(text) if after
             else _FIGURE_NEXT[False].search(text, max(0, len(text) - 40)))
    figure = found and found[1]
    return bool(figure) and _YEAR.fullmatch(figure.rstrip(".,")) is None


def _statements(text: str, header: bool) -> set[int]:
    """The multipliers the unit statements of a lower-cased line state (1 for plain rupiah).
    `header`: the text is what one bracket of a column's header holds, or the unit at its
    end, where unit words anywhere state the column's unit (`Target (ribu jiwa)`), a group of
    zeros or an abbreviation only when they are all it holds (`Pagu (000)`). Raises
    `ValueError` when one statement states two units, `UnreadUnit` when unit words state
    none decisively (a figure against them in a header, `x` before no unit)."""
    found = set()
    for phrase in _PHRASE.finditer(text):
        kinds: dict[str, set[int]] = {}
        for token in _TOKEN.finditer(text, phrase.start()):
            if token.start() >= phrase.end():
                break
            kind = token.lastgroup or ""
            factor = (_zeros_factor(token.group()) if kind == "zeros"
                      else int(kind.removeprefix("word").removeprefix("abbreviation"))
                      if kind[-1].isdigit() else 1)
            kinds.setdefault(kind.rstrip("0123456789"), set()).add(factor)
        before, after = text[:phrase.start()], text[phrase.end():]
        if _DENOMINATOR.search(before):
            continue  # `per ribu penduduk`: a rate's denominator
        marked = _MARKER.search(before) is not None
        whole = ((_OPENS.search(before) is not None and _CLOSES.search(after) is not None)
                 or (header and not before.strip() and not after.strip()))
        alone = not re.search(r"\w", before) and not re.search(r"\w", after)
        worded = "currency" in kinds or "word" in kinds
        if kinds.keys() == {"x"}:
            # `x` before a figure that is no unit (`x 100`): a multiplier, but not one read.
            if header or marked or whole:
                raise UnreadUnit(text)
            continue
        if "m" in kinds:
            if "currency" not in kinds:
                continue
            kinds["m"] = {1_000_000, 1_000_000_000}
        if header:
            states = worded or whole or marked
            if states and (_figure_next(after, True) or _figure_next(before, False)):
                raise UnreadUnit(text)  # `Rp 100`, `2,5 juta Rp`: a figure, or a unit?
        else:
            states = (marked or (whole and (worded or "zeros" in kinds))
                      or (alone and worded)) and _FIGURE_AFTER.search(after) is None
        if states:
            magnitudes = set().union(*(factors for kind, factors in kinds.items()
                                       if kind not in ("currency", "x")))
            if len(magnitudes) > 1:
                raise ValueError(text)
            found.add(magnitudes.pop() if magnitudes else 1)
    return found


def stated_factor(text: str, title: bool = False) -> int | None:
    """The multiplier a text states for amounts: 1 000, 1 000 000, 1 000 000 000, 1 for
    plain rupiah (`Rp`, `Rupiah`), None when it states none. `title`: a line of the file (a
    title, a note under the table), where only a statement of the unit counts (`dalam ribuan
    rupiah`, `Satuan: Rp 1.000`, `(Rp 000)`), not an amount it mentions (`Rp 2,5 juta`);
    else what a header's brackets hold. Raises `ValueError` when it states two,
    `UnreadUnit` (a `ValueError`) when its unit words state none decisively."""
    found = _statements(str(text).lower(), not title)
    if len(found) > 1:
        raise ValueError(text)
    return found.pop() if found else None


def unit_words(text: str) -> str:
    """The unit words of a text and nothing else, as written, for a message to quote: `Budi
    081234567890 (dalam ribuan)` → `ribuan`, `(Rp 000)` → `Rp 000`; several joined by a
    space. Whatever else the text holds (a name, a number) is never in it."""
    lowered = text.lower()
    source = text if len(lowered) == len(text) else lowered
    return " ".join(source[found.start():found.end()] for found in _PHRASE.finditer(lowered))


def _tail_start(text: str) -> int | None:
    """Where the unit at the end of a header starts (see `split_unit`), or None. It starts
    no bracket's middle: a group of zeros ending a bracket that holds other words (`Nilai
    (Maks. 1.000)`, `Realisasi (TW I 000)`, `Target (/1.000)`) is the bracket's own, as
    `_statements` reads it; the unit is then looked for after that bracket only."""
    flat = _flat(text)
    start = max(0, len(flat) - _TAIL_REACH)
    while (tail := _TAIL.search(flat, start)) is not None:
        opened = max(text.rfind("(", 0, tail.start()), text.rfind("[", 0, tail.start()))
        closed = max(text.rfind(")", 0, tail.start()), text.rfind("]", 0, tail.start()))
        if opened <= closed or not text[opened + 1:tail.start()].strip():
            break
        start = min((at for at in (text.find(")", tail.start()), text.find("]", tail.start()))
                     if at >= 0), default=len(flat)) + 1
    if (tail is None or not flat[:tail.start()].strip() or _DENOMINATOR.search(
            flat[:tail.start()]) or _FIGURE.fullmatch(tail.group().strip(" ,.-:"))
            or not _states(flat[tail.start():])):
        return None
    return tail.start()


def _flat(text: str) -> str:
    """A header lower-cased, its brackets read as spaces (each char where it was)."""
    return re.sub(r"[()\[\]]", " ", text.lower())


def _states(unit: str) -> bool:
    """Whether a header's unit text states a unit, or cannot be read (which must be said)."""
    try:
        return stated_factor(unit) is not None
    except ValueError:
        return True


def without_footnote(written: str) -> str:
    """A header without the footnote mark after it (`Sisa (Rp) 1)` → `Sisa (Rp)`,
    `Realisasi Rp *)` → `Realisasi Rp`); as written when it has none. A bracket the header
    opens is no mark (`Kolom (a)`)."""
    text = written.rstrip()
    # Looked for in the header's last characters only: a cell of spaces is judged at once.
    mark = _FOOTNOTE.search(text, max(0, len(text) - 12))
    if mark is None:
        return written
    kept = text[:mark.start()].rstrip()
    opened = kept.count("(") + kept.count("[")
    if ")" in mark.group() and opened != kept.count(")") + kept.count("]"):
        return written
    return kept if kept.strip() else written


def split_unit(written: str) -> tuple[str, str] | None:
    """A header whose unit follows its name without brackets (or in brackets and beyond
    them) split into its name and that unit: `Pagu DPA dalam Rp.000,-` → (`Pagu DPA`,
    `dalam Rp.000,-`), `Realisasi Rp.000`, `Pagu (Rp) 000` → (`Pagu`, `Rp) 000`); None when
    it ends in no unit, or is nothing else (`Rp 000`). Unit words that state no unit
    decisively count as one, so the column is found and the file refused with its header
    named (`header_unit`)."""
    start = _tail_start(written)
    if start is None:
        return None
    return written[:start].rstrip(" ([").rstrip(), written[start:]


def header_unit(written: str) -> int | None:
    """The multiplier a column's header states: at its end (`Realisasi Rp.000` → 1 000,
    `Pagu (Rp) 000` → 1 000) and in its brackets (`Pagu (Rp 000)` → 1 000, `Pagu (x
    Rp1.000)` → 1 000, `Pagu (Rp)` → 1). Raises `ValueError` when they state two units,
    `UnreadUnit` when unit words state none decisively (`Pagu (Rp 100)`). A footnote mark
    after it is no part of it (`Sisa (Rp) 1)` → 1)."""
    text = without_footnote(str(written))
    found = set()
    start = _tail_start(text)
    if start is not None:
        if _figure_next(_flat(text)[:start], False):
            raise UnreadUnit(written)  # `Pagu (2,5 juta Rp)`: a figure, or a unit?
        if (factor := stated_factor(_flat(text)[start:])) is not None:
            found.add(factor)
    # A bracket read with the unit at the end is read once (`Pagu (Rp 000)`, `Pagu (Rp)
    # 000`); one opening before it, on its own (`Anggaran Murni (Rp; Rp 000)`: two units).
    found |= {factor for inside in _BRACKETED.finditer(text)
              if (start is None or inside.start(1) < start)
              and (factor := stated_factor(inside[1])) is not None}
    if len(found) > 1:
        raise ValueError(written)
    return found.pop() if found else None
