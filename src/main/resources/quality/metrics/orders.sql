-- Feed metrics for an orders load, over the rows it loaded (__loaded, replaced by the loaded rows as a subquery): cancellations count as
-- returns, except lines at price 0 (stock written off, never sold: ZERO_PRICE_LINE); revenue is quantity x unit price; the margin is taken over the lines that have a cost only, the lines without one are
-- counted (missing_product_cost) and the products without any cost named (how many, the first five). A line is costed at the costs
-- feed's unit cost valid on its business date, else at the product's unit_cost, as mart_sales_daily does (issue 13); the product as it was on that date (products_versions), so a late file is costed as its days were.
WITH costed AS (
    SELECT o.sku, o.is_cancellation, o.quantity, o.unit_price,
           COALESCE(ct.unit_cost, p.unit_cost) AS unit_cost
    FROM __loaded o
    LEFT JOIN products_versions p ON p.sku = o.sku AND p.valid_from <= o.business_date AND (p.valid_to IS NULL OR p.valid_to > o.business_date)
    LEFT JOIN (SELECT sku, valid_from, unit_cost,
                      CASE WHEN valid_to IS NOT NULL AND (next_from IS NULL OR valid_to < next_from) THEN valid_to ELSE next_from - 1 END AS valid_until
               FROM (SELECT sku, valid_from, valid_to, unit_cost, LEAD(valid_from) OVER (PARTITION BY sku ORDER BY valid_from) AS next_from
                     FROM costs) c) ct
           ON ct.sku = o.sku AND ct.valid_from <= o.business_date AND (ct.valid_until IS NULL OR ct.valid_until >= o.business_date)
)
SELECT COUNT(*) FILTER (WHERE is_cancellation AND (unit_price IS NULL OR unit_price <> 0)) AS returns,
       SUM(quantity * unit_price) AS gross_revenue,
       SUM(quantity * unit_cost) FILTER (WHERE unit_cost IS NOT NULL AND unit_price IS NOT NULL) AS cogs,
       SUM(quantity * unit_price) FILTER (WHERE unit_cost IS NOT NULL AND unit_price IS NOT NULL) AS costed_revenue,
       COUNT(*) FILTER (WHERE unit_cost IS NULL) AS missing_product_cost,
       COUNT(DISTINCT sku) FILTER (WHERE unit_cost IS NULL) AS uncosted_products,
       (SELECT string_agg(sku, ', ') FROM (SELECT DISTINCT sku FROM costed WHERE unit_cost IS NULL AND sku IS NOT NULL ORDER BY sku LIMIT 5) x)
           AS uncosted_examples
FROM costed
