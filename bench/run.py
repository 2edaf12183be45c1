"""The benchmark: `satudata run` side by side with raw DuckDB, at 100k, 1M and 5M victim rows.

In one sitting and one process tree (this script's children), for each size:

- `floor`: raw DuckDB reading the same extracts and computing the same marts
  (`bench/floor.sql`, run by `python -m bench.floor`);
- `full`: `satudata run` on the ten yearly extracts into a fresh warehouse;
- `noop`: `satudata run` again, nothing new in the landing folder;
- `new_month`: `satudata run` after the newer extract of the last year arrives (January–
  December instead of January–November; it supersedes the older one, see bench/generate.py);

and once, `empty`: `satudata run` on an empty landing folder into a fresh warehouse (the
fixed overhead). Each command runs under a small wrapper process whose RUSAGE_CHILDREN gives
the CPU time (user + system) of the whole tree under it; a sampler reads /proc every 0.1 s
and sums the resident memory of every process in that tree (the peak of that sum is
reported; shared pages count once per process, so it errs high).

After the full run, the no-op rerun and the new month the pipeline's marts are compared with
the floor's (for the new month, the floor recomputed from scratch on the landing folder with
the newer extract): the benchmark fails if they disagree. Results go to
`bench/results/<stamp>.json` (and `latest.json`) and to the table between the markers in
`docs/benchmarks.md`.

    python -m bench.run [--sizes 100k,1M,5M] [--work DIR] [--no-doc]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from pathlib import Path

import duckdb

from bench.generate import generate, new_month_file
from bench.steps import ORDER, breakdown

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
DOC = REPO / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PAGE = os.sysconf("SC_PAGE_SIZE")
MB = 1024 * 1024

TARGETS = {
    "slope_ratio": 2.0,  # marginal seconds per million rows, pipeline ÷ floor (1M → 5M)
    "empty_s": 20.0,
    "noop_s": 15.0,
    "new_month_share": 0.25,  # of the full run at the same size
    "peak_rss_mb": 3 * 1024,  # at the largest size
}

_WRAPPER = """
import json, resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as handle:
    json.dump({"exit": code, "user": usage.ru_utime, "system": usage.ru_stime,
               "max_process_rss_kb": usage.ru_maxrss}, handle)
"""


def parse_size(text: str) -> int:
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * factor)


def label(rows: int) -> str:
    if rows >= 1_000_000 and rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows >= 1_000 and rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except OSError:
            continue
    return total


def measure(command: list[str], env: dict[str, str], log: Path) -> dict:
    """Wall time, CPU time and peak resident memory of `command` and everything it starts."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        usage_file = Path(handle.name)
    peak = 0
    load = [round(x, 2) for x in os.getloadavg()]
    started_epoch = time.time()
    started = time.perf_counter()
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", _WRAPPER, str(usage_file), *command],
            env=env, stdout=output, stderr=subprocess.STDOUT, cwd=REPO,
        )
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(process.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        process.wait()
        done.set()
        sampler.join()
    wall = time.perf_counter() - started
    ended_epoch = time.time()
    usage = json.loads(usage_file.read_text())
    usage_file.unlink()
    if usage["exit"] not in (0, 2):  # 2: completed, but some file was rejected
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-40:])
        raise RuntimeError(f"{' '.join(command)} failed ({usage['exit']}); log {log}:\n{tail}")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage["user"] + usage["system"], 2),
        "peak_rss_mb": round(peak / MB),
        "max_process_rss_mb": round(usage["max_process_rss_kb"] / 1024),
        "exit": usage["exit"],
        "load_at_start": load,
        "epochs": [started_epoch, ended_epoch],
    }


def measure_run(landing: Path, warehouse: Path, env: dict[str, str], log: Path) -> dict:
    """`measure` of one `satudata run`, with where its time went (bench/steps.py)."""
    result = measure(_pipeline(landing, warehouse), env, log)
    started, ended = result.pop("epochs")
    result["steps"] = breakdown(Path(env["DAGSTER_HOME"]), warehouse, started, ended)
    return result


def _pipeline(landing: Path, warehouse: Path) -> list[str]:
    return [str(Path(sys.executable).with_name("satudata")), "run", "--landing", str(landing),
            "--warehouse", str(warehouse), "--exports", str(warehouse.parent / "exports")]


def _env(dagster_home: Path) -> dict[str, str]:
    dagster_home.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", dagster_home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home), "DO_NOT_TRACK": "1",
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "PYTHONUNBUFFERED": "1"}
    env.setdefault("SATUDATA_HMAC_KEY", "benchmark-key-not-secret")
    for name in ("SATUDATA_LANDING", "SATUDATA_WAREHOUSE", "SATUDATA_ANALYTICS",
                 "SATUDATA_EXPORTS"):
        env.pop(name, None)
    return env


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


COMPARED = {
    "mart_cases_monthly_by_kategori": "source, month_key, kategori_korban, jumlah_korban",
    "mart_cases_monthly_by_bentuk": "source, month_key, bentuk_kekerasan, jumlah_kasus",
    "mart_simfoni_reporting_rate": "kabupaten_key, month_key, jumlah_korban",
    "bdg_case_layanan": "source, layanan",
    "fct_cases": "source, month_key, kabupaten_key, kategori_korban, kelompok_umur, "
                 "is_terlayani",
}


def compare_marts(pipeline_db: Path, floor_db: Path) -> dict:
    """Rows of the pipeline's marts that the floor does not have, and the other way round."""
    con = duckdb.connect(str(floor_db), read_only=True)
    try:
        con.execute(f"attach '{pipeline_db}' as pipeline (read_only)")
        differences = {}
        for table, columns in COMPARED.items():
            ours = f"select {columns} from pipeline.marts.{table}"
            theirs = f"select {columns} from main.{table}"
            differences[table] = con.execute(
                f"select (select count(*) from ({ours} except all {theirs})) + "
                f"(select count(*) from ({theirs} except all {ours}))"
            ).fetchone()[0]
        loaded = con.execute("select count(*) from pipeline.raw.simfoni").fetchone()[0]
        floor_loaded = con.execute("select count(*) from main.simfoni").fetchone()[0]
    finally:
        con.close()
    return {"rows_loaded": loaded, "floor_rows_loaded": floor_loaded,
            "differing_rows": differences, "agree": not any(differences.values())
            and loaded == floor_loaded}


def bench_size(rows: int, work: Path, log_dir: Path) -> dict:
    name = label(rows)
    root = work / name
    landing = root / "landing"
    manifest = root / "extracts.json"
    started = time.perf_counter()
    if not (manifest.exists() and json.loads(manifest.read_text()).get("rows") == rows):
        _fresh(root)
        extracts = generate(landing, rows)
        manifest.write_text(json.dumps({"rows": rows,
                                        "extracts": [asdict(e) for e in extracts]}, indent=1))
    generated_s = time.perf_counter() - started
    landing_bytes = sum(path.stat().st_size for path in landing.rglob("*.csv"))
    result: dict = {"rows": rows, "label": name, "landing_mb": round(landing_bytes / MB, 1),
                    "generate_s": round(generated_s, 1)}

    print(f"[{name}] floor: raw DuckDB …", flush=True)
    floor_dir = _fresh(root / "floor")
    result["floor"] = measure(
        [sys.executable, "-m", "bench.floor", str(landing), str(floor_dir / "floor.duckdb")],
        _env(root / "floor_dagster"), log_dir / f"{name}-floor.log")
    result["floor"].pop("epochs")

    run_dir = _fresh(root / "run")
    warehouse = run_dir / "satudata.duckdb"
    env = _env(run_dir / "dagster_home")
    for scenario in ("full", "noop"):
        print(f"[{name}] {scenario}: satudata run …", flush=True)
        result[scenario] = measure_run(landing, warehouse, env,
                                       log_dir / f"{name}-{scenario}.log")
        # After the full run and again after the no-op rerun (which may skip dbt).
        _agree(result, scenario, warehouse, floor_dir / "floor.duckdb")

    print(f"[{name}] new_month: satudata run after the newer extract arrives …", flush=True)
    newer = landing / "simfoni" / "simfoni_ppa_ntt_2025.csv"
    extract = new_month_file(newer, rows)
    try:
        result["new_month"] = measure_run(landing, warehouse, env,
                                          log_dir / f"{name}-new_month.log")
        result["new_month"]["rows_in_new_extract"] = extract.rows
        # The warehouse after the newer extract replaced the older one must equal the floor
        # computed from scratch on the landing folder as it now is (not timed).
        floor_after = _fresh(root / "floor_new_month") / "floor.duckdb"
        measure([sys.executable, "-m", "bench.floor", str(landing), str(floor_after)],
                _env(root / "floor_dagster"), log_dir / f"{name}-floor_new_month.log")
        _agree(result, "new_month", warehouse, floor_after)
    finally:
        newer.unlink(missing_ok=True)
    for folder in (run_dir, floor_dir, root / "floor_new_month"):
        shutil.rmtree(folder, ignore_errors=True)
    return result


def _agree(result: dict, scenario: str, warehouse: Path, floor: Path) -> None:
    agreement = compare_marts(warehouse, floor)
    result.setdefault("agreement", agreement)
    result.setdefault("agreed_after", []).append(scenario)
    if not agreement["agree"]:
        raise RuntimeError(f"[{result['label']}] after the {scenario} run, pipeline and floor "
                           f"marts disagree: {agreement}")


def bench_empty(work: Path, log_dir: Path) -> dict:
    print("[empty] satudata run on an empty landing folder …", flush=True)
    root = _fresh(work / "empty")
    landing = _fresh(root / "landing")
    result = measure_run(landing, root / "run" / "satudata.duckdb",
                         _env(root / "dagster_home"), log_dir / "empty.log")
    shutil.rmtree(root, ignore_errors=True)
    return result


def machine() -> dict:
    memory_kb = 0
    with open("/proc/meminfo") as handle:
        for line in handle:
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    model = ""
    with open("/proc/cpuinfo") as handle:
        for line in handle:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                           capture_output=True, text=True).stdout.strip()
    if dirty:
        commit += " with uncommitted changes"
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "cpu": model,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "commit": commit,
    }


def evaluate(results: dict) -> list[dict]:
    """Each target of the issue: the measured value, the limit, met or not."""
    sizes = sorted(results["sizes"], key=lambda r: r["rows"])
    checks: list[dict] = []

    def add(name: str, value: float | None, limit: float, unit: str, note: str = "") -> None:
        checks.append({"target": name, "value": value, "limit": limit, "unit": unit,
                       "met": value is not None and value <= limit, "note": note})

    by_rows = {r["rows"]: r for r in sizes}
    if 1_000_000 in by_rows and 5_000_000 in by_rows:
        low, high = by_rows[1_000_000], by_rows[5_000_000]
    elif len(sizes) >= 2:
        low, high = sizes[-2], sizes[-1]
    else:
        low = high = None
    if low is not None:
        millions = (high["rows"] - low["rows"]) / 1e6
        for clock in ("wall_s", "cpu_s"):
            ours = (high["full"][clock] - low["full"][clock]) / millions
            floor = (high["floor"][clock] - low["floor"][clock]) / millions
            ratio = round(ours / floor, 2) if floor > 0 else None
            add(f"marginal cost per million rows {low['label']}→{high['label']} "
                f"({clock.split('_')[0]}), ÷ floor", ratio, TARGETS["slope_ratio"], "×",
                f"{ours:.1f} s/M vs floor {floor:.1f} s/M")
    add("fixed overhead (empty landing), wall", results["empty"]["wall_s"],
        TARGETS["empty_s"], "s", f"CPU {results['empty']['cpu_s']} s")
    largest = sizes[-1]
    add(f"no-op rerun at {largest['label']}, wall", largest["noop"]["wall_s"],
        TARGETS["noop_s"], "s", f"CPU {largest['noop']['cpu_s']} s")
    for size in sizes:
        share = round(size["new_month"]["wall_s"] / size["full"]["wall_s"], 2)
        add(f"one new month at {size['label']}, ÷ full run (wall)", share,
            TARGETS["new_month_share"], "×",
            f"{size['new_month']['wall_s']} s vs {size['full']['wall_s']} s")
    add(f"peak RSS of the process tree at {largest['label']}",
        max(largest[s]["peak_rss_mb"] for s in ("full", "noop", "new_month")),
        TARGETS["peak_rss_mb"], "MB")
    return checks


def _load(row: dict) -> str:
    return ", ".join(str(x) for x in row.get("load_at_start", []))


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Run of {results['date']} on {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB "
        f"memory; Python {m['python']}, DuckDB {m['duckdb']}; commit `{m['commit']}`; load "
        f"average at start {', '.join(str(x) for x in m['load_average_at_start'])} (the "
        "machine is shared; each row gives the 1, 5 and 15 minute load averages as it "
        "started).",
        "",
        "| rows | landing | measurement | wall s | CPU s | peak RSS (tree) | ÷ floor wall "
        "| ÷ floor CPU | load at start |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    empty = results["empty"]
    lines.append(f"| 0 | – | fixed overhead: `satudata run`, empty landing | {empty['wall_s']} "
                 f"| {empty['cpu_s']} | {empty['peak_rss_mb']} MB | | | {_load(empty)} |")
    titles = {"floor": "floor: raw DuckDB, one SQL script", "full": "full `satudata run`",
              "noop": "no-op rerun", "new_month": "one new month (newer extract of 2025)"}
    for size in sorted(results["sizes"], key=lambda r: r["rows"]):
        floor = size["floor"]
        for key, title in titles.items():
            row = size[key]
            ratio_wall = f"{row['wall_s'] / floor['wall_s']:.1f}×" if key != "floor" else ""
            ratio_cpu = f"{row['cpu_s'] / floor['cpu_s']:.1f}×" if key != "floor" else ""
            lines.append(
                f"| {size['label']} | {size['landing_mb']} MB | {title} | {row['wall_s']} | "
                f"{row['cpu_s']} | {row['peak_rss_mb']} MB | {ratio_wall} | {ratio_cpu} | "
                f"{_load(row)} |")
    lines += ["", "| target | measured | limit | met |", "|---|---:|---:|---|"]
    for check in results["targets"]:
        value = "–" if check["value"] is None else f"{check['value']} {check['unit']}"
        note = f" ({check['note']})" if check["note"] else ""
        lines.append(f"| {check['target']}{note} | {value} | {check['limit']} {check['unit']} "
                     f"| {'yes' if check['met'] else '**no**'} |")
    agree = all(size["agreement"]["agree"] for size in results["sizes"])
    lines += ["", "Pipeline marts equal the floor's at every size, after the full run, the "
              f"no-op rerun and the new month: {'yes' if agree else '**no**'} (rows loaded, "
              "fct_cases, bridges, monthly marts).", "", *steps_table(results)]
    return "\n".join(lines)


def steps_table(results: dict) -> list[str]:
    """Seconds per phase (bench/steps.py) of the empty run and of each size's full run and
    new month: where a regression went shows as a row that grew."""
    columns = [("empty", results["empty"])]
    for size in sorted(results["sizes"], key=lambda r: r["rows"]):
        columns += [(f"{size['label']} full", size["full"]),
                    (f"{size['label']} new month", size["new_month"])]
    columns = [(title, row) for title, row in columns if row.get("steps")]
    if not columns:
        return []
    lines = ["Where the time went, in wall seconds per phase (from the run's Dagster event log "
             "and dbt's run_results.json; see bench/steps.py):", "",
             "| phase | " + " | ".join(title for title, _ in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for phase in [*ORDER, "events", "dbt nodes"]:
        cells = [str(row["steps"].get(phase, "–")) for _, row in columns]
        if any(cell != "–" for cell in cells):
            name = {"events": "events written", "dbt nodes": "dbt nodes run"}.get(phase, phase)
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| **whole process** | " + " | ".join(str(row["wall_s"]) for _, row in columns)
                 + " |")
    return lines


def write_doc(results: dict, doc: Path = DOC) -> None:
    text = doc.read_text(encoding="utf-8") if doc.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(f"{head}{BEGIN}\n{markdown(results)}\n{END}{tail}", encoding="utf-8")


def run(sizes: list[int], work: Path, results_dir: Path = RESULTS,
        doc: Path | None = DOC) -> dict:
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    log_dir = results_dir / f"logs-{stamp}"
    log_dir.mkdir()
    results: dict = {"date": dt.date.today().isoformat(), "machine": machine(), "sizes": []}
    results["empty"] = bench_empty(work, log_dir)
    for rows in sizes:
        results["sizes"].append(bench_size(rows, work, log_dir))
        # Written after every size, so a long run leaves its finished sizes behind.
        (results_dir / f"{stamp}.json").write_text(json.dumps(results, indent=1))
    results["targets"] = evaluate(results)
    text = json.dumps(results, indent=1)
    (results_dir / f"{stamp}.json").write_text(text)
    (results_dir / "latest.json").write_text(text)
    if doc is not None:
        write_doc(results, doc)
    print(markdown(results))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100k,1M,5M")
    parser.add_argument("--work", default=str(REPO / "bench" / "work"),
                        help="where generated extracts and warehouses go (kept between runs)")
    parser.add_argument("--results", default=str(RESULTS))
    parser.add_argument("--no-doc", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args()
    sizes = [parse_size(size) for size in args.sizes.split(",")]
    run(sizes, Path(args.work), Path(args.results), None if args.no_doc else DOC)


if __name__ == "__main__":
    main()
