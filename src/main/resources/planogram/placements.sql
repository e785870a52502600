-- The placements of one store (optionally one fixture) in place on :as_of, with the product name and the daily units
-- that empty each shelf: the placement's share of the SKU's average daily units in the store over the 28 days up to
-- :demand_to (PlanogramService turns it into days of supply = capacity / daily units).
--   A SKU on n placements in the store that day sells 1/n of its units from each (the even split of mart_space_daily),
--   so each shelf lasts n times longer than its capacity / the SKU's whole rate.
--   The average is over the days of those 28 from the store's first day of sales on: before it the store's sales are
--   unknown, not zero (a new store, or a warehouse whose history starts later): h.window_start_date is the later of
--   the window's first day and the store's first day of sales (a day difference Trino's rewrite knows, docs/scale.md).
SELECT pl.store_id, pl.fixture_id, pl.sku, p.name AS product_name, pl.valid_from, pl.valid_to, pl.section, pl.shelf, pl.position,
       pl.facings, pl.capacity, pl.presentation_min, pl.feed_id, f.display_zone, f.fixture_type,
       CAST(CAST(d.units_28d AS DECIMAL(18,8)) / (n.placements * (CAST(:demand_to AS DATE) - h.window_start_date + 1))
            AS DECIMAL(18,8)) AS daily_units
FROM placements pl
LEFT JOIN products p ON p.sku = pl.sku
LEFT JOIN fixtures f ON f.store_id = pl.store_id AND f.fixture_id = pl.fixture_id
LEFT JOIN (
    SELECT sku, SUM(units) AS units_28d
    FROM mart_sales_daily
    WHERE store_id = :store AND sku IS NOT NULL AND business_date BETWEEN CAST(:demand_to AS DATE) - 27 AND CAST(:demand_to AS DATE)
    GROUP BY sku
) d ON d.sku = pl.sku
JOIN (
    SELECT sku, COUNT(*) AS placements
    FROM placements
    WHERE store_id = :store AND valid_from <= CAST(:as_of AS DATE) AND (valid_to IS NULL OR valid_to >= CAST(:as_of AS DATE))
    GROUP BY sku
) n ON n.sku = pl.sku
CROSS JOIN (
    SELECT GREATEST(CAST(:demand_to AS DATE) - 27, MIN(business_date)) AS window_start_date
    FROM mart_sales_daily WHERE store_id = :store AND sku IS NOT NULL
) h
WHERE pl.store_id = :store AND (CAST(:fixture AS VARCHAR) IS NULL OR pl.fixture_id = CAST(:fixture AS VARCHAR))
  AND pl.valid_from <= CAST(:as_of AS DATE) AND (pl.valid_to IS NULL OR pl.valid_to >= CAST(:as_of AS DATE)) {scope}
ORDER BY pl.fixture_id, pl.shelf NULLS LAST, pl.position NULLS LAST, pl.sku
