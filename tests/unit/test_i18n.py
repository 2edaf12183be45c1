"""Every message a person reads has its Indonesian text, and English is there on request."""

from __future__ import annotations

import ast
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from core import i18n
from core.config import REPO_ROOT

CODE_PACKAGES = ("core", "schemas", "ingest", "publish", "report", "dagster_project", "satudata")
# The dbt project's model and seed descriptions (core/dbt_messages.py) have a catalog too.
PACKAGES = (*CODE_PACKAGES, "dbt")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _marked(package: str) -> set[str]:
    """What `make messages` extracts from `package`: babel.cfg's methods, the same keywords."""
    with open(REPO_ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            REPO_ROOT / package, method_map=method_map, options_map=options_map,
            keywords=KEYWORDS):
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


# --- Every template in the code, as the code holds it -------------------------------------

MARKERS = {"_", "N_", "ngettext"}
# Calls whose text arguments a person reads: they must pass through the catalogs.
SINK_CALLS = {"print", "UserError", "report_run_failed", "md"}
SINK_METHODS = {"info", "warning", "error", "debug"}  # context.log.<level>(…)
SINK_KEYWORDS = {"description", "help"}
# Text with a word of two or more letters outside the placeholders is a message.
WORDS = re.compile(r"[A-Za-z]{2,}")
# Lines a person never reads, with the reason.
NOT_FOR_PEOPLE = {
    ("core/faults.py", "[satudata test] paused at"): "the test harness's pause marker",
}
# Files whose messages another engineer is converting this round (remove at merge).
PENDING = {"ingest/privacy.py": "the development-key warning: the disclosure engineer's"}


def _modules() -> list[tuple[str, ast.Module]]:
    modules = []
    for package in CODE_PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*.py")):
            relative = path.relative_to(REPO_ROOT).as_posix()
            modules.append((relative, ast.parse(path.read_text(encoding="utf-8"))))
    return modules


def _name(call: ast.Call) -> str:
    function = call.func
    return function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")


def _literal(node: ast.AST) -> str | None:
    """The text of a string constant (implicit concatenation included), else None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _templates() -> dict[str, list[str]]:
    """Every message marked in the code (`_`, `N_`, `ngettext`), also inside f-strings where
    Babel's extractor does not look, with where it is."""
    found: dict[str, list[str]] = {}
    for relative, module in _modules():
        for node in ast.walk(module):
            if isinstance(node, ast.Call) and _name(node) in MARKERS:
                count = 2 if _name(node) == "ngettext" else 1
                for argument in node.args[:count]:
                    text = _literal(argument)
                    if text is not None:
                        found.setdefault(text, []).append(f"{relative}:{node.lineno}")
    return found


def _all_catalogs() -> dict[str, str]:
    merged: dict[str, str] = {}
    for package in PACKAGES:
        merged.update(_catalog(package))
    return merged


def test_every_template_in_the_code_has_its_indonesian_text():
    catalog = _all_catalogs()
    templates = _templates()
    assert len(templates) > 300  # the walk sees the code (CLI, Dagster texts, annex, …)
    missing = {text: where for text, where in templates.items()
               if not catalog.get(text, "").strip()}
    assert not missing, f"{len(missing)} template(s) without Indonesian text: {missing}"


@pytest.mark.slow
def test_make_messages_extracts_every_template():
    """A template Babel cannot see (e.g. `_()` inside an f-string) would silently drop out
    of the catalogs at the next `make messages`."""
    extracted = set().union(*(_marked(package) for package in PACKAGES))
    unseen = {text: where for text, where in _templates().items() if text not in extracted}
    assert not unseen, f"marked but not extractable by Babel: {unseen}"


def _raw_text(node: ast.AST) -> str | None:
    """Literal text a person would read in an argument, outside any marking: a string, the
    literal parts of an f-string, either side of `+`, the fallback of `or`."""
    if (text := _literal(node)) is not None:
        return text
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return " ".join(filter(None, (_raw_text(node.left), _raw_text(node.right))))
    if isinstance(node, ast.BoolOp):
        return " ".join(filter(None, (_raw_text(value) for value in node.values)))
    return None


def test_no_message_a_person_reads_escapes_marking():
    """Printed lines, log lines, Dagster descriptions and metadata texts, help texts and
    officer errors all pass through `_`/`ngettext`: none holds English words of its own."""
    escaped = []
    for relative, module in _modules():
        if relative in PENDING:
            continue
        for node in ast.walk(module):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            arguments: list[ast.AST] = []
            if name in SINK_CALLS or (name in SINK_METHODS and "log" in ast.unparse(node.func)):
                arguments += node.args
            arguments += [kw.value for kw in node.keywords if kw.arg in SINK_KEYWORDS]
            for argument in arguments:
                text = _raw_text(argument)
                if text and WORDS.search(text) and not any(
                        file == relative and marker in text for file, marker in NOT_FOR_PEOPLE):
                    escaped.append(f"{relative}:{node.lineno}: {text.strip()[:60]!r}")
    assert not escaped, "unmarked message(s):\n" + "\n".join(escaped)
