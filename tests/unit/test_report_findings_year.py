"""An indicator finding belongs to the annex of its indicator's year: findings name indicator
files by label (`indikator #7`, no year in it, never the file name), so the year is read
from the indicator row the finding is about — in the warehouse and in the analytics file,
which has no ledger."""

from __future__ import annotations

import duckdb
import pytest

from report.warehouse import findings_for


@pytest.fixture
def con():
    """The two marts the annex reads, as dbt builds them, for two years of Tabel 9."""
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.mart_performance_indicators (tahun integer, "
                "kode_indikator varchar, sumber_tabel varchar, file_name varchar, "
                "source_row integer, metode_hitung varchar)")
    con.execute("insert into marts.mart_performance_indicators values "
                "(2022, 'IKD-PP-02', 'Tabel 9', 'indikator #3', 4, 'kasus_anak_terlayani'), "
                "(2023, 'IKD-PP-02', 'Tabel 9', 'indikator #7', 4, 'kasus_anak_terlayani'), "
                "(2023, 'IKD-PKA-01', 'Tabel 9', 'indikator #7', 5, 'pembilang_penyebut')")
    con.execute("create table marts.data_quality_findings (source varchar, check_name varchar, "
                "file_name varchar, source_row integer, month_key integer, message varchar, "
                "expected double, actual double)")
    con.execute("insert into marts.data_quality_findings values "
                "('indikator', 'indicator_reported_vs_recomputed', 'indikator #3', 4, null, "
                "'IKD-PP-02 2022 (Tabel 9): dilaporkan 95 %', 95, 90), "
                "('indikator', 'indicator_reported_vs_recomputed', 'indikator #7', 4, null, "
                "'IKD-PP-02 2023 (Tabel 9): dilaporkan 80 %', 80, 75)")
    yield con
    con.close()


@pytest.mark.parametrize("year", [2022, 2023])
def test_an_indicator_finding_is_in_its_years_annex_only(con, year):
    lines = findings_for(con, year, ("indikator",))
    assert len(lines) == 1 and f"IKD-PP-02 {year} (Tabel 9)" in lines[0]
    assert lines[0].startswith("[indicator_reported_vs_recomputed] indikator #")


def test_the_public_annex_counts_a_finding_recomputed_from_the_cases(con):
    """IKD-PP-02 is recomputed from SIMFONI-PPA's child victims: its finding prints how many
    were served of how many ("dihitung 4 / 6"), and beside the year's child victims the
    release publishes that is how many were not (2). The public annex counts it; the
    internal one and a finding on the table's own figures keep their words."""
    con.execute("insert into marts.data_quality_findings values "
                "('indikator', 'indicator_reported_vs_recomputed', 'indikator #7', 5, null, "
                "'IKD-PKA-01 2023 (Tabel 9): dilaporkan 81,25 % tetapi dihitung 102 / 125', "
                "81.25, 81.6)")
    public = findings_for(con, 2023, ("indikator",), public=True)
    assert public == [
        "[indicator_reported_vs_recomputed] IKD-PKA-01 2023 (Tabel 9): dilaporkan 81,25 % "
        "tetapi dihitung 102 / 125",
        "[indicator_reported_vs_recomputed] 1 temuan tentang kasus korban; rinciannya (jumlah "
        "korban) hanya ada di lampiran internal."]
    internal = findings_for(con, 2023, ("indikator",))
    assert any("IKD-PP-02 2023 (Tabel 9): dilaporkan 80 %" in line for line in internal)


@pytest.mark.parametrize(("lang", "words"), [
    (None, "Kota Kupang 2023: peringkat tertulis Pratama, padahal nilai 686,00 masuk rentang "
           "Madya"),
    ("en", "Kota Kupang 2023: rating typed Pratama but the score 686.00 lies in the Madya band"),
])
def test_the_annex_prints_a_finding_in_the_readers_language(monkeypatch, lang, words):
    """The table holds each finding in both languages (`message`, `message_en`), whichever
    language dbt built in: the annex prints the one of the language it is made in (before,
    the language of the last dbt build, beside the annex's own Indonesian words)."""
    if lang is None:
        monkeypatch.delenv("SATUDATA_LANG", raising=False)
    else:
        monkeypatch.setenv("SATUDATA_LANG", lang)
    with duckdb.connect() as con:
        con.execute("create schema marts")
        con.execute("create table marts.data_quality_findings (source varchar, "
                    "check_name varchar, file_name varchar, source_row integer, "
                    "month_key integer, message varchar, message_en varchar, expected double, "
                    "actual double)")
        con.execute("insert into marts.data_quality_findings values ('kla', "
                    "'kla_peringkat_vs_nilai', 'kla #4', 23, null, 'Kota Kupang 2023: peringkat "
                    "tertulis Pratama, padahal nilai 686,00 masuk rentang Madya', 'Kota Kupang "
                    "2023: rating typed Pratama but the score 686.00 lies in the Madya band', "
                    "null, 686)")
        lines = findings_for(con, 2023, ("kla",), public=True)
    assert lines == [f"[kla_peringkat_vs_nilai] {words}"]
