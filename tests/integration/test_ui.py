"""The Dagster UI as an officer opens it: `dagster dev` on a free loopback port, after a real
materialization on the same instance, read by headless Chromium and over GraphQL.

Screenshots are kept in test-artifacts/ui/. Chromium comes from Debian (`apt-get install
chromium`); without it the test is skipped on a developer machine and fails in CI.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from core.config import REPO_ROOT

pytestmark = pytest.mark.slow

ARTIFACTS = REPO_ROOT / "test-artifacts" / "ui"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium); "
                "CI installs it and runs this test", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Webserver:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def graphql(self, query: str) -> dict:
        request = urllib.request.Request(
            f"{self.base}/graphql", json.dumps({"query": query}).encode(),
            {"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            answer = json.load(response)
        assert "errors" not in answer, answer
        return answer["data"]

    def ready(self) -> bool:
        try:
            entries = self.graphql(
                "{ workspaceOrError { ... on Workspace { locationEntries { loadStatus "
                "locationOrLoadError { __typename ... on PythonError { message } } } } } }"
            )["workspaceOrError"]["locationEntries"]
        except OSError:
            return False
        if not entries or entries[0]["loadStatus"] != "LOADED":
            return False
        location = entries[0]["locationOrLoadError"]
        assert location["__typename"] == "RepositoryLocation", (
            f"the code location does not load in the UI: {location.get('message')}")
        return True


@pytest.fixture(scope="module")
def webserver(sample_run):
    home = Path(sample_run.instance.root_directory)
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "DAGSTER_DISABLE_TELEMETRY": "1"}
    sample_run.settings.export_env()
    env.update({key: value for key, value in os.environ.items() if key.startswith("SATUDATA_")})
    log = open(home / "dagster-dev.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("dagster")), "dev", "-h", "127.0.0.1", "-p",
         str(port), "-m", "dagster_project.definitions"],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so SIGTERM reaches every child
    )
    server = Webserver(port)
    try:
        while not server.ready():  # however long a loaded machine takes to start it
            if process.poll() is not None:
                log.flush()
                pytest.fail("dagster dev ended before it came up:\n"
                            + (home / "dagster-dev.log").read_text()[-3000:])
            time.sleep(1)
        # A fresh instance shows a "join the community" dialog over the page.
        assert server.graphql("mutation { setNuxSeen }") == {"setNuxSeen": True}
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        log.close()


def browse(url: str, *, screenshot: Path | None = None, height: int = 900) -> str:
    """The page as Chromium renders it: its visible text (or a screenshot, then "")."""
    with tempfile.TemporaryDirectory() as profile:
        command = [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", f"--window-size=1400,{height}",
            "--virtual-time-budget=15000",
        ]
        if screenshot:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            command.append(f"--screenshot={screenshot}")
        else:
            command.append("--dump-dom")
        done = subprocess.run([*command, url], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    if screenshot:
        assert screenshot.stat().st_size > 10_000, "an empty screenshot"
        return ""
    page = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", done.stdout, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def definitions_checks() -> dict[str, set[str]]:
    from dagster_project.definitions import defs

    graph = defs.resolve_asset_graph()
    checks: dict[str, set[str]] = {key.to_user_string(): set()
                                   for key in graph.get_all_asset_keys()}
    for check in graph.asset_check_keys:
        checks[check.asset_key.to_user_string()].add(check.name)
    return checks


def test_graphql_shows_every_asset_and_check_and_the_run(webserver, sample_run):
    nodes = webserver.graphql(
        "{ assetNodes { assetKey { path } assetChecksOrError { ... on AssetChecks { checks { "
        "name executionForLatestMaterialization { status } } } } } }"
    )["assetNodes"]
    shown = {"/".join(node["assetKey"]["path"]): {c["name"] for c in
                                                    node["assetChecksOrError"]["checks"]}
             for node in nodes}
    assert shown == definitions_checks()
    runs = webserver.graphql("{ runsOrError(limit: 1) { ... on Runs { results { runId "
                             "status } } } }")["runsOrError"]["results"]
    assert runs == [{"runId": sample_run.outcome.run_id, "status": "SUCCESS"}]


def test_asset_catalog_shows_the_assets_their_checks_and_the_latest_run(webserver, sample_run):
    expected = definitions_checks()
    # The catalog renders only the rows that fit the window: make it tall enough for all.
    catalog = browse(f"{webserver.base}/assets", height=max(900, 120 * len(expected)))
    missing = [key for key in expected if key.replace("/", " / ") not in catalog]
    assert missing == [], f"not in the asset catalog: {missing}"
    assert "Materialized" in catalog
    checks = browse(f"{webserver.base}/assets/raw/simfoni?view=checks")
    for name in expected["raw/simfoni"]:
        assert name in checks, f"check {name} not on the asset's Checks tab"
    assert "Succeeded" in checks
    events = browse(f"{webserver.base}/assets/raw/simfoni?view=events")
    assert f"Materialized in run {sample_run.outcome.run_id[:8]}" in events
    # The files table of the metadata names files by their label, never their name.
    assert re.search(r"simfoni 2023 #\d+", events)
    assert "simfoni_ppa_ntt_2023.csv" not in events
    browse(f"{webserver.base}/assets", screenshot=ARTIFACTS / "asset_catalog.png")
    browse(f"{webserver.base}/assets/raw/simfoni?view=checks",
           screenshot=ARTIFACTS / "raw_simfoni_checks.png")


def test_the_asset_graph_shows_the_landing_folders_upstream_of_raw(webserver):
    nodes = webserver.graphql(
        "{ assetNodes { assetKey { path } groupName isMaterializable "
        "dependedByKeys { path } } }")["assetNodes"]
    landing = {node["assetKey"]["path"][1]: node for node in nodes
               if node["groupName"] == "landing"}
    assert set(landing) == {"uptd", "simfoni", "anggaran", "asn", "kla", "indikator"}
    for source, node in landing.items():
        assert not node["isMaterializable"]  # observed, never written by the pipeline
        assert ["raw", source] in [key["path"] for key in node["dependedByKeys"]]
    lineage = f"{webserver.base}/assets/raw/uptd?view=lineage"
    page = browse(lineage)
    assert "landing" in page.split() and "stg_uptd__cases" in page
    browse(lineage, screenshot=ARTIFACTS / "lineage_landing_raw_uptd.png")
    group = browse(f"{webserver.base}/locations/dagster_project.definitions/asset-groups/"
                   "landing/list")
    for source in landing:
        assert source in group
    browse(f"{webserver.base}/locations/dagster_project.definitions/asset-groups/landing",
           screenshot=ARTIFACTS / "landing_group_graph.png")
