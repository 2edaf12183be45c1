-- One row per kabupaten/kota of NTT, plus one row for an unknown region. Every name column
-- but nama_tanpa_awalan is unique: Kupang is both a kabupaten and a kota.
with

ref_kabupaten as (
    select * from {{ ref('ref_kabupaten') }}
),

known as (
    select
        kode_kemendagri as kabupaten_key,
        kode_kemendagri,
        kode_bps,
        -- As BPS names them: Kupang (the kabupaten), Kota Kupang.
        case jenis when 'Kota' then 'Kota ' || nama else nama end as nama,
        jenis,
        case jenis when 'Kota' then 'Kota ' else 'Kab. ' end || nama as nama_lengkap,
        nama as nama_tanpa_awalan
    from ref_kabupaten
),

unknown as (
    select
        '00.00' as kabupaten_key,
        cast(null as {{ dbt.type_string() }}) as kode_kemendagri,
        cast(null as {{ dbt.type_string() }}) as kode_bps,
        'Tidak diketahui' as nama,
        'Tidak diketahui' as jenis,
        'Tidak diketahui' as nama_lengkap,
        'Tidak diketahui' as nama_tanpa_awalan
),

final as (
    select * from known
    union all
    select * from unknown
)

select * from final
