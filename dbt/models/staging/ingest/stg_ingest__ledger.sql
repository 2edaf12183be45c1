-- One row per landed file. Outside the raw ledger a file is named by its neutral label
-- (source, year, ledger id): its name is the officer's free text.
with

source as (
    select * from {{ source('raw', 'ingest_ledger') }}
),

final as (
    select
        ingest_id,
        source,
        coalesce(file_label, source || ' #' || ingest_id) as file_name,
        sha256,
        period_year,
        rows_read,
        rows_loaded,
        rows_quarantined,
        rows_dropped,
        status,
        message,
        ingested_at,
        superseded_by,
        superseded_by is null as is_current
    from source
)

select * from final
