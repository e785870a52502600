-- model: mart_online_daily
-- description: The growth base per business day: web-order revenue and orders, store (POS) sales, new customers, web sessions and visitors, marketing spend. A feed that sent nothing for a day leaves its columns NULL (not 0).
-- depends_on: orders, sales, mart_customer_daily, web_sessions, marketing_spend
-- grain: business_date
-- incremental_by: full
-- tests: not_null(business_date), unique(business_date)
-- tests: reconcile(sum(online_revenue) = orders: sum(quantity * unit_price)), reconcile(sum(store_sales) = sales: sum(total_sales))
-- tests: reconcile(sum(marketing_spend) = marketing_spend: sum(spend)), reconcile(sum(sessions) = web_sessions: sum(sessions))
WITH online AS (
    SELECT business_date, revenue, orders, new_customers FROM mart_customer_daily
),
pos AS (
    SELECT business_date, SUM(total_sales) AS store_sales FROM sales GROUP BY business_date
),
web AS (
    SELECT business_date, SUM(sessions) AS sessions, SUM(visitors) AS visitors FROM web_sessions GROUP BY business_date
),
spend AS (
    SELECT business_date, SUM(spend) AS spend FROM marketing_spend GROUP BY business_date
),
days AS (
    SELECT business_date FROM online UNION SELECT business_date FROM pos UNION SELECT business_date FROM web
    UNION SELECT business_date FROM spend
)
SELECT d.business_date,
       CAST(o.revenue AS DECIMAL(18,2)) AS online_revenue,
       CAST(o.orders AS BIGINT) AS orders,
       CAST(o.new_customers AS BIGINT) AS new_customers,
       CAST(p.store_sales AS DECIMAL(18,2)) AS store_sales,
       CAST(w.sessions AS BIGINT) AS sessions,
       CAST(w.visitors AS BIGINT) AS visitors,
       CAST(s.spend AS DECIMAL(18,2)) AS marketing_spend
FROM days d
LEFT JOIN online o ON o.business_date = d.business_date
LEFT JOIN pos p ON p.business_date = d.business_date
LEFT JOIN web w ON w.business_date = d.business_date
LEFT JOIN spend s ON s.business_date = d.business_date
