-- One row per employee of the current staff-roster snapshot of each year.
with

source as (
    select * from {{ source('raw', 'asn') }}
),

final as (
    select
        coalesce(
            nip_hmac,
            -- Contract staff have no NIP: a pseudonym that holds within one snapshot file.
            'row-' || md5(ingest_id || ':' || source_row)
        ) as employee_id,
        nip_hmac is not null as has_nip,
        tanggal_data as snapshot_date,
        jenis_kelamin,
        nip_jenis_kelamin,
        -- The NIP's birth date is the one BKN computes retirement from.
        coalesce(nip_tanggal_lahir, tanggal_lahir) as tanggal_lahir,
        tanggal_lahir_sumber,
        nip_tmt_cpns as tmt_cpns,
        pendidikan,
        golongan,
        jabatan,
        jenis_jabatan,
        unit_kerja as bidang_id,
        status_kepegawaian,
        status_kepegawaian in ('PNS', 'PPPK') as is_asn,
        period_year,
        ingest_id,
        source_row
    from source
)

select * from final
