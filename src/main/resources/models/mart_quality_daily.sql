-- model: mart_quality_daily
-- description: The quality score per business day: rows loaded / (loaded + quarantined) over that day's finished feeds, times the share of expected feeds that arrived.
-- depends_on: feeds, feed_arrivals
-- grain: business_date
-- incremental_by: full
-- tests: not_null(business_date), unique(business_date)
--
-- Finished feeds are 'transformed' or 'failed'; feeds that repeated bytes already received (duplicate_of) are left
-- out, as are feeds a replay re-read (superseded_by: the replay's feed counts instead, so a replayed day is not
-- counted twice). A failed feed loads nothing, so its quarantined rows pull the score down. Expected feeds come from the last
-- completeness check of the day (feed_arrivals, docs/pipeline.md): a dataset missing or failed for any expected store
-- counts as not arrived, so a day whose sales never came is not 100%. score is a ratio 0..1.
WITH feed_days AS (
    SELECT
        COALESCE(business_date, CAST(created_at AS DATE)) AS business_date,
        COUNT(*) AS feeds,
        SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS feeds_failed,
        SUM(COALESCE(records_read, 0)) AS records_read,
        SUM(COALESCE(records_loaded, 0)) AS records_loaded,
        SUM(COALESCE(records_quarantined, 0)) AS records_quarantined
    FROM feeds
    WHERE status IN ('transformed', 'failed') AND duplicate_of IS NULL AND superseded_by IS NULL
    GROUP BY COALESCE(business_date, CAST(created_at AS DATE))
),
expected_days AS (
    SELECT business_date, COUNT(*) AS feeds_expected, SUM(not_arrived) AS feeds_not_arrived
    FROM (SELECT business_date, dataset, MAX(CASE WHEN status = 'arrived' THEN 0 ELSE 1 END) AS not_arrived
          FROM feed_arrivals GROUP BY business_date, dataset) per_dataset
    GROUP BY business_date
),
days AS (
    SELECT business_date FROM feed_days UNION SELECT business_date FROM expected_days
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
LEFT JOIN feed_days f ON f.business_date = d.business_date
LEFT JOIN expected_days e ON e.business_date = d.business_date
ORDER BY 1
