-- One row per calendar month from 2015 to 2035, key yyyymm.
with

spine as (
    {{ dbt.date_spine('month', "cast('2015-01-01' as date)", "cast('2036-01-01' as date)") }}
),

months as (
    select cast(date_month as date) as month_start
    from spine
),

final as (
    select
        {{ month_key('month_start') }} as month_key,
        month_start as month_start_date,
        cast(extract(year from month_start) as integer) as tahun,
        cast(extract(month from month_start) as integer) as bulan,
        cast(extract(quarter from month_start) as integer) as triwulan,
        case when extract(month from month_start) <= 6 then 1 else 2 end as semester,
        case extract(month from month_start)
            when 1 then 'Januari' when 2 then 'Februari' when 3 then 'Maret'
            when 4 then 'April' when 5 then 'Mei' when 6 then 'Juni'
            when 7 then 'Juli' when 8 then 'Agustus' when 9 then 'September'
            when 10 then 'Oktober' when 11 then 'November' else 'Desember'
        end as nama_bulan,
        case extract(month from month_start)
            when 1 then 'January' when 2 then 'February' when 3 then 'March'
            when 4 then 'April' when 5 then 'May' when 6 then 'June'
            when 7 then 'July' when 8 then 'August' when 9 then 'September'
            when 10 then 'October' when 11 then 'November' else 'December'
        end as nama_bulan_en
    from months
)

select * from final
