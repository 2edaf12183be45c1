-- One row per sub kegiatan and year, all its sumber dana and jenis together: the lines of
-- report tables 6, 7 and 8 (pagu, realisasi, sisa and both percentages).
with

mart_budget_absorption as (
    select * from {{ ref('mart_budget_absorption') }}
),

summed as (
    select
        tahun,
        sub_kegiatan_key,
        {{ dbt.any_value('nama_sub_kegiatan') }} as nama_sub_kegiatan,
        {{ dbt.any_value('kegiatan_kode') }} as kegiatan_kode,
        {{ dbt.any_value('nama_kegiatan') }} as nama_kegiatan,
        {{ dbt.any_value('program_kode') }} as program_kode,
        {{ dbt.any_value('nama_program') }} as nama_program,
        {{ ordered_string_agg('bidang_key', ', ', distinct=true) }} as bidang_key,
        {{ ordered_string_agg('nama_bidang', ', ', distinct=true) }} as nama_bidang,
        {{ ordered_string_agg('sumber_dana', ', ', distinct=true) }} as sumber_dana,
        sum(pagu_murni) as pagu_murni,
        sum(pagu) as pagu,
        sum(realisasi) as realisasi
    from mart_budget_absorption
    group by tahun, sub_kegiatan_key
),

final as (
    select
        tahun,
        sub_kegiatan_key,
        nama_sub_kegiatan,
        kegiatan_kode,
        nama_kegiatan,
        program_kode,
        nama_program,
        bidang_key,
        nama_bidang,
        sumber_dana,
        cast(pagu_murni as decimal(18, 2)) as pagu_murni,
        cast(pagu as decimal(18, 2)) as pagu,
        cast(realisasi as decimal(18, 2)) as realisasi,
        cast(pagu - realisasi as decimal(18, 2)) as sisa,
        {{ percentage('realisasi', 'pagu') }} as realisasi_pct,
        {{ percentage('pagu - realisasi', 'pagu') }} as sisa_pct
    from summed
)

select * from final
