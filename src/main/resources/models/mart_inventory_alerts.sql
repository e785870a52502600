-- model: mart_inventory_alerts
-- description: Inventory alerts by business day, store and SKU: OUT_OF_STOCK, LOW_STOCK or OVERSTOCK, each with a severity.
-- depends_on: mart_inventory_position, products, supplier_products, suppliers
-- grain: business_date, store_id, sku
-- incremental_by: business_date
-- tests: not_null(business_date, store_id, sku, alert_type, severity), unique(business_date, store_id, sku)
-- tests: accepted_values(alert_type: OUT_OF_STOCK, LOW_STOCK, OVERSTOCK), accepted_values(severity: critical, high, medium, low)
--
-- At most one alert per position (docs/models.md has the table):
--   OUT_OF_STOCK  on hand <= 0.                 fast: critical, medium: high, slow: medium, stagnant: low
--   LOW_STOCK     0 < days of cover < lead time (the SKU's fastest supplier, else 7 days).
--                 cover < half the lead time:  fast: critical, medium: high, slow: medium
--                 otherwise:                   fast: high, medium: medium, slow: low
--   OVERSTOCK     the position's overstock flag. dead stock (no sales in 28 days) or > 52 weeks: high,
--                 > 26 weeks: medium, otherwise (> 12 weeks): low
-- Do-not-reorder and struck SKUs raise no OUT_OF_STOCK or LOW_STOCK alert: nobody will reorder them.
WITH lead AS (
    SELECT sp.sku, MIN(COALESCE(sp.lead_time_days, su.lead_time_days)) AS lead_time_days
    FROM supplier_products sp
    LEFT JOIN suppliers su ON su.supplier_id = sp.supplier_id
    GROUP BY sp.sku
),
classified AS (
    SELECT
        p.*,
        COALESCE(l.lead_time_days, 7) AS lead_time_days,
        CASE
            WHEN p.stock_out AND NOT COALESCE(pr.do_not_reorder OR pr.struck, FALSE) THEN 'OUT_OF_STOCK'
            WHEN NOT p.stock_out AND p.days_of_cover < COALESCE(l.lead_time_days, 7)
                 AND NOT COALESCE(pr.do_not_reorder OR pr.struck, FALSE) THEN 'LOW_STOCK'
            WHEN p.overstock THEN 'OVERSTOCK'
        END AS alert_type
    FROM mart_inventory_position p
    LEFT JOIN products pr ON pr.sku = p.sku
    LEFT JOIN lead l ON l.sku = p.sku
    WHERE p.business_date BETWEEN :from_date AND :to_date
),
rated AS (
    SELECT
        c.*,
        CASE c.alert_type
            WHEN 'OUT_OF_STOCK' THEN
                CASE c.velocity_class WHEN 'fast' THEN 'critical' WHEN 'medium' THEN 'high' WHEN 'slow' THEN 'medium' ELSE 'low' END
            WHEN 'LOW_STOCK' THEN
                CASE WHEN c.days_of_cover < c.lead_time_days / 2.0 THEN
                         CASE c.velocity_class WHEN 'fast' THEN 'critical' WHEN 'medium' THEN 'high' ELSE 'medium' END
                     ELSE
                         CASE c.velocity_class WHEN 'fast' THEN 'high' WHEN 'medium' THEN 'medium' ELSE 'low' END
                END
            ELSE
                CASE WHEN c.weeks_of_supply IS NULL OR c.weeks_of_supply > 52 THEN 'high'
                     WHEN c.weeks_of_supply > 26 THEN 'medium'
                     ELSE 'low' END
        END AS severity
    FROM classified c
    WHERE c.alert_type IS NOT NULL
)
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
    CAST(CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'medium' THEN 3 ELSE 4 END AS INTEGER) AS severity_rank,
    on_hand,
    on_order,
    avg_daily_sales,
    days_of_cover,
    weeks_of_supply,
    velocity_class,
    CAST(lead_time_days AS INTEGER) AS lead_time_days,
    stock_value
FROM rated
ORDER BY business_date, store_id, severity_rank, sku
