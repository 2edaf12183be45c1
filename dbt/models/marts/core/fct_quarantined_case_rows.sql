-- One row per quarantined case row of a current extract: its case source, the year of its
-- file, and the month and kabupaten/kota it was read with, each null where that cell is what
-- failed (or, for a place, was read as no kabupaten/kota of NTT). A row whose month and place
-- were both read proves that the district entered a case that month, though the case is not
-- counted; a null says the row may belong to any month of the year, any district, except
-- that a district cell naming two (Kupang) keeps the codes it may be (kode_wilayah_mungkin).
with

stg_ingest__ledger as (
    select * from {{ ref('stg_ingest__ledger') }}
),

dim_kabupaten as (
    select * from {{ ref('dim_kabupaten') }}
),

quarantined_rows as (
    select
        'uptd' as source,
        ingest_id,
        sheet_number,
        source_row,
        max(row_month_key) as row_month_key,
        max(row_region_code) as row_region_code
    from {{ source('raw', 'uptd_quarantine') }}
    where not row_kept
    group by ingest_id, sheet_number, source_row
    union all
    select
        'simfoni' as source,
        ingest_id,
        sheet_number,
        source_row,
        max(row_month_key) as row_month_key,
        max(row_region_code) as row_region_code
    from {{ source('raw', 'simfoni_quarantine') }}
    where not row_kept
    group by ingest_id, sheet_number, source_row
),

final as (
    select
        quarantined_rows.source,
        quarantined_rows.ingest_id,
        ledger.period_year,
        quarantined_rows.row_month_key as month_key,
        dim_kabupaten.kabupaten_key,
        case
            when quarantined_rows.row_region_code like '%|%'
                then quarantined_rows.row_region_code
        end as kode_wilayah_mungkin
    from quarantined_rows
    inner join stg_ingest__ledger as ledger
        on quarantined_rows.ingest_id = ledger.ingest_id
    left join dim_kabupaten
        on
            quarantined_rows.row_region_code = dim_kabupaten.kode_kemendagri
            and dim_kabupaten.kode_kemendagri is not null
    where ledger.is_current and ledger.status = 'loaded'
)

select * from final
