"""`satudata`: the command line of the warehouse, in the officer's language.

    satudata run [--landing DIR] [--warehouse FILE] [--exports DIR]   the whole pipeline
    satudata check FILE [--source S]       what loading one file would do; loads nothing
    satudata ingest FILE [--source S]      validate and load one file
    satudata accept FILE                   accept a file held because it would shrink its year
    satudata quarantine FILE | --all [--out DIR]   quarantined rows as a workbook to correct
    satudata ledger [--limit N]            recent files and their row balance
    satudata findings                      open data-quality findings
    satudata report --year YYYY [--out DIR]   the annual report's statistical annex
    satudata rotate-key [--allow-dev-key]  re-pseudonymise the warehouse (a new key, or ids
                                           read the current way)

Every command takes `--lang id|en` (default: `SATUDATA_LANG`, else Indonesian); the language
is passed on to the processes a run starts. A file's source is the landing folder it lies in
(`<landing>/<source>/file`); `--source` overrides it.

`run` exits 0 when everything succeeded, 2 when it completed but a landing file was rejected
or lies where no source reads it, and 1 when a step failed or what was built is not
published; it always ends with a readable summary. It exits 3 when it gave up waiting for
another run or for a program holding the warehouse (SATUDATA_WAIT_SECONDS: the most a run
waits in all, whatever for). Stopped by a signal, while waiting or while a step works (then
with its summary, dbt stopped, nothing half-written published), it exits 128 + the signal's
number: 130 for Ctrl-C, 143 for SIGTERM (`kill`, systemd or docker stopping it, a CI
timeout), 129 for SIGHUP (its terminal closed). Every command that reads the warehouse waits
the same way while another program holds it, saying for whom, and exits 3 when it gives up
(130/143/129 when stopped). `check` and `ingest` exit 2 for a rejected file. A
mistake in what was typed (an unknown source, a missing file, a folder named as a file, a
warehouse that cannot be opened) prints what to do and exits 1, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

import duckdb

from core import i18n, owner
from core.config import DAGSTER_HOME, SITE_LANDING, Settings, prepare_landing
from core.duckdb_files import GaveUp, connect, run_budget
from core.faults import pause_point
from core.i18n import N_, _, ngettext, number
from core.owner import ForeignOutput
from core.suggest import closest
from satudata.landing import UserError, existing_file, source_names, source_of, stray_files
from satudata.waiting import (
    EXIT_GAVE_UP,
    Stopped,
    file_wait_words,
    open_when_free,
    stop_code,
    stop_signals,
)
from schemas.spec import source as source_spec

EXIT_OK, EXIT_FAILED, EXIT_REJECTED = 0, 1, 2
SCREEN_ROWS = 10  # quarantined rows shown on screen; the rest are in `satudata quarantine`
SCREEN_FINDINGS = 8

# What a ledger status means, in the officer's words (an unknown status is shown as is).
SEVERITY = {"WARN": N_("warning"), "ERROR": N_("error")}

# argparse's own messages (usage, errors, help headings), translated like ours.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("expected one argument"), N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("%(prog)s: error: %(message)s\n"),
)


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
    if settings.warehouse.is_dir():
        raise UserError(_("{path} is a folder: --warehouse names the DuckDB file, e.g. "
                          "{example}.", path=settings.warehouse,
                          example=settings.warehouse / "satudata.duckdb"))
    if settings.warehouse.is_file() and not _is_duckdb_file(settings.warehouse):
        raise UserError(_("{path} is not a warehouse: the file is not a DuckDB database. "
                          "Give --warehouse the file `satudata run` writes (its summary names "
                          "it after 'Warehouse:').", path=settings.warehouse))
    if settings.landing.exists() and not settings.landing.is_dir():
        raise UserError(_("{path} is a file: --landing names the folder that holds one "
                          "folder per source.", path=settings.landing))
    file_on_the_way = next((place for place in (settings.exports, *settings.exports.parents)
                            if place.exists()), None)
    if file_on_the_way is not None and not file_on_the_way.is_dir():
        raise UserError(_("{path} is a file: --exports names the folder the Satu Data exports "
                          "are published in (a new folder is made).", path=file_on_the_way))
    settings.export_env()
    os.environ.setdefault("DAGSTER_HOME", str(DAGSTER_HOME))
    _instance_settings(Path(os.environ["DAGSTER_HOME"]))
    return settings


def _instance_settings(home: Path) -> None:
    """Give a Dagster home without settings (`DAGSTER_HOME` set to a new folder) the project's
    `dagster.yaml`: without it Dagster printed English warnings, turned its telemetry on and
    ran without the one-writer `duckdb` pool and the run monitoring (README, "Operations").
    A home's own `dagster.yaml` is left as it is."""
    home.mkdir(parents=True, exist_ok=True)
    settings = home / "dagster.yaml"
    if not settings.exists() and home.resolve() != DAGSTER_HOME.resolve():
        shutil.copyfile(DAGSTER_HOME / "dagster.yaml", settings)
        _to_stderr(_("The Dagster home {home} had no settings: the project's dagster.yaml "
                     "was copied into it (no telemetry, one writer of the warehouse at a "
                     "time).", home=home))


def _is_duckdb_file(path: Path) -> bool:
    """Whether `path` starts as a DuckDB database does (its magic bytes `DUCK` after the
    8-byte checksum of the main header), read without opening it: another process may hold
    the warehouse, and every command must refuse a wrong file before waiting for it."""
    with path.open("rb") as file:
        return file.read(12)[8:12] == b"DUCK"


LEDGER, FINDINGS = "raw.ingest_ledger", "marts.data_quality_findings"  # what commands read


def open_warehouse(path: Path, read_only: bool = True,
                   needs: tuple[str, ...] = ()) -> duckdb.DuckDBPyConnection:
    """The warehouse, holding the tables `needs` names (`schema.table`), or a UserError
    saying, in the officer's language, which file it is and what is wrong: no file yet, a file
    that is no DuckDB database, one held by another program, or one without the tables a run
    writes (a new DuckDB file, or another program's). Every command that reads the warehouse
    opens it here, so none prints DuckDB's own English error or a traceback (a file that is no
    DuckDB database is refused before, by `_apply_paths`).

    While another program holds the file it waits, saying on stderr for whom, as long as the
    wait budget lasts (the run's inside `satudata run`, else SATUDATA_WAIT_SECONDS), then
    raises Stopped (exit 3); Ctrl-C stops the wait (exit 130)."""
    if not path.exists():
        raise UserError(_("No warehouse yet at {path}: run `satudata run` first.", path=path))
    try:
        con = open_when_free(path, _to_stderr, read_only=read_only, before_writing=False)
    except duckdb.Error as error:
        raise UserError(_("{path} cannot be opened as a DuckDB warehouse ({error}).",
                          path=path, error=error)) from None
    missing = [name for name in needs if not _has_table(con, name)]
    if _has_table(con, ANALYTICS_MARK):
        # The analysts' copy holds the marts (findings included) but not the raw ledger: a
        # command that needs the ledger names the warehouse; one that reads marts says whose
        # copy it reads.
        warehouse = _published_from(con) or _warehouse_beside(path)
        if missing:
            con.close()
            raise UserError(_("{path} is the analysts' copy (the analytics file a run "
                              "publishes): it holds the marts, not the ledger. Give "
                              "--warehouse the warehouse itself: {warehouse}.", path=path,
                              warehouse=warehouse))
        print(_("(Read from the analysts' copy {path}; the warehouse itself is {warehouse}.)",
                path=path, warehouse=warehouse), file=sys.stderr)
    if missing:
        con.close()
        raise UserError(_("{path} holds no run results yet ({tables} missing): run `satudata "
                          "run` first, or give --warehouse the file a run wrote.", path=path,
                          tables=", ".join(missing)))
    return con


def _to_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


ANALYTICS_MARK = "main.publication"  # the table only a published analytics file holds


def _published_from(con: duckdb.DuckDBPyConnection) -> str | None:
    """The warehouse an analytics file records it was published from (None before it did)."""
    try:
        row = con.execute("select warehouse from main.publication").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row and row[0] else None


def _warehouse_beside(analytics: Path) -> str:
    """The warehouse an analytics file was published from, where a run puts it (next to the
    analytics file, or next to its versions folder); else how to find it."""
    for folder in (analytics.parent, analytics.parent.parent):
        candidate = folder / "satudata.duckdb"
        if candidate.is_file():
            return str(candidate)
    return _("the file `satudata run` writes (its summary names it after 'Warehouse:')")


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    schema, table = name.split(".")
    return con.execute(
        "select count(*) from information_schema.tables where table_schema = ? "
        "and table_name = ?", [schema, table]).fetchone()[0] > 0


def _key_refusal(settings: Settings) -> str | None:
    """Why this run must not start with the key set now: another key made the warehouse's
    pseudonyms, or the development key would publish exports without being allowed.

    Reading the warehouse's pseudonyms waits, saying for whom, while another program holds
    the file, and draws on the run's wait budget (the caller opens it first): Stopped (exit 3)
    when it is spent, exit 130 on Ctrl-C."""
    from ingest.privacy import DevelopmentKeyRefused, KeyMismatch, check_key, refuse_development_key

    con = open_when_free(settings.warehouse, read_only=True) \
        if settings.warehouse.exists() else None
    try:
        if con is not None:
            check_key(con)
        refuse_development_key(con)
    except (KeyMismatch, DevelopmentKeyRefused) as error:
        return str(error)
    finally:
        if con is not None:
            con.close()
    return None


def cmd_run(args: argparse.Namespace) -> int:
    settings = _apply_paths(args)
    if settings.landing != SITE_LANDING and not settings.landing.exists():
        # Only the site's own folder is made from nothing: a mistyped folder is a mistake.
        parent = settings.landing.parent
        nearby = closest(settings.landing.name, [p.name for p in parent.iterdir() if p.is_dir()]
                         ) if parent.is_dir() else None
        hint = _(" Did you mean: {file}?", file=parent / nearby) if nearby else ""
        raise UserError(_("The landing folder {folder} does not exist.{hint}",
                          folder=settings.landing, hint=hint))
    created = prepare_landing(settings.landing, source_names())
    if created:
        print(_("Landing folder ready at {folder}, one folder per source ({sources}): drop "
                "each extract in its source's folder.", folder=settings.landing,
                sources=", ".join(source_names())), flush=True)
    from ingest.privacy import ALLOW_DEV_KEY
    from satudata.pipeline import run_pipeline
    from satudata.waiting import run_lock

    if args.allow_dev_key:
        os.environ[ALLOW_DEV_KEY] = "1"
    print(_("Satu Data PPA NTT — pipeline run on {landing}", landing=settings.landing),
          flush=True)
    try:
        # One wait budget for the whole run, opened before its first wait: the run lock, the
        # key check's and the summary's reads of the warehouse, the slot, the warehouse file.
        with run_budget():
            with run_lock(settings.warehouse):
                refusal = _key_refusal(settings)
                if refusal:
                    print(refusal)
                    return EXIT_FAILED
                outcome = run_pipeline(settings, verbose=args.verbose)
                pause_point("cli.end")
            return _summary(settings, outcome)
    except Stopped as stop:  # gave up waiting, or Ctrl-C / SIGTERM while waiting
        print(stop, flush=True)
        return stop.code


def _summary(settings: Settings, outcome) -> int:
    from ingest.ledger import row_counts, status_word
    from publish.analytics import versions_folder
    from satudata.pipeline import MADE_ANALYTICS, MADE_ANNEX, MADE_EXPORTS, MADE_FINDINGS

    started, run_id = outcome.started, outcome.run_id
    failed_steps, failed_checks = outcome.failed_steps, outcome.failed_checks
    # A stopped or failed run states no count and no path of a step that did not finish.
    unfinished = outcome.unfinished()
    print("\n" + "=" * 72)
    rejected_files = []
    quarantined = False
    if settings.warehouse.exists():
        con = open_warehouse(settings.warehouse)
        try:
            files = con.execute(
                # Files by their label (`uptd 2023 #12`): a run's output ends up in logs, and
                # a file name is an officer's free text; `satudata ledger` maps labels to names.
                "select source, coalesce(file_label, file_name), status, rows_read, "
                "rows_loaded, rows_quarantined, rows_dropped, message from raw.ingest_ledger "
                "where ingested_at >= ? order by ingest_id", [started],
            ).fetchall()
            totals = con.execute(
                "select count(*), coalesce(sum(rows_loaded), 0), "
                "coalesce(sum(rows_quarantined), 0), coalesce(sum(rows_dropped), 0) "
                "from raw.ingest_ledger where status = 'loaded' and superseded_by is null"
            ).fetchone()
            findings = _findings(con)
            from ingest.ledger import refused_in_landing
            from ingest.loader import id_reading_note

            reading_note = id_reading_note(con)
            still_refused = refused_in_landing(con, settings.landing, source_names())
        finally:
            con.close()
        print(_("Files this run: {count}", count=number(len(files))))
        for _source, name, status, read, loaded, held, dropped, message in files:
            print(f"  [{status_word(status)}] {name}: "
                  + row_counts(status, read, loaded, held, dropped))
            quarantined = quarantined or held > 0
            if status == "rejected":
                rejected_files.append(name)
                print(f"      → {message.removeprefix(f'{name}: ')}")
        # A refused file left in the landing folder is read as unchanged by every later
        # run: it is named on each one, and the run exits as on the run that refused it.
        earlier = [refused for refused in still_refused if refused.label not in rejected_files]
        if earlier:
            print(ngettext("{count} file in the landing folder is still refused (unchanged "
                           "since):", "{count} files in the landing folder are still refused "
                           "(unchanged since):", len(earlier), count=number(len(earlier))))
        for refused in earlier:
            rejected_files.append(refused.label)
            print(f"  [{status_word('rejected')}] {refused.label}: {refused.reason}")
        if rejected_files:
            print(_("  Correct a refused file and put it back, or move it out of the landing "
                    "folder; `satudata ledger` shows which file each label is."))
        print(_("The warehouse now holds {files} current file(s): {loaded} rows loaded, "
                "{quarantined} quarantined, {dropped} total rows dropped.",
                files=number(totals[0]), loaded=number(totals[1]),
                quarantined=number(totals[2]), dropped=number(totals[3])))
        if reading_note:
            print(reading_note)
        if quarantined:
            print(_("  Quarantined rows, as a workbook to correct: satudata quarantine --all"))
        if MADE_FINDINGS in unfinished:
            # The table holds an earlier build's findings, or a half-done one's: no count.
            print(_("Data-quality findings: not computed in this run (step {step} did not "
                    "finish).", step=outcome.made_by[MADE_FINDINGS]))
        else:
            print(_("Data-quality findings: {count}", count=number(len(findings))))
            for check_name, message in findings[:SCREEN_FINDINGS]:
                print(f"  - [{check_name}] {message}")
            if len(findings) > SCREEN_FINDINGS:
                print(_("  … and {count} more: satudata findings",
                        count=number(len(findings) - SCREEN_FINDINGS)))
    strays = stray_files(settings.landing)
    if strays:
        print(ngettext("{count} file under the landing folder was not read:",
                       "{count} files under the landing folder were not read:", len(strays),
                       count=number(len(strays))))
        for stray in strays:
            print(f"  ! {stray.advice()}")
    for severity, asset, check in failed_checks:
        shown = _(SEVERITY[severity]) if severity in SEVERITY else severity
        print(_("Check {severity}: {asset} · {check}", severity=shown, asset=asset,
                check=check))
    for note in outcome.notes:
        print(note)
    print()
    print(_("Warehouse: {path}", path=settings.warehouse))
    analytics_here = MADE_ANALYTICS not in unfinished or _published_by(outcome, settings)
    if analytics_here:
        print(_("Analytics: {path}   (read-only copy of the marts, for analysts)",
                path=settings.analytics))
    else:
        _say_analytics_not_published(settings)
    if MADE_EXPORTS not in unfinished or _released_by(outcome, settings):
        print(_("Exports:   {path}   (Satu Data packages, small counts withheld)",
                path=settings.exports))
    else:
        _say_exports_not_published(settings)
    if MADE_ANNEX in unfinished:
        _say_annex_not_made(settings, untouched=outcome.untouched(MADE_ANNEX))
    if analytics_here or (settings.analytics.exists() and not _other_owner(
            versions_folder(settings.analytics), settings)):
        print(_("Query it:  {command}", command=(
            ".venv/bin/python -c \"import duckdb; "
            f"print(duckdb.connect('{settings.analytics}', read_only=True)"
            ".sql('select * from marts.mart_cases_monthly_by_kategori limit 5'))\"")))
    print(_("UI:        make ui   (then http://127.0.0.1:3000, run id {run_id})",
            run_id=run_id))
    from ingest.privacy import describe_key, using_development_key

    print(_("Pseudonyms: {key}", key=describe_key()))
    if using_development_key():
        print(_("The development key is in use (--allow-dev-key): for demonstrations only, "
                "never for real case data."))
    for step, cause in outcome.failures:
        print(f"  {step}: {cause}")
    for words in outcome.unpublished:
        print(f"  {words}")
    if outcome.interrupted:
        print("\n" + _("RUN STOPPED by Ctrl-C, SIGTERM or SIGHUP in step(s): {steps}. What the run "
                       "had not finished is not published; the next `satudata run` builds it "
                       "again. The run's log (with Dagster's details) is in the UI: make ui, run "
                       "id {run_id}.", steps=", ".join(failed_steps) or _("unknown"),
                       run_id=run_id))
        if outcome.helpers_log:
            print(_("What the run's helper processes wrote: {path}", path=outcome.helpers_log))
        return stop_code()
    if outcome.gave_up:
        print("\n" + _("RUN GAVE UP WAITING: {words}", words=outcome.gave_up))
        return EXIT_GAVE_UP
    if failed_steps or not outcome.success:
        print("\n" + _("RUN FAILED in step(s): {steps}. Rerun with --verbose, or open the "
                       "run in the UI, to read why.",
                       steps=", ".join(failed_steps) or _("unknown")))
        return EXIT_FAILED
    if rejected_files or strays:
        # Only what happened is named: "2 berkas ditolak dan 0 berkas tidak dibaca" read as
        # if something else had gone wrong.
        parts = []
        if rejected_files:
            parts.append(_("{count} file(s) rejected", count=number(len(rejected_files))))
        if strays:
            parts.append(_("{count} file(s) not read", count=number(len(strays))))
        print("\n" + _("Run completed, but {what}: fix or move them and drop them again.",
                       what=_(" and ").join(parts)))
        return EXIT_REJECTED
    print("\n" + _("Run completed."))
    return EXIT_OK


def _published_by(outcome, settings: Settings) -> bool:
    """Whether the analytics file in place is this run's (its link was switched before the
    run stopped or failed)."""
    from publish.publication_state import read_publication

    publication = read_publication(settings.analytics)
    return publication is not None and publication.run_id == outcome.run_id


def _released_by(outcome, settings: Settings) -> bool:
    """Whether the exports' release record is this run's (written once every package was
    in place)."""
    from publish.publication_state import read_release

    return (read_release(settings.exports) or {}).get("run_id") == outcome.run_id


def _say_analytics_not_published(settings: Settings) -> None:
    """The analytics line of a run whose analytics step did not finish: the file in place, if
    any, is the last finished run's (the link to it is switched in one step)."""
    from publish.analytics import versions_folder
    from publish.publication_state import read_publication

    print(_("Analytics: not published in this run."))
    other = _other_owner(versions_folder(settings.analytics), settings)
    if other:
        print(_("  {path} belongs to another warehouse ({owner}) and is left as it was.",
                path=settings.analytics, owner=other))
        return
    publication = read_publication(settings.analytics)
    if publication is not None:
        at = publication.published_at.strftime("%Y-%m-%d %H:%M")
        print(_("  The file of the last finished run is still the one in place: {path} "
                "(published {at}).", path=settings.analytics, at=at))
    elif settings.analytics.exists():
        print(_("  An earlier run's file is still the one in place: {path}.",
                path=settings.analytics))
    else:
        print(_("  No analytics file has been published yet."))


def _say_exports_not_published(settings: Settings) -> None:
    """The exports line of a run whose exports step did not finish: the packages in place are
    the last release's when none is newer than its record (each package is swapped in whole,
    the record written after the last one)."""
    from publish.publication_state import RELEASE_FILE, read_release

    print(_("Exports:   not published in this run."))
    other = _other_owner(settings.exports, settings)
    if other:
        print(_("  {path} belongs to another warehouse ({owner}) and is left as it was.",
                path=settings.exports, owner=other))
        return
    record = settings.exports / RELEASE_FILE
    release = read_release(settings.exports)
    packages = [folder for folder in settings.exports.iterdir()
                if folder.is_dir() and not folder.name.startswith(".")] \
        if settings.exports.is_dir() else []
    if release is None or not record.exists():
        if packages:
            print(_("  Packages of an earlier run are in {path}, but no complete release of "
                    "them is recorded.", path=settings.exports))
        else:
            print(_("  No Satu Data export has been published yet."))
        return
    at = _minute(release.get("published_at"))
    if any(folder.stat().st_mtime > record.stat().st_mtime for folder in packages):
        print(_("  Some packages in {path} are newer than its last release (published {at}): "
                "the next run publishes the release whole.", path=settings.exports, at=at))
    else:
        print(_("  The packages of the last finished release are still the ones in place: "
                "{path} (published {at}).", path=settings.exports, at=at))


def _other_owner(folder: Path, settings: Settings) -> str | None:
    """The warehouse the output recorded in `folder` belongs to, when it is not this run's
    (core.owner); None when it is this run's or nobody's yet."""
    try:
        owner.check(folder, settings.warehouse, owner.EXPORTS)
    except ForeignOutput as foreign:
        return foreign.owner or _("unknown")
    return None


def _minute(iso: str | None) -> str:
    """A release record's time (ISO 8601) as `YYYY-MM-DD HH:MM`; `?` when it has none."""
    try:
        return f"{dt.datetime.fromisoformat(iso):%Y-%m-%d %H:%M}"
    except (TypeError, ValueError):
        return "?"


def _say_annex_not_made(settings: Settings, untouched: bool) -> None:
    """The annex line of a run whose annex step did not finish. Its files are written in
    place: an earlier run's are named only when the step did not begin in this run."""
    print(_("Annual report annex: not made in this run."))
    other = _other_owner(settings.reports, settings)
    if other:
        print(_("  {path} belongs to another warehouse ({owner}) and is left as it was.",
                path=settings.reports, owner=other))
        return
    folders = sorted(folder for folder in settings.reports.glob("[0-9][0-9][0-9][0-9]")
                     if folder.is_dir()) if settings.reports.is_dir() else []
    if not untouched:
        print(_("  It had begun when the run ended: its files may be incomplete; the next "
                "run makes them again."))
    elif folders:
        print(_("  The annex of an earlier run is still the one in place: {folders}.",
                folders=", ".join(str(folder) for folder in folders)))


def _findings(con) -> list[tuple[str, str]]:
    exists = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' "
        "and table_name = 'data_quality_findings'"
    ).fetchone()[0]
    if not exists:
        return []
    from report.warehouse import finding_message

    # In the language of this command, whichever language the last build ran in.
    message = finding_message(con)
    return con.execute(
        f"select check_name, {message} from marts.data_quality_findings "
        f"order by check_name, {message}"
    ).fetchall()


def cmd_ledger(args: argparse.Namespace) -> int:
    from ingest.ledger import REPLACED, row_counts, status_word

    con = open_warehouse(_apply_paths(args).warehouse, needs=(LEDGER,))
    try:
        rows = con.execute(
            "select ingest_id, ingested_at, source, file_name, status, rows_read, rows_loaded, "
            "rows_quarantined, rows_dropped, superseded_by is null, message "
            "from raw.ingest_ledger order by ingest_id desc limit ?", [args.limit],
        ).fetchall()
    finally:
        con.close()
    if not rows:
        print(_("The ledger holds no file yet: drop extracts into the landing folder and run "
                "`satudata run` (or `satudata ingest FILE`)."))
    for (ingest_id, at, source, name, status, read, loaded, quarantined, dropped, current,
         message) in rows:
        balance = _("balanced") if read == loaded + quarantined + dropped else \
            _("DOES NOT BALANCE")
        note = "" if current else " " + _(REPLACED)
        print(f"#{ingest_id} {at:%d-%m-%Y %H:%M} {source}/{name} [{status_word(status)}]{note}")
        if status in ("held", "accepted"):
            print("    " + row_counts(status, read, loaded, quarantined, dropped))
        else:
            print("    " + _("read {read} = loaded {loaded} + quarantined {quarantined} + "
                             "dropped {dropped}: {balance}", read=number(read),
                             loaded=number(loaded), quarantined=number(quarantined),
                             dropped=number(dropped), balance=balance))
        print(f"    {message}")
    return EXIT_OK


def cmd_findings(args: argparse.Namespace) -> int:
    con = open_warehouse(_apply_paths(args).warehouse, needs=(FINDINGS,))
    try:
        findings = _findings(con)
    finally:
        con.close()
    for check_name, message in findings:
        print(f"[{check_name}] {message}")
    print(ngettext("{count} open finding.", "{count} open findings.", len(findings),
                   count=number(len(findings))))
    return EXIT_OK


def cmd_ingest(args: argparse.Namespace, dry_run: bool = False) -> int:
    settings = _apply_paths(args)
    path = existing_file(args.file)
    name = source_of(path, args.source)

    from ingest.headers import quoted_headers
    from ingest.ledger import row_counts, status_word
    from ingest.loader import id_reading_note, ingest_file, pseudonymises
    from ingest.privacy import KeyMismatch
    from satudata import quarantine

    spec = source_spec(name)
    reading_note = None
    if dry_run:
        with tempfile.TemporaryDirectory(prefix="satudata-check-") as scratch:
            con = connect(Path(scratch) / "check.duckdb")
            try:
                _as_loaded(con, settings.warehouse, name)
                result = ingest_file(con, path, name, dry_run=True, progress=_print_progress)
                reading_note = id_reading_note(con) if pseudonymises(spec) else None
            except KeyMismatch as error:  # the warehouse's pseudonyms are another key's
                print(error)
                return EXIT_FAILED
            except Stopped as stop:  # gave up waiting for a run, or Ctrl-C while waiting
                print(stop)
                return stop.code
            finally:
                con.close()
    else:
        settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
        from satudata.waiting import run_lock

        try:
            # One wait budget for the run lock and the file, each wait said out loud.
            with run_budget(), run_lock(settings.warehouse):
                con = open_when_free(settings.warehouse)
                try:
                    result = ingest_file(con, path, name, progress=_print_progress)
                    reading_note = id_reading_note(con) if pseudonymises(spec) else None
                finally:
                    con.close()
        except KeyMismatch as error:
            print(error)
            return EXIT_FAILED
        except Stopped as stop:  # gave up waiting for a run, or Ctrl-C / SIGTERM while waiting
            print(stop)
            return stop.code
    # A row of a sheet after the first is named with its sheet ("5 (lembar ...)"): only the
    # first sheet's rows are looked up in the grid, which gives the headers as written.
    wanted = {row for row, *_rest in [*result.sample_issues, *result.sample_flagged]
              if isinstance(row, int)}
    grid = quarantine.read_grid(path, spec, wanted) if result.status == "loaded" else None
    counts = {"read": number(result.rows_read), "loaded": number(result.rows_loaded),
              "quarantined": number(result.rows_quarantined),
              "dropped": number(result.rows_dropped)}
    if dry_run:
        print(_("Check of {file} as {source} — nothing was loaded into the warehouse.",
                file=path.name, source=name))
        if result.status == "loaded":
            print("  " + _("{read} rows read: {loaded} would be loaded, {quarantined} would be "
                           "quarantined, {dropped} total row(s) would be dropped.", **counts))
            print(f"  {result.message}")  # how it was read: sheet, date order, notes
            ignored = grid.ignored if grid else []
            if ignored:
                print("  " + _("Columns not read (not a column of {source}): {columns}",
                               source=name, columns=quoted_headers(ignored)))
        else:
            print(f"  [{status_word(result.status)}] {result.message}")
    else:
        print(_("{file} as {source}: {status}", file=path.name, source=name,
                status=status_word(result.status)))
        if result.status == "loaded":
            print("  " + _("{read} rows read = {loaded} loaded + {quarantined} quarantined + "
                           "{dropped} total row(s) dropped", **counts))
        elif result.status == "held":
            print("  " + row_counts(result.status, result.rows_read, result.rows_loaded,
                                    result.rows_quarantined, result.rows_dropped))
        print(f"  {result.message}")
    if reading_note:
        print("  " + reading_note)
    if result.months:
        print("  " + _("rows per month: {months}", months=", ".join(
            f"{month}: {number(count)}" for month, count in result.months.items())))
    _print_issues(result, spec, grid, args.file, dry_run)
    for finding in result.findings:
        print("  " + _("finding: {finding}", finding=finding))
    if result.status in ("rejected", "held") or (
            result.status == "unchanged" and result.previous_status in ("rejected", "held")):
        return EXIT_REJECTED  # refused or held, now or when this content was last put here
    return EXIT_OK


def _as_loaded(con, warehouse: Path, source: str) -> None:
    """Give a check's scratch warehouse (`con`) the warehouse's ledger and its current rows of
    `source`, so the check judges a file as loading it would: a month file against the months
    loaded before it, a newer extract against the year it replaces, its ids read with the
    warehouse's id reading. Nothing when the warehouse does not exist or has no ledger.
    Waits, like every reader, while a run holds the warehouse (`Stopped` once the wait
    budget is spent)."""
    if not warehouse.exists():
        return
    from core.duckdb_files import GaveUp, attach
    from satudata.waiting import file_wait_words, gave_up_stop, interruptible, say

    what = _("the warehouse file {file}", file=warehouse.name)
    with interruptible():
        try:
            attach(con, warehouse, "loaded", read_only=True,
                   on_wait=file_wait_words(say, what))
        except GaveUp as gave_up:
            raise gave_up_stop(gave_up) from None
    try:
        tables = {table for (table,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'loaded' "
            "and schema_name = 'raw'").fetchall()}
        if "ingest_ledger" not in tables:
            return
        con.execute("create schema raw")
        # The whole ledger, also without rows of `source` yet: it tells the warehouse's id
        # reading (`ingest.loader.warehouse_id_reading`), which the check must read with.
        for table in ("ingest_ledger", source):
            if table in tables:
                con.execute(f"create table raw.{table} as select * from loaded.raw.{table}")
        after = con.execute("select coalesce(max(ingest_id), 0) + 1 from raw.ingest_ledger"
                            ).fetchone()[0]
        con.execute(f"create sequence raw.ingest_id_seq start {int(after)}")
    finally:
        con.execute("detach loaded")


def _print_issues(result, spec, grid, typed_path: str, dry_run: bool) -> None:
    """The first cells of quarantined rows and, under a heading of their own, the first flagged
    cells of loaded rows (`row_kept`), at most `SCREEN_ROWS` rows each; each heading counts its
    rows as the ledger does (`rows_quarantined`; loaded rows with a flagged cell), and a list
    cut short ends with how many rows it left out and the command that lists them all."""
    from satudata.quarantine import issue_line

    command = f"satudata quarantine {shlex.quote(typed_path)}"
    if result.sample_issues or result.rows_quarantined:
        count = number(result.rows_quarantined)
        print("  " + (_("{count} row(s) would be quarantined (not loaded):", count=count)
                      if dry_run else _("{count} row(s) quarantined (not loaded):",
                                        count=count)))
        shown = _print_rows(result.sample_issues, spec, grid, issue_line)
        if result.rows_quarantined > shown:
            print("    " + _("… and {count} more row(s): {command}",
                             count=number(result.rows_quarantined - shown), command=command))
    if result.sample_flagged:
        print("  " + (_("{count} row(s) would be loaded with flagged cells (not quarantined; "
                        "a flagged cell is stored empty unless its reason says otherwise):",
                        count=number(result.rows_flagged)) if dry_run
                      else _("{count} row(s) loaded with flagged cells (not quarantined; a "
                             "flagged cell is stored empty unless its reason says otherwise):",
                             count=number(result.rows_flagged))))
        shown = _print_rows(result.sample_flagged, spec, grid, issue_line)
        if result.rows_flagged > shown:
            print("    " + _("… and {count} more loaded row(s) with flagged cells: {command}",
                             count=number(result.rows_flagged - shown), command=command))


def _screen_value(grid, row, column: str, value: str, spec) -> str:
    """A flagged cell's value on screen: as the quarantine stored it, but a value it masked
    (`***`: free text is never stored) as the correction workbook shows the file's cell,
    `***` only where it is private (`satudata.quarantine.FileGrid.shown_cell`)."""
    if grid is None or value != "***":
        return value
    found = grid.shown_cell(row, column, spec)
    return value if found is None or found == "" else str(found)


def _print_rows(issues: list[tuple], spec, grid, line) -> int:
    """Print the cells of the first `SCREEN_ROWS` rows of `issues` (row, column, value,
    reason); returns how many rows of the file were shown (a file-level issue is none)."""
    rows: dict[int | str | None, list[tuple]] = {}
    for row, column, value, reason in issues:
        rows.setdefault(row, []).append((column, value, reason))
    shown = list(rows.items())[:SCREEN_ROWS]
    for row, problems in shown:
        for column, value, reason in problems:
            label = grid.column_label(column, spec) if grid else column
            print("    " + line(row, label, _screen_value(grid, row, column, value, spec),
                                reason))
    return sum(row is not None for row, _problems in shown)


def cmd_quarantine(args: argparse.Namespace) -> int:
    settings = _apply_paths(args)
    folder = Path(args.out).expanduser().resolve() if args.out else settings.quarantine_sheets
    if folder.is_relative_to(settings.landing):
        raise UserError(_("{folder} is inside the landing folder, where a workbook would be "
                          "read as data: choose another --out.", folder=folder))
    if folder == settings.quarantine_sheets:
        # The karantina folder is the warehouse's; a folder given with --out is the person's,
        # unless it is (or lies in) another warehouse's output.
        owner.check(folder, settings.warehouse, owner.KARANTINA)
    else:
        owner.check_chosen(folder, settings.warehouse, owner.KARANTINA)
    if args.all:
        if args.file:
            raise UserError(_("Give a FILE or --all, not both."))
        targets = _quarantined_files(settings)
        if not targets:
            print(_("No current file has quarantined rows."))
            return EXIT_OK
    elif not args.file:
        raise UserError(_("Name a landing FILE, or give --all for every file with "
                          "quarantined rows."))
    else:
        path = existing_file(args.file)
        targets = [(source_of(path, args.source), path, None)]
    code = EXIT_OK
    for name, path, rows in targets:
        code = max(code, _write_quarantine(settings, folder, name, path, rows))
    return code


def _quarantined_files(settings: Settings) -> list[tuple[str, Path | None, list | None]]:
    """Every current ledger file with quarantined rows: (source, its landing file or None
    when it is no longer there, its quarantined rows)."""
    from satudata.quarantine import find_landing_file, quarantined_rows

    con = open_warehouse(settings.warehouse, needs=(LEDGER,))
    try:
        files = con.execute(
            "select source, file_name, sha256, file_path from raw.ingest_ledger "
            "where status = 'loaded' and superseded_by is null and rows_quarantined > 0 "
            "order by source, ingest_id"
        ).fetchall()
        found = []
        for source, file_name, sha, loaded_from in files:
            _ingest_id, rows = quarantined_rows(con, source, sha)
            path = find_landing_file(settings.landing, source, file_name, sha, loaded_from)
            found.append((source, path or Path(file_name), rows))
    finally:
        con.close()
    return found


def _write_quarantine(settings: Settings, folder: Path, name: str, path: Path,
                      rows: list | None) -> int:
    from satudata import quarantine

    spec = source_spec(name)
    present = path.is_file()
    checked = False
    if rows is None:
        rows, checked, rejected = _rows_of(settings, name, path)
        if rejected is not None:
            print(_("{file} ({source}) is rejected whole, no row was read: {message}",
                    file=path.name, source=name, message=rejected))
            return EXIT_REJECTED
    if not rows:
        print(_("{file} ({source}): no quarantined rows.", file=path.name, source=name))
        return EXIT_OK
    # Each sheet holding quarantined rows (or loaded rows with flagged cells) is re-read for
    # its own rows and headers.
    parts = [(quarantine.read_grid(path, spec, {item.row for item in group if item.row is not None},
                                   group[0].sheet, group[0].sheet_number) if present else None,
              group) for group in quarantine.by_sheet(rows)]
    if folder == settings.quarantine_sheets:
        owner.claim(folder, settings.warehouse, owner.KARANTINA)
    target = quarantine.write_workbook(quarantine.target_for(folder, spec, path), path, spec,
                                       parts)
    quarantined, loaded = quarantine.counted(rows)
    if quarantined:
        print(_("{file} ({source}): {count} quarantined row(s) → {workbook}", file=path.name,
                source=name, count=number(quarantined), workbook=target))
    else:
        print(_("{file} ({source}): no quarantined rows; the rows loaded with flagged cells "
                "→ {workbook}", file=path.name, source=name, workbook=target))
    if loaded:
        print("  " + _("{count} row(s) were loaded with flagged cells (not quarantined): "
                       "listed on the sheet '{sheet}'", count=number(loaded),
                       sheet=quarantine.flagged_title()))
    if checked:
        print("  " + _("The file is not loaded as it is now: its rows were checked, nothing "
                       "was loaded."))
    if not present:
        print("  " + _("The file is no longer in the landing folder: the workbook holds the "
                       "column, value and reason of each row only."))
    shown = 0
    refused = [(grid, group) for grid, group in parts if not group[0].kept]
    for grid, group in refused:
        for item in group[:SCREEN_ROWS - shown]:
            row = item.row
            if len(refused) > 1 and row is not None:
                where = grid.sheet.named if grid is not None and grid.sheet else item.sheet
                row = f"{row} ({where})" if where else row
            for problem in item.problems:
                label = grid.column_label(problem.column, spec) if grid else problem.column
                print("  " + quarantine.issue_line(row, label, _screen_value(
                    grid, item.row, problem.column, problem.value, spec), problem.reason))
        shown += len(group[:SCREEN_ROWS - shown])
    if quarantined > SCREEN_ROWS:
        print("  " + _("… and {count} more row(s): open {workbook}",
                       count=number(quarantined - SCREEN_ROWS), workbook=target))
    return EXIT_OK


def _rows_of(settings: Settings, name: str, path: Path) -> tuple[list, bool, str | None]:
    """The quarantined rows of a landing file: from the warehouse when this content was
    loaded, else from a check into a scratch warehouse. Returns (rows, checked, rejection)."""
    from ingest.loader import ingest_file
    from satudata.quarantine import quarantined_rows, sha256_of

    sha = sha256_of(path)
    if settings.warehouse.exists():
        con = open_warehouse(settings.warehouse)
        try:
            known = con.execute(
                "select count(*) from information_schema.tables where table_schema = 'raw' "
                "and table_name = 'ingest_ledger'").fetchone()[0]
            found = quarantined_rows(con, name, sha) if known else None
        finally:
            con.close()
        if found is not None:
            return found[1], False, None
    with tempfile.TemporaryDirectory(prefix="satudata-quarantine-") as scratch:
        con = connect(Path(scratch) / "check.duckdb")
        try:
            result = ingest_file(con, path, name, progress=_print_progress)
            if result.status == "rejected":
                return [], True, result.message
            found = quarantined_rows(con, name, sha)
        finally:
            con.close()
    return (found[1] if found else []), True, None


def cmd_rotate_key(args: argparse.Namespace) -> int:
    """Re-pseudonymise the warehouse from its landing files with the key set now."""
    settings = _apply_paths(args)
    from ingest.privacy import ALLOW_DEV_KEY, DevelopmentKeyRefused, refuse_development_key
    from ingest.rekey import RotationRefused, rotate_key, summary

    if args.allow_dev_key:
        os.environ[ALLOW_DEV_KEY] = "1"
    from satudata.waiting import run_lock

    if not settings.warehouse.exists():
        print(_("No warehouse yet at {path}: nothing to re-pseudonymise.",
                path=settings.warehouse))
        return EXIT_FAILED
    open_warehouse(settings.warehouse, needs=(LEDGER,)).close()  # a warehouse, with a ledger
    try:
        refuse_development_key()
        with run_lock(settings.warehouse):
            rotation = rotate_key(settings.warehouse)
    except (RotationRefused, DevelopmentKeyRefused) as error:
        print(error)
        return EXIT_FAILED
    except Stopped as stop:  # gave up waiting for a run, or Ctrl-C / SIGTERM while waiting
        print(stop)
        return stop.code
    print(summary(rotation))
    return EXIT_OK


def cmd_accept(args: argparse.Namespace) -> int:
    """Accept a file held because it would shrink its year, and load it now."""
    settings = _apply_paths(args)
    from ingest.ledger import describe
    from ingest.loader import accept_held
    from ingest.years import NothingHeld
    from satudata.waiting import run_lock

    given = Path(args.file).expanduser()
    target = str(given.resolve()) if given.is_file() else args.file
    if not settings.warehouse.exists():
        print(_("No warehouse yet at {path}: nothing is held.", path=settings.warehouse))
        return EXIT_FAILED
    open_warehouse(settings.warehouse, needs=(LEDGER,)).close()  # a warehouse, with a ledger
    try:
        with run_budget(), run_lock(settings.warehouse):
            con = open_when_free(settings.warehouse)
            try:
                result = accept_held(con, target)
            except NothingHeld as error:
                print(str(error))
                return EXIT_FAILED
            finally:
                con.close()
    except Stopped as stop:  # gave up waiting for a run, or Ctrl-C / SIGTERM while waiting
        print(stop)
        return stop.code
    print("\n".join(describe(result, _("Accepted"))))
    print(_("The marts follow at the next `satudata run`."))
    return EXIT_REJECTED if result.status == "rejected" else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    settings = _apply_paths(args)
    from report.command import report

    return report(settings, args.year, args.out, internal=args.internal,
                  on_wait=file_wait_words(_to_stderr))


def _print_progress(name: str, rows: int) -> None:
    print("  " + _("{file}: {rows} rows read…", file=name, rows=number(rows)),
          file=sys.stderr, flush=True)


def _translate_argparse() -> None:
    """argparse words its usage, help headings and errors through gettext: route them to our
    catalogs, so `satudata` speaks one language from the first line."""
    argparse._ = lambda message: _(message)
    argparse.ngettext = lambda singular, plural, count: ngettext(singular, plural, count)


def _year(text: str) -> int:
    """`--year`'s value: a four-digit year; argparse.ArgumentTypeError (said in the user's
    language) otherwise."""
    if not re.fullmatch(r"\s*\d{4}\s*", text):
        raise argparse.ArgumentTypeError(_("'{value}' is not a year: write four digits, e.g. "
                                           "2023", value=text))
    return int(text)


def _how_many(text: str) -> int:
    """A count of at least 1 (`--limit`); argparse.ArgumentTypeError otherwise."""
    if not re.fullmatch(r"\s*\d+\s*", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(_("'{value}' is not a whole number of at least 1",
                                           value=text))
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=i18n.LANGUAGES,
                        help=_("language of the messages: id (Indonesian, the default) or en"))
    parser = argparse.ArgumentParser(
        prog="satudata", parents=[common],
        description=_("The command line of the Satu Data PPA NTT warehouse."))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def paths(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--landing", help=_("landing folder (default: landing/ of this "
                                             "installation)"))
        sub.add_argument("--warehouse", help=_("DuckDB warehouse file"))
        sub.add_argument("--exports", help=_("folder for Satu Data exports"))

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text, parents=[common])
        paths(sub)
        return sub

    run = command("run", _("run the whole pipeline on a landing folder"))
    run.add_argument("--verbose", action="store_true", help=_("show Dagster's step logs"))
    run.add_argument("--allow-dev-key", action="store_true",
                     help=_("allow the public development key when no key is set (demos only)"))
    source_help = _("source of the file ({sources}); default: the landing folder it lies in",
                    sources=", ".join(source_names()))
    for name, text in (("ingest", _("validate and load one file")),
                       ("check", _("what loading one file would do, without loading it"))):
        sub = command(name, text)
        sub.add_argument("file", metavar="FILE", help=_("the extract: a CSV, XLSX, XLS or "
                                                        "ODS file"))
        sub.add_argument("--source", help=source_help)
    accept = command("accept", _("accept a file held because it would shrink its year"))
    accept.add_argument("file", metavar="FILE",
                        help=_("the held file, or its label / ledger id (#12)"))
    sheets = command("quarantine", _("write the quarantined rows of a file as a workbook to "
                                     "correct"))
    sheets.add_argument("file", metavar="FILE", nargs="?",
                        help=_("the landing file whose quarantined rows to write"))
    sheets.add_argument("--all", action="store_true",
                        help=_("every current file with quarantined rows"))
    sheets.add_argument("--source", help=source_help)
    sheets.add_argument("--out", help=_("output folder (default: karantina/ next to the "
                                        "exports folder)"))
    ledger = command("ledger", _("recent files and their row balance"))
    ledger.add_argument("--limit", type=_how_many, default=20,
                        help=_("how many of the newest files to show (default 20)"))
    command("findings", _("open data-quality findings"))
    annex = command("report", _("the annual report's statistical annex; while another program "
                                "holds the file it waits, saying for whom, at most "
                                "SATUDATA_WAIT_SECONDS (default 1800) seconds"))
    annex.add_argument("--year", type=_year, required=True,
                       help=_("the year of the report, e.g. 2023"))
    annex.add_argument("--out", help=_("output folder (default: reports/<year>/)"))
    annex.add_argument("--internal", action="store_true",
                       help=_("exact counts and findings, marked RAHASIA, in "
                              "reports/rahasia-<year>/ (never to publish)"))
    rotate = command("rotate-key", _("re-pseudonymise the warehouse from its landing files with "
                                     "the key set now (after changing SATUDATA_HMAC_KEY), and "
                                     "read its ids the current way"))
    rotate.add_argument("--allow-dev-key", action="store_true",
                        help=_("allow the public development key when no key is set (demos "
                               "only)"))
    return parser


def _language_argument(argv: list[str]) -> str | None:
    """`--lang` wherever it is typed: the help texts are written in it, so it is read first."""
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    previous = os.environ.get(i18n.LANG_ENV)
    language = _language_argument(argv)
    if language is not None:
        if language not in i18n.LANGUAGES:
            print(_("Unknown language '{language}': choose id or en.", language=language),
                  file=sys.stderr)
            return EXIT_FAILED
        i18n.set_language(language)
    try:
        _translate_argparse()
        args = build_parser().parse_args(argv)
        handlers = {
            "run": cmd_run,
            "ingest": cmd_ingest,
            "accept": cmd_accept,
            "check": lambda a: cmd_ingest(a, dry_run=True),
            "quarantine": cmd_quarantine,
            "ledger": cmd_ledger,
            "findings": cmd_findings,
            "report": cmd_report,
            "rotate-key": cmd_rotate_key,
        }
        try:
            with stop_signals():
                return handlers[args.command](args)
        except KeyboardInterrupt:  # Ctrl-C, SIGTERM or SIGHUP outside a wait and a run's step
            print(_("Stopped (Ctrl-C, SIGTERM or SIGHUP)."), file=sys.stderr)
            return stop_code()
        except (UserError, ForeignOutput) as error:
            print(error, file=sys.stderr)
            return EXIT_FAILED
        except Stopped as stop:  # gave up waiting for the warehouse, or stopped while waiting
            print(stop, file=sys.stderr)
            return stop.code
        except GaveUp as gave_up:  # `report`, which waits in the bottom layer
            print(gave_up, file=sys.stderr)
            return EXIT_GAVE_UP
        except PermissionError as error:
            print(_("No permission to read or write {path}.", path=error.filename or error),
                  file=sys.stderr)
            return EXIT_FAILED
        except duckdb.Error as error:
            # What `open_warehouse` did not foresee (a file another program changed under us):
            # still a sentence and exit 1, never a traceback.
            print(_("A warehouse file cannot be opened: {error}", error=error), file=sys.stderr)
            return EXIT_FAILED
    finally:
        if language is not None:
            if previous is None:
                os.environ.pop(i18n.LANG_ENV, None)
            else:
                os.environ[i18n.LANG_ENV] = previous


if __name__ == "__main__":
    sys.exit(main())
