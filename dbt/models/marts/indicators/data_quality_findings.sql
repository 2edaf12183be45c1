-- One row per open data-quality finding: reconciliations that failed while files were read
-- (JUMLAH/TOTAL rows that disagree with their rows) and across sources (months in which the
-- UPTD register holds more cases of a district than SIMFONI-PPA, where every UPTD case
-- should also have been entered), and budget lines whose stated sisa is not pagu minus the
-- realisation so far, or whose realisation went above the ceiling. Findings warn; they never
-- stop the pipeline.
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

int_anggaran_lines_cumulated as (
    select * from {{ ref('int_anggaran_lines_cumulated') }}
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

budget_sisa as (
    select
        'anggaran' as source,
        'sisa_reconcile' as check_name,
        ledger.file_name,
        lines.source_row,
        cast(null as varchar) as kabupaten_key,
        lines.month_key,
        cast(lines.sisa_dilaporkan as double) as expected,
        cast(lines.sisa_dihitung as double) as actual,
        cast(lines.sisa_dilaporkan - lines.sisa_dihitung as double) as difference,
        'sisa of ' || lines.kode_rekening || ' (' || lines.sumber_dana || ', ' || lines.jenis
        || ') in month ' || lines.bulan || ' is stated as '
        || {{ rupiah('lines.sisa_dilaporkan') }} || ' but pagu '
        || {{ rupiah('lines.pagu') }} || ' minus the realisasi so far '
        || {{ rupiah('lines.realisasi_kumulatif') }} || ' is '
        || {{ rupiah('lines.sisa_dihitung') }} as message
    from int_anggaran_lines_cumulated as lines
    inner join stg_ingest__ledger as ledger on lines.ingest_id = ledger.ingest_id
    where abs(lines.sisa_dilaporkan - lines.sisa_dihitung) >= 1
),

budget_above_pagu as (
    select
        'anggaran' as source,
        'realisasi_above_pagu' as check_name,
        ledger.file_name,
        lines.source_row,
        cast(null as varchar) as kabupaten_key,
        lines.month_key,
        cast(lines.pagu as double) as expected,
        cast(lines.realisasi_kumulatif as double) as actual,
        cast(lines.pagu - lines.realisasi_kumulatif as double) as difference,
        'realisasi of ' || lines.kode_rekening || ' (' || lines.sumber_dana || ', '
        || lines.jenis || ') reaches ' || {{ rupiah('lines.realisasi_kumulatif') }}
        || ' by month ' || lines.bulan || ', above its pagu of ' || {{ rupiah('lines.pagu') }}
            as message
    from int_anggaran_lines_cumulated as lines
    inner join stg_ingest__ledger as ledger on lines.ingest_id = ledger.ingest_id
    where lines.kelompok = 'Belanja' and lines.realisasi_kumulatif > lines.pagu
    -- one finding per line: the month it first went above its ceiling
    qualify row_number() over (partition by lines.line_key order by lines.bulan) = 1
),

unioned as (
    select * from file_findings
    union all
    select * from cross_source
    union all
    select * from budget_sisa
    union all
    select * from budget_above_pagu
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
