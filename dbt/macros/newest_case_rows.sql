{#- The rows of a case register (`relation`: raw.uptd or raw.simfoni, its case id column
    `key`) that are their case: a case number in two current files of a year (a month's
    register re-sending an earlier month's case with its status now, or one number in two
    months' registers) is the row of the newest file (the highest ingest_id), as the ingest
    keeps it (ingest/years.py). Adds `file_label`, the neutral label of the row's file, and
    `older_file_labels`, the labels of the files whose row of the case is set aside (NULL when
    none), which data_quality_findings names. A row whose file the ledger does not hold (raw
    slices written apart, as the Spark lane's) is kept, labelled by its ingest id. -#}
{% macro newest_case_rows(relation, key) -%}
    with

    labelled as (
        select
            register.*,
            coalesce(
                ledger.file_label,
                ledger.source || ' #' || ledger.ingest_id,
                ' #' || register.ingest_id
            ) as file_label,
            row_number() over (
                partition by register.period_year, register.{{ key }}
                order by register.ingest_id desc, register.source_row desc
            ) as newest_first
        from {{ relation }} as register
        left join {{ source('raw', 'ingest_ledger') }} as ledger
            on register.ingest_id = ledger.ingest_id
    ),

    older as (
        select
            period_year,
            {{ key }},
            {{ ordered_string_agg('file_label', ', ', order_by=['ingest_id']) }}
                as older_file_labels
        from labelled
        where newest_first > 1
        group by period_year, {{ key }}
    )

    select
        labelled.*,
        older.older_file_labels
    from labelled
    left join older
        on labelled.period_year = older.period_year
        and labelled.{{ key }} = older.{{ key }}
    where labelled.newest_first = 1
{%- endmacro %}
