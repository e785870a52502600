-- Every fact row remembers which load wrote it, as an increasing number. Rows are appended in load order, so
-- the engine's min/max per row group lets "the rows of load N" be read without scanning the history: the
-- ingest's fast path checks the rows it has just inserted this way, inside the transaction that inserted them.
CREATE SEQUENCE IF NOT EXISTS load_seq_ids START 1;
ALTER TABLE sales ADD COLUMN IF NOT EXISTS load_seq BIGINT;
ALTER TABLE inventory ADD COLUMN IF NOT EXISTS load_seq BIGINT;
ALTER TABLE orders ADD COLUMN IF NOT EXISTS load_seq BIGINT;
ALTER TABLE labour ADD COLUMN IF NOT EXISTS load_seq BIGINT;
