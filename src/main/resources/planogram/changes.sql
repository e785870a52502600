-- The audit trail of placement changes made through the API for one store x fixture (entity id store/fixture/sku).
SELECT occurred_at, actor, actor_role, action, entity_id, before_value, after_value
FROM audit_log
WHERE entity_type = 'placement' AND entity_id LIKE :prefix ESCAPE '\' AND status = 'ok'
ORDER BY occurred_at DESC
LIMIT 500
