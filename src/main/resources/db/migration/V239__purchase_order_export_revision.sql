-- How many times each purchase order was written to a supplier file (1: sent once; 2 and up: re-sent on a buyer's
-- request), and the file it was first written to: an export writes an order already sent only when asked to, so a
-- supplier's pickup that does not deduplicate by PO number never takes it twice (docs/replenishment.md, Export).
ALTER TABLE purchase_orders ADD COLUMN export_revision INTEGER;
ALTER TABLE purchase_orders ADD COLUMN export_file VARCHAR(200);
UPDATE purchase_orders SET export_revision = 1 WHERE exported_at IS NOT NULL;
