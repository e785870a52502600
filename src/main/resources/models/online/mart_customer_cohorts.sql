-- model: mart_customer_cohorts
-- description: Monthly cohort retention: customers by the month of their first order, and how many of them ordered again in each later month.
-- depends_on: orders, mart_customers
-- grain: cohort_month, months_since
-- incremental_by: full
-- tests: not_null(cohort_month, months_since, cohort_size, active_customers), unique(cohort_month, months_since)
--
-- months_since 0 is the cohort's own month (retention 100%). A customer is active in a month with at least one order
-- that is not a cancellation nor at unit price 0 (a stock adjustment, as in mart_customers). retention_pct = active / cohort size.
WITH active AS (
    SELECT DISTINCT customer_id, CAST(DATE_TRUNC('month', business_date) AS DATE) AS order_month
    FROM orders
    WHERE customer_id IS NOT NULL AND NOT is_cancellation AND (unit_price IS NULL OR unit_price <> 0)
),
sized AS (
    SELECT cohort_month, COUNT(*) AS cohort_size FROM mart_customers WHERE cohort_month IS NOT NULL GROUP BY cohort_month
)
SELECT m.cohort_month,
       CAST((EXTRACT(YEAR FROM a.order_month) - EXTRACT(YEAR FROM m.cohort_month)) * 12
            + EXTRACT(MONTH FROM a.order_month) - EXTRACT(MONTH FROM m.cohort_month) AS INTEGER) AS months_since,
       CAST(s.cohort_size AS BIGINT) AS cohort_size,
       CAST(COUNT(*) AS BIGINT) AS active_customers,
       CAST(ROUND(CAST(100.0 * COUNT(*) / s.cohort_size AS DECIMAL(38,9)), 2) AS DECIMAL(8,2)) AS retention_pct
FROM mart_customers m
JOIN active a ON a.customer_id = m.customer_id AND a.order_month >= m.cohort_month
JOIN sized s ON s.cohort_month = m.cohort_month
GROUP BY m.cohort_month, a.order_month, s.cohort_size
