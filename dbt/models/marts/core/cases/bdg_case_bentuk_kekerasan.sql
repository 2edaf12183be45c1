-- One row per victim case and form of violence it involved.
with

int_cases_unioned as (
    select * from {{ ref('int_cases_unioned') }}
),

exploded as (
    select
        case_id as case_key,
        source,
        {{ split_to_rows('bentuk_kekerasan', ';') }} as bentuk_kekerasan,
        period_year,
        ingest_id
    from int_cases_unioned
    where bentuk_kekerasan is not null
        {% if is_incremental() %}
            and {{ changed_case_slices(this) }}
        {% endif %}
),

final as (
    select distinct
        case_key,
        source,
        bentuk_kekerasan,
        period_year,
        ingest_id
    from exploded
)

select * from final
