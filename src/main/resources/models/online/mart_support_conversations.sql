-- model: mart_support_conversations
-- description: One row per customer-service conversation: minutes to first response and to resolution, first-response SLA met or breached, open, escalated, sentiment.
-- depends_on: support_conversations
-- grain: conversation_id
-- incremental_by: full
-- tests: not_null(conversation_id, opened_at, business_date, sla_minutes), unique(conversation_id)
--
-- as_of is the latest timestamp in the feed. The first-response SLA (the row's sla_first_response_minutes, 120 by
-- default) is breached when the first response came later, or when there is none and as_of is already past it; with
-- no response yet and time left, sla_breached is NULL. A conversation without resolved_at is open.
WITH latest AS (
    SELECT * FROM (
        SELECT c.*, ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY load_seq DESC, business_date DESC) AS pick
        FROM support_conversations c
    ) x WHERE pick = 1
),
as_of AS (
    SELECT MAX(t) AS as_of FROM (
        SELECT MAX(opened_at) AS t FROM support_conversations
        UNION ALL SELECT MAX(first_response_at) FROM support_conversations
        UNION ALL SELECT MAX(resolved_at) FROM support_conversations
    ) x
)
SELECT l.conversation_id, l.customer_id, l.order_id, l.opened_at, l.business_date, l.first_response_at, l.resolved_at,
       l.priority, l.channel, l.sentiment, l.escalated, l.agent,
       l.sla_first_response_minutes AS sla_minutes,
       CAST(ROUND(CAST(EXTRACT(EPOCH FROM (l.first_response_at - l.opened_at)) / 60.0 AS DECIMAL(38,9)), 1) AS DECIMAL(12,1)) AS first_response_minutes,
       CAST(ROUND(CAST(EXTRACT(EPOCH FROM (l.resolved_at - l.opened_at)) / 60.0 AS DECIMAL(38,9)), 1) AS DECIMAL(12,1)) AS resolution_minutes,
       CASE WHEN l.first_response_at IS NOT NULL
                THEN EXTRACT(EPOCH FROM (l.first_response_at - l.opened_at)) > 60 * l.sla_first_response_minutes
            WHEN EXTRACT(EPOCH FROM (a.as_of - l.opened_at)) > 60 * l.sla_first_response_minutes THEN TRUE
            ELSE NULL END AS sla_breached,
       l.resolved_at IS NULL AS is_open
FROM latest l
CROSS JOIN as_of a
