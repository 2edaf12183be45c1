-- One row per KLA evaluation year: province-wide child-friendly villages against target
-- (report: 213 of 250 = 85,2 % in 2023) and how many districts hold a score and a rating.
with

fct_kla as (
    select * from {{ ref('fct_kla') }}
),

final as (
    select
        tahun,
        cast(count(*) as integer) as jumlah_kabupaten_kota,
        cast(count(nilai) as integer) as kabupaten_kota_dinilai,
        cast(count(*) filter (where peringkat <> 'Belum') as integer)
            as kabupaten_kota_berperingkat,
        cast(sum(desa_layak_anak) as integer) as desa_layak_anak,
        cast(sum(target_desa_layak_anak) as integer) as target_desa_layak_anak,
        {{ percentage('sum(desa_layak_anak)', 'sum(target_desa_layak_anak)') }} as capaian_pct
    from fct_kla
    group by tahun
)

select * from final
