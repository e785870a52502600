-- How many (dataset, date) checksums of generation :as_of differ from the warehouse today. The snapshots' on order is
-- kept for the demand window of :as_of only (from :on_order_from; see fingerprints.sql), so today's is left out before it.
SELECT COUNT(*) FROM (
    (SELECT dataset, business_date, row_count, sum_a, sum_b, count_c
       FROM demand_stats_sources WHERE as_of = :as_of
     EXCEPT
     SELECT dataset, business_date, row_count, sum_a,
            CASE WHEN dataset = 'inventory' AND business_date < :on_order_from THEN NULL ELSE sum_b END, count_c
       FROM repl_fp_now
      WHERE (dataset = 'sales' AND business_date BETWEEN :sales_from AND :as_of)
         OR (dataset = 'inventory' AND business_date BETWEEN :inventory_from AND :as_of))
    UNION ALL
    (SELECT dataset, business_date, row_count, sum_a,
            CASE WHEN dataset = 'inventory' AND business_date < :on_order_from THEN NULL ELSE sum_b END, count_c
       FROM repl_fp_now
      WHERE (dataset = 'sales' AND business_date BETWEEN :sales_from AND :as_of)
         OR (dataset = 'inventory' AND business_date BETWEEN :inventory_from AND :as_of)
     EXCEPT
     SELECT dataset, business_date, row_count, sum_a, sum_b, count_c
       FROM demand_stats_sources WHERE as_of = :as_of)
) differences
