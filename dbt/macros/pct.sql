{#- A percentage with two decimals, as the report prints them; empty when the base is 0. -#}
{% macro pct(numerator, denominator) -%}
    cast(round(100 * ({{ numerator }}) / nullif({{ denominator }}, 0), 2) as double)
{%- endmacro %}
