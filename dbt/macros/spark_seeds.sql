{#
    Seeds on Spark: dbt-spark's session method writes each value into the INSERT as text, and
    an empty cell as the text 'None' (dim_bidang.catatan came out as 'None' where DuckDB has
    NULL). This takes the place of dbt-spark's own macro (the root project's macro of the same
    name wins) and writes an empty cell as NULL, every other value as a quoted literal cast
    to the column's type.
#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) %}
    {%- set statements = [] %}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) %}
        {%- set sql %}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for column in agate_table.column_names -%}
                    {%- set type = column_override.get(
                        column, adapter.convert_type(agate_table, loop.index0)) -%}
                    {%- set value = row[loop.index0] -%}
                    {%- if value is none -%}
                        cast(null as {{ type }})
                    {%- else -%}
                        cast('{{ dbt.escape_single_quotes(value | string) }}' as {{ type }})
                    {%- endif -%}
                    {{- ', ' if not loop.last -}}
                {%- endfor -%})
                {{- ',' if not loop.last }}
            {% endfor %}
        {%- endset %}
        {%- do adapter.add_query(sql, abridge_sql_log=True) %}
        {%- if loop.first %}
            {%- do statements.append(sql) %}
        {%- endif %}
    {%- endfor %}
    {{ return(statements[0]) }}
{% endmacro %}
