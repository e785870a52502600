-- The promotion calendar (contracts/promotions.yaml, docs/forecast.md): promotions and limited-time offers per SKU,
-- in one store or every store ('*'), first to last day inclusive, known ahead. Master data: loads upsert by key. The
-- forecast refresh leaves a pair's promotion days out of its baseline and applies the learned uplift on planned ones.

CREATE TABLE IF NOT EXISTS promotions (
    sku               VARCHAR NOT NULL,
    store_id          VARCHAR NOT NULL,          -- '*' = every store
    start_date        DATE NOT NULL,
    end_date          DATE NOT NULL,             -- inclusive
    kind              VARCHAR,                   -- promotion, limited_time_offer
    discount_percent  DECIMAL(6,2),
    feed_id           VARCHAR,
    updated_at        TIMESTAMP,
    PRIMARY KEY (sku, store_id, start_date)
);
