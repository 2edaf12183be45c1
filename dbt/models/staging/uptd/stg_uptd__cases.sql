-- One row per case of the UPTD PPA register (current extract of each year).
with

source as (
    select * from {{ source('raw', 'uptd') }}
),

final as (
    select
        no_kasus_hmac as case_id,
        tanggal_pengaduan as reported_date,
        kategori_korban,
        jenis_kekerasan,
        bentuk_kekerasan,
        kabupaten_kota_kode as kode_kemendagri,
        layanan,
        status as status_layanan,
        period_year,
        ingest_id,
        source_row
    from source
)

select * from final
