-- Issue 14, speed: with stockroom.forecast.choose-in-daily-run false the daily run applies the stored choices only and
-- the weekly choice is its own step after the day's lines are committed (docs/forecast.md "The weekly choice as its
-- own step"). A pair first sold since the last choice gets the 28-day moving average until that step chooses for it; the
-- state, the day's forecast row and the replenishment line say so, and the line's explanation names it.
ALTER TABLE forecast_states ADD COLUMN IF NOT EXISTS awaiting_choice BOOLEAN;
ALTER TABLE demand_forecasts ADD COLUMN IF NOT EXISTS awaiting_choice BOOLEAN;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS forecast_awaiting_choice BOOLEAN;
