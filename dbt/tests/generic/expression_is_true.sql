{#- Every row satisfies a SQL condition (like dbt_utils, with no package to download). -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}
