-- Full rebuild of the rolling demand statistics as of :d from the facts (first run, or when the
-- previous generation is missing or no longer matches the facts). Same result as the incremental path.
INSERT INTO demand_daily_stats (as_of, store_id, sku, n_days, sum_units, sum_units_sq, last_units, last_counted, revenue)
WITH s AS (
    SELECT store_id, sku, business_date,
           CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units,
           SUM(total_sales) AS revenue
    FROM sales
    WHERE sku IS NOT NULL AND business_date BETWEEN :revenue_from AND :d
    GROUP BY store_id, sku, business_date
), i AS (
    SELECT store_id, sku, business_date, on_hand
    FROM inventory
    WHERE business_date BETWEEN :demand_from AND :d
), o AS (
    SELECT COALESCE(s.store_id, i.store_id) AS store_id,
           COALESCE(s.sku, i.sku) AS sku,
           COALESCE(s.business_date, i.business_date) AS business_date,
           COALESCE(s.units, 0) AS units,
           COALESCE(s.revenue, 0) AS revenue,
           (COALESCE(s.business_date, i.business_date) >= :demand_from
             AND CASE WHEN i.on_hand IS NULL THEN COALESCE(s.units, 0) > 0 ELSE i.on_hand > 0 END) AS counted
    FROM s FULL JOIN i ON i.store_id = s.store_id AND i.sku = s.sku AND i.business_date = s.business_date
)
SELECT CAST(:d AS DATE), store_id, sku,
       SUM(CASE WHEN counted THEN 1 ELSE 0 END),
       SUM(CASE WHEN counted THEN units ELSE 0 END),
       SUM(CASE WHEN counted THEN units * units ELSE 0 END),
       SUM(CASE WHEN business_date = :d THEN units ELSE 0 END),
       BOOL_OR(counted AND business_date = :d),
       SUM(revenue)
FROM o
GROUP BY store_id, sku
HAVING SUM(CASE WHEN counted THEN 1 ELSE 0 END) <> 0 OR SUM(revenue) <> 0
    OR SUM(CASE WHEN business_date = :d THEN units ELSE 0 END) <> 0;
