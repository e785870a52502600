-- model: mart_sales_category_daily
-- description: Sales by business day, store, department and category (SKU-level sales only), with week-over-week / year-over-year growth.
-- depends_on: mart_sales_daily, stores_versions
-- grain: business_date, store_id, department, category
-- incremental_by: business_date
-- reads_back: 0, 7, 364
-- indexes: brin(business_date)
-- tests: not_null(business_date), unique(business_date, store_id, department, category)
-- tests: reconcile(sum(net_sales) = mart_sales_daily: sum(net_sales) where sku IS NOT NULL)
--
-- Store-level rows without a SKU have no category and are left out here (they count in the store, area and chain
-- marts). Online orders without a store keep store_id NULL, as in mart_sales_store_daily. Transactions are not additive across SKUs, so there are none at this grain.
WITH day AS (
    SELECT
        business_date,
        store_id,
        department,
        category,
        SUM(units) AS units,
        SUM(net_sales) AS net_sales,
        SUM(discounts) AS discounts,
        SUM(return_units) AS return_units,
        SUM(return_value) AS return_value,
        SUM(cogs) AS cogs,
        SUM(gross_margin) AS gross_margin,
        SUM(CASE WHEN cogs IS NOT NULL THEN net_sales END) AS costed_sales,
        COUNT(DISTINCT sku) AS skus_sold
    FROM mart_sales_daily
    WHERE sku IS NOT NULL
      AND (business_date BETWEEN :from_date AND :to_date
           OR business_date BETWEEN :from_date - 7 AND :to_date - 7
           OR business_date BETWEEN :from_date - 364 AND :to_date - 364)
    GROUP BY business_date, store_id, department, category
)
SELECT
    d.business_date,
    d.store_id,
    st.area,
    d.department,
    d.category,
    CAST(d.units AS DECIMAL(18,3)) AS units,
    CAST(d.net_sales AS DECIMAL(18,2)) AS net_sales,
    CAST(d.discounts AS DECIMAL(18,2)) AS discounts,
    CAST(d.return_units AS DECIMAL(18,3)) AS return_units,
    CAST(d.return_value AS DECIMAL(18,2)) AS return_value,
    CAST(d.cogs AS DECIMAL(18,2)) AS cogs,
    CAST(d.gross_margin AS DECIMAL(18,2)) AS gross_margin,
    CAST(d.costed_sales AS DECIMAL(18,2)) AS costed_sales,
    CAST(ROUND(CAST(100 * d.gross_margin / NULLIF(d.costed_sales, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(12,2)) AS gross_margin_pct,
    CAST(d.skus_sold AS BIGINT) AS skus_sold,
    CAST(w.net_sales AS DECIMAL(18,2)) AS net_sales_last_week,
    CAST(y.net_sales AS DECIMAL(18,2)) AS net_sales_last_year,
    CAST(ROUND(CAST(100 * (d.net_sales - w.net_sales) / NULLIF(w.net_sales, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(12,2)) AS wow_growth_pct,
    CAST(ROUND(CAST(100 * (d.net_sales - y.net_sales) / NULLIF(y.net_sales, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(12,2)) AS yoy_growth_pct
FROM day d
LEFT JOIN day w ON w.store_id = d.store_id AND w.business_date = d.business_date - 7
     AND w.department IS NOT DISTINCT FROM d.department AND w.category IS NOT DISTINCT FROM d.category
LEFT JOIN day y ON y.store_id = d.store_id AND y.business_date = d.business_date - 364
     AND y.department IS NOT DISTINCT FROM d.department AND y.category IS NOT DISTINCT FROM d.category
LEFT JOIN stores_versions st ON st.store_id = d.store_id AND st.valid_from <= d.business_date AND (st.valid_to IS NULL OR st.valid_to > d.business_date)
WHERE d.business_date BETWEEN :from_date AND :to_date
