-- Incremental update: generation :prev (= :d - 1) + day :d - the day leaving the demand window (:demand_drop)
-- - the day leaving the revenue window (:revenue_drop). One row per pair and day on each side, so it is a chain of
-- key joins (on the integer store and SKU numbers, see keys.sql), not an aggregation. Whether the day leaving the
-- demand window was an in-stock day is not read back from that day's inventory: the statistics remember it
-- (counted_days, one bit per day of the window; :keep_bits keeps the w - 1 newest, :gone_bit is the one leaving), so
-- besides day D only the small sales of the two leaving days are read. Must equal demand_stats_full.sql exactly.
-- {generation_table} is D's table (DemandStatistics.table). Windows over 62 days: demand_stats_incremental_facts.sql.
-- An in-stock day D of a store with no sales rows on D (a missing store-day) is not counted but kept apart
-- (missing_days, missing_bits: one bit per day, like counted_days), as in demand_stats_full.sql.
-- The longer window of LONG_OUT_OF_STOCK (long_days, long_units, long_units_sq) is kept the same way: day D in, the day
-- leaving it out. Whether that day was in stock is remembered too: the day leaving the demand window moves from
-- counted_days into long_bits (:long_keep_bits keeps its other days, :long_gone_bit is the one leaving the longer
-- window), and its units are those of the day leaving the revenue window, read anyway. When the longer window is the
-- demand window (:long_is_demand: a demand window at least as long as the revenue window) its sums are the demand
-- window's.
INSERT INTO {generation_table} (as_of, store_no, sku_no, n_days, counted_days, sum_units, sum_units_sq, last_units,
                                last_counted, revenue, snapshot_date, on_hand, on_order, reserved, missing_days, missing_bits,
                                long_days, long_units, long_units_sq, long_bits)
WITH sold_today AS (  -- the stores with sales rows on day D
    SELECT ks.store_no
    FROM (SELECT DISTINCT store_id FROM sales WHERE sku IS NOT NULL AND business_date = :d) x
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
    LEFT JOIN sold_today st ON st.store_no = i.store_no
), gone_units AS (  -- units of the day that leaves the demand window (subtracted if it was an in-stock day)
    SELECT ks.store_no, kk.sku_no, x.units
    FROM (SELECT store_id, sku,
                 CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units
          FROM sales WHERE sku IS NOT NULL AND business_date = :demand_drop GROUP BY store_id, sku) x
    JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
    JOIN replenishment_sku_keys kk ON kk.sku = x.sku
), gone_revenue AS (  -- the day that leaves the revenue window (and the longer window: its units)
    SELECT ks.store_no, kk.sku_no, x.revenue, x.units
    FROM (SELECT store_id, sku, SUM(total_sales) AS revenue,
                 CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units
          FROM sales WHERE sku IS NOT NULL AND business_date = :revenue_drop
          GROUP BY store_id, sku
          HAVING SUM(total_sales) <> 0 OR SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) <> 0) x
    JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
    JOIN replenishment_sku_keys kk ON kk.sku = x.sku
), j1 AS (
    SELECT COALESCE(p.store_no, t.store_no) AS store_no, COALESCE(p.sku_no, t.sku_no) AS sku_no,
           COALESCE(p.n_days, 0) + CASE WHEN t.counted THEN 1 ELSE 0 END AS n,
           ((COALESCE(p.counted_days, 0) & :keep_bits) << 1) | CASE WHEN t.counted THEN 1 ELSE 0 END AS counted_days,
           (COALESCE(p.counted_days, 0) & :gone_bit) <> 0 AS gone_counted,
           COALESCE(p.missing_days, 0) + CASE WHEN t.missing THEN 1 ELSE 0 END
               - CASE WHEN (COALESCE(p.missing_bits, 0) & :gone_bit) <> 0 THEN 1 ELSE 0 END AS missing_days,
           ((COALESCE(p.missing_bits, 0) & :keep_bits) << 1) | CASE WHEN t.missing THEN 1 ELSE 0 END AS missing_bits,
           COALESCE(p.sum_units, 0) + CASE WHEN t.counted THEN t.units ELSE 0 END AS sx,
           COALESCE(p.sum_units_sq, 0) + CASE WHEN t.counted THEN t.units * t.units ELSE 0 END AS sxx,
           COALESCE(t.units, 0) AS last_units,
           COALESCE(t.counted, FALSE) AS last_counted,
           COALESCE(p.revenue, 0) + COALESCE(t.revenue, 0) AS revenue,
           CASE WHEN t.inv_date IS NOT NULL THEN t.inv_date WHEN p.snapshot_date > :demand_drop THEN p.snapshot_date END AS snapshot_date,
           CASE WHEN t.inv_date IS NOT NULL THEN t.on_hand WHEN p.snapshot_date > :demand_drop THEN p.on_hand END AS on_hand,
           CASE WHEN t.inv_date IS NOT NULL THEN t.on_order WHEN p.snapshot_date > :demand_drop THEN p.on_order END AS on_order,
           CASE WHEN t.inv_date IS NOT NULL THEN t.reserved WHEN p.snapshot_date > :demand_drop THEN p.reserved END AS reserved,
           COALESCE(p.long_days, 0) + CASE WHEN t.counted THEN 1 ELSE 0 END AS long_n,
           COALESCE(p.long_units, 0) + CASE WHEN t.counted THEN t.units ELSE 0 END AS long_sx,
           COALESCE(p.long_units_sq, 0) + CASE WHEN t.counted THEN t.units * t.units ELSE 0 END AS long_sxx,
           CASE WHEN :long_is_demand THEN 0
                ELSE ((COALESCE(p.long_bits, 0) & :long_keep_bits) << 1)
                     | CASE WHEN (COALESCE(p.counted_days, 0) & :gone_bit) <> 0 THEN 1 ELSE 0 END END AS long_bits,
           (COALESCE(p.long_bits, 0) & :long_gone_bit) <> 0 AS long_gone
    FROM (SELECT * FROM demand_daily_stats WHERE as_of = :prev) p
    FULL JOIN today t ON t.store_no = p.store_no AND t.sku_no = p.sku_no
), j2 AS (        -- a pair in stock on the leaving day has that day in D-1's counted_days, so it is in j1: LEFT JOIN
    SELECT j1.store_no, j1.sku_no,
           j1.n - CASE WHEN j1.gone_counted THEN 1 ELSE 0 END AS n,
           j1.counted_days,
           j1.sx - CASE WHEN j1.gone_counted THEN COALESCE(g.units, 0) ELSE 0 END AS sx,
           j1.sxx - CASE WHEN j1.gone_counted THEN COALESCE(g.units * g.units, 0) ELSE 0 END AS sxx,
           j1.last_units, j1.last_counted, j1.revenue, j1.snapshot_date, j1.on_hand, j1.on_order, j1.reserved,
           j1.missing_days, j1.missing_bits, j1.long_n, j1.long_sx, j1.long_sxx, j1.long_bits, j1.long_gone
    FROM j1 LEFT JOIN gone_units g ON g.store_no = j1.store_no AND g.sku_no = j1.sku_no
), j3 AS (        -- likewise, a pair in stock on the day leaving the longer window is in j2
    SELECT COALESCE(j2.store_no, r.store_no) AS store_no, COALESCE(j2.sku_no, r.sku_no) AS sku_no,
           COALESCE(j2.n, 0) AS n, COALESCE(j2.counted_days, 0) AS counted_days, COALESCE(j2.sx, 0) AS sx, COALESCE(j2.sxx, 0) AS sxx,
           COALESCE(j2.last_units, 0) AS last_units, COALESCE(j2.last_counted, FALSE) AS last_counted,
           COALESCE(j2.revenue, 0) - COALESCE(r.revenue, 0) AS revenue,
           j2.snapshot_date, j2.on_hand, j2.on_order, j2.reserved,
           COALESCE(j2.missing_days, 0) AS missing_days, COALESCE(j2.missing_bits, 0) AS missing_bits,
           COALESCE(j2.long_n, 0) - CASE WHEN j2.long_gone THEN 1 ELSE 0 END AS long_n,
           COALESCE(j2.long_sx, 0) - CASE WHEN j2.long_gone THEN COALESCE(r.units, 0) ELSE 0 END AS long_sx,
           COALESCE(j2.long_sxx, 0) - CASE WHEN j2.long_gone THEN COALESCE(r.units * r.units, 0) ELSE 0 END AS long_sxx,
           COALESCE(j2.long_bits, 0) AS long_bits
    FROM j2 FULL JOIN gone_revenue r ON r.store_no = j2.store_no AND r.sku_no = j2.sku_no
)
SELECT CAST(:d AS DATE), store_no, sku_no, n, counted_days, sx, sxx, last_units, last_counted, revenue, snapshot_date,
       on_hand, on_order, reserved, missing_days, missing_bits,
       CASE WHEN :long_is_demand THEN n ELSE long_n END, CASE WHEN :long_is_demand THEN sx ELSE long_sx END,
       CASE WHEN :long_is_demand THEN sxx ELSE long_sxx END, long_bits
FROM j3
WHERE n <> 0 OR revenue <> 0 OR last_units <> 0 OR snapshot_date IS NOT NULL OR missing_days <> 0
   OR (NOT :long_is_demand AND long_n <> 0);
