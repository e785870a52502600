-- Feed metrics for an orders load, over the rows it loaded (__loaded, replaced by the loaded rows as a subquery): cancellations count as
-- returns; revenue is quantity x unit price.
SELECT COUNT(*) FILTER (WHERE o.is_cancellation) AS returns,
       SUM(o.quantity * o.unit_price) AS gross_revenue,
       SUM(o.quantity * p.unit_cost) AS cogs
FROM __loaded o LEFT JOIN products p ON p.sku = o.sku
