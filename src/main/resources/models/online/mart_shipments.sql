-- model: mart_shipments
-- description: One row per shipment with its latest state: days to ship and to deliver, delivered on time or not, SLA breach, issue, and whether it is an open problem.
-- depends_on: shipments, orders
-- grain: order_id, shipment_id
-- incremental_by: full
-- tests: not_null(order_id, shipment_id, promised_date, status), unique(order_id, shipment_id)
--
-- as_of_date is the latest date the warehouse knows of web orders or shipment events: a shipment not delivered by then
-- whose promised date has passed is an SLA breach (on_time FALSE); one still under way (pending, shipped, exception) is
-- an open problem until it is delivered, lost or returned (those are issues, not open); one not yet due has on_time NULL
-- (neither on time nor late yet). Delivered on time = delivered on or before the promised date. Days are fractional
-- (order timestamp to shipped, to delivered); NULL when the order is not in the orders feed or the event has not happened.
-- A shipment sent again with a new promised date is read with its latest promise.
WITH latest AS (
    SELECT * FROM (
        SELECT s.*, ROW_NUMBER() OVER (PARTITION BY order_id, shipment_id ORDER BY load_seq DESC, business_date DESC) AS pick
        FROM shipments s
    ) x WHERE pick = 1
),
placed AS (
    SELECT order_id, MIN(ordered_at) AS ordered_at FROM orders WHERE NOT is_cancellation GROUP BY order_id
),
as_of AS (
    SELECT MAX(d) AS as_of_date FROM (
        SELECT MAX(business_date) AS d FROM orders
        UNION ALL SELECT MAX(CAST(shipped_at AS DATE)) FROM shipments
        UNION ALL SELECT MAX(CAST(delivered_at AS DATE)) FROM shipments
    ) x
)
SELECT l.order_id, l.shipment_id, p.ordered_at, l.promised_date, l.shipped_at, l.delivered_at, l.carrier, l.status, l.issue_type,
       a.as_of_date,
       CAST(ROUND(CAST(EXTRACT(EPOCH FROM (l.shipped_at - p.ordered_at)) / 86400.0 AS DECIMAL(38,9)), 2) AS DECIMAL(10,2)) AS days_to_ship,
       CAST(ROUND(CAST(EXTRACT(EPOCH FROM (l.delivered_at - p.ordered_at)) / 86400.0 AS DECIMAL(38,9)), 2) AS DECIMAL(10,2)) AS days_to_deliver,
       CASE WHEN l.status = 'delivered' AND l.delivered_at IS NOT NULL THEN CAST(l.delivered_at AS DATE) <= l.promised_date
            WHEN l.status = 'cancelled' THEN NULL
            WHEN l.promised_date < a.as_of_date THEN FALSE
            ELSE NULL END AS on_time,
       l.issue_type IS NOT NULL OR l.status IN ('lost', 'returned', 'exception') AS has_issue,
       COALESCE(l.issue_type, CASE WHEN l.status IN ('lost', 'returned', 'exception') THEN l.status END,
                CASE WHEN l.status NOT IN ('delivered', 'cancelled') AND l.promised_date < a.as_of_date THEN 'late' END) AS problem,
       l.status IN ('pending', 'shipped', 'exception') AND l.promised_date < a.as_of_date AS is_open_problem
FROM latest l
LEFT JOIN placed p ON p.order_id = l.order_id
CROSS JOIN as_of a
