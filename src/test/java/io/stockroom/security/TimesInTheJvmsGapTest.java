package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.warehouse.Sql;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The audit log's and the API tokens' times are UTC date-times: a server whose JVM is in New York reads and writes
 * the ones that fall in New York's spring-forward hour (02:00-03:00 on its clock, which does not exist there) as they
 * are. Through a {@code java.sql.Timestamp} such a time turned into the next hour: an audit row of 02:30Z read as
 * 03:30Z, a token meant to expire at 02:30Z stored as 03:30Z. Runs on the tests' engine; isolated because it sets the
 * JVM's default zone.
 */
@Isolated
class TimesInTheJvmsGapTest {

    /** 02:30 UTC on the day New York springs forward (02:00 -> 03:00 local): no such local time there. */
    static final Instant IN_THE_GAP_2026 = Instant.parse("2026-03-08T02:30:00Z");

    static final Instant IN_THE_GAP_2027 = Instant.parse("2027-03-14T02:30:00Z");

    @TempDir
    Path dir;

    @Test
    void auditAndTokenTimesInTheJvmsSpringForwardHourAreKept() {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("data"))) {
            // what a server in UTC wrote for an action at 02:30Z
            w.warehouse.inTransaction(c -> Sql.on(c)
                    .sql("INSERT INTO audit_log (id, occurred_at, actor, actor_role, category, action, entity_type,"
                            + " entity_id, status) VALUES ('gap', ?, 'admin', 'admin', 'write', 'approve',"
                            + " 'purchase_order', 'PO-1', 'ok')")
                    .param(Sql.instant(IN_THE_GAP_2026))
                    .update());
            TimeZone jvm = TimeZone.getDefault();
            try {
                TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
                LocalDate day = LocalDate.parse("2026-03-08");
                List<AuditTrail.Row> rows = new AuditTrail(w.warehouse)
                        .query(new AuditTrail.Query(null, "approve", null, null, day, day, 10));
                assertThat(rows).extracting(AuditTrail.Row::occurredAt).containsExactly(IN_THE_GAP_2026);

                ApiTokens tokens = new ApiTokens(w.warehouse);
                ApiTokens.CreatedToken created = tokens.create(
                        "till pusher", Set.of(Role.SERVICE), Set.of(), Set.of(), IN_THE_GAP_2027, "admin");
                assertThat(created.info().expiresAt()).isEqualTo(IN_THE_GAP_2027);
                assertThat(tokens.list())
                        .extracting(ApiTokens.TokenInfo::expiresAt)
                        .containsExactly(IN_THE_GAP_2027);
            } finally {
                TimeZone.setDefault(jvm);
            }
        }
    }
}
