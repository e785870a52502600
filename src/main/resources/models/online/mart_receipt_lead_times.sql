-- model: mart_receipt_lead_times
-- description: Observed supplier lead time per supplier x SKU from the receipts: mean and sample standard deviation in days, and how many receipts measured it (the shape of supplier_lead_times, issue 14).
-- depends_on: mart_supplier_receipts
-- grain: supplier_id, sku
-- incremental_by: full
-- tests: not_null(supplier_id, sku, receipts), unique(supplier_id, sku)
--
-- Only receipts with an order date measure a lead time; sd_days is NULL with a single receipt (no spread measured).
SELECT supplier_id, sku,
       CAST(AVG(lead_time_days) AS DOUBLE PRECISION) AS mean_days,
       CAST(STDDEV_SAMP(lead_time_days) AS DOUBLE PRECISION) AS sd_days,
       CAST(COUNT(*) AS INTEGER) AS receipts
FROM mart_supplier_receipts
WHERE supplier_id IS NOT NULL AND lead_time_days IS NOT NULL
GROUP BY supplier_id, sku
