-- Feed metrics for a sales load, over the rows it loaded (__loaded, replaced by the loaded rows as a subquery): returns, gross revenue,
-- cost of goods at product unit cost, the revenue of the rows that have a cost (the margin is taken over these only, so an uncosted
-- sale never counts as 100% margin) and how many rows have no cost (no SKU, no units, or a product without unit_cost).
SELECT COUNT(*) FILTER (WHERE s.is_return) AS returns,
       SUM(s.total_sales) AS gross_revenue,
       SUM(s.units_sold * p.unit_cost) FILTER (WHERE p.unit_cost IS NOT NULL AND s.units_sold IS NOT NULL) AS cogs,
       SUM(s.total_sales) FILTER (WHERE p.unit_cost IS NOT NULL AND s.units_sold IS NOT NULL) AS costed_revenue,
       COUNT(*) FILTER (WHERE p.unit_cost IS NULL OR s.units_sold IS NULL) AS missing_product_cost
FROM __loaded s LEFT JOIN products p ON p.sku = s.sku
