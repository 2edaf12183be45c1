-- One row per open data-quality finding: reconciliations that failed while files were read
-- (JUMLAH/TOTAL rows that disagree with their rows) and across sources (months in which the
-- UPTD register holds more cases of a district than SIMFONI-PPA, where every UPTD case
-- should also have been entered); budget lines whose stated sisa is not pagu minus the
-- realisation so far, or whose realisation went above the ceiling; rows of the staff
-- roster whose NIP contradicts them; the report's staff tables where the roster
-- disagrees; KLA ratings outside their score's band; indicators whose reported
-- realisation differs from the recomputed one beyond rounding, and indicators that two
-- report tables give different figures for. Findings warn; they never stop the
-- pipeline. `subject` tells findings of one check and file apart; CTEs are unioned by
-- name, so each gives only the columns it knows.
with

stg_ingest__findings as (
    select * from {{ ref('stg_ingest__findings') }}
),

stg_ingest__ledger as (
    select * from {{ ref('stg_ingest__ledger') }}
),

fct_cases as (
    select * from {{ ref('fct_cases') }}
),

dim_kabupaten as (
    select * from {{ ref('dim_kabupaten') }}
),

int_anggaran_lines_cumulated as (
    select * from {{ ref('int_anggaran_lines_cumulated') }}
),

fct_kla as (
    select * from {{ ref('fct_kla') }}
),

fct_indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
),

mart_staff_composition as (
    select * from {{ ref('mart_staff_composition') }}
),

mart_performance_indicators as (
    select * from {{ ref('mart_performance_indicators') }}
),

fct_staff_snapshot as (
    select * from {{ ref('fct_staff_snapshot') }}
),

ref_laporan_staf as (
    select * from {{ ref('ref_laporan_staf') }}
),

file_findings as (
    select
        findings.source,
        findings.check_name,
        findings.file_name,
        findings.source_row,
        findings.column_name as subject,
        cast(null as varchar) as kabupaten_key,
        cast(null as integer) as month_key,
        findings.expected,
        findings.actual,
        findings.difference,
        findings.message
    from stg_ingest__findings as findings
    inner join stg_ingest__ledger as ledger
        on findings.ingest_id = ledger.ingest_id
    where ledger.is_current
),

monthly as (
    select
        kabupaten_key,
        month_key,
        count(*) filter (where source = 'uptd') as uptd_cases,
        count(*) filter (where source = 'simfoni') as simfoni_victims
    from fct_cases
    where kabupaten_key <> '00.00'
    group by kabupaten_key, month_key
),

years_with_both as (
    select period_year
    from fct_cases
    group by period_year
    having count(distinct source) = 2
),

cross_source as (
    select
        'uptd' as source,
        'uptd_vs_simfoni_monthly' as check_name,
        cast(null as varchar) as file_name,
        cast(null as integer) as source_row,
        monthly.kabupaten_key,
        monthly.month_key,
        cast(monthly.uptd_cases as double) as expected,
        cast(monthly.simfoni_victims as double) as actual,
        cast(monthly.uptd_cases - monthly.simfoni_victims as double) as difference,
        'UPTD PPA register holds ' || monthly.uptd_cases || ' case(s) of '
        || dim_kabupaten.nama_lengkap || ' in ' || monthly.month_key
        || ' but SIMFONI-PPA holds ' || monthly.simfoni_victims
        || ': cases handled by the UPTD are missing from SIMFONI-PPA' as message
    from monthly
    inner join dim_kabupaten on monthly.kabupaten_key = dim_kabupaten.kabupaten_key
    where
        monthly.uptd_cases > monthly.simfoni_victims
        and monthly.month_key // 100 in (select years_with_both.period_year from years_with_both)
),

budget_sisa as (
    select
        'anggaran' as source,
        'sisa_reconcile' as check_name,
        ledger.file_name,
        lines.source_row,
        cast(null as varchar) as kabupaten_key,
        lines.month_key,
        cast(lines.sisa_dilaporkan as double) as expected,
        cast(lines.sisa_dihitung as double) as actual,
        cast(lines.sisa_dilaporkan - lines.sisa_dihitung as double) as difference,
        'sisa of ' || lines.kode_rekening || ' (' || lines.sumber_dana || ', ' || lines.jenis
        || ') in month ' || lines.bulan || ' is stated as '
        || {{ rupiah('lines.sisa_dilaporkan') }} || ' but pagu '
        || {{ rupiah('lines.pagu') }} || ' minus the realisasi so far '
        || {{ rupiah('lines.realisasi_kumulatif') }} || ' is '
        || {{ rupiah('lines.sisa_dihitung') }} as message
    from int_anggaran_lines_cumulated as lines
    inner join stg_ingest__ledger as ledger on lines.ingest_id = ledger.ingest_id
    where abs(lines.sisa_dilaporkan - lines.sisa_dihitung) >= 1
),

budget_above_pagu as (
    select
        'anggaran' as source,
        'realisasi_above_pagu' as check_name,
        ledger.file_name,
        lines.source_row,
        cast(null as varchar) as kabupaten_key,
        lines.month_key,
        cast(lines.pagu as double) as expected,
        cast(lines.realisasi_kumulatif as double) as actual,
        cast(lines.pagu - lines.realisasi_kumulatif as double) as difference,
        'realisasi of ' || lines.kode_rekening || ' (' || lines.sumber_dana || ', '
        || lines.jenis || ') reaches ' || {{ rupiah('lines.realisasi_kumulatif') }}
        || ' by month ' || lines.bulan || ', above its pagu of ' || {{ rupiah('lines.pagu') }}
            as message
    from int_anggaran_lines_cumulated as lines
    inner join stg_ingest__ledger as ledger on lines.ingest_id = ledger.ingest_id
    where lines.kelompok = 'Belanja' and lines.realisasi_kumulatif > lines.pagu
    -- one finding per line: the month it first went above its ceiling
    qualify row_number() over (partition by lines.line_key order by lines.bulan) = 1
),

kla_rating as (
    select
        'kla' as source,
        'kla_peringkat_vs_nilai' as check_name,
        ledger.file_name,
        fct_kla.source_row,
        fct_kla.kabupaten_key,
        fct_kla.nilai as actual,
        dim_kabupaten.nama_lengkap || ' ' || fct_kla.tahun || ': rating typed '
        || fct_kla.peringkat || ' but '
        || case
            when fct_kla.nilai is null then 'there is no score'
            else 'the score ' || printf('%.2f', fct_kla.nilai) || ' lies in the '
                || fct_kla.peringkat_menurut_nilai || ' band'
        end as message
    from fct_kla
    inner join dim_kabupaten on fct_kla.kabupaten_key = dim_kabupaten.kabupaten_key
    inner join stg_ingest__ledger as ledger on fct_kla.ingest_id = ledger.ingest_id
    where not fct_kla.is_peringkat_sesuai_nilai
),

roster_files as (
    select
        fct_staff_snapshot.snapshot_date,
        any_value(ledger.file_name) as file_name
    from fct_staff_snapshot
    inner join stg_ingest__ledger as ledger on fct_staff_snapshot.ingest_id = ledger.ingest_id
    group by fct_staff_snapshot.snapshot_date
),

staff_rows as (
    select
        'asn' as source,
        'staff_table_vs_roster' as check_name,
        roster_files.file_name,
        composition.tabel_laporan || ': ' || composition.kategori as subject,
        -- Men as printed and as counted (women differ by as much the other way when the
        -- totals agree); the message gives both.
        cast(composition.laporan_laki_laki as double) as expected,
        cast(composition.laki_laki as double) as actual,
        cast(composition.laporan_laki_laki - composition.laki_laki as double) as difference,
        'Report ' || composition.tabel_laporan || ' prints ' || composition.kategori || ' as '
        || composition.laporan_laki_laki || ' L / ' || composition.laporan_perempuan
        || ' P but the roster of '
        || strftime(composition.snapshot_date, '%d/%m/%Y') || ' gives ' || composition.laki_laki
        || ' L / ' || composition.perempuan || ' P' as message
    from mart_staff_composition as composition
    inner join roster_files on composition.snapshot_date = roster_files.snapshot_date
    where not composition.is_sesuai_laporan
),

staff_totals as (
    select
        snapshot_date,
        tahun,
        dimensi,
        sum(laki_laki) as laki_laki,
        sum(perempuan) as perempuan
    from mart_staff_composition
    where kelompok_pegawai = 'ASN'
    group by snapshot_date, tahun, dimensi
),

staff_table_totals as (
    select
        'asn' as source,
        'staff_table_vs_roster' as check_name,
        roster_files.file_name,
        published.tabel || ': JUMLAH' as subject,
        cast(published.laki_laki as double) as expected,
        cast(totals.laki_laki as double) as actual,
        cast(published.laki_laki - totals.laki_laki as double) as difference,
        'Report ' || published.tabel || ' totals ' || published.laki_laki || ' L / '
        || published.perempuan || ' P but the roster (and the other staff tables) give '
        || totals.laki_laki || ' L / ' || totals.perempuan || ' P' as message
    from ref_laporan_staf as published
    inner join staff_totals as totals
        on published.tahun = totals.tahun and published.dimensi = totals.dimensi
    inner join roster_files on totals.snapshot_date = roster_files.snapshot_date
    where
        published.kategori = 'JUMLAH'
        and (published.laki_laki <> totals.laki_laki or published.perempuan <> totals.perempuan)
),

staff_percentages as (
    select
        'asn' as source,
        'staff_table_percent' as check_name,
        roster_files.file_name,
        composition.tabel_laporan || ': ' || composition.kategori as subject,
        composition.laporan_persen as expected,
        composition.persen as actual,
        round(composition.laporan_persen - composition.persen, 2) as difference,
        'Report ' || composition.tabel_laporan || ' prints ' || composition.kategori || ' as '
        || printf('%g', composition.laporan_persen) || ' % of staff but ' || composition.total
        || ' of the roster''s ' || totals.laki_laki + totals.perempuan || ' is '
        || printf('%.2f', composition.persen) || ' %' as message
    from mart_staff_composition as composition
    inner join roster_files on composition.snapshot_date = roster_files.snapshot_date
    inner join staff_totals as totals
        on
            composition.snapshot_date = totals.snapshot_date
            and composition.dimensi = totals.dimensi
    where
        composition.kelompok_pegawai = 'ASN'
        and abs(composition.laporan_persen - composition.persen) > 0.5
),

indicator_recomputed as (
    select
        'indikator' as source,
        'indicator_reported_vs_recomputed' as check_name,
        file_name,
        source_row,
        kode_indikator as subject,
        realisasi_dilaporkan as expected,
        realisasi_dihitung as actual,
        selisih as difference,
        kode_indikator || ' ' || tahun || ' (' || sumber_tabel || '): reported '
        || printf('%g', realisasi_dilaporkan) || ' % but ' || printf('%g', pembilang_dihitung)
        || ' / ' || printf('%g', penyebut_dihitung) || ' = ' || printf('%.2f', realisasi_dihitung)
        || ' % (' || metode_hitung || ')' as message
    from mart_performance_indicators
    where not is_sesuai
),

indicator_tables as (
    select
        'indikator' as source,
        'indicator_table_conflict' as check_name,
        one.file_name,
        one.source_row,
        one.kode_indikator || ': ' || one.sumber_tabel || ' vs ' || other.sumber_tabel as subject,
        one.realisasi_dilaporkan as expected,
        other.realisasi_dilaporkan as actual,
        one.realisasi_dilaporkan - other.realisasi_dilaporkan as difference,
        one.kode_indikator || ' ' || one.tahun || ': ' || one.sumber_tabel || ' gives target '
        || printf('%g', one.target) || ' ' || coalesce(one.satuan, '') || ', realised '
        || printf('%g', one.realisasi_dilaporkan) || ' ' || coalesce(one.satuan, '')
        || coalesce(
            ' (' || printf('%g', one.pembilang) || ' of ' || printf('%g', one.penyebut) || ')', ''
        )
        || '; ' || other.sumber_tabel || ' gives target ' || printf('%g', other.target) || ' '
        || coalesce(other.satuan, '') || ', realised ' || printf('%g', other.realisasi_dilaporkan)
        || ' ' || coalesce(other.satuan, '')
        || coalesce(
            ' (' || printf('%g', other.pembilang) || ' of ' || printf('%g', other.penyebut) || ')',
            ''
        ) as message
    from fct_indicator_values as one
    inner join fct_indicator_values as other
        on
            one.tahun = other.tahun
            and one.kode_indikator = other.kode_indikator
            and one.sumber_tabel < other.sumber_tabel
    where
        one.satuan is distinct from other.satuan
        or one.target is distinct from other.target
        or one.realisasi_dilaporkan is distinct from other.realisasi_dilaporkan
),

unioned as (
    select * from file_findings
    union all by name
    select * from cross_source
    union all by name
    select * from budget_sisa
    union all by name
    select * from budget_above_pagu
    union all by name
    select * from kla_rating
    union all by name
    select * from staff_rows
    union all by name
    select * from staff_table_totals
    union all by name
    select * from staff_percentages
    union all by name
    select * from indicator_recomputed
    union all by name
    select * from indicator_tables
),

final as (
    select
        md5(concat_ws(
            '|', source, check_name, file_name, source_row, kabupaten_key, month_key, subject
        )) as finding_key,
        source,
        check_name,
        'warning' as severity,
        file_name,
        source_row,
        kabupaten_key,
        month_key,
        expected,
        actual,
        difference,
        message
    from unioned
)

select * from final
