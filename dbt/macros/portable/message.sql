{#- Messages a person reads (data_quality_findings) are built in every language the product
    speaks, Indonesian (the default) and English, so that whoever reads the table picks the
    reader's language (`--lang`, SATUDATA_LANG) when it is read, not when dbt built it.
    `message`, `format_number` and `in_each_language` give a mapping language → SQL
    expression; `finding_columns` writes them as the columns `message` and `message_en`. -#}
{% macro message_languages() -%}
    {{- return(['id', 'en']) -}}
{%- endmacro %}

{#- Splits `template` on its {name} placeholders: a list of (text, name) pairs, name none
    after the last text. -#}
{% macro message_placeholders(template) -%}
    {%- set pairs = [] -%}
    {%- set pending = {'text': ''} -%}
    {%- for chunk in template.split('{') -%}
        {%- if loop.first -%}
            {%- do pending.update({'text': chunk}) -%}
        {%- else -%}
            {%- set parts = chunk.split('}', 1) -%}
            {%- do pairs.append((pending.text, parts[0])) -%}
            {%- do pending.update({'text': parts[1]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do pairs.append((pending.text, none)) -%}
    {{- return(pairs) -}}
{%- endmacro %}

{#- A value for one language: a mapping language → SQL (what `message` and `format_number`
    give) or one SQL expression the same in every language. -#}
{% macro message_in_language(value, language) -%}
    {{- return(value[language] if value is mapping else value) -}}
{%- endmacro %}

{#- `templates`: {'id': '…', 'en': '…'}, each with {name} placeholders; `values`: name → SQL
    expression, or a mapping language → SQL expression (a number from `format_number`, a
    nested `message`). Gives a mapping language → SQL expression that concatenates them
    (cast to text); NULL when a value is NULL (wrap a value in coalesce to avoid that). -#}
{% macro message(templates, values) -%}
    {%- set built = {} -%}
    {%- for language in message_languages() -%}
        {%- set pieces = [] -%}
        {%- for text, name in message_placeholders(templates[language]) -%}
            {%- if text -%}
                {%- do pieces.append("'" ~ dbt.escape_single_quotes(text) ~ "'") -%}
            {%- endif -%}
            {%- if name is not none -%}
                {%- do pieces.append('cast(' ~ message_in_language(values[name], language) ~ ' as '
                    ~ dbt.type_string() ~ ')') -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do built.update({language: '(' ~ pieces | join(' || ') ~ ')'}) -%}
    {%- endfor -%}
    {{- return(built) -}}
{%- endmacro %}

{#- SQL around messages: `sql` with each {name} replaced by that value's SQL in each
    language (`case when … then {none} else {score} end`); a mapping language → SQL. -#}
{% macro in_each_language(sql, values) -%}
    {%- set built = {} -%}
    {%- for language in message_languages() -%}
        {%- set pieces = [] -%}
        {%- for text, name in message_placeholders(sql) -%}
            {%- do pieces.append(text) -%}
            {%- if name is not none -%}
                {%- do pieces.append(message_in_language(values[name], language)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do built.update({language: pieces | join('')}) -%}
    {%- endfor -%}
    {{- return(built) -}}
{%- endmacro %}
