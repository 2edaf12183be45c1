"""A landing folder with bad rows and unreadable files: the good rows still load."""

import pytest
from dagster import DagsterEventType

from tests.conftest import make_settings, run_on
from tests.helpers import simfoni_row, uptd_row, write_csv, write_uptd_xlsx


@pytest.fixture(scope="module")
def messy_run(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SATUDATA_LANG", "en")
        yield _messy_run(tmp_path_factory)


def _messy_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("messy")
    landing = root / "landing"
    write_csv(landing / "simfoni" / "simfoni_2023_bulan_maret.csv", [
        simfoni_row(1),
        simfoni_row(2, **{"Umur Korban": "-4"}),
        simfoni_row(3, **{"Kabupaten/Kota": "Kupang"}),
        simfoni_row(4, **{"Tanggal Lapor": "31/02/2023"}),
        simfoni_row(5, **{"Status Layanan": "Selesai"}),
        simfoni_row(6, **{"Kabupaten/Kota": "53.08"}),
        simfoni_row(1, **{"Umur Korban": "9"}),  # the same No. Registrasi as row 1
        # an infant as registers write her: her age was "not a number", her sex not L/P
        simfoni_row(7, **{"Umur Korban": "bayi", "Jenis Kelamin Korban": "Pr"}),
    ])
    (landing / "simfoni" / "foto_kegiatan.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 64)
    write_csv(landing / "simfoni" / "rekap_tanpa_kolom.csv", [["1", "01/03/2023", "TTS"]],
              header=["No Registrasi", "Tanggal Lapor", "Kabupaten/Kota"])
    write_uptd_xlsx(landing / "uptd" / "register.xlsx", [
        uptd_row(1), uptd_row(2, **{"Kategori Korban": "Lansia"}), uptd_row(3, month=3),
        uptd_row(4, month=2, **{"Jenis Kekerasan": "K.D.R.T", "Bentuk Kekerasan":
                                "Kekerasan Fisik", "Kabupaten/Kota": "T.T.S"}),
    ])
    run = run_on(make_settings(root, landing))
    return run


def test_the_run_completes_despite_bad_files(messy_run):
    assert messy_run.outcome.success
    failed = {(asset, check) for _, asset, check in messy_run.outcome.failed_checks}
    assert ("raw/simfoni", "files_readable") in failed
    assert ("raw/simfoni", "rows_pass_validation") in failed


def test_bad_rows_are_quarantined_with_file_row_column_and_reason(messy_run):
    rows = messy_run.query(
        "select file_name, source_row, column_name, value, reason, row_kept "
        "from raw.simfoni_quarantine order by source_row, column_name"
    )
    by_row = {row: (name, column, value, reason, kept)
              for name, row, column, value, reason, kept in rows}
    (label,), = messy_run.query("select file_label from raw.ingest_ledger "
                                "where file_name = 'simfoni_2023_bulan_maret.csv'")
    # The file is named by its label (a name typed into a file name stays in the ledger).
    assert {name for name, *_ in by_row.values()} == {label}
    # An age is optional: the cell is flagged, the victim's record loads.
    assert by_row[3][1:3] == ("Umur Korban", "-4") and by_row[3][4] is True
    assert by_row[4][1:3] == ("Kabupaten/Kota", "Kupang") and "ambiguous" in by_row[4][3]
    assert by_row[5][1:3] == ("Tanggal Lapor", "31/02/2023")
    assert "not a calendar date" in by_row[5][3]
    assert by_row[6][1:3] == ("Status Layanan", "Selesai")
    assert by_row[8][1] == "No. Registrasi" and "duplicate id" in by_row[8][3]
    uptd = messy_run.query("select source_row, column_name, value from raw.uptd_quarantine")
    assert uptd == [(6, "Kategori Korban", "Lansia")]


def test_unreadable_files_are_rejected_with_named_messages(messy_run):
    rejected = dict(messy_run.query(
        "select file_name, message from raw.ingest_ledger where status = 'rejected'"
    ))
    assert set(rejected) == {"foto_kegiatan.csv", "rekap_tanpa_kolom.csv"}
    assert ": binary data" in rejected["foto_kegiatan.csv"]
    missing = rejected["rekap_tanpa_kolom.csv"]
    assert missing.startswith("simfoni #") and "required column(s) missing" in missing
    assert "Jenis Kelamin Korban" in missing and "Status Layanan" in missing


def test_every_other_row_is_loaded_and_the_ledger_balances(messy_run):
    assert messy_run.query("select count(*) from raw.simfoni") == [(4,)]
    assert messy_run.query("select count(*) from marts.fct_cases where source = 'simfoni'") == [
        (4,)]
    assert messy_run.query("select count(*) from raw.uptd") == [(3,)]
    for name, read, loaded, quarantined, dropped in messy_run.query(
        "select file_name, rows_read, rows_loaded, rows_quarantined, rows_dropped "
        "from raw.ingest_ledger"
    ):
        assert read == loaded + quarantined + dropped, name
    assert messy_run.query(
        "select rows_read, rows_loaded, rows_quarantined from raw.ingest_ledger "
        "where file_name = 'simfoni_2023_bulan_maret.csv'"
    ) == [(8, 4, 4)]


def test_values_spelt_as_registers_write_them_count_where_they_belong(messy_run):
    """`bayi` and `Pr` are a girl of 0 years, counted as a child (she was of unknown age, or
    her row quarantined); `K.D.R.T`, `Kekerasan Fisik`, `T.T.S` are KDRT, Fisik and Timor
    Tengah Selatan (the row was quarantined)."""
    assert messy_run.query("select jenis_kelamin_korban, umur_korban from raw.simfoni "
                           "where source_row = 9") == [("P", 0)]
    assert messy_run.query(
        "select kategori_korban, kelompok_umur, is_anak from marts.fct_cases "
        "where source = 'simfoni' and umur_korban = 0") == [("Anak Perempuan", "0-5", True)]
    assert messy_run.query("select jenis_kekerasan, bentuk_kekerasan, kabupaten_kota_kode "
                           "from raw.uptd where source_row = 8") == [("KDRT", "Fisik", "53.02")]
    assert messy_run.query(
        "select bulan, bentuk_kekerasan, jumlah_kasus from marts.mart_cases_monthly_by_bentuk "
        "where source = 'uptd' and jenis_kekerasan = 'KDRT'") == [(2, "Fisik", 1)]


def test_the_readability_check_names_each_refused_file_once_by_its_label(messy_run):
    """The check's metadata in the UI read `- simfoni #3: simfoni #3: required column(s)
    missing …`: the label once, then the reason."""
    records = messy_run.instance.get_records_for_run(
        messy_run.outcome.run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION).records
    evaluations = [record.event_log_entry.dagster_event.event_specific_data
                   for record in records]
    (listed,) = [evaluation.metadata["rejected"].value for evaluation in evaluations
                 if evaluation.check_name == "files_readable"
                 and evaluation.asset_key.path == ["raw", "simfoni"]]
    labels = dict(messy_run.query("select file_name, file_label from raw.ingest_ledger "
                                  "where status = 'rejected'"))
    lines = sorted(listed.splitlines())
    assert len(lines) == 2
    for line, name in zip(lines, sorted(labels, key=labels.get), strict=True):
        assert line.startswith(f"- {labels[name]}: ") and line.count(labels[name]) == 1
    assert any("required column(s) missing" in line for line in lines)
