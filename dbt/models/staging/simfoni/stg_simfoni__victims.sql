-- One row per victim in the current SIMFONI-PPA extract of each year.
-- A case in two current files of a year (a month's register re-sending an earlier case with
-- its status now) is the row of the newest file: macros/newest_case_rows.sql.
with

source as (
    {{ newest_case_rows(source('raw', 'simfoni'), 'no_registrasi_hmac') }}
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
        source_row,
        file_label as file_name,
        older_file_labels
    from source
)

select * from final
