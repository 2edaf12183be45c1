"""The landing sources as declared in `sources.yml`: columns, types, aliases, periods."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

SOURCES_FILE = Path(__file__).with_name("sources.yml")


def normalise_header(name: object) -> str:
    """`No. Registrasi` → `noregistrasi`; case, spaces, `_`, `.`, `/` and `-` do not count."""
    return re.sub(r"[\s_./\-()]+", "", str(name or "")).lower()


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    required: bool = True
    domain: str | None = None
    aliases: tuple[str, ...] = ()
    derived: bool = False  # computed by the source's `derive` hook, not read from the file

    @property
    def output(self) -> str:
        """The column's name in the raw table (ids are stored only as pseudonyms)."""
        if self.type == "id":
            return f"{self.name}_hmac"
        if self.type == "region":
            return f"{self.name}_kode"
        return self.name


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str
    columns: tuple[ColumnSpec, ...]
    key: str | None = None
    period: str | None = None
    total_row: dict = field(default_factory=dict)

    @property
    def read_columns(self) -> tuple[ColumnSpec, ...]:
        return tuple(column for column in self.columns if not column.derived)

    @property
    def required(self) -> set[str]:
        return {column.name for column in self.read_columns if column.required}

    @property
    def aliases(self) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for column in self.read_columns:
            for name in (column.name, *column.aliases):
                mapping.setdefault(normalise_header(name), column.name)
        return mapping

    def column(self, name: str) -> ColumnSpec:
        return next(column for column in self.columns if column.name == name)

    @property
    def key_output(self) -> str | None:
        return self.column(self.key).output if self.key else None


@cache
def sources() -> dict[str, SourceSpec]:
    data = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))
    specs = {}
    for name, body in data.items():
        columns = tuple(
            ColumnSpec(
                name=column,
                type=options["type"],
                required=options.get("required", True),
                domain=options.get("domain"),
                aliases=tuple(options.get("aliases", ())),
            )
            for column, options in body["columns"].items()
        ) + tuple(
            ColumnSpec(name=column, type=options["type"], required=False, derived=True)
            for column, options in body.get("derived", {}).items()
        )
        specs[name] = SourceSpec(
            name=name,
            title=body["title"],
            columns=columns,
            key=body.get("key"),
            period=body.get("period"),
            total_row=body.get("total_row", {}),
        )
    return specs


def source(name: str) -> SourceSpec:
    try:
        return sources()[name]
    except KeyError:
        known = ", ".join(sorted(sources()))
        raise KeyError(f"unknown source '{name}' (known sources: {known})") from None
