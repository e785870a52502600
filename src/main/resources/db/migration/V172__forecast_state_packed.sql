-- Issue 14, speed: a pair's forecasting state as one packed value (SeriesState.toArray's doubles, 8 bytes each,
-- little-endian) instead of a DOUBLE[] list, and its format version in a column of its own. The list travelled through
-- JDBC as an array of boxed numbers and made the daily read and rewrite of every state the largest per-pair cost of the
-- refresh (docs/forecast.md, "Speed of the refresh"). No primary key: the refresh rewrites every row daily and
-- maintaining the index cost ~3/4 of that write (DuckDB, 200,000 rows: 2.8-3.6 s with it, 0.7 s without); nothing reads
-- a state by key, and ForecastService refuses to write a pair twice. The states kept so far keep their choice (method,
-- backtest RMSSE, day chosen) and get state_format 0: the next refresh starts each of them again from its history
-- window with the same method, as it does for a state of another version. PostgreSQL spells BLOB as BYTEA
-- (db/migration/postgres/V172__forecast_state_packed.sql).
CREATE TABLE forecast_states_packed (
    store_id        VARCHAR NOT NULL,
    sku             VARCHAR NOT NULL,
    method          VARCHAR NOT NULL,     -- io.stockroom.forecast.Method name, as in demand_forecasts
    backtest_rmsse  DOUBLE,               -- NULL = not available
    chosen_on       DATE NOT NULL,        -- the weekly choice this state belongs to
    rechoose_slot   INTEGER NOT NULL,     -- re-chosen on the days whose epoch day mod 7 is this (a stable hash of the pair)
    state_format    INTEGER NOT NULL,     -- io.stockroom.forecast.SeriesState.FORMAT the state was written with
    state           BLOB NOT NULL,        -- SeriesState.toArray, packed (ForecastService: 8 bytes a double, little-endian)
    state_through   DATE NOT NULL,        -- the last day folded into the state
    history_days    INTEGER NOT NULL      -- observed days folded into the state
);
INSERT INTO forecast_states_packed
SELECT store_id, sku, method, backtest_rmsse, chosen_on, rechoose_slot, 0, CAST('' AS BLOB), state_through, history_days
FROM forecast_states;
DROP TABLE forecast_states;
ALTER TABLE forecast_states_packed RENAME TO forecast_states;
