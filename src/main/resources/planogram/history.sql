-- Every version of the placements of one store x fixture, newest first per SKU: nothing is overwritten, a change
-- closed the version before it.
SELECT pl.store_id, pl.fixture_id, pl.sku, p.name AS product_name, pl.valid_from, pl.valid_to, pl.section, pl.shelf, pl.position,
       pl.facings, pl.capacity, pl.presentation_min, pl.feed_id, f.display_zone, f.fixture_type, CAST(NULL AS DECIMAL(18,8)) AS daily_units
FROM placements pl
LEFT JOIN products p ON p.sku = pl.sku
LEFT JOIN fixtures f ON f.store_id = pl.store_id AND f.fixture_id = pl.fixture_id
WHERE pl.store_id = :store AND pl.fixture_id = :fixture {scope}
ORDER BY pl.sku, pl.valid_from DESC
