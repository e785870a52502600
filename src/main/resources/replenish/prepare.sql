-- Small working tables for one run: the latest inventory snapshot per store in scope, and the one
-- supplier chosen per SKU (lowest cost, then shortest lead time, then supplier id).
DROP TABLE IF EXISTS repl_snapshots;
CREATE TEMP TABLE repl_snapshots AS
SELECT store_id, snapshot_date, (CAST(:d AS DATE) - snapshot_date) >= :stale_after AS stale
FROM (SELECT store_id, MAX(business_date) AS snapshot_date
      FROM inventory
      WHERE business_date <= :d AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR))
      GROUP BY store_id) latest;

DROP TABLE IF EXISTS repl_supplier_choice;
CREATE TEMP TABLE repl_supplier_choice AS
SELECT sku, supplier_id, case_pack, moq, unit_cost, lead_time_days, lead_time_source
FROM (SELECT sp.sku, sp.supplier_id,
             CASE WHEN sp.case_pack >= 1 THEN sp.case_pack ELSE 1 END AS case_pack,
             CASE WHEN sp.moq > 0 THEN sp.moq END AS moq,
             sp.unit_cost,
             COALESCE(sp.lead_time_days, s.lead_time_days, :default_lead) AS lead_time_days,
             CASE WHEN sp.lead_time_days IS NOT NULL THEN 'supplier_product'
                  WHEN s.lead_time_days IS NOT NULL THEN 'supplier' ELSE 'default' END AS lead_time_source,
             ROW_NUMBER() OVER (PARTITION BY sp.sku
                                ORDER BY sp.unit_cost NULLS LAST,
                                         COALESCE(sp.lead_time_days, s.lead_time_days, :default_lead),
                                         sp.supplier_id) AS rn
      FROM supplier_products sp
      LEFT JOIN suppliers s ON s.supplier_id = sp.supplier_id) ranked
WHERE rn = 1;
