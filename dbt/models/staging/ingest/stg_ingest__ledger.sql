-- One row per landed file.
with

source as (
    select * from {{ source('raw', 'ingest_ledger') }}
),

final as (
    select
        ingest_id,
        source,
        file_name,
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
