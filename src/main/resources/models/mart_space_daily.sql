-- model: mart_space_daily
-- description: Space productivity's sales side (docs/planogram.md): each store x SKU x day of sales split evenly over the SKU's placements in that store that day (one row per placement, fixture_id set), or kept whole with fixture_id NULL when the SKU had no placement (the '(not placed)' group).
-- depends_on: mart_sales_daily, placements
-- grain: business_date, store_id, sku, fixture_id
-- incremental_by: business_date
-- tests: not_null(business_date, sku), unique(business_date, store_id, sku, fixture_id)
-- tests: reconcile(sum(net_sales) = mart_sales_daily: sum(net_sales) where sku IS NOT NULL)
--
-- A placement is in place from valid_from to valid_to, both inclusive. A SKU on n placements in a store on a day gives
-- each 1/n of the day's units, sales and margin, so every sale is counted exactly once. shelf and facings are the
-- placement version's (they change with a new version); the fixture's zone and type are joined on read.
-- placements is a dimension: a placements load rebuilds this mart, and a placement edit records the first date it
-- changed in master_changes (PlacementEditor) so the runner recomputes from there on.
WITH sold AS (
    SELECT business_date, store_id, sku, SUM(units) AS units, SUM(net_sales) AS net_sales, SUM(gross_margin) AS margin,
           SUM(CASE WHEN cogs IS NOT NULL THEN net_sales END) AS costed_sales
    FROM mart_sales_daily
    WHERE sku IS NOT NULL AND business_date BETWEEN :from_date AND :to_date
    GROUP BY business_date, store_id, sku
),
placed AS (
    SELECT s.business_date, s.store_id, s.sku, pl.fixture_id, pl.shelf, pl.facings,
           s.units, s.net_sales, s.margin, s.costed_sales,
           COUNT(pl.fixture_id) OVER (PARTITION BY s.business_date, s.store_id, s.sku) AS n
    FROM sold s
    LEFT JOIN placements pl ON pl.store_id = s.store_id AND pl.sku = s.sku
        AND s.business_date >= pl.valid_from AND (pl.valid_to IS NULL OR s.business_date <= pl.valid_to)
)
SELECT
    business_date,
    store_id,
    sku,
    fixture_id,
    shelf,
    facings,
    CAST(CASE WHEN n > 0 THEN units / n ELSE units END AS DECIMAL(18,8)) AS units,
    CAST(CASE WHEN n > 0 THEN net_sales / n ELSE net_sales END AS DECIMAL(18,8)) AS net_sales,
    CAST(CASE WHEN n > 0 THEN margin / n ELSE margin END AS DECIMAL(18,8)) AS margin,
    CAST(CASE WHEN n > 0 THEN costed_sales / n ELSE costed_sales END AS DECIMAL(18,8)) AS costed_sales
FROM placed
