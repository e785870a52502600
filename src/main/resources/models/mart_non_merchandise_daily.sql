-- model: mart_non_merchandise_daily
-- description: Order lines that are not merchandise (postage, fees, manual adjustments, vouchers, test lines) by business day, store, channel and code: kept apart from net sales.
-- depends_on: orders, non_merchandise_codes, products_versions
-- grain: business_date, store_id, channel, code
-- incremental_by: business_date
-- tests: not_null(business_date, channel, code, kind, value), unique(business_date, store_id, channel, code)
-- tests: reconcile(sum(lines) = orders: count(*) where upper(sku) IN (SELECT upper(code) FROM non_merchandise_codes WHERE code NOT IN (SELECT sku FROM products_versions)))
--
-- A code the product master sells as a product (a real SKU 'B') is merchandise, not an adjustment. Codes match in any
-- case, as the orders contract's NON_MERCHANDISE_LINE rule does ('m' is the manual adjustment 'M').
SELECT
    o.business_date,
    o.store_id,
    COALESCE(o.channel, 'online') AS channel,
    o.sku AS code,
    MAX(n.kind) AS kind,
    CAST(COUNT(*) AS BIGINT) AS lines,
    CAST(COALESCE(SUM(o.quantity * o.unit_price), 0) AS DECIMAL(18,2)) AS value
FROM orders o
JOIN non_merchandise_codes n ON upper(n.code) = upper(o.sku)
WHERE o.business_date BETWEEN :from_date AND :to_date
  AND o.sku NOT IN (SELECT sku FROM products_versions)
GROUP BY o.business_date, o.store_id, COALESCE(o.channel, 'online'), o.sku
