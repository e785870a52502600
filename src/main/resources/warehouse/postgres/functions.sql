-- Parsing helpers for staged text (PostgreSQL), installed in the warehouse schema when the warehouse opens.
-- The same names and results as quality/duckdb-macros.sql, so the checks compiled from a contract are one SQL
-- text for both engines; where DuckDB has a built-in the checks call (contains, regexp_full_match) it is
-- provided here under the same name.

CREATE OR REPLACE FUNCTION contains(v TEXT, part TEXT) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT strpos(v, part) > 0 $$;

-- DuckDB's regexp_full_match: the whole value matches (RE2 and PostgreSQL's ARE agree on the patterns used here).
CREATE OR REPLACE FUNCTION regexp_full_match(v TEXT, pattern TEXT) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT v ~ ('^(?:' || pattern || ')$') $$;

-- Cast or NULL (DuckDB's TRY_CAST): a cheap pattern screen, and the cast itself guarded for range errors.
CREATE OR REPLACE FUNCTION sr_try_bigint(v TEXT) RETURNS BIGINT
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF v IS NULL OR v !~ '^\s*[-+]?[0-9]+\s*$' THEN
        RETURN NULL;
    END IF;
    RETURN CAST(v AS BIGINT);
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sr_try_decimal(v TEXT) RETURNS DECIMAL(18,4)
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF v IS NULL OR v !~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$' THEN
        RETURN NULL;
    END IF;
    RETURN CAST(v AS DECIMAL(18,4));
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

-- ISO dates only, as DuckDB's cast: 03/04/2024 is left to the day-first / month-first parsers below.
CREATE OR REPLACE FUNCTION sr_try_date(v TEXT) RETURNS DATE
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF v IS NULL OR v !~ '^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*$' THEN
        RETURN NULL;
    END IF;
    RETURN CAST(v AS DATE);
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sr_try_timestamp(v TEXT) RETURNS TIMESTAMP
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF v IS NULL OR v !~ '^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?Z?\s*$' THEN
        RETURN NULL;
    END IF;
    RETURN CAST(replace(v, 'Z', '') AS TIMESTAMP);
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

-- sr_try_timestamptz: an ISO date and time written with a UTC offset or Z as that instant, else NULL (the pattern is
-- Dialect.OFFSET_TIMESTAMP; the offset is explicit, so the session's TimeZone plays no part).
CREATE OR REPLACE FUNCTION sr_try_timestamptz(v TEXT) RETURNS TIMESTAMPTZ
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF v IS NULL OR v !~ '^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)\s*$' THEN
        RETURN NULL;
    END IF;
    RETURN CAST(v AS TIMESTAMPTZ);
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

-- sr_code: identifiers exported by spreadsheets as floats (17850.0) lose the fraction.
CREATE OR REPLACE FUNCTION sr_code(v TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT regexp_replace(v, '^(-?[0-9]+)\.0+$', '\1') $$;

-- sr_num_text: thousands separators and decimal commas to a plain decimal string (see duckdb-macros.sql).
CREATE OR REPLACE FUNCTION sr_num_text(s TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN s LIKE '%,%' AND s LIKE '%.%' THEN
            CASE WHEN strpos(reverse(s), ',') < strpos(reverse(s), '.') THEN replace(replace(s, '.', ''), ',', '.')
                 ELSE replace(s, ',', '') END
        WHEN regexp_full_match(s, '-?[0-9]{1,3}(,[0-9]{3})+') THEN replace(s, ',', '')
        WHEN s LIKE '%,%' THEN replace(s, ',', '.')
        WHEN regexp_full_match(s, '-?[0-9]{1,3}(\.[0-9]{3}){2,}') THEN replace(s, '.', '')
        ELSE s
    END $$;

-- sr_num_slow: drop spaces, currency signs and a leading plus, (12.50) is negative, then normalise.
CREATE OR REPLACE FUNCTION sr_num_slow(v TEXT) RETURNS DECIMAL(18,4)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN regexp_full_match(s, '-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?') THEN sr_try_decimal(s) END
    FROM (SELECT sr_num_text(regexp_replace(regexp_replace(v, '^\((.*)\)$', '-\1'), '[\s$€£¥+\u00A0]', '', 'g')) AS s) x $$;

CREATE OR REPLACE FUNCTION sr_num(v TEXT) RETURNS DECIMAL(18,4)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(sr_try_decimal(v), sr_num_slow(v)) $$;

-- sr_num_sep: the decimal separator a number proves (see duckdb-macros.sql): 1 a comma, 2 a point, 0 neither.
CREATE OR REPLACE FUNCTION sr_num_sep(v TEXT) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN regexp_full_match(s, '-?[0-9]{1,3}[.,][0-9]{3}') THEN 0
        WHEN regexp_full_match(s, '-?([0-9]+|[0-9]{1,3}(\.[0-9]{3})+),[0-9]+|-?[0-9]{1,3}(\.[0-9]{3}){2,}') THEN 1
        WHEN regexp_full_match(s, '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)\.[0-9]+|-?[0-9]{1,3}(,[0-9]{3}){2,}') THEN 2
        ELSE 0 END
    FROM (SELECT regexp_replace(regexp_replace(v, '^\((.*)\)$', '-\1'), '[\s$€£¥+\u00A0]', '', 'g') AS s) x $$;

-- sr_int: whole numbers only ('2.5' is not an integer; a plain cast would round it).
CREATE OR REPLACE FUNCTION sr_int(v TEXT) RETURNS BIGINT
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT COALESCE(CASE WHEN strpos(v, '.') = 0 AND strpos(v, ',') = 0 THEN sr_try_bigint(v) END,
                    (SELECT CASE WHEN n = trunc(n) THEN CAST(n AS BIGINT) END FROM (SELECT sr_num_slow(v) AS n) x)) $$;

CREATE OR REPLACE FUNCTION sr_bool(v TEXT) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN lower(v) IN ('true', 't', 'yes', 'y', '1', 'x', 'ja', 'oui', 'si') THEN TRUE
                WHEN lower(v) IN ('false', 'f', 'no', 'n', '0', 'nein', 'non') THEN FALSE END $$;

-- The non-ISO layouts of duckdb-macros.sql's format lists: YYYY/MM/DD, YYYYMMDD, and day-first (or month-first)
-- D/M/Y, D.M.Y, D-M-Y with 2- or 4-digit years and an optional HH:MM[:SS].
CREATE OR REPLACE FUNCTION sr_ts_parts(v TEXT, day_first BOOLEAN) RETURNS TIMESTAMP
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    p TEXT[];
    y INTEGER;
BEGIN
    IF v IS NULL THEN
        RETURN NULL;
    END IF;
    p := regexp_match(v, '^([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})$');
    IF p IS NOT NULL THEN
        RETURN make_timestamp(CAST(p[1] AS INTEGER), CAST(p[2] AS INTEGER), CAST(p[3] AS INTEGER), 0, 0, 0);
    END IF;
    p := regexp_match(v, '^([0-9]{4})([0-9]{2})([0-9]{2})$');
    IF p IS NOT NULL THEN
        RETURN make_timestamp(CAST(p[1] AS INTEGER), CAST(p[2] AS INTEGER), CAST(p[3] AS INTEGER), 0, 0, 0);
    END IF;
    p := regexp_match(v, '^([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})(?: ([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$');
    IF p IS NULL THEN
        RETURN NULL;
    END IF;
    -- A two-digit year is that year, as DuckDB's %Y reads it (24 is 0024): the date window then rejects it as too old
    -- instead of guessing the century.
    y := CAST(p[4] AS INTEGER);
    RETURN make_timestamp(y, CAST(CASE WHEN day_first THEN p[3] ELSE p[1] END AS INTEGER), CAST(CASE WHEN day_first THEN p[1] ELSE p[3] END AS INTEGER),
        COALESCE(CAST(p[5] AS INTEGER), 0), COALESCE(CAST(p[6] AS INTEGER), 0), COALESCE(CAST(p[7] AS DOUBLE PRECISION), 0));
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION sr_ts_dmy(v TEXT) RETURNS TIMESTAMP
    LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(sr_try_timestamp(v), sr_ts_parts(v, TRUE)) $$;
CREATE OR REPLACE FUNCTION sr_ts_mdy(v TEXT) RETURNS TIMESTAMP
    LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(sr_try_timestamp(v), sr_ts_parts(v, FALSE)) $$;

CREATE OR REPLACE FUNCTION sr_date_dmy(v TEXT) RETURNS DATE
    LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(sr_try_date(v), CAST(sr_ts_dmy(v) AS DATE)) $$;
CREATE OR REPLACE FUNCTION sr_date_mdy(v TEXT) RETURNS DATE
    LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(sr_try_date(v), CAST(sr_ts_mdy(v) AS DATE)) $$;
CREATE OR REPLACE FUNCTION sr_timestamp_dmy(v TEXT) RETURNS TIMESTAMP
    LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(sr_try_timestamp(v), sr_ts_dmy(v)) $$;
CREATE OR REPLACE FUNCTION sr_timestamp_mdy(v TEXT) RETURNS TIMESTAMP
    LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT COALESCE(sr_try_timestamp(v), sr_ts_mdy(v)) $$;

-- The validator's day/month evidence (duckdb-macros.sql: sr_dm_date, sr_dm_part).
CREATE OR REPLACE FUNCTION sr_dm_date(v TEXT) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT v ~ '^\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{2,4}' $$;
CREATE OR REPLACE FUNCTION sr_dm_part(v TEXT, i INTEGER) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CAST((regexp_match(v, '^\s*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-][0-9]{2,4}'))[i] AS INTEGER) $$;

-- any_value is built in from PostgreSQL 16; on 15 the warehouse schema provides it (the built-in wins where it exists).
CREATE OR REPLACE FUNCTION sr_any_value_step(kept ANYELEMENT, next ANYELEMENT) RETURNS ANYELEMENT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT COALESCE(kept, next) $$;
DO $$
BEGIN
    IF to_regprocedure('any_value(anyelement)') IS NULL THEN
        CREATE AGGREGATE any_value(ANYELEMENT) (SFUNC = sr_any_value_step, STYPE = ANYELEMENT);
    END IF;
END $$;

-- Whether a model joins a large table once and splits the joined rows (here: TRUE) or joins it once for each branch
-- that needs it (DuckDB: FALSE). Each join of 10M rows spills to disk here; DuckDB writes out a CTE two branches read.
-- Inlined and folded by the planner, so the other form's branch is never run (One-Time Filter: false).
CREATE OR REPLACE FUNCTION sr_join_once() RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT TRUE $$;

-- JSON arrays kept as text (quarantine.reasons): the number of elements, and field k of element i (1-based) as text.
CREATE OR REPLACE FUNCTION sr_json_length(j TEXT) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CAST(json_array_length(CAST(j AS JSON)) AS BIGINT) $$;
CREATE OR REPLACE FUNCTION sr_json_field(j TEXT, i BIGINT, k TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CAST(j AS JSON) -> CAST(i - 1 AS INTEGER) ->> k $$;

-- DuckDB rounds a double to d places (ROUND(x, 2) in the marts); PostgreSQL only rounds numerics that way.
CREATE OR REPLACE FUNCTION round(v DOUBLE PRECISION, d INTEGER) RETURNS DOUBLE PRECISION
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CAST(round(CAST(v AS NUMERIC), d) AS DOUBLE PRECISION) $$;

-- DuckDB's built-in string distances, used by the upload preview to suggest a known SKU for an unknown one
-- (ingest/PreviewRows): the same results on PostgreSQL without an extension (fuzzystrmatch has no Jaro-Winkler and is
-- not installable everywhere). Per character, as DuckDB on the ASCII codes and names it compares.
CREATE OR REPLACE FUNCTION levenshtein(a TEXT, b TEXT) RETURNS BIGINT
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    la INTEGER := length(a);
    lb INTEGER := length(b);
    prev INTEGER[];
    cur INTEGER[];
BEGIN
    IF la = 0 OR lb = 0 THEN
        RETURN greatest(la, lb);
    END IF;
    prev := ARRAY(SELECT generate_series(0, lb));
    FOR i IN 1..la LOOP
        cur := ARRAY[i];
        FOR j IN 1..lb LOOP
            cur := cur || least(prev[j + 1] + 1, cur[j] + 1, prev[j] + CASE WHEN substr(a, i, 1) = substr(b, j, 1) THEN 0 ELSE 1 END);
        END LOOP;
        prev := cur;
    END LOOP;
    RETURN prev[lb + 1];
END $$;

-- Jaro similarity with Winkler's prefix boost (0.1 per common leading character, at most 4, when Jaro > 0.7).
CREATE OR REPLACE FUNCTION jaro_winkler_similarity(a TEXT, b TEXT) RETURNS DOUBLE PRECISION
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    la INTEGER := length(a);
    lb INTEGER := length(b);
    win INTEGER;
    am BOOLEAN[];
    bm BOOLEAN[];
    m INTEGER := 0;
    t INTEGER := 0;
    k INTEGER := 1;
    p INTEGER := 0;
    jaro DOUBLE PRECISION;
BEGIN
    IF la = 0 AND lb = 0 THEN
        RETURN 1.0;
    END IF;
    IF la = 0 OR lb = 0 THEN
        RETURN 0.0;
    END IF;
    win := greatest(greatest(la, lb) / 2 - 1, 0);
    am := array_fill(FALSE, ARRAY[la]);
    bm := array_fill(FALSE, ARRAY[lb]);
    FOR i IN 1..la LOOP
        FOR j IN greatest(1, i - win)..least(lb, i + win) LOOP
            IF NOT bm[j] AND substr(a, i, 1) = substr(b, j, 1) THEN
                am[i] := TRUE;
                bm[j] := TRUE;
                m := m + 1;
                EXIT;
            END IF;
        END LOOP;
    END LOOP;
    IF m = 0 THEN
        RETURN 0.0;
    END IF;
    FOR i IN 1..la LOOP
        IF am[i] THEN
            WHILE NOT bm[k] LOOP
                k := k + 1;
            END LOOP;
            IF substr(a, i, 1) <> substr(b, k, 1) THEN
                t := t + 1;
            END IF;
            k := k + 1;
        END IF;
    END LOOP;
    jaro := (CAST(m AS DOUBLE PRECISION) / la + CAST(m AS DOUBLE PRECISION) / lb + CAST(m - t / 2 AS DOUBLE PRECISION) / m) / 3.0;
    IF jaro > 0.7 THEN
        WHILE p < least(4, la, lb) AND substr(a, p + 1, 1) = substr(b, p + 1, 1) LOOP
            p := p + 1;
        END LOOP;
        jaro := jaro + p * 0.1 * (1.0 - jaro);
    END IF;
    RETURN jaro;
END $$;

-- Dice coefficient of the distinct words ([a-z0-9%]+) of two lower-cased texts, as quality/duckdb-macros.sql.
CREATE OR REPLACE FUNCTION sr_word_dice(a TEXT, b TEXT) RETURNS DOUBLE PRECISION
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH x AS (SELECT DISTINCT m[1] AS w FROM regexp_matches(a, '[a-z0-9%]+', 'g') AS m),
         y AS (SELECT DISTINCT m[1] AS w FROM regexp_matches(b, '[a-z0-9%]+', 'g') AS m)
    SELECT CAST(CASE WHEN (SELECT COUNT(*) FROM x) + (SELECT COUNT(*) FROM y) = 0 THEN 0.0
                     ELSE 2.0 * (SELECT COUNT(*) FROM x JOIN y ON x.w = y.w) / ((SELECT COUNT(*) FROM x) + (SELECT COUNT(*) FROM y)) END
                AS DOUBLE PRECISION) $$;

-- From PostgreSQL 16, pg_input_is_valid tests a cast without raising: the casts above become plain SQL functions
-- the planner inlines into the staging query. The PL/pgSQL forms (kept for 15) open a subtransaction for every
-- value they cast (their EXCEPTION block), which made staging the slowest step of a daily run on PostgreSQL.
-- STABLE, not IMMUTABLE: text to date and timestamp read DateStyle, and an IMMUTABLE function is only inlined when
-- its body is immutable too. The cast takes the CASE (NULL when invalid), never the value itself: the planner folds
-- a cast of a constant at plan time, in a branch that would not run too, and a literal out of range would raise.
DO $$
BEGIN
    IF current_setting('server_version_num')::INTEGER >= 160000 THEN
        EXECUTE $f$
            CREATE OR REPLACE FUNCTION sr_try_bigint(v TEXT) RETURNS BIGINT
                LANGUAGE sql STABLE PARALLEL SAFE AS
                'SELECT CAST(CASE WHEN v ~ ''^\s*[-+]?[0-9]+\s*$'' AND pg_input_is_valid(v, ''bigint'')
                                  THEN v END AS BIGINT)'$f$;
        EXECUTE $f$
            CREATE OR REPLACE FUNCTION sr_try_decimal(v TEXT) RETURNS DECIMAL(18,4)
                LANGUAGE sql STABLE PARALLEL SAFE AS
                'SELECT CAST(CASE WHEN v ~ ''^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$''
                                       AND pg_input_is_valid(v, ''numeric(18,4)'')
                                  THEN v END AS DECIMAL(18,4))'$f$;
        EXECUTE $f$
            CREATE OR REPLACE FUNCTION sr_try_date(v TEXT) RETURNS DATE
                LANGUAGE sql STABLE PARALLEL SAFE AS
                'SELECT CAST(CASE WHEN v ~ ''^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*$'' AND pg_input_is_valid(v, ''date'')
                                  THEN v END AS DATE)'$f$;
        EXECUTE $f$
            CREATE OR REPLACE FUNCTION sr_try_timestamp(v TEXT) RETURNS TIMESTAMP
                LANGUAGE sql STABLE PARALLEL SAFE AS
                'SELECT CAST(CASE WHEN v ~ ''^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?Z?\s*$''
                                       AND pg_input_is_valid(replace(v, ''Z'', ''''), ''timestamp'')
                                  THEN replace(v, ''Z'', '''') END AS TIMESTAMP)'$f$;
        EXECUTE $f$
            CREATE OR REPLACE FUNCTION sr_try_timestamptz(v TEXT) RETURNS TIMESTAMPTZ
                LANGUAGE sql STABLE PARALLEL SAFE AS
                'SELECT CAST(CASE WHEN v ~ ''^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)\s*$''
                                       AND pg_input_is_valid(v, ''timestamptz'')
                                  THEN v END AS TIMESTAMPTZ)'$f$;
    END IF;
END $$;

-- DuckDB's ends_with and error, which the fast path's checks call (starts_with is built in).
CREATE OR REPLACE FUNCTION ends_with(v TEXT, part TEXT) RETURNS BOOLEAN
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT right(v, length(part)) = part $$;
-- VOLATILE, so the planner never calls it ahead of the row that reaches it.
CREATE OR REPLACE FUNCTION error(message TEXT) RETURNS TEXT
    LANGUAGE plpgsql VOLATILE AS $$ BEGIN RAISE EXCEPTION '%', message; END $$;

-- The fast path's typed read (PostgresDialect.readTyped): a value in the one plain form that the general parsers read
-- the same way is cast; any other value stops the load, which then takes the general path. PostgreSQL's own input
-- reads more than the general path does, and differently: 'today', 'epoch', 'Jan 3 2026' and DateStyle's day/month
-- order as dates, ' 12 ', 'NaN', 'Infinity', '1_000' and '0x1F' as numbers. Cheap screens (LIKE and translate
-- instead of a regular expression, which costs as much as the rest of the read): a date is YYYY-MM-DD in digits; a
-- number is digits with at most a leading '-' and one '.' (anything else of those characters, such as '5-' or
-- '.', fails the cast). The cast takes the CASE, never the value, so a NULL stays NULL and nothing is folded early.
CREATE OR REPLACE FUNCTION sr_read_date(v TEXT) RETURNS DATE
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CAST(CASE WHEN v LIKE '____-__-__' AND translate(v, '0123456789', '') = '--' THEN v
                     ELSE 'not a plain ISO date (YYYY-MM-DD): ' || v END AS DATE) $$;
CREATE OR REPLACE FUNCTION sr_read_decimal(v TEXT) RETURNS DECIMAL(18,4)
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CAST(CASE WHEN translate(v, '0123456789', '') IN ('', '.', '-', '-.') THEN v
                     ELSE 'not a plain number: ' || v END AS DECIMAL(18,4)) $$;
CREATE OR REPLACE FUNCTION sr_read_timestamp(v TEXT) RETURNS TIMESTAMP
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CAST(CASE WHEN v ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)?$' THEN v
                     ELSE 'not a plain ISO timestamp: ' || v END AS TIMESTAMP) $$;
