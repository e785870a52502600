-- Warnings for an orders load, run after its rows are in the warehouse (same transaction); :feed_id is this load's feed,
-- whose rows carry its load number (fact_loads).
-- An order line of this load whose order and product an earlier file already loaded with another quantity or price: the
-- shop re-sent an edited order. Appending keeps the earlier line too (a retry of the same line is dropped as
-- ALREADY_LOADED), so the order counts both. Compared within the line's business date, where a re-sent order keeps its
-- order timestamp.
WITH resent AS (
    SELECT n.order_id
    FROM orders n
    WHERE n.load_seq IN (SELECT load_seq FROM fact_loads WHERE feed_id = :feed_id) AND NOT n.is_cancellation
      AND EXISTS (SELECT 1 FROM orders o
                  WHERE o.business_date = n.business_date AND o.order_id = n.order_id AND o.sku = n.sku
                    AND o.load_seq IS DISTINCT FROM n.load_seq AND NOT o.is_cancellation
                    AND (o.quantity <> n.quantity OR o.unit_price <> n.unit_price
                         OR (o.unit_price IS NULL) <> (n.unit_price IS NULL)))
)
SELECT 'ORDER_LINE_RESENT' AS code,
       COUNT(*) AS row_count,
       (SELECT string_agg(order_id, ', ') FROM (SELECT DISTINCT order_id FROM resent ORDER BY order_id LIMIT 5) x) AS examples,
       'order lines re-send an order and product an earlier file loaded with another quantity or price; both lines are kept, so if the order was edited it counts twice in revenue and units. Send the change as a cancellation line (the negative of the old quantity), or the whole day again with --complete' AS message
FROM resent
HAVING COUNT(*) > 0
