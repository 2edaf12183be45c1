"""The protection step of an export on a built warehouse, with a previous release in the
exports folder made under other rules (another threshold): seconds, master rounds, attacker
linear programs, and the withheld values it leaves.

    python -m bench.protection WAREHOUSE_FILE [--previous-threshold 5] [--threshold 3]

The previous release is exported first (at `--previous-threshold`, into a temporary
folder), then the release at `--threshold` is computed against it; `--previous-threshold 0`
uses the same rules (the nightly rebuild). Counts come from wrapping the solver's entry
points, so the script measures an older checkout of `publish/` the same way
(`PYTHONPATH=OLD_CHECKOUT python -m bench.protection …` from that checkout).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from pathlib import Path

import duckdb

from publish import protection
from publish.exports import export_release, read_dataset
from publish.spec import release
from publish.suppression import publish_release, read_previous


def _counting(owner, name: str, counts: dict, label: str) -> None:
    original = getattr(owner, name)

    def wrapped(*args, **kwargs):
        counts[label] = counts.get(label, 0) + 1
        return original(*args, **kwargs)

    setattr(owner, name, wrapped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--threshold", type=int, default=0,
                        help="this release's threshold (default: datasets.yml's)")
    parser.add_argument("--previous-threshold", type=int, default=5)
    options = parser.parse_args()
    os.environ.setdefault("SATUDATA_ALLOW_DEV_KEY", "1")  # the sample's pseudonyms
    spec = release()
    if options.threshold:
        spec = dataclasses.replace(spec, threshold=options.threshold)
    previous_spec = dataclasses.replace(spec, threshold=options.previous_threshold or
                                        spec.threshold)
    con = duckdb.connect(str(options.warehouse), read_only=True)
    frames = {name: read_dataset(con, dataset)[0] for name, dataset in spec.datasets.items()}
    with tempfile.TemporaryDirectory() as folder:
        exports = Path(folder)
        started = time.perf_counter()
        export_release(con, exports, spec=previous_spec)
        print(f"previous release (threshold {previous_spec.threshold}): "
              f"{time.perf_counter() - started:.1f} s")
        counts: dict[str, int] = {}
        _counting(protection, "_master", counts, "master rounds")
        _counting(protection.Attacker, "highest", counts, "attacker LPs")
        _counting(protection.Attacker, "exact", counts, "exact bounds")
        previous = read_previous(spec, exports)
        started = time.perf_counter()
        published, model = publish_release(spec, frames, previous)
        seconds = time.perf_counter() - started
    withheld = sum(1 for v in model.variables if v.decision and v.withheld)
    forced = sum(1 for v in model.variables if v.decision and v.forced)
    primary = sum(1 for v in model.variables if v.decision and v.primary)
    print(f"release (threshold {spec.threshold}) against it: {seconds:.1f} s")
    for label, value in counts.items():
        print(f"  {label}: {value}")
    work = getattr(model, "work", None)  # what the model reports (absent before bounds)
    if work is not None:
        print(f"  reported: {work}")
    print(f"  withheld variables: {withheld} (primary {primary}, kept from the previous "
          f"release {forced})")
    cells = {name: int(sum(p.cells[f"{c}_ditahan"].sum() for c in
                           spec.datasets[name].suppression.counts))
             for name, p in published.items()
             if spec.datasets[name].suppression and spec.datasets[name].suppression.counts}
    print(f"  withheld cells: {cells}")
    spans = protection.ranges(model)
    weak = [key for key, span in spans.items()
            if not protection.is_protected(span, spec.threshold)]
    print(f"  withheld values checked: {len(spans)}, unprotected: {len(weak)}")


if __name__ == "__main__":
    main()
