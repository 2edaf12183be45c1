"""The engine lanes run only when asked (`make test-spark`, `make test-postgres`): each needs its
own environment (pyspark and a Java runtime; a PostgreSQL server and dagster-postgres), which
the Makefile creates, so `make test` does not collect them."""

import os

LANES = {"test_spark.py": "spark", "test_postgres.py": "postgres"}
_asked = set(os.environ.get("SATUDATA_ENGINE_LANE", "").split(","))

collect_ignore = [module for module, lane in LANES.items() if lane not in _asked]
