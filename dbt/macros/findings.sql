{#- The columns of one kind of finding in data_quality_findings, in the order every kind
    gives them (the model unions them): `values` maps a column to its SQL expression; a
    column it does not name is NULL. `message` is a mapping language → SQL (`message` of
    macros/portable/message.sql), written as `message` (Indonesian) and `message_en`
    (English), or one SQL expression written as both (a file finding's stored sentence). -#}
{% macro finding_columns(values) -%}
    {%- set columns = [
        'source', 'check_name', 'file_name', 'source_row', 'subject', 'kabupaten_key',
        'month_key', 'expected', 'actual', 'difference', 'message', 'message_en',
    ] -%}
    {%- set types = {
        'file_name': dbt.type_string(), 'source_row': 'integer', 'subject': dbt.type_string(),
        'kabupaten_key': dbt.type_string(), 'month_key': 'integer', 'expected': 'double',
        'actual': 'double', 'difference': 'double',
    } -%}
    {%- set message = values['message'] -%}
    {%- set values = dict(values, message=message_in_language(message, 'id'),
                          message_en=message_in_language(message, 'en')) -%}
    {%- for column in columns %}
        {% if column in values -%}
            {%- if column in types -%}
                cast({{ values[column] }} as {{ types[column] }})
            {%- else -%}
                {{ values[column] }}
            {%- endif -%}
        {%- else -%}
            cast(null as {{ types[column] }})
        {%- endif %} as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#- What one report table says of an indicator, for indicator_table_conflict: `side` is the
    alias of an fct_indicator_values row; a mapping language → SQL. -#}
{% macro indicator_figures(side) -%}
    {{- return(message({
        'id': '{tabel} memberi target {target} {satuan}, realisasi {realisasi} {satuan}{bagian}',
        'en': '{tabel} gives target {target} {satuan}, realised {realisasi} {satuan}{bagian}',
    }, {
        'tabel': side ~ '.sumber_tabel',
        'target': format_number(side ~ '.target', 4, trim=true),
        'satuan': 'coalesce(' ~ side ~ ".satuan, '')",
        'realisasi': format_number(side ~ '.realisasi_dilaporkan', 4, trim=true),
        'bagian': in_each_language("coalesce({bagian}, '')", {'bagian': message({
            'id': ' ({pembilang} dari {penyebut})',
            'en': ' ({pembilang} of {penyebut})',
        }, {
            'pembilang': format_number(side ~ '.pembilang', 4, trim=true),
            'penyebut': format_number(side ~ '.penyebut', 4, trim=true),
        })}),
    })) -}}
{%- endmacro %}

{#- Months of one year in words, from the dim_month row aliased `first` to the one aliased
    `last`: "Juli–Desember 2025", or "Juli 2025" when they are one month; `name` is the
    column of the month's name (nama_bulan, or nama_bulan_en for English). SQL. -#}
{% macro month_stretch(first, last, name) -%}
    {{- return("(case when " ~ first ~ ".month_key = " ~ last ~ ".month_key then " ~ first ~ "."
        ~ name ~ " else " ~ first ~ "." ~ name ~ " || '–' || " ~ last ~ "." ~ name ~ " end || ' ' || "
        ~ last ~ ".tahun)") -}}
{%- endmacro %}

{#- The name of a case source as a finding writes it (uptd, simfoni: `column` is SQL). -#}
{% macro case_source_name(column) -%}
    {{- return("case " ~ column ~ " when 'uptd' then 'Register UPTD PPA' else 'SIMFONI-PPA' end") -}}
{%- endmacro %}
