-- Feed metrics for an orders load, over the rows it loaded (__loaded, replaced by the loaded rows as a subquery): cancellations count as
-- returns; revenue is quantity x unit price; the margin is taken over the lines whose product has a unit cost only, and the lines
-- without one are counted (missing_product_cost).
SELECT COUNT(*) FILTER (WHERE o.is_cancellation) AS returns,
       SUM(o.quantity * o.unit_price) AS gross_revenue,
       SUM(o.quantity * p.unit_cost) FILTER (WHERE p.unit_cost IS NOT NULL AND o.unit_price IS NOT NULL) AS cogs,
       SUM(o.quantity * o.unit_price) FILTER (WHERE p.unit_cost IS NOT NULL AND o.unit_price IS NOT NULL) AS costed_revenue,
       COUNT(*) FILTER (WHERE p.unit_cost IS NULL) AS missing_product_cost
FROM __loaded o LEFT JOIN products p ON p.sku = o.sku
