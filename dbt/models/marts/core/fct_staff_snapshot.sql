-- One row per employee per roster snapshot (pseudonymous: no names, no NIP, no birth date).
with

int_employees_classified as (
    select * from {{ ref('int_employees_classified') }}
),

dim_bidang as (
    select * from {{ ref('dim_bidang') }}
),

dated as (
    select
        *,
        {{ add_months('tanggal_lahir', '12 * usia_pensiun') }} as tanggal_mencapai_bup
    from int_employees_classified
),

final as (
    select
        md5(cast(dated.snapshot_date as {{ dbt.type_string() }}) || ':' || dated.employee_id)
            as staff_snapshot_key,
        dated.employee_id as employee_key,
        dated.snapshot_date,
        cast(extract(year from dated.snapshot_date) as integer) as tahun,
        dim_bidang.bidang_key,
        dim_bidang.singkatan as unit_kerja,
        dated.status_kepegawaian,
        dated.is_asn,
        dated.jenis_kelamin,
        dated.pendidikan,
        dated.golongan,
        dated.jabatan,
        dated.jenis_jabatan,
        dated.kelompok_jabatan,
        dated.tmt_cpns,
        -- Whole years: birthdays reached, not year boundaries crossed.
        {{ whole_years_between('dated.tanggal_lahir', 'dated.snapshot_date') }} as usia_tahun,
        dated.usia_pensiun,
        dated.tanggal_mencapai_bup,
        cast(extract(year from dated.tanggal_mencapai_bup) as integer) as tahun_mencapai_bup,
        -- PP 11/2017: honourable discharge at the end of the month the age is reached.
        {{ add_months(dbt.date_trunc('month', 'dated.tanggal_mencapai_bup'), 1) }} as tmt_pensiun,
        dated.nip_jenis_kelamin is not null
        and dated.nip_jenis_kelamin <> dated.jenis_kelamin as has_nip_sex_mismatch,
        dated.tanggal_lahir_sumber = 'nip' as is_tanggal_lahir_from_nip,
        dated.ingest_id,
        dated.source_row
    from dated
    left join dim_bidang
        on dated.bidang_id = dim_bidang.bidang_key
)

select * from final
