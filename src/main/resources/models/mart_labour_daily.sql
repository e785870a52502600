-- model: mart_labour_daily
-- description: Labour by business day and store: hours, cost, sales per labour hour and labour cost as a % of net sales.
-- depends_on: labour, mart_sales_store_daily, stores_versions
-- grain: business_date, store_id
-- incremental_by: business_date
-- tests: not_null(business_date, store_id, hours), unique(business_date, store_id), relationships(store_id -> stores.store_id)
-- tests: reconcile(sum(hours) = labour: sum(hours))
--
-- One row per store-day with labour (net sales are 0 when the store sold nothing that day). The ratios are NULL
-- when their denominator is 0 or unknown.
WITH hours AS (
    SELECT business_date, store_id, SUM(hours) AS hours, SUM(labour_cost) AS labour_cost
    FROM labour
    WHERE business_date BETWEEN :from_date AND :to_date
    GROUP BY business_date, store_id
)
SELECT
    h.business_date,
    h.store_id,
    st.area,
    CAST(h.hours AS DECIMAL(14,2)) AS hours,
    CAST(h.labour_cost AS DECIMAL(18,2)) AS labour_cost,
    CAST(COALESCE(s.net_sales, 0) AS DECIMAL(18,2)) AS net_sales,
    CAST(ROUND(CAST(COALESCE(s.net_sales, 0) / NULLIF(h.hours, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(18,2)) AS sales_per_labour_hour,
    CAST(ROUND(CAST(100 * h.labour_cost / NULLIF(s.net_sales, 0) AS DECIMAL(38,9)), 2) AS DECIMAL(12,2)) AS labour_pct_of_sales
FROM hours h
LEFT JOIN mart_sales_store_daily s ON s.business_date = h.business_date AND s.store_id = h.store_id
LEFT JOIN stores_versions st ON st.store_id = h.store_id AND st.valid_from <= h.business_date AND (st.valid_to IS NULL OR st.valid_to > h.business_date)
WHERE h.business_date BETWEEN :from_date AND :to_date
