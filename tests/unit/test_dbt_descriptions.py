"""What the Dagster UI says about each dbt model and seed: the dbt description in the reader's
language (Indonesian by default, English with SATUDATA_LANG=en), then the model's SQL.

The definitions are built once per process (dagster-dbt reads the manifest at import), so
each language is read from the real `dagster_project.definitions` in a process of its own.
The yml keeps the English text: it is dbt's documentation and the tables' DuckDB comments.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from core.config import REPO_ROOT
from core.dbt_messages import message
from core.manifest import ensure_manifest

DESCRIBE = """
import json
from dagster_project.definitions import defs
graph = defs.resolve_asset_graph()
print(json.dumps({"/".join(key.path): graph.get(key).description
                  for key in graph.get_all_asset_keys()}))
"""


def _descriptions(lang: str) -> dict[str, str]:
    """Every asset's description as the UI shows it, with `SATUDATA_LANG=lang`."""
    env = {**os.environ, "SATUDATA_LANG": lang}
    done = subprocess.run([sys.executable, "-c", DESCRIBE], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _described(text: str) -> str:
    """The description part of what the UI shows, without the SQL block after it."""
    return text.split("\n\n#### ")[0]


@pytest.fixture(scope="module")
def english_of_dbt() -> dict[str, str]:
    """schema/table -> the English description of every dbt model and seed (the yml's)."""
    manifest = json.loads(ensure_manifest().read_text())
    return {f"{node['schema']}/{node['name']}": message(node["description"])
            for node in manifest["nodes"].values()
            if node["resource_type"] in ("model", "seed")}


def test_dbt_assets_are_described_in_indonesian(english_of_dbt):
    shown = _descriptions("id")
    cases = shown["marts/fct_cases"]
    assert cases.startswith(
        "Satu baris per kasus korban: sebuah kasus dalam register UPTD PPA (source = uptd) "
        "atau seorang korban dari kasus yang dicatat di SIMFONI-PPA (source = simfoni).")
    assert "menjumlahkan keduanya menghitung kasus dua kali" in cases
    # dagster-dbt's SQL block stays, under a heading in Indonesian.
    assert "#### SQL model, sebagaimana ditulis:" in cases
    assert "select * from {{ ref('int_cases_unioned') }}" in cases
    assert "Raw SQL" not in cases and "One row per" not in _described(cases)
    assert shown["reference/ref_kabupaten"].startswith(
        "22 kabupaten/kota di Nusa Tenggara Timur dengan kode Kemendagri")
    # Not one of the 59 models and seeds keeps its English description.
    assert len(english_of_dbt) == 59
    english = sorted(key for key, text in english_of_dbt.items()
                     if _described(shown[key]) == text)
    assert not english, f"dbt assets described in English: {english}"
    # A landing folder is named by its source in Indonesian too (it said "berkas Budget
    # realisation lines from the regional finance system yang diletakkan petugas").
    assert shown["landing/anggaran"].startswith(
        "Folder landing <landing>/anggaran/: berkas Baris realisasi anggaran dari sistem "
        "keuangan daerah yang diletakkan petugas (CSV, XLSX).")
    assert shown["landing/uptd"].startswith(
        "Folder landing <landing>/uptd/: berkas Register kasus UPTD PPA yang diletakkan")


def test_dbt_assets_are_described_in_english_on_request(english_of_dbt):
    shown = _descriptions("en")
    cases = shown["marts/fct_cases"]
    assert _described(cases) == english_of_dbt["marts/fct_cases"]
    assert cases.startswith("One row per victim case: a case of the UPTD PPA register")
    assert "#### SQL of the model, as written:" in cases
    assert all(_described(shown[key]) == text for key, text in english_of_dbt.items())
    assert shown["landing/uptd"].startswith(
        "Landing folder <landing>/uptd/: the UPTD PPA case register files officers drop")
