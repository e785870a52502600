-- Totals over the lines that will be ordered (not rejected, quantity above 0); :po limits it to one order. The cost is
-- the sum of the line costs rounded to the cent, so it equals the total of the export and download files.
UPDATE purchase_orders
SET lines = t.lines, units = t.units, cases = t.cases, cost = t.cost, topped_up = t.topped_up,
    below_min = (purchase_orders.min_order_value IS NOT NULL AND t.units > 0 AND t.cost < purchase_orders.min_order_value)
FROM (SELECT po_id,
             SUM(CASE WHEN status <> 'rejected' AND final_qty > 0 THEN 1 ELSE 0 END) AS lines,
             SUM(CASE WHEN status <> 'rejected' AND final_qty > 0 THEN final_qty ELSE 0 END) AS units,
             SUM(CASE WHEN status <> 'rejected' AND final_qty > 0
                      THEN CAST(CEIL(CAST(final_qty AS DOUBLE) / case_pack) AS BIGINT) ELSE 0 END) AS cases,
             -- each line rounded to the cent as the supplier's file shows it (line_cost), then added up
             CAST(SUM(CASE WHEN status <> 'rejected' AND final_qty > 0
                           THEN ROUND(final_qty * COALESCE(unit_cost, 0), 2) ELSE 0 END) AS DECIMAL(18,2)) AS cost,
             BOOL_OR(top_up > 0) AS topped_up
      FROM replenishment_lines
      WHERE business_date = :d
      GROUP BY po_id) t
WHERE purchase_orders.po_id = t.po_id AND purchase_orders.business_date = :d
  AND (CAST(:po AS VARCHAR) IS NULL OR purchase_orders.po_id = CAST(:po AS VARCHAR));
