"""Every message a person reads has its Indonesian text, and English is there on request."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from core import i18n
from core.config import REPO_ROOT

PACKAGES = ("core", "schemas", "ingest", "publish", "report", "dagster_project", "satudata")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _marked(package: str) -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            REPO_ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.update([message] if isinstance(message, str) else [m for m in message if m])
    return found


def _catalog(package: str) -> dict[str, str]:
    path = i18n.LOCALE_DIR / "id" / "LC_MESSAGES" / f"{package}.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="id")
    entries = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        texts = [message.string] if isinstance(message.string, str) else list(message.string)
        for msgid in ids:
            entries[msgid] = texts[0] if texts else ""
    return entries


@pytest.mark.parametrize("package", PACKAGES)
def test_every_marked_message_has_its_indonesian_text(package):
    catalog = _catalog(package)
    missing = sorted(msgid for msgid in _marked(package) if not catalog.get(msgid, "").strip())
    assert not missing, (f"{len(missing)} message(s) of `{package}` without Indonesian text "
                         f"(run `make messages`, then fill them): {missing[:5]}")


@pytest.mark.parametrize("package", PACKAGES)
def test_translations_keep_every_placeholder(package):
    for msgid, text in _catalog(package).items():
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(text)), msgid


def test_indonesian_by_default_and_english_on_request(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    assert i18n._("Run completed.") == "Proses selesai."
    assert i18n.number(6892432255) == "6.892.432.255"
    assert i18n.percent(81.52) == "81,52 %"
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    assert i18n._("Run completed.") == "Run completed."
    assert i18n.number(6892432255) == "6,892,432,255"
    assert i18n.percent(81.52) == "81.52%"
