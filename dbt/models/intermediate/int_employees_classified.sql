-- One row per employee and snapshot, with the table-4 row the position counts in and, for
-- ASN, the retirement age that applies (first matching rule of each seed).
with

stg_asn__employees as (
    select * from {{ ref('stg_asn__employees') }}
),

ref_batas_usia_pensiun as (
    select * from {{ ref('ref_batas_usia_pensiun') }}
),

ref_kelompok_jabatan as (
    select * from {{ ref('ref_kelompok_jabatan') }}
),

retirement_rule as (
    select
        employees.snapshot_date,
        employees.employee_id,
        min_by(rules.usia_pensiun, rules.urutan) as usia_pensiun
    from stg_asn__employees as employees
    inner join ref_batas_usia_pensiun as rules
        on employees.jabatan ilike rules.pola_jabatan
    group by employees.snapshot_date, employees.employee_id
),

position_group as (
    select
        employees.snapshot_date,
        employees.employee_id,
        min_by(groups.kelompok_jabatan, groups.urutan) as kelompok_jabatan
    from stg_asn__employees as employees
    inner join ref_kelompok_jabatan as groups
        on
            employees.jenis_jabatan = groups.jenis_jabatan
            and employees.jabatan ilike groups.pola_jabatan
    group by employees.snapshot_date, employees.employee_id
),

final as (
    select
        employees.*,
        coalesce(position_group.kelompok_jabatan, employees.jabatan) as kelompok_jabatan,
        case when employees.is_asn then retirement_rule.usia_pensiun end as usia_pensiun
    from stg_asn__employees as employees
    left join retirement_rule
        on
            employees.snapshot_date = retirement_rule.snapshot_date
            and employees.employee_id = retirement_rule.employee_id
    left join position_group
        on
            employees.snapshot_date = position_group.snapshot_date
            and employees.employee_id = position_group.employee_id
)

select * from final
