-- One row per reconciliation finding raised while a file was read.
with

source as (
    select * from {{ source('raw', 'ingest_findings') }}
),

final as (
    select
        ingest_id,
        source,
        file_name,
        source_row,
        check_name,
        column_name,
        expected,
        actual,
        difference,
        message,
        found_at
    from source
)

select * from final
