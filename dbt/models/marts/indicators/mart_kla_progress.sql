-- One row per kabupaten/kota and KLA evaluation year: score, rating as typed and as its
-- band says, change from the year before, child-friendly villages against target.
with

fct_kla as (
    select * from {{ ref('fct_kla') }}
),

dim_kabupaten as (
    select * from {{ ref('dim_kabupaten') }}
),

with_previous as (
    select
        *,
        lag(nilai) over (partition by kabupaten_key order by tahun) as nilai_tahun_lalu,
        lag(peringkat) over (partition by kabupaten_key order by tahun) as peringkat_tahun_lalu,
        lag(desa_layak_anak) over (
            partition by kabupaten_key order by tahun
        ) as desa_layak_anak_tahun_lalu,
        lag(tahun) over (partition by kabupaten_key order by tahun) as tahun_lalu
    from fct_kla
),

final as (
    select
        with_previous.tahun,
        with_previous.kabupaten_key,
        dim_kabupaten.kode_kemendagri as kode_wilayah,
        dim_kabupaten.nama_lengkap as kabupaten_kota,
        with_previous.nilai_evaluasi_mandiri,
        with_previous.nilai_verifikasi,
        with_previous.nilai,
        with_previous.peringkat,
        with_previous.peringkat_menurut_nilai,
        with_previous.is_peringkat_sesuai_nilai,
        case
            when with_previous.tahun_lalu = with_previous.tahun - 1
                then with_previous.nilai_tahun_lalu
        end as nilai_tahun_lalu,
        case
            when with_previous.tahun_lalu = with_previous.tahun - 1
                then with_previous.nilai - with_previous.nilai_tahun_lalu
        end as perubahan_nilai,
        case
            when with_previous.tahun_lalu = with_previous.tahun - 1
                then with_previous.peringkat_tahun_lalu
        end as peringkat_tahun_lalu,
        with_previous.desa_layak_anak,
        with_previous.target_desa_layak_anak,
        {{ percentage('with_previous.desa_layak_anak', 'with_previous.target_desa_layak_anak') }}
            as capaian_desa_layak_anak_pct,
        case
            when with_previous.tahun_lalu = with_previous.tahun - 1
                then with_previous.desa_layak_anak - with_previous.desa_layak_anak_tahun_lalu
        end as tambahan_desa_layak_anak
    from with_previous
    inner join dim_kabupaten on with_previous.kabupaten_key = dim_kabupaten.kabupaten_key
)

select * from final
