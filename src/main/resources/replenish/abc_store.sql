-- ABC per store by net sales over the revenue window: A until the cumulative share reaches :a_share,
-- B until :b_share, C the rest. The share is taken BEFORE the item, so the item that crosses a
-- boundary belongs to the higher class. Items without positive revenue are C (no row here).
DROP TABLE IF EXISTS repl_abc;
CREATE TEMP TABLE repl_abc AS
SELECT store_id, sku, revenue,
       CASE WHEN cum_before < :a_share * total THEN 'A'
            WHEN cum_before < :b_share * total THEN 'B'
            ELSE 'C' END AS abc_class
FROM (SELECT store_id, sku, revenue,
             COALESCE(SUM(revenue) OVER (PARTITION BY store_id ORDER BY revenue DESC, sku
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
             SUM(revenue) OVER (PARTITION BY store_id) AS total
      FROM demand_daily_stats
      WHERE as_of = :d AND revenue > 0 AND store_id IN (SELECT store_id FROM repl_snapshots)) ranked;
