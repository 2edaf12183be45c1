-- One row per roster snapshot, unit and each of the three years after the snapshot: which
-- ASN (pseudonymous) reach retirement age that year and how many are left in the unit, if
-- nobody joins. Shows the units that empty out.
with

fct_staff_snapshot as (
    select * from {{ ref('fct_staff_snapshot') }}
),

asn as (
    select * from fct_staff_snapshot
    where is_asn
),

units as (
    select distinct
        snapshot_date,
        tahun,
        bidang_key,
        unit_kerja
    from asn
),

years as (
    select
        units.*,
        cast(units.tahun + offsets.years_ahead as integer) as tahun_proyeksi
    from units
    cross join (
        select 1 as years_ahead
        union all
        select 2 as years_ahead
        union all
        select 3 as years_ahead
    ) as offsets
),

projected as (
    select
        years.snapshot_date,
        years.tahun_proyeksi,
        years.bidang_key,
        years.unit_kerja,
        cast(count(asn.employee_key) filter (
            where asn.tahun_mencapai_bup >= years.tahun_proyeksi
        ) as integer) as asn_awal_tahun,
        cast(count(asn.employee_key) filter (
            where asn.tahun_mencapai_bup = years.tahun_proyeksi
        ) as integer) as jumlah_mencapai_bup,
        cast(count(asn.employee_key) filter (
            where asn.tahun_mencapai_bup > years.tahun_proyeksi
        ) as integer) as asn_akhir_tahun,
        coalesce({{ ordered_string_agg(
            "asn.employee_key || ' (' || asn.jabatan || ', usia ' || asn.usia_pensiun || ' pada '
            || " ~ format_date('asn.tanggal_mencapai_bup', '%m/%Y') ~ " || ')'",
            '; ',
            order_by=['asn.tanggal_mencapai_bup', 'asn.employee_key'],
            where='asn.tahun_mencapai_bup = years.tahun_proyeksi',
        ) }}, '') as pegawai_mencapai_bup
    from years
    left join asn
        on
            years.snapshot_date = asn.snapshot_date
            and years.unit_kerja = asn.unit_kerja
    group by years.snapshot_date, years.tahun_proyeksi, years.bidang_key, years.unit_kerja
),

final as (
    select
        *,
        asn_akhir_tahun = 0 as is_unit_kosong
    from projected
)

select * from final
