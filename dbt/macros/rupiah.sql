{#- An amount written the Indonesian way for messages: 1.019.000 (no decimals). -#}
{% macro rupiah(amount) -%}
    replace(format('{:,.0f}', cast({{ amount }} as double)), ',', '.')
{%- endmacro %}
