-- Full rebuild of the rolling demand statistics as of :d from the facts (first run, or when the
-- previous generation is missing or no longer matches the facts). Same result as the incremental path.
-- {generation_table} is D's table (DemandStatistics.table).
-- A store-day with no sales rows at all (its sales feed failed or never arrived: a missing store-day, as in
-- mart_missing_store_days) is unknown, not a day that sold nothing: an in-stock day of it is not counted but kept apart
-- (missing_days, missing_bits), so the line can say how many days its demand leaves out.
-- The longer window (:long_from .. :d, ReplenishmentProperties.longWindowDays: the ABC window, never shorter than the
-- demand window) keeps its in-stock days, counted the same way, and their sums (long_days, long_units, long_units_sq)
-- for LONG_OUT_OF_STOCK, and which of its days before the demand window were in stock (long_bits: bit k = day
-- :demand_drop - k; only when :keep_long_bits, see demand_stats_incremental.sql).
INSERT INTO {generation_table} (as_of, store_no, sku_no, n_days, counted_days, sum_units, sum_units_sq, last_units, last_counted, revenue,
                                snapshot_date, on_hand, on_order, reserved, missing_days, missing_bits,
                                long_days, long_units, long_units_sq, long_bits)
WITH s AS (
    SELECT ks.store_no, kk.sku_no, x.business_date, x.units, x.revenue
    FROM (SELECT store_id, sku, business_date,
                 CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units,
                 SUM(total_sales) AS revenue
          FROM sales
          WHERE sku IS NOT NULL AND business_date BETWEEN :long_from AND :d
          GROUP BY store_id, sku, business_date) x
    JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
    JOIN replenishment_sku_keys kk ON kk.sku = x.sku
), i AS (      -- read once (a CTE read twice is materialized: 91 days of snapshots spilled gigabytes to disk)
    SELECT ks.store_no, kk.sku_no, v.business_date, v.on_hand
    FROM inventory v
    JOIN replenishment_store_keys ks ON ks.store_id = v.store_id
    JOIN replenishment_sku_keys kk ON kk.sku = v.sku
    WHERE v.business_date BETWEEN :long_from AND :d
), latest AS (   -- the pair's latest snapshot in the demand window
    SELECT ks.store_no, kk.sku_no, v.business_date AS snapshot_date, v.on_hand, v.on_order, v.reserved
    FROM inventory v
    JOIN (SELECT store_id, sku, MAX(business_date) AS snapshot_date FROM inventory
          WHERE business_date BETWEEN :demand_from AND :d
          GROUP BY store_id, sku) m
      ON m.store_id = v.store_id AND m.sku = v.sku AND m.snapshot_date = v.business_date
    JOIN replenishment_store_keys ks ON ks.store_id = v.store_id
    JOIN replenishment_sku_keys kk ON kk.sku = v.sku
    WHERE v.business_date BETWEEN :demand_from AND :d
), sold AS (     -- the store-days of the longer window with sales rows (one per store and day): the others are missing
    SELECT ks.store_no, x.business_date
    FROM (SELECT DISTINCT store_id, business_date FROM sales
          WHERE sku IS NOT NULL AND business_date BETWEEN :long_from AND :d) x
    JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
), o AS (
    SELECT COALESCE(s.store_no, i.store_no) AS store_no,
           COALESCE(s.sku_no, i.sku_no) AS sku_no,
           COALESCE(s.business_date, i.business_date) AS business_date,
           COALESCE(s.units, 0) AS units,
           COALESCE(s.revenue, 0) AS revenue,
           CASE WHEN i.on_hand IS NULL THEN COALESCE(s.units, 0) > 0 ELSE i.on_hand > 0 END AS in_stock,
           (s.store_no IS NOT NULL OR sd.store_no IS NOT NULL) AS sales_known
    FROM s FULL JOIN i ON i.store_no = s.store_no AND i.sku_no = s.sku_no AND i.business_date = s.business_date
    LEFT JOIN sold sd ON sd.store_no = i.store_no AND sd.business_date = i.business_date
), c AS (
    SELECT store_no, sku_no, business_date, units,
           CASE WHEN business_date >= :revenue_from THEN revenue ELSE 0 END AS revenue,
           in_stock AND sales_known AND business_date >= :demand_from AS counted,
           in_stock AND NOT sales_known AND business_date >= :demand_from AS missing,
           in_stock AND sales_known AS long_counted
    FROM o
)
SELECT CAST(:d AS DATE), COALESCE(a.store_no, l.store_no), COALESCE(a.sku_no, l.sku_no),
       COALESCE(a.n, 0), COALESCE(a.counted_days, 0), COALESCE(a.sx, 0), COALESCE(a.sxx, 0), COALESCE(a.last_units, 0), COALESCE(a.last_counted, FALSE),
       COALESCE(a.revenue, 0), l.snapshot_date, l.on_hand, l.on_order, l.reserved,
       COALESCE(a.missing_days, 0), COALESCE(a.missing_bits, 0),
       COALESCE(a.long_days, 0), COALESCE(a.long_units, 0), COALESCE(a.long_units_sq, 0), COALESCE(a.long_bits, 0)
FROM (SELECT store_no, sku_no,
             SUM(CASE WHEN counted THEN 1 ELSE 0 END) AS n,
             -- bit k: day :d - k was in stock (windows up to 62 days; see demand_stats_incremental.sql)
             BIT_OR(CASE WHEN counted AND :count_bits THEN CAST(1 AS BIGINT) << CAST(:d - business_date AS INTEGER) ELSE 0 END) AS counted_days,
             SUM(CASE WHEN counted THEN units ELSE 0 END) AS sx,
             SUM(CASE WHEN counted THEN units * units ELSE 0 END) AS sxx,
             SUM(CASE WHEN business_date = :d THEN units ELSE 0 END) AS last_units,
             BOOL_OR(counted AND business_date = :d) AS last_counted,
             SUM(revenue) AS revenue,
             SUM(CASE WHEN missing THEN 1 ELSE 0 END) AS missing_days,
             BIT_OR(CASE WHEN missing AND :count_bits THEN CAST(1 AS BIGINT) << CAST(:d - business_date AS INTEGER) ELSE 0 END) AS missing_bits,
             SUM(CASE WHEN long_counted THEN 1 ELSE 0 END) AS long_days,
             SUM(CASE WHEN long_counted THEN units ELSE 0 END) AS long_units,
             SUM(CASE WHEN long_counted THEN units * units ELSE 0 END) AS long_units_sq,
             BIT_OR(CASE WHEN long_counted AND :keep_long_bits AND business_date <= :demand_drop
                         THEN CAST(1 AS BIGINT) << CAST(:demand_drop - business_date AS INTEGER) ELSE 0 END) AS long_bits
      FROM c
      GROUP BY store_no, sku_no
      HAVING SUM(CASE WHEN counted THEN 1 ELSE 0 END) <> 0 OR SUM(revenue) <> 0
          OR SUM(CASE WHEN business_date = :d THEN units ELSE 0 END) <> 0
          OR SUM(CASE WHEN missing THEN 1 ELSE 0 END) <> 0
          OR SUM(CASE WHEN long_counted THEN 1 ELSE 0 END) <> 0) a
FULL JOIN latest l ON l.store_no = a.store_no AND l.sku_no = a.sku_no;
