"""Pseudonyms: HMAC-SHA256 as RFC 2104 defines it, computed a column at a time; the key's
fingerprint in the ledger, refusal of a second key, rotation, the development key."""

import datetime as dt
import hashlib
import hmac
import os
import signal
import subprocess
import sys
import time

import duckdb
import pandas as pd
import pytest

from core.duckdb_files import GaveUp, connect
from core.faults import PAUSE_AT, PAUSE_FILE
from ingest import privacy, rekey
from ingest.loader import ensure_tables, id_reading_note, ingest_file, warehouse_id_reading
from tests.helpers import uptd_row, write_uptd_xlsx


def reference(key: bytes, namespace: str, identifier: str) -> str:
    message = f"{namespace}:{identifier.strip().upper()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


@pytest.mark.parametrize("key", ["short key", "k" * 64, "a key longer than one block " * 4])
def test_pseudonyms_are_the_keyed_hmac_of_the_trimmed_upper_case_id(monkeypatch, key):
    monkeypatch.setenv("SATUDATA_HMAC_KEY", key)
    privacy.hmac_key.cache_clear()
    ids = pd.Series([" reg-2023-00001 ", "REG-2023-00001", None, "Kasus/ÄÖ-7", 12345],
                    index=[10, 11, 12, 13, 14], dtype=object)
    pseudonyms = privacy.pseudonymise("simfoni", ids)
    privacy.hmac_key.cache_clear()
    expected = [reference(key.encode(), "simfoni", str(value)) for value in ids.drop(12)]
    assert pseudonyms.drop(12).tolist() == expected
    assert pseudonyms[10] == pseudonyms[11] and pseudonyms[12] is None
    assert pseudonyms.index.tolist() == [10, 11, 12, 13, 14]


def test_another_key_or_namespace_gives_other_pseudonyms(monkeypatch):
    ids = pd.Series(["REG-1"])
    monkeypatch.setenv("SATUDATA_HMAC_KEY", "one")
    privacy.hmac_key.cache_clear()
    first = privacy.pseudonymise("simfoni", ids)[0]
    other_namespace = privacy.pseudonymise("uptd", ids)[0]
    monkeypatch.setenv("SATUDATA_HMAC_KEY", "two")
    privacy.hmac_key.cache_clear()
    other_key = privacy.pseudonymise("simfoni", ids)[0]
    privacy.hmac_key.cache_clear()
    assert len({first, other_namespace, other_key}) == 3


def test_a_fingerprint_names_a_key_without_revealing_it(fresh_key):
    fresh_key.setenv("SATUDATA_HMAC_KEY", "rahasia-kantor-1")
    first = privacy.key_fingerprint()
    assert first == hmac.new(b"rahasia-kantor-1", privacy.FINGERPRINT_LABEL,
                             hashlib.sha256).hexdigest()[:16]
    assert "rahasia" not in first and len(first) == 16
    privacy.hmac_key.cache_clear()
    fresh_key.setenv("SATUDATA_HMAC_KEY", "rahasia-kantor-2")
    assert privacy.key_fingerprint() != first
    assert privacy.key_fingerprint(privacy.DEVELOPMENT_KEY) == privacy.DEVELOPMENT_FINGERPRINT


def test_the_development_key_warning_prints_once_per_process(fresh_key, capsys):
    fresh_key.delenv("SATUDATA_HMAC_KEY", raising=False)
    fresh_key.delenv("SATUDATA_HMAC_KEY_FILE", raising=False)
    for _ in range(3):
        privacy.hmac_key.cache_clear()
        assert privacy.hmac_key() == privacy.DEVELOPMENT_KEY
    printed = capsys.readouterr().err
    assert printed.count("SATUDATA_HMAC_KEY") >= 1 and len(printed.strip().splitlines()) == 1
    assert privacy.using_development_key()


def test_the_development_key_publishes_nothing_unless_allowed(fresh_key):
    fresh_key.delenv("SATUDATA_HMAC_KEY", raising=False)
    fresh_key.delenv("SATUDATA_HMAC_KEY_FILE", raising=False)
    fresh_key.delenv(privacy.ALLOW_DEV_KEY, raising=False)
    with pytest.raises(privacy.DevelopmentKeyRefused, match="--allow-dev-key"):
        privacy.refuse_development_key()
    fresh_key.setenv(privacy.ALLOW_DEV_KEY, "1")
    privacy.refuse_development_key()  # a demo, allowed explicitly


def test_a_secret_key_over_a_development_key_warehouse_is_refused_until_rotation(fresh_key):
    """The warehouse's pseudonyms were made with the development key: exports are refused
    even when a secret key is set now (the pseudonyms in it are the public key's)."""
    con = duckdb.connect()
    ensure_tables(con)
    con.execute("insert into raw.ingest_ledger (ingest_id, source, file_name, sha256, "
                "rows_read, rows_loaded, rows_quarantined, rows_dropped, status, ingested_at, "
                "key_fingerprint) values (1, 'uptd', 'a.xlsx', 'x', 1, 1, 0, 0, 'loaded', "
                "now(), ?)", [privacy.DEVELOPMENT_FINGERPRINT])
    fresh_key.setenv("SATUDATA_HMAC_KEY", "rahasia-kantor")
    fresh_key.delenv(privacy.ALLOW_DEV_KEY, raising=False)
    with pytest.raises(privacy.DevelopmentKeyRefused):
        privacy.refuse_development_key(con)
    with pytest.raises(privacy.KeyMismatch, match="satudata rotate-key") as refused:
        privacy.check_key(con)
    assert privacy.DEVELOPMENT_FINGERPRINT in str(refused.value)
    assert privacy.key_fingerprint() in str(refused.value)


def test_a_warehouse_made_before_fingerprints_gains_the_column(tmp_path):
    path = tmp_path / "lama.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema raw")
    con.execute("create table raw.ingest_ledger (ingest_id bigint primary key, source varchar "
                "not null, file_name varchar not null, file_path varchar, sha256 varchar not "
                "null, size_bytes bigint, period_year integer, rows_read bigint not null, "
                "rows_loaded bigint not null, rows_quarantined bigint not null, rows_dropped "
                "bigint not null, status varchar not null, message varchar, ingested_at "
                "timestamp not null, superseded_by bigint)")
    con.execute("insert into raw.ingest_ledger values (1, 'uptd', 'a.xlsx', null, 'x', 1, "
                "2023, 1, 1, 0, 0, 'loaded', '', now(), null)")
    ensure_tables(con)
    assert con.execute("select key_fingerprint from raw.ingest_ledger").fetchall() == [(None,)]
    assert privacy.warehouse_fingerprints(con) == set()  # unknown: nothing to refuse


def test_each_ingest_records_the_key_and_another_key_is_refused(fresh_key, tmp_path):
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-pertama")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = write_uptd_xlsx(tmp_path / "landing/uptd/register_2023.xlsx",
                            [uptd_row(n, month=n) for n in range(1, 7)])
    assert ingest_file(con, first, "uptd").status == "loaded"
    assert con.execute("select key_fingerprint from raw.ingest_ledger").fetchall() == \
        [(privacy.key_fingerprint(b"kunci-pertama"),)]
    privacy.hmac_key.cache_clear()
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-kedua")
    second = write_uptd_xlsx(tmp_path / "landing/uptd/register_2024.xlsx",
                             [uptd_row(n, month=n, **{"No. Kasus": f"UPTD/2024/{n:03d}",
                                                      "Tanggal Pengaduan":
                                                      dt.datetime(2024, n, 3)})
                              for n in range(1, 4)])
    with pytest.raises(privacy.KeyMismatch, match="rotate-key"):
        ingest_file(con, second, "uptd")
    assert con.execute("select count(*) from raw.uptd").fetchone()[0] == 6  # nothing mixed
    con.close()


def test_rotation_re_pseudonymises_from_the_landing_files(fresh_key, tmp_path):
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-pertama")
    warehouse = tmp_path / "w.duckdb"
    register = write_uptd_xlsx(tmp_path / "landing/uptd/register_2023.xlsx",
                               [uptd_row(n, month=n) for n in range(1, 7)])
    con = duckdb.connect(str(warehouse))
    ingest_file(con, register, "uptd")
    before = sorted(r[0] for r in con.execute("select no_kasus_hmac from raw.uptd").fetchall())
    con.close()
    privacy.hmac_key.cache_clear()
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-kedua")
    rotation = rekey.rotate_key(warehouse)
    assert rotation.files == [("uptd", "register_2023.xlsx", 6, 6)]
    con = duckdb.connect(str(warehouse))
    after = sorted(r[0] for r in con.execute("select no_kasus_hmac from raw.uptd").fetchall())
    assert len(after) == 6 and not set(after) & set(before)
    assert after == sorted(privacy.pseudonymise("uptd", pd.Series(
        [f"UPTD/2023/{n:03d}" for n in range(1, 7)])))
    assert privacy.warehouse_fingerprints(con) == {privacy.key_fingerprint(b"kunci-kedua")}
    con.close()
    # A file the warehouse was built from that changed since: refused, nothing changed.
    write_uptd_xlsx(register, [uptd_row(n, month=n) for n in range(1, 5)])
    privacy.hmac_key.cache_clear()
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-ketiga")
    with pytest.raises(rekey.RotationRefused, match="register_2023.xlsx"):
        rekey.rotate_key(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    assert privacy.warehouse_fingerprints(con) == {privacy.key_fingerprint(b"kunci-kedua")}
    con.close()


def test_no_other_process_writes_the_warehouse_while_a_rotation_reloads(fresh_key, tmp_path):
    """A run the UI, the sensor or a schedule started does not take `satudata`'s run lock: it
    opens the warehouse when it is free. While `satudata rotate-key` reloads the files into
    its copy, the warehouse is not free (a writer's rows would be lost when the copy replaces
    it): the writer is told whom it waits for. A rotation killed there changes nothing, and
    the next one completes."""
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-pertama")
    warehouse = tmp_path / "w" / "satudata.duckdb"
    warehouse.parent.mkdir()
    register = write_uptd_xlsx(tmp_path / "landing/uptd/register_2023.xlsx",
                               [uptd_row(n, month=n) for n in range(1, 7)])
    con = duckdb.connect(str(warehouse))
    ingest_file(con, register, "uptd")
    con.close()
    marker = tmp_path / "paused"
    rotation = subprocess.Popen(
        [sys.executable, "-m", "satudata.cli", "rotate-key", "--warehouse", str(warehouse),
         "--lang", "en"],
        env={**os.environ, "SATUDATA_HMAC_KEY": "kunci-kedua", PAUSE_AT: "ingest.mid_file",
             PAUSE_FILE: str(marker)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        while not marker.exists():
            if rotation.poll() is not None:
                pytest.fail(f"rotate-key ended (exit {rotation.returncode}) before reloading:\n"
                            + rotation.stdout.read()[-3000:])
            time.sleep(0.2)
        with pytest.raises(GaveUp) as waited:
            connect(warehouse, wait_seconds=1)
        assert f"PID {rotation.pid}" in str(waited.value)
    finally:
        os.killpg(rotation.pid, signal.SIGKILL)
        rotation.communicate()
    con = duckdb.connect(str(warehouse), read_only=True)
    assert privacy.warehouse_fingerprints(con) == {privacy.key_fingerprint(b"kunci-pertama")}
    con.close()
    privacy.hmac_key.cache_clear()
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-kedua")
    assert rekey.rotate_key(warehouse).files == [("uptd", "register_2023.xlsx", 6, 6)]
    con = duckdb.connect(str(warehouse), read_only=True)
    assert privacy.warehouse_fingerprints(con) == {privacy.key_fingerprint(b"kunci-kedua")}
    assert con.execute("select count(*) from raw.uptd").fetchone()[0] == 6
    con.close()


def _hmacs(con) -> list[str]:
    return sorted(r[0] for r in con.execute("select no_kasus_hmac from raw.uptd").fetchall())


def test_a_warehouse_built_before_the_id_reading_reads_ids_as_then_until_rotate_key(
        fresh_key, tmp_path):
    """A warehouse whose cases were loaded before ids were read one way however typed (its
    ledger has no `id_reading`, its rows no key fingerprint): every new file is read the
    earlier way, so its `012346` matches the stored `012346` (refused as the case of 2022, not
    counted twice) and nothing is refused or blocked; the ledger records reading 1. A
    rotation refused for a missing landing file leaves it so, still loading. Once
    `satudata rotate-key` read every file again it is on reading 2: `12.345` of 2022 is the
    case a new file writes as the number cell 12345. Before, the first file after the upgrade
    loaded and the next was refused until a rotation, impossible with a file archived."""
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-kantor")
    warehouse = tmp_path / "w.duckdb"
    landing = tmp_path / "landing/uptd"
    first = write_uptd_xlsx(landing / "register_2022.xlsx", [
        uptd_row(1, **{"No. Kasus": "12.345", "Tanggal Pengaduan": dt.datetime(2022, 3, 10)}),
        uptd_row(2, **{"No. Kasus": "012346", "Tanggal Pengaduan": dt.datetime(2022, 4, 11)})])
    con = duckdb.connect(str(warehouse))
    assert ingest_file(con, first, "uptd").rows_loaded == 2
    # As main stored it: the ids as typed, a ledger without id_reading nor key fingerprint.
    now, then = (privacy.pseudonymise("uptd", pd.Series(ids)).tolist()
                 for ids in (["12345", "12346"], ["12.345", "012346"]))
    assert _hmacs(con) == sorted(now)
    for new, old in zip(now, then, strict=True):
        con.execute("update raw.uptd set no_kasus_hmac = ? where no_kasus_hmac = ?", [old, new])
    con.execute("alter table raw.ingest_ledger drop column id_reading")
    con.execute("update raw.ingest_ledger set key_fingerprint = null")
    assert warehouse_id_reading(con) == 1 and id_reading_note(con).startswith(
        "Nomor kasus dan NIP di gudang data ini dibaca dengan cara lama")
    later = write_uptd_xlsx(landing / "register_2023.xlsx", [
        uptd_row(1, **{"No. Kasus": "012346"}), uptd_row(2, **{"No. Kasus": "UPTD/2023/777"})])
    result = ingest_file(con, later, "uptd")
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 1, 1)
    assert con.execute("select reason from raw.uptd_quarantine").fetchall() == [
        ("id ganda: sudah dimuat dari berkas tahun lain",)]
    assert con.execute("select count(distinct no_kasus_hmac) from raw.uptd").fetchone() == (3,)
    assert con.execute("select file_name, id_reading from raw.ingest_ledger order by ingest_id"
                       ).fetchall() == [("register_2022.xlsx", None), ("register_2023.xlsx", 1)]
    con.close()
    # An archived landing file: the rotation is refused, the warehouse stays as it was.
    archived = first.rename(tmp_path / "register_2022.xlsx")
    with pytest.raises(rekey.RotationRefused, match="register_2022.xlsx"):
        rekey.rotate_key(warehouse)
    con = duckdb.connect(str(warehouse))
    assert warehouse_id_reading(con) == 1
    more = write_uptd_xlsx(landing / "register_2024.xlsx", [uptd_row(
        1, **{"No. Kasus": 888, "Tanggal Pengaduan": dt.datetime(2024, 2, 1)})])
    assert ingest_file(con, more, "uptd").rows_loaded == 1
    con.close()
    archived.rename(first)
    assert [name for _source, name, *_rows in rekey.rotate_key(warehouse).files] == [
        "register_2022.xlsx", "register_2023.xlsx", "register_2024.xlsx"]
    con = duckdb.connect(str(warehouse))
    assert warehouse_id_reading(con) == privacy.ID_READING == 2 and id_reading_note(con) is None
    assert {reading for (reading,) in con.execute(
        "select id_reading from raw.ingest_ledger where superseded_by is null").fetchall()} == {2}
    assert _hmacs(con) == sorted(privacy.pseudonymise("uptd", pd.Series(
        ["12345", "12346", "UPTD/2023/777", "888"])))
    newest = write_uptd_xlsx(landing / "register_2025.xlsx", [uptd_row(
        1, **{"No. Kasus": 12345, "Tanggal Pengaduan": dt.datetime(2025, 2, 1)})])
    result = ingest_file(con, newest, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (0, 1)  # the case of 2022, once
    con.close()


def test_a_rotation_that_changes_a_files_count_says_it(fresh_key, tmp_path):
    """A warehouse of the earlier reading: 2023's number cell 12345 loaded beside 2022's
    `12.345` (another id then). Read again the current way they are one case: the 2023 file
    loads one row fewer, and the rotation's summary says so with the count before (it
    printed only the count now)."""
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-kantor")
    warehouse = tmp_path / "w.duckdb"
    landing = tmp_path / "landing/uptd"
    con = duckdb.connect(str(warehouse))
    first = write_uptd_xlsx(landing / "register_2022.xlsx", [
        uptd_row(1, **{"No. Kasus": "12.345", "Tanggal Pengaduan": dt.datetime(2022, 3, 10)}),
        uptd_row(2, **{"No. Kasus": "012346", "Tanggal Pengaduan": dt.datetime(2022, 4, 11)})])
    assert ingest_file(con, first, "uptd").rows_loaded == 2
    # As main stored it: the ids as typed, a ledger without id_reading.
    now, then = (privacy.pseudonymise("uptd", pd.Series(ids)).tolist()
                 for ids in (["12345", "12346"], ["12.345", "012346"]))
    for new, old in zip(now, then, strict=True):
        con.execute("update raw.uptd set no_kasus_hmac = ? where no_kasus_hmac = ?", [old, new])
    con.execute("alter table raw.ingest_ledger drop column id_reading")
    later = write_uptd_xlsx(landing / "register_2023.xlsx", [
        uptd_row(1, **{"No. Kasus": 12345}), uptd_row(2, **{"No. Kasus": "UPTD/2023/9"})])
    assert ingest_file(con, later, "uptd").rows_loaded == 2
    con.close()
    rotation = rekey.rotate_key(warehouse)
    assert rotation.files == [("uptd", "register_2022.xlsx", 2, 2),
                              ("uptd", "register_2023.xlsx", 1, 2)]
    assert "uptd/register_2023.xlsx: 1 baris dimuat, sebelumnya 2" in rekey.summary(rotation)
    assert "uptd/register_2022.xlsx: 2 baris dimuat\n" in rekey.summary(rotation)


def test_a_new_warehouse_reads_ids_the_current_way_from_its_first_file(fresh_key, tmp_path):
    """An empty warehouse is on reading 2 and records it: `012345` and `12345` are one case."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_tables(con)
    assert warehouse_id_reading(con) == 2 and id_reading_note(con) is None
    register = write_uptd_xlsx(tmp_path / "landing/uptd/register_2022.xlsx", [
        uptd_row(1, **{"No. Kasus": "012345", "Tanggal Pengaduan": dt.datetime(2022, 3, 10)})])
    ingest_file(con, register, "uptd")
    later = write_uptd_xlsx(tmp_path / "landing/uptd/register_2023.xlsx",
                            [uptd_row(1, **{"No. Kasus": 12345})])
    assert ingest_file(con, later, "uptd").rows_quarantined == 1
    assert con.execute("select id_reading from raw.ingest_ledger order by ingest_id"
                       ).fetchall() == [(2,), (2,)]
    con.close()
