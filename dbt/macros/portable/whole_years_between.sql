{#- Completed years from `start_date` to `end_date` (an age: the birthday must have been
    reached; someone born on 29 February turns a year older on 1 March of a common year).
    An integer. Counting year boundaries (DuckDB's date_diff('year', …), Spark's
    year(end) - year(start)) is not an age. -#}
{% macro whole_years_between(start_date, end_date) -%}
    {{ return(adapter.dispatch('whole_years_between', 'satudata')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__whole_years_between(start_date, end_date) -%}
    cast(
        extract(year from {{ end_date }}) - extract(year from {{ start_date }})
        - case
            when extract(month from {{ end_date }}) * 100 + extract(day from {{ end_date }})
                < extract(month from {{ start_date }}) * 100 + extract(day from {{ start_date }})
                then 1
            else 0
        end
        as integer
    )
{%- endmacro %}
