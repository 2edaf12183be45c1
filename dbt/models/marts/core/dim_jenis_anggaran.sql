-- One row per spending or revenue type (jenis belanja / jenis pendapatan).
with

ref_jenis_anggaran as (
    select * from {{ ref('ref_jenis_anggaran') }}
),

final as (
    select
        jenis as jenis_key,
        kelompok,
        kategori,
        kode_akun,
        urutan
    from ref_jenis_anggaran
)

select * from final
