-- Pipeline runs, their stages, and the drop-folder files each run picked up.
CREATE TABLE IF NOT EXISTS runs (
    run_id         VARCHAR PRIMARY KEY,
    business_date  DATE NOT NULL,
    trigger        VARCHAR NOT NULL,     -- cli, schedule, api, replay, backfill, demo
    status         VARCHAR NOT NULL,     -- running, succeeded, warning, failed
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    error          VARCHAR,
    summary        VARCHAR               -- JSON: feeds, rows, dates refreshed
);

CREATE TABLE IF NOT EXISTS run_stages (
    run_id       VARCHAR NOT NULL,
    stage_order  INTEGER NOT NULL,
    name         VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,       -- succeeded, warning, failed, skipped
    rows         BIGINT,
    duration_ms  BIGINT NOT NULL,
    error        VARCHAR,
    detail       VARCHAR,
    PRIMARY KEY (run_id, stage_order)
);

CREATE TABLE IF NOT EXISTS drop_files (
    path         VARCHAR PRIMARY KEY,    -- relative to the drop folder
    size_bytes   BIGINT NOT NULL,
    modified_at  TIMESTAMP NOT NULL,
    feed_id      VARCHAR,
    run_id       VARCHAR,
    picked_at    TIMESTAMP NOT NULL
);
