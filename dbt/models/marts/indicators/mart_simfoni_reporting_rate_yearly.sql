-- One row per kabupaten/kota and year: months reported ÷ months expected, and whether the
-- district entered nothing at all that year.
with

mart_simfoni_reporting_rate as (
    select * from {{ ref('mart_simfoni_reporting_rate') }}
),

final as (
    select
        kabupaten_key,
        kode_wilayah,
        kabupaten_kota,
        tahun,
        cast(sum(jumlah_korban) as bigint) as jumlah_korban,
        cast(sum(laporan_diharapkan) as integer) as laporan_diharapkan,
        cast(sum(laporan_diterima) as integer) as laporan_diterima,
        {{ percentage('sum(laporan_diterima)', 'sum(laporan_diharapkan)') }} as reporting_rate_pct,
        sum(laporan_diterima) = 0 as is_tidak_melapor
    from mart_simfoni_reporting_rate
    group by kabupaten_key, kode_wilayah, kabupaten_kota, tahun
)

select * from final
