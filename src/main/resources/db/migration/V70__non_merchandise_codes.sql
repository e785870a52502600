-- Order-line codes that are not merchandise: postage, fees, manual adjustments, vouchers and test lines. The sales
-- marts leave them out of net sales, units and baskets and keep them apart in mart_non_merchandise_daily
-- (docs/metrics.md). A retailer adds its own codes with an INSERT; the list mirrors the orders contract's
-- NON_MERCHANDISE_LINE rule, which flags the same lines at load.
CREATE TABLE IF NOT EXISTS non_merchandise_codes (
    code         VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,          -- postage, fee, adjustment, voucher, test
    description  VARCHAR NOT NULL
);

INSERT INTO non_merchandise_codes (code, kind, description) VALUES
    ('POST', 'postage', 'Postage'),
    ('DOT', 'postage', 'Dotcom postage'),
    ('C2', 'postage', 'Carriage'),
    ('BANK CHARGES', 'fee', 'Bank charges'),
    ('AMAZONFEE', 'fee', 'Amazon fee'),
    ('CRUK', 'fee', 'CRUK commission'),
    ('M', 'adjustment', 'Manual'),
    ('D', 'adjustment', 'Discount'),
    ('S', 'adjustment', 'Samples'),
    ('B', 'adjustment', 'Adjust bad debt'),
    ('ADJUST', 'adjustment', 'Adjustment by the accounts team'),
    ('ADJUST2', 'adjustment', 'Adjustment by the accounts team'),
    ('PADS', 'adjustment', 'Pads to match all cushions'),
    ('GIFT', 'voucher', 'Gift voucher'),
    ('TEST001', 'test', 'Test line'),
    ('TEST002', 'test', 'Test line')
ON CONFLICT DO NOTHING;
