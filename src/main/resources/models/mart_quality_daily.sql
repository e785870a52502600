-- model: mart_quality_daily
-- description: The quality score per business day: rows loaded / (loaded + quarantined) over that day's finished feeds.
-- depends_on: feeds
-- grain: business_date
-- incremental_by: full
-- tests: not_null(business_date), unique(business_date)
--
-- Finished feeds are 'transformed' or 'failed'; feeds that repeated bytes already received (duplicate_of) are left
-- out, as are feeds a replay re-read (superseded_by: the replay's feed counts instead, so a replayed day is not
-- counted twice). A failed feed loads nothing, so its quarantined rows pull the score down. score is a ratio 0..1.
SELECT
    COALESCE(business_date, CAST(created_at AS DATE)) AS business_date,
    CAST(COUNT(*) AS BIGINT) AS feeds,
    CAST(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS BIGINT) AS feeds_failed,
    CAST(SUM(COALESCE(records_read, 0)) AS BIGINT) AS records_read,
    CAST(SUM(COALESCE(records_loaded, 0)) AS BIGINT) AS records_loaded,
    CAST(SUM(COALESCE(records_quarantined, 0)) AS BIGINT) AS records_quarantined,
    CAST(ROUND(1.0 * SUM(COALESCE(records_loaded, 0))
               / NULLIF(SUM(COALESCE(records_loaded, 0)) + SUM(COALESCE(records_quarantined, 0)), 0), 4) AS DECIMAL(6,4)) AS score
FROM feeds
WHERE status IN ('transformed', 'failed') AND duplicate_of IS NULL AND superseded_by IS NULL
GROUP BY COALESCE(business_date, CAST(created_at AS DATE))
ORDER BY 1
