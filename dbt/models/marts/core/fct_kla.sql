-- One row per kabupaten/kota and year of the KLA evaluation, with the band of its score.
with

stg_kla__evaluations as (
    select * from {{ ref('stg_kla__evaluations') }}
),

ref_kla_peringkat as (
    select * from {{ ref('ref_kla_peringkat') }}
),

dim_kabupaten as (
    select * from {{ ref('dim_kabupaten') }}
),

scored as (
    select
        *,
        -- The verified score decides the band; until verification, the self-evaluation.
        coalesce(nilai_verifikasi, nilai_evaluasi_mandiri) as nilai
    from stg_kla__evaluations
),

banded as (
    select
        scored.tahun,
        scored.kode_kemendagri,
        max_by(bands.peringkat, bands.nilai_min) as peringkat_menurut_nilai
    from scored
    inner join ref_kla_peringkat as bands on scored.nilai >= bands.nilai_min
    group by scored.tahun, scored.kode_kemendagri
),

final as (
    select
        scored.tahun || ':' || dim_kabupaten.kabupaten_key as kla_key,
        scored.tahun,
        dim_kabupaten.kabupaten_key,
        scored.nilai_evaluasi_mandiri,
        scored.nilai_verifikasi,
        scored.nilai,
        scored.peringkat,
        banded.peringkat_menurut_nilai,
        coalesce(scored.peringkat = banded.peringkat_menurut_nilai, scored.peringkat = 'Belum')
            as is_peringkat_sesuai_nilai,
        scored.desa_layak_anak,
        scored.target_desa_layak_anak,
        scored.ingest_id,
        scored.source_row
    from scored
    inner join dim_kabupaten on scored.kode_kemendagri = dim_kabupaten.kode_kemendagri
    left join banded
        on
            scored.tahun = banded.tahun
            and scored.kode_kemendagri = banded.kode_kemendagri
)

select * from final
