"""What an officer reads about held files, accepted files, damaged workbooks and the
analysts' copy: true, and in Indonesian (the default language)."""

from __future__ import annotations

import shutil

from publish.analytics import publish_analytics
from satudata.cli import EXIT_FAILED, EXIT_OK, EXIT_REJECTED, main
from tests.helpers import uptd_row, write_uptd_xlsx


def satudata(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_held_file_says_nothing_was_loaded_and_an_accept_speaks_indonesian(
        tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "id")
    warehouse = tmp_path / "w" / "satudata.duckdb"
    register = tmp_path / "landing" / "uptd" / "register.xlsx"
    full = write_uptd_xlsx(tmp_path / "full.xlsx",
                           [uptd_row(n, month=1 + n % 12) for n in range(1, 61)], total=60)
    short = write_uptd_xlsx(tmp_path / "short.xlsx",
                            [uptd_row(n, month=1 + n % 12) for n in range(1, 45)], total=44)
    wh = ("--warehouse", str(warehouse))
    register.parent.mkdir(parents=True)
    shutil.copy(full, register)
    assert satudata(capsys, "ingest", str(register), *wh)[0] == EXIT_OK
    shutil.copy(short, register)
    code, out = satudata(capsys, "ingest", str(register), *wh)
    assert code == EXIT_REJECTED
    assert "register.xlsx sebagai uptd: ditahan" in out
    assert "ditahan: 45 baris dibaca, tidak ada yang dimuat (bila diterima: 44 dimuat, " \
           "0 dikarantina, 1 dibuang)" in out
    code, out = satudata(capsys, "ledger", *wh)
    assert code == EXIT_OK
    held_entry = out.split("#2 ", 1)[1].split("\n#1 ", 1)[0]
    assert "[ditahan]" in held_entry and "dimuat 44" not in held_entry
    assert "ditahan: 45 baris dibaca, tidak ada yang dimuat" in held_entry
    code, out = satudata(capsys, "accept", "uptd 2023 #2", *wh)
    assert code == EXIT_OK
    assert "Diterima register.xlsx sebagai uptd: dimuat" in out and ": loaded" not in out
    code, out = satudata(capsys, "ledger", *wh)
    assert "[diterima (dimuat sebagai baris buku catatan berikutnya)]" in out
    assert "dibaca 45 = dimuat 44 + dikarantina 0 + dibuang 1: seimbang" in out  # row #3


def test_the_analysts_copy_is_named_as_such_by_ledger_and_findings(tmp_path, capsys,
                                                                    monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "en")
    warehouse = tmp_path / "w" / "satudata.duckdb"
    register = write_uptd_xlsx(tmp_path / "landing" / "uptd" / "register.xlsx",
                               [uptd_row(n) for n in range(1, 8)])
    assert satudata(capsys, "ingest", str(register), "--warehouse", str(warehouse))[0] == EXIT_OK
    analytics = warehouse.with_name("analytics.duckdb")
    publish_analytics(warehouse, analytics, schemas=())
    code, out = satudata(capsys, "ledger", "--warehouse", str(analytics))
    assert code == EXIT_FAILED
    assert "is the analysts' copy (the analytics file a run publishes): it holds the marts, " \
           f"not the ledger. Give --warehouse the warehouse itself: {warehouse}." in out
    assert "no run results yet" not in out


def test_a_damaged_workbook_is_refused_in_indonesian_with_what_to_do(tmp_path, capsys,
                                                                     monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "id")
    broken = tmp_path / "landing" / "uptd" / "register_2023.xlsx"
    broken.parent.mkdir(parents=True)
    # A workbook cut short while being copied: the start of a zip, its end missing.
    whole = write_uptd_xlsx(tmp_path / "whole.xlsx", [uptd_row(n) for n in range(1, 20)])
    broken.write_bytes(whole.read_bytes()[:2000])
    code, out = satudata(capsys, "ingest", str(broken), "--warehouse",
                         str(tmp_path / "w" / "satudata.duckdb"))
    assert code == EXIT_REJECTED
    assert "berkas rusak atau bukan buku kerja Excel, walaupun namanya berakhiran .xlsx: " \
           "buka di Excel atau LibreOffice, simpan ulang sebagai .xlsx" in out
    assert "Error" not in out and "Zip" not in out
