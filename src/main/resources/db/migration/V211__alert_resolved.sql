-- An SLA alert whose data arrived later (a late file loaded by a run) is resolved: resolved_at is when the check first
-- found the dataset complete (UTC), so the list shows the late file came instead of a stale alarm. NULL: still open.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS resolved_at TIMESTAMP;
