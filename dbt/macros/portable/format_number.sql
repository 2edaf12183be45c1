{#- A number as text for a message, in each language (a mapping language → SQL, see
    `message`): Indonesian 6.892.432.255 and 81,25; English 6,892,432,255 and 81.25.
    `decimals` fixed decimals; with `trim`, trailing zeros after the decimal mark go
    (85,20 → 85,2; 100,00 → 100), as a report prints a reported figure. -#}
{% macro format_number(value, decimals=0, trim=false) -%}
    {%- set english = adapter.dispatch('format_number_en', 'satudata')(value, decimals) -%}
    {%- if trim and decimals > 0 -%}
        {%- set english = "regexp_replace(" ~ english ~ ", '[.]?0+$', '')" -%}
    {%- endif -%}
    {{- return({'id': "translate(" ~ english ~ ", ',.', '.,')", 'en': english}) -}}
{%- endmacro %}

{#- The English form with thousands separators: 6,892,432,255.00. -#}
{% macro default__format_number_en(value, decimals) -%}
    format('{:,.{{ decimals }}f}', cast({{ value }} as double))
{%- endmacro %}

{% macro spark__format_number_en(value, decimals) -%}
    format_number(cast({{ value }} as double), {{ decimals }})
{%- endmacro %}

{#- A date as text: `format` in strftime's letters (%d, %m, %Y). -#}
{% macro format_date(value, format) -%}
    {{ return(adapter.dispatch('format_date', 'satudata')(value, format)) }}
{%- endmacro %}

{% macro default__format_date(value, format) -%}
    strftime({{ value }}, '{{ format }}')
{%- endmacro %}

{% macro spark__format_date(value, format) -%}
    date_format({{ value }}, '{{ format | replace('%d', 'dd') | replace('%m', 'MM')
        | replace('%Y', 'yyyy') }}')
{%- endmacro %}
