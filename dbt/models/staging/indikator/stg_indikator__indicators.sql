-- One row per indicator, year and source table (report table 9, 12, ...): the label comes
-- from the file's `sumber_tabel` column, else from "tabel N" in the file name, else the file
-- name itself; for each table and year the newest loaded file counts.
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
        ledger.file_name,
        coalesce(
            nullif(trim(source.sumber_tabel), ''),
            'Tabel '
            || nullif(regexp_extract(lower(ledger.file_name), 'tabel[ _-]*([0-9]+)', 1), ''),
            ledger.file_name
        ) as table_label
    from source
    inner join ledger on source.ingest_id = ledger.ingest_id
),

ranked as (
    select
        *,
        max(ingest_id) over (partition by tahun, table_label) as newest_ingest_id
    from labelled
),

final as (
    select
        cast(tahun as integer) as tahun,
        table_label as sumber_tabel,
        upper(trim(kode_indikator)) as kode_indikator,
        program,
        indikator,
        satuan,
        target,
        realisasi_dilaporkan,
        pembilang,
        penyebut,
        file_name,
        ingest_id,
        source_row
    from ranked
    where ingest_id = newest_ingest_id
)

select * from final
