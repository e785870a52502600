-- ABC chain-wide: the same rule over each SKU's net sales in all stores; store_id is '*'.
DROP TABLE IF EXISTS repl_abc;
CREATE TEMP TABLE repl_abc AS
SELECT '*' AS store_id, sku, revenue,
       CASE WHEN cum_before < :a_share * total THEN 'A'
            WHEN cum_before < :b_share * total THEN 'B'
            ELSE 'C' END AS abc_class
FROM (SELECT sku, revenue,
             COALESCE(SUM(revenue) OVER (ORDER BY revenue DESC, sku
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
             SUM(revenue) OVER () AS total
      FROM (SELECT sku, SUM(revenue) AS revenue
            FROM demand_daily_stats WHERE as_of = :d
            GROUP BY sku HAVING SUM(revenue) > 0) per_sku) ranked;
