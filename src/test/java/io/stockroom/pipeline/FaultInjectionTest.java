package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestEngine;
import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import io.stockroom.demo.ChainGenerator;
import io.stockroom.demo.ChainSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real Stockroom process (a child JVM) at named points of ingest, a run, replenishment and an HTTP upload
 * ({@code stockroom.fault.kill-at} halts it like kill -9; {@code stockroom.fault.pause-at} holds it there while the
 * test calls {@link Process#destroyForcibly()}), restarts it, runs the date again, and checks that every warehouse
 * table equals, row for row, what an uninterrupted run produced, and that nothing is left stuck.
 *
 * <p>On DuckDB a scenario's warehouse is the file in its data folder; with -Dstockroom.test.engine=postgres it is a
 * database of the test server of its own ({@code CREATE DATABASE ... TEMPLATE} copies the prefix's), which the child
 * processes are pointed at: a killed process's open transaction and advisory locks go with its connections.
 */
class FaultInjectionTest {

    /** The chain's last two days; the generator plants its defects (a failed file, bad rows) on earlier days. */
    static final LocalDate D2 = LocalDate.of(2025, 3, 10);

    static final LocalDate D1 = D2.minusDays(1);
    static final Duration PROCESS_LIMIT = Duration.ofMinutes(4);
    /** Columns that say where or when a row came from, not what it says: they differ between any two runs. */
    static final Pattern LINEAGE =
            Pattern.compile("feed_id|.*_feed_id|load_seq.*|run_id|.*_at|created|updated|.*_ms|millis");
    /** Bookkeeping tables: they record the crashes themselves, so they are checked by their own assertions. */
    static final List<String> BOOKKEEPING = List.of(
            "feeds",
            "raw_manifest",
            "runs",
            "run_stages",
            "audit_log",
            "drop_files",
            "model_state",
            "model_source_state",
            "schema_version",
            "feed_issues",
            "users",
            "api_tokens"); // sign-in state: the server creates its first admin, the test mints a token

    @TempDir
    static Path root;

    static Path prefix;
    /** Each scenario's warehouse on PostgreSQL (a database of the test server); empty on DuckDB. */
    static final Map<Path, StockroomProperties.Warehouse> POSTGRES = new java.util.concurrent.ConcurrentHashMap<>();

    static Map<String, String> baseline;
    static long baselineSales;

    /**
     * A ten-day chain run up to D1 is the start of every scenario (copied); D2 run once without interruption is the
     * baseline. These two run in this JVM (a child JVM takes 10-30 s to start on a busy machine); the runs that are
     * killed run in child JVMs.
     */
    @BeforeAll
    static void baseline() throws Exception {
        prefix = root.resolve("prefix");
        if (TestEngine.postgres()) {
            POSTGRES.put(prefix, database("prefix", null));
        }
        new ChainGenerator().generate(new ChainSpec(7, 2, 1, 200, 2, 10, D2), prefix.resolve("drop"));
        assertThat(inProcess(prefix, "run", "--date", D1.toString())).isIn(0, 1); // day 1..9 include planted bad files
        Path base = copy(prefix, "baseline");
        assertThat(inProcess(base, "run", "--date", D2.toString())).isZero();
        baseline = checksums(base);
        baselineSales = count(base, "SELECT COUNT(*) FROM sales");
        assertThat(baseline.keySet())
                .contains("sales", "inventory", "mart_sales_daily", "replenishment_lines", "purchase_orders");
        assertThat(baselineSales).isPositive();
    }

    @Test
    void killedAtEveryPointOfARunThenRestartedTheDateEndsExactlyAsAnUninterruptedRun() throws Exception {
        Path dir = copy(prefix, "killed-run");
        List<String> points = List.of("ingest.before-commit", "run.before-models", "replenishment.before-commit");
        for (String point : points) {
            Child killed = stockroom(dir, "-Dstockroom.fault.kill-at=" + point, "run", "--date", D2.toString());
            assertThat(killed.exit()).as(point + ": " + killed.output()).isEqualTo(137);
            assertThat(killed.output()).contains("fault point " + point + " reached");
            // what the crash left: the run says running for ever unless the next start settles it
            assertThat(count(dir, "SELECT COUNT(*) FROM runs WHERE status = 'running'"))
                    .as(point)
                    .isEqualTo(1);
        }
        Child clean = stockroom(dir, null, "run", "--date", D2.toString());
        assertThat(clean.exit()).as(clean.output()).isZero();

        assertThat(checksums(dir)).isEqualTo(baseline);
        assertThat(count(dir, "SELECT COUNT(*) FROM sales")).isEqualTo(baselineSales);
        assertThat(count(dir, "SELECT COUNT(*) FROM runs WHERE status = 'running'"))
                .isZero();
        assertThat(count(
                        dir,
                        "SELECT COUNT(*) FROM runs WHERE business_date = DATE '" + D2
                                + "' AND status = 'failed' AND error LIKE 'Interrupted:%'"))
                .isEqualTo(points.size());
        assertThat(count(dir, "SELECT COUNT(*) FROM feeds WHERE status IN ('processing', 'queued', 'transforming')"))
                .isZero();
        // each of day 2's files loaded exactly once; the copies a killed run had not recorded as picked up are
        // recognised duplicates
        assertThat(count(
                        dir,
                        "SELECT COUNT(*) FROM feeds WHERE business_date = DATE '" + D2
                                + "' AND status = 'transformed' AND duplicate_of IS NULL"))
                .isEqualTo(count(
                        root.resolve("baseline"),
                        "SELECT COUNT(*) FROM feeds WHERE business_date = DATE '" + D2
                                + "' AND status = 'transformed'"));
        assertThat(
                        count(
                                dir,
                                "SELECT COUNT(*) FROM feeds f WHERE status = 'failed' AND summary LIKE '%INTERRUPTED%' AND superseded_by IS NOT NULL"))
                .as("the feed a kill interrupted, superseded by its reload")
                .isEqualTo(1);
        assertThat(
                        count(
                                dir,
                                "SELECT COUNT(*) FROM feeds f WHERE NOT EXISTS (SELECT 1 FROM raw_manifest m WHERE m.feed_id = f.feed_id)"))
                .as("every feed's raw bytes are in the manifest")
                .isZero();
    }

    @Test
    void anUploadAnswered202SurvivesAKillAndIsLoadedAtTheNextStart() throws Exception {
        Path dir = copy(prefix, "killed-upload");
        Path sales = dir.resolve("drop").resolve(D2.toString()).resolve("sales.csv");
        String content = Files.readString(sales);
        Files.delete(sales); // this day's sales arrive by upload instead of the drop folder
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Child minted = stockroom(dir, null, "tokens", "create", "POS pusher", "--role", "service");
        assertThat(minted.exit()).as(minted.output()).isZero();
        String bearer = "Bearer "
                + minted.output()
                        .lines()
                        .filter(l -> l.startsWith("sr_"))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(minted.output()));
        Process server =
                start(dir, "-Dstockroom.fault.pause-at=ingest.before-commit", "serve", "--port", String.valueOf(port));
        String feedId;
        try {
            HttpClient http = HttpClient.newHttpClient();
            awaitUp(http, port, server, bearer);
            String token = field(upload(http, port, bearer, "sales.csv", content), "upload_token");
            HttpResponse<String> committed = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/feeds/commit"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", bearer)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"upload_token\":\"" + token + "\",\"dataset\":\"sales\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(committed.statusCode()).as(committed.body()).isEqualTo(202);
            feedId = field(committed.body(), "feed_id");
            awaitOutput(server, "fault point ingest.before-commit reached");
        } finally {
            server.destroyForcibly(); // kill -9 while the feed's load transaction is open
            assertThat(server.waitFor(PROCESS_LIMIT.toMinutes(), TimeUnit.MINUTES))
                    .isTrue();
        }
        assertThat(count(dir, "SELECT COUNT(*) FROM feeds WHERE feed_id = '" + feedId + "' AND status = 'queued'"))
                .isEqualTo(1);
        assertThat(count(dir, "SELECT COUNT(*) FROM sales WHERE business_date = DATE '" + D2 + "'"))
                .isZero();

        Child restarted = stockroom(dir, null, "run", "--date", D2.toString());
        assertThat(restarted.exit()).as(restarted.output()).isZero();

        assertThat(count(dir, "SELECT COUNT(*) FROM feeds WHERE feed_id = '" + feedId + "' AND status = 'transformed'"))
                .isEqualTo(1);
        assertThat(count(dir, "SELECT COUNT(*) FROM sales")).isEqualTo(baselineSales);
        assertThat(checksums(dir)).isEqualTo(baseline);
        assertThat(count(dir, "SELECT COUNT(*) FROM feeds WHERE status IN ('processing', 'queued', 'transforming')"))
                .isZero();
        // no upload's bytes are left (each process keeps an empty folder it receives uploads into, _receiving/<key>)
        assertThat(uploadFilesLeft(dir))
                .as("files left in the uploads working folder")
                .isEmpty();
    }

    /**
     * With the weekly forecast choice as its own step after the lines ({@code choose-in-daily-run: false}), the step
     * fails ({@code stockroom.fault.fail-at}) after the day's lines are committed. The run used to say "failed" (exit
     * 1, the replenishment stage not even listed), so the buyer took the day's orders for missing; now it is a warning
     * whose replenishment stage says the lines stand and only the choice failed, and the pairs stay due.
     */
    @Test
    void aWeeklyChoiceFailingAfterTheLinesAreCommittedIsAWarningAndTheLinesStand() throws Exception {
        Path dir = copy(prefix, "choice-failed");
        Map<String, String> set = Map.of(
                "stockroom.forecast.enabled", "true",
                "stockroom.forecast.choose-in-daily-run", "false",
                "stockroom.fault.fail-at", "forecast.choose");
        int exit;
        try {
            set.forEach(System::setProperty);
            exit = inProcess(dir, "run", "--date", D2.toString());
        } finally {
            set.keySet().forEach(System::clearProperty);
        }
        String run = "(SELECT run_id FROM runs WHERE business_date = DATE '" + D2 + "')";
        assertThat(exit)
                .as("a run whose lines are committed exits as a warning does")
                .isZero();
        assertThat(count(
                        dir,
                        "SELECT COUNT(*) FROM runs WHERE business_date = DATE '" + D2 + "' AND status = 'warning'"))
                .isEqualTo(1);
        long lines = count(dir, "SELECT COUNT(*) FROM replenishment_lines WHERE business_date = DATE '" + D2 + "'");
        assertThat(lines).as("the day's lines").isPositive();
        try (TestWarehouse w = warehouse(dir)) {
            assertThat(w.string("SELECT status || ' ' || CAST(rows AS VARCHAR) || ' ' || detail FROM run_stages"
                            + " WHERE name = 'replenishment' AND run_id = " + run))
                    .startsWith("warning " + lines + " ")
                    .contains(
                            "The weekly forecast choice after the lines failed",
                            "fault point forecast.choose reached",
                            "The lines stand",
                            "stay due");
        }
        assertThat(count(dir, "SELECT COUNT(*) FROM forecast_states"))
                .as("the pairs forecast from the stored choices")
                .isPositive();
        assertThat(count(dir, "SELECT COUNT(*) FROM forecast_states WHERE NOT awaiting_choice"))
                .as("no choice was stored: every pair still awaits it, so the next run chooses it")
                .isZero();
    }

    private static List<Path> uploadFilesLeft(Path dataDir) throws IOException {
        if (!Files.exists(dataDir.resolve("uploads"))) {
            return List.of();
        }
        try (var walk = Files.walk(dataDir.resolve("uploads"))) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    static int inProcess(Path dataDir, String... args) {
        Map<String, String> set = new LinkedHashMap<>(warehouseProperties(dataDir));
        set.put("stockroom.data-dir", null); // the application sets it from --data-dir
        Map<String, String> before = new LinkedHashMap<>();
        set.keySet().forEach(k -> before.put(k, System.getProperty(k)));
        try {
            set.forEach((k, v) -> {
                if (v != null) {
                    System.setProperty(k, v);
                }
            });
            List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
            all.addAll(List.of(args));
            return io.stockroom.StockroomApplication.run(all.toArray(String[]::new));
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    /** The settings that point a process at the scenario's warehouse: none on DuckDB (the file in its folder). */
    static Map<String, String> warehouseProperties(Path dataDir) {
        StockroomProperties.Warehouse w = POSTGRES.get(dataDir);
        if (w == null) {
            return Map.of();
        }
        return Map.of(
                "stockroom.warehouse.url", w.url(),
                "stockroom.warehouse.user", w.user(),
                "stockroom.warehouse.password", w.password(),
                "stockroom.warehouse.schema", w.schema());
    }

    /**
     * A database of the PostgreSQL test server for a scenario: new and empty, or a copy of {@code template}'s (no
     * connection may be open to it: the processes that used it have stopped; a backend left over is ended first).
     */
    static StockroomProperties.Warehouse database(String name, StockroomProperties.Warehouse template) {
        String db = "fault_" + ProcessHandle.current().pid() + "_" + name.replace('-', '_');
        String admin = TestPostgres.url();
        String user = System.getProperty("stockroom.test.postgres-user", "postgres");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(admin, user, "");
                Statement st = c.createStatement()) {
            if (template == null) {
                st.execute("CREATE DATABASE " + db);
            } else {
                String from = databaseOf(template.url());
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + from + "'");
                st.execute("CREATE DATABASE " + db + " TEMPLATE " + from);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot create the scenario database " + db + ": " + e.getMessage(), e);
        }
        return StockroomProperties.Warehouse.postgres(
                admin.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + db), user, "", "stockroom");
    }

    private static String databaseOf(String url) {
        Matcher m = Pattern.compile("jdbc:postgresql://[^/]+/([^?]*)").matcher(url);
        assertThat(m.find()).as(url).isTrue();
        return m.group(1);
    }

    // --- the child process -------------------------------------------------------------------------------------------

    record Child(int exit, String output) {}

    static Child stockroom(Path dataDir, String fault, String... args) throws Exception {
        Process p = start(dataDir, fault, args);
        if (!p.waitFor(PROCESS_LIMIT.toMinutes(), TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("stockroom " + String.join(" ", args) + " did not finish within " + PROCESS_LIMIT
                    + ": " + output(p));
        }
        return new Child(p.exitValue(), output(p));
    }

    static final Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    static Process start(Path dataDir, String fault, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx768m",
                "--enable-native-access=ALL-UNNAMED",
                "-Dstockroom.warehouse.memory-limit=512MB",
                // short-lived JVMs on a busy 2-core machine, as CliProcess starts them: the C1 compiler and one GC
                // thread start them with less CPU
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                // DuckDB's driver copies its 72 MB native library into the temporary directory and deletes it at
                // exit, which a halted child never reaches: here the copy goes with the test's own directory
                "-Djava.io.tmpdir=" + Files.createDirectories(root.resolve("child-tmp"))));
        if (fault != null) {
            cmd.add(fault);
        }
        warehouseProperties(dataDir).forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "io.stockroom.StockroomApplication",
                "--data-dir",
                dataDir.toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(root, "child-", ".log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        LOGS.put(p, log);
        return p;
    }

    static String output(Process p) throws IOException {
        return Files.readString(LOGS.get(p));
    }

    static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static void awaitUp(HttpClient http, int port, Process server, String bearer) throws Exception {
        long deadline = System.nanoTime() + PROCESS_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server exited: " + output(server)).isTrue();
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/feeds"))
                                                .header("Authorization", bearer)
                                                .GET()
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            server.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("server not up within " + PROCESS_LIMIT + ": " + output(server));
    }

    static void awaitOutput(Process p, String text) throws Exception {
        long deadline = System.nanoTime() + PROCESS_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (output(p).contains(text)) {
                return;
            }
            p.waitFor(200, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("'" + text + "' not seen within " + PROCESS_LIMIT + ": " + output(p));
    }

    static String upload(HttpClient http, int port, String bearer, String name, String content) throws Exception {
        String boundary = "----stockroom" + UUID.randomUUID();
        String body =
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"dataset\"\r\n\r\nsales\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--"
                        + boundary + "--\r\n";
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/feeds/preview"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("Authorization", bearer)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return res.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    // --- the warehouse, read after the child has stopped -------------------------------------------------------------

    /** md5 per table over its rows in a canonical order, leaving out bookkeeping tables and lineage columns. */
    static Map<String, String> checksums(Path dataDir) {
        try (TestWarehouse w = warehouse(dataDir)) {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            w.warehouse.withConnection(c -> {
                try (Statement s = c.createStatement();
                        ResultSet r = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns "
                                + "WHERE table_schema = current_schema() AND table_name IN (SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE') "
                                + "ORDER BY table_name, ordinal_position")) {
                    while (r.next()) {
                        columns.computeIfAbsent(r.getString(1), t -> new ArrayList<>());
                        if (!LINEAGE.matcher(r.getString(2)).matches()) {
                            columns.get(r.getString(1)).add(r.getString(2));
                        }
                    }
                }
                return null;
            });
            Map<String, String> out = new java.util.TreeMap<>();
            columns.forEach((table, cols) -> {
                if (!BOOKKEEPING.contains(table) && !cols.isEmpty()) {
                    String row = String.join(
                            " || '|' || ",
                            cols.stream()
                                    .map(col -> "COALESCE(CAST(\"" + col + "\" AS VARCHAR), '~')")
                                    .toList());
                    out.put(
                            table,
                            w.string(
                                    "SELECT COUNT(*) || ':' || md5(COALESCE(string_agg(x, chr(10) ORDER BY x), '')) FROM (SELECT "
                                            + row + " AS x FROM \"" + table + "\") s"));
                }
            });
            return out;
        }
    }

    static long count(Path dataDir, String sql) {
        try (TestWarehouse w = warehouse(dataDir)) {
            return w.count(sql);
        }
    }

    /** The scenario's warehouse, read after its processes stopped. */
    static TestWarehouse warehouse(Path dataDir) {
        StockroomProperties.Warehouse pg = POSTGRES.get(dataDir);
        return pg == null ? new TestWarehouse(dataDir) : new TestWarehouse(dataDir, pg);
    }

    static Path copy(Path from, String name) throws IOException {
        Path to = root.resolve(name);
        StockroomProperties.Warehouse pg = POSTGRES.get(from);
        if (pg != null) {
            POSTGRES.put(to, database(name, pg));
        }
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
