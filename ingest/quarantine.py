"""What the quarantine may keep of a cell, and the neutral label of a landing file.

The quarantine keeps what an officer needs to find and fix a cell — file (by its label),
sheet, row, the column as the file writes it, the reason — and the value only when it does
not look personal. `shown_value` masks a value that looks like a NIK, NIP or phone number
(runs of 9 or more digits, spaced or not), a person's name in a column that holds no names,
an address (`Jl. …`, `Gg. …`, `RT 01/RW 02`, `Dusun …`), a name inside other words
(`pelaku: Yakobus Neno`), or a value over `MAX_SHOWN` characters; the reason then says why
the value is not shown.

File names are the officer's free text (a victim's name can be in one): outside the ledger
a file is named by `file_label` — source, period and ledger id, `simfoni 2023 #12` — never by
its name. `label_of` gives other code the label of a ledger row.
"""

from __future__ import annotations

import csv
import re
from functools import cache

import duckdb

from core.i18n import _
from core.reference import SEEDS
from schemas.spec import sources

MAX_SHOWN = 200  # characters of a quarantined value that may be kept
_DIGIT_RUN = re.compile(r"(?:\+?62|0)?\d(?:[\s\-]?\d){8,}")
_NAME_WORD = r"[A-Z][a-z'’]+\.?|[A-Z]{2,}"
# Where a name inside a longer value ends: punctuation that separates a value's parts.
_PART_SEPARATOR = re.compile(r"[,;:()\[\]/|–—]|\s-\s")
# A name: an optional honorific, two to five capitalised words, academic titles after them
# (`, S.Psi`, ` M.Si`). Every part begins after a space or a comma, so no word can be split
# into parts: an all-caps title of many words is matched (or not) in linear time.
_NAME = re.compile(
    rf"^(?:(?:Dr|Dra|Drs|Ir|Hj?|Bpk|Bapak|Ibu|Sdr|Sdri|Pak|Bu)\.?\s+)?(?:{_NAME_WORD})"
    rf"(?:\s+(?:{_NAME_WORD})){{1,4}}(?:(?:,\s*|\s+)[A-Z][A-Za-z.]{{0,6}}\.?)*$")
# An address as offices write one: a street, lane, housing estate or hamlet followed by its
# name, or a neighbourhood number (RT/RW).
_ADDRESS = re.compile(
    r"\b(?:jl|jln|jalan|gg|gang|lorong|komp|kompleks|perum|perumahan|dusun|dsn|blok)\b\.?\s*"
    r"[\w'’]|\b(?:rt|rw)\b\.?\s*\d{1,3}\b", re.IGNORECASE)
# Words of places and offices that are not people's names, besides the seeds' own words.
_COMMON_WORDS = {"kota", "kab", "kabupaten", "provinsi", "desa", "kelurahan", "kecamatan",
                 "dinas", "bidang", "rumah", "sekolah", "kantor", "program", "kegiatan",
                 "belanja", "dana", "tidak", "ada", "belum", "lain", "lainnya", "dan",
                 # units of measure an indicator's Satuan writes (`Per Seribu Penduduk`)
                 "per", "seribu", "seratus", "ribu", "juta", "persen", "rasio", "angka",
                 "indeks", "nilai", "skor", "jumlah", "penduduk", "dokumen", "laporan",
                 "kali", "hari", "bulan", "tahun", "orang", "jiwa", "rupiah"}
# Kinds of official documents, offices and plans an indicator counts or cites in its Satuan,
# Kode Indikator or Sumber Tabel (`Peraturan Gubernur`, `Surat Keputusan`, `Opini WTP`,
# `IKU PPPA`, `Lampiran Perjanjian Kinerja`): words of no person's name. A name written
# after one of them (`Gubernur Yohanes Bria`) is still two unknown words in a row.
_DOCUMENT_WORDS = {"peraturan", "keputusan", "surat", "edaran", "instruksi", "nota",
                   "kesepakatan", "perjanjian", "kinerja", "lampiran", "rencana", "aksi",
                   "gubernur", "bupati", "walikota", "menteri", "perda", "pergub", "perbup",
                   "kader", "posyandu", "opini", "wtp", "wdp", "iku", "ikd", "ikk", "opd",
                   "pppa", "renstra", "renja", "rkpd", "rpjmd", "lkjip", "sakip", "forum",
                   "regulasi", "sertifikat", "piagam", "penghargaan", "kebijakan"}


@cache
def known_words() -> frozenset[str]:
    """Lower-case words of every vocabulary value and variant, region name and alias, program
    and KLA indicator name, and of every column name and header alias the sources declare
    (`UMUR`, `KELAMIN`: a header `UMUR PELAKU` is no person's name)."""
    words = _COMMON_WORDS | _DOCUMENT_WORDS
    for spec in sources().values():
        for column in spec.columns:
            for header in (column.name, *column.aliases):
                words.update(re.findall(r"[a-z]{3,}", header.lower()))
    for name, columns in (("ref_vocabulary.csv", ("canonical", "variant")),
                          ("ref_kabupaten.csv", ("nama",)),
                          ("ref_kabupaten_alias.csv", ("alias",)),
                          ("ref_program.csv", ("nama_urusan", "nama_program")),
                          ("ref_kla_indikator.csv", ("klaster", "indikator"))):
        with open(SEEDS / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for column in columns:
                    words.update(re.findall(r"[a-z]{3,}", row[column].lower()))
    return frozenset(words)


def looks_personal(value: str, name_column: bool = False) -> str | None:
    """Why `value` must not be kept (a translated reason), or None when it may be. A
    person's name: two to five capitalised words none of which is a word the seeds know
    (`Yohanes Bria`, `Dra. Veronika Contoh, M.Si`; not `Kota Kupang` or `Rumah Tangga`)."""
    if len(value) > MAX_SHOWN:
        return _("value not kept: {length} characters", length=len(value))
    if _DIGIT_RUN.search(value):
        return _("value not kept: it looks like a NIK, NIP or phone number")
    if _ADDRESS.search(value):
        return _("value not kept: it looks like an address")
    text = value.strip()
    name = text.split(",")[0]  # academic titles after the comma (`, S.Psi`) say nothing
    if not name_column and ((_NAME.match(text) and not (
            set(re.findall(r"[a-z]{3,}", name.lower())) & known_words())) or _holds_name(text)):
        return _("value not kept: it looks like a person's name")
    return None


def _holds_name(text: str) -> bool:
    """Whether a part of `text` holds two or more capitalised words in a row none of which
    the seeds know: a name written inside a remark (`pelaku: Yakobus Neno Liubana`,
    `Fisik Maria Bria`, `Dirujuk oleh YOHANES BRIA`); `Dirujuk ke RSUD Kupang` holds none."""
    known = known_words()
    for part in _PART_SEPARATOR.split(text):
        run = 0
        for word in part.split():
            unknown = re.fullmatch(_NAME_WORD, word) and not (
                set(re.findall(r"[a-z]{3,}", word.lower())) & known)
            run = run + 1 if unknown else 0
            if run >= 2:
                return True
    return False


def shown_value(value: str, free_text: bool = False, name_column: bool = False
                ) -> tuple[str, str | None]:
    """(what the quarantine keeps of `value`, why the rest is masked, or None). The value
    of a free-text column (`otherwise`) is never kept: such text is where officers type
    names; `name_column`: the column holds names of things (programs, indicators)."""
    if not value:
        return value, None
    if free_text:
        return "***", _("value not kept: free text")
    why = looks_personal(value, name_column=name_column)
    return (value, None) if why is None else ("***", why)


def file_label(source: str, period_year: int | None, ingest_id: int | None) -> str:
    """A landing file's neutral name outside the ledger: `uptd 2023 #12` (no period: `kla
    #7`)."""
    parts = [source]
    if period_year is not None:
        parts.append(str(period_year))
    if ingest_id is not None:
        parts.append(f"#{ingest_id}")
    return " ".join(parts)


def label_of(con: duckdb.DuckDBPyConnection, ingest_id: int) -> str | None:
    """The label of a ledger row (`raw.ingest_ledger.file_label`), for code that reports on
    a file outside the ledger."""
    row = con.execute("select source, period_year from raw.ingest_ledger where ingest_id = ?",
                      [ingest_id]).fetchone()
    return None if row is None else file_label(row[0], row[1], ingest_id)
