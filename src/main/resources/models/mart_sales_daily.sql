-- model: mart_sales_daily
-- description: Sales by business day, store, SKU and channel: units, net sales, discounts, returns, COGS and gross margin. Store-level rows (no item detail) keep sku NULL.
-- depends_on: sales, products_versions, stores_versions
-- grain: business_date, store_id, sku, channel
-- incremental_by: business_date
-- tests: not_null(business_date, store_id, channel, net_sales), unique(business_date, store_id, sku, channel)
-- tests: relationships(store_id -> stores.store_id), relationships(sku -> products.sku)
-- tests: reconcile(sum(net_sales) = sales: sum(total_sales)), reconcile(sum(units) = sales: sum(units_sold))
-- tests: reconcile(sum(return_value) = sales: sum(-total_sales) where is_return)
--
-- units and net_sales are net of returns (return rows carry negative values). COGS = net units x the product's
-- unit_cost; it and the margin stay NULL when the cost is unknown or the row has no SKU.
-- Products and stores are read as of the sale's date (their valid_from/valid_to history, V45): a cost change
-- loaded for a date reprices that date and later ones, never earlier ones.
-- transactions is whatever the POS reports at this grain: not additive across SKUs (see mart_sales_store_daily).
-- The sales lines are summed first and the names joined after: grouping by a few keys is much cheaper than by
-- every attribute, and a SKU and a store have one product and one store row each. The sums are cast to 18 digits
-- before any arithmetic: products of 38-digit decimals take the slow 128-bit path (10x slower here).
WITH lines AS (
    SELECT
        business_date,
        store_id,
        sku,
        channel,
        CAST(SUM(COALESCE(units_sold, 0)) AS DECIMAL(18,3)) AS units,
        CAST(SUM(total_sales) AS DECIMAL(18,2)) AS net_sales,
        CAST(SUM(COALESCE(discount, 0)) AS DECIMAL(18,2)) AS discounts,
        CAST(SUM(CASE WHEN is_return THEN -COALESCE(units_sold, 0) ELSE 0 END) AS DECIMAL(18,3)) AS return_units,
        CAST(SUM(CASE WHEN is_return THEN -total_sales ELSE 0 END) AS DECIMAL(18,2)) AS return_value,
        CAST(SUM(transactions) AS BIGINT) AS transactions
    FROM sales
    WHERE business_date BETWEEN :from_date AND :to_date
    GROUP BY business_date, store_id, sku, channel
)
SELECT
    l.business_date,
    l.store_id,
    st.area,
    l.sku,
    p.department,
    p.category,
    l.channel,
    l.units,
    l.net_sales,
    l.discounts,
    l.return_units,
    l.return_value,
    CAST(l.units * p.unit_cost AS DECIMAL(18,2)) AS cogs,
    CAST(l.net_sales - l.units * p.unit_cost AS DECIMAL(18,2)) AS gross_margin,
    CAST(ROUND(100 * (l.net_sales - l.units * p.unit_cost) / NULLIF(l.net_sales, 0), 2) AS DECIMAL(12,2)) AS gross_margin_pct,
    l.transactions
FROM lines l
LEFT JOIN products_versions p ON p.sku = l.sku AND p.valid_from <= l.business_date AND (p.valid_to IS NULL OR p.valid_to > l.business_date)
LEFT JOIN stores_versions st ON st.store_id = l.store_id AND st.valid_from <= l.business_date AND (st.valid_to IS NULL OR st.valid_to > l.business_date)
