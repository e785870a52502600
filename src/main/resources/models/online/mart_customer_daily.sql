-- model: mart_customer_daily
-- description: Web orders per business day: orders, customers, new and returning customers, guest orders and net revenue.
-- depends_on: orders, mart_customers
-- grain: business_date
-- incremental_by: full
-- tests: not_null(business_date, orders, customers, new_customers, returning_customers), unique(business_date)
--
-- A customer is new on the day of their first order (mart_customers.first_order_date), returning on any later day they
-- order. Orders and customers count order ids with a line that is not a cancellation and not at unit price 0 (an invoice
-- of price-0 lines only is a stock adjustment, no order, as mart_sales_daily counts no basket for it; a line without
-- a price still counts); revenue is every line of the day
-- net of that day's cancellations, guests included. Unique customers over a range are counted from the orders, not
-- summed from here (a customer ordering on two days is one customer).
WITH placed AS (
    SELECT business_date, order_id, customer_id
    FROM orders
    WHERE NOT is_cancellation AND (unit_price IS NULL OR unit_price <> 0)
    GROUP BY business_date, order_id, customer_id
),
revenue AS (
    SELECT business_date, SUM(COALESCE(quantity * unit_price, 0)) AS revenue
    FROM orders
    GROUP BY business_date
),
days AS (
    SELECT p.business_date,
           COUNT(DISTINCT p.order_id) AS orders,
           COUNT(DISTINCT p.customer_id) AS customers,
           COUNT(DISTINCT CASE WHEN m.first_order_date = p.business_date THEN p.customer_id END) AS new_customers,
           COUNT(DISTINCT CASE WHEN m.first_order_date < p.business_date THEN p.customer_id END) AS returning_customers,
           COUNT(DISTINCT CASE WHEN p.customer_id IS NULL THEN p.order_id END) AS guest_orders
    FROM placed p
    LEFT JOIN mart_customers m ON m.customer_id = p.customer_id
    GROUP BY p.business_date
)
SELECT r.business_date,
       CAST(COALESCE(d.orders, 0) AS BIGINT) AS orders,
       CAST(COALESCE(d.customers, 0) AS BIGINT) AS customers,
       CAST(COALESCE(d.new_customers, 0) AS BIGINT) AS new_customers,
       CAST(COALESCE(d.returning_customers, 0) AS BIGINT) AS returning_customers,
       CAST(COALESCE(d.guest_orders, 0) AS BIGINT) AS guest_orders,
       CAST(r.revenue AS DECIMAL(18,2)) AS revenue
FROM revenue r
LEFT JOIN days d ON d.business_date = r.business_date
