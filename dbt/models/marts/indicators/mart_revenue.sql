-- One row per revenue account, sumber dana, jenis and year: the original and revised
-- targets and what was received (e.g. the TPA day-care retribusi).
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

received as (
    select
        pagu_key,
        sum(realisasi) as realisasi
    from fct_realisation
    group by pagu_key
),

joined as (
    select
        fct_pagu.tahun,
        fct_pagu.sub_kegiatan_key as akun_kode,
        dim_kegiatan.nama_sub_kegiatan as nama_akun,
        dim_kegiatan.nama_kegiatan,
        fct_pagu.bidang_key,
        fct_pagu.sumber_dana_key as sumber_dana,
        fct_pagu.jenis_key as jenis,
        fct_pagu.pagu_murni as target_murni,
        fct_pagu.pagu as target,
        cast(coalesce(received.realisasi, 0) as decimal(18, 2)) as realisasi
    from fct_pagu
    inner join dim_kegiatan on fct_pagu.sub_kegiatan_key = dim_kegiatan.sub_kegiatan_key
    left join received on fct_pagu.pagu_key = received.pagu_key
    where fct_pagu.kelompok = 'Pendapatan'
),

final as (
    select
        *,
        cast(realisasi - target as decimal(18, 2)) as selisih,
        {{ percentage('realisasi', 'target') }} as capaian_pct
    from joined
)

select * from final
