-- Daily history of the replayed pairs from :first to :last: units sold (returns are not demand) and the end-of-day
-- snapshot. The store scope is appended by the code.
WITH pairs AS (
    SELECT DISTINCT store_id, sku FROM inventory WHERE business_date = :before
), units AS (
    SELECT store_id, sku, business_date, SUM(CASE WHEN is_return THEN 0 ELSE COALESCE(units_sold, 0) END) AS units
    FROM sales
    WHERE business_date BETWEEN :first AND :last AND sku IS NOT NULL
    GROUP BY store_id, sku, business_date
), days AS (
    SELECT store_id, sku, business_date FROM units
    UNION
    SELECT store_id, sku, business_date FROM inventory WHERE business_date BETWEEN :first AND :last
)
SELECT d.store_id, d.sku, d.business_date, u.units, i.on_hand, i.on_order
FROM days d
JOIN pairs pr ON pr.store_id = d.store_id AND pr.sku = d.sku
LEFT JOIN units u ON u.store_id = d.store_id AND u.sku = d.sku AND u.business_date = d.business_date
LEFT JOIN inventory i ON i.store_id = d.store_id AND i.sku = d.sku AND i.business_date = d.business_date
WHERE 1 = 1
