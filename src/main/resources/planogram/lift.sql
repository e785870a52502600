-- Display lift input (docs/planogram.md): every display in scope that overlaps [:from_date, :to_date], with the daily
-- units and margin of its SKU in every store from :pre_days before the display's start to its end. The display's own
-- store is the test; the other stores that sold the SKU in the pre-period and had no display of it are the control
-- (chosen in DisplayLift, which also names no other store in its answer).
SELECT d.store_id, d.sku, d.start_date, d.end_date, d.display_type, d.display_zone, p.name,
       s.store_id AS sales_store, s.business_date, SUM(s.units) AS units, SUM(s.gross_margin) AS margin
FROM displays d
LEFT JOIN products p ON p.sku = d.sku
LEFT JOIN mart_sales_daily s ON s.sku = d.sku
    AND s.business_date BETWEEN d.start_date - CAST(:pre_days AS INTEGER) AND d.end_date
WHERE d.end_date >= CAST(:from_date AS DATE) AND d.start_date <= CAST(:to_date AS DATE)
  AND (CAST(:store AS VARCHAR) IS NULL OR d.store_id = CAST(:store AS VARCHAR)) {scope}
GROUP BY d.store_id, d.sku, d.start_date, d.end_date, d.display_type, d.display_zone, p.name, s.store_id, s.business_date
ORDER BY d.start_date, d.store_id, d.sku
