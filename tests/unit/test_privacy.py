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
from ingest.loader import ensure_tables, ingest_file
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
    assert rotation.files == [("uptd", "register_2023.xlsx", 6)]
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
    assert rekey.rotate_key(warehouse).files == [("uptd", "register_2023.xlsx", 6)]
    con = duckdb.connect(str(warehouse), read_only=True)
    assert privacy.warehouse_fingerprints(con) == {privacy.key_fingerprint(b"kunci-kedua")}
    assert con.execute("select count(*) from raw.uptd").fetchone()[0] == 6
    con.close()


def test_a_warehouse_whose_ids_were_read_another_way_is_refused_until_read_again(
        fresh_key, tmp_path):
    """A warehouse built before one id however typed gave one pseudonym holds the case
    `012345` under the pseudonym of `012345`; a new year's file writing it 12345 (a number
    cell) loaded beside it, the case counted twice. Now the file is refused, nothing loaded,
    until `satudata rotate-key` reads the warehouse's files again with the same key."""
    fresh_key.setenv("SATUDATA_HMAC_KEY", "kunci-kantor")
    warehouse = tmp_path / "w.duckdb"
    register = write_uptd_xlsx(tmp_path / "landing/uptd/register_2022.xlsx", [uptd_row(
        1, **{"No. Kasus": "012345", "Tanggal Pengaduan": dt.datetime(2022, 3, 10)})])
    con = duckdb.connect(str(warehouse))
    assert ingest_file(con, register, "uptd").rows_loaded == 1
    assert con.execute("select id_reading from raw.ingest_ledger").fetchall() == [
        (privacy.ID_READING,)]
    # As the earlier version stored it: the id as typed, no reading recorded.
    con.execute("update raw.uptd set no_kasus_hmac = ?",
                [privacy.pseudonymise("uptd", pd.Series(["012345"]))[0]])
    con.execute("update raw.ingest_ledger set id_reading = null")
    later = write_uptd_xlsx(tmp_path / "landing/uptd/register_2023.xlsx",
                            [uptd_row(1, **{"No. Kasus": 12345})])
    with pytest.raises(privacy.IdReadingChanged, match="rotate-key") as refused:
        ingest_file(con, later, "uptd")
    assert str(refused.value).startswith("1 ")
    assert con.execute("select count(*) from raw.uptd").fetchone() == (1,)
    con.close()
    assert rekey.rotate_key(warehouse).files == [("uptd", "register_2022.xlsx", 1)]
    con = duckdb.connect(str(warehouse))
    result = ingest_file(con, later, "uptd")
    assert (result.rows_loaded, result.rows_quarantined) == (0, 1)  # the case of 2022, once
    assert con.execute("select count(*) from raw.uptd").fetchone() == (1,)
    con.close()
