-- A store-day with no sales rows (its sales feed failed or never arrived) is left out of the demand window instead of
-- counting as a day that sold nothing (replenish/demand_stats_full.sql). The statistics keep each pair's in-stock days
-- left out that way (missing_days; missing_bits, one bit per day like counted_days), and the line shows them
-- (sales_missing_days, the SALES_MISSING flag). The statistics are derived data: the next run rebuilds them.
DROP VIEW IF EXISTS demand_daily_stats;
DELETE FROM demand_stats_even;
DELETE FROM demand_stats_odd;
DELETE FROM demand_stats_sources;
DELETE FROM demand_stats_state;
ALTER TABLE demand_stats_even ADD COLUMN IF NOT EXISTS missing_days INTEGER DEFAULT 0;
ALTER TABLE demand_stats_even ADD COLUMN IF NOT EXISTS missing_bits BIGINT DEFAULT 0;
ALTER TABLE demand_stats_odd ADD COLUMN IF NOT EXISTS missing_days INTEGER DEFAULT 0;
ALTER TABLE demand_stats_odd ADD COLUMN IF NOT EXISTS missing_bits BIGINT DEFAULT 0;
CREATE VIEW demand_daily_stats AS
SELECT * FROM demand_stats_even
UNION ALL
SELECT * FROM demand_stats_odd;

ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS sales_missing_days INTEGER;
