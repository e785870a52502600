-- An item in stock on too few days of the demand window is new only when the longer window (the ABC window, 13 weeks)
-- holds too few in-stock days too; otherwise it was long out of stock and takes its own rate over that window
-- (replenish/item_stats.sql, repl_long_rates). The line keeps the longer window's in-stock days and its length, set
-- for every item with too little history in the demand window: NULL = the demand window sufficed.
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS long_days INTEGER;
ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS long_window_days INTEGER;
