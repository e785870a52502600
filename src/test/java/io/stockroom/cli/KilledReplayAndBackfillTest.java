package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data engineer's `stockroom replay` or `stockroom backfill` killed half-way (kill -9, out of memory): the next
 * command must say what is left to do, and doing it must leave the warehouse as an uninterrupted command would.
 */
class KilledReplayAndBackfillTest {

    @TempDir
    Path dir;

    @Test
    void aReplayKilledBetweenTwoFeedsIsFinishedByTheNextReplayWithTheLaterCorrectionStanding() throws Exception {
        Path data = dir.resolve("data");
        // 03-01's file also carries 03-02's first figure (a weekly export); 03-02's own file corrects it to 7
        drop(data, "2025-03-01", "stores.csv", "store_id,name,area\nS1,Leeds,North\n");
        drop(data, "2025-03-01", "products.csv", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n");
        drop(
                data,
                "2025-03-01",
                "sales.csv",
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\nS1,A,2025-03-02,1,1\n");
        drop(data, "2025-03-02", "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-02,7,7\n");
        Path logs = dir.resolve("logs");
        CliProcess.Ran loaded =
                stockroom(logs, List.of(), data, "backfill", "--from", "2025-03-01", "--to", "2025-03-02");
        assertThat(loaded.exit()).as(loaded.terminal()).isIn(0, 1);
        assertThat(unitsSoldOn(data, "2025-03-02")).isEqualTo(7);

        // killed after re-reading 03-01's file, before re-reading 03-02's correction
        CliProcess.Ran killed = stockroom(
                logs, List.of("-Dstockroom.fault.kill-at=replay.after-feed"), data, "replay", "--date", "2025-03-01");
        assertThat(killed.exit()).as(killed.terminal()).isEqualTo(137);

        CliProcess.Ran again = stockroom(logs, List.of(), data, "replay", "--date", "2025-03-01");
        assertThat(again.exit()).as(again.terminal()).isIn(0, 1);
        assertThat(unitsSoldOn(data, "2025-03-02"))
                .as("03-02's correction, loaded after the file replayed for 03-01")
                .isEqualTo(7);
        assertThat(unitsSoldOn(data, "2025-03-01")).isEqualTo(3);
        assertThat(again.err())
                .as("the notice names the command that finishes a replay")
                .containsPattern("run run-2025-03-01-\\w+ \\(a replay of 2025-03-01\\) was under way")
                .contains("stockroom replay --date 2025-03-01")
                .doesNotContain("stockroom run --date");
        try (TestWarehouse w = new TestWarehouse(data)) {
            assertThat(w.count("SELECT COUNT(*) FROM runs WHERE status = 'running'"))
                    .isZero();
        }
    }

    @Test
    void aBackfillKilledOnItsSecondDateNamesTheDatesItDidNotRunAndTheCommandThatRunsThem() throws Exception {
        Path data = dir.resolve("data");
        drop(data, "2025-03-01", "stores.csv", "store_id,name,area\nS1,Leeds,North\n");
        drop(data, "2025-03-01", "products.csv", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n");
        for (String d : List.of("2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04")) {
            drop(data, d, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A," + d + ",3,3\n");
        }
        Path logs = dir.resolve("logs");
        CliProcess.Ran killed = stockroom(
                logs,
                // 03-01 loads stores, products and sales; the fourth load is 03-02's sales
                List.of("-Dstockroom.fault.kill-at=ingest.before-commit#4"),
                data,
                "backfill",
                "--from",
                "2025-03-01",
                "--to",
                "2025-03-04",
                "--catch-up");
        assertThat(killed.exit()).as(killed.terminal()).isEqualTo(137);

        CliProcess.Ran next = stockroom(logs, List.of(), data, "run", "--date", "2025-03-02");
        assertThat(next.exit()).as(next.terminal()).isIn(0, 1);
        assertThat(next.err())
                .containsPattern("run run-2025-03-02-\\w+ \\(backfill 2025-03-01 to 2025-03-04\\) was under way")
                .contains("2025-03-02 to 2025-03-04 of that backfill did not run")
                .contains("stockroom backfill --from 2025-03-02 --to 2025-03-04 --catch-up");
    }

    private static CliProcess.Ran stockroom(Path logs, List<String> jvm, Path data, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = data.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliProcess.run(logs, jvm, all);
    }

    private static void drop(Path data, String date, String name, String content) throws Exception {
        Files.writeString(
                Files.createDirectories(data.resolve("drop").resolve(date)).resolve(name), content);
    }

    private static long unitsSoldOn(Path data, String date) {
        try (TestWarehouse w = new TestWarehouse(data)) {
            return w.count(
                    "SELECT CAST(SUM(units_sold) AS BIGINT) FROM sales WHERE business_date = DATE '" + date + "'");
        }
    }
}
