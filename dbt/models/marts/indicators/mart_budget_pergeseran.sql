-- One row per sub kegiatan (or revenue account) and year: the original ceiling, the
-- ceiling after the P-DPA and the shift between them (the report's "pergeseran" table).
with

fct_pagu as (
    select * from {{ ref('fct_pagu') }}
),

dim_kegiatan as (
    select * from {{ ref('dim_kegiatan') }}
),

summed as (
    select
        tahun,
        sub_kegiatan_key,
        kelompok,
        sum(pagu_murni) as pagu_murni,
        sum(pagu) as pagu_perubahan
    from fct_pagu
    group by tahun, sub_kegiatan_key, kelompok
),

final as (
    select
        summed.tahun,
        summed.sub_kegiatan_key,
        summed.kelompok,
        dim_kegiatan.nama_sub_kegiatan,
        dim_kegiatan.kegiatan_kode,
        dim_kegiatan.nama_kegiatan,
        dim_kegiatan.program_kode,
        dim_kegiatan.nama_program,
        cast(summed.pagu_murni as decimal(18, 2)) as pagu_murni,
        cast(summed.pagu_perubahan as decimal(18, 2)) as pagu_perubahan,
        cast(summed.pagu_perubahan - summed.pagu_murni as decimal(18, 2)) as pergeseran,
        case
            when summed.pagu_perubahan = summed.pagu_murni then 'tetap'
            when summed.pagu_perubahan = 0 then 'dihapus'
            when summed.pagu_murni = 0 then 'baru'
            when summed.pagu_perubahan > summed.pagu_murni then 'bertambah'
            else 'berkurang'
        end as status_pergeseran
    from summed
    inner join dim_kegiatan on summed.sub_kegiatan_key = dim_kegiatan.sub_kegiatan_key
)

select * from final
