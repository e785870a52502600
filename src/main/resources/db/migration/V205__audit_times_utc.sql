-- The audit log's times become UTC date-times (AuditTrail writes LocalDateTime.now(UTC)). Rows written before were the
-- engine's CURRENT_TIMESTAMP in the session's zone (the server's); read in that same zone they are turned into UTC.
UPDATE audit_log SET occurred_at = timezone('UTC', CAST(occurred_at AS TIMESTAMPTZ));
