-- One row per case source and month that quarantined rows of a current extract may belong
-- to: the month of a row whose report date was read (its case failed on another cell), and
-- every month of the file's year for a row whose date is what failed (blank, impossible,
-- read two ways). A count published for such a month is not a sure figure.
with

fct_quarantined_case_rows as (
    select * from {{ ref('fct_quarantined_case_rows') }}
),

dim_month as (
    select * from {{ ref('dim_month') }}
),

current_rows as (
    select
        source,
        period_year,
        month_key as row_month_key
    from fct_quarantined_case_rows
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
