-- One row per organisational unit, past and present, with validity dates.
with

ref_bidang as (
    select * from {{ ref('ref_bidang') }}
),

final as (
    select
        bidang_id as bidang_key,
        nama,
        singkatan,
        valid_from as valid_from_date,
        valid_to as valid_to_date,
        valid_to is null as is_current,
        current_bidang_id as current_bidang_key,
        catatan
    from ref_bidang
)

select * from final
