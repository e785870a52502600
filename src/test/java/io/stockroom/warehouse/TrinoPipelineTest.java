package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.BesideTheOtherClasses;
import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.ingest.FeedLoaded;
import io.stockroom.ingest.FeedResult;
import io.stockroom.ingest.FeedStatus;
import io.stockroom.ingest.IngestRequest;
import io.stockroom.ingest.UploadProperties;
import io.stockroom.ingest.UploadService;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunResult;
import io.stockroom.model.ModelRunner;
import io.stockroom.model.ModelTestResult;
import io.stockroom.model.ModelTiming;
import io.stockroom.pipeline.DailySteps;
import io.stockroom.pipeline.MartsOnFeedLoaded;
import io.stockroom.pipeline.PipelineService;
import io.stockroom.pipeline.RunResult;
import io.stockroom.pipeline.RunStore;
import io.stockroom.pipeline.Trigger;
import io.stockroom.replenish.LakeStatistics;
import io.stockroom.replenish.ObservedLeadTimeProperties;
import io.stockroom.replenish.ReplenishmentProperties;
import io.stockroom.replenish.ReplenishmentService;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daily run with Trino configured (docs/scale.md): the small chain's history is in the warehouse and, published once,
 * in the lake; the run of the next day loads its files, publishes the changed dates to the lake, runs the Trino marts
 * and the replenishment statistics there and the rest on the warehouse, and ends with the tables the same run builds
 * on DuckDB.
 */
@BesideTheOtherClasses
class TrinoPipelineTest {

    private static final LocalDate DAY = SmallChain.END.plusDays(1);

    @TempDir
    Path dir;

    @Test
    void aDailyRunPublishesItsFactsToTheLakeAndRunsTheMartsAndStatisticsOnTrino() throws Exception {
        TestTrino.assumeAvailable();
        List<String> compared = new ArrayList<>(LakeModels.ON_TRINO);
        compared.addAll(List.of("replenishment_lines", "demand_daily_stats", "mart_store_days"));
        Map<String, List<String>> reference = new LinkedHashMap<>();
        try (TestWarehouse duck =
                new TestWarehouse(dir.resolve("duck"), new StockroomProperties.Warehouse("duckdb", "1GB", 2))) {
            Files.createDirectories(dir.resolve("duck-files"));
            SmallChain.load(duck, dir.resolve("duck-files"));
            dropDay(duck);
            RunResult run = new PipelineService(
                            duck.ingest,
                            duck.contracts,
                            duck.warehouse,
                            new RunStore(duck.warehouse),
                            DailySteps.of(
                                    new ModelRunner(duck.warehouse),
                                    new ReplenishmentService(duck.warehouse, ReplenishmentProperties.defaults())),
                            duck.properties)
                    .run(DAY, Trigger.CLI);
            assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("succeeded");
            for (String table : compared) {
                reference.put(table, SmallChain.content(duck.warehouse, table));
            }
        }
        assertThat(reference.get("mart_sales_store_daily"))
                .anySatisfy(row -> assertThat(row).contains("business_date=" + DAY));
        assertThat(reference.get("replenishment_lines")).isNotEmpty();

        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Files.createDirectories(dir.resolve("pg-files"));
            SmallChain.load(pg, dir.resolve("pg-files"));
            Lake lake = new Lake(pg.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
            LakeModels onTrino = new LakeModels(pg.warehouse, lake);
            // switching a warehouse to Trino: its history published once, the Trino marts built from it
            LocalDate first = SmallChain.END.minusDays(SmallChain.DAYS - 1);
            for (String table : List.of("sales", "labour", "inventory")) {
                lake.replaceSlices(table, first, SmallChain.END);
            }
            onTrino.rebuildAll();
            dropDay(pg);

            RunResult run = new PipelineService(
                            pg.ingest,
                            pg.contracts,
                            pg.warehouse,
                            new RunStore(pg.warehouse),
                            DailySteps.withTrino(
                                    new ModelRunner(pg.warehouse),
                                    new ReplenishmentService(pg.warehouse, ReplenishmentProperties.defaults()),
                                    lake,
                                    onTrino,
                                    new LakeStatistics(
                                            pg.warehouse,
                                            lake,
                                            ReplenishmentProperties.defaults(),
                                            ObservedLeadTimeProperties.defaults())),
                            pg.properties)
                    .run(DAY, Trigger.CLI);
            run.stages()
                    .forEach(s -> System.out.printf(
                            "trino run stage %-14s %-10s %7d ms  %s%n",
                            s.name(), s.status(), s.durationMs(), s.detail()));
            assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo("succeeded");
            assertThat(run.stages())
                    .extracting(RunStore.Stage::name)
                    .containsSubsequence("lake", "models", "replenishment");
            assertThat(run.stages())
                    .filteredOn(s -> s.name().equals("models"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.detail()).contains("(" + LakeModels.ON_TRINO.size() + " on Trino)"));
            assertThat(lake.commits("sales", DAY))
                    .as("the day's sales committed to the lake, with the feed they came from")
                    .singleElement()
                    .satisfies(c -> assertThat(c.feedIds()).hasSize(1));
            for (String table : compared) {
                assertThat(SmallChain.content(pg.warehouse, onTrino, table))
                        .as(table + " after the run with Trino and after the run on DuckDB")
                        .isEqualTo(reference.get(table));
            }

            // 'stockroom models --rebuild' / '--test' on this deployment: the lake's marts rebuilt and tested where the
            // pages read them, not in the warehouse's copy (which a rebuild here used to fill and the tests to check,
            // empty)
            ModelRunner runner = new ModelRunner(pg.warehouse);
            long inLake = onTrino.read(
                            "SELECT COUNT(*) FROM mart_inventory_position_base", List.of(), (r, i) -> r.getLong(1))
                    .getFirst();
            ModelRunResult rebuilt = runner.rebuildAll(onTrino);
            assertThat(rebuilt.models())
                    .extracting(ModelTiming::name)
                    .contains("mart_inventory_position_base", "mart_sales_daily");
            assertThat(pg.count("SELECT COUNT(*) FROM mart_inventory_position_base"))
                    .as("the warehouse's unread copy")
                    .isZero();
            assertThat(onTrino.read(
                                    "SELECT COUNT(*) FROM mart_inventory_position_base",
                                    List.of(),
                                    (r, i) -> r.getLong(1))
                            .getFirst())
                    .isPositive()
                    .isEqualTo(inLake);
            for (String table : compared) {
                assertThat(SmallChain.content(pg.warehouse, onTrino, table))
                        .as(table + " after 'models --rebuild' with Trino")
                        .isEqualTo(reference.get(table));
            }
            List<ModelTestResult> tests = runner.test(null, onTrino);
            assertThat(tests).filteredOn(t -> !t.passed()).isEmpty();
            assertThat(tests).extracting(ModelTestResult::model).contains("mart_inventory_position_base");
        }
    }

    /**
     * Uploads through the batch API (as the web app's commit does) publish their facts to the lake and refresh the
     * Trino marts from it, as the daily run does: the marts then equal a full rebuild on Trino, so no later Trino
     * refresh or rebuild loses the upload. With Trino down, the upload still loads and the warehouse refreshes the marts
     * that do not read the lake's marts (the sales lines and positions, and the models over them wait for Trino); the
     * lake is listed as behind on that date until the next refresh on Trino publishes it and recomputes them.
     */
    @Test
    void anUploadPublishesItsFactsToTheLakeAndRefreshesTheTrinoMartsFromIt() throws Exception {
        TestTrino.assumeAvailable();
        StockroomProperties.Warehouse settings = TestPostgres.newWarehouse();
        try (TestWarehouse pg = new TestWarehouse(dir.resolve("pg"), settings)) {
            Files.createDirectories(dir.resolve("pg-files"));
            SmallChain.load(pg, dir.resolve("pg-files"));
            Lake lake = new Lake(pg.warehouse, TestTrino.settings("lake_" + settings.schema()), settings.schema());
            LakeModels onTrino = new LakeModels(pg.warehouse, lake);
            ModelRunner models = new ModelRunner(pg.warehouse);
            LocalDate first = SmallChain.END.minusDays(SmallChain.DAYS - 1);
            for (String table : List.of("sales", "labour", "inventory")) {
                lake.replaceSlices(table, first, SmallChain.END);
            }
            onTrino.rebuildAll();
            models.rebuildAll(java.util.Set.copyOf(onTrino.modelNames()));
            Map<String, List<String>> before = contents(pg, onTrino, LakeModels.ON_TRINO);

            // a late correction of one store-day's sales, pushed to the batch API
            LocalDate corrected = SmallChain.END.minusDays(3);
            MartsOnFeedLoaded marts = new MartsOnFeedLoaded(models, Optional.of(lake), Optional.of(onTrino));
            UploadService.Batch batch;
            try (UploadService uploads = uploads(pg, marts)) {
                batch = uploads.batch(salesBatch(corrected, 17));
            }
            assertThat(batch.result().loaded()).isTrue();
            assertThat(lake.commits("sales", corrected).getLast().feedIds())
                    .as("the upload's sales are in the lake's slice of its date")
                    .contains(batch.result().feedId());
            assertThat(lake.backlog().behind()).isEmpty();
            Map<String, List<String>> afterUpload = contents(pg, onTrino, LakeModels.ON_TRINO);
            assertThat(afterUpload.get("mart_sales_daily")).isNotEqualTo(before.get("mart_sales_daily"));
            onTrino.rebuildAll();
            assertThat(contents(pg, onTrino, LakeModels.ON_TRINO))
                    .as("after the upload, the Trino marts equal a full rebuild on Trino (from the lake)")
                    .isEqualTo(afterUpload);

            // a master data load outside a run (K1 moved to another category as of ten days back, as `stockroom ingest
            // --date` loads it): the Trino marts are refreshed on Trino for the dates the change touches, not on the
            // warehouse; Trino has seen the change, so its next refresh has nothing left to do
            List<String> categoriesBefore = SmallChain.content(pg.warehouse, "mart_sales_category_daily");
            Path products = dir.resolve("products_moved.csv");
            Files.writeString(
                    products,
                    "sku,name,department,category,unit_cost,unit_price\nK1,Item 1,Grocery,Tins,0.47,1.12\n",
                    StandardCharsets.UTF_8);
            FeedResult moved = pg.ingest.ingest(
                    products, IngestRequest.of("products.csv", "products", SmallChain.END.minusDays(10), "cli"));
            assertThat(moved.status()).isEqualTo(FeedStatus.TRANSFORMED);
            marts.refresh(new FeedLoaded(moved.feedId(), "products", moved.datesTouched()));
            assertThat(SmallChain.content(pg.warehouse, "mart_sales_category_daily"))
                    .as("the category roll-up shows K1 under its new category")
                    .isNotEqualTo(categoriesBefore);
            assertThat(onTrino.refresh(java.util.Set.of()).models())
                    .as("the upload's refresh ran on Trino: no master data change is left for Trino's next refresh")
                    .filteredOn(t -> t.name().equals("mart_sales_daily"))
                    .singleElement()
                    .satisfies(t -> assertThat(t.scope()).isEqualTo("none"));
            afterUpload = contents(pg, onTrino, LakeModels.ON_TRINO);
            onTrino.rebuildAll();
            assertThat(contents(pg, onTrino, LakeModels.ON_TRINO))
                    .as("after the master data upload, the Trino marts equal a full rebuild on Trino")
                    .isEqualTo(afterUpload);

            // Trino unreachable: the upload loads, the warehouse refreshes the marts, the lake is behind on the date
            LocalDate later = SmallChain.END.minusDays(1);
            TrinoSettings up = TestTrino.settings("lake_" + settings.schema());
            TrinoSettings down = TestTrino.unreachable(up);
            Lake unreachable = new Lake(pg.warehouse, down, settings.schema());
            MartsOnFeedLoaded withTrinoDown = new MartsOnFeedLoaded(
                    models, Optional.of(unreachable), Optional.of(new LakeModels(pg.warehouse, unreachable)));
            try (UploadService uploads = uploads(pg, withTrinoDown)) {
                batch = uploads.batch(salesBatch(later, 23));
            }
            assertThat(batch.result().loaded()).isTrue();
            assertThat(lake.backlog().behind())
                    .as("the quality API lists the date as lake not yet updated")
                    .isEqualTo(Map.of("sales", new java.util.TreeSet<>(List.of(later))));
            Map<String, List<String>> onWarehouse = contents(pg, onTrino, LakeModels.ON_TRINO);
            assertThat(onWarehouse.get("mart_quality_daily"))
                    .as("the marts that do not read the lake's marts show the upload all the same")
                    .isNotEqualTo(afterUpload.get("mart_quality_daily"));
            for (String table : onTrino.overLakeMarts()) {
                // the warehouse cannot compute them (its tables of the lake marts are empty): they wait for Trino,
                // rather than be recomputed from nothing
                assertThat(onWarehouse.get(table))
                        .as(table + " while Trino is down")
                        .isEqualTo(afterUpload.get(table));
            }

            // Trino back: the next refresh on Trino (a run, an upload, 'stockroom lake models') publishes the date
            // first
            onTrino.refresh(java.util.Set.of());
            assertThat(lake.backlog().behind()).isEmpty();
            assertThat(lake.commits("sales", later).getLast().feedIds())
                    .contains(batch.result().feedId());
            // the marts kept in the lake and the models over them show the upload once Trino is back and has
            // refreshed them, not while it is down; the others were right already
            Map<String, List<String>> refreshed = contents(pg, onTrino, LakeModels.ON_TRINO);
            for (String table : LakeModels.ON_TRINO) {
                if (!onTrino.overLakeMarts().contains(table)) {
                    assertThat(refreshed.get(table)).as(table).isEqualTo(onWarehouse.get(table));
                }
            }
            assertThat(refreshed.get("mart_sales_store_daily"))
                    .as("the sales roll-ups show the upload once Trino is back")
                    .isNotEqualTo(onWarehouse.get("mart_sales_store_daily"));
            onTrino.rebuildAll();
            assertThat(contents(pg, onTrino, LakeModels.ON_TRINO))
                    .as("a full rebuild on Trino keeps the upload made while Trino was down")
                    .isEqualTo(refreshed);
        }
    }

    private static UploadService uploads(TestWarehouse w, MartsOnFeedLoaded marts) {
        return new UploadService(
                w.ingest,
                new UploadProperties(java.time.Duration.ofHours(1), 20),
                w.warehouse,
                event -> marts.refresh((FeedLoaded) event));
    }

    /** A batch API body correcting store S1's sales of K1 on {@code date}. */
    private static java.io.InputStream salesBatch(LocalDate date, int units) {
        return json("""
                {"source_id": "till", "data_type": "sales", "data": [
                  {"store_id": "S1", "sku": "K1", "date": "%s", "units_sold": %d, "total_sales": %s,
                   "discount": 0, "transactions": %d}]}""".formatted(date, units, BigDecimal.valueOf(112L * units, 2), units));
    }

    private static java.io.InputStream json(String body) {
        return new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> contents(TestWarehouse w, LakeModels trino, List<String> tables) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : tables) {
            out.put(table, SmallChain.content(w.warehouse, trino, table));
        }
        return out;
    }

    /** The next day's sales, inventory and labour in the drop folder, as a store system would leave them. */
    private static void dropDay(TestWarehouse w) throws IOException {
        Path folder = w.properties.resolvedDropDir().resolve(DAY.toString());
        Files.createDirectories(folder);
        StringBuilder sales = new StringBuilder("store_id,sku,date,units_sold,total_sales,discount,transactions\n");
        StringBuilder inventory = new StringBuilder("store_id,sku,date,on_hand,on_order\n");
        StringBuilder labour = new StringBuilder("store_id,date,hours,labour_cost\n");
        for (int s = 1; s <= SmallChain.STORES; s++) {
            for (int k = 1; k <= SmallChain.SKUS; k++) {
                int units = (s * 3 + k * 5) % 7;
                if (units > 0) {
                    sales.append("S%d,K%d,%s,%d,%s,0,%d%n"
                            .formatted(s, k, DAY, units, BigDecimal.valueOf((99 + k * 13L) * units, 2), units));
                }
                inventory.append("S%d,K%d,%s,%d,0%n".formatted(s, k, DAY, (s * 7 + k * 2) % 11));
            }
            labour.append("S%d,%s,%d.5,%d.25%n".formatted(s, DAY, 40 + s, 410 + s * 30));
        }
        Files.writeString(folder.resolve("sales.csv"), sales, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("inventory.csv"), inventory, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("labour.csv"), labour, StandardCharsets.UTF_8);
    }
}
