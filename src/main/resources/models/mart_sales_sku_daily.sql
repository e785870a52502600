-- model: mart_sales_sku_daily
-- description: Chain-wide sales by business day and SKU (all stores and channels): the fast path for top products without a store or area filter.
-- depends_on: mart_sales_daily
-- grain: business_date, sku
-- incremental_by: business_date
-- indexes: brin(business_date)
-- tests: not_null(business_date, sku), unique(business_date, sku)
-- tests: reconcile(sum(net_sales) = mart_sales_daily: sum(net_sales) where sku IS NOT NULL)
SELECT
    business_date,
    sku,
    MAX(department) AS department,
    MAX(category) AS category,
    CAST(SUM(units) AS DECIMAL(18,3)) AS units,
    CAST(SUM(net_sales) AS DECIMAL(18,2)) AS net_sales,
    CAST(SUM(return_value) AS DECIMAL(18,2)) AS return_value,
    CAST(SUM(cogs) AS DECIMAL(18,2)) AS cogs,
    CAST(SUM(gross_margin) AS DECIMAL(18,2)) AS gross_margin,
    CAST(SUM(CASE WHEN cogs IS NOT NULL THEN net_sales END) AS DECIMAL(18,2)) AS costed_sales
FROM mart_sales_daily
WHERE sku IS NOT NULL AND business_date BETWEEN :from_date AND :to_date
GROUP BY business_date, sku
