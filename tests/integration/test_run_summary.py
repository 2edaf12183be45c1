"""What `satudata run`'s summary states after a run that did not finish: no count and no path
of a step that did not finish in it, and the files an earlier finished run published named
as still in place; a finished run's summary states its findings count and its paths.

The summary of the session's real sample run (real Dagster, dbt, DuckDB) is printed from its
own run record, then from records of the same run as if it had been stopped inside dbt, or
as if its exports step had failed: the record (which steps began and finished) is what
`satudata.pipeline` makes of a run's events, and the files on disk are the sample run's.
The same summary of a run really stopped by a signal is in tests/integration/test_waiting.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil

import pytest

from core import i18n
from core.owner import RECORD
from dagster_project.checks import no_open_findings
from dagster_project.resources import WarehouseResource
from publish.analytics import versions_folder
from publish.publication_state import read_publication, read_release
from satudata.cli import EXIT_FAILED, EXIT_OK, EXIT_REJECTED, _summary, main
from satudata.pipeline import MADE_ANALYTICS, MADE_ANNEX, MADE_EXPORTS, MADE_FINDINGS
from tests.conftest import copy_landing, run_on


@pytest.fixture(autouse=True)
def indonesian(monkeypatch):
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)


def summary_of(sample_run, outcome, capsys) -> tuple[int, str]:
    code = _summary(sample_run.settings, outcome)
    return code, capsys.readouterr().out


def findings_count(sample_run) -> int:
    return sample_run.query("select count(*) from marts.data_quality_findings")[0][0]


def ledger_block(output: str) -> str:
    """The files of the run and the warehouse's totals: what the ingest steps did."""
    return output[output.index("Berkas pada proses ini"):output.index("Gudang data kini")]


def stopped_in(sample_run, step: str, *, stopped: bool = True):
    """The sample run's record as if `step` had not finished (stopped by Ctrl-C, or failed)
    and nothing after it had begun, in a later run than the one that published the files."""
    outcome = sample_run.outcome
    later = {made_step for made_step in outcome.made_by.values()
             if made_step != step and (step, made_step) in AFTER}
    return dataclasses.replace(
        outcome, run_id="a-later-run", success=False, steps_succeeded=False,
        interrupted=stopped, failed_steps=[step],
        failures=[(step, "stopped" if stopped else "the disk is full")],
        started_steps=outcome.finished_steps - later,
        finished_steps=outcome.finished_steps - later - {step},
        failed_checks=[], notes=[], unpublished=[])


# (step, a step that cannot begin before it ends) of the job: dbt before the publications,
# the exports before the annex (it prints the release they publish).
AFTER = {("satudata_dbt_assets", "analytics__analytics_duckdb"),
         ("satudata_dbt_assets", "satu_data_exports"),
         ("satudata_dbt_assets", "reports__annual_report_annex"),
         ("satu_data_exports", "reports__annual_report_annex")}


def test_the_run_record_knows_which_step_makes_what(sample_run):
    assert sample_run.outcome.made_by == {
        MADE_FINDINGS: "satudata_dbt_assets", MADE_ANALYTICS: "analytics__analytics_duckdb",
        MADE_EXPORTS: "satu_data_exports", MADE_ANNEX: "reports__annual_report_annex"}
    assert sample_run.outcome.unfinished() == []


def test_a_finished_run_states_its_findings_count_and_its_paths(sample_run, capsys):
    settings = sample_run.settings
    code, output = summary_of(sample_run, sample_run.outcome, capsys)
    assert f"Temuan kualitas data: {findings_count(sample_run)}\n" in output
    assert f"Analitik:    {settings.analytics}   (salinan mart hanya-baca" in output
    assert f"Ekspor:      {settings.exports}   (paket Satu Data" in output
    assert "Kueri:" in output
    assert "pada proses ini." not in output and "Lampiran laporan tahunan" not in output
    assert output.rstrip().endswith(("Proses selesai.", "lalu letakkan lagi.")), output[-500:]
    assert code in (0, 2)


def test_a_run_stopped_in_dbt_states_no_findings_count_and_names_the_files_still_in_place(
        sample_run, capsys):
    settings = sample_run.settings
    _code, finished = summary_of(sample_run, sample_run.outcome, capsys)
    code, output = summary_of(sample_run, stopped_in(sample_run, "satudata_dbt_assets"), capsys)
    assert code == 130
    # What the ingest steps did is stated as in a finished run: the files, rows, quarantines.
    assert ledger_block(output) == ledger_block(finished)
    assert ("Temuan kualitas data: tidak dihitung pada proses ini (langkah satudata_dbt_assets "
            "tidak selesai).") in output
    assert not re.search(r"Temuan kualitas data: \d", output)
    assert f"Analitik:    {settings.analytics}" not in output
    assert f"Ekspor:      {settings.exports}" not in output
    assert "Analitik:    tidak diterbitkan pada proses ini." in output
    published = read_publication(settings.analytics).published_at
    assert ("  Berkas dari proses terakhir yang selesai masih yang berlaku: "
            f"{settings.analytics} (diterbitkan {published:%Y-%m-%d %H:%M}).") in output
    assert "Ekspor:      tidak diterbitkan pada proses ini." in output
    released = dt.datetime.fromisoformat(read_release(settings.exports)["published_at"])
    assert ("  Paket dari rilis terakhir yang selesai masih yang berlaku: "
            f"{settings.exports} (diterbitkan {released:%Y-%m-%d %H:%M}).") in output
    assert "Lampiran laporan tahunan: tidak dibuat pada proses ini." in output
    annexes = sorted(str(folder) for folder in settings.reports.iterdir() if folder.is_dir())
    assert annexes == [str(settings.reports / "2023")]
    assert f"  Lampiran dari proses sebelumnya masih yang berlaku: {annexes[0]}." in output
    # The analytics file of the last finished run is there: how to query it still holds.
    assert f"duckdb.connect('{settings.analytics}'" in output
    assert "PROSES DIHENTIKAN dengan Ctrl-C, SIGTERM, atau SIGHUP pada langkah: " \
           "satudata_dbt_assets." in output


def test_a_run_whose_exports_failed_states_the_findings_and_the_analytics_it_made(
        sample_run, capsys):
    """The dbt build and the analytics file finished; the exports step raised (a full disk):
    the findings count and the analytics path are this run's, the exports are not, the annex
    (after the exports) did not begin."""
    settings = sample_run.settings
    outcome = stopped_in(sample_run, "satu_data_exports", stopped=False)
    code, output = summary_of(sample_run, outcome, capsys)
    assert code == EXIT_FAILED
    assert f"Temuan kualitas data: {findings_count(sample_run)}\n" in output
    assert f"Analitik:    {settings.analytics}   (salinan mart hanya-baca" in output
    assert "Ekspor:      tidak diterbitkan pada proses ini." in output
    assert f"  Paket dari rilis terakhir yang selesai masih yang berlaku: {settings.exports}" \
        in output
    assert "Lampiran laporan tahunan: tidak dibuat pada proses ini." in output
    assert "PROSES GAGAL pada langkah: satu_data_exports." in output


def test_an_analytics_step_stopped_after_switching_the_link_states_the_file_as_published(
        sample_run, capsys):
    """Stopped after the analytics link was switched to this run's version (the step had not
    reported its end): the file in place is this run's, and the summary says so."""
    settings = sample_run.settings
    outcome = stopped_in(sample_run, "analytics__analytics_duckdb")
    outcome = dataclasses.replace(outcome, run_id=read_publication(settings.analytics).run_id)
    _code, output = summary_of(sample_run, outcome, capsys)
    assert f"Analitik:    {settings.analytics}   (salinan mart hanya-baca" in output
    assert "Analitik:    tidak diterbitkan" not in output


def test_a_stopped_run_in_english(sample_run, capsys, monkeypatch):
    monkeypatch.setenv(i18n.LANG_ENV, "en")
    settings = sample_run.settings
    _code, output = summary_of(sample_run, stopped_in(sample_run, "satudata_dbt_assets"), capsys)
    assert ("Data-quality findings: not computed in this run (step satudata_dbt_assets did not "
            "finish).") in output
    assert "Analytics: not published in this run." in output
    assert f"  The file of the last finished run is still the one in place: {settings.analytics}"\
        in output
    assert "Exports:   not published in this run." in output
    assert "Annual report annex: not made in this run." in output


def test_a_stopped_first_run_says_nothing_was_ever_published(sample_run, tmp_path, capsys):
    """Nothing published before (a first run stopped in dbt): no path is named for what does
    not exist."""
    settings = dataclasses.replace(sample_run.settings, analytics=tmp_path / "analytics.duckdb",
                                   exports=tmp_path / "exports")
    code = _summary(settings, stopped_in(sample_run, "satudata_dbt_assets"))
    output = capsys.readouterr().out
    assert code == 130
    assert "  Belum pernah ada berkas analitik yang diterbitkan." in output
    assert "  Belum pernah ada ekspor Satu Data yang diterbitkan." in output
    assert str(tmp_path) not in output
    assert "Lampiran dari proses sebelumnya" not in output


def _published_bytes(settings) -> dict:
    """Every file of a warehouse's exports, annex and analytics versions (hidden ones and the
    owner records included) with its bytes, and where the analytics link points."""
    found = {"analytics link": os.readlink(settings.analytics)}
    for folder in (settings.exports, settings.reports, versions_folder(settings.analytics)):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found[str(path)] = path.read_bytes()
    return found


@pytest.mark.reliability  # runs after a run, over the first run's outputs (about 25 s)
def test_a_second_warehouse_given_the_first_one_s_outputs_fails_and_writes_nothing(
        sample_run, tmp_path, capsys, monkeypatch):
    """`--warehouse coba.duckdb` with the office's exports and analytics file named (the
    options or SATUDATA_* left pointing at them): the run fails in the steps that would have
    written them, names both warehouses and what to do, in Indonesian, and leaves the
    office's exports, annex and analytics file byte for byte as they were."""
    office = sample_run.settings
    for variable in ("SATUDATA_LANDING", "SATUDATA_WAREHOUSE", "SATUDATA_ANALYTICS",
                     "SATUDATA_EXPORTS"):  # the run exports its paths: restored after
        monkeypatch.setenv(variable, os.environ.get(variable, ""))
    assert (office.exports / RECORD).is_file() and (office.reports / RECORD).is_file()
    before = _published_bytes(office)
    trial = dataclasses.replace(office, landing=copy_landing(tmp_path / "landing", ("uptd",)),
                                warehouse=tmp_path / "coba" / "coba.duckdb")
    run = run_on(trial)
    assert _published_bytes(office) == before
    outcome = run.outcome
    assert not outcome.success
    assert sorted(outcome.failed_steps) == ["analytics__analytics_duckdb", "satu_data_exports"]
    office_file, trial_file = office.warehouse.resolve(), trial.warehouse.resolve()
    assert dict(outcome.failures) == {
        "satu_data_exports": (
            f"Folder ekspor {office.exports} milik gudang data {office_file}, bukan milik "
            f"gudang data yang dipakai, {trial_file}: tidak ada yang ditulis di sana. Beri "
            f"{trial_file} keluaran sendiri (--exports FOLDER atau SATUDATA_EXPORTS), atau, "
            f"bila {office_file} tidak dipakai lagi atau sudah dipindah menjadi {trial_file}, "
            f"pindahkan {office.exports} ke tempat lain (atau hapus "
            f"{office.exports / RECORD}) lalu jalankan lagi."),
        "analytics__analytics_duckdb": (
            f"Berkas analitik {office.analytics} milik gudang data {office_file}, bukan milik "
            f"gudang data yang dipakai, {trial_file}: tidak ada yang ditulis di sana. Beri "
            f"{trial_file} keluaran sendiri (SATUDATA_ANALYTICS; tanpa itu berkas analitik ada "
            "di samping gudang data), atau, bila "
            f"{office_file} tidak dipakai lagi atau sudah dipindah menjadi {trial_file}, "
            f"pindahkan {office.analytics} ke tempat lain (atau hapus "
            f"{versions_folder(office.analytics) / RECORD}) lalu jalankan lagi.")}
    code = _summary(trial, outcome)
    output = capsys.readouterr().out
    assert code == EXIT_FAILED
    assert f"  {office.exports} milik gudang data lain ({office_file}) dan dibiarkan seperti " \
        "semula." in output
    assert f"  {office.analytics} milik gudang data lain ({office_file}) dan dibiarkan " \
        "seperti semula." in output
    assert f"  {office.reports} milik gudang data lain ({office_file}) dan dibiarkan seperti " \
        "semula." in output
    for step, cause in outcome.failures:
        assert f"  {step}: {cause}\n" in output
    assert "Kueri:" not in output  # no query of the office's file offered as this run's
    assert _published_bytes(office) == before


KLA_FINDING = {
    "id": "[kla_peringkat_vs_nilai] Kota Kupang 2023: peringkat tertulis Pratama, padahal nilai "
          "686,00 masuk rentang Madya",
    "en": "[kla_peringkat_vs_nilai] Kota Kupang 2023: rating typed Pratama but the score "
          "686.00 lies in the Madya band",
}


def test_findings_are_shown_in_the_language_of_the_command_not_of_the_last_build(
        sample_run, capsys, monkeypatch):
    """`satudata --lang en run` then `satudata run` with nothing new (no dbt build): each
    command shows the findings in its own language (before: in the last build's, English
    findings under an Indonesian summary). The table holds both; the summary, `satudata
    findings` and the Dagster check's metadata pick the reader's."""
    monkeypatch.setenv(i18n.LANG_ENV, "id")  # `--lang` sets it: restored after the test
    warehouse = str(sample_run.settings.warehouse)
    for lang in ("en", "id"):
        assert main(["--lang", lang, "findings", "--warehouse", warehouse]) == EXIT_OK
        out = capsys.readouterr().out
        assert KLA_FINDING[lang] + "\n" in out
        assert KLA_FINDING["en" if lang == "id" else "id"] not in out
        monkeypatch.setenv(i18n.LANG_ENV, lang)  # as `satudata --lang en run` sets it
        _code, summary = summary_of(sample_run, sample_run.outcome, capsys)
        assert "  - " + KLA_FINDING[lang] + "\n" in summary
        check = no_open_findings(warehouse=WarehouseResource(warehouse=warehouse))
        assert "- " + KLA_FINDING[lang].split("] ", 1)[1] in check.metadata["examples"].value


def test_a_refused_file_left_in_the_landing_folder_is_named_on_every_run(
        sample_run, tmp_path, capsys):
    """A file refused by an earlier run and left unchanged in the landing folder: a later run
    reads it as unchanged, and its summary names it with the reason and what to do, and exits
    2 as the run that refused it did (before: "Berkas pada proses ini: 0", exit 0, only a
    warning check). Corrected or moved away, it is no longer named."""
    warehouse = tmp_path / "w" / "satudata.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(sample_run.settings.warehouse, warehouse)
    bad = tmp_path / "landing" / "simfoni" / "catatan.csv"
    bad.parent.mkdir(parents=True)
    bad.write_text("ini bukan tabel\n", encoding="utf-8")
    assert main(["ingest", str(bad), "--source", "simfoni", "--warehouse", str(warehouse)]) \
        == EXIT_REJECTED
    capsys.readouterr()
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        label, message = con.execute(
            "select file_label, message from raw.ingest_ledger where status = 'rejected' "
            "order by ingest_id desc limit 1").fetchone()
    assert label.startswith("simfoni #")
    settings = dataclasses.replace(sample_run.settings, landing=tmp_path / "landing",
                                   warehouse=warehouse, analytics=tmp_path / "a.duckdb",
                                   exports=tmp_path / "exports")
    later = dataclasses.replace(sample_run.outcome, run_id="a-later-run",
                                started=dt.datetime.now())
    code = _summary(settings, later)
    output = capsys.readouterr().out
    assert code == EXIT_REJECTED
    assert ("Berkas pada proses ini: 0\n"
            "1 berkas di folder landing masih ditolak (tidak berubah sejak itu):\n"
            f"  [ditolak] {label}: {message.removeprefix(label + ': ')}\n"
            "  Perbaiki berkas yang ditolak lalu letakkan lagi, atau pindahkan dari folder "
            "landing; `satudata ledger` menunjukkan berkas mana untuk tiap label.\n") in output
    assert "catatan.csv" not in output  # the officer's file name stays in the ledger
    assert output.rstrip().endswith("Proses selesai, tetapi 1 berkas ditolak: perbaiki atau "
                                    "pindahkan berkas itu, lalu letakkan lagi.")
    bad.unlink()
    code = _summary(settings, later)
    output = capsys.readouterr().out
    assert code == EXIT_OK
    assert "masih ditolak" not in output and label not in output
