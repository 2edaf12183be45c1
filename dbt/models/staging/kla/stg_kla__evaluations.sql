-- One row per kabupaten/kota and year of the KLA evaluation: a file may hold several years
-- or some districts only, and for each year and district the row of the newest loaded file
-- that holds it counts (a second file of a year listing other districts adds them; it does
-- not wipe the first's). An empty predikat is Belum; one that could not be read never is:
-- its row is quarantined (schemas/sources.yml, defines_row).
with

source as (
    select * from {{ source('raw', 'kla') }}
),

ranked as (
    select
        *,
        max(ingest_id) over (partition by tahun, kabupaten_kota_kode) as newest_ingest_id
    from source
),

final as (
    select
        cast(tahun as integer) as tahun,
        kabupaten_kota_kode as kode_kemendagri,
        nilai_evaluasi_mandiri,
        nilai_verifikasi,
        coalesce(peringkat, 'Belum') as peringkat,
        cast(desa_layak_anak as integer) as desa_layak_anak,
        cast(target_desa_layak_anak as integer) as target_desa_layak_anak,
        ingest_id,
        source_row
    from ranked
    where ingest_id = newest_ingest_id
)

select * from final
