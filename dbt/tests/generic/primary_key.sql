{#- The column identifies the rows: no value is missing and none repeats. dbt's `unique` and
    `not_null` in one query and one node (as the dbt_constraints package's primary_key test):
    every test node costs dbt and Dagster the same fixed time whatever the table holds.
    Scoped to the rebuilt slices by meta.rebuilt_slices (macros/rebuilt_slices.sql,
    `tested_rows`). -#}
{% test primary_key(model, column_name) %}
select {{ column_name }}, count(*) as occurrences
from {{ tested_rows(model, [column_name]) }}
group by {{ column_name }}
having count(*) > 1 or {{ column_name }} is null
{% endtest %}
