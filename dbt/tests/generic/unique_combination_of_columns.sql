{#- The combination of columns is unique (like dbt_utils, with no package to download).
    Scoped to the rebuilt slices by meta.rebuilt_slices (macros/rebuilt_slices.sql,
    `tested_rows`). -#}
{% test unique_combination_of_columns(model, columns) %}
select {{ columns | join(', ') }}, count(*) as occurrences
from {{ tested_rows(model, columns) }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
