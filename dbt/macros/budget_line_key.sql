{#- The key of a budget line (sub kegiatan x sumber dana x jenis x kelompok) in a period:
    `tahun` for its annual pagu, `month_key` for one month's realisation. Every model that
    joins on these keys builds them here, so they cannot drift apart. -#}
{% macro budget_line_key(period_column) -%}
    md5(concat_ws('|', sub_kegiatan_key, sumber_dana, jenis, kelompok, {{ period_column }}))
{%- endmacro %}

{#- The key of one belanja account of a budget line in a period (the line's own key with the
    account code; a line-level export's row, without an account, is keyed by an empty code). -#}
{% macro budget_account_key(period_column) -%}
    md5(concat_ws('|', sub_kegiatan_key, sumber_dana, jenis, kelompok,
        coalesce(akun_belanja_kode, ''), {{ period_column }}))
{%- endmacro %}
