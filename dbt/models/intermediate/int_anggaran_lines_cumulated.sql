-- One row per budget line and month, with the realisation so far that month and the sisa
-- it implies (pagu in force on that row minus the realisation through that month).
with

stg_anggaran__lines as (
    select * from {{ ref('stg_anggaran__lines') }}
),

cumulated as (
    select
        *,
        cast(sum(realisasi) over (
            partition by sub_kegiatan_key, sumber_dana, jenis, kelompok, tahun
            order by bulan
            rows between unbounded preceding and current row
        ) as decimal(18, 2)) as realisasi_kumulatif
    from stg_anggaran__lines
),

final as (
    select
        {{ budget_line_key('tahun') }} as line_key,
        *,
        cast(pagu - realisasi_kumulatif as decimal(18, 2)) as sisa_dihitung
    from cumulated
)

select * from final
