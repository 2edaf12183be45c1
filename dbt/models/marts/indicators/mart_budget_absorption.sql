-- One row per spending line and year (sub kegiatan x sumber dana x jenis, with its program
-- and bidang, by key and name): pagu, realisasi, sisa and the absorption percentage. Sum it
-- by any of its columns for the report's views (tables 6-8 by sub kegiatan, Bab II by jenis
-- or fund). The realisation is that of the months covered (mart_source_coverage).
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

dim_jenis_anggaran as (
    select * from {{ ref('dim_jenis_anggaran') }}
),

mart_source_coverage as (
    select * from {{ ref('mart_source_coverage') }}
),

realised as (
    -- Paid in the months the extracts cover (mart_source_coverage): a month after a month no
    -- file holds yet, or still in progress when loaded, is not in the year's figure, which
    -- the exports state up to the last month covered.
    select
        fct_realisation.pagu_key,
        sum(fct_realisation.realisasi) as realisasi
    from fct_realisation
    inner join mart_source_coverage
        on
            mart_source_coverage.source = 'anggaran'
            and fct_realisation.tahun = mart_source_coverage.tahun
            and fct_realisation.month_key <= mart_source_coverage.last_month_key
    group by fct_realisation.pagu_key
),

joined as (
    select
        fct_pagu.tahun,
        fct_pagu.sub_kegiatan_key,
        dim_kegiatan.nama_sub_kegiatan,
        dim_kegiatan.kegiatan_kode,
        dim_kegiatan.nama_kegiatan,
        dim_kegiatan.program_kode,
        dim_kegiatan.nama_program,
        fct_pagu.bidang_key,
        dim_bidang.nama as nama_bidang,
        fct_pagu.sumber_dana_key as sumber_dana,
        fct_pagu.jenis_key as jenis,
        dim_jenis_anggaran.kategori,
        fct_pagu.pagu_murni,
        fct_pagu.pagu,
        cast(coalesce(realised.realisasi, 0) as decimal(18, 2)) as realisasi
    from fct_pagu
    inner join dim_kegiatan on fct_pagu.sub_kegiatan_key = dim_kegiatan.sub_kegiatan_key
    inner join dim_jenis_anggaran on fct_pagu.jenis_key = dim_jenis_anggaran.jenis_key
    left join dim_bidang on fct_pagu.bidang_key = dim_bidang.bidang_key
    left join realised on fct_pagu.pagu_key = realised.pagu_key
    where fct_pagu.kelompok = 'Belanja'
),

final as (
    select
        *,
        cast(pagu - realisasi as decimal(18, 2)) as sisa,
        {{ percentage('realisasi', 'pagu') }} as realisasi_pct,
        {{ percentage('pagu - realisasi', 'pagu') }} as sisa_pct
    from joined
)

select * from final
