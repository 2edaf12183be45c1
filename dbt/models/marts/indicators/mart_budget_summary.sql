-- One row per year and value of one breakdown of the spending budget, as Bab II of the
-- report states it: the total, by kategori (Belanja Operasional / Modal), by jenis, by
-- sumber dana, by program and by bidang (`nilai` the key, `nama` its name). Rows of one
-- `dimensi` add up to the total.
with

mart_budget_absorption as (
    select * from {{ ref('mart_budget_absorption') }}
),

grouped as (
    select
        tahun,
        case
            when grouping(kategori) = 0 then 'kategori'
            when grouping(jenis) = 0 then 'jenis'
            when grouping(sumber_dana) = 0 then 'sumber_dana'
            when grouping(program_kode) = 0 then 'program'
            when grouping(bidang_key) = 0 then 'bidang'
            else 'total'
        end as dimensi,
        coalesce(kategori, jenis, sumber_dana, program_kode, bidang_key, 'Semua') as nilai,
        case
            when grouping(program_kode) = 0 then max(nama_program)
            when grouping(bidang_key) = 0 then max(nama_bidang)
            else coalesce(kategori, jenis, sumber_dana, 'Semua')
        end as nama,
        sum(pagu) as pagu,
        sum(realisasi) as realisasi
    from mart_budget_absorption
    group by grouping sets (
        (tahun), (tahun, kategori), (tahun, jenis), (tahun, sumber_dana),
        (tahun, program_kode), (tahun, bidang_key)
    )
),

final as (
    select
        tahun,
        dimensi,
        nilai,
        nama,
        cast(pagu as decimal(18, 2)) as pagu,
        cast(realisasi as decimal(18, 2)) as realisasi,
        cast(pagu - realisasi as decimal(18, 2)) as sisa,
        {{ percentage('realisasi', 'pagu') }} as realisasi_pct,
        {{ percentage('pagu - realisasi', 'pagu') }} as sisa_pct
    from grouped
)

select * from final
