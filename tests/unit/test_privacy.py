"""Pseudonyms: HMAC-SHA256 as RFC 2104 defines it, computed a column at a time."""

import hashlib
import hmac

import pandas as pd
import pytest

from ingest import privacy


def reference(key: bytes, namespace: str, identifier: str) -> str:
    message = f"{namespace}:{identifier.strip().upper()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


@pytest.mark.parametrize("key", ["short key", "k" * 64, "a key longer than one block " * 4])
def test_pseudonyms_are_the_keyed_hmac_of_the_trimmed_upper_case_id(monkeypatch, key):
    monkeypatch.setenv("SATUDATA_HMAC_KEY", key)
    privacy.hmac_key.cache_clear()
    ids = pd.Series([" reg-2023-00001 ", "REG-2023-00001", None, "Kasus/ÄÖ-7", 12345],
                    index=[10, 11, 12, 13, 14], dtype=object)
    pseudonyms = privacy.pseudonymise("simfoni", ids)
    privacy.hmac_key.cache_clear()
    expected = [reference(key.encode(), "simfoni", str(value)) for value in ids.drop(12)]
    assert pseudonyms.drop(12).tolist() == expected
    assert pseudonyms[10] == pseudonyms[11] and pseudonyms[12] is None
    assert pseudonyms.index.tolist() == [10, 11, 12, 13, 14]


def test_another_key_or_namespace_gives_other_pseudonyms(monkeypatch):
    ids = pd.Series(["REG-1"])
    monkeypatch.setenv("SATUDATA_HMAC_KEY", "one")
    privacy.hmac_key.cache_clear()
    first = privacy.pseudonymise("simfoni", ids)[0]
    other_namespace = privacy.pseudonymise("uptd", ids)[0]
    monkeypatch.setenv("SATUDATA_HMAC_KEY", "two")
    privacy.hmac_key.cache_clear()
    other_key = privacy.pseudonymise("simfoni", ids)[0]
    privacy.hmac_key.cache_clear()
    assert len({first, other_namespace, other_key}) == 3
