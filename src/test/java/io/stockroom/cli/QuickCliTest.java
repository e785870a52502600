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
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;

/**
 * Help, version and the read commands (feeds, feed, validate) answer without the application: no Spring context, no
 * web server, no schema migration; the warehouse file is opened read-only, so they work beside other readers (issue #10).
 */
@CapturesSystemStreams
class QuickCliTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetGlobalOptions() {
        System.clearProperty("stockroom.data-dir");
    }

    @Test
    void everyCommandOfTheApplicationIsListedForTheQuickPath() throws Exception {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(Command.class));
        Set<Class<?>> components = new HashSet<>();
        for (BeanDefinition d : scan.findCandidateComponents("io.stockroom")) {
            Class<?> type = Class.forName(d.getBeanClassName());
            if (type.isAnnotationPresent(Component.class) && type != StockroomCommand.class) {
                components.add(type);
            }
        }
        assertThat(new HashSet<>(QuickCli.COMMANDS))
                .as("add a new command to QuickCli.COMMANDS so '--help' lists it")
                .isEqualTo(components);
        assertThat(QuickCli.NAMES)
                .as("QuickCli.NAMES spells the names of QuickCli.COMMANDS")
                .isEqualTo(QuickCli.COMMANDS.stream()
                        .map(t -> t.getAnnotation(Command.class).name())
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void readCommandsAnswerFromTheFileOpenedReadOnlyWithoutStartingTheApplication() throws Exception {
        Path data = dir.resolve("data");
        Path products = Files.writeString(
                dir.resolve("products.csv"),
                "sku,name,department,category,unit_cost,unit_price\nA,Apple,Fresh,Fruit,0.50,1.00\n");
        assertThat(inProcess("--data-dir", data.toString(), "ingest", products.toString()))
                .isZero();
        String feedId = scalar(data, "SELECT feed_id FROM feeds");
        long migrations = Long.parseLong(scalar(data, "SELECT COUNT(*) FROM schema_version"));
        Path bad = Files.writeString(
                dir.resolve("products_bad.csv"),
                "sku,name,department,category,unit_cost,unit_price\n,NoSku,Fresh,Fruit,x,1.00\n");

        // This JVM holds the file read-only: a process that opened it for writing (and migrated it) could not open it
        // now.
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection held =
                DriverManager.getConnection("jdbc:duckdb:" + data.resolve("warehouse.duckdb"), readOnly)) {
            Path classes = dir.resolve("classes.txt");
            List<String> logClasses = List.of("-Xlog:class+load=info:file=" + classes);

            CliProcess.Ran feeds =
                    CliProcess.run(dir.resolve("logs"), logClasses, "--data-dir", data.toString(), "feeds");
            assertThat(feeds.exit()).as(feeds.terminal()).isZero();
            assertThat(feeds.out()).contains(feedId).contains("products.csv").contains("transformed");
            assertThat(feeds.err()).isEmpty();
            assertNoApplication(classes);

            CliProcess.Ran feed =
                    CliProcess.run(dir.resolve("logs"), logClasses, "--data-dir", data.toString(), "feed", feedId);
            assertThat(feed.exit()).as(feed.terminal()).isZero();
            assertThat(feed.out())
                    .contains("feed " + feedId + " · products.csv · products · transformed")
                    .contains("read 1 · loaded 1");
            assertNoApplication(classes);

            CliProcess.Ran validate = CliProcess.run(
                    dir.resolve("logs"), logClasses, "--data-dir", data.toString(), "validate", bad.toString());
            assertThat(validate.exit()).as(validate.terminal()).isEqualTo(1);
            assertThat(validate.out()).contains("dataset products").contains("WOULD FAIL");
            assertNoApplication(classes);

            try (Statement s = held.createStatement();
                    ResultSet r = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                r.next();
                assertThat(r.getLong(1)).as("no migration ran").isEqualTo(migrations);
            }
        }

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream before = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(StockroomApplication.run("--data-dir", data.toString(), "feed", "feed-nope"))
                    .isEqualTo(2);
        } finally {
            System.setErr(before);
        }
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("stockroom: No feed feed-nope. 'stockroom feeds' lists them. [NOT_FOUND]"
                        + System.lineSeparator());
    }

    /**
     * {@code stockroom runs} lists the recent runs with their status and stages, as {@code stockroom feeds} lists
     * feeds: before, the command did not exist ("Unmatched argument 'runs'") and runs were seen only on the API or page.
     */
    @Test
    void runsListsTheRecentRunsWithTheirStatusAndStagesFromTheFileReadOnly() throws Exception {
        Path data = dir.resolve("data");
        Path day = Files.createDirectories(data.resolve("drop/2025-03-01"));
        Files.writeString(day.resolve("stores.csv"), "store_id,name,area\nS1,Leeds,North\n");
        Files.writeString(day.resolve("sales.csv"), "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\n");
        inProcess("--data-dir", data.toString(), "run", "--date", "2025-03-01");
        inProcess("--data-dir", data.toString(), "run", "--date", "2025-03-02");
        String runId = scalar(data, "SELECT run_id FROM runs WHERE business_date = DATE '2025-03-01'");
        String status = scalar(data, "SELECT status FROM runs WHERE business_date = DATE '2025-03-01'");

        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        int all;
        int oneDate;
        String listed;
        try {
            all = inProcess("--data-dir", data.toString(), "runs");
            listed = o.toString(StandardCharsets.UTF_8);
            o.reset();
            oneDate = inProcess("--data-dir", data.toString(), "runs", "--date", "2025-03-01", "--limit", "5");
        } finally {
            System.setOut(out);
        }

        assertThat(all).isZero();
        assertThat(listed.lines().toList())
                .hasSizeGreaterThanOrEqualTo(3)
                .first()
                .asString()
                .contains("RUN")
                .contains("STATUS")
                .contains("STAGES");
        assertThat(listed)
                .contains(runId)
                .contains("2025-03-02")
                .contains("succeeded")
                .contains("cli");
        assertThat(listed.indexOf("2025-03-02")).as("newest first").isLessThan(listed.indexOf("2025-03-01"));
        String dated = o.toString(StandardCharsets.UTF_8);
        assertThat(oneDate).isZero();
        assertThat(dated).contains(runId).contains("ingest").doesNotContain("2025-03-02");
    }

    @Test
    void aListingInADataDirectoryThatIsNotThereSaysWhereItLookedAndCreatesNothing() {
        PrintStream err = System.err;
        PrintStream out = System.out;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        int feeds;
        int feed;
        try {
            feeds = StockroomApplication.run("--data-dir", dir.resolve("typo").toString(), "feeds");
            feed = StockroomApplication.run("--data-dir", dir.resolve("typo").toString(), "feed", "feed-1");
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        assertThat(feeds).isEqualTo(2);
        assertThat(feed).isEqualTo(2);
        String expected = "stockroom: No data directory "
                + dir.resolve("typo").toAbsolutePath().normalize()
                + ", so no warehouse and no feeds. Check --data-dir (or STOCKROOM_DATA_DIR); 'stockroom ingest FILE' or"
                + " 'stockroom demo' creates it. [NOT_FOUND]" + System.lineSeparator();
        assertThat(e.toString(StandardCharsets.UTF_8)).isEqualTo(expected + expected);
        assertThat(o.toString(StandardCharsets.UTF_8))
                .as("no header before the error")
                .isEmpty();
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @Test
    void helpOfEachCommandNeedsNoApplication() {
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        try {
            for (Class<?> type : QuickCli.COMMANDS) {
                String name = type.getAnnotation(Command.class).name();
                assertThat(StockroomApplication.run(
                                "--data-dir", dir.resolve("data").toString(), name, "--help"))
                        .as(name)
                        .isZero();
                assertThat(o.toString(StandardCharsets.UTF_8)).contains("Usage: stockroom " + name);
                o.reset();
            }
        } finally {
            System.setOut(out);
        }
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        try {
            assertThat(StockroomApplication.run(
                            "--data-dir", dir.resolve("data").toString(), "--help"))
                    .isZero();
        } finally {
            System.setOut(out);
        }
        assertThat(o.toString(StandardCharsets.UTF_8))
                .contains("Usage: stockroom")
                .contains("ingest")
                .contains("feeds")
                .contains("validate")
                .contains("serve");
        assertThat(dir.resolve("data"))
                .as("no warehouse, no log: the application never started")
                .doesNotExist();
    }

    private static void assertNoApplication(Path classLog) throws Exception {
        String loaded = Files.readString(classLog);
        assertThat(loaded).as("the command ran").contains("io.stockroom.cli.QuickCli ");
        assertThat(loaded)
                .as("no Spring application context")
                .doesNotContain("org.springframework.boot.SpringApplication ")
                .doesNotContain("org.springframework.context.support.AbstractApplicationContext ");
        assertThat(loaded).as("no web server").doesNotContain("org.apache.catalina.");
        Files.delete(classLog);
    }

    private static int inProcess(String... args) {
        return StockroomApplication.run(args);
    }

    private static String scalar(Path data, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("warehouse.duckdb"));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }
}
