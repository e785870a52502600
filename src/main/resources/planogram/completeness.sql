-- Planogram completeness per store on :as_of (docs/planogram.md):
--   ranged  = SKUs in the store's latest inventory snapshot of the 7 days up to :as_of (what the store carries);
--             NULL when there is no snapshot in those days (not available, never guessed)
--   placed  = ranged SKUs with a placement in place on :as_of (any fixture)
--   placements / with_zone / with_shelf / with_facings / complete = placements in place on :as_of, and how many have
--             their fixture's display zone, a shelf, facings, and all three.
WITH snap AS (
    SELECT store_id, MAX(business_date) AS snapshot_date
    FROM inventory
    WHERE business_date BETWEEN CAST(:as_of AS DATE) - 6 AND CAST(:as_of AS DATE)
    GROUP BY store_id
),
ranged AS (
    SELECT DISTINCT i.store_id, i.sku
    FROM inventory i
    JOIN snap s ON s.store_id = i.store_id AND i.business_date = s.snapshot_date
    JOIN products p ON p.sku = i.sku
    WHERE NOT p.is_placeholder
),
live AS (
    SELECT pl.store_id, pl.sku, pl.shelf, pl.facings, f.display_zone
    FROM placements pl
    LEFT JOIN fixtures f ON f.store_id = pl.store_id AND f.fixture_id = pl.fixture_id
    WHERE pl.valid_from <= CAST(:as_of AS DATE) AND (pl.valid_to IS NULL OR pl.valid_to >= CAST(:as_of AS DATE))
),
ranged_counts AS (
    SELECT r.store_id, COUNT(*) AS ranged,
           COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM live l WHERE l.store_id = r.store_id AND l.sku = r.sku)) AS placed
    FROM ranged r
    GROUP BY r.store_id
),
live_counts AS (
    SELECT store_id, COUNT(*) AS placements,
           COUNT(*) FILTER (WHERE display_zone IS NOT NULL) AS with_zone,
           COUNT(*) FILTER (WHERE shelf IS NOT NULL) AS with_shelf,
           COUNT(*) FILTER (WHERE facings IS NOT NULL) AS with_facings,
           COUNT(*) FILTER (WHERE display_zone IS NOT NULL AND shelf IS NOT NULL AND facings IS NOT NULL) AS complete
    FROM live
    GROUP BY store_id
)
SELECT st.store_id, st.name, st.area, s.snapshot_date,
       CASE WHEN s.snapshot_date IS NULL THEN NULL ELSE COALESCE(rc.ranged, 0) END AS ranged,
       CASE WHEN s.snapshot_date IS NULL THEN NULL ELSE COALESCE(rc.placed, 0) END AS placed,
       COALESCE(lc.placements, 0) AS placements, COALESCE(lc.with_zone, 0) AS with_zone, COALESCE(lc.with_shelf, 0) AS with_shelf,
       COALESCE(lc.with_facings, 0) AS with_facings, COALESCE(lc.complete, 0) AS complete
FROM stores st
LEFT JOIN snap s ON s.store_id = st.store_id
LEFT JOIN ranged_counts rc ON rc.store_id = st.store_id
LEFT JOIN live_counts lc ON lc.store_id = st.store_id
WHERE NOT st.is_placeholder {scope}
ORDER BY st.store_id
