"""Pseudonymisation of identifiers: case ids and NIPs become a keyed HMAC-SHA256.

The key comes from `SATUDATA_HMAC_KEY`, or from the file named by `SATUDATA_HMAC_KEY_FILE`
(kept outside the repository). Without either, a development key is used and a loud warning
is printed: pseudonyms made with it are not safe to publish.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
import warnings
from functools import cache
from pathlib import Path

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
def _keyed(key: bytes) -> hmac.HMAC:
    return hmac.new(key, digestmod=hashlib.sha256)


def pseudonymise(namespace: str, identifier: str) -> str:
    """A stable pseudonym for an identifier within a namespace (e.g. the source)."""
    message = f"{namespace}:{identifier.strip().upper()}".encode()
    # Copying a keyed HMAC skips re-deriving the key pads: every id is distinct, so this
    # runs once per row (millions of times at national scale). Same digest as hmac.new().
    mac = _keyed(hmac_key()).copy()
    mac.update(message)
    return mac.hexdigest()[:32]
