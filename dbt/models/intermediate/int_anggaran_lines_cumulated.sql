-- One row per budget line and month, or per belanja account of a line and month where the
-- export is written per account, with the realisation so far that month and the sisa it
-- implies (pagu in force on that row minus the realisation through that month). An account
-- row states its own account's pagu and sisa, so both are reckoned per account.
with

stg_anggaran__lines as (
    select * from {{ ref('stg_anggaran__lines') }}
),

cumulated as (
    select
        *,
        cast(sum(realisasi) over (
            partition by sub_kegiatan_key, sumber_dana, jenis, kelompok, akun_belanja_kode, tahun
            order by bulan
            rows between unbounded preceding and current row
        ) as decimal(18, 2)) as realisasi_kumulatif
    from stg_anggaran__lines
),

final as (
    select
        {{ budget_line_key('tahun') }} as line_key,
        {{ budget_account_key('tahun') }} as account_key,
        *,
        cast(pagu - realisasi_kumulatif as decimal(18, 2)) as sisa_dihitung
    from cumulated
)

select * from final
