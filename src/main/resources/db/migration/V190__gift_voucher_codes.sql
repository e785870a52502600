-- Gift vouchers sold under their own codes are money held for a later sale, not merchandise: the UCI Online Retail file
-- sells them as gift_0001_10 .. gift_0001_50 inside ordinary invoices (34 lines). Codes compare in any case
-- (mart_sales_daily). The orders contract's NON_MERCHANDISE_LINE rule lists the same codes.
INSERT INTO non_merchandise_codes (code, kind, description) VALUES
    ('gift_0001_10', 'voucher', 'Gift voucher 10'),
    ('gift_0001_20', 'voucher', 'Gift voucher 20'),
    ('gift_0001_30', 'voucher', 'Gift voucher 30'),
    ('gift_0001_40', 'voucher', 'Gift voucher 40'),
    ('gift_0001_50', 'voucher', 'Gift voucher 50')
ON CONFLICT DO NOTHING;
