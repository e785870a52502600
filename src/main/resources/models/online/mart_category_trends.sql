-- model: mart_category_trends
-- description: Net sales per category over the last 30 and 90 days up to the latest sales date, against the 30 and 90 days before; the trend in % is NULL (not available) until the history covers both windows (60 and 180 days) or when the earlier window sold nothing.
-- depends_on: mart_sales_category_daily
-- grain: category
-- incremental_by: full
-- tests: not_null(category, as_of_date, history_days), unique(category)
--
-- All channels and stores (chain-wide), SKU-level sales only (as mart_sales_category_daily). history_days counts the
-- calendar days from the first to the latest sales date of the chain; a category that did not sell in a window sold 0 there.
WITH cat AS (
    SELECT business_date, COALESCE(category, '(no category)') AS category, SUM(net_sales) AS net_sales
    FROM mart_sales_category_daily GROUP BY business_date, COALESCE(category, '(no category)')
),
span AS (
    SELECT MAX(business_date) AS as_of_date, CAST(MAX(business_date) - MIN(business_date) + 1 AS INTEGER) AS history_days FROM cat
),
sums AS (
    SELECT c.category, s.as_of_date, s.history_days,
           SUM(CASE WHEN c.business_date > s.as_of_date - 30 THEN c.net_sales ELSE 0 END) AS sales_30d,
           SUM(CASE WHEN c.business_date > s.as_of_date - 60 AND c.business_date <= s.as_of_date - 30 THEN c.net_sales ELSE 0 END) AS sales_prev_30d,
           SUM(CASE WHEN c.business_date > s.as_of_date - 90 THEN c.net_sales ELSE 0 END) AS sales_90d,
           SUM(CASE WHEN c.business_date > s.as_of_date - 180 AND c.business_date <= s.as_of_date - 90 THEN c.net_sales ELSE 0 END) AS sales_prev_90d
    FROM cat c CROSS JOIN span s
    GROUP BY c.category, s.as_of_date, s.history_days
)
SELECT category, as_of_date, history_days,
       CAST(sales_30d AS DECIMAL(18,2)) AS sales_30d,
       CAST(CASE WHEN history_days >= 60 THEN sales_prev_30d END AS DECIMAL(18,2)) AS sales_prev_30d,
       CAST(CASE WHEN history_days >= 60 AND sales_prev_30d > 0 THEN ROUND(100 * (sales_30d - sales_prev_30d) / sales_prev_30d, 2) END
            AS DECIMAL(12,2)) AS trend_30d_pct,
       CAST(sales_90d AS DECIMAL(18,2)) AS sales_90d,
       CAST(CASE WHEN history_days >= 180 THEN sales_prev_90d END AS DECIMAL(18,2)) AS sales_prev_90d,
       CAST(CASE WHEN history_days >= 180 AND sales_prev_90d > 0 THEN ROUND(100 * (sales_90d - sales_prev_90d) / sales_prev_90d, 2) END
            AS DECIMAL(12,2)) AS trend_90d_pct
FROM sums
