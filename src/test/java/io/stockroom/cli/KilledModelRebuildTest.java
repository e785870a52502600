package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `stockroom models --rebuild` killed half-way after a new Stockroom version changed a mart's definition: a refresh
 * recreates such a table (committed) before the transaction that fills it, so the kill leaves it empty, and the
 * dashboards showed no sales until some later run refreshed the marts.
 */
class KilledModelRebuildTest {

    @TempDir
    Path dir;

    @Test
    void aMartARebuildKilledAfterRecreatingItLeftEmptyIsRebuiltByTheNextCommandWhichSaysSo() throws Exception {
        Path data = dir.resolve("data");
        Path drop = Files.createDirectories(data.resolve("drop").resolve("2025-03-01"));
        Files.writeString(drop.resolve("stores.csv"), "store_id,name,area\nS1,Leeds,North\nS2,York,North\n");
        Files.writeString(
                drop.resolve("products.csv"),
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\nB,Banana,Fruit,0.2,0.4\n");
        Files.writeString(
                drop.resolve("sales.csv"),
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\nS2,B,2025-03-01,5,2\n");
        Path logs = dir.resolve("logs");
        CliProcess.Ran ran = stockroom(logs, List.of(), data, "run", "--date", "2025-03-01");
        assertThat(ran.exit()).as(ran.terminal()).isIn(0, 1);
        long martRows = count(data, "SELECT COUNT(*) FROM mart_sales_daily");
        assertThat(martRows).isPositive();
        // as a Stockroom version whose mart_sales_daily read differently left it
        try (TestWarehouse w = new TestWarehouse(data)) {
            w.warehouse.withConnection(
                    c -> c.createStatement()
                            .executeUpdate(
                                    "UPDATE model_state SET definition_hash = 'an earlier definition' WHERE model = 'mart_sales_daily'"));
        }

        CliProcess.Ran killed =
                stockroom(logs, List.of("-Dstockroom.fault.kill-at=models.after-prepare"), data, "models", "--rebuild");
        assertThat(killed.exit()).as(killed.terminal()).isEqualTo(137);
        assertThat(count(data, "SELECT COUNT(*) FROM mart_sales_daily"))
                .as("what the kill left: the recreated table, empty")
                .isZero();

        CliProcess.Ran next = stockroom(logs, List.of(), data, "models", "--test");
        assertThat(count(data, "SELECT COUNT(*) FROM mart_sales_daily")).isEqualTo(martRows);
        assertThat(next.exit()).as(next.terminal()).isZero();
        assertThat(next.err()).contains("mart_sales_daily").contains("Rebuilt now");
    }

    private static CliProcess.Ran stockroom(Path logs, List<String> jvm, Path data, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliProcess.run(logs, jvm, all);
    }

    private static long count(Path data, String sql) {
        try (TestWarehouse w = new TestWarehouse(data)) {
            return w.count(sql);
        }
    }
}
