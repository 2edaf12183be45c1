{#- Arithmetic that gives the same double on every engine.

    `ratio(a, b)`: a ÷ b as a double, NULL when b is 0. Both sides are cast to double first:
    DuckDB divides two decimals into a double, Spark into a decimal of its own scale, so the
    same SQL would round differently (6.48 against 6.47).

    `round_half_away(x, digits)`: x rounded half away from zero, computed with IEEE
    operations that every engine performs alike. round() on a double rounds the binary value
    in DuckDB and its shortest decimal form in Spark, which differ at ties such as 1.005.
    A tie in decimals (777.000 of 12.000.000 is 6,475 %) is rarely one in binary, so the
    value is nudged by 1e-9 of a unit of the last decimal first: 6,475 becomes 6,48 as the
    report rounds it by hand. -#}
{% macro ratio(numerator, denominator) -%}
    (cast({{ numerator }} as double) / nullif(cast({{ denominator }} as double), 0))
{%- endmacro %}

{% macro round_half_away(value, digits) -%}
    {%- set scale = 'cast(1e' ~ digits ~ ' as double)' -%}
    (sign({{ value }}) * floor(abs({{ value }}) * {{ scale }} + 0.5 + 1e-9) / {{ scale }})
{%- endmacro %}

{#- A percentage, 100 × numerator ÷ denominator, rounded to `digits` decimals (two, as the
    report prints them); NULL when the denominator is 0. A double. -#}
{% macro percentage(numerator, denominator, digits=2) -%}
    cast({{ round_half_away('100 * ' ~ ratio(numerator, denominator), digits) }} as double)
{%- endmacro %}

{#- Half a unit of the last decimal a reported figure shows, up to three decimals (95,15 →
    0,005; 85,2 → 0,05; 81 → 0,5): how far a recomputed figure may lie from it and still be
    the same figure rounded. -#}
{% macro rounding_tolerance(value) -%}
    case
        when abs({{ value }} - round({{ value }})) < 1e-9 then 0.5
        when abs({{ value }} - round({{ value }}, 1)) < 1e-9 then 0.05
        else 0.005
    end
{%- endmacro %}
