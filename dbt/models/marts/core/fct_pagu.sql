-- One row per budget line and year: the annual ceilings of a sub kegiatan (or revenue
-- account) x sumber dana x jenis x kelompok, as the latest month of the export states them.
-- pergeseran = the change the P-DPA made (revised - original).
with

stg_anggaran__lines as (
    select * from {{ ref('stg_anggaran__lines') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by sub_kegiatan_key, sumber_dana, jenis, kelompok, tahun
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
        {{ budget_line_key('tahun') }} as pagu_key,
        sub_kegiatan_key,
        sumber_dana as sumber_dana_key,
        jenis as jenis_key,
        kelompok,
        tahun,
        bidang_key,
        pagu_murni,
        pagu_perubahan,
        pagu,
        cast(pagu - pagu_murni as decimal(18, 2)) as pergeseran
    from latest_month
)

select * from final
