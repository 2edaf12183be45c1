-- One row per budget line (sub kegiatan or revenue account x sumber dana x jenis) and month
-- of the current finance export of each year or, when the export is written per belanja
-- account, one row per account of a line and month (the file's own grain, kept).
with

source as (
    select * from {{ source('raw', 'anggaran') }}
),

final as (
    select
        cast(tahun as integer) as tahun,
        cast(bulan as integer) as bulan,
        cast(tahun * 100 + bulan as integer) as month_key,
        kode_rekening,
        coalesce(sub_kegiatan_kode, akun_kode) as sub_kegiatan_key,
        urusan_kode,
        program_kode,
        kegiatan_kode,
        sub_kegiatan_kode,
        akun_kode,
        akun_belanja_kode,
        akun_belanja,
        program as nama_program,
        kegiatan as nama_kegiatan,
        sub_kegiatan as nama_sub_kegiatan,
        bidang as bidang_key,
        sumber_dana,
        kelompok,
        jenis,
        cast(pagu_murni as decimal(18, 2)) as pagu_murni,
        cast(pagu_perubahan as decimal(18, 2)) as pagu_perubahan,
        cast(coalesce(pagu_perubahan, pagu_murni) as decimal(18, 2)) as pagu,
        cast(realisasi as decimal(18, 2)) as realisasi,
        cast(sisa as decimal(18, 2)) as sisa_dilaporkan,
        realisasi < 0 as is_koreksi,
        period_year,
        ingest_id,
        source_row
    from source
)

select * from final
