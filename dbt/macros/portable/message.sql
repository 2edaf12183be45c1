{#- Messages a person reads (data_quality_findings): Indonesian by default, English when
    SATUDATA_LANG starts with `en` at build time, as the Python side reads it (core/i18n.py).
    Numbers inside go through `format_number`, which writes them as the language does. -#}
{% macro message_language() -%}
    {{- return('en' if (env_var('SATUDATA_LANG', 'id') | trim | lower)[:2] == 'en' else 'id') -}}
{%- endmacro %}

{#- `templates`: {'id': '…', 'en': '…'}, each with {name} placeholders; `values`: name → SQL
    expression (cast to text). Gives a SQL expression that concatenates them; NULL when a
    value is NULL (wrap a value in coalesce to avoid that). -#}
{% macro message(templates, values) -%}
    {%- set template = templates[message_language()] -%}
    {%- set pieces = [] -%}
    {%- for chunk in template.split('{') -%}
        {%- if loop.first -%}
            {%- set text = chunk -%}
        {%- else -%}
            {%- set parts = chunk.split('}', 1) -%}
            {%- do pieces.append('cast(' ~ values[parts[0]] ~ ' as ' ~ dbt.type_string() ~ ')') -%}
            {%- set text = parts[1] -%}
        {%- endif -%}
        {%- if text -%}
            {%- do pieces.append("'" ~ dbt.escape_single_quotes(text) ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    ({{ pieces | join(' || ') }})
{%- endmacro %}
