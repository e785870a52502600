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

    /**
     * `validate` had no --date, which `ingest` has: an empty day of a file whose name carries no date could not be checked
     * as `ingest --date` loads it, nor rows that lie off the date it would be filed under.
     */
    @Test
    void validateTakesTheDateIngestTakesAndChecksTheFileAsItWouldLoad() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            masterData(w);
            Path emptyDay = Files.writeString(
                    dir.resolve("orders.csv"), "order_id,ordered_at,sku,quantity,unit_price,store_id\n");
            Path sales = Files.writeString(
                    dir.resolve("sales.csv"), "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,1,1\n");

            Result undated = validate(w, emptyDay.toString());
            assertThat(undated.exit()).isEqualTo(1);
            assertThat(undated.out()).contains("WOULD FAIL").contains("--date YYYY-MM-DD");

            Result dated = validate(w, "--date", "2025-03-02", emptyDay.toString());
            assertThat(dated.exit()).isZero();
            assertThat(dated.out())
                    .contains("EMPTY_DAY")
                    .contains("for 2025-03-02")
                    .contains("OK: the file would load.");

            assertThat(validate(w, "--date", "2025-03-02", sales.toString()).out())
                    .contains("ROWS_ON_OTHER_DATES")
                    .contains("filed under 2025-03-02");

            Result notADate = validate(w, "--date", "2026-13-45", sales.toString());
            assertThat(notADate.exit()).isEqualTo(2);
            assertThat(notADate.err())
                    .contains("'2026-13-45' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01")
                    .doesNotContain("java.time");
        }
    }

    /**
     * The same refusal ended `ingest` with 1 (its feed failed) and `validate` with 2 (bad input): a script checking files
     * with validate before ingesting them could not tell a file that would fail from a mistyped command.
     */
    @Test
    void validateAndIngestEndWithTheSameExitCodeForTheSameRefusal() throws Exception {
        try (TestWarehouse w = new TestWarehouse(dir.resolve("w"))) {
            masterData(w);
            Path headerOnly = Files.writeString(dir.resolve("sales_2025-03-01.csv"), "store_id,sku,date,units_sold\n");
            Path noDataset = Files.writeString(dir.resolve("notes.csv"), "colour,shape\nred,round\n");
            Path empty = Files.writeString(dir.resolve("sales_2025-03-02.csv"), "");
            Path missingColumn =
                    Files.writeString(dir.resolve("sales_2025-03-03.csv"), "store_id,sku,units_sold\nS1,A,1\n");
            Path good = Files.writeString(
                    dir.resolve("sales_2025-03-04.csv"), "store_id,sku,date,units_sold\nS1,A,2025-03-04,1\n");
            List<List<String>> refusals = List.of(
                    List.of(headerOnly.toString()),
                    List.of(noDataset.toString()),
                    List.of(empty.toString()),
                    List.of(missingColumn.toString()),
                    List.of(dir.resolve("not_there.csv").toString()),
                    List.of("--dataset", "salez", good.toString()),
                    List.of("--date-order", "YMD", good.toString()));
            for (List<String> args : refusals) {
                Result validated = validate(w, args.toArray(String[]::new));
                StringWriter err = new StringWriter();
                int ingested = StockroomCommand.configured(new CommandLine(new IngestCommand(w.ingest, event -> {})))
                        .setOut(new PrintWriter(new StringWriter()))
                        .setErr(new PrintWriter(err))
                        .execute(args.toArray(String[]::new));
                assertThat(validated.exit())
                        .as("validate %s (%s%s) ends as ingest does (%s)", args, validated.out(), validated.err(), err)
                        .isEqualTo(ingested);
            }
        }
    }

    private record Result(int exit, String out, String err) {}

    private static Result validate(TestWarehouse w, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = StockroomCommand.configured(new CommandLine(new ValidateCommand(w.ingest)))
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private void masterData(TestWarehouse w) throws Exception {
        TestWarehouse.ok(w.load(dir, "stores.csv", "store_id,name,area\nS1,Leeds,North\n"));
        TestWarehouse.ok(w.load(dir, "products.csv", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n"));
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
