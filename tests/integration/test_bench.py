"""`make bench` at a tiny size: the generator, the floor and the runner keep working, and the
pipeline's marts equal the raw-DuckDB floor's."""

from __future__ import annotations

import json
from pathlib import Path

from bench.generate import DEFECTS, generate, new_month_file
from bench.run import run


def test_generator_is_deterministic_and_messy(tmp_path):
    first = generate(tmp_path / "a", 3_000)
    second = generate(tmp_path / "b", 3_000)
    assert [e.rows for e in first] == [e.rows for e in second]
    assert sum(e.rows for e in first) == 3_000
    assert len(first) == 10 and first[-1].months == 11  # ten yearly files, the last Jan–Nov
    for a, b in zip(first, second, strict=True):
        assert Path(a.path).read_bytes() == Path(b.path).read_bytes()
    text = Path(first[0].path).read_bytes()
    assert text.startswith(b"\xef\xbb\xbfNo;No Registrasi;Tanggal Lapor")
    assert b"Nama Korban" in text and b"\r\n" in text
    assert b"TTS" in text or b"Timor Tengah Selatan" in text
    assert sum(e.invalid_rows for e in first) >= len(DEFECTS)
    newer = new_month_file(tmp_path / "new.csv", 3_000)
    older = Path(first[-1].path).read_bytes()
    # The newer extract repeats the January–November rows and adds December's.
    assert newer.rows > first[-1].rows
    assert (tmp_path / "new.csv").read_bytes().startswith(older)


def test_bench_at_2k_rows_matches_the_floor(tmp_path):
    doc = tmp_path / "benchmarks.md"
    results = run([2_000], tmp_path / "work", tmp_path / "results", doc)
    size = results["sizes"][0]
    assert size["agreement"]["agree"], size["agreement"]
    # Compared again after the no-op rerun and after the newer extract replaced the older.
    assert size["agreed_after"] == ["full", "noop", "new_month"]
    # Every planted defect is quarantined (at 2k rows each file still gets one of each kind).
    extracts = json.loads((tmp_path / "work" / "2k" / "extracts.json").read_text())["extracts"]
    planted = sum(extract["invalid_rows"] for extract in extracts)
    assert size["agreement"]["rows_loaded"] == 2_000 - planted
    for scenario in ("floor", "full", "noop", "new_month"):
        assert size[scenario]["wall_s"] > 0 and size[scenario]["peak_rss_mb"] > 0
    # Where the time went: nothing new skips dbt; the new month rebuilds only what is built
    # on SIMFONI-PPA and the ledger, the first run builds every model, seed and test.
    full, noop, new_month = (size[name]["steps"] for name in ("full", "noop", "new_month"))
    assert noop["dbt nodes"] == 0 and "dbt: nodes" not in noop
    assert 0 < new_month["dbt nodes"] < full["dbt nodes"]
    assert full["events"] > noop["events"]
    for steps in (full, new_month):
        assert {"start-up", "ingest", "dbt: nodes", "exports", "analytics"} <= set(steps)
    saved = json.loads((tmp_path / "results" / "latest.json").read_text())
    assert saved["machine"]["cores"] >= 1
    table = doc.read_text()
    assert "| 2k |" in table and "floor: raw DuckDB" in table
    assert "| dbt: nodes |" in table and "| 2k new month |" in table
    assert any(t["target"].startswith("fixed overhead") for t in saved["targets"])
