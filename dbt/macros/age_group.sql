{#- The age groups SIMFONI-PPA publishes victims by, and their order (1 = 0-5 … 7 = 60+,
    8 = Tidak diketahui): sorting the labels as text puts 13-17 before 6-12. -#}
{% macro age_group(age_column) -%}
    case
        when {{ age_column }} is null then 'Tidak diketahui'
        when {{ age_column }} <= 5 then '0-5'
        when {{ age_column }} <= 12 then '6-12'
        when {{ age_column }} <= 17 then '13-17'
        when {{ age_column }} <= 24 then '18-24'
        when {{ age_column }} <= 44 then '25-44'
        when {{ age_column }} <= 59 then '45-59'
        else '60+'
    end
{%- endmacro %}

{% macro age_group_order(age_column) -%}
    case
        when {{ age_column }} is null then 8
        when {{ age_column }} <= 5 then 1
        when {{ age_column }} <= 12 then 2
        when {{ age_column }} <= 17 then 3
        when {{ age_column }} <= 24 then 4
        when {{ age_column }} <= 44 then 5
        when {{ age_column }} <= 59 then 6
        else 7
    end
{%- endmacro %}
