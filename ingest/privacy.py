"""Pseudonymisation of identifiers: case ids and NIPs become a keyed HMAC-SHA256.

The key comes from `SATUDATA_HMAC_KEY`, or from the file named by `SATUDATA_HMAC_KEY_FILE`
(kept outside the repository). Without either, a development key is used and a loud warning
is printed: pseudonyms made with it are not safe to publish.
"""

from __future__ import annotations

import hashlib
import os
import sys
import warnings
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

DEVELOPMENT_KEY = b"satudata-ppa-ntt-development-key-not-for-production"


class DevelopmentKeyWarning(UserWarning):
    pass


@cache
def hmac_key() -> bytes:
    if key := os.environ.get("SATUDATA_HMAC_KEY"):
        return key.encode("utf-8")
    if key_file := os.environ.get("SATUDATA_HMAC_KEY_FILE"):
        return Path(key_file).read_bytes().strip()
    message = (
        "SATUDATA_HMAC_KEY is not set: case ids and NIPs are pseudonymised with the "
        "DEVELOPMENT key. Set SATUDATA_HMAC_KEY (or SATUDATA_HMAC_KEY_FILE) before loading "
        "real data."
    )
    warnings.warn(message, DevelopmentKeyWarning, stacklevel=2)
    print(f"WARNING: {message}", file=sys.stderr)
    return DEVELOPMENT_KEY


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
