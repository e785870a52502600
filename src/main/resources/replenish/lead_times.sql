-- The observed lead times of repl_observed_lead (observed_lead.sql, run just before) into supplier_lead_times: they
-- replace the previous run's and any manual row of the same supplier x SKU.
DELETE FROM supplier_lead_times
WHERE source = 'receipts'
   OR EXISTS (SELECT 1 FROM repl_observed_lead o WHERE o.supplier_id = supplier_lead_times.supplier_id AND o.sku = supplier_lead_times.sku);

INSERT INTO supplier_lead_times (supplier_id, sku, mean_days, sd_days, receipts, source, basis, as_of,
                                 outliers, outlier_min_days, outlier_max_days, fence_low_days, fence_high_days)
SELECT supplier_id, sku, mean_days, sd_days, receipts, 'receipts', basis, CAST(:d AS DATE),
       outliers, outlier_min_days, outlier_max_days, fence_low_days, fence_high_days
FROM repl_observed_lead;
