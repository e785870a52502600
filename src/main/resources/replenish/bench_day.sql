-- One business day of benchmark facts: a snapshot for every store x SKU, and sales for about 20 % of them.
-- :out_of_stock_pct % of the pairs (chosen by a hash of the pair, the same every day) are out of stock, with no sales,
-- 40 days of every 91, each pair at its own phase: a chronic stock-out, as LONG_OUT_OF_STOCK is about.
-- Each day's snapshots and sales carry a load number of their own, as two loads give them (the statistics' stamps read it).
INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved, load_seq)
SELECT st.store_id, k.sku, CAST(:day AS DATE),
       CASE WHEN g.out_of_stock OR h % 100 < 5 THEN 0 WHEN h % 1000 = 5 THEN -1 ELSE h % 40 END,
       CASE WHEN h % 7 = 0 THEN 12 ELSE 0 END, 0, CAST(:day_no AS BIGINT) * 2
FROM (SELECT s, k, hash(s, k, :seed) AS h,
             hash(s, k) % 100 < :out_of_stock_pct AND (:day_no + (hash(s, k) >> 32) % 91) % 91 < 40 AS out_of_stock
      FROM range(:stores) a(s), range(:skus) b(k)) g
JOIN bench_stores st ON st.s = g.s
JOIN bench_skus k ON k.k = g.k;
INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, discount, transactions, is_return, load_seq)
SELECT st.store_id, k.sku, CAST(:day AS DATE), 'store', 1 + h % k.max_units, (1 + h % k.max_units) * k.unit_price, NULL, 1, FALSE,
       CAST(:day_no AS BIGINT) * 2 + 1
FROM (SELECT s, k, hash(s, k, :seed + 1) AS h,
             hash(s, k) % 100 < :out_of_stock_pct AND (:day_no + (hash(s, k) >> 32) % 91) % 91 < 40 AS out_of_stock
      FROM range(:stores) a(s), range(:skus) b(k)) g
JOIN bench_stores st ON st.s = g.s
JOIN bench_skus k ON k.k = g.k
WHERE (h >> 20) % 100 < k.sell_pct AND NOT g.out_of_stock;
