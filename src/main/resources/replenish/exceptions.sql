-- The exception report of a run (store-scoped like the run). Each statement adds one code.
INSERT INTO replenishment_exceptions (business_date, code, store_id, sku, supplier_id, value, detail)
SELECT CAST(:d AS DATE), 'STALE_INVENTORY', store_id, NULL, NULL, CAST(:d AS DATE) - snapshot_date,
       'Latest inventory snapshot is from ' || CAST(snapshot_date AS VARCHAR) || ', '
       || CAST(CAST(:d AS DATE) - snapshot_date AS VARCHAR) || ' day(s) before the business date; this store''s lines are held, not ordered. Load the store''s inventory for '
       || CAST(CAST(:d AS DATE) AS VARCHAR) || ' and re-run.'
FROM repl_snapshots
WHERE stale;

INSERT INTO replenishment_exceptions (business_date, code, store_id, sku, supplier_id, value, detail)
SELECT DISTINCT CAST(:d AS DATE), 'STALE_INVENTORY', s.store_id, CAST(NULL AS VARCHAR), CAST(NULL AS VARCHAR), CAST(NULL AS DECIMAL(18,3)),
       'The store has sales but no inventory snapshot at all; nothing can be ordered for it. Load its inventory and re-run.'
FROM sales s
WHERE s.business_date = :d
  AND (CAST(:store AS VARCHAR) IS NULL OR s.store_id = CAST(:store AS VARCHAR))
  AND s.store_id NOT IN (SELECT store_id FROM repl_snapshots);

INSERT INTO replenishment_exceptions (business_date, code, store_id, sku, supplier_id, value, detail)
SELECT CAST(:d AS DATE), 'NO_SUPPLIER', sn.store_id, u.sku, NULL, NULL,
       'Ranged here but has no row in supplier_products, so it cannot be ordered. Add its supplier mapping.'
FROM repl_snapshots sn
JOIN repl_stats i ON i.store_no = sn.store_no AND i.snapshot_date = sn.snapshot_date
JOIN (SELECT sku_no, sku FROM repl_skus
      WHERE NOT is_placeholder AND NOT do_not_reorder AND NOT struck
        AND sku NOT IN (SELECT sku FROM repl_supplier_choice)) u ON u.sku_no = i.sku_no
WHERE i.as_of = :d;

INSERT INTO replenishment_exceptions (business_date, code, store_id, sku, supplier_id, value, detail)
SELECT CAST(:d AS DATE), 'MISSING_COST', store_id, sku, supplier_id, NULL,
       'No unit cost in supplier_products or products; the order is valued at 0. Add the cost.'
FROM replenishment_lines
WHERE business_date = :d AND unit_cost IS NULL
  AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR));

INSERT INTO replenishment_exceptions (business_date, code, store_id, sku, supplier_id, value, detail)
SELECT CAST(:d AS DATE), 'NEGATIVE_ON_HAND', sn.store_id, k.sku, NULL, i.on_hand,
       'On hand is ' || CAST(i.on_hand AS VARCHAR) || ' on ' || CAST(i.snapshot_date AS VARCHAR)
       || '; counted as 0 in the inventory position. Count the item and correct the stock record.'
FROM repl_snapshots sn
JOIN repl_stats i ON i.store_no = sn.store_no AND i.snapshot_date = sn.snapshot_date
JOIN replenishment_sku_keys k ON k.sku_no = i.sku_no
WHERE i.as_of = :d AND i.on_hand < 0;

INSERT INTO replenishment_exceptions (business_date, code, store_id, sku, supplier_id, value, detail)
SELECT CAST(:d AS DATE), 'DEMAND_SPIKE', sn.store_id, k.sku, NULL, y.last_units,
       'Sold ' || CAST(CAST(y.last_units AS DECIMAL(18,2)) AS VARCHAR) || ' on the business date against a mean of '
       || CAST(CAST(y.mean * COALESCE(wk.idx, 1) AS DECIMAL(18,2)) AS VARCHAR) || ' + ' || CAST(:spike_sigmas AS VARCHAR) || ' x sigma '
       || CAST(CAST(y.sigma * COALESCE(wk.idx, 1) AS DECIMAL(18,2)) AS VARCHAR)
       || ' over the other in-stock days'
       || CASE WHEN wk.idx IS NULL THEN ''
               ELSE ' (' || CAST(CAST(y.mean AS DECIMAL(18,2)) AS VARCHAR) || ' x ' || CAST(CAST(wk.idx AS DECIMAL(18,2)) AS VARCHAR)
                    || ' for this weekday at the store)' END
       || CASE WHEN sl.min_units IS NULL THEN ''
               ELSE ', and ' || CAST(sl.min_units AS VARCHAR) || ' or more units a day has a chance of at most '
                    || CAST(:spike_chance AS VARCHAR) || ' at that mean (Poisson)' END
       || '; check for a bulk sale or a data error before trusting the rate.'
FROM (SELECT store_no, sku_no, last_units,
             (CAST(sum_units AS DOUBLE) - CASE WHEN last_counted THEN CAST(last_units AS DOUBLE) ELSE 0 END) / n_prior AS mean,
             SQRT(GREATEST(0.0,
                 (CAST(sum_units_sq AS DOUBLE) - CASE WHEN last_counted THEN CAST(last_units AS DOUBLE) * CAST(last_units AS DOUBLE) ELSE 0 END) / n_prior
                 - POWER((CAST(sum_units AS DOUBLE) - CASE WHEN last_counted THEN CAST(last_units AS DOUBLE) ELSE 0 END) / n_prior, 2))) AS sigma
      FROM (SELECT st.*, n_days - CASE WHEN last_counted THEN 1 ELSE 0 END AS n_prior
            FROM demand_daily_stats st
            WHERE as_of = :d AND last_units > 0 AND store_no IN (SELECT store_no FROM repl_snapshots)) x
      WHERE n_prior >= :min_history) y
JOIN repl_snapshots sn ON sn.store_no = y.store_no
JOIN replenishment_sku_keys k ON k.sku_no = y.sku_no
-- the store's weekday index (repl_weekday_index, WeekdayIndex), so a store's usual Saturday is not a spike
LEFT JOIN repl_weekday_index wk ON wk.store_id = sn.store_id
-- and rare for a Poisson count at that mean (SpikeLevels: the same chance as spike_sigmas' normal tail), so a slow
-- mover's day of 2 or 3 units is not a spike; above 60 a day the normal rule alone (no row)
LEFT JOIN repl_spike_levels sl ON sl.mean_t = CAST(CEIL(y.mean * COALESCE(wk.idx, 1) * 10 - 1e-9) AS INTEGER)
WHERE CAST(y.last_units AS DOUBLE) > (y.mean + :spike_sigmas * y.sigma) * COALESCE(wk.idx, 1)
  AND (sl.min_units IS NULL OR CAST(y.last_units AS DOUBLE) >= sl.min_units);

INSERT INTO replenishment_exceptions (business_date, code, store_id, sku, supplier_id, value, detail)
SELECT CAST(:d AS DATE), 'SALES_WITHOUT_INVENTORY', sn.store_id, k.sku, NULL, st.last_units,
       'Sold on the business date but missing from the store''s inventory snapshot of '
       || CAST(sn.snapshot_date AS VARCHAR) || '; it is not replenished. Add it to the inventory feed (range it) or check the SKU.'
FROM repl_stats st
JOIN repl_snapshots sn ON sn.store_no = st.store_no
JOIN replenishment_sku_keys k ON k.sku_no = st.sku_no
WHERE st.as_of = :d AND st.last_units > 0 AND (st.snapshot_date IS NULL OR st.snapshot_date <> sn.snapshot_date);
