-- One row per open data-quality finding: reconciliations that failed while files were read
-- (JUMLAH/TOTAL rows that disagree with their rows) and across sources (months in which the
-- UPTD register holds more cases of a district than SIMFONI-PPA, where every UPTD case
-- should also have been entered). Findings warn; they never stop the pipeline.
with

stg_ingest__findings as (
    select * from {{ ref('stg_ingest__findings') }}
),

stg_ingest__ledger as (
    select * from {{ ref('stg_ingest__ledger') }}
),

fct_cases as (
    select * from {{ ref('fct_cases') }}
),

dim_kabupaten as (
    select * from {{ ref('dim_kabupaten') }}
),

file_findings as (
    select
        findings.source,
        findings.check_name,
        findings.file_name,
        findings.source_row,
        cast(null as varchar) as kabupaten_key,
        cast(null as integer) as month_key,
        findings.expected,
        findings.actual,
        findings.difference,
        findings.message
    from stg_ingest__findings as findings
    inner join stg_ingest__ledger as ledger
        on findings.ingest_id = ledger.ingest_id
    where ledger.is_current
),

monthly as (
    select
        kabupaten_key,
        month_key,
        count(*) filter (where source = 'uptd') as uptd_cases,
        count(*) filter (where source = 'simfoni') as simfoni_victims
    from fct_cases
    where kabupaten_key <> '00.00'
    group by kabupaten_key, month_key
),

years_with_both as (
    select period_year
    from fct_cases
    group by period_year
    having count(distinct source) = 2
),

cross_source as (
    select
        'uptd' as source,
        'uptd_vs_simfoni_monthly' as check_name,
        cast(null as varchar) as file_name,
        cast(null as integer) as source_row,
        monthly.kabupaten_key,
        monthly.month_key,
        cast(monthly.uptd_cases as double) as expected,
        cast(monthly.simfoni_victims as double) as actual,
        cast(monthly.uptd_cases - monthly.simfoni_victims as double) as difference,
        'UPTD PPA register holds ' || monthly.uptd_cases || ' case(s) of '
        || dim_kabupaten.nama_lengkap || ' in ' || monthly.month_key
        || ' but SIMFONI-PPA holds ' || monthly.simfoni_victims
        || ': cases handled by the UPTD are missing from SIMFONI-PPA' as message
    from monthly
    inner join dim_kabupaten on monthly.kabupaten_key = dim_kabupaten.kabupaten_key
    where
        monthly.uptd_cases > monthly.simfoni_victims
        and monthly.month_key // 100 in (select years_with_both.period_year from years_with_both)
),

unioned as (
    select * from file_findings
    union all
    select * from cross_source
),

final as (
    select
        md5(concat_ws('|', source, check_name, file_name, source_row, kabupaten_key, month_key))
            as finding_key,
        source,
        check_name,
        'warning' as severity,
        file_name,
        source_row,
        kabupaten_key,
        month_key,
        expected,
        actual,
        difference,
        message
    from unioned
)

select * from final
