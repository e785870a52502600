-- Incremental update: generation :prev (= :d - 1) + day :d - the day leaving the demand window (:demand_drop)
-- - the day leaving the revenue window (:revenue_drop). One row per pair and day on each side, so it is a chain of
-- key joins, not an aggregation; it reads one day of facts per term. Must equal demand_stats_full.sql exactly.
INSERT INTO demand_daily_stats (as_of, store_id, sku, n_days, sum_units, sum_units_sq, last_units, last_counted, revenue,
                                snapshot_date, on_hand, on_order, reserved)
WITH today AS (   -- day D: units, net sales, in stock or not, and its snapshot
    SELECT COALESCE(s.store_id, i.store_id) AS store_id, COALESCE(s.sku, i.sku) AS sku,
           COALESCE(s.units, 0) AS units, COALESCE(s.revenue, 0) AS revenue,
           CASE WHEN i.on_hand IS NULL THEN COALESCE(s.units, 0) > 0 ELSE i.on_hand > 0 END AS counted,
           i.business_date AS inv_date, i.on_hand, i.on_order, i.reserved
    FROM (SELECT store_id, sku,
                 CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units,
                 SUM(total_sales) AS revenue
          FROM sales WHERE sku IS NOT NULL AND business_date = :d GROUP BY store_id, sku) s
    FULL JOIN (SELECT store_id, sku, business_date, on_hand, on_order, reserved FROM inventory WHERE business_date = :d) i
      ON i.store_id = s.store_id AND i.sku = s.sku
), gone AS (      -- the in-stock day that leaves the demand window
    SELECT COALESCE(s.store_id, i.store_id) AS store_id, COALESCE(s.sku, i.sku) AS sku, COALESCE(s.units, 0) AS units
    FROM (SELECT store_id, sku,
                 CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units
          FROM sales WHERE sku IS NOT NULL AND business_date = :demand_drop GROUP BY store_id, sku) s
    FULL JOIN (SELECT store_id, sku, on_hand FROM inventory WHERE business_date = :demand_drop) i
      ON i.store_id = s.store_id AND i.sku = s.sku
    WHERE CASE WHEN i.on_hand IS NULL THEN COALESCE(s.units, 0) > 0 ELSE i.on_hand > 0 END
), gone_revenue AS (  -- the day that leaves the revenue window
    SELECT store_id, sku, SUM(total_sales) AS revenue
    FROM sales WHERE sku IS NOT NULL AND business_date = :revenue_drop
    GROUP BY store_id, sku
    HAVING SUM(total_sales) <> 0
), j1 AS (
    SELECT COALESCE(p.store_id, t.store_id) AS store_id, COALESCE(p.sku, t.sku) AS sku,
           COALESCE(p.n_days, 0) + CASE WHEN t.counted THEN 1 ELSE 0 END AS n,
           COALESCE(p.sum_units, 0) + CASE WHEN t.counted THEN t.units ELSE 0 END AS sx,
           COALESCE(p.sum_units_sq, 0) + CASE WHEN t.counted THEN t.units * t.units ELSE 0 END AS sxx,
           COALESCE(t.units, 0) AS last_units,
           COALESCE(t.counted, FALSE) AS last_counted,
           COALESCE(p.revenue, 0) + COALESCE(t.revenue, 0) AS revenue,
           CASE WHEN t.inv_date IS NOT NULL THEN t.inv_date WHEN p.snapshot_date > :demand_drop THEN p.snapshot_date END AS snapshot_date,
           CASE WHEN t.inv_date IS NOT NULL THEN t.on_hand WHEN p.snapshot_date > :demand_drop THEN p.on_hand END AS on_hand,
           CASE WHEN t.inv_date IS NOT NULL THEN t.on_order WHEN p.snapshot_date > :demand_drop THEN p.on_order END AS on_order,
           CASE WHEN t.inv_date IS NOT NULL THEN t.reserved WHEN p.snapshot_date > :demand_drop THEN p.reserved END AS reserved
    FROM (SELECT * FROM demand_daily_stats WHERE as_of = :prev) p
    FULL JOIN today t ON t.store_id = p.store_id AND t.sku = p.sku
), j2 AS (
    SELECT COALESCE(j1.store_id, g.store_id) AS store_id, COALESCE(j1.sku, g.sku) AS sku,
           COALESCE(j1.n, 0) - CASE WHEN g.sku IS NULL THEN 0 ELSE 1 END AS n,
           COALESCE(j1.sx, 0) - COALESCE(g.units, 0) AS sx,
           COALESCE(j1.sxx, 0) - COALESCE(g.units * g.units, 0) AS sxx,
           COALESCE(j1.last_units, 0) AS last_units, COALESCE(j1.last_counted, FALSE) AS last_counted,
           COALESCE(j1.revenue, 0) AS revenue, j1.snapshot_date, j1.on_hand, j1.on_order, j1.reserved
    FROM j1 FULL JOIN gone g ON g.store_id = j1.store_id AND g.sku = j1.sku
), j3 AS (
    SELECT COALESCE(j2.store_id, r.store_id) AS store_id, COALESCE(j2.sku, r.sku) AS sku,
           COALESCE(j2.n, 0) AS n, COALESCE(j2.sx, 0) AS sx, COALESCE(j2.sxx, 0) AS sxx,
           COALESCE(j2.last_units, 0) AS last_units, COALESCE(j2.last_counted, FALSE) AS last_counted,
           COALESCE(j2.revenue, 0) - COALESCE(r.revenue, 0) AS revenue,
           j2.snapshot_date, j2.on_hand, j2.on_order, j2.reserved
    FROM j2 FULL JOIN gone_revenue r ON r.store_id = j2.store_id AND r.sku = j2.sku
)
SELECT CAST(:d AS DATE), store_id, sku, n, sx, sxx, last_units, last_counted, revenue, snapshot_date, on_hand, on_order, reserved
FROM j3
WHERE n <> 0 OR revenue <> 0 OR last_units <> 0 OR snapshot_date IS NOT NULL;
