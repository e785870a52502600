-- Incremental update: generation :prev (= :d - 1) + day :d - the day leaving the demand window
-- (:demand_drop) - the day leaving the revenue window (:revenue_drop). Touches one day of facts per term.
INSERT INTO demand_daily_stats (as_of, store_id, sku, n_days, sum_units, sum_units_sq, last_units, last_counted, revenue,
                                snapshot_date, on_hand, on_order, reserved)
WITH s AS (
    SELECT store_id, sku, business_date,
           CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units,
           SUM(total_sales) AS revenue
    FROM sales
    WHERE sku IS NOT NULL AND business_date IN (:d, :demand_drop, :revenue_drop)
    GROUP BY store_id, sku, business_date
), i AS (
    SELECT store_id, sku, business_date, on_hand, on_order, reserved
    FROM inventory
    WHERE business_date IN (:d, :demand_drop)
), o AS (
    SELECT COALESCE(s.store_id, i.store_id) AS store_id,
           COALESCE(s.sku, i.sku) AS sku,
           COALESCE(s.business_date, i.business_date) AS business_date,
           COALESCE(s.units, 0) AS units,
           COALESCE(s.revenue, 0) AS revenue,
           CASE WHEN i.on_hand IS NULL THEN COALESCE(s.units, 0) > 0 ELSE i.on_hand > 0 END AS counted,
           i.business_date AS inv_date, i.on_hand, i.on_order, i.reserved
    FROM s FULL JOIN i ON i.store_id = s.store_id AND i.sku = s.sku AND i.business_date = s.business_date
), u AS (
    SELECT store_id, sku, n_days AS n, sum_units AS sx, sum_units_sq AS sxx,
           CAST(0 AS DECIMAL(18,3)) AS last_units, FALSE AS last_counted, revenue,
           -- the carried snapshot, while it is still inside the demand window
           CASE WHEN snapshot_date > :demand_drop THEN snapshot_date END AS prev_snapshot_date,
           CASE WHEN snapshot_date > :demand_drop THEN on_hand END AS prev_on_hand,
           CASE WHEN snapshot_date > :demand_drop THEN on_order END AS prev_on_order,
           CASE WHEN snapshot_date > :demand_drop THEN reserved END AS prev_reserved,
           CAST(NULL AS DATE) AS new_snapshot_date, CAST(NULL AS DECIMAL(14,3)) AS new_on_hand,
           CAST(NULL AS DECIMAL(14,3)) AS new_on_order, CAST(NULL AS DECIMAL(14,3)) AS new_reserved
    FROM demand_daily_stats
    WHERE as_of = :prev
    UNION ALL
    SELECT store_id, sku,
           CASE WHEN NOT counted THEN 0 WHEN business_date = :d THEN 1 WHEN business_date = :demand_drop THEN -1 ELSE 0 END,
           CASE WHEN NOT counted THEN 0 WHEN business_date = :d THEN units WHEN business_date = :demand_drop THEN -units ELSE 0 END,
           CASE WHEN NOT counted THEN 0 WHEN business_date = :d THEN units * units WHEN business_date = :demand_drop THEN -(units * units) ELSE 0 END,
           CASE WHEN business_date = :d THEN units ELSE 0 END,
           (business_date = :d AND counted),
           CASE WHEN business_date = :d THEN revenue WHEN business_date = :revenue_drop THEN -revenue ELSE 0 END,
           NULL, NULL, NULL, NULL,
           CASE WHEN inv_date = :d THEN inv_date END, CASE WHEN inv_date = :d THEN on_hand END,
           CASE WHEN inv_date = :d THEN on_order END, CASE WHEN inv_date = :d THEN reserved END
    FROM o
)
SELECT CAST(:d AS DATE), store_id, sku, SUM(n), SUM(sx), SUM(sxx), SUM(last_units), BOOL_OR(last_counted), SUM(revenue),
       COALESCE(MAX(new_snapshot_date), MAX(prev_snapshot_date)),
       CASE WHEN MAX(new_snapshot_date) IS NOT NULL THEN MAX(new_on_hand) ELSE MAX(prev_on_hand) END,
       CASE WHEN MAX(new_snapshot_date) IS NOT NULL THEN MAX(new_on_order) ELSE MAX(prev_on_order) END,
       CASE WHEN MAX(new_snapshot_date) IS NOT NULL THEN MAX(new_reserved) ELSE MAX(prev_reserved) END
FROM u
GROUP BY store_id, sku
HAVING SUM(n) <> 0 OR SUM(revenue) <> 0 OR SUM(last_units) <> 0
    OR COALESCE(MAX(new_snapshot_date), MAX(prev_snapshot_date)) IS NOT NULL;
