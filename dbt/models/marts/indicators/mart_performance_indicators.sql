-- One row per Renstra indicator, year and source table: target and reported realisation as
-- the table gives them, and the realisation recomputed wherever the warehouse holds the
-- numerator and denominator (case handling from fct_cases, child-friendly villages from
-- fct_kla, else the table's own pembilang/penyebut), with whether they agree to the
-- precision the table reports.
-- Capaian (achievement, % of target) is counted from the reported realisation: realisasi ÷
-- target for an indicator where higher is better, (2 × target − realisasi) ÷ target where
-- lower is better (polaritas Negatif: PermenPANRB 6/2022, as LKjIP reports count it; below 0
-- when the realisation exceeds twice the target). A table giving only its own capaian (no
-- realisation) has it published as stated; one giving both has them compared, to the
-- precision the table prints its capaian.
with

fct_indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
),

fct_cases as (
    select * from {{ ref('fct_cases') }}
),

fct_kla as (
    select * from {{ ref('fct_kla') }}
),

ref_indikator_hitung as (
    select * from {{ ref('ref_indikator_hitung') }}
),

-- Case handling is counted on SIMFONI-PPA, the province-wide register of every victim.
cases_yearly as (
    select
        period_year as tahun,
        'kasus_perempuan_terlayani' as metode,
        count(*) filter (where is_terlayani) as pembilang,
        count(*) as penyebut
    from fct_cases
    where source = 'simfoni' and kategori_korban = 'Perempuan Dewasa'
    group by period_year
    union all
    select
        period_year as tahun,
        'kasus_anak_terlayani' as metode,
        count(*) filter (where is_terlayani) as pembilang,
        count(*) as penyebut
    from fct_cases
    where source = 'simfoni' and is_anak
    group by period_year
),

villages_yearly as (
    select
        tahun,
        'desa_layak_anak' as metode,
        sum(desa_layak_anak) as pembilang,
        sum(target_desa_layak_anak) as penyebut
    from fct_kla
    group by tahun
),

facts as (
    select * from cases_yearly
    union all
    select * from villages_yearly
),

with_method as (
    select
        indicators.*,
        case
            when not indicators.is_persen then null
            when ref_indikator_hitung.metode is not null then ref_indikator_hitung.metode
            when indicators.penyebut > 0 then 'pembilang_penyebut'
        end as metode_hitung,
        {{ rounding_tolerance('indicators.realisasi_dilaporkan') }} as toleransi,
        {{ rounding_tolerance('indicators.capaian_dilaporkan') }} as toleransi_capaian,
        100 * case
            when indicators.is_negatif
                then {{ ratio('2 * indicators.target - indicators.realisasi_dilaporkan',
                    'indicators.target') }}
            else {{ ratio('indicators.realisasi_dilaporkan', 'indicators.target') }}
        end as capaian_dihitung
    from fct_indicator_values as indicators
    left join ref_indikator_hitung
        on indicators.kode_indikator = ref_indikator_hitung.kode_indikator
),

recomputed as (
    select
        with_method.*,
        case
            when with_method.metode_hitung = 'pembilang_penyebut' then with_method.pembilang
            else facts.pembilang
        end as pembilang_dihitung,
        case
            when with_method.metode_hitung = 'pembilang_penyebut' then with_method.penyebut
            else facts.penyebut
        end as penyebut_dihitung
    from with_method
    left join facts
        on
            with_method.tahun = facts.tahun
            and with_method.metode_hitung = facts.metode
),

final as (
    select
        indicator_value_key,
        tahun,
        kode_indikator,
        sumber_tabel,
        program,
        indikator,
        satuan,
        target,
        realisasi_dilaporkan,
        is_negatif,
        cast(coalesce(
            {{ round_half_away('capaian_dihitung', 2) }}, capaian_dilaporkan
        ) as double) as capaian_target_pct,
        case
            when capaian_dihitung is not null then 'dihitung'
            when capaian_dilaporkan is not null then 'dilaporkan'
        end as capaian_sumber,
        capaian_dilaporkan,
        case
            when capaian_dihitung is not null and capaian_dilaporkan is not null
                then abs(capaian_dihitung - capaian_dilaporkan) <= toleransi_capaian + 1e-9
        end as is_capaian_sesuai,
        pembilang,
        penyebut,
        metode_hitung,
        cast(pembilang_dihitung as double) as pembilang_dihitung,
        cast(penyebut_dihitung as double) as penyebut_dihitung,
        {{ percentage('pembilang_dihitung', 'penyebut_dihitung', 4) }} as realisasi_dihitung,
        cast({{ round_half_away(
            'realisasi_dilaporkan - 100 * ' ~ ratio('pembilang_dihitung', 'penyebut_dihitung'), 4
        ) }} as double) as selisih,
        cast(toleransi as double) as toleransi,
        case
            when penyebut_dihitung > 0 and realisasi_dilaporkan is not null
                then
                    abs(
                        realisasi_dilaporkan
                        - 100 * {{ ratio('pembilang_dihitung', 'penyebut_dihitung') }}
                    )
                    <= toleransi + 1e-9
        end as is_sesuai,
        file_name,
        source_row
    from recomputed
)

select * from final
