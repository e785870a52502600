-- Observed lead times leave out stray receipts (replenish/observed_lead.sql): with enough receipts, one outside
-- Q1 − 3·IQR .. Q3 + 3·IQR of its supplier x SKU (or supplier pool) is not counted in the mean and spread. The row and
-- the line record how many were left out, their shortest and longest lead time and the fences, so the explanation can
-- say so ("1 receipt of 112 d left out as an outlier, beyond Q3 + 3·IQR = 8 d"). Too few receipts to judge: 0 left out
-- and no fences (NULL); a line whose lead time is not observed over the receipts: all NULL.
ALTER TABLE supplier_lead_times ADD COLUMN IF NOT EXISTS outliers INTEGER;
ALTER TABLE supplier_lead_times ADD COLUMN IF NOT EXISTS outlier_min_days INTEGER;
ALTER TABLE supplier_lead_times ADD COLUMN IF NOT EXISTS outlier_max_days INTEGER;
ALTER TABLE supplier_lead_times ADD COLUMN IF NOT EXISTS fence_low_days INTEGER;
ALTER TABLE supplier_lead_times ADD COLUMN IF NOT EXISTS fence_high_days INTEGER;

ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS lead_time_outliers INTEGER;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS lead_time_outlier_min INTEGER;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS lead_time_outlier_max INTEGER;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS lead_time_fence_low INTEGER;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS lead_time_fence_high INTEGER;
