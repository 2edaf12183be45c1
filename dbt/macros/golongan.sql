-- The rank of a golongan in a staff table, highest first, as the office's annual report
-- orders Tabel 3: PNS golongan ruang IV/e … I/a (a golongan written without its ruang after
-- the ruang of its golongan), then PPPK golongan XVII … I ('PPPK IX'), then any other value
-- and '-' (none) last. Plain CASE: portable to every engine.
{% macro golongan_order(golongan_column) -%}
    {%- set romans = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI',
                      'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII'] -%}
    case
        {%- for golongan in ['IV', 'III', 'II', 'I'] %}
        {%- set outer = loop.index0 %}
        {%- for ruang in ['/e', '/d', '/c', '/b', '/a', ''] %}
        when {{ golongan_column }} = '{{ golongan }}{{ ruang }}' then {{ outer * 6 + loop.index }}
        {%- endfor %}
        {%- endfor %}
        {%- for grade in romans | reverse %}
        when {{ golongan_column }} = 'PPPK {{ grade }}' then {{ 100 + loop.index }}
        {%- endfor %}
        when {{ golongan_column }} = '-' then 999
        else 900
    end
{%- endmacro %}
