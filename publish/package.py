"""The files of one Satu Data package: CSV, `datapackage.json` (Frictionless) and `ckan.json`
(a CKAN `package_create` payload), and the checks a published package must pass."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd

from core.text_safety import csv_text
from publish.spec import METADATA_FIELDS, Dataset, Release
from publish.suppression import TOTAL_COLUMN, Published, flag_column

DESCRIPTOR = "datapackage.json"
CKAN = "ckan.json"
# The extras a CKAN portal receives: the indicator metadata, the release's, and the update.
CKAN_EXTRAS = (*METADATA_FIELDS, "produsen_data", "sifat_data", "lisensi", "tanggal_pembaruan",
               "pengendalian_pengungkapan")


def data_file(dataset: Dataset) -> str:
    return f"{dataset.name}.csv"


def totals_file(dataset: Dataset) -> str:
    return f"{dataset.name}-jumlah.csv"


def frictionless_type(duckdb_type: str) -> str:
    kind = duckdb_type.upper()
    if kind in {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
                "UINTEGER", "UBIGINT"}:
        return "integer"
    if kind in {"DOUBLE", "FLOAT", "REAL"} or kind.startswith("DECIMAL"):
        return "number"
    if kind == "BOOLEAN":
        return "boolean"
    if kind == "DATE":
        return "date"
    if kind.startswith("TIMESTAMP"):
        return "datetime"
    return "string"


def _text(value, kind: str = "") -> str:
    """One CSV cell: empty for missing, ISO dates, `.` decimals, true/false."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "date":
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value) if value != int(value) else f"{value:.1f}"
    if isinstance(value, str):
        return csv_text(value)  # OWASP CSV injection: =, +, -, @, tab, CR start no formula
    return str(value)


def write_csv(frame: pd.DataFrame, path: Path, types: dict[str, str]) -> None:
    kinds = [types.get(column, "") for column in frame.columns]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=",", lineterminator="\n")
        writer.writerow(frame.columns)
        for row in frame.itertuples(index=False):
            writer.writerow([_text(value, kind) for value, kind in zip(row, kinds, strict=True)])


def _fields(dataset: Dataset, types: dict[str, str], columns: list[str],
            required: set[str]) -> list[dict]:
    described = {column.name: column for column in dataset.columns}
    rules = dataset.suppression
    fields = []
    for name in columns:
        if name in described:
            column = described[name]
            field = {"name": name, "title": column.judul, "description": column.deskripsi,
                     "type": types[name]}
        elif name == TOTAL_COLUMN:
            field = {"name": name, "title": "Tingkat jumlah", "type": "string",
                     "description": "Jumlah yang dimuat baris ini: 'per <kolom>' = jumlah untuk "
                                    "setiap nilai kolom itu, 'total' = jumlah seluruhnya."}
        else:
            count = next(c for c in rules.counts if flag_column(c) == name)
            field = {"name": name, "title": f"{described[count].judul} ditahan",
                     "type": "boolean",
                     "description": f"true bila {count} ditahan (pengendalian pengungkapan): "
                                    "nilainya dikosongkan, bukan nol."}
        if name in required:
            field["constraints"] = {"required": True}
        fields.append(field)
    return fields


def descriptor(dataset: Dataset, release: Release, published: Published,
               types: dict[str, str], updated: dt.datetime) -> dict:
    """The Frictionless data package descriptor."""
    meta = metadata(dataset, release, updated)
    resources = [{
        "name": dataset.name,
        "path": data_file(dataset),
        "profile": "tabular-data-resource",
        "title": dataset.metadata["judul"],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
        "schema": {
            "fields": _fields(dataset, types, list(published.cells.columns),
                              set(dataset.primary_key)),
            "primaryKey": list(dataset.primary_key),
            "missingValues": [""],
        },
    }]
    if published.totals is not None:
        total_types = {**types, **{flag_column(c): "boolean" for c in dataset.suppression.counts}}
        resources.append({
            "name": f"{dataset.name}-jumlah",
            "path": totals_file(dataset),
            "profile": "tabular-data-resource",
            "title": f"Jumlah baris, kolom dan total: {dataset.metadata['judul']}",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
            "schema": {
                "fields": _fields(dataset, total_types, list(published.totals.columns),
                                  {*dataset.suppression.table, TOTAL_COLUMN}),
                "missingValues": [""],
            },
        })
    return {
        "profile": "tabular-data-package",
        "name": dataset.name,
        "title": dataset.metadata["judul"],
        "description": f"{dataset.metadata['deskripsi']}\n\n{release.catatan_pengendalian}",
        "created": updated.isoformat(timespec="seconds"),
        "keywords": list(dataset.tags),
        "licenses": [{"name": release.lisensi["id"], "path": release.lisensi["url"],
                      "title": release.lisensi["judul"]}],
        "contributors": [{"title": release.metadata["produsen_data"], "role": "publisher"}],
        "sources": [{"title": dataset.metadata["sumber_data"]}],
        "satudata": meta,
        "resources": resources,
    }


def metadata(dataset: Dataset, release: Release, updated: dt.datetime) -> dict[str, str]:
    """The Satu Data metadata of a dataset, every field a non-empty Indonesian text."""
    return {
        **dataset.metadata,
        **release.metadata,
        "lisensi": f"{release.lisensi['judul']} ({release.lisensi['id']})",
        "tanggal_pembaruan": updated.date().isoformat(),
        "pengendalian_pengungkapan": " ".join(release.catatan_pengendalian.split())
        if dataset.suppression else "Tidak memuat jumlah korban; tidak ada sel yang ditahan.",
    }


def ckan_payload(dataset: Dataset, release: Release, published: Published,
                 updated: dt.datetime) -> dict:
    """What CKAN's `package_create` takes unchanged (resources uploaded alongside)."""
    meta = metadata(dataset, release, updated)
    files = [(data_file(dataset), dataset.metadata["judul"])]
    if published.totals is not None:
        files.append((totals_file(dataset), "Jumlah baris, kolom dan total"))
    return {
        "name": dataset.name,
        "title": dataset.metadata["judul"],
        "notes": f"{dataset.metadata['deskripsi']}\n\n{meta['pengendalian_pengungkapan']}",
        "owner_org": release.organisasi,
        "author": release.metadata["produsen_data"],
        "maintainer": release.metadata["produsen_data"],
        "license_id": release.lisensi["ckan_id"],
        "private": False,
        "tags": [{"name": tag} for tag in dataset.tags],
        "extras": [{"key": key, "value": meta[key]} for key in CKAN_EXTRAS],
        "resources": [{"name": name, "url": name, "description": text, "format": "CSV",
                       "mimetype": "text/csv"} for name, text in files],
    }


def write_package(folder: Path, dataset: Dataset, release: Release, published: Published,
                  types: dict[str, str], updated: dt.datetime) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(published.cells, folder / data_file(dataset), types)
    if published.totals is not None:
        write_csv(published.totals, folder / totals_file(dataset), types)
    (folder / DESCRIPTOR).write_text(json.dumps(
        descriptor(dataset, release, published, types, updated), ensure_ascii=False, indent=2)
        + "\n", encoding="utf-8")
    (folder / CKAN).write_text(json.dumps(
        ckan_payload(dataset, release, published, updated), ensure_ascii=False, indent=2)
        + "\n", encoding="utf-8")


def problems(folder: Path, dataset: Dataset, release: Release) -> list[str]:
    """Why this folder must not be published: an invalid package, a small count, metadata
    missing. Empty when all is well."""
    found: list[str] = []
    for name in (DESCRIPTOR, CKAN, data_file(dataset)):
        if not (folder / name).is_file():
            found.append(f"{folder.name}: {name} is missing")
    if found:
        return found
    found += _frictionless(folder)
    payload = json.loads((folder / CKAN).read_text(encoding="utf-8"))
    extras = {extra["key"]: extra["value"] for extra in payload.get("extras", [])}
    found += [f"{folder.name}/{CKAN}: extra {key} is empty" for key in CKAN_EXTRAS
              if not str(extras.get(key, "")).strip()]
    rules = dataset.suppression
    if rules and rules.counts:
        for file_name in (data_file(dataset), totals_file(dataset)):
            found += _small_counts(folder / file_name, rules.counts, release.threshold)
    return found


def _small_counts(path: Path, counts: tuple[str, ...], threshold: int) -> list[str]:
    found = []
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            for count in counts:
                value, flag = row[count], row[flag_column(count)]
                if value and 0 < int(value) < threshold:
                    found.append(f"{path.name} line {line}: {count} = {value} is published")
                if (flag == "true") != (value == ""):
                    found.append(f"{path.name} line {line}: {count} flag and value disagree")
    return found


def _frictionless(folder: Path) -> list[str]:
    try:
        from frictionless import validate
    except ImportError:  # a production install without the dev tools: structure checked above
        return []
    report = validate(str(folder / DESCRIPTOR))
    if report.valid:
        return []
    return [f"{folder.name}/{task.name}: {error.message}"
            for task in report.tasks for error in task.errors][:20] or \
        [f"{folder.name}: {error.message}" for error in report.errors][:20]
