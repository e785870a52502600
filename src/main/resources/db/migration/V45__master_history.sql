-- Master data history (docs/models.md, "Master data history"). Each master table keeps its current state (what the
-- API shows and what loads upsert) and, beside it, <table>_history: one row per version of a key, valid from its
-- business date (inclusive) to the next version's (exclusive; NULL = still valid). A key's first version is valid
-- from 1900-01-01: facts dated before master data first arrived are read with the first known attributes.
-- <table>_versions is what readers join as of a date: the history, plus the current rows of keys that have none
-- (written outside a load, e.g. by hand or before this migration), as one version valid throughout.

CREATE TABLE IF NOT EXISTS stores_history (
    store_id          VARCHAR NOT NULL,
    name              VARCHAR,
    area              VARCHAR,
    region            VARCHAR,
    opened_on         DATE,
    is_placeholder    BOOLEAN NOT NULL DEFAULT FALSE,
    valid_from        DATE NOT NULL,
    valid_to          DATE,
    feed_id           VARCHAR,
    recorded_at       TIMESTAMP
);

INSERT INTO stores_history (store_id, name, area, region, opened_on, is_placeholder, valid_from, valid_to, feed_id, recorded_at)
SELECT store_id, name, area, region, opened_on, is_placeholder, DATE '1900-01-01', CAST(NULL AS DATE), feed_id, updated_at FROM stores;

CREATE VIEW stores_versions AS
SELECT store_id, name, area, region, opened_on, is_placeholder, valid_from, valid_to FROM stores_history
UNION ALL
SELECT c.store_id, c.name, c.area, c.region, c.opened_on, c.is_placeholder, DATE '1900-01-01', CAST(NULL AS DATE) FROM stores c
WHERE NOT EXISTS (SELECT 1 FROM stores_history h WHERE h.store_id = c.store_id);

CREATE TABLE IF NOT EXISTS products_history (
    sku               VARCHAR NOT NULL,
    name              VARCHAR,
    department        VARCHAR,
    category          VARCHAR,
    brand             VARCHAR,
    unit_cost         DECIMAL(14,4),
    unit_price        DECIMAL(14,4),
    do_not_reorder    BOOLEAN NOT NULL DEFAULT FALSE,
    lto_end_date      DATE,
    struck            BOOLEAN NOT NULL DEFAULT FALSE,
    presentation_min  INTEGER,
    is_placeholder    BOOLEAN NOT NULL DEFAULT FALSE,
    valid_from        DATE NOT NULL,
    valid_to          DATE,
    feed_id           VARCHAR,
    recorded_at       TIMESTAMP
);

INSERT INTO products_history (sku, name, department, category, brand, unit_cost, unit_price, do_not_reorder, lto_end_date, struck, presentation_min, is_placeholder, valid_from, valid_to, feed_id, recorded_at)
SELECT sku, name, department, category, brand, unit_cost, unit_price, do_not_reorder, lto_end_date, struck, presentation_min, is_placeholder, DATE '1900-01-01', CAST(NULL AS DATE), feed_id, updated_at FROM products;

CREATE VIEW products_versions AS
SELECT sku, name, department, category, brand, unit_cost, unit_price, do_not_reorder, lto_end_date, struck, presentation_min, is_placeholder, valid_from, valid_to FROM products_history
UNION ALL
SELECT c.sku, c.name, c.department, c.category, c.brand, c.unit_cost, c.unit_price, c.do_not_reorder, c.lto_end_date, c.struck, c.presentation_min, c.is_placeholder, DATE '1900-01-01', CAST(NULL AS DATE) FROM products c
WHERE NOT EXISTS (SELECT 1 FROM products_history h WHERE h.sku = c.sku);

CREATE TABLE IF NOT EXISTS suppliers_history (
    supplier_id       VARCHAR NOT NULL,
    name              VARCHAR,
    lead_time_days    INTEGER,
    order_days        VARCHAR,
    min_order_value   DECIMAL(14,2),
    valid_from        DATE NOT NULL,
    valid_to          DATE,
    feed_id           VARCHAR,
    recorded_at       TIMESTAMP
);

INSERT INTO suppliers_history (supplier_id, name, lead_time_days, order_days, min_order_value, valid_from, valid_to, feed_id, recorded_at)
SELECT supplier_id, name, lead_time_days, order_days, min_order_value, DATE '1900-01-01', CAST(NULL AS DATE), feed_id, updated_at FROM suppliers;

CREATE VIEW suppliers_versions AS
SELECT supplier_id, name, lead_time_days, order_days, min_order_value, valid_from, valid_to FROM suppliers_history
UNION ALL
SELECT c.supplier_id, c.name, c.lead_time_days, c.order_days, c.min_order_value, DATE '1900-01-01', CAST(NULL AS DATE) FROM suppliers c
WHERE NOT EXISTS (SELECT 1 FROM suppliers_history h WHERE h.supplier_id = c.supplier_id);

CREATE TABLE IF NOT EXISTS supplier_products_history (
    sku               VARCHAR NOT NULL,
    supplier_id       VARCHAR NOT NULL,
    supplier_sku      VARCHAR,
    case_pack         INTEGER,
    moq               INTEGER,
    unit_cost         DECIMAL(14,4),
    lead_time_days    INTEGER,
    valid_from        DATE NOT NULL,
    valid_to          DATE,
    feed_id           VARCHAR,
    recorded_at       TIMESTAMP
);

INSERT INTO supplier_products_history (sku, supplier_id, supplier_sku, case_pack, moq, unit_cost, lead_time_days, valid_from, valid_to, feed_id, recorded_at)
SELECT sku, supplier_id, supplier_sku, case_pack, moq, unit_cost, lead_time_days, DATE '1900-01-01', CAST(NULL AS DATE), feed_id, updated_at FROM supplier_products;

CREATE VIEW supplier_products_versions AS
SELECT sku, supplier_id, supplier_sku, case_pack, moq, unit_cost, lead_time_days, valid_from, valid_to FROM supplier_products_history
UNION ALL
SELECT c.sku, c.supplier_id, c.supplier_sku, c.case_pack, c.moq, c.unit_cost, c.lead_time_days, DATE '1900-01-01', CAST(NULL AS DATE) FROM supplier_products c
WHERE NOT EXISTS (SELECT 1 FROM supplier_products_history h WHERE h.sku = c.sku AND h.supplier_id = c.supplier_id);

CREATE TABLE IF NOT EXISTS replenishment_rules_history (
    store_id          VARCHAR NOT NULL,
    sku               VARCHAR NOT NULL,
    safety_stock      DECIMAL(14,2),
    min_qty           DECIMAL(14,2),
    max_qty           DECIMAL(14,2),
    weeks_of_supply   DECIMAL(8,2),
    valid_from        DATE NOT NULL,
    valid_to          DATE,
    feed_id           VARCHAR,
    recorded_at       TIMESTAMP
);

INSERT INTO replenishment_rules_history (store_id, sku, safety_stock, min_qty, max_qty, weeks_of_supply, valid_from, valid_to, feed_id, recorded_at)
SELECT store_id, sku, safety_stock, min_qty, max_qty, weeks_of_supply, DATE '1900-01-01', CAST(NULL AS DATE), feed_id, updated_at FROM replenishment_rules;

CREATE VIEW replenishment_rules_versions AS
SELECT store_id, sku, safety_stock, min_qty, max_qty, weeks_of_supply, valid_from, valid_to FROM replenishment_rules_history
UNION ALL
SELECT c.store_id, c.sku, c.safety_stock, c.min_qty, c.max_qty, c.weeks_of_supply, DATE '1900-01-01', CAST(NULL AS DATE) FROM replenishment_rules c
WHERE NOT EXISTS (SELECT 1 FROM replenishment_rules_history h WHERE h.store_id = c.store_id AND h.sku = c.sku);

-- One row per load that changed a master table's history: the first business date whose as-of state it changed.
-- The model runner recomputes from there on (and nothing before it).
CREATE SEQUENCE IF NOT EXISTS master_change_ids START 1;
CREATE TABLE IF NOT EXISTS master_changes (
    change_id       BIGINT NOT NULL,
    source          VARCHAR NOT NULL,       -- the versions view readers join, e.g. products_versions
    effective_from  DATE NOT NULL,
    keys_changed    BIGINT NOT NULL,
    feed_id         VARCHAR,
    changed_at      TIMESTAMP NOT NULL
);
