-- One row per fund source of the budget (PAD, DAU, DAK NF).
with

ref_sumber_dana as (
    select * from {{ ref('ref_sumber_dana') }}
),

final as (
    select
        sumber_dana as sumber_dana_key,
        nama,
        keterangan
    from ref_sumber_dana
)

select * from final
