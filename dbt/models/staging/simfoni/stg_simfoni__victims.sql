-- One row per victim in the current SIMFONI-PPA extract of each year.
with

source as (
    select * from {{ source('raw', 'simfoni') }}
),

final as (
    select
        no_registrasi_hmac as case_id,
        tanggal_lapor as reported_date,
        tanggal_kejadian as incident_date,
        kabupaten_kota_kode as kode_kemendagri,
        jenis_kelamin_korban as jenis_kelamin,
        umur_korban,
        pendidikan_korban,
        disabilitas = 'Ya' as is_disabilitas,
        bentuk_kekerasan,
        tempat_kejadian,
        hubungan_pelaku,
        layanan,
        status_layanan,
        period_year,
        ingest_id,
        source_row
    from source
)

select * from final
