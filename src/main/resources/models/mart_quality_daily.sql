-- model: mart_quality_daily
-- description: The quality score per business day: rows loaded / (loaded + quarantined) over that day's finished feeds, times the share of expected feeds that arrived.
-- depends_on: feeds, feed_days, feed_arrivals
-- grain: business_date
-- incremental_by: full
-- tests: not_null(business_date), unique(business_date)
--
-- Finished feeds are 'transformed' or 'failed'; feeds that repeated bytes already received (duplicate_of) are left
-- out, as are feeds a replay re-read (superseded_by: the replay's feed counts instead, so a replayed day is not
-- counted twice). A failed feed loads nothing, so its quarantined rows pull the score down. Expected feeds come from the last
-- completeness check of the day (feed_arrivals, docs/pipeline.md): a dataset missing or failed for any expected store
-- counts as not arrived, so a day whose sales never came is not 100%. score is a ratio 0..1.
-- A feed is counted (feeds, feeds_failed) on the date it is filed under; its rows on the dates they are on: a file
-- holding several days (a backfill, a week's export) or the day before its name's (feed_days, written when its rows
-- are not all on its own date), so a bad row of 3 November lowers 3 November's score, not the backfill's last day.
WITH finished AS (
    SELECT
        feed_id,
        COALESCE(business_date, CAST(created_at AS DATE)) AS business_date,
        status,
        COALESCE(records_read, 0) AS records_read,
        COALESCE(records_loaded, 0) AS records_loaded,
        COALESCE(records_quarantined, 0) AS records_quarantined
    FROM feeds
    WHERE status IN ('transformed', 'failed') AND duplicate_of IS NULL AND superseded_by IS NULL
),
feed_rows AS (
    SELECT f.business_date, f.records_read, f.records_loaded, f.records_quarantined
    FROM finished f
    WHERE NOT EXISTS (SELECT 1 FROM feed_days d WHERE d.feed_id = f.feed_id)
    UNION ALL
    SELECT d.business_date, d.records_loaded + d.records_quarantined, d.records_loaded, d.records_quarantined
    FROM feed_days d
    JOIN finished f ON f.feed_id = d.feed_id
),
feed_counts AS (
    SELECT business_date, COUNT(*) AS feeds, SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS feeds_failed
    FROM finished
    GROUP BY business_date
),
row_days AS (
    SELECT business_date, SUM(records_read) AS records_read, SUM(records_loaded) AS records_loaded,
           SUM(records_quarantined) AS records_quarantined
    FROM feed_rows
    GROUP BY business_date
),
day_totals AS (
    SELECT
        COALESCE(c.business_date, r.business_date) AS business_date,
        COALESCE(c.feeds, 0) AS feeds,
        COALESCE(c.feeds_failed, 0) AS feeds_failed,
        COALESCE(r.records_read, 0) AS records_read,
        COALESCE(r.records_loaded, 0) AS records_loaded,
        COALESCE(r.records_quarantined, 0) AS records_quarantined
    FROM feed_counts c
    FULL OUTER JOIN row_days r ON r.business_date = c.business_date
),
expected_days AS (
    SELECT business_date, COUNT(*) AS feeds_expected, SUM(not_arrived) AS feeds_not_arrived
    FROM (SELECT business_date, dataset, MAX(CASE WHEN status = 'arrived' THEN 0 ELSE 1 END) AS not_arrived
          FROM feed_arrivals GROUP BY business_date, dataset) per_dataset
    GROUP BY business_date
),
days AS (
    SELECT business_date FROM day_totals UNION SELECT business_date FROM expected_days
)
SELECT
    d.business_date,
    CAST(COALESCE(f.feeds, 0) AS BIGINT) AS feeds,
    CAST(COALESCE(f.feeds_failed, 0) AS BIGINT) AS feeds_failed,
    CAST(COALESCE(f.records_read, 0) AS BIGINT) AS records_read,
    CAST(COALESCE(f.records_loaded, 0) AS BIGINT) AS records_loaded,
    CAST(COALESCE(f.records_quarantined, 0) AS BIGINT) AS records_quarantined,
    CAST(COALESCE(e.feeds_expected, 0) AS BIGINT) AS feeds_expected,
    CAST(COALESCE(e.feeds_not_arrived, 0) AS BIGINT) AS feeds_not_arrived,
    CAST(ROUND(CAST(COALESCE(1.0 * f.records_loaded / NULLIF(f.records_loaded + f.records_quarantined, 0), CASE WHEN e.feeds_expected > 0 THEN 1.0 END)
               * COALESCE(1.0 * (e.feeds_expected - e.feeds_not_arrived) / NULLIF(e.feeds_expected, 0), 1.0) AS DECIMAL(38,9)), 4) AS DECIMAL(6,4)) AS score
FROM days d
LEFT JOIN day_totals f ON f.business_date = d.business_date
LEFT JOIN expected_days e ON e.business_date = d.business_date
ORDER BY 1
