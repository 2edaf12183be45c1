-- One row per source, month, kind of violence (jenis) and form (bentuk) that occurred:
-- the number of cases (report table 14 for source = uptd). A SIMFONI victim with two forms
-- counts once under each. Only months the source's extract covers (mart_source_coverage).
with

fct_cases as (
    select * from {{ ref('fct_cases') }}
),

bdg_case_bentuk_kekerasan as (
    select * from {{ ref('bdg_case_bentuk_kekerasan') }}
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

counted as (
    select
        fct_cases.source,
        fct_cases.month_key,
        coalesce(fct_cases.jenis_kekerasan, 'Semua') as jenis_kekerasan,
        bentuk.bentuk_kekerasan,
        count(*) as jumlah_kasus
    from fct_cases
    inner join bdg_case_bentuk_kekerasan as bentuk
        on fct_cases.case_key = bentuk.case_key
            and fct_cases.source = bentuk.source
    group by 1, 2, 3, 4
),

final as (
    select
        counted.source,
        counted.month_key,
        dim_month.tahun,
        dim_month.bulan,
        dim_month.nama_bulan,
        counted.jenis_kekerasan,
        counted.bentuk_kekerasan,
        counted.jumlah_kasus,
        coalesce(quarantined.baris_dikarantina, 0) as baris_dikarantina
    from counted
    inner join dim_month on counted.month_key = dim_month.month_key
    left join fct_quarantined_case_months as quarantined
        on counted.source = quarantined.source
            and counted.month_key = quarantined.month_key
    inner join mart_source_coverage
        on counted.source = mart_source_coverage.source
            and counted.month_key between mart_source_coverage.first_month_key
            and mart_source_coverage.last_month_key
)

select * from final
