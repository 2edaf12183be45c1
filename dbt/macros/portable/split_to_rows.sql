{#- One row per item of a delimited list, in a select list: `{{ split_to_rows('layanan', ';') }}
    as layanan` (each item as written, empty items included). A table function in DuckDB,
    a generator in Spark. -#}
{% macro split_to_rows(column, separator) -%}
    {{ return(adapter.dispatch('split_to_rows', 'satudata')(column, separator)) }}
{%- endmacro %}

{% macro default__split_to_rows(column, separator) -%}
    unnest(string_to_array({{ column }}, '{{ separator }}'))
{%- endmacro %}

{% macro duckdb__split_to_rows(column, separator) -%}
    unnest(string_split({{ column }}, '{{ separator }}'))
{%- endmacro %}

{#- Spark's split takes a regular expression: the separator is matched literally. -#}
{% macro spark__split_to_rows(column, separator) -%}
    explode(split({{ column }}, '[{{ separator }}]'))
{%- endmacro %}
