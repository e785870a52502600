-- Warnings for a costs load, run after its rows are in the warehouse (same transaction): one row per warning with its code,
-- how many rows it concerns, a few examples, and the message (the count and the examples are appended).
-- A product with neither a unit_cost in the product master nor any row in costs has no COGS: its margin is not available.
SELECT 'PRODUCTS_WITHOUT_COST' AS code,
       COUNT(*) AS row_count,
       (SELECT string_agg(sku, ', ') FROM (SELECT p2.sku FROM products p2
            WHERE p2.unit_cost IS NULL AND NOT p2.is_placeholder AND NOT EXISTS (SELECT 1 FROM costs c2 WHERE c2.sku = p2.sku)
            ORDER BY p2.sku LIMIT 5) x) AS examples,
       'products have no cost at all (no unit_cost in the product master and no row in costs), so their COGS and margin are not available; add them to the costs file' AS message
FROM products p
WHERE p.unit_cost IS NULL AND NOT p.is_placeholder AND NOT EXISTS (SELECT 1 FROM costs c WHERE c.sku = p.sku)
HAVING COUNT(*) > 0
