-- Space productivity from :from_date to :to_date (docs/planogram.md), grouped by {group} (zone, fixture type, shelf
-- level or fixture; chosen by the code, never from input):
--   sales: the mart mart_space_daily (store x SKU x day sales of a SKU in place that day, split evenly over its
--   placements in that store that day; the sales of SKUs without a placement, one row per store and day with
--   fixture_id NULL, are their own group '(not placed)', never dropped).
--   space: facing-days (facings x days in place within the range), capacity in place on :to_date.
WITH sales_by_group AS (
    SELECT {group} AS grp, SUM(pl.units) AS units, SUM(pl.net_sales) AS net_sales, SUM(pl.margin) AS margin, SUM(pl.costed_sales) AS costed_sales
    FROM mart_space_daily pl
    LEFT JOIN fixtures f ON f.store_id = pl.store_id AND f.fixture_id = pl.fixture_id
    WHERE pl.fixture_id IS NOT NULL AND pl.business_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
      AND (CAST(:store AS VARCHAR) IS NULL OR pl.store_id = CAST(:store AS VARCHAR)) {scope_sold}
    GROUP BY {group}
    UNION ALL
    SELECT '(not placed)', SUM(s.units), SUM(s.net_sales), SUM(s.margin), SUM(s.costed_sales)
    FROM mart_space_daily s
    WHERE s.fixture_id IS NULL AND s.business_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
      AND (CAST(:store AS VARCHAR) IS NULL OR s.store_id = CAST(:store AS VARCHAR)) {scope_unplaced}
    HAVING COUNT(*) > 0
),
space AS (
    SELECT {group} AS grp,
           SUM(CAST(pl.facings AS BIGINT) * (LEAST(COALESCE(pl.valid_to, CAST(:to_date AS DATE)), CAST(:to_date AS DATE))
               - GREATEST(pl.valid_from, CAST(:from_date AS DATE)) + 1)) AS facing_days,
           SUM(CASE WHEN pl.valid_to IS NULL OR pl.valid_to >= CAST(:to_date AS DATE) THEN pl.capacity END) AS capacity,
           COUNT(*) FILTER (WHERE pl.valid_to IS NULL OR pl.valid_to >= CAST(:to_date AS DATE)) AS placements
    FROM placements pl
    LEFT JOIN fixtures f ON f.store_id = pl.store_id AND f.fixture_id = pl.fixture_id
    WHERE pl.valid_from <= CAST(:to_date AS DATE) AND (pl.valid_to IS NULL OR pl.valid_to >= CAST(:from_date AS DATE))
      AND (CAST(:store AS VARCHAR) IS NULL OR pl.store_id = CAST(:store AS VARCHAR)) {scope_space}
    GROUP BY {group}
)
SELECT COALESCE(a.grp, b.grp) AS grp, a.units, a.net_sales, a.margin, a.costed_sales, b.facing_days, b.capacity, COALESCE(b.placements, 0) AS placements
FROM sales_by_group a
FULL OUTER JOIN space b ON b.grp = a.grp
ORDER BY a.net_sales DESC NULLS LAST, 1
