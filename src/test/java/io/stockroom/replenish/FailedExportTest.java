package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export that fails before it commits, in a process that goes on running (a server), takes its hidden files away at
 * once. Other exports leave alone the files of a process that still runs (its export may be in flight), so before,
 * a failed export's files stayed in the supplier folder until the server stopped. Sets a JVM-wide fault point, so it
 * does not run beside the other classes.
 */
class FailedExportTest {

    static final LocalDate D = ReplenishmentPolicyTest.D;

    @TempDir
    Path dir;

    @AfterEach
    void clearFault() {
        System.clearProperty("stockroom.fault.fail-at");
    }

    @Test
    void anExportThatFailsBeforeItsCommitLeavesNoHiddenFileAndTheNextWritesTheOrder() throws Exception {
        try (Chain chain = new Chain(dir)) {
            chain.store("S1").supplier("SUP1", 3, "MON", 10.0);
            chain.product("P1", "Dairy", 5).supplies("SUP1", "P1", 12, null, 2.5, null);
            chain.history("S1", "P1", D, alternating(8, 12, 28), 5, 20);
            new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
            PurchaseOrders orders = new PurchaseOrders(chain.warehouse);
            orders.approve("PO-20260305-SUP1-S1", "carol", null);
            Path folder = dir.resolve("exports/supplier_orders/" + D);

            System.setProperty("stockroom.fault.fail-at", "orders.export.before-commit");
            assertThatThrownBy(() -> orders.export(D, false)).hasMessageContaining("orders.export.before-commit");
            System.clearProperty("stockroom.fault.fail-at");

            assertThat(files(folder))
                    .as("what the failed export left in the folder")
                    .isEmpty();
            assertThat(orders.get("PO-20260305-SUP1-S1").order().exportedAt())
                    .as("not recorded as sent")
                    .isNull();
            assertThat(orders.export(D, false).files()).containsExactly("SUP1.json", "SUP1.csv");
            assertThat(files(folder)).containsExactlyInAnyOrder("SUP1.json", "SUP1.csv");
        }
    }

    private static List<String> files(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var f = Files.list(folder)) {
            return f.map(p -> p.getFileName().toString()).toList();
        }
    }
}
