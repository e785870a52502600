-- What people decided about an inventory alert: acknowledged (seen, being handled: still listed, ranked after the
-- open ones) or snoozed (hidden) until a date; after that date the alert is open again. One row per store, SKU and
-- alert type; every change is also written to audit_log with its actor.
CREATE TABLE IF NOT EXISTS alert_actions (
    store_id    VARCHAR NOT NULL,
    sku         VARCHAR NOT NULL,
    alert_type  VARCHAR NOT NULL,      -- OUT_OF_STOCK, LOW_STOCK, OVERSTOCK
    action      VARCHAR NOT NULL,      -- acknowledged, snoozed
    until       DATE NOT NULL,         -- inclusive
    actor       VARCHAR NOT NULL,
    note        VARCHAR,
    acted_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (store_id, sku, alert_type)
);
