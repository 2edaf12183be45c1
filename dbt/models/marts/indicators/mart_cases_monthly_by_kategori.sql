-- One row per source, month and victim category: victims counted, zeros included, so that
-- every month a source covers has every category (report table 13 for source = uptd). A
-- month the source's extract does not cover yet (mart_source_coverage) is absent, never 0.
-- baris_dikarantina: quarantined rows that may belong to the month (its counts are then
-- lower bounds; the exports publish a month without a loaded case as empty, not 0).
with

fct_cases as (
    select * from {{ ref('fct_cases') }}
),

dim_month as (
    select * from {{ ref('dim_month') }}
),

mart_source_coverage as (
    select * from {{ ref('mart_source_coverage') }}
),

fct_quarantined_case_months as (
    select * from {{ ref('fct_quarantined_case_months') }}
),

covered_months as (
    select
        mart_source_coverage.source,
        dim_month.month_key
    from mart_source_coverage
    inner join dim_month
        on dim_month.month_key between mart_source_coverage.first_month_key
            and mart_source_coverage.last_month_key
),

categories as (
    select distinct
        source,
        kategori_korban
    from fct_cases
),

spine as (
    select
        covered_months.source,
        dim_month.month_key,
        dim_month.tahun,
        dim_month.bulan,
        dim_month.nama_bulan,
        categories.kategori_korban
    from covered_months
    inner join dim_month on covered_months.month_key = dim_month.month_key
    inner join categories on covered_months.source = categories.source
),

counted as (
    select
        source,
        month_key,
        kategori_korban,
        count(*) as jumlah_korban
    from fct_cases
    group by source, month_key, kategori_korban
),

final as (
    select
        spine.source,
        spine.month_key,
        spine.tahun,
        spine.bulan,
        spine.nama_bulan,
        spine.kategori_korban,
        coalesce(counted.jumlah_korban, 0) as jumlah_korban,
        coalesce(quarantined.baris_dikarantina, 0) as baris_dikarantina
    from spine
    left join counted
        on spine.source = counted.source
            and spine.month_key = counted.month_key
            and spine.kategori_korban = counted.kategori_korban
    left join fct_quarantined_case_months as quarantined
        on spine.source = quarantined.source
            and spine.month_key = quarantined.month_key
)

-- In month order, so the first rows an analyst (or the UI preview) sees are January's.
select * from final
order by source, month_key, kategori_korban
