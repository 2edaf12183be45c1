{#- dbt's relationships test (every value of the column is a `field` of `to`), unchanged,
    except that a test opting in to scoping (meta.rebuilt_slices, see
    macros/rebuilt_slices.sql) checks the rows of the model's rebuilt slices only, against
    every row of `to`: a row of a slice not rebuilt was checked by the last finished build,
    and its parent, in the same slice of the same file, is still there. -#}
{% test relationships(model, column_name, to, field) %}
{%- set slices = rebuilt_slice_columns() %}
{%- if slices is none %}
    {{ adapter.dispatch('test_relationships', 'dbt')(model, column_name, to, field) }}
{%- else %}
    {%- set children -%}
        (
            select *
            from {{ model }} as children
            where {{ in_rebuilt_slice(slices, '(' ~ rebuilt_slices_of(model, slices) ~ ') as rebuilt_slices') }}
        ) as rebuilt_children
    {%- endset %}
    {{ adapter.dispatch('test_relationships', 'dbt')(children, column_name, to, field) }}
{%- endif %}
{% endtest %}
