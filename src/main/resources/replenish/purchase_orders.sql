-- One purchase order per supplier x store (or per supplier with store allocation), rebuilt for every
-- order no buyer has decided on. Totals are filled by po_totals.sql.
DELETE FROM purchase_orders WHERE business_date = :d AND status = 'proposed';

INSERT INTO purchase_orders (po_id, business_date, supplier_id, store_id, status, lines, units, cases, cost,
                             min_order_value, below_min, topped_up)
SELECT l.po_id, CAST(:d AS DATE), l.supplier_id, CASE WHEN :per_store THEN MIN(l.store_id) END, 'proposed',
       0, 0, 0, 0, MAX(s.min_order_value), FALSE, FALSE
FROM replenishment_lines l
LEFT JOIN suppliers_versions s ON s.supplier_id = l.supplier_id AND s.valid_from <= :d AND (s.valid_to IS NULL OR s.valid_to > :d)
WHERE l.business_date = :d
  AND l.po_id NOT IN (SELECT po_id FROM purchase_orders WHERE business_date = :d)
GROUP BY l.po_id, l.supplier_id;
