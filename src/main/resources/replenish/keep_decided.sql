-- The ids of the lines it replaces: the line a re-run or replay makes again for the same store x SKU keeps its id, so a
-- link or bookmark to an open line still finds it (the policy reuses them).
DROP TABLE IF EXISTS repl_previous_ids;
CREATE TEMP TABLE repl_previous_ids AS
SELECT store_id AS prev_store_id, sku AS prev_sku, id AS prev_id FROM replenishment_lines
WHERE business_date = :d
  AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR))
  AND (status = 'proposed' OR decided_by_rule) AND override_qty IS NULL
  AND po_id NOT IN (SELECT po_id FROM purchase_orders WHERE business_date = :d AND status <> 'proposed');

-- A re-run replaces only what no buyer has touched: lines that are still 'proposed' without an
-- override (or decided by a rule, not a buyer), outside purchase orders that were approved or rejected. Decided work
-- is kept as it is.
DELETE FROM replenishment_lines
WHERE business_date = :d
  AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR))
  AND (status = 'proposed' OR decided_by_rule) AND override_qty IS NULL
  AND po_id NOT IN (SELECT po_id FROM purchase_orders WHERE business_date = :d AND status <> 'proposed');

DELETE FROM replenishment_exceptions
WHERE business_date = :d AND (CAST(:store AS VARCHAR) IS NULL OR store_id = CAST(:store AS VARCHAR));

-- What is left of the date is decided work: the policy adds no line for these pairs. A small table of its own, so
-- that the policy's anti-join builds on it (usually empty) rather than on the policy's own lines.
DROP TABLE IF EXISTS repl_kept_lines;
CREATE TEMP TABLE repl_kept_lines AS
SELECT store_id, sku FROM replenishment_lines WHERE business_date = :d;
