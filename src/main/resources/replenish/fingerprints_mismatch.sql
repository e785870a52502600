-- How many (dataset, date) checksums of generation :as_of differ from the warehouse today.
SELECT COUNT(*) FROM (
    (SELECT dataset, business_date, row_count, sum_a, sum_b, count_c
       FROM demand_stats_sources WHERE as_of = :as_of
     EXCEPT
     SELECT dataset, business_date, row_count, sum_a, sum_b, count_c FROM repl_fp_now
      WHERE (dataset = 'sales' AND business_date BETWEEN :sales_from AND :as_of)
         OR (dataset = 'inventory' AND business_date BETWEEN :inventory_from AND :as_of))
    UNION ALL
    (SELECT dataset, business_date, row_count, sum_a, sum_b, count_c FROM repl_fp_now
      WHERE (dataset = 'sales' AND business_date BETWEEN :sales_from AND :as_of)
         OR (dataset = 'inventory' AND business_date BETWEEN :inventory_from AND :as_of)
     EXCEPT
     SELECT dataset, business_date, row_count, sum_a, sum_b, count_c
       FROM demand_stats_sources WHERE as_of = :as_of)
) differences
