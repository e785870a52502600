package io.stockroom.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestWarehouse;
import io.stockroom.security.AccessProperties;
import io.stockroom.security.AuditRetention;
import io.stockroom.security.AuditTrail;
import io.stockroom.warehouse.Lake;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Retention counts its days back from the retailer's today. It took UTC's: a chain in New York applying "keep 730 days"
 * at 20:00 removed a day that was still inside its 730 days.
 */
class RetentionDayTest {

    @TempDir
    Path dir;

    @Test
    void theCutOffCountsBackFromTheRetailersToday() {
        // a zone whose date differs from UTC's at this moment (Kiritimati is UTC+14, Pago Pago UTC-11: one of the two
        // always does)
        ZoneId stores = ZoneId.of("Pacific/Kiritimati");
        if (LocalDate.now(stores).equals(LocalDate.now(java.time.ZoneOffset.UTC))) {
            stores = ZoneId.of("Pacific/Pago_Pago");
        }
        try (TestWarehouse w = new TestWarehouse(dir.resolve("data"))) {
            StockroomProperties there = new StockroomProperties(
                    w.properties.dataDir(),
                    null,
                    null,
                    w.properties.warehouse(),
                    w.properties.quality(),
                    stores.getId(),
                    Duration.ofMillis(500));
            RetentionService retention = new RetentionService(
                    w.warehouse,
                    w.contracts,
                    new RetentionProperties(Map.of("sales", new RetentionProperties.Policy(null, 730, null, null))),
                    new AuditRetention(
                            w.warehouse,
                            new AccessProperties(
                                    new BigDecimal("5000"),
                                    10,
                                    Duration.ofHours(1),
                                    new AccessProperties.Oidc(
                                            "preferred_username", "roles", "groups", "stores", "areas", Map.of()),
                                    new AccessProperties.RateLimit(600, 1200, 20, 100),
                                    new AccessProperties.Retention(180, 0),
                                    List.of()),
                            new AuditTrail(w.warehouse)),
                    there,
                    new StaticListableBeanFactory().getBeanProvider(Lake.class));
            LocalDate before = LocalDate.now(stores);

            RetentionService.Report report = retention.report();

            assertThat(report.asOf()).isIn(before, LocalDate.now(stores));
            assertThat(report.datasets())
                    .filteredOn(d -> d.dataset().equals("sales"))
                    .singleElement()
                    .satisfies(d ->
                            assertThat(d.factsBefore()).isEqualTo(report.asOf().minusDays(730)));
        }
    }
}
