-- One row per case of the UPTD PPA register (current extract of each year).
-- A case in two current files of a year (a month's register re-sending an earlier case with
-- its status now) is the row of the newest file: macros/newest_case_rows.sql.
with

source as (
    {{ newest_case_rows(source('raw', 'uptd'), 'no_kasus_hmac') }}
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
        source_row,
        file_label as file_name,
        older_file_labels
    from source
)

select * from final
