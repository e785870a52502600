-- Observed supplier lead times (issue 13) into repl_observed_lead, as of the business date :d: every receipt line
-- received on or before :d (and within :lt_window days of it) that has an order date measures one lead time, received
-- date - order date in days (lines received before they were ordered are typing errors and left out). A supplier x SKU
-- with at least :lt_min receipts gets its own mean and sample standard deviation; the supplier's other SKUs (in
-- supplier_products as of :d) get the supplier's figures over all its receipts when those are at least :lt_min. Fewer
-- receipts measure nothing: no row, so the configured lead time and no spread stay. The supplier of a receipt is its
-- own supplier_id, else the SKU's supplier (the first by id), as mart_supplier_receipts has it.
-- Outliers: a stray receipt (a PO forgotten for months, a typo in a date) would otherwise dominate the sample sd and,
-- through SS = z·√(P·σ² + d²·σL²), the safety stock. With at least :lt_trim receipts, a receipt outside Tukey's far-out
-- fences Q1 − 3·IQR .. Q3 + 3·IQR of its own group (the supplier x SKU, or the supplier's pool) is left out of that
-- group's mean and sd, and counted (outliers, their shortest and longest lead time, the fences). Quartiles by nearest
-- rank (the ceil(n/4)-th and ceil(3n/4)-th lead time: exact and the same on every engine); lead times are whole days,
-- so the IQR counts as at least 1 d (a pair always delivering in 2 d but for a few in 3-5 d keeps those).
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
ranked AS (
    SELECT supplier_id, sku, days,
           ROW_NUMBER() OVER (PARTITION BY supplier_id, sku ORDER BY days) AS rn_pair,
           COUNT(*) OVER (PARTITION BY supplier_id, sku) AS n_pair,
           ROW_NUMBER() OVER (PARTITION BY supplier_id ORDER BY days) AS rn_supplier,
           COUNT(*) OVER (PARTITION BY supplier_id) AS n_supplier
    FROM observed WHERE supplier_id IS NOT NULL
),
quartiles AS (
    SELECT supplier_id, sku, 'supplier_sku' AS basis, MAX(n_pair) AS n,
           MAX(CASE WHEN 4 * rn_pair >= n_pair AND 4 * rn_pair - 4 < n_pair THEN days END) AS q1,
           MAX(CASE WHEN 4 * rn_pair >= 3 * n_pair AND 4 * rn_pair - 4 < 3 * n_pair THEN days END) AS q3
    FROM ranked GROUP BY supplier_id, sku
    UNION ALL
    SELECT supplier_id, CAST(NULL AS VARCHAR), 'supplier', MAX(n_supplier),
           MAX(CASE WHEN 4 * rn_supplier >= n_supplier AND 4 * rn_supplier - 4 < n_supplier THEN days END),
           MAX(CASE WHEN 4 * rn_supplier >= 3 * n_supplier AND 4 * rn_supplier - 4 < 3 * n_supplier THEN days END)
    FROM ranked GROUP BY supplier_id
),
fences AS (
    SELECT supplier_id, sku, basis,
           q1 - 3 * GREATEST(q3 - q1, 1) AS fence_low, q3 + 3 * GREATEST(q3 - q1, 1) AS fence_high
    FROM quartiles WHERE n >= :lt_trim
),
judged AS (
    SELECT o.supplier_id, o.sku, o.days,
           fp.fence_low AS pair_low, fp.fence_high AS pair_high,
           COALESCE(o.days < fp.fence_low OR o.days > fp.fence_high, FALSE) AS pair_out,
           fs.fence_low AS supplier_low, fs.fence_high AS supplier_high,
           COALESCE(o.days < fs.fence_low OR o.days > fs.fence_high, FALSE) AS supplier_out
    FROM observed o
    LEFT JOIN fences fp ON fp.basis = 'supplier_sku' AND fp.supplier_id = o.supplier_id AND fp.sku = o.sku
    LEFT JOIN fences fs ON fs.basis = 'supplier' AND fs.supplier_id = o.supplier_id
    WHERE o.supplier_id IS NOT NULL
),
sums AS (
    SELECT supplier_id, sku, 'supplier_sku' AS basis,
           SUM(CASE WHEN pair_out THEN 0 ELSE days END) AS s1, SUM(CASE WHEN pair_out THEN 0 ELSE days * days END) AS s2,
           SUM(CASE WHEN pair_out THEN 0 ELSE 1 END) AS receipts, SUM(CASE WHEN pair_out THEN 1 ELSE 0 END) AS outliers,
           MIN(CASE WHEN pair_out THEN days END) AS outlier_min, MAX(CASE WHEN pair_out THEN days END) AS outlier_max,
           MAX(pair_low) AS fence_low, MAX(pair_high) AS fence_high
    FROM judged GROUP BY supplier_id, sku HAVING SUM(CASE WHEN pair_out THEN 0 ELSE 1 END) >= :lt_min
    UNION ALL
    SELECT supplier_id, CAST(NULL AS VARCHAR), 'supplier',
           SUM(CASE WHEN supplier_out THEN 0 ELSE days END), SUM(CASE WHEN supplier_out THEN 0 ELSE days * days END),
           SUM(CASE WHEN supplier_out THEN 0 ELSE 1 END), SUM(CASE WHEN supplier_out THEN 1 ELSE 0 END),
           MIN(CASE WHEN supplier_out THEN days END), MAX(CASE WHEN supplier_out THEN days END),
           MAX(supplier_low), MAX(supplier_high)
    FROM judged GROUP BY supplier_id HAVING SUM(CASE WHEN supplier_out THEN 0 ELSE 1 END) >= :lt_min
),
-- mean and sample standard deviation from exact integer sums: the same bits on every run and engine (AVG and
-- STDDEV_SAMP over doubles add in whatever order the threads finish, and a replay must equal the first run)
stats AS (
    SELECT supplier_id, sku, basis, CAST(s1 AS DOUBLE PRECISION) / receipts AS mean_days,
           CASE WHEN receipts > 1
                THEN SQRT(CAST(receipts * s2 - s1 * s1 AS DOUBLE PRECISION) / (receipts * (receipts - 1))) END AS sd_days,
           CAST(receipts AS INTEGER) AS receipts, CAST(outliers AS INTEGER) AS outliers,
           CAST(outlier_min AS INTEGER) AS outlier_min_days, CAST(outlier_max AS INTEGER) AS outlier_max_days,
           CAST(fence_low AS INTEGER) AS fence_low_days, CAST(fence_high AS INTEGER) AS fence_high_days
    FROM sums
)
SELECT supplier_id, sku, mean_days, sd_days, receipts, basis,
       outliers, outlier_min_days, outlier_max_days, fence_low_days, fence_high_days
FROM stats WHERE basis = 'supplier_sku'
UNION ALL
SELECT sp.supplier_id, sp.sku, p.mean_days, p.sd_days, p.receipts, p.basis,
       p.outliers, p.outlier_min_days, p.outlier_max_days, p.fence_low_days, p.fence_high_days
FROM (SELECT DISTINCT supplier_id, sku FROM supplier_products_versions
      WHERE valid_from <= :d AND (valid_to IS NULL OR valid_to > :d)) sp
JOIN stats p ON p.supplier_id = sp.supplier_id AND p.basis = 'supplier'
WHERE NOT EXISTS (SELECT 1 FROM stats o
                  WHERE o.basis = 'supplier_sku' AND o.supplier_id = sp.supplier_id AND o.sku = sp.sku);
