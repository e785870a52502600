package io.stockroom.security;

import io.stockroom.warehouse.Sql;
import io.stockroom.warehouse.Warehouse;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Retention of the audit log: view events are kept stockroom.security.retention.view-days (180), every other row
 * stockroom.security.retention.audit-days (0 = for ever). The scheduler applies it daily with the datasets' retention
 * (io.stockroom.retention.RetentionService); `stockroom retention` shows what would go (dry run) and applies it with --apply.
 */
@Service
public class AuditRetention {

    /** What a retention pass removes (or would remove). */
    public record Report(boolean applied, int viewDays, int auditDays, long viewRows, long otherRows) {}

    private final Warehouse warehouse;
    private final AccessProperties properties;
    private final AuditTrail audit;

    public AuditRetention(Warehouse warehouse, AccessProperties properties, AuditTrail audit) {
        this.warehouse = warehouse;
        this.properties = properties;
        this.audit = audit;
    }

    public Report run(boolean apply) {
        int viewDays = properties.retention().viewDays();
        int auditDays = properties.retention().auditDays();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        Report report = warehouse.inTransaction(c -> {
            long views = 0;
            long others = 0;
            if (viewDays > 0) {
                views = apply(c, "category = 'view' AND occurred_at < ?", now.minusDays(viewDays), apply);
            }
            if (auditDays > 0) {
                others = apply(
                        c,
                        "coalesce(category, 'write') <> 'view' AND occurred_at < ?",
                        now.minusDays(auditDays),
                        apply);
            }
            return new Report(apply, viewDays, auditDays, views, others);
        });
        if (apply && report.viewRows() + report.otherRows() > 0) {
            audit.record(
                    Actor.SYSTEM,
                    AuditTrail.Entry.write(
                            "retention", "audit_log", null, null, report, report.viewRows() + report.otherRows()));
        }
        return report;
    }

    private static long apply(java.sql.Connection c, String where, LocalDateTime before, boolean apply) {
        JdbcClient.StatementSpec statement = Sql.on(c)
                .sql((apply ? "DELETE FROM audit_log WHERE " : "SELECT count(*) FROM audit_log WHERE ") + where)
                .param(Sql.timestamp(before));
        if (apply) {
            return statement.update();
        }
        return statement.query(r -> {
            r.next();
            return r.getLong(1);
        });
    }
}
