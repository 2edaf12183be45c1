-- One row per source and year of the extracts loaded: the first and last month the data
-- covers, the date the data describes (not the date of the build) and when the extract was
-- loaded. The case marts stop at last_month_key and the exports state it: a month no
-- extract covers yet is absent, never a 0.
--
-- The files carry no extract date, so "covered" is read from what they hold:
-- * simfoni, uptd (one register extract per year) and anggaran (realisation by month): from
--   the month of the earliest date in the current extract to the month of the latest, but
--   only months that had ended when the extract was loaded. The month in progress on the
--   load date is partial (an extract taken on 5 April holds five days of April) and is not
--   covered yet; the next extract covers it.
--   Each current file reports the months from its own earliest to its own latest date (a
--   month's file: its month): a month between that no file reports (June's and August's
--   files, no July's) is not reported yet, so coverage stops before it (June) until a file
--   of it arrives, and a finding says so: its 0 would be a month not yet entered. A file's
--   quarantined rows whose month was read report their month too: the file holds it (its
--   figures are published empty or as lower bounds, flagged not yet certain).
--   A year of current case extracts of which no case loaded (every row quarantined) has a
--   row too, with no month covered (jumlah_bulan 0, jumlah_baris 0) and its quarantined
--   rows (baris_dikarantina): the year's data held back, which the release states, never
--   a year without data; none of its months is published, neither as 0 nor as a lower
--   bound (which months its rows are of is not known for sure).
-- * asn: the months of the roster snapshots (a roster describes one date).
-- * kla, indikator: the whole year (annual evaluations and Renstra indicators).
with

fct_cases as (
    select * from {{ ref('fct_cases') }}
),

fct_realisation as (
    select * from {{ ref('fct_realisation') }}
),

fct_staff_snapshot as (
    select * from {{ ref('fct_staff_snapshot') }}
),

fct_kla as (
    select * from {{ ref('fct_kla') }}
),

fct_indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
),

stg_ingest__ledger as (
    select * from {{ ref('stg_ingest__ledger') }}
),

dim_month as (
    select * from {{ ref('dim_month') }}
),

quarantined_rows_of_their_year as (
    -- Quarantined case rows of current extracts whose month was read, in their file's year
    -- (a row of another year is quarantined for that: it reports no month of this file).
    select
        source,
        period_year,
        ingest_id,
        month_key
    from {{ ref('fct_quarantined_case_rows') }}
    where month_key between period_year * 100 + 1 and period_year * 100 + 12
),

quarantined_case_rows as (
    -- Rows of the year's current case extracts that were quarantined whole (the ledger's).
    select
        source,
        period_year as tahun,
        sum(rows_quarantined) as baris_dikarantina,
        max(ingested_at) as loaded_at
    from stg_ingest__ledger
    where is_current and status = 'loaded' and source in ('uptd', 'simfoni')
    group by source, period_year
),

current_extracts as (
    select
        ingest_id,
        source,
        file_name,
        ingested_at
    from stg_ingest__ledger
    where is_current and status = 'loaded'
),

case_years as (
    select
        fct_cases.source,
        fct_cases.period_year as tahun,
        min(fct_cases.month_key) as first_case_month_key,
        max(fct_cases.month_key) as last_case_month_key,
        max(current_extracts.ingested_at) as loaded_at,
        count(*) as jumlah_baris
    from fct_cases
    left join current_extracts on fct_cases.ingest_id = current_extracts.ingest_id
    group by fct_cases.source, fct_cases.period_year
),

quarantined_dated as (
    -- The months of a year's quarantined case rows whose date was read: such a month before
    -- the first case loaded, or after the last, is the year's too (published empty, flagged
    -- not yet certain), never left out while the totals read as sure.
    select
        source,
        period_year as tahun,
        min(month_key) as first_month_key,
        max(month_key) as last_month_key
    from quarantined_rows_of_their_year
    group by source, period_year
),

quarantined_years as (
    -- Years of current case extracts with rows quarantined and no case loaded.
    select
        quarantined_case_rows.source,
        quarantined_case_rows.tahun,
        'bulan' as satuan_periode,
        cast(null as integer) as data_first_month_key,
        cast(null as integer) as data_last_month_key,
        cast(null as date) as snapshot_date,
        quarantined_case_rows.loaded_at,
        0 as jumlah_baris
    from quarantined_case_rows
    left join case_years
        on
            quarantined_case_rows.source = case_years.source
            and quarantined_case_rows.tahun = case_years.tahun
    where
        case_years.source is null
        and quarantined_case_rows.tahun is not null
        and quarantined_case_rows.baris_dikarantina > 0
),

case_months as (
    select
        case_years.source,
        case_years.tahun,
        'bulan' as satuan_periode,
        least(
            case_years.first_case_month_key,
            coalesce(quarantined_dated.first_month_key, case_years.first_case_month_key)
        ) as data_first_month_key,
        greatest(
            case_years.last_case_month_key,
            coalesce(quarantined_dated.last_month_key, case_years.last_case_month_key)
        ) as data_last_month_key,
        cast(null as date) as snapshot_date,
        case_years.loaded_at,
        case_years.jumlah_baris
    from case_years
    left join quarantined_dated
        on
            case_years.source = quarantined_dated.source
            and case_years.tahun = quarantined_dated.tahun
    union all
    select * from quarantined_years
),

budget_months as (
    select
        'anggaran' as source,
        fct_realisation.tahun,
        'bulan' as satuan_periode,
        min(fct_realisation.month_key) as data_first_month_key,
        max(fct_realisation.month_key) as data_last_month_key,
        cast(null as date) as snapshot_date,
        max(current_extracts.ingested_at) as loaded_at,
        count(*) as jumlah_baris
    from fct_realisation
    left join current_extracts on fct_realisation.ingest_id = current_extracts.ingest_id
    group by fct_realisation.tahun
),

staff_snapshots as (
    select
        'asn' as source,
        fct_staff_snapshot.tahun,
        'tanggal' as satuan_periode,
        min({{ month_key('fct_staff_snapshot.snapshot_date') }}) as data_first_month_key,
        max({{ month_key('fct_staff_snapshot.snapshot_date') }}) as data_last_month_key,
        max(fct_staff_snapshot.snapshot_date) as snapshot_date,
        max(current_extracts.ingested_at) as loaded_at,
        count(*) as jumlah_baris
    from fct_staff_snapshot
    left join current_extracts on fct_staff_snapshot.ingest_id = current_extracts.ingest_id
    group by fct_staff_snapshot.tahun
),

kla_years as (
    select
        'kla' as source,
        fct_kla.tahun,
        'tahun' as satuan_periode,
        fct_kla.tahun * 100 + 1 as data_first_month_key,
        fct_kla.tahun * 100 + 12 as data_last_month_key,
        cast(null as date) as snapshot_date,
        max(current_extracts.ingested_at) as loaded_at,
        count(*) as jumlah_baris
    from fct_kla
    left join current_extracts on fct_kla.ingest_id = current_extracts.ingest_id
    group by fct_kla.tahun
),

indicator_years as (
    select
        'indikator' as source,
        fct_indicator_values.tahun,
        'tahun' as satuan_periode,
        fct_indicator_values.tahun * 100 + 1 as data_first_month_key,
        fct_indicator_values.tahun * 100 + 12 as data_last_month_key,
        cast(null as date) as snapshot_date,
        max(current_extracts.ingested_at) as loaded_at,
        count(*) as jumlah_baris
    from fct_indicator_values
    left join current_extracts
        on fct_indicator_values.file_name = current_extracts.file_name
            and current_extracts.source = 'indikator'
    group by fct_indicator_values.tahun
),

case_file_months as (
    -- The months of each current case file's rows, loaded or quarantined with their month.
    select
        source,
        period_year,
        ingest_id,
        month_key
    from fct_cases
    union all
    select * from quarantined_rows_of_their_year
),

file_spans as (
    -- The months each current file reports: from its earliest to its latest date.
    select
        source,
        period_year as tahun,
        min(month_key) as first_month_key,
        max(month_key) as last_month_key
    from case_file_months
    group by source, period_year, ingest_id
    union all
    select
        'anggaran' as source,
        tahun,
        min(month_key) as first_month_key,
        max(month_key) as last_month_key
    from fct_realisation
    group by tahun, ingest_id
),

reported_months as (
    select distinct
        file_spans.source,
        file_spans.tahun,
        dim_month.month_key
    from file_spans
    inner join dim_month
        on dim_month.month_key between file_spans.first_month_key and file_spans.last_month_key
),

monthly_spans as (
    select * from case_months
    union all
    select * from budget_months
),

unreported as (
    -- The first month between a year's first and last month with data that no file reports.
    select
        spans.source,
        spans.tahun,
        min(dim_month.month_key) as first_unreported_month_key
    from monthly_spans as spans
    inner join dim_month
        on
            spans.data_first_month_key < dim_month.month_key
            and spans.data_last_month_key > dim_month.month_key
    left join reported_months
        on
            spans.source = reported_months.source
            and spans.tahun = reported_months.tahun
            and dim_month.month_key = reported_months.month_key
    where reported_months.month_key is null
    group by spans.source, spans.tahun
),

extracts as (
    select * from monthly_spans
    union all
    select * from staff_snapshots
    union all
    select * from kla_years
    union all
    select * from indicator_years
),

load_months as (
    select
        *,
        {{ month_key('loaded_at') }} as load_month_key
    from extracts
),

settled as (
    -- The last month that had ended when the extract was loaded is the month before the
    -- load month (`previous_month_key`: 202401 -> 202312), and the month before the first
    -- month not reported.
    select
        load_months.*,
        unreported.first_unreported_month_key,
        case
            when load_months.satuan_periode <> 'bulan' then load_months.data_last_month_key
            else least(
                    load_months.data_last_month_key,
                    {{ previous_month_key('load_months.load_month_key') }},
                    coalesce(
                        {{ previous_month_key('unreported.first_unreported_month_key') }},
                        load_months.data_last_month_key
                    )
                )
        end as covered_last_month_key
    from load_months
    left join unreported
        on
            load_months.source = unreported.source
            and load_months.tahun = unreported.tahun
),

covered as (
    select
        settled.*,
        coalesce(settled.covered_last_month_key >= settled.data_first_month_key, false)
            as has_month
    from settled
),

final as (
    select
        covered.source,
        cast(covered.tahun as integer) as tahun,
        cast(case when covered.has_month then covered.data_first_month_key end as integer)
            as first_month_key,
        cast(case when covered.has_month then covered.covered_last_month_key end as integer)
            as last_month_key,
        cast(case when covered.has_month then covered.data_first_month_key % 100 end as integer)
            as bulan_awal,
        cast(case when covered.has_month then covered.covered_last_month_key % 100 end as integer)
            as bulan_akhir,
        cast(case
            when covered.has_month
                then covered.covered_last_month_key - covered.data_first_month_key + 1
            else 0
        end as integer) as jumlah_bulan,
        covered.has_month
        and covered.data_first_month_key = covered.tahun * 100 + 1
        and covered.covered_last_month_key = covered.tahun * 100 + 12 as is_tahun_penuh,
        covered.satuan_periode,
        cast(covered.data_last_month_key as integer) as last_data_month_key,
        cast(covered.first_unreported_month_key as integer) as first_unreported_month_key,
        case
            when not covered.has_month then null
            when covered.satuan_periode = 'tanggal' then covered.snapshot_date
            else last_day(last_month.month_start_date)
        end as tanggal_data,
        cast(covered.jumlah_baris as bigint) as jumlah_baris,
        cast(quarantined_case_rows.baris_dikarantina as bigint) as baris_dikarantina,
        -- Spark reads the ledger's load time from Parquet as timestamp_ntz: one type on
        -- every engine.
        cast(covered.loaded_at as timestamp) as loaded_at
    from covered
    left join dim_month as last_month
        on covered.covered_last_month_key = last_month.month_key
    left join quarantined_case_rows
        on
            covered.source = quarantined_case_rows.source
            and covered.tahun = quarantined_case_rows.tahun
)

select * from final
