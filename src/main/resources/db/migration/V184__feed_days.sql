-- A fact file can hold rows of several business dates (a backfill, a week's export, a file named for the export day
-- holding the day before). The feed is filed under one date, but its rows are counted where they belong: one row per
-- date its rows are on, loaded and quarantined, written with the feed when its rows are not all on its own date.
-- mart_quality_daily reads it; a feed without rows here counts under its own date.
CREATE TABLE IF NOT EXISTS feed_days (
    feed_id VARCHAR NOT NULL,
    business_date DATE NOT NULL,
    records_loaded BIGINT NOT NULL,
    records_quarantined BIGINT NOT NULL,
    PRIMARY KEY (feed_id, business_date)
);
