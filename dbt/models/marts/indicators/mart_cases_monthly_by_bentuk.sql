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

doubted_months as (
    -- A covered month without a case that quarantined rows may belong to: listed, each form
    -- the source has at 0 (baris_dikarantina > 0), so that it is not read as "not listed = 0".
    select
        quarantined.source,
        quarantined.month_key
    from fct_quarantined_case_months as quarantined
    where not exists (
            select 1
            from counted
            where
                counted.source = quarantined.source
                and counted.month_key = quarantined.month_key
        )
),

forms as (
    select distinct
        source,
        jenis_kekerasan,
        bentuk_kekerasan
    from counted
),

listed as (
    select * from counted
    union all
    select
        doubted_months.source,
        doubted_months.month_key,
        forms.jenis_kekerasan,
        forms.bentuk_kekerasan,
        0 as jumlah_kasus
    from doubted_months
    inner join forms on doubted_months.source = forms.source
),

final as (
    select
        listed.source,
        listed.month_key,
        dim_month.tahun,
        dim_month.bulan,
        dim_month.nama_bulan,
        listed.jenis_kekerasan,
        listed.bentuk_kekerasan,
        listed.jumlah_kasus,
        coalesce(quarantined.baris_dikarantina, 0) as baris_dikarantina
    from listed
    inner join dim_month on listed.month_key = dim_month.month_key
    left join fct_quarantined_case_months as quarantined
        on listed.source = quarantined.source
            and listed.month_key = quarantined.month_key
    inner join mart_source_coverage
        on listed.source = mart_source_coverage.source
            and listed.month_key between mart_source_coverage.first_month_key
            and mart_source_coverage.last_month_key
)

select * from final
