-- Replenishment (issue 4): rolling demand statistics, explained recommendation lines, supplier
-- purchase orders and the exception report. Portable SQL (DuckDB and PostgreSQL). See docs/replenishment.md.

-- Rolling demand statistics per store x SKU as of a business date, kept incrementally: the run for D
-- adds day D and subtracts the day that leaves each window, instead of rescanning the history.
-- Only the latest two generations (D-1 and D) are kept. Sums are DECIMAL so that add-then-subtract is
-- exact: an incremental state equals a full rebuild to the last digit.
CREATE TABLE IF NOT EXISTS demand_daily_stats (
    as_of          DATE NOT NULL,
    store_id       VARCHAR NOT NULL,
    sku            VARCHAR NOT NULL,
    n_days         INTEGER NOT NULL,          -- in-stock days in the demand window
    sum_units      DECIMAL(38,3) NOT NULL,    -- sum of units sold on those days
    sum_units_sq   DECIMAL(38,6) NOT NULL,    -- sum of squares
    last_units     DECIMAL(18,3) NOT NULL,    -- units sold on as_of itself
    last_counted   BOOLEAN NOT NULL,          -- as_of itself was an in-stock day
    revenue        DECIMAL(38,2) NOT NULL,    -- net sales in the ABC window (13 weeks)
    -- the pair's latest inventory record within the demand window (carried forward), so the policy reads one table
    snapshot_date  DATE,
    on_hand        DECIMAL(14,3),
    on_order       DECIMAL(14,3),
    reserved       DECIMAL(14,3)
);

-- Which parameters built a generation, and how.
CREATE TABLE IF NOT EXISTS demand_stats_state (
    as_of                DATE PRIMARY KEY,
    demand_window_days   INTEGER NOT NULL,
    revenue_window_days  INTEGER NOT NULL,
    built                VARCHAR NOT NULL,    -- full, incremental
    computed_at          TIMESTAMP NOT NULL
);

-- Checksums of the facts each generation was built from, per dataset and business date. A later run
-- only builds on a generation whose checksums still match the warehouse (a late correction or a replay
-- that changed a day in the window forces a full rebuild).
CREATE TABLE IF NOT EXISTS demand_stats_sources (
    as_of          DATE NOT NULL,
    dataset        VARCHAR NOT NULL,          -- sales, inventory
    business_date  DATE NOT NULL,
    row_count      BIGINT NOT NULL,
    sum_a          DECIMAL(38,3),             -- sales: units; inventory: on hand
    sum_b          DECIMAL(38,3),             -- sales: net sales; inventory: on order
    count_c        BIGINT                     -- sales: return rows; inventory: rows out of stock
);

CREATE SEQUENCE IF NOT EXISTS replenishment_line_seq START 1;

-- One line per store x SKU that triggered (inventory position below the reorder point), including lines
-- zeroed by an exception. Every value of the policy is a column; the explanation text is rendered on read.
CREATE TABLE IF NOT EXISTS replenishment_lines (
    id                 BIGINT NOT NULL,          -- from replenishment_line_seq; no index (inserting millions a day)
    business_date      DATE NOT NULL,
    store_id           VARCHAR NOT NULL,
    sku                VARCHAR NOT NULL,
    supplier_id        VARCHAR NOT NULL,
    po_id              VARCHAR NOT NULL,
    category           VARCHAR,
    abc_class          VARCHAR NOT NULL,
    revenue            DECIMAL(38,2),
    -- position
    snapshot_date      DATE,
    on_hand            DECIMAL(14,3),
    on_order           DECIMAL(14,3),
    reserved           DECIMAL(14,3),
    position           DECIMAL(18,3) NOT NULL,
    -- demand
    n_days             INTEGER NOT NULL,
    item_rate          DECIMAL(18,4),          -- the item's own rate (even when NEW_ITEM replaced it)
    demand_rate        DECIMAL(18,4) NOT NULL,
    demand_sigma       DECIMAL(18,4) NOT NULL,
    new_item           BOOLEAN NOT NULL,
    -- class policy
    service_level      DECIMAL(6,4) NOT NULL,
    z                  DOUBLE NOT NULL,
    weeks_of_supply    DECIMAL(8,2) NOT NULL,
    weeks_source       VARCHAR NOT NULL,       -- class, rule
    -- time
    lead_time_days     INTEGER NOT NULL,
    lead_time_source   VARCHAR NOT NULL,       -- supplier_product, supplier, default
    review_days        INTEGER NOT NULL,
    review_source      VARCHAR NOT NULL,       -- order days as listed, or default
    lto_end_date       DATE,
    cover_days         INTEGER NOT NULL,       -- L + R, or fewer when a limited-time offer ends sooner
    -- levels
    rule_safety_stock  DECIMAL(14,2),
    safety_stock_calc  DECIMAL(24,6) NOT NULL,
    safety_stock       DECIMAL(24,6) NOT NULL,
    s0                 DECIMAL(24,6) NOT NULL,
    wos_cap            DECIMAL(24,6) NOT NULL,
    s1                 DECIMAL(24,6) NOT NULL,
    rule_min           DECIMAL(14,2),
    presentation_min   INTEGER,
    s2                 DECIMAL(24,6) NOT NULL,
    rule_max           DECIMAL(14,2),
    order_up_to        DECIMAL(24,6) NOT NULL,
    reorder_point      DECIMAL(24,6) NOT NULL,
    -- sizing
    raw_need           DECIMAL(24,6) NOT NULL,
    need_units         BIGINT NOT NULL,
    moq                INTEGER,
    after_moq          BIGINT NOT NULL,
    case_pack          INTEGER NOT NULL,
    after_case         BIGINT NOT NULL,
    after_cap          BIGINT NOT NULL,
    top_up             BIGINT NOT NULL DEFAULT 0,
    exception          VARCHAR,                -- DNR, STRIKE, LTO_ENDS_BEFORE_ARRIVAL, STALE_INVENTORY
    recommended_qty    BIGINT NOT NULL,
    unit_cost          DECIMAL(14,4),
    -- buyer workflow
    override_qty       BIGINT,
    override_reason    VARCHAR,
    overridden_by      VARCHAR,
    overridden_at      TIMESTAMP,
    final_qty          BIGINT NOT NULL,
    status             VARCHAR NOT NULL,       -- proposed, approved, rejected
    decided_by         VARCHAR,
    decided_at         TIMESTAMP,
    decision_reason    VARCHAR
);

CREATE TABLE IF NOT EXISTS purchase_orders (
    po_id            VARCHAR PRIMARY KEY,
    business_date    DATE NOT NULL,
    supplier_id      VARCHAR NOT NULL,
    store_id         VARCHAR,                 -- NULL when grouped per supplier with store allocation
    status           VARCHAR NOT NULL,        -- proposed, approved, rejected
    lines            BIGINT NOT NULL,
    units            BIGINT NOT NULL,
    cases            BIGINT NOT NULL,
    cost             DECIMAL(18,2) NOT NULL,
    min_order_value  DECIMAL(14,2),
    below_min        BOOLEAN NOT NULL,
    topped_up        BOOLEAN NOT NULL,
    decided_by       VARCHAR,
    decided_at       TIMESTAMP,
    decision_reason  VARCHAR,
    exported_at      TIMESTAMP
);

CREATE TABLE IF NOT EXISTS replenishment_exceptions (
    business_date  DATE NOT NULL,
    code           VARCHAR NOT NULL,          -- NO_SUPPLIER, MISSING_COST, NEGATIVE_ON_HAND, STALE_INVENTORY, DEMAND_SPIKE, SALES_WITHOUT_INVENTORY
    store_id       VARCHAR,
    sku            VARCHAR,
    supplier_id    VARCHAR,
    value          DECIMAL(18,3),
    detail         VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS replenishment_runs (
    business_date   DATE NOT NULL,
    store_scope     VARCHAR,
    started_at      TIMESTAMP NOT NULL,
    millis          BIGINT NOT NULL,
    stats_mode      VARCHAR NOT NULL,         -- full, incremental, reused
    pairs           BIGINT NOT NULL,
    lines           BIGINT NOT NULL,
    purchase_orders BIGINT NOT NULL,
    exceptions      BIGINT NOT NULL,
    kept_lines      BIGINT NOT NULL
);
