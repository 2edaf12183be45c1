-- One row per roster snapshot, staff group (ASN or Kontrak), dimension and category, with
-- men, women, total and share, next to what the annual report printed (tables 1–4: unit,
-- education, golongan, position). Golongan rows rank from the highest (IV/e) to the lowest,
-- PPPK grades after PNS ones, whether or not a report printed them.
with

fct_staff_snapshot as (
    select * from {{ ref('fct_staff_snapshot') }}
),

ref_laporan_staf as (
    select * from {{ ref('ref_laporan_staf') }}
),

staff as (
    select
        snapshot_date,
        tahun,
        case when is_asn then 'ASN' else status_kepegawaian end as kelompok_pegawai,
        jenis_kelamin,
        unit_kerja,
        pendidikan,
        -- A PPPK golongan (I … XVII, no ruang) named as such: 'III' of a PPPK is not the
        -- golongan III of a PNS whose ruang is not written.
        case
            when golongan is null then '-'
            when status_kepegawaian = 'PPPK' then 'PPPK ' || golongan
            else golongan
        end as golongan,
        kelompok_jabatan
    from fct_staff_snapshot
),

long as (
    select
        snapshot_date,
        tahun,
        kelompok_pegawai,
        jenis_kelamin,
        'unit_kerja' as dimensi,
        unit_kerja as kategori
    from staff
    union all
    select
        snapshot_date,
        tahun,
        kelompok_pegawai,
        jenis_kelamin,
        'pendidikan' as dimensi,
        pendidikan as kategori
    from staff
    union all
    select
        snapshot_date,
        tahun,
        kelompok_pegawai,
        jenis_kelamin,
        'golongan' as dimensi,
        golongan as kategori
    from staff
    union all
    select
        snapshot_date,
        tahun,
        kelompok_pegawai,
        jenis_kelamin,
        'kelompok_jabatan' as dimensi,
        kelompok_jabatan as kategori
    from staff
),

counted as (
    select
        snapshot_date,
        tahun,
        kelompok_pegawai,
        dimensi,
        kategori,
        count(*) filter (where jenis_kelamin = 'L') as laki_laki,
        count(*) filter (where jenis_kelamin = 'P') as perempuan,
        count(*) as total
    from long
    group by snapshot_date, tahun, kelompok_pegawai, dimensi, kategori
),

published as (
    select * from ref_laporan_staf
    where kategori <> 'JUMLAH'
),

asn_snapshots as (
    select distinct
        snapshot_date,
        tahun
    from counted
    where kelompok_pegawai = 'ASN'
),

-- Report rows the roster has nobody for still show, with zeros.
published_missing as (
    select
        asn_snapshots.snapshot_date,
        asn_snapshots.tahun,
        'ASN' as kelompok_pegawai,
        published.dimensi,
        published.kategori,
        0 as laki_laki,
        0 as perempuan,
        0 as total
    from published
    inner join asn_snapshots on published.tahun = asn_snapshots.tahun
    left join counted
        on
            asn_snapshots.snapshot_date = counted.snapshot_date
            and counted.kelompok_pegawai = 'ASN'
            and published.dimensi = counted.dimensi
            and published.kategori = counted.kategori
    where counted.kategori is null
),

all_rows as (
    select * from counted
    union all
    select * from published_missing
),

final as (
    select
        all_rows.snapshot_date,
        all_rows.tahun,
        all_rows.kelompok_pegawai,
        all_rows.dimensi,
        all_rows.kategori,
        published.tabel as tabel_laporan,
        case
            when all_rows.dimensi = 'golongan'
                then {{ golongan_order('all_rows.kategori') }}
            else coalesce(published.urutan, 50)
        end as urutan,
        cast(all_rows.laki_laki as integer) as laki_laki,
        cast(all_rows.perempuan as integer) as perempuan,
        cast(all_rows.total as integer) as total,
        {{ percentage(
            'all_rows.total',
            'sum(all_rows.total) over (
                partition by all_rows.snapshot_date, all_rows.kelompok_pegawai, all_rows.dimensi
            )'
        ) }} as persen,
        published.laki_laki as laporan_laki_laki,
        published.perempuan as laporan_perempuan,
        published.total as laporan_total,
        published.persen as laporan_persen,
        case
            when published.kategori is not null
                then
                    all_rows.laki_laki = published.laki_laki
                    and all_rows.perempuan = published.perempuan
                    and all_rows.total = published.total
        end as is_sesuai_laporan
    from all_rows
    left join published
        on
            all_rows.kelompok_pegawai = 'ASN'
            and all_rows.tahun = published.tahun
            and all_rows.dimensi = published.dimensi
            and all_rows.kategori = published.kategori
)

select * from final
