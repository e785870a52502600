-- model: mart_sales_store_daily
-- description: Sales by business day and store (all channels and sources, including store-level rows without item detail; online orders without a store have store_id NULL), with transactions, AOV and week-over-week / year-over-year growth.
-- depends_on: mart_sales_store_channel_daily, stores_versions
-- grain: business_date, store_id
-- incremental_by: business_date
-- reads_back: 0, 7, 364
-- indexes: brin(business_date)
-- tests: not_null(business_date, net_sales), unique(business_date, store_id), relationships(store_id -> stores.store_id)
-- tests: reconcile(sum(net_sales) = mart_sales_daily: sum(net_sales)), reconcile(sum(units) = mart_sales_daily: sum(units))
--
-- Transactions are baskets, counted at the grain the POS reports them: the store-level rows' count (sku empty) is
-- the store-day's basket count. Item-level counts are never added up: one basket holding three SKUs is one
-- transaction, not three, so a store-day that only has item-level counts has transactions (and AOV) NULL.
-- AOV = net sales / transactions.
-- Margin covers the sales whose unit cost is known (costed_sales); gross_margin_pct = gross_margin / costed_sales.
-- Growth compares with the same weekday last week (7 days back) and last year (364 days back).
-- It sums the store's channels (mart_sales_store_channel_daily, whose sums are the line-level mart's): reading those
-- few rows instead of the day's millions of lines keeps the roll-up's cost out of the daily run.
WITH day AS (
    SELECT
        business_date,
        store_id,
        SUM(units) AS units,
        SUM(net_sales) AS net_sales,
        SUM(discounts) AS discounts,
        SUM(return_units) AS return_units,
        SUM(return_value) AS return_value,
        SUM(cogs) AS cogs,
        SUM(gross_margin) AS gross_margin,
        SUM(costed_sales) AS costed_sales,
        SUM(transactions) AS transactions
    FROM mart_sales_store_channel_daily
    WHERE business_date BETWEEN :from_date AND :to_date
       OR business_date BETWEEN :from_date - 7 AND :to_date - 7
       OR business_date BETWEEN :from_date - 364 AND :to_date - 364
    GROUP BY business_date, store_id
)
SELECT
    d.business_date,
    d.store_id,
    st.area,
    st.region,
    CAST(d.units AS DECIMAL(18,3)) AS units,
    CAST(d.net_sales AS DECIMAL(18,2)) AS net_sales,
    CAST(d.discounts AS DECIMAL(18,2)) AS discounts,
    CAST(d.return_units AS DECIMAL(18,3)) AS return_units,
    CAST(d.return_value AS DECIMAL(18,2)) AS return_value,
    CAST(d.cogs AS DECIMAL(18,2)) AS cogs,
    CAST(d.gross_margin AS DECIMAL(18,2)) AS gross_margin,
    CAST(d.costed_sales AS DECIMAL(18,2)) AS costed_sales,
    CAST(ROUND(CAST(100 * d.gross_margin / NULLIF(d.costed_sales, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(12,2)) AS gross_margin_pct,
    CAST(d.transactions AS BIGINT) AS transactions,
    CAST(ROUND(CAST(d.net_sales / NULLIF(d.transactions, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(18,2)) AS aov,
    CAST(w.net_sales AS DECIMAL(18,2)) AS net_sales_last_week,
    CAST(y.net_sales AS DECIMAL(18,2)) AS net_sales_last_year,
    CAST(ROUND(CAST(100 * (d.net_sales - w.net_sales) / NULLIF(w.net_sales, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(12,2)) AS wow_growth_pct,
    CAST(ROUND(CAST(100 * (d.net_sales - y.net_sales) / NULLIF(y.net_sales, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(12,2)) AS yoy_growth_pct
FROM day d
LEFT JOIN day w ON w.store_id IS NOT DISTINCT FROM d.store_id AND w.business_date = d.business_date - 7
LEFT JOIN day y ON y.store_id IS NOT DISTINCT FROM d.store_id AND y.business_date = d.business_date - 364
LEFT JOIN stores_versions st ON st.store_id = d.store_id AND st.valid_from <= d.business_date AND (st.valid_to IS NULL OR st.valid_to > d.business_date)
WHERE d.business_date BETWEEN :from_date AND :to_date
