-- The chain of `stockroom bench forecast-refresh` (DuckDB: range() and hash(), no files): :stores x :skus pairs with
-- daily sales and a daily snapshot for each of the :days days from :first. Even SKUs sell on ~85 % of days (more on
-- Friday and Saturday), odd ones are slow movers (~8 % of days); 2 % of snapshots show the item out of stock.
INSERT INTO products (sku, name, category, department, unit_cost, unit_price)
SELECT 'K' || lpad(CAST(k AS VARCHAR), 6, '0'), 'Item ' || k, 'C' || (k % 20), 'Grocery', 1, 2 FROM range(:skus) t(k);
INSERT INTO sales (store_id, sku, business_date, channel, units_sold, total_sales, is_return)
SELECT 'S' || lpad(CAST(s AS VARCHAR), 4, '0'), 'K' || lpad(CAST(k AS VARCHAR), 6, '0'), d, 'store', u, 2 * u, FALSE
FROM (
    SELECT s, k, d, h,
           CASE WHEN k % 2 = 0 THEN (1 + h % (2 + k % 17)) * (CASE WHEN dayofweek(d) IN (5, 6) THEN 2 ELSE 1 END)
                ELSE 1 END AS u
    FROM (SELECT s, k, CAST(:first AS DATE) + CAST(t AS INTEGER) AS d, hash(s, k, t) AS h
          FROM range(:stores) a(s), range(:skus) b(k), range(:days) c(t)) x
) g
WHERE (h >> 8) % 100 < CASE WHEN k % 2 = 0 THEN 85 ELSE 8 END;
INSERT INTO inventory (store_id, sku, business_date, on_hand, on_order, reserved)
SELECT 'S' || lpad(CAST(s AS VARCHAR), 4, '0'), 'K' || lpad(CAST(k AS VARCHAR), 6, '0'),
       CAST(:first AS DATE) + CAST(t AS INTEGER), CASE WHEN (hash(s, k, t) >> 16) % 100 < 2 THEN 0 ELSE 10 END, 0, 0
FROM range(:stores) a(s), range(:skus) b(k), range(:days) c(t);
