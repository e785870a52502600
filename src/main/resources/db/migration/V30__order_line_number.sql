-- An order line's number within its order, when the source system sends one: with the order id it tells two
-- lines of the same product apart, so an append by the line's content never merges them.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS line_number BIGINT;
