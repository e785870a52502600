-- model: mart_sales_missing_28d
-- description: Per store and inventory snapshot date, how many of the 28 days ending on it have no sales loaded (missing store-days, mart_missing_store_days): the days the inventory position's average daily sales leaves out.
-- depends_on: mart_missing_store_days, mart_store_days
-- grain: store_id, business_date
-- incremental_by: full
-- tests: not_null(store_id, business_date, sales_days_missing), unique(store_id, business_date)
--
-- Only store-days with at least one such day have a row (a few: missing store-days x 28). A day whose sales feed
-- failed or never arrived is unknown, not a day that sold nothing, so mart_inventory_position divides the 28-day sales
-- by the days that are known (28 - sales_days_missing) and shows how many were missing.
SELECT i.store_id, i.business_date, CAST(COUNT(*) AS INTEGER) AS sales_days_missing
FROM (SELECT DISTINCT store_id, business_date FROM mart_store_days WHERE dataset = 'inventory') i
JOIN mart_missing_store_days m
  ON m.dataset = 'sales' AND m.store_id = i.store_id
 AND m.business_date BETWEEN i.business_date - 27 AND i.business_date
GROUP BY i.store_id, i.business_date
