{#
    Tests scoped to the rebuilt slices (docs/benchmarks.md, "Fifth round", gives the argument).

    A build that only rebuilds the case slices of new files (core/build_state.py: CHANGED)
    sets the environment variable SATUDATA_TESTED_THROUGH_INGEST_ID to the newest ingest_id
    of the last build that *finished* (every test passed). Every row of a file up to that id
    was tested then, and rows are never rewritten in place (a newer file replaces a year's
    rows under a new, higher ingest_id; a change of the project rebuilds everything), so the
    slices to test are the ones holding a row of a newer file: a "rebuilt slice".

    A test opts in with `config: {meta: {rebuilt_slices: [source, period_year]}}`, naming the
    columns of the model's slice. Without the variable (a full build, a first build, a
    selection, dbt run by hand) nothing is scoped: every row is tested. The variable is read
    at run time only (`execute`): a `--vars` value would make dbt parse the project again on
    every build whose value differs (dbt keeps its parse only for the same vars).
#}

{#- The newest ingest_id tested by the last finished build, or none: test every row. -#}
{% macro tested_through_ingest_id() %}
    {%- if not execute %}{{ return(none) }}{% endif %}
    {%- set value = env_var('SATUDATA_TESTED_THROUGH_INGEST_ID', '') | trim %}
    {%- if not value %}{{ return(none) }}{% endif %}
    {{ return(value | int) }}
{% endmacro %}

{#- The slice columns a test opted in with (its meta.rebuilt_slices), when this build is
    scoped; none otherwise. -#}
{% macro rebuilt_slice_columns() %}
    {%- set columns = (config.get('meta') or {}).get('rebuilt_slices') %}
    {%- if not columns or tested_through_ingest_id() is none %}{{ return(none) }}{% endif %}
    {{ return(columns) }}
{% endmacro %}

{#- The rebuilt slices of `relation`: the distinct values of its slice `columns` on rows of
    a file newer than the last finished build (or without an ingest_id). -#}
{% macro rebuilt_slices_of(relation, columns) %}
    select distinct {{ columns | join(', ') }}
    from {{ relation }}
    where (ingest_id > {{ tested_through_ingest_id() }} or ingest_id is null)
    {%- for column in columns %}
        and {{ column }} is not null
    {%- endfor %}
{% endmacro %}

{#- A SQL condition: the row is in one of `slices` (a relation or a CTE holding
    rebuilt_slices_of), or has a null slice column (such a row is always tested). -#}
{% macro in_rebuilt_slice(columns, slices) %}
    (
        ({{ columns | join(', ') }}) in (select {{ columns | join(', ') }} from {{ slices }})
        {%- for column in columns %}
        or {{ column }} is null
        {%- endfor %}
    )
{% endmacro %}

{#- The rows a uniqueness test of `columns` reads: every row of `model`, or, scoped, the rows
    of the rebuilt slices and the rows of other slices sharing their first column (a
    semi-join on one column), so a repeat inside a rebuilt slice or between it and any other
    slice gives the same failing rows as the whole-table query. -#}
{% macro tested_rows(model, columns) %}
    {%- set slices = rebuilt_slice_columns() %}
    {%- if slices is none %}
        {{ model }}
    {%- else %}
        (
            with

            rebuilt_slices as (
                {{ rebuilt_slices_of(model, slices) }}
            ),

            rebuilt as (
                select {{ columns | join(', ') }}
                from {{ model }}
                where {{ in_rebuilt_slice(slices, 'rebuilt_slices') }}
            ),

            kept as (
                select {{ columns | join(', ') }}
                from {{ model }}
                where not {{ in_rebuilt_slice(slices, 'rebuilt_slices') }}
                    and {{ columns[0] }} in (select {{ columns[0] }} from rebuilt)
            )

            select {{ columns | join(', ') }} from rebuilt
            union all
            select {{ columns | join(', ') }} from kept
        ) as tested_rows
    {%- endif %}
{% endmacro %}
