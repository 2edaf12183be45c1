-- One row per budget line and month: sub kegiatan (or revenue account) x sumber dana x
-- jenis x kelompok x month_key, with the month's realisation, the sum of its accounts'
-- (fct_realisation_akun). Ceilings live in fct_pagu, at their annual grain, so that no sum
-- over months multiplies them.
with

fct_realisation_akun as (
    select * from {{ ref('fct_realisation_akun') }}
),

final as (
    select
        realisation_key,
        pagu_key,
        sub_kegiatan_key,
        sumber_dana_key,
        jenis_key,
        kelompok,
        month_key,
        tahun,
        max(bidang_key) as bidang_key,
        cast(sum(realisasi) as decimal(18, 2)) as realisasi,
        sum(realisasi) < 0 as is_koreksi,
        max(ingest_id) as ingest_id,
        min(source_row) as source_row
    from fct_realisation_akun
    group by
        realisation_key, pagu_key, sub_kegiatan_key, sumber_dana_key, jenis_key, kelompok,
        month_key, tahun
)

select * from final
