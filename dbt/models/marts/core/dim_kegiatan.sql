-- One row per sub kegiatan (program -> kegiatan -> sub kegiatan) of the budget, and one per
-- revenue account. Names come from the latest finance export; program names of urusan 2.08
-- from the national nomenclature (seed ref_program).
with

stg_anggaran__lines as (
    select * from {{ ref('stg_anggaran__lines') }}
),

ref_program as (
    select * from {{ ref('ref_program') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by sub_kegiatan_key
            order by period_year desc, ingest_id desc, month_key desc, source_row desc
        ) as recency
    from stg_anggaran__lines
),

latest as (
    select * from ranked
    where recency = 1
),

final as (
    select
        latest.sub_kegiatan_key,
        latest.kelompok,
        latest.sub_kegiatan_kode,
        latest.akun_kode,
        latest.nama_sub_kegiatan,
        latest.kegiatan_kode,
        latest.nama_kegiatan,
        latest.program_kode,
        coalesce(ref_program.nama_program, latest.nama_program) as nama_program,
        latest.urusan_kode,
        ref_program.nama_urusan
    from latest
    left join ref_program on latest.program_kode = ref_program.program_kode
)

select * from final
