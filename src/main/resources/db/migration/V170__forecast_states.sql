-- Issue 14: the forecasting state per store x SKU, so a daily refresh folds in the new day instead of re-reading and
-- re-fitting 112 days (docs/forecast.md, "Speed of the refresh"). One row per pair, rewritten by each refresh.
CREATE TABLE IF NOT EXISTS forecast_states (
    store_id        VARCHAR NOT NULL,
    sku             VARCHAR NOT NULL,
    method          VARCHAR NOT NULL,     -- io.stockroom.forecast.Method name, as in demand_forecasts
    backtest_rmsse  DOUBLE,               -- NULL = not available
    chosen_on       DATE NOT NULL,        -- the weekly choice this state belongs to
    rechoose_slot   INTEGER NOT NULL,     -- re-chosen on the days whose epoch day mod 7 is this (a stable hash of the pair)
    state           DOUBLE[] NOT NULL,    -- io.stockroom.forecast.SeriesState.toArray (format, method, then the state)
    state_through   DATE NOT NULL,        -- the last day folded into the state
    history_days    INTEGER NOT NULL,     -- observed days folded into the state
    PRIMARY KEY (store_id, sku)
);
