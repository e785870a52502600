-- model: mart_customers
-- description: One row per customer: from the customers file when there is one, else derived from the orders; first and last order, orders, net revenue (= historic lifetime value), cohort month, RFM scores and segment.
-- depends_on: orders, customers
-- grain: customer_id
-- incremental_by: full
-- tests: not_null(customer_id, source, orders, revenue), unique(customer_id)
-- tests: accepted_values(source: file, orders)
-- tests: accepted_values(rfm_segment: Champions, Loyal, New, At risk, Lost, Needs attention)
-- tests: reconcile(sum(revenue) = orders: sum(quantity * unit_price) where customer_id IS NOT NULL)
--
-- An order is an order id with at least one line that is not a cancellation and not at unit price 0 (a stock adjustment,
-- as in mart_customer_daily): a customer whose only invoices are adjustments has no order. Guest orders (no customer
-- id) are left out.
-- revenue is every line the customer paid, net of cancellations (quantity x unit_price; postage included): the
-- historic customer lifetime value. No personal field (e-mail, name, phone) is copied here.
-- RFM, as of the last order date in the warehouse: R = NTILE(5) over days since the last order (5 = most recent),
-- F = 1, 2, 3, 4-5, 6+ orders -> 1..5, M = NTILE(5) over revenue (5 = highest); ties are broken by customer id.
-- Segments: Champions R>=4 F>=4; Loyal R>=3 F>=3; New R>=4 F<=2; At risk R<=2 F>=3; Lost R<=2 F<=2; else Needs attention.
WITH lines AS (
    SELECT customer_id, order_id, business_date, country,
           NOT is_cancellation AND (unit_price IS NULL OR unit_price <> 0) AS placed,
           COALESCE(quantity * unit_price, 0) AS line_value
    FROM orders
    WHERE customer_id IS NOT NULL
),
per_customer AS (
    SELECT customer_id,
           MIN(CASE WHEN placed THEN business_date END) AS first_order_date,
           MAX(CASE WHEN placed THEN business_date END) AS last_order_date,
           COUNT(DISTINCT CASE WHEN placed THEN order_id END) AS orders,
           SUM(line_value) AS revenue,
           MAX(country) AS order_country
    FROM lines
    GROUP BY customer_id
),
everyone AS (
    SELECT COALESCE(c.customer_id, o.customer_id) AS customer_id,
           CASE WHEN c.customer_id IS NOT NULL THEN 'file' ELSE 'orders' END AS source,
           COALESCE(c.registered_on, o.first_order_date) AS registered_on,
           o.first_order_date,
           o.last_order_date,
           CAST(COALESCE(o.orders, 0) AS BIGINT) AS orders,
           CAST(COALESCE(o.revenue, 0) AS DECIMAL(18,2)) AS revenue,
           c.segment,
           COALESCE(c.country, o.order_country) AS country,
           c.region
    FROM customers c
    FULL OUTER JOIN per_customer o ON o.customer_id = c.customer_id
),
as_of AS (
    SELECT MAX(business_date) AS as_of_date FROM orders WHERE NOT is_cancellation AND (unit_price IS NULL OR unit_price <> 0)
),
scored AS (
    SELECT e.*,
           CASE WHEN e.orders > 0 THEN a.as_of_date - e.last_order_date END AS recency_days,
           CASE WHEN e.orders > 0 THEN NTILE(5) OVER (PARTITION BY e.orders > 0 ORDER BY e.last_order_date, e.customer_id) END AS r_score,
           CASE WHEN e.orders >= 6 THEN 5 WHEN e.orders >= 4 THEN 4 WHEN e.orders = 3 THEN 3 WHEN e.orders = 2 THEN 2
                WHEN e.orders = 1 THEN 1 END AS f_score,
           CASE WHEN e.orders > 0 THEN NTILE(5) OVER (PARTITION BY e.orders > 0 ORDER BY e.revenue, e.customer_id) END AS m_score
    FROM everyone e CROSS JOIN as_of a
)
SELECT customer_id, source, registered_on, first_order_date, last_order_date,
       CAST(DATE_TRUNC('month', first_order_date) AS DATE) AS cohort_month,
       orders, revenue,
       CAST(ROUND(CAST(revenue / NULLIF(orders, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(18,2)) AS avg_order_value,
       segment, country, region,
       CAST(recency_days AS INTEGER) AS recency_days,
       CAST(r_score AS INTEGER) AS r_score, CAST(f_score AS INTEGER) AS f_score, CAST(m_score AS INTEGER) AS m_score,
       CASE WHEN orders = 0 THEN NULL
            WHEN r_score >= 4 AND f_score >= 4 THEN 'Champions'
            WHEN r_score >= 3 AND f_score >= 3 THEN 'Loyal'
            WHEN r_score >= 4 AND f_score <= 2 THEN 'New'
            WHEN r_score <= 2 AND f_score >= 3 THEN 'At risk'
            WHEN r_score <= 2 AND f_score <= 2 THEN 'Lost'
            ELSE 'Needs attention' END AS rfm_segment
FROM scored
