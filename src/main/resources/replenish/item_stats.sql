-- Steps 2 and 3 in one pass over the statistics of the stores in scope: demand rate d and sigma over the in-stock
-- days (population sigma from the running sums), and the ABC class by net sales over the revenue window, per store:
-- A until the cumulative share reaches :a_share, B until :b_share, C the rest. The share is taken BEFORE the item,
-- so the item that crosses a boundary belongs to the higher class. No positive net sales = C.
DROP TABLE IF EXISTS repl_stats;
CREATE TEMP TABLE repl_stats AS
SELECT store_id, sku, n_days, revenue, last_units, snapshot_date, on_hand, on_order, reserved,
       CASE WHEN n_days > 0 THEN CAST(ROUND(CAST(sum_units AS DOUBLE) / n_days, 4) AS DECIMAL(18,4)) END AS rate,
       CASE WHEN n_days > 0 THEN CAST(ROUND(SQRT(GREATEST(0.0, CAST(sum_units_sq AS DOUBLE) / n_days
            - (CAST(sum_units AS DOUBLE) / n_days) * (CAST(sum_units AS DOUBLE) / n_days))), 4) AS DECIMAL(18,4)) END AS sigma,
       CASE WHEN revenue <= 0 THEN 'C'
            WHEN cum_before < :a_share * total THEN 'A'
            WHEN cum_before < :b_share * total THEN 'B'
            ELSE 'C' END AS abc_class
FROM (SELECT st.*,
             COALESCE(SUM(revenue) OVER (PARTITION BY store_id ORDER BY revenue DESC, sku
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
             SUM(CASE WHEN revenue > 0 THEN revenue ELSE 0 END) OVER (PARTITION BY store_id) AS total
      FROM demand_daily_stats st
      WHERE as_of = :d AND store_id IN (SELECT store_id FROM repl_snapshots)) ranked;

-- The category's rate in each store, for items with too little history (NEW_ITEM).
DROP TABLE IF EXISTS repl_category_rates;
CREATE TEMP TABLE repl_category_rates AS
SELECT s.store_id, COALESCE(p.category, '') AS category,
       CAST(ROUND(AVG(CAST(s.rate AS DOUBLE)), 4) AS DECIMAL(18,4)) AS rate,
       CAST(ROUND(AVG(CAST(s.sigma AS DOUBLE)), 4) AS DECIMAL(18,4)) AS sigma
FROM repl_stats s JOIN products p ON p.sku = s.sku
WHERE s.n_days >= :min_history
GROUP BY s.store_id, COALESCE(p.category, '');

-- Chain-wide ABC (stockroom.replenishment.abc-scope=CHAIN): the same rule over each SKU's net sales in all stores.
DROP TABLE IF EXISTS repl_abc_chain;
CREATE TEMP TABLE repl_abc_chain AS
SELECT sku, revenue,
       CASE WHEN cum_before < :a_share * total THEN 'A'
            WHEN cum_before < :b_share * total THEN 'B'
            ELSE 'C' END AS abc_class
FROM (SELECT sku, revenue,
             COALESCE(SUM(revenue) OVER (ORDER BY revenue DESC, sku ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cum_before,
             SUM(revenue) OVER () AS total
      FROM (SELECT sku, SUM(revenue) AS revenue
            FROM demand_daily_stats
            WHERE as_of = :d AND :abc_chain
            GROUP BY sku HAVING SUM(revenue) > 0) per_sku) ranked;
