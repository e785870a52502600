-- model: mart_supplier_receipts
-- description: One row per receipt line (PO line delivered to a store on a day): supplier, on time or late against the promised date, quantity ordered and received, observed and promised lead time in days.
-- depends_on: receipts, supplier_products
-- grain: po_id, sku, store_id, received_date
-- incremental_by: full
-- tests: not_null(po_id, sku, store_id, received_date), unique(po_id, sku, store_id, received_date)
-- tests: reconcile(sum(quantity_received) = receipts: sum(quantity_received))
--
-- The supplier is the receipt's, else the SKU's supplier in supplier_products (the first by id when there are several).
-- on_time is NULL when the receipt has no promised date; lead times are NULL without an order date.
WITH sourcing AS (
    SELECT sku, MIN(supplier_id) AS supplier_id FROM supplier_products GROUP BY sku
)
SELECT r.po_id, r.sku, r.store_id, COALESCE(r.supplier_id, sp.supplier_id) AS supplier_id, r.ordered_date, r.promised_date,
       r.received_date, r.quantity_ordered, r.quantity_received,
       CASE WHEN r.promised_date IS NOT NULL THEN r.received_date <= r.promised_date END AS on_time,
       CAST(r.received_date - r.ordered_date AS INTEGER) AS lead_time_days,
       CAST(r.promised_date - r.ordered_date AS INTEGER) AS promised_lead_time_days
FROM receipts r
LEFT JOIN sourcing sp ON sp.sku = r.sku
