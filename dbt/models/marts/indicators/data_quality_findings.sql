-- One row per open data-quality finding: reconciliations that failed while files were read
-- (JUMLAH/TOTAL rows that disagree with their rows) and across sources (months in which the
-- UPTD register holds more cases of a district than SIMFONI-PPA, where every UPTD case
-- should also have been entered: only months SIMFONI-PPA covers, the others are said to be
-- not loaded in SIMFONI-PPA, never 0 there); months of a case register without a case loaded
-- (with the quarantined rows that are or may be of the month); budget lines whose stated
-- sisa is not pagu minus the realisation so far, or whose realisation went above the
-- ceiling (per belanja account
-- where the export is written per account: an account row states its own pagu and sisa);
-- rows of the staff roster whose NIP contradicts them; the report's staff tables where the roster
-- disagrees; KLA ratings outside their score's band; indicators whose reported
-- realisation differs from the recomputed one beyond rounding, indicators that two
-- report tables give different figures for, and case numbers in two current files of a year
-- (the newest file's row counts). Findings warn; they never stop the
-- pipeline. `subject` tells findings of one check and file apart. Each finding is written in
-- Indonesian (`message`) and in English (`message_en`), numbers as each language writes them
-- (6.892.432.255 and 81,25 %; 6,892,432,255 and 81.25 %), so that a reader shows the one of
-- the reader's language whichever language dbt ran in (macros/portable/message.sql). A file
-- finding is the sentence the ingest stored, the same in both columns.
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

dim_month as (
    select * from {{ ref('dim_month') }}
),

fct_staff_snapshot as (
    select * from {{ ref('fct_staff_snapshot') }}
),

ref_laporan_staf as (
    select * from {{ ref('ref_laporan_staf') }}
),

mart_source_coverage as (
    select * from {{ ref('mart_source_coverage') }}
),

stg_indikator__indicators as (
    select * from {{ ref('stg_indikator__indicators') }}
),

stg_uptd__cases as (
    select * from {{ ref('stg_uptd__cases') }}
),

stg_simfoni__victims as (
    select * from {{ ref('stg_simfoni__victims') }}
),

fct_quarantined_case_months as (
    select * from {{ ref('fct_quarantined_case_months') }}
),

file_findings as (
    select
        {{- finding_columns({
            'source': 'findings.source',
            'check_name': 'findings.check_name',
            'file_name': 'findings.file_name',
            'source_row': 'findings.source_row',
            'subject': 'findings.column_name',
            'expected': 'findings.expected',
            'actual': 'findings.actual',
            'difference': 'findings.difference',
            'message': 'findings.message',
        }) }}
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

simfoni_years as (
    -- The months a year's SIMFONI-PPA extracts cover (mart_source_coverage: none when no
    -- month of it is covered yet). A month outside them is not 0 in SIMFONI-PPA: it is not
    -- loaded, and is not compared (uptd_months_outside_simfoni says so).
    select
        tahun,
        first_month_key,
        last_month_key
    from mart_source_coverage
    where source = 'simfoni'
),

cross_source as (
    select
        {{- finding_columns({
            'source': "'uptd'",
            'check_name': "'uptd_vs_simfoni_monthly'",
            'kabupaten_key': 'monthly.kabupaten_key',
            'month_key': 'monthly.month_key',
            'expected': 'monthly.uptd_cases',
            'actual': 'monthly.simfoni_victims',
            'difference': 'monthly.uptd_cases - monthly.simfoni_victims',
            'message': message({
                'id': 'Register UPTD PPA mencatat {uptd} kasus {kabupaten} pada {bulan} '
                    ~ 'tetapi SIMFONI-PPA hanya {simfoni}: kasus yang ditangani UPTD belum '
                    ~ 'dimasukkan ke SIMFONI-PPA',
                'en': 'UPTD PPA register holds {uptd} case(s) of {kabupaten} in {month} but '
                    ~ 'SIMFONI-PPA holds {simfoni}: cases handled by the UPTD are missing '
                    ~ 'from SIMFONI-PPA',
            }, {
                'uptd': format_number('monthly.uptd_cases'),
                'simfoni': format_number('monthly.simfoni_victims'),
                'kabupaten': 'dim_kabupaten.nama_lengkap',
                'bulan': "dim_month.nama_bulan || ' ' || dim_month.tahun",
                'month': "dim_month.nama_bulan_en || ' ' || dim_month.tahun",
            }),
        }) }}
    from monthly
    inner join dim_kabupaten on monthly.kabupaten_key = dim_kabupaten.kabupaten_key
    inner join dim_month on monthly.month_key = dim_month.month_key
    inner join simfoni_years
        on
            dim_month.tahun = simfoni_years.tahun
            and monthly.month_key between simfoni_years.first_month_key
            and simfoni_years.last_month_key
    where monthly.uptd_cases > monthly.simfoni_victims
),

uptd_months as (
    -- The register's cases per month, those of no known district included.
    select
        month_key,
        count(*) as uptd_cases
    from fct_cases
    where source = 'uptd'
    group by month_key
),

uptd_months_uncovered as (
    -- UPTD cases of a year SIMFONI-PPA is loaded for, in a month its extracts do not cover
    -- (before the first month covered, after the last, or any month when none is covered
    -- yet), each side of the coverage one stretch of months.
    select
        dim_month.tahun,
        simfoni_years.first_month_key as simfoni_first_month_key,
        simfoni_years.last_month_key as simfoni_last_month_key,
        coalesce(uptd_months.month_key > simfoni_years.last_month_key, false) as is_after,
        uptd_months.month_key,
        uptd_months.uptd_cases
    from uptd_months
    inner join dim_month on uptd_months.month_key = dim_month.month_key
    inner join simfoni_years on dim_month.tahun = simfoni_years.tahun
    where
        not coalesce(
            uptd_months.month_key between simfoni_years.first_month_key
            and simfoni_years.last_month_key,
            false
        )
),

uptd_stretches_uncovered as (
    select
        tahun,
        simfoni_first_month_key,
        simfoni_last_month_key,
        min(month_key) as first_month_key,
        max(month_key) as last_month_key,
        sum(uptd_cases) as uptd_cases
    from uptd_months_uncovered
    group by tahun, simfoni_first_month_key, simfoni_last_month_key, is_after
),

uptd_outside_simfoni as (
    -- One finding per stretch: the register's cases there are not compared, and SIMFONI-PPA
    -- is not said to hold 0 of them.
    select
        {{- finding_columns({
            'source': "'uptd'",
            'check_name': "'uptd_months_outside_simfoni'",
            'subject': 'stretches.tahun',
            'month_key': 'stretches.first_month_key',
            'expected': 'stretches.uptd_cases',
            'message': message({
                'id': 'Register UPTD PPA mencatat {uptd} kasus pada {bulan}, tetapi SIMFONI-PPA '
                    ~ '{tahun} {cakupan}: kasus UPTD {bulan} belum dibandingkan dengan '
                    ~ 'SIMFONI-PPA (di SIMFONI-PPA bukan 0 kasus, melainkan belum dimuat) sampai '
                    ~ 'ekstrak SIMFONI-PPA yang mencakup {bulan} dimuat',
                'en': 'UPTD PPA register holds {uptd} case(s) in {month}, but SIMFONI-PPA '
                    ~ '{tahun} {coverage}: the UPTD cases of {month} are not compared with '
                    ~ 'SIMFONI-PPA (SIMFONI-PPA does not hold 0 there: it is not loaded yet) '
                    ~ 'until a SIMFONI-PPA extract covering {month} is loaded',
            }, {
                'uptd': format_number('stretches.uptd_cases'),
                'tahun': 'stretches.tahun',
                'bulan': month_stretch('first_month', 'last_month', 'nama_bulan'),
                'month': month_stretch('first_month', 'last_month', 'nama_bulan_en'),
                'cakupan': "case when simfoni_first.month_key is null then 'yang dimuat belum "
                    ~ "mencakup satu bulan pun' else 'yang dimuat hanya mencakup ' || "
                    ~ month_stretch('simfoni_first', 'simfoni_last', 'nama_bulan') ~ ' end',
                'coverage': "case when simfoni_first.month_key is null then 'as loaded covers "
                    ~ "no month yet' else 'as loaded covers only ' || "
                    ~ month_stretch('simfoni_first', 'simfoni_last', 'nama_bulan_en') ~ ' end',
            }),
        }) }}
    from uptd_stretches_uncovered as stretches
    inner join dim_month as first_month on stretches.first_month_key = first_month.month_key
    inner join dim_month as last_month on stretches.last_month_key = last_month.month_key
    left join dim_month as simfoni_first
        on stretches.simfoni_first_month_key = simfoni_first.month_key
    left join dim_month as simfoni_last
        on stretches.simfoni_last_month_key = simfoni_last.month_key
),

case_month_spans as (
    -- The months between the first and the last month an extract of a year holds cases of.
    select
        source,
        period_year,
        min(month_key) as first_month_key,
        max(month_key) as last_month_key
    from fct_cases
    group by source, period_year
),

case_months_held as (
    select distinct
        source,
        period_year,
        month_key
    from fct_cases
),

empty_case_months as (
    -- A month inside that span without a single case loaded: a month without cases, or a
    -- month not entered yet. Its 0 in the marts is then not certain, and is said so. When
    -- quarantined rows of the year's extracts are of that month (their date was read), or
    -- may be (their date was not), the finding counts them and points to the quarantine:
    -- the month has cases that were not loaded.
    select
        {{- finding_columns({
            'source': 'spans.source',
            'check_name': "'month_without_cases'",
            'subject': 'spans.period_year',
            'month_key': 'dim_month.month_key',
            'expected': 'null',
            'actual': '0',
            'message': in_each_language(
                'case when coalesce(quarantined.baris_dikarantina, 0) = 0 then {kosong} '
                ~ 'else {dikarantina} end', {
                'kosong': message({
                    'id': '{sumber} {tahun} tidak memuat satu kasus pun pada {bulan}, padahal '
                        ~ 'memuat kasus pada bulan sebelum dan sesudahnya: bulan tanpa kasus, '
                        ~ 'atau bulan yang belum dimasukkan? Angka 0 bulan itu belum pasti',
                    'en': '{sumber} {tahun} holds no case in {month}, though it holds cases in '
                        ~ 'the months before and after it: a month without cases, or a month '
                        ~ 'not entered yet? Its 0 is not certain',
                }, {
                    'sumber': case_source_name('spans.source'),
                    'tahun': 'spans.period_year',
                    'bulan': "dim_month.nama_bulan || ' ' || dim_month.tahun",
                    'month': "dim_month.nama_bulan_en || ' ' || dim_month.tahun",
                }),
                'dikarantina': message({
                    'id': 'Tidak ada kasus {sumber} {tahun} yang dimuat pada {bulan}, padahal '
                        ~ '{karantina}: angka 0 bulan itu belum pasti. Lihat baris yang '
                        ~ 'dikarantina dengan satudata quarantine --all '
                        ~ '(karantina/{folder}/…_karantina.xlsx), perbaiki di berkas aslinya, '
                        ~ 'lalu muat ulang berkas itu',
                    'en': '{sumber} {tahun} has no loaded case in {month}, though '
                        ~ '{karantina}: its 0 is not certain. See the quarantined rows with '
                        ~ 'satudata quarantine --all (karantina/{folder}/…_karantina.xlsx), '
                        ~ 'correct them in the original file and drop it again',
                }, {
                    'sumber': case_source_name('spans.source'),
                    'tahun': 'spans.period_year',
                    'bulan': "dim_month.nama_bulan || ' ' || dim_month.tahun",
                    'month': "dim_month.nama_bulan_en || ' ' || dim_month.tahun",
                    'folder': 'spans.source',
                    'karantina': in_each_language(
                        'case when {bertanggal} = 0 then {tanpa_bulan} '
                        ~ 'when {tanpa} = 0 then {bulan_itu} else {keduanya} end', {
                        'bertanggal': 'quarantined.baris_dikarantina - quarantined.baris_tanpa_bulan',
                        'tanpa': 'quarantined.baris_tanpa_bulan',
                        'tanpa_bulan': message({
                            'id': '{tanpa} baris yang dikarantina karena tanggalnya tidak '
                                ~ 'terbaca bisa termasuk bulan itu',
                            'en': '{tanpa} quarantined row(s) whose date could not be read '
                                ~ 'may belong to it',
                        }, {'tanpa': format_number('quarantined.baris_tanpa_bulan')}),
                        'bulan_itu': message({
                            'id': '{bertanggal} baris bulan itu dikarantina',
                            'en': '{bertanggal} row(s) of that month were quarantined',
                        }, {'bertanggal': format_number(
                            'quarantined.baris_dikarantina - quarantined.baris_tanpa_bulan')}),
                        'keduanya': message({
                            'id': '{bertanggal} baris bulan itu dikarantina, dan {tanpa} baris '
                                ~ 'lain yang tanggalnya tidak terbaca bisa termasuk bulan itu',
                            'en': '{bertanggal} row(s) of that month were quarantined, and '
                                ~ '{tanpa} more whose date could not be read may belong to it',
                        }, {
                            'bertanggal': format_number(
                                'quarantined.baris_dikarantina - quarantined.baris_tanpa_bulan'),
                            'tanpa': format_number('quarantined.baris_tanpa_bulan'),
                        }),
                    }),
                }),
            }),
        }) }}
    from case_month_spans as spans
    inner join dim_month
        on
            spans.first_month_key < dim_month.month_key
            and spans.last_month_key > dim_month.month_key
    left join case_months_held as held
        on
            spans.source = held.source
            and spans.period_year = held.period_year
            and dim_month.month_key = held.month_key
    left join mart_source_coverage as coverage
        on
            spans.source = coverage.source
            and spans.period_year = coverage.tahun
    left join fct_quarantined_case_months as quarantined
        on
            spans.source = quarantined.source
            and dim_month.month_key = quarantined.month_key
    where
        held.month_key is null
        -- a month no file reports is the next finding's (a month not reported yet)
        and dim_month.month_key < coalesce(coverage.first_unreported_month_key, 999999)
),

unreported_months as (
    -- Files of some months and not of one between (June's and August's, no July's): July
    -- is not reported yet, and nothing after June is published until it is.
    select
        {{- finding_columns({
            'source': 'coverage.source',
            'check_name': "'month_not_reported'",
            'subject': 'coverage.tahun',
            'month_key': 'coverage.first_unreported_month_key',
            'expected': 'null',
            'actual': 'null',
            'message': message({
                'id': '{sumber} {tahun}: belum ada berkas yang memuat {bulan}, padahal data '
                    ~ 'bulan sesudahnya (sampai {akhir}) sudah dimuat. Bulan itu tidak '
                    ~ 'diterbitkan sebagai 0: mart dan ekspor berhenti pada bulan sebelumnya '
                    ~ 'sampai berkas {bulan} dimuat',
                'en': '{sumber} {tahun}: no file holds {month} yet, though data of later '
                    ~ 'months (up to {last}) is loaded. That month is not published as 0: '
                    ~ 'the marts and exports stop at the month before it until a file of '
                    ~ '{month} is loaded',
            }, {
                'sumber': "case coverage.source when 'uptd' then 'Register UPTD PPA' "
                    ~ "when 'anggaran' then 'Realisasi anggaran' else 'SIMFONI-PPA' end",
                'tahun': 'coverage.tahun',
                'bulan': "gap.nama_bulan || ' ' || gap.tahun",
                'month': "gap.nama_bulan_en || ' ' || gap.tahun",
                'akhir': "latest.nama_bulan || ' ' || latest.tahun",
                'last': "latest.nama_bulan_en || ' ' || latest.tahun",
            }),
        }) }}
    from mart_source_coverage as coverage
    inner join dim_month as gap on coverage.first_unreported_month_key = gap.month_key
    inner join dim_month as latest on coverage.last_data_month_key = latest.month_key
),

budget_after_january as (
    -- Budget files whose first month is after January (a month's file of June alone): the
    -- months before it are absent from the marts, and the realisation so far counts from it.
    select
        {{- finding_columns({
            'source': "'anggaran'",
            'check_name': "'budget_starts_after_january'",
            'subject': 'coverage.tahun',
            'month_key': 'coverage.first_month_key',
            'expected': 'null',
            'actual': 'null',
            'message': message({
                'id': 'Realisasi anggaran {tahun}: berkas yang dimuat baru dimulai {bulan}. '
                    ~ 'Bulan-bulan sebelumnya tidak diterbitkan, dan realisasi kumulatif '
                    ~ 'dihitung sejak {bulan}: bila ada belanja sebelumnya, muat berkasnya',
                'en': 'Budget realisation {tahun}: the files loaded start in {month}. The '
                    ~ 'months before are not published, and the realisation so far counts '
                    ~ 'from {month}: if anything was spent before, load its files',
            }, {
                'tahun': 'coverage.tahun',
                'bulan': "first_month.nama_bulan || ' ' || first_month.tahun",
                'month': "first_month.nama_bulan_en || ' ' || first_month.tahun",
            }),
        }) }}
    from mart_source_coverage as coverage
    inner join dim_month as first_month on coverage.first_month_key = first_month.month_key
    where
        coverage.source = 'anggaran'
        and coverage.first_month_key > coverage.tahun * 100 + 1
),

budget_sisa as (
    select
        {{- finding_columns({
            'source': "'anggaran'",
            'check_name': "'sisa_reconcile'",
            'file_name': 'ledger.file_name',
            'source_row': 'lines.source_row',
            'month_key': 'lines.month_key',
            'expected': 'lines.sisa_dilaporkan',
            'actual': 'lines.sisa_dihitung',
            'difference': 'lines.sisa_dilaporkan - lines.sisa_dihitung',
            'message': message({
                'id': 'sisa {kode} ({dana}, {jenis}) bulan {bulan} tertulis {sisa}, padahal '
                    ~ 'pagu {pagu} dikurangi realisasi sampai bulan itu {realisasi} adalah '
                    ~ '{dihitung}',
                'en': 'sisa of {kode} ({dana}, {jenis}) in month {bulan} is stated as {sisa} '
                    ~ 'but pagu {pagu} minus the realisasi so far {realisasi} is {dihitung}',
            }, {
                'kode': "lines.kode_rekening || coalesce(' / ' || lines.akun_belanja_kode, '')",
                'dana': 'lines.sumber_dana',
                'jenis': 'lines.jenis',
                'bulan': 'lines.bulan',
                'sisa': format_number('lines.sisa_dilaporkan'),
                'pagu': format_number('lines.pagu'),
                'realisasi': format_number('lines.realisasi_kumulatif'),
                'dihitung': format_number('lines.sisa_dihitung'),
            }),
        }) }}
    from int_anggaran_lines_cumulated as lines
    inner join stg_ingest__ledger as ledger on lines.ingest_id = ledger.ingest_id
    where abs(lines.sisa_dilaporkan - lines.sisa_dihitung) >= 1
),

-- One finding per line (per account, in an export written per belanja account): the month
-- it first went above its ceiling.
lines_above_pagu as (
    select
        lines.*,
        row_number() over (partition by lines.account_key order by lines.bulan) as urutan
    from int_anggaran_lines_cumulated as lines
    where lines.kelompok = 'Belanja' and lines.realisasi_kumulatif > lines.pagu
),

budget_above_pagu as (
    select
        {{- finding_columns({
            'source': "'anggaran'",
            'check_name': "'realisasi_above_pagu'",
            'file_name': 'ledger.file_name',
            'source_row': 'lines.source_row',
            'month_key': 'lines.month_key',
            'expected': 'lines.pagu',
            'actual': 'lines.realisasi_kumulatif',
            'difference': 'lines.pagu - lines.realisasi_kumulatif',
            'message': message({
                'id': 'realisasi {kode} ({dana}, {jenis}) mencapai {realisasi} sampai bulan '
                    ~ '{bulan}, melebihi pagunya {pagu}',
                'en': 'realisasi of {kode} ({dana}, {jenis}) reaches {realisasi} by month '
                    ~ '{bulan}, above its pagu of {pagu}',
            }, {
                'kode': "lines.kode_rekening || coalesce(' / ' || lines.akun_belanja_kode, '')",
                'dana': 'lines.sumber_dana',
                'jenis': 'lines.jenis',
                'bulan': 'lines.bulan',
                'realisasi': format_number('lines.realisasi_kumulatif'),
                'pagu': format_number('lines.pagu'),
            }),
        }) }}
    from lines_above_pagu as lines
    inner join stg_ingest__ledger as ledger on lines.ingest_id = ledger.ingest_id
    where lines.urutan = 1
),

kla_rating as (
    select
        {{- finding_columns({
            'source': "'kla'",
            'check_name': "'kla_peringkat_vs_nilai'",
            'file_name': 'ledger.file_name',
            'source_row': 'fct_kla.source_row',
            'kabupaten_key': 'fct_kla.kabupaten_key',
            'actual': 'fct_kla.nilai',
            'message': message({
                'id': '{kabupaten} {tahun}: peringkat tertulis {peringkat}, padahal {alasan}',
                'en': '{kabupaten} {tahun}: rating typed {peringkat} but {alasan}',
            }, {
                'kabupaten': 'dim_kabupaten.nama_lengkap',
                'tahun': 'fct_kla.tahun',
                'peringkat': 'fct_kla.peringkat',
                'alasan': in_each_language(
                    'case when fct_kla.nilai is null then {none} else {score} end', {
                        'none': message({'id': 'belum ada nilai', 'en': 'there is no score'}, {}),
                        'score': message({
                            'id': 'nilai {nilai} masuk rentang {band}',
                            'en': 'the score {nilai} lies in the {band} band',
                        }, {
                            'nilai': format_number('fct_kla.nilai', 2),
                            'band': 'fct_kla.peringkat_menurut_nilai',
                        }),
                    }),
            }),
        }) }}
    from fct_kla
    inner join dim_kabupaten on fct_kla.kabupaten_key = dim_kabupaten.kabupaten_key
    inner join stg_ingest__ledger as ledger on fct_kla.ingest_id = ledger.ingest_id
    where not fct_kla.is_peringkat_sesuai_nilai
),

roster_files as (
    select
        fct_staff_snapshot.snapshot_date,
        {{ dbt.any_value('ledger.file_name') }} as file_name
    from fct_staff_snapshot
    inner join stg_ingest__ledger as ledger on fct_staff_snapshot.ingest_id = ledger.ingest_id
    group by fct_staff_snapshot.snapshot_date
),

staff_rows as (
    -- Men as printed and as counted (women differ by as much the other way when the
    -- totals agree); the message gives both.
    select
        {{- finding_columns({
            'source': "'asn'",
            'check_name': "'staff_table_vs_roster'",
            'file_name': 'roster_files.file_name',
            'subject': "composition.tabel_laporan || ': ' || composition.kategori",
            'expected': 'composition.laporan_laki_laki',
            'actual': 'composition.laki_laki',
            'difference': 'composition.laporan_laki_laki - composition.laki_laki',
            'message': message({
                'id': 'Laporan {tabel} mencetak {kategori} {laporan_l} L / {laporan_p} P, '
                    ~ 'tetapi daftar pegawai per {tanggal} berisi {l} L / {p} P',
                'en': 'Report {tabel} prints {kategori} as {laporan_l} L / {laporan_p} P but '
                    ~ 'the roster of {tanggal} gives {l} L / {p} P',
            }, {
                'tabel': 'composition.tabel_laporan',
                'kategori': 'composition.kategori',
                'laporan_l': format_number('composition.laporan_laki_laki'),
                'laporan_p': format_number('composition.laporan_perempuan'),
                'tanggal': format_date('composition.snapshot_date', '%d/%m/%Y'),
                'l': format_number('composition.laki_laki'),
                'p': format_number('composition.perempuan'),
            }),
        }) }}
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
        {{- finding_columns({
            'source': "'asn'",
            'check_name': "'staff_table_vs_roster'",
            'file_name': 'roster_files.file_name',
            'subject': "published.tabel || ': JUMLAH'",
            'expected': 'published.laki_laki',
            'actual': 'totals.laki_laki',
            'difference': 'published.laki_laki - totals.laki_laki',
            'message': message({
                'id': 'Laporan {tabel} mencetak jumlah {laporan_l} L / {laporan_p} P, tetapi '
                    ~ 'daftar pegawai (dan tabel pegawai lainnya) berisi {l} L / {p} P',
                'en': 'Report {tabel} totals {laporan_l} L / {laporan_p} P but the roster '
                    ~ '(and the other staff tables) give {l} L / {p} P',
            }, {
                'tabel': 'published.tabel',
                'laporan_l': format_number('published.laki_laki'),
                'laporan_p': format_number('published.perempuan'),
                'l': format_number('totals.laki_laki'),
                'p': format_number('totals.perempuan'),
            }),
        }) }}
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
        {{- finding_columns({
            'source': "'asn'",
            'check_name': "'staff_table_percent'",
            'file_name': 'roster_files.file_name',
            'subject': "composition.tabel_laporan || ': ' || composition.kategori",
            'expected': 'composition.laporan_persen',
            'actual': 'composition.persen',
            'difference': round_half_away('composition.laporan_persen - composition.persen', 2),
            'message': message({
                'id': 'Laporan {tabel} mencetak {kategori} sebesar {laporan_persen} % pegawai, '
                    ~ 'tetapi menurut daftar pegawai {total} dari {jumlah} orang = {persen} %',
                'en': "Report {tabel} prints {kategori} as {laporan_persen} % of staff but "
                    ~ "{total} of the roster's {jumlah} is {persen} %",
            }, {
                'tabel': 'composition.tabel_laporan',
                'kategori': 'composition.kategori',
                'laporan_persen': format_number('composition.laporan_persen', 4, trim=true),
                'total': format_number('composition.total'),
                'jumlah': format_number('totals.laki_laki + totals.perempuan'),
                'persen': format_number('composition.persen', 2),
            }),
        }) }}
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
        {{- finding_columns({
            'source': "'indikator'",
            'check_name': "'indicator_reported_vs_recomputed'",
            'file_name': 'file_name',
            'source_row': 'source_row',
            'subject': 'kode_indikator',
            'expected': 'realisasi_dilaporkan',
            'actual': 'realisasi_dihitung',
            'difference': 'selisih',
            'message': message({
                'id': '{kode} {tahun} ({tabel}): dilaporkan {dilaporkan} % tetapi dihitung '
                    ~ '{pembilang} / {penyebut} = {dihitung} % ({metode})',
                'en': '{kode} {tahun} ({tabel}): reported {dilaporkan} % but {pembilang} / '
                    ~ '{penyebut} = {dihitung} % ({metode})',
            }, {
                'kode': 'kode_indikator',
                'tahun': 'tahun',
                'tabel': 'sumber_tabel',
                'dilaporkan': format_number('realisasi_dilaporkan', 4, trim=true),
                'pembilang': format_number('pembilang_dihitung', 4, trim=true),
                'penyebut': format_number('penyebut_dihitung', 4, trim=true),
                'dihitung': format_number('realisasi_dihitung', 2),
                'metode': 'metode_hitung',
            }),
        }) }}
    from mart_performance_indicators
    where not is_sesuai
),

indicator_capaian as (
    select
        {{- finding_columns({
            'source': "'indikator'",
            'check_name': "'indicator_capaian_reported_vs_counted'",
            'file_name': 'file_name',
            'source_row': 'source_row',
            'subject': 'kode_indikator',
            'expected': 'capaian_dilaporkan',
            'actual': 'capaian_target_pct',
            'difference': 'capaian_dilaporkan - capaian_target_pct',
            'message': message({
                'id': '{kode} {tahun} ({tabel}): capaian dilaporkan {dilaporkan} % tetapi '
                    ~ 'realisasi {realisasi} dari target {target} = {dihitung} %',
                'en': '{kode} {tahun} ({tabel}): capaian reported {dilaporkan} % but '
                    ~ 'realisation {realisasi} of target {target} = {dihitung} %',
            }, {
                'kode': 'kode_indikator',
                'tahun': 'tahun',
                'tabel': 'sumber_tabel',
                'dilaporkan': format_number('capaian_dilaporkan', 4, trim=true),
                'realisasi': format_number('realisasi_dilaporkan', 4, trim=true),
                'target': format_number('target', 4, trim=true),
                'dihitung': format_number('capaian_target_pct', 2),
            }),
        }) }}
    from mart_performance_indicators
    where not is_capaian_sesuai
),

indicator_tables as (
    select
        {{- finding_columns({
            'source': "'indikator'",
            'check_name': "'indicator_table_conflict'",
            'file_name': 'one.file_name',
            'source_row': 'one.source_row',
            'subject': "one.kode_indikator || ': ' || one.sumber_tabel || ' vs ' || other.sumber_tabel",
            'expected': 'one.realisasi_dilaporkan',
            'actual': 'other.realisasi_dilaporkan',
            'difference': 'one.realisasi_dilaporkan - other.realisasi_dilaporkan',
            'message': message({'id': '{kode} {tahun}: {one}; {other}', 'en': '{kode} {tahun}: {one}; {other}'}, {
                'kode': 'one.kode_indikator',
                'tahun': 'one.tahun',
                'one': indicator_figures('one'),
                'other': indicator_figures('other'),
            }),
        }) }}
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

indicators_left_out as (
    -- A newer file of a report table that leaves out an indicator an older file of it held:
    -- the older figures stay (stg_indikator__indicators), and a person is told.
    select
        {{- finding_columns({
            'source': "'indikator'",
            'check_name': "'indicator_not_in_newest_file'",
            'file_name': 'older.file_name',
            'source_row': 'older.source_row',
            'subject': "older.kode_indikator || ': ' || older.sumber_tabel",
            'expected': 'null',
            'actual': 'null',
            'message': message({
                'id': '{kode} {tahun} ({tabel}): tidak ada di berkas terbaru tabel ini, '
                    ~ 'jadi angkanya tetap dari {berkas}. Bila indikator ini memang dihapus '
                    ~ 'atau kodenya salah tulis, perbaiki berkas terbaru',
                'en': '{kode} {tahun} ({tabel}): not in the newest file of this table, so its '
                    ~ 'figures stay those of {berkas}. If the indicator was dropped or its code '
                    ~ 'is mistyped, correct the newest file',
            }, {
                'kode': 'older.kode_indikator',
                'tahun': 'older.tahun',
                'tabel': 'older.sumber_tabel',
                'berkas': 'older.file_name',
            }),
        }) }}
    from stg_indikator__indicators as older
    where older.is_from_older_file
),

resent_cases as (
    select
        'uptd' as source,
        file_name,
        source_row,
        older_file_labels
    from stg_uptd__cases
    where older_file_labels is not null
    union all
    select
        'simfoni' as source,
        file_name,
        source_row,
        older_file_labels
    from stg_simfoni__victims
    where older_file_labels is not null
),

cases_in_two_files as (
    -- A case number in two current files of a year: the newest file's row is the case
    -- (macros/newest_case_rows.sql), and a person is told which rows were set aside.
    select
        {{- finding_columns({
            'source': 'resent.source',
            'check_name': "'case_in_two_files'",
            'file_name': 'resent.file_name',
            'source_row': 'resent.source_row',
            'subject': 'resent.older_file_labels',
            'message': message({
                'id': 'nomor kasus baris {baris} {berkas} ada juga di {lama}: baris {berkas} '
                    ~ '(berkas terbaru) yang dihitung, bukan baris di {lama}. Bila keduanya '
                    ~ 'bukan kasus yang sama, perbaiki nomor kasusnya',
                'en': 'the case number of row {baris} of {berkas} is in {lama} too: the row '
                    ~ 'of {berkas} (the newest file) counts, not the one in {lama}. If they '
                    ~ 'are two cases, correct the case number',
            }, {
                'baris': 'resent.source_row',
                'berkas': 'resent.file_name',
                'lama': 'resent.older_file_labels',
            }),
        }) }}
    from resent_cases as resent
),

unioned as (
    select * from file_findings
    union all
    select * from cross_source
    union all
    select * from uptd_outside_simfoni
    union all
    select * from empty_case_months
    union all
    select * from unreported_months
    union all
    select * from budget_after_january
    union all
    select * from budget_sisa
    union all
    select * from budget_above_pagu
    union all
    select * from kla_rating
    union all
    select * from staff_rows
    union all
    select * from staff_table_totals
    union all
    select * from staff_percentages
    union all
    select * from indicator_recomputed
    union all
    select * from indicator_capaian
    union all
    select * from indicator_tables
    union all
    select * from indicators_left_out
    union all
    select * from cases_in_two_files
),

final as (
    select
        md5(concat_ws(
            '|', source, check_name, file_name, cast(source_row as {{ dbt.type_string() }}),
            kabupaten_key, cast(month_key as {{ dbt.type_string() }}), subject
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
        message,
        message_en
    from unioned
)

select * from final
