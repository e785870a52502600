-- How many (dataset, date) stamps of generation :as_of differ from the warehouse today (see fingerprints.sql).
SELECT COUNT(*) FROM (
    (SELECT dataset, business_date, row_count, load_seq_sum
       FROM demand_stats_sources WHERE as_of = :as_of
     EXCEPT
     SELECT dataset, business_date, row_count, load_seq_sum
       FROM repl_fp_now
      WHERE (dataset = 'sales' AND business_date BETWEEN :sales_from AND :as_of)
         OR (dataset = 'inventory' AND business_date BETWEEN :inventory_from AND :as_of))
    UNION ALL
    (SELECT dataset, business_date, row_count, load_seq_sum
       FROM repl_fp_now
      WHERE (dataset = 'sales' AND business_date BETWEEN :sales_from AND :as_of)
         OR (dataset = 'inventory' AND business_date BETWEEN :inventory_from AND :as_of)
     EXCEPT
     SELECT dataset, business_date, row_count, load_seq_sum
       FROM demand_stats_sources WHERE as_of = :as_of)
) differences
