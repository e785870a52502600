package io.stockroom.replenish;

import io.stockroom.security.AuditTrail;
import java.sql.Connection;
import java.sql.SQLException;
import tools.jackson.databind.json.JsonMapper;

/** Replenishment changes go to the one audit log (AuditTrail), inside the transaction of the change. */
final class AuditLog {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditLog() {}

    static void write(
            Connection c,
            String actor,
            String action,
            String entityType,
            String entityId,
            Object before,
            Object after,
            Long recordCount)
            throws SQLException {
        AuditTrail.write(c, actor, AuditTrail.Entry.write(action, entityType, entityId, before, after, recordCount));
    }
}
