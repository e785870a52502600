package io.stockroom.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stockroom.StockroomException;
import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.IngestService;
import io.stockroom.ingest.UploadProperties;
import io.stockroom.ingest.UploadService;
import io.stockroom.model.ModelRunner;
import io.stockroom.warehouse.Sql;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a restart does with what a stopped process left behind, and the raw lake's append-only guarantees. The states a
 * crash leaves are made here directly (a feed queued but never transformed, a run left running); FaultInjectionTest
 * makes them by killing a real process.
 */
class CrashRecoveryTest {

    static final LocalDate D1 = LocalDate.of(2025, 3, 1);
    static final String SALES = "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,3,3\nS2,B,2025-03-01,5,2\n";

    @TempDir
    Path dir;

    TestWarehouse w;
    ModelRunner models;
    PipelineService pipeline;
    UploadService uploads;

    @BeforeEach
    void setUp() throws IOException {
        open(new TestWarehouse(dir));
        drop("stores.csv", "store_id,name,area\nS1,Leeds,North\nS2,York,North\n");
        drop("products.csv", "sku,name,category,unit_cost,unit_price\nA,Apple,Fruit,0.5,1\nB,Banana,Fruit,0.2,0.4\n");
        drop("sales.csv", SALES);
    }

    private void open(TestWarehouse warehouse) {
        w = warehouse;
        models = new ModelRunner(w.warehouse);
        pipeline = new PipelineService(
                w.ingest,
                w.contracts,
                w.warehouse,
                new RunStore(w.warehouse),
                List.of(new ModelsStep(models)),
                w.properties);
        uploads = new UploadService(w.ingest, new UploadProperties(Duration.ofHours(1), 20), w.warehouse, event -> {});
    }

    @AfterEach
    void close() {
        uploads.close();
        w.close();
    }

    /**
     * The next start: this process stops (its sessions end, as with kill -9) and a new one opens the same warehouse and
     * folder; its recovery, which settles only what a stopped process left.
     */
    CrashRecovery recovery() {
        uploads.close();
        w.close();
        open(new TestWarehouse(dir, w.properties.warehouse()));
        return new CrashRecovery(new RunStore(w.warehouse), w.ingest, models, uploads, w.warehouse);
    }

    @Test
    void aFeedAcknowledgedButNotTransformedWhenTheProcessStoppedIsTransformedAtTheNextStart() throws IOException {
        pipeline.run(D1, Trigger.CLI);
        // What an upload answered with 202 leaves when the process dies before the background transform: a queued feed
        // and its bytes in the lake.
        Path upload = Files.writeString(
                dir.resolve("sales_fix.csv"), "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,9,9\n");
        IngestService.Submitted queued =
                w.ingest.submit(upload, IngestRequest.of("sales_fix.csv", "sales", null, "upload"));
        Files.delete(upload);
        assertThat(w.string("SELECT status FROM feeds WHERE feed_id = '" + queued.feedId() + "'"))
                .isEqualTo("queued");

        CrashRecovery.Report report = recovery().recover();

        assertThat(report.feeds()).singleElement().satisfies(r -> {
            assertThat(r.feedId()).isEqualTo(queued.feedId());
            assertThat(r.resumed()).isTrue();
        });
        assertThat(w.string("SELECT status FROM feeds WHERE feed_id = '" + queued.feedId() + "'"))
                .isEqualTo("transformed");
        assertThat(w.count("SELECT CAST(SUM(units_sold) AS BIGINT) FROM sales WHERE store_id = 'S1'"))
                .isEqualTo(9);
        assertThat(w.count("SELECT COUNT(*) FROM raw_manifest WHERE feed_id = '" + queued.feedId() + "'"))
                .isEqualTo(1);
        // the dashboards see it: the marts were refreshed for its date
        assertThat(w.count("SELECT CAST(SUM(units) AS BIGINT) FROM mart_sales_daily WHERE store_id = 'S1'"))
                .isEqualTo(9);
        assertThat(recovery().recover().feeds())
                .as("a second start finds nothing to do")
                .isEmpty();
    }

    @Test
    void aRunLeftRunningIsMarkedFailedWithTheReasonItsFeedFailsAndTheDateRunsAgain() {
        new RunStore(w.warehouse).start("run-dead", D1, Trigger.CLI);
        // the run had created a feed and copied its file into the lake, then the process died
        w.ingest.submit(
                w.properties.resolvedDropDir().resolve(D1.toString()).resolve("stores.csv"),
                new IngestRequest("stores.csv", null, D1, "drop", "run-dead", null, Map.of(), null));
        w.warehouse.withConnection(c -> c.createStatement().execute("UPDATE feeds SET status = 'processing'"));

        CrashRecovery.Report report = recovery().recover();

        assertThat(report.interruptedRuns()).containsExactly("run-dead");
        RunStore.Run run = new RunStore(w.warehouse).find("run-dead").orElseThrow();
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.error()).startsWith("Interrupted:").contains("Run the date again");
        assertThat(run.stages()).extracting(RunStore.Stage::name).containsExactly("recovery");
        assertThat(report.feeds())
                .singleElement()
                .satisfies(r -> assertThat(r.result().status()).isEqualTo(FeedStatus.FAILED));
        assertThat(w.string("SELECT summary FROM feeds WHERE run_id = 'run-dead'"))
                .contains("INTERRUPTED")
                .contains("run the date again");
        assertThat(w.string("SELECT dataset FROM feeds WHERE run_id = 'run-dead'"))
                .isEqualTo("stores");
        assertThat(w.count(
                        "SELECT COUNT(*) FROM raw_manifest m JOIN feeds f USING (feed_id) WHERE f.run_id = 'run-dead'"))
                .as("its raw bytes are kept like any other input's")
                .isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM feeds WHERE status IN ('processing', 'queued', 'transforming')"))
                .isZero();

        RunResult again = pipeline.run(D1, Trigger.CLI);
        assertThat(again.status()).isEqualTo("succeeded");
        assertThat(w.count("SELECT COUNT(*) FROM stores")).isEqualTo(2);
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isEqualTo(2);
    }

    /**
     * A server that finds a run its killed predecessor left names the way to run the date again that works beside it:
     * before, it said "stockroom run --date D", which the server refuses (WAREHOUSE_LOCKED) while it owns the file.
     */
    @Test
    void aRunAServerFindsInterruptedNamesTheRunsPageAndTheApiNotTheCommandItRefuses() {
        new RunStore(w.warehouse).start("run-api", D1, Trigger.API);
        new RunStore(w.warehouse).start("run-replay", D1.plusDays(1), Trigger.REPLAY);
        uploads.close();
        w.close();
        open(new TestWarehouse(dir, w.properties.warehouse()));
        CrashRecovery serving =
                new CrashRecovery(new RunStore(w.warehouse, true), w.ingest, models, uploads, w.warehouse);

        serving.recover();

        assertThat(new RunStore(w.warehouse).find("run-api").orElseThrow().error())
                .contains("Runs page")
                .contains("POST /api/v1/runs {\"date\": \"" + D1 + "\"}")
                .doesNotContain("stockroom run --date");
        assertThat(new RunStore(w.warehouse).find("run-replay").orElseThrow().error())
                .contains("POST /api/v1/runs {\"date\": \"" + D1.plusDays(1) + "\", \"replay\": true}")
                .doesNotContain("stockroom replay --date");
        assertThat(serving.notices()).allSatisfy(n -> assertThat(n).doesNotContain("stockroom run --date"));
    }

    @Test
    void anInterruptedEmptyDayStaysFailedUntilItsOwnDayLoadsNotWhenAnotherDaysCopyOfTheSameBytesDoes()
            throws IOException {
        // a header-only file has the same bytes on every quiet day: only the interrupted day's own copy replaces it
        String header =
                "conversation_id,customer_id,order_id,opened_at,first_response_at,resolved_at,priority,channel\n";
        Path quiet = Files.writeString(dir.resolve("support_conversations.csv"), header);
        new RunStore(w.warehouse).start("run-dead", D1, Trigger.CLI);
        w.ingest.submit(
                quiet,
                new IngestRequest("support_conversations.csv", null, D1, "drop", "run-dead", null, Map.of(), null));
        w.warehouse.withConnection(c -> c.createStatement().execute("UPDATE feeds SET status = 'processing'"));
        recovery().recover();
        String interrupted = w.string("SELECT feed_id FROM feeds WHERE run_id = 'run-dead'");
        assertThat(w.string("SELECT status FROM feeds WHERE feed_id = '" + interrupted + "'"))
                .isEqualTo("failed");

        FeedResult nextDay = w.ingest.ingest(
                Files.writeString(quiet, header),
                IngestRequest.of("support_conversations.csv", null, D1.plusDays(1), "drop"));
        assertThat(nextDay.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(w.string("SELECT superseded_by FROM feeds WHERE feed_id = '" + interrupted + "'"))
                .as("the next day's empty file says nothing about " + D1)
                .isNull();

        FeedResult sameDay = w.ingest.ingest(
                Files.writeString(quiet, header), IngestRequest.of("support_conversations.csv", null, D1, "drop"));
        assertThat(sameDay.status()).isEqualTo(FeedStatus.TRANSFORMED);
        assertThat(w.string("SELECT superseded_by FROM feeds WHERE feed_id = '" + interrupted + "'"))
                .isEqualTo(sameDay.feedId());
    }

    @Test
    void orphanLakeFilesAreReconciledWithTheManifestAndReported() throws IOException {
        pipeline.run(D1, Trigger.CLI);
        Path lake = dir.resolve("lake/raw");
        // a file of a finished feed without its manifest row (the process died between filing and recording it)
        String salesFeed = w.string("SELECT feed_id FROM feeds WHERE dataset = 'sales'");
        String salesPath = w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + salesFeed + "'");
        w.warehouse.withConnection(
                c -> c.createStatement().execute("DELETE FROM raw_manifest WHERE feed_id = '" + salesFeed + "'"));
        // a partial copy, a file no feed knows, and a manifest row whose file is gone
        Files.createDirectories(lake.resolve("_incoming"));
        Files.writeString(lake.resolve("_incoming/feed-dead__sales.csv.part"), "store_id,sku");
        Files.writeString(lake.resolve("sales/2025-03-01/stray.csv"), "x\n");
        String storesPath = w.string("SELECT lake_path FROM raw_manifest WHERE dataset = 'stores'");
        Files.delete(dir.resolve(storesPath));

        IngestService.LakeReport report = recovery().recover().lake();

        assertThat(report.manifestAdded()).containsExactly(salesPath);
        assertThat(report.partialRemoved()).containsExactly("lake/raw/_incoming/feed-dead__sales.csv.part");
        assertThat(report.unknownFiles()).containsExactly("lake/raw/sales/2025-03-01/stray.csv");
        assertThat(report.missingFiles()).containsExactly(storesPath);
        assertThat(w.string("SELECT sha256 FROM raw_manifest WHERE feed_id = '" + salesFeed + "'"))
                .isEqualTo(w.string("SELECT sha256 FROM feeds WHERE feed_id = '" + salesFeed + "'"));
        assertThat(Files.exists(lake.resolve("sales/2025-03-01/stray.csv")))
                .as("a file nobody knows is never deleted")
                .isTrue();
        assertThat(w.string("SELECT error_log FROM audit_log WHERE action = 'reconcile'"))
                .contains(storesPath)
                .contains("restore them from backup");
        assertThat(recovery().recover().lake().manifestAdded()).isEmpty();
    }

    @Test
    void lakeFilesAreReadOnlyAndAReplayRefusesAChangedFileNamingItAndWhatToDo() throws IOException {
        pipeline.run(D1, Trigger.CLI);
        String lakePath = w.string("SELECT lake_path FROM raw_manifest WHERE dataset = 'sales'");
        Path raw = dir.resolve(lakePath);
        assertThat(Files.getPosixFilePermissions(raw))
                .doesNotContain(
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_WRITE);
        assertThat(lake().stream().filter(p -> p.endsWith(".part"))).isEmpty();

        // someone edits the lake anyway (as root, or after chmod)
        Files.setPosixFilePermissions(
                raw, java.util.Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        Files.writeString(raw, "S1,A,2025-03-01,300,300\n", StandardOpenOption.APPEND);
        long feedsBefore = w.count("SELECT COUNT(*) FROM feeds");

        RunResult replay = pipeline.replay(D1);

        assertThat(replay.status()).isEqualTo("failed");
        assertThat(replay.error())
                .contains(lakePath)
                .contains("has changed since it was received")
                .contains("restore the original file from backup");
        assertThat(w.count("SELECT COUNT(*) FROM feeds"))
                .as("nothing was re-read")
                .isEqualTo(feedsBefore);
        assertThat(w.count("SELECT CAST(SUM(units_sold) AS BIGINT) FROM sales")).isEqualTo(8);
        assertThatThrownBy(
                        () -> w.ingest.verifyRaw(w.string("SELECT feed_id FROM raw_manifest WHERE dataset = 'sales'")))
                .isInstanceOf(StockroomException.class)
                .hasMessageContaining(lakePath);
    }

    @Test
    void aModelNoLongerShippedDoesNotMakeEveryStartRefreshTheMarts() throws IOException {
        pipeline.run(D1, Trigger.CLI);
        // what an upgrade that renamed or dropped a model leaves: the old model's state row, refreshed long ago
        w.warehouse.inTransaction(c -> Sql.on(c)
                .sql("INSERT INTO model_state (model, definition_hash, last_scope, rows_written, refreshed_at) "
                        + "VALUES ('mart_retired', 'x', 'all', 0, TIMESTAMP '2020-01-01 00:00:00')")
                .update());

        assertThat(recovery().recover().martDates())
                .as("every load is in the shipped marts: nothing to refresh")
                .isEmpty();

        Path late = Files.writeString(
                dir.resolve("sales_late.csv"), "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-02,4,4\n");
        TestWarehouse.ok(w.ingest.ingest(late, IngestRequest.of("sales_late.csv", "sales", null, "cli")));
        assertThat(recovery().recover().martDates())
                .as("a load the shipped marts miss is still found")
                .containsExactly(D1.plusDays(1));
    }

    @Test
    void aMartAddedByANewVersionIsBuiltAtTheNextStartNotLeftEmptyUntilTheNextRun() {
        pipeline.run(D1, Trigger.CLI);
        String channels = table("mart_sales_store_channel_daily");
        assertThat(w.count("SELECT COUNT(*) FROM mart_sales_store_channel_daily"))
                .isPositive();
        // what the version before this mart leaves: no table and no state row for it (the dashboards' channel split
        // reads it; created empty by the first read, it showed no channels until the next run)
        w.warehouse.inTransaction(c -> {
            Sql.on(c).sql("DROP TABLE mart_sales_store_channel_daily").update();
            return Sql.on(c)
                    .sql("DELETE FROM model_state WHERE model = 'mart_sales_store_channel_daily'")
                    .update();
        });
        models.ensureTables();

        CrashRecovery.Report report = recovery().recover();

        assertThat(report.addedModels()).containsExactly("mart_sales_store_channel_daily");
        assertThat(table("mart_sales_store_channel_daily")).isEqualTo(channels);
        assertThat(recovery().recover().addedModels())
                .as("built once: the next start has nothing to add")
                .isEmpty();
    }

    @Test
    void aReplayDoesNotDoubleCountTheQualityMart() throws IOException {
        drop("sales.csv", SALES + "S1,B,2025-03-01,x,1\n");
        // a file with one bad row in three still loads when the threshold allows it: its quarantine is in the marts too
        PipelineService pipeline = new PipelineService(
                w.ingestWithThreshold(0.5),
                w.contracts,
                w.warehouse,
                new RunStore(w.warehouse),
                List.of(new ModelsStep(models)),
                w.properties);
        pipeline.run(D1, Trigger.CLI);
        String quality = table("mart_quality_daily");
        String reasons = table("mart_quarantine_reasons");
        assertThat(w.count("SELECT records_read FROM mart_quality_daily WHERE business_date = DATE '2025-03-01'"))
                .isEqualTo(7); // 2 stores, 2 products, 3 sales

        assertThat(pipeline.replay(D1).status()).isEqualTo("succeeded");
        assertThat(pipeline.replay(D1).status()).isEqualTo("succeeded");

        assertThat(table("mart_quality_daily")).isEqualTo(quality);
        assertThat(w.count("SELECT COUNT(*) FROM mart_quarantine_reasons")).isEqualTo(1);
        assertThat(table("mart_quarantine_reasons").replaceAll("feed-[0-9a-f]+", "F"))
                .isEqualTo(reasons.replaceAll("feed-[0-9a-f]+", "F"));
    }

    @Test
    void aRefusedUploadKeepsItsBytesInTheLakeAndExpiredUploadsAreCleanedUp() throws IOException {
        String bad = "store_id,sku,date,units_sold,total_sales\nS1,A,2025-03-01,x,y\n";
        UploadService.Upload upload =
                uploads.receive("sales_bad.csv", new ByteArrayInputStream(bad.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> uploads.commit(upload.token(), "sales", Map.of()))
                .isInstanceOf(UploadService.RowErrors.class);

        String feed = w.string("SELECT feed_id FROM feeds WHERE original_name = 'sales_bad.csv'");
        assertThat(w.string("SELECT status FROM feeds WHERE feed_id = '" + feed + "'"))
                .isEqualTo("failed");
        assertThat(w.string("SELECT summary FROM feeds WHERE feed_id = '" + feed + "'"))
                .contains("ROW_ERRORS")
                .contains("refused at commit");
        String lakePath = w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + feed + "'");
        assertThat(Files.readString(dir.resolve(lakePath))).isEqualTo(bad);
        assertThat(w.count("SELECT COUNT(*) FROM sales")).isZero();

        // a file that cannot even be read is refused and kept all the same
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0, 1, 2, 3, 0, 0, 0, 0};
        UploadService.Upload photo = uploads.receive("sales_photo.csv", new ByteArrayInputStream(png));
        assertThatThrownBy(() -> uploads.commit(photo.token(), "sales", Map.of()))
                .isInstanceOf(StockroomException.class);
        String photoFeed =
                w.string("SELECT feed_id FROM feeds WHERE original_name = 'sales_photo.csv' AND status = 'failed'");
        assertThat(Files.readAllBytes(dir.resolve(
                        w.string("SELECT lake_path FROM raw_manifest WHERE feed_id = '" + photoFeed + "'"))))
                .isEqualTo(png);
        Files.setLastModifiedTime(
                dir.resolve("uploads").resolve(photo.token()).resolve(".name"),
                FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        // the token stays usable until it expires (the user may fix the mapping); then the working folder is emptied
        Path tokenDir = dir.resolve("uploads").resolve(upload.token());
        assertThat(uploads.cleanWorkingFolder(false)).isEqualTo(1); // the photo's, made old above
        assertThat(tokenDir).exists();
        Files.setLastModifiedTime(
                tokenDir.resolve(".name"), FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Files.createDirectories(dir.resolve("uploads/_batches"));
        Files.writeString(dir.resolve("uploads/_batches/sales_api_123.json"), "[]");
        assertThat(uploads.cleanWorkingFolder(true)).isEqualTo(2);
        assertThat(tokenDir).doesNotExist();
        assertThat(dir.resolve("uploads/_batches/sales_api_123.json")).doesNotExist();
    }

    @Test
    void aCommittedUploadLeavesNothingInTheWorkingFolder() throws IOException {
        pipeline.run(D1, Trigger.CLI);
        UploadService.Upload upload = uploads.receive(
                "sales_more.csv",
                new ByteArrayInputStream("store_id,sku,date,units_sold,total_sales\nS1,B,2025-03-02,1,1\n"
                        .getBytes(StandardCharsets.UTF_8)));
        String feed = uploads.commit(upload.token(), "sales", Map.of()).feedId();
        assertThat(dir.resolve("uploads").resolve(upload.token())).doesNotExist();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!"transformed".equals(w.string("SELECT status FROM feeds WHERE feed_id = '" + feed + "'"))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(w.string("SELECT status FROM feeds WHERE feed_id = '" + feed + "'"))
                .isEqualTo("transformed");
    }

    private String table(String name) {
        return w.string("SELECT COALESCE(string_agg(x, '|' ORDER BY x), '') FROM (SELECT CAST(t AS VARCHAR) AS x FROM "
                + name + " t) s");
    }

    private List<String> lake() throws IOException {
        try (var s = Files.walk(dir.resolve("lake/raw"))) {
            return s.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }

    private void drop(String name, String content) throws IOException {
        Path folder = w.properties.resolvedDropDir().resolve(D1.toString());
        Files.createDirectories(folder);
        Path f = folder.resolve(name);
        Files.writeString(f, content);
        Files.setLastModifiedTime(f, FileTime.from(Instant.now()));
    }
}
