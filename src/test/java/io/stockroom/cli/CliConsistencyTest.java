package io.stockroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.CapturesSystemStreams;
import io.stockroom.StockroomApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI, run as a user runs it (whole application, real warehouse file), agrees with the upload path and the API (issue #16). */
@CapturesSystemStreams
class CliConsistencyTest {

    @TempDir
    Path dir;

    record Ran(int exit, String out, String err) {}

    @AfterEach
    void forgetGlobalOptions() {
        System.clearProperty("stockroom.data-dir");
    }

    @Test
    void aFileLoadedWithIngestRefreshesTheMartsForItsDatesAsAnUploadDoes() throws Exception {
        Path data = dir.resolve("data");
        Path files = Files.createDirectories(dir.resolve("files"));
        Files.writeString(files.resolve("stores.csv"), "store_id,name,area\nS1,Leeds,North\n");
        Files.writeString(
                files.resolve("products.csv"),
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n");
        Files.writeString(
                files.resolve("sales_2025-02-01.csv"),
                "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,3,3.00\n");
        Ran first = run("--data-dir", data.toString(), "ingest", files.toString());
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(
                        scalar(
                                data,
                                "SELECT CAST(SUM(net_sales) AS VARCHAR) FROM mart_sales_daily WHERE business_date = DATE '2025-02-01'"))
                .isEqualTo("3.00");
        assertThat(scalar(data, "SELECT COUNT(*) FROM mart_quality_daily WHERE business_date = DATE '2025-02-01'"))
                .as("the quality page lists the day")
                .isEqualTo("1");

        // A one-row correction from the CLI reaches the dashboard at once.
        Path fix = files.resolveSibling("sales_fix.csv");
        Files.writeString(fix, "store_id,sku,date,units_sold,total_sales\nS1,A,2025-02-01,4,4.00\n");
        assertThat(run("--data-dir", data.toString(), "ingest", fix.toString()).exit())
                .isZero();
        assertThat(
                        scalar(
                                data,
                                "SELECT CAST(SUM(net_sales) AS VARCHAR) FROM mart_sales_daily WHERE business_date = DATE '2025-02-01'"))
                .isEqualTo("4.00");
    }

    @Test
    void aStatusThatDoesNotExistIsAnErrorListingTheValidOnes() {
        Ran r = run("--data-dir", dir.resolve("data").toString(), "feeds", "--status", "bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .startsWith(
                        "stockroom: --status must be one of processing, queued, transforming, transformed, failed; got 'bogus'");
    }

    @Test
    void aRunWithNothingToLoadSaysSo() {
        java.io.StringWriter text = new java.io.StringWriter();
        RunPrinter.print(
                new java.io.PrintWriter(text),
                new io.stockroom.pipeline.RunResult(
                        "run-1",
                        java.time.LocalDate.of(2025, 2, 1),
                        io.stockroom.pipeline.Trigger.CLI,
                        "succeeded",
                        java.util.List.of(),
                        java.util.List.of(),
                        java.util.Set.of(),
                        null,
                        12),
                true);
        // also what a rerun of a loaded day prints (after a crash, say): its files are there, so not "no files"
        assertThat(text.toString())
                .contains("nothing new: no file for 2025-02-01 in the drop folder")
                .contains("that was not loaded before, so nothing was loaded")
                .contains("stockroom replay --date 2025-02-01")
                .doesNotContain("no files");
    }

    @Test
    void aBrokenContractIsOneMessageSayingWhatToFixWithNoStackTraceBeforeIt() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("contracts"));
        Files.writeString(
                data.resolve("contracts/sales.yaml"), "dataset: sales\nkind: fact\ntable: sales\ncolumns: nope\n");
        // its own JVM, as a user runs it: logging is set up once per process, and this is about what the terminal shows
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        StockroomApplication.class.getName(),
                        "--data-dir",
                        data.toString(),
                        "feeds")
                .redirectErrorStream(true)
                .start();
        String terminal = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(terminal).isEqualTo(2);
        String shown = terminal.lines()
                .filter(l -> !l.startsWith("WARNING:"))
                .collect(java.util.stream.Collectors.joining("\n")); // JVM notices
        assertThat(shown)
                .startsWith("stockroom: Contract ")
                .contains("sales.yaml")
                .contains("columns");
        assertThat(shown).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(data.resolve("logs/stockroom-cli.log"))
                .as("the details are in the log")
                .exists();
    }

    private static Ran run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = StockroomApplication.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Ran(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private static String scalar(Path data, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("warehouse.duckdb"));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }
}
