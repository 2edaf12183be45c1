-- One row per budget line and month: sub kegiatan (or revenue account) x sumber dana x
-- jenis x kelompok x month_key, with the month's realisation. Ceilings live in fct_pagu, at
-- their annual grain, so that no sum over months multiplies them.
with

stg_anggaran__lines as (
    select * from {{ ref('stg_anggaran__lines') }}
),

final as (
    select
        {{ budget_line_key('month_key') }} as realisation_key,
        {{ budget_line_key('tahun') }} as pagu_key,
        sub_kegiatan_key,
        sumber_dana as sumber_dana_key,
        jenis as jenis_key,
        kelompok,
        month_key,
        tahun,
        bidang_key,
        realisasi,
        is_koreksi,
        ingest_id,
        source_row
    from stg_anggaran__lines
)

select * from final
