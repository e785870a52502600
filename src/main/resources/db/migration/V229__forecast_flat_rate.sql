-- Issue 14, speed: a flat forecast (the same units every day of the horizon: moving average, Croston, SBA, TSB with
-- no promotion day ahead) is stored as its daily rate (cumulative NULL) instead of the 35 cumulative values, the
-- largest item of the daily refresh (docs/forecast.md "Speed of the refresh"). horizon_days: the days forecast (the
-- list's length). The policy (policy.sql) reads cumulative[k] of a flat row as FLOOR(flat_rate * k * 10000 + 0.5) /
-- 10000 for k = 1 .. horizon_days; the refresh stores a row this way only when that gives every one of its cumulative
-- values bit for bit (ForecastService.flatRate), else the list as before.
ALTER TABLE demand_forecasts ADD COLUMN IF NOT EXISTS flat_rate DOUBLE;
ALTER TABLE demand_forecasts ADD COLUMN IF NOT EXISTS horizon_days INTEGER;
ALTER TABLE demand_forecasts ALTER COLUMN cumulative DROP NOT NULL;
