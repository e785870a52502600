package io.stockroom.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.stockroom.StockroomProperties;
import io.stockroom.TestPostgres;
import io.stockroom.TestTrino;
import io.stockroom.TestWarehouse;
import io.stockroom.model.LakeModels;
import io.stockroom.model.ModelRunner;
import io.stockroom.pipeline.DailySteps;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daily run with Trino configured (docs/scale.md): the small chain's history is in the warehouse and, published once,
 * in the lake; the run of the next day loads its files, publishes the changed dates to the lake, runs the Trino marts
 * and the replenishment statistics there and the rest on the warehouse, and ends with the tables the same run builds
 * on DuckDB.
 */
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
                assertThat(SmallChain.content(pg.warehouse, table))
                        .as(table + " after the run with Trino and after the run on DuckDB")
                        .isEqualTo(reference.get(table));
            }
        }
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
