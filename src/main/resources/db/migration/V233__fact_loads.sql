-- A fact row names the feed that loaded it through its load number: load_seq on the row, the feed once per load in
-- fact_loads. A feed id on each of a day's ten million rows cost DuckDB about 0.8 CPU-s a day to append and compress
-- (docs/bench.md, session 23); one row per load costs nothing. Every reader of a row's feed joins fact_loads.
CREATE TABLE IF NOT EXISTS fact_loads (
    load_seq BIGINT PRIMARY KEY,
    feed_id  VARCHAR NOT NULL
);

-- Rows loaded before load numbers (V4) or written without one carry none: each such feed's rows get a number of their
-- own below every real one (they were loaded before them), in the order the feeds were received. So would the feeds of
-- a number that several feeds share, which no load writes; after this every load_seq names exactly one feed.
CREATE TABLE fact_loads_renumbered AS
SELECT p.load_seq AS old_seq, p.feed_id,
       CAST(-ROW_NUMBER() OVER (ORDER BY p.load_seq NULLS FIRST, f.created_at NULLS FIRST, p.feed_id) AS BIGINT) AS new_seq
FROM (
    SELECT DISTINCT load_seq, feed_id FROM sales
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM inventory
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM orders
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM labour
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM shipments
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM support_conversations
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM marketing_spend
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM web_sessions
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM receipts
) p
LEFT JOIN feeds f ON f.feed_id = p.feed_id
WHERE p.load_seq IS NULL
   OR p.load_seq IN (SELECT load_seq FROM (
        SELECT DISTINCT load_seq, feed_id FROM sales
        UNION ALL SELECT DISTINCT load_seq, feed_id FROM inventory
        UNION ALL SELECT DISTINCT load_seq, feed_id FROM orders
        UNION ALL SELECT DISTINCT load_seq, feed_id FROM labour
        UNION ALL SELECT DISTINCT load_seq, feed_id FROM shipments
        UNION ALL SELECT DISTINCT load_seq, feed_id FROM support_conversations
        UNION ALL SELECT DISTINCT load_seq, feed_id FROM marketing_spend
        UNION ALL SELECT DISTINCT load_seq, feed_id FROM web_sessions
        UNION ALL SELECT DISTINCT load_seq, feed_id FROM receipts
      ) s GROUP BY load_seq HAVING COUNT(DISTINCT feed_id) > 1);

UPDATE sales SET load_seq = r.new_seq FROM fact_loads_renumbered r
WHERE r.feed_id = sales.feed_id AND r.old_seq IS NOT DISTINCT FROM sales.load_seq;
UPDATE inventory SET load_seq = r.new_seq FROM fact_loads_renumbered r
WHERE r.feed_id = inventory.feed_id AND r.old_seq IS NOT DISTINCT FROM inventory.load_seq;
UPDATE orders SET load_seq = r.new_seq FROM fact_loads_renumbered r
WHERE r.feed_id = orders.feed_id AND r.old_seq IS NOT DISTINCT FROM orders.load_seq;
UPDATE labour SET load_seq = r.new_seq FROM fact_loads_renumbered r
WHERE r.feed_id = labour.feed_id AND r.old_seq IS NOT DISTINCT FROM labour.load_seq;
UPDATE shipments SET load_seq = r.new_seq FROM fact_loads_renumbered r
WHERE r.feed_id = shipments.feed_id AND r.old_seq IS NOT DISTINCT FROM shipments.load_seq;
UPDATE support_conversations SET load_seq = r.new_seq FROM fact_loads_renumbered r
WHERE r.feed_id = support_conversations.feed_id AND r.old_seq IS NOT DISTINCT FROM support_conversations.load_seq;
UPDATE marketing_spend SET load_seq = r.new_seq FROM fact_loads_renumbered r
WHERE r.feed_id = marketing_spend.feed_id AND r.old_seq IS NOT DISTINCT FROM marketing_spend.load_seq;
UPDATE web_sessions SET load_seq = r.new_seq FROM fact_loads_renumbered r
WHERE r.feed_id = web_sessions.feed_id AND r.old_seq IS NOT DISTINCT FROM web_sessions.load_seq;
UPDATE receipts SET load_seq = r.new_seq FROM fact_loads_renumbered r
WHERE r.feed_id = receipts.feed_id AND r.old_seq IS NOT DISTINCT FROM receipts.load_seq;

INSERT INTO fact_loads (load_seq, feed_id)
SELECT DISTINCT load_seq, feed_id FROM (
    SELECT DISTINCT load_seq, feed_id FROM sales
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM inventory
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM orders
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM labour
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM shipments
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM support_conversations
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM marketing_spend
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM web_sessions
    UNION ALL SELECT DISTINCT load_seq, feed_id FROM receipts
) l;

DROP TABLE fact_loads_renumbered;

ALTER TABLE sales DROP COLUMN feed_id;
ALTER TABLE inventory DROP COLUMN feed_id;
ALTER TABLE orders DROP COLUMN feed_id;
ALTER TABLE labour DROP COLUMN feed_id;
ALTER TABLE shipments DROP COLUMN feed_id;
ALTER TABLE support_conversations DROP COLUMN feed_id;
ALTER TABLE marketing_spend DROP COLUMN feed_id;
ALTER TABLE web_sessions DROP COLUMN feed_id;
ALTER TABLE receipts DROP COLUMN feed_id;
