-- Issue 14: per store x SKU daily demand forecasts, the method chosen by backtest and its error (docs/forecast.md).
-- cumulative[k] = forecast units over the k days after as_of (k = 1 .. horizon), so the policy reads the forecast
-- over any cover period with one lookup. DuckDB list type (PostgreSQL: DOUBLE PRECISION[] with the same 1-based index).
CREATE TABLE IF NOT EXISTS demand_forecasts (
    as_of           DATE NOT NULL,
    store_id        VARCHAR NOT NULL,
    sku             VARCHAR NOT NULL,
    method          VARCHAR NOT NULL,     -- io.stockroom.forecast.Method name
    backtest_rmsse  DOUBLE,               -- NULL = not available (no scorable backtest fold)
    chosen_on       DATE NOT NULL,        -- the choice is re-made weekly; daily runs reuse it and re-forecast
    history_days    INTEGER NOT NULL,     -- observed days the forecast was fitted on
    cumulative      DOUBLE[] NOT NULL
);

-- what the forecast contributed to a line (NULL when the line used the trailing average)
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS forecast_method VARCHAR;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS forecast_rmsse DOUBLE;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS forecast_cover DECIMAL(18,6);
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS forecast_lead DECIMAL(18,6);
