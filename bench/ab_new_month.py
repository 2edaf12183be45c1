"""A/B of one new month between two checkouts, alternating them in one sitting.

    python -m bench.ab_new_month --size 1M --rounds 2 main=/path/to/main branch=.

Each checkout needs its own `.venv` and dbt manifest (`make setup manifest`). Per round and
checkout: a fresh warehouse, the full run of the generated extracts (bench/generate.py, the
same files for both), then the newer 2025 extract and the measured `satudata run`. Prints,
per run, wall and CPU seconds (bench/run.py's `measure`), dbt's node time (sum of
run_results' execution times, the figure least moved by other jobs on a shared machine) and
that of the case models' full-table tests, the load average at start, and writes the rows
as JSON to bench/results/ab-<stamp>.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from pathlib import Path

from bench.generate import generate, new_month_file
from bench.run import RESULTS, _env, _fresh, label, measure, parse_size

CASE_TESTS = ("primary_key_fct_cases_case_key", "primary_key_stg_simfoni__victims_case_id",
              "unique_combination_of_columns_bdg_case_bentuk_kekerasan",
              "unique_combination_of_columns_bdg_case_layanan",
              "relationships_bdg_case_bentuk_kekerasan", "relationships_bdg_case_layanan")


def _run_results(checkout: Path, warehouse: Path) -> dict:
    key = hashlib.sha256(str(warehouse).encode()).hexdigest()[:16]
    path = checkout / "dbt" / "target" / "warehouses" / key / "run_results.json"
    return json.loads(path.read_text())


def _run(checkout: Path, landing: Path, warehouse: Path, env: dict, log: Path) -> dict:
    command = [str(checkout / ".venv" / "bin" / "satudata"), "run", "--landing", str(landing),
               "--warehouse", str(warehouse), "--exports", str(warehouse.parent / "exports")]
    result = measure(command, env, log)
    result.pop("epochs", None)
    results = _run_results(checkout, warehouse)["results"]
    result["dbt_nodes"] = len(results)
    result["dbt_node_s"] = round(sum(r["execution_time"] for r in results), 2)
    result["case_tests_s"] = round(sum(r["execution_time"] for r in results
                                       if r["unique_id"].split(".")[2].startswith(CASE_TESTS)),
                                   2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1M")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", default=str(Path(__file__).parent / "work" / "ab"))
    parser.add_argument("checkouts", nargs="+", help="name=path")
    args = parser.parse_args()
    rows = parse_size(args.size)
    checkouts = {name: Path(path).resolve() for name, path in
                 (item.split("=", 1) for item in args.checkouts)}
    work = Path(args.work) / label(rows)
    landing = work / "landing"
    if not (work / "extracts.json").exists():
        _fresh(work)
        generate(landing, rows)
        (work / "extracts.json").write_text(json.dumps({"rows": rows}))
    newer = landing / "simfoni" / "simfoni_ppa_ntt_2025.csv"
    newer.unlink(missing_ok=True)
    rows_out = []
    for round_ in range(args.rounds):
        for name, checkout in checkouts.items():
            run_dir = _fresh(work / f"run-{name}")
            warehouse = run_dir / "satudata.duckdb"
            env = _env(run_dir / "dagster_home")
            logs = work / "logs"
            logs.mkdir(exist_ok=True)
            full = _run(checkout, landing, warehouse, env, logs / f"{name}-{round_}-full.log")
            new_month_file(newer, rows)
            try:
                month = _run(checkout, landing, warehouse, env,
                             logs / f"{name}-{round_}-new_month.log")
            finally:
                newer.unlink(missing_ok=True)
            row = {"round": round_, "checkout": name, "full": full, "new_month": month}
            rows_out.append(row)
            print(json.dumps({"round": round_, "checkout": name,
                              **{f"full_{k}": full[k] for k in ("wall_s", "cpu_s")},
                              **{k: month.get(k) for k in ("wall_s", "cpu_s", "dbt_nodes",
                                                           "dbt_node_s", "case_tests_s",
                                                           "load_at_start")}}), flush=True)
            shutil.rmtree(run_dir, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"ab-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(rows_out, indent=1))
    print(out)


if __name__ == "__main__":
    main()
