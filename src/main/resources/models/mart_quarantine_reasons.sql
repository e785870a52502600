-- model: mart_quarantine_reasons
-- description: One row per error a quarantined row was rejected for (a row can have several), with its feed, dataset and business date.
-- depends_on: quarantine, feeds
-- grain: feed_id, source_line, reason_no
-- incremental_by: full
-- tests: not_null(feed_id, dataset, code), unique(feed_id, source_line, reason_no)
--
-- Warnings the row also had are not why it was quarantined, so they are not listed as its reasons.
-- quarantine.reasons is a JSON array text of {code, column, severity, message}: one row per element, through the
-- engine's JSON macros (sr_json_length, sr_json_field: quality/duckdb-macros.sql, warehouse/postgres/functions.sql).
-- The rows of a feed a replay re-read (superseded_by) are left out: the replay's feed quarantined the same rows again.
SELECT
    q.feed_id,
    q.dataset,
    f.business_date,
    q.source_line,
    CAST(r.reason_no AS INTEGER) AS reason_no,
    COALESCE(sr_json_field(q.reasons, r.reason_no, 'code'), 'UNKNOWN') AS code,
    sr_json_field(q.reasons, r.reason_no, 'column') AS column_name
FROM quarantine q
LEFT JOIN feeds f ON f.feed_id = q.feed_id,
LATERAL (SELECT g.i AS reason_no FROM generate_series(1, sr_json_length(q.reasons)) AS g(i)) r
WHERE COALESCE(sr_json_field(q.reasons, r.reason_no, 'severity'), 'error') = 'error'
  AND f.superseded_by IS NULL
ORDER BY q.feed_id, q.source_line, r.reason_no
