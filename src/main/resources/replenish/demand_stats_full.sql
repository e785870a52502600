-- Full rebuild of the rolling demand statistics as of :d from the facts (first run, or when the previous generation is
-- missing or no longer matches the facts). Same result as the incremental path, to the last digit.
-- {generation_table} is D's table (DemandStatistics.table). The facts of the longer window were read in batches of
-- dates into repl_stats_partials (demand_stats_full_batch.sql); here each pair's partial sums are added up (every
-- column is a sum or an OR over days, DECIMAL, so the order of the adding does not change a digit) and joined with the
-- pair's latest snapshot in the demand window. A pair is kept when it has an in-stock or missing day, net sales or
-- units on D, or a snapshot.
DROP TABLE IF EXISTS repl_stats_latest;
-- its own statement: on a Trino deployment it reads the lake, while the INSERT after it reads this run's partials
CREATE TEMP TABLE repl_stats_latest AS
SELECT ks.store_no, kk.sku_no, v.business_date AS snapshot_date, v.on_hand, v.on_order, v.reserved
FROM inventory v
JOIN (SELECT store_id, sku, MAX(business_date) AS snapshot_date FROM inventory
      WHERE business_date BETWEEN :demand_from AND :d
      GROUP BY store_id, sku) m
  ON m.store_id = v.store_id AND m.sku = v.sku AND m.snapshot_date = v.business_date
JOIN replenishment_store_keys ks ON ks.store_id = v.store_id
JOIN replenishment_sku_keys kk ON kk.sku = v.sku
WHERE v.business_date BETWEEN :demand_from AND :d;

INSERT INTO {generation_table} (as_of, store_no, sku_no, n_days, counted_days, sum_units, sum_units_sq, last_units, last_counted, revenue,
                                snapshot_date, on_hand, on_order, reserved, missing_days, missing_bits,
                                long_days, long_units, long_units_sq, long_bits)
SELECT CAST(:d AS DATE), COALESCE(a.store_no, l.store_no), COALESCE(a.sku_no, l.sku_no),
       COALESCE(a.n, 0), COALESCE(a.counted_days, 0), COALESCE(a.sx, 0), COALESCE(a.sxx, 0), COALESCE(a.last_units, 0), COALESCE(a.last_counted, FALSE),
       COALESCE(a.revenue, 0), l.snapshot_date, l.on_hand, l.on_order, l.reserved,
       COALESCE(a.missing_days, 0), COALESCE(a.missing_bits, 0),
       COALESCE(a.long_days, 0), COALESCE(a.long_units, 0), COALESCE(a.long_units_sq, 0), COALESCE(a.long_bits, 0)
FROM (SELECT store_no, sku_no, SUM(n) AS n, BIT_OR(counted_days) AS counted_days, SUM(sx) AS sx, SUM(sxx) AS sxx,
             SUM(last_units) AS last_units, BOOL_OR(last_counted) AS last_counted, SUM(revenue) AS revenue,
             SUM(missing_days) AS missing_days, BIT_OR(missing_bits) AS missing_bits, SUM(long_days) AS long_days,
             SUM(long_units) AS long_units, SUM(long_units_sq) AS long_units_sq, BIT_OR(long_bits) AS long_bits
      FROM repl_stats_partials
      GROUP BY store_no, sku_no
      HAVING SUM(n) <> 0 OR SUM(revenue) <> 0 OR SUM(last_units) <> 0 OR SUM(missing_days) <> 0
          OR SUM(long_days) <> 0) a
FULL JOIN repl_stats_latest l ON l.store_no = a.store_no AND l.sku_no = a.sku_no;

-- the partials are as many rows as pairs per batch: not kept in memory beyond the rebuild
DROP TABLE repl_stats_partials;
DROP TABLE repl_stats_latest;
