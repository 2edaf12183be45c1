"""Reference data shared by the readers and the dbt project: the dbt seeds are the one place.

Regions (Kemendagri and BPS codes, names, aliases) and vocabularies (canonical values and the
variants officers type) are read from `dbt/seeds/*.csv`, so Python and SQL never disagree.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.i18n import _

SEEDS = Path(__file__).resolve().parents[1] / "dbt" / "seeds"


def _read(name: str) -> list[dict[str, str]]:
    with open(SEEDS / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# Single letters joined by dots: an abbreviation spelt out letter by letter (`K.D.R.T`,
# `T.T.S.`), which is the abbreviation itself (`KDRT`, `TTS`).
_DOTTED_LETTERS = re.compile(r"\b[^\W\d_](?:\.[^\W\d_]\b)+\.?")


def vocabulary_key(text: str) -> str:
    """A value as `vocabulary` keys it: upper case, an abbreviation's dots between single
    letters dropped (`K.D.R.T` is `KDRT`, `Kab. T.T.S` is `KAB TTS`), runs of spaces and
    `_ . - /` one space."""
    text = _DOTTED_LETTERS.sub(lambda match: match[0].replace(".", ""), text)
    return re.sub(r"[\s_.\-/]+", " ", text).strip().upper()


@cache
def vocabulary(domain: str) -> dict[str, str]:
    """Variant (upper-cased, spaces folded) → canonical value for one vocabulary domain."""
    mapping = {vocabulary_key(row["variant"]): row["canonical"]
               for row in _read("ref_vocabulary.csv") if row["domain"] == domain}
    if not mapping:
        raise KeyError(f"no vocabulary '{domain}' in ref_vocabulary.csv")
    return mapping


@cache
def canonical_values(domain: str) -> tuple[str, ...]:
    return tuple(sorted(set(vocabulary(domain).values())))


def canonicalise(domain: str, value: str) -> str:
    """The canonical spelling of a value, or the value itself (trimmed) when unknown."""
    text = str(value).strip()
    return vocabulary(domain).get(vocabulary_key(text), text)


@dataclass(frozen=True)
class Kabupaten:
    kode_kemendagri: str
    kode_bps: str
    nama: str
    jenis: str


class RegionError(ValueError):
    """A region that cannot be resolved; the message never repeats the value."""


class RegionAmbiguous(RegionError):
    """A name two regions share (`Kupang`): `candidates` are the regions it may mean."""

    def __init__(self, message: str, candidates: tuple[Kabupaten, ...]) -> None:
        super().__init__(message)
        self.candidates = candidates


_PREFIX = re.compile(r"^(KABUPATEN|KAB|KOTA|KOT)\b\.?\s*")


class Regions:
    """Resolve a region as officers write it to one kabupaten/kota of NTT: by its code, its
    name or an alias, with `Kab.`/`Kota` before it or not, its words spaced as the file
    spaces them (`Sabu Rai Jua`, `RoteNdao`)."""

    def __init__(self) -> None:
        self.rows = [Kabupaten(**row) for row in _read("ref_kabupaten.csv")]
        self.by_kemendagri = {row.kode_kemendagri: row for row in self.rows}
        self.by_bps = {row.kode_bps: row for row in self.rows}
        self.by_name: dict[str, list[Kabupaten]] = {}
        for row in self.rows:
            self.by_name.setdefault(vocabulary_key(row.nama), []).append(row)
        self.aliases = {vocabulary_key(row["alias"]): self.by_kemendagri[row["kode_kemendagri"]]
                        for row in _read("ref_kabupaten_alias.csv")}
        # A name or alias without its spaces: `Sabu Rai Jua` is `Sabu Raijua`.
        self.by_compact: dict[str, list[Kabupaten]] = {}
        for key, rows in self.by_name.items():
            self.by_compact.setdefault(key.replace(" ", ""), []).extend(rows)
        for key, row in self.aliases.items():
            found = self.by_compact.setdefault(key.replace(" ", ""), [])
            if row not in found:
                found.append(row)
        self._cache: dict[str, Kabupaten] = {}

    def resolve(self, value: object) -> Kabupaten:
        text = str(value).strip()
        if text not in self._cache:
            self._cache[text] = self._resolve(text)
        return self._cache[text]

    def _resolve(self, text: str) -> Kabupaten:
        compact = text.replace(" ", "")
        if re.fullmatch(r"\d{2}\.\d{2}", compact):
            if compact in self.by_kemendagri:
                return self.by_kemendagri[compact]
            raise RegionError(_("not the Kemendagri code of a kabupaten/kota in NTT"))
        if re.fullmatch(r"\d{4}", compact):
            if compact in self.by_bps:
                return self.by_bps[compact]
            raise RegionError(_("not the BPS code of a kabupaten/kota in NTT"))
        key = vocabulary_key(text)
        if key in self.aliases:
            return self.aliases[key]
        match = _PREFIX.match(key)
        jenis = None
        if match:
            jenis = "Kota" if match.group(1).startswith("KOT") else "Kabupaten"
            key = key[match.end():].strip()
        candidates = self.by_name.get(key, [])
        if not candidates and key in self.aliases:
            candidates = [self.aliases[key]]
        if not candidates:
            candidates = self.by_compact.get(key.replace(" ", ""), [])
        if jenis:
            candidates = [row for row in candidates if row.jenis == jenis]
        if len(candidates) == 1:
            return candidates[0]
        if len(candidates) > 1:
            raise RegionAmbiguous(
                _("ambiguous: write {choices}", choices=" / ".join(
                    f"'{row.jenis[:3] + '.' if row.jenis == 'Kabupaten' else row.jenis} "
                    f"{row.nama}' ({row.kode_kemendagri})" for row in candidates)),
                candidates=tuple(candidates),
            )
        raise RegionError(_("not a kabupaten/kota of NTT"))

    def names(self) -> list[str]:
        """Every way the seeds write a region (names with Kab./Kota, aliases), for
        suggestions."""
        return [f"{'Kab.' if row.jenis == 'Kabupaten' else 'Kota'} {row.nama}"
                for row in self.rows] + [row["alias"] for row in _read("ref_kabupaten_alias.csv")]


@cache
def regions() -> Regions:
    return Regions()
