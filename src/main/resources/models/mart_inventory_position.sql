-- model: mart_inventory_position
-- description: Inventory position by business day, store and SKU: on hand, on order, trailing 28-day sales, days of cover, weeks of supply, sell-through, stock-out and overstock flags, velocity class.
-- depends_on: inventory, mart_sales_daily, products, stores
-- grain: business_date, store_id, sku
-- incremental_by: business_date
-- reads_back: 0..27
-- tests: not_null(business_date, store_id, sku, on_hand, velocity_class), unique(business_date, store_id, sku)
-- tests: relationships(sku -> products.sku), accepted_values(velocity_class: fast, medium, slow, stagnant)
-- tests: reconcile(sum(on_hand) = inventory: sum(on_hand))
--
-- One row per inventory snapshot. Definitions (docs/models.md):
--   units_28d        net units sold in the 28 days ending on the snapshot date (returns subtract)
--   avg_daily_sales  units_28d / 28
--   days_of_cover    on_hand / avg_daily_sales; 0 when out of stock; NULL when nothing sold (infinite cover)
--   weeks_of_supply  days_of_cover / 7
--   sell_through_pct units_28d / (units_28d + on_hand), in %
--   stock_out        on_hand <= 0
--   overstock        stock on hand and more than 12 weeks of supply, or no sales in 28 days (dead stock)
--   velocity_class   stagnant = no net sales in 28 days; the others by the SKU's rank among the store's selling
--                    SKUs that day: fast = top 20% (cume_dist > 0.8), medium = next 30% (> 0.5), slow = the rest
WITH sold AS (
    SELECT store_id, sku, business_date, SUM(units) AS units
    FROM mart_sales_daily
    WHERE sku IS NOT NULL AND business_date BETWEEN :from_date - 27 AND :to_date
    GROUP BY store_id, sku, business_date
),
snap AS (
    SELECT store_id, sku, business_date, on_hand, on_order, reserved
    FROM inventory
    WHERE business_date BETWEEN :from_date AND :to_date
),
days AS (
    -- every store x SKU x date with a snapshot or a sale, so the window sees every sale
    SELECT
        COALESCE(n.store_id, s.store_id) AS store_id,
        COALESCE(n.sku, s.sku) AS sku,
        COALESCE(n.business_date, s.business_date) AS business_date,
        COALESCE(s.units, 0) AS units,
        n.on_hand,
        n.on_order,
        n.reserved,
        CASE WHEN n.store_id IS NULL THEN FALSE ELSE TRUE END AS has_snapshot
    FROM snap n
    FULL OUTER JOIN sold s ON s.store_id = n.store_id AND s.sku = n.sku AND s.business_date = n.business_date
),
windowed AS (
    SELECT
        store_id, sku, business_date, on_hand, on_order, reserved, has_snapshot,
        SUM(units) OVER (PARTITION BY store_id, sku ORDER BY business_date
                         RANGE BETWEEN INTERVAL '27' DAY PRECEDING AND CURRENT ROW) AS units_28d
    FROM days
),
positions AS (
    SELECT
        w.*,
        CASE WHEN w.units_28d > 0 THEN
            CUME_DIST() OVER (PARTITION BY w.store_id, w.business_date, CASE WHEN w.units_28d > 0 THEN 1 ELSE 0 END
                              ORDER BY w.units_28d)
        END AS velocity_rank
    FROM windowed w
    WHERE w.has_snapshot AND w.business_date BETWEEN :from_date AND :to_date
)
SELECT
    p.business_date,
    p.store_id,
    st.area,
    p.sku,
    pr.name,
    pr.department,
    pr.category,
    CAST(p.on_hand AS DECIMAL(14,3)) AS on_hand,
    CAST(p.on_order AS DECIMAL(14,3)) AS on_order,
    CAST(p.reserved AS DECIMAL(14,3)) AS reserved,
    CAST(p.units_28d AS DECIMAL(18,3)) AS units_28d,
    CAST(ROUND(p.units_28d / 28, 4) AS DECIMAL(18,4)) AS avg_daily_sales,
    CAST(CASE WHEN p.on_hand <= 0 THEN 0
              WHEN p.units_28d > 0 THEN ROUND(p.on_hand * 28 / p.units_28d, 1) END AS DECIMAL(14,1)) AS days_of_cover,
    CAST(CASE WHEN p.on_hand <= 0 THEN 0
              WHEN p.units_28d > 0 THEN ROUND(p.on_hand * 4 / p.units_28d, 2) END AS DECIMAL(14,2)) AS weeks_of_supply,
    CAST(ROUND(100 * GREATEST(p.units_28d, 0) / NULLIF(GREATEST(p.units_28d, 0) + GREATEST(p.on_hand, 0), 0), 2)
         AS DECIMAL(12,2)) AS sell_through_pct,
    CASE WHEN p.on_hand <= 0 THEN TRUE ELSE FALSE END AS stock_out,
    CASE WHEN p.on_hand > 0 AND (p.units_28d <= 0 OR p.on_hand * 4 / p.units_28d > 12) THEN TRUE ELSE FALSE END AS overstock,
    CASE WHEN p.units_28d <= 0 THEN 'stagnant'
         WHEN p.velocity_rank > 0.8 THEN 'fast'
         WHEN p.velocity_rank > 0.5 THEN 'medium'
         ELSE 'slow' END AS velocity_class,
    CAST(p.on_hand * pr.unit_cost AS DECIMAL(18,2)) AS stock_value
FROM positions p
LEFT JOIN products pr ON pr.sku = p.sku
LEFT JOIN stores st ON st.store_id = p.store_id
ORDER BY p.business_date, p.store_id, p.sku
