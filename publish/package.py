"""The files of one Satu Data package: CSV, `datapackage.json` (Frictionless), `ckan.json`
(the CKAN `package_create` payload) and `ckan-resources.json` (one `resource_create` upload
per CSV), and the checks a published package must pass: the data and the descriptor valid
for Frictionless, the payloads as CKAN takes them (`publish/ckan.py`), every metadata field
stated, no small victim count, no row outside the period its source covers.

A check that cannot run fails: without `frictionless` nothing is "valid".
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from core.i18n import _
from core.text_safety import csv_text
from publish.ckan import package_problems, resource_problems
from publish.coverage import Covered, descriptor_coverage, period_metadata, rows_outside
from publish.spec import METADATA_FIELDS, Dataset, Portal, Release
from publish.suppression import TOTAL_COLUMN, Published, flag_column, uncertain_column

DESCRIPTOR = "datapackage.json"
# Metadata field of a dataset whose withheld cells may be 0 (a release read back as the
# previous one without it published every 0: its withheld values are at least 1).
ZEROS_WITHHELD = "sel_nol_dapat_ditahan"
CKAN = "ckan.json"
CKAN_RESOURCES = "ckan-resources.json"
# The extras a CKAN portal receives, every one non-empty: the indicator metadata, the
# release's, the update, the contact, the region and the period covered in words.
CKAN_EXTRAS = (*METADATA_FIELDS, "produsen_data", "sifat_data", "lisensi", "tanggal_pembaruan",
               "pengendalian_pengungkapan", "kontak", "kode_wilayah", "cakupan_periode")
# Stated as soon as the dataset holds a row: the first and last month covered, and the date
# the data describes (not the date of the build).
PERIOD_EXTRAS = ("periode_awal", "periode_akhir", "tanggal_data")
# Stated when there are any: the case rows quarantined per source and year
# (publish.coverage.period_metadata).
QUARANTINE_EXTRAS = ("baris_dikarantina",)


def csv_format_note() -> str:
    """How every CSV of a package is written and how to open it in an Excel set to
    Indonesian, where a `.` decimal would otherwise read as a thousands separator (44.7 as
    447): the description of each resource, in the Frictionless descriptor and on CKAN."""
    return _("File format: UTF-8, columns separated by a comma (,), a point (.) as the decimal "
             "mark and no thousands separator, dates as YYYY-MM-DD; a whole amount of rupiah "
             "or a count is written without decimals. To open it in Excel set to Indonesian: "
             "Data › From Text/CSV, File Origin 65001: Unicode (UTF-8), Delimiter Comma, then "
             "Transform Data and set the type of each number column with Using Locale… "
             "English (United States).")


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
    """One CSV cell: empty for missing, ISO dates, numbers with `.` decimals and only the
    decimals they have (a whole number as an integer), true/false."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if kind == "date":
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, float | np.floating):
        # Whole rupiah and counts without `.0` (`2931000`), a fraction with the digits it has
        # (`44.7`, `1263250.5`): never an exponent, never more digits than the value holds.
        return "0" if value == 0 else np.format_float_positional(value, trim="-")
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
            field = {"name": name, "title": _("Total level"), "type": "string",
                     "description": _("The total this row holds: 'per' and the columns it "
                                      "keeps, in words (for example 'per bulan' = the total "
                                      "of each month), or 'total' = the grand total.")}
        elif any(uncertain_column(c) == name for c in rules.counts):
            count = next(c for c in rules.counts if uncertain_column(c) == name)
            field = {"name": name, "title": _("{title} not yet certain",
                                              title=described[count].judul),
                     "type": "boolean",
                     "description": _("true when quarantined rows (cases that broke a rule "
                                      "and are not counted until the file is corrected) may "
                                      "belong to {count}: the value is a lower bound "
                                      "(at least), and it is left empty where that lower "
                                      "bound is 0, since a 0 would say there was no case.",
                                      count=count)}
        else:
            count = next(c for c in rules.counts if flag_column(c) == name)
            field = {"name": name, "title": _("{title} withheld", title=described[count].judul),
                     "type": "boolean",
                     "description": _("true when {count} is withheld (disclosure control): "
                                      "the value is left empty; a withheld value may be 0 "
                                      "where a 0 would tell what every victim of a group "
                                      "shares.", count=count)
                     if rules.attributes else
                     _("true when {count} is withheld (disclosure control): "
                       "the value is left empty, not zero.", count=count)}
        if name in required:
            field["constraints"] = {"required": True}
        fields.append(field)
    return fields


def descriptor(dataset: Dataset, release: Release, published: Published,
               types: dict[str, str], updated: dt.datetime, covered: list[Covered],
               portal: Portal) -> dict:
    """The Frictionless data package descriptor; `satudata` holds the Satu Data metadata and
    `cakupan` the months each source covers."""
    meta = metadata(dataset, release, updated, covered, portal)
    resources = [{
        "name": dataset.name,
        "path": data_file(dataset),
        "profile": "tabular-data-resource",
        "title": dataset.metadata["judul"],
        "description": csv_format_note(),
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
        total_types = {**types, **{flag: "boolean" for c in dataset.suppression.counts
                                   for flag in (flag_column(c), uncertain_column(c))}}
        resources.append({
            "name": f"{dataset.name}-jumlah",
            "path": totals_file(dataset),
            "profile": "tabular-data-resource",
            "title": _("Row, column and grand totals: {title}",
                       title=dataset.metadata["judul"]),
            "description": csv_format_note(),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
            "schema": {
                "fields": _levels_listed(
                    _fields(dataset, total_types, list(published.totals.columns),
                            {*dataset.suppression.table, TOTAL_COLUMN}),
                    published.totals),
                "missingValues": [""],
            },
        })
    return {
        "profile": "tabular-data-package",
        "name": dataset.name,
        "title": dataset.metadata["judul"],
        "description": f"{dataset.metadata['deskripsi']}\n\n{meta['pengendalian_pengungkapan']}",
        "created": updated.isoformat(timespec="seconds"),
        "keywords": list(dataset.tags),
        "licenses": [{"name": release.lisensi["id"], "path": release.lisensi["url"],
                      "title": release.lisensi["judul"]}],
        "contributors": _contributors(release, portal),
        "sources": [{"title": dataset.metadata["sumber_data"]}],
        "satudata": meta,
        "cakupan": descriptor_coverage(covered),
        "resources": resources,
    }


def _levels_listed(fields: list[dict], totals: pd.DataFrame) -> list[dict]:
    """The fields, the `tingkat` one constrained to the labels the totals file holds."""
    for field in fields:
        if field["name"] == TOTAL_COLUMN:
            labels = list(dict.fromkeys(totals[TOTAL_COLUMN]))
            field.setdefault("constraints", {})["enum"] = labels
    return fields


def _contributors(release: Release, portal: Portal) -> list[dict]:
    contact = {"title": portal.kontak_nama, "role": "maintainer"}
    if portal.kontak_email:
        contact["email"] = portal.kontak_email
    return [{"title": release.metadata["produsen_data"], "role": "publisher"}, contact]


def contact_text(portal: Portal) -> str:
    if portal.kontak_email:
        return f"{portal.kontak_nama} <{portal.kontak_email}>"
    return portal.kontak_nama


def metadata(dataset: Dataset, release: Release, updated: dt.datetime,
             covered: list[Covered], portal: Portal) -> dict[str, str]:
    """The Satu Data metadata of a dataset, every field a non-empty text: the declared
    indicator metadata, the release's, the build date (`tanggal_pembaruan`), the contact, the
    region and the period covered with the date of the data (`publish/coverage.py`)."""
    return {
        **dataset.metadata,
        **release.metadata,
        "lisensi": f"{release.lisensi['judul']} ({release.lisensi['id']})",
        "tanggal_pembaruan": updated.date().isoformat(),
        "pengendalian_pengungkapan": " ".join(release.catatan_pengendalian.split())
        if dataset.suppression else _("Holds no victim count; no cell is withheld."),
        **({ZEROS_WITHHELD: "ya"} if dataset.suppression and dataset.suppression.attributes
           else {}),
        "kontak": contact_text(portal),
        "kode_wilayah": release.kode_wilayah,
        **period_metadata(covered, release),
    }


def ckan_payload(dataset: Dataset, release: Release, updated: dt.datetime,
                 covered: list[Covered], portal: Portal) -> dict:
    """What CKAN's `package_create` takes unchanged: the dataset, its metadata as extras, no
    resource (each file is uploaded by its own `resource_create`, see `ckan_resources`)."""
    meta = metadata(dataset, release, updated, covered, portal)
    payload = {
        "name": dataset.name,
        "title": dataset.metadata["judul"],
        "notes": f"{dataset.metadata['deskripsi']}\n\n{meta['pengendalian_pengungkapan']}",
        "owner_org": portal.owner_org,
        "author": release.metadata["produsen_data"],
        "maintainer": portal.kontak_nama,
        "license_id": release.lisensi["ckan_id"],
        "private": False,
        "tags": [{"name": tag} for tag in dataset.tags],
        "extras": [{"key": key, "value": meta[key]}
                   for key in (*CKAN_EXTRAS, *PERIOD_EXTRAS, *QUARANTINE_EXTRAS)
                   if key in meta],
    }
    if portal.kontak_email:
        payload["maintainer_email"] = portal.kontak_email
    return payload


def ckan_resources(dataset: Dataset, published: Published) -> list[dict]:
    """One `resource_create` per CSV, to send as multipart/form-data with the file named in
    `upload` as the `upload` field (CKAN stores uploads only through resource_create)."""
    files = [(data_file(dataset), dataset.metadata["judul"])]
    if published.totals is not None:
        files.append((totals_file(dataset), _("Row, column and grand totals")))
    return [{"package_id": dataset.name, "name": name,
             "description": f"{text}.\n\n{csv_format_note()}", "format": "CSV",
             "mimetype": "text/csv", "upload": name} for name, text in files]


def write_package(folder: Path, dataset: Dataset, release: Release, published: Published,
                  types: dict[str, str], updated: dt.datetime,
                  covered: list[Covered]) -> None:
    """Write the package's files; `covered` is the coverage of the dataset's sources
    (`publish.coverage.for_dataset`)."""
    portal = release.portal()
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(published.cells, folder / data_file(dataset), types)
    if published.totals is not None:
        write_csv(published.totals, folder / totals_file(dataset), types)
    for name, content in (
            (DESCRIPTOR, descriptor(dataset, release, published, types, updated, covered,
                                    portal)),
            (CKAN, ckan_payload(dataset, release, updated, covered, portal)),
            (CKAN_RESOURCES, ckan_resources(dataset, published))):
        (folder / name).write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n",
                                   encoding="utf-8")


def problems(folder: Path, dataset: Dataset, release: Release) -> list[str]:
    """Why this folder must not be published: an invalid package or descriptor, a payload
    CKAN would refuse, metadata missing, a row outside the period covered, a small count.
    Empty when all is well."""
    found: list[str] = []
    for name in (DESCRIPTOR, CKAN, CKAN_RESOURCES, data_file(dataset)):
        if not (folder / name).is_file():
            found.append(_("{folder}: {file} is missing", folder=folder.name, file=name))
    if found:
        return found
    found += _frictionless(folder)
    payload = json.loads((folder / CKAN).read_text(encoding="utf-8"))
    found += [f"{folder.name}/{CKAN}: {problem}" for problem in package_problems(payload)]
    calls = json.loads((folder / CKAN_RESOURCES).read_text(encoding="utf-8"))
    for call in calls:
        found += [f"{folder.name}/{CKAN_RESOURCES}: {problem}"
                  for problem in resource_problems(call, folder, payload.get("name"))]
    uploaded = {call.get("upload") for call in calls}
    found += [_("{folder}: {file} is not uploaded by {resources}", folder=folder.name,
                file=path.name, resources=CKAN_RESOURCES)
              for path in sorted(folder.glob("*.csv")) if path.name not in uploaded]
    described = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    paths = {resource.get("path") for resource in described.get("resources", [])}
    found += [_("{folder}: {file} is not a resource of {descriptor}, so nothing validates it",
                folder=folder.name, file=path.name, descriptor=DESCRIPTOR)
              for path in sorted(folder.glob("*.csv")) if path.name not in paths]
    has_rows = _has_rows(folder / data_file(dataset))
    required = (*CKAN_EXTRAS, *PERIOD_EXTRAS) if has_rows else CKAN_EXTRAS
    extras = {extra["key"]: extra["value"] for extra in payload.get("extras", [])}
    for file_name, stated in ((CKAN, extras), (DESCRIPTOR, described.get("satudata", {}))):
        found += [_("{folder}/{file}: the metadata field {key} is empty", folder=folder.name,
                    file=file_name, key=key)
                  for key in required if not str(stated.get(key, "")).strip()]
    found += rows_outside(folder / data_file(dataset), described.get("cakupan", []),
                          dataset.cakupan)
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
                unsure = row.get(uncertain_column(count)) == "true"
                if value and 0 < int(value) < threshold:
                    found.append(_("{file} line {line}: {column} = {value} would be published "
                                   "(counts below {threshold} are withheld)", file=path.name,
                                   line=line, column=count, value=value, threshold=threshold))
                if (flag == "true") != (value == "") and not (unsure and value == ""):
                    found.append(_("{file} line {line}: the withheld flag of {column} and its "
                                   "value disagree", file=path.name, line=line, column=count))
    return found


def _has_rows(path: Path) -> bool:
    with open(path, encoding="utf-8", newline="") as handle:
        return sum(1 for _row in zip(range(2), handle, strict=False)) > 1


def _frictionless(folder: Path) -> list[str]:
    """The descriptor against the Data Package profile, then the files against it."""
    try:
        from frictionless import FrictionlessException, Package, validate
    except ImportError as error:  # a runtime dependency: its absence is a failure, not a pass
        return [_("{folder}: the package cannot be validated, frictionless cannot be imported "
                  "({error})", folder=folder.name, error=error)]
    found: list[str] = []
    descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    try:
        found += [f"{folder.name}/{DESCRIPTOR}: {error.message}"
                  for error in Package.metadata_validate(descriptor)]
    except FrictionlessException as error:
        found.append(f"{folder.name}/{DESCRIPTOR}: {error.error.message}")
    if found:
        return found[:20]
    report = validate(str(folder / DESCRIPTOR))
    if report.valid:
        return []
    return [f"{folder.name}/{task.name}: {error.message}"
            for task in report.tasks for error in task.errors][:20] or \
        [f"{folder.name}: {error.message}" for error in report.errors][:20]
