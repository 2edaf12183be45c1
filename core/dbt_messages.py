"""The dbt project's model and seed descriptions as gettext messages.

The dbt yml files describe each model and seed in English: that text is dbt's documentation
and, through `persist_docs`, the table comment an analyst reads in DuckDB, so it stays there
as written. The Dagster UI shows the same text to the office in its own language: Babel
extracts each description as a message with `extract` below (`babel.cfg` maps the dbt
project's yml files to it, `make messages` writes them to the `dbt` catalog), and
`dagster_project/assets/dbt.py` translates the description dbt's manifest carries.

Only a model's or a seed's own `description` is a message: column descriptions, tests and
sources are dbt's documentation alone. The message is the description without the blank
space YAML leaves around it (`message`), so the yml and the manifest give the same one.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

RESOURCES = ("models", "seeds", "snapshots")


def message(description: str | None) -> str:
    """The msgid of a dbt description: the text without leading and trailing blank space."""
    return (description or "").strip()


def _value(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    for name, value in mapping.value:
        if isinstance(name, yaml.ScalarNode) and name.value == key:
            return value
    return None


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any,
            options: Any) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel extraction method for a dbt yml file: `(line, None, description, [comment])`
    for each model and seed with a description; the comment names the resource (`model
    fct_cases`) for the translator. A yml file without models or seeds yields nothing."""
    root = yaml.compose(fileobj.read().decode(options.get("encoding", "utf-8")),
                        Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return
    for resources in RESOURCES:
        listed = _value(root, resources)
        if not isinstance(listed, yaml.SequenceNode):
            continue
        for item in listed.value:
            if not isinstance(item, yaml.MappingNode):
                continue
            name, description = _value(item, "name"), _value(item, "description")
            if isinstance(description, yaml.ScalarNode) and message(description.value):
                resource = f"{resources[:-1]} {name.value if name is not None else '?'}"
                yield (description.start_mark.line + 1, None, message(description.value),
                       [resource])
