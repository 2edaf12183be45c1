{#- The combination of columns is unique (like dbt_utils, with no package to download).

    Scoped (meta.rebuilt_slices, see macros/rebuilt_slices.sql): the combinations of the
    rebuilt slices are grouped among themselves and with the rows of the other slices that
    share their first column (a semi-join on one column), so a combination repeated inside a
    rebuilt slice or between it and any other slice fails as with the whole-table query. -#}
{% test unique_combination_of_columns(model, columns) %}
{%- set slices = rebuilt_slice_columns() %}
{%- if slices is none %}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{%- else %}
with

rebuilt_slices as (
    {{ rebuilt_slices_of(model, slices) }}
),

rebuilt as (
    select {{ columns | join(', ') }}
    from {{ model }}
    where {{ in_rebuilt_slice(slices, 'rebuilt_slices') }}
),

kept as (
    select {{ columns | join(', ') }}
    from {{ model }}
    where not {{ in_rebuilt_slice(slices, 'rebuilt_slices') }}
        and {{ columns[0] }} in (select {{ columns[0] }} from rebuilt)
),

tested as (
    select {{ columns | join(', ') }} from rebuilt
    union all
    select {{ columns | join(', ') }} from kept
)

select {{ columns | join(', ') }}, count(*) as occurrences
from tested
group by {{ columns | join(', ') }}
having count(*) > 1
{%- endif %}
{% endtest %}
