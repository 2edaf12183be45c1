-- One row per victim case (UPTD register: a case; SIMFONI-PPA: a victim of a case). The two
-- sources overlap: a case the UPTD handles should also be in SIMFONI-PPA, so never count
-- both sources together.
with

int_cases_unioned as (
    select * from {{ ref('int_cases_unioned') }}
),

dim_kabupaten as (
    select * from {{ ref('dim_kabupaten') }}
),

final as (
    select
        cases.case_id as case_key,
        cases.source,
        cases.reported_date,
        {{ month_key('cases.reported_date') }} as month_key,
        coalesce(dim_kabupaten.kabupaten_key, '00.00') as kabupaten_key,
        cases.kategori_korban,
        cases.jenis_kelamin,
        cases.umur_korban,
        {{ age_group('cases.umur_korban') }} as kelompok_umur,
        {{ age_group_order('cases.umur_korban') }} as kelompok_umur_urutan,
        cases.is_anak,
        cases.jenis_kekerasan,
        cases.tempat_kejadian,
        cases.status_layanan,
        cases.status_layanan = 'Terlayani' as is_terlayani,
        cases.is_disabilitas,
        cases.period_year,
        cases.ingest_id
    from int_cases_unioned as cases
    left join dim_kabupaten
        on cases.kode_kemendagri = dim_kabupaten.kode_kemendagri
    {% if is_incremental() %}
        where {{ changed_case_slices(this, 'cases') }}
    {% endif %}
)

select * from final
