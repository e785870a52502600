-- Issue 14: observed supplier lead-time spread per supplier x SKU, for the safety stock
-- SS = z * sqrt(P * sigma_d^2 + d^2 * sigma_L^2). There is no receipts dataset yet: whatever measures lead times
-- (a receipts loader, or a buyer's estimate) fills this table; with no row the spread is 0 and SS = z * sigma * sqrt(P).
CREATE TABLE IF NOT EXISTS supplier_lead_times (
    supplier_id     VARCHAR NOT NULL,
    sku             VARCHAR NOT NULL,
    mean_days       DOUBLE,               -- observed mean lead time (shown; the policy's L stays the configured one)
    sd_days         DOUBLE NOT NULL,      -- observed standard deviation of the lead time, days
    receipts        INTEGER,              -- how many receipts it was measured on
    PRIMARY KEY (supplier_id, sku)
);

ALTER TABLE replenishment_lines ADD COLUMN IF NOT EXISTS lead_time_sd DOUBLE;
