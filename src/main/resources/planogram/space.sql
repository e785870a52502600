-- Space productivity from :from_date to :to_date (docs/planogram.md), grouped by {group} (zone, fixture type, shelf
-- level or fixture; chosen by the code, never from input):
--   sales: store x SKU x day sales (mart_sales_daily) of a SKU in place that day, split evenly over its placements in
--   that store that day; sales of SKUs without a placement are their own group '(not placed)', never dropped.
--   space: facing-days (facings x days in place within the range), capacity in place on :to_date.
WITH sold AS (
    SELECT store_id, sku, business_date, SUM(units) AS units, SUM(net_sales) AS net_sales, SUM(gross_margin) AS margin,
           SUM(CASE WHEN cogs IS NOT NULL THEN net_sales END) AS costed_sales
    FROM mart_sales_daily
    WHERE sku IS NOT NULL AND business_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
      AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR)) {scope_sold}
    GROUP BY store_id, sku, business_date
),
placed AS (
    SELECT s.units, s.net_sales, s.margin, s.costed_sales, {group} AS grp,
           COUNT(*) OVER (PARTITION BY s.store_id, s.sku, s.business_date) AS n
    FROM sold s
    JOIN placements pl ON pl.store_id = s.store_id AND pl.sku = s.sku
        AND s.business_date >= pl.valid_from AND (pl.valid_to IS NULL OR s.business_date <= pl.valid_to)
    LEFT JOIN fixtures f ON f.store_id = pl.store_id AND f.fixture_id = pl.fixture_id
),
sales_by_group AS (
    -- each share as an exact decimal: DuckDB divides decimals in double, and doubles summed in any order differ in the
    -- last bits, which then reorders groups with equal sales differently on the two engines
    SELECT grp, SUM(CAST(units / n AS DECIMAL(38,9))) AS units, SUM(CAST(net_sales / n AS DECIMAL(38,9))) AS net_sales,
           SUM(CAST(margin / n AS DECIMAL(38,9))) AS margin, SUM(CAST(costed_sales / n AS DECIMAL(38,9))) AS costed_sales
    FROM placed
    GROUP BY grp
    UNION ALL
    SELECT '(not placed)', SUM(s.units), SUM(s.net_sales), SUM(s.margin), SUM(s.costed_sales)
    FROM sold s
    WHERE NOT EXISTS (SELECT 1 FROM placements pl WHERE pl.store_id = s.store_id AND pl.sku = s.sku
        AND s.business_date >= pl.valid_from AND (pl.valid_to IS NULL OR s.business_date <= pl.valid_to))
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
