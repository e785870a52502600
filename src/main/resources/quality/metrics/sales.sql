-- Feed metrics for a sales load, over the rows it loaded (__loaded, replaced by the loaded rows as a subquery): returns, gross revenue,
-- cost of goods, the revenue of the rows that have a cost (the margin is taken over these only, so an uncosted sale never counts as
-- 100% margin), how many rows have no cost (no SKU, no units, or no cost for the product), and the products sold without any cost
-- (how many, and the first five). A row is costed at the costs feed's unit cost valid on its date (as cost_periods has it), else at the product's unit_cost: as mart_sales_daily does (issue 13); the product as it was on that date (products_versions), so a late file is costed as its days were.
-- The rows are first summed per SKU and day, the grain at which a cost applies, so the joins with the product and cost
-- history meet one row per SKU and day instead of every sale (2M rows on a full day, ~20,000 SKUs): the same sums, as
-- SUM(units) * cost is SUM(units * cost) in exact decimals, and a row that meets k versions is counted k times either way.
WITH per_day AS (
    SELECT s.sku, s.business_date,
           COUNT(*) AS row_count,
           COUNT(*) FILTER (WHERE s.is_return) AS returns,
           SUM(s.total_sales) AS sales,
           CAST(SUM(s.units_sold) AS DECIMAL(24,3)) AS units,
           SUM(s.total_sales) FILTER (WHERE s.units_sold IS NOT NULL) AS sales_with_units,
           COUNT(*) FILTER (WHERE s.units_sold IS NULL) AS rows_without_units
    FROM __loaded s
    GROUP BY s.sku, s.business_date
),
costed AS (
    SELECT s.*, COALESCE(ct.unit_cost, p.unit_cost) AS unit_cost
    FROM per_day s
    LEFT JOIN products_versions p ON p.sku = s.sku AND p.valid_from <= s.business_date AND (p.valid_to IS NULL OR p.valid_to > s.business_date)
    LEFT JOIN (SELECT sku, valid_from, unit_cost,
                      CASE WHEN valid_to IS NOT NULL AND (next_from IS NULL OR valid_to < next_from) THEN valid_to ELSE next_from - 1 END AS valid_until
               FROM (SELECT sku, valid_from, valid_to, unit_cost, LEAD(valid_from) OVER (PARTITION BY sku ORDER BY valid_from) AS next_from
                     FROM costs) c) ct
           ON ct.sku = s.sku AND ct.valid_from <= s.business_date AND (ct.valid_until IS NULL OR ct.valid_until >= s.business_date)
)
SELECT CAST(COALESCE(SUM(returns), 0) AS BIGINT) AS returns,
       SUM(sales) AS gross_revenue,
       SUM(units * unit_cost) FILTER (WHERE unit_cost IS NOT NULL AND units IS NOT NULL) AS cogs,
       SUM(sales_with_units) FILTER (WHERE unit_cost IS NOT NULL AND units IS NOT NULL) AS costed_revenue,
       CAST(COALESCE(SUM(CASE WHEN unit_cost IS NULL THEN row_count ELSE rows_without_units END), 0) AS BIGINT) AS missing_product_cost,
       COUNT(DISTINCT sku) FILTER (WHERE unit_cost IS NULL) AS uncosted_products,
       (SELECT string_agg(sku, ', ') FROM (SELECT DISTINCT sku FROM costed WHERE unit_cost IS NULL AND sku IS NOT NULL ORDER BY sku LIMIT 5) x)
           AS uncosted_examples
FROM costed
