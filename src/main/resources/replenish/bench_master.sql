-- Benchmark chain (DuckDB, generated with range(); deterministic): :stores stores, :skus SKUs, 20 suppliers.
CREATE TABLE bench_stores AS
SELECT s, 'S' || lpad(CAST(s AS VARCHAR), 4, '0') AS store_id FROM range(:stores) t(s);
CREATE TABLE bench_skus AS
SELECT k, 'K' || lpad(CAST(k AS VARCHAR), 6, '0') AS sku, CAST(1 + (k % 50) / 10.0 AS DECIMAL(14,4)) AS unit_cost,
       CAST((1 + (k % 50) / 10.0) * 1.6 AS DECIMAL(14,4)) AS unit_price, 2 + k % 37 AS sell_pct, 1 + k % 6 AS max_units
FROM range(:skus) t(k);
INSERT INTO stores (store_id, name, area, region, is_placeholder, feed_id, updated_at)
SELECT store_id, 'Store ' || store_id, 'Area ' || CAST(s % 20 AS VARCHAR), 'Region ' || CAST(s % 4 AS VARCHAR), FALSE, 'bench', CURRENT_TIMESTAMP
FROM bench_stores;
INSERT INTO products (sku, name, department, category, brand, unit_cost, unit_price, do_not_reorder, lto_end_date, struck,
                      presentation_min, is_placeholder, feed_id, updated_at)
SELECT sku, 'Item ' || sku, 'Dept ' || CAST(k % 12 AS VARCHAR), 'Cat ' || CAST(k % 200 AS VARCHAR), NULL, unit_cost, unit_price,
       k % 97 = 0, CASE WHEN k % 151 = 0 THEN CAST(:d AS DATE) + CAST(k % 10 AS INTEGER) END, k % 193 = 0,
       CASE WHEN k % 5 = 0 THEN 4 END, FALSE, 'bench', CURRENT_TIMESTAMP
FROM bench_skus;
INSERT INTO suppliers (supplier_id, name, lead_time_days, order_days, min_order_value, feed_id, updated_at)
SELECT 'V' || lpad(CAST(v AS VARCHAR), 2, '0'), 'Vendor ' || CAST(v AS VARCHAR), 2 + v % 6,
       CASE v % 4 WHEN 0 THEN 'MON,THU' WHEN 1 THEN 'TUE' WHEN 2 THEN 'MON,WED,FRI' ELSE NULL END, 150, 'bench', CURRENT_TIMESTAMP
FROM range(20) t(v);
INSERT INTO supplier_products (sku, supplier_id, supplier_sku, case_pack, moq, unit_cost, lead_time_days, feed_id, updated_at)
SELECT sku, 'V' || lpad(CAST(k % 20 AS VARCHAR), 2, '0'), 'VS' || sku, CASE k % 4 WHEN 0 THEN 1 WHEN 1 THEN 6 WHEN 2 THEN 12 ELSE 24 END,
       CASE WHEN k % 13 = 0 THEN 48 END, unit_cost, CASE WHEN k % 17 = 0 THEN 10 END, 'bench', CURRENT_TIMESTAMP
FROM bench_skus WHERE k % 211 <> 0;
INSERT INTO replenishment_rules (store_id, sku, safety_stock, min_qty, max_qty, weeks_of_supply, feed_id, updated_at)
SELECT '*', sku, NULL, 6, 200, NULL, 'bench', CURRENT_TIMESTAMP FROM bench_skus WHERE k % 50 = 0;
