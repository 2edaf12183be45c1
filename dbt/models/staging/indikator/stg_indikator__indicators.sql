-- One row per indicator, year and source table (report table 9, 12, ...): the table comes
-- from the file's `sumber_tabel` column, else from "tabel N" in the file name; for each
-- indicator of a table and year the newest loaded file holding it counts. A newer file of a
-- table that leaves an indicator out (a table split over two files, or a file of other
-- indicators) does not drop it: the older file's row stays, and `is_from_older_file` marks
-- it, which data_quality_findings names. A file is named by its neutral label (source, year,
-- ledger id), like every source's outside the raw ledger: its name is the officer's free
-- text and may hold a person's name. The name only tells versions of one file apart (a file
-- that names no table is its own table, its newest version counting), and is never output.
with

source as (
    select * from {{ source('raw', 'indikator') }}
),

ledger as (
    select * from {{ source('raw', 'ingest_ledger') }}
),

labelled as (
    select
        source.*,
        coalesce(ledger.file_label, ledger.source || ' #' || ledger.ingest_id) as file_label,
        coalesce(
            nullif(trim(source.sumber_tabel), ''),
            'Tabel '
            || nullif(regexp_extract(lower(ledger.file_name), 'tabel[ _-]*([0-9]+)', 1), '')
        ) as named_table,
        ledger.file_name as landing_file_name
    from source
    inner join ledger on source.ingest_id = ledger.ingest_id
),

ranked as (
    select
        *,
        max(ingest_id) over (
            partition by
                tahun, coalesce(named_table, landing_file_name), upper(trim(kode_indikator))
        ) as newest_ingest_id,
        max(ingest_id) over (
            partition by tahun, coalesce(named_table, landing_file_name)
        ) as table_newest_ingest_id
    from labelled
),

final as (
    select
        cast(tahun as integer) as tahun,
        coalesce(named_table, file_label) as sumber_tabel,
        upper(trim(kode_indikator)) as kode_indikator,
        program,
        indikator,
        satuan,
        target,
        realisasi_dilaporkan,
        capaian_dilaporkan,
        polaritas,
        pembilang,
        penyebut,
        file_label as file_name,
        ingest_id,
        source_row,
        ingest_id < table_newest_ingest_id as is_from_older_file
    from ranked
    where ingest_id = newest_ingest_id
)

select * from final
