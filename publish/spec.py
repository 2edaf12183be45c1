"""The public datasets as declared in `datasets.yml`: columns, metadata, suppression grid."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATASETS_FILE = Path(__file__).with_name("datasets.yml")

# Metadata every dataset declares (Satu Data Indonesia / BPS indicator metadata).
METADATA_FIELDS = ("judul", "deskripsi", "konsep", "definisi", "rumus_perhitungan", "satuan",
                   "ukuran", "level_wilayah", "periode_data", "sumber_data")
# Metadata of the whole release, the same for every dataset.
RELEASE_FIELDS = ("produsen_data", "sifat_data")


@dataclass(frozen=True)
class Column:
    name: str
    judul: str
    deskripsi: str
    sql: str | None = None
    tipe: str | None = None

    @property
    def expression(self) -> str:
        return self.sql or f'"{self.name}"'


@dataclass(frozen=True)
class SharedTotal:
    name: str
    where: dict[str, object]
    margins: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Suppression:
    counts: tuple[str, ...]
    table: tuple[str, ...]
    axes: tuple[tuple[str, ...], ...]
    at_least: dict[str, str] = field(default_factory=dict)
    shared_totals: tuple[SharedTotal, ...] = ()
    # Mart count columns that are not published, each with the published column that flags
    # whether it is 0 (or None): the protection model counts what the flags give away.
    hidden: dict[str, str | None] = field(default_factory=dict)
    # Populations whose every member this dataset counts at least once per group of a
    # margin and at most once per cell (e.g. a victim's forms of violence).
    covers: tuple[SharedTotal, ...] = ()

    @property
    def grid_columns(self) -> tuple[str, ...]:
        return self.table + tuple(column for axis in self.axes for column in axis)


@dataclass(frozen=True)
class Dataset:
    name: str
    mart: str
    metadata: dict[str, str]
    tags: tuple[str, ...]
    primary_key: tuple[str, ...]
    columns: tuple[Column, ...]
    suppression: Suppression | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


@dataclass(frozen=True)
class Release:
    metadata: dict[str, str]
    organisasi: str
    lisensi: dict[str, str]
    threshold: int
    catatan_pengendalian: str
    datasets: dict[str, Dataset]


@cache
def release(path: Path = DATASETS_FILE) -> Release:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    head = raw["release"]
    datasets = {name: _dataset(name, body) for name, body in raw["datasets"].items()}
    return Release(
        metadata={key: str(head[key]) for key in RELEASE_FIELDS},
        organisasi=head["organisasi"],
        lisensi=dict(head["lisensi"]),
        threshold=int(head["ambang_sel_kecil"]),
        catatan_pengendalian=head["catatan_pengendalian"],
        datasets=datasets,
    )


def _dataset(name: str, body: dict) -> Dataset:
    missing = [key for key in ("mart", "columns", "primary_key", *METADATA_FIELDS)
               if not body.get(key)]
    if missing:
        raise ValueError(f"datasets.yml: dataset {name} lacks {', '.join(missing)}")
    columns = tuple(Column(**column) for column in body["columns"])
    names = {column.name for column in columns}
    suppression = None
    if body.get("suppression"):
        rules = body["suppression"]

        def links(entries) -> tuple[SharedTotal, ...]:
            return tuple(
                SharedTotal(name=shared["name"], where=dict(shared.get("where", {})),
                            margins=tuple(tuple(margin) for margin in shared["margins"]))
                for shared in entries
            )

        suppression = Suppression(
            counts=tuple(rules.get("counts", ())),
            table=tuple(rules.get("table", ())),
            axes=tuple(tuple(axis) for axis in rules["axes"]),
            at_least=dict(rules.get("at_least", {})),
            shared_totals=links(rules.get("shared_totals", ())),
            hidden=dict(rules.get("hidden", {})),
            covers=links(rules.get("covers", ())),
        )
        if not 1 <= len(suppression.axes) <= 2:
            raise ValueError(f"datasets.yml: dataset {name}: axes must be one or two lists")
        used = set(suppression.counts) | set(suppression.grid_columns) | \
            set(suppression.at_least) | set(suppression.at_least.values()) | \
            {flag for flag in suppression.hidden.values() if flag}
        if used - names:
            raise ValueError(f"datasets.yml: dataset {name}: suppression names unknown "
                             f"columns {sorted(used - names)}")
    if set(body["primary_key"]) - names:
        raise ValueError(f"datasets.yml: dataset {name}: primary_key names unknown columns")
    return Dataset(
        name=name,
        mart=body["mart"],
        metadata={key: " ".join(str(body[key]).split()) for key in METADATA_FIELDS},
        tags=tuple(body.get("tags", ())),
        primary_key=tuple(body["primary_key"]),
        columns=columns,
        suppression=suppression,
    )
