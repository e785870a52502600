package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.TestWarehouse;
import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the CLI says about input it does not take: a date that is not one, a folder's files it does not read. */
class CliInputTest {

    @TempDir
    Path dir;

    /** It printed "cannot convert '2026-13-45' to class java.time.LocalDate (java.time.format.DateTimeParseException: …)". */
    @Test
    void aDateThatIsNotOneSaysHowToWriteOne() {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            PipelineService pipeline = new PipelineService(
                    w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(), w.properties);
            StringWriter err = new StringWriter();
            CommandLine cli = StockroomCommand.configured(new CommandLine(new RunCommand(pipeline, w.properties)))
                    .setOut(new PrintWriter(new StringWriter()))
                    .setErr(new PrintWriter(err));

            assertThat(cli.execute("--date", "2026-13-45")).isEqualTo(2);

            assertThat(err.toString())
                    .contains("'2026-13-45' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01")
                    .doesNotContain("java.time");
        }
    }

    /**
     * `ingest <folder>` loaded a file still being written ({@code .part}), which the drop-folder run leaves alone, and
     * passed over a sub-folder without a word.
     */
    @Test
    void aFolderIngestLeavesFilesStillBeingWrittenAndSaysWhatItSkipped() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            Path folder = Files.createDirectories(dir.resolve("in"));
            Files.writeString(folder.resolve("stores.csv"), "store_id,name,area\nS1,Leeds,North\n");
            Files.writeString(folder.resolve("stores_more.csv.part"), "store_id,name,area\nS2,Yor");
            Files.createDirectories(folder.resolve("later")).resolve("stores.csv");
            Files.writeString(folder.resolve("later").resolve("stores.csv"), "store_id,name,area\nS3,Hull,North\n");
            StringWriter out = new StringWriter();
            CommandLine cli = StockroomCommand.configured(new CommandLine(new IngestCommand(w.ingest, event -> {})))
                    .setOut(new PrintWriter(out));

            assertThat(cli.execute(folder.toString())).isZero();

            assertThat(out.toString())
                    .contains("stores_more.csv.part (still being written")
                    .contains("later/ (a folder: ingest " + folder.resolve("later"))
                    .contains("1 file(s), 0 failed.");
            assertThat(w.strings("SELECT store_id FROM stores ORDER BY store_id"))
                    .containsExactly("S1");
        }
    }

    /** A mistyped {@code --dataset} recorded a failed feed and a raw-lake folder named after the typo. */
    @Test
    void aMistypedDatasetIsAUsageErrorThatRecordsNothing() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            Path file = Files.writeString(
                    dir.resolve("good_sales.csv"), "store_id,sku,date,units_sold\nS1,A,2025-03-01,1\n");
            StringWriter err = new StringWriter();
            CommandLine cli = StockroomCommand.configured(new CommandLine(new IngestCommand(w.ingest, event -> {})))
                    .setOut(new PrintWriter(new StringWriter()))
                    .setErr(new PrintWriter(err));

            assertThat(cli.execute("--dataset", "salez", file.toString())).isEqualTo(2);

            assertThat(err.toString()).contains("Unknown dataset 'salez'").contains("sales");
            assertThat(w.count("SELECT COUNT(*) FROM feeds")).isZero();
            assertThat(w.warehouse.dataDir().resolve("lake/raw/salez")).doesNotExist();
        }
    }

    /** A reload that replaced rows loaded before said so only in 'stockroom feed': the console showed "loaded 1". */
    @Test
    void aReloadSaysOnTheConsoleWhichRowsItReplaced() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            TestWarehouse.ok(w.load(dir, "stores.csv", "store_id,name,area\nS1,Leeds,North\n"));
            TestWarehouse.ok(
                    w.load(dir, "products.csv", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n"));
            TestWarehouse.ok(w.load(
                    dir, "sales_2025-03-01.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,1,1\n"));
            Path fix = Files.writeString(
                    dir.resolve("sales_2025-03-02.csv"),
                    "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,5,5\n");
            StringWriter out = new StringWriter();
            CommandLine cli = StockroomCommand.configured(new CommandLine(new IngestCommand(w.ingest, event -> {})))
                    .setOut(new PrintWriter(out));

            assertThat(cli.execute(fix.toString())).isZero();

            assertThat(out.toString())
                    .contains("ROWS_UPDATED")
                    .contains("updated 1 rows loaded earlier by feed")
                    .as("the days whose figures changed")
                    .contains("on 2025-03-01");
        }
    }

    /** A database that went away ended a command with exit 2, the code of a wrong password or a mistyped option. */
    @Test
    void aWarehouseThatDoesNotAnswerEndsTheCommandWithItsOwnExitCode() {
        @CommandLine.Command(name = "lost")
        class Lost implements java.util.concurrent.Callable<Integer> {
            @Override
            public Integer call() {
                throw new io.stockroom.StockroomException(
                        io.stockroom.ErrorCode.WAREHOUSE_UNREACHABLE,
                        "Lost the connection to the warehouse (PostgreSQL at db:5432)");
            }
        }
        StringWriter err = new StringWriter();
        CommandLine cli =
                StockroomCommand.configured(new CommandLine(new Lost())).setErr(new PrintWriter(err));

        assertThat(cli.execute()).isEqualTo(3);
        assertThat(err.toString())
                .contains("Lost the connection to the warehouse")
                .contains("[WAREHOUSE_UNREACHABLE]");
    }
}
