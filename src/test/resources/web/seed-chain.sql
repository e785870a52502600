-- The browser tests' chain, set-based: 24 products, 35 days of sales and labour, a week of stock for the
-- stores loaded by TestChain (through the real ingest). Pseudo-random but deterministic (hash of the key).
-- ? = the last business day.
CREATE OR REPLACE TEMP TABLE seed_days AS
SELECT CAST(CAST(? AS DATE) - CAST(i AS INTEGER) AS DATE) AS d FROM range(0, 35) t(i);

INSERT INTO products (sku, name, department, category, unit_cost, unit_price, feed_id, updated_at)
SELECT 'SKU-' || CAST(100 + i AS VARCHAR),
       ['Sourdough loaf', 'Whole milk 2L', 'Dish soap', 'Ground coffee', 'Croissants', 'Greek yoghurt', 'Laundry pods', 'Espresso beans',
        'Bagels', 'Cheddar', 'Kitchen spray', 'Tea bags'][1 + i % 12] || CASE WHEN i >= 12 THEN ' large' ELSE '' END,
       ['Grocery', 'Grocery', 'Household', 'Drinks'][1 + i % 4],
       ['Bakery', 'Dairy', 'Cleaning', 'Coffee'][1 + i % 4],
       CAST(ROUND((1.5 + (i * 37 % 11) * 0.75) * 0.62, 2) AS DECIMAL(14,4)),
       CAST(1.5 + (i * 37 % 11) * 0.75 AS DECIMAL(14,4)),
       'seed', CURRENT_TIMESTAMP
FROM range(0, 24) t(i);

INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, discount, transactions, is_return, feed_id)
SELECT s.store_id, p.sku, d.d, 'store', u.units, CAST(u.units * p.unit_price AS DECIMAL(14,2)), 0, CAST(GREATEST(1, u.units / 2) AS INTEGER), FALSE, 'seed'
FROM stores s CROSS JOIN products p CROSS JOIN seed_days d
CROSS JOIN LATERAL (SELECT CAST(ROUND((4 + hash(s.store_id, p.sku, d.d) % 12 + CAST(RIGHT(s.store_id, 1) AS INTEGER) * 3)
        * [0.9, 0.85, 0.95, 1.0, 1.2, 1.4, 1.1][isodow(d.d)]) AS INTEGER) AS units) u;

INSERT INTO labour (store_id, business_date, hours, labour_cost, feed_id)
SELECT s.store_id, d.d, 40 + CAST(RIGHT(s.store_id, 1) AS INTEGER) * 6 + isodow(d.d),
       (40 + CAST(RIGHT(s.store_id, 1) AS INTEGER) * 6 + isodow(d.d)) * 12.5, 'seed'
FROM stores s CROSS JOIN seed_days d;

INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved, feed_id)
SELECT s.store_id, p.sku, d.d,
       CASE WHEN CAST(RIGHT(p.sku, 3) AS INTEGER) % 9 = 1 THEN 0
            WHEN CAST(RIGHT(p.sku, 3) AS INTEGER) % 7 = 3 THEN 900
            ELSE 5 + hash(s.store_id, p.sku, d.d) % 120 END,
       CASE WHEN CAST(RIGHT(p.sku, 3) AS INTEGER) % 3 = 0 THEN 24 ELSE 0 END, 0, 'seed'
FROM stores s CROSS JOIN products p CROSS JOIN seed_days d
WHERE d.d > CAST(? AS DATE) - 7;
