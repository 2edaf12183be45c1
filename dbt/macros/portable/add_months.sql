{#- `date` plus `months` calendar months, a date (the 31st becomes the month's last day;
    29 February plus a year, 28 February). NULL when either is NULL. dbt.dateadd on Spark
    stops the query at a NULL date (it asserts not null), so Spark gets its own. -#}
{% macro add_months(date, months) -%}
    {{ return(adapter.dispatch('add_months', 'satudata')(date, months)) }}
{%- endmacro %}

{% macro default__add_months(date, months) -%}
    cast({{ dbt.dateadd('month', months, date) }} as date)
{%- endmacro %}

{% macro spark__add_months(date, months) -%}
    add_months({{ date }}, cast({{ months }} as int))
{%- endmacro %}
