package io.stockroom.replenish;

import static io.stockroom.replenish.Chain.alternating;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `stockroom orders --export` killed half-way (kill -9) while it writes the supplier files: a supplier's pickup (SFTP,
 * a shared folder) must never find a file of an export that did not finish, nor an earlier complete file cut short.
 */
class ExportKilledTest {

    static final LocalDate D = ReplenishmentPolicyTest.D;

    @TempDir
    Path dir;

    @Test
    void anExportKilledBeforeItFinishesLeavesNoSupplierFileAndTheNextExportWritesThemAll() throws Exception {
        try (Chain chain = new Chain(dir)) {
            chain.store("S1").supplier("SUP1", 3, "MON", 10.0);
            chain.product("P1", "Dairy", 5).supplies("SUP1", "P1", 12, null, 2.5, null);
            chain.history("S1", "P1", D, alternating(8, 12, 28), 5, 20);
            new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
            new PurchaseOrders(chain.warehouse).approve("PO-20260305-SUP1-S1", "carol", null);
        }
        Path folder = dir.resolve("exports/supplier_orders/" + D);

        Process killed = stockroom("-Dstockroom.fault.kill-at=orders.export.before-commit");
        assertThat(killed.exitValue()).as(output(killed)).isEqualTo(137);
        assertThat(supplierFiles(folder))
                .as("what a supplier's pickup finds after the kill")
                .isEmpty();

        Process next = stockroom(null);
        assertThat(next.exitValue()).as(output(next)).isZero();
        assertThat(supplierFiles(folder)).containsExactlyInAnyOrder("SUP1.csv", "SUP1.json");
        assertThat(Files.readString(folder.resolve("SUP1.csv"))).contains("PO-20260305-SUP1-S1");
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("nothing of the killed export left behind")
                    .containsExactlyInAnyOrder("SUP1.csv", "SUP1.json");
        }
    }

    private static List<String> supplierFiles(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && (n.endsWith(".csv") || n.endsWith(".json")))
                    .toList();
        }
    }

    private Process stockroom(String fault) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        if (fault != null) {
            cmd.add(fault);
        }
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "io.stockroom.StockroomApplication",
                "--data-dir",
                dir.toString(),
                "orders",
                "--date",
                D.toString(),
                "--export"));
        Path log = Files.createTempFile(dir, "child-", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("stockroom orders --export did not finish: " + Files.readString(log));
        }
        logs.put(p, log);
        return p;
    }

    private final java.util.Map<Process, Path> logs = new java.util.HashMap<>();

    private String output(Process p) throws Exception {
        return Files.readString(logs.get(p));
    }
}
