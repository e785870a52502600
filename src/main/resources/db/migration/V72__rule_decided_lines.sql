-- A line whose quantity is 0 because of a rule (do not reorder, struck, limited-time offer ending before the
-- delivery) is decided by that rule when the run makes it: rejected, decided_by_rule. A buyer can still override it
-- (which reopens it); a re-run recomputes it like any line no buyer touched.
ALTER TABLE replenishment_lines ADD COLUMN decided_by_rule BOOLEAN DEFAULT FALSE;
UPDATE replenishment_lines SET decided_by_rule = FALSE WHERE decided_by_rule IS NULL;
