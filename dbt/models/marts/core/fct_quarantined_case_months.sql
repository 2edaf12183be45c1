-- One row per case source and month that quarantined rows of a current extract may belong
-- to: the month of a row whose report date was read (its case failed on another cell), and
-- every month of the file's year for a row whose date is what failed (blank, impossible,
-- read two ways). A count published for such a month is not a sure figure.
with

stg_ingest__ledger as (
    select * from {{ ref('stg_ingest__ledger') }}
),

dim_month as (
    select * from {{ ref('dim_month') }}
),

quarantined_rows as (
    select
        'uptd' as source,
        ingest_id,
        sheet_number,
        source_row,
        max(row_month_key) as row_month_key
    from {{ source('raw', 'uptd_quarantine') }}
    where not row_kept
    group by ingest_id, sheet_number, source_row
    union all
    select
        'simfoni' as source,
        ingest_id,
        sheet_number,
        source_row,
        max(row_month_key) as row_month_key
    from {{ source('raw', 'simfoni_quarantine') }}
    where not row_kept
    group by ingest_id, sheet_number, source_row
),

current_rows as (
    select
        quarantined_rows.source,
        ledger.period_year,
        quarantined_rows.row_month_key
    from quarantined_rows
    inner join stg_ingest__ledger as ledger
        on quarantined_rows.ingest_id = ledger.ingest_id
    where ledger.is_current and ledger.status = 'loaded'
),

final as (
    select
        current_rows.source,
        dim_month.month_key,
        cast(count(*) as bigint) as baris_dikarantina,
        cast(count(*) filter (where current_rows.row_month_key is null) as bigint)
            as baris_tanpa_bulan
    from current_rows
    inner join dim_month
        on
            current_rows.row_month_key = dim_month.month_key
            or (
                current_rows.row_month_key is null
                and current_rows.period_year = dim_month.tahun
            )
    group by current_rows.source, dim_month.month_key
)

select * from final
