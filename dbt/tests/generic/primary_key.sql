{#- The column identifies the rows: no value is missing and none repeats. dbt's `unique` and
    `not_null` in one query and one node (as the dbt_constraints package's primary_key test):
    every test node costs dbt and Dagster the same fixed time whatever the table holds.

    Scoped (meta.rebuilt_slices, see macros/rebuilt_slices.sql): the keys of the rebuilt
    slices are grouped among themselves and with the rows of the other slices holding the
    same key (a semi-join on the key column), so a key repeated inside a rebuilt slice or
    between it and any other slice fails with the same rows as the whole-table query. -#}
{% test primary_key(model, column_name) %}
{%- set slices = rebuilt_slice_columns() %}
{%- if slices is none %}
select {{ column_name }}, count(*) as occurrences
from {{ model }}
group by {{ column_name }}
having count(*) > 1 or {{ column_name }} is null
{%- else %}
with

rebuilt_slices as (
    {{ rebuilt_slices_of(model, slices) }}
),

rebuilt as (
    select {{ column_name }}
    from {{ model }}
    where {{ in_rebuilt_slice(slices, 'rebuilt_slices') }}
),

kept as (
    select {{ column_name }}
    from {{ model }}
    where not {{ in_rebuilt_slice(slices, 'rebuilt_slices') }}
        and {{ column_name }} in (select {{ column_name }} from rebuilt)
),

tested as (
    select {{ column_name }} from rebuilt
    union all
    select {{ column_name }} from kept
)

select {{ column_name }}, count(*) as occurrences
from tested
group by {{ column_name }}
having count(*) > 1 or {{ column_name }} is null
{%- endif %}
{% endtest %}
