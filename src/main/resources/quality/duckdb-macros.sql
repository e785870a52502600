-- Parsing helpers for staged text (DuckDB dialect), created once per warehouse by the validator and kept in its catalog.
-- Each macro references its input once (lambda binding): nested macros that repeat their argument expand
-- multiplicatively and a few numeric columns then overflow the engine's stack.

-- sr_code: identifiers exported by spreadsheets as floats (17850.0) lose the fraction.
CREATE OR REPLACE MACRO sr_code(v) AS regexp_replace(v, '^(-?[0-9]+)\.0+$', '\1');

-- sr_num_text: normalise thousands separators and decimal commas to a plain decimal string.
--   1,234.56 -> 1234.56   1.234,56 -> 1234.56   12,5 -> 12.5   1,234 -> 1234   1.234.567 -> 1234567
CREATE OR REPLACE MACRO sr_num_text(s) AS
    CASE
        WHEN s LIKE '%,%' AND s LIKE '%.%' THEN
            CASE WHEN strpos(reverse(s), ',') < strpos(reverse(s), '.') THEN replace(replace(s, '.', ''), ',', '.')
                 ELSE replace(s, ',', '') END
        WHEN regexp_full_match(s, '-?[0-9]{1,3}(,[0-9]{3})+') THEN replace(s, ',', '')
        WHEN s LIKE '%,%' THEN replace(s, ',', '.')
        WHEN regexp_full_match(s, '-?[0-9]{1,3}(\.[0-9]{3}){2,}') THEN replace(s, '.', '')
        ELSE s
    END;

-- sr_num_slow: the general case: drop spaces, currency signs and a leading plus, (12.50) is negative, then normalise.
CREATE OR REPLACE MACRO sr_num_slow(v) AS
    list_transform([sr_num_text(regexp_replace(regexp_replace(v, '^\((.*)\)$', '-\1'), '[\s$€£¥+\x{00A0}]', '', 'g'))],
        lambda s: CASE WHEN regexp_full_match(s, '-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?') THEN TRY_CAST(s AS DECIMAL(18,4)) END)[1];

-- sr_num: plain numbers take the fast cast; only the rest pay for the general parser. TRY_CAST alone reads
-- 1_000 as 1000, which PostgreSQL does not (the same screens as DuckDbDialect.castOrNull, so both engines agree).
CREATE OR REPLACE MACRO sr_num(v) AS COALESCE(TRY_CAST(CASE WHEN NOT contains(v, '_') THEN v END AS DECIMAL(18,4)), sr_num_slow(v));

-- sr_num_sep: the decimal separator a number proves, for the validator's column profile: 1 a comma (2,50  1.234,5
-- 1.234.567  1234,5), 2 a point (2.50  1,234.5  1,234,567  1234.5), 0 neither (1,234 and 1.234 read either way; 12).
CREATE OR REPLACE MACRO sr_num_sep(v) AS
    list_transform([regexp_replace(regexp_replace(v, '^\((.*)\)$', '-\1'), '[\s$€£¥+\x{00A0}]', '', 'g')],
        lambda s: CASE
            WHEN regexp_full_match(s, '-?[0-9]{1,3}[.,][0-9]{3}') THEN 0
            WHEN regexp_full_match(s, '-?([0-9]+|[0-9]{1,3}(\.[0-9]{3})+),[0-9]+|-?[0-9]{1,3}(\.[0-9]{3}){2,}') THEN 1
            WHEN regexp_full_match(s, '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)\.[0-9]+|-?[0-9]{1,3}(,[0-9]{3}){2,}') THEN 2
            ELSE 0 END)[1];

-- sr_int: whole numbers only ('2.5' is not an integer; a plain cast would round it).
CREATE OR REPLACE MACRO sr_int(v) AS
    COALESCE(CASE WHEN NOT contains(v, ',') AND translate(v, '_xXbBoOeE.', '') = v THEN TRY_CAST(v AS BIGINT) END,
             list_transform([sr_num_slow(v)], lambda n: CASE WHEN n = trunc(n) THEN TRY_CAST(n AS BIGINT) END)[1]);

CREATE OR REPLACE MACRO sr_bool(v) AS
    CASE WHEN lower(v) IN ('true', 't', 'yes', 'y', '1', 'x', 'ja', 'oui', 'si') THEN TRUE
         WHEN lower(v) IN ('false', 'f', 'no', 'n', '0', 'nein', 'non') THEN FALSE END;

-- The layouts below hold digits, separators, T and Z only: try_strptime reads 'epoch' and 'infinity' as 1900-01-01
-- whatever the format, so only such values are given to it (and year 0, which PostgreSQL does not have, is not).
CREATE OR REPLACE MACRO sr_ts_text(v) AS
    CASE WHEN translate(v, '0123456789-/.: TZ', '') = '' AND NOT starts_with(trim(v), '0000') THEN v END;
CREATE OR REPLACE MACRO sr_ts_dmy(v) AS try_strptime(sr_ts_text(v), ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S',
    '%Y-%m-%d %H:%M:%S.%g', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%SZ', '%Y/%m/%d', '%Y%m%d',
    '%d/%m/%Y', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%d.%m.%Y', '%d.%m.%Y %H:%M', '%d-%m-%Y', '%d/%m/%y']);
CREATE OR REPLACE MACRO sr_ts_mdy(v) AS try_strptime(sr_ts_text(v), ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S',
    '%Y-%m-%d %H:%M:%S.%g', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%SZ', '%Y/%m/%d', '%Y%m%d',
    '%m/%d/%Y', '%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S', '%m.%d.%Y', '%m-%d-%Y', '%m/%d/%y']);

-- Dates and times: ISO text takes the fast cast; other layouts go through the format list. The cast only for
-- digits and separators with a four-digit year other than 0000: alone it reads 'epoch', 'infinity' and year 0, which
-- PostgreSQL does not (the same screens as DuckDbDialect.castOrNull).
CREATE OR REPLACE MACRO sr_iso_date(v) AS
    TRY_CAST(CASE WHEN translate(v, ' 0123456789', '') = '--' AND strpos(trim(v), '-') = 5
                       AND NOT starts_with(trim(v), '0000') THEN v END AS DATE);
CREATE OR REPLACE MACRO sr_iso_timestamp(v) AS
    TRY_CAST(CASE WHEN translate(v, ' 0123456789', '') IN ('--', '--:', '--::', '--::.', '--T:', '--T::', '--T::.',
                       '--Z', '--:Z', '--::Z', '--::.Z', '--T:Z', '--T::Z', '--T::.Z') AND strpos(trim(v), '-') = 5
                       AND NOT starts_with(trim(v), '0000') THEN v END AS TIMESTAMP);
CREATE OR REPLACE MACRO sr_date_dmy(v) AS COALESCE(sr_iso_date(v), CAST(sr_ts_dmy(v) AS DATE));
CREATE OR REPLACE MACRO sr_date_mdy(v) AS COALESCE(sr_iso_date(v), CAST(sr_ts_mdy(v) AS DATE));
CREATE OR REPLACE MACRO sr_timestamp_dmy(v) AS COALESCE(sr_iso_timestamp(v), sr_ts_dmy(v));
CREATE OR REPLACE MACRO sr_timestamp_mdy(v) AS COALESCE(sr_iso_timestamp(v), sr_ts_mdy(v));


-- The validator's day/month evidence: does a value start with two small numbers and a year (03/05/2026, 03.05.2026,
-- 03-05-2026), and its first or second number. PostgreSQL spells the same pattern its own way.
CREATE OR REPLACE MACRO sr_dm_date(v) AS regexp_matches(v, '^\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{2,4}');
CREATE OR REPLACE MACRO sr_dm_part(v, i) AS TRY_CAST(regexp_extract(v, '^\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{2,4}', i) AS INTEGER);

-- JSON arrays kept as text (quarantine.reasons): the number of elements, and field k of element i (1-based) as text.
CREATE OR REPLACE MACRO sr_json_length(j) AS CAST(json_array_length(j) AS BIGINT);
CREATE OR REPLACE MACRO sr_json_field(j, i, k) AS json_extract_string(j, '$[' || CAST(i - 1 AS VARCHAR) || '].' || k);

-- Dice coefficient of the distinct words ([a-z0-9%]+) of two lower-cased texts: how the upload preview matches a
-- file's description to a product name (ingest/PreviewRows). 0 when neither has a word.
CREATE OR REPLACE MACRO sr_word_dice(a, b) AS
    CASE WHEN len(regexp_extract_all(a, '[a-z0-9%]+')) + len(regexp_extract_all(b, '[a-z0-9%]+')) = 0 THEN 0.0
         ELSE 2.0 * len(list_intersect(list_distinct(regexp_extract_all(a, '[a-z0-9%]+')), list_distinct(regexp_extract_all(b, '[a-z0-9%]+'))))
              / (len(list_distinct(regexp_extract_all(a, '[a-z0-9%]+'))) + len(list_distinct(regexp_extract_all(b, '[a-z0-9%]+')))) END;

-- Whether a model joins a large table once and splits the joined rows (PostgreSQL: TRUE) or joins it once for each
-- branch that needs it (here: FALSE). DuckDB writes out a CTE that two branches read, which costs more than a second
-- join; PostgreSQL spills each 10M-row join to disk. mart_inventory_position_base has both forms, guarded by this.
CREATE OR REPLACE MACRO sr_join_once() AS FALSE;
