"""What the quarantine may keep of a cell, and the neutral label of a landing file.

The quarantine keeps what an officer needs to find and fix a cell — file (by its label),
sheet, row, the column as the file writes it, the reason — and the value only when it does
not look personal. `shown_value` masks a value that looks like a NIK, NIP or phone number
(runs of 9 or more digits, spaced or not), a person's name in a column that holds no names,
an address (`Jl. …`, `Gg. …`, `RT 01/RW 02`, `Dusun …`), a name inside other words
(`pelaku: Yakobus Neno`), or a value over `MAX_SHOWN` characters; the reason then says why
the value is not shown. A word that is a name as well as a header's or a vocabulary's word
(`NAME_WORDS`: `Murni`, `Bulan`, `Dana`) never shows a text is no name; a period (`Bulan
Lalu`, `TW II`, `Semester II`) and a known value however spaced (`Sabu Rai Jua`) are none.
In a column that names things (programs, accounts) only a name the text marks (`narasumber
Yakobus Neno`) and a house's address count.

File names are the officer's free text (a victim's name can be in one): outside the ledger
a file is named by `file_label` — source, period and ledger id, `simfoni 2023 #12` — never by
its name. `label_of` gives other code the label of a ledger row.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache

import duckdb

from core.i18n import _
from core.reference import SEEDS
from ingest.parse import MONTHS, PERIOD_WORDS
from ingest.words import COMMON, DOCUMENTS, GIVEN_NAMES, NAME_WORDS, ROLE, TITLE
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
# An address in a column that names things (a program may build a road in a hamlet): a
# house's, with a house or neighbourhood number (`Jl. Sudirman No. 5`, `RT 01/RW 02`).
_HOUSE_ADDRESS = re.compile(
    r"\b(?:jl|jln|jalan|gg|gang|lorong|komp|kompleks|perum|perumahan|blok)\b\.?\s*[\w'’]"
    r"[^,;]*?\b(?:no|nomor)\b\.?\s*\d|\b(?:rt|rw)\b\.?\s*\d{1,3}\b", re.IGNORECASE)
# The seeds whose values and words are no person's name: (file, columns).
_SEED_WORDS = (("ref_vocabulary.csv", ("canonical", "variant")), ("ref_kabupaten.csv", ("nama",)),
               ("ref_kabupaten_alias.csv", ("alias",)),
               ("ref_program.csv", ("nama_urusan", "nama_program")),
               ("ref_kla_indikator.csv", ("klaster", "indikator")))
_MONTH_NAMES = "|".join(sorted(name for name in MONTHS if len(name) >= 3))
_PERIODS = "|".join(PERIOD_WORDS)
# A period as headers and titles write one, a date and not a name whatever its words: a
# month (`Bulan Juni`, `Bln. Juni`, `JUNI 2023`), a period counted from today (`Bulan Lalu`,
# `Bln Ini`, `Tahun Berjalan`, `Triwulan yang Lalu`), a quarter or a half year by its number
# (`TW II`, `Triwulan IV`, `Sem II`, `Semester 1`, `TW-3`, `Triwulan ke-2`, `Q3`).
_PERIOD = re.compile(
    rf"\b(?:bulan|bln)\.?\s+(?:{_MONTH_NAMES})\b\.?"
    rf"|\b(?:{_MONTH_NAMES})\b\.?\s*(?:19|20)\d\d\b"
    rf"|\b(?:bulan|bln|tahun|thn|th|minggu|{_PERIODS}|periode)\.?\s+"
    r"(?:yang\s+)?(?:lalu|ini|berjalan|sebelumnya|berikutnya)\b"
    rf"|\b(?:{_PERIODS})\.?"
    r"(?:\s*[-.]?\s*(?:ke\s*[-.]?\s*)?\d|(?:\s+|\s*[-.]\s*)(?:ke\s*[-.]?\s*)?[ivx]{1,4})\b"
    r"|\bq[1-4]\b", re.IGNORECASE)


@cache
def known_values() -> frozenset[str]:
    """Every vocabulary value and variant, region name and alias, program and KLA indicator
    name, and column name and header alias, as `_compact` writes it: such a text is no
    person's name whatever its words (`Pembina Utama Madya`, `Bulan Ke`), nor is it when
    written with other spaces or punctuation (`Sabu Rai Jua`, `S-1`)."""
    values = {_compact(name) for spec in sources().values()
              for column in spec.columns for name in (column.name, *column.aliases)}
    for name, columns in _SEED_WORDS:
        with open(SEEDS / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                values.update(_compact(row[column]) for column in columns)
    return frozenset(values)


def _compact(text: str) -> str:
    """`text` lower-case without spaces and the marks `_ . - /` (`Sabu Rai Jua` and `Sabu
    Raijua` are both `saburaijua`), as `known_values` holds it."""
    return re.sub(r"[\s_.\-/]+", "", text.lower())


def is_known_value(value: str) -> bool:
    """Whether `value` is one of `known_values` (a vocabulary's, a region's, a header's),
    whatever its case, spaces and punctuation: no person's name, and no free text either
    (a school level `SD` in a column the source reads as free text)."""
    return _compact(value) in known_values()
@cache
def known_words() -> frozenset[str]:
    """Lower-case words that are no person's name: of every vocabulary value and variant,
    region name and alias, program and KLA indicator name, month, and of every column name
    and header alias the sources declare (`UMUR`, `KELAMIN`: a header `UMUR PELAKU` is no
    person's name), but for `NAME_WORDS`, which prove nothing (`Pagu Murni`, `Sri Murni`)."""
    words = set(COMMON) | DOCUMENTS | {name for name in MONTHS if len(name) >= 5}
    for spec in sources().values():
        for column in spec.columns:
            for header in (column.name, *column.aliases):
                words.update(re.findall(r"[a-z]{3,}", header.lower()))
    for name, columns in _SEED_WORDS:
        with open(SEEDS / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for column in columns:
                    words.update(re.findall(r"[a-z]{3,}", row[column].lower()))
    return frozenset(words - NAME_WORDS)


def personal_in_text(value: str, name_column: bool = False) -> str | None:
    """Why a text cell must not be stored, however long it is (up to the reader's text limit):
    `looks_personal` for a text of at most `MAX_SHOWN` characters; a longer one (a long
    indicator or sub kegiatan name) is judged window by window, 12 words overlapping by 6, so
    a name, a NIK or an address anywhere in it is found, and its length alone refuses
    nothing (it was refused as "personal data" for being over 200 characters)."""
    if len(value) <= MAX_SHOWN:
        return looks_personal(value, name_column=name_column)
    words = value.split()
    for start in range(0, max(1, len(words) - 6), 6):
        window = " ".join(words[start:start + 12])[:MAX_SHOWN]
        if reason := looks_personal(window, name_column=name_column):
            return reason
    return None


def looks_personal(value: str, name_column: bool = False, quoted: bool = False,
                   also_known: frozenset[str] = frozenset()) -> str | None:
    """Why `value` must not be kept (a translated reason), or None when it may be. A
    person's name: two to five capitalised words none of which is a known word (`Yohanes
    Bria`, `Sri Murni`, `Dra. Veronika Contoh, M.Si`; not `Kota Kupang`, `Rumah Tangga` or
    `Dana Desa`), such a run inside other words (`pelaku: Yakobus Neno`), or a title and one
    such word (`Ibu Murni`, `Sdr. NENO`). A month as a period (`BULAN JUNI 2023`) is none.
    `also_known`: more words that are no name where the value is found (a sheet's `Rekap`).

    `name_column`: the column names things (programs, accounts, indicators), whose words are
    capitalised, so only a name the text marks as one counts (`Honor narasumber Yakobus
    Neno`, `a.n. Maria Bulan`) and only a house's address (`Jl. Sudirman No. 5`, `RT 01/RW
    02`), not a place named in a program (`Jalan Setapak … Dusun Oebelo`). `quoted`: the
    value is only quoted (a quarantine value, a ledger note), never stored, so in a name
    column a run of capitalised words after a lower-case word counts too (`Honor
    narasumber Yakobus Neno`; `Belanja Alat Tulis Kantor` shows)."""
    if len(value) > MAX_SHOWN:
        return _("value not kept: {length} characters", length=len(value))
    if _DIGIT_RUN.search(value):
        return _("value not kept: it looks like a NIK, NIP or phone number")
    if (_HOUSE_ADDRESS if name_column else _ADDRESS).search(value):
        return _("value not kept: it looks like an address")
    if is_known_value(value):
        return None
    text = _PERIOD.sub(" ; ", value).strip()
    known = known_words() | (also_known - NAME_WORDS)
    if name_column:
        if _marked_name(text, known, quoted):
            return _("value not kept: it looks like a person's name")
        return None
    name = text.split(",")[0]  # academic titles after the comma (`, S.Psi`) say nothing
    if ((_NAME.match(text) and not set(_parts(name)) & known)
            or _holds_name(text, known) or _marked_name(text, known, quoted=False)
            or (quoted and _given_name(text))):
        return _("value not kept: it looks like a person's name")
    return None


def _given_name(text: str) -> bool:
    """Whether `text` holds a capitalised given name of `GIVEN_NAMES` anywhere (`Kesehatan,
    didampingi Maria`): a quoted value (a quarantine value, never stored) is masked for one
    name alone, where a stored one needs two words or a title to be refused."""
    return names_someone(text, capitalised=True)


def names_someone(value: str, capitalised: bool = False) -> bool:
    """Whether `value` holds a given name of `GIVEN_NAMES` however it is written (`paman
    (yohanes)`, `teman korban MARIA`, `Mária`): where officers type free text beside a known
    value (a relation, a position), a name typed in lower case or capitals is a name too.
    `capitalised`: only a word that starts with a capital counts (`_given_name`)."""
    plain = "".join(char for char in unicodedata.normalize("NFKD", value)
                    if not unicodedata.combining(char))
    return any(word.lower() in GIVEN_NAMES and (not capitalised or word[0].isupper())
               for word in re.findall(r"[A-Za-z]+", plain))


def _unknown(word: str, known: frozenset[str], title_case: bool = False) -> bool:
    """A capitalised word (`Murni`, `BRIA`; `title_case`: not all capitals, which in a name
    column is an acronym, `SDM`) none of whose parts is a known word."""
    pattern = r"[A-Z][a-z'’]+\.?" if title_case else _NAME_WORD
    return bool(re.fullmatch(pattern, word)) and not (
        set(_parts(word)) & known)


def _parts(text: str) -> list[str]:
    """The lower-case words of `text` that may be known: of three letters or more, and the
    prepositions `ke` and `di` (`Bulan Ke` is no name)."""
    return re.findall(r"[a-z]{3,}|(?<![a-z])(?:ke|di)(?![a-z])", text.lower())


def _holds_name(text: str, known: frozenset[str]) -> bool:
    """Whether a part of `text` holds two or more capitalised words in a row none of which
    is known: a name written inside a remark (`pelaku: Yakobus Neno Liubana`, `Fisik Sri
    Murni`, `Dirujuk oleh YOHANES BRIA`); `Dirujuk ke RSUD Kupang` holds none."""
    for part in _PART_SEPARATOR.split(text):
        run = 0
        for word in part.split():
            run = run + 1 if _unknown(word, known) else 0
            if run >= 2:
                return True
    return False


def _marked_name(text: str, known: frozenset[str], quoted: bool) -> bool:
    """Whether `text` marks a name where capitalised words are no sign of one (a program's,
    an account's): a title before a capitalised word none of whose parts is known (`Ibu
    Murni`, `Sdr. NENO`, `a.n. Maria`), or two capitalised words in a row, none known, one a
    given name (`Honor Narasumber Yakobus Neno`; `Rapat Koordinasi` is none). `quoted`: also
    two such words after a word that introduces a person (`Narasumber Dominikus Taek`) or,
    not all capitals, after a lower-case word (`Honor narasumber Dominikus Taek`)."""
    for part in _PART_SEPARATOR.split(text):
        words = part.split()
        for at, word in enumerate(words):
            after = words[at + 1:at + 3]
            if _unknown(word, known) and after and _unknown(after[0], known) and (
                    {word.lower().rstrip("."), after[0].lower().rstrip(".")} & GIVEN_NAMES):
                return True
            if not after or not _unknown(after[0], known):
                continue
            two = len(after) == 2 and _unknown(after[1], known)
            role = quoted and two and ROLE.fullmatch(word)
            sentence = (quoted and two and re.fullmatch(r"[a-z][a-z'’]*", word)
                        and _unknown(after[0], known, title_case=True)
                        and _unknown(after[1], known, title_case=True))
            if TITLE.fullmatch(word) or role or sentence:
                return True
    return False


def shown_value(value: str, free_text: bool = False, name_column: bool = False
                ) -> tuple[str, str | None]:
    """(what the quarantine keeps of `value`, why the rest is masked, or None). The value
    of a free-text column (`otherwise`) is not kept: such text is where officers type
    names, unless it is a known value (`is_known_value`: `SD`, `Rumah Tangga`), which is
    no one's words; `name_column`: the column holds names of things (programs, indicators)."""
    if not value:
        return value, None
    if free_text and not is_known_value(value):
        return "***", _("value not kept: free text")
    why = looks_personal(value, name_column=name_column, quoted=True)
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
