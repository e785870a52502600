-- model: mart_sales_daily
-- description: Sales by business day, store, SKU, channel and source (POS sales and e-commerce orders): units, net sales, discounts, returns, COGS and gross margin. Store-level rows (no item detail, or an order basket count) keep sku NULL.
-- depends_on: sales, orders, non_merchandise_codes, products_versions, stores_versions, cost_periods, costs
-- grain: business_date, store_id, sku, channel, source
-- incremental_by: business_date
-- indexes: brin(business_date)
-- tests: not_null(business_date, channel, source, net_sales), unique(business_date, store_id, sku, channel, source)
-- tests: relationships(store_id -> stores.store_id)
-- tests: reconcile(sum(net_sales) where source = 'pos' = sales: sum(total_sales)), reconcile(sum(units) where source = 'pos' = sales: sum(units_sold))
-- tests: reconcile(sum(return_value) where source = 'pos' = sales: sum(-total_sales) where is_return)
-- tests: reconcile(sum(units) where source = 'orders' = orders: sum(quantity) where upper(sku) NOT IN (SELECT upper(code) FROM non_merchandise_codes WHERE code NOT IN (SELECT sku FROM products_versions)) AND (unit_price IS NULL OR unit_price <> 0))
--
-- Orders (source 'orders', channel from the file, online by default) count as sales: value = quantity x unit_price,
-- cancellations (negative quantities) are returns. Online lines without a store keep store_id NULL. Postage, fees and
-- manual adjustments (non_merchandise_codes, in any case as the feed's NON_MERCHANDISE_LINE: 'm' is 'M'; unless the
-- product master sells a product under that code) are not
-- merchandise: they are left out here and kept apart in mart_non_merchandise_daily. An order's SKU need not be in the product master (the orders contract only warns).
-- A line at price 0 is not a sale either (a stock adjustment: units written off or found, or a free item; the orders
-- contract warns ZERO_PRICE_LINE): it adds no units, returns or basket. A line without a price (NULL) still counts.
-- Baskets of orders are counted at receipt grain: one sku-NULL row per store, day and channel carries the number of
-- distinct orders with a merchandise line (cancellations are not baskets) and no sales.
--
-- units and net_sales are net of returns (return rows carry negative values). COGS = net units x the unit cost of the
-- costs feed valid on the day (cost_periods), else the product's unit_cost; it and the margin stay NULL when the cost
-- is unknown or the row has no SKU. A costs load recomputes every date (costs is fingerprinted as a dimension).
-- Products and stores are read as of the sale's date (their valid_from/valid_to history, V45): a cost change
-- loaded for a date reprices that date and later ones, never earlier ones.
-- transactions is whatever the POS reports at this grain: not additive across SKUs (see mart_sales_store_daily).
-- The sales lines are summed first and the names joined after: grouping by a few keys is much cheaper than by
-- every attribute, and a SKU and a store have one product and one store row each. The sums are cast to 18 digits
-- before any arithmetic: products of 38-digit decimals take the slow 128-bit path (10x slower here).
-- The margin is the exact difference of net sales and the cost of the units (7 decimals), rounded once: where both
-- are under 10^10 it is worked out in 17 digits, which DuckDB keeps in 64 bits (the wider form takes its 128-bit path,
-- ~0.5 CPU-s more per 2M-row day, docs/bench.md session 18); the value is the same, the other branch is for the rest.
-- Not net_sales - cogs: cogs is already rounded, and a cost ending in half a cent would round twice.
-- The POS lines are costed on their own, grouped with the SKU first: PostgreSQL sorts them to group them and
-- merge-joins the product and cost history by SKU, so the grouping's sort is the join's too (one sort of a day's
-- 2M lines instead of two, the second of them to disk); the few order lines are costed in their own branch.
WITH pos_lines AS (
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
        CAST(SUM(transactions) AS BIGINT) AS transactions,
        'pos' AS source
    FROM sales
    WHERE business_date BETWEEN :from_date AND :to_date
    GROUP BY sku, business_date, store_id, channel
),
order_lines AS (
    SELECT
        business_date,
        store_id,
        sku,
        COALESCE(channel, 'online') AS channel,
        CAST(SUM(quantity) AS DECIMAL(18,3)) AS units,
        CAST(COALESCE(SUM(quantity * unit_price), 0) AS DECIMAL(18,2)) AS net_sales,
        CAST(0 AS DECIMAL(18,2)) AS discounts,
        CAST(SUM(CASE WHEN is_cancellation THEN -quantity ELSE 0 END) AS DECIMAL(18,3)) AS return_units,
        CAST(COALESCE(SUM(CASE WHEN is_cancellation THEN -quantity * unit_price ELSE 0 END), 0) AS DECIMAL(18,2)) AS return_value,
        CAST(NULL AS BIGINT) AS transactions,
        'orders' AS source
    FROM orders
    WHERE business_date BETWEEN :from_date AND :to_date
      AND upper(sku) NOT IN (SELECT upper(code) FROM non_merchandise_codes WHERE code NOT IN (SELECT sku FROM products_versions))
      AND (unit_price IS NULL OR unit_price <> 0)
    GROUP BY business_date, store_id, sku, COALESCE(channel, 'online')
    UNION ALL
    SELECT
        business_date,
        store_id,
        CAST(NULL AS VARCHAR),
        COALESCE(channel, 'online'),
        CAST(0 AS DECIMAL(18,3)),
        CAST(0 AS DECIMAL(18,2)),
        CAST(0 AS DECIMAL(18,2)),
        CAST(0 AS DECIMAL(18,3)),
        CAST(0 AS DECIMAL(18,2)),
        CAST(COUNT(DISTINCT order_id) AS BIGINT),
        'orders'
    FROM orders
    WHERE business_date BETWEEN :from_date AND :to_date
      AND NOT is_cancellation
      AND upper(sku) NOT IN (SELECT upper(code) FROM non_merchandise_codes WHERE code NOT IN (SELECT sku FROM products_versions))
      AND (unit_price IS NULL OR unit_price <> 0)
    GROUP BY business_date, store_id, COALESCE(channel, 'online')
),
costed AS (
    -- the cost of the units at the day's unit cost, worked out once for the three columns below
    SELECT
        l.business_date, l.store_id, l.sku, p.department, p.category, l.channel,
        l.units, l.net_sales, l.discounts, l.return_units, l.return_value,
        l.units * COALESCE(ct.unit_cost, p.unit_cost) AS cost_value,
        l.transactions, l.source
    FROM pos_lines l
    LEFT JOIN products_versions p ON p.sku = l.sku AND p.valid_from <= l.business_date AND (p.valid_to IS NULL OR p.valid_to > l.business_date)
    LEFT JOIN cost_periods ct ON ct.sku = l.sku AND ct.valid_from <= l.business_date AND (ct.valid_until IS NULL OR ct.valid_until >= l.business_date)
    UNION ALL
    SELECT
        l.business_date, l.store_id, l.sku, p.department, p.category, l.channel,
        l.units, l.net_sales, l.discounts, l.return_units, l.return_value,
        l.units * COALESCE(ct.unit_cost, p.unit_cost) AS cost_value,
        l.transactions, l.source
    FROM order_lines l
    LEFT JOIN products_versions p ON p.sku = l.sku AND p.valid_from <= l.business_date AND (p.valid_to IS NULL OR p.valid_to > l.business_date)
    LEFT JOIN cost_periods ct ON ct.sku = l.sku AND ct.valid_from <= l.business_date AND (ct.valid_until IS NULL OR ct.valid_until >= l.business_date)
)
SELECT
    c.business_date, c.store_id, st.area, c.sku, c.department, c.category, c.channel,
    c.units, c.net_sales, c.discounts, c.return_units, c.return_value,
    CAST(c.cost_value AS DECIMAL(18,2)) AS cogs,
    CASE WHEN c.net_sales > -10000000000 AND c.net_sales < 10000000000 AND c.cost_value > -10000000000 AND c.cost_value < 10000000000
         THEN CAST(CAST(c.net_sales AS DECIMAL(17,7)) - CAST(c.cost_value AS DECIMAL(17,7)) AS DECIMAL(18,2))
         ELSE CAST(c.net_sales - c.cost_value AS DECIMAL(18,2)) END AS gross_margin,
    CASE WHEN c.net_sales > -10000000000 AND c.net_sales < 10000000000 AND c.cost_value > -10000000000 AND c.cost_value < 10000000000
         THEN CAST(ROUND(CAST(100 * (CAST(c.net_sales AS DECIMAL(17,7)) - CAST(c.cost_value AS DECIMAL(17,7))) / NULLIF(c.net_sales, 0) AS DECIMAL(18,6)), 2) AS DECIMAL(12,2))
         ELSE CAST(ROUND(CAST(100 * (c.net_sales - c.cost_value) / NULLIF(c.net_sales, 0) AS DECIMAL(18,6)), 2) AS DECIMAL(12,2)) END AS gross_margin_pct,
    c.transactions,
    c.source
FROM costed c
LEFT JOIN stores_versions st ON st.store_id = c.store_id AND st.valid_from <= c.business_date AND (st.valid_to IS NULL OR st.valid_to > c.business_date)
