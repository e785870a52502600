package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestWarehouse;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.ingest.UploadProperties;
import io.stockroom.ingest.UploadService;
import io.stockroom.model.ModelRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several Stockroom processes on one PostgreSQL warehouse and one data directory (the server, a CLI command, the
 * scheduler): what one starts or refreshes must never undo what another, alive, is doing. Each "process" here is a
 * warehouse of its own (its own connection pool, sessions and process key) over the same schema and folder.
 */
class SeveralProcessesTest {

    static final LocalDate D1 = LocalDate.of(2025, 3, 1);
    static final String SALES = "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\nS2,B,2025-03-01,5,2\n";

    @TempDir
    Path dir;

    StockroomProperties.Warehouse settings;
    TestWarehouse server;

    @BeforeEach
    void setUp() throws IOException {
        settings = TestPostgres.newWarehouse();
        server = new TestWarehouse(dir.resolve("data"), settings);
        load(server, "stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n");
        load(
                server,
                "products.csv",
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\nB,Banana,Fruit,0.2,0.4\n");
        load(server, "sales.csv", SALES);
    }

    @AfterEach
    void close() {
        server.close();
    }

    private void load(TestWarehouse w, String name, String content) throws IOException {
        Path file = Files.writeString(dir.resolve(name), content);
        w.ingest.ingest(file, IngestRequest.of(name, null, null, "cli"));
    }

    /** A second process opening the same warehouse and data directory (a CLI command beside the server). */
    private TestWarehouse another() {
        return new TestWarehouse(dir.resolve("data"), TestPostgres.sameWarehouse(settings));
    }

    private static CrashRecovery recoveryOf(TestWarehouse w, UploadService uploads) {
        return new CrashRecovery(
                new RunStore(w.warehouse), w.ingest, new ModelRunner(w.warehouse), uploads, w.warehouse);
    }

    private static UploadService uploadsOf(TestWarehouse w) {
        return new UploadService(w.ingest, new UploadProperties(Duration.ofHours(1), 20), w.warehouse, event -> {});
    }

    @Test
    void aProcessStartingBesideALiveOneLeavesItsRunItsFeedsAndItsFilesAloneAndSettlesThemOnceItIsGone()
            throws IOException {
        // the server is in the middle of a run, and has acknowledged an upload it has not transformed yet
        new RunStore(server.warehouse).start("run-live", D1, Trigger.SCHEDULE);
        Path upload = Files.writeString(
                dir.resolve("sales_fix.csv"), "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,9,9\n");
        IngestService.Submitted queued =
                server.ingest.submit(upload, IngestRequest.of("sales_fix.csv", "sales", null, "upload"));
        // and is copying another file into the lake
        Path part = dir.resolve("data/lake/raw/_incoming/" + queued.feedId() + "__more_sales.csv.part");
        Files.writeString(part, "store_id,sku,date,units_sold,total_sales\nS1,");
        UploadService serverUploads = uploadsOf(server);

        try (TestWarehouse cli = another();
                UploadService cliUploads = uploadsOf(cli)) {
            CrashRecovery.Report report = recoveryOf(cli, cliUploads).recover();

            assertThat(report.interruptedRuns()).as("the server's run is alive").isEmpty();
            assertThat(report.feeds())
                    .as("the server's upload is its own to transform")
                    .isEmpty();
            assertThat(report.lake().partialRemoved())
                    .as("the server's copy under way")
                    .isEmpty();
        }
        assertThat(server.string("SELECT status FROM runs WHERE run_id = 'run-live'"))
                .isEqualTo("running");
        assertThat(server.string("SELECT status FROM feeds WHERE feed_id = '" + queued.feedId() + "'"))
                .isEqualTo("queued");
        assertThat(part).exists();

        // the server dies (kill -9: its sessions end); the next process to start settles what it left
        serverUploads.close();
        server.warehouse.close();
        try (TestWarehouse next = another();
                UploadService nextUploads = uploadsOf(next)) {
            CrashRecovery.Report report = recoveryOf(next, nextUploads).recover();

            assertThat(report.interruptedRuns()).containsExactly("run-live");
            assertThat(report.feeds())
                    .singleElement()
                    .satisfies(r -> assertThat(r.resumed()).isTrue());
            assertThat(report.lake().partialRemoved()).hasSize(1);
            assertThat(next.string("SELECT status FROM runs WHERE run_id = 'run-live'"))
                    .isEqualTo("failed");
            assertThat(next.string("SELECT status FROM feeds WHERE feed_id = '" + queued.feedId() + "'"))
                    .isEqualTo("transformed");
            assertThat(part).doesNotExist();
            assertThat(recoveryOf(next, nextUploads).recover().interruptedRuns())
                    .as("settled once")
                    .isEmpty();
        }
        server = another(); // for close()
    }

    @Test
    void aRunOfTheDateThatAKilledProcessWasRunningSettlesItsRunInsteadOfLeavingItRunningForEver() {
        // the CLI starts while the server's run of D1 is under way, so its start leaves that run alone
        new RunStore(server.warehouse).start("run-live", D1, Trigger.SCHEDULE);
        try (TestWarehouse cli = another()) {
            assertThat(recoveryOf(cli, null).recover().interruptedRuns()).isEmpty();
            // then the server is killed (its sessions end) while the CLI's run of the same date waits for the date
            server.warehouse.close();
            RunResult run = new PipelineService(
                            cli.ingest,
                            cli.contracts,
                            cli.warehouse,
                            new RunStore(cli.warehouse),
                            List.of(),
                            cli.properties)
                    .run(D1, Trigger.CLI);

            assertThat(cli.string("SELECT status FROM runs WHERE run_id = 'run-live'"))
                    .as("the killed server's run, once the CLI's run of its date has run")
                    .isEqualTo("failed");
            assertThat(run.stages())
                    .as("the run says what it found")
                    .anySatisfy(st -> assertThat(st.name() + " " + st.detail())
                            .contains("recovery")
                            .contains("run-live"));
        }
        server = another(); // for close()
    }

    @Test
    void twoProcessesRefreshingTheSameDatesLeaveEveryMartRowOnce() throws Exception {
        load(server, "costs.csv", "sku,valid_from,unit_cost\nA,2025-01-01,0.45\nB,2025-01-01,0.18\n");
        load(
                server,
                "orders.csv",
                "order_id,ordered_at,customer_id,sku,quantity,unit_price\n"
                        + "O1,2025-03-01 10:00:00,C1,A,1,1.00\nO2,2025-03-01 11:00:00,C2,B,2,0.40\n");
        ModelRunner serverModels = new ModelRunner(server.warehouse);
        serverModels.rebuildAll();
        Map<String, Long> before = rowsPerModelTable(serverModels);
        assertThat(before.get("mart_sales_daily")).isPositive();
        // both refreshes start together: this test holds the table of the first model with rows, so both wait there,
        // then go
        String firstWithRows = serverModels.modelNames().stream()
                .filter(m -> before.getOrDefault(m, 0L) > 0)
                .findFirst()
                .orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestWarehouse cli = another();
                Connection blocker = server.warehouse.connection()) {
            ModelRunner cliModels = new ModelRunner(cli.warehouse);
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE " + firstWithRows + " IN ACCESS EXCLUSIVE MODE");
            }
            Future<?> first = pool.submit(() -> serverModels.refresh(Set.of(D1)));
            waitForSessionsWaiting(1);
            Future<?> second = pool.submit(() -> cliModels.refresh(Set.of(D1)));
            waitForSessionsWaiting(2);
            blocker.commit();
            first.get(3, TimeUnit.MINUTES);
            second.get(3, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertThat(rowsPerModelTable(serverModels))
                .as("every model's rows once, after two refreshes of the same date")
                .isEqualTo(before);
    }

    private Map<String, Long> rowsPerModelTable(ModelRunner models) {
        Map<String, Long> rows = new TreeMap<>();
        for (String model : models.modelNames()) {
            if (server.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() "
                            + "AND table_type = 'BASE TABLE' AND table_name = '" + model + "'")
                    == 1) {
                rows.put(model, server.count("SELECT COUNT(*) FROM " + model));
            }
        }
        return rows;
    }

    /** Waits (bounded) until this many sessions of the test server wait for a lock. */
    private void waitForSessionsWaiting(int sessions) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (waiting() < sessions && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(waiting()).as("sessions waiting for a lock").isGreaterThanOrEqualTo(sessions);
    }

    private long waiting() {
        return server.count("SELECT COUNT(*) FROM pg_locks WHERE NOT granted");
    }
}
