"""The word lists of the reader's privacy rules, read once from `words.yml` beside this file.

Each list is a frozenset of lower-case words (see the file's comments for what each holds and
where to add a word): `common`, `documents`, `sheet_words`, `towns`, `name_words`,
`given_names`, `titles`, `roles`, `forms_of_address`, `relation_remarks`. A list missing from
the file, or a word that is not a lower-case string, raises `ValueError` naming it when the
reader is imported, never in the middle of a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from core.i18n import _

WORDS_FILE = Path(__file__).with_name("words.yml")
LISTS = ("common", "documents", "sheet_words", "towns", "name_words", "given_names", "titles",
         "roles", "forms_of_address", "relation_remarks")


def _read() -> dict[str, frozenset[str]]:
    with open(WORDS_FILE, encoding="utf-8") as handle:
        found = yaml.safe_load(handle) or {}
    lists = {}
    for name in LISTS:
        words = found.get(name)
        if not isinstance(words, list) or not all(
                isinstance(word, str) and word == word.lower().strip() and word
                for word in words):
            raise ValueError(_("{file}: '{list}' must be a list of lower-case words",
                               file=WORDS_FILE, list=name))
        lists[name] = frozenset(words)
    return lists


_LISTS = _read()
COMMON = _LISTS["common"]
DOCUMENTS = _LISTS["documents"]
SHEET_WORDS = _LISTS["sheet_words"]
TOWNS = _LISTS["towns"]
NAME_WORDS = _LISTS["name_words"]
GIVEN_NAMES = _LISTS["given_names"]
FORMS_OF_ADDRESS = _LISTS["forms_of_address"]
RELATION_REMARKS = _LISTS["relation_remarks"]


def _alternatives(words: frozenset[str]) -> str:
    """A regex group matching any of `words` whole, a dot in a word optional (`a.n`, `an`),
    longest first."""
    return "(?:" + "|".join(re.escape(word).replace(r"\.", r"\.?")
                            for word in sorted(words, key=lambda word: (-len(word), word))) + ")"


TITLE = re.compile(_alternatives(_LISTS["titles"]) + r"\.?", re.IGNORECASE)
ROLE = re.compile(_alternatives(_LISTS["roles"]) + r"[:.]?", re.IGNORECASE)
