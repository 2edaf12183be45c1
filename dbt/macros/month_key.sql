{#- yyyymm of a date, the key of dim_month. -#}
{% macro month_key(date_column) -%}
    cast(extract(year from {{ date_column }}) * 100 + extract(month from {{ date_column }}) as integer)
{%- endmacro %}

{#- yyyymm of the month before a yyyymm (202401 -> 202312); null stays null. -#}
{% macro previous_month_key(month_key_column) -%}
    case
        when {{ month_key_column }} % 100 = 1 then {{ month_key_column }} - 89
        else {{ month_key_column }} - 1
    end
{%- endmacro %}
