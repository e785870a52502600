-- model: mart_dataset_freshness
-- description: Per dataset: the last good (transformed) feed, when it finished, the last business date it covered, failed feeds, and missing store-days.
-- depends_on: feeds, mart_missing_store_days, mart_store_days
-- grain: dataset
-- incremental_by: full
-- tests: not_null(dataset), unique(dataset)
--
-- A replay re-reads a file received before: its feed stands for the feed it re-read (the one that received the file),
-- so the data is as fresh as when that file arrived, not when it was replayed.
WITH feed_rows AS (
    SELECT f.dataset, f.feed_id, f.status, f.updated_at, COALESCE(f.max_date, f.business_date) AS last_date,
           COALESCE(o.feed_id, f.feed_id) AS arrived_feed_id, COALESCE(o.updated_at, f.updated_at) AS arrived_at
    FROM feeds f
    LEFT JOIN feeds o ON o.feed_id = f.replay_of
    WHERE f.dataset IS NOT NULL AND f.duplicate_of IS NULL AND f.superseded_by IS NULL -- a replay or a reload after a crash counts once
),
good AS (
    SELECT dataset, arrived_feed_id AS feed_id, arrived_at AS updated_at,
           ROW_NUMBER() OVER (PARTITION BY dataset ORDER BY arrived_at DESC, arrived_feed_id DESC) AS pick
    FROM feed_rows
    WHERE status = 'transformed'
),
totals AS (
    SELECT dataset,
           SUM(CASE WHEN status = 'transformed' THEN 1 ELSE 0 END) AS feeds_transformed,
           SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS feeds_failed,
           MAX(CASE WHEN status = 'transformed' THEN last_date END) AS last_business_date,
           MAX(CASE WHEN status = 'failed' THEN updated_at END) AS last_failed_at
    FROM feed_rows
    GROUP BY dataset
),
loaded AS (
    SELECT dataset, MAX(business_date) AS last_loaded_date FROM mart_store_days GROUP BY dataset
),
missing AS (
    SELECT dataset, COUNT(*) AS missing_store_days FROM mart_missing_store_days GROUP BY dataset
),
datasets AS (
    SELECT dataset FROM totals UNION SELECT dataset FROM loaded
)
SELECT
    d.dataset,
    g.feed_id AS last_good_feed_id,
    g.updated_at AS last_good_at,
    COALESCE(t.last_business_date, l.last_loaded_date) AS last_business_date,
    CAST(COALESCE(t.feeds_transformed, 0) AS BIGINT) AS feeds_transformed,
    CAST(COALESCE(t.feeds_failed, 0) AS BIGINT) AS feeds_failed,
    t.last_failed_at,
    CAST(CASE WHEN d.dataset IN ('sales', 'inventory', 'labour') THEN COALESCE(m.missing_store_days, 0) END AS BIGINT)
        AS missing_store_days
FROM datasets d
LEFT JOIN good g ON g.dataset = d.dataset AND g.pick = 1
LEFT JOIN totals t ON t.dataset = d.dataset
LEFT JOIN loaded l ON l.dataset = d.dataset
LEFT JOIN missing m ON m.dataset = d.dataset
ORDER BY d.dataset
