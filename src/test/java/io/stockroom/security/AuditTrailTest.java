package io.stockroom.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log reads back what was written, a missing record count included. */
class AuditTrailTest {

    @TempDir
    Path dir;

    @Test
    void anEventWithoutARecordCountReadsBackWithoutOneNotAsZero() {
        try (TestWarehouse w = new TestWarehouse(dir)) {
            AuditTrail audit = new AuditTrail(w.warehouse);
            audit.record(
                    Actor.SYSTEM,
                    new AuditTrail.Entry(AuditTrail.Category.WRITE, "post", "run", "r1", null, null, null, "ok"));
            audit.record(
                    Actor.SYSTEM,
                    new AuditTrail.Entry(AuditTrail.Category.WRITE, "post", "run", "r2", null, null, 5L, "ok"));
            List<AuditTrail.Row> rows = audit.query(new AuditTrail.Query(null, "post", "run", null, null, null, 10));
            assertThat(rows)
                    .extracting(AuditTrail.Row::entityId, AuditTrail.Row::outcome, AuditTrail.Row::recordCount)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("r1", "ok", null),
                            org.assertj.core.groups.Tuple.tuple("r2", "ok", 5L));
        }
    }
}
