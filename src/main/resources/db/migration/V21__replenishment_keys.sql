-- Replenishment (issue 4), speed: the rolling demand statistics are keyed by integer store and SKU numbers instead
-- of the codes, so the daily update joins 10M pairs on two integers and writes no strings; and values that cannot
-- need more than 18 digits are stored in 64 bits instead of 128 (DECIMAL(38,x) and (24,x) take 128-bit integers,
-- which DuckDB writes several times slower). See docs/replenishment.md.

-- A number per store and SKU code, handed out as codes first appear in the facts (never reused or renumbered).
CREATE TABLE IF NOT EXISTS replenishment_store_keys (
    store_id  VARCHAR PRIMARY KEY,
    store_no  INTEGER NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS replenishment_sku_keys (
    sku     VARCHAR PRIMARY KEY,
    sku_no  INTEGER NOT NULL UNIQUE
);

-- The statistics are derived data: rebuilt with the new keys by the next run (a full rebuild, as on a first run).
DROP TABLE IF EXISTS demand_daily_stats;
DELETE FROM demand_stats_sources;
DELETE FROM demand_stats_state;

-- One table per generation parity (the as_of day number, even or odd): the run for D rewrites D's table while D-1
-- stays in the other, and the generation that leaves is cleared whole (DELETE of all rows) instead of deleting one
-- date's rows out of a shared table, which the next checkpoint has to work through row group by row group (2M
-- pairs: 0.85 s CPU against 0.12 s).
CREATE TABLE IF NOT EXISTS demand_stats_even (
    as_of          DATE NOT NULL,
    store_no       INTEGER NOT NULL,          -- replenishment_store_keys
    sku_no         INTEGER NOT NULL,          -- replenishment_sku_keys
    n_days         INTEGER NOT NULL,          -- in-stock days in the demand window
    counted_days   BIGINT NOT NULL,           -- bit k set: as_of - k was one of them (windows up to 62 days, else 0)
    sum_units      DECIMAL(18,3) NOT NULL,    -- sum of units sold on those days (sales rows are DECIMAL(14,3))
    sum_units_sq   DECIMAL(38,6) NOT NULL,    -- sum of squares (a square of a DECIMAL(14,3) can need 28 digits)
    last_units     DECIMAL(18,3) NOT NULL,    -- units sold on as_of itself
    last_counted   BOOLEAN NOT NULL,          -- as_of itself was an in-stock day
    revenue        DECIMAL(18,2) NOT NULL,    -- net sales in the ABC window (13 weeks)
    -- the pair's latest inventory record within the demand window (carried forward), so the policy reads one table
    snapshot_date  DATE,
    on_hand        DECIMAL(14,3),
    on_order       DECIMAL(14,3),
    reserved       DECIMAL(14,3)
);

CREATE TABLE IF NOT EXISTS demand_stats_odd (
    as_of          DATE NOT NULL,
    store_no       INTEGER NOT NULL,          -- replenishment_store_keys
    sku_no         INTEGER NOT NULL,          -- replenishment_sku_keys
    n_days         INTEGER NOT NULL,          -- in-stock days in the demand window
    counted_days   BIGINT NOT NULL,           -- bit k set: as_of - k was one of them (windows up to 62 days, else 0)
    sum_units      DECIMAL(18,3) NOT NULL,    -- sum of units sold on those days (sales rows are DECIMAL(14,3))
    sum_units_sq   DECIMAL(38,6) NOT NULL,    -- sum of squares (a square of a DECIMAL(14,3) can need 28 digits)
    last_units     DECIMAL(18,3) NOT NULL,    -- units sold on as_of itself
    last_counted   BOOLEAN NOT NULL,          -- as_of itself was an in-stock day
    revenue        DECIMAL(18,2) NOT NULL,    -- net sales in the ABC window (13 weeks)
    -- the pair's latest inventory record within the demand window (carried forward), so the policy reads one table
    snapshot_date  DATE,
    on_hand        DECIMAL(14,3),
    on_order       DECIMAL(14,3),
    reserved       DECIMAL(14,3)
);

-- Both generations, for reading (always with a filter on as_of, which skips the other table by its zone maps).
CREATE VIEW demand_daily_stats AS
SELECT * FROM demand_stats_even
UNION ALL
SELECT * FROM demand_stats_odd;

-- Recommendation lines: the levels in 64 bits. 10^12 units is far above any real order-up-to level; a level beyond it
-- stops the run with an overflow error rather than storing a wrong number.
ALTER TABLE replenishment_lines ALTER COLUMN revenue TYPE DECIMAL(18,2);
ALTER TABLE replenishment_lines ALTER COLUMN safety_stock_calc TYPE DECIMAL(18,6);
ALTER TABLE replenishment_lines ALTER COLUMN safety_stock TYPE DECIMAL(18,6);
ALTER TABLE replenishment_lines ALTER COLUMN s0 TYPE DECIMAL(18,6);
ALTER TABLE replenishment_lines ALTER COLUMN wos_cap TYPE DECIMAL(18,6);
ALTER TABLE replenishment_lines ALTER COLUMN s1 TYPE DECIMAL(18,6);
ALTER TABLE replenishment_lines ALTER COLUMN s2 TYPE DECIMAL(18,6);
ALTER TABLE replenishment_lines ALTER COLUMN order_up_to TYPE DECIMAL(18,6);
ALTER TABLE replenishment_lines ALTER COLUMN reorder_point TYPE DECIMAL(18,6);
ALTER TABLE replenishment_lines ALTER COLUMN raw_need TYPE DECIMAL(18,6);

-- Line ids are a per-run base plus a row number now (see policy.sql).
DROP SEQUENCE IF EXISTS replenishment_line_seq;
