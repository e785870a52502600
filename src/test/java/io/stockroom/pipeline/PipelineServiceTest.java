package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestWarehouse;
import io.stockroom.pipeline.PipelineStep.StepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineServiceTest {

    static final LocalDate D1 = LocalDate.of(2025, 3, 1);
    static final LocalDate D2 = D1.plusDays(1);

    @TempDir
    Path dir;

    TestWarehouse w;
    PipelineService pipeline;
    List<RunContext> stepCalls = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        w = new TestWarehouse(dir);
        PipelineStep recorder = TestSteps.step("models", 10, context -> {
            stepCalls.add(context);
            return StepOutcome.ok(0, "recorded");
        });
        pipeline = new PipelineService(
                w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(recorder), w.properties);
        drop(D1, "stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n");
        drop(
                D1,
                "products.csv",
                "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\nB,Banana,Fruit,0.2,0.4\n");
        drop(D1, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\nS2,B,2025-03-01,5,2\n");
        drop(D2, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-02,1,1\nS2,A,2025-03-02,2,2\n");
    }

    @AfterEach
    void close() {
        w.close();
    }

    /**
     * A late corrected file in the drop folder loads by key (an upsert) and keeps the rows it does not mention; named
     * {@code *.complete.csv} it is the whole slice of each store-day it holds, as {@code stockroom ingest --complete}:
     * before, a drop-folder file could not be declared complete, and a "corrected" file sent without its bad rows left
     * them in place without a word (docs/pipeline.md, "Late-arriving data").
     */
    @Test
    void aLateFileNamedCompleteReplacesTheStoreDaysItHoldsAndAPlainOneOnlyUpdates() throws IOException {
        pipeline.run(D1, Trigger.CLI);
        drop(D1, "sales_fix.csv", "store_id,sku,date,units_sold,total_sales\nS1,B,2025-03-01,2,0.8\n");
        pipeline.run(D1, Trigger.CLI);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S1'"))
                .as("a plain late file is an upsert: S1's apple row stays")
                .isEqualTo(2);

        drop(D1, "sales_fix2.complete.csv", "store_id,sku,date,units_sold,total_sales\nS1,B,2025-03-01,1,0.4\n");
        RunResult run = pipeline.run(D1, Trigger.CLI);

        assertThat(w.string("SELECT sku || ' ' || CAST(CAST(units_sold AS INTEGER) AS VARCHAR) FROM sales"
                        + " WHERE store_id = 'S1'"))
                .as("S1's day is exactly the complete file's rows")
                .isEqualTo("B 1");
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE store_id = 'S2'"))
                .as("a store the file does not hold is untouched")
                .isEqualTo(1);
        assertThat(w.string("SELECT load_mode FROM feeds WHERE original_name = 'sales_fix2.complete.csv'"))
                .isEqualTo("replace_slice");
        assertThat(run.feeds())
                .singleElement()
                .satisfies(f -> assertThat(f.dataset()).isEqualTo("sales"));
    }

    @Test
    void aStepThatFailsIsTheRunsFailedStageUnderItsOwnName() {
        // before, the failed stage was called "step", whichever step it was
        PipelineStep failing = TestSteps.step("replenishment", 20, context -> {
            throw new IllegalStateException("the step broke");
        });
        PipelineService service = new PipelineService(
                w.ingest, w.contracts, w.warehouse, new RunStore(w.warehouse), List.of(failing), w.properties);
        RunResult r = service.run(D1, Trigger.CLI);
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.stages().getLast())
                .extracting(RunStore.Stage::name, RunStore.Stage::status, RunStore.Stage::error)
                .containsExactly("replenishment", "failed", "java.lang.IllegalStateException: the step broke");
    }

    @Test
    void aRunLoadsMasterDataBeforeFactsAndRecordsItsStages() {
        RunResult r = pipeline.run(D1, Trigger.CLI);
        assertThat(r.status()).isEqualTo("succeeded");
        assertThat(r.feeds()).extracting(f -> f.dataset()).containsExactly("stores", "products", "sales");
        assertThat(r.stages())
                .extracting(RunStore.Stage::name)
                .containsExactly("ingest", "quality_gate", "completeness", "models");
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(2);
        assertThat(w.count("SELECT COUNT(*) FROM run_stages WHERE run_id = '" + r.runId() + "'"))
                .isEqualTo(4);
        assertThat(new RunStore(w.warehouse).find(r.runId()).orElseThrow().stages())
                .hasSize(4);
        assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'run' AND entity_id = '" + r.runId() + "'"))
                .isEqualTo(1);
    }

    @Test
    void aBackgroundRunIsAuditedAsTheUserWhoStartedItWithTheirRole() throws InterruptedException {
        var auth = org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                "dana",
                null,
                List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority(
                        io.stockroom.security.Role.DATA_ENGINEER.authority())));
        org.springframework.security.core.context.SecurityContextHolder.getContext()
                .setAuthentication(auth);
        String runId;
        try {
            runId = pipeline.start(D1, false, Trigger.API);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        RunStore runs = new RunStore(w.warehouse);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        while (runs.find(runId).map(r -> "running".equals(r.status())).orElse(true) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // the run row and each feed it loaded name the user and role, through the one audit writer
        assertThat(
                        w.count(
                                "SELECT COUNT(*) FROM audit_log WHERE action = 'run' AND entity_id = '" + runId
                                        + "' AND actor = 'dana' "
                                        + "AND actor_role = 'data_engineer' AND category = 'write' AND ingestion_date = DATE '2025-03-01' AND after_value LIKE '{%'"))
                .isEqualTo(1);
        assertThat(w.count(
                        "SELECT COUNT(*) FROM audit_log WHERE action = 'ingest' AND actor = 'dana' AND actor_role = 'data_engineer' "
                                + "AND file_name IN ('stores.csv', 'products.csv', 'sales.csv')"))
                .isEqualTo(3);
        assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE actor = 'system'"))
                .as("nothing of this run is left to 'system'")
                .isZero();
    }

    @Test
    void anAcceptedRunThatCannotBeginIsRecordedAsFailedWithTheReasonAndTheNextRunCanStart()
            throws InterruptedException {
        // the warehouse connection drops just as the background run records its start
        RunStore losingTheConnectionOnce = new RunStore(w.warehouse) {
            private boolean lost;

            @Override
            void start(String runId, LocalDate date, Trigger trigger) {
                if (!lost) {
                    lost = true;
                    throw new io.stockroom.StockroomException(
                            io.stockroom.ErrorCode.WAREHOUSE_ERROR, "Cannot reach the warehouse: connection reset");
                }
                super.start(runId, date, trigger);
            }
        };
        PipelineService service = new PipelineService(
                w.ingest, w.contracts, w.warehouse, losingTheConnectionOnce, List.of(), w.properties);
        RunStore runs = new RunStore(w.warehouse);

        String runId = service.start(D1, false, Trigger.API);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        // until the background run has ended (it records the run 'running', then 'failed': not the moment between)
        while (service.queued(runId).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        RunStore.Run run = runs.find(runId)
                .orElseThrow(
                        () -> new AssertionError("the accepted run " + runId + " vanished: its id answers nothing"));
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error())
                .contains("could not start")
                .contains("connection reset")
                .contains("start the run of 2025-03-01 again");
        assertThat(run.stages()).extracting(RunStore.Stage::name).containsExactly("start");
        assertThat(w.count("SELECT COUNT(*) FROM audit_log WHERE action = 'run' AND entity_id = '" + runId
                        + "' AND status = 'failed'"))
                .isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM feeds"))
                .as("nothing was loaded")
                .isZero();

        String next = service.start(D1, false, Trigger.API);
        while (runs.find(next).map(r -> "running".equals(r.status())).orElse(true) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(runs.find(next).orElseThrow().status())
                .as("the one-run permit came back")
                .isEqualTo("succeeded");
    }

    @Test
    void aRunDoesNotTakeFilesOfLaterDatesAndARerunPicksUpNothingTwice() {
        RunResult first = pipeline.run(D1, Trigger.CLI);
        assertThat(first.feeds()).noneMatch(f -> D2.equals(f.businessDate()));
        RunResult again = pipeline.run(D1, Trigger.CLI);
        assertThat(again.feeds()).isEmpty();
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(2);
    }

    /**
     * A file uploaded under its final name is in the drop folder while its writer is still appending: read then, its
     * rows so far would load as the whole file and the day would count as arrived. The run leaves it for the next run
     * and says so; once the writer is done, the next run loads every row.
     */
    @Test
    void aFileStillBeingWrittenIsLeftForTheNextRun() throws Exception {
        pipeline.backfill(D1, D2, r -> {});
        LocalDate d3 = D2.plusDays(1);
        Path folder = w.properties.resolvedDropDir().resolve(d3.toString());
        Files.createDirectories(folder);
        Path file = folder.resolve("sales.csv");
        Files.writeString(file, "store_id,sku,date,channel,units_sold,total_sales\n");
        java.util.concurrent.atomic.AtomicBoolean runDone = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger rows = new java.util.concurrent.atomic.AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            // a slow upload: one row about every 20 ms until the run has looked, then the last rows
            try {
                while (!runDone.get() || rows.get() < 4) {
                    int n = rows.getAndIncrement();
                    Files.writeString(
                            file,
                            "S" + (n % 2 + 1) + ",A,2025-03-03,till" + n + "," + (n + 1) + ",1\n",
                            java.nio.file.StandardOpenOption.APPEND);
                    Thread.sleep(20);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // the run starts once the upload is under way
        while (rows.get() < 2) {
            Thread.onSpinWait();
        }
        RunResult during = pipeline.run(d3, Trigger.CLI);
        runDone.set(true);
        writer.join();
        assertThat(during.feeds()).noneMatch(f -> d3.equals(f.businessDate()));
        assertThat(during.stages().getFirst().detail()).contains("still being written", "sales.csv");
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-03'"))
                .isZero();

        RunResult after = pipeline.run(d3, Trigger.CLI);
        assertThat(after.feeds())
                .singleElement()
                .satisfies(f -> assertThat(f.recordsRead()).isEqualTo(rows.get()));
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-03'"))
                .as("every row the writer wrote, none of them twice")
                .isEqualTo(rows.get());
    }

    /**
     * A slow link's upload can stall longer than the default settle time (500 ms) mid-file; with
     * stockroom.drop-settle-time raised, a run that starts during the stall waits that long and, the file having grown
     * meanwhile, leaves it for the next run instead of reading its first rows as the whole file.
     */
    @Test
    void aLongerSettleTimeWaitsOutAWriterThatStallsMidFile() throws Exception {
        pipeline.backfill(D1, D2, r -> {});
        StockroomProperties p = w.properties;
        PipelineService patient = new PipelineService(
                w.ingest,
                w.contracts,
                w.warehouse,
                new RunStore(w.warehouse),
                List.of(),
                new StockroomProperties(
                        p.dataDir(),
                        p.contractsDir(),
                        p.dropDir(),
                        p.warehouse(),
                        p.quality(),
                        p.timezone(),
                        java.time.Duration.ofSeconds(10)));
        LocalDate d3 = D2.plusDays(1);
        Path folder = Files.createDirectories(w.properties.resolvedDropDir().resolve(d3.toString()));
        Path file = folder.resolve("sales.csv");
        Files.writeString(file, "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-03,1,1\nS2,A,2025-03-03,2,2\n");
        java.time.Instant firstPart = Files.getLastModifiedTime(file).toInstant();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(1_500); // the stall: three times the default settle time
                Files.writeString(
                        file, "S1,B,2025-03-03,3,3\nS2,B,2025-03-03,4,4\n", java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // the run starts once the file has been quiet for longer than the default settle time
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (java.time.Instant.now().isBefore(firstPart.plusMillis(700)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        RunResult during = patient.run(d3, Trigger.CLI);
        writer.join();
        assertThat(during.stages().getFirst().detail()).contains("still being written", "sales.csv");
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-03'"))
                .isZero();

        patient.run(d3, Trigger.CLI);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-03'"))
                .isEqualTo(4);
    }

    @Test
    void backfillRunsEachDateInOrder() {
        List<RunResult> results = pipeline.backfill(D1, D2, r -> {});
        assertThat(results).extracting(RunResult::businessDate).containsExactly(D1, D2);
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(4);
    }

    @Test
    void aLateCorrectionReloadsItsSliceAndTellsTheModelsWhichDatesChanged() throws IOException {
        pipeline.backfill(D1, D2, r -> {});
        drop(D1, "sales_correction.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,7,7\n");
        RunResult r = pipeline.run(D2.plusDays(1), Trigger.CLI);
        assertThat(r.datesTouched()).contains(D1);
        assertThat(stepCalls.get(stepCalls.size() - 1).datesTouched())
                .contains(D1)
                .doesNotContain(D2);
        assertThat(
                        w.count(
                                "SELECT CAST(SUM(units_sold) AS BIGINT) FROM sales WHERE business_date = DATE '2025-03-01' AND store_id = 'S1'"))
                .isEqualTo(7);
        assertThat(w.count("SELECT COUNT(*) FROM sales WHERE business_date = DATE '2025-03-01'"))
                .as("S2's rows stay")
                .isEqualTo(2);
    }

    @Test
    void aReplayRebuildsTheDateFromTheRawLakeAlone() throws IOException {
        pipeline.backfill(D1, D2, r -> {});
        String before = salesChecksum();
        // Wreck the warehouse slice and delete the drop folder: only the lake remains.
        w.warehouse.withConnection(
                c -> c.createStatement().execute("DELETE FROM sales WHERE business_date = DATE '2025-03-01'"));
        deleteTree(w.properties.resolvedDropDir());
        RunResult r = pipeline.replay(D1);
        assertThat(r.status()).isEqualTo("succeeded");
        assertThat(r.trigger()).isEqualTo(Trigger.REPLAY);
        String after = salesChecksum();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aReplayOfADateLeavesLaterCorrectionsOfTheOtherDatesInItsFilesStanding() throws IOException {
        // D1's file also carries D2's first figures (a weekly export, a rolling fulfilment file); D2's own file then
        // corrects them. Replaying D1 re-reads the first file whole: D2 must keep the correction, not the first figure.
        deleteTree(w.properties.resolvedDropDir());
        drop(D1, "stores.csv", "store_id,name,area\nS1,Leeds,North\n");
        drop(D1, "products.csv", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\n");
        drop(D1, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\nS1,A,2025-03-02,1,1\n");
        pipeline.run(D1, Trigger.CLI);
        drop(D2, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-02,7,7\n");
        pipeline.run(D2, Trigger.CLI);
        String before = salesChecksum();
        assertThat(w.count("SELECT units_sold FROM sales WHERE business_date = DATE '2025-03-02'"))
                .isEqualTo(7);

        RunResult replay = pipeline.replay(D1);

        assertThat(replay.status()).isEqualTo("succeeded");
        assertThat(w.count("SELECT units_sold FROM sales WHERE business_date = DATE '2025-03-02'"))
                .as("D2's correction, loaded after the file replayed for D1")
                .isEqualTo(7);
        assertThat(salesChecksum()).isEqualTo(before);
    }

    @Test
    void aReplayedFeedKeepsTheBusinessDateItWasFirstLoadedFor() throws IOException {
        // D1's drop folder holds a file that also carries D2's rows: it is D1's feed (its quality and freshness count
        // for D1), and its replay must be too, not a feed of D2, the last date in it
        drop(D1, "sales.csv", "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\nS1,A,2025-03-02,1,1\n");
        pipeline.run(D1, Trigger.CLI);
        assertThat(w.string("SELECT CAST(business_date AS VARCHAR) FROM feeds WHERE dataset = 'sales'"))
                .isEqualTo("2025-03-01");

        pipeline.replay(D1);

        assertThat(w.string("SELECT CAST(business_date AS VARCHAR) FROM feeds WHERE replay_of IS NOT NULL"))
                .isEqualTo("2025-03-01");
    }

    @Test
    void aReplayGivesTheSameMartsAsTheFirstRun() throws IOException {
        drop(
                D1,
                "inventory.csv",
                "store_id,sku,date,on_hand,on_order\nS1,A,2025-03-01,10,0\nS1,B,2025-03-01,0,6\nS2,A,2025-03-01,4,0\nS2,B,2025-03-01,9,0\n");
        drop(
                D2,
                "inventory.csv",
                "store_id,sku,date,on_hand,on_order\nS1,A,2025-03-02,9,0\nS1,B,2025-03-02,6,0\nS2,A,2025-03-02,2,0\nS2,B,2025-03-02,9,0\n");
        drop(D2, "labour.csv", "store_id,date,hours,labour_cost\nS1,2025-03-02,16,240\nS2,2025-03-02,12,180\n");
        PipelineService withModels = new PipelineService(
                w.ingest,
                w.contracts,
                w.warehouse,
                new RunStore(w.warehouse),
                List.of(new ModelsStep(new io.stockroom.model.ModelRunner(w.warehouse))),
                w.properties);
        withModels.backfill(D1, D2, r -> assertThat(r.status()).isEqualTo("succeeded"));
        String before = martChecksums();
        assertThat(w.count("SELECT COUNT(*) FROM mart_sales_daily")).isPositive();
        assertThat(w.count("SELECT COUNT(*) FROM mart_inventory_position")).isPositive();

        w.warehouse.withConnection(
                c -> c.createStatement().execute("DELETE FROM sales WHERE business_date = DATE '2025-03-01'"));
        w.warehouse.withConnection(
                c -> c.createStatement().execute("DELETE FROM inventory WHERE business_date = DATE '2025-03-01'"));
        deleteTree(w.properties.resolvedDropDir());
        RunResult replay = withModels.replay(D1);
        assertThat(replay.status()).isEqualTo("succeeded");
        assertThat(martChecksums()).isEqualTo(before);
    }

    /**
     * Orders load in append mode: a replay re-reads a file whose lines are in the warehouse already. The replayed day
     * must count them as loaded as the first run did (read = loaded + quarantined), each line once.
     */
    @Test
    void aReplayCountsTheLinesOfAnAppendDatasetAsLoadedOnceAsTheFirstRunDid() throws IOException {
        StringBuilder lines = new StringBuilder("order_id,ordered_at,sku,quantity,unit_price\n");
        for (int i = 1; i <= 29; i++) {
            lines.append("O")
                    .append(i)
                    .append(",2025-03-01 09:")
                    .append(10 + i)
                    .append(":00,A,")
                    .append(i)
                    .append(",1\n");
        }
        lines.append("O30,2025-03-01 10:00:00,B,1,-1\n"); // a negative price: quarantined
        drop(D1, "orders.csv", lines.toString());
        PipelineService withModels = new PipelineService(
                w.ingest,
                w.contracts,
                w.warehouse,
                new RunStore(w.warehouse),
                List.of(new ModelsStep(new io.stockroom.model.ModelRunner(w.warehouse))),
                w.properties);
        withModels.backfill(D1, D2, r -> {});
        String quality =
                "SELECT CAST(records_read AS VARCHAR) || ' read, ' || CAST(records_loaded AS VARCHAR) || ' loaded, '"
                        + " || CAST(records_quarantined AS VARCHAR) || ' quarantined' FROM mart_quality_daily"
                        + " WHERE business_date = DATE '2025-03-01'";
        String orders = "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT order_id || sku"
                + " || CAST(quantity AS VARCHAR) || CAST(business_date AS VARCHAR) AS x FROM orders) s";
        String before = w.string(quality);
        String ordersBefore = w.string(orders);
        assertThat(w.count("SELECT COUNT(*) FROM orders")).isEqualTo(29);

        RunResult replay = withModels.replay(D1);

        assertThat(replay.feeds())
                .filteredOn(f -> "orders".equals(f.dataset()))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.recordsRead()).isEqualTo(30);
                    assertThat(f.recordsLoaded()).isEqualTo(29);
                    assertThat(f.recordsQuarantined()).isEqualTo(1);
                });
        assertThat(w.string(quality)).isEqualTo(before);
        assertThat(w.count("SELECT COUNT(*) FROM orders")).as("each line once").isEqualTo(29);
        assertThat(w.string(orders)).isEqualTo(ordersBefore);

        withModels.replay(D1);
        assertThat(w.string(quality)).as("a second replay too").isEqualTo(before);
        assertThat(w.count("SELECT COUNT(*) FROM orders")).isEqualTo(29);
    }

    /** md5 per business mart, over its rows in a canonical order. Feed-lineage marts differ by design after a replay. */
    private String martChecksums() {
        StringBuilder out = new StringBuilder();
        for (String table : List.of(
                "mart_sales_daily",
                "mart_sales_store_daily",
                "mart_sales_category_daily",
                "mart_sales_chain_daily",
                "mart_labour_daily",
                "mart_inventory_position",
                "mart_inventory_alerts")) {
            out.append(table)
                    .append('=')
                    .append(w.string(
                            "SELECT md5(COALESCE(string_agg(x, '|' ORDER BY x), '')) FROM (SELECT CAST(t AS VARCHAR) AS x FROM "
                                    + table + " t) s"))
                    .append('\n');
        }
        return out.toString();
    }

    private String salesChecksum() {
        return w.string(
                "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (SELECT store_id || sku || CAST(business_date AS VARCHAR) || "
                        + "CAST(units_sold AS VARCHAR) || CAST(total_sales AS VARCHAR) AS x FROM sales)");
    }

    private void drop(LocalDate date, String name, String content) throws IOException {
        Path folder = w.properties.resolvedDropDir().resolve(date.toString());
        Files.createDirectories(folder);
        Path f = folder.resolve(name);
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now()));
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
