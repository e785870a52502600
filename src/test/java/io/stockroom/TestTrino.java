package io.stockroom;

import io.stockroom.warehouse.TrinoSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real single-node Trino 476 (coordinator and worker in one process) started by the tests from the
 * {@code io.trino:trino-server} tarball that the Maven profile {@code trino} fetches into {@code ~/.m2} and unpacks,
 * slimmed to the iceberg, postgresql and geospatial plugins, into {@code target/trino}. Its {@code etc/} is written
 * here: an {@code iceberg} catalog whose Iceberg JDBC catalog lives in the tests' embedded PostgreSQL (schema
 * {@code iceberg_catalog}) with its files under a temp folder, and a {@code postgresql} catalog over the same
 * database, where the warehouses' master data and marts are. The server runs on JDK 24+ (the application stays on 21),
 * once per test JVM, and is stopped when the JVM exits. Without the profile the Trino tests are skipped, saying so.
 */
public final class TestTrino {

    /** Startup took 34-77 s on 2 busy cores; allow a lot more before calling it a failure. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(6);

    private static final Pattern STARTING = Pattern.compile("\"starting\"\\s*:\\s*(true|false)");

    private static final String VERSION = "476";
    private static Server server;
    private static String unavailable;

    private TestTrino() {}

    private record Server(Process process, int port, Path dir) {}

    /** Skips the calling test, with the reason, unless a Trino server can run here. */
    public static void assumeAvailable() {
        String tarball = System.getProperty("stockroom.test.trino-tarball");
        String target = System.getProperty("stockroom.test.trino-home");
        Assumptions.assumeTrue(
                tarball != null && !tarball.isBlank() && target != null,
                "Trino tests are opt-in: run them with the Maven profile that fetches the server, "
                        + "./mvnw -Ptrino test -Dtest='Trino*' (it downloads io.trino:trino-server:476, 821 MB, once into ~/.m2)");
        Assumptions.assumeTrue(
                Files.isRegularFile(Path.of(tarball)),
                "No Trino server tarball at " + tarball
                        + ": Maven could not fetch io.trino:trino-server:476:tar.gz (offline?)");
        Assumptions.assumeTrue(
                java() != null,
                "Trino 476 needs JDK 24 or newer: set -Dstockroom.test.trino-java=/path/to/jdk (tried "
                        + System.getProperty("java.home") + " and /usr/lib/jvm/temurin-25-jdk-amd64)");
        synchronized (TestTrino.class) {
            if (server == null && unavailable == null) {
                try {
                    server = start(unpacked(Path.of(tarball), Path.of(target)));
                } catch (IOException | InterruptedException | RuntimeException e) {
                    unavailable = e.getMessage();
                    throw new IllegalStateException("Trino did not start: " + e.getMessage(), e);
                }
            }
            if (unavailable != null) {
                throw new IllegalStateException("Trino did not start: " + unavailable);
            }
        }
    }

    /**
     * The server unpacked under {@code target}, once: bin/, lib/ and the plugins Stockroom uses (428 of 821 MB). The
     * tarball stores a jar once and hard-links its other copies, some to plugins left out here, so those targets are
     * extracted too and the left-out plugin folders removed afterwards (the links keep the bytes).
     */
    private static Path unpacked(Path tarball, Path target) throws IOException, InterruptedException {
        Path home = target.resolve("trino-server-" + VERSION);
        Path done = target.resolve("unpacked-" + VERSION);
        if (Files.exists(done)) {
            return home;
        }
        long t0 = System.nanoTime();
        Files.createDirectories(target);
        String root = "trino-server-" + VERSION + "/";
        List<String> wanted = List.of(
                root + "bin/",
                root + "lib/",
                root + "plugin/iceberg/",
                root + "plugin/postgresql/",
                root + "plugin/geospatial/");
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String line : run(target, "tar", "tvzf", tarball.toString()).split("\n")) {
            int link = line.indexOf(" link to ");
            String name = (link < 0 ? line : line.substring(0, link)).replaceFirst("^(\\S+\\s+){5}", "");
            if (wanted.stream().anyMatch(name::startsWith) && !name.endsWith("/")) {
                names.add(name);
                if (link >= 0) {
                    names.add(line.substring(link + " link to ".length()));
                }
            }
        }
        Path list = target.resolve("files.txt");
        Files.write(list, names);
        run(target, "tar", "xzf", tarball.toString(), "-C", target.toString(), "-T", list.toString());
        try (var plugins = Files.list(home.resolve("plugin"))) {
            for (Path p : plugins.toList()) {
                if (!List.of("iceberg", "postgresql", "geospatial")
                        .contains(p.getFileName().toString())) {
                    try (var files = Files.walk(p)) {
                        for (Path f : files.sorted(java.util.Comparator.reverseOrder())
                                .toList()) {
                            Files.delete(f);
                        }
                    }
                }
            }
        }
        Files.writeString(done, "unpacked in " + (System.nanoTime() - t0) / 1_000_000 + " ms\n");
        System.out.printf(Locale.ROOT, "Trino %s unpacked (slim) in %.1f s%n", VERSION, (System.nanoTime() - t0) / 1e9);
        return home;
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cmd", ".out");
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        int code = p.waitFor();
        String text = Files.readString(out);
        Files.delete(out);
        if (code != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + code + ": "
                    + text.substring(0, Math.min(2000, text.length())));
        }
        return text;
    }

    /** Settings for Stockroom to reach the test server, its lake in a namespace of its own. */
    public static TrinoSettings settings(String lakeSchema) {
        assumeAvailable();
        return new TrinoSettings(
                "jdbc:trino://127.0.0.1:" + server.port(),
                "stockroom",
                null,
                "iceberg",
                "postgresql",
                lakeSchema,
                "iceberg_catalog",
                null);
    }

    /** {@code up} pointed at a local port nothing listens on: a Trino that is down, for the paths that must say so. */
    public static TrinoSettings unreachable(TrinoSettings up) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return new TrinoSettings(
                "jdbc:trino://127.0.0.1:" + port,
                up.user(),
                up.password(),
                up.icebergCatalog(),
                up.postgresCatalog(),
                up.lakeSchema(),
                up.icebergCatalogSchema(),
                up.answerTimeout());
    }

    /**
     * The server's JIT and GC: C1 only and the serial collector. A test server runs a few hundred tiny queries and sits
     * idle in between, so C2 compiling Trino's hot paths and G1's concurrent threads cost more CPU than they save: on
     * the shared 2-core machine they halved TrinoLakeTest's CPU (188 to 105 CPU-s with the server's start, 136 to 72 s
     * to ready). {@code -Dstockroom.test.trino-jvm="-XX:+UseG1GC"} runs Trino's own defaults instead.
     */
    private static String jvmFlags() {
        return System.getProperty("stockroom.test.trino-jvm", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
                .strip();
    }

    /**
     * The server's memory: {@code -Xmx2G} and 1 GB of query memory per node unless told otherwise. A test server keeps
     * to that on a shared machine; the scale benchmark gives its own server more with
     * {@code -Dstockroom.test.trino-heap=10G -Dstockroom.test.trino-query-memory=6GB} (query.max-memory and
     * query.max-memory-per-node; Trino keeps 30 % of the heap as headroom, so the query memory must stay below 70 %
     * of it) and lets it spill to disk with {@code -Dstockroom.test.trino-spill-dir=/path} ({@code spill-enabled}).
     */
    private static String memoryConfig() {
        String query =
                System.getProperty("stockroom.test.trino-query-memory", "1GB").strip();
        String spill = System.getProperty("stockroom.test.trino-spill-dir", "").strip();
        String config = "query.max-memory=%s\nquery.max-memory-per-node=%s\n".formatted(query, query);
        if (!spill.isEmpty()) {
            try {
                Files.createDirectories(Path.of(spill));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // Trino counts the spill disk as full when its free space is under 10 % of its size
            // (spiller-max-used-space-threshold=0.9): a shared disk with 23 of 252 GB free refused the 5,000-store
            // inventory position's spill ("No free or healthy space available for spill") before writing a byte
            config += "spill-enabled=true\nspiller-spill-path=%s\nspiller-max-used-space-threshold=0.99\n"
                    .formatted(spill);
        }
        return config;
    }

    private static Path java() {
        String configured = System.getProperty("stockroom.test.trino-java");
        List<Path> candidates = configured != null && !configured.isBlank()
                ? List.of(Path.of(configured))
                : Runtime.version().feature() >= 24
                        ? List.of(Path.of(System.getProperty("java.home")))
                        : List.of(Path.of("/usr/lib/jvm/temurin-25-jdk-amd64"));
        return candidates.stream()
                .filter(p -> Files.isExecutable(p.resolve("bin/java")))
                .findFirst()
                .orElse(null);
    }

    private static Server start(Path home) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        EmbeddedPostgres pg = TestPostgres.server();
        int port = freePort();
        Path dir = Files.createTempDirectory("stockroom-trino");
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path catalogs = Files.createDirectories(etc.resolve("catalog"));
        Path lake = Files.createDirectories(dir.resolve("lake"));
        String pgUrl = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
        try (var c = pg.getPostgresDatabase().getConnection();
                var s = c.createStatement()) {
            // the Iceberg JDBC catalog's two tables: Trino reads and writes them but does not create them
            s.execute(new String(
                            TestTrino.class
                                    .getResourceAsStream("/warehouse/trino/iceberg-catalog.sql")
                                    .readAllBytes(),
                            StandardCharsets.UTF_8)
                    .replace("${schema}", "iceberg_catalog"));
        } catch (java.sql.SQLException e) {
            throw new IOException("Cannot create the Iceberg catalog tables: " + e.getMessage(), e);
        }
        Files.writeString(etc.resolve("node.properties"), """
                node.environment=test
                node.id=stockroom-test
                node.data-dir=%s
                """.formatted(dir.resolve("data")));
        Files.writeString(
                etc.resolve("jvm.config"),
                """
                -server
                -Xmx%s
                -XX:+ExitOnOutOfMemoryError
                -XX:+EnableDynamicAgentLoading
                -Djdk.attach.allowAttachSelf=true
                -Dfile.encoding=UTF-8
                """.formatted(System.getProperty("stockroom.test.trino-heap", "2G")
                                .strip())
                        + String.join("\n", jvmFlags().split("\\s+")) + "\n");
        Files.writeString(etc.resolve("config.properties"), """
                coordinator=true
                node-scheduler.include-coordinator=true
                http-server.http.port=%d
                discovery.uri=http://127.0.0.1:%d
                """.formatted(port, port) + memoryConfig());
        Files.writeString(etc.resolve("log.properties"), "io.trino=WARN\nio.airlift=WARN\n");
        Files.writeString(catalogs.resolve("iceberg.properties"), """
                connector.name=iceberg
                iceberg.catalog.type=jdbc
                iceberg.jdbc-catalog.catalog-name=stockroom
                iceberg.jdbc-catalog.driver-class=org.postgresql.Driver
                iceberg.jdbc-catalog.connection-url=%s?currentSchema=iceberg_catalog
                iceberg.jdbc-catalog.connection-user=postgres
                iceberg.jdbc-catalog.connection-password=
                iceberg.jdbc-catalog.default-warehouse-dir=%s
                fs.hadoop.enabled=true
                """.formatted(pgUrl, lake.toUri()));
        Files.writeString(catalogs.resolve("postgresql.properties"), """
                connector.name=postgresql
                connection-url=%s
                connection-user=postgres
                connection-password=
                """.formatted(pgUrl));
        Path log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(
                        home.resolve("bin/launcher").toString(),
                        "run",
                        "--etc-dir=" + etc,
                        "--data-dir=" + dir.resolve("data"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Path java = java();
        pb.environment().put("JAVA_HOME", java.toString());
        pb.environment().put("PATH", java.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process process = pb.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop(process);
                            deleteQuietly(dir);
                        },
                        "stop-test-trino"));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the server exited with code " + process.exitValue() + "; its log:\n" + tail(log));
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/info"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher m = STARTING.matcher(r.body());
                if (r.statusCode() == 200 && m.find() && m.group(1).equals("false")) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                stop(process);
                throw new IllegalStateException(
                        "not ready on /v1/info within " + READY_WITHIN + "; its log:\n" + tail(log));
            }
            Thread.sleep(500);
        }
        System.out.printf(
                Locale.ROOT,
                "Trino 476 ready on port %d in %.1f s (%s; -Xmx%s, %s)%n",
                port,
                (System.nanoTime() - t0) / 1e9,
                dir,
                System.getProperty("stockroom.test.trino-heap", "2G").strip(),
                memoryConfig().strip().replace("\n", ", "));
        return new Server(process, port, dir);
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a temp folder: the OS cleans it up eventually
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
