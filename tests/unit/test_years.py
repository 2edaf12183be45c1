"""A year never shrinks without a word (tool-04 and other instances): a newer extract with
clearly fewer rows or months is held, an officer accepts it (command line or Dagster),
restoring a loaded file's content makes it the year's data again; the landing folder is a
boundary; and a column's reading is the whole file's, even when the evidence comes late."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from dagster_project.accept import accept_held_file_job
from dagster_project.definitions import defs
from dagster_project.resources import WarehouseResource
from dagster_project.sensors import SETTLE_ENV, landing_folder_sensor
from ingest import loader
from ingest.files import read_chunks
from ingest.ledger import ledger_state
from ingest.loader import accept_held, ingest_file, ingest_folder
from ingest.years import NothingHeld
from publish.analytics import publish_analytics
from satudata.cli import EXIT_FAILED, EXIT_OK, EXIT_REJECTED, main
from tests.helpers import ASN_HEADER, simfoni_row, staff_row, uptd_row, write_csv, write_uptd_xlsx

CASES = Path(__file__).parents[1] / "fixtures" / "cases"
V1, V2 = CASES / "tool-04-v1-full.xlsx", CASES / "tool-04-v2-truncated.xlsx"


# Messages in English: these tests assert the wording written in the code.
pytestmark = pytest.mark.usefixtures("english")


def ledger(con) -> list[tuple]:
    return con.execute("select ingest_id, status, superseded_by from raw.ingest_ledger "
                       "order by ingest_id").fetchall()


def cases(con) -> int:
    return con.execute("select count(*) from raw.uptd").fetchone()[0]


def drop(source: Path, landing_file: Path, keep_time: bool = False) -> Path:
    """Put a file into the landing folder as an officer does (cp, or cp -p)."""
    landing_file.parent.mkdir(parents=True, exist_ok=True)
    (shutil.copy2 if keep_time else shutil.copy)(source, landing_file)
    return landing_file


def test_tool_04_a_truncated_extract_is_held_and_restoring_the_full_one_keeps_it(tmp_path,
                                                                                 con):
    register = tmp_path / "landing" / "uptd" / "Register_UPTD_PPA_2023.xlsx"
    first = ingest_file(con, drop(V1, register, keep_time=True), "uptd")
    assert (first.status, cases(con)) == ("loaded", 40)
    held = ingest_file(con, drop(V2, register), "uptd")
    assert held.status == "held" and cases(con) == 40
    assert held.message.startswith("this extract of 2023 holds 30 rows where the year's data "
                                   "(uptd 2023 #1) holds 40 (−25.0%); no row of 10 cases the "
                                   "data now holds (uptd 2023 #1), which would leave it (month")
    assert 'satudata accept "uptd 2023 #2"' in held.message
    assert con.execute("select check_name, expected, actual from raw.ingest_findings"
                       ).fetchall() == [("year_shrinks", 40.0, 30.0)]
    restored = ingest_file(con, drop(V1, register, keep_time=True), "uptd")
    assert restored.status == "unchanged" and cases(con) == 40
    assert restored.message == ("the content of uptd 2023 #1, which is the data of 2023 now: "
                                "unchanged; the held extract uptd 2023 #2 is set aside")
    # The held extract is resolved: its finding is no longer open; the ledger records the
    # full register back under its name.
    assert ledger(con) == [(1, "loaded", None), (2, "held", 1), (3, "unchanged", None)]


def test_a_shrinking_roster_is_held_naming_the_tanggal_data_of_both(tmp_path, con):
    """A staff roster of a year is a snapshot: one of 31/12/2023 with 1 employee where the
    year's data (the roster of 30/06/2023) holds 4 is held, and the reason names both dates,
    so that the officer sees which roster is which (before: only the year and the counts)."""
    staff = [("197108182000032007", "P"), ("198503122010012014", "P"),
             ("197907212005011009", "L"), ("199001142015022003", "P")]
    june = [staff_row(number, nip=nip, sex=sex, born="", **{"Tanggal Data": "30/06/2023"})
            for number, (nip, sex) in enumerate(staff, 1)]
    folder = tmp_path / "landing" / "asn"
    first = ingest_file(con, write_csv(folder / "daftar_a.csv", june, header=ASN_HEADER), "asn")
    assert first.status == "loaded"
    december = [staff_row(1, born="", **{"Tanggal Data": "31/12/2023"})]
    held = ingest_file(con, write_csv(folder / "daftar_b.csv", december, header=ASN_HEADER),
                       "asn")
    assert held.status == "held"
    assert held.message.startswith(
        "this extract of 2023 (Tanggal Data 31/12/2023) holds 1 rows where the year's data "
        "(asn 2023 #1, Tanggal Data 30/06/2023) holds 4 (−75.0%): held, not applied. If it "
        'is right, accept it with `satudata accept "asn 2023 #2"`'), held.message


def test_accepting_a_held_extract_applies_it_and_restoring_the_backup_brings_the_year_back(
        tmp_path, con):
    register = tmp_path / "landing" / "uptd" / "Register_UPTD_PPA_2023.xlsx"
    ingest_file(con, drop(V1, register, keep_time=True), "uptd")
    ingest_file(con, drop(V2, register), "uptd")
    accepted = accept_held(con, register)
    assert (accepted.status, accepted.rows_loaded, cases(con)) == ("loaded", 30, 30)
    assert "accepted by an officer (held as #2)" in accepted.message
    assert "replaces uptd 2023 #1 for 2023" in accepted.message
    assert ledger(con) == [(1, "loaded", 3), (2, "accepted", 3), (3, "loaded", None)]
    with pytest.raises(NothingHeld, match="uptd 2023 #2 is not held"):
        accept_held(con, "#2")
    # The backup of the full register is put back: its content becomes the year's again.
    restored = ingest_file(con, drop(V1, register, keep_time=True), "uptd")
    assert (restored.status, cases(con)) == ("loaded", 40)
    assert "restores the content of #1, loaded before" in restored.message


def test_accepting_a_held_extract_whose_name_holds_other_content_loads_nothing_of_it(
        tmp_path, con):
    """tool-04 again: v2 held; the officer copies the backup v1 over it (not ingested yet),
    then accepts "uptd 2023 #2". The file at that name is v1, not the held extract: nothing
    is loaded and the message says so (it said v2 was accepted and "unchanged", of v1). The
    held extract dropped again loads as accepted."""
    register = tmp_path / "landing" / "uptd" / "Register_UPTD_PPA_2023.xlsx"
    ingest_file(con, drop(V1, register, keep_time=True), "uptd")
    assert ingest_file(con, drop(V2, register), "uptd").status == "held"
    drop(V1, register, keep_time=True)
    accepted = accept_held(con, "uptd 2023 #2")
    assert (accepted.status, cases(con)) == ("accepted", 40)
    assert accepted.message == (
        f"uptd 2023 #2 accepted; the file at {register} holds other content now, not the held "
        "extract: nothing was loaded. Put the held extract back in the landing folder and the "
        "next run loads it")
    assert ledger(con) == [(1, "loaded", None), (2, "accepted", None)]
    again = ingest_file(con, drop(V2, register.with_name("Register_v2.xlsx")), "uptd")
    assert (again.status, cases(con)) == ("loaded", 30)
    assert "accepted by an officer (held as #2)" in again.message


@pytest.mark.parametrize("again_as", ["Register_UPTD_PPA_2023.xlsx",
                                      "Register_UPTD_PPA_2023 (2).xlsx"])
def test_a_set_aside_extract_dropped_again_is_held_anew_and_its_advice_is_accepted(
        tmp_path, capsys, again_as):
    """tool-04 continued: the truncated v2 was held, then set aside when v1 was restored; the
    officer drops a copy of v2 again (same name, or a copy's name). The advice names a label
    `satudata accept` takes, and accepting it makes v2's 30 cases the year's data."""
    warehouse = tmp_path / "w" / "satudata.duckdb"
    register = tmp_path / "landing" / "uptd" / "Register_UPTD_PPA_2023.xlsx"

    def ingest(path: Path) -> str:
        main(["ingest", str(path), "--warehouse", str(warehouse), "--lang", "en"])
        return capsys.readouterr().out

    ingest(drop(V1, register, keep_time=True))
    assert 'satudata accept "uptd 2023 #2"' in ingest(drop(V2, register))
    assert "the held extract uptd 2023 #2 is set aside" in ingest(
        drop(V1, register, keep_time=True))
    out = ingest(drop(V2, register.with_name(again_as)))
    assert "held, not applied" in out and 'satudata accept "uptd 2023 #4"' in out
    assert main(["accept", "uptd 2023 #2", "--warehouse", str(warehouse), "--lang",
                 "en"]) == EXIT_FAILED  # the old label stays refused, saying why
    assert "set aside by #1" in capsys.readouterr().out
    assert main(["accept", "uptd 2023 #4", "--warehouse", str(warehouse), "--lang",
                 "en"]) == EXIT_OK
    assert "replaces uptd 2023 #1 for 2023" in capsys.readouterr().out
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert cases(con) == 30
        assert ledger(con) == [(1, "loaded", 5), (2, "held", 1), (3, "unchanged", None),
                               (4, "accepted", 5), (5, "loaded", None)]
    finally:
        con.close()


def test_an_accepted_extract_stays_the_years_data_until_a_file_changes_back(
        tmp_path, monkeypatch):
    """The tester's steps on another instance of tool-04 (a register of 50 cases and a
    truncated one of 36): full loaded, truncated saved over it and held, full restored, a
    copy of the truncated one dropped under another name and accepted. The next runs (the
    loader over the folder, and the landing sensor over the published ledger) leave the
    accepted 36 cases alone: the full file never changed at its name. Only when a file
    actually changes back is the full year restored."""
    landing = tmp_path / "landing"
    warehouse = tmp_path / "w" / "satudata.duckdb"
    analytics = tmp_path / "w" / "analytics.duckdb"
    for name, value in (("SATUDATA_LANDING", landing), ("SATUDATA_WAREHOUSE", warehouse),
                        ("SATUDATA_ANALYTICS", analytics), (SETTLE_ENV, "0")):
        monkeypatch.setenv(name, str(value))
    full = write_uptd_xlsx(tmp_path / "full.xlsx",
                           [uptd_row(n, month=1 + n % 12) for n in range(1, 51)])
    short = write_uptd_xlsx(tmp_path / "short.xlsx",
                            [uptd_row(n, month=1 + n % 12) for n in range(1, 37)])
    register, copy = landing / "uptd" / "register.xlsx", landing / "uptd" / "salinan.xlsx"
    warehouse.parent.mkdir()

    def sensor_pending() -> list[str]:
        """Publish the ledger (as a run's last step does) and tick the landing sensor."""
        publish_analytics(warehouse, analytics)
        context = dg.build_sensor_context(cursor=None, definitions=defs)
        result = landing_folder_sensor.evaluate_tick(context)
        return sorted(r.tags["satudata/files"] for r in result.run_requests)

    con = duckdb.connect(str(warehouse))
    try:
        assert ingest_file(con, drop(full, register), "uptd").status == "loaded"
        assert ingest_file(con, drop(short, register), "uptd").status == "held"
        assert ingest_file(con, drop(full, register), "uptd").status == "unchanged"
        held = ingest_file(con, drop(short, copy), "uptd")
        assert (held.status, cases(con)) == ("held", 50)
        accepted = accept_held(con, held.label)
        assert (accepted.status, accepted.rows_loaded, cases(con)) == ("loaded", 36, 36)
        # Run after run: nothing is read again, the accepted extract stays the year's data.
        for _run in range(2):
            results = ingest_folder(con, landing, "uptd")
            assert [r.status for r in results] == ["unchanged", "unchanged"]
            assert cases(con) == 36
        assert "were replaced by" in results[0].message
        con.close()
        assert sensor_pending() == []
        # The copy changes back to the full register: that is a restore, for both.
        drop(full, copy)
        assert sensor_pending() == [f"uptd/{loader.sha256_of(full)[:12]}"]
        con = duckdb.connect(str(warehouse))
        restored = ingest_folder(con, landing, "uptd")
        assert [r.status for r in restored] == ["unchanged", "loaded"]
        assert "restores the content of #1" in restored[1].message and cases(con) == 50
        con.close()
        assert sensor_pending() == []
    finally:
        con.close()


def test_the_sensor_reads_a_set_aside_extract_as_the_loader_does():
    """The landing sensor starts a run for content the loader would judge anew, and only
    for it (ingest.ledger.ledger_state mirrors ingest.years.arrival)."""
    assert ledger_state([("held", 1)]) == "set-aside-1"
    assert ledger_state([("held", 1), ("skipped-duplicate", None)]) == "set-aside-1"
    assert ledger_state([("held", 1), ("held", None)]) == "current"  # held again: waits
    assert ledger_state([("held", None)]) == "current"
    assert ledger_state([("loaded", 5), ("held", 1)]) == "restored-5"


def test_the_landing_sensors_runs_hold_a_shrinking_extract_too(tmp_path, con):
    landing = tmp_path / "landing"
    drop(V1, landing / "uptd" / "register_2023.xlsx")
    assert [r.status for r in ingest_folder(con, landing, "uptd")] == ["loaded"]
    drop(V2, landing / "uptd" / "register_2023_update.xlsx")
    os.utime(landing / "uptd" / "register_2023_update.xlsx", (2e9, 2e9))
    assert [r.status for r in ingest_folder(con, landing, "uptd")] == ["unchanged", "held"]
    # Run after run, the held file stays held and the year's data stays whole.
    assert [r.status for r in ingest_folder(con, landing, "uptd")] == ["unchanged", "unchanged"]
    assert cases(con) == 40


def test_satudata_accept_on_the_command_line(tmp_path, capsys):
    warehouse = tmp_path / "w" / "satudata.duckdb"
    register = tmp_path / "landing" / "uptd" / "register.xlsx"
    assert main(["ingest", str(drop(V1, register)), "--source", "uptd", "--warehouse",
                 str(warehouse)]) == EXIT_OK
    code = main(["ingest", str(drop(V2, register)), "--source", "uptd", "--warehouse",
                 str(warehouse)])
    assert code == EXIT_REJECTED and "held, not applied" in capsys.readouterr().out
    assert main(["accept", "uptd 2023 #2", "--warehouse", str(warehouse)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Accepted register.xlsx as uptd: loaded" in out
    assert "rows read 31 = loaded 30 + quarantined 0 + dropped 1" in out
    assert main(["accept", "#2", "--warehouse", str(warehouse)]) == EXIT_FAILED
    assert "is not held" in capsys.readouterr().out


def test_the_dagster_job_accept_held_file(tmp_path):
    landing = tmp_path / "landing"
    warehouse = tmp_path / "w" / "satudata.duckdb"
    warehouse.parent.mkdir()
    register = landing / "uptd" / "register.xlsx"
    con = duckdb.connect(str(warehouse))
    try:
        ingest_file(con, drop(V1, register), "uptd")
        ingest_file(con, drop(V2, register), "uptd")
    finally:
        con.close()
    resource = WarehouseResource(landing=str(landing), warehouse=str(warehouse))
    outcome = accept_held_file_job.execute_in_process(
        run_config={"ops": {"accept_held_extract": {"config": {"file": "register.xlsx"}}}},
        resources={"warehouse": resource})
    assert outcome.success
    assert outcome.output_for_node("accept_held_extract") == "loaded"
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        assert cases(con) == 30
    finally:
        con.close()


def test_a_replaced_extract_left_in_the_folder_says_how_to_make_it_the_years_data_again(
        tmp_path, con):
    """Two extracts of 2023 side by side: the register (40 cases), then a revision beside it
    (the same 40, now served). The officer takes the revision out and saves the register
    again unchanged: it is not read again, and the message says how to make it the year's
    data again, which then works."""
    folder = tmp_path / "landing" / "uptd"
    register = write_uptd_xlsx(folder / "Register_UPTD_PPA_2023.xlsx",
                               [uptd_row(n, month=1 + n % 2, Status="Dalam Proses")
                                for n in range(1, 41)])
    assert ingest_file(con, register, "uptd").status == "loaded"
    revision = write_uptd_xlsx(folder / "Register_UPTD_PPA_2023_revisi.xlsx",
                               [uptd_row(n, month=1 + n % 2) for n in range(1, 41)])
    assert (ingest_file(con, revision, "uptd").status, cases(con)) == ("loaded", 40)
    revision.unlink()
    register.touch()
    again = ingest_file(con, register, "uptd")
    assert (again.status, cases(con)) == ("unchanged", 40)
    assert again.message == (
        "unchanged since it was last seen here: its rows (uptd 2023 #1) were replaced by #2, "
        "which stays the data of 2023; to make this file the data of 2023 again, copy it "
        "under another name")
    copied = drop(register, folder / "Register_UPTD_PPA_2023 (2).xlsx", keep_time=True)
    restored = ingest_file(con, copied, "uptd")
    assert (restored.status, cases(con)) == ("loaded", 40)
    assert "restores the content of #1, loaded before" in restored.message


def test_a_correction_keeping_every_case_is_applied_and_a_lost_case_or_month_is_held(
        tmp_path, con):
    """A newer extract of the year replaces it, but never makes a case leave without a hold:
    29 of 30 cases (3.3 % fewer rows, every month still there) loaded without a word before;
    now held, naming the case's month. A correction of the 30 (one now served) is applied."""
    months = [1 + number % 3 for number in range(30)]
    first = write_uptd_xlsx(tmp_path / "a.xlsx", [uptd_row(n, month=m)
                                                  for n, m in enumerate(months, start=1)])
    assert ingest_file(con, first, "uptd").status == "loaded"
    second = write_uptd_xlsx(tmp_path / "b.xlsx", [uptd_row(n, month=m)
                                                   for n, m in enumerate(months[:29], start=1)])
    dropped = ingest_file(con, second, "uptd")
    assert (dropped.status, cases(con)) == ("held", 30)
    assert ("this extract of 2023 holds 29 rows where the year's data (uptd 2023 #1) holds 30 "
            "(−3.3%); no row of 1 case the data now holds (uptd 2023 #1), which would leave it "
            "(month 3: 1): held, not applied") in dropped.message
    corrected = write_uptd_xlsx(tmp_path / "b2.xlsx", [
        uptd_row(n, month=m, Status="Dalam Proses" if n == 7 else "Terlayani")
        for n, m in enumerate(months, start=1)])
    assert (ingest_file(con, corrected, "uptd").status, cases(con)) == ("loaded", 30)
    # More rows, but March is gone: held.
    third = write_uptd_xlsx(tmp_path / "c.xlsx", [uptd_row(n, month=1 + n % 2)
                                                  for n in range(1, 41)])
    result = ingest_file(con, third, "uptd")
    assert result.status == "held" and "no rows for month(s) 3" in result.message
    assert cases(con) == 30


def test_a_month_file_named_without_its_month_is_held_saying_how_to_name_it(tmp_path, con):
    """A register of January–March, then February's file alone under a name without its month:
    as a year's extract it would replace the year, so it is held, and the message says that
    accepting it keeps February only and how to name it so it replaces February alone. So
    named, it does."""
    year = write_uptd_xlsx(tmp_path / "a.xlsx", [uptd_row(n, month=1 + n % 3)
                                                 for n in range(1, 31)])
    assert ingest_file(con, year, "uptd").status == "loaded"
    february = [uptd_row(n, month=2) for n in [*range(1, 31, 3), 31, 32]]  # 2 more cases
    unnamed = write_uptd_xlsx(tmp_path / "register_februari.xlsx", february)
    result = ingest_file(con, unnamed, "uptd")
    assert result.status == "held" and cases(con) == 30
    assert ("no rows for month(s) 1, 3, which the year's data holds; no row of 20 cases the "
            "data now holds (uptd 2023 #1), which would leave it (month 1: 10, month 3: 10): "
            "held, not applied") in result.message
    assert ("Every row of it is of month 2: accepting it replaces the whole year with that "
            "month. If it is the file of month 2 alone, name it with its month and year "
            "(`…_2023_02`) or write them in its title (`Bulan Februari 2023`) and drop it "
            "again: it then replaces month 2 only") in result.message
    renamed = shutil.copy(unnamed, tmp_path / "register_2023_02.xlsx")
    loaded = ingest_file(con, renamed, "uptd")
    assert loaded.status == "loaded", loaded.message
    assert "the same content as #2, held under its former name, which is set aside" in (
        loaded.message)
    assert "replaces the rows of month 2 of 2023 from uptd 2023 #1" in loaded.message
    assert con.execute("select month(tanggal_pengaduan) as m, count(*) from raw.uptd "
                       "group by m order by m").fetchall() == [(1, 10), (2, 12), (3, 10)]
    assert ledger(con)[1:] == [(2, "held", 3), (3, "loaded", None)]


def test_a_link_out_of_the_landing_folder_is_refused_unread(tmp_path, con):
    outside = drop(V1, tmp_path / "elsewhere" / "register.xlsx")
    landing = tmp_path / "landing"
    (landing / "uptd").mkdir(parents=True)
    (landing / "uptd" / "register.xlsx").symlink_to(outside)
    (landing / "uptd" / "passwd.csv").symlink_to("/etc/passwd")
    results = ingest_folder(con, landing, "uptd")
    assert [r.status for r in results] == ["rejected", "rejected"]
    assert all("a link to a file outside the landing folder: not read" in r.message
               for r in results)
    assert cases(con) == 0
    assert [r.status for r in ingest_folder(con, landing, "uptd")] == ["unchanged"] * 2
    # A link inside the landing folder is an ordinary file.
    (landing / "uptd" / "register.xlsx").unlink()
    (landing / "uptd" / "passwd.csv").unlink()
    drop(V1, landing / "arsip" / "register.xlsx")
    (landing / "uptd" / "register.xlsx").symlink_to(landing / "arsip" / "register.xlsx")
    assert [r.status for r in ingest_folder(con, landing, "uptd")] == ["loaded"]


def test_a_columns_reading_is_the_whole_files_even_when_the_evidence_comes_late(
        tmp_path, con, monkeypatch):
    """Chunks of two rows: nothing in the first chunk settles the order (its dates not read
    so far), the second proves month first: the file is read again, every date month first."""
    monkeypatch.setattr(loader, "read_chunks", functools.partial(read_chunks, chunk_rows=2))
    rows = [simfoni_row(n, **{"Tanggal Lapor": lapor, "Tanggal Kejadian": ""})
            for n, lapor in enumerate(["1/2/2023", "3/4/2023", "5/13/2023", "6/7/2023"], 1)]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows), "simfoni")
    assert result.rows_loaded == 4
    assert [date for (date,) in con.execute(
        "select tanggal_lapor from raw.simfoni order by source_row").fetchall()] == [
        dt.date(2023, 1, 2), dt.date(2023, 3, 4), dt.date(2023, 5, 13), dt.date(2023, 6, 7)]
    assert "Tanggal Lapor: dates read month/day/year: proof row 4 '5/13/2023'" in result.message


def test_evidence_of_both_orders_in_different_chunks_quarantines_what_cannot_be_decided(
        tmp_path, con, monkeypatch):
    monkeypatch.setattr(loader, "read_chunks", functools.partial(read_chunks, chunk_rows=2))
    rows = [simfoni_row(n, **{"Tanggal Lapor": lapor, "Tanggal Kejadian": ""})
            for n, lapor in enumerate(["13/1/2023", "2/3/2023", "4/5/2023", "1/14/2023"], 1)]
    result = ingest_file(con, write_csv(tmp_path / "s.csv", rows), "simfoni")
    assert (result.rows_loaded, result.rows_quarantined) == (2, 2)
    assert con.execute("select source_row, reason from raw.simfoni_quarantine order by 1"
                       ).fetchall() == [(row, (
                           "Tanggal Lapor is written both ways: day/month/year (row 2 "
                           "'13/1/2023') and month/day/year (row 5 '1/14/2023'); a value "
                           "that could be either is not guessed")) for row in (3, 4)]


def test_a_year_extract_repeating_one_october_case_is_held_naming_the_cases_it_drops(
        tmp_path, con):
    """October's register of 20 cases loaded; a register whose name states no month repeats
    one October case beside 25 November cases: a year's extract that keeps October by one
    row while the year's rows grow (20 → 26). Held, naming the 19 October cases that would
    leave. Named as November's (`…_2023_11`), it is November's register: it adds November,
    its October case updates that case, and October keeps its 20 cases."""
    landing = tmp_path / "landing" / "uptd"
    october = [uptd_row(number, month=10, Status="Dalam Proses") for number in range(1, 21)]
    first = ingest_file(con, write_uptd_xlsx(landing / "register_2023_okt.xlsx", october),
                        "uptd")
    assert (first.status, cases(con)) == ("loaded", 20)
    november = [uptd_row(1, month=10), *(uptd_row(number, month=11)
                                         for number in range(21, 46))]
    held = ingest_file(con, write_uptd_xlsx(landing / "register_2023_nov.xlsx", november),
                       "uptd")
    assert held.status == "held" and cases(con) == 20
    assert ("no row of 19 cases the data now holds (uptd 2023 #1), which would leave it "
            "(month 10: 19): held, not applied") in held.message
    named = ingest_file(con, write_uptd_xlsx(landing / "register_2023_11.xlsx", november),
                        "uptd")
    assert named.status == "loaded", named.message
    assert ("1 case of a month before month 11 re-sent: it updates that case, and no other "
            "case of those months is removed") in named.message
    assert con.execute("select month(tanggal_pengaduan), count(distinct no_kasus_hmac) "
                       "from raw.uptd group by 1 order by 1").fetchall() == [(10, 20), (11, 25)]


def test_a_month_register_re_sending_earlier_cases_updates_them_and_drops_none(tmp_path,
                                                                              con):
    """January's register (J-1..J-4) loaded, then February's re-sending J-1 and J-2 with their
    status now beside F-1 and F-2. It replaced the year (`replaces uptd 2023 #1`), J-3 and
    J-4 gone without a hold. Now it is February's register: February added, January keeps
    its four cases, two of them in both files (stg keeps the newest file's row). A register
    of February that leaves out a February case loaded before is held, naming it."""
    landing = tmp_path / "landing" / "uptd"
    header = ["No Kasus", "Tanggal Pengaduan", "Kategori Korban", "Jenis Kekerasan",
              "Bentuk Kekerasan", "Kabupaten/Kota", "Layanan", "Status"]

    def case(number: str, day: str, status: str) -> list[str]:
        return [number, day, "Anak Perempuan", "KtA", "Fisik", "Kota Kupang", "Pengaduan",
                status]

    january = write_csv(landing / "register_uptd_januari_2023.csv", [
        case(f"J-{n}", f"{12 + n}/01/2023", "Dalam Proses") for n in range(1, 5)],
        delimiter=",", header=header)
    assert ingest_file(con, january, "uptd").status == "loaded"
    february = write_csv(landing / "register_uptd_februari_2023.csv", [
        case("J-1", "13/01/2023", "Terlayani"), case("J-2", "14/01/2023", "Terlayani"),
        case("F-1", "14/02/2023", "Dalam Proses"), case("F-2", "15/02/2023", "Dalam Proses")],
        delimiter=",", header=header)
    loaded = ingest_file(con, february, "uptd")
    assert loaded.status == "loaded", loaded.message
    assert "replaces" not in loaded.message
    assert ("2 cases of months before month 2 re-sent: they update those cases, and no other "
            "case of those months is removed") in loaded.message
    assert con.execute("select month(tanggal_pengaduan), count(distinct no_kasus_hmac) "
                       "from raw.uptd group by 1 order by 1").fetchall() == [(1, 4), (2, 2)]
    assert ledger(con) == [(1, "loaded", None), (2, "loaded", None)]
    again = write_csv(landing / "register_uptd_februari_2023_revisi.csv", [
        case("F-2", "15/02/2023", "Terlayani")], delimiter=",", header=header)
    held = ingest_file(con, again, "uptd")
    assert held.status == "held"
    assert ("no row of 1 case the data now holds (uptd 2023 #2), which would leave it "
            "(month 2: 1)") in held.message

def _two_way_dates(number: int) -> str:
    """A report date of 2024 whose day and month are both 12 or below and differ: it reads
    day-first or month-first, and nothing in a file of such dates settles which."""
    return f"{1 + number % 12:02d}/{1 + (number + 5) % 12:02d}/2024"


def test_a_register_whose_every_row_is_quarantined_names_its_year(tmp_path, con):
    """SIMFONI 2024 whose ten report dates all read two ways: no row loads, yet every date
    is of 2024 whichever way it is read, and so is the file name. The ledger row names the
    year (before: none, and the release said nothing of 2024); a later extract of 2024 of
    which nothing loads is then held, not taken for a year without cases."""
    path = write_csv(tmp_path / "simfoni_2024.csv", [
        simfoni_row(n, **{"No. Registrasi": f"REG-2024-{n:05d}", "Tanggal Lapor":
                          _two_way_dates(n), "Tanggal Kejadian": ""}) for n in range(1, 11)])
    result = ingest_file(con, path, "simfoni")
    assert (result.status, result.rows_loaded, result.rows_quarantined, result.label) == \
        ("loaded", 0, 10, "simfoni 2024 #1")
    assert result.message.endswith("no row loaded: its year, 2024, is read from the Tanggal "
                                   "Lapor of its rows (2024), the file name ('2024')")
    assert con.execute("select period_year, file_label from raw.ingest_ledger").fetchall() == \
        [(2024, "simfoni 2024 #1")]
    # Each quarantined row is of 2024 with no month (its date is what failed).
    assert con.execute("select count(*), count(row_month_key) from raw.simfoni_quarantine "
                       "where column_name = 'Tanggal Lapor'").fetchone() == (10, 0)
    readable = write_csv(tmp_path / "b" / "simfoni_2024.csv", [
        simfoni_row(n, **{"No. Registrasi": f"REG-2024-{n:05d}", "Tanggal Lapor": "15/03/2024",
                          "Tanggal Kejadian": ""}) for n in range(1, 11)])
    assert ingest_file(con, readable, "simfoni").rows_loaded == 10
    again = ingest_file(con, write_csv(tmp_path / "c" / "simfoni_2024.csv", [
        simfoni_row(n, **{"No. Registrasi": f"REG-2024-{n:05d}", "Tanggal Lapor":
                          _two_way_dates(n), "Tanggal Kejadian": ""}) for n in range(1, 12)]),
        "simfoni")
    assert again.status == "held" and again.label == "simfoni 2024 #3"
    assert con.execute("select count(*) from raw.simfoni where period_year = 2024"
                       ).fetchone() == (10,)


def test_a_file_of_no_loaded_row_whose_year_cannot_be_told_says_so(tmp_path, con):
    """No guess: a UPTD register titled TAHUN 2023 whose every date reads two ways in 2024
    states two years, and a SIMFONI extract without dates under a name of no year states
    none. Neither ledger row names a year, and each says why."""
    register = write_uptd_xlsx(tmp_path / "register.xlsx", [
        uptd_row(n, **{"Tanggal Pengaduan": _two_way_dates(n)}) for n in range(1, 6)])
    result = ingest_file(con, register, "uptd")
    assert (result.status, result.rows_quarantined, result.label) == ("loaded", 5, "uptd #1")
    assert result.message.endswith(
        "no row loaded, and its year cannot be told: the Tanggal Pengaduan of its rows (2024); "
        "title row 2 ('tahun 2023') give different years; the ledger names no year until the "
        "file is corrected")
    undated = write_csv(tmp_path / "simfoni_export.csv", [
        simfoni_row(n, **{"Tanggal Lapor": "", "Tanggal Kejadian": ""}) for n in range(1, 4)])
    result = ingest_file(con, undated, "simfoni")
    assert (result.status, result.rows_quarantined, result.label) == ("loaded", 3, "simfoni #2")
    assert result.message.endswith(
        "no row loaded, and its year cannot be told: no row's Tanggal Lapor gives a year, and "
        "neither its title rows nor its file name state one; the ledger names no year until "
        "the file is corrected")
    assert con.execute("select count(period_year) from raw.ingest_ledger").fetchone() == (0,)
