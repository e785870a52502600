-- model: mart_quarantine_reasons
-- description: One row per error a quarantined row was rejected for (a row can have several), with its feed, dataset and business date.
-- depends_on: quarantine, feeds
-- grain: feed_id, source_line, reason_no
-- incremental_by: full
-- dialect: duckdb
-- tests: not_null(feed_id, dataset, code), unique(feed_id, source_line, reason_no)
--
-- Warnings the row also had are not why it was quarantined, so they are not listed as its reasons.
-- DuckDB-only: quarantine.reasons is a JSON array text of {code, column, message}; unnesting it needs the json
-- functions. A PostgreSQL version would use jsonb_array_elements ... WITH ORDINALITY. The rows of a feed a replay
-- re-read (superseded_by) are left out: the replay's feed quarantined the same rows again.
SELECT
    q.feed_id,
    q.dataset,
    f.business_date,
    q.source_line,
    CAST(r.reason_no AS INTEGER) AS reason_no,
    COALESCE(json_extract_string(r.reason, '$.code'), 'UNKNOWN') AS code,
    json_extract_string(r.reason, '$.column') AS column_name
FROM quarantine q
LEFT JOIN feeds f ON f.feed_id = q.feed_id,
LATERAL (
    SELECT UNNEST(json_extract(q.reasons, '$[*]')) AS reason,
           generate_subscripts(json_extract(q.reasons, '$[*]'), 1) AS reason_no
) r
WHERE COALESCE(json_extract_string(r.reason, '$.severity'), 'error') = 'error'
  AND f.superseded_by IS NULL
ORDER BY q.feed_id, q.source_line, r.reason_no
