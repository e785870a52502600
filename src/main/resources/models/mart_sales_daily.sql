-- model: mart_sales_daily
-- description: Sales by business day, store, SKU and channel: units, net sales, discounts, returns, COGS and gross margin. Store-level rows (no item detail) keep sku NULL.
-- depends_on: sales, products, stores
-- grain: business_date, store_id, sku, channel
-- incremental_by: business_date
-- tests: not_null(business_date, store_id, channel, net_sales), unique(business_date, store_id, sku, channel)
-- tests: relationships(store_id -> stores.store_id), relationships(sku -> products.sku)
-- tests: reconcile(sum(net_sales) = sales: sum(total_sales)), reconcile(sum(units) = sales: sum(units_sold))
-- tests: reconcile(sum(return_value) = sales: sum(-total_sales) where is_return)
--
-- units and net_sales are net of returns (return rows carry negative values). COGS = net units x the product's
-- unit_cost; it and the margin stay NULL when the cost is unknown or the row has no SKU.
-- transactions is whatever the POS reports at this grain: not additive across SKUs (see mart_sales_store_daily).
SELECT
    s.business_date,
    s.store_id,
    st.area,
    s.sku,
    p.department,
    p.category,
    s.channel,
    CAST(SUM(COALESCE(s.units_sold, 0)) AS DECIMAL(18,3)) AS units,
    CAST(SUM(s.total_sales) AS DECIMAL(18,2)) AS net_sales,
    CAST(SUM(COALESCE(s.discount, 0)) AS DECIMAL(18,2)) AS discounts,
    CAST(SUM(CASE WHEN s.is_return THEN -COALESCE(s.units_sold, 0) ELSE 0 END) AS DECIMAL(18,3)) AS return_units,
    CAST(SUM(CASE WHEN s.is_return THEN -s.total_sales ELSE 0 END) AS DECIMAL(18,2)) AS return_value,
    CAST(SUM(COALESCE(s.units_sold, 0)) * p.unit_cost AS DECIMAL(18,2)) AS cogs,
    CAST(SUM(s.total_sales) - SUM(COALESCE(s.units_sold, 0)) * p.unit_cost AS DECIMAL(18,2)) AS gross_margin,
    CAST(ROUND(100 * (SUM(s.total_sales) - SUM(COALESCE(s.units_sold, 0)) * p.unit_cost) / NULLIF(SUM(s.total_sales), 0), 2)
         AS DECIMAL(12,2)) AS gross_margin_pct,
    CAST(SUM(s.transactions) AS BIGINT) AS transactions
FROM sales s
LEFT JOIN products p ON p.sku = s.sku
LEFT JOIN stores st ON st.store_id = s.store_id
WHERE s.business_date BETWEEN :from_date AND :to_date
GROUP BY s.business_date, s.store_id, st.area, s.sku, p.department, p.category, s.channel, p.unit_cost
ORDER BY s.business_date, s.store_id
