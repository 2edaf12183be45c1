"""The officer's quick verbs start fast: `check`, `ingest`, `ledger` and `findings` never
import Dagster, dagster-dbt or dbt (seconds of imports that only `satudata run` needs)."""

import json
import subprocess
import sys

from tests.helpers import simfoni_row, write_csv

HEAVY = ("dagster", "dagster_dbt", "dbt")

SCRIPT = f"""
import json, sys
from satudata.cli import main
codes = [main(arguments) for arguments in json.loads(sys.argv[1])]
imported = sorted(name for name in {HEAVY!r} if name in sys.modules)
print(json.dumps(dict(codes=codes, imported=imported)))
"""


def test_check_ingest_ledger_and_findings_do_not_import_dagster(tmp_path):
    path = write_csv(tmp_path / "simfoni_mei.csv", [simfoni_row(1), simfoni_row(2)])
    warehouse = str(tmp_path / "w" / "satudata.duckdb")
    commands = [["check", str(path), "--source", "simfoni", "--warehouse", warehouse],
                ["ingest", str(path), "--source", "simfoni", "--warehouse", warehouse],
                ["ledger", "--warehouse", warehouse],
                ["findings", "--warehouse", warehouse]]
    completed = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(commands)],
                               capture_output=True, text=True, check=True)
    outcome = json.loads(completed.stdout.strip().splitlines()[-1])
    # `findings` before any run: no marts yet, said with exit 1 (`satudata run` builds them).
    assert outcome["codes"] == [0, 0, 0, 1]
    assert outcome["imported"] == []
