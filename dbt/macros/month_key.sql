{#- yyyymm of a date, the key of dim_month. -#}
{% macro month_key(date_column) -%}
    cast(extract(year from {{ date_column }}) * 100 + extract(month from {{ date_column }}) as integer)
{%- endmacro %}
