-- Feed metrics for a sales load, over the rows it loaded (__loaded, replaced by the loaded rows as a subquery): returns, gross revenue and
-- cost of goods at product unit cost.
SELECT COUNT(*) FILTER (WHERE s.is_return) AS returns,
       SUM(s.total_sales) AS gross_revenue,
       SUM(s.units_sold * p.unit_cost) AS cogs
FROM __loaded s LEFT JOIN products p ON p.sku = s.sku
