-- model: mart_missing_store_days
-- description: Store-days with no rows in a fact dataset, within that dataset's loaded date range (sales, inventory, labour).
-- depends_on: mart_store_days, stores
-- grain: dataset, store_id, business_date
-- incremental_by: full
-- tests: not_null(dataset, store_id, business_date), unique(dataset, store_id, business_date)
--
-- Expected store-days: every store that ever sent the dataset, on every calendar day between the dataset's first
-- and last loaded business date (from the store's opened_on when known, until the day before its closed_on: a store
-- closed for good is not missing). A store closed on a holiday shows up here too: that is for the data engineer to judge.
WITH RECURSIVE bounds AS (
    SELECT dataset, MIN(business_date) AS first_date, MAX(business_date) AS last_date
    FROM mart_store_days
    WHERE dataset IN ('sales', 'inventory', 'labour')
    GROUP BY dataset
),
calendar (business_date) AS (
    SELECT MIN(first_date) FROM bounds
    UNION ALL
    SELECT business_date + 1 FROM calendar WHERE business_date < (SELECT MAX(last_date) FROM bounds)
),
senders AS (
    SELECT DISTINCT dataset, store_id FROM mart_store_days WHERE dataset IN ('sales', 'inventory', 'labour')
),
expected AS (
    SELECT s.dataset, s.store_id, c.business_date
    FROM senders s
    JOIN bounds b ON b.dataset = s.dataset
    JOIN calendar c ON c.business_date BETWEEN b.first_date AND b.last_date
    LEFT JOIN stores st ON st.store_id = s.store_id
    WHERE (st.opened_on IS NULL OR c.business_date >= st.opened_on)
      AND (st.closed_on IS NULL OR c.business_date < st.closed_on)
)
SELECT e.dataset, e.store_id, e.business_date
FROM expected e
WHERE NOT EXISTS (
    SELECT 1 FROM mart_store_days d
    WHERE d.dataset = e.dataset AND d.store_id = e.store_id AND d.business_date = e.business_date
)
ORDER BY e.dataset, e.store_id, e.business_date
