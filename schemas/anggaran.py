"""Rules across columns of `raw.anggaran`: one row per budget line (sub kegiatan or revenue
account x sumber dana x jenis) and month, or, in an export written per belanja account
(`akun_belanja`), one row per account of a line and month, as the regional finance system
exports it. The columns themselves are declared in `sources.yml`.

What is rejected (quarantined) and what is only a finding:
- A negative `realisasi` is a correction (a refund or a reversed payment, which the finance
  system writes as `(1.250.000)`). It is accepted as long as the line's realisation through
  that month stays at or above zero; a negative that takes the line below zero cannot be a
  correction of what was spent before and is quarantined. In an account-level export the
  test is per account: a refund is booked back to the account that paid, so an account taken
  below zero reverses money it never spent, even when its line as a whole stays above zero.
  The rule looks at the rows of one read chunk (200.000 rows, far more than a province's
  budget export holds); a line whose first month in the file is after January is judged on
  the whole file with the months other files loaded (`ingest.anggaran.refunds_beyond_loaded`:
  the office's one file a month, a refund in February's of what January's paid).
- The same line (or account) twice in a month, and a line row beside its own account rows,
  are judged on the whole file by `ingest.anggaran.settle` (duplicates quarantined, a
  subtotal dropped and reconciled).
- Kelompok and jenis are required of every row (a rule, not the column's declaration: a
  tree export may write neither column, its belanja accounts' codes tell them, and a revenue
  account's code tells them in any layout, `ingest.anggaran`).
- A revenue line accrues to the fund its jenis belongs to (`ref_jenis_anggaran.kategori`,
  the `nama` of a `ref_sumber_dana` fund: Retribusi Daerah is Pendapatan Asli Daerah, PAD):
  an empty Sumber Dana is read as that fund, another one is quarantined, so a revenue account
  keeps one key (account x sumber dana x jenis) whichever layout writes it. A revenue account
  begins with its jenis' account (`4.1.02…` is Retribusi Daerah).
- Realisation above pagu, and a `sisa` that is not pagu minus the realisation so far, are
  findings (dbt, `marts.data_quality_findings`), not rejections: the money was spent.
"""

from __future__ import annotations

import csv
from functools import cache

import pandas as pd

from core.i18n import N_
from core.reference import SEEDS
from schemas.base import Rule

LINE = ["line_kode", "sumber_dana", "jenis", "kelompok", "tahun"]
# An account of a line (akun_belanja_kode empty: the line as a whole, in a line-level export).
ACCOUNT = [*LINE, "akun_belanja_kode"]


@cache
def jenis_rows() -> dict[str, dict[str, str]]:
    """Jenis → its row of the seed `ref_jenis_anggaran.csv` (kelompok, kode_akun)."""
    with open(SEEDS / "ref_jenis_anggaran.csv", encoding="utf-8", newline="") as handle:
        return {row["jenis"]: row for row in csv.DictReader(handle)}


def kelompok_of_jenis() -> dict[str, str]:
    """Jenis → kelompok (Belanja or Pendapatan)."""
    return {jenis: row["kelompok"] for jenis, row in jenis_rows().items()}


@cache
def sumber_dana_of_jenis() -> dict[str, str]:
    """Revenue jenis → the fund it accrues to: the `ref_sumber_dana` fund whose `nama` is the
    jenis' `kategori` (Retribusi Daerah → Pendapatan Asli Daerah → PAD). A revenue jenis of
    a kategori no fund is named after is absent (its lines must state their fund)."""
    with open(SEEDS / "ref_sumber_dana.csv", encoding="utf-8", newline="") as handle:
        funds = {row["nama"]: row["sumber_dana"] for row in csv.DictReader(handle)}
    return {jenis: funds[row["kategori"]] for jenis, row in jenis_rows().items()
            if row["kelompok"] == "Pendapatan" and row["kategori"] in funds}


def _with_line(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame plus `line_kode`: the sub kegiatan (or revenue account) a row belongs to."""
    return frame.assign(line_kode=frame["sub_kegiatan_kode"].fillna(frame["akun_kode"]))


def _jenis_in_kelompok(frame: pd.DataFrame) -> pd.Series:
    expected = frame["jenis"].map(kelompok_of_jenis())
    return frame["jenis"].isna() | frame["kelompok"].isna() | (expected == frame["kelompok"])


def _kode_in_kelompok(frame: pd.DataFrame) -> pd.Series:
    belanja = frame["kelompok"] == "Belanja"
    pendapatan = frame["kelompok"] == "Pendapatan"
    return ~(belanja & frame["sub_kegiatan_kode"].isna()) & ~(
        pendapatan & frame["akun_kode"].isna())


def _sumber_dana_of_pendapatan(frame: pd.DataFrame) -> pd.Series:
    expected = frame["jenis"].map(sumber_dana_of_jenis())
    return (frame["kelompok"] != "Pendapatan").fillna(True) | expected.isna() | frame[
        "sumber_dana"].isna() | (frame["sumber_dana"] == expected)


def _akun_in_pendapatan_jenis(frame: pd.DataFrame) -> pd.Series:
    """A revenue line (`4.1.02.01`) and its account (`4.1.02.01.01.0001`, when the row is
    one) are its revenue jenis' account (4.1.02 Retribusi Daerah) or begin with it (a belanja
    jenis on it is `jenis_matches_kelompok`'s)."""
    prefix = frame["jenis"].map({jenis: row["kode_akun"] for jenis, row in jenis_rows().items()
                                 if row["kelompok"] == "Pendapatan"})

    def fits(kode: object, start: object) -> bool:
        return not (isinstance(kode, str) and isinstance(start, str)) or kode == start or (
            kode.startswith(f"{start}."))

    ok = [fits(line, start) and (pd.isna(line) or fits(akun, start))
          for line, akun, start in zip(frame["akun_kode"], frame["akun_belanja_kode"], prefix,
                                       strict=True)]
    return pd.Series(ok, index=frame.index, dtype=bool)


def _negative_only_as_correction(frame: pd.DataFrame) -> pd.Series:
    """A negative within what the line (account) spent in the file's months before it. A
    line whose first month in the file is after January may have spent in months other
    files hold: judged with those (`ingest.anggaran.refunds_beyond_loaded`), not here."""
    lines = _with_line(frame).sort_values(["bulan", "_row"])
    by_account = lines.groupby(ACCOUNT, dropna=False)
    cumulative = by_account["realisasi"].cumsum()
    after_january = by_account["bulan"].transform("min") > 1
    ok = (lines["realisasi"].isna() | (lines["realisasi"] >= 0) | (cumulative >= -0.005)
          | after_january)
    return ok.reindex(frame.index).astype(bool)


def _akun_in_jenis(frame: pd.DataFrame) -> pd.Series:
    """A belanja account (`5.1.02.01.01.0024`) begins with its jenis' account
    (`ref_jenis_anggaran.kode_akun`: 5.1.02 Belanja Barang dan Jasa); a revenue line's
    account is `_akun_in_pendapatan_jenis`'s."""
    prefix = frame["jenis"].map({jenis: row["kode_akun"] for jenis, row in jenis_rows().items()})
    # The code as read (`5.1.2.1.1.24` written without its zeros is 5.1.02.01.01.0024);
    # revenue: the rule below.
    akun = frame["akun_belanja_kode"].where(frame["akun_belanja"].notna()
                                            & frame["akun_kode"].isna())
    ok = akun.isna() | prefix.isna() | pd.Series(
        [str(a).startswith(f"{p}.") if isinstance(a, str) and isinstance(p, str) else True
         for a, p in zip(akun, prefix, strict=True)], index=frame.index)
    return ok.astype(bool)


RULES = [
    Rule("kelompok_stated", "kelompok",
         N_("a kelompok is required (Belanja or Pendapatan); only a revenue account (4.1.02…) "
            "or a belanja account written in the kode rekening column (a tree export) tells "
            "it by its code"),
         lambda frame: frame["kelompok"].notna(), reads=("kode_rekening",)),
    Rule("jenis_stated", "jenis",
         N_("a jenis is required; only a revenue account (4.1.02… is Retribusi Daerah) or a "
            "belanja account written in the kode rekening column (a tree export, 5.1.02… is "
            "Belanja Barang dan Jasa) tells it by its code"),
         lambda frame: frame["jenis"].notna(), reads=("kode_rekening",)),
    Rule("jenis_matches_kelompok", "jenis",
         N_("this jenis belongs to the other kelompok (Belanja/Pendapatan)"), _jenis_in_kelompok,
         reads=("kelompok",)),
    Rule("kode_rekening_matches_kelompok", "kode_rekening",
         N_("a Belanja line needs a sub kegiatan code (2.08.03.1.01.0001), a Pendapatan line a "
            "revenue account (4.1.02.01)"), _kode_in_kelompok, reads=("kelompok",)),
    Rule("akun_pendapatan_matches_jenis", "kode_rekening",
         N_("the revenue account's code does not fit this jenis (a Retribusi Daerah account "
            "begins 4.1.02)"), _akun_in_pendapatan_jenis, reads=("jenis", "akun_belanja")),
    Rule("sumber_dana_of_pendapatan", "sumber_dana",
         N_("a revenue line accrues to the fund of its jenis (Retribusi Daerah: PAD, "
            "Pendapatan Asli Daerah); a revenue line of another Sumber Dana would make a "
            "second key for the same account"), _sumber_dana_of_pendapatan,
         reads=("jenis", "kelompok")),
    Rule("negative_realisasi_is_correction", "realisasi",
         N_("a negative realisasi is accepted only as a correction of earlier months, but it "
            "takes the realisasi so far of its line (or, with a belanja account, of its "
            "account) below zero"), _negative_only_as_correction,
         reads=("kode_rekening", "akun_belanja", "bulan")),
    Rule("akun_belanja_matches_jenis", "akun_belanja",
         N_("the belanja account's code does not fit this jenis (a Belanja Pegawai account "
            "begins 5.1.01, Belanja Barang dan Jasa 5.1.02, Belanja Modal 5.2)"),
         _akun_in_jenis, reads=("jenis",)),
]
