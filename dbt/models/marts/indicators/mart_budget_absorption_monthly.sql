-- One row per spending line (sub kegiatan x sumber dana x jenis) and month of its year that
-- the budget extracts cover, with zeros for covered months without payments: the month's
-- realisation, the realisation so far, the sisa and the absorption so far against the annual
-- ceiling in force (the S-curve). The months are those the extracts cover
-- (mart_source_coverage of source anggaran, first_month_key to last_month_key): a month
-- before the first one a file holds, or after the last covered, is absent, never 0 (as in the
-- case marts); when the first is after January, the finding budget_starts_after_january says
-- the realisation so far counts from it.
with

fct_pagu as (
    select * from {{ ref('fct_pagu') }}
),

fct_realisation as (
    select * from {{ ref('fct_realisation') }}
),

dim_kegiatan as (
    select * from {{ ref('dim_kegiatan') }}
),

dim_bidang as (
    select * from {{ ref('dim_bidang') }}
),

dim_month as (
    select * from {{ ref('dim_month') }}
),

mart_source_coverage as (
    select * from {{ ref('mart_source_coverage') }}
),

covered_months as (
    select dim_month.*
    from dim_month
    inner join mart_source_coverage
        on
            mart_source_coverage.source = 'anggaran'
            and dim_month.tahun = mart_source_coverage.tahun
            and dim_month.month_key
            between mart_source_coverage.first_month_key and mart_source_coverage.last_month_key
),

lines as (
    select
        fct_pagu.pagu_key,
        fct_pagu.tahun,
        fct_pagu.sub_kegiatan_key,
        dim_kegiatan.nama_sub_kegiatan,
        dim_kegiatan.kegiatan_kode,
        dim_kegiatan.program_kode,
        dim_kegiatan.nama_program,
        fct_pagu.bidang_key,
        dim_bidang.nama as nama_bidang,
        fct_pagu.sumber_dana_key as sumber_dana,
        fct_pagu.jenis_key as jenis,
        fct_pagu.pagu
    from fct_pagu
    inner join dim_kegiatan on fct_pagu.sub_kegiatan_key = dim_kegiatan.sub_kegiatan_key
    left join dim_bidang on fct_pagu.bidang_key = dim_bidang.bidang_key
    where fct_pagu.kelompok = 'Belanja'
),

line_months as (
    select
        lines.*,
        covered_months.month_key,
        covered_months.bulan,
        covered_months.nama_bulan,
        coalesce(fct_realisation.realisasi, 0) as realisasi_bulan
    from lines
    inner join covered_months on lines.tahun = covered_months.tahun
    left join fct_realisation
        on
            lines.pagu_key = fct_realisation.pagu_key
            and covered_months.month_key = fct_realisation.month_key
),

cumulated as (
    select
        *,
        sum(realisasi_bulan) over (
            partition by pagu_key order by month_key
            rows between unbounded preceding and current row
        ) as realisasi_kumulatif
    from line_months
),

final as (
    select
        tahun,
        bulan,
        month_key,
        nama_bulan,
        sub_kegiatan_key,
        nama_sub_kegiatan,
        kegiatan_kode,
        program_kode,
        nama_program,
        bidang_key,
        nama_bidang,
        sumber_dana,
        jenis,
        pagu,
        cast(realisasi_bulan as decimal(18, 2)) as realisasi,
        cast(realisasi_kumulatif as decimal(18, 2)) as realisasi_kumulatif,
        cast(pagu - realisasi_kumulatif as decimal(18, 2)) as sisa,
        {{ percentage('realisasi_kumulatif', 'pagu') }} as realisasi_kumulatif_pct
    from cumulated
)

select * from final
