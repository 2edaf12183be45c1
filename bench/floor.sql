-- The floor: raw DuckDB reading the same SIMFONI-PPA extracts and computing the same case
-- marts in one script, with no Python per value, no Pandera, no Dagster and no dbt.
-- It does the same work the pipeline does, in spirit: drop the private columns, parse
-- Indonesian dates, resolve regions (names, `Kab.`/`Kota` prefixes, aliases, Kemendagri
-- and BPS codes) and vocabulary variants from the same seeds, pseudonymise the id, quarantine
-- the same invalid rows (bad values, rows outside the file's year, ids repeated in a file),
-- keep the newest file of each year, then build fct_cases, the two bridges and the
-- indicator marts. `{landing}` and `{seeds}` are filled in by bench/run.py.

create or replace table kab as
select * from read_csv('{seeds}/ref_kabupaten.csv', all_varchar = true);

create or replace table kab_alias as
select * from read_csv('{seeds}/ref_kabupaten_alias.csv', all_varchar = true);

create or replace table vocab as
select distinct
    domain,
    canonical,
    upper(trim(regexp_replace(variant, '[\s_.\-/]+', ' ', 'g'))) as variant_key
from read_csv('{seeds}/ref_vocabulary.csv', all_varchar = true);

create or replace table landed as
select
    filename as file_name,
    cast(row_number() over (partition by filename) + 1 as integer) as source_row,
    no_registrasi,
    tanggal_lapor,
    tanggal_kejadian,
    kabupatenkota as kabupaten_kota,
    jenis_kelamin_korban,
    umur_korban,
    pendidikan_korban,
    disabilitas,
    bentuk_kekerasan,
    tempat_kejadian,
    hubungan_pelaku,
    layanan,
    status_layanan
from read_csv(
    '{landing}/simfoni/*.csv', delim = ';', header = true, all_varchar = true,
    normalize_names = true, filename = true
);

-- Regions: each distinct label resolved once, the way ingest/reference.py does.
create or replace table region_label as
with labels as (
    select distinct kabupaten_kota as label from landed where kabupaten_kota is not null
),
keyed as (
    select
        label,
        replace(trim(label), ' ', '') as compact,
        upper(trim(regexp_replace(label, '[\s_.\-/]+', ' ', 'g'))) as k
    from labels
),
prefixed as (
    select
        *,
        regexp_extract(k, '^(KABUPATEN|KAB|KOTA|KOT)\b\.?\s*', 1) as prefix,
        trim(regexp_replace(k, '^(KABUPATEN|KAB|KOTA|KOT)\b\.?\s*', '')) as bare
    from keyed
),
candidates as (
    select p.label, kab.kode_kemendagri
    from prefixed as p
    inner join kab
        on (regexp_full_match(p.compact, '\d{2}\.\d{2}') and kab.kode_kemendagri = p.compact)
        or (regexp_full_match(p.compact, '\d{4}') and kab.kode_bps = p.compact)
        or (
            not regexp_full_match(p.compact, '\d{2}\.\d{2}|\d{4}')
            and upper(kab.nama) = p.bare
            and (p.prefix = '' or (p.prefix like 'KOT%') = (kab.jenis = 'Kota'))
        )
    union all
    select p.label, a.kode_kemendagri
    from prefixed as p
    inner join kab_alias as a
        on upper(trim(regexp_replace(a.alias, '[\s_.\-/]+', ' ', 'g'))) in (p.k, p.bare)
)
select label, min(kode_kemendagri) as kode_kemendagri
from candidates
group by label
having count(distinct kode_kemendagri) = 1;

-- Vocabulary lists: each distinct list resolved once; null when any item is unknown.
create or replace table list_value as
with distinct_values as (
    select distinct 'simfoni_bentuk_kekerasan' as dom, bentuk_kekerasan as value
    from landed where bentuk_kekerasan is not null
    union all
    select distinct 'layanan' as dom, layanan as value from landed where layanan is not null
),
items as (
    select
        dom, value, generate_subscripts(parts, 1) as pos, unnest(parts) as item
    from (
        select dom, value, string_split_regex(trim(value), '\s*[;,]\s*') as parts
        from distinct_values
    )
),
mapped as (
    select items.dom, items.value, items.pos, vocab.canonical
    from items
    left join vocab
        on vocab.domain = items.dom
        and vocab.variant_key = upper(trim(regexp_replace(items.item, '[\s_.\-/]+', ' ', 'g')))
)
select
    dom,
    value,
    case when count(*) = count(canonical) then string_agg(canonical, ';' order by pos) end
        as canonical
from mapped
group by dom, value;

create or replace table typed as
select
    l.file_name,
    l.source_row,
    l.no_registrasi,
    substr(sha256('simfoni:' || upper(trim(l.no_registrasi))), 1, 32) as no_registrasi_hmac,
    try_strptime(l.tanggal_lapor, '%d/%m/%Y')::date as tanggal_lapor,
    try_strptime(l.tanggal_kejadian, '%d/%m/%Y')::date as tanggal_kejadian,
    l.tanggal_kejadian as tanggal_kejadian_text,
    r.kode_kemendagri as kabupaten_kota_kode,
    jk.canonical as jenis_kelamin_korban,
    try_cast(l.umur_korban as bigint) as umur_korban,
    l.umur_korban as umur_korban_text,
    l.pendidikan_korban,
    l.disabilitas as disabilitas_text,
    dis.canonical as disabilitas,
    b.canonical as bentuk_kekerasan,
    tk.canonical as tempat_kejadian,
    l.hubungan_pelaku,
    l.layanan as layanan_text,
    ly.canonical as layanan,
    st.canonical as status_layanan
from landed as l
left join region_label as r on l.kabupaten_kota = r.label
left join vocab as jk
    on jk.domain = 'jenis_kelamin'
    and jk.variant_key = upper(trim(regexp_replace(l.jenis_kelamin_korban, '[\s_.\-/]+', ' ', 'g')))
left join vocab as dis
    on dis.domain = 'disabilitas'
    and dis.variant_key = upper(trim(regexp_replace(l.disabilitas, '[\s_.\-/]+', ' ', 'g')))
left join vocab as tk
    on tk.domain = 'tempat_kejadian'
    and tk.variant_key = upper(trim(regexp_replace(l.tempat_kejadian, '[\s_.\-/]+', ' ', 'g')))
left join vocab as st
    on st.domain = 'status_layanan'
    and st.variant_key = upper(trim(regexp_replace(l.status_layanan, '[\s_.\-/]+', ' ', 'g')))
left join list_value as b
    on b.dom = 'simfoni_bentuk_kekerasan' and l.bentuk_kekerasan = b.value
left join list_value as ly on ly.dom = 'layanan' and l.layanan = ly.value;

-- The year each file covers (its most common report year); of two extracts of a year, the
-- one reaching furthest into the year wins (the pipeline goes by arrival order instead).
create or replace table file_year as
with counted as (
    select file_name, year(tanggal_lapor) as y, count(*) as n, max(tanggal_lapor) as last_date
    from typed where tanggal_lapor is not null group by all
)
select file_name, arg_max(y, n) as period_year, max(last_date) as last_date
from counted group by file_name;

create or replace table checked as
select
    t.*,
    f.period_year,
    case
        when t.no_registrasi is null then 'no_registrasi: a value is required'
        when t.tanggal_lapor is null then 'tanggal_lapor: not a date or missing'
        when t.tanggal_lapor > current_date then 'tanggal_lapor: the date is in the future'
        when t.tanggal_kejadian_text is not null and t.tanggal_kejadian is null
            then 'tanggal_kejadian: not a date'
        when t.kabupaten_kota_kode is null then 'kabupaten_kota: not a kabupaten/kota of NTT'
        when t.jenis_kelamin_korban is null then 'jenis_kelamin_korban: not in the vocabulary'
        when t.disabilitas_text is not null and t.disabilitas is null
            then 'disabilitas: not in the vocabulary'
        when t.bentuk_kekerasan is null then 'bentuk_kekerasan: not in the vocabulary'
        when t.tempat_kejadian is null then 'tempat_kejadian: not in the vocabulary'
        when t.layanan_text is not null and t.layanan is null
            then 'layanan: not in the vocabulary'
        when t.status_layanan is null then 'status_layanan: not in the vocabulary'
        when t.tanggal_kejadian > t.tanggal_lapor
            then 'tanggal_kejadian: after tanggal_lapor'
        when year(t.tanggal_lapor) <> f.period_year
            then 'tanggal_lapor: outside the year this file covers'
        when row_number() over (
            partition by t.file_name, t.no_registrasi_hmac order by t.source_row
        ) > 1 then 'no_registrasi: duplicate id in the file'
    end as reason
from typed as t
left join file_year as f on t.file_name = f.file_name;

create or replace table current_files as
select arg_max(file_name, last_date) as file_name, period_year
from file_year group by period_year;

create or replace table quarantine as
select file_name, source_row, reason from checked where reason is not null;

create or replace table simfoni as
select
    no_registrasi_hmac, tanggal_lapor, tanggal_kejadian, kabupaten_kota_kode,
    jenis_kelamin_korban,
    -- an optional age that is no age (150, 9.11) costs no record: the cell is left empty
    case when umur_korban between 0 and 120 then umur_korban end as umur_korban,
    pendidikan_korban, disabilitas, bentuk_kekerasan, tempat_kejadian, hubungan_pelaku,
    layanan, status_layanan, period_year, file_name, source_row
from checked
where reason is null and file_name in (select file_name from current_files);

create or replace table fct_cases as
select
    no_registrasi_hmac as case_key,
    'simfoni' as source,
    tanggal_lapor as reported_date,
    (year(tanggal_lapor) * 100 + month(tanggal_lapor))::integer as month_key,
    coalesce(kabupaten_kota_kode, '00.00') as kabupaten_key,
    case
        when umur_korban is null then 'Tidak diketahui'
        when umur_korban < 18 and jenis_kelamin_korban = 'L' then 'Anak Laki-laki'
        when umur_korban < 18 then 'Anak Perempuan'
        when jenis_kelamin_korban = 'P' then 'Perempuan Dewasa'
        else 'Laki-laki Dewasa'
    end as kategori_korban,
    jenis_kelamin_korban as jenis_kelamin,
    umur_korban,
    case
        when umur_korban is null then 'Tidak diketahui'
        when umur_korban <= 5 then '0-5'
        when umur_korban <= 12 then '6-12'
        when umur_korban <= 17 then '13-17'
        when umur_korban <= 24 then '18-24'
        when umur_korban <= 44 then '25-44'
        when umur_korban <= 59 then '45-59'
        else '60+'
    end as kelompok_umur,
    umur_korban < 18 as is_anak,
    tempat_kejadian,
    status_layanan,
    status_layanan = 'Terlayani' as is_terlayani,
    disabilitas = 'Ya' as is_disabilitas,
    period_year
from simfoni;

create or replace table bdg_case_bentuk_kekerasan as
select distinct case_key, source, bentuk_kekerasan
from (
    select
        no_registrasi_hmac as case_key, 'simfoni' as source,
        unnest(string_split(bentuk_kekerasan, ';')) as bentuk_kekerasan
    from simfoni
);

create or replace table bdg_case_layanan as
select distinct case_key, source, layanan
from (
    select
        no_registrasi_hmac as case_key, 'simfoni' as source,
        unnest(string_split(layanan, ';')) as layanan
    from simfoni where layanan is not null and layanan <> ''
);

create or replace table dim_month as
select
    (year(m) * 100 + month(m))::integer as month_key, year(m) as tahun, month(m) as bulan
from (
    select cast(unnest(generate_series(date '2015-01-01', date '2035-12-01', interval 1 month))
        as date) as m
);

-- As marts.mart_source_coverage: a year covers its first to its last month reported, but
-- not the month in progress when it was loaded (now).
create or replace table coverage as
select
    source, period_year, min(month_key) as first_month_key,
    least(max(month_key), (year(current_date - interval 1 month) * 100
        + month(current_date - interval 1 month))::integer) as last_month_key
from fct_cases group by all;

create or replace table mart_cases_monthly_by_kategori as
with spine as (
    select y.source, d.month_key, d.tahun, d.bulan, c.kategori_korban
    from coverage as y
    inner join dim_month as d on d.month_key between y.first_month_key and y.last_month_key
    inner join (select distinct source, kategori_korban from fct_cases) as c
        on y.source = c.source
),
counted as (
    select source, month_key, kategori_korban, count(*) as jumlah_korban
    from fct_cases group by all
)
select s.*, coalesce(c.jumlah_korban, 0) as jumlah_korban
from spine as s
left join counted as c using (source, month_key, kategori_korban);

create or replace table mart_cases_monthly_by_bentuk as
select f.source, f.month_key, 'Semua' as jenis_kekerasan, b.bentuk_kekerasan,
    count(*) as jumlah_kasus
from fct_cases as f
inner join bdg_case_bentuk_kekerasan as b using (case_key, source)
inner join coverage as y
    on f.source = y.source and f.month_key between y.first_month_key and y.last_month_key
group by all;

create or replace table mart_simfoni_reporting_rate as
with spine as (
    select kab.kode_kemendagri as kabupaten_key, d.month_key, d.tahun, d.bulan
    from coverage
    inner join dim_month as d
        on d.month_key between coverage.first_month_key and coverage.last_month_key
    cross join kab
),
records as (
    select kabupaten_key, month_key, count(*) as jumlah_korban from fct_cases group by all
)
select
    s.*, coalesce(r.jumlah_korban, 0) as jumlah_korban,
    case when r.jumlah_korban > 0 then 1 else 0 end as laporan_diterima
from spine as s
left join records as r using (kabupaten_key, month_key);

create or replace table mart_simfoni_reporting_rate_yearly as
select
    kabupaten_key, tahun, sum(jumlah_korban) as jumlah_korban, count(*) as laporan_diharapkan,
    sum(laporan_diterima) as laporan_diterima,
    round(100.0 * sum(laporan_diterima) / count(*), 2) as reporting_rate_pct
from mart_simfoni_reporting_rate
group by all;

drop table landed;
drop table typed;
drop table checked;
