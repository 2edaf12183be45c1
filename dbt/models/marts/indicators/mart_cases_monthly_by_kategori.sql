-- One row per source, month and victim category: victims counted, zeros included, so that
-- every month of a reported year has every category (report table 13 for source = uptd).
with

fct_cases as (
    select * from {{ ref('fct_cases') }}
),

dim_month as (
    select * from {{ ref('dim_month') }}
),

years as (
    select distinct
        source,
        period_year as tahun
    from fct_cases
),

categories as (
    select distinct
        source,
        kategori_korban
    from fct_cases
),

spine as (
    select
        years.source,
        dim_month.month_key,
        dim_month.tahun,
        dim_month.bulan,
        dim_month.nama_bulan,
        categories.kategori_korban
    from years
    inner join dim_month on years.tahun = dim_month.tahun
    inner join categories on years.source = categories.source
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
        coalesce(counted.jumlah_korban, 0) as jumlah_korban
    from spine
    left join counted
        on spine.source = counted.source
            and spine.month_key = counted.month_key
            and spine.kategori_korban = counted.kategori_korban
)

select * from final
