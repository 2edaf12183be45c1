"""The officer's verbs, in the officer's language: check a file, ingest it, write its
quarantined rows as a workbook to correct, read the ledger and the findings; mistakes in what
was typed end with a message and an exit code, never a traceback; `--lang en` speaks English.
"""

import datetime as dt
import os
import subprocess

import duckdb
import pytest
from openpyxl import load_workbook

from core import i18n
from core.config import DAGSTER_HOME, REPO_ROOT
from ingest import privacy
from satudata.cli import EXIT_FAILED, EXIT_OK, EXIT_REJECTED, build_parser, main
from tests.helpers import (
    ANGGARAN_HEADER,
    SIMFONI_HEADER,
    anggaran_row,
    simfoni_row,
    uptd_row,
    write_csv,
    write_sample_roster,
    write_uptd_xlsx,
)

BIN = REPO_ROOT / ".venv" / "bin"


@pytest.fixture(autouse=True)
def indonesian(monkeypatch):
    """Every test starts in the default language, whatever the machine's SATUDATA_LANG, and
    with no path left in the environment by another command (they are put back after)."""
    for variable in (i18n.LANG_ENV, "SATUDATA_LANDING", "SATUDATA_WAREHOUSE",
                     "SATUDATA_ANALYTICS", "SATUDATA_EXPORTS"):
        monkeypatch.delenv(variable, raising=False)


def _bad_rows(count: int, start: int = 2) -> list[list[str]]:
    """`count` rows whose Jenis Kelamin Korban is not a sex the source knows (the row is
    quarantined: a victim's sex is required)."""
    return [simfoni_row(number, **{"Jenis Kelamin Korban": "X"})
            for number in range(start, start + count)]


def test_check_takes_the_source_from_the_folder_says_what_would_happen_and_loads_nothing(
        tmp_path, capsys):
    path = write_csv(tmp_path / "landing" / "simfoni" / "simfoni_maret.csv", [
        simfoni_row(1), simfoni_row(2, **{"Jenis Kelamin Korban": "X"}),
        simfoni_row(3, **{"Kabupaten/Kota": "Kupang"}),
    ])
    warehouse = tmp_path / "w" / "satudata.duckdb"
    code = main(["check", str(path), "--warehouse", str(warehouse)])
    out = capsys.readouterr().out
    assert code == EXIT_OK
    assert "simfoni_maret.csv sebagai simfoni — tidak ada yang dimuat ke gudang data." in out
    assert ("3 baris dibaca: 1 akan dimuat, 2 akan dikarantina, 0 baris jumlah akan dibuang."
            in out)
    # The spreadsheet row and the header as the file writes it, not the column's code name.
    assert "Baris 3, kolom Jenis Kelamin Korban: 'X'" in out
    assert "Baris 4, kolom Kabupaten/Kota: 'Kupang'" in out and "53.01" in out
    assert "dimuat:" not in out and not warehouse.exists()


def test_check_judges_a_month_file_against_the_months_loaded_before_it(tmp_path, capsys):
    """`check` says what `ingest` would do: February's budget file, rising over the January
    already loaded and never falling, is refused by both, and check loads nothing."""
    header = [name for name in ANGGARAN_HEADER if name != "Bulan"]

    def month_file(bulan: int, realisasi: str):
        row = anggaran_row(bulan, realisasi)
        return write_csv(tmp_path / f"realisasi_2023_{bulan:02d}.csv",
                         [[cell for name, cell in zip(ANGGARAN_HEADER, row, strict=True)
                           if name != "Bulan"]], header=header)

    warehouse = tmp_path / "w.duckdb"
    assert main(["ingest", str(month_file(1, "100.000")), "--source", "anggaran",
                 "--warehouse", str(warehouse)]) == EXIT_OK
    february = month_file(2, "300.000")
    capsys.readouterr()
    assert main(["check", str(february), "--source", "anggaran", "--warehouse",
                 str(warehouse)]) == EXIT_REJECTED
    checked = capsys.readouterr().out
    assert ("pada baris 2 (Februari) angka 300.000 menyusul 100.000 pada Januari untuk baris "
            "anggaran yang sama dari anggaran 2023 #1") in checked
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.ingest_ledger").fetchone() == (1,)
    assert main(["ingest", str(february), "--source", "anggaran", "--warehouse",
                 str(warehouse)]) == EXIT_REJECTED
    assert "anggaran 2023 #1" in capsys.readouterr().out
    # Put back unchanged, it is still refused: said so, and a script sees it.
    assert main(["ingest", str(february), "--source", "anggaran", "--warehouse",
                 str(warehouse)]) == EXIT_REJECTED
    assert "tidak berubah sejak ditolak di sini: anggaran #2: kolom Realisasi bisa berarti" in \
        capsys.readouterr().out


def test_check_and_ingest_on_a_warehouse_of_another_key_say_so(tmp_path, capsys, fresh_key):
    """A warehouse pseudonymised with another key: `check` and `ingest` say so, exit 1 and
    load nothing (`check` ended in a traceback)."""
    warehouse = tmp_path / "w.duckdb"
    first = write_csv(tmp_path / "simfoni_2022.csv", [simfoni_row(
        1, **{"Tanggal Lapor": "15/03/2022", "Tanggal Kejadian": ""})])
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-kantor-yang-pertama-0123456789")
    assert main(["ingest", str(first), "--source", "simfoni", "--warehouse",
                 str(warehouse)]) == EXIT_OK
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-lain-yang-tidak-sama-9876543210")
    privacy.hmac_key.cache_clear()
    later = write_csv(tmp_path / "simfoni_2023.csv", [simfoni_row(2)])
    capsys.readouterr()
    for verb in ("check", "ingest"):
        assert main([verb, str(later), "--source", "simfoni", "--warehouse",
                     str(warehouse)]) == EXIT_FAILED
        out = capsys.readouterr().out
        assert "satudata rotate-key" in out and "Traceback" not in out, out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.simfoni").fetchone() == (1,)


def test_check_of_a_file_already_loaded_with_another_key_says_so(tmp_path, capsys, fresh_key):
    """`check` (and `ingest`) of the very file the warehouse loaded, run with another key:
    before, 'unchanged' and exit 0, as if the key were right; now the key is named as
    another than the warehouse's, in Indonesian, and the exit code is 1."""
    warehouse = tmp_path / "w.duckdb"
    loaded = write_csv(tmp_path / "simfoni_2022.csv", [simfoni_row(
        1, **{"Tanggal Lapor": "15/03/2022", "Tanggal Kejadian": ""})])
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-kantor-yang-pertama-0123456789")
    assert main(["ingest", str(loaded), "--source", "simfoni", "--warehouse",
                 str(warehouse)]) == EXIT_OK
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-lain-yang-tidak-sama-9876543210")
    privacy.hmac_key.cache_clear()
    capsys.readouterr()
    for verb in ("check", "ingest"):
        assert main([verb, str(loaded), "--source", "simfoni", "--warehouse",
                     str(warehouse)]) == EXIT_FAILED
        out = capsys.readouterr().out
        assert "Gudang data ini membuat pseudonim" in out and "satudata rotate-key" in out, out
        assert "tidak berubah" not in out


def test_a_warehouse_of_the_earlier_id_reading_loads_and_says_how_to_move_on(
        tmp_path, capsys, fresh_key):
    """A warehouse built before the id reading (its ledger without `id_reading`): `check` and
    `ingest` of a case file load as before and say, in one line, that ids are read the
    earlier way and how to read them the new way (they refused, or raised a BinderException
    caught as no warehouse of another reading). `rotate-key --allow-dev-key` moves it to the
    new reading with the development key (it took only SATUDATA_ALLOW_DEV_KEY)."""
    fresh_key.delenv("SATUDATA_HMAC_KEY", raising=False)
    fresh_key.delenv("SATUDATA_HMAC_KEY_FILE", raising=False)
    fresh_key.setenv(privacy.ALLOW_DEV_KEY, "0")
    warehouse = tmp_path / "w.duckdb"
    first = write_csv(tmp_path / "landing/simfoni/simfoni_2022.csv", [simfoni_row(
        1, **{"Tanggal Lapor": "15/03/2022", "Tanggal Kejadian": ""})])
    assert main(["ingest", str(first), "--source", "simfoni", "--warehouse",
                 str(warehouse)]) == EXIT_OK
    with duckdb.connect(str(warehouse)) as con:
        con.execute("alter table raw.ingest_ledger drop column id_reading")
    later = write_csv(tmp_path / "landing/simfoni/simfoni_2023.csv", [simfoni_row(2)])
    note = ("Nomor kasus dan NIP di gudang data ini dibaca dengan cara lama (gudang data "
            "dibangun sebelum cara baca id yang baru): id yang ditulis 12.345 di satu berkas "
            "dan 12345 di berkas lain, atau 012345 dan 12345, bisa terhitung sebagai dua "
            "kasus. Untuk membacanya dengan cara baru, pastikan semua berkas landing ada di "
            "tempatnya, lalu jalankan: satudata rotate-key")
    capsys.readouterr()
    for verb in ("check", "ingest"):
        assert main([verb, str(later), "--source", "simfoni", "--warehouse",
                     str(warehouse)]) == EXIT_OK
        out = capsys.readouterr().out
        assert out.count(note) == 1 and "Traceback" not in out, out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from raw.simfoni").fetchone() == (2,)
        assert con.execute("select id_reading from raw.ingest_ledger order by ingest_id"
                           ).fetchall() == [(None,), (1,)]
    assert main(["rotate-key", "--warehouse", str(warehouse)]) == EXIT_FAILED
    assert "--allow-dev-key" in capsys.readouterr().out
    assert main(["rotate-key", "--allow-dev-key", "--warehouse", str(warehouse)]) == EXIT_OK
    third = write_csv(tmp_path / "landing/simfoni/simfoni_2024.csv", [simfoni_row(
        3, **{"Tanggal Lapor": "15/03/2024", "Tanggal Kejadian": ""})])
    capsys.readouterr()
    assert main(["ingest", str(third), "--source", "simfoni", "--warehouse",
                 str(warehouse)]) == EXIT_OK
    assert "cara lama" not in capsys.readouterr().out
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select id_reading from raw.ingest_ledger where status = 'loaded' "
                           "and superseded_by is null").fetchall() == [(2,), (2,), (2,)]


def test_ingest_then_ledger_and_findings(tmp_path, capsys):
    warehouse = tmp_path / "w" / "satudata.duckdb"
    good = write_csv(tmp_path / "simfoni_april.csv", [simfoni_row(1), simfoni_row(2)])
    assert main(["ingest", str(good), "--source", "simfoni", "--warehouse",
                 str(warehouse)]) == EXIT_OK
    assert "2 baris dibaca = 2 dimuat + 0 dikarantina + 0 baris jumlah dibuang" in \
        capsys.readouterr().out
    bad = tmp_path / "catatan.csv"
    bad.write_text("ini bukan tabel\n", encoding="utf-8")
    assert main(["ingest", str(bad), "--source", "simfoni", "--warehouse",
                 str(warehouse)]) == EXIT_REJECTED
    assert "catatan.csv sebagai simfoni: ditolak" in capsys.readouterr().out
    assert main(["ledger", "--warehouse", str(warehouse)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "simfoni/simfoni_april.csv [dimuat]" in out
    assert "dibaca 2 = dimuat 2 + dikarantina 0 + dibuang 0: seimbang" in out
    assert "simfoni/catatan.csv [ditolak]" in out
    # Files ingested, no run yet: no marts, so no findings to list — said, not "0 findings".
    assert main(["findings", "--warehouse", str(warehouse)]) == EXIT_FAILED
    assert ("belum berisi hasil run (marts.data_quality_findings tidak ada): jalankan "
            "`satudata run` dulu") in capsys.readouterr().err


def test_a_new_dagster_home_gets_the_projects_settings_once(tmp_path, capsys, monkeypatch):
    """DAGSTER_HOME set to a new folder: Dagster ran with its telemetry on, English warnings
    and no one-writer pool. The project's dagster.yaml is copied in, said once; a home's own
    settings are left alone."""
    home = tmp_path / "dagster-baru"
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    warehouse = tmp_path / "w" / "satudata.duckdb"
    good = write_csv(tmp_path / "simfoni_april.csv", [simfoni_row(1)])
    assert main(["ingest", str(good), "--source", "simfoni", "--warehouse",
                 str(warehouse)]) == EXIT_OK
    assert (home / "dagster.yaml").read_text() == (DAGSTER_HOME / "dagster.yaml").read_text()
    assert f"Dagster home {home} belum punya pengaturan" in capsys.readouterr().err
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    assert main(["ledger", "--warehouse", str(warehouse)]) == EXIT_OK
    assert "pengaturan" not in capsys.readouterr().err
    assert (home / "dagster.yaml").read_text() == "telemetry:\n  enabled: false\n"


def test_english_on_request_in_a_real_command_line_run(tmp_path):
    """`--lang en` from the installed `satudata` command: English words, English numbers."""
    rows = [simfoni_row(number) for number in range(1, 1201)] + _bad_rows(2, start=1201)
    path = write_csv(tmp_path / "landing" / "simfoni" / "simfoni_mei.csv", rows)
    env = {key: value for key, value in os.environ.items() if key != i18n.LANG_ENV}
    warehouse = str(tmp_path / "w.duckdb")  # nothing loaded: no year the extract would shrink
    english = subprocess.run([str(BIN / "satudata"), "check", str(path), "--lang", "en",
                              "--warehouse", warehouse],
                             capture_output=True, text=True, env=env, cwd=tmp_path)
    assert english.returncode == EXIT_OK, english.stderr
    assert "Check of simfoni_mei.csv as simfoni — nothing was loaded into the warehouse." in \
        english.stdout
    assert ("1,202 rows read: 1,200 would be loaded, 2 would be quarantined, 0 total row(s) "
            "would be dropped.") in english.stdout
    assert "Row 1202, column Jenis Kelamin Korban: 'X'" in english.stdout
    indonesian = subprocess.run([str(BIN / "satudata"), "check", str(path), "--warehouse",
                                 warehouse], capture_output=True, text=True, env=env,
                                cwd=tmp_path)
    assert "1.202 baris dibaca: 1.200 akan dimuat, 2 akan dikarantina" in indonesian.stdout
    assert "Baris 1202, kolom Jenis Kelamin Korban: 'X'" in indonesian.stdout


def test_help_and_usage_errors_are_in_the_officers_language(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["check"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "cara pakai: satudata check" in err
    assert "argumen berikut wajib diberikan: FILE" in err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "check"])
    assert "the following arguments are required: FILE" in capsys.readouterr().err
    assert os.environ.get(i18n.LANG_ENV) is None  # the language goes back after the command


def test_every_argument_is_explained_and_a_wrong_number_is_said_in_words(capsys):
    """`--year`, `--limit` and FILE had no help line, and `--year 23x` was answered `nilai
    int tidak sah`: every argument of every command has a help text, and a year or a count
    that is none is said plainly, in the officer's language."""
    parser = build_parser()
    commands = next(action for action in parser._actions if action.dest == "command")
    unexplained = [f"{name} {action.option_strings or action.metavar}"
                   for name, sub in commands.choices.items() for action in sub._actions
                   if not action.help]
    assert unexplained == []
    with pytest.raises(SystemExit):
        main(["report", "--year", "23x"])
    assert "argumen --year: '23x' bukan tahun: tulis empat angka, mis. 2023" in \
        capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "ledger", "--limit", "0"])
    assert "'0' is not a whole number of at least 1" in capsys.readouterr().err


def test_mistakes_get_a_message_and_an_exit_code_never_a_traceback(tmp_path, capsys):
    path = write_csv(tmp_path / "simfoni_juni.csv", [simfoni_row(1)])

    def error(*argv: str) -> str:
        assert main(list(argv)) == EXIT_FAILED, argv
        return capsys.readouterr().err

    assert "'simfony' bukan nama sumber. Maksud Anda: simfoni?" in error(
        "check", str(path), "--source", "simfony")
    assert "'xyz' bukan nama sumber. Sumber yang ada: uptd, simfoni" in error(
        "ingest", str(path), "--source", "xyz")
    assert "berkas tidak ada. Maksud Anda: simfoni_juni.csv?" in error(
        "check", str(tmp_path / "simfoni_juli.csv"), "--source", "simfoni")
    assert "adalah folder, bukan berkas" in error("check", str(tmp_path))
    assert "Sumber berkas simfoni_juni.csv tidak dapat ditentukan" in error("check", str(path))
    misplaced = write_csv(tmp_path / "landing" / "SIMFONI" / "simfoni_agustus.csv",
                          [simfoni_row(1)])
    assert "Maksud Anda 'simfoni'?" in error("check", str(misplaced))
    junk = tmp_path / "junk.duckdb"
    junk.write_text("bukan gudang data\n", encoding="utf-8")
    assert "bukan gudang data: berkas ini bukan basis data DuckDB" in error(
        "ledger", "--warehouse", str(junk))
    assert "Belum ada gudang data" in error("findings", "--warehouse",
                                            str(tmp_path / "none.duckdb"))
    assert "adalah folder: --warehouse harus menyebut berkas DuckDB" in error(
        "ledger", "--warehouse", str(tmp_path))
    assert "Bahasa 'fr' tidak dikenal" in error("ledger", "--lang", "fr")
    assert "bukan gudang data: berkas ini bukan basis data DuckDB" in error(
        "report", "--year", "2023", "--warehouse", str(junk))
    (tmp_path / "landing_kantor").mkdir()
    assert "Folder landing {} tidak ada. Maksud Anda: {}?".format(
        tmp_path / "landing_kantr", tmp_path / "landing_kantor") in error(
        "run", "--landing", str(tmp_path / "landing_kantr"), "--warehouse",
        str(tmp_path / "w" / "satudata.duckdb"))
    exports_file = tmp_path / "ekspor.txt"
    exports_file.write_text("catatan\n", encoding="utf-8")
    for place in (exports_file, exports_file / "2024"):
        assert f"{exports_file} adalah berkas: --exports menyebut folder" in error(
            "run", "--exports", str(place), "--warehouse", str(tmp_path / "w" / "s.duckdb"))
    assert not (tmp_path / "w").exists()


READ_COMMANDS = (["ledger"], ["findings"], ["quarantine", "--all"], ["accept", "uptd 2023 #1"],
                 ["report", "--year", "2023"], ["rotate-key"])


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_file_that_is_no_warehouse_or_holds_no_run_is_named_with_what_to_do(
        tmp_path, capsys, language):
    """Every command that reads the warehouse, given a file that is not one (a text file, a
    spreadsheet) or a DuckDB file without what a run writes: one sentence in the officer's
    language naming the file and what to do, exit 1 — never DuckDB's English error."""
    text_file = tmp_path / "catatan.duckdb"
    text_file.write_text("bukan gudang data\n", encoding="utf-8")
    workbook = write_uptd_xlsx(tmp_path / "Register_UPTD.xlsx", [uptd_row(1)])
    other_duckdb = tmp_path / "lain.duckdb"
    con = duckdb.connect(str(other_duckdb))
    con.execute("create schema raw; create table raw.catatan (isi varchar)")
    con.close()
    not_duckdb = ("bukan gudang data: berkas ini bukan basis data DuckDB", "is not a warehouse: "
                  "the file is not a DuckDB database")[language == "en"]
    no_run = ("belum berisi hasil run", "holds no run results yet")[language == "en"]
    for command in READ_COMMANDS:
        for path, words in ((text_file, not_duckdb), (workbook, not_duckdb),
                            (other_duckdb, no_run)):
            code = main([*command, "--warehouse", str(path), "--lang", language,
                         "--exports", str(tmp_path / "exports")])
            out, err = capsys.readouterr()
            said = out + err
            assert code == EXIT_FAILED, (command, path, said)
            if not (command[0] == "report" and path == other_duckdb):  # no marts: its words
                assert f"{path}" in said and words in said, (command, path, said)
            for english in ("Error", "Catalog", "does not exist", "Traceback"):
                assert english not in said, (command, path, said)
    assert not (tmp_path / "exports").exists()


def test_a_long_list_ends_with_the_command_that_writes_it_all(tmp_path, capsys):
    path = write_csv(tmp_path / "landing" / "simfoni" / "simfoni_september.csv",
                     [simfoni_row(1), *_bad_rows(13)])
    assert main(["check", str(path), "--warehouse", str(tmp_path / "w.duckdb")]) == EXIT_OK
    out = capsys.readouterr().out
    assert out.count("kolom Jenis Kelamin Korban: 'X'") == 10
    assert f"… dan 3 baris lain: satudata quarantine {path}" in out


@pytest.mark.parametrize(("command", "language"), [("ingest", "id"), ("check", "en")])
def test_the_screen_tells_quarantined_rows_from_loaded_rows_with_flagged_cells(
        tmp_path, capsys, command, language):
    """The sample roster with 13 rows loaded with a flagged cell (a Jabatan outside the
    vocabulary stored as Lainnya, a Golongan IV/z emptied) above 12 rows quarantined (a
    Jabatan naming two positions). The screen listed the first 10 rows of both kinds alike,
    all of them loaded rows, and said '… dan 2 baris lain' of the quarantined ones (12 minus
    the 10 loaded rows shown). Now each kind has its own heading counting its rows as the
    ledger and raw.asn_quarantine do, its first 10 rows under it, and how many it left out.
    A refused job title shows as the correction workbook shows it (it was `***`)."""
    path = tmp_path / "landing" / "asn" / "roster.xlsx"
    cells = {(row, "Jabatan"): "Analis Perlindungan Hak Perempuan"  # stored as Lainnya
             for row in range(5, 16)}
    cells[(6, "Jabatan")] = "staf pak yohanes"  # stored as Lainnya; a name in it
    cells |= {(row, "Golongan"): "IV/z" for row in (16, 30)}  # optional: emptied, loaded
    cells |= {(row, "Jabatan"): "Pengasuh dan Pengemudi"  # two positions: quarantined
              for row in range(17, 29)}
    names, nips = write_sample_roster(path, cells, range(5, 29))
    warehouse = tmp_path / "w" / "satudata.duckdb"
    assert main([command, str(path), "--warehouse", str(warehouse), "--lang", language]) == EXIT_OK
    out = capsys.readouterr().out
    lines = out.splitlines()
    english = language == "en"
    quarantined = ("  12 row(s) would be quarantined (not loaded):" if english
                   else "  12 baris dikarantina (tidak dimuat):")
    flagged = ("  13 row(s) would be loaded with flagged cells (not quarantined; a flagged cell is "
               "stored empty unless its reason says otherwise):" if english else
               "  13 baris dimuat dengan sel ditandai (tidak dikarantina; sel yang ditandai "
               "disimpan kosong kecuali alasannya menyebut lain):")
    row = "Row" if english else "Baris"
    first, second = lines.index(quarantined), lines.index(flagged)
    assert [line.split(",")[0] for line in lines[first + 1:first + 11]] == [
        f"    {row} {number}" for number in range(17, 27)]
    assert lines[first + 11] == (
        f"    … and 2 more row(s): satudata quarantine {path}" if english
        else f"    … dan 2 baris lain: satudata quarantine {path}")
    assert [line.split(",")[0] for line in lines[second + 1:second + 11]] == [
        f"    {row} {number}" for number in range(5, 15)]
    assert lines[second + 11] == (
        f"    … and 3 more loaded row(s) with flagged cells: satudata quarantine {path}"
        if english else
        f"    … dan 3 baris lain yang dimuat dengan sel ditandai: satudata quarantine {path}")
    # A job title is no private cell: shown as the correction workbook shows it, though the
    # quarantine stores no free text ('***' on screen before); a name typed in it never.
    assert lines[first + 1].startswith(f"    {row} 17, " + ("column" if english else "kolom")
                                       + " Jabatan: 'Pengasuh dan Pengemudi' — ")
    assert "Jabatan: 'Analis Perlindungan Hak Perempuan' — " in lines[second + 1]
    assert "Jabatan: '***' — " in lines[second + 2]
    for private in ["yohanes", *names, *nips]:
        assert str(private) not in out
    if command == "ingest":
        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert con.execute(
                "select count(distinct source_row) filter (where not row_kept), "
                "count(distinct source_row) filter (where row_kept) from raw.asn_quarantine"
            ).fetchone() == (12, 13)
            assert con.execute("select rows_quarantined from raw.ingest_ledger").fetchall() == [
                (12,)]


def _office_karantina(tmp_path, trial):
    """A file with bad rows ingested into the office's warehouse (`w/satudata.duckdb`) and
    `trial`, and the office's quarantine workbooks written into `karantina/` beside its
    exports: (landing, office, karantina, its files' bytes)."""
    landing = tmp_path / "landing"
    path = write_csv(landing / "simfoni" / "simfoni_oktober.csv",
                     [simfoni_row(1), *_bad_rows(2)])
    office = tmp_path / "w" / "satudata.duckdb"
    for warehouse in (office, trial):
        assert main(["ingest", str(path), "--warehouse", str(warehouse)]) == EXIT_OK
    assert main(["quarantine", "--all", "--landing", str(landing), "--exports",
                 str(tmp_path / "exports"), "--warehouse", str(office)]) == EXIT_OK
    karantina = tmp_path / "karantina"
    return landing, office, karantina, {p: p.read_bytes() for p in karantina.rglob("*")
                                        if p.is_file()}


def test_the_karantina_folder_is_written_only_by_its_own_warehouse(tmp_path, capsys):
    """A second warehouse beside the office's, given the office's exports folder, would write
    its quarantined rows into the office's `karantina/`: refused, nothing written."""
    trial = tmp_path / "w" / "coba.duckdb"
    landing, office, karantina, before = _office_karantina(tmp_path, trial)
    paths = ["--landing", str(landing), "--exports", str(tmp_path / "exports")]
    assert sorted(p.relative_to(karantina).as_posix() for p in before) == [
        "simfoni/simfoni_oktober_karantina.xlsx", "warehouse.json"]
    capsys.readouterr()
    assert main(["quarantine", "--all", *paths, "--warehouse", str(trial)]) == EXIT_FAILED
    assert capsys.readouterr().err == (
        f"Folder karantina {karantina} milik gudang data {office}, bukan milik gudang data "
        f"yang dipakai, {trial}: tidak ada yang ditulis di sana. Beri {trial} keluaran sendiri "
        "(--out FOLDER, atau --exports FOLDER / SATUDATA_EXPORTS: folder karantina ada di "
        f"samping folder ekspor), atau, bila {office} tidak dipakai lagi atau sudah dipindah "
        f"menjadi {trial}, pindahkan {karantina} ke tempat lain (atau hapus "
        f"{karantina / 'warehouse.json'}) lalu jalankan lagi.\n")
    assert {p: p.read_bytes() for p in karantina.rglob("*") if p.is_file()} == before


def test_out_into_another_warehouse_s_karantina_folder_is_refused(tmp_path, capsys):
    """`--out` naming the office's `karantina/` (or a folder inside it) from a trial warehouse
    with outputs of its own: refused as for the default folder, nothing written there."""
    trial = tmp_path / "coba" / "coba.duckdb"
    landing, office, karantina, before = _office_karantina(tmp_path, trial)
    for out in (karantina, karantina / "coba"):
        capsys.readouterr()
        assert main(["quarantine", "--all", "--landing", str(landing), "--exports",
                     str(tmp_path / "coba" / "exports"), "--warehouse", str(trial),
                     "--out", str(out)]) == EXIT_FAILED
        assert capsys.readouterr().err.startswith(
            f"Folder karantina {out} milik gudang data {office}, bukan milik gudang data "
            f"yang dipakai, {trial}: tidak ada yang ditulis di sana.")
        assert {p: p.read_bytes() for p in karantina.rglob("*") if p.is_file()} == before
    assert not (karantina / "coba").exists()
    # A folder of the person's own choosing is theirs: written, and recorded as nobody's.
    assert main(["quarantine", "--all", "--landing", str(landing), "--exports",
                 str(tmp_path / "coba" / "exports"), "--warehouse", str(trial),
                 "--out", str(tmp_path / "mine")]) == EXIT_OK
    assert sorted(p.name for p in (tmp_path / "mine").rglob("*.xlsx")) == [
        "simfoni_oktober_karantina.xlsx"]


def test_quarantine_writes_the_officers_own_rows_to_correct(tmp_path, capsys):
    landing = tmp_path / "landing"
    rows = [simfoni_row(1), *_bad_rows(12),
            simfoni_row(14, **{"Tempat Kejadian": "=HYPERLINK(\"x\")", "Umur Korban": "-3"}),
            simfoni_row(15, **{"Kabupaten/Kota": "Timor Tengah Selatn",
                               "Hubungan Pelaku": "@Tetangga",
                               "Pendidikan Korban": "Jl. Penandaku No. 7 RT 01/RW 02"})]
    path = write_csv(landing / "simfoni" / "simfoni_oktober.csv", rows)
    warehouse = tmp_path / "w" / "satudata.duckdb"
    assert main(["ingest", str(path), "--warehouse", str(warehouse)]) == EXIT_OK
    capsys.readouterr()
    out_folder = tmp_path / "karantina"
    assert main(["quarantine", "--all", "--landing", str(landing), "--warehouse",
                 str(warehouse), "--out", str(out_folder)]) == EXIT_OK
    out = capsys.readouterr().out
    workbook_path = out_folder / "simfoni" / "simfoni_oktober_karantina.xlsx"
    assert f"simfoni_oktober.csv (simfoni): 14 baris dikarantina → {workbook_path}" in out
    assert f"… dan 4 baris lain: buka {workbook_path}" in out
    sheet = load_workbook(workbook_path)["Baris dikarantina"]
    header = [cell.value for cell in sheet[1]]
    private = {"Nama Korban", "NIK Korban", "Alamat Korban", "No HP Korban"}
    assert header == ["Baris di berkas",
                      *(name for name in SIMFONI_HEADER if name not in private),
                      "Alasan dikarantina"]
    rows_by_number = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert sorted(rows_by_number) == list(range(3, 17))  # spreadsheet rows; row 1 is the header
    umur, sex = header.index("Umur Korban"), header.index("Jenis Kelamin Korban")
    assert rows_by_number[3][sex].value == "X"
    assert rows_by_number[3][sex].fill.fgColor.rgb.endswith("FFE699")
    assert "Jenis Kelamin Korban:" in rows_by_number[3][-1].value
    assert rows_by_number[3][header.index("No. Registrasi")].value == "REG-2023-00002"
    # Text that a spreadsheet would take for a formula stays text.
    place = rows_by_number[15][header.index("Tempat Kejadian")]
    assert (place.value, place.data_type) == ("=HYPERLINK(\"x\")", "s")
    # A relation read beyond its vocabulary is no private cell: shown (as text), so the
    # officer sees what to correct; a name typed in it never (test_asn_kla_indikator).
    relation = rows_by_number[16][header.index("Hubungan Pelaku")]
    assert (relation.value, relation.data_type) == ("@Tetangga", "s")
    assert rows_by_number[15][umur].value == "-3" and rows_by_number[15][umur].data_type == "s"
    # Nothing private was copied: an address typed into a coded column is masked too.
    assert rows_by_number[16][header.index("Pendidikan Korban")].value == "***"
    values = {cell.value for row in sheet.iter_rows() for cell in row}
    assert not values & {"Maria Testa Ndun", "5371014409990001", "081234567890"}
    assert not any("Penandaku" in str(value) for value in values)
    advice = [row[0].value for row in load_workbook(workbook_path)["Cara memperbaiki"].iter_rows()]
    assert any("Jangan meletakkan buku kerja ini saja" in line for line in advice)


def test_quarantine_shows_the_products_own_words_and_masks_names(tmp_path, capsys):
    """A SIMFONI extract with a column it does not declare (`Status Pelapor`) and a row
    quarantined for its sex: `SD` (Pendidikan Korban, read as free text beyond its
    vocabulary), `Tenaga Harian Lepas` and `Sabu Rai Jua` were shown as `***` in the
    correction workbook and on screen, so the officer could not see the row's cells. They
    now show; a name typed in the same columns, and the row's name, NIK and phone, never."""
    landing = tmp_path / "landing"
    header = [*SIMFONI_HEADER, "Status Pelapor"]
    rows = [simfoni_row(1) + ["Tenaga Harian Lepas"],
            simfoni_row(2, **{"Jenis Kelamin Korban": "X", "Pendidikan Korban": "SD",
                              "Kabupaten/Kota": "Sabu Rai Jua"}) + ["Tenaga Harian Lepas"],
            simfoni_row(3, **{"Jenis Kelamin Korban": "X", "Pendidikan Korban": "Siti Aminah",
                              "Kabupaten/Kota": "Yohanes Bosco"}) + ["Maria Goreti Bessie"]]
    path = write_csv(landing / "simfoni" / "simfoni_oktober.csv", rows, header=header)
    warehouse = tmp_path / "w" / "satudata.duckdb"
    assert main(["ingest", str(path), "--warehouse", str(warehouse)]) == EXIT_OK
    out_folder = tmp_path / "karantina"
    assert main(["quarantine", str(path), "--warehouse", str(warehouse), "--out",
                 str(out_folder)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Baris 3, kolom Jenis Kelamin Korban: 'X'" in out
    assert "Baris 4, kolom Kabupaten/Kota: '***'" in out
    sheet = load_workbook(out_folder / "simfoni" / "simfoni_oktober_karantina.xlsx")[
        "Baris dikarantina"]
    cells = list(sheet.values)
    columns = [cells[0].index(name) for name in ("Pendidikan Korban", "Kabupaten/Kota",
                                                 "Status Pelapor")]
    assert [[row[0], *(row[at] for at in columns)] for row in cells[1:]] == [
        [3, "SD", "Sabu Rai Jua", "Tenaga Harian Lepas"], [4, "***", "***", "***"]]
    assert "Kabupaten/Kota" not in cells[1][-1]  # Sabu Rai Jua is Sabu Raijua: only the sex
    con = duckdb.connect(str(warehouse), read_only=True)
    quarantined = con.execute("select value from raw.simfoni_quarantine where source_row = 4"
                              ).fetchall()
    stored = " ".join(str(value) for table in ("simfoni", "simfoni_quarantine", "ingest_ledger")
                      for row in con.execute(f"select * from raw.{table}").fetchall()
                      for value in row) + " ".join(str(cell) for row in cells for cell in row)
    con.close()
    assert quarantined and all(value in ("***", "X") for (value,) in quarantined)
    for private in ("Siti Aminah", "Yohanes Bosco", "Maria Goreti", "Maria Testa Ndun",
                    "5371014409990001", "081234567890"):
        assert private not in stored and private not in out


def test_quarantine_all_finds_the_file_where_it_was_loaded_from(tmp_path, capsys):
    """The run was given `--landing` and `satudata quarantine --all` is not: the workbook
    still holds the file's own cells, and no message says the file is gone. Once the file
    is really gone, it says so."""
    # A column an officer titled with a person's name stays out of the workbook too.
    path = write_csv(tmp_path / "kantor" / "simfoni" / "simfoni_oktober.csv",
                     [[*row, "ya"] for row in [simfoni_row(1), *_bad_rows(2)]],
                     header=[*SIMFONI_HEADER, "Yakobus Neno Liubana"])
    warehouse = tmp_path / "w" / "satudata.duckdb"
    assert main(["ingest", str(path), "--warehouse", str(warehouse)]) == EXIT_OK
    command = ["quarantine", "--all", "--landing", str(tmp_path / "landing"), "--warehouse",
               str(warehouse), "--out", str(tmp_path / "karantina")]
    capsys.readouterr()
    assert main(command) == EXIT_OK
    out = capsys.readouterr().out
    assert "simfoni_oktober.csv (simfoni): 2 baris dikarantina" in out
    assert "Berkas sudah tidak ada di folder landing" not in out
    workbook = tmp_path / "karantina" / "simfoni" / "simfoni_oktober_karantina.xlsx"
    sheet = load_workbook(workbook)["Baris dikarantina"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Baris di berkas", "No", "No. Registrasi"]
    assert [row[2].value for row in sheet.iter_rows(min_row=2)] == ["REG-2023-00002",
                                                                     "REG-2023-00003"]
    assert "Yakobus Neno Liubana" not in header and header[-2:] == ["Status Layanan",
                                                                    "Alasan dikarantina"]
    path.unlink()
    assert main(command) == EXIT_OK
    assert "Berkas sudah tidak ada di folder landing" in capsys.readouterr().out


def test_quarantine_of_a_file_not_loaded_yet_checks_it_and_loads_nothing(tmp_path, capsys):
    path = write_csv(tmp_path / "landing" / "simfoni" / "simfoni_november.csv",
                     [simfoni_row(1), *_bad_rows(2)])
    warehouse = tmp_path / "w" / "satudata.duckdb"
    assert main(["quarantine", str(path), "--warehouse", str(warehouse), "--out",
                 str(tmp_path / "out")]) == EXIT_OK
    out = capsys.readouterr().out
    assert "simfoni_november.csv (simfoni): 2 baris dikarantina" in out
    assert "belum dimuat: barisnya diperiksa, tidak ada yang dimuat" in out
    assert (tmp_path / "out" / "simfoni" / "simfoni_november_karantina.xlsx").is_file()
    assert not warehouse.exists()
    assert main(["quarantine", str(path), "--landing", str(tmp_path / "landing"), "--out",
                 str(tmp_path / "landing" / "x")]) == \
        EXIT_FAILED
    assert "berada di dalam folder landing" in capsys.readouterr().err


def test_quarantine_of_a_workbook_keeps_its_spreadsheet_rows_and_cell_types(tmp_path, capsys):
    """A register with title rows above its header: the workbook gives the rows as the
    spreadsheet numbers them (header on row 4), with the file's own cells."""
    path = write_uptd_xlsx(tmp_path / "landing" / "uptd" / "register_2023.xlsx", [
        uptd_row(1), uptd_row(2, **{"Kategori Korban": "Pemukulan"}), uptd_row(3),
        uptd_row(4, **{"Kabupaten/Kota": "Kupang"})])
    warehouse = tmp_path / "w" / "satudata.duckdb"
    assert main(["ingest", str(path), "--warehouse", str(warehouse)]) == EXIT_OK
    assert "Baris 6, kolom Kategori Korban: 'Pemukulan'" in capsys.readouterr().out
    assert main(["quarantine", str(path), "--warehouse", str(warehouse), "--out",
                 str(tmp_path / "out")]) == EXIT_OK
    book = load_workbook(tmp_path / "out" / "uptd" / "register_2023_karantina.xlsx")
    sheet = book["Baris dikarantina"]
    header = [cell.value for cell in sheet[1]]
    assert header == ["Baris di berkas", "No", "No. Kasus", "Tanggal Pengaduan",
                      "Kategori Korban", "Jenis Kekerasan", "Bentuk Kekerasan",
                      "Kabupaten/Kota", "Layanan", "Status", "Alasan dikarantina"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[:3] for row in rows] == [[6, 2, "UPTD/2023/002"]]
    assert rows[0][3] == dt.datetime(2023, 1, 10)  # a date stays a date
    # `Kupang` (Kab. or Kota?) was flagged and its row loaded: not a quarantined row (it was
    # one of two "quarantined" rows where the ledger counts one), listed as loaded.
    assert [row[:3] for row in book["Dimuat, sel ditandai"].iter_rows(values_only=True)] == [
        ("Baris di berkas", "Kolom", "Nilai di berkas"), (8, "Kabupaten/Kota", "Kupang")]


def test_the_installed_command_keeps_its_output_and_exit_codes(tmp_path):
    """The installed `satudata` ends without tearing the interpreter down (satudata.entry):
    what it printed is all there and its exit codes are main's."""
    warehouse = tmp_path / "w" / "satudata.duckdb"
    env = {key: value for key, value in os.environ.items() if key != i18n.LANG_ENV}
    for number in range(30):  # thirty years' extracts: none leaves out another's case
        year = 1997 + number
        path = write_csv(tmp_path / f"simfoni_{number:02d}.csv", [simfoni_row(
            number + 1, **{"Tanggal Lapor": f"15/03/{year}", "Tanggal Kejadian": f"10/03/{year}"})])
        assert main(["ingest", str(path), "--source", "simfoni", "--warehouse",
                     str(warehouse)]) == EXIT_OK
    ledger = subprocess.run([str(BIN / "satudata"), "ledger", "--limit", "100", "--warehouse",
                             str(warehouse)], capture_output=True, text=True, env=env)
    assert ledger.returncode == EXIT_OK, ledger.stderr
    assert ledger.stdout.count("[dimuat]") == 30
    assert ledger.stdout.count("dibaca 1 = dimuat 1 + dikarantina 0 + dibuang 0: seimbang") == 30
    typo = subprocess.run([str(BIN / "satudata"), "ingest", str(tmp_path / "simfoni_00.csv"),
                           "--source", "simfony"], capture_output=True, text=True, env=env)
    assert typo.returncode == EXIT_FAILED
    assert "Maksud Anda: simfoni?" in typo.stderr
    usage = subprocess.run([str(BIN / "satudata"), "bogus"], capture_output=True, text=True,
                           env=env)
    assert usage.returncode == 2


def test_an_empty_ledger_says_so_and_what_to_do(tmp_path, capsys):
    import duckdb

    from ingest.loader import ensure_tables

    warehouse = tmp_path / "satudata.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        ensure_tables(con)
    assert main(["ledger", "--warehouse", str(warehouse)]) == EXIT_OK
    assert "Buku catatan belum berisi berkas" in capsys.readouterr().out
