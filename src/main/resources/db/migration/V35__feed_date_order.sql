-- The day/month order the sender gave for a file (upload preview, --date-order), so a replay reads its dates as the load did.
ALTER TABLE feeds ADD COLUMN IF NOT EXISTS date_order VARCHAR;
