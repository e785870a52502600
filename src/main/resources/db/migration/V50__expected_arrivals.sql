-- Expected arrivals (docs/pipeline.md): which feeds are due each business date, what arrived, and SLA alerts.

-- Edits to the learned calendar. store_id '*' means every store (or the dataset as a whole);
-- applies_to is 'daily', a weekday (MONDAY..SUNDAY) or one date (YYYY-MM-DD). The most specific rule wins.
CREATE TABLE IF NOT EXISTS expected_feed_rules (
    dataset     VARCHAR NOT NULL,
    store_id    VARCHAR NOT NULL,
    applies_to  VARCHAR NOT NULL,
    expected    BOOLEAN NOT NULL,
    note        VARCHAR,
    updated_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (dataset, store_id, applies_to)
);

-- What a run found for each expected dataset (and store) of a business date: arrived, missing or failed.
-- Rewritten for a date whenever a run checks it again (a late file turns missing into arrived).
CREATE TABLE IF NOT EXISTS feed_arrivals (
    business_date  DATE NOT NULL,
    dataset        VARCHAR NOT NULL,
    store_id       VARCHAR NOT NULL,       -- '*' for a dataset without stores
    status         VARCHAR NOT NULL,       -- arrived, missing, failed
    failed_feeds   VARCHAR,                -- ids of the failed feeds of that dataset and date
    why_expected   VARCHAR NOT NULL,       -- "seen on 4 of the last 4 Saturdays" or "rule ..."
    checked_at     TIMESTAMP NOT NULL,
    run_id         VARCHAR,
    PRIMARY KEY (business_date, dataset, store_id)
);

-- SLA alerts sent (or attempted) once per dataset, business date and channel.
CREATE TABLE IF NOT EXISTS alerts (
    dataset        VARCHAR NOT NULL,
    business_date  DATE NOT NULL,
    channel        VARCHAR NOT NULL,       -- email, webhook
    deadline       TIMESTAMP NOT NULL,     -- the SLA deadline that passed (UTC)
    status         VARCHAR NOT NULL,       -- sent, failed
    message        VARCHAR NOT NULL,
    error          VARCHAR,
    sent_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (dataset, business_date, channel)
);
