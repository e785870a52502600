-- Small working tables for one run: the latest inventory snapshot per store in scope, and the one
-- supplier chosen per SKU (lowest cost, then shortest lead time, then supplier id). Master data is read as of the
-- business date (the *_versions views, V45): a re-run or replay of a past date uses the terms in force then.
-- A store's latest snapshot comes from the statistics, which carry each pair's latest snapshot in the demand window,
-- so it costs a pass over one generation instead of one over all inventory history. Only a store of the store master
-- with no snapshot in the window (closed, or stale for weeks) is looked up in the inventory history (none, usually).
DROP TABLE IF EXISTS repl_snapshots;
CREATE TEMP TABLE repl_snapshots AS
SELECT k.store_no, k.store_id, latest.snapshot_date, (CAST(:d AS DATE) - latest.snapshot_date) >= :stale_after AS stale
FROM (SELECT store_no, MAX(snapshot_date) AS snapshot_date
      FROM demand_daily_stats
      WHERE as_of = :d AND snapshot_date IS NOT NULL
      GROUP BY store_no) latest
JOIN replenishment_store_keys k ON k.store_no = latest.store_no
WHERE CAST(:store AS VARCHAR) IS NULL OR k.store_id = CAST(:store AS VARCHAR);

INSERT INTO repl_snapshots
SELECT k.store_no, older.store_id, older.snapshot_date, (CAST(:d AS DATE) - older.snapshot_date) >= :stale_after
FROM (SELECT store_id, MAX(business_date) AS snapshot_date
      FROM inventory
      WHERE business_date <= :d
        AND store_id IN (SELECT store_id FROM stores_versions
                         WHERE (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR))
                           AND valid_from <= :d AND (valid_to IS NULL OR valid_to > :d)
                           AND store_id NOT IN (SELECT store_id FROM repl_snapshots))
      GROUP BY store_id) older
LEFT JOIN replenishment_store_keys k ON k.store_id = older.store_id;

DROP TABLE IF EXISTS repl_supplier_choice;
CREATE TEMP TABLE repl_supplier_choice AS
SELECT sku, supplier_id, case_pack, moq, unit_cost, lead_time_days, lead_time_source
FROM (SELECT sp.sku, sp.supplier_id,
             CASE WHEN sp.case_pack >= 1 THEN sp.case_pack ELSE 1 END AS case_pack,
             CASE WHEN sp.moq > 0 THEN sp.moq END AS moq,
             sp.unit_cost,
             -- the mean lead time observed over the receipts (lead_times.sql, issue 13) over the configured one
             COALESCE(CAST(ROUND(CAST(ob.mean_days AS DECIMAL(18,6))) AS INTEGER), sp.lead_time_days, s.lead_time_days, :default_lead) AS lead_time_days,
             CASE WHEN ob.mean_days IS NOT NULL THEN 'receipts'
                  WHEN sp.lead_time_days IS NOT NULL THEN 'supplier_product'
                  WHEN s.lead_time_days IS NOT NULL THEN 'supplier' ELSE 'default' END AS lead_time_source,
             ROW_NUMBER() OVER (PARTITION BY sp.sku
                                ORDER BY sp.unit_cost NULLS LAST,
                                         COALESCE(CAST(ROUND(CAST(ob.mean_days AS DECIMAL(18,6))) AS INTEGER), sp.lead_time_days, s.lead_time_days, :default_lead),
                                         sp.supplier_id) AS rn
      FROM supplier_products_versions sp
      LEFT JOIN suppliers_versions s ON s.supplier_id = sp.supplier_id AND s.valid_from <= :d AND (s.valid_to IS NULL OR s.valid_to > :d)
      LEFT JOIN supplier_lead_times ob ON ob.supplier_id = sp.supplier_id AND ob.sku = sp.sku AND ob.source = 'receipts'
      WHERE sp.valid_from <= :d AND (sp.valid_to IS NULL OR sp.valid_to > :d)) ranked
WHERE rn = 1;
