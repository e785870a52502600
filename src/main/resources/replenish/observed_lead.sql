-- Observed supplier lead times (issue 13) into repl_observed_lead, as of the business date :d: every receipt line
-- received on or before :d (and within :lt_window days of it) that has an order date measures one lead time, received
-- date - order date in days (lines received before they were ordered are typing errors and left out). A supplier x SKU
-- with at least :lt_min receipts gets its own mean and sample standard deviation; the supplier's other SKUs (in
-- supplier_products as of :d) get the supplier's figures over all its receipts when those are at least :lt_min. Fewer
-- receipts measure nothing: no row, so the configured lead time and no spread stay. The supplier of a receipt is its
-- own supplier_id, else the SKU's supplier (the first by id), as mart_supplier_receipts has it.
-- The daily run stores them (lead_times.sql, next); the simulator reads them as of its take-over day (simulate_pairs.sql).
DROP TABLE IF EXISTS repl_observed_lead;
CREATE TEMP TABLE repl_observed_lead AS
WITH sourcing AS (
    SELECT sku, MIN(supplier_id) AS supplier_id FROM supplier_products_versions
    WHERE valid_from <= :d AND (valid_to IS NULL OR valid_to > :d) GROUP BY sku
),
observed AS (
    SELECT COALESCE(r.supplier_id, s.supplier_id) AS supplier_id, r.sku,
           CAST(r.received_date - r.ordered_date AS BIGINT) AS days
    FROM receipts r
    LEFT JOIN sourcing s ON s.sku = r.sku
    WHERE r.ordered_date IS NOT NULL AND r.received_date <= :d AND r.received_date > CAST(:d AS DATE) - :lt_window
      AND r.received_date >= r.ordered_date
),
sums AS (
    SELECT supplier_id, sku, 'supplier_sku' AS basis, SUM(days) AS s1, SUM(days * days) AS s2, COUNT(*) AS receipts
    FROM observed WHERE supplier_id IS NOT NULL GROUP BY supplier_id, sku HAVING COUNT(*) >= :lt_min
    UNION ALL
    SELECT supplier_id, CAST(NULL AS VARCHAR), 'supplier', SUM(days), SUM(days * days), COUNT(*)
    FROM observed WHERE supplier_id IS NOT NULL GROUP BY supplier_id HAVING COUNT(*) >= :lt_min
),
-- mean and sample standard deviation from exact integer sums: the same bits on every run and engine (AVG and
-- STDDEV_SAMP over doubles add in whatever order the threads finish, and a replay must equal the first run)
stats AS (
    SELECT supplier_id, sku, basis, CAST(s1 AS DOUBLE PRECISION) / receipts AS mean_days,
           CASE WHEN receipts > 1
                THEN SQRT(CAST(receipts * s2 - s1 * s1 AS DOUBLE PRECISION) / (receipts * (receipts - 1))) END AS sd_days,
           CAST(receipts AS INTEGER) AS receipts
    FROM sums
)
SELECT supplier_id, sku, mean_days, sd_days, receipts, basis FROM stats WHERE basis = 'supplier_sku'
UNION ALL
SELECT sp.supplier_id, sp.sku, p.mean_days, p.sd_days, p.receipts, p.basis
FROM (SELECT DISTINCT supplier_id, sku FROM supplier_products_versions
      WHERE valid_from <= :d AND (valid_to IS NULL OR valid_to > :d)) sp
JOIN stats p ON p.supplier_id = sp.supplier_id AND p.basis = 'supplier'
WHERE NOT EXISTS (SELECT 1 FROM stats o
                  WHERE o.basis = 'supplier_sku' AND o.supplier_id = sp.supplier_id AND o.sku = sp.sku);
