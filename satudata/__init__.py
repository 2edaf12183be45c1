"""The top layer: the `satudata` command line and the in-process pipeline run.

Does not belong here: anything another package needs (it would have to import upward);
paths and DuckDB helpers are `core/`'s, the annex is `report/`'s.
"""


def entry() -> None:
    """The installed `satudata` command (`[project.scripts]`): `satudata.cli.main`, then an
    exit that skips tearing the interpreter down.

    After a run the process holds some 450,000 Python objects (Dagster, dbt, pandas); freeing
    them one by one at exit took 1.5–2 s after every command, measured, for nothing the
    officer sees. The exit here is registered before anything else is imported, so every
    exit handler registered later (Dagster's, DuckDB's, logging's, temporary folders') still
    runs first, non-daemon threads are joined before any of them, and the streams are
    flushed; only the freeing of memory the system reclaims anyway is skipped. The exit
    status is `main`'s (1 for an uncaught error, 130 for Ctrl-C), as before; output cut off by
    the program reading it (`| head`) ends the command without a traceback.
    """
    import atexit
    import os
    import sys

    status = 1

    def leave() -> None:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing left to tell
                pass
        os._exit(status)

    atexit.register(leave)
    from satudata.cli import main

    try:
        status = main()
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
        raise
    except KeyboardInterrupt:
        status = 130
        raise
    except BrokenPipeError:
        # `satudata ledger | head`: the reader has what it wanted (Python's documented way).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    sys.exit(status)
