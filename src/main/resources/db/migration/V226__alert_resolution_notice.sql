-- Who was told of an SLA breach is told when it is over: resolution_sent_at is when the channel delivered the notice
-- that the alert is resolved (UTC), resolution_error why it failed (retried at the next check). Alerts resolved before
-- this column were never announced and are not now: they count as told.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS resolution_sent_at TIMESTAMP;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS resolution_error VARCHAR;
UPDATE alerts SET resolution_sent_at = resolved_at WHERE resolved_at IS NOT NULL;
