-- One row per kabupaten/kota and month the SIMFONI-PPA extracts cover: whether the district
-- entered any case that month. As DHIS2 counts reporting rates: a month with at least one
-- record is an actual report; every month the extract of that year covers
-- (mart_source_coverage) is an expected report. A month not covered yet is absent, never 0.
-- A quarantined row read with this district and month is a report too (the district entered
-- a case; it is not counted for a cell that failed). A quarantined row whose district or
-- month is what failed may belong here (baris_dikarantina; a district cell that names two,
-- Kupang, to those two only): where no record proves the
-- report, the 0 is not a sure "did not report" and is published empty and flagged.
with

fct_cases as (
    select * from {{ ref('fct_cases') }}
),

dim_kabupaten as (
    select * from {{ ref('dim_kabupaten') }}
),

dim_month as (
    select * from {{ ref('dim_month') }}
),

fct_quarantined_case_rows as (
    select * from {{ ref('fct_quarantined_case_rows') }}
    where source = 'simfoni'
),

mart_source_coverage as (
    select * from {{ ref('mart_source_coverage') }}
),

spine as (
    select
        dim_kabupaten.kabupaten_key,
        dim_kabupaten.kode_kemendagri,
        dim_kabupaten.nama_lengkap,
        dim_month.month_key,
        dim_month.tahun,
        dim_month.bulan
    from mart_source_coverage
    inner join dim_month
        on dim_month.month_key between mart_source_coverage.first_month_key
            and mart_source_coverage.last_month_key
    cross join dim_kabupaten
    where mart_source_coverage.source = 'simfoni' and dim_kabupaten.kode_kemendagri is not null
),

records as (
    select
        kabupaten_key,
        month_key,
        count(*) as jumlah_korban
    from fct_cases
    where source = 'simfoni'
    group by kabupaten_key, month_key
),

quarantined as (
    select
        spine.kabupaten_key,
        spine.month_key,
        count(*) filter (
            where quarantine.kabupaten_key is not null and quarantine.month_key is not null
        ) as baris_terbaca,
        count(*) filter (
            where quarantine.kabupaten_key is null or quarantine.month_key is null
        ) as baris_mungkin
    from spine
    inner join fct_quarantined_case_rows as quarantine
        on
            (
                spine.kabupaten_key = quarantine.kabupaten_key
                or (
                    quarantine.kabupaten_key is null
                    and (
                        quarantine.kode_wilayah_mungkin is null
                        or '|' || quarantine.kode_wilayah_mungkin || '|'
                        like '%|' || spine.kode_kemendagri || '|%'
                    )
                )
            )
            and (
                spine.month_key = quarantine.month_key
                or (quarantine.month_key is null and spine.tahun = quarantine.period_year)
            )
    group by spine.kabupaten_key, spine.month_key
),

final as (
    select
        spine.kabupaten_key,
        spine.kode_kemendagri as kode_wilayah,
        spine.nama_lengkap as kabupaten_kota,
        spine.month_key,
        spine.tahun,
        spine.bulan,
        coalesce(records.jumlah_korban, 0) as jumlah_korban,
        1 as laporan_diharapkan,
        case
            when records.jumlah_korban > 0 or quarantined.baris_terbaca > 0 then 1 else 0
        end as laporan_diterima,
        cast(coalesce(quarantined.baris_mungkin, 0) as bigint) as baris_dikarantina
    from spine
    left join records
        on spine.kabupaten_key = records.kabupaten_key
            and spine.month_key = records.month_key
    left join quarantined
        on spine.kabupaten_key = quarantined.kabupaten_key
            and spine.month_key = quarantined.month_key
)

select * from final
