-- One row per Renstra indicator, year and source table, as the office reported it.
with

stg_indikator__indicators as (
    select * from {{ ref('stg_indikator__indicators') }}
),

final as (
    select
        tahun || ':' || kode_indikator || ':' || sumber_tabel as indicator_value_key,
        tahun,
        kode_indikator,
        sumber_tabel,
        program,
        indikator,
        satuan,
        satuan = '%' as is_persen,
        target,
        realisasi_dilaporkan,
        capaian_dilaporkan,
        coalesce(polaritas = 'Negatif', false) as is_negatif,
        pembilang,
        penyebut,
        file_name,
        source_row
    from stg_indikator__indicators
)

select * from final
