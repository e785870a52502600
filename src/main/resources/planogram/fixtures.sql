-- The fixtures of one store with the placements in place on :as_of: how many, how many fully recorded (zone, shelf and
-- facings), and their facings.
SELECT f.store_id, f.fixture_id, f.fixture_type, f.display_zone, f.section, f.shelf_count, f.width_cm,
       COUNT(pl.sku) AS placements,
       COUNT(pl.sku) FILTER (WHERE pl.shelf IS NOT NULL AND pl.facings IS NOT NULL AND f.display_zone IS NOT NULL) AS complete,
       SUM(pl.facings) AS facings
FROM fixtures f
LEFT JOIN placements pl ON pl.store_id = f.store_id AND pl.fixture_id = f.fixture_id
    AND pl.valid_from <= CAST(:as_of AS DATE) AND (pl.valid_to IS NULL OR pl.valid_to >= CAST(:as_of AS DATE))
WHERE f.store_id = :store {scope}
GROUP BY f.store_id, f.fixture_id, f.fixture_type, f.display_zone, f.section, f.shelf_count, f.width_cm
ORDER BY f.display_zone NULLS LAST, f.fixture_id
