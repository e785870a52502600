-- LONG_OUT_OF_STOCK (V238) takes an item's own rate over the longer window (the ABC window, 13 weeks) when the demand
-- window holds too few in-stock days. The daily run read those 91 days of sales and snapshots back from the facts for
-- every such pair (about a minute at 500 stores x 20,000 SKUs); the statistics now keep the longer window's in-stock
-- days and sums incrementally, as they keep the demand window's (replenish/demand_stats_*.sql):
--   long_days, long_units, long_units_sq: in-stock days of the longer window, units sold on them, their squares;
--   long_bits: bit k set = day as_of - (demand window) - k was one of them (the days older than the demand window, up
--              to 63; 0 when the window does not fit, and then the leaving day is read back from the facts).
-- The statistics are derived data: the next run rebuilds them.
DROP VIEW IF EXISTS demand_daily_stats;
DELETE FROM demand_stats_even;
DELETE FROM demand_stats_odd;
DELETE FROM demand_stats_sources;
DELETE FROM demand_stats_state;
ALTER TABLE demand_stats_even ADD COLUMN IF NOT EXISTS long_days INTEGER DEFAULT 0;
ALTER TABLE demand_stats_even ADD COLUMN IF NOT EXISTS long_units DECIMAL(18,3) DEFAULT 0;
ALTER TABLE demand_stats_even ADD COLUMN IF NOT EXISTS long_units_sq DECIMAL(38,6) DEFAULT 0;
ALTER TABLE demand_stats_even ADD COLUMN IF NOT EXISTS long_bits BIGINT DEFAULT 0;
ALTER TABLE demand_stats_odd ADD COLUMN IF NOT EXISTS long_days INTEGER DEFAULT 0;
ALTER TABLE demand_stats_odd ADD COLUMN IF NOT EXISTS long_units DECIMAL(18,3) DEFAULT 0;
ALTER TABLE demand_stats_odd ADD COLUMN IF NOT EXISTS long_units_sq DECIMAL(38,6) DEFAULT 0;
ALTER TABLE demand_stats_odd ADD COLUMN IF NOT EXISTS long_bits BIGINT DEFAULT 0;
CREATE VIEW demand_daily_stats AS
SELECT * FROM demand_stats_even
UNION ALL
SELECT * FROM demand_stats_odd;
