-- One row per victim case and service it received.
with

int_cases_unioned as (
    select * from {{ ref('int_cases_unioned') }}
),

exploded as (
    select
        case_id as case_key,
        source,
        {{ split_to_rows('layanan', ';') }} as layanan,
        period_year,
        ingest_id
    from int_cases_unioned
    where layanan is not null and layanan <> ''
        {% if is_incremental() %}
            and {{ changed_case_slices(this) }}
        {% endif %}
),

final as (
    select distinct
        case_key,
        source,
        layanan,
        period_year,
        ingest_id
    from exploded
)

select * from final
