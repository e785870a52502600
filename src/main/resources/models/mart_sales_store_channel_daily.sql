-- model: mart_sales_store_channel_daily
-- description: Sales by business day, store and channel (all sources, including store-level rows without item detail; online orders without a store have store_id NULL): the line-level mart summed without its items, for the store-day mart and the dashboards' channel split, units check and channel filter.
-- depends_on: mart_sales_daily
-- grain: business_date, store_id, channel
-- incremental_by: business_date
-- indexes: brin(business_date)
-- tests: not_null(business_date, channel, net_sales), unique(business_date, store_id, channel)
-- tests: reconcile(sum(net_sales) = mart_sales_daily: sum(net_sales)), reconcile(sum(units) = mart_sales_daily: sum(units))
--
-- One row per store, day and channel instead of one per SKU: the dashboards' calls that need no item detail read a
-- few thousand rows here where mart_sales_daily holds millions (docs/bench.md, session 34). Every measure is the exact
-- sum of the line-level mart's, so a reader that sums these rows gets the line-level mart's figures.
-- transactions is the sku-NULL rows' basket count (item-level counts are not additive across SKUs; see
-- mart_sales_store_daily), costed_sales the net sales whose cost is known, itemless_sales the net sales of store-level
-- rows without item detail (no SKU, no units: their units are unknown, not 0). A store and day have one area.
SELECT
    business_date,
    store_id,
    area,
    channel,
    CAST(SUM(units) AS DECIMAL(18,3)) AS units,
    CAST(SUM(net_sales) AS DECIMAL(18,2)) AS net_sales,
    CAST(SUM(discounts) AS DECIMAL(18,2)) AS discounts,
    CAST(SUM(return_units) AS DECIMAL(18,3)) AS return_units,
    CAST(SUM(return_value) AS DECIMAL(18,2)) AS return_value,
    CAST(SUM(cogs) AS DECIMAL(18,2)) AS cogs,
    CAST(SUM(gross_margin) AS DECIMAL(18,2)) AS gross_margin,
    CAST(SUM(CASE WHEN cogs IS NOT NULL THEN net_sales END) AS DECIMAL(18,2)) AS costed_sales,
    CAST(SUM(CASE WHEN sku IS NULL AND units = 0 THEN net_sales ELSE 0 END) AS DECIMAL(18,2)) AS itemless_sales,
    CAST(SUM(CASE WHEN sku IS NULL THEN transactions END) AS BIGINT) AS transactions
FROM mart_sales_daily
WHERE business_date BETWEEN :from_date AND :to_date
GROUP BY business_date, store_id, area, channel
