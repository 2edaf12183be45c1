{#
    Point the engine at the raw layer written as Parquet (docs/distributed.md): one folder per
    raw table under `root`, the slices of a source as `period_year=YYYY/` sub-folders, the
    ledger and the findings as one folder each. Creates (or re-creates) the `raw` schema's
    tables over those folders, so the dbt sources `raw.<table>` resolve; the data stays where
    it is. Run before a build:

        dbt run-operation register_raw_parquet --args '{root: /data/raw}' --target spark

    or, in the same invocation as the build, `--vars '{raw_parquet_root: /data/raw}'` (the
    project's on-run-start hook calls this macro then).

    Only the tables the models read are registered: a quarantine only when a model reads it
    (the case quarantines, for the months their rows may belong to), and its folder then holds
    the row's place and month alone, never its cells' values or reasons (docs/distributed.md).
#}
{% macro register_raw_parquet(root) %}
    {%- if execute %}
        {{ return(adapter.dispatch('register_raw_parquet', 'satudata')(root)) }}
    {%- endif %}
{% endmacro %}

{% macro raw_parquet_tables() %}
    {%- set read = [] %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' %}
        {%- do read.extend(node.depends_on.nodes) %}
    {%- endfor %}
    {%- set tables = [] %}
    {%- for node in graph.sources.values() if node.source_name == 'raw' %}
        {%- if not node.name.endswith('_quarantine') or node.unique_id in read %}
            {%- do tables.append(node.name) %}
        {%- endif %}
    {%- endfor %}
    {{ return(tables | sort) }}
{% endmacro %}

{% macro spark__register_raw_parquet(root) %}
    {% do run_query('create schema if not exists raw') %}
    {% for table in raw_parquet_tables() %}
        {% do run_query('drop table if exists raw.' ~ table) %}
        {% do run_query('create table raw.' ~ table ~ " using parquet location '"
            ~ root ~ '/' ~ table ~ "'") %}
        {#- Partitioned tables list their period_year folders in the metastore. -#}
        {% set partitioned = run_query('describe table extended raw.' ~ table).rows
            | selectattr(0, 'equalto', '# Partition Information') | list %}
        {% if partitioned %}
            {% do run_query('msck repair table raw.' ~ table) %}
        {% endif %}
        {{ log('raw.' ~ table ~ ' <- ' ~ root ~ '/' ~ table, info=true) }}
    {% endfor %}
{% endmacro %}

{#- DuckDB reads the same folders in place, as views (hive partitions become a column). -#}
{% macro duckdb__register_raw_parquet(root) %}
    {% do run_query('create schema if not exists raw') %}
    {% for table in raw_parquet_tables() %}
        {% do run_query('create or replace view raw.' ~ table ~ " as select * from read_parquet('"
            ~ root ~ '/' ~ table ~ "/**/*.parquet', hive_partitioning = true)") %}
    {% endfor %}
{% endmacro %}
