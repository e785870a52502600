-- Issue 14: slow movers' safety stock from a count distribution (Poisson / negative binomial) instead of the normal
-- approximation; the line records which model and the service-level quantile of the demand over the cover period.
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS ss_model VARCHAR;      -- 'poisson' | 'negbin' | NULL (normal)
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS ss_quantile INTEGER;
