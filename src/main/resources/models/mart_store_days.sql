-- model: mart_store_days
-- description: Which fact datasets have rows for each store and business day, and from which feed: the base of the freshness and missing-store-day marts.
-- depends_on: sales, inventory, labour, orders
-- grain: dataset, store_id, business_date, feed_id
-- incremental_by: business_date
-- indexes: btree(dataset, business_date)
-- tests: not_null(dataset, store_id, business_date), unique(dataset, store_id, business_date, feed_id)
-- tests: accepted_values(dataset: sales, inventory, labour, orders)
-- tests: reconcile(sum(row_count) where dataset = 'sales' = sales: count(*))
-- a fact row names its feed through its load (fact_loads): counted per load, then named
SELECT f.dataset, f.store_id, f.business_date, l.feed_id, CAST(SUM(f.row_count) AS BIGINT) AS row_count
FROM (
    SELECT 'sales' AS dataset, store_id, business_date, load_seq, COUNT(*) AS row_count
    FROM sales WHERE business_date BETWEEN :from_date AND :to_date
    GROUP BY store_id, business_date, load_seq
    UNION ALL
    SELECT 'inventory', store_id, business_date, load_seq, COUNT(*)
    FROM inventory WHERE business_date BETWEEN :from_date AND :to_date
    GROUP BY store_id, business_date, load_seq
    UNION ALL
    SELECT 'labour', store_id, business_date, load_seq, COUNT(*)
    FROM labour WHERE business_date BETWEEN :from_date AND :to_date
    GROUP BY store_id, business_date, load_seq
    UNION ALL
    -- e-commerce lines without a store have no store-day
    SELECT 'orders', store_id, business_date, load_seq, COUNT(*)
    FROM orders WHERE store_id IS NOT NULL AND business_date BETWEEN :from_date AND :to_date
    GROUP BY store_id, business_date, load_seq
) f
LEFT JOIN fact_loads l ON l.load_seq = f.load_seq
GROUP BY f.dataset, f.store_id, f.business_date, l.feed_id
