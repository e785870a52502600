-- Numbers for the store and SKU codes of the facts the statistics are about to read (:keys_sales_from/:keys_inventory_from ..
-- :d): a code seen for the first time gets the next free number. Master data without facts needs no number.
INSERT INTO replenishment_store_keys (store_id, store_no)
SELECT store_id, (SELECT COALESCE(MAX(store_no), 0) FROM replenishment_store_keys) + CAST(ROW_NUMBER() OVER (ORDER BY store_id) AS INTEGER)
FROM (SELECT DISTINCT store_id FROM inventory
      WHERE business_date BETWEEN :keys_inventory_from AND :d
        AND store_id NOT IN (SELECT store_id FROM replenishment_store_keys)
      UNION
      SELECT DISTINCT store_id FROM sales
      WHERE sku IS NOT NULL AND business_date BETWEEN :keys_sales_from AND :d
        AND store_id NOT IN (SELECT store_id FROM replenishment_store_keys)) new_codes;

INSERT INTO replenishment_sku_keys (sku, sku_no)
SELECT sku, (SELECT COALESCE(MAX(sku_no), 0) FROM replenishment_sku_keys) + CAST(ROW_NUMBER() OVER (ORDER BY sku) AS INTEGER)
FROM (SELECT DISTINCT sku FROM inventory
      WHERE business_date BETWEEN :keys_inventory_from AND :d
        AND sku NOT IN (SELECT sku FROM replenishment_sku_keys)
      UNION
      SELECT DISTINCT sku FROM sales
      WHERE sku IS NOT NULL AND business_date BETWEEN :keys_sales_from AND :d
        AND sku NOT IN (SELECT sku FROM replenishment_sku_keys)) new_codes;
