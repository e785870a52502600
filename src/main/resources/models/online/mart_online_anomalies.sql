-- model: mart_online_anomalies
-- description: Robust z-score of each day's tile metrics (web revenue, orders, average order value, new customers, store sales) against the 28 days before it (median and MAD); |z| > 3.5 is an anomaly. Days with fewer than 14 earlier days, or a MAD of 0, get no verdict.
-- depends_on: mart_online_daily
-- grain: business_date, metric
-- incremental_by: full
-- tests: not_null(business_date, metric, value, history_days), unique(business_date, metric)
-- tests: accepted_values(metric: online_revenue, orders, average_order_value, new_customers, store_sales)
--
-- robust z = 0.6745 x (value - median) / MAD (Iglewicz and Hoaglin), MAD = median of |earlier value - median|. Only days
-- with web orders take part (a day the feed did not send is missing, not a zero); store sales on days with POS sales.
WITH base AS (
    SELECT business_date, 'online_revenue' AS metric, CAST(online_revenue AS DOUBLE PRECISION) AS value FROM mart_online_daily WHERE orders IS NOT NULL
    UNION ALL
    SELECT business_date, 'orders', CAST(orders AS DOUBLE PRECISION) FROM mart_online_daily WHERE orders IS NOT NULL
    UNION ALL
    SELECT business_date, 'average_order_value', CAST(online_revenue AS DOUBLE PRECISION) / orders FROM mart_online_daily WHERE orders > 0
    UNION ALL
    SELECT business_date, 'new_customers', CAST(new_customers AS DOUBLE PRECISION) FROM mart_online_daily WHERE orders IS NOT NULL AND new_customers IS NOT NULL
    UNION ALL
    SELECT business_date, 'store_sales', CAST(store_sales AS DOUBLE PRECISION) FROM mart_online_daily WHERE store_sales IS NOT NULL
),
centre AS (
    SELECT b.business_date, b.metric, percentile_cont(0.5) WITHIN GROUP (ORDER BY h.value) AS median_value, COUNT(*) AS history_days
    FROM base b JOIN base h ON h.metric = b.metric AND h.business_date BETWEEN b.business_date - 28 AND b.business_date - 1
    GROUP BY b.business_date, b.metric
),
spread AS (
    SELECT c.business_date, c.metric, percentile_cont(0.5) WITHIN GROUP (ORDER BY ABS(h.value - c.median_value)) AS mad
    FROM centre c JOIN base h ON h.metric = c.metric AND h.business_date BETWEEN c.business_date - 28 AND c.business_date - 1
    GROUP BY c.business_date, c.metric
),
scored AS (
    SELECT b.business_date, b.metric, b.value, c.median_value, s.mad, COALESCE(c.history_days, 0) AS history_days,
           CASE WHEN c.history_days >= 14 AND s.mad > 0 THEN 0.6745 * (b.value - c.median_value) / s.mad END AS robust_z
    FROM base b
    LEFT JOIN centre c ON c.business_date = b.business_date AND c.metric = b.metric
    LEFT JOIN spread s ON s.business_date = b.business_date AND s.metric = b.metric
)
SELECT business_date, metric,
       -- settled at 6 places first, so that a binary 12.644999.. and 12.645000.. round alike on every engine
       CAST(CAST(value AS DECIMAL(18,6)) AS DECIMAL(18,2)) AS value,
       CAST(CAST(median_value AS DECIMAL(18,6)) AS DECIMAL(18,2)) AS median_value,
       CAST(CAST(mad AS DECIMAL(18,6)) AS DECIMAL(18,2)) AS mad,
       CAST(history_days AS INTEGER) AS history_days,
       CAST(ROUND(CAST(robust_z AS DECIMAL(18,6)), 2) AS DECIMAL(10,2)) AS robust_z,
       COALESCE(ABS(robust_z) > 3.5, FALSE) AS is_anomaly
FROM scored
