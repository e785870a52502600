-- The promotion a forecast includes (docs/forecast.md): the first promotion window in the horizon of a pair's forecast
-- and the mean uplift over its days there (NULL: no promotion day in the horizon); the line that used the forecast
-- keeps them when the window starts within its cover period, so its explanation can name them.
ALTER TABLE demand_forecasts ADD COLUMN IF NOT EXISTS promo_start DATE;
ALTER TABLE demand_forecasts ADD COLUMN IF NOT EXISTS promo_end DATE;
ALTER TABLE demand_forecasts ADD COLUMN IF NOT EXISTS promo_uplift DOUBLE;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS forecast_promo_start DATE;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS forecast_promo_end DATE;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS forecast_promo_uplift DOUBLE;
