"""Fixtures the unit tests share."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture
def english(monkeypatch):
    """Messages in English: tests that assert a reader's wording written in the code."""
    monkeypatch.setenv("SATUDATA_LANG", "en")


@pytest.fixture
def con(tmp_path):
    """A scratch warehouse file, closed after the test."""
    connection = duckdb.connect(str(tmp_path / "w.duckdb"))
    yield connection
    connection.close()
