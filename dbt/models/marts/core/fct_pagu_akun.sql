-- One row per belanja account of a budget line and year: the annual ceilings of one account
-- (akun_belanja_kode) of a sub kegiatan x sumber dana x jenis x kelompok, as the latest month
-- of the export states them for that account. A line-level export has no accounts: its line
-- is one row here with an empty account. fct_pagu sums these rows per line.
with

stg_anggaran__lines as (
    select * from {{ ref('stg_anggaran__lines') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by sub_kegiatan_key, sumber_dana, jenis, kelompok, akun_belanja_kode, tahun
            order by bulan desc, source_row desc
        ) as recency
    from stg_anggaran__lines
),

latest_month as (
    select * from ranked
    where recency = 1
),

final as (
    select
        {{ budget_account_key('tahun') }} as pagu_akun_key,
        {{ budget_line_key('tahun') }} as pagu_key,
        sub_kegiatan_key,
        sumber_dana as sumber_dana_key,
        jenis as jenis_key,
        kelompok,
        akun_belanja_kode,
        akun_belanja,
        tahun,
        bidang_key,
        pagu_murni,
        pagu_perubahan,
        pagu,
        cast(pagu - pagu_murni as decimal(18, 2)) as pergeseran
    from latest_month
)

select * from final
