"""Pseudonymisation of identifiers: case ids and NIPs become a keyed HMAC-SHA256, and the key
that made them is recorded.

The key comes from `SATUDATA_HMAC_KEY`, or from the file named by `SATUDATA_HMAC_KEY_FILE`
(kept outside the repository). Without either, the public development key is used: a
warning says so once per process, and no run may publish exports with it unless it is
allowed explicitly (`satudata run --allow-dev-key`, `SATUDATA_ALLOW_DEV_KEY=1`) for a demo.

Case numbers and NIPs are short and guessable (`REG-2023-00001`, a NIP is a birth date, a
start month, a sex digit and a sequence): anyone holding the key can hash every possible id
and reverse the pseudonyms. They are only as safe as the key: keep it secret, outside the
repository and the warehouse's folder.

Each ingest records the key's fingerprint (an HMAC of a fixed label, not the key) in
`raw.ingest_ledger.key_fingerprint`. A warehouse refuses a file pseudonymised with another
key: pseudonyms of two keys never match, so duplicates across files and years would go
unseen. `satudata rotate-key` re-pseudonymises the warehouse from its landing files.

Each ingest also records how its ids were read before they were hashed (the id reading, in
`raw.ingest_ledger.id_reading`; `ingest/identifiers.py`). A warehouse keeps one reading: one
built before readings were recorded stays on reading 1, so a new file's pseudonyms match the
stored ones, until `satudata rotate-key` reads its files again with the current one
(`ingest.loader.warehouse_id_reading`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from core.i18n import _

DEVELOPMENT_KEY = b"satudata-ppa-ntt-development-key-not-for-production"
FINGERPRINT_LABEL = b"satudata-ppa-ntt/key-fingerprint/v1"
ALLOW_DEV_KEY = "SATUDATA_ALLOW_DEV_KEY"
ROTATE_COMMAND = "satudata rotate-key"


# How a new warehouse reads ids before they are hashed (ingest/identifiers.py): 1, as typed,
# trimmed and upper-cased (warehouses built before 2026-12, `read_identifiers_v1`); 2, one id
# however typed (thousands marks, leading zeros, Excel's text markers, full-width digits).
# Raise it, keeping the reading before, whenever that reading changes.
ID_READING = 2


class KeyMismatch(Exception):
    """The warehouse's pseudonyms were made with another key than the one set now."""


class DevelopmentKeyRefused(Exception):
    """A run that publishes exports would use the public development key."""


_warned = False


@cache
def hmac_key() -> bytes:
    """The pseudonymisation key; the development key, with a warning once, when none is set."""
    global _warned
    if key := os.environ.get("SATUDATA_HMAC_KEY"):
        return key.encode("utf-8")
    if key_file := os.environ.get("SATUDATA_HMAC_KEY_FILE"):
        return Path(key_file).read_bytes().strip()
    if not _warned:
        _warned = True
        print(_("WARNING: SATUDATA_HMAC_KEY is not set: case ids and NIPs are pseudonymised "
                "with the public DEVELOPMENT key, for demonstrations only. Set "
                "SATUDATA_HMAC_KEY (or SATUDATA_HMAC_KEY_FILE) before loading real data."),
              file=sys.stderr, flush=True)
    return DEVELOPMENT_KEY


def using_development_key() -> bool:
    return hmac_key() == DEVELOPMENT_KEY


def key_fingerprint(key: bytes | None = None) -> str:
    """16 hex digits that name a key without revealing it: HMAC-SHA256(key, fixed label)."""
    key = hmac_key() if key is None else key
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]


DEVELOPMENT_FINGERPRINT = key_fingerprint(DEVELOPMENT_KEY)


def describe_key(fingerprint: str | None = None) -> str:
    """What a person reads about a key: its fingerprint, and whether it is the public one."""
    fingerprint = fingerprint or key_fingerprint()
    if fingerprint == DEVELOPMENT_FINGERPRINT:
        return _("development key {fingerprint} (public: pseudonyms are not protected)",
                 fingerprint=fingerprint)
    return _("key {fingerprint}", fingerprint=fingerprint)


def warehouse_fingerprints(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Fingerprints of the keys that made the pseudonyms of the current files."""
    try:
        rows = con.execute(
            "select distinct key_fingerprint from raw.ingest_ledger "
            "where key_fingerprint is not null and status = 'loaded' "
            "and superseded_by is null").fetchall()
    except (duckdb.CatalogException, duckdb.BinderException):
        return set()
    return {fingerprint for (fingerprint,) in rows}


def check_key(con: duckdb.DuckDBPyConnection) -> None:
    """Raise KeyMismatch when the warehouse holds pseudonyms of another key than the one
    set now."""
    mine = key_fingerprint()
    theirs = sorted(warehouse_fingerprints(con) - {mine})
    if theirs:
        raise KeyMismatch(_(
            "This warehouse pseudonymised its case ids and NIPs with {theirs}, but the key set "
            "now is {mine}. Pseudonyms of two keys never match, so duplicates across files and "
            "years would go unseen: nothing was loaded. Set the key this warehouse was built "
            "with, or re-pseudonymise the warehouse from its landing files with the new key: "
            "{command}.",
            theirs=", ".join(describe_key(f) for f in theirs), mine=describe_key(mine),
            command=ROTATE_COMMAND))


def development_key_allowed() -> bool:
    return os.environ.get(ALLOW_DEV_KEY, "").strip().lower() in {"1", "true", "yes", "ya"}


def refuse_development_key(con: duckdb.DuckDBPyConnection | None = None) -> None:
    """Raise DevelopmentKeyRefused when exports would be published by a run on the public
    development key (set now, or behind the warehouse's pseudonyms), unless allowed."""
    if development_key_allowed():
        return
    if using_development_key() or (
            con is not None and DEVELOPMENT_FINGERPRINT in warehouse_fingerprints(con)):
        raise DevelopmentKeyRefused(_(
            "The public development key is in use: a run that publishes exports needs a "
            "secret key. Set SATUDATA_HMAC_KEY (or SATUDATA_HMAC_KEY_FILE, then {command} if "
            "the warehouse was built with the development key), or allow the development key "
            "for a demonstration: --allow-dev-key on `satudata run` or `satudata rotate-key` "
            "(or {variable}=1).",
            command=ROTATE_COMMAND, variable=ALLOW_DEV_KEY))


@cache
def _pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC's inner and outer key blocks for SHA-256 (RFC 2104: 64-byte blocks)."""
    if len(key) > 64:
        key = hashlib.sha256(key).digest()
    key = key.ljust(64, b"\0")
    return bytes(byte ^ 0x36 for byte in key), bytes(byte ^ 0x5C for byte in key)


def pseudonymise(namespace: str, identifiers: pd.Series) -> pd.Series:
    """Stable pseudonyms for a column of identifiers within a namespace (e.g. the source):
    the first 32 hex digits of HMAC-SHA256(key, "<namespace>:<IDENTIFIER>"), the identifier
    trimmed and upper-cased. Computed column-wise by Arrow and DuckDB's SHA-256 (at national
    scale every id is distinct, so nothing can be cached and a Python call per row was the
    single largest cost of reading a file). Missing identifiers stay missing."""
    text = pa.array(identifiers.astype("str"), type=pa.string(), from_pandas=True)
    messages = pc.binary_join_element_wise(
        namespace, pc.utf8_upper(pc.utf8_trim_whitespace(text)), ":")
    inner, outer = _pads(hmac_key())
    con = duckdb.connect()
    try:
        con.register("messages", pa.table({"m": messages}))
        digests = con.sql(
            "select substr(sha256($outer || from_hex(sha256($inner || encode(m)))), 1, 32) "
            "as d from messages",
            params={"inner": inner, "outer": outer},
        ).to_arrow_table().column("d")
    finally:
        con.close()
    return pd.Series(digests.to_numpy(), index=identifiers.index, dtype=object).where(
        identifiers.notna(), None)
