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

        Process killed = stockroom("-Dstockroom.fault.kill-at=orders.export.before-commit", "--export");
        assertThat(killed.exitValue()).as(output(killed)).isEqualTo(137);
        assertThat(supplierFiles(folder))
                .as("what a supplier's pickup finds after the kill")
                .isEmpty();

        Process next = stockroom(null, "--export");
        assertThat(next.exitValue()).as(output(next)).isZero();
        assertThat(supplierFiles(folder)).containsExactlyInAnyOrder("SUP1.csv", "SUP1.json");
        assertThat(Files.readString(folder.resolve("SUP1.csv"))).contains("PO-20260305-SUP1-S1");
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("nothing of the killed export left behind")
                    .containsExactlyInAnyOrder("SUP1.csv", "SUP1.json");
        }
    }

    /**
     * Killed after the export committed, between two suppliers' renames: SUP1's files were out (and its pickup took
     * them), SUP2's still hidden. Before, SUP2's order was recorded exported but its file stayed hidden for ever (or a
     * second export sent SUP1 its order again). Now the next start, whatever the command, names SUP2's files and
     * rewrites nothing else: each supplier gets its file once.
     */
    @Test
    void anExportKilledBetweenTwoSuppliersRenamesIsFinishedByTheNextStart() throws Exception {
        try (Chain chain = new Chain(dir)) {
            chain.store("S1").supplier("SUP1", 3, "MON", 10.0).supplier("SUP2", 3, "MON", 10.0);
            chain.product("P1", "Dairy", 5).supplies("SUP1", "P1", 12, null, 2.5, null);
            chain.product("P2", "Dairy", 5).supplies("SUP2", "P2", 12, null, 2.5, null);
            chain.history("S1", "P1", D, alternating(8, 12, 28), 5, 20);
            chain.history("S1", "P2", D, alternating(8, 12, 28), 5, 20);
            new ReplenishmentService(chain.warehouse, ReplenishmentProperties.defaults()).run(D, Optional.empty());
            PurchaseOrders orders = new PurchaseOrders(chain.warehouse);
            orders.approve("PO-20260305-SUP1-S1", "carol", null);
            orders.approve("PO-20260305-SUP2-S1", "carol", null);
        }
        Path folder = dir.resolve("exports/supplier_orders/" + D);

        Process killed = stockroom("-Dstockroom.fault.kill-at=orders.export.renamed#2", "--export");
        assertThat(killed.exitValue()).as(output(killed)).isEqualTo(137);
        assertThat(supplierFiles(folder))
                .as("SUP1's files are out, SUP2's still hidden")
                .containsExactlyInAnyOrder("SUP1.csv", "SUP1.json");
        for (String taken : List.of("SUP1.csv", "SUP1.json")) {
            Files.move(folder.resolve(taken), dir.resolve("picked-up-" + taken)); // SUP1's pickup took its files
        }

        Process next = stockroom(null);
        assertThat(next.exitValue()).as(output(next)).isZero();
        assertThat(output(next)).contains("export of " + D + " was committed");
        assertThat(supplierFiles(folder))
                .as("SUP2 gets its files; SUP1's are not sent again")
                .containsExactlyInAnyOrder("SUP2.csv", "SUP2.json");
        assertThat(Files.readString(folder.resolve("SUP2.csv"))).contains("PO-20260305-SUP2-S1");
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no hidden file left")
                    .containsExactlyInAnyOrder("SUP2.csv", "SUP2.json");
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

    private Process stockroom(String fault, String... options) throws Exception {
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
                D.toString()));
        cmd.addAll(List.of(options));
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
