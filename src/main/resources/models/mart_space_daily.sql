-- model: mart_space_daily
-- description: Space productivity's sales side (docs/planogram.md): each store x SKU x day of sales of a SKU in place split evenly over its placements in that store that day (one row per placement, fixture_id set); the sales of SKUs not in place that day as one row per store and day (sku and fixture_id NULL: the '(not placed)' group).
-- depends_on: mart_sales_daily, placements
-- grain: business_date, store_id, sku, fixture_id
-- incremental_by: business_date
-- tests: not_null(business_date), unique(business_date, store_id, sku, fixture_id)
-- tests: reconcile(sum(net_sales) = mart_sales_daily: sum(net_sales) where sku IS NOT NULL)
--
-- A placement is in place from valid_from to valid_to, both inclusive. A SKU on n placements in a store on a day gives
-- each 1/n of the day's units, sales and margin, so every sale is counted exactly once. shelf and facings are the
-- placement version's (they change with a new version); the fixture's zone and type are joined on read.
-- Only sales of placed SKUs are kept per SKU: the report reads the rest as one '(not placed)' total, and a chain
-- without a planogram (or with few SKUs placed) would otherwise copy every SKU's sales of the day here.
-- placements is a dimension: a placements load rebuilds this mart, and a placement edit records the first date it
-- changed in master_changes (PlacementEditor) so the runner recomputes from there on.
-- in_place: the placements of the range (none at all in a chain without a planogram).
WITH in_place AS (
    SELECT store_id, sku, fixture_id, shelf, facings, valid_from, valid_to
    FROM placements
    WHERE valid_from <= :to_date AND (valid_to IS NULL OR valid_to >= :from_date)
),
sold AS (
    SELECT s.business_date, s.store_id, s.sku, SUM(s.units) AS units, SUM(s.net_sales) AS net_sales,
           SUM(s.gross_margin) AS margin, SUM(CASE WHEN s.cogs IS NOT NULL THEN s.net_sales END) AS costed_sales
    FROM mart_sales_daily s
    -- the pairs placed at some time in the range; placed below keeps the days each placement was in place
    JOIN (SELECT DISTINCT store_id, sku FROM in_place) k ON k.store_id = s.store_id AND k.sku = s.sku
    WHERE s.sku IS NOT NULL AND s.business_date BETWEEN :from_date AND :to_date
    GROUP BY s.business_date, s.store_id, s.sku
),
placed AS (
    SELECT s.business_date, s.store_id, s.sku, pl.fixture_id, pl.shelf, pl.facings,
           s.units, s.net_sales, s.margin, s.costed_sales,
           COUNT(*) OVER (PARTITION BY s.business_date, s.store_id, s.sku) AS n
    FROM sold s
    JOIN in_place pl ON pl.store_id = s.store_id AND pl.sku = s.sku
        AND s.business_date >= pl.valid_from AND (pl.valid_to IS NULL OR s.business_date <= pl.valid_to)
)
SELECT
    business_date,
    store_id,
    sku,
    fixture_id,
    shelf,
    facings,
    CAST(units / n AS DECIMAL(18,8)) AS units,
    CAST(net_sales / n AS DECIMAL(18,8)) AS net_sales,
    CAST(margin / n AS DECIMAL(18,8)) AS margin,
    CAST(costed_sales / n AS DECIMAL(18,8)) AS costed_sales
FROM placed
UNION ALL
SELECT
    s.business_date,
    s.store_id,
    CAST(NULL AS VARCHAR),
    CAST(NULL AS VARCHAR),
    CAST(NULL AS INTEGER),
    CAST(NULL AS INTEGER),
    CAST(SUM(s.units) AS DECIMAL(18,8)),
    CAST(SUM(s.net_sales) AS DECIMAL(18,8)),
    CAST(SUM(s.gross_margin) AS DECIMAL(18,8)),
    CAST(SUM(CASE WHEN s.cogs IS NOT NULL THEN s.net_sales END) AS DECIMAL(18,8))
FROM mart_sales_daily s
LEFT JOIN in_place pl ON pl.store_id = s.store_id AND pl.sku = s.sku
    AND s.business_date >= pl.valid_from AND (pl.valid_to IS NULL OR s.business_date <= pl.valid_to)
WHERE s.sku IS NOT NULL AND s.business_date BETWEEN :from_date AND :to_date AND pl.sku IS NULL
GROUP BY s.business_date, s.store_id
