package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.arrivals.ArrivalsProperties;
import io.stockroom.arrivals.ExpectedArrivals;
import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `run`, `backfill` and `replay` exit 1 when a day is incomplete (an expected feed failed or never came), and say what is missing. */
class IncompleteExitCodeTest {

    @TempDir
    Path dir;

    @Test
    void runBackfillAndReplayExitOneOnAnIncompleteDay() throws IOException {
        LocalDate mon = LocalDate.of(2025, 3, 3);
        try (TestWarehouse w = new TestWarehouse(dir)) {
            ExpectedArrivals arrivals = new ExpectedArrivals(w.warehouse, w.contracts, ArrivalsProperties.defaults());
            PipelineService pipeline = new PipelineService(
                    w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(), w.properties, arrivals);
            arrivals.setRule(new ExpectedArrivals.Rule("sales", null, "daily", true, null));
            arrivals.setRule(new ExpectedArrivals.Rule("inventory", null, "daily", true, null));
            drop(w, mon, "stores.csv", "store_id,name,area\nS1,Leeds,North\n");
            drop(w, mon, "sales.csv", "store_id,date,total_sales\nS1," + mon + ",10\n");
            drop(
                    w,
                    mon,
                    "inventory.csv",
                    "store_id,sku,date,on_hand\nS1,A," + mon + ",4\n"); // unknown SKU A: every row bad, the feed fails
            drop(w, mon.plusDays(1), "sales.csv", "store_id,date,total_sales\nS1," + mon.plusDays(1) + ",12\n");
            drop(w, mon.plusDays(1), "inventory.csv", "store_id,date,on_hand\nS1," + mon.plusDays(1) + ",4\n");

            StringWriter out = new StringWriter();
            CommandLine run = new CommandLine(new RunCommand(pipeline, w.properties)).setOut(new PrintWriter(out));
            assertThat(run.execute("--date", mon.toString())).isEqualTo(1);
            assertThat(out.toString()).contains("incomplete").contains("inventory failed");

            CommandLine backfill =
                    new CommandLine(new BackfillCommand(pipeline)).setOut(new PrintWriter(new StringWriter()));
            assertThat(backfill.execute(
                            "--from", mon.toString(), "--to", mon.plusDays(1).toString()))
                    .as("Monday is still incomplete")
                    .isEqualTo(1);

            CommandLine replay =
                    new CommandLine(new ReplayCommand(pipeline)).setOut(new PrintWriter(new StringWriter()));
            assertThat(replay.execute("--date", mon.toString())).isEqualTo(1);

            StringWriter shown = new StringWriter();
            assertThat(new CommandLine(new ExpectedCommand(
                                    arrivals, new io.stockroom.security.AuditTrail(w.warehouse), w.properties))
                            .setOut(new PrintWriter(shown))
                            .execute("--date", mon.toString()))
                    .isZero();
            assertThat(shown.toString())
                    .contains("Expected on 2025-03-03 (MONDAY):")
                    .containsPattern("inventory\\s+rule: every store, daily")
                    .containsPattern("inventory\\s+failed");

            StringWriter set = new StringWriter();
            assertThat(new CommandLine(new ExpectedCommand(
                                    arrivals, new io.stockroom.security.AuditTrail(w.warehouse), w.properties))
                            .setOut(new PrintWriter(set))
                            .execute(
                                    "--set",
                                    "inventory",
                                    "--on",
                                    mon.toString(),
                                    "--not",
                                    "--note",
                                    "stocktake: no snapshot"))
                    .isZero();
            assertThat(set.toString()).contains("rule set: inventory, store *, 2025-03-03: not expected");
            assertThat(new CommandLine(new ExpectedCommand(
                                    arrivals, new io.stockroom.security.AuditTrail(w.warehouse), w.properties))
                            .setOut(new PrintWriter(new StringWriter()))
                            .setErr(new PrintWriter(new StringWriter()))
                            .execute("--unset", "labour"))
                    .as("no such rule")
                    .isEqualTo(2);
            assertThat(new CommandLine(new ReplayCommand(pipeline))
                            .setOut(new PrintWriter(new StringWriter()))
                            .execute("--date", mon.toString()))
                    .as("once the calendar says inventory was not due, Monday is complete")
                    .isZero();
        }
    }

    /**
     * A feed that fails loads nothing, and `stockroom run` exited 0 on it (a warning in its output, which a cron job
     * does not read); a second run of the date, with nothing new in the drop folder, then even said "succeeded". Now
     * both exit 1 and name the failed feed, until a file of that dataset and date loads.
     */
    @Test
    void aRunWithAFailedFeedExitsOneUntilAFileOfThatDatasetLoads() throws IOException {
        LocalDate day = LocalDate.of(2025, 3, 5);
        try (TestWarehouse w = new TestWarehouse(dir)) {
            PipelineService pipeline = new PipelineService(
                    w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(), w.properties);
            drop(w, day, "stores.csv", "store_id,name,area\nS1,Leeds,North\n");
            drop(w, day, "products_fix.csv", """
                    sku,name,category,unit_cost,unit_price
                    A,Apple,Fruit,abc,1
                    B,Banana,Fruit,abc,0.4
                    C,Cherry,Fruit,0.5,2
                    """);

            StringWriter first = new StringWriter();
            assertThat(new CommandLine(new RunCommand(pipeline, w.properties))
                            .setOut(new PrintWriter(first))
                            .execute("--date", day.toString()))
                    .as(first.toString())
                    .isEqualTo(1);
            assertThat(first.toString()).contains("warning").contains("1 feed(s) failed and loaded nothing");

            StringWriter second = new StringWriter();
            assertThat(new CommandLine(new RunCommand(pipeline, w.properties))
                            .setOut(new PrintWriter(second))
                            .execute("--date", day.toString()))
                    .as("nothing new, the products of the day still failed: " + second)
                    .isEqualTo(1);
            assertThat(second.toString())
                    .contains("failed in an earlier run or ingest")
                    .contains("products_fix.csv");

            drop(w, day, "products_fixed.csv", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n");
            StringWriter third = new StringWriter();
            assertThat(new CommandLine(new RunCommand(pipeline, w.properties))
                            .setOut(new PrintWriter(third))
                            .execute("--date", day.toString()))
                    .as("a corrected products file of the day loaded: " + third)
                    .isZero();
        }
    }

    private static void drop(TestWarehouse w, LocalDate date, String name, String content) throws IOException {
        Path folder = w.properties.resolvedDropDir().resolve(date.toString());
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(name), content);
    }
}
