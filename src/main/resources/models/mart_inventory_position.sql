-- model: mart_inventory_position
-- description: Inventory position by business day, store and SKU: on hand, on order, trailing 28-day sales, days of cover, weeks of supply, sell-through, stock-out and overstock flags, velocity class, and the alert it raises (a view over mart_inventory_position_base).
-- depends_on: mart_inventory_position_base, mart_sales_missing_28d, products_versions, stores_versions, cost_periods
-- grain: business_date, store_id, sku
-- incremental_by: view
-- tests: not_null(velocity_class)
--
-- One row per inventory snapshot. Definitions (docs/models.md; the base model's header has the classes and alerts):
--   units_28d        net units sold in the 28 days ending on the snapshot date (returns subtract)
--   sales_days_missing  days of those 28 whose store has no sales loaded (feed failed or missing: unknown, not zero)
--   avg_daily_sales  units_28d / (28 - sales_days_missing); NULL when no day is known
--   days_of_cover    on_hand / avg_daily_sales; 0 when out of stock; NULL when nothing sold (infinite cover)
--   weeks_of_supply  days_of_cover / 7
--   sell_through_pct units_28d / (units_28d + on_hand), in %
--   stock_out        on_hand <= 0
--   overstock        stock on hand and more than 12 weeks of supply, or no sales in 28 days (dead stock)
-- These are arithmetic on one row, so they are computed when read; names come from stores and products. A code
-- without a name reads NULL, which the tests here and in mart_inventory_alerts catch.
SELECT
    b.business_date,
    b.store_id,
    st.area,
    b.sku,
    pr.name,
    pr.department,
    pr.category,
    b.on_hand,
    b.on_order,
    b.reserved,
    b.units_28d,
    CAST(COALESCE(ms.sales_days_missing, 0) AS INTEGER) AS sales_days_missing,
    CAST(CASE WHEN COALESCE(ms.sales_days_missing, 0) < 28
              THEN ROUND(CAST(b.units_28d / (28 - COALESCE(ms.sales_days_missing, 0)) AS DECIMAL(18,6)), 4) END AS DECIMAL(18,4)) AS avg_daily_sales,
    CAST(CASE WHEN b.on_hand <= 0 THEN 0
              WHEN b.units_28d > 0 THEN ROUND(CAST(b.on_hand * (28 - COALESCE(ms.sales_days_missing, 0)) / b.units_28d AS DECIMAL(18,6)), 1) END AS DECIMAL(14,1)) AS days_of_cover,
    CAST(CASE WHEN b.on_hand <= 0 THEN 0
              WHEN b.units_28d > 0 THEN ROUND(CAST(b.on_hand * (28 - COALESCE(ms.sales_days_missing, 0)) / (7 * b.units_28d) AS DECIMAL(18,6)), 2) END AS DECIMAL(14,2)) AS weeks_of_supply,
    CAST(ROUND(CAST(100 * GREATEST(b.units_28d, 0) / NULLIF(GREATEST(b.units_28d, 0) + GREATEST(b.on_hand, 0), 0) AS DECIMAL(18,6)), 2)
         AS DECIMAL(12,2)) AS sell_through_pct,
    CASE WHEN b.on_hand <= 0 THEN TRUE ELSE FALSE END AS stock_out,
    CASE WHEN b.on_hand > 0 AND (b.units_28d <= 0 OR b.on_hand * 4 > 12 * b.units_28d) THEN TRUE ELSE FALSE END AS overstock,
    CASE b.velocity_code WHEN 1 THEN 'fast' WHEN 2 THEN 'medium' WHEN 3 THEN 'slow' WHEN 4 THEN 'stagnant' END AS velocity_class,
    CAST(b.on_hand * COALESCE(ct.unit_cost, pr.unit_cost) AS DECIMAL(18,2)) AS stock_value,
    CASE b.alert_code WHEN 1 THEN 'OUT_OF_STOCK' WHEN 2 THEN 'LOW_STOCK' WHEN 3 THEN 'OVERSTOCK' END AS alert_type,
    CASE WHEN b.alert_code IS NOT NULL THEN
        CASE b.severity_rank WHEN 1 THEN 'critical' WHEN 2 THEN 'high' WHEN 3 THEN 'medium' WHEN 4 THEN 'low' END
    END AS severity,
    b.severity_rank,
    CAST(b.lead_time_days AS INTEGER) AS lead_time_days
FROM mart_inventory_position_base b
LEFT JOIN mart_sales_missing_28d ms ON ms.store_id = b.store_id AND ms.business_date = b.business_date
LEFT JOIN products_versions pr ON pr.sku = b.sku AND pr.valid_from <= b.business_date AND (pr.valid_to IS NULL OR pr.valid_to > b.business_date)
LEFT JOIN stores_versions st ON st.store_id = b.store_id AND st.valid_from <= b.business_date AND (st.valid_to IS NULL OR st.valid_to > b.business_date)
LEFT JOIN cost_periods ct ON ct.sku = b.sku AND ct.valid_from <= b.business_date AND (ct.valid_until IS NULL OR ct.valid_until >= b.business_date)
