"""`satudata`: the command line of the warehouse.

    satudata run [--landing DIR] [--warehouse FILE] [--exports DIR]   the whole pipeline
    satudata ingest FILE --source S        validate and load one file
    satudata check FILE --source S         validate one file without loading it
    satudata accept FILE                   accept a file held because it would shrink its year
    satudata ledger [--limit N]            recent files and their row balance
    satudata findings                      open data-quality findings
    satudata report --year YYYY [--out DIR]   the annual report's statistical annex

`run` exits 0 when everything succeeded, 2 when it completed but some landing file was
rejected, and 1 when a step failed; it always ends with a readable summary.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from core.config import DAGSTER_HOME, Settings
from core.duckdb_files import connect
from core.faults import pause_point
from core.i18n import _

EXIT_OK, EXIT_FAILED, EXIT_REJECTED = 0, 1, 2


def _apply_paths(args: argparse.Namespace) -> Settings:
    for option, variable in (("landing", "SATUDATA_LANDING"), ("warehouse", "SATUDATA_WAREHOUSE"),
                             ("exports", "SATUDATA_EXPORTS")):
        value = getattr(args, option, None)
        if value:
            os.environ[variable] = str(Path(value).expanduser().resolve())
    if getattr(args, "warehouse", None):
        # The analytics file is published beside the warehouse it copies.
        os.environ.pop("SATUDATA_ANALYTICS", None)
    settings = Settings.from_env()
    settings.export_env()
    os.environ.setdefault("DAGSTER_HOME", str(DAGSTER_HOME))
    Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
    return settings


@contextlib.contextmanager
def run_lock(warehouse: Path) -> Iterator[None]:
    """One pipeline run at a time per warehouse; a second run waits for the first."""
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with open(warehouse.with_name(warehouse.name + ".run.lock"), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Another run is using this warehouse; waiting for it to finish…", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def cmd_run(args: argparse.Namespace) -> int:
    settings = _apply_paths(args)
    from satudata.pipeline import run_pipeline

    print(f"Satu Data PPA NTT — pipeline run on {settings.landing}", flush=True)
    with run_lock(settings.warehouse):
        outcome = run_pipeline(settings, verbose=args.verbose)
        pause_point("cli.end")
    return _summary(settings, outcome)


def _summary(settings: Settings, outcome) -> int:
    started, run_id = outcome.started, outcome.run_id
    failed_steps, failed_checks = outcome.failed_steps, outcome.failed_checks
    print("\n" + "=" * 72)
    rejected_files = []
    if settings.warehouse.exists():
        con = connect(settings.warehouse, read_only=True, wait_seconds=60)
        try:
            files = con.execute(
                "select source, file_name, status, rows_read, rows_loaded, rows_quarantined, "
                "rows_dropped, message from raw.ingest_ledger where ingested_at >= ? "
                "order by ingest_id", [started],
            ).fetchall()
            totals = con.execute(
                "select count(*), coalesce(sum(rows_loaded), 0), "
                "coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_dropped), 0) "
                "from raw.ingest_ledger where status = 'loaded' and superseded_by is null"
            ).fetchone()
            findings = _findings(con)
        finally:
            con.close()
        print(f"Files this run: {len(files)}")
        for source, name, status, read, loaded, quarantined, dropped, message in files:
            print(f"  [{status}] {source}/{name}: read {read}, loaded {loaded}, "
                  f"quarantined {quarantined}, dropped {dropped}")
            if status == "rejected":
                rejected_files.append(name)
                print(f"      → {message}")
        print(f"Warehouse now holds {totals[0]} current file(s): {totals[1]} rows loaded, "
              f"{totals[2]} quarantined, {totals[3]} total rows dropped.")
        print(f"Data-quality findings: {len(findings)}")
        for check_name, message in findings[:8]:
            print(f"  - [{check_name}] {message}")
        if len(findings) > 8:
            print(f"  … and {len(findings) - 8} more: `satudata findings`")
    for severity, asset, check in failed_checks:
        print(f"Check {severity}: {asset} · {check}")
    print(f"\nWarehouse: {settings.warehouse}")
    print(f"Analytics: {settings.analytics}   (read-only copy of the marts, for analysts)")
    print(f"Exports:   {settings.exports}   (Satu Data packages, small counts withheld)")
    print("Query it:  .venv/bin/python -c \"import duckdb; "
          f"print(duckdb.connect('{settings.analytics}', read_only=True)"
          ".sql('select * from marts.mart_cases_monthly_by_kategori limit 5'))\"")
    print(f"UI:        make ui   (then http://127.0.0.1:3000, run id {run_id})")
    if failed_steps or not outcome.success:
        print(f"\nRUN FAILED in step(s): {', '.join(failed_steps) or 'unknown'}. "
              "Rerun with --verbose, or open the run in the UI, to read why.")
        return EXIT_FAILED
    if rejected_files:
        print(f"\nRun completed, but {len(rejected_files)} file(s) were rejected: fix and drop "
              "them again.")
        return EXIT_REJECTED
    print("\n" + _("Run completed."))
    return EXIT_OK


def _findings(con) -> list[tuple[str, str]]:
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' "
        "and table_name = 'data_quality_findings'"
    ).fetchone()[0]
    if not exists:
        return []
    return con.execute(
        "select check_name, message from marts.data_quality_findings order by check_name, "
        "message"
    ).fetchall()


def _warehouse_connection(args: argparse.Namespace):
    settings = _apply_paths(args)
    if not settings.warehouse.exists():
        print(f"No warehouse yet at {settings.warehouse}: run `satudata run` first.")
        sys.exit(EXIT_FAILED)
    return connect(settings.warehouse, read_only=True, wait_seconds=60)


def cmd_ledger(args: argparse.Namespace) -> int:
    con = _warehouse_connection(args)
    rows = con.execute(
        "select ingest_id, ingested_at, source, file_name, status, rows_read, rows_loaded, "
        "rows_quarantined, rows_dropped, superseded_by is null, message "
        "from raw.ingest_ledger order by ingest_id desc limit ?", [args.limit],
    ).fetchall()
    for (ingest_id, at, source, name, status, read, loaded, quarantined, dropped, current,
         message) in rows:
        balance = "ok" if read == loaded + quarantined + dropped else "DOES NOT BALANCE"
        note = "" if current else " (replaced by a newer extract)"
        print(f"#{ingest_id} {at:%Y-%m-%d %H:%M} {source}/{name} [{status}]{note}\n"
              f"    read {read} = loaded {loaded} + quarantined {quarantined} + dropped "
              f"{dropped}: {balance}\n    {message}")
    return EXIT_OK


def cmd_findings(args: argparse.Namespace) -> int:
    con = _warehouse_connection(args)
    findings = _findings(con)
    for check_name, message in findings:
        print(f"[{check_name}] {message}")
    print(f"{len(findings)} open finding(s).")
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace, dry_run: bool = False) -> int:
    settings = _apply_paths(args)

    from ingest.loader import ingest_file

    path = Path(args.file).expanduser().resolve()
    if not path.is_file():
        print(f"{path}: no such file")
        return EXIT_FAILED
    if dry_run:
        scratch = settings.warehouse.with_name(".check.duckdb")
        scratch.unlink(missing_ok=True)
        target = scratch
    else:
        target = settings.warehouse
        target.parent.mkdir(parents=True, exist_ok=True)
    with run_lock(settings.warehouse):
        con = connect(target)
        try:
            result = ingest_file(con, path, args.source, dry_run=dry_run,
                                 progress=_print_progress)
        finally:
            con.close()
            if dry_run:
                target.unlink(missing_ok=True)
    from ingest.ledger import describe

    print("\n".join(describe(result, _("Checked") if dry_run else _("Ingested"))))
    if result.status in ("rejected", "held"):
        return EXIT_REJECTED
    return EXIT_OK


def cmd_accept(args: argparse.Namespace) -> int:
    """Accept a file held because it would shrink its year, and load it now."""
    settings = _apply_paths(args)
    from ingest.ledger import describe
    from ingest.loader import accept_held
    from ingest.years import NothingHeld

    given = Path(args.file).expanduser()
    target = str(given.resolve()) if given.is_file() else args.file
    if not settings.warehouse.exists():
        print(_("No warehouse yet at {path}: nothing is held.", path=settings.warehouse))
        return EXIT_FAILED
    with run_lock(settings.warehouse):
        con = connect(settings.warehouse)
        try:
            result = accept_held(con, target)
        except NothingHeld as error:
            print(str(error))
            return EXIT_FAILED
        finally:
            con.close()
    print("\n".join(describe(result, _("Accepted"))))
    print(_("The marts follow at the next `satudata run`."))
    return EXIT_REJECTED if result.status == "rejected" else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    settings = _apply_paths(args)
    from report.command import report

    return report(settings, args.year, args.out)


def _print_progress(name: str, rows: int) -> None:
    print(f"  {name}: {rows:,} rows read…", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="satudata", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    def paths(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--landing", help="landing folder (default: shipped sample data)")
        sub.add_argument("--warehouse", help="DuckDB warehouse file")
        sub.add_argument("--exports", help="folder for Satu Data exports")

    run = commands.add_parser("run", help="run the whole pipeline on a landing folder")
    paths(run)
    run.add_argument("--verbose", action="store_true", help="show Dagster's step logs")
    for name, text in (("ingest", "validate and load one file"),
                       ("check", "validate one file without loading it")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("file")
        sub.add_argument("--source", required=True, help="uptd, simfoni, …")
        paths(sub)
    accept = commands.add_parser("accept", help="accept a file held because it would shrink "
                                                "its year")
    accept.add_argument("file", help="the held file, or its label / ledger id (#12)")
    paths(accept)
    ledger = commands.add_parser("ledger", help="recent files and their row balance")
    ledger.add_argument("--limit", type=int, default=20)
    paths(ledger)
    findings = commands.add_parser("findings", help="open data-quality findings")
    paths(findings)
    annex = commands.add_parser("report", help="the annual report's statistical annex")
    annex.add_argument("--year", type=int, required=True)
    annex.add_argument("--out", help="output folder (default: reports/<year>/)")
    paths(annex)
    args = parser.parse_args(argv)
    handlers = {
        "run": cmd_run,
        "ingest": cmd_ingest,
        "accept": cmd_accept,
        "check": lambda a: cmd_ingest(a, dry_run=True),
        "ledger": cmd_ledger,
        "findings": cmd_findings,
        "report": cmd_report,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
