"""What a CKAN portal accepts: the rules of CKAN's `package_create` and `resource_create`,
checked before a package is published, so that the portal never refuses (or silently drops)
what the release hands it.

CKAN's own validators cannot be imported here: the `ckan` package on PyPI declares no
dependencies, and `ckan.logic.validators` imports the whole web application (Flask, the model
on SQLAlchemy pinned to 2.0, which conflicts with the 2.1 that Dagster locks). The rules are
restated from CKAN's source (ckan/ckan, 2.11–2.13), each with where it lives:

- dataset name — `ckan/logic/validators.py::name_validator` and `package_name_validator`:
  a string of 2 to `PACKAGE_NAME_MAX_LENGTH` = 100 (`ckan/model/package.py`) characters
  matching `[a-z0-9_\\-]*$`, and not `new`, `edit` or `search`. The same rule holds for an
  organisation's name (`owner_org` given by name; by id it is a UUID).
- tag — `tag_length_validator` and `tag_name_validator`: `MIN_TAG_LENGTH` = 2 to
  `MAX_TAG_LENGTH` = 100 characters (`ckan/model/tag.py`) matching `[\\w \\-.]*$` with
  re.UNICODE: letters, digits, `_`, space, `-` and `.`; no `/`, `&`, `,` or `:`.
- version — `package_version_validator`: at most `PACKAGE_VERSION_MAX_LENGTH` = 100.
- e-mail (`author_email`, `maintainer_email`) — `email_validator` and its `email_pattern`.
- `owner_org` — `owner_org_validator`: required unless the portal allows unowned datasets.
- extras — `default_extras_schema`: a non-empty `key` that is not a field of the dataset
  schema (`extra_key_not_in_root_schema`), each key once (`duplicate_extras_key`).
- fields — `default_create_package_schema` (`ckan/logic/schema/__init__.py`): a top-level key
  it does not list goes to `__extras` and is ignored, i.e. lost without a word; we refuse it.
- resources — `package_create` never stores uploaded files (only `resource_create` and
  `resource_update` call the resource uploader, `ckan/logic/action/`), so a resource marked
  `url_type: upload` in `package_create` would point at a file the portal never received.
  The release therefore creates the dataset with `package_create` (`ckan.json`) and then
  uploads each file with one `resource_create` (`ckan-resources.json`, multipart field
  `upload`).

What cannot be checked offline: whether the name is already taken on the portal, and whether
the organisation exists and the API token may publish in it.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from core.i18n import _

PACKAGE_NAME_MIN_LENGTH = 2
PACKAGE_NAME_MAX_LENGTH = 100
PACKAGE_VERSION_MAX_LENGTH = 100
MIN_TAG_LENGTH = 2
MAX_TAG_LENGTH = 100
RESERVED_NAMES = ("new", "edit", "search")
NAME_MATCH = re.compile(r"[a-z0-9_\-]*$")
TAG_MATCH = re.compile(r"[\w \-.]*$", re.UNICODE)
# ckan/logic/validators.py::email_pattern (the WHATWG e-mail pattern with CKAN's dot rules).
EMAIL_MATCH = re.compile(
    r"^(?!\.)(?!.*\.$)(?!.*?\.\.)"
    r"[a-zA-Z0-9.!#$%&'*+\/=?^_`{|}~-]+@[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9]"
    r"(?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$"
)
# The keys of default_create_package_schema: anything else in the payload is dropped.
PACKAGE_FIELDS = frozenset({
    "id", "name", "title", "author", "author_email", "maintainer", "maintainer_email",
    "license_id", "notes", "url", "version", "state", "type", "owner_org", "private",
    "resources", "tags", "tag_string", "plugin_data", "extras", "save", "return_to",
    "relationships_as_object", "relationships_as_subject", "groups", "metadata_modified",
})
# The keys of default_resource_schema, plus `package_id` and the multipart `upload` field
# that resource_create takes.
RESOURCE_FIELDS = frozenset({
    "id", "package_id", "url", "description", "format", "hash", "state", "position", "name",
    "resource_type", "url_type", "mimetype", "mimetype_inner", "cache_url", "size",
    "created", "last_modified", "cache_last_updated", "datastore_active", "upload",
})


def name_problems(value: object, what: str) -> list[str]:
    """Why CKAN would refuse `value` as the name of a dataset or organisation (`what` names
    it in the message); empty when it takes it."""
    if not isinstance(value, str):
        return [_("{what}: a name must be text", what=what)]
    found = []
    if value in RESERVED_NAMES:
        found.append(_("{what} '{name}': CKAN reserves this name", what=what, name=value))
    if not PACKAGE_NAME_MIN_LENGTH <= len(value) <= PACKAGE_NAME_MAX_LENGTH:
        found.append(_("{what} '{name}' has {length} characters; CKAN takes {low} to {high}",
                       what=what, name=value, length=len(value), low=PACKAGE_NAME_MIN_LENGTH,
                       high=PACKAGE_NAME_MAX_LENGTH))
    if not NAME_MATCH.match(value):
        found.append(_("{what} '{name}': CKAN takes only lowercase letters a-z, digits, '-' "
                       "and '_'", what=what, name=value))
    return found


def tag_problems(value: object) -> list[str]:
    """Why CKAN would refuse `value` as a tag; empty when it takes it."""
    if not isinstance(value, str) or not value:
        return [_("tag {tag!r}: a tag must be non-empty text", tag=value)]
    found = []
    if not MIN_TAG_LENGTH <= len(value) <= MAX_TAG_LENGTH:
        found.append(_("tag '{tag}' has {length} characters; CKAN takes {low} to {high}",
                       tag=value, length=len(value), low=MIN_TAG_LENGTH, high=MAX_TAG_LENGTH))
    if not TAG_MATCH.match(value):
        found.append(_("tag '{tag}': CKAN takes only letters, digits, spaces, '-', '_' and "
                       "'.'", tag=value))
    return found


def email_problems(value: object, what: str) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, str) or not EMAIL_MATCH.match(value.strip()):
        return [_("{what} '{email}' is not an e-mail address CKAN takes", what=what,
                  email=value)]
    return []


def organisation_problems(value: object) -> list[str]:
    """`owner_org` is required and is an organisation's name or id."""
    if not value:
        return [_("owner_org is empty: CKAN requires the organisation that publishes the "
                  "dataset")]
    if isinstance(value, str):
        try:
            uuid.UUID(value)
            return []
        except ValueError:
            pass
    return name_problems(value, "owner_org")


def package_problems(payload: dict) -> list[str]:
    """Why CKAN's `package_create` would refuse this payload or drop part of it."""
    found = [_("field '{field}' is not one package_create takes: CKAN would drop it",
               field=key) for key in sorted(set(payload) - PACKAGE_FIELDS)]
    found += name_problems(payload.get("name"), _("dataset name"))
    found += organisation_problems(payload.get("owner_org"))
    if len(str(payload.get("version", ""))) > PACKAGE_VERSION_MAX_LENGTH:
        found.append(_("version is longer than {high} characters",
                       high=PACKAGE_VERSION_MAX_LENGTH))
    for field in ("author_email", "maintainer_email"):
        found += email_problems(payload.get(field), field)
    if not isinstance(payload.get("private", False), bool):
        found.append(_("private must be true or false"))
    for tag in payload.get("tags", []):
        found += tag_problems(tag.get("name") if isinstance(tag, dict) else tag)
    keys = [extra.get("key") for extra in payload.get("extras", [])]
    for key in keys:
        if not key:
            found.append(_("an extra has no key"))
        elif key in PACKAGE_FIELDS:
            found.append(_("extra '{key}' has the name of a dataset field", key=key))
    for key in sorted({key for key in keys if key and keys.count(key) > 1}):
        found.append(_("extra '{key}' appears more than once", key=key))
    for extra in payload.get("extras", []):
        if not isinstance(extra.get("value"), str):
            found.append(_("extra '{key}' has no text value", key=extra.get("key")))
    return found


def resource_problems(call: dict, folder: Path, package_name: str) -> list[str]:
    """Why one `resource_create` call (a file upload) would fail or upload the wrong thing."""
    label = call.get("name") or call.get("upload") or "?"
    found = [_("resource {resource}: field '{field}' is not one resource_create takes",
               resource=label, field=key) for key in sorted(set(call) - RESOURCE_FIELDS)]
    if call.get("package_id") != package_name:
        found.append(_("resource {resource}: package_id is '{value}', not the dataset "
                       "'{name}'", resource=label, value=call.get("package_id"),
                       name=package_name))
    upload = call.get("upload")
    if not upload or Path(upload).name != upload or not (folder / upload).is_file():
        found.append(_("resource {resource}: the file to upload, '{file}', is not in the "
                       "package", resource=label, file=upload))
    if not call.get("name") or not call.get("format"):
        found.append(_("resource {resource}: name and format are required", resource=label))
    return found
