"""'Maksud Anda …?': the closest known spelling of a mistyped value or header, by rapidfuzz.

Only a clear winner is suggested: its similarity (rapidfuzz's normalised Levenshtein ratio,
0–100, after lower-casing and folding punctuation) must reach `THRESHOLD` and beat the
runner-up by `MARGIN`, so `Timor Tengah Selatn` gives `Timor Tengah Selatan` while `xyz`, or
`Sumba Barat Dya` between two close names, gives nothing rather than nonsense.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process, utils

THRESHOLD = 85.0
MARGIN = 5.0


def closest(value: object, choices: Iterable[str], *, threshold: float = THRESHOLD,
            margin: float = MARGIN) -> str | None:
    """The one choice `value` most likely meant, or None when no choice is clearly it."""
    text = str(value or "").strip()
    options = list(dict.fromkeys(choice for choice in choices if choice))
    if not text or not options:
        return None
    best = process.extract(text, options, scorer=fuzz.ratio, processor=utils.default_process,
                           limit=2)
    if not best or best[0][1] < threshold:
        return None
    if best[0][0].strip().lower() == text.lower():
        return None
    if len(best) > 1 and best[0][1] - best[1][1] < margin:
        return None
    return best[0][0]
