{#
    The case models are incremental by slice: one source's rows of one period_year, which
    all come from one landing file (a newer extract of the year replaces the older file's
    rows). A slice is rebuilt when the file behind it differs from the one `relation` was
    built from, or when `relation` does not hold it yet: a pre-hook deletes the changed
    slices, then the model appends them anew, in one transaction. (dbt's delete+insert
    strategy joins every new row with every old row of its key: billions of pairs at
    national scale.) Slices never disappear (a file
    replaces a year only when it brings rows of that year), and a change of the dbt project
    rebuilds everything (`--full-refresh`, see dagster_project/assets/dbt.py).
#}
{% macro changed_case_slices(relation, alias='') %}
    {%- set prefix = alias ~ '.' if alias else '' %}
    ({{ prefix }}source, {{ prefix }}period_year) in (
        select current_slices.source, current_slices.period_year
        from (
            select source, period_year, max(ingest_id) as ingest_id
            from {{ ref('int_cases_unioned') }}
            group by source, period_year
        ) as current_slices
        left join (
            select source, period_year, max(ingest_id) as ingest_id
            from {{ relation }}
            group by source, period_year
        ) as built_slices
            on current_slices.source = built_slices.source
            and current_slices.period_year = built_slices.period_year
        where built_slices.ingest_id is distinct from current_slices.ingest_id
    )
{% endmacro %}
