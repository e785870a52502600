package io.stockroom.replenish;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** Writes audit_log rows for replenishment changes: who, when, what, and the before/after state as JSON. */
final class AuditLog {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditLog() {}

    static void write(Connection c, String actor, String action, String entityType, String entityId,
                      Object before, Object after, Long recordCount) throws SQLException {
        Map<String, Object> p = new HashMap<>();
        p.put("id", UUID.randomUUID().toString());
        p.put("actor", actor);
        p.put("action", action);
        p.put("entity_type", entityType);
        p.put("entity_id", entityId);
        p.put("before", before == null ? null : JSON.writeValueAsString(before));
        p.put("after", after == null ? null : JSON.writeValueAsString(after));
        p.put("records", recordCount);
        NamedSql.update(c, """
                INSERT INTO audit_log (id, occurred_at, actor, action, entity_type, entity_id, record_count, status,
                                       before_value, after_value)
                VALUES (:id, CURRENT_TIMESTAMP, :actor, :action, :entity_type, :entity_id, CAST(:records AS BIGINT), 'ok',
                        CAST(:before AS VARCHAR), CAST(:after AS VARCHAR))""", p);
    }
}
