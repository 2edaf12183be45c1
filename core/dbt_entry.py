"""The `satudata-dbt` command: dbt itself, started from the warehouse file's folder with the
warehouse named by its file name alone.

Why. dbt reuses its parse of the project (`partial_parse.msgpack`) only for the profile it
was made with, and the profile's DuckDB `path` is the warehouse (`SATUDATA_WAREHOUSE`): an
absolute path made every new warehouse (an office's second copy, a test's, the benchmark's)
parse the whole project again, 3–4 s of every first run (measured, docs/benchmarks.md).
Named by its file name from its own folder, every warehouse called `satudata.duckdb` has the
same profile, so the parse `make manifest` leaves serves the first build of each of them. The
DuckDB database name dbt writes into the models (the file's stem) is the same either way, and
DuckDB opens the same file: only the way dbt's process names it changes.

Everything else is dbt's own command line (`dbt.cli.main`), unchanged: arguments, exit status
and output. `SATUDATA_WAREHOUSE` that is not an absolute path, or whose folder does not exist
yet, is passed on as it is.

Like the `satudata` command, the process ends without freeing its objects one by one (about
0.45 s after every build, measured; `core.fast_exit`): every exit handler dbt and its DuckDB
adapter register (closing the warehouse file among them) still runs first.
"""

from __future__ import annotations

import os

WAREHOUSE_ENV = "SATUDATA_WAREHOUSE"


def name_from_its_folder(environ: dict[str, str] | os._Environ) -> str | None:
    """The folder to start dbt in, with `environ`'s warehouse set to the file's name in it;
    None (nothing changed) when the warehouse is not an absolute path to an existing folder."""
    warehouse = environ.get(WAREHOUSE_ENV)
    if not warehouse or not os.path.isabs(warehouse):
        return None
    folder, name = os.path.split(warehouse)
    if not name or not os.path.isdir(folder):
        return None
    environ[WAREHOUSE_ENV] = name
    return folder


def main() -> None:
    """Run dbt's command line from the warehouse's folder (see the module docstring), ended
    as `satudata` is (`core.fast_exit`)."""
    from core.fast_exit import run_then_exit

    def load():
        folder = name_from_its_folder(os.environ)
        if folder is not None:
            os.chdir(folder)
        from dbt.cli.main import cli

        return cli

    run_then_exit(load)
