"""The top layer: the `satudata` command line and the in-process pipeline run.

Does not belong here: anything another package needs (it would have to import upward);
paths and DuckDB helpers are `core/`'s, the annex is `report/`'s.
"""


def entry() -> None:
    """The installed `satudata` command (`[project.scripts]`): `satudata.cli.main`, ended
    without tearing the interpreter down (`core.fast_exit.run_then_exit`: every exit handler
    still runs; exit codes are `main`'s; `satudata ledger | head` ends without a traceback)."""
    from core.fast_exit import run_then_exit

    def load():
        from satudata.cli import main

        return main

    run_then_exit(load)
