-- Parsing helpers for staged text, created per connection before checks run (DuckDB dialect).
-- sr_null: empty strings and the usual spreadsheet null words become NULL.
CREATE OR REPLACE TEMP MACRO sr_null(v) AS
    CASE WHEN v IS NULL OR trim(v) IN ('', 'NULL', 'null', 'Null', 'N/A', 'n/a', 'NA', '#N/A', 'NaN', 'None', 'nil') THEN NULL ELSE trim(v) END;
-- sr_code: identifiers exported by spreadsheets as floats (17850.0) lose the fraction.
CREATE OR REPLACE TEMP MACRO sr_code(v) AS regexp_replace(v, '^(-?[0-9]+)\.0+$', '\1');
-- sr_num_clean: drop spaces, currency signs and a leading plus; (12.50) is negative.
CREATE OR REPLACE TEMP MACRO sr_num_clean(v) AS
    CASE WHEN regexp_full_match(v, '\(.*\)') THEN '-' || regexp_replace(v, '[\s$€£¥()+\x{00A0}]', '', 'g')
         ELSE regexp_replace(v, '[\s$€£¥+\x{00A0}]', '', 'g') END;
-- sr_num_text: normalise thousands separators and decimal commas to a plain decimal string.
--   1,234.56 -> 1234.56   1.234,56 -> 1234.56   12,5 -> 12.5   1,234 -> 1234   1.234.567 -> 1234567
CREATE OR REPLACE TEMP MACRO sr_num_text(s) AS
    CASE
        WHEN s LIKE '%,%' AND s LIKE '%.%' THEN
            CASE WHEN strpos(reverse(s), ',') < strpos(reverse(s), '.') THEN replace(replace(s, '.', ''), ',', '.')
                 ELSE replace(s, ',', '') END
        WHEN regexp_full_match(s, '-?[0-9]{1,3}(,[0-9]{3})+') THEN replace(s, ',', '')
        WHEN s LIKE '%,%' THEN replace(s, ',', '.')
        WHEN regexp_full_match(s, '-?[0-9]{1,3}(\.[0-9]{3}){2,}') THEN replace(s, '.', '')
        ELSE s
    END;
CREATE OR REPLACE TEMP MACRO sr_num(v) AS
    CASE WHEN regexp_full_match(sr_num_text(sr_num_clean(v)), '-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?')
         THEN TRY_CAST(sr_num_text(sr_num_clean(v)) AS DECIMAL(18,4)) END;
CREATE OR REPLACE TEMP MACRO sr_int(v) AS
    CASE WHEN sr_num(v) = trunc(sr_num(v)) THEN TRY_CAST(sr_num(v) AS BIGINT) END;
CREATE OR REPLACE TEMP MACRO sr_bool(v) AS
    CASE WHEN lower(v) IN ('true', 't', 'yes', 'y', '1', 'x', 'ja', 'oui', 'si') THEN TRUE
         WHEN lower(v) IN ('false', 'f', 'no', 'n', '0', 'nein', 'non') THEN FALSE END;
CREATE OR REPLACE TEMP MACRO sr_ts_dmy(v) AS try_strptime(v, ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S',
    '%Y-%m-%d %H:%M:%S.%g', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%SZ', '%Y/%m/%d', '%Y%m%d',
    '%d/%m/%Y', '%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%d.%m.%Y', '%d.%m.%Y %H:%M', '%d-%m-%Y', '%d/%m/%y']);
CREATE OR REPLACE TEMP MACRO sr_ts_mdy(v) AS try_strptime(v, ['%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S',
    '%Y-%m-%d %H:%M:%S.%g', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%dT%H:%M:%SZ', '%Y/%m/%d', '%Y%m%d',
    '%m/%d/%Y', '%m/%d/%Y %H:%M', '%m/%d/%Y %H:%M:%S', '%m.%d.%Y', '%m-%d-%Y', '%m/%d/%y']);
