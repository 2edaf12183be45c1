{#
    The case models are incremental by slice: one source's rows of one period_year, which
    all come from one landing file (a newer extract of the year replaces the older file's
    rows). A slice is rebuilt when the file behind it differs from the one `relation` was
    built from, or when `relation` does not hold it yet. Slices never disappear (a file
    replaces a year only when it brings rows of that year), and a change of the dbt project
    rebuilds everything (`--full-refresh`, see dagster_project/assets/dbt.py).

    How a slice is replaced depends on the engine (dbt_project.yml, models.marts.core.cases):
    - DuckDB: the pre-hook `delete_changed_case_slices` deletes the changed slices, then the
      model appends them anew, in one transaction. (dbt's delete+insert strategy joins every
      new row with every old row of its key: billions of pairs at national scale.)
    - Spark: Parquet tables cannot delete; the tables are partitioned by (source,
      period_year) and `insert_overwrite` replaces the partitions the model selects. The
      changed slices are looked up first and written into the SQL as values, as Spark will
      not overwrite a table the same statement reads.
#}
{% macro changed_case_slices(relation, alias='') %}
    {{ return(adapter.dispatch('changed_case_slices', 'satudata')(relation, alias)) }}
{% endmacro %}

{% macro changed_case_slices_query(relation) %}
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
{% endmacro %}

{% macro default__changed_case_slices(relation, alias) %}
    {%- set prefix = alias ~ '.' if alias else '' %}
    ({{ prefix }}source, {{ prefix }}period_year) in ({{ changed_case_slices_query(relation) }})
{% endmacro %}

{% macro spark__changed_case_slices(relation, alias) %}
    {%- set prefix = alias ~ '.' if alias else '' %}
    {%- set slices = [] %}
    {%- if execute %}
        {%- for row in run_query(changed_case_slices_query(relation)).rows %}
            {%- do slices.append("('" ~ row[0] ~ "', " ~ row[1] ~ ")") %}
        {%- endfor %}
    {%- endif %}
    {%- if slices %}
        ({{ prefix }}source, {{ prefix }}period_year) in ({{ slices | join(', ') }})
    {%- else %}
        false
    {%- endif %}
{% endmacro %}

{#- The pre-hook of the case models: on DuckDB, delete the slices about to be appended anew. -#}
{% macro delete_changed_case_slices() %}
    {%- if is_incremental() %}
        {{ return(adapter.dispatch('delete_changed_case_slices', 'satudata')()) }}
    {%- endif %}
{% endmacro %}

{% macro default__delete_changed_case_slices() %}
    delete from {{ this }} where {{ changed_case_slices(this) }}
{% endmacro %}

{% macro spark__delete_changed_case_slices() %}
{% endmacro %}
