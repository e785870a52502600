-- model: mart_inventory_alerts
-- description: Inventory alerts by business day, store and SKU: OUT_OF_STOCK, LOW_STOCK or OVERSTOCK, each with a severity (a view over mart_inventory_position).
-- depends_on: mart_inventory_position, products, stores
-- grain: business_date, store_id, sku
-- incremental_by: view
-- tests: not_null(business_date, store_id, sku, alert_type, severity), unique(business_date, store_id, sku)
-- tests: accepted_values(alert_type: OUT_OF_STOCK, LOW_STOCK, OVERSTOCK), accepted_values(severity: critical, high, medium, low)
--
-- The position mart rates every snapshot (see its header and docs/models.md for the rules); this view keeps the
-- positions that raise an alert and adds the names readers show. A view, not a table: on a bad day most positions
-- alert, and a copy would write them all twice.
SELECT
    p.business_date,
    p.store_id,
    st.area,
    p.sku,
    pr.name,
    pr.department,
    pr.category,
    p.alert_type,
    p.severity,
    CAST(CASE p.severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END AS INTEGER) AS severity_rank,
    p.on_hand,
    p.on_order,
    p.avg_daily_sales,
    p.days_of_cover,
    p.weeks_of_supply,
    p.velocity_class,
    p.lead_time_days,
    p.stock_value
FROM mart_inventory_position p
LEFT JOIN products pr ON pr.sku = p.sku
LEFT JOIN stores st ON st.store_id = p.store_id
WHERE p.alert_type IS NOT NULL
