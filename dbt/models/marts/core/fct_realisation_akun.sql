-- One row per belanja account of a budget line and month: the month's realisation of one
-- account (akun_belanja_kode) of a sub kegiatan x sumber dana x jenis x kelompok. A
-- line-level export has no accounts: its line is one row here with an empty account.
-- fct_realisation sums these rows per line and month; ceilings are in fct_pagu_akun.
with

stg_anggaran__lines as (
    select * from {{ ref('stg_anggaran__lines') }}
),

final as (
    select
        {{ budget_account_key('month_key') }} as realisation_akun_key,
        {{ budget_account_key('tahun') }} as pagu_akun_key,
        {{ budget_line_key('month_key') }} as realisation_key,
        {{ budget_line_key('tahun') }} as pagu_key,
        sub_kegiatan_key,
        sumber_dana as sumber_dana_key,
        jenis as jenis_key,
        kelompok,
        akun_belanja_kode,
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
