-- Checksums per business date of the facts the demand statistics read (see V20: demand_stats_sources).
DROP TABLE IF EXISTS repl_fp_now;
CREATE TEMP TABLE repl_fp_now AS
SELECT 'sales' AS dataset, business_date, COUNT(*) AS row_count,
       CAST(SUM(units_sold) AS DECIMAL(38,3)) AS sum_a,
       CAST(SUM(total_sales) AS DECIMAL(38,3)) AS sum_b,
       SUM(CASE WHEN is_return THEN 1 ELSE 0 END) AS count_c
FROM sales
WHERE sku IS NOT NULL AND business_date BETWEEN :sales_from AND :d
GROUP BY business_date
UNION ALL
SELECT 'inventory' AS dataset, business_date, COUNT(*) AS row_count,
       CAST(SUM(on_hand) AS DECIMAL(38,3)) AS sum_a,
       CAST(SUM(on_order) AS DECIMAL(38,3)) AS sum_b,
       SUM(CASE WHEN on_hand <= 0 THEN 1 ELSE 0 END) AS count_c
FROM inventory
WHERE business_date BETWEEN :inventory_from AND :d
GROUP BY business_date;
