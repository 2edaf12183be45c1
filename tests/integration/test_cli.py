"""The officer's verbs: check a file, ingest it, read the ledger and the findings."""

import pytest

from satudata.cli import EXIT_OK, EXIT_REJECTED, main
from tests.helpers import simfoni_row, write_csv


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("SATUDATA_LANG", "en")


def test_check_names_row_column_and_reason_and_loads_nothing(tmp_path, capsys):
    path = write_csv(tmp_path / "simfoni_maret.csv", [
        simfoni_row(1), simfoni_row(2, **{"Umur Korban": "150"}),
        simfoni_row(3, **{"Kabupaten/Kota": "Kupang"}),
    ])
    warehouse = tmp_path / "w" / "satudata.duckdb"
    code = main(["check", str(path), "--source", "simfoni", "--warehouse", str(warehouse)])
    out = capsys.readouterr().out
    assert code == EXIT_OK
    # The age is an optional cell: flagged, its victim's record kept.
    assert ("rows read 3 = loaded 2 + quarantined 1 + dropped 0; cells flagged (rows kept): 1"
            in out)
    assert "row 3, column Umur Korban: '150' — out of range: the highest allowed is 120" in out
    assert "row 4, column Kabupaten/Kota: 'Kupang'" in out and "ambiguous" in out
    assert not warehouse.exists()


def test_ingest_then_ledger_and_findings(tmp_path, capsys):
    warehouse = tmp_path / "w" / "satudata.duckdb"
    good = write_csv(tmp_path / "simfoni_april.csv", [simfoni_row(1), simfoni_row(2)])
    assert main(["ingest", str(good), "--source", "simfoni", "--warehouse",
                 str(warehouse)]) == EXIT_OK
    bad = tmp_path / "catatan.csv"
    bad.write_text("ini bukan tabel\n", encoding="utf-8")
    assert main(["ingest", str(bad), "--source", "simfoni", "--warehouse",
                 str(warehouse)]) == EXIT_REJECTED
    capsys.readouterr()
    assert main(["ledger", "--warehouse", str(warehouse)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "simfoni/simfoni_april.csv [loaded]" in out
    assert "read 2 = loaded 2 + quarantined 0 + dropped 0: ok" in out
    assert "simfoni/catatan.csv [rejected]" in out and "no header row" in out
    assert main(["findings", "--warehouse", str(warehouse)]) == EXIT_OK
    assert "0 open finding(s)." in capsys.readouterr().out
