-- Incremental update for demand windows longer than 62 days (see demand_stats_incremental.sql for the usual one):
-- generation :prev (= :d - 1) + day :d - the day leaving the demand window (:demand_drop), read back from the facts
-- - the day leaving the revenue window (:revenue_drop). One row per pair and day on each side, so it is a chain of
-- key joins (on the integer store and SKU numbers, see keys.sql), not an aggregation; it reads one day of facts per
-- term. Must equal demand_stats_full.sql exactly. {generation_table} is D's table (DemandStatistics.table).
-- An in-stock day of a store with no sales rows that day (a missing store-day) is not counted but kept apart
-- (missing_days), as in demand_stats_full.sql; the leaving day's is read back from the facts like its stock.
-- The longer window of LONG_OUT_OF_STOCK (long_days, long_units, long_units_sq) likewise: day D in, the in-stock day
-- leaving it (:long_drop) read back from the facts and out.
INSERT INTO {generation_table} (as_of, store_no, sku_no, n_days, counted_days, sum_units, sum_units_sq, last_units, last_counted, revenue,
                                snapshot_date, on_hand, on_order, reserved, missing_days, missing_bits,
                                long_days, long_units, long_units_sq, long_bits)
WITH sold AS (    -- the stores with sales rows on day D and on the days leaving the demand and the longer window
    SELECT ks.store_no, x.business_date
    FROM (SELECT DISTINCT store_id, business_date FROM sales
          WHERE sku IS NOT NULL AND (business_date = :d OR business_date = :demand_drop OR business_date = :long_drop)) x
    JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
), today AS (   -- day D: units, net sales, in stock or not (and whether its sales are known), and its snapshot
    SELECT COALESCE(s.store_no, i.store_no) AS store_no, COALESCE(s.sku_no, i.sku_no) AS sku_no,
           COALESCE(s.units, 0) AS units, COALESCE(s.revenue, 0) AS revenue,
           CASE WHEN i.on_hand IS NULL THEN COALESCE(s.units, 0) > 0 ELSE i.on_hand > 0 END
               AND (s.store_no IS NOT NULL OR st.store_no IS NOT NULL) AS counted,
           CASE WHEN i.on_hand IS NULL THEN FALSE ELSE i.on_hand > 0 END
               AND s.store_no IS NULL AND st.store_no IS NULL AS missing,
           i.business_date AS inv_date, i.on_hand, i.on_order, i.reserved
    FROM (SELECT ks.store_no, kk.sku_no, x.units, x.revenue
          FROM (SELECT store_id, sku,
                       CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units,
                       SUM(total_sales) AS revenue
                FROM sales WHERE sku IS NOT NULL AND business_date = :d GROUP BY store_id, sku) x
          JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
          JOIN replenishment_sku_keys kk ON kk.sku = x.sku) s
    FULL JOIN (SELECT ks.store_no, kk.sku_no, v.business_date, v.on_hand, v.on_order, v.reserved
               FROM inventory v
               JOIN replenishment_store_keys ks ON ks.store_id = v.store_id
               JOIN replenishment_sku_keys kk ON kk.sku = v.sku
               WHERE v.business_date = :d) i
      ON i.store_no = s.store_no AND i.sku_no = s.sku_no
    LEFT JOIN sold st ON st.store_no = i.store_no AND st.business_date = :d
), gone AS (      -- the in-stock day that leaves the demand window: counted, or missing when its store's sales are
    SELECT COALESCE(s.store_no, i.store_no) AS store_no, COALESCE(s.sku_no, i.sku_no) AS sku_no, COALESCE(s.units, 0) AS units,
           (s.store_no IS NOT NULL OR st.store_no IS NOT NULL) AS sales_known
    FROM (SELECT ks.store_no, kk.sku_no, x.units
          FROM (SELECT store_id, sku,
                       CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units
                FROM sales WHERE sku IS NOT NULL AND business_date = :demand_drop GROUP BY store_id, sku) x
          JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
          JOIN replenishment_sku_keys kk ON kk.sku = x.sku) s
    FULL JOIN (SELECT ks.store_no, kk.sku_no, v.on_hand
               FROM inventory v
               JOIN replenishment_store_keys ks ON ks.store_id = v.store_id
               JOIN replenishment_sku_keys kk ON kk.sku = v.sku
               WHERE v.business_date = :demand_drop) i
      ON i.store_no = s.store_no AND i.sku_no = s.sku_no
    LEFT JOIN sold st ON st.store_no = i.store_no AND st.business_date = :demand_drop
    WHERE CASE WHEN i.on_hand IS NULL THEN COALESCE(s.units, 0) > 0 ELSE i.on_hand > 0 END
), gone_long AS ( -- the in-stock day (with its store's sales known) that leaves the longer window
    SELECT COALESCE(s.store_no, i.store_no) AS store_no, COALESCE(s.sku_no, i.sku_no) AS sku_no, COALESCE(s.units, 0) AS units
    FROM (SELECT ks.store_no, kk.sku_no, x.units
          FROM (SELECT store_id, sku,
                       CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units
                FROM sales WHERE sku IS NOT NULL AND business_date = :long_drop GROUP BY store_id, sku) x
          JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
          JOIN replenishment_sku_keys kk ON kk.sku = x.sku) s
    FULL JOIN (SELECT ks.store_no, kk.sku_no, v.on_hand
               FROM inventory v
               JOIN replenishment_store_keys ks ON ks.store_id = v.store_id
               JOIN replenishment_sku_keys kk ON kk.sku = v.sku
               WHERE v.business_date = :long_drop) i
      ON i.store_no = s.store_no AND i.sku_no = s.sku_no
    LEFT JOIN sold st ON st.store_no = i.store_no AND st.business_date = :long_drop
    WHERE CASE WHEN i.on_hand IS NULL THEN COALESCE(s.units, 0) > 0 ELSE i.on_hand > 0 END
      AND (s.store_no IS NOT NULL OR st.store_no IS NOT NULL)
), gone_revenue AS (  -- the day that leaves the revenue window
    SELECT ks.store_no, kk.sku_no, x.revenue
    FROM (SELECT store_id, sku, SUM(total_sales) AS revenue
          FROM sales WHERE sku IS NOT NULL AND business_date = :revenue_drop
          GROUP BY store_id, sku
          HAVING SUM(total_sales) <> 0) x
    JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
    JOIN replenishment_sku_keys kk ON kk.sku = x.sku
), j1 AS (
    SELECT COALESCE(p.store_no, t.store_no) AS store_no, COALESCE(p.sku_no, t.sku_no) AS sku_no,
           COALESCE(p.n_days, 0) + CASE WHEN t.counted THEN 1 ELSE 0 END AS n,
           COALESCE(p.sum_units, 0) + CASE WHEN t.counted THEN t.units ELSE 0 END AS sx,
           COALESCE(p.sum_units_sq, 0) + CASE WHEN t.counted THEN t.units * t.units ELSE 0 END AS sxx,
           COALESCE(t.units, 0) AS last_units,
           COALESCE(t.counted, FALSE) AS last_counted,
           COALESCE(p.revenue, 0) + COALESCE(t.revenue, 0) AS revenue,
           COALESCE(p.missing_days, 0) + CASE WHEN t.missing THEN 1 ELSE 0 END AS missing_days,
           CASE WHEN t.inv_date IS NOT NULL THEN t.inv_date WHEN p.snapshot_date > :demand_drop THEN p.snapshot_date END AS snapshot_date,
           CASE WHEN t.inv_date IS NOT NULL THEN t.on_hand WHEN p.snapshot_date > :demand_drop THEN p.on_hand END AS on_hand,
           CASE WHEN t.inv_date IS NOT NULL THEN t.on_order WHEN p.snapshot_date > :demand_drop THEN p.on_order END AS on_order,
           CASE WHEN t.inv_date IS NOT NULL THEN t.reserved WHEN p.snapshot_date > :demand_drop THEN p.reserved END AS reserved,
           COALESCE(p.long_days, 0) + CASE WHEN t.counted THEN 1 ELSE 0 END AS long_n,
           COALESCE(p.long_units, 0) + CASE WHEN t.counted THEN t.units ELSE 0 END AS long_sx,
           COALESCE(p.long_units_sq, 0) + CASE WHEN t.counted THEN t.units * t.units ELSE 0 END AS long_sxx
    FROM (SELECT * FROM demand_daily_stats WHERE as_of = :prev) p
    FULL JOIN today t ON t.store_no = p.store_no AND t.sku_no = p.sku_no
), j2 AS (
    SELECT COALESCE(j1.store_no, g.store_no) AS store_no, COALESCE(j1.sku_no, g.sku_no) AS sku_no,
           COALESCE(j1.n, 0) - CASE WHEN g.sales_known THEN 1 ELSE 0 END AS n,
           COALESCE(j1.sx, 0) - CASE WHEN g.sales_known THEN g.units ELSE 0 END AS sx,
           COALESCE(j1.sxx, 0) - CASE WHEN g.sales_known THEN g.units * g.units ELSE 0 END AS sxx,
           COALESCE(j1.last_units, 0) AS last_units, COALESCE(j1.last_counted, FALSE) AS last_counted,
           COALESCE(j1.revenue, 0) AS revenue, j1.snapshot_date, j1.on_hand, j1.on_order, j1.reserved,
           COALESCE(j1.missing_days, 0) - CASE WHEN NOT g.sales_known THEN 1 ELSE 0 END AS missing_days,
           j1.long_n, j1.long_sx, j1.long_sxx
    FROM j1 FULL JOIN gone g ON g.store_no = j1.store_no AND g.sku_no = j1.sku_no
), j2l AS (
    SELECT COALESCE(j2.store_no, gl.store_no) AS store_no, COALESCE(j2.sku_no, gl.sku_no) AS sku_no,
           COALESCE(j2.n, 0) AS n, COALESCE(j2.sx, 0) AS sx, COALESCE(j2.sxx, 0) AS sxx,
           COALESCE(j2.last_units, 0) AS last_units, COALESCE(j2.last_counted, FALSE) AS last_counted,
           COALESCE(j2.revenue, 0) AS revenue, j2.snapshot_date, j2.on_hand, j2.on_order, j2.reserved,
           COALESCE(j2.missing_days, 0) AS missing_days,
           COALESCE(j2.long_n, 0) - CASE WHEN gl.store_no IS NOT NULL THEN 1 ELSE 0 END AS long_n,
           COALESCE(j2.long_sx, 0) - COALESCE(gl.units, 0) AS long_sx,
           COALESCE(j2.long_sxx, 0) - COALESCE(gl.units * gl.units, 0) AS long_sxx
    FROM j2 FULL JOIN gone_long gl ON gl.store_no = j2.store_no AND gl.sku_no = j2.sku_no
), j3 AS (
    SELECT COALESCE(j2.store_no, r.store_no) AS store_no, COALESCE(j2.sku_no, r.sku_no) AS sku_no,
           COALESCE(j2.n, 0) AS n, COALESCE(j2.sx, 0) AS sx, COALESCE(j2.sxx, 0) AS sxx,
           COALESCE(j2.last_units, 0) AS last_units, COALESCE(j2.last_counted, FALSE) AS last_counted,
           COALESCE(j2.revenue, 0) - COALESCE(r.revenue, 0) AS revenue,
           j2.snapshot_date, j2.on_hand, j2.on_order, j2.reserved, COALESCE(j2.missing_days, 0) AS missing_days,
           COALESCE(j2.long_n, 0) AS long_n, COALESCE(j2.long_sx, 0) AS long_sx, COALESCE(j2.long_sxx, 0) AS long_sxx
    FROM j2l j2 FULL JOIN gone_revenue r ON r.store_no = j2.store_no AND r.sku_no = j2.sku_no
)
SELECT CAST(:d AS DATE), store_no, sku_no, n, 0, sx, sxx, last_units, last_counted, revenue, snapshot_date, on_hand, on_order, reserved,
       missing_days, 0, long_n, long_sx, long_sxx, 0
FROM j3
WHERE n <> 0 OR revenue <> 0 OR last_units <> 0 OR snapshot_date IS NOT NULL OR missing_days <> 0 OR long_n <> 0;
