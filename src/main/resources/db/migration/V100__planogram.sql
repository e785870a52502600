-- Planogram (docs/planogram.md): the fixtures of each store, which SKU sits where on them (versions in time: a change
-- closes the earlier row the day before the new one starts, never overwrites it) and the secondary displays in place.
-- Master data: loads upsert by key (contracts/fixtures.yaml, placements.yaml, displays.yaml); the edit API writes the
-- same tables and records each change with before/after in audit_log.

CREATE TABLE IF NOT EXISTS fixtures (
    store_id      VARCHAR NOT NULL,
    fixture_id    VARCHAR NOT NULL,
    fixture_type  VARCHAR,                -- gondola, end_cap, table, window, checkout, cooler
    display_zone  VARCHAR,                -- entrance, main_aisle, back_wall, checkout, ...
    section       VARCHAR,                -- e.g. the department or bay the fixture belongs to
    shelf_count   INTEGER,
    width_cm      DECIMAL(10,2),
    feed_id       VARCHAR,
    updated_at    TIMESTAMP,
    PRIMARY KEY (store_id, fixture_id)
);

CREATE TABLE IF NOT EXISTS placements (
    store_id          VARCHAR NOT NULL,
    fixture_id        VARCHAR NOT NULL,
    sku               VARCHAR NOT NULL,
    valid_from        DATE NOT NULL,
    valid_to          DATE,                -- last day valid (inclusive); NULL = still in place
    section           VARCHAR,
    shelf             INTEGER,             -- 1 = bottom shelf; NULL = not recorded yet
    position          INTEGER,             -- left to right on the shelf
    facings           INTEGER,
    capacity          INTEGER,             -- units the position holds
    presentation_min  INTEGER,             -- units below which the position looks empty
    feed_id           VARCHAR,             -- the load, or 'edit' for a change made on the Planogram page / API
    updated_at        TIMESTAMP,
    PRIMARY KEY (store_id, fixture_id, sku, valid_from)
);

CREATE TABLE IF NOT EXISTS displays (
    store_id      VARCHAR NOT NULL,
    sku           VARCHAR NOT NULL,
    start_date    DATE NOT NULL,
    end_date      DATE NOT NULL,           -- inclusive
    display_type  VARCHAR,                 -- end_cap, floor_stack, promo_bay, checkout, window, clip_strip
    display_zone  VARCHAR,
    feed_id       VARCHAR,
    updated_at    TIMESTAMP,
    PRIMARY KEY (store_id, sku, start_date)
);
