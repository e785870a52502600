-- model: mart_store_freshness
-- description: Freshness per fact dataset and store: the last business day loaded, the feed that loaded it, and how many days it lags the warehouse's latest business day.
-- depends_on: mart_store_days, feeds
-- grain: dataset, store_id
-- incremental_by: full
-- tests: not_null(dataset, store_id, last_business_date, days_stale), unique(dataset, store_id)
--
-- days_stale = the latest business date of any fact dataset in the warehouse - this store's last business date
-- for this dataset (0 = up to date). Fact rows only ever come from feeds that were transformed, so the feed that
-- loaded the last day is the store's last good feed; a replay's feed stands for the feed it re-read (the one that
-- received the file): the data is as fresh as when that file arrived, not when it was replayed.
WITH latest AS (
    SELECT dataset, store_id, MAX(business_date) AS last_business_date, COUNT(DISTINCT business_date) AS days_loaded
    FROM mart_store_days
    GROUP BY dataset, store_id
),
last_feed AS (
    SELECT d.dataset, d.store_id, COALESCE(o.feed_id, d.feed_id) AS feed_id, COALESCE(o.updated_at, f.updated_at) AS updated_at,
           ROW_NUMBER() OVER (PARTITION BY d.dataset, d.store_id
                              ORDER BY COALESCE(o.updated_at, f.updated_at) DESC, COALESCE(o.feed_id, d.feed_id) DESC) AS pick
    FROM mart_store_days d
    JOIN latest l ON l.dataset = d.dataset AND l.store_id = d.store_id AND l.last_business_date = d.business_date
    LEFT JOIN feeds f ON f.feed_id = d.feed_id
    LEFT JOIN feeds o ON o.feed_id = f.replay_of
),
as_of AS (
    SELECT MAX(business_date) AS as_of_date FROM mart_store_days
)
SELECT
    l.dataset,
    l.store_id,
    l.last_business_date,
    lf.feed_id AS last_good_feed_id,
    lf.updated_at AS last_good_at,
    CAST(l.days_loaded AS BIGINT) AS days_loaded,
    CAST(a.as_of_date - l.last_business_date AS INTEGER) AS days_stale
FROM latest l
JOIN last_feed lf ON lf.dataset = l.dataset AND lf.store_id = l.store_id AND lf.pick = 1
CROSS JOIN as_of a
ORDER BY l.dataset, l.store_id
