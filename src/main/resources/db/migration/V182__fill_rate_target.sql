-- Issue 14: a class's service level may be a fill-rate target (stockroom.replenishment.classes.<x>-service-measure:
-- fill-rate). The line records the measure ('fill-rate'; NULL = cycle service level, as every line before) and, for the
-- normal approximation, the k with σ_P · G(k) <= (1 − β) · d · R that its safety stock max(0, k · σ_P) used; a slow
-- mover's level S is in ss_quantile (V82).
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS service_measure VARCHAR;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS fill_k DOUBLE;
