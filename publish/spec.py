"""The public datasets as declared in `datasets.yml`: columns, metadata, suppression grid,
the sources whose coverage dates them, and who publishes them on the portal.

A declaration CKAN would refuse (a dataset name or tag outside CKAN's rules, see
`publish/ckan.py`) is refused here, when the file is read, before anything is exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from core.config import PortalSettings
from core.i18n import _
from publish.ckan import name_problems, tag_problems

DATASETS_FILE = Path(__file__).with_name("datasets.yml")

# Metadata every dataset declares (Satu Data Indonesia / BPS indicator metadata).
METADATA_FIELDS = ("judul", "deskripsi", "konsep", "definisi", "rumus_perhitungan", "satuan",
                   "ukuran", "level_wilayah", "periode_data", "sumber_data",
                   "frekuensi_pembaruan")
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
    # The axis whose values describe each victim (kategori; jenis and bentuk): a group of
    # victims (a month, a year) must not be seen to share one of them, so its zero cells may
    # be withheld. `vocabulary`: the `table` columns within which every table lists the same
    # attribute values (a month of a table holds a cell, maybe 0, for each).
    attributes: tuple[str, ...] = ()
    vocabulary: tuple[str, ...] = ()
    # Unions of an attribute column's values a reader knows (kategori = age group × sex):
    # {column: {grouping: {part: values}}}. No group may be seen to have all its victims in
    # one part either; a value no part lists is a part of its own.
    groupings: dict[str, dict[str, dict[str, tuple[str, ...]]]] = field(default_factory=dict)
    # A mart column (not published) holding, per row, the quarantined rows that may belong
    # to it (its month): where above 0 every count over the row is flagged `<count>_belum_pasti`
    # (a lower bound), and a lower bound of 0 is published empty, never as a sure 0.
    uncertain: str | None = None

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
    # The sources (simfoni, uptd, anggaran, asn, kla, indikator) whose coverage in
    # marts.mart_source_coverage is the period this dataset covers.
    cakupan: tuple[str, ...] = ()
    # A condition on the mart's columns choosing the rows that are published (SQL).
    where: str | None = None

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


@dataclass(frozen=True)
class Portal:
    """Who publishes on the portal: CKAN organisation and contact, configuration resolved."""

    owner_org: str
    kontak_nama: str
    kontak_email: str


@dataclass(frozen=True)
class Release:
    metadata: dict[str, str]
    organisasi: str
    lisensi: dict[str, str]
    threshold: int
    catatan_pengendalian: str
    datasets: dict[str, Dataset]
    # Kemendagri code of the area the whole release covers (53 = Provinsi NTT).
    kode_wilayah: str = ""
    kontak: dict[str, str] = field(default_factory=dict)
    # The name a reader knows each source by, for the coverage written in the metadata.
    nama_sumber: dict[str, str] = field(default_factory=dict)

    def portal(self, settings: PortalSettings | None = None) -> Portal:
        """The organisation and contact: the environment's (`PortalSettings`) where set, else
        the defaults of `datasets.yml`. Read when a package is written, never cached."""
        settings = settings or PortalSettings.from_env()
        return Portal(
            owner_org=settings.owner_org or self.organisasi,
            kontak_nama=settings.kontak_nama or self.kontak.get("nama")
            or self.metadata["produsen_data"],
            kontak_email=settings.kontak_email or self.kontak.get("email") or "",
        )


@cache
def release(path: Path = DATASETS_FILE) -> Release:
    """The release declared in `path`; ValueError naming every declaration that is incomplete
    or that CKAN would refuse."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    head = raw["release"]
    sources = dict(head.get("nama_sumber") or {})
    datasets, found = {}, []
    threshold = _threshold(head.get("ambang_sel_kecil"))
    for name, body in raw["datasets"].items():
        try:
            datasets[name] = _dataset(name, body, sources, threshold or LEAST_THRESHOLD)
        except ValueError as error:
            found.append(str(error))
    if threshold is None:
        found.append(_("ambang_sel_kecil must be a whole number of at least {least} (a count "
                       "of victims of 1 or 2 is never published), not '{value}'",
                       least=LEAST_THRESHOLD, value=head.get("ambang_sel_kecil")))
    if found:
        raise ValueError(_("{file} cannot be published: {problems}", file=path.name,
                           problems="; ".join(found)))
    return Release(
        metadata={key: str(head[key]) for key in RELEASE_FIELDS},
        organisasi=head["organisasi"],
        lisensi=dict(head["lisensi"]),
        threshold=threshold,
        catatan_pengendalian=head["catatan_pengendalian"],
        datasets=datasets,
        kode_wilayah=str(head.get("kode_wilayah", "")),
        kontak={key: str(value) for key, value in (head.get("kontak") or {}).items()
                if value},
        nama_sumber=sources,
    )


# The rule of the specification: a count of victims of 1 or 2 is never published. A release
# may withhold more (a higher threshold), never less.
LEAST_THRESHOLD = 3


def _threshold(value) -> int | None:
    """`ambang_sel_kecil` as a whole number of at least LEAST_THRESHOLD, else None."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= LEAST_THRESHOLD else None


def _withheld_shares(columns: tuple[Column, ...], shares: dict, threshold: int,
                     name: str) -> tuple[Column, ...]:
    """`columns` with those a `shares` block names left empty where their share gives a
    small victim count away: a percentage of victims (served ÷ all child victims of a year)
    beside a published total (the year's child victims) is both of its counts — the
    numerator, and the denominator less it. Where `where` holds and the numerator, that
    remainder or the denominator is 1 … threshold − 1, each named column is NULL."""
    numerator, denominator = shares["numerator"], shares["denominator"]
    names = {column.name for column in columns}
    unknown = sorted(set(shares["columns"]) - names)
    if unknown:
        raise ValueError(_("dataset {name}: shares names unknown columns {columns}",
                           name=name, columns=unknown))
    small = " or ".join(f"({value}) between 1 and {threshold - 1}" for value in (
        f'"{numerator}"', f'"{denominator}" - "{numerator}"', f'"{denominator}"'))
    condition = f"({shares['where']}) and ({small})" if shares.get("where") else small
    return tuple(
        replace(column, sql=f"case when {condition} then null else {column.expression} end")
        if column.name in shares["columns"] else column
        for column in columns)


def _dataset(name: str, body: dict, sources: dict[str, str],
             threshold: int = LEAST_THRESHOLD) -> Dataset:
    refused = name_problems(name, _("dataset name"))
    for tag in body.get("tags", ()):
        refused += tag_problems(tag)
    missing = [key for key in ("mart", "columns", "primary_key", "cakupan", *METADATA_FIELDS)
               if not body.get(key)]
    if missing:
        refused.append(_("lacks {fields}", fields=", ".join(missing)))
    cakupan = tuple(body.get("cakupan") or ())
    if sources and set(cakupan) - set(sources):
        refused.append(_("cakupan names unknown sources {sources} (known: {known})",
                         sources=", ".join(sorted(set(cakupan) - set(sources))),
                         known=", ".join(sources)))
    if refused:
        raise ValueError(_("dataset {name}: {problems}", name=name,
                           problems="; ".join(refused)))
    columns = tuple(Column(**column) for column in body["columns"])
    if body.get("shares"):
        columns = _withheld_shares(columns, body["shares"], threshold, name)
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
            attributes=tuple(rules.get("attributes", ())),
            vocabulary=tuple(rules.get("vocabulary", ())),
            groupings={column: {name: {part: tuple(values) for part, values in parts.items()}
                                for name, parts in grouping.items()}
                       for column, grouping in (rules.get("groupings") or {}).items()},
            uncertain=rules.get("uncertain"),
        )
        if not 1 <= len(suppression.axes) <= 2:
            raise ValueError(_("dataset {name}: axes must be one or two lists", name=name))
        if suppression.attributes and (suppression.attributes not in suppression.axes
                                       or not set(suppression.vocabulary)
                                       <= set(suppression.table)):
            raise ValueError(_("dataset {name}: attributes must be one of the axes and "
                               "vocabulary columns of the table", name=name))
        if set(suppression.groupings) - set(suppression.attributes):
            raise ValueError(_("dataset {name}: groupings must name attributes columns",
                               name=name))
        for column, by_name in suppression.groupings.items():
            for grouping, parts in by_name.items():
                listed = [value for values in parts.values() for value in values]
                if len(listed) != len(set(listed)):
                    raise ValueError(_(
                        "dataset {name}: grouping {grouping} of {column} lists a value in "
                        "two parts", name=name, grouping=grouping, column=column))
        used = set(suppression.counts) | set(suppression.grid_columns) | \
            set(suppression.at_least) | set(suppression.at_least.values()) | \
            {flag for flag in suppression.hidden.values() if flag}
        if used - names:
            raise ValueError(_("dataset {name}: suppression names unknown columns {columns}",
                               name=name, columns=sorted(used - names)))
    if set(body["primary_key"]) - names:
        raise ValueError(_("dataset {name}: primary_key names unknown columns", name=name))
    return Dataset(
        name=name,
        mart=body["mart"],
        metadata={key: " ".join(str(body[key]).split()) for key in METADATA_FIELDS},
        tags=tuple(body.get("tags", ())),
        primary_key=tuple(body["primary_key"]),
        columns=columns,
        suppression=suppression,
        cakupan=cakupan,
        where=" ".join(str(body["where"]).split()) if body.get("where") else None,
    )
