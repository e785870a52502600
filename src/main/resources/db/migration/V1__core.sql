-- Stockroom warehouse, version 1. Portable SQL (DuckDB and PostgreSQL): ANSI CAST, no '::'.
-- Keys of fact tables are enforced by validation (set-based), not by constraints, so that a
-- slice can be replaced in one statement pair and loads stay fast.

CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);

-- ---------------------------------------------------------------- audit and lineage
CREATE TABLE IF NOT EXISTS raw_manifest (
    feed_id        VARCHAR PRIMARY KEY,
    dataset        VARCHAR NOT NULL,
    business_date  DATE,
    original_name  VARCHAR NOT NULL,
    lake_path      VARCHAR NOT NULL,       -- relative to the data directory
    sha256         VARCHAR NOT NULL,
    size_bytes     BIGINT NOT NULL,
    source         VARCHAR NOT NULL,       -- cli, drop, upload, api, demo, replay
    received_at    TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS feeds (
    feed_id              VARCHAR PRIMARY KEY,
    dataset              VARCHAR,
    business_date        DATE,
    status               VARCHAR NOT NULL,  -- processing, queued, transforming, transformed, failed
    source               VARCHAR NOT NULL,
    original_name        VARCHAR NOT NULL,
    sha256               VARCHAR,
    run_id               VARCHAR,
    duplicate_of         VARCHAR,           -- feed that first received the same bytes
    records_read         BIGINT,
    records_loaded       BIGINT,
    records_quarantined  BIGINT,
    records_returns      BIGINT,
    quality_score        DOUBLE,
    min_date             DATE,
    max_date             DATE,
    summary              VARCHAR,           -- JSON document, see docs/ingest.md
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS audit_log (
    id              VARCHAR PRIMARY KEY,    -- UUID
    occurred_at     TIMESTAMP NOT NULL,
    actor           VARCHAR NOT NULL,       -- system, cli, a user name
    action          VARCHAR NOT NULL,       -- ingest, run, replay, override, approve, reject, ...
    entity_type     VARCHAR,                -- feed, run, recommendation, purchase_order
    entity_id       VARCHAR,
    file_name       VARCHAR,
    ingestion_date  DATE,
    record_count    BIGINT,
    status          VARCHAR,
    error_log       VARCHAR,
    before_value    VARCHAR,                -- JSON
    after_value     VARCHAR                 -- JSON
);

CREATE TABLE IF NOT EXISTS quarantine (
    feed_id         VARCHAR NOT NULL,
    dataset         VARCHAR NOT NULL,
    source_line     BIGINT,                 -- physical line for unparseable rows, else header + record number
    raw_values      VARCHAR NOT NULL,       -- JSON object of the row as received (or the raw CSV line)
    reasons         VARCHAR NOT NULL,       -- JSON array of {code, column, message}
    quarantined_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS feed_issues (
    feed_id   VARCHAR NOT NULL,
    severity  VARCHAR NOT NULL,             -- error, warn, info
    code      VARCHAR NOT NULL,
    column_name VARCHAR,
    message   VARCHAR NOT NULL,
    row_count BIGINT NOT NULL
);

-- ---------------------------------------------------------------- master data (upsert by key)
CREATE TABLE IF NOT EXISTS stores (
    store_id        VARCHAR PRIMARY KEY,
    name            VARCHAR,
    area            VARCHAR,
    region          VARCHAR,
    opened_on       DATE,
    is_placeholder  BOOLEAN NOT NULL DEFAULT FALSE,
    feed_id         VARCHAR,
    updated_at      TIMESTAMP
);

CREATE TABLE IF NOT EXISTS products (
    sku               VARCHAR PRIMARY KEY,
    name              VARCHAR,
    department        VARCHAR,
    category          VARCHAR,
    brand             VARCHAR,
    unit_cost         DECIMAL(14,4),
    unit_price        DECIMAL(14,4),
    do_not_reorder    BOOLEAN NOT NULL DEFAULT FALSE,
    lto_end_date      DATE,                 -- limited-time offer: demand counts only up to this date
    struck            BOOLEAN NOT NULL DEFAULT FALSE,  -- strike / discontinued
    presentation_min  INTEGER,              -- shelf presentation minimum, when known
    is_placeholder    BOOLEAN NOT NULL DEFAULT FALSE,
    feed_id           VARCHAR,
    updated_at        TIMESTAMP
);

CREATE TABLE IF NOT EXISTS suppliers (
    supplier_id       VARCHAR PRIMARY KEY,
    name              VARCHAR,
    lead_time_days    INTEGER,
    order_days        VARCHAR,              -- e.g. 'MON,THU'; empty = any day
    min_order_value   DECIMAL(14,2),
    feed_id           VARCHAR,
    updated_at        TIMESTAMP
);

CREATE TABLE IF NOT EXISTS supplier_products (
    sku               VARCHAR NOT NULL,
    supplier_id       VARCHAR NOT NULL,
    supplier_sku      VARCHAR,
    case_pack         INTEGER,
    moq               INTEGER,
    unit_cost         DECIMAL(14,4),
    lead_time_days    INTEGER,              -- overrides the supplier's lead time
    feed_id           VARCHAR,
    updated_at        TIMESTAMP,
    PRIMARY KEY (sku, supplier_id)
);

CREATE TABLE IF NOT EXISTS replenishment_rules (
    store_id          VARCHAR NOT NULL,     -- '*' = every store
    sku               VARCHAR NOT NULL,
    safety_stock      DECIMAL(14,2),
    min_qty           DECIMAL(14,2),
    max_qty           DECIMAL(14,2),
    weeks_of_supply   DECIMAL(8,2),
    feed_id           VARCHAR,
    updated_at        TIMESTAMP,
    PRIMARY KEY (store_id, sku)
);

-- ---------------------------------------------------------------- facts (replace by slice)
CREATE TABLE IF NOT EXISTS sales (
    store_id       VARCHAR NOT NULL,
    sku            VARCHAR,                 -- NULL for store-level sales (no item detail)
    business_date  DATE NOT NULL,
    channel        VARCHAR NOT NULL,
    units_sold     DECIMAL(14,3),
    total_sales    DECIMAL(14,2) NOT NULL,
    discount       DECIMAL(14,2),
    transactions   INTEGER,
    is_return      BOOLEAN NOT NULL,
    feed_id        VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS inventory (
    store_id       VARCHAR NOT NULL,
    sku            VARCHAR NOT NULL,
    business_date  DATE NOT NULL,
    on_hand        DECIMAL(14,3) NOT NULL,
    on_order       DECIMAL(14,3),
    reserved       DECIMAL(14,3),
    feed_id        VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS orders (
    order_id         VARCHAR NOT NULL,
    ordered_at       TIMESTAMP NOT NULL,
    business_date    DATE NOT NULL,
    customer_id      VARCHAR,
    store_id         VARCHAR,
    channel          VARCHAR,
    sku              VARCHAR NOT NULL,
    description      VARCHAR,
    quantity         DECIMAL(14,3) NOT NULL,
    unit_price       DECIMAL(14,4),
    country          VARCHAR,
    is_cancellation  BOOLEAN NOT NULL,
    feed_id          VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS labour (
    store_id       VARCHAR NOT NULL,
    business_date  DATE NOT NULL,
    hours          DECIMAL(10,2) NOT NULL,
    labour_cost    DECIMAL(14,2),
    feed_id        VARCHAR NOT NULL
);
