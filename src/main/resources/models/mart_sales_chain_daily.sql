-- model: mart_sales_chain_daily
-- description: Chain-wide sales by business day (all channels, including store-level rows), with transactions, AOV and week-over-week / year-over-year growth.
-- depends_on: mart_sales_store_daily
-- grain: business_date
-- incremental_by: business_date
-- reads_back: 0, 7, 364
-- tests: not_null(business_date, net_sales), unique(business_date)
-- tests: reconcile(sum(net_sales) = mart_sales_store_daily: sum(net_sales)), reconcile(sum(transactions) = mart_sales_store_daily: sum(transactions))
WITH day AS (
    SELECT
        business_date,
        COUNT(store_id) AS stores_trading,
        SUM(units) AS units,
        SUM(net_sales) AS net_sales,
        SUM(discounts) AS discounts,
        SUM(return_units) AS return_units,
        SUM(return_value) AS return_value,
        SUM(cogs) AS cogs,
        SUM(gross_margin) AS gross_margin,
        SUM(costed_sales) AS costed_sales,
        SUM(transactions) AS transactions,
        SUM(CASE WHEN transactions IS NOT NULL THEN net_sales END) AS transacted_sales
    FROM mart_sales_store_daily
    WHERE business_date BETWEEN :from_date AND :to_date
       OR business_date BETWEEN :from_date - 7 AND :to_date - 7
       OR business_date BETWEEN :from_date - 364 AND :to_date - 364
    GROUP BY business_date
)
SELECT
    d.business_date,
    CAST(d.stores_trading AS BIGINT) AS stores_trading,
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
    CAST(ROUND(CAST(d.transacted_sales / NULLIF(d.transactions, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(18,2)) AS aov,
    CAST(w.net_sales AS DECIMAL(18,2)) AS net_sales_last_week,
    CAST(y.net_sales AS DECIMAL(18,2)) AS net_sales_last_year,
    CAST(ROUND(CAST(100 * (d.net_sales - w.net_sales) / NULLIF(w.net_sales, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(12,2)) AS wow_growth_pct,
    CAST(ROUND(CAST(100 * (d.net_sales - y.net_sales) / NULLIF(y.net_sales, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(12,2)) AS yoy_growth_pct
FROM day d
LEFT JOIN day w ON w.business_date = d.business_date - 7 
LEFT JOIN day y ON y.business_date = d.business_date - 364 
WHERE d.business_date BETWEEN :from_date AND :to_date
