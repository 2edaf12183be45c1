-- One row per budget line and year: the annual ceilings of a sub kegiatan (or revenue
-- account) x sumber dana x jenis x kelompok, the sums of its accounts' ceilings
-- (fct_pagu_akun; a line-level export's line is its own single row there).
-- pergeseran = the change the P-DPA made (revised - original).
with

fct_pagu_akun as (
    select * from {{ ref('fct_pagu_akun') }}
),

final as (
    select
        pagu_key,
        sub_kegiatan_key,
        sumber_dana_key,
        jenis_key,
        kelompok,
        tahun,
        max(bidang_key) as bidang_key,
        cast(sum(pagu_murni) as decimal(18, 2)) as pagu_murni,
        -- Revised when any account was: the unchanged accounts count with their original.
        cast(case when count(pagu_perubahan) > 0 then sum(pagu) end as decimal(18, 2))
            as pagu_perubahan,
        cast(sum(pagu) as decimal(18, 2)) as pagu,
        cast(sum(pagu) - sum(pagu_murni) as decimal(18, 2)) as pergeseran
    from fct_pagu_akun
    group by pagu_key, sub_kegiatan_key, sumber_dana_key, jenis_key, kelompok, tahun
)

select * from final
