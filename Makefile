# Satu Data PPA NTT — `make run` sets up from the lock file and runs the sample pipeline.
SHELL := /bin/bash
, := ,
.DEFAULT_GOAL := run

VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null || echo python3 -m uv)

export DAGSTER_HOME := $(CURDIR)/dagster_home
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export UV_COMPILE_BYTECODE := 1
# uv links the environments' files from its cache (hardlinks, its default on Linux) instead of
# copying them: three environments (.venv, .venv-spark, .venv-postgres) as copies filled a CI
# machine's disk before the Spark lane ("No space left on device"). Across file systems uv copies.
export UV_LINK_MODE := hardlink

.PHONY: run test test-fast test-reliability ui lint docs bench setup manifest clean samples messages test-spark test-postgres

$(BIN)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	$(UV) sync --frozen --quiet
	@touch $@

setup: $(BIN)/.synced

# The engine lanes run in environments of their own, synced from the same lock file with one
# more dependency group each (pyproject.toml): the main .venv stays as `make run` needs it.
SPARK_VENV := .venv-spark
POSTGRES_VENV := .venv-postgres
APT_INSTALL = $$([ "$$(id -u)" = 0 ] || echo sudo) sh -c 'apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1)'

$(SPARK_VENV)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	@command -v java >/dev/null 2>&1 || $(call APT_INSTALL,openjdk-17-jre-headless)
	UV_PROJECT_ENVIRONMENT=$(SPARK_VENV) $(UV) sync --frozen --quiet --group spark
	@touch $@

$(POSTGRES_VENV)/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || $(call APT_INSTALL,postgresql)
	UV_PROJECT_ENVIRONMENT=$(POSTGRES_VENV) $(UV) sync --frozen --quiet --group postgres
	@touch $@

manifest: setup
	@$(BIN)/python -c "from core.manifest import ensure_manifest; ensure_manifest()"

run: manifest  ## set up, then run the whole pipeline on the shipped sample landing files
	$(BIN)/satudata run --landing data/sample/landing --allow-dev-key  # a demo: no SATUDATA_HMAC_KEY

# `make test` runs in two processes (pytest-xdist), a module's tests in the same one so its
# pipeline run is made once: the suite's runs wait on dbt's process and the disk, and on 2
# cores two at once take 4 min 35 s where one took 7 min 54 s. TEST_WORKERS=1 runs it in one.
TEST_WORKERS ?= 2

test: manifest lint  ## lint, then every test (unit, integration, Dagster UI) but the lanes' ones
	$(BIN)/pytest -q -m "not reliability" -n $(TEST_WORKERS) --dist loadscope

test-reliability: manifest  ## kills, full disks, waits, red-team attacks, re-drops and scoped rebuilds on whole runs; the bench at 2k rows
	$(BIN)/pytest -q -m reliability

test-fast: manifest  ## the edit loop (about 2 min): unit tests and the Dagster graph snapshot
	$(BIN)/pytest -q -m "not integration and not slow" --durations=5

test-spark: $(SPARK_VENV)/.synced  ## the dbt project on a local Spark: every mart equal to DuckDB's
	SATUDATA_ENGINE_LANE=spark $(SPARK_VENV)/bin/pytest -q -p no:cacheprovider tests/engines

test-postgres: $(POSTGRES_VENV)/.synced  ## satudata run with Dagster's storage on a private PostgreSQL
	SATUDATA_ENGINE_LANE=postgres $(POSTGRES_VENV)/bin/pytest -q -p no:cacheprovider tests/engines

lint: setup  ## ruff for Python, import-linter for the package layers, sqlfluff for dbt models
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/sqlfluff lint dbt/models --disable-progress-bar --processes 2

ui: manifest  ## the Dagster UI on http://127.0.0.1:3000
	$(BIN)/dagster dev -h 127.0.0.1 -p 3000 -m dagster_project.definitions

docs: manifest  ## dbt's documentation site, offline, in one file: dbt/target/static_index.html
	cd dbt && ../$(BIN)/dbt docs generate --profiles-dir . --static
	@echo "Open dbt/target/static_index.html in a browser (no server, no network needed)."

bench: manifest  ## benchmark at 100k, 1M and 5M rows vs raw DuckDB → docs/benchmarks.md
	$(BIN)/python -m bench.run --sizes $(or $(SIZES),100k$(,)1M$(,)5M)
	$(BIN)/python -m bench.padded_range  # a sheet padded to row 1,048,576 vs the same rows

samples: setup  ## regenerate the sample landing files (deterministic)
	$(BIN)/python -m data.generators

clean:
	rm -rf warehouse/*.duckdb* warehouse/spark exports dbt/target dbt/logs

PACKAGES := core schemas ingest publish report dagster_project satudata dbt

messages: setup  ## extract marked messages into each package's catalog (core/locale/id/LC_MESSAGES)
	@# Each call extracts into its own temporary folder: two worktrees running this at once
	@# wrote the same /tmp file, and one catalog came out empty.
	@pot=$$(mktemp -d) && trap 'rm -rf "$$pot"' EXIT && \
	for package in $(PACKAGES); do \
	  $(BIN)/pybabel -q extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --no-wrap \
	    --sort-output -o $$pot/$$package.pot $$package && \
	  if [ -f core/locale/id/LC_MESSAGES/$$package.po ]; then \
	    $(BIN)/pybabel -q update -N --no-wrap --ignore-obsolete --omit-header \
	      -i $$pot/$$package.pot -d core/locale -D $$package -l id; \
	  else \
	    $(BIN)/pybabel -q init --no-wrap -i $$pot/$$package.pot -d core/locale \
	      -D $$package -l id; \
	  fi || exit 1; \
	done
	@echo "Catalogs updated: fill the empty msgstr entries in core/locale/id/LC_MESSAGES/*.po"
