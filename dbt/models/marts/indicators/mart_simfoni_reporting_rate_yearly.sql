-- One row per kabupaten/kota and year: months reported ÷ months expected, and whether the
-- district entered nothing at all that year. A month whose 0 is not sure (quarantined rows
-- may belong to it, mart_simfoni_reporting_rate.baris_dikarantina) is counted in
-- bulan_belum_pasti: the months reported are then a lower bound, and "entered nothing" is
-- unknown (null) rather than true.
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
        cast(count(*) filter (where laporan_diterima = 0 and baris_dikarantina > 0) as integer)
            as bulan_belum_pasti,
        case
            when sum(laporan_diterima) > 0 then false
            when count(*) filter (where baris_dikarantina > 0) > 0 then null
            else true
        end as is_tidak_melapor
    from mart_simfoni_reporting_rate
    group by kabupaten_key, kode_wilayah, kabupaten_kota, tahun
)

select * from final
