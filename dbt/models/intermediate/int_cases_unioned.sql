-- One row per victim case from either source, in one shape: the UPTD register gives the
-- victim category directly, SIMFONI-PPA gives sex and age from which it is derived.
with

stg_uptd__cases as (
    select * from {{ ref('stg_uptd__cases') }}
),

stg_simfoni__victims as (
    select * from {{ ref('stg_simfoni__victims') }}
),

uptd_cases as (
    select
        'uptd' as source,
        case_id,
        reported_date,
        kode_kemendagri,
        kategori_korban,
        case kategori_korban when 'Anak Laki-laki' then 'L' else 'P' end as jenis_kelamin,
        cast(null as bigint) as umur_korban,
        kategori_korban in ('Anak Laki-laki', 'Anak Perempuan') as is_anak,
        jenis_kekerasan,
        bentuk_kekerasan,
        cast(null as {{ dbt.type_string() }}) as tempat_kejadian,
        layanan,
        status_layanan,
        cast(null as boolean) as is_disabilitas,
        period_year,
        ingest_id
    from stg_uptd__cases
),

simfoni_cases as (
    select
        'simfoni' as source,
        case_id,
        reported_date,
        kode_kemendagri,
        case
            when umur_korban is null then 'Tidak diketahui'
            when umur_korban < 18 and jenis_kelamin = 'L' then 'Anak Laki-laki'
            when umur_korban < 18 then 'Anak Perempuan'
            when jenis_kelamin = 'P' then 'Perempuan Dewasa'
            else 'Laki-laki Dewasa'
        end as kategori_korban,
        jenis_kelamin,
        umur_korban,
        umur_korban < 18 as is_anak,
        cast(null as {{ dbt.type_string() }}) as jenis_kekerasan,
        bentuk_kekerasan,
        tempat_kejadian,
        layanan,
        status_layanan,
        is_disabilitas,
        period_year,
        ingest_id
    from stg_simfoni__victims
),

final as (
    select * from uptd_cases
    union all
    select * from simfoni_cases
)

select * from final
