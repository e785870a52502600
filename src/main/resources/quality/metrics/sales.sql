-- Feed metrics for a sales load, over the rows it loaded (__loaded, replaced by the loaded rows as a subquery): returns, gross revenue,
-- cost of goods, the revenue of the rows that have a cost (the margin is taken over these only, so an uncosted sale never counts as
-- 100% margin), how many rows have no cost (no SKU, no units, or no cost for the product), and the products sold without any cost
-- (how many, and the first five). A row is costed at the costs feed's unit cost valid on its date (as cost_periods has it), else at the product's unit_cost: as mart_sales_daily does (issue 13); the product as it was on that date (products_versions), so a late file is costed as its days were.
WITH costed AS (
    SELECT s.sku, s.is_return, s.total_sales, s.units_sold,
           COALESCE(ct.unit_cost, p.unit_cost) AS unit_cost
    FROM __loaded s
    LEFT JOIN products_versions p ON p.sku = s.sku AND p.valid_from <= s.business_date AND (p.valid_to IS NULL OR p.valid_to > s.business_date)
    LEFT JOIN (SELECT sku, valid_from, unit_cost,
                      CASE WHEN valid_to IS NOT NULL AND (next_from IS NULL OR valid_to < next_from) THEN valid_to ELSE next_from - 1 END AS valid_until
               FROM (SELECT sku, valid_from, valid_to, unit_cost, LEAD(valid_from) OVER (PARTITION BY sku ORDER BY valid_from) AS next_from
                     FROM costs) c) ct
           ON ct.sku = s.sku AND ct.valid_from <= s.business_date AND (ct.valid_until IS NULL OR ct.valid_until >= s.business_date)
)
SELECT COUNT(*) FILTER (WHERE is_return) AS returns,
       SUM(total_sales) AS gross_revenue,
       SUM(units_sold * unit_cost) FILTER (WHERE unit_cost IS NOT NULL AND units_sold IS NOT NULL) AS cogs,
       SUM(total_sales) FILTER (WHERE unit_cost IS NOT NULL AND units_sold IS NOT NULL) AS costed_revenue,
       COUNT(*) FILTER (WHERE unit_cost IS NULL OR units_sold IS NULL) AS missing_product_cost,
       COUNT(DISTINCT sku) FILTER (WHERE unit_cost IS NULL) AS uncosted_products,
       (SELECT string_agg(sku, ', ') FROM (SELECT DISTINCT sku FROM costed WHERE unit_cost IS NULL AND sku IS NOT NULL ORDER BY sku LIMIT 5) x)
           AS uncosted_examples
FROM costed
