{#- The values of `expression` in a group joined by `separator`, in the order of
    `order_by` (a list of expressions, ascending; the value itself when empty), only over
    the rows where `where` holds (optional), each value once when `distinct`. NULL values are
    left out; a group with no value gives NULL. dbt.listagg cannot order on Spark. -#}
{% macro ordered_string_agg(expression, separator, order_by=[], distinct=false, where=none) -%}
    {{ return(adapter.dispatch('ordered_string_agg', 'satudata')(
        expression, separator, order_by, distinct, where)) }}
{%- endmacro %}

{% macro default__ordered_string_agg(expression, separator, order_by, distinct, where) -%}
    string_agg(
        {%- if distinct %}distinct {% endif -%}
        {{ expression }}, '{{ separator }}'
        order by {{ (order_by or [expression]) | join(', ') }}
    )
    {%- if where is not none %} filter (where {{ where }}){% endif -%}
{%- endmacro %}

{#- Spark: collect the values (with their sort keys in front, as a struct) and sort the array;
    a struct sorts by its fields in order. -#}
{% macro spark__ordered_string_agg(expression, separator, order_by, distinct, where) -%}
    {%- set filter = ' filter (where ' ~ where ~ ')' if where is not none else '' -%}
    case when count(({{ expression }})){{ filter }} > 0 then
    {% if distinct and not order_by -%}
        array_join(array_sort(collect_set({{ expression }}){{ filter }}), '{{ separator }}')
    {%- elif distinct -%}
        {{ exceptions.raise_compiler_error(
            "ordered_string_agg: distinct values are ordered by themselves on Spark") }}
    {%- else -%}
        {%- set keys = [] -%}
        {%- for key in order_by -%}
            {%- do keys.append(key ~ ' as k' ~ loop.index) -%}
        {%- endfor -%}
        array_join(
            transform(
                array_sort(collect_list(
                    case when ({{ expression }}) is not null
                        then struct({{ (keys + ['(' ~ expression ~ ') as v']) | join(', ') }})
                    end
                ){{ filter }}),
                item -> item.v
            ),
            '{{ separator }}'
        )
    {%- endif %}
    end

{%- endmacro %}
