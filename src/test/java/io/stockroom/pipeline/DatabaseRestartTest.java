package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stockroom.StockroomException;
import io.stockroom.StockroomProperties;
import io.stockroom.TestWarehouse;
import io.stockroom.model.ModelRunner;
import io.stockroom.pipeline.PipelineStep.StepOutcome;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL server restarted under a live Stockroom process (maintenance, a failover, a crash of the database): the
 * process must still be seen alive afterwards, so that another process's start never settles its work. The server here
 * is the test's own (the shared test server is never restarted), stopped and started again on the same data directory
 * and port.
 */
class DatabaseRestartTest {

    static final LocalDate D1 = LocalDate.of(2025, 3, 1);

    @TempDir
    Path dir;

    Path pgData;
    int port;
    EmbeddedPostgres pg;
    StockroomProperties.Warehouse settings;
    TestWarehouse server;

    @BeforeEach
    void setUp() throws IOException {
        pgData = dir.resolve("pg");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        pg = startPostgres();
        settings = StockroomProperties.Warehouse.postgres(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "", "restarted");
        server = new TestWarehouse(dir.resolve("data"), settings);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
        pg.close();
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false) // a restart keeps the database
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
    }

    /** The database stops (every session ends, as after pg_ctl stop -m immediate or a failover) and starts again. */
    private void restartPostgres() throws IOException {
        pg.close();
        pg = startPostgres();
    }

    /** Another Stockroom process on the same warehouse (a CLI command beside the server). */
    private TestWarehouse another() {
        return new TestWarehouse(
                dir.resolve("data"),
                StockroomProperties.Warehouse.postgres(
                        settings.url(), settings.user(), settings.password(), settings.schema()));
    }

    private static CrashRecovery recoveryOf(TestWarehouse w) {
        return new CrashRecovery(new RunStore(w.warehouse), w.ingest, new ModelRunner(w.warehouse), null, w.warehouse);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            try {
                Thread.sleep(50); // polling, bounded above: a spin would take a core from the server it waits for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what, e);
            }
        }
    }

    @Test
    void aProcessWhoseRunWasUnderWayWhenTheDatabaseRestartedIsSeenAliveAgainAndKeepsItsRun() throws IOException {
        new RunStore(server.warehouse).start("run-live", D1, Trigger.SCHEDULE);
        long serverKey = server.warehouse.processKey();

        restartPostgres();

        try (TestWarehouse cli = another()) {
            // the server takes its key again by itself (it checks its session on a timer), within seconds
            await("the server is seen alive again after the restart", () -> cli.warehouse.isAlive(serverKey));
            assertThat(recoveryOf(cli).recover().interruptedRuns())
                    .as("the live server's run")
                    .isEmpty();
        }
        assertThat(server.string("SELECT status FROM runs WHERE run_id = 'run-live'"))
                .isEqualTo("running");
    }

    @Test
    void aRunStartedRightAfterTheDatabaseRestartedIsLeftAloneByAnotherProcessAndEndsAsItRan() throws IOException {
        long serverKey = server.warehouse.processKey();
        restartPostgres();

        try (TestWarehouse cli = another()) {
            // while the server's run is at its step, a CLI command starts beside it
            PipelineStep besideIt = TestSteps.step("beside", 1, context -> {
                assertThat(cli.warehouse.isAlive(serverKey))
                        .as("the server, running")
                        .isTrue();
                assertThat(recoveryOf(cli).recover().interruptedRuns())
                        .as("the server's run, under way")
                        .isEmpty();
                return StepOutcome.ok(0, "a step");
            });
            RunResult run = new PipelineService(
                            server.ingest,
                            server.contracts,
                            server.warehouse,
                            new RunStore(server.warehouse),
                            List.of(besideIt),
                            server.properties)
                    .run(D1, Trigger.CLI);

            assertThat(String.valueOf(run.error())).doesNotContain("Interrupted");
            assertThat(server.string("SELECT status FROM runs WHERE run_id = '" + run.runId() + "'"))
                    .isEqualTo(run.status())
                    .isNotEqualTo("failed");
            assertThat(server.count("SELECT COUNT(*) FROM run_stages WHERE run_id = '" + run.runId()
                            + "' AND name = 'recovery'"))
                    .isZero();
        }
    }

    @Test
    void aRunWhoseDatabaseGoesAwaySaysSoWithinSecondsAndItsProcessMarksItFailedWhenTheDatabaseIsBack() {
        long[] stoppedAt = {0};
        PipelineStep databaseGoesAway = TestSteps.step("models", 1, context -> {
            // PostgreSQL stops while the step has a statement to run (pg_ctl stop, a crash, a failover)
            server.warehouse.withConnection(c -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                stoppedAt[0] = System.nanoTime();
                return c.createStatement().execute("SELECT 1");
            });
            return StepOutcome.ok(0, "never");
        });
        PipelineService pipeline = new PipelineService(
                server.ingest,
                server.contracts,
                server.warehouse,
                new RunStore(server.warehouse),
                List.of(databaseGoesAway),
                server.properties);

        StockroomException lost = catchThrowableOfType(StockroomException.class, () -> pipeline.run(D1, Trigger.CLI));

        // not the pool's wait for a connection (30 s) ending in its own text (checked below, not timed: CI is busy)
        assertThat(lost.code()).isEqualTo(io.stockroom.ErrorCode.WAREHOUSE_UNREACHABLE);
        assertThat(lost.getMessage())
                .startsWith("Lost the connection to the warehouse (PostgreSQL at 127.0.0.1:" + port + ") during models"
                        + " of run run-" + D1)
                .contains("nothing it had not committed was kept")
                .contains("When the database is back, run " + D1 + " again")
                .doesNotContain("Connection is not available", "HikariPool", "stockroom-warehouse");
        java.util.regex.Matcher id =
                java.util.regex.Pattern.compile("of run (run-\\S+-[0-9a-f]{8})").matcher(lost.getMessage());
        assertThat(id.find()).isTrue();
        String runId = id.group(1);

        try {
            pg = startPostgres();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // no other process starts: the process that ran it records it failed, so the run list never shows it running
        await(
                "the run recorded failed by its own process once the database is back",
                () -> statusOf(runId).equals("failed"));
        assertThat(server.string("SELECT error FROM runs WHERE run_id = '" + runId + "'"))
                .startsWith("Lost the connection to the warehouse");
    }

    @Test
    void whileItsKeySessionCannotBeOpenedAgainAProcessStartsNoRunAndItStartsOnceItCan() throws Exception {
        PipelineService pipeline = new PipelineService(
                server.ingest,
                server.contracts,
                server.warehouse,
                new RunStore(server.warehouse),
                List.of(),
                server.properties);
        long serverKey = server.warehouse.processKey();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        // a database may not refuse the session that changes it: the change is made from another one
        String template = "jdbc:postgresql://127.0.0.1:" + port + "/template1";
        try (java.sql.Connection admin = java.sql.DriverManager.getConnection(url, "postgres", "");
                java.sql.Statement s = admin.createStatement();
                java.sql.Connection other = java.sql.DriverManager.getConnection(template, "postgres", "");
                java.sql.Statement o = other.createStatement()) {
            // the database takes no new session (a connection limit reached, an access rule changed) and the one
            // holding the server's key ends (a network cut of that connection): the key is free for others to take
            o.execute("ALTER DATABASE postgres ALLOW_CONNECTIONS false");
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'stockroom"
                    + " process'");

            StockroomException refused =
                    catchThrowableOfType(StockroomException.class, () -> pipeline.run(D1, Trigger.CLI));

            assertThat(refused.code()).isEqualTo(io.stockroom.ErrorCode.WAREHOUSE_UNREACHABLE);
            assertThat(refused.getMessage())
                    .contains("cannot open it again")
                    .contains("takes no new run, feed or upload until it can");
            try (java.sql.ResultSet r = s.executeQuery("SELECT COUNT(*) FROM restarted.runs")) {
                r.next();
                assertThat(r.getLong(1))
                        .as("runs started while the key was not held")
                        .isZero();
            }
            o.execute("ALTER DATABASE postgres ALLOW_CONNECTIONS true");
        }

        RunResult run = pipeline.run(D1, Trigger.CLI);

        assertThat(run.status()).isNotEqualTo("failed");
        try (TestWarehouse cli = another()) {
            assertThat(cli.warehouse.isAlive(serverKey))
                    .as("the server holds its key again")
                    .isTrue();
        }
    }

    private String statusOf(String runId) {
        try {
            return server.string("SELECT status FROM runs WHERE run_id = '" + runId + "'");
        } catch (RuntimeException stillDown) {
            return "unknown";
        }
    }
}
