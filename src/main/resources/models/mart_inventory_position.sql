-- model: mart_inventory_position
-- description: Inventory position by business day, store and SKU: on hand, on order, trailing 28-day sales, days of cover, weeks of supply, sell-through, stock-out and overstock flags, velocity class, and the alert it raises (a view over mart_inventory_position_base).
-- depends_on: mart_inventory_position_base, mart_sales_missing_28d, products_versions, stores_versions, cost_periods
-- grain: business_date, store_id, sku
-- incremental_by: view
-- tests: not_null(business_date, store_id, sku, sales_days_missing), accepted_values(velocity_class: fast, medium, slow, stagnant)
--
-- One row per inventory snapshot. Definitions (docs/models.md; the base model's header has the classes and alerts):
--   units_28d        net units sold in the 28 days ending on the snapshot date (returns subtract)
--   sales_days_missing  days of those 28 whose store has no sales loaded (feed failed or missing: unknown, not zero)
--   avg_daily_sales  units_28d / (28 - sales_days_missing); NULL when no day is known
--   days_of_cover    on_hand / avg_daily_sales; 0 when out of stock; NULL when nothing sold (infinite cover)
--   weeks_of_supply  days_of_cover / 7
--   sell_through_pct units_28d / (units_28d + on_hand), in %
--   stock_out        on_hand <= 0
--   overstock        stock on hand and more than 12 weeks of supply, or no net sales on the known days (dead stock);
--                    false when no day is known
--   velocity_class   the base's class; NULL when none of the 28 days is known (sales_days_missing = 28): not available
--   alert_type, severity  the base's alert, re-derived for the store-days with missing sales (below)
-- These are arithmetic on one row, so they are computed when read; names come from stores and products. A code
-- without a name reads NULL, which the tests in mart_inventory_alerts catch.
--
-- Missing sales days (mart_sales_missing_28d): the base's codes read the 28-day sum as if every day were known. For
-- the few store-days with a missing day they are re-derived here from the known days, by the base's rules: cover
-- and supply over 28 - sales_days_missing days decide LOW_STOCK, OVERSTOCK and their severity; the class's rank is
-- unchanged (the store's SKUs share the missing days, so scaling does not reorder them) and stagnant means no net
-- sales on the known days. With no day known nothing sales-based can be said: no class, no LOW_STOCK, no OVERSTOCK
-- (dead stock is not a feed that did not arrive); OUT_OF_STOCK stays (it needs no sales), rated high since how fast
-- the SKU sells is not known. The base cannot read mart_sales_missing_28d itself: it is rewritten on every refresh,
-- which would make every date of the base recompute, and on Trino the base runs before the warehouse computes it.
SELECT
    p.business_date, p.store_id, p.area, p.sku, p.name, p.department, p.category, p.on_hand, p.on_order, p.reserved,
    p.units_28d, p.sales_days_missing, p.avg_daily_sales, p.days_of_cover, p.weeks_of_supply, p.sell_through_pct,
    p.stock_out, p.overstock,
    CASE p.velocity_code WHEN 1 THEN 'fast' WHEN 2 THEN 'medium' WHEN 3 THEN 'slow' WHEN 4 THEN 'stagnant' END AS velocity_class,
    p.stock_value,
    CASE p.alert_code WHEN 1 THEN 'OUT_OF_STOCK' WHEN 2 THEN 'LOW_STOCK' WHEN 3 THEN 'OVERSTOCK' END AS alert_type,
    CASE p.severity_rank WHEN 1 THEN 'critical' WHEN 2 THEN 'high' WHEN 3 THEN 'medium' WHEN 4 THEN 'low' END AS severity,
    p.severity_rank,
    p.lead_time_days
FROM (
    SELECT a.*,
           CASE WHEN NOT a.missing_any THEN a.base_severity_rank
                ELSE CASE a.alert_code
                    WHEN 1 THEN COALESCE(a.velocity_code, 2)
                    WHEN 2 THEN
                        CASE WHEN a.days_of_cover < a.lead_time_days / 2.0 THEN
                                 CASE a.velocity_code WHEN 1 THEN 1 WHEN 2 THEN 2 ELSE 3 END
                             ELSE
                                 CASE a.velocity_code WHEN 1 THEN 2 WHEN 2 THEN 3 ELSE 4 END
                        END
                    WHEN 3 THEN
                        CASE WHEN a.weeks_of_supply IS NULL OR a.weeks_of_supply > 52 THEN 2
                             WHEN a.weeks_of_supply > 26 THEN 3
                             ELSE 4 END
                END
           END AS severity_rank
    FROM (
        SELECT k.*,
               CASE WHEN NOT k.missing_any OR k.on_hand <= 0 THEN k.base_alert_code
                    WHEN k.sales_days_missing >= 28 THEN NULL
                    WHEN k.units_28d > 0 AND k.days_of_cover < k.lead_time_days AND NOT k.not_reordered THEN 2
                    WHEN k.overstock THEN 3
               END AS alert_code
        FROM (
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
                CASE WHEN ms.sales_days_missing IS NULL THEN FALSE ELSE TRUE END AS missing_any,
                CAST(CASE WHEN COALESCE(ms.sales_days_missing, 0) < 28
                          THEN ROUND(CAST(b.units_28d / (28 - COALESCE(ms.sales_days_missing, 0)) AS DECIMAL(18,6)), 4) END AS DECIMAL(18,4)) AS avg_daily_sales,
                CAST(CASE WHEN b.on_hand <= 0 THEN 0
                          WHEN b.units_28d > 0 THEN ROUND(CAST(b.on_hand * (28 - COALESCE(ms.sales_days_missing, 0)) / b.units_28d AS DECIMAL(18,6)), 1) END AS DECIMAL(14,1)) AS days_of_cover,
                CAST(CASE WHEN b.on_hand <= 0 THEN 0
                          WHEN b.units_28d > 0 THEN ROUND(CAST(b.on_hand * (28 - COALESCE(ms.sales_days_missing, 0)) / (7 * b.units_28d) AS DECIMAL(18,6)), 2) END AS DECIMAL(14,2)) AS weeks_of_supply,
                CAST(ROUND(CAST(100 * GREATEST(b.units_28d, 0) / NULLIF(GREATEST(b.units_28d, 0) + GREATEST(b.on_hand, 0), 0) AS DECIMAL(18,6)), 2)
                     AS DECIMAL(12,2)) AS sell_through_pct,
                CASE WHEN b.on_hand <= 0 THEN TRUE ELSE FALSE END AS stock_out,
                -- more than 12 weeks of supply over the known days (on hand x known days > 84 x units), or no net sales on
                -- them (dead stock); never when no day is known
                CASE WHEN b.on_hand > 0 AND COALESCE(ms.sales_days_missing, 0) < 28
                          AND (b.units_28d <= 0 OR b.on_hand * (28 - COALESCE(ms.sales_days_missing, 0)) > 84 * b.units_28d)
                     THEN TRUE ELSE FALSE END AS overstock,
                CASE WHEN COALESCE(ms.sales_days_missing, 0) < 28 THEN b.velocity_code END AS velocity_code,
                CAST(b.on_hand * COALESCE(ct.unit_cost, pr.unit_cost) AS DECIMAL(18,2)) AS stock_value,
                b.alert_code AS base_alert_code,
                b.severity_rank AS base_severity_rank,
                COALESCE(pr.do_not_reorder OR pr.struck, FALSE) AS not_reordered,
                CAST(b.lead_time_days AS INTEGER) AS lead_time_days
            FROM mart_inventory_position_base b
            LEFT JOIN mart_sales_missing_28d ms ON ms.store_id = b.store_id AND ms.business_date = b.business_date
            LEFT JOIN products_versions pr ON pr.sku = b.sku AND pr.valid_from <= b.business_date AND (pr.valid_to IS NULL OR pr.valid_to > b.business_date)
            LEFT JOIN stores_versions st ON st.store_id = b.store_id AND st.valid_from <= b.business_date AND (st.valid_to IS NULL OR st.valid_to > b.business_date)
            LEFT JOIN cost_periods ct ON ct.sku = b.sku AND ct.valid_from <= b.business_date AND (ct.valid_until IS NULL OR ct.valid_until >= b.business_date)
        ) k
    ) a
) p
