-- model: mart_inventory_alerts
-- description: Inventory alerts by business day, store and SKU: OUT_OF_STOCK, LOW_STOCK or OVERSTOCK, each with a severity (a view over mart_inventory_position).
-- depends_on: mart_inventory_position
-- grain: business_date, store_id, sku
-- incremental_by: view
-- tests: not_null(alert_type, severity)
--
-- The positions that raise an alert; the rules are in mart_inventory_position_base and docs/models.md, over the known
-- days of the 28 (mart_inventory_position): no LOW_STOCK or OVERSTOCK for a store none of whose 28 days' sales loaded. A view, not
-- a table: on a bad day most positions alert, and a copy would write them all twice.
SELECT
    business_date,
    store_id,
    area,
    sku,
    name,
    department,
    category,
    alert_type,
    severity,
    severity_rank,
    on_hand,
    on_order,
    avg_daily_sales,
    units_28d,
    sales_days_missing,
    days_of_cover,
    weeks_of_supply,
    velocity_class,
    lead_time_days,
    stock_value
FROM mart_inventory_position
WHERE alert_type IS NOT NULL
