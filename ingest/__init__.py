"""Reading landing files and loading them into the warehouse's `raw` schema: file formats,
Indonesian (and English-locale) numbers and dates decided per column from the whole file,
headers, private columns, where a table ends, pseudonyms, quarantine, the ingest ledger and
the rule that a year never shrinks without a word. Pure Python: imports `schemas/` and
`core/` only. The rules an officer may ask about are in `docs/reading.md`.

Modules: `files` (entry point) with `dialect`, `headers`, `rows`, `csv_reader`,
`spreadsheet`; `evidence` and `parse` (values); `normalise` (types) and `hooks` (per-source
derive hooks: `anggaran`, `asn`); `quarantine` (what may be kept, file labels); `loader`
(the steps of one file), `years` (held, accepted, restored extracts), `ledger` (what the
ledger says), `privacy` (pseudonyms).

Does not belong here: what a source's columns are (`schemas/sources.yml`), Pandera rules
(`schemas/`), anything built from the loaded rows (dbt models), publication, Dagster.
"""
