-- model: mart_store_days
-- description: Which fact datasets have rows for each store and business day, and from which feed: the base of the freshness and missing-store-day marts.
-- depends_on: sales, inventory, labour, orders
-- grain: dataset, store_id, business_date, feed_id
-- incremental_by: business_date
-- tests: not_null(dataset, store_id, business_date), unique(dataset, store_id, business_date, feed_id)
-- tests: accepted_values(dataset: sales, inventory, labour, orders)
-- tests: reconcile(sum(row_count) where dataset = 'sales' = sales: count(*))
SELECT dataset, store_id, business_date, feed_id, CAST(row_count AS BIGINT) AS row_count
FROM (
    SELECT 'sales' AS dataset, store_id, business_date, feed_id, COUNT(*) AS row_count
    FROM sales WHERE business_date BETWEEN :from_date AND :to_date
    GROUP BY store_id, business_date, feed_id
    UNION ALL
    SELECT 'inventory', store_id, business_date, feed_id, COUNT(*)
    FROM inventory WHERE business_date BETWEEN :from_date AND :to_date
    GROUP BY store_id, business_date, feed_id
    UNION ALL
    SELECT 'labour', store_id, business_date, feed_id, COUNT(*)
    FROM labour WHERE business_date BETWEEN :from_date AND :to_date
    GROUP BY store_id, business_date, feed_id
    UNION ALL
    -- e-commerce lines without a store have no store-day
    SELECT 'orders', store_id, business_date, feed_id, COUNT(*)
    FROM orders WHERE store_id IS NOT NULL AND business_date BETWEEN :from_date AND :to_date
    GROUP BY store_id, business_date, feed_id
) facts
