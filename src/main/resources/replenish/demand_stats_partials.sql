-- The partial sums of a full rebuild of the demand statistics (demand_stats_full_batch.sql, one row per pair and batch
-- of dates): every column is a sum, a bit OR or a boolean OR over days, so demand_stats_full.sql adds them up.
-- DECIMAL(38, …) as the sums of the one-statement rebuild: a batch's sum neither overflows nor rounds.
DROP TABLE IF EXISTS repl_stats_partials;
CREATE TEMP TABLE repl_stats_partials (
    store_no      INTEGER NOT NULL,
    sku_no        INTEGER NOT NULL,
    n             BIGINT NOT NULL,
    counted_days  BIGINT NOT NULL,
    sx            DECIMAL(38,3) NOT NULL,
    sxx           DECIMAL(38,6) NOT NULL,
    last_units    DECIMAL(38,3) NOT NULL,
    last_counted  BOOLEAN NOT NULL,
    revenue       DECIMAL(38,2) NOT NULL,
    missing_days  BIGINT NOT NULL,
    missing_bits  BIGINT NOT NULL,
    long_days     BIGINT NOT NULL,
    long_units    DECIMAL(38,3) NOT NULL,
    long_units_sq DECIMAL(38,6) NOT NULL,
    long_bits     BIGINT NOT NULL
);
