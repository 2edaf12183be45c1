-- One row per kabupaten/kota of NTT, plus one row for an unknown region.
with

ref_kabupaten as (
    select * from {{ ref('ref_kabupaten') }}
),

known as (
    select
        kode_kemendagri as kabupaten_key,
        kode_kemendagri,
        kode_bps,
        nama,
        jenis,
        case jenis when 'Kota' then 'Kota ' else 'Kab. ' end || nama as nama_lengkap
    from ref_kabupaten
),

unknown as (
    select
        '00.00' as kabupaten_key,
        cast(null as varchar) as kode_kemendagri,
        cast(null as varchar) as kode_bps,
        'Tidak diketahui' as nama,
        'Tidak diketahui' as jenis,
        'Tidak diketahui' as nama_lengkap
),

final as (
    select * from known
    union all
    select * from unknown
)

select * from final
