{#- The key of a budget line (sub kegiatan x sumber dana x jenis x kelompok) in a period:
    `tahun` for its annual pagu, `month_key` for one month's realisation. Every model that
    joins on these keys builds them here, so they cannot drift apart. -#}
{% macro budget_line_key(period_column) -%}
    md5(concat_ws('|', sub_kegiatan_key, sumber_dana, jenis, kelompok, {{ period_column }}))
{%- endmacro %}
