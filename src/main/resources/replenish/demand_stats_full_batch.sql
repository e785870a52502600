-- One batch of dates (:batch_from .. :batch_to) of a full rebuild of the demand statistics as of :d: the batch's sales
-- and snapshots summed per pair into repl_stats_partials (demand_stats_partials.sql), which demand_stats_full.sql adds
-- up. Reading the longer window (91 days by default) in one statement joined and grouped 91 days of facts per pair at
-- once (2M pairs: up to 19 GB spilled to disk under a 4 GB memory limit); a batch holds
-- ReplenishmentProperties.rebuildBatchDays of them. Per day exactly as the one statement did:
-- A store-day with no sales rows at all (its sales feed failed or never arrived: a missing store-day, as in
-- mart_missing_store_days) is unknown, not a day that sold nothing: an in-stock day of it is not counted but kept apart
-- (missing_days, missing_bits), so the line can say how many days its demand leaves out.
-- The longer window (:long_from .. :d, ReplenishmentProperties.longWindowDays: the ABC window, never shorter than the
-- demand window) keeps its in-stock days, counted the same way, and their sums (long_days, long_units, long_units_sq)
-- for LONG_OUT_OF_STOCK, and which of its days before the demand window were in stock (long_bits: bit k = day
-- :demand_drop - k; only when :keep_long_bits, see demand_stats_incremental.sql).
-- A pair whose every sum in the batch is 0 (n, revenue, last_units, missing_days and long_days 0 mean the others are 0
-- or FALSE too) adds nothing and is left out.
INSERT INTO repl_stats_partials (store_no, sku_no, n, counted_days, sx, sxx, last_units, last_counted, revenue,
                                 missing_days, missing_bits, long_days, long_units, long_units_sq, long_bits)
WITH s AS (
    SELECT ks.store_no, kk.sku_no, x.business_date, x.units, x.revenue
    FROM (SELECT store_id, sku, business_date,
                 CAST(SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS DECIMAL(18,3)) AS units,
                 SUM(total_sales) AS revenue
          FROM sales
          WHERE sku IS NOT NULL AND business_date BETWEEN :batch_from AND :batch_to
          GROUP BY store_id, sku, business_date) x
    JOIN replenishment_store_keys ks ON ks.store_id = x.store_id
    JOIN replenishment_sku_keys kk ON kk.sku = x.sku
), i AS (
    SELECT ks.store_no, kk.sku_no, v.business_date, v.on_hand
    FROM inventory v
    JOIN replenishment_store_keys ks ON ks.store_id = v.store_id
    JOIN replenishment_sku_keys kk ON kk.sku = v.sku
    WHERE v.business_date BETWEEN :batch_from AND :batch_to
), sold AS (     -- the store-days of the batch with sales rows (one per store and day): the others are missing
    SELECT ks.store_no, x.business_date
    FROM (SELECT DISTINCT store_id, business_date FROM sales
          WHERE sku IS NOT NULL AND business_date BETWEEN :batch_from AND :batch_to) x
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
SELECT store_no, sku_no,
       SUM(CASE WHEN counted THEN 1 ELSE 0 END),
       -- bit k: day :d - k was in stock (windows up to 62 days; see demand_stats_incremental.sql)
       BIT_OR(CASE WHEN counted AND :count_bits THEN CAST(1 AS BIGINT) << CAST(:d - business_date AS INTEGER) ELSE 0 END),
       SUM(CASE WHEN counted THEN units ELSE 0 END),
       SUM(CASE WHEN counted THEN units * units ELSE 0 END),
       SUM(CASE WHEN business_date = :d THEN units ELSE 0 END),
       BOOL_OR(counted AND business_date = :d),
       SUM(revenue),
       SUM(CASE WHEN missing THEN 1 ELSE 0 END),
       BIT_OR(CASE WHEN missing AND :count_bits THEN CAST(1 AS BIGINT) << CAST(:d - business_date AS INTEGER) ELSE 0 END),
       SUM(CASE WHEN long_counted THEN 1 ELSE 0 END),
       SUM(CASE WHEN long_counted THEN units ELSE 0 END),
       SUM(CASE WHEN long_counted THEN units * units ELSE 0 END),
       BIT_OR(CASE WHEN long_counted AND :keep_long_bits AND business_date <= :demand_drop
                   THEN CAST(1 AS BIGINT) << CAST(:demand_drop - business_date AS INTEGER) ELSE 0 END)
FROM c
GROUP BY store_no, sku_no
HAVING SUM(CASE WHEN counted THEN 1 ELSE 0 END) <> 0 OR SUM(revenue) <> 0
    OR SUM(CASE WHEN business_date = :d THEN units ELSE 0 END) <> 0
    OR SUM(CASE WHEN missing THEN 1 ELSE 0 END) <> 0
    OR SUM(CASE WHEN long_counted THEN 1 ELSE 0 END) <> 0;
